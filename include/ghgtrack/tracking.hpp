// ghgtrack/tracking.hpp: targets and "how are we doing?".
//
// A target is a base year with its emissions and one or more milestones
// (year, allowed level in t CO2e). Every common kind of target reduces to
// that: "-67 % by 2030 vs 2009" is the level 0.33 x base in 2030; a fixed
// level is itself; per-capita and intensity targets are a level per person
// or per unit of activity times the projected population or activity; a net
// zero target is the removals that are expected to balance the residual
// emissions. The Python layer builds these; the C++ core tracks levels.
//
// track() compares an actual series with the target pathway (linear or
// constant-rate between the base and the milestones) and answers:
//  - pathway value and gap (t and %) for each actual year;
//  - the annual rate so far: compound (base to latest) and a log-linear fit
//    of the years since the base, with its confidence interval;
//  - the rate now required, from the latest year to each later milestone;
//  - the year the final milestone is reached on today's trend (the fit);
//  - the pathway's budget (cumulative base year to the last milestone), the
//    emissions spent so far, what remains and the year it runs out if
//    emissions follow the trend;
//  - a nowcast of the years after the latest statistics, with intervals.
// Status rule (documented, and the same in the report): "on track" when the
// latest actual value is at or below the pathway AND the trend reaches the
// final milestone level by its year; "off track" when neither holds;
// otherwise "at risk".
#ifndef GHGTRACK_TRACKING_HPP
#define GHGTRACK_TRACKING_HPP

#include <Eigen/Core>

#include <algorithm>
#include <exception>
#include <thread>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ghgtrack/pathway.hpp"
#include "ghgtrack/trend.hpp"

namespace ghgtrack {

struct milestone {
  int year;
  double level; ///< allowed emissions in that year, t CO2e
};

struct target {
  int base_year = 0;
  double base_value = 0.0; ///< t CO2e in the base year
  std::vector<milestone> milestones;

  /// "-67 % by 2030 vs 2009": reductions are fractions (0.67) per milestone year.
  static target reduction(int base_year, double base_value, const std::vector<std::pair<int, double>>& cuts) {
    if (!(base_value > 0.0))
      throw std::invalid_argument("ghgtrack: a percentage target needs a positive base-year value (got " +
                                  std::to_string(base_value) + " in " + std::to_string(base_year) + ")");
    target t;
    t.base_year = base_year;
    t.base_value = base_value;
    for (const auto& [year, cut] : cuts) {
      if (!(cut <= 1.0) || std::isnan(cut))
        throw std::invalid_argument("ghgtrack: a reduction above 100 % is a net-negative level; give it "
                                    "as a level instead");
      t.milestones.push_back({year, base_value * (1.0 - cut)});
    }
    t.validate();
    return t;
  }

  void validate() const {
    if (milestones.empty()) throw std::invalid_argument("ghgtrack: a target needs at least one milestone");
    int prev = base_year;
    for (const auto& m : milestones) {
      if (m.year <= prev)
        throw std::invalid_argument("ghgtrack: target year " + std::to_string(m.year) +
                                    (prev == base_year ? " is not after the base year " : " is not after milestone ") +
                                    std::to_string(prev));
      prev = m.year;
    }
  }

  /// The pathway from the base through the milestones.
  pathway path(segment_shape shape = segment_shape::linear) const {
    validate();
    std::vector<double> ys{static_cast<double>(base_year)}, vs{base_value};
    for (const auto& m : milestones) {
      ys.push_back(m.year);
      vs.push_back(m.level);
    }
    return pathway::through(ys, vs, shape);
  }

  const milestone& final_milestone() const { return milestones.back(); }
};

struct tracking_options {
  segment_shape shape = segment_shape::linear;
  cumulative_convention convention = cumulative_convention::annual_sum;
  int nowcast_until = 0; ///< nowcast the years after the data up to this one (0: none)
  double level = 0.95;   ///< interval probability
};

struct tracking_result {
  // per actual year
  std::vector<int> years;
  std::vector<double> actual, pathway_value, gap, gap_pct;
  // rates (fractions per year)
  int latest_year = 0;
  double latest_value = 0.0;
  double compound_rate = 0.0;
  std::optional<double> fitted_rate, fitted_rate_lo, fitted_rate_hi;
  std::vector<milestone> upcoming;      ///< milestones after the latest year
  std::vector<double> required_rates;   ///< per upcoming milestone (NaN where the level is 0)
  std::optional<double> year_reached;   ///< on the trend; empty if never
  bool reached_in_time = false;
  // budget
  double budget = 0.0, spent = 0.0, remaining = 0.0;
  std::optional<int> run_out_year;      ///< on the trend, within 2200
  // nowcast
  std::vector<int> nowcast_years;
  std::vector<double> nowcast, nowcast_lo, nowcast_hi;
  std::string status;                   ///< "on track", "at risk", "off track"
};

/// Tracks `values` (t CO2e) in `years` (increasing, may have gaps) against
/// `tgt`. The base year must be among the years; only years from the base on
/// enter the trend and the spent budget.
inline tracking_result track(const std::vector<int>& years, const std::vector<double>& values, const target& tgt,
                             const tracking_options& opt = {}) {
  if (years.size() != values.size() || years.empty())
    throw std::invalid_argument("ghgtrack: track(): give the same number of years and values (at least one)");
  for (std::size_t i = 1; i < years.size(); ++i)
    if (years[i] <= years[i - 1]) throw std::invalid_argument("ghgtrack: track(): years must increase");
  tgt.validate();
  const auto base_it = std::find(years.begin(), years.end(), tgt.base_year);
  if (base_it == years.end())
    throw std::invalid_argument("ghgtrack: the base year " + std::to_string(tgt.base_year) +
                                " is not in the data (first year " + std::to_string(years.front()) + ")");
  const pathway path = tgt.path(opt.shape);
  tracking_result r;
  const auto b = static_cast<std::size_t>(base_it - years.begin());
  std::vector<double> fy, fv; // from the base year on
  for (std::size_t i = b; i < years.size(); ++i) {
    const double p = path.at(years[i]);
    r.years.push_back(years[i]);
    r.actual.push_back(values[i]);
    r.pathway_value.push_back(p);
    r.gap.push_back(values[i] - p);
    r.gap_pct.push_back(p != 0.0 ? (values[i] - p) / std::fabs(p) * 100.0 : std::nan(""));
    fy.push_back(years[i]);
    fv.push_back(values[i]);
  }
  r.latest_year = years.back();
  r.latest_value = values.back();
  const double span = r.latest_year - tgt.base_year;
  r.compound_rate = (span > 0 && values[b] > 0 && r.latest_value > 0)
                        ? std::pow(r.latest_value / values[b], 1.0 / span) - 1.0
                        : std::nan("");
  std::optional<trend_fit> fit;
  const bool positive = std::all_of(fv.begin(), fv.end(), [](double v) { return v > 0.0; });
  if (fy.size() >= 3 && positive) {
    fit = fit_trend(fy, fv, true);
    r.fitted_rate = fit->rate();
    const auto [lo, hi] = fit->rate_interval(opt.level);
    r.fitted_rate_lo = lo;
    r.fitted_rate_hi = hi;
  }
  for (const auto& m : tgt.milestones)
    if (m.year > r.latest_year) {
      r.upcoming.push_back(m);
      r.required_rates.push_back(m.level > 0.0 && r.latest_value > 0.0
                                     ? required_rate(r.latest_year, r.latest_value, m.year, m.level)
                                     : std::nan(""));
    }
  const milestone& fin = tgt.final_milestone();
  if (fit) {
    if (fit->predict(fin.year) <= fin.level) {
      r.year_reached = fit->year_reaching(fin.level);
      r.reached_in_time = true;
    } else if (fit->slope < 0.0) {
      r.year_reached = fit->year_reaching(fin.level);
    }
    if (r.year_reached && *r.year_reached < r.latest_year && r.latest_value > fin.level) r.year_reached.reset();
  }
  // Budget: the pathway from the base year to the final milestone.
  r.budget = path.cumulative(tgt.base_year, fin.year, opt.convention);
  std::vector<double> ay(fy), av(fv);
  const pathway actual_path = ay.size() >= 2 ? pathway::through(ay, av, segment_shape::linear)
                                             : pathway::linear(ay[0], av[0], ay[0] + 1, av[0]);
  r.spent = actual_path.cumulative(tgt.base_year, r.latest_year, opt.convention);
  r.remaining = r.budget - r.spent;
  if (fit) {
    double cum = r.spent;
    if (opt.convention == cumulative_convention::trapezoid) cum += 0.5 * r.latest_value;
    for (int y = r.latest_year + 1; y <= 2200; ++y) {
      const double v = fit->predict(y);
      if (cum + (opt.convention == cumulative_convention::trapezoid ? 0.5 * v : v) > r.budget) {
        r.run_out_year = y;
        break;
      }
      cum += v;
    }
    if (r.remaining < 0.0) r.run_out_year = std::nullopt;
    for (int y = r.latest_year + 1; y <= opt.nowcast_until; ++y) {
      const auto [lo, hi] = fit->prediction_interval(y, opt.level);
      r.nowcast_years.push_back(y);
      r.nowcast.push_back(fit->predict(y));
      r.nowcast_lo.push_back(lo);
      r.nowcast_hi.push_back(hi);
    }
  }
  const bool below = r.latest_value <= path.at(r.latest_year);
  const bool trend_ok = r.reached_in_time;
  r.status = below && trend_ok ? "on track" : (!below && !trend_ok ? "off track" : "at risk");
  return r;
}

/// Figures of track() for many series at once (e.g. every municipality and
/// sector of a country): one row per series.
struct batch_tracking {
  Eigen::ArrayXXd pathway;   ///< series x years: the target pathway's value
  Eigen::ArrayXXd gap;       ///< series x years: actual - pathway
  Eigen::ArrayXd compound_rate, fitted_rate, required_rate, year_reached, budget, spent, remaining,
      run_out_year;          ///< NaN where there is none
  Eigen::ArrayXi status;     ///< 0 on track, 1 at risk, 2 off track
};

/// Tracks every row of `values` (series x years, t CO2e) against the same
/// kind of target: `cuts` (year, fraction) relative to each row's own value
/// in `base_year`. Rows are independent; `threads` > 1 splits them.
inline batch_tracking track_batch(const std::vector<int>& years, const Eigen::Ref<const Eigen::ArrayXXd>& values,
                                  int base_year, const std::vector<std::pair<int, double>>& cuts,
                                  const tracking_options& opt = {}, unsigned threads = 1) {
  const auto n = values.rows();
  const auto m = values.cols();
  if (static_cast<std::size_t>(m) != years.size())
    throw std::invalid_argument("ghgtrack: track_batch: values have " + std::to_string(m) + " columns for " +
                                std::to_string(years.size()) + " years");
  const auto bi = std::find(years.begin(), years.end(), base_year);
  if (bi == years.end())
    throw std::invalid_argument("ghgtrack: the base year " + std::to_string(base_year) + " is not in the data");
  const auto b = bi - years.begin();
  batch_tracking out;
  out.pathway.resize(n, m);
  out.gap.resize(n, m);
  for (auto* a : {&out.compound_rate, &out.fitted_rate, &out.required_rate, &out.year_reached, &out.budget,
                  &out.spent, &out.remaining, &out.run_out_year})
    a->setConstant(n, std::nan(""));
  out.status.setZero(n);
  auto work = [&](Eigen::Index begin, Eigen::Index end) {
    std::vector<double> row(static_cast<std::size_t>(m));
    for (Eigen::Index i = begin; i < end; ++i) {
      for (Eigen::Index j = 0; j < m; ++j) row[static_cast<std::size_t>(j)] = values(i, j);
      const target t = target::reduction(base_year, values(i, b), cuts);
      const tracking_result r = track(years, row, t, opt);
      for (Eigen::Index j = 0; j < m; ++j) {
        const bool known = j >= b;
        out.pathway(i, j) = known ? r.pathway_value[static_cast<std::size_t>(j - b)] : std::nan("");
        out.gap(i, j) = known ? r.gap[static_cast<std::size_t>(j - b)] : std::nan("");
      }
      out.compound_rate[i] = r.compound_rate;
      if (r.fitted_rate) out.fitted_rate[i] = *r.fitted_rate;
      if (!r.required_rates.empty()) out.required_rate[i] = r.required_rates.back();
      if (r.year_reached) out.year_reached[i] = *r.year_reached;
      out.budget[i] = r.budget;
      out.spent[i] = r.spent;
      out.remaining[i] = r.remaining;
      if (r.run_out_year) out.run_out_year[i] = *r.run_out_year;
      out.status[i] = r.status == "on track" ? 0 : (r.status == "at risk" ? 1 : 2);
    }
  };
  const auto t = static_cast<Eigen::Index>(std::max(1u, threads));
  if (t <= 1 || n < 64) {
    work(0, n);
  } else {
    std::vector<std::thread> pool;
    std::vector<std::exception_ptr> errs(static_cast<std::size_t>(t));
    const Eigen::Index chunk = (n + t - 1) / t;
    for (Eigen::Index k = 0; k < t; ++k)
      pool.emplace_back([&, k] {
        try {
          work(k * chunk, std::min(n, (k + 1) * chunk));
        } catch (...) {
          errs[static_cast<std::size_t>(k)] = std::current_exception();
        }
      });
    for (auto& th : pool) th.join();
    for (auto& e : errs)
      if (e) std::rethrow_exception(e);
  }
  return out;
}

} // namespace ghgtrack

#endif
