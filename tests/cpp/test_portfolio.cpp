// Cheapest portfolio: the submodular cuts are valid for every selection,
// the cutting-plane loop (with an enumerating MILP stand-in) finds the same
// optimum as brute force, brute force agrees with run_scenario on every
// subset (the exact engine, a second method), infeasibility is plain.
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
// A baseline of 4 sectors x 2 sources, 2029-2031; n measures with random
// scopes (heavy overlap), effects, ramps and costs per tonne.
struct instance {
  inventory base;
  std::vector<measure> ms;
};
instance random_instance(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> U(0, 1);
  instance in;
  in.base =
      make_baseline({{"A", "a"}, {"A", "b"}, {"B", "a"}, {"B", "b"}, {"C", "a"}, {"C", "b"}, {"D", "a"}, {"D", "b"}},
                    {2029, 2030, 2031}, [&](Eigen::Index c, Eigen::Index y) {
                      return 100.0 + 50.0 * static_cast<double>(c) - 10.0 * static_cast<double>(y);
                    });
  const char* sectors[] = {"A", "B", "C", "D"};
  for (std::size_t i = 0; i < n; ++i) {
    measure_scope s;
    s.sectors.push_back(sectors[rng() % 4]);
    if (rng() % 2) s.sectors.push_back(sectors[rng() % 4]);
    effect e = rng() % 2 ? effect::cut(0.1 + 0.5 * U(rng)) : effect::absolute((20.0 + 200.0 * U(rng)) * u::tonne_co2e);
    measure m = make_measure("M" + std::to_string(i), s, e, ramp::linear(2029, 2029 + static_cast<int>(rng() % 2)));
    m.costs.cost_low = m.costs.cost_high = 50.0 + 1000.0 * U(rng);
    in.ms.push_back(m);
  }
  return in;
}
std::vector<std::uint8_t> bits(std::uint64_t mask, std::size_t n) {
  std::vector<std::uint8_t> x(n);
  for (std::size_t j = 0; j < n; ++j) x[j] = static_cast<std::uint8_t>((mask >> j) & 1u);
  return x;
}
} // namespace

TEST(Portfolio, CutsAreValidEverywhere) {
  const auto in = random_instance(7, 3);
  const portfolio_problem p(in.base, in.ms, portfolio_goal::target(2030, 500.0 * u::tonne_co2e));
  const std::size_t n = p.n();
  for (std::uint64_t t = 0; t < (1u << n); t += 5) {
    const auto T = bits(t, n);
    const auto cuts = p.cuts(T, 0);
    // Tight at T.
    EXPECT_NEAR(
        (cuts[0].coef *
         Eigen::Map<const Eigen::Array<std::uint8_t, -1, 1>>(T.data(), static_cast<Eigen::Index>(n)).cast<double>())
                .sum() +
            cuts[0].rhs,
        p.reduction(T)(0), 1e-8);
    for (std::uint64_t s = 0; s < (1u << n); ++s) {
      const auto S = bits(s, n);
      const double F = p.reduction(S)(0);
      for (const auto& c : cuts) {
        double v = c.rhs;
        for (std::size_t j = 0; j < n; ++j) v += c.coef(static_cast<Eigen::Index>(j)) * S[j];
        EXPECT_LE(F, v + 1e-8) << "T=" << t << " S=" << s;
      }
    }
  }
}

TEST(Portfolio, FastEvaluationEqualsRunScenario) {
  const auto in = random_instance(10, 5);
  const portfolio_problem p(in.base, in.ms, portfolio_goal::caps({{2029, 900.0}, {2031, 800.0}}));
  std::mt19937_64 rng(1);
  for (int k = 0; k < 30; ++k) {
    const auto x = bits(rng(), p.n());
    const portfolio_check c = p.check(x);
    const Eigen::ArrayXd r = p.reduction(x);
    for (Eigen::Index i = 0; i < r.size(); ++i) EXPECT_NEAR(r(i), c.reduction(i), 1e-9);
  }
}

TEST(Portfolio, CuttingPlanesMatchBruteForce) {
  int solved = 0, multi_round = 0;
  for (unsigned seed = 1; seed <= 6; ++seed) {
    const auto in = random_instance(12, seed);
    const portfolio_goal goals[] = {portfolio_goal::target(2030, 900.0 * u::tonne_co2e),
                                    portfolio_goal::budget(2029, 2031, 3000.0 * u::tonne_co2e),
                                    portfolio_goal::caps({{2029, 1100.0}, {2030, 1000.0}, {2031, 900.0}})};
    for (const auto& g : goals) {
      const portfolio_problem p(in.base, in.ms, g);
      if (!p.infeasibility().empty()) {
        EXPECT_THROW(brute_force_portfolio(p), no_solution_error);
        continue;
      }
      const portfolio_choice bf = brute_force_portfolio(p);
      EXPECT_TRUE(bf.check.feasible);
      // Cutting-plane loop; the "MILP" is solved by enumeration here.
      const std::size_t n = p.n();
      const Eigen::ArrayXd c = p.objective();
      std::vector<portfolio_cut> cuts;
      for (std::size_t k = 0; k < p.n_rows(); ++k)
        for (auto& cut : p.cuts(std::vector<std::uint8_t>(n, 0), k)) cuts.push_back(cut);
      double found = 0.0;
      for (int round = 0; round < 200; ++round) {
        double best = 1e300;
        std::uint64_t arg = 0;
        for (std::uint64_t s = 0; s < (1u << n); ++s) {
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
        if (chk.feasible) {
          found = best;
          ++solved;
          multi_round += round > 0;
          break;
        }
        for (std::size_t k = 0; k < p.n_rows(); ++k)
          if (chk.reduction(static_cast<Eigen::Index>(k)) < p.need()(static_cast<Eigen::Index>(k)))
            for (auto& cut : p.cuts(x, k)) cuts.push_back(cut);
      }
      EXPECT_NEAR(found, bf.pv_cost, 1e-9 * std::max(1.0, bf.pv_cost)) << "seed " << seed;
    }
  }
  EXPECT_GE(solved, 10);     // most of the 18 cases are feasible
  EXPECT_GE(multi_round, 3); // and overlap makes the first relaxation wrong in several
}

TEST(Portfolio, BruteForceAgreesWithRunScenarioOnEverySubset15) {
  const auto in = random_instance(15, 11);
  const portfolio_goal g = portfolio_goal::target(2030, 1000.0 * u::tonne_co2e);
  const portfolio_problem p(in.base, in.ms, g);
  ASSERT_EQ(p.n(), 15u);
  const portfolio_choice bf = brute_force_portfolio(p);
  // Second method: every subset through run_scenario, with the PV costs.
  const Eigen::ArrayXd c = p.objective();
  const double total2030 = in.base.values().col(1).sum();
  double best = 1e300;
  for (std::uint64_t s = 0; s < (1u << 15); ++s) {
    double cost = 0.0;
    std::vector<measure> sel;
    for (std::size_t j = 0; j < 15; ++j)
      if ((s >> j) & 1u) cost += c(static_cast<Eigen::Index>(j)), sel.push_back(in.ms[j]);
    if (cost >= best) continue;
    scenario_options so;
    so.overlaps = false;
    const double level = total2030 - run_scenario(in.base, sel, so).total_reduction()(1);
    if (level <= 1000.0 + 1e-9) best = cost;
  }
  EXPECT_NEAR(bf.pv_cost, best, 1e-9 * best);
  EXPECT_TRUE(bf.check.feasible);
  EXPECT_LE(bf.check.totals(1), 1000.0 + 1e-6);
}

TEST(Portfolio, InfeasibleIsPlain) {
  const auto in = random_instance(5, 2);
  const portfolio_problem p(in.base, in.ms, portfolio_goal::target(2030, 0.0 * u::tonne_co2e));
  const std::string msg = p.infeasibility();
  EXPECT_NE(msg.find("even all 5 measures leave a gap of"), std::string::npos) << msg;
  EXPECT_NE(msg.find("in 2030"), std::string::npos) << msg;
  EXPECT_THROW(brute_force_portfolio(p), no_solution_error);
  EXPECT_THROW(portfolio_problem(in.base, in.ms, portfolio_goal::target(2040, 0.0 * u::tonne_co2e)),
               unknown_label_error);
}

TEST(Portfolio, MonteCarloIsSeededAndSane) {
  const auto in = random_instance(8, 4);
  const portfolio_problem p(in.base, in.ms, portfolio_goal::target(2030, 1300.0 * u::tonne_co2e));
  const portfolio_choice bf = brute_force_portfolio(p);
  portfolio_mc_options o;
  o.draws = 2000;
  // No uncertainty: the exact answer every time.
  auto r0 = portfolio_monte_carlo(p, bf.selected, o);
  EXPECT_EQ(r0.probability, 1.0);
  EXPECT_NEAR(r0.cost.mean(), bf.pv_cost, 1e-9 * bf.pv_cost);
  o.effect_u = 0.3;
  o.cost_u = 0.2;
  auto r1 = portfolio_monte_carlo(p, bf.selected, o);
  o.threads = 2;
  auto r2 = portfolio_monte_carlo(p, bf.selected, o);
  EXPECT_EQ(r1.probability, r2.probability);
  EXPECT_TRUE((r1.cost == r2.cost).all());
  EXPECT_GT(r1.probability, 0.0);
  EXPECT_LT(r1.probability, 1.0);                      // the cheapest portfolio has no margin to spare
  EXPECT_NEAR(r1.cost.mean() / bf.pv_cost, 1.0, 0.03); // lognormal mean 1
}
