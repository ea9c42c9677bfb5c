// Attribution: Shapley values by the closed form against hand-worked cases,
// brute force over all permutations, the Shapley axioms on random
// portfolios, stability for 64 players, and permutation sampling.
#include <ghgtrack/attribution.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>
#include <string>

#include "planning_fixtures.hpp"

using namespace ghgtrack;
namespace u = ghgtrack::units;
using planning_test::make_baseline;
using planning_test::make_measure;

TEST(Shapley, TwoPlayersByHand) {
  // B = 600, r = 0.3 and 0.2 (q = 0.7, 0.8). v({1}) = 180, v({2}) = 120,
  // v(N) = 600 (1 - 0.56) = 264. phi_1 = (180 + (264 - 120)) / 2 = 162,
  // phi_2 = (120 + (264 - 180)) / 2 = 102.
  const auto phi = shapley_product_game(600.0, {0.7, 0.8});
  EXPECT_NEAR(phi[0], 162.0, 1e-12);
  EXPECT_NEAR(phi[1], 102.0, 1e-12);
}

TEST(Shapley, ThreePlayersByHand) {
  // B = 1000, r = 0.5, 0.4, 0.2. v: {1}=500 {2}=400 {3}=200 {12}=700 {13}=600
  // {23}=520 N=760. phi_1 = v1/3 + ((v12-v2) + (v13-v3))/6 + (vN-v23)/3
  //   = 166.667 + (300 + 400)/6 + 240/3 = 363.333;
  // phi_2 = 400/3 + ((700-500) + (520-200))/6 + (760-600)/3 = 133.333 + 86.667 + 53.333 = 273.333;
  // phi_3 = 200/3 + ((600-500) + (520-400))/6 + (760-700)/3 = 66.667 + 36.667 + 20 = 123.333.
  const auto phi = shapley_product_game(1000.0, {0.5, 0.6, 0.8});
  EXPECT_NEAR(phi[0], 1090.0 / 3.0, 1e-10);
  EXPECT_NEAR(phi[1], 820.0 / 3.0, 1e-10);
  EXPECT_NEAR(phi[2], 370.0 / 3.0, 1e-10);
  EXPECT_NEAR(phi[0] + phi[1] + phi[2], 760.0, 1e-10);
}

TEST(Shapley, StableFor64Players) {
  // Second method: e_k(q_{-i}) computed directly (no deflation) in long double, O(n^3).
  std::mt19937_64 rng(64);
  std::uniform_real_distribution<double> U(0, 1);
  for (int trial = 0; trial < 4; ++trial) {
    const std::size_t n = 64;
    std::vector<double> q(n);
    for (auto& x : q) x = trial == 0 ? 0.999 + 0.001 * U(rng) : trial == 1 ? 0.01 * U(rng) : U(rng);
    if (trial == 3) q[5] = 1.0, q[6] = 0.0;
    const auto phi = shapley_product_game(1e6, q);
    long double prod = 1;
    for (double x : q) prod *= x;
    long double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<long double> e(n, 0.0L);
      e[0] = 1;
      std::size_t m = 0;
      for (std::size_t j = 0; j < n; ++j) {
        if (j == i) continue;
        ++m;
        for (std::size_t k = m; k >= 1; --k) e[k] += q[j] * e[k - 1];
      }
      long double w = 0, c = 1;
      for (std::size_t k = 0; k < n; ++k) {
        w += e[k] / c;
        c = c * static_cast<long double>(n - 1 - k) / static_cast<long double>(k + 1);
      }
      const long double ref = 1e6L * (1 - q[i]) * w / n;
      EXPECT_NEAR(phi[i], static_cast<double>(ref), 1e-10 * static_cast<double>(ref) + 1e-9) << trial << " " << i;
      sum += phi[i];
    }
    const double vn = static_cast<double>(1e6L * (1 - prod));
    EXPECT_NEAR(static_cast<double>(sum), vn, 1e-9 * vn + 1e-9); // efficiency
  }
}

namespace {
struct random_case {
  inventory base;
  std::vector<measure> ms;
};

random_case random_portfolio(std::uint64_t seed, int n_measures, int n_sectors = 3, int n_sources = 4) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> U(0, 1);
  std::vector<category> cats;
  for (int s = 0; s < n_sectors; ++s)
    for (int k = 0; k < n_sources; ++k) cats.push_back({"S" + std::to_string(s), "k" + std::to_string(k)});
  random_case rc{make_baseline(cats, {2025, 2027, 2030},
                               [&](Eigen::Index, Eigen::Index) { return U(rng) < 0.1 ? 0.0 : 1000.0 * U(rng); }),
                 {}};
  for (int i = 0; i < n_measures; ++i) {
    measure_scope sc;
    const double pick = U(rng);
    if (pick < 0.3)
      sc.sectors = {"S" + std::to_string(static_cast<int>(U(rng) * n_sectors))};
    else
      for (int k = 0; k < 3; ++k)
        sc.sources.push_back(cats[static_cast<std::size_t>(U(rng) * static_cast<double>(cats.size()))]);
    const double kind = U(rng);
    const auto e = kind < 0.4 ? effect::cut(U(rng)) : effect::absolute(800.0 * U(rng) * u::tonne_co2e);
    auto m = make_measure("m" + std::to_string(i), sc, e, ramp::linear(2025, 2029));
    if (kind > 0.93) m.removal = true;
    rc.ms.push_back(m);
  }
  return rc;
}

// v(S) per year through the scenario engine (independent of the closed form).
Eigen::ArrayXd value_of(const inventory& base, const std::vector<measure>& ms, unsigned mask) {
  std::vector<measure> sub;
  for (std::size_t i = 0; i < ms.size(); ++i)
    if (mask & (1u << i)) sub.push_back(ms[i]);
  scenario_options o;
  o.overlaps = false;
  return run_scenario(base, sub, o).total_reduction();
}
} // namespace

TEST(Shapley, AgreesWithBruteForceOverAllPermutations) {
  for (int n : {1, 2, 3, 5, 8}) {
    const auto rc = random_portfolio(100 + static_cast<std::uint64_t>(n), n);
    std::vector<Eigen::ArrayXd> v(1u << n);
    for (unsigned mask = 0; mask < (1u << n); ++mask) v[mask] = value_of(rc.base, rc.ms, mask);
    std::vector<int> perm(static_cast<std::size_t>(n));
    std::iota(perm.begin(), perm.end(), 0);
    Eigen::ArrayXXd brute = Eigen::ArrayXXd::Zero(n, 3);
    double count = 0;
    do {
      unsigned mask = 0;
      for (int i : perm) {
        brute.row(i) += (v[mask | (1u << i)] - v[mask]).transpose();
        mask |= 1u << i;
      }
      ++count;
    } while (std::next_permutation(perm.begin(), perm.end()));
    brute /= count;
    const auto a = attribute(rc.base, rc.ms);
    ASSERT_EQ(a.shapley.rows(), n);
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index y = 0; y < 3; ++y) {
        EXPECT_NEAR(a.shapley(i, y), brute(i, y), 1e-9 * (1.0 + std::abs(brute(i, y)))) << n << " " << i << " " << y;
        // alone = v({i}); last in = v(N) - v(N \ {i})
        const unsigned all = (1u << n) - 1;
        EXPECT_NEAR(a.alone(i, y), v[1u << i](y), 1e-9 * (1.0 + std::abs(v[1u << i](y))));
        EXPECT_NEAR(a.last_in(i, y), v[all](y) - v[all & ~(1u << i)](y), 1e-9 * (1.0 + v[all](y)));
      }
  }
}

TEST(Shapley, AxiomsOnRandomPortfolios) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    auto rc = random_portfolio(seed, 30, 4, 6);
    // Null player: a 0 % cut; symmetric players: a duplicate of measure 0.
    rc.ms.push_back(make_measure("null", measure_scope{{"S0"}, {}, {}}, effect::cut(0.0)));
    auto twin = rc.ms[0];
    twin.id = "twin";
    rc.ms.push_back(twin);
    const auto a = attribute(rc.base, rc.ms);
    const auto s = run_scenario(rc.base, rc.ms);
    for (Eigen::Index y = 0; y < 3; ++y) {
      const double total = s.total_reduction()(y);
      EXPECT_NEAR(a.shapley.col(y).sum(), total, 1e-9 * std::abs(total)) << "efficiency, seed " << seed;
      EXPECT_NEAR(a.combined(y), total, 1e-9 * std::abs(total));
      EXPECT_EQ(a.shapley(30, y), 0.0) << "null player";
      EXPECT_NEAR(a.shapley(31, y), a.shapley(0, y), 1e-9 * (1 + std::abs(a.shapley(0, y)))) << "symmetry";
    }
  }
}

TEST(Shapley, Additivity) {
  // Relative effects make r independent of the baseline: the game on B1 + B2
  // is the sum of the games on B1 and B2, and so are the Shapley values.
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> U(0, 1);
  const std::vector<category> cats{{"A", "x"}, {"A", "y"}, {"B", "z"}};
  const auto b1 = make_baseline(cats, {2030}, [&](Eigen::Index, Eigen::Index) { return 1000 * U(rng); });
  const auto b2 = make_baseline(cats, {2030}, [&](Eigen::Index, Eigen::Index) { return 1000 * U(rng); });
  const auto b12 = make_baseline(cats, {2030},
                                 [&](Eigen::Index c, Eigen::Index y) { return b1.values()(c, y) + b2.values()(c, y); });
  const std::vector<measure> ms{make_measure("a", measure_scope{{"A"}, {}, {}}, effect::cut(0.4)),
                                make_measure("b", measure_scope{{}, {{"A", "x"}, {"B", "z"}}, {}}, effect::cut(0.25)),
                                make_measure("c", measure_scope{{}, {}, {gas::co2}}, effect::cut(0.1))};
  const auto a1 = attribute(b1, ms), a2 = attribute(b2, ms), a12 = attribute(b12, ms);
  for (Eigen::Index i = 0; i < 3; ++i) EXPECT_NEAR(a12.shapley(i, 0), a1.shapley(i, 0) + a2.shapley(i, 0), 1e-9);
}

TEST(Shapley, HandPortfolioAndViews) {
  // The portfolio of Scenario.CombinationRuleByHand, 2030: M1 = 162 (Cars) +
  // 120 (Vans) = 282, M2 = 102, M3 = 500; alone 300, 120, 500; last in
  // M1 = 600 x 0.3 x 0.8 + 120 = 264, M2 = 600 x 0.2 x 0.7 = 84, M3 = 500.
  const auto base =
      make_baseline({{"Heat", "Oil"}, {"Road", "Cars"}, {"Road", "Vans"}}, {2030}, [](Eigen::Index c, Eigen::Index) {
        return c == 0 ? 500.0 : c == 1 ? 600.0 : 400.0;
      });
  const std::vector<measure> ms{
      make_measure("M1", measure_scope{{"Road"}, {}, {}}, effect::cut(0.3)),
      make_measure("M2", measure_scope{{}, {{"Road", "Cars"}}, {}}, effect::absolute(120.0 * u::tonne_co2e)),
      make_measure("M3", measure_scope{{"Heat"}, {}, {}}, effect::absolute(800.0 * u::tonne_co2e))};
  attribution_options o;
  o.per_cell = true;
  const auto a = attribute(base, ms, o);
  EXPECT_NEAR(a.shapley(0, 0), 282.0, 1e-9);
  EXPECT_NEAR(a.shapley(1, 0), 102.0, 1e-9);
  EXPECT_NEAR(a.shapley(2, 0), 500.0, 1e-9);
  EXPECT_NEAR(a.alone(0, 0), 300.0, 1e-9);
  EXPECT_NEAR(a.last_in(0, 0), 264.0, 1e-9);
  EXPECT_NEAR(a.last_in(1, 0), 84.0, 1e-9);
  EXPECT_NEAR(a.combined(0), 884.0, 1e-9);
  double cars_m1 = -1;
  for (const auto& cs : a.by_cell)
    if (cs.cell == 1 && cs.measure == 0) cars_m1 = cs.shapley(0);
  EXPECT_NEAR(cars_m1, 162.0, 1e-9);
  // Listing order does not matter: reversed, each measure keeps its value.
  const std::vector<measure> rev(ms.rbegin(), ms.rend());
  const auto b = attribute(base, rev);
  EXPECT_NEAR(b.shapley(2, 0), 282.0, 1e-9);
  EXPECT_NEAR(b.shapley(0, 0), 500.0, 1e-9);
}

TEST(Shapley, ThreadsGiveTheSameNumbers) {
  const auto rc = random_portfolio(9, 40, 5, 8);
  attribution_options o1, o2;
  o2.threads = 2;
  const auto a = attribute(rc.base, rc.ms, o1), b = attribute(rc.base, rc.ms, o2);
  EXPECT_TRUE((a.shapley == b.shapley).all());
  const portfolio pf(rc.base, rc.ms);
  const auto s1 = attribute_sampled(pf, 50, 11, 1), s2 = attribute_sampled(pf, 50, 11, 2);
  EXPECT_TRUE((s1.shapley == s2.shapley).all());
}

TEST(Sampling, ConvergesWithinItsStandardError) {
  const auto rc = random_portfolio(5, 12);
  const portfolio pf(rc.base, rc.ms);
  const auto exact = attribute(pf);
  const auto s = attribute_sampled(pf, 4000, 42);
  int outside = 0, total = 0;
  for (Eigen::Index i = 0; i < exact.shapley.rows(); ++i)
    for (Eigen::Index y = 0; y < exact.shapley.cols(); ++y) {
      ++total;
      if (std::abs(s.shapley(i, y) - exact.shapley(i, y)) > 4.0 * s.standard_error(i, y) + 1e-9) ++outside;
    }
  EXPECT_LE(outside, 1) << "of " << total;
  // Every permutation's contributions add up to v(N): the estimate is efficient too.
  for (Eigen::Index y = 0; y < 3; ++y) EXPECT_NEAR(s.shapley.col(y).sum(), exact.combined(y), 1e-9 * exact.combined(y));
  EXPECT_THROW(attribute_sampled(pf, 1, 1), argument_error);
  // 400 permutations in slices of 7 use 58 of the 64 parts asked for; the rest must count as zero.
  const auto s400 = attribute_sampled(pf, 400, 3);
  for (Eigen::Index y = 0; y < 3; ++y)
    EXPECT_NEAR(s400.shapley.col(y).sum(), exact.combined(y), 1e-9 * exact.combined(y));
}
