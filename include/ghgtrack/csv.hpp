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
#include <algorithm>
#include <charconv>
#include <cstring>
#include <deque>
#include <exception>
#include <thread>
#include <unordered_map>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <cstddef>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

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
  csv_cursor(std::string_view text, char delimiter, std::size_t first_line = 1)
      : text_(text), delim_(delimiter), line_(first_line) {}

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
    // Owned storage for unescaped quoted fields. A deque never moves its
    // elements when it grows, so views into earlier fields stay valid.
    while (scratch_.size() <= i) scratch_.emplace_back();
    return scratch_[i];
  }
  std::string_view text_;
  char delim_;
  std::size_t pos_ = 0;
  std::size_t line_;
  std::deque<std::string> scratch_;
};

/// The factor to t CO2e of a unit spelling ("t CO2e", "kt CO2e/yr",
/// "1000 tonn CO2-ekvivalenter", ...); empty for anything else. The one
/// table of CO2e units, shared by the CSV reader and the Python readers.
inline std::optional<double> co2e_unit_scale(std::string_view unit) {
  std::string u = normalize_name(unit);
  for (const char* per_year : {"yr", "year"}) { // "/yr", "per year"
    const std::string_view suffix(per_year);
    if (u.size() > suffix.size() && u.compare(u.size() - suffix.size(), suffix.size(), suffix) == 0 &&
        u.find("co2e") != std::string::npos) {
      u.resize(u.size() - suffix.size());
      if (u.size() > 3 && u.compare(u.size() - 3, 3, "per") == 0) u.resize(u.size() - 3);
      break;
    }
  }
  if (u.empty() || u == "tco2e" || u == "tco2eq" || u == "tonnesco2e" || u == "tonneco2e" ||
      u == "tonnco2ekvivalenter" || u == "tonnco2e")
    return 1.0;
  if (u == "ktco2e" || u == "ktco2eq" || u == "1000tco2e" || u == "1000tonnco2ekvivalenter") return 1e3;
  if (u == "mtco2e" || u == "mtco2eq") return 1e6;
  return std::nullopt;
}

inline double unit_scale(std::string_view unit, const std::string& origin, std::size_t row) {
  if (const auto s = co2e_unit_scale(unit)) return *s;
  throw input_error(origin, row, "unit", std::string(unit),
                    "unknown unit (accepted: t CO2e, kt CO2e, Mt CO2e, 1000 t CO2e)");
}

} // namespace detail

namespace detail {

enum csv_col { c_year, c_sector, c_source, c_gas, c_value, c_unit, c_metric, c_notation, c_count };

struct csv_layout {
  char delim = ',';
  std::size_t n_fields = 0;
  std::array<int, c_count> at{};
};

// What one chunk of rows produced. Category ids are local to the chunk.
struct csv_chunk {
  std::vector<inventory_builder::entry> rows;
  category_interner cats;
  std::string metric_text; // first non-empty metric of the chunk
  std::size_t metric_row = 0;
  std::size_t rows_seen = 0;
  std::exception_ptr error;
  std::size_t error_row = 0;
};

// Splits an unquoted record [b, e) into fields; returns the count (which may
// exceed `max`: the caller reports the mismatch).
inline std::size_t split_plain(const char* b, const char* e, char delim, std::string_view* out,
                               std::size_t max) {
  std::size_t n = 0;
  const char* f = b;
  for (const char* p = b;; ++p) {
    if (p == e || *p == delim) {
      if (n < max) out[n] = std::string_view(f, static_cast<std::size_t>(p - f));
      ++n;
      if (p == e) break;
      f = p + 1;
    }
  }
  return n;
}

// Parses the records of `body` (which starts at line `first_line`) into `out`.
// `quoted` selects the RFC 4180 cursor; otherwise records are plain lines.
inline void parse_csv_rows(std::string_view body, std::size_t first_line, const csv_layout& lay,
                           bool quoted, const std::string& origin, csv_chunk& out) {
  std::vector<std::string_view> fv(lay.n_fields + 1);
  std::vector<std::string_view> fq;
  // The last spelling of each cached field, owned: a field's view may point
  // into the cursor's buffer for quoted fields, which the next record reuses.
  std::string last_year_text, last_gas_text, last_unit_text, last_metric_text;
  bool have_year = false, have_gas = false, have_unit = false;
  int last_year = 0;
  gas last_gas = gas::co2;
  double last_scale = 1.0;
  metric chunk_metric = metric::ar5_gwp100;
  bool have_metric = false;
  out.rows.reserve(body.size() / 40 + 16);
  csv_cursor cur(body, lay.delim, first_line);
  std::size_t pos = 0;
  std::size_t line = first_line;
  auto at = [&](int k) { return lay.at[static_cast<std::size_t>(k)]; };
  try {
    while (true) {
      const std::string_view* f = nullptr;
      std::size_t nf = 0, row = 0;
      if (quoted) {
        std::size_t rline = 0;
        if (!cur.next(fq, rline, origin)) break;
        row = rline;
        f = fq.data();
        nf = fq.size();
      } else {
        while (pos < body.size() && (body[pos] == '\n' || body[pos] == '\r')) {
          if (body[pos] == '\n') ++line;
          ++pos;
        }
        if (pos >= body.size()) break;
        const char* b = body.data() + pos;
        const void* nl = std::memchr(b, '\n', body.size() - pos);
        const char* e = nl ? static_cast<const char*>(nl) : body.data() + body.size();
        pos = static_cast<std::size_t>(e - body.data()) + (nl ? 1 : 0);
        row = line;
        if (nl) ++line;
        const char* ee = (e > b && e[-1] == '\r') ? e - 1 : e;
        nf = split_plain(b, ee, lay.delim, fv.data(), fv.size());
        f = fv.data();
      }
      if (nf != lay.n_fields)
        throw input_error(origin, row, "", "",
                          "expected " + std::to_string(lay.n_fields) + " fields, found " + std::to_string(nf));
      ++out.rows_seen;
      auto field = [&](int k) { return f[static_cast<std::size_t>(at(k))]; };
      // year (cached: years repeat)
      const auto ytxt = trim(field(c_year));
      if (!have_year || ytxt != last_year_text) {
        auto [p, ec] = std::from_chars(ytxt.data(), ytxt.data() + ytxt.size(), last_year);
        if (ec != std::errc() || p != ytxt.data() + ytxt.size())
          throw input_error(origin, row, "year", std::string(ytxt), "the year is not a whole number");
        last_year_text.assign(ytxt);
        have_year = true;
      }
      // gas (cached: files list few gases)
      const auto gtxt = field(c_gas);
      if (!have_gas || gtxt != last_gas_text) {
        try {
          last_gas = parse_gas(gtxt);
        } catch (const unknown_gas_error& e) {
          throw input_error(origin, row, "gas", std::string(gtxt), e.what());
        }
        last_gas_text.assign(gtxt);
        have_gas = true;
      }
      double scale = 1.0;
      if (at(c_unit) >= 0) {
        const auto utxt = field(c_unit);
        if (!have_unit || utxt != last_unit_text) {
          last_scale = unit_scale(utxt, origin, row);
          last_unit_text.assign(utxt);
          have_unit = true;
        }
        scale = last_scale;
      }
      if (at(c_metric) >= 0) {
        const auto mtxt = trim(field(c_metric));
        if (!mtxt.empty() && mtxt != last_metric_text) {
          metric m;
          try {
            m = parse_metric(mtxt);
          } catch (const unknown_metric_error& e) {
            throw input_error(origin, row, "metric", std::string(mtxt), e.what());
          }
          if (!have_metric) {
            chunk_metric = m;
            have_metric = true;
            out.metric_text = std::string(mtxt);
            out.metric_row = row;
          } else if (m != chunk_metric) {
            throw input_error(origin, row, "metric", std::string(mtxt),
                              "mixed GWP metrics: row " + std::to_string(out.metric_row) + " says " +
                                  out.metric_text + "; restate one part first");
          }
          last_metric_text.assign(mtxt);
        }
      }
      notation key = notation::value;
      if (at(c_notation) >= 0) {
        const auto ntxt = trim(field(c_notation));
        if (!ntxt.empty()) {
          const auto k = parse_notation(ntxt);
          if (!k || *k == notation::value)
            throw input_error(origin, row, "notation", std::string(ntxt),
                              "unknown notation key (accepted: NO, NE, IE, C, NA)");
          key = *k;
        }
      }
      const auto vtxt = trim(field(c_value));
      double value = std::numeric_limits<double>::quiet_NaN();
      if (vtxt.empty()) {
        if (key == notation::value)
          throw input_error(origin, row, "value", "",
                            "the value is empty and no notation key says why (use NO, NE, IE, C or NA)");
      } else if (auto k = parse_notation(vtxt); k && key == notation::value) {
        key = *k; // a notation key written in the value column
      } else {
        const std::string err = parse_number(vtxt, lay.delim, value);
        if (!err.empty()) throw input_error(origin, row, "value", std::string(vtxt), err);
        value *= scale;
      }
      const auto sector = trim(field(c_sector));
      const auto source = trim(field(c_source));
      inventory_builder::check(origin, sector, source, last_year, value, key, row);
      const int cat = out.cats.id(sector, source); // local to the chunk
      out.rows.push_back({value, row, cat, last_year, last_gas, key});
    }
  } catch (const input_error& e) {
    out.error = std::current_exception();
    out.error_row = e.row();
  }
}

} // namespace detail

/// Reads tidy CSV text. `origin` names the input in error messages. Large
/// inputs without quoted fields are parsed on all cores, in chunks split at
/// line ends; the result and any error are the same as in one pass (the
/// error reported is the one at the earliest row).
inline inventory read_csv_text(std::string_view text, const std::string& origin = "<csv>") {
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
      static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF)
    text.remove_prefix(3);
  if (detail::trim(text).empty()) throw input_error(origin, 0, "", "", "the file is empty");

  // The delimiter is the candidate that splits the header line most.
  const auto header_end = text.find('\n');
  const std::string_view header_line = text.substr(0, header_end);
  detail::csv_layout lay;
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
      lay.delim = cand;
    }
  }
  static constexpr std::array<std::string_view, detail::c_count> names{
      "year", "sector", "source", "gas", "value", "unit", "metric", "notation"};
  std::vector<std::string_view> f;
  std::size_t line = 1;
  detail::csv_cursor head(header_line, lay.delim);
  head.next(f, line, origin);
  lay.at.fill(-1);
  for (std::size_t i = 0; i < f.size(); ++i) {
    std::string h(detail::trim(f[i]));
    for (auto& ch : h)
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    int found = -1;
    for (std::size_t k = 0; k < detail::c_count; ++k)
      if (h == names[k]) found = static_cast<int>(k);
    if (found < 0)
      throw input_error(origin, 1, std::string(f[i]), std::string(f[i]),
                        "unknown column (expected: year, sector, source, gas, value, and optionally "
                        "unit, metric, notation)");
    if (lay.at[static_cast<std::size_t>(found)] >= 0)
      throw input_error(origin, 1, std::string(f[i]), std::string(f[i]), "the column appears twice");
    lay.at[static_cast<std::size_t>(found)] = static_cast<int>(i);
  }
  for (std::size_t k = 0; k <= detail::c_value; ++k)
    if (lay.at[k] < 0) {
      std::string seen;
      for (auto v : f) seen += (seen.empty() ? "" : ", ") + std::string(detail::trim(v));
      throw input_error(origin, 1, std::string(names[k]), "",
                        "required column '" + std::string(names[k]) + "' is missing (found: " + seen + ")");
    }
  lay.n_fields = f.size();

  const std::string_view body =
      header_end == std::string_view::npos ? std::string_view{} : text.substr(header_end + 1);
  const bool quoted = body.find('"') != std::string_view::npos;
  // Chunks: one per core for large unquoted bodies, split after a '\n'.
  std::size_t n_chunks = 1;
  if (!quoted && body.size() >= (std::size_t{4} << 20))
    n_chunks = std::min<std::size_t>(4, std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::string_view> parts;
  std::vector<std::size_t> first_lines;
  std::size_t start = 0, first = 2;
  for (std::size_t c = 0; c < n_chunks; ++c) {
    std::size_t end = c + 1 == n_chunks ? body.size() : body.size() * (c + 1) / n_chunks;
    if (end < body.size()) {
      const auto nl = body.find('\n', std::max(end, start));
      end = nl == std::string_view::npos ? body.size() : nl + 1;
    }
    if (end <= start && c + 1 < n_chunks) continue;
    parts.push_back(body.substr(start, end - start));
    first_lines.push_back(first);
    first += static_cast<std::size_t>(std::count(body.data() + start, body.data() + end, '\n'));
    start = end;
  }
  std::vector<detail::csv_chunk> chunks(parts.size());
  {
    std::vector<std::thread> pool;
    for (std::size_t c = 1; c < parts.size(); ++c)
      pool.emplace_back([&, c] { detail::parse_csv_rows(parts[c], first_lines[c], lay, quoted, origin, chunks[c]); });
    if (!parts.empty()) detail::parse_csv_rows(parts[0], first_lines[0], lay, quoted, origin, chunks[0]);
    for (auto& t : pool) t.join();
  }
  // The earliest problem wins: an error inside a chunk, or a metric that
  // differs from the first chunk's.
  std::exception_ptr error;
  std::size_t error_row = 0;
  auto consider = [&](std::exception_ptr e, std::size_t row) {
    if (e && (!error || row < error_row)) {
      error = e;
      error_row = row;
    }
  };
  std::optional<metric> file_metric;
  std::string metric_text;
  std::size_t metric_row = 0, rows_seen = 0;
  for (auto& ch : chunks) {
    consider(ch.error, ch.error_row);
    rows_seen += ch.rows_seen;
    if (ch.metric_text.empty()) continue;
    const metric m = parse_metric(ch.metric_text);
    if (!file_metric) {
      file_metric = m;
      metric_text = ch.metric_text;
      metric_row = ch.metric_row;
    } else if (m != *file_metric) {
      consider(std::make_exception_ptr(input_error(
                   origin, ch.metric_row, "metric", ch.metric_text,
                   "mixed GWP metrics: row " + std::to_string(metric_row) + " says " + metric_text +
                       "; restate one part first")),
               ch.metric_row);
    }
  }
  if (error) std::rethrow_exception(error);
  if (rows_seen == 0) throw input_error(origin, 0, "", "", "the file has a header but no data rows");
  inventory_builder builder(file_metric, origin);
  for (auto& ch : chunks) {
    const auto& cats = ch.cats.categories();
    std::vector<int> id_map(cats.size());
    for (std::size_t i = 0; i < cats.size(); ++i) id_map[i] = builder.category_id(cats[i].sector, cats[i].source);
    builder.append(std::move(ch.rows), id_map);
  }
  return builder.build();
}

/// Reads a tidy CSV file. Throws input_error naming the file. On POSIX
/// systems the file is memory-mapped (read in place from the page cache).
inline inventory read_csv(const std::string& path) {
#if defined(__unix__) || defined(__APPLE__)
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) throw input_error(path, 0, "", "", "cannot open the file");
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    throw input_error(path, 0, "", "", "cannot read the file's size");
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size == 0) {
    ::close(fd);
    return read_csv_text(std::string_view{}, path);
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) throw input_error(path, 0, "", "", "cannot map the file into memory");
  struct unmap {
    void* p;
    std::size_t n;
    ~unmap() { ::munmap(p, n); }
  } guard{map, size};
  return read_csv_text(std::string_view(static_cast<const char*>(map), size), path);
#else
  std::ifstream in(path, std::ios::binary);
  if (!in) throw input_error(path, 0, "", "", "cannot open the file");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return read_csv_text(text, path);
#endif
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
