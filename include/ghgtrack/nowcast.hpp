// ghgtrack/nowcast.hpp: nowcast the years after the latest accounts from
// activity indicators, with intervals and an honest backtest.
//
// Model (per sector with indicators, e.g. road transport):
//
//   E(t) = E(b) * prod_{y=b+1..t} [ prod_d r_d(y) ] * exp(bias * (t - b))
//
// b is the latest account year, r_d(y) = level_d(y) / level_d(y-1) the
// year-on-year ratio of driver d (traffic volume, fossil share of
// vehicle-km, CO2 per fossil vehicle-km, ...). The model is fitted on the
// account years y whose previous year also has accounts and for which every
// driver has a ratio (not extrapolated): the residual
//   e(y) = ln(E(y) / E(y-1)) - sum_d ln r_d(y)
// gives bias = mean(e) (when fit_bias) and the residual sd s (n - 1
// denominator).
//
// Missing years of a driver (after its last year): its ratio is the geometric
// mean of its last (up to) 3 ratios, with the sample sd of their logs as the
// standard error (the one documented missing-year rule; flagged in the notes).
// A year before a driver's first ratio is a no_solution_error.
//
// Interval of a nowcast h = t - b years ahead, on the log scale, in
// quadrature:
//   var = sum_{y,d} se_d(y)^2          (the indicators' own CIs)
//       + h * s^2 + h^2 * s^2 / n      (residual error and the bias estimate)
//   [lo, hi] = E * exp(-+ q * sqrt(var)), q = Student t, n - 1 degrees of
//   freedom (normal when the model has no residual term).
//
// Sectors without indicators: a trend of the sector's own accounts
// (log-linear when all values are positive, else linear; trend.hpp) with
// its prediction interval, method "trend"; on all account years, or on the
// latest options.trend_years of them. The total is the sum of the
// sectors; its interval half-widths combine the sectors' in quadrature
// (independent errors, each interval taken as symmetric about its value).
//
// traffic_index_from_points() aggregates counting points (monthly average
// daily traffic, MDT) into a year-on-year traffic index: a point-month
// enters year y only when both y and y-1 have it with coverage >= the
// minimum (the missing-months rule; a partial latest year therefore gives
// a year-to-date index); each month counts with its number of days; points
// are weighted by their previous-year volume (the index is the ratio of
// summed volumes, as Statens vegvesen's byindeks), and the standard error is
// that of the weighted mean of the point ratios.
//
// backtest(): for each year Y, the accounts up to Y - horizon only (the
// vintage rule: accounts for year Y come out in spring/summer of Y + 2, so
// when they appear the indicators for Y are complete and the accounts go up
// to Y - 1), the fit on those years, and the nowcast of Y, compared with the
// accounts for Y and with the trend-only nowcast (the log-linear trend of the
// series itself, as track() extends it).
#ifndef GHGTRACK_NOWCAST_HPP
#define GHGTRACK_NOWCAST_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ghgtrack/detail/student_t.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/trend.hpp"

namespace ghgtrack {
namespace nowcast {

inline double nan() noexcept { return std::numeric_limits<double>::quiet_NaN(); }

/// One driver of a sector's emissions, as year-on-year ratios.
struct indicator {
  std::string name;               ///< e.g. "traffic volume"
  std::string source;             ///< where the numbers come from
  std::vector<int> years;         ///< year y of each ratio level(y) / level(y-1)
  std::vector<double> ratio;      ///< level(y) / level(y-1)
  std::vector<double> log_se;     ///< standard error of ln ratio (0: none given)
  std::vector<std::string> notes; ///< per year: "" or e.g. "partial year: jan-apr"

  /// From year-on-year ratios; `log_se` and `notes` may be empty (zero, none).
  static indicator from_changes(std::string name, std::string source, std::vector<int> years, std::vector<double> ratio,
                                std::vector<double> log_se = {}, std::vector<std::string> notes = {}) {
    indicator d;
    d.name = std::move(name);
    d.source = std::move(source);
    const std::size_t n = years.size();
    if (ratio.size() != n || (!log_se.empty() && log_se.size() != n) || (!notes.empty() && notes.size() != n))
      throw shape_error("ghgtrack: indicator '" + d.name + "': " + std::to_string(n) + " years but " +
                        std::to_string(ratio.size()) + " ratios, " + std::to_string(log_se.size()) +
                        " standard errors and " + std::to_string(notes.size()) + " notes");
    if (log_se.empty()) log_se.assign(n, 0.0);
    if (notes.empty()) notes.assign(n, std::string());
    for (std::size_t i = 0; i < n; ++i) {
      if (i && years[i] <= years[i - 1])
        throw argument_error("ghgtrack: indicator '" + d.name + "': years must increase (" + std::to_string(years[i]) +
                             " follows " + std::to_string(years[i - 1]) + ")");
      if (!(ratio[i] > 0.0) || !std::isfinite(ratio[i]))
        throw argument_error("ghgtrack: indicator '" + d.name + "': the ratio for " + std::to_string(years[i]) +
                             " must be a positive number (1.02 = +2 %), got " + std::to_string(ratio[i]));
      if (!(log_se[i] >= 0.0) || !std::isfinite(log_se[i]))
        throw argument_error("ghgtrack: indicator '" + d.name + "': the standard error for " +
                             std::to_string(years[i]) + " must be >= 0, got " + std::to_string(log_se[i]));
    }
    d.years = std::move(years);
    d.ratio = std::move(ratio);
    d.log_se = std::move(log_se);
    d.notes = std::move(notes);
    return d;
  }

  /// From annual levels (e.g. a share or an intensity): the ratio of each
  /// year to the year before, for consecutive years only (standard error 0).
  static indicator from_levels(std::string name, std::string source, const std::vector<int>& years,
                               const std::vector<double>& levels) {
    if (levels.size() != years.size())
      throw shape_error("ghgtrack: indicator '" + name + "': " + std::to_string(years.size()) + " years but " +
                        std::to_string(levels.size()) + " levels");
    std::vector<int> ys;
    std::vector<double> rs;
    for (std::size_t i = 0; i < years.size(); ++i) {
      if (!(levels[i] > 0.0) || !std::isfinite(levels[i]))
        throw argument_error("ghgtrack: indicator '" + name + "': the level for " + std::to_string(years[i]) +
                             " must be a positive number, got " + std::to_string(levels[i]));
      if (i && years[i] == years[i - 1] + 1) {
        ys.push_back(years[i]);
        rs.push_back(levels[i] / levels[i - 1]);
      }
    }
    return from_changes(std::move(name), std::move(source), std::move(ys), std::move(rs));
  }

  /// The ratio for `year`, its standard error and note; `extrapolated` says
  /// whether the missing-year rule was used. no_solution_error before the
  /// first year or in a gap.
  struct step {
    double ratio = 1.0, log_se = 0.0;
    bool extrapolated = false;
    std::string note;
  };
  step at(int year) const {
    const auto it = std::lower_bound(years.begin(), years.end(), year);
    if (it != years.end() && *it == year) {
      const auto i = static_cast<std::size_t>(it - years.begin());
      return {ratio[i], log_se[i], false, notes[i]};
    }
    if (years.empty() || year < years.front() || it != years.end())
      throw no_solution_error("ghgtrack: indicator '" + name + "' has no ratio for " + std::to_string(year) +
                              (years.empty()
                                   ? std::string(" (it has none)")
                                   : " (it has " + std::to_string(years.front()) + "-" + std::to_string(years.back()) +
                                         ", and only years after the last "
                                         "are extrapolated)"));
    const std::size_t k = std::min<std::size_t>(3, years.size());
    double m = 0.0;
    for (std::size_t i = years.size() - k; i < years.size(); ++i) m += std::log(ratio[i]);
    m /= static_cast<double>(k);
    double v = 0.0;
    for (std::size_t i = years.size() - k; i < years.size(); ++i)
      v += (std::log(ratio[i]) - m) * (std::log(ratio[i]) - m);
    const double se = k >= 2 ? std::sqrt(v / static_cast<double>(k - 1)) : std::fabs(m);
    return {std::exp(m), se, true,
            "extrapolated: mean change of " + std::to_string(years[years.size() - k]) + "-" +
                std::to_string(years.back())};
  }
  bool has(int year) const { return std::binary_search(years.begin(), years.end(), year); }
};

/// A sector nowcast from indicators (the product of its drivers' ratios).
struct sector_model {
  std::string sector;
  std::vector<indicator> drivers;
};

/// Accounts: sector x year (t CO2e); NaN where a year has no value.
struct accounts {
  std::vector<std::string> sectors;
  std::vector<int> years;                  ///< increasing
  std::vector<std::vector<double>> t_co2e; ///< [sector][year]

  void validate() const {
    if (t_co2e.size() != sectors.size())
      throw shape_error("ghgtrack: nowcast accounts: " + std::to_string(sectors.size()) + " sectors but " +
                        std::to_string(t_co2e.size()) + " rows");
    for (std::size_t s = 0; s < t_co2e.size(); ++s)
      if (t_co2e[s].size() != years.size())
        throw shape_error("ghgtrack: nowcast accounts: sector '" + sectors[s] + "' has " +
                          std::to_string(t_co2e[s].size()) + " values for " + std::to_string(years.size()) + " years");
    for (std::size_t i = 1; i < years.size(); ++i)
      if (years[i] <= years[i - 1])
        throw argument_error("ghgtrack: nowcast accounts: years must increase (" + std::to_string(years[i]) +
                             " follows " + std::to_string(years[i - 1]) + ")");
    if (years.empty()) throw argument_error("ghgtrack: nowcast accounts: no years");
  }
  std::size_t sector_index(const std::string& name) const {
    for (std::size_t s = 0; s < sectors.size(); ++s)
      if (sectors[s] == name) return s;
    std::string known;
    for (const auto& s : sectors) known += (known.empty() ? "" : ", ") + s;
    throw unknown_label_error("ghgtrack: nowcast: sector '" + name + "' is not in the accounts (sectors: " + known +
                              ")");
  }
  /// The accounts restricted to years <= last.
  accounts up_to(int last) const {
    accounts a;
    a.sectors = sectors;
    a.t_co2e.resize(sectors.size());
    for (std::size_t i = 0; i < years.size(); ++i)
      if (years[i] <= last) {
        a.years.push_back(years[i]);
        for (std::size_t s = 0; s < sectors.size(); ++s) a.t_co2e[s].push_back(t_co2e[s][i]);
      }
    return a;
  }
  double value(std::size_t s, int year) const {
    const auto it = std::lower_bound(years.begin(), years.end(), year);
    if (it == years.end() || *it != year) return nan();
    return t_co2e[s][static_cast<std::size_t>(it - years.begin())];
  }
  std::vector<double> total() const {
    std::vector<double> t(years.size(), 0.0);
    for (const auto& row : t_co2e)
      for (std::size_t i = 0; i < row.size(); ++i) t[i] += row[i];
    return t;
  }
};

struct options {
  double level = 0.95;    ///< probability of the intervals
  bool fit_bias = true;   ///< estimate a bias (mean residual) per year
  int first_fit_year = 0; ///< fit only on years >= this (0: all)
  int trend_years = 0;    ///< trend sectors: fit on the latest this many account years (0: all)
};

/// The fit of one indicator sector.
struct fit_info {
  std::string sector;
  std::vector<int> years;       ///< years y of the pairs (y-1, y) used
  std::vector<double> residual; ///< e(y) (log scale)
  double bias = 0.0;            ///< per year, log scale
  double residual_sd = nan();   ///< log scale; NaN with fewer than 2 pairs
  int n = 0;
};

/// How a driver moved a nowcast year from the base year.
struct driver_use {
  std::string name, source;
  double ratio = 1.0;  ///< cumulative, base year to the nowcast year
  double log_se = 0.0; ///< of the cumulative ratio
  std::string notes;   ///< notes of the years used, "; "-joined
};

struct sector_nowcast {
  std::string sector;
  std::string method; ///< "indicator" or "trend"
  std::vector<int> years;
  std::vector<double> value, lo, hi;
  std::vector<std::vector<driver_use>> drivers; ///< [year][driver] (indicator only)
};

struct result {
  int base_year = 0;
  double base_total = 0.0;
  double level = 0.95;
  std::vector<int> years;
  std::vector<sector_nowcast> sectors;
  std::vector<double> total, total_lo, total_hi;
  std::vector<fit_info> fits;
  std::string form; ///< the model's form, as text
};

namespace detail_nc {
inline double quantile(double level, int dof) {
  if (!(level > 0.0 && level < 1.0))
    throw argument_error("ghgtrack: nowcast: an interval level must lie in (0, 1), e.g. 0.95 (got " +
                         std::to_string(level) + ")");
  if (dof >= 1) return ghgtrack::detail::student_t_two_sided_quantile(level, dof);
  double lo = 0.0, hi = 40.0; // normal: P(|Z| <= z) = erf(z / sqrt 2)
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (std::erf(mid / std::sqrt(2.0)) < level ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}
inline const std::string form_text =
    "indicator sectors: E(t) = E(base) x prod over years of the drivers' year-on-year ratios x exp(bias x (t - base)); "
    "bias and residual sd fitted on account years with indicators; interval on the log scale combines in quadrature "
    "the indicators' standard errors, the residual sd and the bias estimate (Student t, n - 1 dof). Other sectors: "
    "trend of their own accounts (log-linear when positive, else linear) with its prediction interval. Total = sum; "
    "its interval half-widths combine the sectors' in quadrature.";
} // namespace detail_nc

/// Fits a sector model on the accounts (every usable pair of consecutive years).
inline fit_info fit(const accounts& acc, const sector_model& m, const options& opt = {}) {
  acc.validate();
  const std::size_t s = acc.sector_index(m.sector);
  fit_info f;
  f.sector = m.sector;
  for (std::size_t i = 1; i < acc.years.size(); ++i) {
    const int y = acc.years[i];
    if (acc.years[i - 1] != y - 1 || y < opt.first_fit_year) continue;
    const double e0 = acc.t_co2e[s][i - 1], e1 = acc.t_co2e[s][i];
    if (!(e0 > 0.0 && e1 > 0.0)) continue;
    bool all = true;
    double lr = 0.0;
    for (const auto& d : m.drivers) {
      if (!d.has(y)) {
        all = false;
        break;
      }
      lr += std::log(d.at(y).ratio);
    }
    if (!all) continue;
    f.years.push_back(y);
    f.residual.push_back(std::log(e1 / e0) - lr);
  }
  f.n = static_cast<int>(f.years.size());
  if (f.n >= 1 && opt.fit_bias) {
    double sum = 0.0;
    for (double e : f.residual) sum += e;
    f.bias = sum / f.n;
  }
  if (f.n >= 2) {
    double mean = 0.0;
    for (double e : f.residual) mean += e;
    mean /= f.n;
    double v = 0.0;
    for (double e : f.residual) v += (e - mean) * (e - mean);
    f.residual_sd = std::sqrt(v / (f.n - 1));
  }
  return f;
}

/// A trend nowcast of one series: (value, lo, hi) for each year.
inline void trend_nowcast(const std::vector<int>& years, const std::vector<double>& values,
                          const std::vector<int>& targets, double level, std::vector<double>& v,
                          std::vector<double>& lo, std::vector<double>& hi, int last_n = 0) {
  std::vector<double> xs, ys;
  bool positive = true;
  for (std::size_t i = 0; i < years.size(); ++i)
    if (std::isfinite(values[i])) {
      xs.push_back(years[i]);
      ys.push_back(values[i]);
      positive = positive && values[i] > 0.0;
    }
  if (last_n > 0 && xs.size() > static_cast<std::size_t>(last_n)) {
    const auto drop = static_cast<std::ptrdiff_t>(xs.size() - static_cast<std::size_t>(last_n));
    xs.erase(xs.begin(), xs.begin() + drop);
    ys.erase(ys.begin(), ys.begin() + drop);
    positive = std::all_of(ys.begin(), ys.end(), [](double y) { return y > 0.0; });
  }
  if (xs.size() < 2)
    throw no_solution_error("ghgtrack: nowcast: a trend needs at least 2 account years (got " +
                            std::to_string(xs.size()) + ")");
  const trend_fit tf = fit_trend(xs, ys, positive);
  for (int t : targets) {
    v.push_back(tf.predict(t));
    if (tf.n >= 3) {
      const auto [a, b] = tf.prediction_interval(t, level);
      lo.push_back(a);
      hi.push_back(b);
    } else {
      lo.push_back(nan());
      hi.push_back(nan());
    }
  }
}

/// Nowcasts every year after the accounts' latest up to `until`: indicator
/// sectors by their model, the others by trend; and the total.
inline result run(const accounts& acc, const std::vector<sector_model>& models, int until, const options& opt = {}) {
  acc.validate();
  result r;
  r.level = opt.level;
  r.base_year = acc.years.back();
  r.form = detail_nc::form_text;
  if (until <= r.base_year)
    throw argument_error("ghgtrack: nowcast: `until` (" + std::to_string(until) +
                         ") must come after the latest account year " + std::to_string(r.base_year));
  for (int y = r.base_year + 1; y <= until; ++y) r.years.push_back(y);
  std::map<std::string, const sector_model*> by_sector;
  for (const auto& m : models) {
    acc.sector_index(m.sector);
    if (m.drivers.empty()) throw argument_error("ghgtrack: nowcast: the model for '" + m.sector + "' has no indicator");
    by_sector[m.sector] = &m;
  }
  const std::size_t ny = r.years.size();
  r.total.assign(ny, 0.0);
  std::vector<double> half2(ny, 0.0);
  const double base_total = acc.total().back();
  r.base_total = base_total;
  for (std::size_t s = 0; s < acc.sectors.size(); ++s) {
    sector_nowcast sn;
    sn.sector = acc.sectors[s];
    sn.years = r.years;
    const auto it = by_sector.find(sn.sector);
    if (it == by_sector.end()) {
      sn.method = "trend";
      trend_nowcast(acc.years, acc.t_co2e[s], r.years, opt.level, sn.value, sn.lo, sn.hi, opt.trend_years);
    } else {
      const sector_model& m = *it->second;
      sn.method = "indicator";
      const double eb = acc.t_co2e[s].back();
      if (!(eb > 0.0))
        throw no_solution_error("ghgtrack: nowcast: '" + m.sector + "' needs a positive value in the base year " +
                                std::to_string(r.base_year) + " (got " + std::to_string(eb) + ")");
      const fit_info f = fit(acc, m, opt);
      const bool resid = f.n >= 2;
      const double q = detail_nc::quantile(opt.level, resid ? f.n - 1 : 0);
      std::vector<double> cum_lr(m.drivers.size(), 0.0), cum_v(m.drivers.size(), 0.0);
      std::vector<std::string> cum_notes(m.drivers.size());
      for (std::size_t k = 0; k < ny; ++k) {
        const int y = r.years[k];
        const double h = y - r.base_year;
        double lr = f.bias * h, v = 0.0;
        std::vector<driver_use> uses;
        for (std::size_t d = 0; d < m.drivers.size(); ++d) {
          const auto st = m.drivers[d].at(y);
          cum_lr[d] += std::log(st.ratio);
          cum_v[d] += st.log_se * st.log_se;
          if (!st.note.empty()) cum_notes[d] += (cum_notes[d].empty() ? "" : "; ") + std::to_string(y) + ": " + st.note;
          lr += cum_lr[d];
          v += cum_v[d];
          uses.push_back(
              {m.drivers[d].name, m.drivers[d].source, std::exp(cum_lr[d]), std::sqrt(cum_v[d]), cum_notes[d]});
        }
        if (resid) v += h * f.residual_sd * f.residual_sd + h * h * f.residual_sd * f.residual_sd / f.n;
        const double val = eb * std::exp(lr);
        sn.value.push_back(val);
        if (!resid && v == 0.0) {
          sn.lo.push_back(nan()); // no spread known at all
          sn.hi.push_back(nan());
        } else {
          sn.lo.push_back(val * std::exp(-q * std::sqrt(v)));
          sn.hi.push_back(val * std::exp(q * std::sqrt(v)));
        }
        sn.drivers.push_back(std::move(uses));
      }
      r.fits.push_back(f);
    }
    for (std::size_t k = 0; k < ny; ++k) {
      r.total[k] += sn.value[k];
      const double half = 0.5 * (sn.hi[k] - sn.lo[k]);
      half2[k] += half * half; // NaN propagates: no interval for the total
    }
    r.sectors.push_back(std::move(sn));
  }
  for (std::size_t k = 0; k < ny; ++k) {
    r.total_lo.push_back(r.total[k] - std::sqrt(half2[k]));
    r.total_hi.push_back(r.total[k] + std::sqrt(half2[k]));
  }
  return r;
}

/// One row of a backtest: a series ("total" or a sector) in one year.
struct backtest_row {
  int year = 0, base_year = 0;
  std::string series;
  double actual = nan();
  double indicator = nan(), indicator_lo = nan(), indicator_hi = nan();
  double trend = nan(), trend_lo = nan(), trend_hi = nan();
  double indicator_error_pct() const { return (indicator - actual) / actual * 100.0; }
  double trend_error_pct() const { return (trend - actual) / actual * 100.0; }
};

struct backtest_summary {
  std::string series;
  int n = 0;
  double indicator_mape = nan(), trend_mape = nan();         ///< mean |error| %
  double indicator_bias_pct = nan(), trend_bias_pct = nan(); ///< mean error %
  int indicator_covered = 0, trend_covered = 0;              ///< actual inside the interval
};

struct backtest_result {
  int horizon = 1;
  std::vector<backtest_row> rows;
  std::vector<backtest_summary> summary; ///< one per series
};

/// Nowcasts each year `first`..`last` from the accounts up to year - horizon
/// only (see the vintage rule above) and compares with the accounts: every
/// indicator sector and the total, indicator model vs trend-only.
inline backtest_result backtest(const accounts& acc, const std::vector<sector_model>& models, int first, int last,
                                int horizon = 1, const options& opt = {}) {
  acc.validate();
  if (horizon < 1)
    throw argument_error("ghgtrack: backtest: the horizon must be >= 1 year (got " + std::to_string(horizon) + ")");
  if (last < first)
    throw argument_error("ghgtrack: backtest: the last year (" + std::to_string(last) + ") comes before the first (" +
                         std::to_string(first) + ")");
  backtest_result out;
  out.horizon = horizon;
  std::vector<std::string> series;
  for (const auto& m : models) series.push_back(m.sector);
  series.push_back("total");
  const std::vector<double> total = acc.total();
  for (int y = first; y <= last; ++y) {
    const auto it = std::find(acc.years.begin(), acc.years.end(), y);
    if (it == acc.years.end())
      throw no_solution_error("ghgtrack: backtest: no accounts for " + std::to_string(y) + " to compare with");
    const accounts past = acc.up_to(y - horizon);
    if (past.years.empty())
      throw no_solution_error("ghgtrack: backtest: no accounts before " + std::to_string(y - horizon + 1));
    const result r = run(past, models, y, opt);
    const std::size_t k = r.years.size() - 1;
    for (const auto& name : series) {
      backtest_row row;
      row.year = y;
      row.base_year = past.years.back();
      row.series = name;
      std::vector<double> tv, tl, th;
      if (name == "total") {
        row.actual = total[static_cast<std::size_t>(it - acc.years.begin())];
        row.indicator = r.total[k];
        row.indicator_lo = r.total_lo[k];
        row.indicator_hi = r.total_hi[k];
        trend_nowcast(past.years, past.total(), {y}, opt.level, tv, tl, th);
      } else {
        const std::size_t s = acc.sector_index(name);
        row.actual = acc.value(s, y);
        for (const auto& sn : r.sectors)
          if (sn.sector == name) {
            row.indicator = sn.value[k];
            row.indicator_lo = sn.lo[k];
            row.indicator_hi = sn.hi[k];
          }
        trend_nowcast(past.years, past.t_co2e[s], {y}, opt.level, tv, tl, th);
      }
      row.trend = tv[0];
      row.trend_lo = tl[0];
      row.trend_hi = th[0];
      out.rows.push_back(row);
    }
  }
  for (const auto& name : series) {
    backtest_summary sm;
    sm.series = name;
    double ai = 0.0, at = 0.0, bi = 0.0, bt = 0.0;
    for (const auto& row : out.rows)
      if (row.series == name) {
        ++sm.n;
        ai += std::fabs(row.indicator_error_pct());
        at += std::fabs(row.trend_error_pct());
        bi += row.indicator_error_pct();
        bt += row.trend_error_pct();
        sm.indicator_covered += row.actual >= row.indicator_lo && row.actual <= row.indicator_hi;
        sm.trend_covered += row.actual >= row.trend_lo && row.actual <= row.trend_hi;
      }
    if (sm.n) {
      sm.indicator_mape = ai / sm.n;
      sm.trend_mape = at / sm.n;
      sm.indicator_bias_pct = bi / sm.n;
      sm.trend_bias_pct = bt / sm.n;
    }
    out.summary.push_back(sm);
  }
  return out;
}

/// A year-on-year traffic index from counting points (see above).
struct point_index {
  std::vector<int> years;
  std::vector<double> ratio, log_se;
  std::vector<int> points;       ///< points with at least one matched month
  std::vector<int> point_months; ///< matched point-months
  std::vector<int> last_month;   ///< latest month matched (12: a whole year)
};

inline int days_in_month(int year, int month) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
  return d[month - 1];
}

inline point_index traffic_index_from_points(const std::vector<std::string>& point, const std::vector<int>& year,
                                             const std::vector<int>& month, const std::vector<double>& mdt,
                                             const std::vector<double>& coverage, double min_coverage = 50.0) {
  const std::size_t n = point.size();
  if (year.size() != n || month.size() != n || mdt.size() != n || coverage.size() != n)
    throw shape_error("ghgtrack: traffic_index_from_points: the columns differ in length (" + std::to_string(n) +
                      " points, " + std::to_string(year.size()) + " years, " + std::to_string(month.size()) +
                      " months, " + std::to_string(mdt.size()) + " values, " + std::to_string(coverage.size()) +
                      " coverages)");
  // (point, year, month) -> monthly traffic (MDT x days), usable rows only.
  std::map<std::pair<std::string, int>, std::map<int, double>> cells;
  std::set<int> seen_years;
  for (std::size_t i = 0; i < n; ++i) {
    if (month[i] < 1 || month[i] > 12)
      throw argument_error("ghgtrack: traffic_index_from_points: month must be 1-12, got " + std::to_string(month[i]) +
                           " (row " + std::to_string(i) + ")");
    seen_years.insert(year[i]);
    if (!std::isfinite(mdt[i]) || !(mdt[i] >= 0.0) || !(coverage[i] >= min_coverage)) continue;
    auto& m = cells[{point[i], year[i]}];
    if (m.count(month[i]))
      throw argument_error("ghgtrack: traffic_index_from_points: point '" + point[i] + "' has two values for " +
                           std::to_string(year[i]) + "-" + std::to_string(month[i]));
    m[month[i]] = mdt[i] * days_in_month(year[i], month[i]);
  }
  point_index out;
  for (int y : seen_years) {
    if (!seen_years.count(y - 1)) continue;
    std::vector<double> now, before;
    int pm = 0, last = 0;
    for (const auto& [key, months] : cells) {
      if (key.second != y) continue;
      const auto prev = cells.find({key.first, y - 1});
      if (prev == cells.end()) continue;
      double a = 0.0, b = 0.0;
      int used = 0;
      for (const auto& [mo, v] : months) {
        const auto pv = prev->second.find(mo);
        if (pv == prev->second.end()) continue;
        a += v;
        b += pv->second;
        ++used;
        last = std::max(last, mo);
      }
      if (used == 0 || !(b > 0.0)) continue;
      now.push_back(a);
      before.push_back(b);
      pm += used;
    }
    if (now.empty()) continue;
    double sa = 0.0, sb = 0.0;
    for (std::size_t p = 0; p < now.size(); ++p) {
      sa += now[p];
      sb += before[p];
    }
    const double r = sa / sb;
    double se = nan();
    const std::size_t np = now.size();
    if (np >= 2) {
      double v = 0.0;
      for (std::size_t p = 0; p < np; ++p) {
        const double dev = now[p] / before[p] - r; // weight before[p]
        v += before[p] * before[p] * dev * dev;
      }
      se = std::sqrt(v * static_cast<double>(np) / static_cast<double>(np - 1)) / sb / r;
    }
    out.years.push_back(y);
    out.ratio.push_back(r);
    out.log_se.push_back(se);
    out.points.push_back(static_cast<int>(np));
    out.point_months.push_back(pm);
    out.last_month.push_back(last);
  }
  return out;
}

} // namespace nowcast
} // namespace ghgtrack

#endif
