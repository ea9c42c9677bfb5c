// ghgtrack/portfolio.hpp: the cheapest set of measures that meets a goal.
//
// Goals (portfolio_goal), on the scenario total (all cells, t CO2e):
//  - target: the total in the target year at or below a level;
//  - budget: the total summed over [first_year, last_year] within a
//    cumulative carbon budget;
//  - caps: the total at or below each year's cap.
// Each goal is a set of rows k, "the reduction weighted by w_k over the
// years is at least need_k", with need_k = (weighted baseline total) -
// (limit). A portfolio is a selection x in {0, 1}^n of the candidate
// measures (quantified, with a cost); its cost is the sum of the selected
// measures' present-value costs (cost.hpp).
//
// Why this is exact. The reduction of a selection S in a row,
// F_k(S) = sum_y w_ky sum_c B_cy (1 - prod_{i in S} (1 - r_iy)) (+ removals),
// is nondecreasing and SUBMODULAR in S: on each cell it is a coverage-like
// function (the marginal gain of j, B r_j prod_{i in S} (1 - r_i), can only
// shrink as S grows); removals are modular. For a submodular F and any
// sets S, T (Nemhauser & Wolsey, "Maximizing submodular set functions:
// formulations and analysis of algorithms", Annals of Discrete Mathematics
// 11, 1981, inequalities (a) and (b)):
//   (a) F(S) <= F(T) - sum_{j in T\S} rho_j(N - j) + sum_{j in S\T} rho_j(T)
//   (b) F(S) <= F(T) - sum_{j in T\S} rho_j(T - j) + sum_{j in S\T} rho_j({})
// with rho_j(A) = F(A + j) - F(A). Both are linear in x, so the MILP
//   min c.x  s.t.  need_k <= (cut)_k(x) for every cut generated, x binary
// is a RELAXATION of the true problem (each cut over-estimates F), whose
// optimum, once the exact scenario engine confirms it meets the goal, is
// the true optimum. When the check fails at x*, the cuts (a) and (b) with
// T = S* are violated there (they equal F(S*) < need at x*) and are added;
// the loop ends after finitely many rounds. The first cut (b) with T = {}
// is the naive sum of standalone effects. This module gives the cuts, the
// fast evaluation and the exact check (run_scenario on the selected
// measures); python/ghgtrack/costs.py runs the loop with the HiGHS MILP
// solver, and brute_force_portfolio enumerates all selections (at most
// 2^25) for small cases and tests.
//
// Partial adoption (portfolio_adoption). By default a measure is taken
// whole or not at all. With `steps` = K > 1, candidate j may be adopted at
// a share a_j in {0, u_j/K, 2 u_j/K, ..., u_j}, where u_j (default 1) is
// its cap in `max_share`. A measure adopted at share a has its effect
// scaled by a (a relative cut r becomes a r; an absolute or activity amount
// A becomes a A) and costs a times its present-value cost: cost and effect
// are assumed proportional to adoption. In the MILP, candidate j becomes K
// binary "slices" of share u_j/K; a_j = (u_j/K) (number of its slices
// chosen). The reduction is still monotone submodular over slices: on a
// cell, the gain of one more slice of j is
//   B (min(1, a' r_j) - min(1, a r_j)) prod_{i != j} (1 - min(1, a_i r_i)),
// which cannot grow as any share grows (min(1, .) is concave, the product
// only shrinks), so the cuts above remain valid and the loop remains
// exact for the stepped problem. The one approximation is the step: a
// continuous optimum may take a share between two steps, so the stepped
// optimum costs at most one step of one measure per goal row more (the
// minimum of a linear cost over the superlevel set of this multilinear
// reduction lies at a point with at most one fractional share per binding
// row).
//
// Monte Carlo (portfolio_monte_carlo): each draw scales every measure's
// effect (its fraction r, capped at 1, or its removal amount) by a
// multiplier with mean 1 and relative uncertainty effect_u (distributions of
// monte_carlo.hpp), and draws each measure's PV cost uniformly between its
// low and high PV cost where a range is known, else the point cost times a
// multiplier with uncertainty cost_u. Draw d uses its own xoshiro256**
// stream seeded with (seed, d): results do not depend on `threads`.
#ifndef GHGTRACK_PORTFOLIO_HPP
#define GHGTRACK_PORTFOLIO_HPP

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ghgtrack/attribution.hpp"
#include "ghgtrack/cost.hpp"
#include "ghgtrack/detail/parallel.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/monte_carlo.hpp"
#include "ghgtrack/scenario.hpp"
#include "ghgtrack/units.hpp"

namespace ghgtrack {

enum class goal_kind : std::uint8_t { target, budget, caps };

inline std::string_view name(goal_kind k) {
  switch (k) {
  case goal_kind::target: return "target";
  case goal_kind::budget: return "budget";
  case goal_kind::caps: return "caps";
  }
  throw argument_error("ghgtrack: invalid goal kind");
}

/// What a portfolio must achieve (see the header comment).
struct portfolio_goal {
  goal_kind kind = goal_kind::target;
  int year = 0, first_year = 0, last_year = 0;
  double limit_t_co2e = 0.0;                       ///< target level or budget, t CO2e
  std::vector<std::pair<int, double>> caps_t_co2e; ///< (year, cap)

  /// The total in `year` at or below `level`.
  static portfolio_goal target(int year, units::co2e level) {
    portfolio_goal g;
    g.kind = goal_kind::target;
    g.year = year;
    g.limit_t_co2e = units::value_in(level, units::tonne_co2e);
    return g;
  }
  /// The total summed over [first_year, last_year] within `budget`.
  static portfolio_goal budget(int first_year, int last_year, units::co2e budget) {
    if (last_year < first_year) throw argument_error("ghgtrack::portfolio_goal::budget: last_year < first_year");
    portfolio_goal g;
    g.kind = goal_kind::budget;
    g.first_year = first_year;
    g.last_year = last_year;
    g.limit_t_co2e = units::value_in(budget, units::tonne_co2e);
    return g;
  }
  /// The total at or below each (year, cap in t CO2e).
  static portfolio_goal caps(std::vector<std::pair<int, double>> caps_t_co2e) {
    if (caps_t_co2e.empty()) throw argument_error("ghgtrack::portfolio_goal::caps: no caps given");
    portfolio_goal g;
    g.kind = goal_kind::caps;
    g.caps_t_co2e = std::move(caps_t_co2e);
    return g;
  }
};

/// Partial adoption (header comment): `steps` = 1 is all or nothing (at the
/// cap); `max_share` caps a measure's share by its id (default 1).
struct portfolio_adoption {
  unsigned steps = 1;
  std::vector<std::pair<std::string, double>> max_share;
};

/// The measure `m` adopted at `share` in (0, 1]: its effect scaled by share.
inline measure adopted_share(const measure& m, double share) {
  if (!(share > 0.0 && share <= 1.0))
    throw argument_error("ghgtrack::adopted_share: share " + std::to_string(share) + " is not in (0, 1]");
  if (share == 1.0) return m;
  measure out = m;
  const effect& e = m.effect;
  switch (e.kind()) {
  case effect_kind::absolute: out.effect = effect::absolute(e.value() * share * units::tonne_co2e); break;
  case effect_kind::relative: out.effect = effect::cut(e.value() * share); break;
  case effect_kind::activity: out.effect = effect::activity_mass(e.avoided_mass() * share, e.activity_gas()); break;
  case effect_kind::unknown: break;
  }
  return out;
}

/// A linear cut: the reduction in row `row` is at most rhs + sum_j coef_j x_j.
struct portfolio_cut {
  std::size_t row;
  Eigen::ArrayXd coef;
  double rhs;
};

/// The exact check of one selection.
struct portfolio_check {
  bool feasible = false;
  Eigen::ArrayXd reduction; ///< per row, from run_scenario
  Eigen::ArrayXd need;      ///< per row
  Eigen::ArrayXd totals;    ///< scenario total per year (t CO2e)
  std::string message;      ///< the worst gap, in words ("" when feasible)
};

/// The cheapest-portfolio problem on one baseline (see the header comment).
/// Holds its own copies of the baseline and the measures.
class portfolio_problem {
public:
  portfolio_problem(inventory baseline, std::vector<measure> measures, portfolio_goal goal,
                    const cost_options& costs = {}, const portfolio_adoption& adoption = {})
      : base_(std::move(baseline)), all_(std::move(measures)), goal_(std::move(goal)) {
    if (adoption.steps < 1 || adoption.steps > 1000)
      throw argument_error("ghgtrack::portfolio_problem: steps " + std::to_string(adoption.steps) +
                           " is not in 1..1000 (1 = all or nothing, 10 = shares in tenths)");
    {
      const portfolio pf(base_, all_);
      const attribution_result at = attribute(pf);
      for (auto i : pf.unquantified()) unquantified_.push_back(i);
      for (std::size_t a = 0; a < pf.active().size(); ++a) {
        const std::size_t i = pf.active()[a];
        const measure_cost mc =
            cost_of(all_[i], base_.years(), at.alone.row(static_cast<Eigen::Index>(a)).transpose(), costs);
        if (mc.basis == "none" || std::isnan(mc.pv_cost)) {
          uncosted_.push_back(i);
          continue;
        }
        candidates_.push_back(i);
        costs_.push_back(mc);
        cand_.push_back(all_[i]);
      }
    }
    pf_ = std::make_unique<portfolio>(base_, cand_);
    set_adoption(adoption);
    build_rows();
  }
  portfolio_problem(const portfolio_problem&) = delete;
  portfolio_problem& operator=(const portfolio_problem&) = delete;

  const inventory& baseline() const noexcept { return base_; }
  const std::vector<measure>& measures() const noexcept { return all_; }
  const portfolio_goal& goal() const noexcept { return goal_; }
  /// Indices (into measures()) of the candidates: x_j is candidate j.
  const std::vector<std::size_t>& candidates() const noexcept { return candidates_; }
  const std::vector<std::size_t>& unquantified() const noexcept { return unquantified_; }
  const std::vector<std::size_t>& uncosted() const noexcept { return uncosted_; }
  const std::vector<measure_cost>& costs() const noexcept { return costs_; }
  /// PV cost of each variable (the objective): a candidate's PV cost times
  /// the share one of its slices adopts.
  Eigen::ArrayXd objective() const {
    Eigen::ArrayXd c(static_cast<Eigen::Index>(owner_.size()));
    for (std::size_t v = 0; v < owner_.size(); ++v)
      c(static_cast<Eigen::Index>(v)) = costs_[owner_[v]].pv_cost * step_[owner_[v]];
    return c;
  }
  /// The number of 0/1 variables of the MILP (= candidates when all or nothing).
  std::size_t n() const noexcept { return owner_.size(); }
  std::size_t n_candidates() const noexcept { return candidates_.size(); }
  /// The candidate each variable is a slice of.
  const std::vector<std::size_t>& owner() const noexcept { return owner_; }
  unsigned steps() const noexcept { return steps_; }
  /// The cap of each candidate's share.
  const std::vector<double>& max_share() const noexcept { return cap_; }
  /// The share of each candidate adopted by the selection x.
  Eigen::ArrayXd shares(const std::vector<std::uint8_t>& x) const {
    check_size(x);
    Eigen::ArrayXd a = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(n_candidates()));
    for (std::size_t v = 0; v < x.size(); ++v)
      if (x[v]) a(static_cast<Eigen::Index>(owner_[v])) += step_[owner_[v]];
    for (std::size_t j = 0; j < n_candidates(); ++j) // the last slice lands exactly on the cap
      if (std::fabs(a(static_cast<Eigen::Index>(j)) - cap_[j]) < 1e-12) a(static_cast<Eigen::Index>(j)) = cap_[j];
    return a;
  }
  std::size_t n_rows() const noexcept { return static_cast<std::size_t>(need_.size()); }
  const Eigen::ArrayXd& need() const noexcept { return need_; }
  /// rows x years weights.
  const Eigen::ArrayXXd& weights() const noexcept { return w_; }
  /// A label per row ("2030", "2025-2030", ...).
  const std::vector<std::string>& row_labels() const noexcept { return labels_; }

  /// Reduction per year of the selection x (fast evaluation of the
  /// combination rule on the prepared fractions; `scale` multiplies each
  /// candidate's fraction, capped at 1, and removal amount, for Monte Carlo).
  Eigen::ArrayXd reduction_by_year(const std::vector<std::uint8_t>& x, const double* scale = nullptr) const {
    const Eigen::ArrayXd a = shares(x);
    const auto& B = base_.values();
    const auto& R = pf_->uncapped_fractions();
    const Eigen::Index nc = base_.n_cells(), ny = base_.n_years();
    Eigen::ArrayXd red = Eigen::ArrayXd::Zero(ny);
    for (Eigen::Index c = 0; c < nc; ++c) {
      const auto [p0, p1] = pf_->players(c);
      if (p0 == p1) continue;
      for (Eigen::Index y = 0; y < ny; ++y) {
        const double bv = B(c, y);
        if (!(bv > 0.0)) continue;
        double prod = 1.0;
        for (auto p = p0; p != p1; ++p)
          if (a(*p) > 0.0) prod *= 1.0 - std::min(1.0, a(*p) * R(*p, y) * (scale ? scale[*p] : 1.0));
        red(y) += bv * (1.0 - prod);
      }
    }
    for (std::size_t j = 0; j < n_candidates(); ++j)
      if (a(static_cast<Eigen::Index>(j)) > 0.0 && pf_->is_removal(j))
        red += pf_->removal_amounts().row(static_cast<Eigen::Index>(j)).transpose() * a(static_cast<Eigen::Index>(j)) *
               (scale ? scale[j] : 1.0);
    return red;
  }
  /// Reduction per row of the selection x.
  Eigen::ArrayXd reduction(const std::vector<std::uint8_t>& x) const { return rows_of(reduction_by_year(x)); }

  /// n x rows, per variable v of candidate j: for v selected, the gain of
  /// v on top of the rest, rho_v(S - v) (j's share one step lower to its
  /// share); for v not selected, rho_v(S) (j's share to one step higher).
  Eigen::ArrayXXd marginal(const std::vector<std::uint8_t>& x) const {
    const Eigen::ArrayXd a = shares(x);
    const auto& B = base_.values();
    const auto& R = pf_->uncapped_fractions();
    const Eigen::Index nc = base_.n_cells(), ny = base_.n_years();
    const auto nj = static_cast<Eigen::Index>(n_candidates());
    Eigen::ArrayXd lower(nj), higher(nj);
    for (Eigen::Index j = 0; j < nj; ++j) {
      const auto ju = static_cast<std::size_t>(j);
      lower(j) = std::max(0.0, a(j) - step_[ju]);
      higher(j) = std::min(cap_[ju], a(j) + step_[ju]);
      if (std::fabs(higher(j) - cap_[ju]) < 1e-12) higher(j) = cap_[ju];
      if (lower(j) < 1e-12) lower(j) = 0.0;
    }
    // per candidate: gain down (lower -> a) and gain up (a -> higher)
    Eigen::ArrayXXd down = Eigen::ArrayXXd::Zero(nj, ny), up = Eigen::ArrayXXd::Zero(nj, ny);
    std::vector<double> pre, suf;
    for (Eigen::Index c = 0; c < nc; ++c) {
      const auto [p0, p1] = pf_->players(c);
      const auto m = static_cast<std::size_t>(p1 - p0);
      if (!m) continue;
      pre.resize(m + 1);
      suf.resize(m + 1);
      for (Eigen::Index y = 0; y < ny; ++y) {
        const double bv = B(c, y);
        if (!(bv > 0.0)) continue;
        auto keep = [&](std::size_t i) { return 1.0 - std::min(1.0, a(p0[i]) * R(p0[i], y)); };
        pre[0] = 1.0;
        for (std::size_t i = 0; i < m; ++i) pre[i + 1] = pre[i] * keep(i);
        suf[m] = 1.0;
        for (std::size_t i = m; i-- > 0;) suf[i] = suf[i + 1] * keep(i);
        for (std::size_t i = 0; i < m; ++i) {
          const auto j = static_cast<Eigen::Index>(p0[i]);
          const double r = R(j, y), others = bv * pre[i] * suf[i + 1];
          const double at = std::min(1.0, a(j) * r);
          down(j, y) += others * (at - std::min(1.0, lower(j) * r));
          up(j, y) += others * (std::min(1.0, higher(j) * r) - at);
        }
      }
    }
    for (Eigen::Index j = 0; j < nj; ++j)
      if (pf_->is_removal(static_cast<std::size_t>(j))) {
        down.row(j) = pf_->removal_amounts().row(j) * (a(j) - lower(j));
        up.row(j) = pf_->removal_amounts().row(j) * (higher(j) - a(j));
      }
    const Eigen::ArrayXXd down_rows = (w_.matrix() * down.matrix().transpose()).array().transpose();
    const Eigen::ArrayXXd up_rows = (w_.matrix() * up.matrix().transpose()).array().transpose();
    Eigen::ArrayXXd out(static_cast<Eigen::Index>(n()), static_cast<Eigen::Index>(n_rows()));
    for (std::size_t v = 0; v < n(); ++v)
      out.row(static_cast<Eigen::Index>(v)) = x[v] ? down_rows.row(static_cast<Eigen::Index>(owner_[v]))
                                                   : up_rows.row(static_cast<Eigen::Index>(owner_[v]));
    return out;
  }

  /// The cuts (a) and (b) of the header comment at T = the selection x,
  /// for each row in `rows`: reduction_row <= rhs + coef . x for every
  /// selection. Two cuts per row, in the order of `rows`.
  std::vector<portfolio_cut> cuts(const std::vector<std::uint8_t>& x, const std::vector<std::size_t>& rows) const {
    for (auto row : rows)
      if (row >= n_rows()) throw argument_error("ghgtrack::portfolio_problem::cuts: no row " + std::to_string(row));
    const Eigen::ArrayXd F = reduction(x);
    const Eigen::ArrayXXd mT = marginal(x); // rho_j(T) for j outside, rho_j(T - j) for j inside
    if (last_in_.size() == 0) last_in_ = marginal(std::vector<std::uint8_t>(n(), 1));
    if (first_in_.size() == 0) first_in_ = marginal(std::vector<std::uint8_t>(n(), 0));
    const auto nn = static_cast<Eigen::Index>(n());
    std::vector<portfolio_cut> out;
    for (auto row : rows) {
      const auto k = static_cast<Eigen::Index>(row);
      portfolio_cut a{row, Eigen::ArrayXd::Zero(nn), F(k)}, b{row, Eigen::ArrayXd::Zero(nn), F(k)};
      for (Eigen::Index j = 0; j < nn; ++j) {
        if (x[static_cast<std::size_t>(j)]) {
          // (a): - rho_j(N - j) (1 - x_j); (b): - rho_j(T - j) (1 - x_j)
          a.coef(j) = last_in_(j, k);
          a.rhs -= last_in_(j, k);
          b.coef(j) = mT(j, k);
          b.rhs -= mT(j, k);
        } else {
          a.coef(j) = mT(j, k);        // rho_j(T)
          b.coef(j) = first_in_(j, k); // rho_j({})
        }
      }
      out.push_back(std::move(a));
      out.push_back(std::move(b));
    }
    return out;
  }
  std::vector<portfolio_cut> cuts(const std::vector<std::uint8_t>& x, std::size_t row) const {
    return cuts(x, std::vector<std::size_t>{row});
  }

  /// The exact check: run_scenario on the selected measures.
  portfolio_check check(const std::vector<std::uint8_t>& x) const {
    const Eigen::ArrayXd a = shares(x);
    std::vector<measure> sel;
    for (std::size_t j = 0; j < n_candidates(); ++j)
      if (a(static_cast<Eigen::Index>(j)) > 0.0)
        sel.push_back(adopted_share(cand_[j], a(static_cast<Eigen::Index>(j))));
    scenario_options so;
    so.overlaps = false;
    const scenario_result s = run_scenario(base_, sel, so);
    portfolio_check out;
    out.totals = s.values.values().colwise().sum().transpose();
    out.reduction = rows_of(s.total_reduction());
    out.need = need_;
    out.feasible = true;
    double worst = 0.0;
    for (Eigen::Index k = 0; k < need_.size(); ++k) {
      // Tolerance: 1e-9 relative to the row's baseline (rounding only).
      const double gap = need_(k) - out.reduction(k);
      if (gap > 1e-9 * std::max(1.0, scale_(k))) {
        out.feasible = false;
        if (gap > worst) {
          worst = gap;
          char buf[64];
          std::snprintf(buf, sizeof buf, gap >= 100.0 ? "%.0f" : "%.3g", gap);
          out.message = "a gap of " + std::string(buf) + " t in " + labels_[static_cast<std::size_t>(k)];
        }
      }
    }
    return out;
  }

  /// "" when every candidate together meets the goal, else "even all N
  /// measures leave a gap of X t in YEAR".
  std::string infeasibility() const {
    const portfolio_check c = check(std::vector<std::uint8_t>(n(), 1));
    if (c.feasible) return "";
    return "even all " + std::to_string(n_candidates()) + " measures" + (partial() ? " at their largest share" : "") +
           " leave " + c.message;
  }

  /// True when some candidate can be adopted in part.
  bool partial() const noexcept {
    return steps_ > 1 || std::any_of(cap_.begin(), cap_.end(), [](double u) { return u < 1.0; });
  }

private:
  void set_adoption(const portfolio_adoption& ad) {
    steps_ = ad.steps;
    cap_.assign(n_candidates(), 1.0);
    for (const auto& [id, u] : ad.max_share) {
      if (!(u > 0.0 && u <= 1.0))
        throw argument_error("ghgtrack::portfolio_problem: the largest share of '" + id + "' is " + std::to_string(u) +
                             "; write a fraction in (0, 1], 0.6 for 60 %");
      bool found = false;
      for (std::size_t j = 0; j < n_candidates(); ++j)
        if (all_[candidates_[j]].id == id) cap_[j] = u, found = true;
      if (!found) {
        bool exists = false;
        for (const auto& m : all_) exists = exists || m.id == id;
        throw unknown_label_error("ghgtrack::portfolio_problem: no " + std::string(exists ? "candidate " : "") +
                                  "measure '" + id + "'" + (exists ? " (it has no quantified effect or no cost)" : ""));
      }
    }
    step_.resize(n_candidates());
    owner_.clear();
    for (std::size_t j = 0; j < n_candidates(); ++j) {
      step_[j] = cap_[j] / steps_;
      for (unsigned k = 0; k < steps_; ++k) owner_.push_back(j);
    }
  }
  void check_size(const std::vector<std::uint8_t>& x) const {
    if (x.size() != n())
      throw shape_error("ghgtrack::portfolio_problem: a selection of " + std::to_string(x.size()) + " for " +
                        std::to_string(n()) + " candidates");
  }
  Eigen::ArrayXd rows_of(const Eigen::ArrayXd& by_year) const { return (w_.matrix() * by_year.matrix()).array(); }
  void build_rows() {
    const auto& years = base_.years();
    const auto ny = static_cast<Eigen::Index>(years.size());
    auto year_index = [&](int y) {
      for (std::size_t i = 0; i < years.size(); ++i)
        if (years[i] == y) return static_cast<Eigen::Index>(i);
      throw unknown_label_error("ghgtrack::portfolio_problem: year " + std::to_string(y) + " is not in the baseline (" +
                                std::to_string(years.front()) + "-" + std::to_string(years.back()) + ")");
    };
    const Eigen::ArrayXd total = base_.values().colwise().sum().transpose();
    std::vector<std::pair<Eigen::ArrayXd, double>> rows;
    if (goal_.kind == goal_kind::target) {
      Eigen::ArrayXd w = Eigen::ArrayXd::Zero(ny);
      w(year_index(goal_.year)) = 1.0;
      rows.emplace_back(w, goal_.limit_t_co2e);
      labels_.push_back(std::to_string(goal_.year));
    } else if (goal_.kind == goal_kind::budget) {
      Eigen::ArrayXd w = Eigen::ArrayXd::Zero(ny);
      for (int y = goal_.first_year; y <= goal_.last_year; ++y) w(year_index(y)) = 1.0;
      rows.emplace_back(w, goal_.limit_t_co2e);
      labels_.push_back(std::to_string(goal_.first_year) + "-" + std::to_string(goal_.last_year) + " (budget)");
    } else {
      for (const auto& [y, cap] : goal_.caps_t_co2e) {
        Eigen::ArrayXd w = Eigen::ArrayXd::Zero(ny);
        w(year_index(y)) = 1.0;
        rows.emplace_back(w, cap);
        labels_.push_back(std::to_string(y));
      }
    }
    w_.resize(static_cast<Eigen::Index>(rows.size()), ny);
    need_.resize(static_cast<Eigen::Index>(rows.size()));
    scale_.resize(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const auto ki = static_cast<Eigen::Index>(k);
      w_.row(ki) = rows[k].first.transpose();
      const double b = (rows[k].first * total).sum();
      need_(ki) = b - rows[k].second;
      scale_(ki) = std::fabs(b);
    }
  }

  inventory base_;
  std::vector<measure> all_, cand_;
  portfolio_goal goal_;
  std::vector<std::size_t> candidates_, unquantified_, uncosted_, owner_;
  std::vector<double> cap_, step_;
  unsigned steps_ = 1;
  std::vector<measure_cost> costs_;
  std::unique_ptr<portfolio> pf_;
  Eigen::ArrayXXd w_;
  Eigen::ArrayXd need_, scale_;
  std::vector<std::string> labels_;
  mutable Eigen::ArrayXXd last_in_, first_in_;
};

/// A chosen portfolio.
struct portfolio_choice {
  std::vector<std::uint8_t> selected; ///< per variable (a slice of a candidate; one per candidate when all or nothing)
  double pv_cost = 0.0;
  portfolio_check check;     ///< the exact check (always run)
  std::size_t evaluated = 0; ///< selections evaluated (brute force) or rounds (cutting planes)
};

/// The cheapest selection by enumerating every combination of shares (at
/// most 2^25 combinations: (steps + 1)^candidates), evaluated with the fast
/// evaluation and the winner checked with run_scenario. Ties go to the
/// selection with fewer slices. A candidate's slices are taken in order
/// (the first k of its variables). Throws no_solution_error with the "even
/// all N measures leave a gap" message when nothing meets the goal.
inline portfolio_choice brute_force_portfolio(const portfolio_problem& p) {
  const std::size_t nj = p.n_candidates(), n = p.n();
  const std::uint64_t radix = p.steps() + 1u;
  std::uint64_t combos = 1;
  for (std::size_t j = 0; j < nj; ++j) {
    if (combos > (std::uint64_t{1} << 25) / radix)
      throw argument_error("ghgtrack::brute_force_portfolio: " + std::to_string(nj) + " candidates in " +
                           std::to_string(p.steps()) + " steps are more than 2^25 combinations");
    combos *= radix;
  }
  const std::string inf = p.infeasibility();
  if (!inf.empty()) throw no_solution_error("ghgtrack: " + inf);
  const Eigen::ArrayXd c = p.objective();
  const Eigen::ArrayXd need = p.need();
  // the variables of each candidate, in order
  std::vector<std::vector<std::size_t>> vars(nj);
  for (std::size_t v = 0; v < n; ++v) vars[p.owner()[v]].push_back(v);
  double best = std::numeric_limits<double>::infinity();
  std::vector<std::uint8_t> best_x(n, 1), x(n);
  std::size_t best_count = n + 1;
  portfolio_choice out;
  std::vector<std::uint64_t> k(nj, 0);
  for (std::uint64_t combo = 0; combo < combos; ++combo) {
    std::uint64_t rest = combo;
    double cost = 0.0;
    std::size_t count = 0;
    for (std::size_t j = 0; j < nj; ++j) {
      k[j] = rest % radix;
      rest /= radix;
      for (std::size_t s = 0; s < vars[j].size(); ++s) {
        const bool on = s < k[j];
        x[vars[j][s]] = static_cast<std::uint8_t>(on);
        if (on) cost += c(static_cast<Eigen::Index>(vars[j][s])), ++count;
      }
    }
    if (cost > best + 1e-9 * std::fabs(best) || (cost >= best - 1e-9 * std::fabs(best) && count >= best_count))
      continue;
    ++out.evaluated;
    const Eigen::ArrayXd r = p.reduction(x);
    bool ok = true;
    for (Eigen::Index q = 0; q < need.size(); ++q)
      if (r(q) < need(q) - 1e-9 * std::max(1.0, std::fabs(need(q)))) ok = false;
    if (!ok) continue;
    best = cost;
    best_x = x;
    best_count = count;
  }
  out.selected = best_x;
  out.pv_cost = 0.0;
  for (std::size_t v = 0; v < n; ++v)
    if (out.selected[v]) out.pv_cost += c(static_cast<Eigen::Index>(v));
  out.check = p.check(out.selected);
  return out;
}

struct portfolio_mc_options {
  std::size_t draws = 1000;
  std::uint64_t seed = 1;
  double effect_u = 0.0; ///< relative uncertainty of every effect (half the 95 % interval)
  distribution effect_distribution = distribution::lognormal;
  double cost_u = 0.0; ///< relative uncertainty of a point cost without a range
  distribution cost_distribution = distribution::lognormal;
  unsigned threads = 1;
};

struct portfolio_mc_result {
  double probability = 0.0;  ///< share of draws meeting every row
  Eigen::ArrayXd cost;       ///< PV cost per draw
  Eigen::ArrayXXd reduction; ///< draws x rows
};

/// Monte Carlo on costs and effects of the selection x (header comment); a
/// candidate adopted at share a costs a times its drawn PV cost.
inline portfolio_mc_result portfolio_monte_carlo(const portfolio_problem& p, const std::vector<std::uint8_t>& x,
                                                 const portfolio_mc_options& opt = {}) {
  if (opt.draws == 0) throw argument_error("ghgtrack::portfolio_monte_carlo: draws must be at least 1");
  if (!(opt.effect_u >= 0.0) || !(opt.cost_u >= 0.0))
    throw argument_error("ghgtrack::portfolio_monte_carlo: uncertainties are fractions >= 0 (0.3 for 30 %)");
  const std::size_t n = p.n_candidates();
  if (x.size() != p.n())
    throw shape_error("ghgtrack::portfolio_monte_carlo: selection size differs from the problem's variables");
  const Eigen::ArrayXd share = p.shares(x);
  portfolio_mc_result out;
  const auto nd = static_cast<Eigen::Index>(opt.draws);
  out.cost = Eigen::ArrayXd::Zero(nd);
  out.reduction = Eigen::ArrayXXd::Zero(nd, static_cast<Eigen::Index>(p.n_rows()));
  const auto& costs = p.costs();
  std::vector<std::uint8_t> met(opt.draws, 0);
  detail::parallel_parts(opt.threads, nd, 64, [&](std::ptrdiff_t, std::ptrdiff_t b, std::ptrdiff_t e) {
    std::vector<double> scale(n, 1.0);
    for (std::ptrdiff_t d = b; d < e; ++d) {
      detail::xoshiro256 rng(opt.seed, static_cast<std::uint64_t>(d));
      double cost = 0.0;
      for (std::size_t j = 0; j < n; ++j) {
        const double ze = rng.normal();
        const double zc = rng.normal();
        const double u = rng.uniform();
        scale[j] = std::max(0.0, detail::multiplier(opt.effect_distribution, opt.effect_u, ze));
        const double a = share(static_cast<Eigen::Index>(j));
        if (!(a > 0.0)) continue;
        const auto& mc = costs[j];
        if (std::isfinite(mc.pv_cost_low) && std::isfinite(mc.pv_cost_high) && mc.pv_cost_high > mc.pv_cost_low)
          cost += a * (mc.pv_cost_low + u * (mc.pv_cost_high - mc.pv_cost_low));
        else
          cost += a * mc.pv_cost * detail::multiplier(opt.cost_distribution, opt.cost_u, zc);
      }
      const Eigen::ArrayXd red = p.weights().matrix() * p.reduction_by_year(x, scale.data()).matrix();
      out.cost(d) = cost;
      out.reduction.row(d) = red.transpose();
      bool ok = true;
      for (Eigen::Index k = 0; k < red.size(); ++k)
        if (red(k) < p.need()(k) - 1e-9 * std::max(1.0, std::fabs(p.need()(k)))) ok = false;
      met[static_cast<std::size_t>(d)] = ok;
    }
  });
  std::size_t hits = 0;
  for (auto m : met) hits += m;
  out.probability = static_cast<double>(hits) / static_cast<double>(opt.draws);
  return out;
}

} // namespace ghgtrack

#endif
