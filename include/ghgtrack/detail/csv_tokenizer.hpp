// ghgtrack/detail/csv_tokenizer.hpp: splitting CSV text into records and
// fields (RFC 4180 quoting), for the tidy CSV reader (private).
#ifndef GHGTRACK_DETAIL_CSV_TOKENIZER_HPP
#define GHGTRACK_DETAIL_CSV_TOKENIZER_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "ghgtrack/error.hpp"

namespace ghgtrack {
namespace detail {

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
            throw input_error(origin, start_line, "", "", "unterminated quoted field (the file may be truncated)");
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

// 0x80 in each byte of `w` that equals the byte repeated in `pattern`, else
// 0 (exact: no carry crosses a byte, unlike the shorter has-zero-byte trick).
inline std::uint64_t equal_bytes(std::uint64_t w, std::uint64_t pattern) noexcept {
  constexpr std::uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
  const std::uint64_t x = w ^ pattern;
  return ~(((x & low7) + low7) | x | low7);
}

inline unsigned lowest_byte(std::uint64_t mask) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  return static_cast<unsigned>(__builtin_ctzll(mask)) / 8;
#else
  unsigned k = 0;
  while (!(mask & 0x80)) mask >>= 8, ++k;
  return k;
#endif
}

/// One unquoted record of a text without quotes: the record that starts at
/// `b` and ends at the first '\n' or `end`. Stores up to `max` fields in
/// `out` (a '\r' before the '\n' is not part of the last field) and returns
/// the number of fields (which may exceed `max`: the caller reports the
/// mismatch); `next` is where the following record starts (after the '\n',
/// or `end`); `ascii` is false when a byte of the record may be outside
/// ASCII. Reads 8 bytes at a time where 8 remain (little-endian byte order
/// for the positions; a big-endian machine takes the byte loop).
inline std::size_t split_record(const char* b, const char* end, char delim, std::string_view* out, std::size_t max,
                                const char*& next, bool& ascii) {
  std::size_t n = 0;
  const char* f = b;
  const char* p = b;
  std::uint64_t high = 0;
  auto field = [&](const char* e) {
    if (n < max) out[n] = std::string_view(f, static_cast<std::size_t>(e - f));
    ++n;
    f = e + 1;
  };
  auto finish = [&](const char* nl) { // the record ends at `nl` ('\n' or end)
    const char* e = (nl > f && nl[-1] == '\r') ? nl - 1 : nl;
    if (n < max) out[n] = std::string_view(f, static_cast<std::size_t>(e - f));
    ++n;
    next = nl == end ? end : nl + 1;
    ascii = !(high & 0x8080808080808080ull);
    return n;
  };
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#if defined(__GNUC__) // GCC and Clang: 16 bytes a step in the compiler's portable vector type
  typedef unsigned char bytes16 __attribute__((vector_size(16)));
  const bytes16 dvec = bytes16{} + static_cast<unsigned char>(delim);
  const bytes16 nvec = bytes16{} + static_cast<unsigned char>('\n');
  while (end - p >= 16) {
    bytes16 v;
    std::memcpy(&v, p, 16);
    const bytes16 hit = (v == dvec) | (v == nvec); // 0xFF in each matching byte
    std::uint64_t h[2], w[2];
    std::memcpy(h, &hit, 16);
    std::memcpy(w, &v, 16);
    high |= w[0] | w[1];
    for (int half = 0; half < 2; ++half) {
      std::uint64_t m = h[half] & 0x8080808080808080ull; // one bit a byte
      while (m) {
        const char* q = p + 8 * half + lowest_byte(m);
        if (*q == '\n') return finish(q);
        field(q);
        m &= m - 1;
      }
    }
    p += 16;
  }
#endif
  const std::uint64_t dpat = 0x0101010101010101ull * static_cast<unsigned char>(delim);
  const std::uint64_t npat = 0x0101010101010101ull * static_cast<unsigned char>('\n');
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    high |= w; // may include bytes of the next record: only ever too cautious
    std::uint64_t m = equal_bytes(w, dpat) | equal_bytes(w, npat);
    while (m) {
      const char* q = p + lowest_byte(m);
      if (*q == '\n') return finish(q);
      field(q);
      m &= m - 1;
    }
    p += 8;
  }
#endif
  for (; p < end; ++p) {
    high |= static_cast<unsigned char>(*p);
    if (*p == '\n') return finish(p);
    if (*p == delim) field(p);
  }
  return finish(end);
}

} // namespace detail
} // namespace ghgtrack

#endif
