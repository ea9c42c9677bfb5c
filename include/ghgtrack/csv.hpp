// ghgtrack/csv.hpp: the tidy (long) CSV format, read and written in C++.
//
// One row per entry:
//   year,sector,source,gas,value,unit,metric,notation
//   2009,Veitrafikk,Personbiler,CO2,361234.5,t CO2e,AR5GWP100,
//   2009,Jordbruk,Gjødselhåndtering,N2O,,t CO2e,AR5GWP100,NE
// Required columns: year, sector, source, gas, value. Optional: unit
// (t CO2e, kt CO2e, Mt CO2e, "1000 t CO2e"; default t CO2e), metric (one GWP
// metric for the whole file) and notation (NO, NE, IE, C, NA). Column names
// are matched ignoring case and surrounding spaces; an unknown column is an
// error, so no data is dropped silently.
//
// What the reader accepts, and why: a UTF-8 byte-order mark and CRLF line
// ends (spreadsheet exports); ',' ';' or tab as delimiter, found from the
// header; RFC 4180 quoting; Norwegian number formats where unambiguous
// ("1 234,5", "1234,5", "-12,75", with a space, no-break space or thin space
// between thousands), but "1,234" is refused as ambiguous; a notation key in
// the value column. Every error is an input_error naming origin, row (the
// header is row 1), column and value.
//
// The writer prints each number in the shortest form that reads back to the
// same double (std::to_chars), so writing then reading is exact.
#ifndef GHGTRACK_CSV_HPP
#define GHGTRACK_CSV_HPP

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <cstddef>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "ghgtrack/error.hpp"
#include "ghgtrack/gas.hpp"
#include "ghgtrack/gwp.hpp"
#include "ghgtrack/inventory.hpp"
#include "ghgtrack/notation.hpp"

namespace ghgtrack {
namespace detail {

inline std::string_view trim(std::string_view s) noexcept {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// Parses a decimal number; see the header comment for the accepted forms.
/// Returns an empty string on success, else what was wrong.
inline std::string parse_number(std::string_view s, char delimiter, double& out) {
  s = trim(s);
  if (s.empty()) return "the value is empty";
  {
    const char* b = s.data();
    const char* e = s.data() + s.size();
    if (*b == '+') ++b;
    auto [p, ec] = std::from_chars(b, e, out);
    if (ec == std::errc() && p == e) {
      if (!std::isfinite(out)) return "the value is not a finite number";
      return {};
    }
    if (ec == std::errc::result_out_of_range) return "the value is out of range";
  }
  // Slow path: local number formats. Build a plain ASCII form in `t`.
  std::string t;
  t.reserve(s.size());
  std::size_t commas = 0, dots = 0, groups = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (is_digit(static_cast<char>(c)) || c == '-' || c == '+' || c == 'e' || c == 'E') {
      t.push_back(static_cast<char>(c));
    } else if (c == ',') {
      ++commas;
      t.push_back(',');
    } else if (c == '.') {
      ++dots;
      t.push_back('.');
    } else if (c == ' ') {
      ++groups;
      t.push_back(' ');
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      ++groups; // no-break space
      t.push_back(' ');
      ++i;
    } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               static_cast<unsigned char>(s[i + 2]) == 0xAF) {
      ++groups; // narrow no-break (thin) space
      t.push_back(' ');
      i += 2;
    } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x88 &&
               static_cast<unsigned char>(s[i + 2]) == 0x92) {
      t.push_back('-'); // U+2212 minus sign
      i += 2;
    } else {
      return "not a number";
    }
  }
  // Thousands groups separated by spaces: every group after the first has 3 digits.
  std::string plain;
  if (groups) {
    std::size_t start = 0;
    bool first = true;
    while (start <= t.size()) {
      const auto sp = t.find(' ', start);
      const std::string part = t.substr(start, sp == std::string::npos ? std::string::npos : sp - start);
      if (!first) {
        std::size_t digits = 0;
        while (digits < part.size() && is_digit(part[digits])) ++digits;
        if (digits != 3) return "not a number (digit groups must have 3 digits)";
      }
      plain += part;
      first = false;
      if (sp == std::string::npos) break;
      start = sp + 1;
    }
  } else {
    plain = t;
  }
  if (commas == 1 && dots == 0) {
    const auto comma = plain.find(',');
    std::size_t after = 0;
    while (comma + 1 + after < plain.size() && is_digit(plain[comma + 1 + after])) ++after;
    const bool decimal = groups > 0 || delimiter == ';' || after != 3;
    if (!decimal)
      return "ambiguous number: '" + std::string(s) +
             "' could be a decimal comma or a thousands separator; write it without the comma or with a point";
    plain[comma] = '.';
  } else if (commas == 1 && dots >= 1 && plain.find(',') > plain.rfind('.')) {
    // "1.234,5": points group thousands, the comma is the decimal mark.
    std::string u;
    for (char c : plain)
      if (c != '.') u.push_back(c == ',' ? '.' : c);
    plain = u;
  } else if (commas > 0) {
    return "not a number";
  }
  const char* b = plain.data();
  const char* e = plain.data() + plain.size();
  if (b != e && *b == '+') ++b;
  auto [p, ec] = std::from_chars(b, e, out);
  if (ec != std::errc() || p != e) return "not a number";
  if (!std::isfinite(out)) return "the value is not a finite number";
  return {};
}

/// Splits CSV text into records of fields (RFC 4180 quoting).
class csv_cursor {
public:
  csv_cursor(std::string_view text, char delimiter) : text_(text), delim_(delimiter) {}

  /// Reads the next record into `fields`; false at the end. `line` is the
  /// 1-based line the record starts on. Throws input_error on an
  /// unterminated quote.
  bool next(std::vector<std::string_view>& fields, std::size_t& line, const std::string& origin) {
    fields.clear();
    // Skip blank lines.
    while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
      if (text_[pos_] == '\n') ++line_;
      ++pos_;
    }
    if (pos_ >= text_.size()) return false;
    line = line_;
    std::size_t field_no = 0;
    while (true) {
      if (pos_ < text_.size() && text_[pos_] == '"') {
        const std::size_t start_line = line_;
        ++pos_;
        std::string& buf = scratch(field_no);
        buf.clear();
        while (true) {
          if (pos_ >= text_.size())
            throw input_error(origin, start_line, "", "",
                              "unterminated quoted field (the file may be truncated)");
          const char c = text_[pos_++];
          if (c == '"') {
            if (pos_ < text_.size() && text_[pos_] == '"') {
              buf.push_back('"');
              ++pos_;
            } else {
              break;
            }
          } else {
            if (c == '\n') ++line_;
            buf.push_back(c);
          }
        }
        fields.emplace_back(buf);
        // Allow spaces before the delimiter.
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\r')) ++pos_;
      } else {
        const std::size_t b = pos_;
        while (pos_ < text_.size() && text_[pos_] != delim_ && text_[pos_] != '\n') ++pos_;
        std::size_t e = pos_;
        if (e > b && text_[e - 1] == '\r') --e;
        fields.emplace_back(text_.data() + b, e - b);
      }
      ++field_no;
      if (pos_ >= text_.size()) return true;
      if (text_[pos_] == delim_) {
        ++pos_;
        if (pos_ >= text_.size()) { // trailing delimiter at end of text
          fields.emplace_back();
          return true;
        }
        continue;
      }
      if (text_[pos_] == '\n') {
        ++pos_;
        ++line_;
        return true;
      }
      throw input_error(origin, line_, "", "", "unexpected character after a quoted field");
    }
  }

private:
  std::string& scratch(std::size_t i) {
    // Owned storage for unescaped quoted fields; stable while a record is read.
    while (scratch_.size() <= i) scratch_.emplace_back();
    return scratch_[i];
  }
  std::string_view text_;
  char delim_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::vector<std::string> scratch_;
};

inline double unit_scale(std::string_view unit, const std::string& origin, std::size_t row) {
  const std::string u = normalize_name(unit);
  if (u.empty() || u == "tco2e" || u == "tco2eq" || u == "tonnesco2e" || u == "tonneco2e" ||
      u == "tonnco2ekvivalenter" || u == "tonnco2e")
    return 1.0;
  if (u == "ktco2e" || u == "ktco2eq" || u == "1000tco2e" || u == "1000tonnco2ekvivalenter")
    return 1e3;
  if (u == "mtco2e" || u == "mtco2eq") return 1e6;
  throw input_error(origin, row, "unit", std::string(unit),
                    "unknown unit (accepted: t CO2e, kt CO2e, Mt CO2e, 1000 t CO2e)");
}

} // namespace detail

/// Reads tidy CSV text. `origin` names the input in error messages.
inline inventory read_csv_text(std::string_view text, const std::string& origin = "<csv>") {
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
      static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF)
    text.remove_prefix(3);
  if (detail::trim(text).empty()) throw input_error(origin, 0, "", "", "the file is empty");

  // The delimiter is the candidate that splits the header line most.
  const auto header_end = text.find('\n');
  const std::string_view header_line = text.substr(0, header_end);
  char delim = ',';
  std::size_t best = 0;
  for (char cand : {',', ';', '\t'}) {
    std::size_t n = 0;
    bool quoted = false;
    for (char c : header_line) {
      if (c == '"') quoted = !quoted;
      else if (c == cand && !quoted) ++n;
    }
    if (n > best) {
      best = n;
      delim = cand;
    }
  }

  enum col { c_year, c_sector, c_source, c_gas, c_value, c_unit, c_metric, c_notation, c_count };
  static constexpr std::array<std::string_view, c_count> names{
      "year", "sector", "source", "gas", "value", "unit", "metric", "notation"};
  detail::csv_cursor cur(text, delim);
  std::vector<std::string_view> f;
  std::size_t line = 1;
  cur.next(f, line, origin);
  std::array<int, c_count> at;
  at.fill(-1);
  for (std::size_t i = 0; i < f.size(); ++i) {
    std::string h(detail::trim(f[i]));
    for (auto& ch : h)
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    int found = -1;
    for (std::size_t k = 0; k < c_count; ++k)
      if (h == names[k]) found = static_cast<int>(k);
    if (found < 0)
      throw input_error(origin, 1, std::string(f[i]), std::string(f[i]),
                        "unknown column (expected: year, sector, source, gas, value, and optionally "
                        "unit, metric, notation)");
    if (at[static_cast<std::size_t>(found)] >= 0)
      throw input_error(origin, 1, std::string(f[i]), std::string(f[i]), "the column appears twice");
    at[static_cast<std::size_t>(found)] = static_cast<int>(i);
  }
  for (std::size_t k = 0; k <= c_value; ++k)
    if (at[k] < 0) {
      std::string seen;
      for (auto v : f) seen += (seen.empty() ? "" : ", ") + std::string(detail::trim(v));
      throw input_error(origin, 1, std::string(names[k]), "",
                        "required column '" + std::string(names[k]) + "' is missing (found: " + seen + ")");
    }
  const std::size_t n_fields = f.size();

  std::optional<metric> file_metric;
  std::size_t metric_row = 0;
  std::string metric_text;
  inventory_builder builder(std::nullopt, origin);
  builder.reserve(text.size() / 48);

  std::string_view last_gas_text;
  gas last_gas = gas::co2;
  std::string_view last_unit_text;
  double last_scale = 1.0;
  bool any_metric_column = at[c_metric] >= 0;
  std::size_t rows = 0;
  auto field = [&](int k) -> std::string_view { return f[static_cast<std::size_t>(at[static_cast<std::size_t>(k)])]; };

  while (cur.next(f, line, origin)) {
    if (f.size() != n_fields)
      throw input_error(origin, line, "", "",
                        "expected " + std::to_string(n_fields) + " fields, found " + std::to_string(f.size()));
    ++rows;
    // year
    const auto ytxt = detail::trim(field(c_year));
    int year = 0;
    {
      auto [p, ec] = std::from_chars(ytxt.data(), ytxt.data() + ytxt.size(), year);
      if (ec != std::errc() || p != ytxt.data() + ytxt.size())
        throw input_error(origin, line, "year", std::string(ytxt), "the year is not a whole number");
    }
    // gas (cached: files list few gases)
    const auto gtxt = field(c_gas);
    if (gtxt != last_gas_text) {
      try {
        last_gas = parse_gas(gtxt);
      } catch (const unknown_gas_error& e) {
        throw input_error(origin, line, "gas", std::string(gtxt), e.what());
      }
      last_gas_text = gtxt;
    }
    // unit
    double scale = 1.0;
    if (at[c_unit] >= 0) {
      const auto utxt = field(c_unit);
      if (utxt != last_unit_text) {
        last_scale = detail::unit_scale(utxt, origin, line);
        last_unit_text = utxt;
      }
      scale = last_scale;
    }
    // metric: one for the whole file
    if (any_metric_column) {
      const auto mtxt = detail::trim(field(c_metric));
      if (!mtxt.empty()) {
        if (!file_metric) {
          try {
            file_metric = parse_metric(mtxt);
          } catch (const unknown_metric_error& e) {
            throw input_error(origin, line, "metric", std::string(mtxt), e.what());
          }
          metric_row = line;
          metric_text = std::string(mtxt);
        } else if (mtxt != metric_text) {
          metric m2;
          try {
            m2 = parse_metric(mtxt);
          } catch (const unknown_metric_error& e) {
            throw input_error(origin, line, "metric", std::string(mtxt), e.what());
          }
          if (m2 != *file_metric)
            throw input_error(origin, line, "metric", std::string(mtxt),
                              "mixed GWP metrics: row " + std::to_string(metric_row) + " says " +
                                  metric_text + "; restate one part first");
        }
      }
    }
    // value and notation
    notation key = notation::value;
    if (at[c_notation] >= 0) {
      const auto ntxt = detail::trim(field(c_notation));
      if (!ntxt.empty()) {
        const auto k = parse_notation(ntxt);
        if (!k || *k == notation::value)
          throw input_error(origin, line, "notation", std::string(ntxt),
                            "unknown notation key (accepted: NO, NE, IE, C, NA)");
        key = *k;
      }
    }
    const auto vtxt = detail::trim(field(c_value));
    double value = std::numeric_limits<double>::quiet_NaN();
    if (vtxt.empty()) {
      if (key == notation::value)
        throw input_error(origin, line, "value", "",
                          "the value is empty and no notation key says why (use NO, NE, IE, C or NA)");
    } else if (auto k = parse_notation(vtxt); k && key == notation::value) {
      key = *k; // a notation key written in the value column
    } else {
      const std::string err = detail::parse_number(vtxt, delim, value);
      if (!err.empty()) throw input_error(origin, line, "value", std::string(vtxt), err);
      value *= scale;
    }
    builder.add(detail::trim(field(c_sector)), detail::trim(field(c_source)), last_gas, year, value,
                 key, line);
  }
  if (rows == 0) throw input_error(origin, 0, "", "", "the file has a header but no data rows");
  builder.set_metric(file_metric);
  return builder.build();
}

/// Reads a tidy CSV file. Throws input_error naming the file.
inline inventory read_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw input_error(path, 0, "", "", "cannot open the file");
  std::string text;
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size > 0) {
    text.resize(static_cast<std::size_t>(size));
    in.seekg(0);
    in.read(text.data(), static_cast<std::streamsize>(size));
  }
  return read_csv_text(text, path);
}

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

/// Writes the inventory as tidy CSV. Throws std::runtime_error if the file
/// cannot be written.
inline void write_csv(const inventory& inv, const std::string& path) {
  const std::string text = write_csv_text(inv);
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("ghgtrack: cannot open '" + path + "' for writing");
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) throw std::runtime_error("ghgtrack: writing '" + path + "' failed");
}

} // namespace ghgtrack

#endif
