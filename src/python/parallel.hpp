// Splitting a long elementwise kernel over the machine's cores. Used by the
// bindings after the GIL is released; the C++ library itself stays
// single-threaded so that embedding code chooses its own parallelism.
#ifndef GHGTRACK_PYTHON_PARALLEL_HPP
#define GHGTRACK_PYTHON_PARALLEL_HPP

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace ghgtrack_py {

/// Calls fn(begin, end) on contiguous chunks of [0, n). Below `grain`
/// elements per thread the call runs on the calling thread only: thread
/// start-up (tens of microseconds) would cost more than it saves. The first
/// exception thrown by any chunk is rethrown after all have joined.
template <class Fn>
void parallel_chunks(std::ptrdiff_t n, Fn&& fn, std::ptrdiff_t grain = 1 << 17) {
  const auto hw = static_cast<std::ptrdiff_t>(std::max(1u, std::thread::hardware_concurrency()));
  const std::ptrdiff_t threads = std::min<std::ptrdiff_t>(hw, std::max<std::ptrdiff_t>(1, n / grain));
  if (threads <= 1) {
    fn(std::ptrdiff_t{0}, n);
    return;
  }
  std::vector<std::thread> pool;
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(threads));
  const std::ptrdiff_t chunk = (n + threads - 1) / threads;
  for (std::ptrdiff_t t = 1; t < threads; ++t) {
    pool.emplace_back([&, t] {
      try {
        fn(t * chunk, std::min(n, (t + 1) * chunk));
      } catch (...) {
        errors[static_cast<std::size_t>(t)] = std::current_exception();
      }
    });
  }
  try {
    fn(std::ptrdiff_t{0}, std::min(n, chunk));
  } catch (...) {
    errors[0] = std::current_exception();
  }
  for (auto& th : pool) th.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

} // namespace ghgtrack_py

#endif
