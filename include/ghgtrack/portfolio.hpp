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
// solver, and brute_force_portfolio enumerates all 2^n selections (n <= 25)
// for small cases and tests. Partial adoption is not modelled (all or
// nothing).
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
                    const cost_options& costs = {})
      : base_(std::move(baseline)), all_(std::move(measures)), goal_(std::move(goal)) {
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
  /// PV cost of each candidate (the objective).
  Eigen::ArrayXd objective() const {
    Eigen::ArrayXd c(static_cast<Eigen::Index>(costs_.size()));
    for (std::size_t j = 0; j < costs_.size(); ++j) c(static_cast<Eigen::Index>(j)) = costs_[j].pv_cost;
    return c;
  }
  std::size_t n() const noexcept { return candidates_.size(); }
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
    check_size(x);
    const auto& B = base_.values();
    const auto& R = pf_->fractions();
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
          if (x[*p]) prod *= 1.0 - std::min(1.0, R(*p, y) * (scale ? scale[*p] : 1.0));
        red(y) += bv * (1.0 - prod);
      }
    }
    for (std::size_t j = 0; j < n(); ++j)
      if (x[j] && pf_->is_removal(j))
        red += pf_->removal_amounts().row(static_cast<Eigen::Index>(j)).transpose() * (scale ? scale[j] : 1.0);
    return red;
  }
  /// Reduction per row of the selection x.
  Eigen::ArrayXd reduction(const std::vector<std::uint8_t>& x) const { return rows_of(reduction_by_year(x)); }

  /// n x rows: rho_j(S - j) = the gain of j on top of the others selected.
  Eigen::ArrayXXd marginal(const std::vector<std::uint8_t>& x) const {
    check_size(x);
    const auto& B = base_.values();
    const auto& R = pf_->fractions();
    const Eigen::Index nc = base_.n_cells(), ny = base_.n_years();
    Eigen::ArrayXXd g = Eigen::ArrayXXd::Zero(static_cast<Eigen::Index>(n()), ny);
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
        pre[0] = 1.0;
        for (std::size_t i = 0; i < m; ++i) pre[i + 1] = pre[i] * (x[p0[i]] ? 1.0 - R(p0[i], y) : 1.0);
        suf[m] = 1.0;
        for (std::size_t i = m; i-- > 0;) suf[i] = suf[i + 1] * (x[p0[i]] ? 1.0 - R(p0[i], y) : 1.0);
        for (std::size_t i = 0; i < m; ++i) g(p0[i], y) += bv * R(p0[i], y) * pre[i] * suf[i + 1];
      }
    }
    for (std::size_t j = 0; j < n(); ++j)
      if (pf_->is_removal(j))
        g.row(static_cast<Eigen::Index>(j)) = pf_->removal_amounts().row(static_cast<Eigen::Index>(j));
    Eigen::ArrayXXd out(static_cast<Eigen::Index>(n()), static_cast<Eigen::Index>(n_rows()));
    for (std::size_t j = 0; j < n(); ++j)
      out.row(static_cast<Eigen::Index>(j)) = rows_of(g.row(static_cast<Eigen::Index>(j)).transpose()).transpose();
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
    check_size(x);
    std::vector<measure> sel;
    for (std::size_t j = 0; j < n(); ++j)
      if (x[j]) sel.push_back(cand_[j]);
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
    return "even all " + std::to_string(n()) + " measures leave " + c.message;
  }

private:
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
  std::vector<std::size_t> candidates_, unquantified_, uncosted_;
  std::vector<measure_cost> costs_;
  std::unique_ptr<portfolio> pf_;
  Eigen::ArrayXXd w_;
  Eigen::ArrayXd need_, scale_;
  std::vector<std::string> labels_;
  mutable Eigen::ArrayXXd last_in_, first_in_;
};

/// A chosen portfolio.
struct portfolio_choice {
  std::vector<std::uint8_t> selected; ///< per candidate
  double pv_cost = 0.0;
  portfolio_check check;     ///< the exact check (always run)
  std::size_t evaluated = 0; ///< selections evaluated (brute force) or rounds (cutting planes)
};

/// The cheapest selection by enumerating all 2^n (n <= 25), evaluated with
/// the fast evaluation and the winner checked with run_scenario. Ties go
/// to the selection with fewer measures. Throws no_solution_error with the
/// "even all N measures leave a gap" message when nothing meets the goal.
inline portfolio_choice brute_force_portfolio(const portfolio_problem& p) {
  const std::size_t n = p.n();
  if (n > 25) throw argument_error("ghgtrack::brute_force_portfolio: " + std::to_string(n) + " candidates; at most 25");
  const std::string inf = p.infeasibility();
  if (!inf.empty()) throw no_solution_error("ghgtrack: " + inf);
  const Eigen::ArrayXd c = p.objective();
  const Eigen::ArrayXd need = p.need();
  double best = std::numeric_limits<double>::infinity();
  std::uint64_t best_mask = (std::uint64_t{1} << n) - 1;
  int best_count = 64;
  std::vector<std::uint8_t> x(n);
  portfolio_choice out;
  for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << n); ++mask) {
    double cost = 0.0;
    int count = 0;
    for (std::size_t j = 0; j < n; ++j) {
      x[j] = static_cast<std::uint8_t>((mask >> j) & 1u);
      if (x[j]) cost += c(static_cast<Eigen::Index>(j)), ++count;
    }
    if (cost > best + 1e-9 * std::fabs(best) || (cost >= best - 1e-9 * std::fabs(best) && count >= best_count))
      continue;
    ++out.evaluated;
    const Eigen::ArrayXd r = p.reduction(x);
    bool ok = true;
    for (Eigen::Index k = 0; k < need.size(); ++k)
      if (r(k) < need(k) - 1e-9 * std::max(1.0, std::fabs(need(k)))) ok = false;
    if (!ok) continue;
    best = cost;
    best_mask = mask;
    best_count = count;
  }
  out.selected.resize(n);
  for (std::size_t j = 0; j < n; ++j) out.selected[j] = static_cast<std::uint8_t>((best_mask >> j) & 1u);
  out.pv_cost = 0.0;
  for (std::size_t j = 0; j < n; ++j)
    if (out.selected[j]) out.pv_cost += c(static_cast<Eigen::Index>(j));
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

/// Monte Carlo on costs and effects of the selection x (header comment).
inline portfolio_mc_result portfolio_monte_carlo(const portfolio_problem& p, const std::vector<std::uint8_t>& x,
                                                 const portfolio_mc_options& opt = {}) {
  if (opt.draws == 0) throw argument_error("ghgtrack::portfolio_monte_carlo: draws must be at least 1");
  if (!(opt.effect_u >= 0.0) || !(opt.cost_u >= 0.0))
    throw argument_error("ghgtrack::portfolio_monte_carlo: uncertainties are fractions >= 0 (0.3 for 30 %)");
  const std::size_t n = p.n();
  if (x.size() != n) throw shape_error("ghgtrack::portfolio_monte_carlo: selection size differs from the candidates");
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
        if (!x[j]) continue;
        const auto& mc = costs[j];
        if (std::isfinite(mc.pv_cost_low) && std::isfinite(mc.pv_cost_high) && mc.pv_cost_high > mc.pv_cost_low)
          cost += mc.pv_cost_low + u * (mc.pv_cost_high - mc.pv_cost_low);
        else
          cost += mc.pv_cost * detail::multiplier(opt.cost_distribution, opt.cost_u, zc);
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
