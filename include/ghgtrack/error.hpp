// ghgtrack/error.hpp: the exception types ghgtrack throws.
//
// Every error derives from a <stdexcept> type so that callers can catch it
// generically and pybind11 maps it to the matching Python class
// (std::invalid_argument -> ValueError, std::out_of_range -> IndexError /
// KeyError via the Python layer, std::runtime_error -> RuntimeError).
// Messages say what was wrong and what would have been accepted; ghgtrack
// never turns an unknown into a silent zero or NaN.
#ifndef GHGTRACK_ERROR_HPP
#define GHGTRACK_ERROR_HPP

#include <stdexcept>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace ghgtrack {

/// A gas name that ghgtrack does not recognise. The message lists the known names.
class unknown_gas_error : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

/// A GWP metric identifier that ghgtrack does not recognise.
class unknown_metric_error : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

/// The metric exists but gives no value for this gas (e.g. NF3 under SAR, or
/// a basket such as "HFCs" whose CO2e cannot be turned back into a gas mass).
class missing_gwp_error : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

/// Input arrays whose shapes do not agree.
class shape_error : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

/// A label (year, sector, source, gas) asked for that the data does not have.
class unknown_label_error : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

/// Inventories that cannot be combined or compared (different years,
/// categories or GWP metrics), or an operation the data cannot support (e.g.
/// restating CO2e reported only for a basket of gases).
class incompatible_error : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

/// An argument whose value the function cannot accept (a rate of -100 % or
/// less, an ambiguous target change such as 67 where -0.67 was meant, a
/// negative thread count...). The message says what would be accepted.
class argument_error : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

/// The question has no answer for these inputs (a level a pathway never
/// reaches, a budget no constant rate can spend, a logarithm of zero in a
/// multiplicative index). Never reported as a silent NaN or infinity.
class no_solution_error : public std::domain_error {
public:
  using std::domain_error::domain_error;
};

/// A file that cannot be read or written (an I/O failure, not bad data).
/// The message names the file and what failed.
class io_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// The length of the well-formed UTF-8 sequence starting at s[i] (1-4), or
/// 0 when the bytes there are not valid UTF-8 (a stray continuation byte, a
/// truncated or overlong sequence, a surrogate, a code point above U+10FFFF).
inline std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  return n;
}

/// The offset of the first byte of `s` that is not valid UTF-8, or npos.
inline std::size_t invalid_utf8_at(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

/// Bad input data, with where it was: file (or other origin), row (1-based,
/// the header is row 1; 0 when the problem is the whole input), column name
/// and the offending value.
class input_error : public std::invalid_argument {
public:
  input_error(std::string origin, std::size_t row, std::string column, std::string value, const std::string& problem)
      : std::invalid_argument(format(origin, row, column, value, problem)), origin_(std::move(origin)), row_(row),
        column_(std::move(column)), value_(std::move(value)) {}

  const std::string& origin() const noexcept { return origin_; }
  std::size_t row() const noexcept { return row_; }
  const std::string& column() const noexcept { return column_; }
  const std::string& value() const noexcept { return value_; }

private:
  // Control bytes (a NUL in a binary file, say) and every byte that is not
  // part of valid UTF-8 (a cp1252 'ø', a stray byte) are shown as \xNN, so
  // the message stays one readable line of valid UTF-8: it survives C-string
  // interfaces and decodes in Python. `controls`: escape control bytes too
  // (not for the problem text, which ghgtrack words itself).
  static std::string printable(const std::string& s, bool controls = true) {
    std::string out;
    out.reserve(s.size());
    const char* hex = "0123456789ABCDEF";
    auto escape = [&](unsigned char c) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 0xF];
    };
    for (std::size_t i = 0; i < s.size();) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c < 0x80) {
        if (controls && (c < 0x20 || c == 0x7F))
          escape(c);
        else
          out += static_cast<char>(c);
        ++i;
        continue;
      }
      const std::size_t n = utf8_sequence_length(s, i);
      if (n == 0) {
        escape(c);
        ++i;
      } else {
        out.append(s, i, n);
        i += n;
      }
    }
    return out;
  }
  static std::string format(const std::string& origin, std::size_t row, const std::string& column,
                            const std::string& value, const std::string& problem) {
    std::string m = origin.empty() ? std::string("<input>") : printable(origin);
    if (row) m += ", row " + std::to_string(row);
    if (!column.empty()) m += ", column '" + printable(column) + "'";
    if (!value.empty() || row) m += ", value '" + printable(value) + "'";
    return m + ": " + printable(problem, false);
  }
  std::string origin_;
  std::size_t row_;
  std::string column_;
  std::string value_;
};

} // namespace ghgtrack

#endif
