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

/// Compensated sum of p[0..n): eight independent lanes, branch-free so the
/// compiler keeps them in vector registers, merged in a fixed order (the
/// result depends only on the order of p). -ffast-math would break it.
inline double compensated_sum(const double* p, std::ptrdiff_t n) noexcept {
  constexpr int lanes = 8;
  double s[lanes] = {};
  double c[lanes] = {};
  std::ptrdiff_t i = 0;
  for (; i + lanes <= n; i += lanes) {
    for (int j = 0; j < lanes; ++j) {
      // Knuth's TwoSum: the rounding error of s + x exactly, whatever their
      // magnitudes, without a branch (so it vectorises); equivalent to
      // Neumaier's correction term.
      const double x = p[i + j];
      const double t = s[j] + x;
      const double z = t - s[j];
      c[j] += (s[j] - (t - z)) + (x - z);
      s[j] = t;
    }
  }
  neumaier acc;
  for (int j = 0; j < lanes; ++j) {
    acc.add(s[j]);
    acc.comp += c[j];
  }
  for (; i < n; ++i) acc.add(p[i]);
  return acc.result();
}

} // namespace detail
} // namespace ghgtrack

#endif
