// ghgtrack/trend.hpp: linear and log-linear trend fits with intervals.
//
// Ordinary least squares of y (linear) or ln y (log-linear) on the year.
// Confidence intervals of the slope and prediction intervals of a new
// year's value use Student's t with n - 2 degrees of freedom (e.g. Montgomery
// & Runger, Applied Statistics and Probability for Engineers, ch. 11):
//   se(b)      = s / sqrt(Sxx)
//   PI(x0)     = y^(x0) +- t * s * sqrt(1 + 1/n + (x0 - x_mean)^2 / Sxx)
// where s^2 is the residual variance. A log-linear fit turns its slope b
// into an annual rate exp(b) - 1 and its intervals back with exp().
//
// annual_rate() is the compound rate between two values of the same sign,
// (v1 / v0)^(1 / (y1 - y0)) - 1, as pyam's growth rate: a net sink going from
// -100 to -50 t shrinks at the rate it gives (-0.5 over one year). A change
// of sign (or a zero) has no compound rate: no_solution_error.
#ifndef GHGTRACK_TREND_HPP
#define GHGTRACK_TREND_HPP

#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "ghgtrack/detail/student_t.hpp"
#include "ghgtrack/error.hpp"

namespace ghgtrack {

/// A least-squares line y = intercept + slope * (year - x_mean).
struct trend_fit {
  bool log_scale = false; ///< fitted to ln(value)
  double intercept = 0.0; ///< at x_mean, on the fitted scale
  double slope = 0.0;     ///< per year, on the fitted scale
  double slope_se = 0.0;  ///< standard error of the slope
  double residual_sd = 0.0;
  double x_mean = 0.0;
  double sxx = 0.0;
  int n = 0;

  /// Student's t quantile for a two-sided interval of probability `level`.
  double t_quantile(double level) const {
    if (!(level > 0.0 && level < 1.0))
      throw argument_error("ghgtrack: an interval level must lie in (0, 1), e.g. 0.95 (got " + std::to_string(level) +
                           ")");
    if (n < 3) throw no_solution_error("ghgtrack: intervals need at least 3 points (got " + std::to_string(n) + ")");
    return detail::student_t_two_sided_quantile(level, n - 2);
  }

  /// The fitted value in `year` (back on the value scale).
  double predict(double year) const {
    const double y = intercept + slope * (year - x_mean);
    return log_scale ? std::exp(y) : y;
  }

  /// Prediction interval for a new value in `year`.
  std::pair<double, double> prediction_interval(double year, double level = 0.95) const {
    const double y = intercept + slope * (year - x_mean);
    const double d = year - x_mean;
    const double half = t_quantile(level) * residual_sd * std::sqrt(1.0 + 1.0 / n + d * d / sxx);
    if (log_scale) return {std::exp(y - half), std::exp(y + half)};
    return {y - half, y + half};
  }

  /// Confidence interval of the slope.
  std::pair<double, double> slope_interval(double level = 0.95) const {
    const double half = t_quantile(level) * slope_se;
    return {slope - half, slope + half};
  }

  /// Annual rate of a log-linear fit: exp(slope) - 1 (e.g. -0.03 = -3 %/yr).
  double rate() const {
    if (!log_scale) throw no_solution_error("ghgtrack: rate() needs a log-linear fit");
    return std::expm1(slope);
  }
  std::pair<double, double> rate_interval(double level = 0.95) const {
    const auto [lo, hi] = slope_interval(level);
    return {std::expm1(lo), std::expm1(hi)};
  }

  /// The year the fitted line reaches `level`, if it ever does going forward.
  std::optional<double> year_reaching(double level) const {
    double y = level;
    if (log_scale) {
      if (!(level > 0.0)) return std::nullopt; // an exponential never reaches zero
      y = std::log(level);
    }
    if (slope == 0.0) return std::nullopt;
    return x_mean + (y - intercept) / slope;
  }

  /// Predictions for `years`; the interval bounds are filled only when the
  /// fit has at least 3 points (else they stay empty).
  struct prediction {
    std::vector<double> years, value, lo, hi;
  };
  prediction predict_many(const std::vector<double>& years, double level = 0.95) const {
    prediction p;
    p.years = years;
    for (double y : years) {
      p.value.push_back(predict(y));
      if (n >= 3) {
        const auto [a, b] = prediction_interval(y, level);
        p.lo.push_back(a);
        p.hi.push_back(b);
      }
    }
    return p;
  }
};

/// The compound annual rate from v0 in y0 to v1 in y1 for two values of the
/// same sign (see above). Throws no_solution_error when they differ in sign
/// or one is zero, argument_error when y1 is not after y0.
inline double annual_rate(double y0, double v0, double y1, double v1) {
  if (!(y1 > y0))
    throw argument_error("ghgtrack: annual_rate: the end year (" + std::to_string(y1) +
                         ") must come after the start year (" + std::to_string(y0) + ")");
  if (!(v0 > 0.0 && v1 > 0.0) && !(v0 < 0.0 && v1 < 0.0))
    throw no_solution_error("ghgtrack: no compound rate between " + std::to_string(v0) + " (" + std::to_string(y0) +
                            ") and " + std::to_string(v1) + " (" + std::to_string(y1) +
                            "): the values must have the same sign and not be zero");
  return std::pow(v1 / v0, 1.0 / (y1 - y0)) - 1.0;
}

/// Fits a line to (years, values); `log_scale` fits ln(value) (all values
/// must then be positive). Needs at least 2 points with different years.
inline trend_fit fit_trend(const std::vector<double>& years, const std::vector<double>& values, bool log_scale) {
  if (years.size() != values.size())
    throw shape_error("ghgtrack: fit_trend: " + std::to_string(years.size()) + " years and " +
                      std::to_string(values.size()) + " values");
  const auto n = static_cast<int>(years.size());
  if (n < 2) throw no_solution_error("ghgtrack: a trend needs at least 2 points");
  std::vector<double> y(values);
  if (log_scale)
    for (std::size_t i = 0; i < y.size(); ++i) {
      if (!(y[i] > 0.0))
        throw no_solution_error("ghgtrack: a log-linear trend needs positive values (year " + std::to_string(years[i]) +
                                " has " + std::to_string(values[i]) + ")");
      y[i] = std::log(y[i]);
    }
  trend_fit f;
  f.log_scale = log_scale;
  f.n = n;
  double xm = 0.0, ym = 0.0;
  for (int i = 0; i < n; ++i) {
    xm += years[static_cast<std::size_t>(i)];
    ym += y[static_cast<std::size_t>(i)];
  }
  xm /= n;
  ym /= n;
  double sxx = 0.0, sxy = 0.0;
  for (int i = 0; i < n; ++i) {
    const double dx = years[static_cast<std::size_t>(i)] - xm;
    sxx += dx * dx;
    sxy += dx * (y[static_cast<std::size_t>(i)] - ym);
  }
  if (!(sxx > 0.0)) throw no_solution_error("ghgtrack: a trend needs at least 2 different years");
  f.x_mean = xm;
  f.sxx = sxx;
  f.slope = sxy / sxx;
  f.intercept = ym;
  double sse = 0.0;
  for (int i = 0; i < n; ++i) {
    const double r = y[static_cast<std::size_t>(i)] - (ym + f.slope * (years[static_cast<std::size_t>(i)] - xm));
    sse += r * r;
  }
  f.residual_sd = n > 2 ? std::sqrt(sse / (n - 2)) : 0.0;
  f.slope_se = f.residual_sd / std::sqrt(sxx);
  return f;
}

} // namespace ghgtrack

#endif
