// Partial adoption in the cheapest portfolio (portfolio.hpp, header
// comment): a measure in slices of its largest share. Checked by hand on a
// case with disjoint scopes, by the validity of every cut over every pair of
// selections, by the exact engine (run_scenario on the scaled measures) and
// by brute force against the cutting-plane loop.
#include <ghgtrack/portfolio.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "planning_fixtures.hpp"

using namespace ghgtrack;
namespace u = ghgtrack::units;
using planning_test::make_baseline;
using planning_test::make_measure;

namespace {
std::vector<std::uint8_t> bits(std::uint64_t mask, std::size_t n) {
  std::vector<std::uint8_t> x(n);
  for (std::size_t j = 0; j < n; ++j) x[j] = static_cast<std::uint8_t>((mask >> j) & 1u);
  return x;
}

// Sector A and B, 100 t each in 2030 (one year). M1 cuts 50 % of A, M2 cuts
// 50 % of B; both have a cost per tonne, M2 three times M1's.
struct two_sectors {
  inventory base = make_baseline({{"A", "a"}, {"B", "b"}}, {2030}, [](Eigen::Index, Eigen::Index) { return 100.0; });
  std::vector<measure> ms;
  two_sectors() {
    measure_scope a, b;
    a.sectors = {"A"};
    b.sectors = {"B"};
    ms.push_back(make_measure("M1", a, effect::cut(0.5), ramp::linear(2030, 2030)));
    ms.push_back(make_measure("M2", b, effect::cut(0.5), ramp::linear(2030, 2030)));
    ms[0].costs.cost_low = ms[0].costs.cost_high = 200.0;
    ms[1].costs.cost_low = ms[1].costs.cost_high = 600.0;
  }
};

struct instance {
  inventory base;
  std::vector<measure> ms;
};
instance random_instance(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> U(0, 1);
  instance in;
  in.base = make_baseline({{"A", "a"}, {"A", "b"}, {"B", "a"}, {"C", "a"}}, {2029, 2030, 2031},
                          [&](Eigen::Index c, Eigen::Index y) {
                            return 100.0 + 50.0 * static_cast<double>(c) - 10.0 * static_cast<double>(y);
                          });
  const char* sectors[] = {"A", "B", "C"};
  for (std::size_t i = 0; i < n; ++i) {
    measure_scope s;
    s.sectors.push_back(sectors[rng() % 3]);
    if (rng() % 2) s.sectors.push_back(sectors[rng() % 3]);
    effect e = rng() % 2 ? effect::cut(0.2 + 0.6 * U(rng)) : effect::absolute((50.0 + 300.0 * U(rng)) * u::tonne_co2e);
    measure m = make_measure("M" + std::to_string(i), s, e, ramp::linear(2029, 2030));
    m.costs.cost_low = m.costs.cost_high = 50.0 + 1000.0 * U(rng);
    in.ms.push_back(m);
  }
  return in;
}

// The cutting-plane loop with an enumerating stand-in for the MILP.
double solve_by_cuts(const portfolio_problem& p) {
  const std::size_t n = p.n();
  const Eigen::ArrayXd c = p.objective();
  std::vector<portfolio_cut> cuts;
  for (std::size_t k = 0; k < p.n_rows(); ++k)
    for (auto& cut : p.cuts(std::vector<std::uint8_t>(n, 0), k)) cuts.push_back(cut);
  for (int round = 0; round < 300; ++round) {
    double best = 1e300;
    std::uint64_t arg = 0;
    for (std::uint64_t s = 0; s < (std::uint64_t{1} << n); ++s) {
      const auto x = bits(s, n);
      double cost = 0.0;
      for (std::size_t j = 0; j < n; ++j) cost += x[j] * c(static_cast<Eigen::Index>(j));
      if (cost >= best) continue;
      bool ok = true;
      for (const auto& cut : cuts) {
        double v = cut.rhs;
        for (std::size_t j = 0; j < n; ++j) v += cut.coef(static_cast<Eigen::Index>(j)) * x[j];
        if (v < p.need()(static_cast<Eigen::Index>(cut.row)) - 1e-9) ok = false;
      }
      if (ok) best = cost, arg = s;
    }
    const auto x = bits(arg, n);
    const portfolio_check chk = p.check(x);
    if (chk.feasible) return best;
    for (std::size_t k = 0; k < p.n_rows(); ++k)
      if (chk.reduction(static_cast<Eigen::Index>(k)) < p.need()(static_cast<Eigen::Index>(k)))
        for (auto& cut : p.cuts(x, k)) cuts.push_back(cut);
  }
  ADD_FAILURE() << "no confirmed portfolio";
  return -1.0;
}
} // namespace

TEST(PortfolioPartial, HandWorkedDisjointScopes) {
  // Need 75 t off 200 t. Whole measures: only both together reach it
  // (50 + 50). In tenths: all of M1 (50 t) and half of M2 (25 t), at
  // PV(M1) + PV(M2) / 2, the cheapest since M1 costs less per tonne and
  // scopes are disjoint (the reduction is linear in the shares here).
  const two_sectors t;
  const auto goal = portfolio_goal::target(2030, 125.0 * u::tonne_co2e);
  const portfolio_problem whole(t.base, t.ms, goal);
  ASSERT_EQ(whole.n(), 2u);
  const portfolio_choice w = brute_force_portfolio(whole);
  EXPECT_EQ(w.selected, (std::vector<std::uint8_t>{1, 1}));

  portfolio_adoption ad;
  ad.steps = 10;
  const portfolio_problem p(t.base, t.ms, goal, {}, ad);
  ASSERT_EQ(p.n(), 20u);
  ASSERT_EQ(p.n_candidates(), 2u);
  const double pv1 = p.costs()[0].pv_cost, pv2 = p.costs()[1].pv_cost;
  EXPECT_NEAR(pv2 / pv1, 3.0, 1e-12); // same tonnes, three times the price
  const portfolio_choice bf = brute_force_portfolio(p);
  const Eigen::ArrayXd a = p.shares(bf.selected);
  EXPECT_DOUBLE_EQ(a(0), 1.0);
  EXPECT_NEAR(a(1), 0.5, 1e-12);
  EXPECT_NEAR(bf.pv_cost, pv1 + 0.5 * pv2, 1e-9 * pv1);
  EXPECT_TRUE(bf.check.feasible);
  EXPECT_NEAR(bf.check.totals(0), 125.0, 1e-9); // 200 - 50 - 25
  EXPECT_NEAR(solve_by_cuts(p), bf.pv_cost, 1e-9 * pv1);

  // M1 capped at 60 %: 30 t from M1, the other 45 t from 90 % of M2.
  ad.max_share = {{"M1", 0.6}};
  const portfolio_problem capped(t.base, t.ms, goal, {}, ad);
  const portfolio_choice c = brute_force_portfolio(capped);
  const Eigen::ArrayXd ac = capped.shares(c.selected);
  EXPECT_NEAR(ac(0), 0.6, 1e-12);
  EXPECT_NEAR(ac(1), 0.9, 1e-12);
  EXPECT_NEAR(c.pv_cost, 0.6 * pv1 + 0.9 * pv2, 1e-9 * pv1);
}

TEST(PortfolioPartial, BadAdoptionIsAnError) {
  const two_sectors t;
  const auto goal = portfolio_goal::target(2030, 125.0 * u::tonne_co2e);
  portfolio_adoption ad;
  ad.steps = 0;
  EXPECT_THROW(portfolio_problem(t.base, t.ms, goal, {}, ad), argument_error);
  ad.steps = 4;
  ad.max_share = {{"M1", 1.5}};
  EXPECT_THROW(portfolio_problem(t.base, t.ms, goal, {}, ad), argument_error);
  ad.max_share = {{"M9", 0.5}};
  EXPECT_THROW(portfolio_problem(t.base, t.ms, goal, {}, ad), unknown_label_error);
  // A capped measure can leave the goal out of reach: said plainly.
  ad.max_share = {{"M1", 0.2}, {"M2", 0.2}};
  const portfolio_problem p(t.base, t.ms, goal, {}, ad);
  EXPECT_NE(p.infeasibility().find("even all 2 measures at their largest share leave a gap of 55 t in 2030"),
            std::string::npos)
      << p.infeasibility();
}

TEST(PortfolioPartial, CutsAreValidForEverySelection) {
  const auto in = random_instance(4, 7);
  portfolio_adoption ad;
  ad.steps = 3;
  ad.max_share = {{"M2", 0.5}};
  const portfolio_problem p(in.base, in.ms, portfolio_goal::caps({{2029, 600.0}, {2031, 500.0}}), {}, ad);
  const std::size_t n = p.n();
  ASSERT_EQ(n, 12u);
  for (std::uint64_t t = 0; t < (1u << n); t += 37) {
    const auto T = bits(t, n);
    for (std::size_t k = 0; k < p.n_rows(); ++k) {
      const auto cuts = p.cuts(T, k);
      for (std::uint64_t s = 0; s < (1u << n); s += 3) {
        const auto S = bits(s, n);
        const double F = p.reduction(S)(static_cast<Eigen::Index>(k));
        for (const auto& c : cuts) {
          double v = c.rhs;
          for (std::size_t j = 0; j < n; ++j) v += c.coef(static_cast<Eigen::Index>(j)) * S[j];
          ASSERT_LE(F, v + 1e-8) << "T=" << t << " S=" << s << " row " << k;
        }
      }
    }
  }
}

TEST(PortfolioPartial, FastEvaluationEqualsRunScenarioOnScaledMeasures) {
  const auto in = random_instance(6, 9);
  portfolio_adoption ad;
  ad.steps = 4;
  ad.max_share = {{"M0", 0.8}};
  const portfolio_problem p(in.base, in.ms, portfolio_goal::budget(2029, 2031, 1500.0 * u::tonne_co2e), {}, ad);
  std::mt19937_64 rng(3);
  for (int k = 0; k < 40; ++k) {
    const auto x = bits(rng(), p.n());
    const portfolio_check c = p.check(x);
    const Eigen::ArrayXd r = p.reduction(x);
    for (Eigen::Index i = 0; i < r.size(); ++i) EXPECT_NEAR(r(i), c.reduction(i), 1e-9 * std::max(1.0, r(i)));
  }
}

TEST(PortfolioPartial, CuttingPlanesMatchBruteForceAndBeatWholeMeasures) {
  int solved = 0;
  for (unsigned seed = 1; seed <= 5; ++seed) {
    const auto in = random_instance(5, seed);
    const portfolio_goal goals[] = {portfolio_goal::target(2030, 450.0 * u::tonne_co2e),
                                    portfolio_goal::caps({{2029, 650.0}, {2031, 450.0}})};
    for (const auto& g : goals) {
      portfolio_adoption ad;
      ad.steps = 3;
      const portfolio_problem p(in.base, in.ms, g, {}, ad);
      if (!p.infeasibility().empty()) continue;
      const portfolio_choice bf = brute_force_portfolio(p);
      EXPECT_TRUE(bf.check.feasible);
      EXPECT_NEAR(solve_by_cuts(p), bf.pv_cost, 1e-9 * std::max(1.0, bf.pv_cost)) << "seed " << seed;
      // Whole measures are one of the stepped choices: never cheaper.
      const portfolio_problem whole(in.base, in.ms, g);
      if (whole.infeasibility().empty()) {
        EXPECT_LE(bf.pv_cost, brute_force_portfolio(whole).pv_cost * (1 + 1e-12));
      }
      ++solved;
    }
  }
  EXPECT_GE(solved, 5);
}

TEST(PortfolioPartial, MonteCarloScalesCostsByShare) {
  const two_sectors t;
  portfolio_adoption ad;
  ad.steps = 10;
  const portfolio_problem p(t.base, t.ms, portfolio_goal::target(2030, 125.0 * u::tonne_co2e), {}, ad);
  const portfolio_choice bf = brute_force_portfolio(p);
  portfolio_mc_options o;
  o.draws = 50;
  const auto r = portfolio_monte_carlo(p, bf.selected, o);
  EXPECT_EQ(r.probability, 1.0);
  EXPECT_NEAR(r.cost(0), bf.pv_cost, 1e-9 * bf.pv_cost);
}
