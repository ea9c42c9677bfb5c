// ghgtrack/uncertainty.hpp: inventory uncertainty after the IPCC 2006
// Guidelines, Volume 1, Chapter 3 ("Uncertainties").
//
// Approach 1, error propagation (Section 3.2.3.1):
//   product rule (Eq. 3.1):  U = sqrt(U_1^2 + ... + U_n^2)
//   sum rule (Eq. 3.2):      U = sqrt((U_1 x_1)^2 + ... + (U_n x_n)^2) / |x_1 + ... + x_n|
//   the calculation of Table 3.3 for the level in year t and the trend from
//   the base year: per category, combined uncertainty G = sqrt(E^2 + F^2),
//   contribution to variance H = (G D)^2 / (sum D)^2, type A sensitivity I,
//   type B sensitivity J = D / sum C, trend uncertainty from the emission
//   factor K = I F (the factor is taken as correlated between years) and
//   from activity data L = J E sqrt(2) (uncorrelated), M = K^2 + L^2.
//   Uncertainties are in percent of the value (half the 95 % interval).
//
// Approach 2, Monte Carlo (Section 3.2.3.2), is in monte_carlo.hpp.
#ifndef GHGTRACK_UNCERTAINTY_HPP
#define GHGTRACK_UNCERTAINTY_HPP

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "ghgtrack/error.hpp"

namespace ghgtrack {

/// Eq. 3.1: uncertainty (%) of a product of quantities with uncertainties (%).
inline double product_rule(const std::vector<double>& pct) {
  double s = 0.0;
  for (double u : pct) {
    if (!(u >= 0.0)) throw argument_error("ghgtrack: product_rule: uncertainties must be non-negative percentages");
    s += u * u;
  }
  return std::sqrt(s);
}

/// Eq. 3.2: uncertainty (%) of a sum of quantities x with uncertainties (%).
inline double sum_rule(const std::vector<double>& x, const std::vector<double>& pct) {
  if (x.size() != pct.size())
    throw shape_error("ghgtrack: sum_rule: " + std::to_string(x.size()) + " values but " + std::to_string(pct.size()) +
                      " uncertainties");
  double s = 0.0, total = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!(pct[i] >= 0.0)) throw argument_error("ghgtrack: sum_rule: uncertainties must be non-negative percentages");
    s += (pct[i] * x[i]) * (pct[i] * x[i]);
    total += x[i];
  }
  if (total == 0.0)
    throw no_solution_error("ghgtrack: sum_rule: the sum is zero, its relative uncertainty is undefined");
  return std::sqrt(s) / std::fabs(total);
}

/// One row of Table 3.3: a category (and gas) in the base year (C) and year
/// t (D), with activity-data (E) and emission-factor (F) uncertainty in %.
struct approach1_row {
  double base = 0.0;   ///< C, t CO2e
  double latest = 0.0; ///< D, t CO2e
  double ad_pct = 0.0; ///< E
  double ef_pct = 0.0; ///< F
};

struct approach1_result {
  double base_total = 0.0, latest_total = 0.0;
  double uncertainty_pct = 0.0;       ///< of the year-t total: sqrt(sum H)
  double trend_pct = 0.0;             ///< (sum D - sum C) / sum C x 100
  double trend_uncertainty_pct = 0.0; ///< percentage points: sqrt(sum M)
  std::vector<double> combined_pct;   ///< G
  std::vector<double> variance_share; ///< H
  std::vector<double> type_a;         ///< I
  std::vector<double> type_b;         ///< J
  std::vector<double> trend_from_ef;  ///< K
  std::vector<double> trend_from_ad;  ///< L
  std::vector<double> trend_variance; ///< M
};

/// The IPCC 2006 Approach 1 calculation (Vol. 1, Ch. 3, Table 3.3).
inline approach1_result approach1(const std::vector<approach1_row>& rows) {
  if (rows.empty()) throw shape_error("ghgtrack: approach1: no categories");
  approach1_result r;
  for (const auto& x : rows) {
    if (!std::isfinite(x.base) || !std::isfinite(x.latest))
      throw argument_error("ghgtrack: approach1: emissions must be finite numbers (an unknown is not zero)");
    if (!(x.ad_pct >= 0.0) || !(x.ef_pct >= 0.0))
      throw argument_error("ghgtrack: approach1: uncertainties must be non-negative percentages");
    r.base_total += x.base;
    r.latest_total += x.latest;
  }
  const double sc = r.base_total, sd = r.latest_total;
  if (sc == 0.0 || sd == 0.0)
    throw no_solution_error("ghgtrack: approach1: the " + std::string(sc == 0.0 ? "base-year" : "latest") +
                            " total is zero; its relative uncertainty is undefined");
  double sum_h = 0.0, sum_m = 0.0;
  r.trend_pct = (sd - sc) / sc * 100.0;
  for (const auto& x : rows) {
    const double g = std::sqrt(x.ad_pct * x.ad_pct + x.ef_pct * x.ef_pct);
    const double h = (g * x.latest) * (g * x.latest) / (sd * sd);
    const double a =
        (0.01 * x.latest + sd - (0.01 * x.base + sc)) / (0.01 * x.base + sc) * 100.0 - (sd - sc) / sc * 100.0;
    const double b = x.latest / sc;
    const double k = a * x.ef_pct;
    const double l = b * x.ad_pct * std::sqrt(2.0);
    const double m = k * k + l * l;
    r.combined_pct.push_back(g);
    r.variance_share.push_back(h);
    r.type_a.push_back(a);
    r.type_b.push_back(b);
    r.trend_from_ef.push_back(k);
    r.trend_from_ad.push_back(l);
    r.trend_variance.push_back(m);
    sum_h += h;
    sum_m += m;
  }
  r.uncertainty_pct = std::sqrt(sum_h);
  r.trend_uncertainty_pct = std::sqrt(sum_m);
  return r;
}

/// approach1() from columns (C, D, E, F of Table 3.3); shape_error when they
/// differ in length.
inline approach1_result approach1(const std::vector<double>& base, const std::vector<double>& latest,
                                  const std::vector<double>& ad_pct, const std::vector<double>& ef_pct) {
  const std::size_t n = base.size();
  if (latest.size() != n || ad_pct.size() != n || ef_pct.size() != n)
    throw shape_error("ghgtrack: approach1: the columns differ in length (base " + std::to_string(n) + ", latest " +
                      std::to_string(latest.size()) + ", AD " + std::to_string(ad_pct.size()) + ", EF " +
                      std::to_string(ef_pct.size()) + ")");
  std::vector<approach1_row> rows;
  rows.reserve(n);
  for (std::size_t i = 0; i < n; ++i) rows.push_back({base[i], latest[i], ad_pct[i], ef_pct[i]});
  return approach1(rows);
}

} // namespace ghgtrack

#endif
