// The Monte Carlo normal variates (detail/normal_stream.hpp, the SIMD kernel
// simd::standard_normals() in src/simd/random.cpp). Expected values come
// from the normal distribution itself (moments, Phi through std::erfc, the
// Kolmogorov-Smirnov critical value), from the ziggurat's defining equal
// areas, and from the scalar reference implementation (a second method)
// for the bits. ctest runs these once per SIMD target (MonteCarlo* in
// tests/CMakeLists.txt); the first test also forces every target in turn.
#include <gtest/gtest.h>

#include <ghgtrack/detail/normal_stream.hpp>
#include <ghgtrack/monte_carlo.hpp>
#include <ghgtrack/simd.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

using namespace ghgtrack;

namespace {
std::vector<double> draws(std::uint64_t seed, std::uint64_t stream, std::size_t n) {
  detail::normal_stream st(seed, stream);
  std::vector<double> v(n);
  simd::standard_normals(st, v.data(), static_cast<std::ptrdiff_t>(n));
  return v;
}

double phi(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// Runs fn under every SIMD target the CPU has, then goes back to the target
// the test started on.
template <class Fn>
void on_every_target(Fn fn) {
  const std::string before = simd::target();
  for (const auto& t : simd::available_targets()) {
    simd::force_target(t);
    fn(t);
  }
  simd::force_target(before);
}
} // namespace

TEST(MonteCarloNormals, SameBitsOnEveryTargetAsTheScalarReference) {
  // Calls of many sizes (partial steps, the slow path, the tail) on one
  // stream, against the scalar reference on another copy of the stream.
  const std::vector<std::ptrdiff_t> sizes{1, 7, 8, 9, 1000, 3, 100003, 16, 5};
  std::vector<double> expected;
  {
    detail::normal_stream st(20091, 5);
    for (auto n : sizes) {
      std::vector<double> v(static_cast<std::size_t>(n));
      detail::standard_normals_scalar(st, v.data(), n);
      expected.insert(expected.end(), v.begin(), v.end());
    }
  }
  const auto tail = std::count_if(expected.begin(), expected.end(),
                                  [](double z) { return std::fabs(z) > detail::ziggurat_tables::r; });
  EXPECT_GT(tail, 0); // the tail branch of the slow path ran
  on_every_target([&](const std::string& t) {
    detail::normal_stream st(20091, 5);
    std::vector<double> got;
    for (auto n : sizes) {
      std::vector<double> v(static_cast<std::size_t>(n));
      simd::standard_normals(st, v.data(), n);
      got.insert(got.end(), v.begin(), v.end());
    }
    EXPECT_TRUE(same_bits(got, expected)) << "target " << t;
  });
}

TEST(MonteCarloNormals, ZigguratLayersHaveEqualAreas) {
  // Marsaglia & Tsang (2000): every layer has area v under f(x) = exp(-x^2/2):
  // layer i >= 1 is the rectangle x_i (f_{i-1} - f_i), the base strip
  // r f(r) plus the tail, sqrt(pi / 2) erfc(r / sqrt 2). Checks r and v.
  const auto& t = detail::ziggurat();
  const double r = detail::ziggurat_tables::r, v = detail::ziggurat_tables::v;
  const double base = r * std::exp(-0.5 * r * r) + std::sqrt(M_PI / 2.0) * std::erfc(r / std::sqrt(2.0));
  EXPECT_NEAR(base / v, 1.0, 1e-9);
  for (int i = 1; i < detail::ziggurat_tables::layers; ++i)
    EXPECT_NEAR(t.w[i] * (t.f[i - 1] - t.f[i]) / v, 1.0, 1e-8) << "layer " << i;
  EXPECT_NEAR(t.w[0] * t.f[255], v, 1e-15); // the base strip's rectangle width q = v / f(r)
  for (int i = 2; i < 256; ++i) EXPECT_NEAR(t.k[i], t.w[i - 1] / t.w[i], 0x1.0p-52) << i;
}

TEST(MonteCarloNormals, MomentsOfAMillionDraws) {
  // Standard normal: mean 0, variance 1, skewness 0, kurtosis 3; standard
  // errors sqrt(1/n), sqrt(2/n), sqrt(6/n), sqrt(24/n): within 5 of them.
  const std::size_t n = 1'000'000;
  const auto z = draws(42, 0, n);
  long double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
  for (double x : z) {
    s1 += x;
    s2 += x * x;
    s3 += x * x * x;
    s4 += x * x * x * x;
  }
  const double dn = static_cast<double>(n);
  const double mean = static_cast<double>(s1 / n), var = static_cast<double>(s2 / n) - mean * mean;
  EXPECT_NEAR(mean, 0.0, 5 * std::sqrt(1 / dn));
  EXPECT_NEAR(var, 1.0, 5 * std::sqrt(2 / dn));
  EXPECT_NEAR(static_cast<double>(s3 / n), 0.0, 5 * std::sqrt(15 / dn)); // Var(z^3) = 15
  EXPECT_NEAR(static_cast<double>(s4 / n), 3.0, 5 * std::sqrt(96 / dn)); // Var(z^4) = 105 - 9
  // The tail (beyond r, the slow path's own branch) and |z| > 1.96 (5 %).
  const double p_tail = std::erfc(detail::ziggurat_tables::r / std::sqrt(2.0)); // 2 Q(r)
  const auto over = [&](double a) {
    return static_cast<double>(std::count_if(z.begin(), z.end(), [a](double x) { return std::fabs(x) > a; })) / dn;
  };
  EXPECT_NEAR(over(detail::ziggurat_tables::r), p_tail, 5 * std::sqrt(p_tail / dn));
  EXPECT_NEAR(over(1.959963984540054), 0.05, 5 * std::sqrt(0.05 * 0.95 / dn));
  EXPECT_NEAR(over(4.0), std::erfc(4.0 / std::sqrt(2.0)), 5 * std::sqrt(6.3e-5 / dn));
}

TEST(MonteCarloNormals, KolmogorovSmirnovAgainstPhi) {
  // D_n = sup |F_n - Phi|; sqrt(n) D_n < 1.95 is the 0.1 % critical value of
  // Kolmogorov's limiting distribution (Smirnov 1948 table: 1.949).
  for (std::uint64_t stream : {0u, 1u, 977u}) {
    auto z = draws(7, stream, 1'000'000);
    std::sort(z.begin(), z.end());
    const double n = static_cast<double>(z.size());
    double d = 0.0;
    for (std::size_t i = 0; i < z.size(); ++i) {
      const double p = phi(z[i]);
      d = std::max({d, static_cast<double>(i + 1) / n - p, p - static_cast<double>(i) / n});
    }
    EXPECT_LT(std::sqrt(n) * d, 1.95) << "stream " << stream;
  }
}

TEST(MonteCarloNormals, StreamsAndNeighboursAreUncorrelated) {
  // Correlation of two streams, and of each draw with the next (neighbouring
  // lanes, and lane 7 with lane 0 of the next step): 0 within 5 / sqrt(n).
  const std::size_t n = 1'000'000;
  const auto a = draws(11, 0, n), b = draws(11, 1, n), c = draws(12, 0, n);
  double ab = 0, ac = 0, lag1 = 0, lag8 = 0;
  for (std::size_t i = 0; i < n; ++i) {
    ab += a[i] * b[i];
    ac += a[i] * c[i];
    if (i + 1 < n) lag1 += a[i] * a[i + 1];
    if (i + 8 < n) lag8 += a[i] * a[i + 8];
  }
  const double tol = 5.0 / std::sqrt(static_cast<double>(n));
  EXPECT_NEAR(ab / n, 0.0, tol);
  EXPECT_NEAR(ac / n, 0.0, tol);
  EXPECT_NEAR(lag1 / n, 0.0, tol);
  EXPECT_NEAR(lag8 / n, 0.0, tol);
  EXPECT_FALSE(same_bits(a, b));
}

TEST(MonteCarlo, SameResultsOnEveryTarget) {
  // Every distribution, with and without EF correlation, a block that ends
  // mid-chunk: the same bits on every SIMD target.
  std::vector<mc_category> cats;
  const distribution ds[] = {distribution::normal, distribution::lognormal, distribution::triangular,
                             distribution::uniform};
  for (int i = 0; i < 12; ++i) cats.push_back({100.0 + i, 80.0 + i, 0.05 + 0.01 * i, 0.1, ds[i % 4], ds[(i + 1) % 4]});
  Eigen::MatrixXd corr = Eigen::MatrixXd::Identity(12, 12);
  corr(0, 1) = corr(1, 0) = 0.5;
  mc_options o;
  o.iterations = 3001;
  o.block = 500;
  o.threads = 2;
  const auto ref = monte_carlo(cats, o);
  const auto ref_c = monte_carlo(cats, o, corr);
  EXPECT_NEAR(ref.latest.mean() / (80.0 * 12 + 66.0), 1.0, 0.01); // sum of the means
  on_every_target([&](const std::string& t) {
    const auto r = monte_carlo(cats, o);
    const auto rc = monte_carlo(cats, o, corr);
    EXPECT_TRUE((r.base == ref.base).all() && (r.latest == ref.latest).all()) << t;
    EXPECT_TRUE((rc.base == ref_c.base).all() && (rc.latest == ref_c.latest).all()) << t;
  });
}
