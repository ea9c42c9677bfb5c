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
// (`lmdi(a, b)`). Their Eigen code is instantiated
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

/// A read-only categories x factors matrix of doubles in the caller's
/// memory, with any strides (in elements, of any sign): element (i, k) is
/// data[i * row_stride + k * col_stride]. Column order (Eigen's default,
/// numpy's F order) has row_stride 1; row order (numpy's C order) has
/// col_stride 1; a numpy slice has its own strides. lmdi() reads it in place.
/// Every member is given (no default strides: a forgotten stride would read
/// the wrong cells silently); column_major() and row_major() spell the usual ones.
struct strided_matrix {
  const double* data;
  std::ptrdiff_t rows, cols;
  std::ptrdiff_t row_stride, col_stride;

  strided_matrix(const double* data_, std::ptrdiff_t rows_, std::ptrdiff_t cols_, std::ptrdiff_t row_stride_,
                 std::ptrdiff_t col_stride_) noexcept
      : data(data_), rows(rows_), cols(cols_), row_stride(row_stride_), col_stride(col_stride_) {}
  /// Columns one after the other (Eigen's default, numpy's F order).
  static strided_matrix column_major(const double* p, std::ptrdiff_t r, std::ptrdiff_t c) noexcept {
    return {p, r, c, 1, r};
  }
  /// Rows one after the other (numpy's C order, the C API).
  static strided_matrix row_major(const double* p, std::ptrdiff_t r, std::ptrdiff_t c) noexcept {
    return {p, r, c, c, 1};
  }

  double operator()(std::ptrdiff_t i, std::ptrdiff_t k) const noexcept { return data[i * row_stride + k * col_stride]; }
  /// Rows [begin, begin + count).
  strided_matrix middle_rows(std::ptrdiff_t begin, std::ptrdiff_t count) const noexcept {
    return {data + begin * row_stride, count, cols, row_stride, col_stride};
  }
};

namespace detail {

inline void lmdi_check_factors(const strided_matrix& x, const char* which) {
  for (std::ptrdiff_t k = 0; k < x.cols; ++k)
    for (std::ptrdiff_t i = 0; i < x.rows; ++i) {
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
/// that is zero; 0 for the others. `out` has x0.cols elements.
inline void lmdi_zero_limits(const strided_matrix& x0, const strided_matrix& xt, std::ptrdiff_t i, double v0, double vt,
                             double* out) {
  const std::ptrdiff_t f = x0.cols;
  std::fill(out, out + f, 0.0);
  if (v0 == 0.0 && vt == 0.0) return;
  const bool appears = v0 == 0.0;
  const auto& z = appears ? x0 : xt;
  std::ptrdiff_t m = 0;
  for (std::ptrdiff_t k = 0; k < f; ++k) m += z(i, k) == 0.0;
  if (m == 0) // the product underflowed to zero though no factor is zero
    throw argument_error("ghgtrack::lmdi: the product of the factors of category " + std::to_string(i) +
                         " underflows to zero; rescale a factor (e.g. kt instead of t)");
  const double share = (vt - v0) / static_cast<double>(m);
  for (std::ptrdiff_t k = 0; k < f; ++k)
    if (z(i, k) == 0.0) out[k] = share;
}

// The sums of LMDI-I over rows [begin, end) of x0 and xt. One fused pass
// (simd::lmdi_terms: products, logarithmic means and log ratios per vector
// of rows, read in place whatever the strides, no temporaries), then the
// zero-value limits for the rows that need them. `by_cat`, when not null,
// is the whole by-category matrix (column k at by_cat + k * by_cat_stride).
// Returns false when a factor is negative or not finite (the caller finds it).
inline bool lmdi_block(const strided_matrix& x0, const strided_matrix& xt, std::ptrdiff_t begin, std::ptrdiff_t end,
                       double& v0_sum, double& vt_sum, std::vector<double>& additive, double* by_cat,
                       std::ptrdiff_t by_cat_stride) {
  const std::ptrdiff_t n = end - begin, f = x0.cols;
  additive.assign(static_cast<std::size_t>(f), 0.0);
  const strided_matrix a = x0.middle_rows(begin, n), b = xt.middle_rows(begin, n);
  const std::ptrdiff_t zeros =
      simd::lmdi_terms(a.data, a.row_stride, a.col_stride, b.data, b.row_stride, b.col_stride, n, f, &v0_sum, &vt_sum,
                       additive.data(), by_cat ? by_cat + begin : nullptr, by_cat_stride);
  if (zeros < 0) return false;
  if (zeros == 0) return true;
  std::vector<double> row(static_cast<std::size_t>(f));
  for (std::ptrdiff_t i = begin; i < end; ++i) {
    double v0 = 1.0, vt = 1.0;
    for (std::ptrdiff_t k = 0; k < f; ++k) {
      v0 *= x0(i, k);
      vt *= xt(i, k);
    }
    if (v0 != 0.0 && vt != 0.0) continue;
    lmdi_zero_limits(x0, xt, i, v0, vt, row.data());
    for (std::ptrdiff_t k = 0; k < f; ++k) {
      additive[static_cast<std::size_t>(k)] += row[static_cast<std::size_t>(k)];
      if (by_cat) by_cat[i + k * by_cat_stride] = row[static_cast<std::size_t>(k)];
    }
  }
  return true;
}

} // namespace detail

/// LMDI-I between x0 (start) and xt (end), each categories x factors (t
/// CO2e when the factors multiply to emissions), read in place with their
/// strides (see strided_matrix). `by_category` also fills
/// additive_by_category. The categories are cut into blocks of about 65536
/// rows whose number depends only on the number of categories; `threads`
/// (1 = the calling thread only, 0 = one per hardware thread) run the
/// blocks, and their sums are added in block order, so the result is the
/// same, to the last bit, on any number of threads (and for any layout of
/// the same numbers). Throws shape_error when the shapes differ or are
/// empty, argument_error for a negative or non-finite factor.
template <class = void>
inline lmdi_result lmdi(const strided_matrix& x0, const strided_matrix& xt, bool by_category = true,
                        unsigned threads = 1) {
  if (x0.rows != xt.rows || x0.cols != xt.cols)
    throw shape_error("ghgtrack::lmdi: start is " + std::to_string(x0.rows) + " x " + std::to_string(x0.cols) +
                      " but end is " + std::to_string(xt.rows) + " x " + std::to_string(xt.cols) +
                      " (categories x factors)");
  if (x0.rows <= 0 || x0.cols <= 0) throw shape_error("ghgtrack::lmdi: no categories or no factors");
  const std::ptrdiff_t n = x0.rows, f = x0.cols;
  const std::ptrdiff_t parts = std::max<std::ptrdiff_t>(1, std::min<std::ptrdiff_t>(256, n / 65536));
  struct part_sums {
    double v0 = 0.0, vt = 0.0;
    std::vector<double> additive;
    bool valid = true;
  };
  std::vector<part_sums> part(static_cast<std::size_t>(parts));
  lmdi_result r;
  if (by_category) r.additive_by_category.resize(n, f);
  double* by_cat = by_category ? r.additive_by_category.data() : nullptr;
  detail::parallel_parts(threads, n, parts, [&](std::ptrdiff_t p, std::ptrdiff_t b, std::ptrdiff_t e) {
    auto& q = part[static_cast<std::size_t>(p)];
    q.valid = detail::lmdi_block(x0, xt, b, e, q.v0, q.vt, q.additive, by_cat, n);
  });
  for (const auto& q : part)
    if (!q.valid) { // a negative or non-finite factor: say which (the first, start before end)
      detail::lmdi_check_factors(x0, "start");
      detail::lmdi_check_factors(xt, "end");
    }
  r.additive = Eigen::ArrayXd::Zero(f);
  for (const auto& q : part) {
    if (q.additive.empty()) continue; // parallel_parts may use fewer parts than asked
    r.v0 += q.v0;
    r.vt += q.vt;
    for (std::ptrdiff_t k = 0; k < f; ++k) r.additive[k] += q.additive[static_cast<std::size_t>(k)];
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

/// lmdi() of two Eigen arrays (column order, or any Eigen::Ref of one).
template <class = void>
inline lmdi_result lmdi(const Eigen::Ref<const Eigen::ArrayXXd>& x0, const Eigen::Ref<const Eigen::ArrayXXd>& xt,
                        bool by_category = true, unsigned threads = 1) {
  return lmdi(strided_matrix{x0.data(), x0.rows(), x0.cols(), 1, x0.outerStride()},
              strided_matrix{xt.data(), xt.rows(), xt.cols(), 1, xt.outerStride()}, by_category, threads);
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
/// every year), read in place with any strides (see strided_matrix).
/// `threads` as for lmdi(), within each period.
template <class = void>
inline lmdi_chain lmdi_chained(const std::vector<strided_matrix>& x, unsigned threads = 1) {
  if (x.size() < 2)
    throw argument_error("ghgtrack::lmdi_chained: need at least two years, got " + std::to_string(x.size()));
  for (std::size_t t = 1; t < x.size(); ++t)
    if (x[t].rows != x[0].rows || x[t].cols != x[0].cols)
      throw shape_error("ghgtrack::lmdi_chained: year " + std::to_string(t) + " is " + std::to_string(x[t].rows) +
                        " x " + std::to_string(x[t].cols) + " but year 0 is " + std::to_string(x[0].rows) + " x " +
                        std::to_string(x[0].cols) + " (categories x factors)");
  lmdi_chain c;
  const auto periods = static_cast<Eigen::Index>(x.size() - 1);
  const auto f = static_cast<Eigen::Index>(x[0].cols);
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

/// The same on Eigen arrays (column-major, read in place).
template <class = void>
inline lmdi_chain lmdi_chained(const std::vector<Eigen::ArrayXXd>& x, unsigned threads = 1) {
  std::vector<strided_matrix> views;
  views.reserve(x.size());
  for (const auto& a : x) views.push_back(strided_matrix{a.data(), a.rows(), a.cols(), 1, a.outerStride()});
  return lmdi_chained(views, threads);
}

} // namespace ghgtrack

#endif
