// ghgtrack/csv_reader.hpp: reading the tidy (long) CSV format.
//
// One row per entry:
//   year,sector,source,gas,value,unit,metric,notation
//   2009,Veitrafikk,Personbiler,CO2,361234.5,t CO2e,AR5GWP100,
//   2009,Jordbruk,Gjødselhåndtering,N2O,,t CO2e,AR5GWP100,NE
// Required columns: year, sector, source, gas, value. Optional: unit
// (co2e_units.hpp: CO2e or the row gas's mass; default t CO2e), metric (one GWP metric for the whole
// file) and notation (NO, NE, IE, C, NA). Column names are matched ignoring
// case and surrounding spaces; an unknown column is an error, so no data is
// dropped silently.
//
// What the reader accepts, and why: a UTF-8 byte-order mark and CRLF line
// ends (spreadsheet exports); ',' ';' or tab as delimiter, found from the
// header; RFC 4180 quoting; Norwegian number formats where unambiguous
// (detail/number.hpp); a notation key in the value column. Each row is
// checked by the builder's one row check (inventory_builder.hpp). Every
// error is an input_error naming origin, row (the header is row 1), column
// and value.
//
// Threads: `threads` (default 1) as everywhere in ghgtrack
// (detail/parallel.hpp): 1 starts no thread, 0 means one per hardware
// thread. A large unquoted body (4 MiB or more) is cut into parts of about
// 4 MiB (at most 64) at line ends that depend only on its size, never on
// `threads`, so the result and the error reported (the one at the earliest
// row) are the same for any thread count. The parts are read, and the
// inventory built, on up to `threads` threads; a file smaller than 8 MiB is
// one part, so there threads do not help.
//
// Speed (issue 12): each part's lines are numbered from 0 and put in place
// once the parts before it are counted (no serial pass over the text); a
// record is split 16 or 8 bytes at a time, which also tells whether it is
// all ASCII (then the per-cell UTF-8 check is skipped: it cannot fail);
// plain decimals are read by detail::parse_plain_decimal, exactly as
// std::from_chars reads them; the inventory is built straight from the
// parts, with no copy of the rows into one list.
#ifndef GHGTRACK_CSV_READER_HPP
#define GHGTRACK_CSV_READER_HPP

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <cerrno>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "ghgtrack/detail/category_interner.hpp"
#include "ghgtrack/detail/csv_tokenizer.hpp"
#include "ghgtrack/detail/number.hpp"
#include "ghgtrack/detail/parallel.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/gwp.hpp"
#include "ghgtrack/inventory.hpp"
#include "ghgtrack/inventory_builder.hpp"

namespace ghgtrack {
namespace detail {

// UTF-16 text (a spreadsheet's "Unicode text" export) as UTF-8. `big`:
// big-endian. Line numbers stay as they were (every '\n' is kept), so a bad
// code unit is reported at its row; an unpaired surrogate or an odd number of
// bytes is an input_error naming the encoding.
inline std::string utf16_to_utf8(std::string_view in, bool big, const std::string& origin) {
  const char* enc = big ? "UTF-16BE" : "UTF-16LE";
  std::string out;
  out.reserve(in.size() / 2 + 16);
  std::size_t row = 1;
  auto unit = [&](std::size_t i) {
    const auto a = static_cast<unsigned char>(in[i]);
    const auto b = static_cast<unsigned char>(in[i + 1]);
    return static_cast<std::uint32_t>(big ? (a << 8 | b) : (b << 8 | a));
  };
  auto bytes = [&](std::size_t i, std::size_t n) {
    std::string v;
    const char* hex = "0123456789ABCDEF";
    for (std::size_t k = i; k < i + n && k < in.size(); ++k) {
      const auto c = static_cast<unsigned char>(in[k]);
      v += "\\x";
      v += hex[c >> 4];
      v += hex[c & 0xF];
    }
    return v;
  };
  std::size_t i = 0;
  for (; i + 1 < in.size(); i += 2) {
    std::uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      const std::uint32_t lo = i + 3 < in.size() ? unit(i + 2) : 0;
      if (lo < 0xDC00 || lo > 0xDFFF)
        throw input_error(origin, row, "", bytes(i, 4),
                          std::string("the file is not valid ") + enc + " (an unpaired surrogate); save it as UTF-8");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      i += 2;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      throw input_error(origin, row, "", bytes(i, 2),
                        std::string("the file is not valid ") + enc + " (an unpaired surrogate); save it as UTF-8");
    }
    if (cp == '\n') ++row;
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  if (i < in.size())
    throw input_error(origin, row, "", bytes(i, 1),
                      std::string("the file is not valid ") + enc + " (an odd number of bytes: truncated?)");
  return out;
}

// The UTF-16 variant of `text` (0: not UTF-16; 1: little-endian; 2: big-
// endian) and the length of its byte-order mark. Without a mark, UTF-16 is
// recognised by its header: the column names are ASCII, so every other byte
// of the first characters is NUL.
inline int utf16_kind(std::string_view t, std::size_t& bom) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(t[k]); };
  bom = 0;
  if (t.size() >= 4 && b(0) == 0xFF && b(1) == 0xFE && b(2) == 0 && b(3) == 0) return -1; // UTF-32LE
  if (t.size() >= 4 && b(0) == 0 && b(1) == 0 && b(2) == 0xFE && b(3) == 0xFF) return -1; // UTF-32BE
  if (t.size() >= 2 && b(0) == 0xFF && b(1) == 0xFE) return bom = 2, 1;
  if (t.size() >= 2 && b(0) == 0xFE && b(1) == 0xFF) return bom = 2, 2;
  if (t.size() >= 6 && b(0) >= 0x20 && b(0) < 0x80 && b(1) == 0 && b(2) >= 0x20 && b(2) < 0x80 && b(3) == 0 &&
      b(5) == 0)
    return 1;
  if (t.size() >= 6 && b(0) == 0 && b(1) >= 0x20 && b(1) < 0x80 && b(2) == 0 && b(3) >= 0x20 && b(3) < 0x80 &&
      b(4) == 0)
    return 2;
  return 0;
}

struct csv_layout {
  char delim = ',';
  std::size_t n_fields = 0;
  std::array<int, tidy_column_count> at{};
};

// What one part of the body produced. Category ids are local to the part.
struct csv_chunk {
  std::vector<collected_row> rows;
  category_interner cats;
  std::string metric_text; // first metric named in the part
  std::size_t metric_row = 0;
  std::size_t rows_seen = 0;
  std::size_t lines = 0; // '\n' read (plain records only)
  std::exception_ptr error;
  std::size_t error_row = 0;
};

// Parses the records of `body` (which starts at line `first_line`) into `out`.
// `quoted` selects the RFC 4180 cursor; otherwise records are plain lines.
inline void parse_csv_rows(std::string_view body, std::size_t first_line, const csv_layout& lay, bool quoted,
                           const std::string& origin, csv_chunk& out,
                           std::optional<metric> given_metric = std::nullopt) {
  std::vector<std::string_view> fv(lay.n_fields + 1);
  std::vector<std::string_view> fq;
  row_parser parser(origin, lay.delim, given_metric);
  out.rows.reserve(body.size() / 40 + 16);
  csv_cursor cur(body, lay.delim, first_line);
  std::size_t pos = 0;
  std::size_t line = first_line;
  auto at = [&](tidy_column k) { return lay.at[static_cast<std::size_t>(k)]; };
  try {
    while (true) {
      const std::string_view* f = nullptr;
      std::size_t nf = 0, row = 0;
      bool ascii = false;
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
        const char* next = nullptr;
        nf = split_record(body.data() + pos, body.data() + body.size(), lay.delim, fv.data(), fv.size(), next, ascii);
        pos = static_cast<std::size_t>(next - body.data());
        row = line;
        if (next[-1] == '\n') ++line;
        f = fv.data();
      }
      if (nf != lay.n_fields)
        throw input_error(origin, row, "", "",
                          "expected " + std::to_string(lay.n_fields) + " fields, found " + std::to_string(nf));
      ++out.rows_seen;
      auto field = [&](tidy_column k) {
        const int i = at(k);
        return i < 0 ? std::string_view{} : f[static_cast<std::size_t>(i)];
      };
      input_row r;
      r.row = row;
      r.year = field(tidy_column::year);
      r.sector = field(tidy_column::sector);
      r.source = field(tidy_column::source);
      r.gas = field(tidy_column::gas);
      r.value = field(tidy_column::value);
      r.unit = field(tidy_column::unit);
      r.metric = field(tidy_column::metric);
      r.notation = field(tidy_column::notation);
      r.ascii = ascii;
      out.rows.push_back(parser.parse(r, out.cats));
    }
  } catch (const input_error& e) {
    out.error = std::current_exception();
    out.error_row = e.row();
  }
  out.lines = line - first_line;
  if (parser.gwp_metric()) {
    out.metric_text = parser.metric_text();
    out.metric_row = parser.metric_row();
  }
}

} // namespace detail

/// Reads tidy CSV text. `origin` names the input in error messages;
/// `threads` as in the header comment (default 1: no thread started);
/// `gwp_metric`: the metric the data are on when the caller knows it (it
/// turns gas masses such as "kt CH4" into CO2e in rows naming no metric; a
/// row naming another metric is an error).
inline inventory read_csv_text(std::string_view text, const std::string& origin = "<csv>", unsigned threads = 1,
                               std::optional<metric> gwp_metric = std::nullopt) {
  // Encodings: UTF-8 (with or without a byte-order mark) is read as it is;
  // UTF-16 (a byte-order mark, or NUL bytes between the header's ASCII
  // letters) is turned into UTF-8 first; UTF-32 is refused. Text that is not
  // valid UTF-8 (a cp1252 or Latin-1 file) is refused by the row check, at
  // the row and column of the first such cell.
  {
    std::size_t bom = 0;
    const int kind = detail::utf16_kind(text, bom);
    if (kind < 0)
      throw input_error(origin, 0, "", "", "the file is UTF-32 encoded (accepted: UTF-8, or UTF-16); save it as UTF-8");
    if (kind > 0) {
      const std::string utf8 = detail::utf16_to_utf8(text.substr(bom), kind == 2, origin);
      return read_csv_text(utf8, origin, threads, gwp_metric);
    }
  }
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF && static_cast<unsigned char>(text[1]) == 0xBB &&
      static_cast<unsigned char>(text[2]) == 0xBF)
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
      if (c == '"')
        quoted = !quoted;
      else if (c == cand && !quoted)
        ++n;
    }
    if (n > best) {
      best = n;
      lay.delim = cand;
    }
  }
  std::vector<std::string_view> f;
  std::size_t line = 1;
  detail::csv_cursor head(header_line, lay.delim);
  head.next(f, line, origin);
  lay.at = tidy_layout(f, origin);
  lay.n_fields = f.size();

  const std::string_view body = header_end == std::string_view::npos ? std::string_view{} : text.substr(header_end + 1);
  // Parts: a large body is cut into parts after a '\n', about one per 4 MiB
  // (up to 64: a number that depends on the size only, so the result does
  // not depend on threads). Each part numbers its lines from 0; its first
  // line is known once the parts before it have been read. A body with a
  // quote anywhere is read as one part (a quoted field may hold a '\n').
  std::size_t n_parts = 1;
  if (body.size() >= (std::size_t{4} << 20)) n_parts = std::min<std::size_t>(64, body.size() / (std::size_t{4} << 20));
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t c = 0; c < n_parts; ++c) {
    std::size_t end = c + 1 == n_parts ? body.size() : body.size() * (c + 1) / n_parts;
    if (end < body.size()) {
      const auto nl = body.find('\n', std::max(end, start));
      end = nl == std::string_view::npos ? body.size() : nl + 1;
    }
    if (end <= start && c + 1 < n_parts) continue;
    parts.push_back(body.substr(start, end - start));
    start = end;
  }
  std::vector<char> has_quote(parts.size(), 0);
  detail::parallel_parts(threads, static_cast<std::ptrdiff_t>(parts.size()), static_cast<std::ptrdiff_t>(parts.size()),
                         [&](std::ptrdiff_t p, std::ptrdiff_t, std::ptrdiff_t) {
                           const auto i = static_cast<std::size_t>(p);
                           has_quote[i] = parts[i].find('"') != std::string_view::npos;
                         });
  const bool quoted = std::find(has_quote.begin(), has_quote.end(), 1) != has_quote.end();
  if (quoted) parts.assign(1, body);
  std::vector<detail::csv_chunk> chunks(parts.size());
  detail::parallel_parts(threads, static_cast<std::ptrdiff_t>(parts.size()), static_cast<std::ptrdiff_t>(parts.size()),
                         [&](std::ptrdiff_t p, std::ptrdiff_t, std::ptrdiff_t) {
                           const auto i = static_cast<std::size_t>(p);
                           detail::parse_csv_rows(parts[i], 0, lay, quoted, origin, chunks[i], gwp_metric);
                         });
  // The earliest problem wins: an error inside a part, or a metric that
  // differs from the first part's. Parts are in file order, so the first
  // part with an error holds the earliest error of its own and later parts;
  // it is read again, numbered from its first line, for its message.
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
  std::vector<std::size_t> first_lines(chunks.size());
  std::size_t first = 2; // the header is line 1
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    auto& ch = chunks[i];
    first_lines[i] = first;
    if (!ch.metric_text.empty()) { // the first metric the part names (before its error, if any)
      const metric m = parse_metric(ch.metric_text);
      const std::size_t row = ch.metric_row + first;
      if (!file_metric) {
        file_metric = m;
        metric_text = ch.metric_text;
        metric_row = row;
      } else if (m != *file_metric) {
        consider(std::make_exception_ptr(input_error(origin, row, "metric", ch.metric_text,
                                                     "mixed GWP metrics: row " + std::to_string(metric_row) + " says " +
                                                         metric_text + "; restate one part first")),
                 row);
      }
    }
    if (ch.error) {
      detail::csv_chunk again;
      detail::parse_csv_rows(parts[i], first, lay, quoted, origin, again, gwp_metric);
      consider(again.error ? again.error : ch.error, again.error ? again.error_row : ch.error_row + first);
      break;
    }
    rows_seen += ch.rows_seen;
    first += ch.lines;
  }
  if (error) std::rethrow_exception(error);
  if (rows_seen == 0) throw input_error(origin, 0, "", "", "the file has a header but no data rows");
  if (gwp_metric && file_metric && *gwp_metric != *file_metric)
    throw input_error(origin, metric_row, "metric", metric_text,
                      "the data say " + std::string(name(*file_metric)) + ", but " + std::string(name(*gwp_metric)) +
                          " was given");
  inventory_builder builder(file_metric ? file_metric : gwp_metric, origin, lay.delim);
  std::vector<std::vector<int>> id_maps(chunks.size());
  std::vector<detail::row_span> spans;
  spans.reserve(chunks.size());
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const auto& cats = chunks[i].cats.categories();
    id_maps[i].resize(cats.size());
    for (std::size_t k = 0; k < cats.size(); ++k)
      id_maps[i][k] = detail::builder_access::category_id(builder, cats[k].sector, cats[k].source);
    spans.push_back(
        {chunks[i].rows.data(), chunks[i].rows.size(), id_maps[i].data(), id_maps[i].size(), first_lines[i]});
  }
  return detail::builder_access::build(builder, spans, threads);
}

/// Reads a tidy CSV file. Throws input_error naming the file. On POSIX
/// systems the file is memory-mapped (read in place from the page cache).
/// `threads` and `gwp_metric` as for read_csv_text.
inline inventory read_csv(const std::string& path, unsigned threads = 1,
                          std::optional<metric> gwp_metric = std::nullopt) {
#if defined(__unix__) || defined(__APPLE__)
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) throw input_error(path, 0, "", "", "cannot open the file");
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    throw input_error(path, 0, "", "", "cannot read the file's size");
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  if (!S_ISREG(st.st_mode) || size == 0) {
    // A pipe, a terminal, or a file whose size the system reports as 0
    // (under /proc, say): st_size says nothing, read until the end.
    std::string text;
    char buf[1 << 16];
    while (true) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0) {
        if (errno == EINTR) continue;
        ::close(fd);
        throw input_error(path, 0, "", "", "cannot read the file");
      }
      if (n == 0) break;
      text.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return read_csv_text(text, path, threads, gwp_metric);
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) throw input_error(path, 0, "", "", "cannot map the file into memory");
  struct unmap {
    void* p;
    std::size_t n;
    ~unmap() { ::munmap(p, n); }
  } guard{map, size};
  return read_csv_text(std::string_view(static_cast<const char*>(map), size), path, threads, gwp_metric);
#else
  std::ifstream in(path, std::ios::binary);
  if (!in) throw input_error(path, 0, "", "", "cannot open the file");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return read_csv_text(text, path, threads, gwp_metric);
#endif
}

} // namespace ghgtrack

#endif
