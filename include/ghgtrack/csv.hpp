// ghgtrack/csv.hpp: the tidy (long) CSV format, read and written in C++.
//
// Umbrella for csv_reader.hpp (read_csv, read_csv_text) and csv_writer.hpp
// (write_csv, write_csv_text); the format is described in csv_reader.hpp.
#ifndef GHGTRACK_CSV_HPP
#define GHGTRACK_CSV_HPP

#include "ghgtrack/csv_reader.hpp"
#include "ghgtrack/csv_writer.hpp"

#endif
