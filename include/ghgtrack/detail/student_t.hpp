// ghgtrack/detail/student_t.hpp: Student's t quantiles for whole degrees of freedom.
//
// The two-sided probability A(t | nu) = P(|T| <= t) has a finite closed form
// for whole nu (Abramowitz & Stegun, Handbook of Mathematical Functions,
// 26.7.3 and 26.7.4), with theta = atan(t / sqrt(nu)):
//   nu = 1:      A = 2 theta / pi
//   nu odd > 1:  A = 2/pi [theta + sin(theta) (cos(theta) + 2/3 cos^3(theta) + ...
//                          + (2 4 ... (nu-3)) / (1 3 ... (nu-2)) cos^(nu-2)(theta))]
//   nu even:     A = sin(theta) [1 + 1/2 cos^2(theta) + (1 3)/(2 4) cos^4(theta) + ...
//                          + (1 3 ... (nu-3)) / (2 4 ... (nu-2)) cos^(nu-2)(theta)]
// A is increasing in theta on [0, pi/2), so the quantile is found by
// bisection on theta to the last bit. No Boost.Math: this keeps trend.hpp,
// and with it tracking.hpp, cheap to include. Tested against published
// t-table values (tests/cpp/test_pathway.cpp).
#ifndef GHGTRACK_DETAIL_STUDENT_T_HPP
#define GHGTRACK_DETAIL_STUDENT_T_HPP

#include <cmath>

namespace ghgtrack {
namespace detail {

/// P(|T| <= t) for Student's t with `nu` >= 1 degrees of freedom, given theta = atan(t / sqrt(nu)).
inline double student_t_two_sided_at_angle(double theta, int nu) noexcept {
  const double pi = 3.14159265358979323846;
  const double s = std::sin(theta), c = std::cos(theta), c2 = c * c;
  if (nu % 2 == 1) {
    double sum = 0.0;
    if (nu > 1) {
      double term = c; // k = 1: cos(theta)
      sum = term;
      for (int k = 3; k <= nu - 2; k += 2) { // term_k = term_{k-2} (k-1)/k cos^2
        term *= c2 * (k - 1) / k;
        sum += term;
      }
    }
    return 2.0 / pi * (theta + s * sum);
  }
  double term = 1.0, sum = 1.0;
  for (int k = 2; k <= nu - 2; k += 2) { // term_k = term_{k-2} (k-1)/k cos^2
    term *= c2 * (k - 1) / k;
    sum += term;
  }
  return s * sum;
}

/// The t with P(|T| <= t) = level, for `nu` >= 1 whole degrees of freedom
/// and 0 < level < 1 (the caller checks both).
inline double student_t_two_sided_quantile(double level, int nu) noexcept {
  double lo = 0.0, hi = 1.57079632679489661923; // theta in [0, pi/2)
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    (student_t_two_sided_at_angle(mid, nu) < level ? lo : hi) = mid;
  }
  return std::sqrt(static_cast<double>(nu)) * std::tan(0.5 * (lo + hi));
}

} // namespace detail
} // namespace ghgtrack

#endif
