// LMDI, IPCC Approach 1 and Approach 2: hand-worked cases, identities and
// analytic distributions.
#include <ghgtrack/lmdi.hpp>
#include <ghgtrack/monte_carlo.hpp>
#include <ghgtrack/uncertainty.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace ghgtrack;

TEST(Lmdi, LogMean) {
  EXPECT_DOUBLE_EQ(log_mean(5.0, 5.0), 5.0);
  EXPECT_NEAR(log_mean(24.0, 6.0), 18.0 / std::log(4.0), 1e-12);
  // Close arguments: L(1 + d, 1) = 1 + d/2 - d^2/12 + ... (the direct
  // formula would lose digits to cancellation here).
  const double d = 1.00001 - 1.0;
  EXPECT_NEAR(log_mean(1.00001, 1.0), 1.0 + d / 2 - d * d / 12, 1e-15);
  EXPECT_NEAR(log_mean(1.01, 1.0), 0.01 / std::log(1.01), 1e-13);
}

TEST(Lmdi, HandWorkedTwoFactors) {
  // V = x y: x 2 -> 4, y 3 -> 6, V 6 -> 24. L(24, 6) = 18 / ln 4.
  // dV_x = L ln 2 = 18 ln 2 / ln 4 = 9 = dV_y; D_x = D_y = 2.
  Eigen::ArrayXXd a(1, 2), b(1, 2);
  a << 2, 3;
  b << 4, 6;
  const auto r = lmdi(a, b);
  EXPECT_NEAR(r.additive[0], 9.0, 1e-12);
  EXPECT_NEAR(r.additive[1], 9.0, 1e-12);
  EXPECT_NEAR(r.multiplicative[0], 2.0, 1e-12);
  // Only x changes: all of the change is x's.
  b << 4, 3;
  const auto s = lmdi(a, b);
  EXPECT_NEAR(s.additive[0], 6.0, 1e-12);
  EXPECT_NEAR(s.additive[1], 0.0, 1e-12);
  EXPECT_NEAR(s.multiplicative[1], 1.0, 1e-15);
}

TEST(Lmdi, PerfectDecompositionOnRandomCases) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0.1, 10.0);
  for (int trial = 0; trial < 50; ++trial) {
    const int n = 1 + trial % 7, f = 1 + trial % 5;
    Eigen::ArrayXXd a(n, f), b(n, f);
    for (int i = 0; i < n; ++i)
      for (int k = 0; k < f; ++k) {
        a(i, k) = u(rng);
        b(i, k) = u(rng);
      }
    const auto r = lmdi(a, b);
    EXPECT_NEAR(r.additive.sum(), r.vt - r.v0, 1e-9 * std::max(1.0, std::fabs(r.vt)));
    EXPECT_NEAR(r.multiplicative.prod(), r.vt / r.v0, 1e-9 * r.vt / r.v0);
    for (int k = 0; k < f; ++k)
      EXPECT_NEAR(r.additive[k], log_mean(r.vt, r.v0) * std::log(r.multiplicative[k]), 1e-9 * std::max(1.0, std::fabs(r.additive[k])));
  }
}

TEST(Lmdi, ZeroValuesAndBadInput) {
  // A category that appears: 0 -> 5 in its activity. The small-value
  // strategy keeps the decomposition perfect.
  Eigen::ArrayXXd a(2, 2), b(2, 2);
  a << 10, 2, 0, 3;
  b << 12, 2, 5, 3;
  const auto r = lmdi(a, b);
  EXPECT_NEAR(r.v0, 20.0, 1e-12);
  EXPECT_NEAR(r.vt, 39.0, 1e-12);
  EXPECT_NEAR(r.additive.sum(), 19.0, 1e-9);
  EXPECT_NEAR(r.additive[1], 0.0, 1e-12); // the second factor did not change
  a(0, 0) = -1;
  EXPECT_THROW(lmdi(a, b), std::invalid_argument);
  a(0, 0) = std::nan("");
  EXPECT_THROW(lmdi(a, b), std::invalid_argument);
}

TEST(Lmdi, ThreadsGiveTheSameSums) {
  const Eigen::ArrayXXd a = Eigen::ArrayXXd::Random(300000, 3).abs() + 0.5;
  const Eigen::ArrayXXd b = Eigen::ArrayXXd::Random(300000, 3).abs() + 0.5;
  const auto one = lmdi(a, b, true, 1);
  const auto two = lmdi(a, b, true, 2);
  EXPECT_TRUE((one.additive_by_category == two.additive_by_category).all());
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(one.additive[k], two.additive[k], 1e-9 * std::fabs(one.additive[k]) + 1e-9);
  EXPECT_NEAR(two.additive.sum(), two.vt - two.v0, 1e-7 * two.vt);
}

TEST(Lmdi, ChainedTelescopes) {
  std::vector<Eigen::ArrayXXd> xs;
  for (int t = 0; t < 4; ++t) {
    Eigen::ArrayXXd x(3, 3);
    x << 1 + t, 2, 3, 2, 1 + 0.5 * t, 1, 3, 3, 1.0 / (1 + t);
    xs.push_back(x);
  }
  const auto c = lmdi_chained(xs);
  const double v0 = xs.front().rowwise().prod().sum(), vt = xs.back().rowwise().prod().sum();
  EXPECT_NEAR(c.additive_total.sum(), vt - v0, 1e-9);
  EXPECT_NEAR(c.multiplicative_total.prod(), vt / v0, 1e-9);
}

TEST(Uncertainty, ProductAndSumRules) {
  // Eq. 3.1: sqrt(3^2 + 4^2) = 5. Eq. 3.2: sqrt((10 x 100)^2 + (20 x 50)^2) / 150.
  EXPECT_DOUBLE_EQ(product_rule({3.0, 4.0}), 5.0);
  EXPECT_NEAR(sum_rule({100.0, 50.0}, {10.0, 20.0}), std::sqrt(1000.0 * 1000.0 + 1000.0 * 1000.0) / 150.0, 1e-12);
  EXPECT_THROW((void)sum_rule({1.0, -1.0}, {5.0, 5.0}), std::invalid_argument);
}

TEST(Uncertainty, Approach1ByHand) {
  // Table 3.3 by hand. Cat 1: C 100, D 120, E 5, F 10. Cat 2: C 50, D 30, E 2, F 50.
  const auto r = approach1({{100, 120, 5, 10}, {50, 30, 2, 50}});
  // G1^2 = 125, G2^2 = 2504; H = G^2 D^2 / 150^2: 80 and 100.16.
  EXPECT_NEAR(r.variance_share[0], 80.0, 1e-9);
  EXPECT_NEAR(r.variance_share[1], 100.16, 1e-9);
  EXPECT_NEAR(r.uncertainty_pct, std::sqrt(180.16), 1e-9);
  EXPECT_NEAR(r.trend_pct, 0.0, 1e-12);
  // Type A: (1.2 + 150 - 151) / 151 x 100 = 0.132450...; type B: 0.8 and 0.2.
  EXPECT_NEAR(r.type_a[0], 0.2 / 151.0 * 100.0, 1e-9);
  EXPECT_NEAR(r.type_a[1], -0.2 / 150.5 * 100.0, 1e-9);
  EXPECT_NEAR(r.type_b[0], 0.8, 1e-12);
  // M = (A F)^2 + (B E sqrt 2)^2.
  const double m1 = std::pow(0.2 / 151.0 * 100.0 * 10.0, 2) + std::pow(0.8 * 5.0, 2) * 2.0;
  const double m2 = std::pow(-0.2 / 150.5 * 100.0 * 50.0, 2) + std::pow(0.2 * 2.0, 2) * 2.0;
  EXPECT_NEAR(r.trend_uncertainty_pct, std::sqrt(m1 + m2), 1e-9);
  EXPECT_THROW((void)approach1({}), std::invalid_argument);
  EXPECT_THROW((void)approach1({{1, 1, -5, 1}}), std::invalid_argument);
}

TEST(MonteCarlo, SumOfNormalsIsNormal) {
  // EF certain, AD normal: L = sum D_i b_i is normal with mean sum D and
  // sd sqrt(sum (D_i u_i / 1.96)^2).
  std::vector<mc_category> cats{{0, 100, 0.10, 0}, {0, 300, 0.05, 0}, {0, 50, 0.40, 0}};
  mc_options o;
  o.iterations = 200000;
  const auto r = monte_carlo(cats, o);
  const double sd = std::sqrt(std::pow(100 * 0.10 / 1.96, 2) + std::pow(300 * 0.05 / 1.96, 2) + std::pow(50 * 0.40 / 1.96, 2));
  const double mean = r.latest.mean();
  const double s = std::sqrt((r.latest - mean).square().sum() / static_cast<double>(r.latest.size() - 1));
  EXPECT_NEAR(mean, 450.0, 5.0 * sd / std::sqrt(200000.0));
  EXPECT_NEAR(s / sd, 1.0, 0.01);
}

TEST(MonteCarlo, SameResultsWhateverTheThreads) {
  std::vector<mc_category> cats;
  for (int i = 0; i < 20; ++i)
    cats.push_back({100.0 + i, 90.0 + i, 0.05, 0.2, distribution::lognormal, distribution::triangular});
  mc_options o;
  o.iterations = 10000;
  o.block = 256;
  o.threads = 1;
  const auto a = monte_carlo(cats, o);
  o.threads = 2;
  const auto b = monte_carlo(cats, o);
  o.threads = 3;
  const auto c = monte_carlo(cats, o);
  EXPECT_TRUE((a.latest == b.latest).all());
  EXPECT_TRUE((a.base == c.base).all());
  o.seed = 7;
  EXPECT_FALSE((monte_carlo(cats, o).latest == a.latest).all());
}

TEST(MonteCarlo, DistributionsAndCorrelation) {
  mc_options o;
  o.iterations = 100000;
  // Uniform and triangular stay within [1 - u, 1 + u]; lognormal has mean 1.
  for (auto d : {distribution::uniform, distribution::triangular}) {
    const auto r = monte_carlo({{0, 100, 0.3, 0, d, d}}, o);
    EXPECT_GE(r.latest.minCoeff(), 70.0);
    EXPECT_LE(r.latest.maxCoeff(), 130.0);
    EXPECT_NEAR(r.latest.mean(), 100.0, 0.3);
  }
  const auto ln = monte_carlo({{0, 100, 0.0, 1.0, distribution::normal, distribution::lognormal}}, o);
  EXPECT_NEAR(ln.latest.mean(), 100.0, 1.0);
  EXPECT_GT(ln.latest.minCoeff(), 0.0);
  // EF correlation 0.9 between two equal categories: Var = 2 s^2 (1 + 0.9).
  Eigen::MatrixXd corr(2, 2);
  corr << 1.0, 0.9, 0.9, 1.0;
  const auto rc = monte_carlo({{0, 100, 0, 0.2}, {0, 100, 0, 0.2}}, o, corr);
  const double s = 100 * 0.2 / 1.959963984540054;
  const double var = (rc.latest - rc.latest.mean()).square().mean();
  EXPECT_NEAR(var / (2 * s * s * 1.9), 1.0, 0.02);
  Eigen::MatrixXd bad(2, 2);
  bad << 1.0, 1.5, 1.5, 1.0;
  EXPECT_THROW(monte_carlo({{0, 1, 0, 0.1}, {0, 1, 0, 0.1}}, o, bad), std::invalid_argument);
}

TEST(MonteCarlo, AgreesWithApproach1ForSmallNormalUncertainties) {
  // A second method: with small normal uncertainties, half the 95 %
  // interval of the Monte Carlo total / its mean = the Approach 1 result.
  std::vector<approach1_row> rows{{100, 120, 3, 4}, {80, 60, 2, 5}, {40, 50, 5, 1}};
  std::vector<mc_category> cats;
  for (const auto& r : rows) cats.push_back({r.base, r.latest, r.ad_pct / 100.0, r.ef_pct / 100.0});
  mc_options o;
  o.iterations = 200000;
  const auto mc = monte_carlo(cats, o);
  std::vector<double> v(mc.latest.data(), mc.latest.data() + mc.latest.size());
  std::sort(v.begin(), v.end());
  const double n = static_cast<double>(v.size());
  const double half = (v[static_cast<std::size_t>(0.975 * n)] - v[static_cast<std::size_t>(0.025 * n)]) / 2.0;
  const double a1 = approach1(rows).uncertainty_pct;
  EXPECT_NEAR(half / mc.latest.mean() * 100.0, a1, 0.03 * a1);
}

TEST(MonteCarlo, ZigguratNormalMoments) {
  // Mean 0, variance 1, P(|z| > 1.96) = 0.05, P(|z| > 3) = 0.0027 (normal tables).
  detail::xoshiro256 rng(42, 0);
  const int n = 2'000'000;
  double s = 0, s2 = 0, s4 = 0;
  int over196 = 0, over3 = 0;
  for (int i = 0; i < n; ++i) {
    const double z = rng.normal();
    s += z;
    s2 += z * z;
    s4 += z * z * z * z;
    over196 += std::fabs(z) > 1.959963984540054;
    over3 += std::fabs(z) > 3.0;
  }
  EXPECT_NEAR(s / n, 0.0, 0.005);
  EXPECT_NEAR(s2 / n, 1.0, 0.005);
  EXPECT_NEAR(s4 / n, 3.0, 0.05); // kurtosis of the normal
  EXPECT_NEAR(over196 / static_cast<double>(n), 0.05, 0.001);
  EXPECT_NEAR(over3 / static_cast<double>(n), 0.0026998, 0.0002);
}
