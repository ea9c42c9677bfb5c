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
// Zero values follow the small-value strategy of Ang & Liu ("Handling zero
// values in index decomposition analysis", Energy Policy 35 (2007)
// 238-246): a zero factor is replaced by a tiny positive number (1e-20
// relative to the largest value of that factor), and the results converge to
// the limits as it goes to zero. Negative or non-finite inputs are errors:
// LMDI needs positive factors, and an unknown is never taken as zero.
#ifndef GHGTRACK_LMDI_HPP
#define GHGTRACK_LMDI_HPP

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace ghgtrack {

/// The logarithmic mean L(a, b) of two positive numbers; L(a, a) = a.
inline double log_mean(double a, double b) noexcept {
  if (a == b) return a;
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
  double v0 = 0.0, vt = 0.0;           ///< aggregate at start and end
  Eigen::ArrayXd additive;             ///< per factor, same unit as V
  Eigen::ArrayXd multiplicative;       ///< per factor, a ratio
  Eigen::ArrayXXd additive_by_category; ///< categories x factors
};

namespace detail {
inline void check_factors(const Eigen::Ref<const Eigen::ArrayXXd>& x, const char* which) {
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    for (Eigen::Index k = 0; k < x.cols(); ++k) {
      const double v = x(i, k);
      if (!std::isfinite(v) || v < 0.0)
        throw std::invalid_argument(std::string("ghgtrack::lmdi: ") + which + " factor " + std::to_string(k) +
                                    " of category " + std::to_string(i) + " is " + std::to_string(v) +
                                    " (factors must be finite and not negative)");
    }
}
} // namespace detail

namespace detail {
// The sums of LMDI-I over a block of rows, given the zero replacements.
inline void lmdi_block(const Eigen::Ref<const Eigen::ArrayXXd>& x0, const Eigen::Ref<const Eigen::ArrayXXd>& xt,
                       const Eigen::ArrayXd& eps, lmdi_result& r, bool by_category) {
  const Eigen::Index n = x0.rows(), f = x0.cols();
  auto fixed = [](const auto& col, double e) { return (col == 0.0).select(e, col); };
  Eigen::ArrayXd v0 = Eigen::ArrayXd::Ones(n), vt = Eigen::ArrayXd::Ones(n);
  for (Eigen::Index k = 0; k < f; ++k) {
    v0 *= fixed(x0.col(k), eps[k]);
    vt *= fixed(xt.col(k), eps[k]);
  }
  // Logarithmic mean, vectorised; near-equal pairs use the series of log_mean().
  const Eigen::ArrayXd d = vt / v0 - 1.0;
  const Eigen::ArrayXd w = (d.abs() < 1e-4).select(v0 * (1.0 + d / 2.0 - d.square() / 12.0 + d.cube() / 24.0),
                                                   (vt - v0) / (vt / v0).log());
  r.v0 = v0.sum();
  r.vt = vt.sum();
  r.additive.resize(f);
  if (by_category) r.additive_by_category.resize(n, f);
  for (Eigen::Index k = 0; k < f; ++k) {
    const Eigen::ArrayXd e = w * (fixed(xt.col(k), eps[k]) / fixed(x0.col(k), eps[k])).log();
    r.additive[k] = e.sum();
    if (by_category) r.additive_by_category.col(k) = e;
  }
}
} // namespace detail

/// LMDI-I between x0 (start) and xt (end), each categories x factors.
/// `by_category` also fills additive_by_category (categories x factors).
/// Written as whole-column Eigen expressions so that the logarithms are
/// vectorised (Eigen's packet log). `threads` > 1 splits the categories
/// into that many blocks whose sums are added in a fixed order.
inline lmdi_result lmdi(const Eigen::Ref<const Eigen::ArrayXXd>& x0, const Eigen::Ref<const Eigen::ArrayXXd>& xt,
                        bool by_category = true, unsigned threads = 1) {
  if (x0.rows() != xt.rows() || x0.cols() != xt.cols())
    throw std::invalid_argument("ghgtrack::lmdi: start and end have different shapes");
  if (x0.rows() == 0 || x0.cols() == 0) throw std::invalid_argument("ghgtrack::lmdi: no categories or factors");
  detail::check_factors(x0, "start");
  detail::check_factors(xt, "end");
  const Eigen::Index n = x0.rows(), f = x0.cols();
  // Small-value strategy for zeros (per factor, relative to its scale).
  Eigen::ArrayXd eps(f);
  for (Eigen::Index k = 0; k < f; ++k) {
    const double scale = std::max(x0.col(k).maxCoeff(), xt.col(k).maxCoeff());
    eps[k] = (scale > 0.0 ? scale : 1.0) * 1e-20;
  }
  const Eigen::Index parts = std::min<Eigen::Index>(std::max(1u, threads), std::max<Eigen::Index>(1, n / 65536));
  lmdi_result r;
  if (parts <= 1) {
    detail::lmdi_block(x0, xt, eps, r, by_category);
  } else {
    std::vector<lmdi_result> part(static_cast<std::size_t>(parts));
    std::vector<std::thread> pool;
    const Eigen::Index chunk = (n + parts - 1) / parts;
    for (Eigen::Index p = 0; p < parts; ++p)
      pool.emplace_back([&, p] {
        const Eigen::Index b = p * chunk, len = std::min(n, b + chunk) - b;
        detail::lmdi_block(x0.middleRows(b, len), xt.middleRows(b, len), eps, part[static_cast<std::size_t>(p)],
                           by_category);
      });
    for (auto& t : pool) t.join();
    r.additive = Eigen::ArrayXd::Zero(f);
    if (by_category) r.additive_by_category.resize(n, f);
    for (Eigen::Index p = 0; p < parts; ++p) {
      const auto& q = part[static_cast<std::size_t>(p)];
      r.v0 += q.v0;
      r.vt += q.vt;
      r.additive += q.additive;
      if (by_category) r.additive_by_category.middleRows(p * chunk, q.additive_by_category.rows()) = q.additive_by_category;
    }
  }
  const double lw = log_mean(r.vt, r.v0);
  r.multiplicative = (r.additive / lw).exp();
  return r;
}

/// A chained decomposition over a series of periods: each period's
/// additive effects (periods x factors) and multiplicative indices, with
/// their totals (sum and product over periods).
struct lmdi_chain {
  Eigen::ArrayXXd additive;       ///< periods x factors
  Eigen::ArrayXXd multiplicative; ///< periods x factors
  Eigen::ArrayXd additive_total;
  Eigen::ArrayXd multiplicative_total;
};

/// `x[t]` is categories x factors for year t of the series.
inline lmdi_chain lmdi_chained(const std::vector<Eigen::ArrayXXd>& x) {
  if (x.size() < 2) throw std::invalid_argument("ghgtrack::lmdi_chained: need at least two years");
  lmdi_chain c;
  const auto periods = static_cast<Eigen::Index>(x.size() - 1);
  const Eigen::Index f = x[0].cols();
  c.additive.resize(periods, f);
  c.multiplicative.resize(periods, f);
  for (Eigen::Index t = 0; t < periods; ++t) {
    const auto r = lmdi(x[static_cast<std::size_t>(t)], x[static_cast<std::size_t>(t + 1)]);
    c.additive.row(t) = r.additive.transpose();
    c.multiplicative.row(t) = r.multiplicative.transpose();
  }
  c.additive_total = c.additive.colwise().sum().transpose();
  c.multiplicative_total = c.multiplicative.colwise().prod().transpose();
  return c;
}

} // namespace ghgtrack

#endif
