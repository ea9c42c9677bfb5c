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
#include <vector>

#include "ghgtrack/aggregate.hpp"
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

/// Which entries (cells x years, as inventory::keys()) are rows of the tidy
/// form (1) and which are left out (0), so that reading the rows back gives
/// the same inventory: every value, notation key and unknown survives the
/// round trip (CSV, to_frame()). The reader re-creates `missing` for a gap
/// in a (category, gas) that has rows in other years, so such gaps are left
/// out; everything else is written:
///  - a number, or a notation key other than NA and missing (NO, NE, IE, C);
///  - `missing` when its (category, gas) has no other row (a source whose
///    only cells are MISSING would otherwise vanish, and with it the
///    inventory's incompleteness), or its year would have no row at all;
///  - NA (structurally empty) in a (category, gas) that has rows, which
///    would otherwise read back as missing. A (category, gas) with nothing
///    but NA is not a row (it was never reported), unless its category or
///    its gas would otherwise vanish: then the first such cell of that
///    category (or gas) is written, all years, as NA rows.
inline key_array tidy_row_mask(const inventory& inv) {
  const Eigen::Index nc = inv.n_cells(), ny = inv.n_years(), ng = inv.n_gases();
  const auto& keys = inv.keys();
  const auto& vals = inv.values();
  const auto na = static_cast<std::uint8_t>(notation::na);
  const auto missing = static_cast<std::uint8_t>(notation::missing);
  key_array row = key_array::Zero(nc, ny);
  std::vector<bool> cell_rows(static_cast<std::size_t>(nc), false);
  auto whole_cell = [&](Eigen::Index i) {
    row.row(i).setConstant(1);
    cell_rows[static_cast<std::size_t>(i)] = true;
  };
  for (Eigen::Index i = 0; i < nc; ++i)
    for (Eigen::Index y = 0; y < ny; ++y) {
      const std::uint8_t k = keys(i, y);
      if ((k != na && k != missing) || vals(i, y) != 0.0) {
        row(i, y) = 1;
        cell_rows[static_cast<std::size_t>(i)] = true;
      }
    }
  for (Eigen::Index i = 0; i < nc; ++i) // only missing (and NA): the missing ones are rows
    if (!cell_rows[static_cast<std::size_t>(i)])
      for (Eigen::Index y = 0; y < ny; ++y)
        if (keys(i, y) == missing) row(i, y) = 1, cell_rows[static_cast<std::size_t>(i)] = true;
  for (Eigen::Index c = 0; c < inv.n_categories(); ++c) { // a category with no row at all
    bool any = false;
    for (Eigen::Index g = 0; g < ng && !any; ++g) any = cell_rows[static_cast<std::size_t>(inv.cell(c, g))];
    if (!any && ng > 0) whole_cell(inv.cell(c, 0));
  }
  for (Eigen::Index g = 0; g < ng; ++g) { // a gas with no row at all
    bool any = false;
    for (Eigen::Index c = 0; c < inv.n_categories() && !any; ++c)
      any = cell_rows[static_cast<std::size_t>(inv.cell(c, g))];
    if (!any && inv.n_categories() > 0) whole_cell(inv.cell(0, g));
  }
  for (Eigen::Index i = 0; i < nc; ++i)
    if (cell_rows[static_cast<std::size_t>(i)])
      for (Eigen::Index y = 0; y < ny; ++y)
        if (keys(i, y) == na) row(i, y) = 1;
  for (Eigen::Index y = 0; y < ny; ++y) { // a year that only gaps would hold
    if ((row.col(y) != 0).any()) continue;
    for (Eigen::Index i = 0; i < nc; ++i)
      if (cell_rows[static_cast<std::size_t>(i)]) row(i, y) = 1;
  }
  return row;
}

/// Tidy CSV text of the inventory: the rows tidy_row_mask() selects (every
/// value and notation key; gaps the reader re-creates as `missing` are not
/// rows).
inline std::string write_csv_text(const inventory& inv) {
  std::string out = "year,sector,source,gas,value,unit,metric,notation\n";
  out.reserve(static_cast<std::size_t>(inv.values().size()) * 48 + out.size());
  const std::string metric_name = inv.gwp_metric() ? std::string(name(*inv.gwp_metric())) : "";
  const key_array rows = tidy_row_mask(inv);
  for (Eigen::Index c = 0; c < inv.n_categories(); ++c) {
    const auto& cat = inv.categories()[static_cast<std::size_t>(c)];
    for (Eigen::Index g = 0; g < inv.n_gases(); ++g) {
      const auto gname = name(inv.gases()[static_cast<std::size_t>(g)]);
      for (Eigen::Index y = 0; y < inv.n_years(); ++y) {
        if (!rows(inv.cell(c, g), y)) continue;
        const auto k = inv.key(c, g, y);
        const double v = inv.value(c, g, y);
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
