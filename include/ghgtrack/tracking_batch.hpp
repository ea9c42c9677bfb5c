// ghgtrack/tracking_batch.hpp: track() for many series at once (e.g. every
// municipality and sector of a country), one row per series, on an explicit
// number of threads (detail::parallel_parts; default 1 = none started).
// Separate from tracking.hpp so that tracking one series needs no Eigen.
#ifndef GHGTRACK_TRACKING_BATCH_HPP
#define GHGTRACK_TRACKING_BATCH_HPP

#include <Eigen/Core>

#include <algorithm>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "ghgtrack/detail/parallel.hpp"
#include "ghgtrack/error.hpp"
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

/// Tracks every row of `values_t_co2e` (series x years) against `tgt`, each
/// row relative to its own base-year value (the target must not fix a base
/// value; per-capita and intensity targets are not supported here).
/// `threads`: 1 (default) runs on the calling thread, 0 one per hardware thread.
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
  auto work = [&](std::ptrdiff_t, std::ptrdiff_t begin, std::ptrdiff_t end) {
    std::vector<double> row(static_cast<std::size_t>(m));
    for (Eigen::Index i = begin; i < end; ++i) {
      for (Eigen::Index j = 0; j < m; ++j) row[static_cast<std::size_t>(j)] = values(i, j);
      const tracking_result r = track(years, row, tgt, opt);
      for (Eigen::Index j = 0; j < m; ++j) {
        const bool known = j >= b;
        out.pathway(i, j) = known ? r.pathway_value[static_cast<std::size_t>(j - b)] : nan;
        out.gap(i, j) = known ? r.gap[static_cast<std::size_t>(j - b)] : nan;
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
    }
  };
  // Rows are independent: 64 rows per part keeps thread start-up worth it.
  detail::parallel_parts(threads, n, std::max<std::ptrdiff_t>(1, n / 64), work);
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

/// Series x years: for series i the pathway of `family` from (y0,
/// starts[i]) to (y1, ends[i]) (budget: ends[i] is the budget, y1 unused),
/// at every year of `years`. Values in t CO2e.
inline Eigen::ArrayXXd evaluate_many(pathway_family family, double y0, const std::vector<double>& starts_t_co2e,
                                     double y1, const std::vector<double>& ends_t_co2e,
                                     const std::vector<double>& years, unsigned threads = 1) {
  if (starts_t_co2e.size() != ends_t_co2e.size())
    throw shape_error("ghgtrack: evaluate_many: " + std::to_string(starts_t_co2e.size()) + " start values and " +
                      std::to_string(ends_t_co2e.size()) + " end values");
  const auto n = static_cast<Eigen::Index>(starts_t_co2e.size());
  const auto m = static_cast<Eigen::Index>(years.size());
  Eigen::ArrayXXd out(n, m);
  detail::parallel_parts(threads, n, std::max<std::ptrdiff_t>(1, n / 64),
                         [&](std::ptrdiff_t, std::ptrdiff_t b, std::ptrdiff_t e) {
                           for (Eigen::Index i = b; i < e; ++i) {
                             const auto e0 = units::co2e::from_value(starts_t_co2e[static_cast<std::size_t>(i)]);
                             const auto e1 = units::co2e::from_value(ends_t_co2e[static_cast<std::size_t>(i)]);
                             pathway p;
                             switch (family) {
                             case pathway_family::linear: p = pathway::linear(y0, e0, y1, e1); break;
                             case pathway_family::constant_rate: p = pathway::constant_rate_to(y0, e0, y1, e1); break;
                             case pathway_family::s_curve: p = pathway::s_curve(y0, e0, y1, e1); break;
                             case pathway_family::budget: p = pathway::from_budget(y0, e0, e1); break;
                             }
                             for (Eigen::Index j = 0; j < m; ++j) out(i, j) = p.at(years[static_cast<std::size_t>(j)]);
                           }
                         });
  return out;
}

} // namespace ghgtrack

#endif
