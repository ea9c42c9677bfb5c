#include <ghgtrack/gas.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

using ghgtrack::gas;
using ghgtrack::parse_gas;

TEST(Gas, ParsesCommonSpellings) {
  EXPECT_EQ(parse_gas("CO2"), gas::co2);
  EXPECT_EQ(parse_gas("co2"), gas::co2);
  EXPECT_EQ(parse_gas("CO\xE2\x82\x82"), gas::co2); // "CO₂" with a subscript two
  EXPECT_EQ(parse_gas("Carbon dioxide"), gas::co2);
  EXPECT_EQ(parse_gas("methane"), gas::ch4);
  EXPECT_EQ(parse_gas("CH4 fossil"), gas::ch4_fossil);
  EXPECT_EQ(parse_gas("biogenic CH4"), gas::ch4_non_fossil);
  EXPECT_EQ(parse_gas("HFC-134a"), gas::hfc_134a);
  EXPECT_EQ(parse_gas("HFC134a"), gas::hfc_134a);
  EXPECT_EQ(parse_gas("hfc_227ea"), gas::hfc_227ea);
  EXPECT_EQ(parse_gas("c-C4F8"), gas::c_c4f8);
  EXPECT_EQ(parse_gas("PFC-14"), gas::cf4);
}

TEST(Gas, ParsesNorwegianOfficialNames) {
  // SSB table 08940 and Miljødirektoratet's municipal file.
  EXPECT_EQ(parse_gas("Karbondioksid"), gas::co2);
  EXPECT_EQ(parse_gas("Metan"), gas::ch4);
  EXPECT_EQ(parse_gas("Lystgass"), gas::n2o);
  EXPECT_EQ(parse_gas("HFK"), gas::hfcs);
  EXPECT_EQ(parse_gas("PFK"), gas::pfcs);
  EXPECT_EQ(parse_gas("SF6\n"), gas::sf6); // trailing newline as in the xlsx
}

TEST(Gas, UnknownNameListsKnownNames) {
  try {
    (void)parse_gas("CO3");
    FAIL() << "expected unknown_gas_error";
  } catch (const ghgtrack::unknown_gas_error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("'CO3'"), std::string::npos);
    EXPECT_NE(msg.find("HFC-134a"), std::string::npos);
  }
  EXPECT_THROW((void)parse_gas(""), std::invalid_argument);
}

TEST(Gas, NamesRoundTrip) {
  for (gas g : ghgtrack::all_gases()) EXPECT_EQ(parse_gas(ghgtrack::name(g)), g);
}

TEST(Gas, Baskets) {
  EXPECT_TRUE(ghgtrack::is_basket(gas::hfcs));
  EXPECT_FALSE(ghgtrack::is_basket(gas::hfc_32));
  const auto hfcs = ghgtrack::members(gas::hfcs);
  EXPECT_EQ(hfcs.size(), 11u);
  EXPECT_NE(std::find(hfcs.begin(), hfcs.end(), gas::hfc_134a), hfcs.end());
  const auto kyoto = ghgtrack::members(gas::kyoto);
  // CO2, CH4, N2O, SF6, NF3 + 11 HFCs + 4 PFCs.
  EXPECT_EQ(kyoto.size(), 20u);
  EXPECT_EQ(ghgtrack::members(gas::n2o), std::vector<gas>{gas::n2o});
}
