// ghgtrack/mac.hpp: marginal abatement cost (MAC) curves that respect overlap.
//
// Bars are measures, sorted by cost per tonne (cost.hpp; the standalone
// cost per tonne in the chosen convention). A bar's width is its abatement
// in one chosen year, or summed over a period of years. Three variants:
//  - standalone: each measure alone on the baseline (widths overcount when
//    measures overlap: the "partial" curve of most tools);
//  - sequential: each measure given all cheaper ones already applied (the
//    way LEAP's integrated MACC works): widths add up to the combined
//    reduction, but they depend on the order;
//  - shapley: each measure's order-independent Shapley share from the
//    scenario engine (attribution.hpp): widths add up to the combined
//    reduction and do not depend on any order.
// A bar's height is the measure's present-value cost divided by the tonnes
// it is credited with in that variant (over the accounting window, in the
// chosen convention): a measure that overlaps others gets fewer tonnes and
// a higher cost per tonne. Standalone and Shapley curves are sorted by their
// own heights; the sequential curve keeps the standalone order (that order
// defines it). Measures with an unknown effect or without any cost are
// listed (unquantified, uncosted), never drawn with zero.
#ifndef GHGTRACK_MAC_HPP
#define GHGTRACK_MAC_HPP

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ghgtrack/attribution.hpp"
#include "ghgtrack/cost.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/scenario.hpp"

namespace ghgtrack {

enum class mac_variant : std::uint8_t { standalone, sequential, shapley };

inline std::string_view name(mac_variant v) {
  switch (v) {
  case mac_variant::standalone: return "standalone";
  case mac_variant::sequential: return "sequential";
  case mac_variant::shapley: return "shapley";
  }
  throw argument_error("ghgtrack: invalid MAC variant");
}

inline mac_variant parse_mac_variant(std::string_view s) {
  const std::string k = detail::fold_key(s);
  if (k == "standalone" || k == "alone" || k == "partial") return mac_variant::standalone;
  if (k == "sequential" || k == "leap" || k == "integrated") return mac_variant::sequential;
  if (k == "shapley") return mac_variant::shapley;
  throw argument_error("ghgtrack: unknown MAC variant '" + std::string(s) +
                       "' (accepted: standalone, sequential, shapley)");
}

struct mac_options {
  mac_variant variant = mac_variant::shapley;
  cost_options costs;
  /// Width: the abatement in this year (default: the baseline's last year) ...
  std::optional<int> year;
  /// ... or, when both are given, summed over [period_first, period_last].
  std::optional<int> period_first, period_last;
  std::optional<std::vector<measure_status>> statuses;
  unsigned threads = 1;
};

struct mac_bar {
  std::size_t measure; ///< index into the measures given
  double width;        ///< t CO2e in the year or period
  double x0;           ///< where the bar starts (cumulative width before it)
  double per_tonne;    ///< height: PV cost / tonnes credited (convention)
  double low, high;    ///< height range (NaN where open)
  double alone;        ///< the standalone width, for comparison
  measure_cost cost;   ///< the standalone cost record (PV cost, basis, class, currency)
};

struct mac_result {
  mac_variant variant;
  std::vector<mac_bar> bars;
  std::vector<std::size_t> unquantified; ///< listed, not drawn
  std::vector<std::size_t> uncosted;     ///< quantified but no cost stated: listed, not drawn
  double combined = 0.0;                 ///< the combined reduction of every drawn measure in the width year/period
};

namespace detail {
inline Eigen::ArrayXd width_weights(const std::vector<int>& years, const mac_options& opt) {
  Eigen::ArrayXd w = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(years.size()));
  if (opt.period_first || opt.period_last) {
    if (!(opt.period_first && opt.period_last) || *opt.period_last < *opt.period_first)
      throw argument_error("ghgtrack::mac_curve: a period needs period_first <= period_last");
    for (std::size_t i = 0; i < years.size(); ++i)
      if (years[i] >= *opt.period_first && years[i] <= *opt.period_last) w(static_cast<Eigen::Index>(i)) = 1.0;
    if (w.sum() == 0.0) throw unknown_label_error("ghgtrack::mac_curve: no baseline year in the period");
    return w;
  }
  const int y = opt.year ? *opt.year : years.back();
  for (std::size_t i = 0; i < years.size(); ++i)
    if (years[i] == y) {
      w(static_cast<Eigen::Index>(i)) = 1.0;
      return w;
    }
  throw unknown_label_error("ghgtrack::mac_curve: year " + std::to_string(y) + " is not in the baseline (" +
                            std::to_string(years.front()) + "-" + std::to_string(years.back()) + ")");
}

/// Height of a bar: the standalone PV cost over the credited tonnes.
inline void mac_height(const measure_cost& alone, const measure_cost& credited, cost_convention conv, double& h,
                       double& lo, double& hi) {
  double denom = credited.pv_tonnes, num = alone.pv_cost, nl = alone.pv_cost_low, nh = alone.pv_cost_high;
  if (conv == cost_convention::undiscounted_tonnes) denom = credited.tonnes;
  if (conv == cost_convention::annualised) {
    denom = credited.annual_tonnes;
    const double f = alone.pv_cost != 0.0 ? alone.annualised_cost / alone.pv_cost : 0.0;
    num = alone.annualised_cost;
    nl *= f;
    nh *= f;
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  h = denom > 0.0 ? num / denom : nan;
  lo = denom > 0.0 ? nl / denom : nan;
  hi = denom > 0.0 ? nh / denom : nan;
}
} // namespace detail

/// Every selected measure's costs (cost_of on its standalone abatement).
struct cost_table_result {
  std::vector<std::size_t> measures; ///< indices into the measures given (quantified, selected)
  std::vector<measure_cost> costs;
  std::vector<std::size_t> unquantified;
};

inline cost_table_result cost_table(const inventory& baseline, const std::vector<measure>& measures,
                                    const cost_options& opt = {},
                                    const std::optional<std::vector<measure_status>>& statuses = std::nullopt) {
  const portfolio pf(baseline, measures, statuses);
  const attribution_result at = attribute(pf);
  cost_table_result out;
  out.measures = pf.active();
  out.unquantified = pf.unquantified();
  for (std::size_t a = 0; a < pf.active().size(); ++a)
    out.costs.push_back(cost_of(measures[pf.active()[a]], baseline.years(),
                                at.alone.row(static_cast<Eigen::Index>(a)).transpose(), opt));
  return out;
}

/// The MAC curve of `measures` on `baseline` (see the header comment).
inline mac_result mac_curve(const inventory& baseline, const std::vector<measure>& measures,
                            const mac_options& opt = {}) {
  const portfolio pf(baseline, measures, opt.statuses);
  const auto& years = baseline.years();
  const Eigen::ArrayXd w = detail::width_weights(years, opt);
  const attribution_result at = attribute(pf, false, opt.threads);
  mac_result out;
  out.variant = opt.variant;
  out.unquantified = pf.unquantified();
  const auto na = pf.active().size();
  std::vector<measure_cost> alone(na);
  std::vector<std::size_t> drawn; // positions in active()
  for (std::size_t a = 0; a < na; ++a) {
    const auto ai = static_cast<Eigen::Index>(a);
    alone[a] = cost_of(measures[pf.active()[a]], years, at.alone.row(ai).transpose(), opt.costs);
    if (alone[a].basis == "none")
      out.uncosted.push_back(pf.active()[a]);
    else
      drawn.push_back(a);
  }
  const auto key = [&](std::size_t a) {
    const double v = alone[a].per_tonne;
    return std::isnan(v) ? std::numeric_limits<double>::infinity() : v;
  };
  std::stable_sort(drawn.begin(), drawn.end(), [&](std::size_t x, std::size_t y) { return key(x) < key(y); });
  // Credited tonnes per year for each drawn measure.
  const Eigen::Index ny = baseline.n_years();
  Eigen::ArrayXXd credited(static_cast<Eigen::Index>(na), ny);
  if (opt.variant == mac_variant::standalone) {
    credited = at.alone;
  } else if (opt.variant == mac_variant::shapley) {
    // The Shapley game of the drawn measures only: uncosted ones are not on the curve.
    if (out.uncosted.empty()) {
      credited = at.shapley;
    } else {
      std::vector<measure> sub;
      for (auto a : drawn) sub.push_back(measures[pf.active()[a]]);
      const attribution_result as = attribute(baseline, sub);
      credited.setZero();
      for (std::size_t k = 0; k < drawn.size(); ++k)
        credited.row(static_cast<Eigen::Index>(drawn[k])) = as.shapley.row(static_cast<Eigen::Index>(k));
    }
  } else {
    // Sequential: the marginal reduction of each measure given all cheaper ones.
    const auto& B = baseline.values();
    const auto& R = pf.fractions();
    Eigen::ArrayXXd S = B;
    credited.setZero();
    for (auto a : drawn) {
      const auto ai = static_cast<Eigen::Index>(a);
      if (pf.is_removal(a)) {
        credited.row(ai) = pf.removal_amounts().row(ai);
        continue;
      }
      for (auto c : pf.scope_cells(a))
        for (Eigen::Index y = 0; y < ny; ++y) {
          if (!(B(c, y) > 0.0)) continue;
          credited(ai, y) += S(c, y) * R(ai, y);
          S(c, y) *= 1.0 - R(ai, y);
        }
    }
  }
  for (auto a : drawn) {
    const auto ai = static_cast<Eigen::Index>(a);
    mac_bar b{};
    b.measure = pf.active()[a];
    b.width = (credited.row(ai).transpose() * w).sum();
    b.alone = (at.alone.row(ai).transpose() * w).sum();
    b.cost = alone[a];
    if (opt.variant == mac_variant::standalone) {
      b.per_tonne = alone[a].per_tonne;
      b.low = alone[a].low;
      b.high = alone[a].high;
    } else {
      const measure_cost cr = cost_of(measures[b.measure], years, credited.row(ai).transpose(), opt.costs);
      detail::mac_height(alone[a], cr, opt.costs.convention, b.per_tonne, b.low, b.high);
    }
    out.bars.push_back(b);
  }
  if (opt.variant == mac_variant::shapley)
    std::stable_sort(out.bars.begin(), out.bars.end(), [](const mac_bar& x, const mac_bar& y) {
      const double a = std::isnan(x.per_tonne) ? std::numeric_limits<double>::infinity() : x.per_tonne;
      const double b = std::isnan(y.per_tonne) ? std::numeric_limits<double>::infinity() : y.per_tonne;
      return a < b;
    });
  double x = 0.0;
  for (auto& b : out.bars) {
    b.x0 = x;
    x += b.width;
  }
  out.combined = opt.variant == mac_variant::standalone ? 0.0 : x;
  if (opt.variant == mac_variant::standalone) {
    // The combined reduction of the drawn measures, for the overcount.
    std::vector<measure> sub;
    for (auto a : drawn) sub.push_back(measures[pf.active()[a]]);
    scenario_options so;
    so.overlaps = false;
    const scenario_result s = run_scenario(baseline, sub, so);
    out.combined = (s.total_reduction() * w).sum();
  }
  return out;
}

} // namespace ghgtrack

#endif
