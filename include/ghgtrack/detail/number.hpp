// ghgtrack/detail/number.hpp: decimal numbers as written in files (private).
//
// Accepted: plain C-locale numbers ("1234.5", "-1e3", "+7"), and Norwegian
// forms where unambiguous ("1 234,5", "1234,5", "-12,75", "1.234,5", with a
// space, no-break space or thin space between groups of 3 digits, and the
// U+2212 minus sign). NaN and infinities are refused: an input value must be
// a finite number.
//
// The one rule for a lone separator ('.' or ',', the only one in the number)
// that follows a group of 1-3 digits not starting with 0 and is followed by
// exactly 3 digits ("1.234", "1,234", "-12.500"): it could be a decimal mark
// or a thousands separator. The file's delimiter says which character is the
// decimal mark: with ',' (or tab) it is the point, with ';' (a spreadsheet
// export where the comma is the decimal mark) it is the comma. The decimal
// mark is read as one ("1.234" in a ','-file and "1,234" in a ';'-file are
// both 1.234); the other character in that position is refused as ambiguous,
// never guessed. Every other form is unambiguous and read the same whatever
// the delimiter ("1,5" and "1.5" are 1.5; "1234.567" and "0,125" are
// decimals, since "1234" and "0" cannot start a group of thousands).
#ifndef GHGTRACK_DETAIL_NUMBER_HPP
#define GHGTRACK_DETAIL_NUMBER_HPP

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>

namespace ghgtrack {
namespace detail {

inline std::string_view trim(std::string_view s) noexcept {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  // Most cells have nothing to trim: a byte above ' ' at both ends says so.
  if (s.empty() || (static_cast<unsigned char>(s.front()) > ' ' && static_cast<unsigned char>(s.back()) > ' '))
    return s;
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// True when `s` (trimmed, an optional sign) is 1-3 digits not starting with
/// 0, then `sep`, then exactly 3 digits, and nothing else: the form where
/// `sep` could be a decimal mark or a thousands separator.
inline bool could_group_thousands(std::string_view s, char sep) noexcept {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  if (s.size() < 5 || s.size() > 7) return false; // "1,234" to "123,456"
  const auto at = s.find(sep);
  if (at == std::string_view::npos || at == 0 || at > 3 || s.size() != at + 4 || s.front() == '0') return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (i != at && !is_digit(s[i])) return false;
  return true;
}

inline std::string ambiguous_number(std::string_view s, char delimiter) {
  const bool semi = delimiter == ';';
  return "ambiguous number: '" + std::string(s) + "' could be a decimal " + (semi ? "point" : "comma") +
         " or a thousands separator (in a " + (semi ? "';'" : "','") + "-separated file the decimal mark is the " +
         (semi ? "comma" : "point") + "); write it without the separator, or with a " + (semi ? "comma" : "point") +
         " as the decimal mark";
}

/// The common plain decimal ("-12", "636.96168732145", no exponent) when it
/// can be read exactly the quick way, else false (the caller uses
/// std::from_chars). With at most 2^53 as the digits' integer m and at most
/// 22 decimals k, m and 10^k are exact doubles, so the one division m / 10^k
/// is correctly rounded: the same double std::from_chars gives (Clinger,
/// "How to read floating point numbers accurately", PLDI 1990; the fast path
/// of fast_float too).
// Reads the 8 digits at `p` into `m` (m * 10^8 + their value), or returns
// false when one of the 8 bytes is not a digit (fast_float's eight-digit
// step: three multiplications instead of eight).
inline bool eight_digits(const char* p, std::uint64_t& m) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  if (((v & 0xF0F0F0F0F0F0F0F0ull) | (((v + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) >> 4)) !=
      0x3333333333333333ull)
    return false;
  v = (v & 0x0F0F0F0F0F0F0F0Full) * 2561 >> 8;
  v = (v & 0x00FF00FF00FF00FFull) * 6553601 >> 16;
  v = (v & 0x0000FFFF0000FFFFull) * 42949672960001ull >> 32;
  m = m * 100000000u + v;
  return true;
}

// The same for 4 digits (m * 10^4 + their value).
inline bool four_digits(const char* p, std::uint64_t& m) noexcept {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap32(v);
#endif
  if (((v & 0xF0F0F0F0u) | (((v + 0x06060606u) & 0xF0F0F0F0u) >> 4)) != 0x33333333u) return false;
  std::uint64_t x = v & 0x0F0F0F0Fu;
  x = (x * 2561) >> 8 & 0x00FF00FFu;   // byte 0: 10 d0 + d1; byte 2: 10 d2 + d3
  x = ((x * 6553601) >> 16) & 0xFFFFu; // 100 (10 d0 + d1) + 10 d2 + d3
  m = m * 10000u + x;
  return true;
}

// Digits from `p` to the first non-digit (or `e`) into `m`; returns the end.
inline const char* read_digits(const char* p, const char* e, std::uint64_t& m) noexcept {
  while (e - p >= 8 && eight_digits(p, m)) p += 8;
  if (e - p >= 4 && four_digits(p, m)) p += 4;
  for (; p != e && is_digit(*p); ++p) m = m * 10 + static_cast<unsigned>(*p - '0');
  return p;
}

inline bool parse_plain_decimal(const char* b, const char* e, double& out) noexcept {
  static constexpr double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                     1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  bool neg = false;
  if (b != e && (*b == '-' || *b == '+')) neg = *b++ == '-';
  std::uint64_t m = 0;
  int digits = 0, decimals = 0;
  const char* p = b;
  if (e - b > 20) return false; // at most 19 digits and a point: m cannot wrap around
  p = read_digits(p, e, m);
  digits = static_cast<int>(p - b);
  if (digits == 0 || digits > 19) return false;
  if (p != e) {
    if (*p != '.') return false;
    const char* d = ++p;
    p = read_digits(p, e, m);
    decimals = static_cast<int>(p - d);
    digits += decimals;
    if (p != e || decimals == 0 || digits > 19) return false;
  }
  if (m > (std::uint64_t{1} << 53) || decimals > 22) return false;
  const double v = static_cast<double>(m) / pow10[decimals];
  out = neg ? -v : v;
  return true;
}

/// Parses a decimal number; see the header comment for the accepted forms.
/// Returns an empty string on success, else what was wrong.
inline std::string parse_number(std::string_view s, char delimiter, double& out) {
  s = trim(s);
  if (s.empty()) return "the value is empty";
  // The lone-separator rule (header comment): the character that is not the
  // file's decimal mark is ambiguous in that position.
  if (could_group_thousands(s, delimiter == ';' ? '.' : ',')) return ambiguous_number(s, delimiter);
  {
    const char* b = s.data();
    const char* e = s.data() + s.size();
    if (*b == '+') ++b;
    if (b != s.data() && b != e && (*b == '-' || *b == '+')) return "not a number (two signs)";
    if (parse_plain_decimal(s.data(), e, out)) return {};
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
    plain[plain.find(',')] = '.'; // the ambiguous form was refused above
  } else if (commas == 1 && dots >= 1 && plain.find(',') > plain.rfind('.')) {
    // "1.234,5": points group thousands, the comma is the decimal mark; each
    // group after a point has 3 digits ("1.2,5" is not a number).
    std::size_t run = 0;
    bool first_group = true;
    for (std::size_t i = 0; i < plain.size() && plain[i] != ','; ++i) {
      if (plain[i] == '.') {
        if (first_group ? (run == 0 || run > 3) : run != 3) return "not a number (digit groups must have 3 digits)";
        first_group = false;
        run = 0;
      } else if (is_digit(plain[i])) {
        ++run;
      }
    }
    if (run != 3) return "not a number (digit groups must have 3 digits)";
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
  if (b != plain.data() && b != e && (*b == '-' || *b == '+')) return "not a number (two signs)";
  auto [p, ec] = std::from_chars(b, e, out);
  if (ec != std::errc() || p != e) return "not a number";
  if (!std::isfinite(out)) return "the value is not a finite number";
  return {};
}

} // namespace detail
} // namespace ghgtrack

#endif
