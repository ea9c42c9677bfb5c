// Issue 14: metrics, gases and unit strings as openscm-units and pyam write
// them. Values are typed from the IPCC tables cited per test, independently
// of include/ghgtrack/gwp.hpp; tests/python/test_ecosystem.py compares every
// shared value with openscm-units as a second source.
#include <ghgtrack/co2e_units.hpp>
#include <ghgtrack/csv_reader.hpp>
#include <ghgtrack/error.hpp>
#include <ghgtrack/gas.hpp>
#include <ghgtrack/gwp.hpp>
#include <ghgtrack/inventory_builder.hpp>

#include <gtest/gtest.h>

#include <string>

using ghgtrack::gas;
using ghgtrack::gwp;
using ghgtrack::metric;

TEST(GwpEcosystem, ThirdAssessmentReport) {
  // IPCC (2001) TAR WGI, Chapter 6, Table 6.7: GWP for 20, 100 and 500 years.
  EXPECT_EQ(gwp(gas::ch4, metric::tar_gwp20), 62.0);
  EXPECT_EQ(gwp(gas::ch4, metric::tar_gwp100), 23.0);
  EXPECT_EQ(gwp(gas::ch4, metric::tar_gwp500), 7.0);
  EXPECT_EQ(gwp(gas::n2o, metric::tar_gwp20), 275.0);
  EXPECT_EQ(gwp(gas::n2o, metric::tar_gwp100), 296.0);
  EXPECT_EQ(gwp(gas::n2o, metric::tar_gwp500), 156.0);
  EXPECT_EQ(gwp(gas::sf6, metric::tar_gwp20), 15100.0);
  EXPECT_EQ(gwp(gas::sf6, metric::tar_gwp100), 22200.0);
  EXPECT_EQ(gwp(gas::sf6, metric::tar_gwp500), 32400.0);
  EXPECT_EQ(gwp(gas::hfc_134a, metric::tar_gwp20), 3300.0);
  EXPECT_EQ(gwp(gas::hfc_134a, metric::tar_gwp100), 1300.0);
  EXPECT_EQ(gwp(gas::hfc_134a, metric::tar_gwp500), 400.0);
  // TAR does not split methane by origin: fossil and non-fossil take the generic value.
  EXPECT_EQ(gwp(gas::ch4_fossil, metric::tar_gwp100), 23.0);
}

TEST(GwpEcosystem, FifthAssessmentReportWithClimateCarbonFeedback) {
  // IPCC (2013) AR5 WGI, Chapter 8, Table 8.7 (CH4, N2O) and Table 8.A.1
  // (halocarbons), GWP100 "with climate-carbon feedbacks".
  EXPECT_EQ(gwp(gas::ch4, metric::ar5ccf_gwp100), 34.0);
  EXPECT_EQ(gwp(gas::n2o, metric::ar5ccf_gwp100), 298.0);
  EXPECT_EQ(gwp(gas::ccl4, metric::ar5ccf_gwp100), 2019.0);
  EXPECT_EQ(gwp(gas::hcfc_142b, metric::ar5ccf_gwp100), 2345.0);
  // Without the feedback (Table 8.A.1) for the same gases, for contrast.
  EXPECT_EQ(gwp(gas::ccl4, metric::ar5_gwp100), 1730.0);
  EXPECT_EQ(gwp(gas::hcfc_142b, metric::ar5_gwp100), 1980.0);
  // Fossil methane with feedbacks is not in the tables read: unknown, not a guess.
  EXPECT_FALSE(ghgtrack::has_gwp(gas::ch4_fossil, metric::ar5ccf_gwp100));
  EXPECT_THROW(gwp(gas::ch4_fossil, metric::ar5ccf_gwp100), ghgtrack::missing_gwp_error);
}

TEST(GwpEcosystem, SixthAssessmentReportGwp500AndGtp100) {
  // IPCC (2021) AR6 WGI, Chapter 7, Supplementary Material Table 7.SM.7.
  EXPECT_EQ(gwp(gas::ch4, metric::ar6_gwp500), 7.95);
  EXPECT_EQ(gwp(gas::ch4, metric::ar6_gtp100), 5.38);
  EXPECT_EQ(gwp(gas::n2o, metric::ar6_gwp500), 130.0);
  EXPECT_EQ(gwp(gas::n2o, metric::ar6_gtp100), 233.0);
  EXPECT_EQ(gwp(gas::ccl4, metric::ar6_gwp100), 2200.0);
  EXPECT_EQ(gwp(gas::co2, metric::ar6_gtp100), 1.0);
}

TEST(GwpEcosystem, NewGasesEverywhereATableGivesAValue) {
  // AR4 WGI Table 2.14.
  EXPECT_EQ(gwp(gas::ccl4, metric::ar4_gwp100), 1400.0);
  EXPECT_EQ(gwp(gas::hcfc_142b, metric::ar4_gwp100), 2310.0);
  EXPECT_EQ(gwp(gas::hfe_356pcc3, metric::ar4_gwp100), 110.0);
  EXPECT_EQ(gwp(gas::ch2cl2, metric::ar4_gwp100), 8.7);
  EXPECT_EQ(gwp(gas::hfe_134, metric::ar4_gwp100), 6320.0);
  // AR5 WGI Table 8.A.1.
  EXPECT_EQ(gwp(gas::c7f16, metric::ar5_gwp100), 7820.0);
  EXPECT_EQ(gwp(gas::c8f18, metric::ar5_gwp100), 7620.0);
  EXPECT_EQ(gwp(gas::so2f2, metric::ar5_gwp100), 4090.0);
  // Not assessed in AR4 (Table 2.14 has no SO2F2, C7F16, C8F18): an error, never zero.
  for (gas g : {gas::so2f2, gas::c7f16, gas::c8f18}) {
    EXPECT_FALSE(ghgtrack::has_gwp(g, metric::ar4_gwp100));
    EXPECT_THROW(gwp(g, metric::ar4_gwp100), ghgtrack::missing_gwp_error);
  }
  // Every metric gives a value for every new gas, or says it has none; none is zero.
  for (gas g :
       {gas::ccl4, gas::hcfc_142b, gas::hfe_356pcc3, gas::ch2cl2, gas::c7f16, gas::c8f18, gas::so2f2, gas::hfe_134})
    for (metric m : ghgtrack::all_metrics()) {
      if (ghgtrack::has_gwp(g, m)) {
        EXPECT_GT(gwp(g, m), 0.0) << ghgtrack::name(g) << " " << ghgtrack::name(m);
      }
    }
  // The new gases join no basket.
  for (gas b : {gas::hfcs, gas::pfcs, gas::kyoto})
    for (gas g : ghgtrack::members(b)) EXPECT_LT(static_cast<int>(g), static_cast<int>(gas::hfcs));
}

TEST(GwpEcosystem, NamesAsOpenscmUnitsAndPyamSpellThem) {
  using ghgtrack::parse_gas;
  using ghgtrack::parse_metric;
  EXPECT_EQ(parse_metric("AR5GWP100"), metric::ar5_gwp100);
  EXPECT_EQ(parse_metric("ar5gwp100"), metric::ar5_gwp100);
  EXPECT_EQ(parse_metric("AR5CCFGWP100"), metric::ar5ccf_gwp100);
  EXPECT_EQ(parse_metric("TARGWP20"), metric::tar_gwp20);
  EXPECT_EQ(parse_metric("targwp500"), metric::tar_gwp500);
  EXPECT_EQ(parse_metric("AR6GWP500"), metric::ar6_gwp500);
  EXPECT_EQ(parse_metric("AR6GTP100"), metric::ar6_gtp100);
  EXPECT_THROW(parse_metric("AR7GWP100"), ghgtrack::unknown_metric_error);
  EXPECT_EQ(parse_gas("HFC134a"), gas::hfc_134a);
  EXPECT_EQ(parse_gas("HFC-134a"), gas::hfc_134a);
  EXPECT_EQ(parse_gas("HFC4310mee"), gas::hfc_43_10mee);
  EXPECT_EQ(parse_gas("HFC4310"), gas::hfc_43_10mee);
  EXPECT_EQ(parse_gas("cC4F8"), gas::c_c4f8);
  EXPECT_EQ(parse_gas("CCl4"), gas::ccl4);
  EXPECT_EQ(parse_gas("HCFC142b"), gas::hcfc_142b);
  EXPECT_EQ(parse_gas("HCFC-142b"), gas::hcfc_142b);
  EXPECT_EQ(parse_gas("HFE356pcc3"), gas::hfe_356pcc3);
  EXPECT_EQ(parse_gas("CH2Cl2"), gas::ch2cl2);
  EXPECT_EQ(parse_gas("C7F16"), gas::c7f16);
  EXPECT_EQ(parse_gas("C8F18"), gas::c8f18);
  EXPECT_EQ(parse_gas("SO2F2"), gas::so2f2);
  EXPECT_EQ(parse_gas("HFE134"), gas::hfe_134);
  EXPECT_EQ(parse_gas("HFE-134"), gas::hfe_134);
  // The metric list is the report order and round-trips.
  const auto all = ghgtrack::all_metrics();
  ASSERT_EQ(all.size(), 11u);
  EXPECT_EQ(ghgtrack::name(all.front()), "SARGWP100");
  EXPECT_EQ(ghgtrack::name(all.back()), "AR6GTP100");
}

TEST(UnitStrings, CO2eInEveryPrefixAndSpelling) {
  using ghgtrack::co2e_unit_scale;
  // SI prefixes (BIPM SI Brochure, 9th ed., Table 7): 1 kt = 1 Gg = 1e3 t; 1 Mt = 1 Tg = 1e6 t.
  EXPECT_EQ(co2e_unit_scale("t CO2e"), 1.0);
  EXPECT_EQ(co2e_unit_scale("kt CO2e"), 1e3);
  EXPECT_EQ(co2e_unit_scale("Mt CO2-equiv/yr"), 1e6);
  EXPECT_EQ(co2e_unit_scale("Mt CO2-equiv / yr"), 1e6);
  EXPECT_EQ(co2e_unit_scale("Gg CO2eq"), 1e3);
  EXPECT_EQ(co2e_unit_scale("Tg CO2-eq/a"), 1e6);
  EXPECT_EQ(co2e_unit_scale("kt CO2e per year"), 1e3);
  EXPECT_EQ(co2e_unit_scale("t CO2e per yr"), 1.0);
  EXPECT_EQ(co2e_unit_scale("1000 tonn CO2-ekvivalenter"), 1e3);
  EXPECT_EQ(co2e_unit_scale("tCO2e"), 1.0);
  EXPECT_EQ(co2e_unit_scale(""), 1.0);
  // A mass of a gas is not CO2e.
  EXPECT_FALSE(co2e_unit_scale("Mt CO2").has_value());
  EXPECT_FALSE(co2e_unit_scale("kt CH4/yr").has_value());
}

TEST(UnitStrings, GasMasses) {
  using ghgtrack::parse_unit;
  const auto a = parse_unit("Mt CO2/yr");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->tonnes, 1e6);
  EXPECT_EQ(a->mass_of, gas::co2);
  const auto b = parse_unit("kt CH4/yr");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->tonnes, 1e3);
  EXPECT_EQ(b->mass_of, gas::ch4);
  const auto c = parse_unit("Gg N2O");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->tonnes, 1e3);
  EXPECT_EQ(c->mass_of, gas::n2o);
  const auto d = parse_unit("kt HFC134a / yr");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->mass_of, gas::hfc_134a);
  const auto e = parse_unit("kg SF6");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->tonnes, 1e-3);
}

TEST(UnitStrings, StrictAboutEveryByte) {
  using ghgtrack::parse_unit;
  // A stray byte is refused exactly like a stray letter (it used to be dropped and read as t CO2e).
  EXPECT_FALSE(parse_unit("t\xda CO2e"));
  EXPECT_FALSE(parse_unit("tX CO2e"));
  EXPECT_FALSE(parse_unit("t CO2e\xef\xbf\xbd"));
  EXPECT_FALSE(parse_unit(std::string("t CO2e\0", 7)));
  EXPECT_FALSE(parse_unit("t CO2e/kWh"));
  EXPECT_FALSE(parse_unit("t/yr CO2e"));
  EXPECT_FALSE(parse_unit("CO2e"));
  EXPECT_FALSE(parse_unit("t"));
  EXPECT_FALSE(parse_unit("Mt CO3"));
  EXPECT_FALSE(parse_unit("10 t CO2e"));
  // Subscript digits are part of the grammar ("CO₂").
  EXPECT_TRUE(parse_unit("kt CO\xe2\x82\x82"));
}

TEST(UnitStrings, ReaderConvertsGasMassesUnderAStatedMetric) {
  // 2 kt CH4 under AR5GWP100 (28, Table 8.A.1) = 56 000 t CO2e; 1 Gg N2O = 265 000 t CO2e;
  // 0.5 Mt CO2 = 500 000 t CO2e (CO2 needs no metric).
  const std::string csv = "year,sector,source,gas,value,unit,metric\n"
                          "2020,Jordbruk,Husdyr,CH4,2,kt CH4/yr,AR5GWP100\n"
                          "2020,Jordbruk,Gjødsel,N2O,1,Gg N2O,AR5GWP100\n"
                          "2020,Energi,Fyring,CO2,0.5,Mt CO2/yr,\n";
  const auto inv = ghgtrack::read_csv_text(csv);
  ASSERT_TRUE(inv.gwp_metric());
  EXPECT_EQ(*inv.gwp_metric(), metric::ar5_gwp100);
  EXPECT_DOUBLE_EQ(inv.total().values(0, 0), 56000.0 + 265000.0 + 500000.0);
}

TEST(UnitStrings, MassWithoutMetricIsAnErrorUnlessTheCallerGivesOne) {
  const std::string csv = "year,sector,source,gas,value,unit\n"
                          "2020,Jordbruk,Husdyr,CH4,2,kt CH4\n";
  try {
    (void)ghgtrack::read_csv_text(csv, "f.csv");
    FAIL() << "a mass without a metric was accepted";
  } catch (const ghgtrack::input_error& e) {
    EXPECT_EQ(e.column(), "unit");
    EXPECT_NE(std::string(e.what()).find("metric"), std::string::npos);
  }
  // The caller's metric: AR6GWP100 CH4 = 27.9 (AR6 WGI Table 7.15): 2 kt = 55 800 t CO2e.
  const auto inv = ghgtrack::read_csv_text(csv, "f.csv", 1, metric::ar6_gwp100);
  EXPECT_EQ(*inv.gwp_metric(), metric::ar6_gwp100);
  EXPECT_DOUBLE_EQ(inv.total().values(0, 0), 55800.0);
  // A unit naming another gas than the gas column is an error.
  EXPECT_THROW((void)ghgtrack::read_csv_text("year,sector,source,gas,value,unit\n2020,A,B,N2O,1,kt CH4\n", "g.csv", 1,
                                             metric::ar5_gwp100),
               ghgtrack::input_error);
  // The stray-byte unit is an input_error naming the unit column.
  try {
    (void)ghgtrack::read_csv_text("year,sector,source,gas,value,unit\n2020,A,B,CO2,1,t\xda CO2e\n", "h.csv");
    FAIL() << "a unit with a stray byte was accepted";
  } catch (const ghgtrack::input_error& e) {
    EXPECT_EQ(e.column(), "unit");
    EXPECT_EQ(e.row(), 2u);
    // The value keeps the byte as read; the message (and every binding)
    // shows it as \xDA, so it is never dropped and always decodes.
    EXPECT_EQ(e.value(), "t\xda CO2e");
    EXPECT_NE(std::string(e.what()).find("t\\xDA CO2e"), std::string::npos) << e.what();
  }
  EXPECT_EQ(ghgtrack::detail::visible_bytes("kt CO\xe2\x82\x82 \xc3\xa5r"), "kt CO\xe2\x82\x82 \xc3\xa5r");
  EXPECT_EQ(ghgtrack::detail::visible_bytes("a\xc0\xaf"
                                            "b\x01"),
            "a\\xC0\\xAFb\\x01");
}
