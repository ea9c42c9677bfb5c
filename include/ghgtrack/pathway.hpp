// ghgtrack/pathway.hpp: reduction pathways, carbon budgets and their inverses.
//
// A pathway is emissions (t CO2e/yr) as a function of a continuous year. It
// is a chain of segments between anchor points, each with a shape:
//   linear          e(t) = e_a + (e_b - e_a) (t - t_a) / (t_b - t_a)
//   constant rate   e(t) = e_a (e_b / e_a)^((t - t_a) / (t_b - t_a)),
//                   i.e. the same percentage change every year
//   logistic        an S-curve through both anchors (slow, fast, slow)
// Before the first anchor the pathway holds the first value. After the last
// it holds the last value, or, for an open-ended constant-rate pathway (a
// rate or a budget with no end year), keeps falling at that rate. Every
// shape passes exactly through its anchors.
//
// Cumulative emissions have two conventions, stated by the caller:
//   annual_sum  the sum of the values at whole years first..last, both
//               included (what pyam's cumulative() computes, with linear
//               interpolation for years without data);
//   trapezoid   the trapezoid rule over the same annual points, which is the
//               annual sum less half the first and the last value.
//
// Rates are fractions per year, negative for a reduction: -0.1 is -10 %/yr.
// A rate must lie in (-1, 1).
//
// Units: single levels (a start or end value, a milestone, a budget) are
// units::co2e quantities, so a mass (t CH4) or a pathway whose two ends have
// different units does not compile (tests/compile_fail). Bulk series
// (through(), continued(), at(), operator()) are plain doubles in t CO2e/yr.
//
// A pathway is a TARGET path: it holds its end values outside its anchors.
// For actual data with gaps use interpolate() (series.hpp), which leaves
// years outside the data missing unless a fill is named.
#ifndef GHGTRACK_PATHWAY_HPP
#define GHGTRACK_PATHWAY_HPP

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ghgtrack/error.hpp"
#include "ghgtrack/units.hpp"

namespace ghgtrack {

/// How cumulative emissions over whole years are counted (see above).
enum class cumulative_convention { annual_sum, trapezoid };

/// How a segment between two anchors is shaped.
enum class segment_shape { linear, constant_rate, logistic };

/// The name of a convention: "annual_sum" or "trapezoid".
inline const char* name(cumulative_convention c) noexcept {
  return c == cumulative_convention::trapezoid ? "trapezoid" : "annual_sum";
}
/// The name of a shape: "linear", "constant_rate" or "logistic".
inline const char* name(segment_shape s) noexcept {
  switch (s) {
  case segment_shape::linear: return "linear";
  case segment_shape::constant_rate: return "constant_rate";
  case segment_shape::logistic: return "logistic";
  }
  return "linear";
}
/// The convention named `text` ("annual_sum" or "trapezoid"); argument_error otherwise.
inline cumulative_convention parse_cumulative_convention(std::string_view text) {
  if (text == "annual_sum") return cumulative_convention::annual_sum;
  if (text == "trapezoid") return cumulative_convention::trapezoid;
  throw argument_error("ghgtrack: a cumulative convention is 'annual_sum' or 'trapezoid', not '" + std::string(text) +
                       "'");
}
/// The shape named `text` ("linear", "constant_rate", "logistic" or its
/// alias "s_curve"); argument_error otherwise.
inline segment_shape parse_segment_shape(std::string_view text) {
  if (text == "linear") return segment_shape::linear;
  if (text == "constant_rate") return segment_shape::constant_rate;
  if (text == "logistic" || text == "s_curve") return segment_shape::logistic;
  throw argument_error("ghgtrack: a segment shape is 'linear', 'constant_rate' or 'logistic' ('s_curve'), not '" +
                       std::string(text) + "'");
}

namespace detail {
inline void check_rate(double rate) {
  if (!(rate > -1.0 && rate < 1.0))
    throw argument_error("ghgtrack: a rate must lie in (-1, 1) as a fraction per year (got " + std::to_string(rate) +
                         "; -0.1 means -10 % per year)");
}
inline void check_year_order(double y0, double y1, const char* what) {
  if (!(y1 > y0))
    throw argument_error(std::string("ghgtrack: ") + what + ": the end year (" + std::to_string(y1) +
                         ") must come after the start year (" + std::to_string(y0) + ")");
}
} // namespace detail

class pathway {
public:
  struct segment {
    double t0, e0, t1, e1;
    segment_shape shape;
    double k = 0.0;   // logistic steepness (1/yr)
    double mid = 0.0; // logistic midpoint (year)
  };

  pathway() = default;

  // -- construction ---------------------------------------------------------
  /// Straight line from (y0, e0) to (y1, e1); holds e1 afterwards.
  static pathway linear(double y0, units::co2e start, double y1, units::co2e end) {
    detail::check_year_order(y0, y1, "linear pathway");
    const double e0 = start.value(), e1 = end.value();
    pathway p;
    p.segments_.push_back({y0, e0, y1, e1, segment_shape::linear});
    return p;
  }

  /// The same percentage change every year from (y0, e0), open-ended.
  static pathway constant_rate(double y0, units::co2e start, double rate) {
    detail::check_rate(rate);
    const double e0 = start.value();
    if (!(e0 > 0.0)) throw argument_error("ghgtrack: a constant-rate pathway needs a positive start value");
    pathway p;
    p.segments_.push_back({y0, e0, y0 + 1.0, e0 * (1.0 + rate), segment_shape::constant_rate});
    p.tail_rate_ = rate;
    return p;
  }

  /// Constant rate from (y0, e0) reaching e1 exactly in y1; holds e1 after.
  static pathway constant_rate_to(double y0, units::co2e start, double y1, units::co2e end) {
    detail::check_year_order(y0, y1, "constant-rate pathway");
    const double e0 = start.value(), e1 = end.value();
    if (!(e0 > 0.0) || !(e1 > 0.0))
      throw no_solution_error("ghgtrack: a constant rate never reaches zero; give a positive "
                              "target level or use a linear pathway");
    pathway p;
    p.segments_.push_back({y0, e0, y1, e1, segment_shape::constant_rate});
    return p;
  }

  /// S-curve from (y0, e0) to (y1, e1): a logistic in time, rescaled so it
  /// passes exactly through both anchors. `midpoint` (default: halfway) is
  /// where the change is fastest; `steepness` (1/yr, default 8 / (y1 - y0))
  /// how abrupt it is.
  static pathway s_curve(double y0, units::co2e start, double y1, units::co2e end,
                         std::optional<double> midpoint = std::nullopt,
                         std::optional<double> steepness = std::nullopt) {
    detail::check_year_order(y0, y1, "S-curve pathway");
    const double e0 = start.value(), e1 = end.value();
    const double k = steepness.value_or(8.0 / (y1 - y0));
    if (!(k > 0.0)) throw argument_error("ghgtrack: S-curve steepness must be positive (1/yr)");
    const double mid = midpoint.value_or(0.5 * (y0 + y1));
    pathway p;
    p.segments_.push_back({y0, e0, y1, e1, segment_shape::logistic, k, mid});
    return p;
  }

  /// Through milestones (years strictly increasing; values in t CO2e/yr),
  /// each segment linear or constant-rate; holds the first value before and
  /// the last value after (a target path; for data see interpolate()).
  static pathway through(const std::vector<double>& years, const std::vector<double>& values_t_co2e,
                         segment_shape shape = segment_shape::linear) {
    const auto& values = values_t_co2e;
    if (years.size() != values.size())
      throw shape_error("ghgtrack: a pathway through milestones needs as many values (" +
                        std::to_string(values.size()) + ") as years (" + std::to_string(years.size()) + ")");
    if (years.size() < 2)
      throw argument_error("ghgtrack: a pathway through milestones needs at least two (year, value) pairs");
    if (shape == segment_shape::logistic)
      throw argument_error("ghgtrack: milestones take 'linear' or 'constant_rate' segments, not 'logistic'");
    pathway p;
    for (std::size_t i = 1; i < years.size(); ++i) {
      detail::check_year_order(years[i - 1], years[i], "milestone pathway");
      if (shape == segment_shape::constant_rate && (!(values[i - 1] > 0.0) || !(values[i] > 0.0)))
        throw no_solution_error("ghgtrack: constant-rate segments need positive milestones (" +
                                std::to_string(years[i]) + ")");
      p.segments_.push_back({years[i - 1], values[i - 1], years[i], values[i], shape});
    }
    return p;
  }

  /// Constant rate from (y0, e0) that spends exactly `budget` (t CO2e) from
  /// y0 on: over all future years when `last_year` is empty (closed form:
  /// rate = -e0 / budget for the annual sum), else over y0..last_year.
  /// The Tyndall Centre's method for local carbon budgets (Kuriakose et al.,
  /// "Setting Climate Commitments", Tyndall Carbon Budget Reports).
  static pathway from_budget(double y0, units::co2e start, units::co2e budget,
                             std::optional<int> last_year = std::nullopt,
                             cumulative_convention conv = cumulative_convention::annual_sum);

  /// Actual data continued by a pathway: linear between the data points up
  /// to the last one, then `future`, which must start at the last point.
  static pathway continued(const std::vector<double>& years, const std::vector<double>& values_t_co2e,
                           const pathway& future) {
    const auto& values = values_t_co2e;
    if (years.size() != values.size())
      throw shape_error("ghgtrack: continued(): " + std::to_string(years.size()) + " years and " +
                        std::to_string(values.size()) + " values");
    if (years.empty()) throw argument_error("ghgtrack: continued(): give at least one (year, value) pair");
    pathway p;
    for (std::size_t i = 1; i < years.size(); ++i) {
      detail::check_year_order(years[i - 1], years[i], "actual series");
      p.segments_.push_back({years[i - 1], values[i - 1], years[i], values[i], segment_shape::linear});
    }
    if (future.segments_.empty()) throw argument_error("ghgtrack: continued(): empty pathway");
    const auto& f = future.segments_.front();
    if (std::fabs(f.t0 - years.back()) > 1e-9 ||
        std::fabs(f.e0 - values.back()) > 1e-9 * std::max(1.0, std::fabs(values.back())))
      throw argument_error("ghgtrack: continued(): the pathway must start at the last actual point (" +
                           std::to_string(years.back()) + ", " + std::to_string(values.back()) + ")");
    p.segments_.insert(p.segments_.end(), future.segments_.begin(), future.segments_.end());
    p.tail_rate_ = future.tail_rate_;
    return p;
  }

  // -- evaluation ---------------------------------------------------------------
  const std::vector<segment>& segments() const noexcept { return segments_; }
  std::optional<double> tail_rate() const noexcept { return tail_rate_; }
  double start_year() const { return front().t0; }
  units::co2e start_value() const { return units::co2e::from_value(front().e0); }
  /// The anchors (year, t CO2e/yr) in order: the start of every segment and the end of the last.
  std::vector<std::pair<double, double>> anchors() const {
    std::vector<std::pair<double, double>> out;
    for (const auto& s : segments_) {
      if (out.empty()) out.emplace_back(s.t0, s.e0);
      out.emplace_back(s.t1, s.e1);
    }
    return out;
  }

  /// Emissions in `year` (t CO2e/yr); exact at every anchor.
  double at(double year) const {
    const auto& segs = segments_;
    if (segs.empty()) throw argument_error("ghgtrack: an empty pathway has no values");
    if (!(year > segs.front().t0)) return segs.front().e0;
    const auto& last = segs.back();
    if (year >= last.t1) {
      if (tail_rate_) return last.e1 * std::pow(1.0 + *tail_rate_, year - last.t1);
      return last.e1;
    }
    // Few segments: a linear scan beats a binary search here.
    for (const auto& s : segs)
      if (year < s.t1) return eval(s, year);
    return last.e1;
  }

  /// Emissions (t CO2e/yr) for every year in `years`: any array with
  /// size() and operator[] (std::vector<double>, Eigen::ArrayXd, ...), and
  /// the result has its type. A template so that this header needs no Eigen.
  template <class Years>
  Years operator()(const Years& years) const {
    Years out(years);
    for (decltype(years.size()) i = 0; i < years.size(); ++i) out[i] = at(static_cast<double>(years[i]));
    return out;
  }

  /// Cumulative emissions over whole years first..last (both included).
  units::co2e cumulative(int first, int last, cumulative_convention conv = cumulative_convention::annual_sum) const {
    return units::co2e::from_value(cumulative_t(first, last, conv));
  }
  /// cumulative() as a plain number of t CO2e (for bulk work).
  double cumulative_t(int first, int last, cumulative_convention conv = cumulative_convention::annual_sum) const {
    if (last < first)
      throw argument_error("ghgtrack: cumulative(): last year " + std::to_string(last) + " is before first year " +
                           std::to_string(first));
    double sum = 0.0, comp = 0.0; // Neumaier: long horizons, mixed magnitudes
    for (int y = first; y <= last; ++y) {
      const double v = at(y);
      const double t = sum + v;
      comp += (std::fabs(sum) >= std::fabs(v)) ? (sum - t) + v : (v - t) + sum;
      sum = t;
    }
    sum += comp;
    if (conv == cumulative_convention::trapezoid) sum -= 0.5 * (at(first) + at(last));
    return sum;
  }

  /// The first year (continuous) from the start at which the pathway reaches
  /// `level` (falls to it, or rises to it); empty if it never does.
  std::optional<double> year_reaching(units::co2e level_q) const {
    const double level = level_q.value();
    const auto& segs = segments_;
    if (segs.empty()) return std::nullopt;
    if (segs.front().e0 == level) return segs.front().t0;
    for (const auto& s : segs) {
      const double lo = std::min(s.e0, s.e1), hi = std::max(s.e0, s.e1);
      if (level < lo || level > hi || s.e0 == s.e1) continue;
      return solve(s, level);
    }
    if (tail_rate_) {
      const auto& last = segs.back();
      const double r = *tail_rate_;
      if (level > 0.0 && ((r < 0.0 && level < last.e1) || (r > 0.0 && level > last.e1)))
        return last.t1 + std::log(level / last.e1) / std::log1p(r);
    }
    return std::nullopt;
  }

private:
  const segment& front() const {
    if (segments_.empty()) throw argument_error("ghgtrack: an empty pathway has no start");
    return segments_.front();
  }

  static double logistic(const segment& s, double t) { return 1.0 / (1.0 + std::exp(s.k * (t - s.mid))); }

  static double eval(const segment& s, double t) {
    const double f = (t - s.t0) / (s.t1 - s.t0);
    switch (s.shape) {
    case segment_shape::linear: return s.e0 + (s.e1 - s.e0) * f;
    case segment_shape::constant_rate: return s.e0 * std::pow(s.e1 / s.e0, f);
    case segment_shape::logistic: {
      const double l0 = logistic(s, s.t0), l1 = logistic(s, s.t1);
      return s.e1 + (s.e0 - s.e1) * (logistic(s, t) - l1) / (l0 - l1);
    }
    }
    return s.e1;
  }

  static double solve(const segment& s, double level) {
    switch (s.shape) {
    case segment_shape::linear: return s.t0 + (level - s.e0) / (s.e1 - s.e0) * (s.t1 - s.t0);
    case segment_shape::constant_rate: return s.t0 + std::log(level / s.e0) / std::log(s.e1 / s.e0) * (s.t1 - s.t0);
    case segment_shape::logistic: {
      const double l0 = logistic(s, s.t0), l1 = logistic(s, s.t1);
      const double l = l1 + (level - s.e1) / (s.e0 - s.e1) * (l0 - l1);
      return s.mid + std::log(1.0 / l - 1.0) / s.k;
    }
    }
    return s.t1;
  }

  std::vector<segment> segments_;
  std::optional<double> tail_rate_;
};

// -- inverse solves --------------------------------------------------------------

/// The constant annual rate taking e0 in y0 to e1 in y1:
/// (e1 / e0)^(1 / (y1 - y0)) - 1. Throws for non-positive levels (a constant
/// rate never reaches zero) or years out of order.
inline double required_rate(double y0, units::co2e start, double y1, units::co2e end) {
  detail::check_year_order(y0, y1, "required_rate");
  const double e0 = start.value(), e1 = end.value();
  if (!(e0 > 0.0)) throw no_solution_error("ghgtrack: required_rate: the start level must be positive");
  if (!(e1 > 0.0))
    throw no_solution_error("ghgtrack: required_rate: a constant rate never reaches zero; "
                            "give a positive target level (or use a linear pathway)");
  return std::pow(e1 / e0, 1.0 / (y1 - y0)) - 1.0;
}

/// The budget a constant rate spends from y0 (value e0) on: over all
/// future years when `last_year` is empty (needs a reduction), else y0..last_year.
inline units::co2e budget_of_rate(double y0, units::co2e start, double rate,
                                  std::optional<int> last_year = std::nullopt,
                                  cumulative_convention conv = cumulative_convention::annual_sum) {
  detail::check_rate(rate);
  const double e0 = start.value();
  const double q = 1.0 + rate;
  double sum;
  if (!last_year) {
    if (!(rate < 0.0))
      throw no_solution_error("ghgtrack: budget_of_rate: with no end year the rate must be a reduction");
    sum = e0 / (1.0 - q); // geometric series e0 (1 + q + q^2 + ...)
    if (conv == cumulative_convention::trapezoid) sum -= 0.5 * e0;
    return units::co2e::from_value(sum);
  }
  const double n = static_cast<double>(*last_year) - y0 + 1.0;
  if (!(n >= 1.0)) throw argument_error("ghgtrack: budget_of_rate: the last year is before the start");
  sum = (q == 1.0) ? e0 * n : e0 * (1.0 - std::pow(q, n)) / (1.0 - q);
  if (conv == cumulative_convention::trapezoid) sum -= 0.5 * (e0 + e0 * std::pow(q, n - 1.0));
  return units::co2e::from_value(sum);
}

/// The constant rate that spends exactly `budget` from y0 (value e0) on.
/// Closed form with no end year (annual sum: rate = -e0 / budget); with an
/// end year the geometric sum is solved by bisection (it is monotone in the
/// rate). Throws when no rate in (-1, 1) does it.
inline double rate_for_budget(double y0, units::co2e start, units::co2e budget_q,
                              std::optional<int> last_year = std::nullopt,
                              cumulative_convention conv = cumulative_convention::annual_sum) {
  const double e0 = start.value(), budget = budget_q.value();
  if (!(budget > 0.0)) throw argument_error("ghgtrack: a carbon budget must be positive (t CO2e)");
  if (!(e0 > 0.0)) throw argument_error("ghgtrack: the start level must be positive (t CO2e/yr)");
  if (!last_year) {
    // annual_sum: e0 / (1 - q) = B;  trapezoid: e0 / (1 - q) - e0 / 2 = B.
    const double denom = conv == cumulative_convention::annual_sum ? budget / e0 : budget / e0 + 0.5;
    const double rate = -1.0 / denom;
    if (!(rate > -1.0))
      throw no_solution_error("ghgtrack: the budget (" + std::to_string(budget) +
                              " t) is smaller than one year's emissions; no pathway fits");
    return rate;
  }
  double lo = -1.0 + 1e-12, hi = 1.0 - 1e-12;
  const double b_lo = budget_of_rate(y0, start, lo, last_year, conv).value();
  const double b_hi = budget_of_rate(y0, start, hi, last_year, conv).value();
  if (budget < b_lo || budget > b_hi)
    throw no_solution_error("ghgtrack: no constant rate in (-1, 1) spends exactly " + std::to_string(budget) +
                            " t by " + std::to_string(*last_year) + " (possible: " + std::to_string(b_lo) + " to " +
                            std::to_string(b_hi) + " t)");
  for (int i = 0; i < 200 && hi - lo > 1e-15; ++i) {
    const double mid = 0.5 * (lo + hi);
    (budget_of_rate(y0, start, mid, last_year, conv).value() < budget ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

inline pathway pathway::from_budget(double y0, units::co2e start, units::co2e budget, std::optional<int> last_year,
                                    cumulative_convention conv) {
  const double rate = rate_for_budget(y0, start, budget, last_year, conv);
  return constant_rate(y0, start, rate);
}

} // namespace ghgtrack

#endif
