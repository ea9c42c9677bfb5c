// ghgtrack/lmdi.hpp: LMDI-I index decomposition analysis.
//
// The aggregate V = sum_i prod_k x_{i,k} over categories i and factors k
// (e.g. population x activity per person x energy per activity x emissions
// per energy). Between a period's start (0) and end (T), with the
// logarithmic mean L(a, b) = (a - b) / (ln a - ln b), L(a, a) = a:
//   additive:        dV_k = sum_i L(V_i^T, V_i^0) ln(x_{i,k}^T / x_{i,k}^0)
//   multiplicative:  D_k  = exp( sum_i L(V_i^T, V_i^0) / L(V^T, V^0)
//                                 * ln(x_{i,k}^T / x_{i,k}^0) )
// (B.W. Ang, "The LMDI approach to decomposition analysis: a practical
// guide", Energy Policy 33 (2005) 867-871, Tables 1 and 2; Ang, "LMDI
// decomposition approach: A guide for implementation", Energy Policy 86
// (2015) 233-238). The decomposition is perfect: the dV_k sum to V^T - V^0
// and the D_k multiply to V^T / V^0; also dV_k = L(V^T, V^0) ln D_k.
//
// Zero values use the analytical limits (Ang & Liu, "Handling zero values in
// the logarithmic mean Divisia index decomposition approach", Energy Policy
// 35 (2007) 238-246), not a small substitute value:
//   - L(a, 0) = L(0, a) = L(0, 0) = 0.
//   - A category whose start is zero (some x_{i,k}^0 = 0) and whose end is
//     positive (it appears): the term of a factor that stays positive tends
//     to 0 (its weight vanishes); the term of the factor that goes from 0
//     tends to V_i^T. When m factors start at zero the limit taken is the one
//     where they go to zero together (the limit of the small-value strategy),
//     V_i^T / m each.
//   - A category that disappears (end zero, start positive): symmetrically,
//     -V_i^0 for its factor that goes to zero (-V_i^0 / m for each of m).
//   - Zero at both ends: every term is 0.
//   So each category's effects sum exactly to its change V_i^T - V_i^0.
// The multiplicative indices need L(V^T, V^0) > 0: when the aggregate is
// zero at the start or at the end they are undefined; the result says so
// (multiplicative_defined, NaN in the array, a note) and ratio() throws
// no_solution_error. Negative or non-finite inputs are errors: LMDI needs
// factors that are not negative, and an unknown is never taken as zero.
//
// Compile cost: the functions that use Eigen expressions are templates with
// a defaulted parameter (`template <class = void>`), called as usual
// (`lmdi(a, b)`; `&lmdi<>` for a pointer). Their Eigen code is instantiated
// only in a translation unit that calls them, so including this header costs
// little more than <Eigen/Core>.
#ifndef GHGTRACK_LMDI_HPP
#define GHGTRACK_LMDI_HPP

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "ghgtrack/detail/parallel.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/simd.hpp"

namespace ghgtrack {

/// The logarithmic mean L(a, b) of two numbers that are not negative:
/// L(a, a) = a and, as limits, L(a, 0) = L(0, a) = 0. NaN for a negative or
/// NaN argument.
inline double log_mean(double a, double b) noexcept {
  if (!(a >= 0.0) || !(b >= 0.0)) return std::numeric_limits<double>::quiet_NaN();
  if (a == b) return a;
  if (a == 0.0 || b == 0.0) return 0.0;
  const double r = a / b;
  // For a close to b, (a - b) / ln(a / b) loses digits; use the series
  // L = b (1 + d/2 - d^2/12 + d^3/24) with d = a/b - 1.
  if (std::fabs(r - 1.0) < 1e-4) {
    const double d = r - 1.0;
    return b * (1.0 + d / 2.0 - d * d / 12.0 + d * d * d / 24.0);
  }
  return (a - b) / std::log(r);
}

/// One period's decomposition.
struct lmdi_result {
  double v0 = 0.0, vt = 0.0;            ///< aggregate at start and end
  Eigen::ArrayXd additive;              ///< per factor, same unit as V
  Eigen::ArrayXd multiplicative;        ///< per factor, a ratio (NaN when undefined)
  Eigen::ArrayXXd additive_by_category; ///< categories x factors (empty unless asked)
  bool multiplicative_defined = true;   ///< false when V^0 or V^T is zero
  std::string note;                     ///< why the multiplicative indices are undefined (else empty)

  /// The multiplicative index D_k of factor k. Throws no_solution_error when
  /// the indices are undefined (zero aggregate at the start or end) and
  /// argument_error for a factor out of range.
  double ratio(Eigen::Index k) const {
    if (k < 0 || k >= multiplicative.size())
      throw argument_error("ghgtrack::lmdi_result::ratio: factor " + std::to_string(k) + " is out of range (0.." +
                           std::to_string(multiplicative.size() - 1) + ")");
    if (!multiplicative_defined) throw no_solution_error("ghgtrack::lmdi_result::ratio: " + note);
    return multiplicative[k];
  }
  /// V^T / V^0; no_solution_error when V^0 or V^T is zero.
  double total_ratio() const {
    if (!multiplicative_defined) throw no_solution_error("ghgtrack::lmdi_result::total_ratio: " + note);
    return vt / v0;
  }
};

namespace detail {

template <class = void>
inline void lmdi_check_factors(const Eigen::Ref<const Eigen::ArrayXXd>& x, const char* which) {
  for (Eigen::Index k = 0; k < x.cols(); ++k)
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const double v = x(i, k);
      if (!(v >= 0.0) || v == std::numeric_limits<double>::infinity()) // NaN fails v >= 0
        throw argument_error(std::string("ghgtrack::lmdi: ") + which + " factor " + std::to_string(k) +
                             " of category " + std::to_string(i) + " (0-based) is " +
                             (std::isnan(v) ? std::string("NaN: no value") : std::to_string(v)) +
                             "; factors must be finite and not negative (an unknown is not zero)");
    }
}

/// The zero-value limit of one category's effects (Ang & Liu 2007): the
/// change V^T - V^0 shared equally by the factors that are zero at the end
/// that is zero; 0 for the others.
template <class = void>
inline void lmdi_zero_limits(const Eigen::Ref<const Eigen::ArrayXXd>& x0, const Eigen::Ref<const Eigen::ArrayXXd>& xt,
                             Eigen::Index i, double v0, double vt, Eigen::Ref<Eigen::ArrayXd> out) {
  out.setZero();
  if (v0 == 0.0 && vt == 0.0) return;
  const bool appears = v0 == 0.0;
  const auto& z = appears ? x0 : xt;
  Eigen::Index m = 0;
  for (Eigen::Index k = 0; k < z.cols(); ++k) m += z(i, k) == 0.0;
  if (m == 0) // the product underflowed to zero though no factor is zero
    throw argument_error("ghgtrack::lmdi: the product of the factors of category " + std::to_string(i) +
                         " underflows to zero; rescale a factor (e.g. kt instead of t)");
  const double share = (vt - v0) / static_cast<double>(m);
  for (Eigen::Index k = 0; k < z.cols(); ++k)
    if (z(i, k) == 0.0) out[k] = share;
}

// The sums of LMDI-I over a block of rows; `by_cat`, when not null, is the
// block's rows of the by-category matrix. One fused pass (simd::lmdi_terms:
// products, logarithmic means and log ratios per vector of rows, no
// temporaries), then the zero-value limits for the rows that need them.
// Returns false when a factor is negative or not finite (the caller finds it).
template <class = void>
inline bool lmdi_block(const Eigen::Ref<const Eigen::ArrayXXd>& x0, const Eigen::Ref<const Eigen::ArrayXXd>& xt,
                       double& v0_sum, double& vt_sum, Eigen::ArrayXd& additive, Eigen::ArrayXXd* by_cat,
                       Eigen::Index by_cat_row) {
  const Eigen::Index n = x0.rows(), f = x0.cols();
  additive.resize(f);
  double* cat = by_cat ? by_cat->data() + by_cat_row : nullptr;
  const std::ptrdiff_t cat_stride = by_cat ? by_cat->outerStride() : 0;
  const std::ptrdiff_t zeros = simd::lmdi_terms(x0.data(), x0.outerStride(), xt.data(), xt.outerStride(), n, f, &v0_sum,
                                                &vt_sum, additive.data(), cat, cat_stride);
  if (zeros < 0) return false;
  if (zeros == 0) return true;
  Eigen::ArrayXd row(f);
  for (Eigen::Index i = 0; i < n; ++i) {
    double v0 = 1.0, vt = 1.0;
    for (Eigen::Index k = 0; k < f; ++k) {
      v0 *= x0(i, k);
      vt *= xt(i, k);
    }
    if (v0 != 0.0 && vt != 0.0) continue;
    lmdi_zero_limits(x0, xt, i, v0, vt, row);
    additive += row;
    if (cat)
      for (Eigen::Index k = 0; k < f; ++k) cat[i + k * cat_stride] = row[k];
  }
  return true;
}

} // namespace detail

/// LMDI-I between x0 (start) and xt (end), each categories x factors (t
/// CO2e when the factors multiply to emissions). `by_category` also fills
/// additive_by_category. The categories are cut into blocks of about 65536
/// rows whose number depends only on the number of categories; `threads`
/// (1 = the calling thread only, 0 = one per hardware thread) run the
/// blocks, and their sums are added in block order, so the result is the
/// same, to the last bit, on any number of threads. Throws shape_error when
/// the shapes differ or are empty, argument_error for a negative or
/// non-finite factor.
template <class = void>
inline lmdi_result lmdi(const Eigen::Ref<const Eigen::ArrayXXd>& x0, const Eigen::Ref<const Eigen::ArrayXXd>& xt,
                        bool by_category = true, unsigned threads = 1) {
  if (x0.rows() != xt.rows() || x0.cols() != xt.cols())
    throw shape_error("ghgtrack::lmdi: start is " + std::to_string(x0.rows()) + " x " + std::to_string(x0.cols()) +
                      " but end is " + std::to_string(xt.rows()) + " x " + std::to_string(xt.cols()) +
                      " (categories x factors)");
  if (x0.rows() == 0 || x0.cols() == 0) throw shape_error("ghgtrack::lmdi: no categories or no factors");
  const Eigen::Index n = x0.rows(), f = x0.cols();
  const Eigen::Index parts = std::max<Eigen::Index>(1, std::min<Eigen::Index>(256, n / 65536));
  struct part_sums {
    double v0 = 0.0, vt = 0.0;
    Eigen::ArrayXd additive;
    bool valid = true;
  };
  std::vector<part_sums> part(static_cast<std::size_t>(parts));
  lmdi_result r;
  if (by_category) r.additive_by_category.resize(n, f);
  Eigen::ArrayXXd* by_cat = by_category ? &r.additive_by_category : nullptr;
  detail::parallel_parts(threads, n, parts, [&](std::ptrdiff_t p, std::ptrdiff_t b, std::ptrdiff_t e) {
    auto& q = part[static_cast<std::size_t>(p)];
    q.valid = detail::lmdi_block(x0.middleRows(b, e - b), xt.middleRows(b, e - b), q.v0, q.vt, q.additive, by_cat, b);
  });
  for (const auto& q : part)
    if (!q.valid) { // a negative or non-finite factor: say which (the first, start before end)
      detail::lmdi_check_factors(x0, "start");
      detail::lmdi_check_factors(xt, "end");
    }
  r.additive = Eigen::ArrayXd::Zero(f);
  for (const auto& q : part) {
    if (q.additive.size() == 0) continue; // parallel_parts may use fewer parts than asked
    r.v0 += q.v0;
    r.vt += q.vt;
    r.additive += q.additive;
  }
  if (!std::isfinite(r.v0) || !std::isfinite(r.vt))
    throw argument_error("ghgtrack::lmdi: the aggregate overflows; rescale a factor (e.g. kt instead of t)");
  if (r.v0 > 0.0 && r.vt > 0.0) {
    r.multiplicative = (r.additive / log_mean(r.vt, r.v0)).exp();
  } else {
    r.multiplicative_defined = false;
    r.multiplicative = Eigen::ArrayXd::Constant(f, std::numeric_limits<double>::quiet_NaN());
    r.note = std::string("the multiplicative indices are undefined: the aggregate is zero at the ") +
             (r.v0 == 0.0 && r.vt == 0.0 ? "start and the end"
              : r.v0 == 0.0              ? "start"
                                         : "end") +
             " (a ratio to or from zero); use the additive effects";
  }
  return r;
}

/// A chained decomposition over a series of periods: each period's
/// additive effects (periods x factors) and multiplicative indices, with
/// their totals (sum and product over periods).
struct lmdi_chain {
  Eigen::ArrayXXd additive;                 ///< periods x factors
  Eigen::ArrayXXd multiplicative;           ///< periods x factors; NaN rows where undefined
  Eigen::ArrayXd additive_total;            ///< sum over periods = V(last) - V(first)
  Eigen::ArrayXd multiplicative_total;      ///< product over periods; NaN if any period's is undefined
  Eigen::ArrayXd v;                         ///< the aggregate in each year (periods + 1)
  std::vector<bool> multiplicative_defined; ///< per period
};

/// `x[t]` is categories x factors for year t of the series (the same shape
/// every year). `threads` as for lmdi(), within each period.
template <class = void>
inline lmdi_chain lmdi_chained(const std::vector<Eigen::ArrayXXd>& x, unsigned threads = 1) {
  if (x.size() < 2)
    throw argument_error("ghgtrack::lmdi_chained: need at least two years, got " + std::to_string(x.size()));
  for (std::size_t t = 1; t < x.size(); ++t)
    if (x[t].rows() != x[0].rows() || x[t].cols() != x[0].cols())
      throw shape_error("ghgtrack::lmdi_chained: year " + std::to_string(t) + " is " + std::to_string(x[t].rows()) +
                        " x " + std::to_string(x[t].cols()) + " but year 0 is " + std::to_string(x[0].rows()) + " x " +
                        std::to_string(x[0].cols()) + " (categories x factors)");
  lmdi_chain c;
  const auto periods = static_cast<Eigen::Index>(x.size() - 1);
  const Eigen::Index f = x[0].cols();
  c.additive.resize(periods, f);
  c.multiplicative.resize(periods, f);
  c.v.resize(periods + 1);
  for (Eigen::Index t = 0; t < periods; ++t) {
    const auto r = lmdi(x[static_cast<std::size_t>(t)], x[static_cast<std::size_t>(t + 1)], false, threads);
    c.additive.row(t) = r.additive.transpose();
    c.multiplicative.row(t) = r.multiplicative.transpose();
    c.multiplicative_defined.push_back(r.multiplicative_defined);
    c.v[t] = r.v0;
    c.v[t + 1] = r.vt;
  }
  c.additive_total = c.additive.colwise().sum().transpose();
  c.multiplicative_total = c.multiplicative.colwise().prod().transpose();
  return c;
}

} // namespace ghgtrack

#endif
