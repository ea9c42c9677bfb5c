// ghgtrack/target_probability.hpp: the probability of meeting a target and
// of keeping within the budget, from the Monte Carlo inventory totals
// (monte_carlo.hpp) and the log-linear trend tracking fitted (trend.hpp).
//
// Per iteration i: the target level is (1 + change) x the drawn base total
// B_i (change is the signed target change, -0.67 for a 67 % cut); the drawn
// latest total L_i grows to the target year at a drawn slope s_i ~ N(b,
// se(b)^2) (b the fitted log-linear slope, se its standard error), and its
// target-year value carries a drawn residual exp(e_i), e_i ~ N(0, s^2) (s
// the residual standard deviation of the fit). The target is met when that
// value is at most the target level; the budget holds when the cumulative
// emissions from the year after the latest to the target year stay within
// the remaining budget scaled like the base total (remaining x B_i /
// base_total). The draws use their own xoshiro256** stream (seed, 0x7A2),
// so the result depends only on the seed and the inputs.
#ifndef GHGTRACK_TARGET_PROBABILITY_HPP
#define GHGTRACK_TARGET_PROBABILITY_HPP

#include <Eigen/Core>

#include <cmath>
#include <cstdint>
#include <string>

#include "ghgtrack/error.hpp"
#include "ghgtrack/monte_carlo.hpp"
#include "ghgtrack/trend.hpp"

namespace ghgtrack {

/// What is asked of the Monte Carlo totals.
struct target_question {
  double base_total = 0.0;       ///< point estimate of the base-year total, t CO2e (scales the budget)
  int latest_year = 0;           ///< the year of the latest totals
  int target_year = 0;           ///< after latest_year
  double change = 0.0;           ///< signed change of the target from the base: -0.67 = a 67 % cut
  double remaining_budget = 0.0; ///< t CO2e from the year after latest_year to target_year
  std::uint64_t seed = 20091;
};

struct target_outcomes {
  Eigen::ArrayXd target_year_emissions; ///< per iteration, t CO2e
  double probability_met = 0.0;
  double probability_budget = 0.0;
};

/// The outcomes of `q` for every iteration of `mc`, on the trend `fit`
/// (which must be log-linear: tracking's fit). argument_error for a target
/// year not after the latest, a base total that is not positive, a change
/// whose magnitude is above 1 (write -0.67 for a 67 % cut), a linear fit or
/// an empty result.
template <class = void>
inline target_outcomes target_probability(const mc_result& mc, const trend_fit& fit, const target_question& q) {
  if (q.target_year <= q.latest_year)
    throw argument_error("ghgtrack: target_probability: the target year (" + std::to_string(q.target_year) +
                         ") must come after the latest year (" + std::to_string(q.latest_year) + ")");
  if (!(q.base_total > 0.0) || !std::isfinite(q.base_total))
    throw argument_error("ghgtrack: target_probability: the base-year total must be positive");
  if (!(std::fabs(q.change) <= 1.0))
    throw argument_error("ghgtrack: target_probability: the target change must be a signed fraction between -1 "
                         "and 1, not " +
                         std::to_string(q.change) + "; write -0.67 or '-67%' for a 67 % cut");
  if (!fit.log_scale)
    throw argument_error("ghgtrack: target_probability: the trend must be a log-linear fit (as tracking fits)");
  // As tracking: a trend needs at least 3 points. Through 2 points the fit
  // is exact, so its slope's standard error and scatter would read as zero
  // (a certainty the data do not give).
  if (fit.n < 3)
    throw argument_error("ghgtrack: target_probability: the trend is fitted to " + std::to_string(fit.n) +
                         " point(s); its uncertainty needs at least 3 years of data (as track() needs for a trend)");
  if (mc.base.size() == 0 || mc.base.size() != mc.latest.size())
    throw shape_error("ghgtrack: target_probability: no Monte Carlo iterations");
  const auto n = mc.base.size();
  target_outcomes o;
  o.target_year_emissions.resize(n);
  detail::xoshiro256 rng(q.seed, 0x7A2);
  const int h = q.target_year - q.latest_year;
  Eigen::Index met = 0, holds = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double s = fit.slope + fit.slope_se * rng.normal();
    const double eps = fit.residual_sd * rng.normal();
    double cum = 0.0;
    double value = mc.latest[i];
    const double growth = std::exp(s);
    for (int k = 1; k <= h; ++k) {
      value *= growth;
      cum += value;
    }
    const double final_value = value * std::exp(eps);
    o.target_year_emissions[i] = final_value;
    if (final_value <= (1.0 + q.change) * mc.base[i]) ++met;
    if (cum <= q.remaining_budget * (mc.base[i] / q.base_total)) ++holds;
  }
  o.probability_met = static_cast<double>(met) / static_cast<double>(n);
  o.probability_budget = static_cast<double>(holds) / static_cast<double>(n);
  return o;
}

} // namespace ghgtrack

#endif
