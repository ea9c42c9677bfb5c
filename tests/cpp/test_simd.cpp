// The dispatched kernels (simd.hpp) and the batch series call
// (series_batch.hpp). ctest runs this file, LMDI, CO2e and the inventory's
// aggregation once per SIMD target the CPU has (GHGTRACK_TEST_SIMD names it;
// a target the CPU lacks skips). Expected values come from second methods:
// long-double sums, std::log/std::exp, per-series pathway::through(),
// pathway::at() and track() of one series (the scalar paths).
#include <gtest/gtest.h>

#include <ghgtrack/co2e.hpp>
#include <ghgtrack/detail/sum.hpp>
#include <ghgtrack/lmdi.hpp>
#include <ghgtrack/pathway.hpp>
#include <ghgtrack/series.hpp>
#include <ghgtrack/series_batch.hpp>
#include <ghgtrack/simd.hpp>
#include <ghgtrack/tracking_batch.hpp>

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

TEST(Simd, LmdiReadsAnyStridesInPlaceWithTheSameResult) {
  // The same numbers laid out row-major (2, 3, 4 and 6 factors: interleaved
  // loads or gathers), reversed, every other row, and column-major: the
  // results equal those of a column-major copy to the last bit.
  for (std::ptrdiff_t f : {1, 2, 3, 4, 6})
    for (std::ptrdiff_t n : {1, 5, 8, 17, 1003}) {
      const auto a = random_values(static_cast<std::size_t>(2 * n * f), static_cast<unsigned>(n * f), 0.5, 2.0);
      const auto b = random_values(static_cast<std::size_t>(2 * n * f), static_cast<unsigned>(n * f + 1), 0.5, 2.0);
      const auto check = [&](const strided_matrix& x0, const strided_matrix& xt, const char* what) {
        Eigen::ArrayXXd c0(x0.rows, x0.cols), ct(xt.rows, xt.cols);
        for (std::ptrdiff_t i = 0; i < x0.rows; ++i)
          for (std::ptrdiff_t k = 0; k < x0.cols; ++k) {
            c0(i, k) = x0(i, k);
            ct(i, k) = xt(i, k);
          }
        const auto r = lmdi(x0, xt), ref = lmdi(c0, ct);
        EXPECT_TRUE((r.additive == ref.additive).all()) << what << " " << n << " x " << f;
        EXPECT_TRUE((r.additive_by_category == ref.additive_by_category).all()) << what << " " << n << " x " << f;
        EXPECT_EQ(r.v0, ref.v0);
      };
      check({a.data(), n, f, f, 1}, {b.data(), n, f, f, 1}, "row-major");
      check({a.data() + (n - 1) * f + f - 1, n, f, -f, -1}, {b.data() + (n - 1) * f + f - 1, n, f, -f, -1}, "reversed");
      check({a.data(), n, f, 2 * f, 1}, {b.data(), n, f, 2 * f, 1}, "every other row");
      check({a.data(), n, f, 1, n}, {b.data(), n, f, 1, 2 * n}, "column-major, two strides");
      check({a.data(), n, f, f, 1}, {b.data(), n, f, 1, n}, "row- and column-major");
    }
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

// -- pathways and tracking across series (tracking_batch.hpp) ------------------

TEST(SimdPathway, EvaluateManyByHand) {
  const std::vector<double> years = {2005, 2010, 2015, 2020, 2030};
  // linear 100 (2010) -> 50 (2020): 75 halfway; the start before, the end after
  auto lin = evaluate_many(pathway_family::linear, 2010, {100.0}, 2020, {50.0}, years);
  EXPECT_DOUBLE_EQ(lin(0, 0), 100.0);
  EXPECT_DOUBLE_EQ(lin(0, 2), 75.0);
  EXPECT_DOUBLE_EQ(lin(0, 4), 50.0);
  // constant rate 100 -> 25 over ten years: 100 * 0.25^(1/2) = 50 halfway
  auto cr = evaluate_many(pathway_family::constant_rate, 2010, {100.0}, 2020, {25.0}, years);
  EXPECT_NEAR(cr(0, 2), 50.0, 1e-12 * 50);
  EXPECT_DOUBLE_EQ(cr(0, 3), 25.0);
  // budget 1000 t from 100 t/yr, annual sum over all years: rate -100/1000 = -10 %/yr,
  // so 100 * 0.9^5 = 59.049 in 2015 and 100 * 0.9^10 in 2020
  auto bu = evaluate_many(pathway_family::budget, 2010, {100.0}, 0, {1000.0}, years);
  EXPECT_NEAR(bu(0, 2), 59.049, 1e-12 * 60);
  EXPECT_NEAR(bu(0, 3), 100.0 * std::pow(0.9, 10), 1e-12 * 35);
  // S-curve: the anchors exactly, and the midpoint halfway by symmetry
  auto sc = evaluate_many(pathway_family::s_curve, 2010, {100.0}, 2020, {50.0}, years);
  EXPECT_DOUBLE_EQ(sc(0, 1), 100.0);
  EXPECT_NEAR(sc(0, 2), 75.0, 1e-12 * 75);
  EXPECT_DOUBLE_EQ(sc(0, 3), 50.0);
}

TEST(SimdPathway, EvaluateManyAgreesWithOnePathwayPerSeries) {
  std::vector<double> years;
  for (double y = 2005; y <= 2060; y += 0.75) years.push_back(y);
  years.push_back(2010); // exactly at the anchors
  years.push_back(2030);
  years.push_back(2011);
  for (std::size_t n : {1u, 7u, 300u, 1029u}) {
    const auto starts = random_values(n, static_cast<unsigned>(n), 1.0, 1e5);
    auto ends = random_values(n, static_cast<unsigned>(n) + 1, 1.0, 1e5);
    for (auto fam :
         {pathway_family::linear, pathway_family::constant_rate, pathway_family::s_curve, pathway_family::budget}) {
      std::vector<double> e = ends;
      if (fam == pathway_family::budget)
        for (std::size_t i = 0; i < n; ++i) e[i] = starts[i] * (2.0 + 30.0 * e[i] / 1e5); // a budget of 2-32 years
      const auto out = evaluate_many(fam, 2010.0, starts, 2030.0, e, years, 1);
      const auto two = evaluate_many(fam, 2010.0, starts, 2030.0, e, years, 2);
      EXPECT_TRUE((out == two).all()) << name(fam);
      for (std::size_t i = 0; i < n; ++i) {
        const auto a = units::co2e::from_value(starts[i]), b = units::co2e::from_value(e[i]);
        const pathway p = fam == pathway_family::linear          ? pathway::linear(2010, a, 2030, b)
                          : fam == pathway_family::constant_rate ? pathway::constant_rate_to(2010, a, 2030, b)
                          : fam == pathway_family::s_curve       ? pathway::s_curve(2010, a, 2030, b)
                                                                 : pathway::from_budget(2010, a, b);
        for (std::size_t j = 0; j < years.size(); ++j) {
          const double want = p.at(years[j]);
          EXPECT_NEAR(out(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)), want, 1e-12 * std::fabs(want))
              << name(fam) << " series " << i << " year " << years[j];
        }
      }
    }
  }
}

TEST(SimdPathway, EvaluateManyRefusesWhatThePathwaysRefuse) {
  const std::vector<double> y = {2020};
  EXPECT_THROW(evaluate_many(pathway_family::linear, 2010, {1.0, 2.0}, 2020, {1.0}, y), shape_error);
  EXPECT_THROW(evaluate_many(pathway_family::linear, 2020, {1.0}, 2010, {1.0}, y), argument_error);
  EXPECT_THROW(evaluate_many(pathway_family::constant_rate, 2010, {1.0, 0.0}, 2020, {1.0, 1.0}, y), no_solution_error);
  EXPECT_THROW(evaluate_many(pathway_family::budget, 2010, {1.0}, 2020, {-5.0}, y), argument_error);
  EXPECT_THROW(evaluate_many(pathway_family::budget, 2010, {10.0}, 2020, {5.0}, y), no_solution_error);
}

namespace {
// Every figure of track_batch for row i against track() of that row alone:
// values to a relative 1e-12, rates (fractions per year) to 1e-12, states
// and years exactly.
void expect_same_as_track(const batch_tracking& bt, Eigen::Index i, const tracking_result& r, int base_index,
                          const std::string& what) {
  const auto near = [&](double got, double want, const char* field, double tol) {
    if (std::isnan(want))
      EXPECT_TRUE(std::isnan(got)) << what << " " << field;
    else
      EXPECT_NEAR(got, want, tol) << what << " " << field;
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t j = 0; j < r.pathway_value.size(); ++j) {
    const auto c = static_cast<Eigen::Index>(j) + base_index;
    near(bt.pathway(i, c), r.pathway_value[j], "pathway", 1e-12 * std::fabs(r.pathway_value[j]));
    near(bt.gap(i, c), r.gap[j], "gap", 1e-12 * (std::fabs(r.actual[j]) + std::fabs(r.pathway_value[j])));
  }
  near(bt.compound_rate[i], r.compound_rate.value_or(nan), "compound_rate", 1e-12);
  near(bt.fitted_rate[i], r.fitted_rate.value_or(nan), "fitted_rate", 1e-12);
  near(bt.required_rate[i], r.required_rates.empty() ? nan : r.required_rates.back(), "required_rate", 1e-12);
  near(bt.year_reached[i], r.year_reached.value_or(nan), "year_reached",
       1e-12 * std::fabs(r.year_reached.value_or(0.0)) + 1e-9);
  near(bt.budget[i], r.budget.value(), "budget", 1e-12 * std::fabs(r.budget.value()));
  near(bt.spent[i], r.spent.value(), "spent", 1e-12 * std::fabs(r.spent.value()));
  near(bt.remaining[i], r.remaining.value(), "remaining", 1e-12 * (std::fabs(r.budget.value()) + r.spent.value()));
  EXPECT_EQ(bt.status[static_cast<std::size_t>(i)], r.status) << what;
  EXPECT_EQ(bt.run_out[static_cast<std::size_t>(i)], r.run_out.state) << what;
  if (r.run_out.state == run_out_state::runs_out || r.run_out.state == run_out_state::overspent)
    EXPECT_EQ(bt.run_out_year[i], r.run_out.year) << what;
  else
    EXPECT_TRUE(std::isnan(bt.run_out_year[i])) << what;
}
} // namespace

TEST(SimdTracking, TrackBatchAgreesWithTrackPerSeries) {
  // 1990..2024 with a gap (2001-2003 missing), base 1995; series falling,
  // flat, rising, noisy; a few with a zero or negative value from the base
  // on (no trend: track() itself takes them).
  std::vector<int> years;
  for (int y = 1990; y <= 2024; ++y)
    if (y < 2001 || y > 2003) years.push_back(y);
  const auto m = static_cast<Eigen::Index>(years.size());
  const Eigen::Index n = 600;
  std::mt19937_64 g(5);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Eigen::ArrayXXd v(n, m);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double base = 1e2 + 1e5 * u(g), rate = -0.08 + 0.1 * u(g), noise = i % 3 == 0 ? 0.0 : 0.05;
    for (Eigen::Index j = 0; j < m; ++j)
      v(i, j) = base * std::exp(rate * (years[static_cast<std::size_t>(j)] - 1990) + noise * (u(g) - 0.5));
  }
  v.row(7).setConstant(500.0); // flat: slope 0
  v(11, m - 1) = 0.0;          // a zero: no trend
  v(12, 10) = -3.0;            // negative after the base
  v(13, 0) = -3.0;             // negative before the base only: a trend
  const auto tgt = target::parse("2020:-40%,2035:-80%", 1995);
  const auto net = target::net_zero(2045, units::co2e::from_value(50.0), std::nullopt, 1995);
  for (const auto* t : {&tgt, &net})
    for (auto shape : {segment_shape::linear, segment_shape::constant_rate})
      for (auto conv : {cumulative_convention::annual_sum, cumulative_convention::trapezoid}) {
        tracking_options o;
        o.shape = shape;
        o.convention = conv;
        const auto bt = track_batch(years, v, *t, o, 1);
        const auto bt2 = track_batch(years, v, *t, o, 2);
        const auto same = [](const Eigen::ArrayXd& a, const Eigen::ArrayXd& b) {
          return ((a == b) || (a.isNaN() && b.isNaN())).all();
        };
        EXPECT_TRUE(same(bt.budget, bt2.budget) && same(bt.fitted_rate, bt2.fitted_rate)); // any number of threads
        int overspent = 0, runs_out = 0, never = 0;
        for (Eigen::Index i = 0; i < n; ++i) {
          std::vector<double> row;
          for (Eigen::Index j = 0; j < m; ++j) row.push_back(v(i, j));
          const auto r = track(years, row, *t, o);
          expect_same_as_track(bt, i, r, 5, "series " + std::to_string(i) + " " + name(shape) + " " + name(conv));
          overspent += r.run_out.state == run_out_state::overspent;
          runs_out += r.run_out.state == run_out_state::runs_out;
          never += r.run_out.state == run_out_state::never;
        }
        EXPECT_GT(overspent + runs_out, 0); // the data cover the cases
        EXPECT_GT(never + runs_out, 0);
        for (Eigen::Index j = 0; j < 5; ++j) EXPECT_TRUE(std::isnan(bt.pathway(0, j)));
      }
}

TEST(SimdTracking, TrackBatchByHandAndItsErrors) {
  // 1000 t falling exactly 10 %/yr from 2010 to 2020: compound and fitted
  // rates -0.1; against -50 % by 2030 (linear: 500 t in 2030) the 2020 value
  // 1000 * 0.9^10 = 348.7 t is below the path (750 t): on track.
  std::vector<int> years;
  Eigen::ArrayXXd v(1, 11);
  for (int y = 2010; y <= 2020; ++y) {
    years.push_back(y);
    v(0, y - 2010) = 1000.0 * std::pow(0.9, y - 2010);
  }
  const auto bt = track_batch(years, v, target::parse("2030:-50%", 2010));
  EXPECT_NEAR(bt.compound_rate[0], -0.1, 1e-12);
  EXPECT_NEAR(bt.fitted_rate[0], -0.1, 1e-12);
  EXPECT_NEAR(bt.pathway(0, 10), 750.0, 1e-12 * 750);
  EXPECT_EQ(bt.status[0], tracking_status::on_track);
  // the budget: 1000 down to 500 over 2010..2030, 21 whole years: 21 * 750 = 15750 t
  EXPECT_NEAR(bt.budget[0], 15750.0, 1e-12 * 15750);
  v(0, 4) = std::numeric_limits<double>::quiet_NaN(); // no value: track()'s error
  EXPECT_THROW(track_batch(years, v, target::parse("2030:-50%", 2010)), argument_error);
}
