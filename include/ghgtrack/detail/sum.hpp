// ghgtrack/detail/sum.hpp: compensated summation.
//
// Neumaier's variant of Kahan summation (Neumaier 1974, "Rundungsfehleranalyse
// einiger Verfahren zur Summation endlicher Summen", ZAMM 54) keeps the error
// of a sum of n terms at O(eps) * sum|x_i| independent of n, also when a
// term is larger than the running sum. The inventory stores its cells in a
// canonical order, so its sums are also independent of the input row order.
#ifndef GHGTRACK_DETAIL_SUM_HPP
#define GHGTRACK_DETAIL_SUM_HPP

#include <cmath>
#include <cstddef>

namespace ghgtrack {
namespace detail {

struct neumaier {
  double sum = 0.0;
  double comp = 0.0;
  void add(double x) noexcept {
    const double t = sum + x;
    comp += (std::fabs(sum) >= std::fabs(x)) ? (sum - t) + x : (x - t) + sum;
    sum = t;
  }
  void add(const neumaier& o) noexcept {
    add(o.sum);
    comp += o.comp;
  }
  double result() const noexcept { return sum + comp; }
};

/// Compensated sum of p[0..n): four independent lanes (so the compiler can
/// keep them in registers and overlap their latency), merged in fixed order.
inline double compensated_sum(const double* p, std::ptrdiff_t n) noexcept {
  neumaier lane[4];
  std::ptrdiff_t i = 0;
  for (; i + 4 <= n; i += 4) {
    lane[0].add(p[i]);
    lane[1].add(p[i + 1]);
    lane[2].add(p[i + 2]);
    lane[3].add(p[i + 3]);
  }
  for (; i < n; ++i) lane[0].add(p[i]);
  lane[0].add(lane[1]);
  lane[2].add(lane[3]);
  lane[0].add(lane[2]);
  return lane[0].result();
}

} // namespace detail
} // namespace ghgtrack

#endif
