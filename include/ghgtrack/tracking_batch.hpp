// ghgtrack/tracking_batch.hpp: track() for many series at once (e.g. every
// municipality and sector of a country), one row per series, on an explicit
// number of threads (detail::parallel_parts; default 1 = none started).
// Separate from tracking.hpp so that tracking one series needs no Eigen.
#ifndef GHGTRACK_TRACKING_BATCH_HPP
#define GHGTRACK_TRACKING_BATCH_HPP

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "ghgtrack/detail/parallel.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/simd.hpp"
#include "ghgtrack/tracking.hpp"

namespace ghgtrack {

/// Figures of track() per series (row); NaN where there is none.
struct batch_tracking {
  Eigen::ArrayXXd pathway; ///< series x years: the target pathway's value (t CO2e)
  Eigen::ArrayXXd gap;     ///< series x years: actual - pathway (t CO2e)
  Eigen::ArrayXd compound_rate, fitted_rate, required_rate, year_reached, budget, spent, remaining, run_out_year;
  std::vector<tracking_status> status;
  std::vector<run_out_state> run_out;
};

namespace detail {

/// track() for the series `rows` of `values` (each against its own base
/// value), vectorised across them: the series are held column by column
/// (years x series, SoA) and every step of track() runs as a loop over the
/// series, the logs of the trend and the powers of the trend and of
/// constant-rate pathways through the dispatched kernels (simd::log,
/// simd::exp_affine). Only for series track() takes without an error and
/// with a trend: every value finite, the values from the base year on
/// positive, at least 3 of them, and (constant-rate shape) positive
/// milestones; the caller checks that (track_batch). The per-series
/// figures with one std::pow or std::exp each (compound and required
/// rates, the trend at the final milestone year that decides the status)
/// use the same functions as track(); results agree with it to a relative
/// 1e-12 (rates: 1e-12 per year), which tests check.
inline void track_rows_vectorised(const std::vector<int>& years, const Eigen::Ref<const Eigen::ArrayXXd>& values,
                                  const target& tgt, const tracking_options& opt, std::ptrdiff_t b,
                                  const std::vector<Eigen::Index>& rows, batch_tracking& out) {
  const auto c = static_cast<std::ptrdiff_t>(rows.size()); // series in this chunk
  if (c == 0) return;
  const auto m = static_cast<std::ptrdiff_t>(years.size());
  const std::ptrdiff_t k_years = m - b; // years from the base on
  const int base_year = years[static_cast<std::size_t>(b)], latest_year = years.back();
  const bool trap = opt.convention == cumulative_convention::trapezoid;
  const auto uc = static_cast<std::size_t>(c);
  // v: the values from the base year on, year-major (v[j * c + r]).
  std::vector<double> v(static_cast<std::size_t>(k_years) * uc);
  for (std::ptrdiff_t j = 0; j < k_years; ++j)
    for (std::ptrdiff_t r = 0; r < c; ++r)
      v[static_cast<std::size_t>(j * c + r)] = values(rows[static_cast<std::size_t>(r)], b + j);
  const double* base = v.data(); // the base-year values
  const double* latest = v.data() + (k_years - 1) * c;
  // Milestones (target::milestones: a level, or the base value times 1 + change).
  const auto& goals = tgt.goals;
  const auto g = static_cast<std::ptrdiff_t>(goals.size());
  std::vector<double> anchor_year{static_cast<double>(base_year)};
  std::vector<double> level(static_cast<std::size_t>(g) * uc); // level[q * c + r]
  for (std::ptrdiff_t q = 0; q < g; ++q) {
    const auto& gl = goals[static_cast<std::size_t>(q)];
    anchor_year.push_back(gl.year);
    for (std::ptrdiff_t r = 0; r < c; ++r)
      level[static_cast<std::size_t>(q * c + r)] = gl.is_level ? gl.level.value() : base[r] * (1.0 + gl.change);
  }
  const auto e_at = [&](std::ptrdiff_t a) { return a == 0 ? base : level.data() + (a - 1) * c; }; // anchor a's values
  // Constant-rate segments: ln(e1 / e0) per segment and series.
  std::vector<double> log_ratio;
  const bool constant = opt.shape == segment_shape::constant_rate;
  if (constant) {
    log_ratio.resize(static_cast<std::size_t>(g) * uc);
    for (std::ptrdiff_t q = 0; q < g; ++q) {
      const double *e0 = e_at(q), *e1 = e_at(q + 1);
      for (std::ptrdiff_t r = 0; r < c; ++r) log_ratio[static_cast<std::size_t>(q * c + r)] = e1[r] / e0[r];
    }
    simd::log(log_ratio.data(), log_ratio.data(), g * c);
  }
  // The target pathway (pathway::through, then pathway::at) in year t for every series.
  const auto path_at = [&](double t, double* o) {
    const double* src = nullptr;
    if (!(t > anchor_year.front()))
      src = base;
    else if (t >= anchor_year.back())
      src = e_at(g);
    if (src) {
      std::copy(src, src + c, o);
      return;
    }
    std::ptrdiff_t q = 0;
    while (!(t < anchor_year[static_cast<std::size_t>(q + 1)])) ++q;
    const double t0 = anchor_year[static_cast<std::size_t>(q)], t1 = anchor_year[static_cast<std::size_t>(q + 1)];
    const double f = (t - t0) / (t1 - t0);
    const double *e0 = e_at(q), *e1 = e_at(q + 1);
    if (constant)
      simd::exp_affine(nullptr, log_ratio.data() + q * c, f, e0, o, c); // e0 (e1 / e0)^f
    else
      for (std::ptrdiff_t r = 0; r < c; ++r) o[r] = e0[r] + (e1[r] - e0[r]) * f;
  };
  // Pathway and gap in every year from the base on.
  std::vector<double> p(uc);
  for (std::ptrdiff_t j = 0; j < k_years; ++j) {
    path_at(years[static_cast<std::size_t>(b + j)], p.data());
    for (std::ptrdiff_t r = 0; r < c; ++r) {
      const auto i = rows[static_cast<std::size_t>(r)];
      out.pathway(i, b + j) = p[static_cast<std::size_t>(r)];
      out.gap(i, b + j) = v[static_cast<std::size_t>(j * c + r)] - p[static_cast<std::size_t>(r)];
    }
  }
  const std::vector<double> p_latest = p; // the pathway in the latest year
  // The log-linear trend (fit_trend): sums in the same order, per series.
  std::vector<double> ly(v.size());
  simd::log(v.data(), ly.data(), static_cast<std::ptrdiff_t>(v.size()));
  double xm = 0.0;
  for (std::ptrdiff_t j = 0; j < k_years; ++j) xm += static_cast<double>(years[static_cast<std::size_t>(b + j)]);
  xm /= static_cast<double>(k_years);
  std::vector<double> ym(uc, 0.0), sxy(uc, 0.0);
  for (std::ptrdiff_t j = 0; j < k_years; ++j)
    for (std::ptrdiff_t r = 0; r < c; ++r) ym[static_cast<std::size_t>(r)] += ly[static_cast<std::size_t>(j * c + r)];
  for (auto& y : ym) y /= static_cast<double>(k_years);
  double sxx = 0.0;
  for (std::ptrdiff_t j = 0; j < k_years; ++j) {
    const double dx = static_cast<double>(years[static_cast<std::size_t>(b + j)]) - xm;
    sxx += dx * dx;
    for (std::ptrdiff_t r = 0; r < c; ++r)
      sxy[static_cast<std::size_t>(r)] +=
          dx * (ly[static_cast<std::size_t>(j * c + r)] - ym[static_cast<std::size_t>(r)]);
  }
  std::vector<double> slope(uc);
  for (std::ptrdiff_t r = 0; r < c; ++r) slope[static_cast<std::size_t>(r)] = sxy[static_cast<std::size_t>(r)] / sxx;
  // Budget: the pathway summed from the base year to the final milestone (pathway::cumulative_t).
  const auto& fin = goals.back();
  const double* fin_level = e_at(g);
  std::vector<double> budget(uc, 0.0), comp(uc, 0.0);
  for (int y = base_year; y <= fin.year; ++y) {
    path_at(y, p.data());
    for (std::ptrdiff_t r = 0; r < c; ++r) {
      const auto u = static_cast<std::size_t>(r);
      const double x = p[u], t = budget[u] + x;
      comp[u] += (std::fabs(budget[u]) >= std::fabs(x)) ? (budget[u] - t) + x : (x - t) + budget[u];
      budget[u] = t;
    }
  }
  for (std::ptrdiff_t r = 0; r < c; ++r) budget[static_cast<std::size_t>(r)] += comp[static_cast<std::size_t>(r)];
  if (trap) {
    std::vector<double> last(uc);
    path_at(fin.year, last.data());
    path_at(base_year, p.data());
    for (std::ptrdiff_t r = 0; r < c; ++r)
      budget[static_cast<std::size_t>(r)] -= 0.5 * (p[static_cast<std::size_t>(r)] + last[static_cast<std::size_t>(r)]);
  }
  // Spent: the data, linear between data years; overspent when it passes the budget.
  std::vector<double> cum(uc, 0.0), spent(uc, 0.0);
  std::vector<int> over_year(uc, 0);
  std::vector<char> over(uc, 0);
  for (std::ptrdiff_t k = 0; k < k_years; ++k) {
    const int y0 = years[static_cast<std::size_t>(b + k)];
    const int y1 = k + 1 < k_years ? years[static_cast<std::size_t>(b + k + 1)] : y0 + 1;
    const double* f0 = v.data() + k * c;
    const double* f1 = k + 1 < k_years ? f0 + c : f0;
    for (int y = y0; y < y1; ++y)
      for (std::ptrdiff_t r = 0; r < c; ++r) {
        const auto u = static_cast<std::size_t>(r);
        const double x = y == y0 ? f0[r] : f0[r] + (f1[r] - f0[r]) * (y - y0) / double(y1 - y0);
        cum[u] += x;
        const double so_far = trap ? cum[u] - 0.5 * (base[r] + x) : cum[u];
        if (!over[u] && so_far > budget[u]) {
          over[u] = 1;
          over_year[u] = y;
        }
        if (y == latest_year) spent[u] = so_far;
      }
  }
  // Run-out year on the trend, for the series not overspent (the trend's
  // value every year from the latest on, while any series is still going).
  std::vector<double> acc(uc), trend(uc);
  std::vector<int> run_out_year(uc, 0);
  std::vector<char> runs_out(uc, 0);
  std::vector<std::ptrdiff_t> going;
  for (std::ptrdiff_t r = 0; r < c; ++r)
    if (!over[static_cast<std::size_t>(r)]) {
      going.push_back(r);
      acc[static_cast<std::size_t>(r)] = spent[static_cast<std::size_t>(r)] + (trap ? 0.5 * latest[r] : 0.0);
    }
  std::vector<double> g_icpt, g_slope, g_acc, g_budget;
  for (int y = latest_year + 1; y <= run_out_horizon && !going.empty(); ++y) {
    const auto ng = static_cast<std::ptrdiff_t>(going.size());
    if (g_icpt.size() != going.size()) { // compact the series still going
      g_icpt.resize(going.size());
      g_slope.resize(going.size());
      for (std::ptrdiff_t q = 0; q < ng; ++q) {
        const auto r = static_cast<std::size_t>(going[static_cast<std::size_t>(q)]);
        g_icpt[static_cast<std::size_t>(q)] = ym[r];
        g_slope[static_cast<std::size_t>(q)] = slope[r];
      }
    }
    simd::exp_affine(g_icpt.data(), g_slope.data(), static_cast<double>(y) - xm, nullptr, trend.data(), ng);
    std::ptrdiff_t kept = 0;
    for (std::ptrdiff_t q = 0; q < ng; ++q) {
      const auto r = static_cast<std::size_t>(going[static_cast<std::size_t>(q)]);
      const double x = trend[static_cast<std::size_t>(q)];
      if (acc[r] + (trap ? 0.5 * x : x) > budget[r]) {
        run_out_year[r] = y;
        runs_out[r] = 1;
        continue;
      }
      acc[r] += x;
      going[static_cast<std::size_t>(kept)] = static_cast<std::ptrdiff_t>(r);
      g_icpt[static_cast<std::size_t>(kept)] = g_icpt[static_cast<std::size_t>(q)];
      g_slope[static_cast<std::size_t>(kept)] = g_slope[static_cast<std::size_t>(q)];
      ++kept;
    }
    going.resize(static_cast<std::size_t>(kept));
    g_icpt.resize(going.size());
    g_slope.resize(going.size());
  }
  // Per series: the figures of track() from the fit and the sums above.
  for (std::ptrdiff_t r = 0; r < c; ++r) {
    const auto u = static_cast<std::size_t>(r);
    const auto i = rows[u];
    trend_fit fit;
    fit.log_scale = true;
    fit.n = static_cast<int>(k_years);
    fit.x_mean = xm;
    fit.sxx = sxx;
    fit.intercept = ym[u];
    fit.slope = slope[u];
    out.compound_rate[i] = annual_rate(base_year, base[r], latest_year, latest[r]);
    out.fitted_rate[i] = fit.rate();
    const double lv = fin_level[r];
    if (fin.year > latest_year && lv > 0.0)
      out.required_rate[i] =
          required_rate(latest_year, units::co2e::from_value(latest[r]), fin.year, units::co2e::from_value(lv));
    std::optional<double> reached;
    bool in_time = false;
    if (fit.predict(fin.year) <= lv) {
      reached = fit.year_reaching(lv);
      in_time = true;
    } else if (fit.slope < 0.0) {
      reached = fit.year_reaching(lv);
    }
    if (reached && *reached < latest_year && latest[r] > lv) reached.reset();
    if (reached) out.year_reached[i] = *reached;
    out.budget[i] = budget[u];
    out.spent[i] = spent[u];
    out.remaining[i] = budget[u] - spent[u];
    run_out_state state = run_out_state::never;
    if (over[u]) {
      state = run_out_state::overspent;
      out.run_out_year[i] = over_year[u];
    } else if (runs_out[u]) {
      state = run_out_state::runs_out;
      out.run_out_year[i] = run_out_year[u];
    }
    out.run_out[static_cast<std::size_t>(i)] = state;
    out.status[static_cast<std::size_t>(i)] = status_of(latest[r] <= p_latest[u], in_time);
  }
}

} // namespace detail

/// Tracks every row of `values_t_co2e` (series x years) against `tgt`, each
/// row relative to its own base-year value (the target must not fix a base
/// value; per-capita and intensity targets are not supported here).
/// `threads`: 1 (default) runs on the calling thread, 0 one per hardware thread.
/// Series that track() takes with a trend (finite values, positive from the
/// base year on, at least 3 years from it) go through the vectorised path
/// (detail::track_rows_vectorised), 256 at a time; the others, one by one,
/// through track() itself (which also gives its errors, the first bad row's).
inline batch_tracking track_batch(const std::vector<int>& years, const Eigen::Ref<const Eigen::ArrayXXd>& values_t_co2e,
                                  const target& tgt, const tracking_options& opt = {}, unsigned threads = 1) {
  const auto& values = values_t_co2e;
  const auto n = values.rows();
  const auto m = values.cols();
  if (static_cast<std::size_t>(m) != years.size())
    throw shape_error("ghgtrack: track_batch: values have " + std::to_string(m) + " columns for " +
                      std::to_string(years.size()) + " years");
  if (tgt.base_value)
    throw argument_error("ghgtrack: track_batch: each row is tracked against its own base-year value; give a "
                         "target without a base value");
  if (tgt.kind == target_kind::per_capita || tgt.kind == target_kind::intensity)
    throw argument_error("ghgtrack: track_batch takes absolute or net-zero targets");
  tgt.validate();
  const int base_year = tgt.base_year.value_or(years.empty() ? 0 : years.front());
  const auto bi = std::find(years.begin(), years.end(), base_year);
  if (bi == years.end())
    throw argument_error("ghgtrack: the base year " + std::to_string(base_year) + " is not in the data");
  const auto b = bi - years.begin();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  batch_tracking out;
  out.pathway.resize(n, m);
  out.gap.resize(n, m);
  for (auto* a : {&out.compound_rate, &out.fitted_rate, &out.required_rate, &out.year_reached, &out.budget, &out.spent,
                  &out.remaining, &out.run_out_year})
    a->setConstant(n, nan);
  out.status.assign(static_cast<std::size_t>(n), tracking_status::at_risk);
  out.run_out.assign(static_cast<std::size_t>(n), run_out_state::no_trend);
  if (b > 0) {
    out.pathway.leftCols(b).setConstant(nan);
    out.gap.leftCols(b).setConstant(nan);
  }
  // The vectorised path takes what track() does with these options and a
  // trend; anything else goes through track() itself.
  const bool increasing = std::adjacent_find(years.begin(), years.end(), std::greater_equal<int>()) == years.end();
  // The milestones must come after the base year, one after the other, as
  // pathway::through requires (track() raises its error otherwise).
  bool anchors_increase = !tgt.goals.empty() && tgt.goals.front().year > base_year;
  for (std::size_t g = 1; g < tgt.goals.size(); ++g) anchors_increase &= tgt.goals[g].year > tgt.goals[g - 1].year;
  const bool vectorised = increasing && anchors_increase && m - b >= 3 && !opt.last_actual_year && opt.scale.empty() &&
                          opt.level > 0.0 && opt.level < 1.0 &&
                          (opt.shape == segment_shape::linear || opt.shape == segment_shape::constant_rate);
  auto one = [&](Eigen::Index i) { // track() itself
    std::vector<double> row(static_cast<std::size_t>(m));
    for (Eigen::Index j = 0; j < m; ++j) row[static_cast<std::size_t>(j)] = values(i, j);
    const tracking_result r = track(years, row, tgt, opt);
    out.pathway.row(i).setConstant(nan); // years before the base (or projected) have none
    out.gap.row(i).setConstant(nan);
    for (Eigen::Index j = b; j < m && static_cast<std::size_t>(j - b) < r.pathway_value.size(); ++j) {
      out.pathway(i, j) = r.pathway_value[static_cast<std::size_t>(j - b)];
      out.gap(i, j) = r.gap[static_cast<std::size_t>(j - b)];
    }
    if (r.compound_rate) out.compound_rate[i] = *r.compound_rate;
    if (r.fitted_rate) out.fitted_rate[i] = *r.fitted_rate;
    if (!r.required_rates.empty()) out.required_rate[i] = r.required_rates.back();
    if (r.year_reached) out.year_reached[i] = *r.year_reached;
    out.budget[i] = r.budget.value();
    out.spent[i] = r.spent.value();
    out.remaining[i] = r.remaining.value();
    if (r.run_out.state == run_out_state::runs_out || r.run_out.state == run_out_state::overspent)
      out.run_out_year[i] = r.run_out.year;
    out.status[static_cast<std::size_t>(i)] = r.status;
    out.run_out[static_cast<std::size_t>(i)] = r.run_out.state;
  };
  // Whether a series takes the vectorised path (see track_rows_vectorised).
  auto takes_vectorised = [&](Eigen::Index i) {
    for (Eigen::Index j = 0; j < m; ++j) {
      const double x = values(i, j);
      if (!std::isfinite(x) || (j >= b && !(x > 0.0))) return false;
    }
    if (opt.shape == segment_shape::constant_rate)
      for (const auto& gl : tgt.goals)
        if (!((gl.is_level ? gl.level.value() : values(i, b) * (1.0 + gl.change)) > 0.0)) return false;
    return true;
  };
  constexpr std::ptrdiff_t chunk = 256; // series held at once (years x 256 doubles: in L2)
  auto work = [&](std::ptrdiff_t, std::ptrdiff_t begin, std::ptrdiff_t end) {
    std::vector<Eigen::Index> fast, slow;
    for (std::ptrdiff_t c0 = begin; c0 < end; c0 += chunk) {
      fast.clear();
      slow.clear();
      for (Eigen::Index i = c0; i < std::min(end, c0 + chunk); ++i)
        (vectorised && takes_vectorised(i) ? fast : slow).push_back(i);
      detail::track_rows_vectorised(years, values, tgt, opt, b, fast, out);
      for (const auto i : slow) one(i); // in row order: the first bad row throws
    }
  };
  // Rows are independent: 256 rows per part keeps thread start-up worth it.
  detail::parallel_parts(threads, n, std::max<std::ptrdiff_t>(1, n / chunk), work);
  return out;
}

/// A family of pathways evaluated for many series at once.
enum class pathway_family { linear, constant_rate, s_curve, budget };
inline const char* name(pathway_family f) noexcept {
  switch (f) {
  case pathway_family::linear: return "linear";
  case pathway_family::constant_rate: return "constant_rate";
  case pathway_family::s_curve: return "s_curve";
  case pathway_family::budget: return "budget";
  }
  return "linear";
}
inline pathway_family parse_pathway_family(std::string_view text) {
  for (auto f :
       {pathway_family::linear, pathway_family::constant_rate, pathway_family::s_curve, pathway_family::budget})
    if (text == name(f)) return f;
  throw argument_error("ghgtrack: a pathway family is 'linear', 'constant_rate', 's_curve' or 'budget', not '" +
                       std::string(text) + "'");
}

/// Series x years (column-major: one column per year, series contiguous):
/// for series i the pathway of `family` from (y0, starts[i]) to (y1,
/// ends[i]) (budget: ends[i] is the budget, y1 unused), at every year of
/// `years`, with pathway::at()'s rules (the start value up to y0; the end
/// value, or for a budget the open-ended rate, after y1). Values in t CO2e.
/// Vectorised across series: the years are shared, so each year is one
/// whole-column kernel (the powers of the constant rates through
/// simd::exp_affine, their logs through simd::log); the results agree with
/// one pathway per series to a relative 1e-12 (tests compare the two).
/// The series are checked first, in order, with the errors of the pathway
/// constructors (the first bad series throws).
inline Eigen::ArrayXXd evaluate_many(pathway_family family, double y0,
                                     const Eigen::Ref<const Eigen::ArrayXd>& starts_t_co2e, double y1,
                                     const Eigen::Ref<const Eigen::ArrayXd>& ends_t_co2e,
                                     const Eigen::Ref<const Eigen::ArrayXd>& years, unsigned threads = 1) {
  const auto& e0 = starts_t_co2e;
  if (e0.size() != ends_t_co2e.size())
    throw shape_error("ghgtrack: evaluate_many: " + std::to_string(e0.size()) + " start values and " +
                      std::to_string(ends_t_co2e.size()) + " end values");
  const Eigen::Index n = e0.size(), m = years.size();
  // The segment shared by every series: t0 = y0 to t1 (a budget: a
  // constant-rate segment to y0 + 1, then its rate for ever).
  double t1 = y1;
  Eigen::ArrayXd e1, log_ratio, log_q; // per series
  switch (family) {
  case pathway_family::linear: detail::check_year_order(y0, y1, "linear pathway"); break;
  case pathway_family::s_curve: detail::check_year_order(y0, y1, "S-curve pathway"); break;
  case pathway_family::constant_rate:
    detail::check_year_order(y0, y1, "constant-rate pathway");
    for (Eigen::Index i = 0; i < n; ++i)
      if (!(e0[i] > 0.0) || !(ends_t_co2e[i] > 0.0)) // the constructor's error
        (void)pathway::constant_rate_to(y0, units::co2e::from_value(e0[i]), y1,
                                        units::co2e::from_value(ends_t_co2e[i]));
    break;
  case pathway_family::budget: {
    t1 = y0 + 1.0;
    e1.resize(n);
    log_q.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) { // pathway::from_budget, with its checks
      const auto start = units::co2e::from_value(e0[i]);
      const double rate = rate_for_budget(y0, start, units::co2e::from_value(ends_t_co2e[i]));
      detail::check_rate(rate);
      log_q[i] = 1.0 + rate; // the tail's factor (its log below)
      e1[i] = e0[i] * (1.0 + rate);
    }
    simd::log(log_q.data(), log_q.data(), n);
    break;
  }
  }
  const Eigen::Map<const Eigen::ArrayXd> end(family == pathway_family::budget ? e1.data() : ends_t_co2e.data(), n);
  if (family == pathway_family::constant_rate || family == pathway_family::budget) {
    log_ratio = end / e0; // pathway::eval's e1 / e0
    simd::log(log_ratio.data(), log_ratio.data(), n);
  }
  // The logistic's shared terms, as pathway::eval computes them.
  const double k = 8.0 / (y1 - y0), mid = 0.5 * (y0 + y1);
  const auto logistic = [&](double t) { return 1.0 / (1.0 + std::exp(k * (t - mid))); };
  const double l0 = logistic(y0), l1 = logistic(y1);
  Eigen::ArrayXXd out(n, m);
  detail::parallel_parts(threads, n, std::max<std::ptrdiff_t>(1, n / 1024),
                         [&](std::ptrdiff_t, std::ptrdiff_t b, std::ptrdiff_t e) {
                           const Eigen::Index len = e - b;
                           const auto a0 = e0.segment(b, len);
                           const auto a1 = end.segment(b, len);
                           for (Eigen::Index j = 0; j < m; ++j) {
                             const double t = years[j];
                             double* col = out.col(j).data() + b;
                             auto c = out.col(j).segment(b, len);
                             if (!(t > y0)) {
                               c = a0;
                             } else if (t >= t1) {
                               if (family == pathway_family::budget) // the open-ended rate: e1 (1 + rate)^(t - t1)
                                 simd::exp_affine(nullptr, log_q.data() + b, t - t1, e1.data() + b, col, len);
                               else
                                 c = a1;
                             } else {
                               const double f = (t - y0) / (t1 - y0);
                               switch (family) {
                               case pathway_family::linear: c = a0 + (a1 - a0) * f; break;
                               case pathway_family::s_curve: c = a1 + (a0 - a1) * (logistic(t) - l1) / (l0 - l1); break;
                               case pathway_family::constant_rate:
                               case pathway_family::budget: // e0 (e1 / e0)^f
                                 simd::exp_affine(nullptr, log_ratio.data() + b, f, e0.data() + b, col, len);
                                 break;
                               }
                             }
                           }
                         });
  return out;
}

/// evaluate_many() of std::vectors.
inline Eigen::ArrayXXd evaluate_many(pathway_family family, double y0, const std::vector<double>& starts_t_co2e,
                                     double y1, const std::vector<double>& ends_t_co2e,
                                     const std::vector<double>& years, unsigned threads = 1) {
  using map = Eigen::Map<const Eigen::ArrayXd>;
  return evaluate_many(family, y0, map(starts_t_co2e.data(), static_cast<Eigen::Index>(starts_t_co2e.size())), y1,
                       map(ends_t_co2e.data(), static_cast<Eigen::Index>(ends_t_co2e.size())),
                       map(years.data(), static_cast<Eigen::Index>(years.size())), threads);
}

} // namespace ghgtrack

#endif
