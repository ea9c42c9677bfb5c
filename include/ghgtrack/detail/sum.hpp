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

#include "ghgtrack/simd.hpp"

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

/// Compensated sum of p[0..n): eight independent lanes of TwoSum merged in
/// a fixed order (the result depends only on the order of p, and is the same
/// to the last bit on every SIMD target). Runs on the dispatched kernels
/// when ghgtrack::simd is linked, else on the scalar loop in simd.hpp.
/// -ffast-math would break it.
inline double compensated_sum(const double* p, std::ptrdiff_t n) { return simd::compensated_sum(p, n); }

} // namespace detail
} // namespace ghgtrack

#endif
