// GWP values checked against the published tables, cited per row. The values
// here are typed from the reports independently of include/ghgtrack/gwp.hpp.
#include <ghgtrack/gwp.hpp>

#include <gtest/gtest.h>

#include <string>

using ghgtrack::gas;
using ghgtrack::gwp;
using ghgtrack::metric;

TEST(Gwp, SecondAssessmentReport) {
  // IPCC SAR WGI (1995) Table 2.9, as used under the Kyoto Protocol's first period.
  EXPECT_EQ(gwp(gas::ch4, metric::sar_gwp100), 21.0);
  EXPECT_EQ(gwp(gas::n2o, metric::sar_gwp100), 310.0);
  EXPECT_EQ(gwp(gas::sf6, metric::sar_gwp100), 23900.0);
  EXPECT_EQ(gwp(gas::hfc_134a, metric::sar_gwp100), 1300.0);
}

TEST(Gwp, FourthAssessmentReport) {
  // IPCC AR4 WGI Table 2.14 (used by UNFCCC reporting 2015-2023).
  EXPECT_EQ(gwp(gas::ch4, metric::ar4_gwp100), 25.0);
  EXPECT_EQ(gwp(gas::n2o, metric::ar4_gwp100), 298.0);
  EXPECT_EQ(gwp(gas::nf3, metric::ar4_gwp100), 17200.0);
  EXPECT_EQ(gwp(gas::hfc_23, metric::ar4_gwp100), 14800.0);
  EXPECT_EQ(gwp(gas::cf4, metric::ar4_gwp100), 7390.0);
}

TEST(Gwp, FifthAssessmentReport) {
  // IPCC AR5 WGI Table 8.A.1 (no climate-carbon feedback).
  EXPECT_EQ(gwp(gas::ch4, metric::ar5_gwp100), 28.0);
  EXPECT_EQ(gwp(gas::ch4_fossil, metric::ar5_gwp100), 30.0);
  EXPECT_EQ(gwp(gas::n2o, metric::ar5_gwp100), 265.0);
  EXPECT_EQ(gwp(gas::sf6, metric::ar5_gwp100), 23500.0);
  EXPECT_EQ(gwp(gas::hfc_143a, metric::ar5_gwp100), 4800.0);
}

TEST(Gwp, SixthAssessmentReport) {
  // IPCC AR6 WGI Table 7.15.
  EXPECT_EQ(gwp(gas::ch4_fossil, metric::ar6_gwp100), 29.8);
  EXPECT_EQ(gwp(gas::ch4_non_fossil, metric::ar6_gwp100), 27.0);
  EXPECT_EQ(gwp(gas::n2o, metric::ar6_gwp100), 273.0);
  EXPECT_EQ(gwp(gas::hfc_32, metric::ar6_gwp100), 771.0);
  EXPECT_EQ(gwp(gas::hfc_134a, metric::ar6_gwp100), 1530.0);
  EXPECT_EQ(gwp(gas::cf4, metric::ar6_gwp100), 7380.0);
  EXPECT_EQ(gwp(gas::ch4_fossil, metric::ar6_gwp20), 82.5);
  EXPECT_EQ(gwp(gas::ch4_non_fossil, metric::ar6_gwp20), 79.7);
  EXPECT_EQ(gwp(gas::hfc_134a, metric::ar6_gwp20), 4140.0);
  // AR6 WGI Table 7.SM.7.
  EXPECT_EQ(gwp(gas::ch4, metric::ar6_gwp100), 27.9);
  EXPECT_EQ(gwp(gas::sf6, metric::ar6_gwp100), 25200.0);
  EXPECT_EQ(gwp(gas::sf6, metric::ar6_gwp20), 18300.0);
}

TEST(Gwp, CarbonDioxideIsTheReference) {
  for (metric m : ghgtrack::all_metrics()) EXPECT_EQ(gwp(gas::co2, m), 1.0);
}

TEST(Gwp, MissingValuesAreErrorsNotZeros) {
  EXPECT_FALSE(ghgtrack::has_gwp(gas::nf3, metric::sar_gwp100));
  try {
    (void)gwp(gas::nf3, metric::sar_gwp100);
    FAIL();
  } catch (const ghgtrack::missing_gwp_error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("NF3"), std::string::npos);
    EXPECT_NE(msg.find("AR4GWP100"), std::string::npos); // names where a value exists
  }
  EXPECT_THROW((void)gwp(gas::hfcs, metric::ar5_gwp100), ghgtrack::missing_gwp_error);
}

TEST(Gwp, MetricIdentifiers) {
  EXPECT_EQ(ghgtrack::parse_metric("AR5GWP100"), metric::ar5_gwp100);
  EXPECT_EQ(ghgtrack::parse_metric("ar6-gwp20"), metric::ar6_gwp20);
  EXPECT_EQ(ghgtrack::parse_metric("SAR GWP100"), metric::sar_gwp100);
  for (metric m : ghgtrack::all_metrics()) EXPECT_EQ(ghgtrack::parse_metric(ghgtrack::name(m)), m);
  try {
    (void)ghgtrack::parse_metric("AR5");
    FAIL();
  } catch (const ghgtrack::unknown_metric_error& e) {
    EXPECT_NE(std::string(e.what()).find("AR6GWP20"), std::string::npos);
  }
}
