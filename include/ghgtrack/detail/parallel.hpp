// The one place where ghgtrack starts threads.
//
// Every parallel algorithm of the library takes an explicit thread count
// (`threads`), and passes it here. The documented default everywhere is 1:
// nothing starts a thread unless the caller asks. 0 means "one per hardware
// thread" (std::thread::hardware_concurrency()). Threads are started for the
// call and joined before it returns; there is no pool and no global state.
#ifndef GHGTRACK_DETAIL_PARALLEL_HPP
#define GHGTRACK_DETAIL_PARALLEL_HPP

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace ghgtrack {
namespace detail {

/// The number of threads a request for `threads` means: 0 is one per
/// hardware thread, anything else is taken as given (at least 1).
inline unsigned resolve_threads(unsigned threads) noexcept {
  if (threads == 0) return std::max(1u, std::thread::hardware_concurrency());
  return threads;
}

/// Calls fn(part, begin, end) for `parts` contiguous, nearly equal slices of
/// [0, n), on up to `threads` threads (the calling thread included). The
/// slicing depends only on n and `parts`, never on the thread count, so a
/// caller that combines per-part results in part order gets the same numbers
/// on any number of threads. The first exception thrown by any part is
/// rethrown after every thread has joined.
template <class Fn>
void parallel_parts(unsigned threads, std::ptrdiff_t n, std::ptrdiff_t parts, Fn&& fn) {
  if (n <= 0) return;
  parts = std::max<std::ptrdiff_t>(1, std::min(parts, n));
  const std::ptrdiff_t chunk = (n + parts - 1) / parts;
  parts = (n + chunk - 1) / chunk;
  const auto t = static_cast<std::ptrdiff_t>(std::min<std::ptrdiff_t>(resolve_threads(threads), parts));
  auto run_part = [&](std::ptrdiff_t p) { fn(p, p * chunk, std::min(n, (p + 1) * chunk)); };
  if (t <= 1) {
    for (std::ptrdiff_t p = 0; p < parts; ++p) run_part(p);
    return;
  }
  // Worker w takes parts w, w + t, w + 2t, ... (static, so repeatable).
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(t));
  auto worker = [&](std::ptrdiff_t w) {
    try {
      for (std::ptrdiff_t p = w; p < parts; p += t) run_part(p);
    } catch (...) {
      errors[static_cast<std::size_t>(w)] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(t - 1));
  for (std::ptrdiff_t w = 1; w < t; ++w) pool.emplace_back(worker, w);
  worker(0);
  for (auto& th : pool) th.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

/// Calls fn(begin, end) on up to `threads` contiguous slices of [0, n).
/// Below `grain` elements per thread fewer threads are used (starting a
/// thread costs tens of microseconds). For elementwise kernels whose result
/// does not depend on the slicing.
template <class Fn>
void parallel_for(unsigned threads, std::ptrdiff_t n, Fn&& fn, std::ptrdiff_t grain = 1 << 16) {
  if (n <= 0) return;
  const auto t = std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(resolve_threads(threads)),
                                          std::max<std::ptrdiff_t>(1, n / std::max<std::ptrdiff_t>(1, grain)));
  parallel_parts(static_cast<unsigned>(t), n, t, [&](std::ptrdiff_t, std::ptrdiff_t b, std::ptrdiff_t e) { fn(b, e); });
}

} // namespace detail
} // namespace ghgtrack

#endif
