// Measures: ramps, effects, status parsing and the measures table.
#include <ghgtrack/measure.hpp>
#include <ghgtrack/measure_table.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "planning_fixtures.hpp"

using namespace ghgtrack;
namespace u = ghgtrack::units;

TEST(Ramp, LinearByHand) {
  // Start 2025, full 2028: four steps 1/4, 2/4, 3/4, 4/4.
  const auto r = ramp::linear(2025, 2028, 2035);
  EXPECT_EQ(r.factor(2024), 0.0);
  EXPECT_DOUBLE_EQ(r.factor(2025), 0.25);
  EXPECT_DOUBLE_EQ(r.factor(2026), 0.5);
  EXPECT_DOUBLE_EQ(r.factor(2027), 0.75);
  EXPECT_EQ(r.factor(2028), 1.0);
  EXPECT_EQ(r.factor(2035), 1.0);
  EXPECT_EQ(r.factor(2036), 0.0);                        // after the end year
  EXPECT_EQ(ramp::linear(2030, 2030).factor(2030), 1.0); // a step
  EXPECT_THROW(ramp::linear(2030, 2025), argument_error);
}

TEST(Ramp, SCurveIsMonotoneSymmetricAndHitsEnds) {
  const auto r = ramp::s_curve(2021, 2030); // s - 1 = 2020, f = 2030, m = 2025, k = 0.8
  EXPECT_EQ(r.factor(2020), 0.0);
  EXPECT_EQ(r.factor(2030), 1.0);
  // Symmetric about the midpoint 2025: rho(2025) = 1/2 exactly (by symmetry of the logistic).
  EXPECT_NEAR(r.factor(2025), 0.5, 1e-15);
  EXPECT_NEAR(r.factor(2022) + r.factor(2028), 1.0, 1e-15);
  // By hand: L(t) = 1/(1+exp(-0.8(t-2025))); L(2020)=1/(1+e^4)=0.0179862, L(2030)=0.9820138;
  // L(2021) = 1/(1+e^3.2) = 1/25.5325 = 0.0391657;
  // rho(2021) = (L(2021) - L(2020)) / (L(2030) - L(2020)) = (0.0391657 - 0.0179862) / 0.9640276 = 0.0219698.
  EXPECT_NEAR(r.factor(2021), 0.0219698, 1e-6);
  for (int y = 2020; y < 2030; ++y) EXPECT_LT(r.factor(y), r.factor(y + 1));
}

TEST(Ramp, PointsInterpolateAndHold) {
  const auto r = ramp::from_points({{2023, 0.2}, {2030, 1.0}});
  EXPECT_EQ(r.factor(2022), 0.0);
  EXPECT_DOUBLE_EQ(r.factor(2023), 0.2);
  EXPECT_NEAR(r.factor(2026), 0.2 + 3.0 / 7.0 * 0.8, 1e-15);
  EXPECT_EQ(r.factor(2040), 1.0);
  EXPECT_EQ(r.full_year(), 2030);
  EXPECT_THROW(ramp::from_points({{2023, 1.5}}), argument_error);
  EXPECT_THROW(ramp::from_points({{2030, 0.5}, {2023, 1.0}}), argument_error);
}

TEST(Effect, SignConventionAndUnits) {
  EXPECT_DOUBLE_EQ(effect::relative(-0.3).value(), 0.3);
  EXPECT_DOUBLE_EQ(effect::cut(0.3).value(), 0.3);
  try {
    effect::relative(-67);
    FAIL();
  } catch (const argument_error& e) {
    EXPECT_NE(std::string(e.what()).find("write -0.67 or '-67%'"), std::string::npos);
  }
  EXPECT_THROW(effect::relative(0.2), argument_error); // an increase
  EXPECT_THROW(effect::absolute(-5.0 * u::tonne_co2e), argument_error);
  // 1e6 l diesel avoided x 2.66 kg CO2/l (Miljødirektoratet's factor, see
  // norway_emission_factors.csv) = 2,660 t CO2 = 2,660 t CO2e (GWP of CO2 = 1).
  const emission_factor<u::volume> diesel{gas::co2, 2.66 * u::kilogram / u::litre, "test"};
  const auto e = effect::activity(1e6 * u::litre, diesel);
  EXPECT_EQ(e.kind(), effect_kind::activity);
  EXPECT_NEAR(e.tonnes_co2e(metric::ar5_gwp100), 2660.0, 1e-9);
  // 10 t CH4 avoided under AR5 (28) = 280 t CO2e.
  EXPECT_NEAR(effect::activity_mass(10.0 * u::tonne, gas::ch4).tonnes_co2e(metric::ar5_gwp100), 280.0, 1e-12);
  EXPECT_THROW(e.tonnes_co2e(std::nullopt), incompatible_error);
}

TEST(Status, EnglishAndNorwegian) {
  EXPECT_EQ(parse_measure_status("Proposed"), measure_status::proposed);
  EXPECT_EQ(parse_measure_status("foreslått"), measure_status::proposed);
  EXPECT_EQ(parse_measure_status("vedtatt"), measure_status::adopted);
  EXPECT_EQ(parse_measure_status("gjennomført"), measure_status::implemented);
  EXPECT_EQ(parse_measure_status("Gjennomfort"), measure_status::implemented);
  EXPECT_THROW(parse_measure_status("maybe"), argument_error);
  EXPECT_EQ(parse_ramp_shape("lineær"), ramp_shape::linear);
  EXPECT_EQ(parse_ramp_shape("S-kurve"), ramp_shape::s_curve);
  EXPECT_EQ(parse_effect_kind("Absolutt"), effect_kind::absolute);
  EXPECT_THROW(parse_ramp_shape("zigzag"), argument_error);
}

namespace {
const char* kTable =
    "id,tiltak,sektor,kilde,gass,effekt,startår,fullt år,sluttår,status,ansvarlig,rapporteringsansvarlig,merknad\n"
    "T1,Zero-emission buses,Veitrafikk,Busser,,1200,2024,2028,,vedtatt,Ruter,Ruter,\n"
    "T2,Parking,Veitrafikk,,CO2,-15%,2025,2030,2040,foreslått,BYM,BYM,\"a, quoted note\"\n"
    "T3,Cycling,Veitrafikk,,,tilretteleggende,,,,vedtatt,BYM,,\n";
}

TEST(MeasureTable, NorwegianColumnsParse) {
  const auto ms = read_measures_text(kTable, "m.csv");
  ASSERT_EQ(ms.size(), 3u);
  EXPECT_EQ(ms[0].id, "T1");
  ASSERT_EQ(ms[0].scope.sources.size(), 1u);
  EXPECT_EQ(ms[0].scope.sources[0], (category{"Veitrafikk", "Busser"}));
  EXPECT_TRUE(ms[0].scope.sectors.empty()); // the sector only locates the source
  EXPECT_EQ(ms[0].effect.kind(), effect_kind::absolute);
  EXPECT_EQ(ms[0].effect.value(), 1200.0);
  EXPECT_EQ(ms[0].status, measure_status::adopted);
  EXPECT_EQ(ms[1].effect.kind(), effect_kind::relative);
  EXPECT_DOUBLE_EQ(ms[1].effect.value(), 0.15);
  EXPECT_EQ(ms[1].ramp.end_year(), 2040);
  EXPECT_EQ(ms[1].notes, "a, quoted note");
  EXPECT_FALSE(ms[2].effect.known());
  EXPECT_EQ(ms[2].effect.reason(), "tilretteleggende");
}

TEST(MeasureTable, WriteThenReadIsExact) {
  auto ms = read_measures_text(kTable, "m.csv");
  measure act =
      planning_test::make_measure("A1", measure_scope{{}, {}, {gas::ch4}},
                                  effect::activity_mass(0.1 * u::tonne / 3.0, gas::ch4), ramp::s_curve(2024, 2031));
  act.costs.investment = {{2024, 1.0 / 3.0}, {2025, 2e6}};
  act.costs.operating_cost = -12345.678;
  act.costs.lifetime_years = 15;
  act.costs.cost_low = 100;
  act.costs.cost_high = 1500;
  act.costs.cost_class = "500-1500";
  act.costs.currency = "NOK";
  act.costs.price_year = 2023;
  act.removal = true;
  ms.push_back(act);
  ms.push_back(planning_test::make_measure("P1", measure_scope{{"Jordbruk"}, {}, {}},
                                           effect::absolute(0.1 * u::tonne_co2e),
                                           ramp::from_points({{2023, 0.1 / 0.7}, {2030, 1.0}})));
  const std::string path = ::testing::TempDir() + "measures_roundtrip.csv";
  write_measures(ms, path);
  const auto back = read_measures(path);
  ASSERT_EQ(back.size(), ms.size());
  for (std::size_t i = 0; i < ms.size(); ++i) {
    EXPECT_EQ(measure_to_cells(back[i]), measure_to_cells(ms[i])) << ms[i].id;
    EXPECT_EQ(back[i].effect.value(), ms[i].effect.value());
  }
  EXPECT_EQ(back[3].costs.investment[0].second, 1.0 / 3.0);
  EXPECT_EQ(back[4].ramp.points()[0].second, 0.1 / 0.7);
  EXPECT_EQ(back[3].effect.avoided_mass().value(), act.effect.avoided_mass().value());
  // Many awkward masses survive the round trip bit for bit.
  std::vector<measure> many;
  for (int i = 1; i <= 200; ++i)
    many.push_back(planning_test::make_measure("a" + std::to_string(i), measure_scope{{}, {}, {gas::n2o}},
                                               effect::activity_mass(0.1 * i / 7.0 * u::tonne, gas::n2o)));
  const auto many_back = read_measures_text(write_measures_text(many), "many");
  for (std::size_t i = 0; i < many.size(); ++i)
    EXPECT_EQ(many_back[i].effect.avoided_mass().value(), many[i].effect.avoided_mass().value());
  // The temporary file beside it (name.tmp-...) was renamed away: none is left.
  for (const auto& entry : std::filesystem::directory_iterator(::testing::TempDir()))
    EXPECT_NE(entry.path().filename().string().rfind("measures_roundtrip.csv.tmp", 0), 0u) << entry.path();
}

TEST(MeasureTable, BadRowsSayWhere) {
  auto expect_error = [](const std::string& text, std::size_t row, const std::string& column, const std::string& value,
                         const std::string& says) {
    try {
      read_measures_text(text, "bad.csv");
      ADD_FAILURE() << "no error for " << text;
    } catch (const input_error& e) {
      EXPECT_EQ(e.origin(), "bad.csv");
      EXPECT_EQ(e.row(), row) << e.what();
      EXPECT_EQ(e.column(), column) << e.what();
      EXPECT_EQ(e.value(), value) << e.what();
      EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
    }
  };
  const std::string h = "id,sektor,effekt,startår,status\n";
  expect_error(h + "A,Veitrafikk,12x,2025,vedtatt\n", 2, "effekt", "12x", "not a number");
  expect_error(h + "A,Veitrafikk,,2025,vedtatt\n", 2, "effekt", "", "the effect is blank");
  expect_error(h + "A,Veitrafikk,-67,2025,vedtatt\n", 2, "effekt", "-67", "reduction >= 0");
  expect_error(h + "A,Veitrafikk,-67%,2025,vedtatt\nB,Veitrafikk,-6700%,2025,vedtatt\n", 3, "effekt", "-6700%",
               "write -0.67 or '-67%'");
  expect_error(h + "A,Veitrafikk,10,2025,maybe\n", 2, "status", "maybe", "foreslått");
  expect_error(h + "A,Veitrafikk,10,,vedtatt\n", 2, "startår", "", "start year");
  expect_error(h + "A,Veitrafikk,10,2025,vedtatt\nA,Jordbruk,5,2025,vedtatt\n", 3, "id", "A", "first in row 2");
  expect_error("id,sektor,effekt,startår,status,colour\nA,X,1,2025,vedtatt,red\n", 1, "colour", "colour",
               "unknown column");
  expect_error("id,gass,effekt,startår,status\nA,CO3,1,2025,vedtatt\n", 2, "gass", "CO3", "unknown gas");
  expect_error("id,gass,activity,activity_unit,factor,factor_unit,startår,status,effekt\n"
               "A,CO2,1000,kWh,2.66,kg CO2/l,2025,vedtatt,\n",
               2, "factor_unit", "kg CO2/l", "cannot apply to an activity in kWh");
}

TEST(MeasureTable, ActivityFromUnitStrings) {
  // 5,000 MWh of fuel oil avoided x 264.5 g CO2/kWh (KOSTRA factor) = 5e6 kWh x 0.2645 kg = 1,322.5 t CO2.
  const auto ms = read_measures_text("id,sektor,activity,activity_unit,factor,factor_unit,startår,status,effekt\n"
                                     "H1,Oppvarming,5000,MWh,264.5,g CO2/kWh,2025,adopted,\n",
                                     "a.csv");
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].effect.kind(), effect_kind::activity);
  EXPECT_EQ(ms[0].effect.activity_gas(), gas::co2);
  EXPECT_NEAR(ms[0].effect.tonnes_co2e(metric::ar5_gwp100), 1322.5, 1e-9);
}

TEST(MeasureTable, SemicolonAndDecimalComma) {
  const auto ms =
      read_measures_text("\xEF\xBB\xBFid;sektor;effekt;startår;status\nA;Jordbruk;1234,5;2025;vedtatt\n", "n.csv");
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].effect.value(), 1234.5);
}
