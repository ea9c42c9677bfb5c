// ghgtrack/csv_writer.hpp: writing the tidy (long) CSV format (csv_reader.hpp
// describes it).
//
// The writer prints each number in the shortest form that reads back to the
// same double (std::to_chars), so writing then reading is exact.
#ifndef GHGTRACK_CSV_WRITER_HPP
#define GHGTRACK_CSV_WRITER_HPP

#include <charconv>
#include <cstddef>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "ghgtrack/detail/atomic_file.hpp"
#include "ghgtrack/gas.hpp"
#include "ghgtrack/gwp.hpp"
#include "ghgtrack/inventory.hpp"
#include "ghgtrack/notation.hpp"

namespace ghgtrack {

namespace detail {
inline void write_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\n\r;") == std::string_view::npos) {
    out.append(s);
    return;
  }
  out.push_back('"');
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}
inline void write_double(std::string& out, double v) {
  char buf[32];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec; // 32 chars always suffice for the shortest round-trip form
  out.append(buf, static_cast<std::size_t>(p - buf));
}
} // namespace detail

/// Tidy CSV text of the inventory: every reported value and notation key
/// (structurally empty cells and `missing` gaps are not rows).
inline std::string write_csv_text(const inventory& inv) {
  std::string out = "year,sector,source,gas,value,unit,metric,notation\n";
  out.reserve(static_cast<std::size_t>(inv.values().size()) * 48 + out.size());
  const std::string metric_name = inv.gwp_metric() ? std::string(name(*inv.gwp_metric())) : "";
  for (Eigen::Index c = 0; c < inv.n_categories(); ++c) {
    const auto& cat = inv.categories()[static_cast<std::size_t>(c)];
    for (Eigen::Index g = 0; g < inv.n_gases(); ++g) {
      const auto gname = name(inv.gases()[static_cast<std::size_t>(g)]);
      for (Eigen::Index y = 0; y < inv.n_years(); ++y) {
        const auto k = inv.key(c, g, y);
        const double v = inv.value(c, g, y);
        if ((k == notation::na && v == 0.0) || (k == notation::missing && v == 0.0)) continue;
        out.append(std::to_string(inv.years()[static_cast<std::size_t>(y)]));
        out.push_back(',');
        detail::write_field(out, cat.sector);
        out.push_back(',');
        detail::write_field(out, cat.source);
        out.push_back(',');
        out.append(gname);
        out.push_back(',');
        if (k == notation::value || v != 0.0) detail::write_double(out, v);
        out.append(",t CO2e,");
        out.append(metric_name);
        out.push_back(',');
        if (k != notation::value) out.append(name(k));
        out.push_back('\n');
      }
    }
  }
  return out;
}

/// Writes the inventory as tidy CSV, atomically (a temporary file beside
/// `path`, then renamed). Throws io_error if the file cannot be written.
inline void write_csv(const inventory& inv, const std::string& path) {
  detail::write_file_atomically(path, write_csv_text(inv));
}

} // namespace ghgtrack

#endif
