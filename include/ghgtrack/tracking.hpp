// ghgtrack/tracking.hpp: targets and "how are we doing?".
//
// Targets are in target.hpp (one sign convention: -0.67 is a 67 % cut).
// track() resolves a target's milestones (year, allowed t CO2e) against the
// data: the base value from the data unless the target gives it; per-capita
// and intensity levels times options.scale (population or activity by year).
//
// track() compares an actual series with the target pathway (linear or
// constant-rate between the base and the milestones) and answers:
//  - pathway value and gap (t and %) for each actual year;
//  - the annual rate so far: compound (base to latest) and a log-linear fit
//    of the years since the base, with its confidence interval;
//  - the rate now required, from the latest year to each later milestone;
//  - the year the final milestone is reached on today's trend (the fit);
//  - the pathway's budget (cumulative base year to the last milestone), the
//    emissions spent so far (missing years in between interpolated linearly
//    and listed in `interpolated_years`), what remains, and budget_run_out:
//    the year it runs out if emissions follow the trend, "never" (not by
//    2200), "overspent since year Y", or "no trend" (fewer than 3 points);
//  - a nowcast of the years after the latest statistics, with intervals.
// Status rule (documented, and the same in the report): "on track" when the
// latest actual value is at or below the pathway AND the trend reaches the
// final milestone level by its year; "off track" when neither holds;
// otherwise "at risk" (tracking_status; name() gives the text).
// The year the final level is reached on the trend is fractional
// (year_reached); whole_year() turns it into the calendar year in which it
// is reached, the one rule for reports, JSON and summaries.
//
// Units: the series are plain doubles in t CO2e (bulk); budgets and levels
// in the result are units::co2e quantities.
#ifndef GHGTRACK_TRACKING_HPP
#define GHGTRACK_TRACKING_HPP

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ghgtrack/error.hpp"
#include "ghgtrack/pathway.hpp"
#include "ghgtrack/target.hpp"
#include "ghgtrack/trend.hpp"
#include "ghgtrack/units.hpp"

namespace ghgtrack {

/// The documented status rule (see above).
enum class tracking_status { on_track, at_risk, off_track };

/// "on track", "at risk" or "off track".
inline const char* name(tracking_status s) noexcept {
  switch (s) {
  case tracking_status::on_track: return "on track";
  case tracking_status::at_risk: return "at risk";
  case tracking_status::off_track: return "off track";
  }
  return "at risk";
}

/// The status rule: `below` (latest at or below the pathway) and `in_time`
/// (the trend reaches the final milestone level by its year).
inline tracking_status status_of(bool below, bool in_time) noexcept {
  if (below && in_time) return tracking_status::on_track;
  if (!below && !in_time) return tracking_status::off_track;
  return tracking_status::at_risk;
}

/// The calendar year in which a fractional year is reached: the first whole
/// year at or after it (within 1e-9, so 2030.0000000001 from rounding is
/// 2030). The one rounding rule of reports, JSON and summaries.
inline int whole_year(double year) { return static_cast<int>(std::ceil(year - 1e-9)); }

/// The last year searched for the year the budget runs out on the trend.
inline constexpr int run_out_horizon = 2200;

/// When the budget runs out on today's trend.
enum class run_out_state {
  runs_out,  ///< in `year` on the trend
  never,     ///< not before 2200 on the trend
  overspent, ///< already spent: cumulative emissions passed the budget in `year`
  no_trend   ///< fewer than 3 positive points from the base year: no trend to follow
};
inline const char* name(run_out_state s) noexcept {
  switch (s) {
  case run_out_state::runs_out: return "runs out";
  case run_out_state::never: return "never runs out";
  case run_out_state::overspent: return "overspent";
  case run_out_state::no_trend: return "no trend";
  }
  return "no trend";
}
struct budget_run_out {
  run_out_state state = run_out_state::no_trend;
  int year = 0; ///< runs_out: the year it runs out; overspent: the year it was passed; else 0
};

struct tracking_options {
  segment_shape shape = segment_shape::linear;
  cumulative_convention convention = cumulative_convention::annual_sum;
  int nowcast_until = 0; ///< nowcast the years after the data up to this one (0: none)
  double level = 0.95;   ///< interval probability
  /// Population (per-capita targets) or activity (intensity targets) by year:
  /// the base year and every milestone year.
  std::vector<std::pair<int, double>> scale;
  /// The last year of actual data. Years after it are a projection (a
  /// scenario): they never enter the trend, the rates, the spent budget or
  /// the status, and are reported apart (`projected_*`). Empty: every year
  /// is actual data.
  std::optional<int> last_actual_year;
};

struct tracking_result {
  int base_year = 0;
  units::co2e base_value{};          ///< absolute, base year
  std::vector<milestone> milestones; ///< resolved, absolute
  pathway path;                      ///< the target pathway used
  std::optional<trend_fit> fit;      ///< the log-linear trend used (empty: none)
  // per actual year from the base on (t CO2e)
  std::vector<int> years;
  std::vector<double> actual, pathway_value, gap, gap_pct;
  // rates (fractions per year)
  int latest_year = 0;
  double latest_value = 0.0;
  std::optional<double> compound_rate; ///< empty when the series changes sign (or hits zero)
  std::optional<double> fitted_rate, fitted_rate_lo, fitted_rate_hi;
  std::vector<milestone> upcoming;       ///< milestones after the latest year
  std::vector<double> required_rates;    ///< per upcoming milestone (NaN where the level is 0)
  std::optional<double> year_reached;    ///< on the trend; empty if never
  std::optional<int> year_reached_whole; ///< whole_year(year_reached)
  bool reached_in_time = false;
  // budget
  units::co2e budget{}, spent{}, remaining{};
  std::vector<int> interpolated_years; ///< years without data inside base..latest, interpolated for `spent`
  budget_run_out run_out;
  // nowcast
  std::vector<int> nowcast_years;
  std::vector<double> nowcast, nowcast_lo, nowcast_hi;
  tracking_status status = tracking_status::at_risk;
  // projection (years after tracking_options::last_actual_year), t CO2e
  std::vector<int> projected_years;
  std::vector<double> projected, projected_pathway, projected_gap;
  /// The first year, actual or projected, at or below the final milestone's
  /// level (empty: not within the data and the projection).
  std::optional<int> projected_year_met;
  /// Projected level minus the final milestone's level in its year (empty:
  /// the projection does not reach that year).
  std::optional<double> projected_gap_in_target_year;
};

/// Tracks `values_t_co2e` in `years` (increasing, may have gaps) against
/// `tgt`. The base year (the target's, else the first year) must be among
/// the years; only years from the base on enter the trend and the spent budget.
inline tracking_result track(const std::vector<int>& all_years, const std::vector<double>& values_t_co2e,
                             const target& tgt, const tracking_options& opt = {}) {
  if (all_years.size() != values_t_co2e.size())
    throw shape_error("ghgtrack: track(): " + std::to_string(all_years.size()) + " years and " +
                      std::to_string(values_t_co2e.size()) + " values");
  if (all_years.empty()) throw argument_error("ghgtrack: track(): give at least one (year, value)");
  for (std::size_t i = 0; i < all_years.size(); ++i) {
    if (i && all_years[i] <= all_years[i - 1])
      throw argument_error("ghgtrack: track(): years must increase (" + std::to_string(all_years[i]) + " follows " +
                           std::to_string(all_years[i - 1]) +
                           (opt.last_actual_year ? "; a projection starts after the last actual year " +
                                                       std::to_string(*opt.last_actual_year)
                                                 : std::string()) +
                           ")");
    if (!std::isfinite(values_t_co2e[i]))
      throw argument_error("ghgtrack: track(): the series has no value for " + std::to_string(all_years[i]));
  }
  // Actual data first; the projected years (if any) are handled at the end.
  std::size_t n_actual = all_years.size();
  if (opt.last_actual_year) {
    n_actual = static_cast<std::size_t>(std::upper_bound(all_years.begin(), all_years.end(), *opt.last_actual_year) -
                                        all_years.begin());
    if (n_actual == 0)
      throw argument_error("ghgtrack: track(): no actual data up to the last actual year " +
                           std::to_string(*opt.last_actual_year));
  }
  const std::vector<int> years(all_years.begin(), all_years.begin() + static_cast<std::ptrdiff_t>(n_actual));
  const std::vector<double> values(values_t_co2e.begin(),
                                   values_t_co2e.begin() + static_cast<std::ptrdiff_t>(n_actual));
  tgt.validate();
  const int base_year = tgt.base_year.value_or(years.front());
  const auto base_it = std::find(years.begin(), years.end(), base_year);
  if (base_it == years.end())
    throw argument_error("ghgtrack: the base year " + std::to_string(base_year) + " is not in the data (years " +
                         std::to_string(years.front()) + "-" + std::to_string(years.back()) + ")");
  const auto b = static_cast<std::size_t>(base_it - years.begin());
  tracking_result r;
  r.base_year = base_year;
  r.base_value = tgt.base_value.value_or(units::co2e::from_value(values[b]));
  double base_in_terms = r.base_value.value();
  if (tgt.kind == target_kind::per_capita || tgt.kind == target_kind::intensity)
    base_in_terms /= tgt.scale_at(opt.scale, base_year);
  r.milestones = tgt.milestones(units::co2e::from_value(base_in_terms), opt.scale);
  {
    std::vector<double> ys{static_cast<double>(base_year)}, vs{r.base_value.value()};
    for (const auto& m : r.milestones) {
      ys.push_back(m.year);
      vs.push_back(m.level.value());
    }
    r.path = pathway::through(ys, vs, opt.shape);
  }
  const pathway& path = r.path;
  std::vector<double> fy, fv; // from the base year on
  for (std::size_t i = b; i < years.size(); ++i) {
    const double p = path.at(years[i]);
    r.years.push_back(years[i]);
    r.actual.push_back(values[i]);
    r.pathway_value.push_back(p);
    r.gap.push_back(values[i] - p);
    r.gap_pct.push_back(p != 0.0 ? (values[i] - p) / std::fabs(p) * 100.0 : std::numeric_limits<double>::quiet_NaN());
    fy.push_back(years[i]);
    fv.push_back(values[i]);
  }
  r.latest_year = years.back();
  r.latest_value = values.back();
  if (r.latest_year > base_year) {
    try {
      r.compound_rate = annual_rate(base_year, values[b], r.latest_year, r.latest_value);
    } catch (const no_solution_error&) {
      r.compound_rate.reset(); // the series changes sign: no compound rate
    }
  }
  const bool positive = std::all_of(fv.begin(), fv.end(), [](double v) { return v > 0.0; });
  if (fy.size() >= 3 && positive) {
    r.fit = fit_trend(fy, fv, true);
    r.fitted_rate = r.fit->rate();
    const auto [lo, hi] = r.fit->rate_interval(opt.level);
    r.fitted_rate_lo = lo;
    r.fitted_rate_hi = hi;
  }
  for (const auto& m : r.milestones)
    if (m.year > r.latest_year) {
      r.upcoming.push_back(m);
      r.required_rates.push_back(
          m.level.value() > 0.0 && r.latest_value > 0.0
              ? required_rate(r.latest_year, units::co2e::from_value(r.latest_value), m.year, m.level)
              : std::numeric_limits<double>::quiet_NaN());
    }
  const milestone& fin = r.milestones.back();
  const double fin_level = fin.level.value();
  if (r.fit) {
    const auto& fit = *r.fit;
    if (fit.predict(fin.year) <= fin_level) {
      r.year_reached = fit.year_reaching(fin_level);
      r.reached_in_time = true;
    } else if (fit.slope < 0.0) {
      r.year_reached = fit.year_reaching(fin_level);
    }
    if (r.year_reached && *r.year_reached < r.latest_year && r.latest_value > fin_level) r.year_reached.reset();
  }
  if (!r.fit && r.latest_value <= fin_level) {
    // No trend to follow (fewer than 3 points, or a zero or negative value),
    // but the final level is already reached: reached in the first year
    // from which every value stays at or below it (an all-zero series
    // against a level target has reached it in its base year).
    std::size_t k = fv.size();
    while (k > 0 && fv[k - 1] <= fin_level) --k;
    r.year_reached = fy[k];
    r.reached_in_time = true;
  }
  if (r.year_reached) r.year_reached_whole = whole_year(*r.year_reached);
  // Budget: the pathway from the base year to the final milestone.
  const double budget = path.cumulative_t(base_year, fin.year, opt.convention);
  const bool trap = opt.convention == cumulative_convention::trapezoid;
  // Spent: the actual series, linear between data years (listed when interpolated).
  double cum = 0.0, spent = 0.0, first = fv.front();
  bool overspent = false;
  for (std::size_t k = 0; k < fy.size(); ++k) {
    const int y0 = static_cast<int>(fy[k]);
    const int y1 = k + 1 < fy.size() ? static_cast<int>(fy[k + 1]) : y0 + 1;
    for (int y = y0; y < y1; ++y) {
      if (y != y0) r.interpolated_years.push_back(y);
      const double v = y == y0 ? fv[k] : fv[k] + (fv[k + 1] - fv[k]) * (y - y0) / double(y1 - y0);
      cum += v;
      const double so_far = trap ? cum - 0.5 * (first + v) : cum;
      if (!overspent && so_far > budget) {
        overspent = true;
        r.run_out = {run_out_state::overspent, y};
      }
      if (y == r.latest_year) spent = so_far;
    }
  }
  r.budget = units::co2e::from_value(budget);
  r.spent = units::co2e::from_value(spent);
  r.remaining = units::co2e::from_value(budget - spent);
  if (r.fit) {
    const auto& fit = *r.fit;
    if (!overspent) {
      r.run_out = {run_out_state::never, 0};
      double c = spent + (trap ? 0.5 * r.latest_value : 0.0);
      for (int y = r.latest_year + 1; y <= run_out_horizon; ++y) {
        const double v = fit.predict(y);
        if (c + (trap ? 0.5 * v : v) > budget) {
          r.run_out = {run_out_state::runs_out, y};
          break;
        }
        c += v;
      }
    }
    for (int y = r.latest_year + 1; y <= opt.nowcast_until; ++y) {
      const auto [lo, hi] = fit.prediction_interval(y, opt.level);
      r.nowcast_years.push_back(y);
      r.nowcast.push_back(fit.predict(y));
      r.nowcast_lo.push_back(lo);
      r.nowcast_hi.push_back(hi);
    }
  }
  r.status = status_of(r.latest_value <= path.at(r.latest_year), r.reached_in_time);
  // The projection: gap to the pathway per projected year, the first year at
  // or below the final level, and the gap left in the target year.
  for (std::size_t i = n_actual; i < all_years.size(); ++i) {
    const double p = path.at(all_years[i]);
    r.projected_years.push_back(all_years[i]);
    r.projected.push_back(values_t_co2e[i]);
    r.projected_pathway.push_back(p);
    r.projected_gap.push_back(values_t_co2e[i] - p);
    if (all_years[i] == fin.year) r.projected_gap_in_target_year = values_t_co2e[i] - fin_level;
  }
  for (std::size_t i = b; i < all_years.size(); ++i)
    if (values_t_co2e[i] <= fin_level) {
      r.projected_year_met = all_years[i];
      break;
    }
  return r;
}

} // namespace ghgtrack

#endif
