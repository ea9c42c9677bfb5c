// ghgtrack/detail/csv_tokenizer.hpp: splitting CSV text into records and
// fields (RFC 4180 quoting), for the tidy CSV reader (private).
#ifndef GHGTRACK_DETAIL_CSV_TOKENIZER_HPP
#define GHGTRACK_DETAIL_CSV_TOKENIZER_HPP

#include <cstddef>
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

// Splits an unquoted record [b, e) into fields; returns the count (which may
// exceed `max`: the caller reports the mismatch).
inline std::size_t split_plain(const char* b, const char* e, char delim, std::string_view* out, std::size_t max) {
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

} // namespace detail
} // namespace ghgtrack

#endif
