// The dispatched kernels (simd.hpp) and the batch series call
// (series_batch.hpp). ctest runs this file, LMDI, CO2e and the inventory's
// aggregation once per SIMD target the CPU has (GHGTRACK_TEST_SIMD names it;
// a target the CPU lacks skips). Expected values come from second methods:
// long-double sums, std::log/std::exp, per-series pathway::through().
#include <gtest/gtest.h>

#include <ghgtrack/co2e.hpp>
#include <ghgtrack/detail/sum.hpp>
#include <ghgtrack/lmdi.hpp>
#include <ghgtrack/pathway.hpp>
#include <ghgtrack/series.hpp>
#include <ghgtrack/series_batch.hpp>
#include <ghgtrack/simd.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace ghgtrack;

namespace {
// Forces the target named by GHGTRACK_TEST_SIMD for the whole test program.
class simd_target_environment : public ::testing::Environment {
public:
  void SetUp() override {
    const char* want = std::getenv("GHGTRACK_TEST_SIMD");
    if (!want || !*want) return;
    const auto avail = simd::available_targets();
    if (std::find(avail.begin(), avail.end(), want) == avail.end())
      GTEST_SKIP() << "SIMD target " << want << " is not available on this CPU";
    simd::force_target(want);
    std::printf("ghgtrack: SIMD target forced to %s\n", simd::target().c_str());
  }
};
const auto* const registered = ::testing::AddGlobalTestEnvironment(new simd_target_environment);

std::vector<double> random_values(std::size_t n, unsigned seed, double lo = -1e3, double hi = 1e3) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> u(lo, hi);
  std::vector<double> v(n);
  for (auto& x : v) x = u(g);
  return v;
}
} // namespace

TEST(Simd, NamesTheTargetAndTheAvailableOnes) {
  const auto t = simd::target();
  const auto avail = simd::available_targets();
  ASSERT_FALSE(avail.empty());
  EXPECT_NE(std::find(avail.begin(), avail.end(), t), avail.end()) << t;
  const auto compiled = simd::compiled_targets();
  for (const auto& a : avail) EXPECT_NE(std::find(compiled.begin(), compiled.end(), a), compiled.end()) << a;
  EXPECT_THROW(simd::force_target("avx9000"), argument_error);
  try {
    simd::force_target("avx9000");
  } catch (const argument_error& e) {
    EXPECT_NE(std::string(e.what()).find("accepted"), std::string::npos) << e.what();
  }
  EXPECT_EQ(simd::target(), t); // a refused name changes nothing
}

TEST(Simd, ForcingEachAvailableTargetRunsOnIt) {
  if (!simd::dispatched()) GTEST_SKIP() << "ghgtrack::simd not linked";
  const auto before = simd::target();
  const auto x = random_values(1001, 1);
  const double ref = simd::compensated_sum(x.data(), static_cast<std::ptrdiff_t>(x.size()));
  for (const auto& t : simd::available_targets()) {
    simd::force_target(t);
    EXPECT_EQ(simd::target(), t);
    // The compensated sum is the same to the last bit on every target.
    EXPECT_EQ(simd::compensated_sum(x.data(), static_cast<std::ptrdiff_t>(x.size())), ref) << t;
  }
  simd::force_target("auto");
  EXPECT_EQ(simd::target(), simd::available_targets().front());
  simd::force_target(before);
}

TEST(Simd, CompensatedSumIsExactWhereNaiveSummationFails) {
  // 1e16 + 1 - 1e16 + 1 ...: every naive double partial sum loses the ones;
  // the exact sum is the number of ones (a hand count).
  for (std::ptrdiff_t n : {3, 8, 17, 64, 1003}) {
    std::vector<double> x;
    double ones = 0;
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      x.push_back(i % 4 == 0 ? 1e16 : i % 4 == 2 ? -1e16 : 1.0);
      ones += i % 4 == 1 || i % 4 == 3;
    }
    const double big = static_cast<double>((n + 3) / 4 - (n + 1) / 4) * 1e16; // unmatched +1e16
    EXPECT_EQ(detail::compensated_sum(x.data(), n), big + ones) << n;
  }
}

TEST(Simd, CompensatedSumWithinItsBoundOfALongDoubleSum) {
  for (std::size_t n : {0u, 1u, 7u, 8u, 9u, 15u, 16u, 100001u}) {
    const auto x = random_values(n, static_cast<unsigned>(n) + 3);
    long double exact = 0;
    double abs_sum = 0;
    for (double v : x) {
      exact += v;
      abs_sum += std::fabs(v);
    }
    const double s = simd::compensated_sum(x.data(), static_cast<std::ptrdiff_t>(n));
    EXPECT_NEAR(s, static_cast<double>(exact), 4 * std::numeric_limits<double>::epsilon() * (abs_sum + 1.0)) << n;
  }
}

TEST(Simd, ScaleIsOneRoundingPerElementAndMayAlias) {
  for (std::size_t n : {0u, 1u, 3u, 8u, 13u, 1000u}) {
    auto x = random_values(n, 7);
    const auto orig = x;
    std::vector<double> out(n);
    simd::scale(x.data(), 28.0, out.data(), static_cast<std::ptrdiff_t>(n));
    for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(out[i], x[i] * 28.0);
    simd::scale(x.data(), 0.5, x.data(), static_cast<std::ptrdiff_t>(n));
    for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(x[i], orig[i] * 0.5);
  }
}

TEST(Simd, LogAndExpAgreeWithTheStandardLibrary) {
  // Documented: Highway's log/exp are within 4 ulp; relative 1e-15 here.
  for (std::size_t n : {1u, 5u, 8u, 1001u}) {
    const auto x = random_values(n, 11, 1e-300, 1e300);
    const auto y = random_values(n, 12, -700.0, 700.0);
    std::vector<double> lx(n), ey(n);
    simd::log(x.data(), lx.data(), static_cast<std::ptrdiff_t>(n));
    simd::exp(y.data(), ey.data(), static_cast<std::ptrdiff_t>(n));
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_NEAR(lx[i], std::log(x[i]), 1e-15 * std::fabs(std::log(x[i])) + 1e-300) << x[i];
      EXPECT_NEAR(ey[i], std::exp(y[i]), 1e-15 * std::exp(y[i])) << y[i];
    }
  }
}

// LMDI-I row by row in long double with std::log (a second method), for
// rows without zeros.
static void lmdi_reference(const Eigen::ArrayXXd& x0, const Eigen::ArrayXXd& xt, std::vector<long double>& add) {
  add.assign(static_cast<std::size_t>(x0.cols()), 0.0L);
  for (Eigen::Index i = 0; i < x0.rows(); ++i) {
    long double v0 = 1, vt = 1;
    for (Eigen::Index k = 0; k < x0.cols(); ++k) {
      v0 *= x0(i, k);
      vt *= xt(i, k);
    }
    const long double w = v0 == vt ? v0 : (vt - v0) / std::log(vt / v0);
    for (Eigen::Index k = 0; k < x0.cols(); ++k)
      add[static_cast<std::size_t>(k)] += w * std::log(static_cast<long double>(xt(i, k)) / x0(i, k));
  }
}

TEST(Simd, LmdiFusedKernelAgreesWithALongDoubleReference) {
  for (Eigen::Index n : {1, 3, 8, 13, 70001}) {
    for (Eigen::Index f : {1, 4, 9}) {
      std::mt19937_64 g(static_cast<unsigned>(n * 10 + f));
      std::uniform_real_distribution<double> u(0.5, 2.0);
      Eigen::ArrayXXd x0(n, f), xt(n, f);
      for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index k = 0; k < f; ++k) {
          x0(i, k) = u(g);
          xt(i, k) = i % 5 == 0 ? x0(i, k) * (1 + 1e-6 * u(g)) : u(g); // near-equal rows take the series
        }
      std::vector<long double> ref;
      lmdi_reference(x0, xt, ref);
      const auto r = lmdi(x0, xt, true, 1);
      double scale = 0;
      for (Eigen::Index i = 0; i < n; ++i) scale += std::fabs((x0.row(i).prod() + xt.row(i).prod()));
      for (Eigen::Index k = 0; k < f; ++k)
        EXPECT_NEAR(r.additive[k], static_cast<double>(ref[static_cast<std::size_t>(k)]), 1e-12 * scale)
            << n << " x " << f << " factor " << k;
      EXPECT_NEAR(r.additive.sum(), r.vt - r.v0, 1e-12 * scale); // perfect decomposition
      EXPECT_NEAR(
          (r.additive_by_category.rowwise().sum() - (xt.rowwise().prod() - x0.rowwise().prod())).abs().maxCoeff(), 0.0,
          1e-12 * 4);
      const auto r2 = lmdi(x0, xt, false, 2);
      EXPECT_EQ(r2.additive[0], r.additive[0]); // same on any number of threads
    }
  }
}

TEST(Simd, LmdiFusedKernelFindsABadFactorAndKeepsZeroLimits) {
  Eigen::ArrayXXd x0 = Eigen::ArrayXXd::Constant(11, 2, 2.0), xt = x0;
  xt(9, 1) = -1.0;
  EXPECT_THROW(lmdi(x0, xt), argument_error);
  xt(9, 1) = std::numeric_limits<double>::infinity();
  EXPECT_THROW(lmdi(x0, xt), argument_error);
  xt(9, 1) = 0.0;  // disappears: factor 1 takes -V0 = -4 (Ang & Liu 2007)
  x0(10, 0) = 0.0; // appears: factor 0 takes VT = 4
  const auto r = lmdi(x0, xt);
  EXPECT_DOUBLE_EQ(r.additive_by_category(9, 1), -4.0);
  EXPECT_DOUBLE_EQ(r.additive_by_category(9, 0), 0.0);
  EXPECT_DOUBLE_EQ(r.additive_by_category(10, 0), 4.0);
  EXPECT_DOUBLE_EQ(r.additive[0], 4.0);
  EXPECT_DOUBLE_EQ(r.additive[1], -4.0);
}

TEST(SeriesBatch, InterpolateCumulateMatchesOneSeriesAtATime) {
  const std::vector<double> years = {1990, 1991, 1995, 2000, 2001, 2005};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  series_rows v(4, 6);
  v << 100, nan, 80, nan, 70, 50,   // inner gaps
      nan, 10, 12, 14, nan, nan,    // gaps outside the data
      nan, nan, nan, nan, nan, nan, // no data
      5, 5, 5, 5, 5, 5;
  const Eigen::Map<const Eigen::ArrayXd> y(years.data(), 6);
  for (auto fill : {series_fill::none, series_fill::hold})
    for (auto conv : {cumulative_convention::annual_sum, cumulative_convention::trapezoid}) {
      const auto r = interpolate_cumulate(y, v, fill, conv);
      EXPECT_EQ(r.first, 1990);
      EXPECT_EQ(r.last, 2005);
      for (Eigen::Index i = 0; i < 4; ++i) {
        std::vector<double> dy, dv;
        for (Eigen::Index j = 0; j < 6; ++j)
          if (!std::isnan(v(i, j))) {
            dy.push_back(years[static_cast<std::size_t>(j)]);
            dv.push_back(v(i, j));
          }
        if (dy.empty()) {
          EXPECT_TRUE(std::isnan(r.cumulative[i]));
          EXPECT_TRUE(r.values.row(i).isNaN().all());
          continue;
        }
        const auto at = interpolate(dy, dv, years, fill);
        for (Eigen::Index j = 0; j < 6; ++j) {
          if (std::isnan(at[static_cast<std::size_t>(j)]))
            EXPECT_TRUE(std::isnan(r.values(i, j)));
          else
            EXPECT_NEAR(r.values(i, j), at[static_cast<std::size_t>(j)], 1e-12 * 100);
        }
        if (fill == series_fill::none && (dy.front() > 1990 || dy.back() < 2005)) {
          EXPECT_TRUE(std::isnan(r.cumulative[i])) << i;
          continue;
        }
        const auto p = pathway::through(dy.size() == 1 ? std::vector<double>{dy[0], dy[0] + 1} : dy,
                                        dy.size() == 1 ? std::vector<double>{dv[0], dv[0]} : dv);
        EXPECT_NEAR(r.cumulative[i], p.cumulative_t(1990, 2005, conv), 1e-12 * 2000) << i;
      }
    }
  // By hand: row 0, annual sum 1990..2005 on the line 100 (1990), 80 (1995),
  // 70 (2001), 50 (2005): 1990-1994: 100+96+92+88+84 = 460; 1995-2000:
  // 80 + 78.33.. + ... (80 - 10/6 k, k=0..5) = 480 - 25 = 455; 2001-2005:
  // 70 + 65 + 60 + 55 + 50 = 300. Total 1215.
  const auto r = interpolate_cumulate(y, v);
  EXPECT_NEAR(r.cumulative[0], 1215.0, 1e-9);
  EXPECT_NEAR(r.cumulative[3], 5.0 * 16, 1e-12); // 16 whole years of 5
}

TEST(SeriesBatch, InterpolateCumulateRefusesBadInput) {
  const std::vector<double> years = {2000, 2001};
  const Eigen::Map<const Eigen::ArrayXd> y(years.data(), 2);
  series_rows v(1, 2);
  v << 1, std::numeric_limits<double>::infinity();
  EXPECT_THROW(interpolate_cumulate(y, v), argument_error);
  v << 1, 2;
  EXPECT_THROW(interpolate_cumulate(y, v, series_fill::trend), argument_error);
  EXPECT_THROW(interpolate_cumulate(y, v, series_fill::none, cumulative_convention::annual_sum, 1999), argument_error);
  series_rows w(1, 3);
  w << 1, 2, 3;
  EXPECT_THROW(interpolate_cumulate(y, w), shape_error);
  const std::vector<double> down = {2001, 2000};
  EXPECT_THROW(interpolate_cumulate(Eigen::Map<const Eigen::ArrayXd>(down.data(), 2), v), argument_error);
}
