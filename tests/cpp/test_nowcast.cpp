// The indicator nowcast against a case worked by hand (expected values from
// the formulas in the comments, evaluated separately with numpy/scipy, not
// with this code): the fit, the nowcast with its interval, the missing-year
// rule, the backtest arithmetic and the traffic index from counting points.
#include <ghgtrack/nowcast.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

using namespace ghgtrack;
using namespace ghgtrack::nowcast;

namespace {

// Road sector R, 2015-2019, built as R(y) = R(y-1) * r1(y) * r2(y) * exp(e(y))
// with residuals e = +0.03, -0.01, +0.03, -0.01 (mean 0.01, sd 0.0230940):
//   r1 (traffic, ratios):        2016 1.1, 2017 0.9, 2018 1.2, 2019 1.0, 2020 1.05 (se 0.02)
//   r2 (fossil share, levels):   2015-2019: 1.0 1.0 0.9 0.72 0.72 -> ratios 1, 0.9, 0.8, 1
//   R = 1000, 1133.4999873488687, 908.9993939638396, 899.2152449961961, 890.2679038132013
// Other sector O = 50 * 0.9^k (an exact log-linear trend): 50 45 40.5 36.45 32.805.
accounts hand_accounts() {
  accounts a;
  a.sectors = {"O", "R"};
  a.years = {2015, 2016, 2017, 2018, 2019};
  a.t_co2e = {{50, 45, 40.5, 36.45, 32.805},
              {1000.0, 1133.4999873488687, 908.9993939638396, 899.2152449961961, 890.2679038132013}};
  return a;
}

std::vector<sector_model> hand_models() {
  sector_model m;
  m.sector = "R";
  m.drivers.push_back(indicator::from_changes("traffic", "test", {2016, 2017, 2018, 2019, 2020},
                                              {1.1, 0.9, 1.2, 1.0, 1.05}, {0, 0, 0, 0, 0.02},
                                              {"", "", "", "", "partial year: jan-apr"}));
  m.drivers.push_back(
      indicator::from_levels("fossil share", "test", {2015, 2016, 2017, 2018, 2019}, {1.0, 1.0, 0.9, 0.72, 0.72}));
  return {m};
}

} // namespace

TEST(Nowcast, FitGivesBiasAndResidualSd) {
  const fit_info f = fit(hand_accounts(), hand_models()[0]);
  ASSERT_EQ(f.n, 4);
  EXPECT_EQ(f.years, (std::vector<int>{2016, 2017, 2018, 2019}));
  EXPECT_NEAR(f.residual[0], 0.03, 1e-12);
  EXPECT_NEAR(f.residual[1], -0.01, 1e-12);
  EXPECT_NEAR(f.bias, 0.01, 1e-12);
  EXPECT_NEAR(f.residual_sd, 0.02309401076758503, 1e-12);
}

TEST(Nowcast, MissingYearIsTheMeanOfTheLastThreeChanges) {
  // r2 has ratios 1, 0.9, 0.8, 1 (2016-2019); 2020 is missing:
  // exp(mean(ln 0.9, ln 0.8, ln 1)) = 0.72^(1/3) = 0.896280949311433,
  // se = sd(ln 0.9, ln 0.8, ln 1) = 0.11162939147108861.
  const auto st = hand_models()[0].drivers[1].at(2020);
  EXPECT_TRUE(st.extrapolated);
  EXPECT_NEAR(st.ratio, 0.896280949311433, 1e-12);
  EXPECT_NEAR(st.log_se, 0.11162939147108861, 1e-12);
  EXPECT_THROW(hand_models()[0].drivers[1].at(2010), no_solution_error);
}

TEST(Nowcast, IndicatorSectorValueAndInterval) {
  // 2020 = R(2019) * 1.05 * 0.896280949311433 * exp(0.01) = 846.2469680915284
  // log var = 0.02^2 + 0.1116294^2 + s^2 + s^2 / 4, q = t(0.975, 3) = 3.18244630528
  // lo = 584.445793303872, hi = 1225.3213885855848.
  const result r = run(hand_accounts(), hand_models(), 2020);
  ASSERT_EQ(r.years, (std::vector<int>{2020}));
  EXPECT_EQ(r.base_year, 2019);
  ASSERT_EQ(r.sectors.size(), 2u);
  const auto& road = r.sectors[1];
  EXPECT_EQ(road.method, "indicator");
  EXPECT_NEAR(road.value[0], 846.2469680915284, 1e-9);
  EXPECT_NEAR(road.lo[0], 584.445793303872, 1e-6);
  EXPECT_NEAR(road.hi[0], 1225.3213885855848, 1e-6);
  ASSERT_EQ(road.drivers[0].size(), 2u);
  EXPECT_NEAR(road.drivers[0][0].ratio, 1.05, 1e-12);
  EXPECT_NE(road.drivers[0][0].notes.find("partial year"), std::string::npos);
  EXPECT_NE(road.drivers[0][1].notes.find("extrapolated"), std::string::npos);
  // O follows its exact trend: 32.805 * 0.9 = 29.5245, no spread.
  const auto& other = r.sectors[0];
  EXPECT_EQ(other.method, "trend");
  EXPECT_NEAR(other.value[0], 29.5245, 1e-9);
  EXPECT_NEAR(other.hi[0] - other.lo[0], 0.0, 1e-6);
  // Total = sum; half-widths in quadrature (O contributes ~0).
  EXPECT_NEAR(r.total[0], 846.2469680915284 + 29.5245, 1e-6);
  EXPECT_NEAR(r.total_hi[0] - r.total[0], 0.5 * (1225.3213885855848 - 584.445793303872), 1e-4);
  ASSERT_EQ(r.fits.size(), 1u);
  EXPECT_FALSE(r.form.empty());
}

TEST(Nowcast, TwoYearsAheadChainsTheRatios) {
  // From 2018: fit on 2016-2018 (bias mean(0.03,-0.01,0.03) = 0.0166667);
  // 2019 = 899.2152449961961 * 1 * 1 * exp(0.0166667) = 914.3277534919647;
  // 2020 = 2019 * 1.05 * (r2 2020 extrapolated from 0.9, 0.8, 1 of 2017-2019)
  //      * exp(0.0166667).
  const result r = run(hand_accounts().up_to(2018), hand_models(), 2020);
  ASSERT_EQ(r.years.size(), 2u);
  EXPECT_NEAR(r.sectors[1].value[0], 914.3277534919647, 1e-9);
  EXPECT_NEAR(r.sectors[1].value[1], 914.3277534919647 * 1.05 * 0.896280949311433 * std::exp(0.05 / 3), 1e-9);
}

TEST(Nowcast, BacktestArithmetic) {
  // Year 2019 from accounts to 2018 (horizon 1):
  //   road indicator 914.3277534919647, actual 890.2679038132013:
  //     error (exp(0.0166667 + 0.01) - 1) * 100 = +2.702540389888264 %
  //   road trend-only: log-linear fit of 2015-2018 -> 857.3249405144842 (-3.7003426898370217 %)
  //   total indicator 914.3277534919647 + 32.805 = 947.1327534919647 vs 923.0729038132013
  //   total trend-only (log-linear of the totals 2015-2018) 889.7606488572897.
  const backtest_result b = backtest(hand_accounts(), hand_models(), 2019, 2019);
  ASSERT_EQ(b.rows.size(), 2u);
  const auto& road = b.rows[0];
  EXPECT_EQ(road.series, "R");
  EXPECT_EQ(road.base_year, 2018);
  EXPECT_NEAR(road.actual, 890.2679038132013, 1e-9);
  EXPECT_NEAR(road.indicator, 914.3277534919647, 1e-9);
  EXPECT_NEAR(road.indicator_error_pct(), 2.702540389888264, 1e-9);
  EXPECT_NEAR(road.trend, 857.3249405144842, 1e-6);
  EXPECT_NEAR(road.trend_error_pct(), -3.7003426898370217, 1e-6);
  const auto& total = b.rows[1];
  EXPECT_EQ(total.series, "total");
  EXPECT_NEAR(total.actual, 923.0729038132013, 1e-9);
  EXPECT_NEAR(total.indicator, 947.1327534919647, 1e-6);
  EXPECT_NEAR(total.trend, 889.7606488572897, 1e-6);
  ASSERT_EQ(b.summary.size(), 2u);
  EXPECT_EQ(b.summary[0].n, 1);
  EXPECT_NEAR(b.summary[0].indicator_mape, 2.702540389888264, 1e-9);
  EXPECT_NEAR(b.summary[0].trend_mape, 3.7003426898370217, 1e-6);
  EXPECT_EQ(b.summary[0].indicator_covered, 1); // |2.7 %| is well inside t(0.975, 2) * 0.027
  EXPECT_THROW(backtest(hand_accounts(), hand_models(), 2021, 2021), no_solution_error);
  EXPECT_THROW(backtest(hand_accounts(), hand_models(), 2019, 2019, 0), argument_error);
}

TEST(Nowcast, BadInputs) {
  EXPECT_THROW(indicator::from_changes("x", "", {2020, 2021}, {1.0}), shape_error);
  EXPECT_THROW(indicator::from_changes("x", "", {2020}, {-1.0}), argument_error);
  EXPECT_THROW(indicator::from_changes("x", "", {2021, 2020}, {1.0, 1.0}), argument_error);
  EXPECT_THROW(run(hand_accounts(), hand_models(), 2019), argument_error);
  sector_model unknown;
  unknown.sector = "Nope";
  unknown.drivers = hand_models()[0].drivers;
  EXPECT_THROW(run(hand_accounts(), {unknown}, 2020), unknown_label_error);
}

TEST(Nowcast, TrafficIndexFromPoints) {
  // Point A: 2020 jan 100, feb 100 (29 days, leap year); 2021 jan 110, feb 110 (28 days)
  //   -> 6000 and 6490 vehicles.
  // Point B: 2020 jan 200, feb 200 with 30 % coverage (dropped, so feb is not
  //   matched); 2021 jan 180, feb 190 -> jan only: 6200 and 5580.
  // Point C: only in 2021 (a new point: no previous year, not used).
  // Index = (6490 + 5580) / (6000 + 6200) = 0.989344262295082; se of the
  // volume-weighted mean of the point ratios (1.0816667, 0.9) on the log
  // scale = 0.09178698031971973.
  const std::vector<std::string> pt{"A", "A", "A", "A", "B", "B", "B", "B", "C"};
  const std::vector<int> yr{2020, 2020, 2021, 2021, 2020, 2020, 2021, 2021, 2021};
  const std::vector<int> mo{1, 2, 1, 2, 1, 2, 1, 2, 1};
  const std::vector<double> mdt{100, 100, 110, 110, 200, 200, 180, 190, 500};
  const std::vector<double> cov{100, 100, 100, 100, 100, 30, 100, 100, 100};
  const point_index pi = traffic_index_from_points(pt, yr, mo, mdt, cov, 50.0);
  ASSERT_EQ(pi.years, (std::vector<int>{2021}));
  EXPECT_NEAR(pi.ratio[0], 0.989344262295082, 1e-12);
  EXPECT_NEAR(pi.log_se[0], 0.09178698031971973, 1e-12);
  EXPECT_EQ(pi.points[0], 2);
  EXPECT_EQ(pi.point_months[0], 3);
  EXPECT_EQ(pi.last_month[0], 2);
  EXPECT_THROW(traffic_index_from_points(pt, yr, mo, mdt, {1.0}, 50.0), shape_error);
}

TEST(Nowcast, TrendYearsUsesTheLatestYearsOnly) {
  // O replaced by a kinked series 10, 10, 10, 20, 30: on its latest 2 years
  // only, the log-linear line through 20 -> 30 gives 30 * 1.5 = 45 in 2020
  // (all 5 years would give a much lower value).
  accounts a = hand_accounts();
  a.t_co2e[0] = {10, 10, 10, 20, 30};
  options o;
  o.trend_years = 2;
  const result r = run(a, hand_models(), 2020, o);
  EXPECT_NEAR(r.sectors[0].value[0], 45.0, 1e-9);
  EXPECT_TRUE(std::isnan(r.sectors[0].lo[0])); // 2 points: no interval
}
