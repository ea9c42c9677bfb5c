// ghgtrack/inventory_builder.hpp: rows in, a canonical inventory out.
//
// Every way into an inventory goes through here: the tidy CSV reader (C++),
// and, through the Python binding, DataFrames, IAMC data, Miljødirektoratet's
// workbook and SSB's tables. A row's raw cells (text as in the file, or
// numbers a spreadsheet already typed) are checked by ONE function,
// detail::row_parser::parse, so every input error is an input_error naming
// origin, row, column and value, whichever reader found it.
//
// What a row may hold (the tidy columns, tidy_column_names):
//   year      a whole number in [min_year, max_year]
//   sector, source   non-empty text (surrounding spaces are dropped)
//   gas       any spelling gas.hpp parses
//   value     a finite number (detail/number.hpp: Norwegian forms too), a
//             notation key (NO, NE, IE, C, NA), or empty with a key in the
//             notation column
//   unit      a CO2e unit or the mass of the row's gas (co2e_units.hpp:
//             "kt CO2e/yr", "Gg CH4"); empty means t CO2e. A mass becomes
//             CO2e with the GWP of the row's metric, else the caller's;
//             without either it is an error (CO2 alone needs none)
//   metric    a GWP metric (gwp.hpp); one metric for the whole input
//   notation  a notation key or empty
//
// A single value added from C++ code is a units::co2e quantity, so a mass of
// a gas cannot be entered as CO2e (tests/compile_fail/builder_add_mass.cpp).
#ifndef GHGTRACK_INVENTORY_BUILDER_HPP
#define GHGTRACK_INVENTORY_BUILDER_HPP

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ghgtrack/co2e_units.hpp"
#include "ghgtrack/detail/category_interner.hpp"
#include "ghgtrack/detail/number.hpp"
#include "ghgtrack/detail/parallel.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/gas.hpp"
#include "ghgtrack/gwp.hpp"
#include "ghgtrack/inventory.hpp"
#include "ghgtrack/notation.hpp"
#include "ghgtrack/units.hpp"

namespace ghgtrack {

/// The columns of the tidy format, in the order the writer prints them.
enum class tidy_column : std::uint8_t { year, sector, source, gas, value, unit, metric, notation, count_ };
inline constexpr std::size_t tidy_column_count = static_cast<std::size_t>(tidy_column::count_);
/// Their names; the first five are required.
inline constexpr std::array<std::string_view, tidy_column_count> tidy_column_names{
    "year", "sector", "source", "gas", "value", "unit", "metric", "notation"};
inline constexpr std::size_t tidy_required_columns = 5;

/// Where each tidy column is among `header` (-1 when absent). Names match
/// ignoring case and surrounding spaces. Throws input_error (row 1) for an
/// unknown or repeated column or a missing required one.
inline std::array<int, tidy_column_count> tidy_layout(const std::vector<std::string_view>& header,
                                                      const std::string& origin) {
  std::array<int, tidy_column_count> at;
  at.fill(-1);
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string h(detail::trim(header[i]));
    for (auto& ch : h)
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    int found = -1;
    for (std::size_t k = 0; k < tidy_column_count; ++k)
      if (h == tidy_column_names[k]) found = static_cast<int>(k);
    if (found < 0)
      throw input_error(origin, 1, std::string(header[i]), std::string(header[i]),
                        "unknown column (expected: year, sector, source, gas, value, and optionally "
                        "unit, metric, notation)");
    if (at[static_cast<std::size_t>(found)] >= 0)
      throw input_error(origin, 1, std::string(header[i]), std::string(header[i]), "the column appears twice");
    at[static_cast<std::size_t>(found)] = static_cast<int>(i);
  }
  for (std::size_t k = 0; k < tidy_required_columns; ++k)
    if (at[k] < 0) {
      std::string seen;
      for (auto v : header) seen += (seen.empty() ? "" : ", ") + std::string(detail::trim(v));
      throw input_error(origin, 1, std::string(tidy_column_names[k]), "",
                        "required column '" + std::string(tidy_column_names[k]) + "' is missing (found: " + seen + ")");
    }
  return at;
}

/// One cell of an input row: its text as the file holds it, or a number a
/// spreadsheet or DataFrame already typed. No text and no number (or a NaN
/// number, pandas' "missing") is an empty cell.
struct input_cell {
  std::string_view text;
  std::optional<double> number;
  input_cell() = default;
  input_cell(std::string_view t) : text(t) {}   // NOLINT: a cell from text
  input_cell(const char* t) : text(t) {}        // NOLINT
  input_cell(const std::string& t) : text(t) {} // NOLINT
  input_cell(double v) : number(v) {}           // NOLINT: a typed number
  bool empty() const noexcept { return number ? std::isnan(*number) : detail::trim(text).empty(); }
};

/// The raw cells of one input row, in the tidy columns. `row` is the row in
/// the origin (1-based, the header is row 1; 0 when unknown).
struct input_row {
  std::size_t row = 0;
  input_cell year;
  std::string_view sector, source, gas;
  input_cell value;
  std::string_view unit, metric, notation;
  /// Set by a caller that has seen every byte of the row's text cells to be
  /// ASCII (the CSV reader checks whole lines as it splits them): the UTF-8
  /// check of each cell is then skipped, as it cannot fail.
  bool ascii = false;
};

/// The shortest text that reads back as `v` (std::to_chars), as error
/// messages and text cells show a typed number.
inline std::string number_to_text(double v) {
  char buf[32];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec; // 32 characters always hold the shortest round-trip form
  return std::string(buf, static_cast<std::size_t>(p - buf));
}

namespace detail {

/// One checked row, as collected by the builder (32 bytes: a file of 10
/// million rows keeps 320 MB here). `cat` is a category id of the interner
/// the row was parsed with; `value` is t CO2e, NaN for "no number".
struct collected_row {
  double value;
  std::size_t row;
  int cat;
  int year;
  gas g;
  notation key;
};

/// Rows collected elsewhere, for building: `id_map[row.cat]` is the
/// builder's category id (nullptr: the ids are the builder's already), and
/// `row_offset` is added to each row's `row`.
struct row_span {
  const collected_row* rows;
  std::size_t n;
  const int* id_map;
  std::size_t n_ids; // the size of id_map
  std::size_t row_offset;
};

inline constexpr int min_year = 1850;
inline constexpr int max_year = 2200;

inline std::string number_text(double v) { return number_to_text(v); }

inline std::string cell_text(const input_cell& c) {
  return c.number ? number_text(*c.number) : std::string(trim(c.text));
}

// The part of check_utf8 that finds and reports a bad byte (cold: files are
// UTF-8, and most of their text ASCII).
[[noreturn]] inline void throw_not_utf8(const std::string& origin, std::string_view t, std::size_t bad, std::size_t row,
                                        const char* column) {
  const auto b = static_cast<unsigned char>(t[bad]);
  const char* hex = "0123456789ABCDEF";
  const std::string byte = {'0', 'x', hex[b >> 4], hex[b & 0xF]};
  throw input_error(origin, row, column, std::string(t),
                    "the text is not UTF-8 (byte " + byte + " at position " + std::to_string(bad + 1) +
                        "); the file's encoding may be cp1252 or Latin-1: save it as UTF-8, or name the "
                        "encoding (Python: read_csv(path, encoding='cp1252'))");
}

/// Refuses text that is not valid UTF-8, naming the cell and the byte.
inline void check_utf8(const std::string& origin, std::string_view t, std::size_t row, const char* column) {
  // ASCII (the usual case) is checked 8 bytes at a time, the rest byte by byte.
  std::size_t i = 0;
  for (; i + 8 <= t.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, t.data() + i, 8);
    if (w & 0x8080808080808080ull) break;
  }
  unsigned char high = 0;
  for (std::size_t k = i; k < t.size(); ++k) high |= static_cast<unsigned char>(t[k]);
  if (!(high & 0x80)) return;
  const auto bad = invalid_utf8_at(t.substr(i));
  if (bad != std::string_view::npos) throw_not_utf8(origin, t, i + bad, row, column);
}

/// The checks every row passes, whatever it came from.
inline void check_row(const std::string& origin, std::string_view sector, std::string_view source, int year,
                      double value, notation key, std::size_t row) {
  if (sector.empty()) throw input_error(origin, row, "sector", "", "the sector is empty");
  if (source.empty()) throw input_error(origin, row, "source", "", "the source is empty");
  if (year < min_year || year > max_year)
    throw input_error(origin, row, "year", std::to_string(year),
                      "impossible year (accepted: " + std::to_string(min_year) + "-" + std::to_string(max_year) + ")");
  if (key == notation::value && !std::isfinite(value))
    throw input_error(origin, row, "value", number_text(value), "the value is not a finite number");
}

/// Turns raw rows into collected rows: THE row check of ghgtrack. Keeps
/// the last spelling of year, gas, unit and metric (files repeat them), and
/// the input's one GWP metric (the first one named; another one later is an
/// error). `delimiter` is the CSV delimiter the text came with: with ';' (or
/// for spreadsheet text) a single comma is a decimal mark.
class row_parser {
public:
  /// `given_metric`: the caller's metric, used for a mass of a gas in a row
  /// that names no metric of its own.
  row_parser(std::string origin, char delimiter, std::optional<metric> given_metric = std::nullopt)
      : origin_(std::move(origin)), delim_(delimiter), given_metric_(given_metric) {}

  collected_row parse(const input_row& r, category_interner& cats) {
    const std::size_t row = r.row;
    // Text must be UTF-8: a label in another encoding (cp1252's or
    // Latin-1's 'ø' is one byte, 0xF8) is refused here, when the file is
    // read, naming the cell and its bytes (never a label that fails later).
    if (!r.ascii) {
      check_utf8(origin_, r.sector, row, "sector");
      check_utf8(origin_, r.source, row, "source");
      check_utf8(origin_, r.gas, row, "gas");
      check_utf8(origin_, r.unit, row, "unit");
      check_utf8(origin_, r.metric, row, "metric");
      check_utf8(origin_, r.notation, row, "notation");
      if (!r.year.number) check_utf8(origin_, r.year.text, row, "year");
      if (!r.value.number) check_utf8(origin_, r.value.text, row, "value");
    }
    // year
    int year = 0;
    if (r.year.number) {
      const double y = *r.year.number;
      if (!std::isfinite(y) || y != std::floor(y) || std::fabs(y) > 1e9)
        throw input_error(origin_, row, "year", cell_text(r.year), "the year is not a whole number");
      year = static_cast<int>(y);
    } else {
      const auto ytxt = trim(r.year.text);
      // Up to 9 plain digits (no overflow) directly, anything else through from_chars.
      bool digits = !ytxt.empty() && ytxt.size() <= 9;
      for (std::size_t i = 0; digits && i < ytxt.size(); ++i) {
        digits = is_digit(ytxt[i]);
        year = year * 10 + (ytxt[i] - '0');
      }
      if (!digits) {
        auto [p, ec] = std::from_chars(ytxt.data(), ytxt.data() + ytxt.size(), year);
        if (ytxt.empty() || ec != std::errc() || p != ytxt.data() + ytxt.size())
          throw input_error(origin_, row, "year", std::string(ytxt), "the year is not a whole number");
      }
    }
    // gas
    if (!have_gas_ || !same_text(r.gas, gas_text_)) {
      try {
        gas_ = parse_gas(r.gas);
      } catch (const unknown_gas_error& e) {
        throw input_error(origin_, row, "gas", std::string(r.gas), e.what());
      }
      gas_text_.assign(r.gas);
      have_gas_ = true;
    }
    // unit
    if (!have_unit_ || !same_text(r.unit, unit_text_)) {
      const auto u = parse_unit(r.unit);
      if (!u)
        throw input_error(origin_, row, "unit", visible_bytes(r.unit),
                          "unknown unit (accepted: " + std::string(accepted_units) + ")");
      unit_ = *u;
      unit_text_.assign(r.unit);
      have_unit_ = true;
    }
    // metric
    const auto mtxt = trim(r.metric);
    if (!mtxt.empty() && !same_text(mtxt, metric_last_text_)) {
      metric m;
      try {
        m = parse_metric(mtxt);
      } catch (const unknown_metric_error& e) {
        throw input_error(origin_, row, "metric", std::string(mtxt), e.what());
      }
      metric_last_ = m;
      if (!metric_) {
        metric_ = m;
        metric_text_ = std::string(mtxt);
        metric_row_ = row;
      } else if (m != *metric_) {
        throw input_error(origin_, row, "metric", std::string(mtxt),
                          "mixed GWP metrics: row " + std::to_string(metric_row_) + " says " + metric_text_ +
                              "; restate one part first");
      }
      metric_last_text_.assign(mtxt);
    }
    // notation column
    notation key = notation::value;
    const auto ntxt = trim(r.notation);
    if (!ntxt.empty()) {
      const auto k = parse_notation(ntxt);
      if (!k || *k == notation::value)
        throw input_error(origin_, row, "notation", std::string(ntxt),
                          "unknown notation key (accepted: NO, NE, IE, C, NA)");
      key = *k;
    }
    // the factor to t CO2e: the unit's, times the GWP for a mass of a gas
    double scale = unit_.tonnes;
    if (unit_.mass_of) scale *= mass_gwp(r, row, mtxt.empty() ? given_metric_ : metric_last_);
    // value
    double value = std::numeric_limits<double>::quiet_NaN();
    const std::string_view vtxt = r.value.number ? std::string_view{} : trim(r.value.text);
    if (r.value.number ? std::isnan(*r.value.number) : vtxt.empty()) {
      if (key == notation::value)
        throw input_error(origin_, row, "value", "",
                          "the value is empty and no notation key says why (use NO, NE, IE, C or NA)");
    } else if (r.value.number) {
      value = *r.value.number;
      if (!std::isfinite(value))
        throw input_error(origin_, row, "value", number_text(value), "the value is not a finite number");
      value *= scale;
    } else {
      // A notation key starts with a letter; skip the lookup for numbers.
      const char c0 = vtxt.front();
      const bool maybe_key = (c0 >= 'A' && c0 <= 'Z') || (c0 >= 'a' && c0 <= 'z');
      if (std::optional<notation> k; maybe_key && (k = parse_notation(vtxt)) && key == notation::value) {
        key = *k; // a notation key written in the value column
      } else {
        const std::string err = parse_number(vtxt, delim_, value);
        if (!err.empty()) throw input_error(origin_, row, "value", std::string(vtxt), err);
        value *= scale;
      }
    }
    const auto sector = trim(r.sector);
    const auto source = trim(r.source);
    check_row(origin_, sector, source, year, value, key, row);
    return {value, row, cats.id(sector, source), year, gas_, key};
  }

  /// The input's GWP metric, if a row named one, with its spelling and row.
  const std::optional<metric>& gwp_metric() const noexcept { return metric_; }
  const std::string& metric_text() const noexcept { return metric_text_; }
  std::size_t metric_row() const noexcept { return metric_row_; }

private:
  // The GWP that turns the row's mass of a gas (unit_.mass_of) into CO2e
  // under metric `m` (the row's own, else the caller's). CO2 is 1 under any
  // metric; any other gas without a metric is an input_error, as is a unit
  // naming another gas than the gas column.
  double mass_gwp(const input_row& r, std::size_t row, std::optional<metric> m) const {
    const gas ug = *unit_.mass_of;
    if (ug != gas_)
      throw input_error(origin_, row, "unit", std::string(r.unit),
                        "the unit is a mass of " + std::string(name(ug)) + " but the gas column says " +
                            std::string(name(gas_)));
    if (ug == gas::co2) return 1.0; // the reference gas, by definition of CO2e
    if (!m)
      throw input_error(origin_, row, "unit", std::string(r.unit),
                        "a mass of " + std::string(name(ug)) +
                            " needs a GWP metric to become CO2e: name it in a metric column or pass metric= "
                            "(e.g. AR5GWP100)");
    try {
      return gwp(ug, *m);
    } catch (const missing_gwp_error& e) {
      throw input_error(origin_, row, "unit", std::string(r.unit), e.what());
    }
  }

  std::string origin_;
  char delim_;
  std::optional<metric> given_metric_;
  metric metric_last_ = metric::ar5_gwp100;
  // The last spelling of each cached field, owned: a field's view may point
  // into a buffer the next row reuses.
  std::string gas_text_, unit_text_, metric_last_text_;
  bool have_gas_ = false, have_unit_ = false;
  gas gas_ = gas::co2;
  parsed_unit unit_;
  std::optional<metric> metric_;
  std::string metric_text_;
  std::size_t metric_row_ = 0;
};

struct builder_access;

} // namespace detail

/// Collects rows in any order and builds a canonical inventory. Reports bad
/// rows as input_error with the origin and the row number each row carries.
class inventory_builder {
public:
  /// `gwp_metric`: the metric the CO2e values are on, when the caller knows
  /// it (rows naming another one are an error); `origin` names the input in
  /// error messages; `delimiter` as for detail::row_parser.
  explicit inventory_builder(std::optional<metric> gwp_metric = std::nullopt, std::string origin = {},
                             char delimiter = ',')
      : metric_(gwp_metric), origin_(origin), parser_(std::move(origin), delimiter, gwp_metric) {}

  static constexpr int min_year = detail::min_year;
  static constexpr int max_year = detail::max_year;

  void reserve(std::size_t n) { rows_.reserve(n); }

  /// Adds one reported amount of `g` in CO2e (a units::co2e quantity: a
  /// mass of gas does not compile; convert it with to_co2e, naming the
  /// metric). `row` locates it in error messages (0 if unknown).
  void add(std::string_view sector, std::string_view source, gas g, int year, units::co2e amount, std::size_t row = 0) {
    add_checked(sector, source, g, year, units::value_in(amount, units::tonne_co2e), notation::value, row);
  }

  /// Adds an entry with no number: a notation key saying why (NO, NE, ...).
  void add(std::string_view sector, std::string_view source, gas g, int year, notation key, std::size_t row = 0) {
    add_checked(sector, source, g, year, std::numeric_limits<double>::quiet_NaN(), key, row);
  }

  /// Adds an entry with a notation key and a known part of its amount (a
  /// merged cell that is partly NE, say).
  void add(std::string_view sector, std::string_view source, gas g, int year, units::co2e known_part, notation key,
           std::size_t row = 0) {
    add_checked(sector, source, g, year, units::value_in(known_part, units::tonne_co2e), key, row);
  }

  /// Adds one row of raw cells, checked by the one row check of ghgtrack
  /// (see the header comment). Throws input_error naming origin, row, column
  /// and value; a GWP metric in the row that differs from the builder's is
  /// an error too.
  void add_row(const input_row& r) {
    const detail::collected_row row = parser_.parse(r, cats_);
    if (parser_.gwp_metric() && !metric_checked_) {
      if (metric_ && *metric_ != *parser_.gwp_metric())
        throw input_error(origin_, parser_.metric_row(), "metric", parser_.metric_text(),
                          "the data say " + std::string(name(*parser_.gwp_metric())) + ", but " +
                              std::string(name(*metric_)) + " was given");
      metric_ = parser_.gwp_metric();
      metric_checked_ = true;
    }
    rows_.push_back(row);
  }

  /// The GWP metric the inventory will record.
  std::optional<metric> gwp_metric() const noexcept { return metric_; }

  std::size_t size() const noexcept { return rows_.size(); }

  /// Builds the inventory. Throws input_error on a duplicate entry (naming
  /// both rows). Cells of a (category, gas) that has rows in some years but
  /// not in others become notation::missing; never reported ones stay NA.
  inventory build() const {
    const detail::row_span all{rows_.data(), rows_.size(), nullptr, 0, 0};
    return build_from(&all, 1);
  }

private:
  friend struct detail::builder_access;

  void add_checked(std::string_view sector, std::string_view source, gas g, int year, double value, notation key,
                   std::size_t row) {
    sector = detail::trim(sector);
    source = detail::trim(source);
    detail::check_utf8(origin_, sector, row, "sector");
    detail::check_utf8(origin_, source, row, "source");
    detail::check_row(origin_, sector, source, year, value, key, row);
    rows_.push_back({value, row, cats_.id(sector, source), year, g, key});
  }

  // Builds from rows held in `n_spans` spans (the builder's own rows, or the
  // parts of a CSV file parsed apart), in span order as if they were one
  // list. `threads` as in detail/parallel.hpp; the result and the error
  // reported do not depend on it.
  inventory build_from(const detail::row_span* spans, std::size_t n_spans, unsigned threads = 1) const {
    const auto n_sp = static_cast<std::ptrdiff_t>(n_spans);
    // Canonical category order (files usually list them in it already).
    const std::vector<category>& all = cats_.categories();
    std::vector<int> order(all.size());
    std::iota(order.begin(), order.end(), 0);
    auto before = [&](int a, int b) { return all[static_cast<std::size_t>(a)] < all[static_cast<std::size_t>(b)]; };
    if (!std::is_sorted(order.begin(), order.end(), before)) std::sort(order.begin(), order.end(), before);
    std::vector<int> rank(all.size());
    std::vector<category> cats;
    cats.reserve(all.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      rank[static_cast<std::size_t>(order[i])] = static_cast<int>(i);
      cats.push_back(all[static_cast<std::size_t>(order[i])]);
    }
    // Gases and years seen (every row's year is in [min_year, max_year]).
    constexpr std::size_t n_year_slots = max_year - min_year + 1;
    std::vector<std::array<bool, gas_count + n_year_slots>> seen(n_spans);
    detail::parallel_parts(threads, n_sp, n_sp, [&](std::ptrdiff_t s, std::ptrdiff_t, std::ptrdiff_t) {
      const auto& sp = spans[s];
      auto& mine = seen[static_cast<std::size_t>(s)];
      mine.fill(false);
      for (std::size_t i = 0; i < sp.n; ++i) {
        mine[static_cast<std::size_t>(sp.rows[i].g)] = true;
        mine[gas_count + static_cast<std::size_t>(sp.rows[i].year - min_year)] = true;
      }
    });
    std::vector<std::size_t> span_start(n_spans + 1, 0); // position of each span's first row over all spans
    std::array<bool, gas_count + n_year_slots> any{};
    for (std::size_t s = 0; s < n_spans; ++s) {
      span_start[s + 1] = span_start[s] + spans[s].n;
      for (std::size_t k = 0; k < any.size(); ++k) any[k] = any[k] || seen[s][k];
    }
    if (span_start[n_spans] >= 0xFFFFFFFFu)
      throw argument_error("ghgtrack::inventory_builder: more than 4e9 rows (accepted: fewer)");
    std::vector<int> years;
    std::array<int, n_year_slots> year_slot{};
    for (std::size_t i = 0; i < n_year_slots; ++i)
      if (any[gas_count + i]) {
        year_slot[i] = static_cast<int>(years.size());
        years.push_back(min_year + static_cast<int>(i));
      }
    std::vector<gas> gases;
    std::array<int, gas_count> gas_slot{};
    for (std::size_t i = 0; i < gas_count; ++i)
      if (any[i]) {
        gas_slot[i] = static_cast<int>(gases.size());
        gases.push_back(static_cast<gas>(i));
      }
    const auto n_gases = static_cast<Eigen::Index>(gases.size());
    const auto n_years = static_cast<Eigen::Index>(years.size());
    const auto n_cells = static_cast<Eigen::Index>(cats.size()) * n_gases;
    // Row (1-based position over all spans) that filled each entry, for duplicates.
    std::vector<std::uint32_t> filled(static_cast<std::size_t>(n_cells * n_years), 0);
    Eigen::ArrayXXd vals = Eigen::ArrayXXd::Zero(n_cells, n_years);
    key_array keys = key_array::Constant(n_cells, n_years, static_cast<std::uint8_t>(notation::na));
    auto rank_of = [&](const detail::row_span& sp, const detail::collected_row& r) {
      return rank[static_cast<std::size_t>(sp.id_map ? sp.id_map[r.cat] : r.cat)];
    };
    // Puts row i of span s in its entry; false when the entry is filled already.
    auto place = [&](std::size_t s, std::size_t i) {
      const auto& r = spans[s].rows[i];
      const Eigen::Index cell = rank_of(spans[s], r) * n_gases + gas_slot[static_cast<std::size_t>(r.g)];
      const Eigen::Index y = year_slot[static_cast<std::size_t>(r.year - min_year)];
      auto& slot = filled[static_cast<std::size_t>(cell * n_years + y)];
      if (slot) return false;
      slot = static_cast<std::uint32_t>(span_start[s] + i + 1);
      vals(cell, y) = std::isfinite(r.value) ? r.value : 0.0;
      keys(cell, y) = static_cast<std::uint8_t>(r.key);
      return true;
    };
    // The one order that decides which row is the duplicate: all rows, in
    // order. Throws at the first entry given twice.
    auto place_in_order = [&] {
      std::fill(filled.begin(), filled.end(), 0u);
      for (std::size_t s = 0; s < n_spans; ++s)
        for (std::size_t i = 0; i < spans[s].n; ++i) {
          if (place(s, i)) continue;
          const auto& r = spans[s].rows[i];
          const auto& cat = cats[static_cast<std::size_t>(rank_of(spans[s], r))];
          const auto cell = rank_of(spans[s], r) * n_gases + gas_slot[static_cast<std::size_t>(r.g)];
          const auto y = year_slot[static_cast<std::size_t>(r.year - min_year)];
          std::size_t first = filled[static_cast<std::size_t>(cell * n_years + y)] - 1;
          const auto fs = static_cast<std::size_t>(std::upper_bound(span_start.begin(), span_start.end(), first) -
                                                   span_start.begin() - 1);
          first -= span_start[fs];
          throw input_error(origin_, r.row + spans[s].row_offset, "", "",
                            "duplicate entry for " + cat.sector + " / " + cat.source + " / " + std::string(name(r.g)) +
                                " / " + std::to_string(r.year) + " (first given in row " +
                                std::to_string(spans[fs].rows[first].row + spans[fs].row_offset) + ")");
        }
    };
    if (detail::resolve_threads(threads) <= 1 || n_spans <= 1) {
      place_in_order();
    } else {
      // In parallel: a span places the rows of the categories no other span
      // has (so no two threads write one entry); the rows of shared
      // categories follow, in order. Any duplicate: all again, in order.
      std::vector<int> owner(all.size(), -1); // span, or -2 when several have the category
      for (std::size_t s = 0; s < n_spans; ++s)
        for (std::size_t k = 0; k < spans[s].n_ids; ++k) {
          int& o = owner[static_cast<std::size_t>(spans[s].id_map[k])];
          o = (o == -1 || o == static_cast<int>(s)) ? static_cast<int>(s) : -2;
        }
      std::vector<std::vector<std::uint32_t>> shared(n_spans);
      std::vector<char> twice(n_spans, 0);
      detail::parallel_parts(threads, n_sp, n_sp, [&](std::ptrdiff_t sp, std::ptrdiff_t, std::ptrdiff_t) {
        const auto s = static_cast<std::size_t>(sp);
        for (std::size_t i = 0; i < spans[s].n; ++i) {
          const auto& r = spans[s].rows[i];
          if (owner[static_cast<std::size_t>(spans[s].id_map ? spans[s].id_map[r.cat] : r.cat)] < 0) {
            shared[s].push_back(static_cast<std::uint32_t>(i));
          } else if (!place(s, i)) {
            twice[s] = 1;
            return;
          }
        }
      });
      bool dup = std::find(twice.begin(), twice.end(), 1) != twice.end();
      for (std::size_t s = 0; s < n_spans && !dup; ++s)
        for (const auto i : shared[s])
          if (!place(s, i)) {
            dup = true;
            break;
          }
      if (dup) place_in_order(); // throws
    }
    detail::parallel_for(
        threads, n_cells,
        [&](std::ptrdiff_t b, std::ptrdiff_t e) {
          for (Eigen::Index cell = b; cell < e; ++cell) {
            bool any_year = false;
            for (Eigen::Index y = 0; y < n_years && !any_year; ++y)
              any_year = filled[static_cast<std::size_t>(cell * n_years + y)] != 0;
            if (!any_year) continue;
            for (Eigen::Index y = 0; y < n_years; ++y)
              if (!filled[static_cast<std::size_t>(cell * n_years + y)])
                keys(cell, y) = static_cast<std::uint8_t>(notation::missing);
          }
        },
        1 << 14);
    return inventory(std::move(cats), std::move(gases), std::move(years), metric_, std::move(vals), std::move(keys));
  }

  std::optional<metric> metric_;
  std::string origin_;
  detail::row_parser parser_;
  bool metric_checked_ = false;
  std::vector<detail::collected_row> rows_;
  detail::category_interner cats_;
};

namespace detail {
/// What the CSV reader needs of the builder: rows parsed in parallel chunks,
/// each with its own interner, appended in chunk order.
struct builder_access {
  static int category_id(inventory_builder& b, std::string_view sector, std::string_view source) {
    return b.cats_.id(sector, source);
  }
  /// Builds from rows parsed by row_parser in parts (each part with its own
  /// interner: see row_span), without first gathering them into one list.
  static inventory build(const inventory_builder& b, const std::vector<row_span>& spans, unsigned threads = 1) {
    return b.build_from(spans.data(), spans.size(), threads);
  }
};
} // namespace detail

} // namespace ghgtrack

#endif
