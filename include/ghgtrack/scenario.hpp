// ghgtrack/scenario.hpp: a baseline with measures applied, and overlaps.
//
// The combination rule (decided; docs/planning.md has the worked examples):
//  1. A measure's effect in year y is its full effect times its ramp factor
//     rho(y) in [0, 1] (measure.hpp).
//  2. An absolute or activity effect A(y) on a scope becomes a fraction of
//     the scope's baseline that year, r = A(y) / B_scope(y), capped at 1 (the
//     cap is flagged). B_scope is the sum of the scope's cells with positive
//     baseline: a cut acts on emissions, not on sinks, so cells at or below
//     zero are left as they are by non-removal measures. This is how Oslo
//     and most municipal budgets state effects ("same-year difference
//     against the reference path"), so each measure alone reproduces its
//     stated effect exactly. A relative effect is r = cut * rho(y).
//  3. Non-removal measures on a cell combine multiplicatively:
//     S = B * prod_i (1 - r_i). Two relative effects never add up to more
//     than the cell holds, a cell never goes below zero, and the result does
//     not depend on the order of the measures.
//  4. Removals are additive: their amount R(y) is subtracted from their
//     scope, spread over its cells by baseline share that year (equally when
//     the scope holds no positive baseline); a scope of one source and one
//     gas names a single cell. They may take a cell below zero (flagged).
// Measures whose effect is unknown are listed (`unquantified`) and flagged,
// never counted as zero.
//
// Years: every year of the baseline is projected unless `last_actual_year`
// says which years are actual data; result.projected marks each year.
#ifndef GHGTRACK_SCENARIO_HPP
#define GHGTRACK_SCENARIO_HPP

#include <Eigen/Core>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ghgtrack/detail/parallel.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/inventory.hpp"
#include "ghgtrack/measure.hpp"

namespace ghgtrack {

/// Measures prepared on a baseline: scopes resolved to cells, effects turned
/// into yearly fractions (non-removals) or amounts (removals). The common
/// input of run_scenario and the attribution functions. It refers to the
/// baseline and the measures it was built from (no copies): both must
/// outlive it.
class portfolio {
public:
  /// Prepares the measures whose status is in `statuses` (all when empty
  /// optional; none when an empty list). Throws unknown_label_error when a
  /// scope names a sector, source or gas the baseline does not have (naming
  /// the valid ones), argument_error for an inconsistent measure.
  portfolio(const inventory& baseline, const std::vector<measure>& measures,
            const std::optional<std::vector<measure_status>>& statuses = std::nullopt)
      : baseline_(&baseline), all_(&measures) {
    const Eigen::Index ny = baseline.n_years(), nc = baseline.n_cells();
    for (std::size_t i = 0; i < measures.size(); ++i) {
      const measure& m = measures[i];
      m.check();
      if (statuses && std::find(statuses->begin(), statuses->end(), m.status) == statuses->end()) continue;
      check_scope(baseline, m);
      if (!m.effect.known()) {
        unquantified_.push_back(i);
        continue;
      }
      active_.push_back(i);
    }
    const auto na = static_cast<Eigen::Index>(active_.size());
    fraction_ = Eigen::ArrayXXd::Zero(na, ny);
    uncapped_ = Eigen::ArrayXXd::Zero(na, ny);
    removal_ = Eigen::ArrayXXd::Zero(na, ny);
    capped_ = key_array::Zero(na, ny);
    scope_.resize(active_.size());
    is_removal_.assign(active_.size(), 0);
    const auto& B = baseline.values();
    std::vector<std::vector<std::uint32_t>> players(static_cast<std::size_t>(nc)),
        removers(static_cast<std::size_t>(nc));
    for (Eigen::Index a = 0; a < na; ++a) {
      const measure& m = measures[active_[static_cast<std::size_t>(a)]];
      auto& cells = scope_[static_cast<std::size_t>(a)];
      // The categories in scope (sources by binary search, not a scan per
      // category), then the gases: the same rule as measure_scope::matches.
      std::vector<std::uint8_t> cat_in(static_cast<std::size_t>(baseline.n_categories()), 0);
      if (m.scope.sectors.empty() && m.scope.sources.empty()) std::fill(cat_in.begin(), cat_in.end(), std::uint8_t{1});
      for (const auto& src : m.scope.sources) cat_in[static_cast<std::size_t>(*baseline.category_index(src))] = 1;
      if (!m.scope.sectors.empty())
        for (std::size_t c = 0; c < cat_in.size(); ++c)
          if (!cat_in[c] && std::find(m.scope.sectors.begin(), m.scope.sectors.end(),
                                      baseline.categories()[c].sector) != m.scope.sectors.end())
            cat_in[c] = 1;
      for (Eigen::Index c = 0; c < baseline.n_categories(); ++c) {
        if (!cat_in[static_cast<std::size_t>(c)]) continue;
        for (Eigen::Index g = 0; g < baseline.n_gases(); ++g)
          if (m.scope.gases.empty() || std::find(m.scope.gases.begin(), m.scope.gases.end(),
                                                 baseline.gases()[static_cast<std::size_t>(g)]) != m.scope.gases.end())
            cells.push_back(baseline.cell(c, g));
      }
      is_removal_[static_cast<std::size_t>(a)] = m.removal;
      const bool rel = m.effect.kind() == effect_kind::relative;
      const double full = rel ? m.effect.value() : m.effect.tonnes_co2e(baseline.gwp_metric());
      for (Eigen::Index y = 0; y < ny; ++y) {
        const double rho = m.ramp.factor(baseline.years()[static_cast<std::size_t>(y)]);
        if (m.removal) {
          removal_(a, y) = full * rho;
          continue;
        }
        if (rel) {
          fraction_(a, y) = uncapped_(a, y) = full * rho;
          continue;
        }
        const double amount = full * rho;
        if (amount == 0.0) continue;
        double bs = 0.0;
        for (auto c : cells) bs += std::max(0.0, B(c, y));
        double r = bs > 0.0 ? amount / bs : 1.0;
        uncapped_(a, y) = r;
        if (r > 1.0 || bs <= 0.0) {
          r = 1.0;
          capped_(a, y) = 1;
        }
        fraction_(a, y) = r;
      }
      for (auto c : cells)
        (m.removal ? removers : players)[static_cast<std::size_t>(c)].push_back(static_cast<std::uint32_t>(a));
    }
    auto to_csr = [](const std::vector<std::vector<std::uint32_t>>& lists, std::vector<std::size_t>& off,
                     std::vector<std::uint32_t>& flat) {
      off.assign(lists.size() + 1, 0);
      for (std::size_t c = 0; c < lists.size(); ++c) off[c + 1] = off[c] + lists[c].size();
      flat.clear();
      flat.reserve(off.back());
      for (const auto& l : lists) flat.insert(flat.end(), l.begin(), l.end());
    };
    to_csr(players, offsets_, players_);
    to_csr(removers, removal_offsets_, removers_);
  }

  const inventory& baseline() const noexcept { return *baseline_; }
  /// The measures as given (all of them).
  const std::vector<measure>& measures() const noexcept { return *all_; }
  /// Indices (into measures()) of the measures applied: selected by status, with a known effect.
  const std::vector<std::size_t>& active() const noexcept { return active_; }
  /// Indices of the selected measures whose effect is unknown.
  const std::vector<std::size_t>& unquantified() const noexcept { return unquantified_; }
  /// active x years: the fraction r of each non-removal measure (0 for removals).
  const Eigen::ArrayXXd& fractions() const noexcept { return fraction_; }
  /// active x years: the fraction before the cap at 1 (A(y) / B_scope(y)
  /// for an absolute effect; equal to fractions() where nothing was capped).
  /// A measure scaled by a share s acts with min(1, s * uncapped).
  const Eigen::ArrayXXd& uncapped_fractions() const noexcept { return uncapped_; }
  /// active x years: the amount (t CO2e) of each removal (0 for the others).
  const Eigen::ArrayXXd& removal_amounts() const noexcept { return removal_; }
  /// active x years: 1 where an absolute effect was capped at its scope's baseline.
  const key_array& capped() const noexcept { return capped_; }
  /// The cells (rows of the baseline) in the scope of active measure a.
  const std::vector<Eigen::Index>& scope_cells(std::size_t a) const { return scope_.at(a); }
  bool is_removal(std::size_t a) const { return is_removal_.at(a) != 0; }
  /// The non-removal active measures acting on cell c: [begin, end) of positions in active().
  std::pair<const std::uint32_t*, const std::uint32_t*> players(Eigen::Index c) const {
    const auto i = static_cast<std::size_t>(c);
    return {players_.data() + offsets_[i], players_.data() + offsets_[i + 1]};
  }
  /// The removal measures acting on cell c.
  std::pair<const std::uint32_t*, const std::uint32_t*> removers(Eigen::Index c) const {
    const auto i = static_cast<std::size_t>(c);
    return {removers_.data() + removal_offsets_[i], removers_.data() + removal_offsets_[i + 1]};
  }
  /// The share of removal a's amount that goes to cell c in year y.
  double removal_share(std::size_t a, Eigen::Index c, Eigen::Index y) const {
    const auto& cells = scope_.at(a);
    const auto& B = baseline_->values();
    double bs = 0.0;
    for (auto k : cells) bs += std::max(0.0, B(k, y));
    if (bs > 0.0) return std::max(0.0, B(c, y)) / bs;
    return 1.0 / static_cast<double>(cells.size());
  }

private:
  static void check_scope(const inventory& inv, const measure& m) {
    auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
      return s;
    };
    const auto sectors = inv.sectors();
    for (const auto& s : m.scope.sectors)
      if (std::find(sectors.begin(), sectors.end(), s) == sectors.end())
        throw unknown_label_error("ghgtrack: measure '" + m.id + "': sector '" + s +
                                  "' is not in the baseline; sectors: " + join(sectors));
    for (const auto& c : m.scope.sources)
      if (!inv.category_index(c)) {
        std::vector<std::string> known;
        for (const auto& k : inv.categories())
          if (k.sector == c.sector) known.push_back(k.source);
        if (known.empty())
          throw unknown_label_error("ghgtrack: measure '" + m.id + "': source '" + c.sector + " / " + c.source +
                                    "': sector '" + c.sector + "' is not in the baseline; sectors: " + join(sectors));
        throw unknown_label_error("ghgtrack: measure '" + m.id + "': source '" + c.source + "' is not in sector '" +
                                  c.sector + "'; its sources: " + join(known));
      }
    for (gas g : m.scope.gases)
      if (!inv.gas_index(g)) {
        std::vector<std::string> known;
        for (gas k : inv.gases()) known.emplace_back(name(k));
        throw unknown_label_error("ghgtrack: measure '" + m.id + "': gas " + std::string(name(g)) +
                                  " is not in the baseline; gases: " + join(known));
      }
  }

  const inventory* baseline_;
  const std::vector<measure>* all_;
  std::vector<std::size_t> active_, unquantified_;
  Eigen::ArrayXXd fraction_, uncapped_, removal_;
  key_array capped_;
  std::vector<std::vector<Eigen::Index>> scope_;
  std::vector<std::uint8_t> is_removal_;
  std::vector<std::size_t> offsets_, removal_offsets_;
  std::vector<std::uint32_t> players_, removers_;
};

/// What a scenario flags.
enum class scenario_flag_kind : std::uint8_t {
  capped,       ///< an absolute effect larger than its scope's baseline, capped at 1
  below_zero,   ///< a removal took a cell below zero
  unquantified, ///< a measure with an unknown effect: listed, not counted
};

inline std::string_view name(scenario_flag_kind k) {
  switch (k) {
  case scenario_flag_kind::capped: return "capped";
  case scenario_flag_kind::below_zero: return "below_zero";
  case scenario_flag_kind::unquantified: return "unquantified";
  }
  return "?";
}

struct scenario_flag {
  scenario_flag_kind kind;
  std::ptrdiff_t measure; ///< index into the measures given, or -1
  std::ptrdiff_t cell;    ///< row of the inventory, or -1
  int year;               ///< or 0 when it concerns no single year
  std::string message;
};

/// Two measures that act on common cells.
struct overlap_pair {
  std::size_t a, b;         ///< indices into the measures given, a < b
  std::size_t shared_cells; ///< cells both act on
  /// Per year: sum over the shared cells of B * r_a * r_b, what the naive
  /// sum of the two "alone" effects counts twice.
  Eigen::ArrayXd interaction;
};

/// How much the naive sum of "alone" effects overcounts.
struct overlap_report {
  Eigen::ArrayXd naive_sum; ///< per year: sum of every measure's effect alone
  Eigen::ArrayXd combined;  ///< per year: the combined reduction
  Eigen::ArrayXd overcount; ///< naive_sum - combined
  std::vector<overlap_pair> pairs;
};

struct scenario_options {
  std::string name = "scenario";
  /// Apply only measures with these statuses (all when empty optional).
  std::optional<std::vector<measure_status>> statuses;
  /// Years up to this one are actual data; later ones projected. Empty: all projected.
  std::optional<int> last_actual_year;
  bool overlaps = true;
  unsigned threads = 1;
};

struct scenario_result {
  std::string name;
  inventory values;          ///< the scenario, same cells and years as the baseline (t CO2e)
  Eigen::ArrayXXd reduction; ///< cells x years: baseline - scenario
  std::vector<int> years;
  std::vector<std::uint8_t> projected; ///< per year: 1 = projected, 0 = actual
  std::vector<std::size_t> applied;    ///< indices of the measures applied
  std::vector<std::size_t> unquantified;
  std::vector<scenario_flag> flags;
  overlap_report overlaps;

  /// Total reduction per year (sum over cells).
  Eigen::ArrayXd total_reduction() const { return reduction.colwise().sum().transpose(); }
};

namespace detail {
inline std::vector<std::uint8_t> projected_years(const std::vector<int>& years, std::optional<int> last_actual) {
  std::vector<std::uint8_t> p(years.size());
  for (std::size_t i = 0; i < years.size(); ++i) p[i] = !last_actual || years[i] > *last_actual;
  return p;
}
} // namespace detail

/// Evaluates a prepared portfolio (see the combination rule above).
inline scenario_result run_scenario(const portfolio& pf, const scenario_options& opt = {}) {
  const inventory& base = pf.baseline();
  const Eigen::Index nc = base.n_cells(), ny = base.n_years();
  const auto& B = base.values();
  const auto& R = pf.fractions();
  const auto& A = pf.removal_amounts();
  scenario_result out;
  out.name = opt.name;
  out.values = base;
  out.years = base.years();
  out.projected = detail::projected_years(out.years, opt.last_actual_year);
  out.applied = pf.active();
  out.unquantified = pf.unquantified();
  Eigen::ArrayXXd S = B;
  // Removal shares per (removal, year): the scope's positive baseline sum.
  const auto na = pf.active().size();
  Eigen::ArrayXXd scope_pos = Eigen::ArrayXXd::Zero(static_cast<Eigen::Index>(na), ny);
  for (std::size_t a = 0; a < na; ++a)
    if (pf.is_removal(a))
      for (auto c : pf.scope_cells(a))
        for (Eigen::Index y = 0; y < ny; ++y) scope_pos(static_cast<Eigen::Index>(a), y) += std::max(0.0, B(c, y));
  detail::parallel_parts(opt.threads, nc, 64, [&](std::ptrdiff_t, std::ptrdiff_t b, std::ptrdiff_t e) {
    for (Eigen::Index c = b; c < e; ++c) {
      const auto [p0, p1] = pf.players(c);
      const auto [r0, r1] = pf.removers(c);
      for (Eigen::Index y = 0; y < ny; ++y) {
        const double bv = B(c, y);
        double s = bv;
        if (bv > 0.0) {
          double prod = 1.0;
          for (auto p = p0; p != p1; ++p) prod *= 1.0 - R(*p, y);
          s = bv * prod;
        }
        for (auto p = r0; p != r1; ++p) {
          const double bs = scope_pos(*p, y);
          const double share = bs > 0.0 ? std::max(0.0, bv) / bs : 1.0 / static_cast<double>(pf.scope_cells(*p).size());
          s -= A(*p, y) * share;
        }
        S(c, y) = s;
      }
    }
  });
  out.values = inventory(base.categories(), base.gases(), base.years(), base.gwp_metric(), S, base.keys());
  out.reduction = B - S;
  // Flags.
  for (std::size_t a = 0; a < na; ++a)
    for (Eigen::Index y = 0; y < ny; ++y)
      if (pf.capped()(static_cast<Eigen::Index>(a), y)) {
        const auto& m = pf.measures()[pf.active()[a]];
        out.flags.push_back({scenario_flag_kind::capped, static_cast<std::ptrdiff_t>(pf.active()[a]), -1,
                             out.years[static_cast<std::size_t>(y)],
                             "measure '" + m.id + "': effect larger than its scope's baseline in " +
                                 std::to_string(out.years[static_cast<std::size_t>(y)]) +
                                 "; capped at the whole scope"});
      }
  for (Eigen::Index c = 0; c < nc; ++c) {
    const auto [r0, r1] = pf.removers(c);
    if (r0 == r1) continue;
    for (Eigen::Index y = 0; y < ny; ++y)
      if (S(c, y) < 0.0 && B(c, y) >= 0.0) {
        const auto& cat = base.categories()[static_cast<std::size_t>(c / base.n_gases())];
        out.flags.push_back(
            {scenario_flag_kind::below_zero, -1, static_cast<std::ptrdiff_t>(c), out.years[static_cast<std::size_t>(y)],
             cat.sector + " / " + cat.source + " / " +
                 std::string(name(base.gases()[static_cast<std::size_t>(c % base.n_gases())])) + " is below zero in " +
                 std::to_string(out.years[static_cast<std::size_t>(y)]) + " (a removal)"});
      }
  }
  for (auto i : pf.unquantified()) {
    const auto& m = pf.measures()[i];
    out.flags.push_back(
        {scenario_flag_kind::unquantified, static_cast<std::ptrdiff_t>(i), -1, 0,
         "measure '" + m.id + "' has no quantified effect (" + m.effect.reason() + "): listed, not counted"});
  }
  if (!opt.overlaps) return out;
  // Overlaps: the naive sum of "alone" effects against the combined reduction.
  overlap_report& ov = out.overlaps;
  ov.combined = out.total_reduction();
  ov.naive_sum = Eigen::ArrayXd::Zero(ny);
  std::unordered_map<std::uint64_t, std::size_t> pair_at;
  for (Eigen::Index c = 0; c < nc; ++c) {
    const auto [p0, p1] = pf.players(c);
    const auto [r0, r1] = pf.removers(c);
    for (Eigen::Index y = 0; y < ny; ++y) {
      const double bv = std::max(0.0, B(c, y));
      for (auto p = p0; p != p1; ++p) ov.naive_sum(y) += bv * R(*p, y);
      for (auto p = r0; p != r1; ++p) {
        const double bs = scope_pos(*p, y);
        ov.naive_sum(y) += A(*p, y) * (bs > 0.0 ? bv / bs : 1.0 / static_cast<double>(pf.scope_cells(*p).size()));
      }
    }
    for (auto p = p0; p != p1; ++p)
      for (auto q = p + 1; q != p1; ++q) {
        std::size_t ia = pf.active()[*p], ib = pf.active()[*q];
        std::uint32_t pa = *p, pb = *q;
        if (ia > ib) {
          std::swap(ia, ib);
          std::swap(pa, pb);
        }
        const std::uint64_t key = (static_cast<std::uint64_t>(ia) << 32) | ib;
        auto it = pair_at.find(key);
        if (it == pair_at.end()) {
          it = pair_at.emplace(key, ov.pairs.size()).first;
          ov.pairs.push_back({ia, ib, 0, Eigen::ArrayXd::Zero(ny)});
        }
        auto& pr = ov.pairs[it->second];
        ++pr.shared_cells;
        for (Eigen::Index y = 0; y < ny; ++y) pr.interaction(y) += std::max(0.0, B(c, y)) * R(pa, y) * R(pb, y);
      }
  }
  std::sort(ov.pairs.begin(), ov.pairs.end(),
            [](const overlap_pair& x, const overlap_pair& y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); });
  ov.overcount = ov.naive_sum - ov.combined;
  return out;
}

/// A scenario: the measures (filtered by status) applied to the baseline.
inline scenario_result run_scenario(const inventory& baseline, const std::vector<measure>& measures,
                                    const scenario_options& opt = {}) {
  const portfolio pf(baseline, measures, opt.statuses);
  return run_scenario(pf, opt);
}

/// A named selection of measures by status, for side-by-side scenarios.
struct scenario_spec {
  std::string name;
  std::optional<std::vector<measure_status>> statuses; ///< empty optional: all
};

/// baseline (no measures), adopted (adopted + implemented), adopted + proposed (all).
inline std::vector<scenario_spec> standard_scenarios() {
  return {{"baseline", std::vector<measure_status>{}},
          {"adopted", std::vector<measure_status>{measure_status::adopted, measure_status::implemented}},
          {"adopted + proposed", std::vector<measure_status>{measure_status::proposed, measure_status::adopted,
                                                             measure_status::implemented}}};
}

/// Several named scenarios on one baseline, side by side.
inline std::vector<scenario_result> run_scenarios(const inventory& baseline, const std::vector<measure>& measures,
                                                  const std::vector<scenario_spec>& specs = standard_scenarios(),
                                                  std::optional<int> last_actual_year = std::nullopt,
                                                  unsigned threads = 1) {
  std::vector<scenario_result> out;
  for (const auto& s : specs) {
    scenario_options o;
    o.name = s.name;
    o.statuses = s.statuses;
    o.last_actual_year = last_actual_year;
    o.threads = threads;
    out.push_back(run_scenario(baseline, measures, o));
  }
  return out;
}

} // namespace ghgtrack

#endif
