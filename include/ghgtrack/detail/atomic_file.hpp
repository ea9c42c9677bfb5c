// Writing a file atomically: the text goes to a temporary file beside the
// target, which is then renamed over it, so a reader never sees a half
// written file and a failed write leaves the old file as it was.
#ifndef GHGTRACK_DETAIL_ATOMIC_FILE_HPP
#define GHGTRACK_DETAIL_ATOMIC_FILE_HPP

#include <atomic>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

#include "ghgtrack/error.hpp"

namespace ghgtrack {
namespace detail {

/// A temporary name beside `path`, unique to this call (two writers of
/// the same file never share a temporary file).
inline std::string temporary_name(const std::string& path) {
  static std::atomic<unsigned long> counter{0};
  std::random_device rd;
  char buf[48];
  std::snprintf(buf, sizeof buf, ".tmp-%08x-%lu", static_cast<unsigned>(rd()), counter.fetch_add(1));
  return path + buf;
}

/// Writes `text` to `path` atomically (a temporary file beside it, then
/// rename): a failed or interrupted write never leaves a truncated `path`.
/// Throws io_error naming the file when it cannot be written; the temporary
/// file is removed then.
inline void write_file_atomically(const std::string& path, std::string_view text) {
  const std::string tmp = temporary_name(path);
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw io_error("ghgtrack: cannot open '" + tmp + "' for writing");
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) {
      out.close();
      std::remove(tmp.c_str());
      throw io_error("ghgtrack: writing '" + tmp + "' failed");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw io_error("ghgtrack: cannot rename '" + tmp + "' to '" + path + "'");
  }
}

} // namespace detail
} // namespace ghgtrack

#endif
