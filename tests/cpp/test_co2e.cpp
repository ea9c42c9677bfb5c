#include <ghgtrack/co2e.hpp>

#include <gtest/gtest.h>

namespace u = ghgtrack::units;
using ghgtrack::gas;
using ghgtrack::metric;

TEST(Co2e, MassToCo2eByHand) {
  // 500 kg N2O x 265 (AR5 Table 8.A.1) = 132.5 t CO2e.
  const auto e = ghgtrack::to_co2e(500.0 * u::kilogram, gas::n2o, metric::ar5_gwp100);
  EXPECT_DOUBLE_EQ(u::value_in(e, u::tonne_co2e), 132.5);
  // And back.
  const auto m = ghgtrack::from_co2e(e, gas::n2o, metric::ar5_gwp100);
  EXPECT_DOUBLE_EQ(u::value_in(m, u::kilogram), 500.0);
}

TEST(Co2eConvert, DirectEqualsTwoStep) {
  // 2800 t CO2e of CH4 on AR5 (GWP 28) is 100 t CH4, which is 2500 t CO2e on
  // AR4 (GWP 25): direct restatement must agree with going through the mass.
  const auto ar5 = 2800.0 * u::tonne_co2e;
  const auto direct = ghgtrack::convert_co2e(ar5, gas::ch4, metric::ar5_gwp100, metric::ar4_gwp100);
  const auto two_step =
      ghgtrack::to_co2e(ghgtrack::from_co2e(ar5, gas::ch4, metric::ar5_gwp100), gas::ch4, metric::ar4_gwp100);
  EXPECT_DOUBLE_EQ(u::value_in(direct, u::tonne_co2e), 2500.0);
  EXPECT_DOUBLE_EQ(u::value_in(two_step, u::tonne_co2e), 2500.0);
}

TEST(Co2eArray, ElementwiseAndInPlace) {
  Eigen::ArrayXd t(3);
  t << 1.0, 2.0, 0.5;
  const Eigen::ArrayXd e = ghgtrack::to_co2e(t, gas::sf6, metric::ar4_gwp100);
  EXPECT_DOUBLE_EQ(e[0], 22800.0);
  EXPECT_DOUBLE_EQ(e[1], 45600.0);
  EXPECT_DOUBLE_EQ(e[2], 11400.0);
  ghgtrack::to_co2e(t, gas::sf6, metric::ar4_gwp100, t); // aliasing is allowed
  EXPECT_DOUBLE_EQ(t[1], 45600.0);
  Eigen::ArrayXd wrong(2);
  EXPECT_THROW(ghgtrack::to_co2e(t, gas::co2, metric::ar5_gwp100, wrong), ghgtrack::shape_error);
  EXPECT_THROW((void)ghgtrack::to_co2e(t, gas::pfcs, metric::ar5_gwp100), ghgtrack::missing_gwp_error);
}

TEST(Co2eArray, ConvertBetweenMetrics) {
  Eigen::ArrayXd x(2);
  x << 265.0, 530.0; // N2O on AR5 (265) -> AR6 (273): 1 t and 2 t of N2O
  const Eigen::ArrayXd y = ghgtrack::convert_co2e(x, gas::n2o, metric::ar5_gwp100, metric::ar6_gwp100);
  EXPECT_DOUBLE_EQ(y[0], 273.0);
  EXPECT_DOUBLE_EQ(y[1], 546.0);
}

TEST(Co2eArray, SameResultForAnyThreadCount) {
  // 1e6 t of CH4 spread over an array: x 28 (AR5 WGI Table 8.A.1) on every
  // element, whether computed on 1, 3 or all threads.
  Eigen::ArrayXd t = Eigen::ArrayXd::LinSpaced(1 << 18, 0.0, 1e6);
  Eigen::ArrayXd one(t.size()), three(t.size()), all(t.size());
  ghgtrack::to_co2e(t, ghgtrack::gas::ch4, ghgtrack::metric::ar5_gwp100, one, 1);
  ghgtrack::to_co2e(t, ghgtrack::gas::ch4, ghgtrack::metric::ar5_gwp100, three, 3);
  ghgtrack::to_co2e(t, ghgtrack::gas::ch4, ghgtrack::metric::ar5_gwp100, all, 0);
  EXPECT_TRUE((one == three).all());
  EXPECT_TRUE((one == all).all());
  EXPECT_DOUBLE_EQ(one(one.size() - 1), 28e6);
  ghgtrack::convert_co2e(one, ghgtrack::gas::ch4, ghgtrack::metric::ar5_gwp100, ghgtrack::metric::ar4_gwp100, three, 3);
  EXPECT_DOUBLE_EQ(three(three.size() - 1), 25e6); // AR4 CH4 = 25
}
