// Scenarios: the combination rule worked by hand, caps, removals, status
// filters, projected years, overlaps and order independence.
#include <ghgtrack/scenario.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "planning_fixtures.hpp"

using namespace ghgtrack;
namespace u = ghgtrack::units;
using planning_test::make_baseline;
using planning_test::make_measure;

namespace {
// Road / Cars = 600, Road / Vans = 400, Heat / Oil = 500 t CO2e in 2029 and 2030.
inventory three_cells() {
  return make_baseline({{"Heat", "Oil"}, {"Road", "Cars"}, {"Road", "Vans"}}, {2029, 2030},
                       [](Eigen::Index c, Eigen::Index) { return c == 0   ? 500.0
                                                                 : c == 1 ? 600.0
                                                                          : 400.0; });
}
std::vector<measure> hand_measures() {
  return {make_measure("M1", measure_scope{{"Road"}, {}, {}}, effect::cut(0.3), ramp::linear(2030, 2030)),
          make_measure("M2", measure_scope{{}, {{"Road", "Cars"}}, {}}, effect::absolute(120.0 * u::tonne_co2e),
                       ramp::linear(2030, 2030)),
          make_measure("M3", measure_scope{{"Heat"}, {}, {}}, effect::absolute(800.0 * u::tonne_co2e),
                       ramp::linear(2029, 2030), measure_status::proposed)};
}
} // namespace

TEST(Scenario, CombinationRuleByHand) {
  const auto base = three_cells();
  const auto ms = hand_measures();
  const auto s = run_scenario(base, ms);
  // 2030: M1 cuts Road by 30 %; M2 = 120 t on Cars = r 120/600 = 0.2;
  // M3 = 800 t on Heat (500 t): r = 1.6, capped at 1 (flagged).
  // Cars 600 x 0.7 x 0.8 = 336; Vans 400 x 0.7 = 280; Oil 0.
  EXPECT_NEAR(s.values.values()(1, 1), 336.0, 1e-12);
  EXPECT_NEAR(s.values.values()(2, 1), 280.0, 1e-12);
  EXPECT_NEAR(s.values.values()(0, 1), 0.0, 1e-12);
  // 2029: only M3, linear ramp 2029-2030 at 1/2: 400 t of 500 -> 100 left; M1, M2 start in 2030.
  EXPECT_NEAR(s.values.values()(0, 0), 100.0, 1e-12);
  EXPECT_NEAR(s.values.values()(1, 0), 600.0, 1e-12);
  EXPECT_NEAR(s.total_reduction()(1), 884.0, 1e-9); // 264 + 120 + 500
  // Overlap 2030: alone effects 300 + 120 + 500 = 920; the naive sum overcounts by 36 = 600 x 0.3 x 0.2.
  EXPECT_NEAR(s.overlaps.naive_sum(1), 920.0, 1e-9);
  EXPECT_NEAR(s.overlaps.overcount(1), 36.0, 1e-9);
  ASSERT_EQ(s.overlaps.pairs.size(), 1u);
  EXPECT_EQ(s.overlaps.pairs[0].a, 0u);
  EXPECT_EQ(s.overlaps.pairs[0].b, 1u);
  EXPECT_EQ(s.overlaps.pairs[0].shared_cells, 1u);
  EXPECT_NEAR(s.overlaps.pairs[0].interaction(1), 36.0, 1e-9);
  // The cap is flagged (2030 only: 400 t in 2029 is within 500).
  ASSERT_EQ(std::count_if(s.flags.begin(), s.flags.end(),
                          [](const scenario_flag& f) { return f.kind == scenario_flag_kind::capped; }),
            1);
  EXPECT_EQ(s.flags[0].year, 2030);
  EXPECT_EQ(s.flags[0].measure, 2);
}

TEST(Scenario, EachMeasureAloneReproducesItsStatedEffect) {
  const auto base = three_cells();
  // 120 t on Cars, 250 t on Road (1000 t), 37.5 t on everything.
  for (double t : {120.0, 250.0, 37.5}) {
    const std::vector<measure> one{make_measure("A", measure_scope{{"Road"}, {}, {}},
                                                effect::absolute(t * u::tonne_co2e), ramp::linear(2029, 2029))};
    const auto s = run_scenario(base, one);
    EXPECT_NEAR(s.total_reduction()(0), t, 1e-12 * t);
    EXPECT_NEAR(s.total_reduction()(1), t, 1e-12 * t);
  }
}

TEST(Scenario, RelativeEffectsNeverExceedTheCell) {
  const auto base = three_cells();
  // Two 70 % cuts of Road: 1 - 0.3 x 0.3 = 91 %, not 140 %.
  const std::vector<measure> ms{make_measure("a", measure_scope{{"Road"}, {}, {}}, effect::cut(0.7)),
                                make_measure("b", measure_scope{{"Road"}, {}, {}}, effect::relative(-0.7))};
  const auto s = run_scenario(base, ms);
  EXPECT_NEAR(s.values.values()(1, 0), 600.0 * 0.09, 1e-12);
  EXPECT_NEAR(s.total_reduction()(0), 910.0, 1e-9);
  for (Eigen::Index i = 0; i < s.values.values().size(); ++i) EXPECT_GE(s.values.values()(i), 0.0);
}

TEST(Scenario, RemovalsAreAdditiveAndMayGoBelowZero) {
  const auto base = three_cells();
  auto r = make_measure("R", measure_scope{{}, {{"Road", "Vans"}}, {}}, effect::absolute(450.0 * u::tonne_co2e));
  r.removal = true;
  auto r2 = make_measure("R2", measure_scope{{"Road"}, {}, {}}, effect::absolute(100.0 * u::tonne_co2e));
  r2.removal = true;
  const auto s = run_scenario(base, {r, r2});
  // R2 spreads 100 t by baseline share: Cars 60, Vans 40. Vans: 400 - 450 - 40 = -90 (flagged).
  EXPECT_NEAR(s.values.values()(2, 0), -90.0, 1e-12);
  EXPECT_NEAR(s.values.values()(1, 0), 540.0, 1e-12);
  EXPECT_NEAR(s.total_reduction()(0), 550.0, 1e-12);
  EXPECT_TRUE(std::any_of(s.flags.begin(), s.flags.end(),
                          [](const scenario_flag& f) { return f.kind == scenario_flag_kind::below_zero; }));
  auto bad = make_measure("X", measure_scope{{"Road"}, {}, {}}, effect::cut(0.1));
  bad.removal = true;
  EXPECT_THROW(run_scenario(base, {bad}), argument_error);
}

TEST(Scenario, UnknownEffectsAreListedNotCounted) {
  const auto base = three_cells();
  auto ms = hand_measures();
  ms.push_back(make_measure("U", measure_scope{{"Road"}, {}, {}}, effect::unknown("facilitating")));
  const auto s = run_scenario(base, ms);
  ASSERT_EQ(s.unquantified.size(), 1u);
  EXPECT_EQ(s.unquantified[0], 3u);
  EXPECT_NEAR(s.total_reduction()(1), 884.0, 1e-9);
  EXPECT_TRUE(std::any_of(s.flags.begin(), s.flags.end(), [](const scenario_flag& f) {
    return f.kind == scenario_flag_kind::unquantified && f.message.find("facilitating") != std::string::npos;
  }));
}

TEST(Scenario, StatusFiltersAndProjectedYears) {
  const auto base = three_cells();
  const auto ms = hand_measures();
  const auto all = run_scenarios(base, ms, standard_scenarios(), 2029);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].name, "baseline");
  EXPECT_NEAR(all[0].total_reduction()(1), 0.0, 0.0);
  EXPECT_NEAR(all[1].total_reduction()(1), 384.0, 1e-9); // M1 + M2 (adopted): 264 + 120
  EXPECT_NEAR(all[2].total_reduction()(1), 884.0, 1e-9);
  EXPECT_EQ(all[1].projected, (std::vector<std::uint8_t>{0, 1}));
  const auto s = run_scenario(base, ms);
  EXPECT_EQ(s.projected, (std::vector<std::uint8_t>{1, 1})); // no actual year given: all projected
}

TEST(Scenario, UnknownLabelsNameTheValidOnes) {
  const auto base = three_cells();
  try {
    run_scenario(base, {make_measure("A", measure_scope{{"Roads"}, {}, {}}, effect::cut(0.1))});
    FAIL();
  } catch (const unknown_label_error& e) {
    EXPECT_NE(std::string(e.what()).find("sectors: Heat, Road"), std::string::npos) << e.what();
  }
  try {
    run_scenario(base, {make_measure("A", measure_scope{{}, {{"Road", "Bus"}}, {}}, effect::cut(0.1))});
    FAIL();
  } catch (const unknown_label_error& e) {
    EXPECT_NE(std::string(e.what()).find("its sources: Cars, Vans"), std::string::npos) << e.what();
  }
  EXPECT_THROW(run_scenario(base, {make_measure("A", measure_scope{{}, {}, {gas::ch4}}, effect::cut(0.1))}),
               unknown_label_error);
  EXPECT_THROW(run_scenario(base, {make_measure("A", measure_scope{}, effect::cut(0.1))}), argument_error);
}

TEST(Scenario, OrderDoesNotMatter) {
  std::mt19937_64 rng(7);
  std::vector<category> cats;
  for (int s = 0; s < 4; ++s)
    for (int k = 0; k < 5; ++k) cats.push_back({"S" + std::to_string(s), "k" + std::to_string(k)});
  std::uniform_real_distribution<double> U(0, 1);
  const auto base = make_baseline(cats, {2025, 2026, 2027, 2028, 2029, 2030},
                                  [&](Eigen::Index, Eigen::Index) { return 100.0 + 900.0 * U(rng); });
  std::vector<measure> ms;
  for (int i = 0; i < 12; ++i) {
    measure_scope sc;
    if (i % 3 == 0)
      sc.sectors = {"S" + std::to_string(i % 4)};
    else
      sc.sources = {cats[static_cast<std::size_t>(i)], cats[static_cast<std::size_t>((i * 7) % 20)]};
    const auto e = i % 2 ? effect::cut(0.5 * U(rng)) : effect::absolute(500.0 * U(rng) * u::tonne_co2e);
    ms.push_back(make_measure("m" + std::to_string(i), sc, e, ramp::s_curve(2025, 2029)));
  }
  const auto ref = run_scenario(base, ms);
  for (int trial = 0; trial < 5; ++trial) {
    std::shuffle(ms.begin(), ms.end(), rng);
    const auto s = run_scenario(base, ms);
    for (Eigen::Index i = 0; i < s.values.values().size(); ++i)
      EXPECT_NEAR(s.values.values()(i), ref.values.values()(i), 1e-12 * std::abs(ref.values.values()(i)) + 1e-12);
  }
}
