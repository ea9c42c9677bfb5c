// The klimabudsjett ledger against hand-worked values (arithmetic in the
// comments) and Oslo's real caps (Klimabudsjett 2023, klimaoslo.no), with
// their restatement onto the 2009 level of Miljødirektoratet's newer release.
#include <ghgtrack/ledger.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

using namespace ghgtrack;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string oslo_caps_path =
    std::string(GHGTRACK_SOURCE_DIR) + "/python/ghgtrack/data/measures/oslo_emission_caps_and_targets.csv";

// Base year 2009 at 1000 t; caps 2025: -50 % -> 500 t, 2030: -80 % -> 200 t.
// Baseline 800 t in 2025 and 700 t in 2030 (plan years 2025-2030).
// m1 (BYM reports, KLI): 100 t in 2025, 200 t in 2030;
// m2 (KLI reports):       50 t in 2025, 150 t in 2030.
ledger_inputs example() {
  ledger_inputs in;
  in.caps = cap_schedule::relative(2009, 1000.0 * units::tonne_co2e, {2025, 2030}, {-0.5, -0.8}, "budget 2024");
  in.plan_years = {2025, 2026, 2027, 2028, 2029, 2030};
  in.baseline_t = {800, 780, 760, 740, 720, 700};
  in.measures = {{"m1", "Zero-emission zone", "adopted", "BYM*, KLI", ""},
                 {"m2", "Shore power", "adopted", "KLI", "KLI"}};
  in.planned_t.resize(2, 6);
  in.planned_t << 100, 120, 140, 160, 180, 200, //
      50, 70, 90, 110, 130, 150;
  return in;
}

} // namespace

TEST(Ledger, CapYearsHandWorked) {
  const auto r = make_ledger(example());
  ASSERT_EQ(r.years, (std::vector<int>{2025, 2030}));
  // 2025: cap 500; planned 100 + 50 = 150; projected 800 - 150 = 650; gap 650 - 500 = 150.
  EXPECT_DOUBLE_EQ(r.cap_t[0], 500.0);
  EXPECT_DOUBLE_EQ(r.planned_t[0], 150.0);
  EXPECT_DOUBLE_EQ(r.projected_t[0], 650.0);
  EXPECT_DOUBLE_EQ(r.gap_t[0], 150.0);
  // 2030: cap 200; planned 350; projected 350; gap 150.
  EXPECT_DOUBLE_EQ(r.cap_t[1], 200.0);
  EXPECT_DOUBLE_EQ(r.projected_t[1], 350.0);
  EXPECT_DOUBLE_EQ(r.gap_t[1], 150.0);
  // No actual data yet: NaN, never 0.
  EXPECT_TRUE(std::isnan(r.actual_t[0]));
}

TEST(Ledger, ByAgency) {
  const auto r = make_ledger(example());
  ASSERT_EQ(r.agency_names, (std::vector<std::string>{"BYM", "KLI"}));
  // BYM: m1 only, reports on it. KLI: m1 (shared, does not report) and m2 (reports).
  ASSERT_EQ(r.agencies.size(), 3u);
  EXPECT_EQ(r.agencies[0].agency, "BYM");
  EXPECT_TRUE(r.agencies[0].reports);
  EXPECT_EQ(r.agencies[0].n_responsible, 2u);
  EXPECT_EQ(r.agencies[1].agency, "KLI");
  EXPECT_EQ(r.agencies[1].measure, 0u);
  EXPECT_FALSE(r.agencies[1].reports);
  EXPECT_TRUE(r.agencies[2].reports);
  EXPECT_DOUBLE_EQ(r.agency_planned_t(0, 0), 100.0);       // BYM 2025
  EXPECT_DOUBLE_EQ(r.agency_planned_t(1, 5), 200 + 150.0); // KLI 2030
  // No agency given: listed as "(not stated)", not dropped.
  auto in = example();
  in.measures[1].responsible.clear();
  in.measures[1].reporting_owner.clear();
  const auto r2 = make_ledger(in);
  EXPECT_EQ(r2.agency_names, (std::vector<std::string>{"(not stated)", "BYM", "KLI"}));
}

TEST(Ledger, PlannedAgainstAchieved) {
  auto in = example();
  in.actual_years = {2024, 2025};
  in.actual_t = {900, 700};
  in.achieved_years = {2025};
  in.achieved_t.resize(2, 1);
  in.achieved_t << 80, std::numeric_limits<double>::quiet_NaN();
  const auto r = make_ledger(in);
  ASSERT_EQ(r.actual.size(), 2u);
  // 2024: no cap and no plan year: NaN comparisons.
  EXPECT_TRUE(std::isnan(r.actual[0].cap_t));
  // 2025: actual 700 vs cap 500 -> +200; vs projected 650 -> +50.
  EXPECT_DOUBLE_EQ(r.actual[1].vs_cap_t, 200.0);
  EXPECT_DOUBLE_EQ(r.actual[1].vs_projected_t, 50.0);
  EXPECT_DOUBLE_EQ(r.actual_gap_t[0], 200.0);
  // m1 achieved 80 of the 100 planned; m2 has no indicator data.
  ASSERT_EQ(r.achieved.size(), 1u);
  EXPECT_EQ(r.achieved[0].measure, 0u);
  EXPECT_DOUBLE_EQ(r.achieved[0].difference_t, -20.0);
}

TEST(Ledger, CapsInTonnesAndFromPathway) {
  auto in = example();
  in.caps = cap_schedule::in_tonnes({2025, 2030}, {600, 300});
  auto r = make_ledger(in);
  EXPECT_DOUBLE_EQ(r.gap_t[0], 650.0 - 600.0);
  // A straight line from 1000 t in 2020 to 0 in 2030: 500 t in 2025.
  in.caps = cap_schedule::from_pathway(pathway::linear(2020, 1000.0 * units::tonne_co2e, 2030, 0.0 * units::tonne_co2e),
                                       {2025, 2030});
  r = make_ledger(in);
  EXPECT_DOUBLE_EQ(r.cap_t[0], 500.0);
  EXPECT_DOUBLE_EQ(r.cap_t[1], 0.0);
}

TEST(Ledger, RestatementHandWorked) {
  auto in = example();
  in.current_base_level = 900.0 * units::tonne_co2e;
  in.release = "release 2025";
  const auto r = make_ledger(in);
  // New caps: 0.5 x 900 = 450, 0.2 x 900 = 180; the ledger uses them.
  EXPECT_DOUBLE_EQ(r.cap_t[0], 450.0);
  EXPECT_DOUBLE_EQ(r.restatement[0].old_cap_t, 500.0);
  EXPECT_DOUBLE_EQ(r.restatement[0].new_cap_t, 450.0);
  EXPECT_DOUBLE_EQ(r.restatement[1].new_cap_t, 180.0);
  EXPECT_DOUBLE_EQ(r.old_base_t, 1000.0);
  EXPECT_DOUBLE_EQ(r.new_base_t, 900.0);
  EXPECT_NE(r.restatement[0].reason.find("from 1,000 t (budget 2024) to 900 t (release 2025)"), std::string::npos)
      << r.restatement[0].reason;
}

TEST(Ledger, BadInputs) {
  auto in = example();
  in.baseline_t.pop_back();
  EXPECT_THROW(make_ledger(in), shape_error);
  in = example();
  in.measures[1].id = "m1";
  EXPECT_THROW(make_ledger(in), argument_error);
  // 67 where -0.67 was meant.
  try {
    cap_schedule::relative(2009, 1000.0 * units::tonne_co2e, {2030}, {-67});
    FAIL() << "expected argument_error";
  } catch (const argument_error& e) {
    EXPECT_NE(std::string(e.what()).find("write -0.67 or '-67%'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(cap_schedule::relative(2009, 0.0 * units::tonne_co2e, {2030}, {-0.5}), argument_error);
  EXPECT_THROW(cap_schedule::relative(2009, 1.0 * units::tonne_co2e, {2009}, {-0.5}), argument_error);
  EXPECT_THROW(cap_schedule::in_tonnes({2030, 2025}, {1, 2}), argument_error);
}

TEST(OsloCaps, Klimabudsjett2023RestatedOntoTheBundledRelease) {
  const auto t = read_caps_text(read_file(oslo_caps_path), "Klimabudsjett 2023", "oslo_emission_caps_and_targets.csv");
  const auto& c = t.caps;
  ASSERT_EQ(c.years(), (std::vector<int>{2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030}));
  ASSERT_TRUE(c.base_year());
  EXPECT_EQ(*c.base_year(), 2009);
  EXPECT_DOUBLE_EQ(*c.base_level(), 1442878.0); // "emissions_inventory_t" 2009 in KB2023
  EXPECT_DOUBLE_EQ(*c.changes()[3], -0.52);
  EXPECT_DOUBLE_EQ(*c.changes()[10], -0.95);
  // The 2023 and 2026 caps are printed in two tables of the budget: the
  // repeats agree and are marked, not dropped.
  int dups = 0;
  for (const auto& r : t.records) dups += r.duplicate;
  EXPECT_EQ(dups, 2);
  EXPECT_EQ(t.records.size(), 24u); // every row of the vintage

  ledger_inputs in;
  in.caps = c;
  // 1,388,245.6 t: Oslo's 2009 total in the bundled Miljødirektoratet file
  // (python: ghgtrack.datasets.oslo().total(2009)).
  in.current_base_level = 1388245.6 * units::tonne_co2e;
  in.release = "Miljødirektoratet 2009-2024";
  const auto r = make_ledger(in);
  // 2023: -52 % -> 0.48 x 1,442,878 = 692,581.44 t under the budget's level,
  //               0.48 x 1,388,245.6 = 666,357.888 t under the bundled release.
  EXPECT_NEAR(r.restatement[3].old_cap_t, 692581.44, 1e-6);
  EXPECT_NEAR(r.restatement[3].new_cap_t, 666357.888, 1e-6);
  // 2030: -95 % -> 0.05 x 1,442,878 = 72,143.9 t; 0.05 x 1,388,245.6 = 69,412.28 t.
  EXPECT_NEAR(r.restatement[10].old_cap_t, 72143.9, 1e-6);
  EXPECT_NEAR(r.restatement[10].new_cap_t, 69412.28, 1e-6);
  EXPECT_NE(r.restatement[3].reason.find("1,442,878 t (Klimabudsjett 2023) to 1,388,245.6 t"), std::string::npos)
      << r.restatement[3].reason;
}

TEST(OsloCaps, TonnesVintageAndUnknownVintage) {
  const auto text = read_file(oslo_caps_path);
  // Klimabudsjett 2019 states its 2020 cap in tonnes: 766,000 t.
  const auto t = read_caps_text(text, "Klimabudsjett 2019");
  ASSERT_EQ(t.caps.years(), std::vector<int>{2020});
  EXPECT_DOUBLE_EQ(t.caps.tonnes()[0], 766000.0);
  // Klimabudsjett 2022 gives % vs 2009 but not the 2009 level: the base year
  // is known, the level must come from a release (-60 % in 2025 ->
  // 0.4 x 1,388,245.6 = 555,298.24 t).
  const auto t22 = read_caps_text(text, "Klimabudsjett 2022");
  EXPECT_EQ(*t22.caps.base_year(), 2009);
  EXPECT_FALSE(t22.caps.base_level());
  EXPECT_THROW(t22.caps.tonnes(), argument_error);
  EXPECT_NEAR(t22.caps.tonnes(1388245.6)[1], 555298.24, 1e-6);
  try {
    read_caps_text(text, "Klimabudsjett 2031");
    FAIL() << "expected argument_error";
  } catch (const argument_error& e) {
    EXPECT_NE(std::string(e.what()).find("'Klimabudsjett 2023'"), std::string::npos) << e.what();
  }
}

TEST(OsloCaps, BadTablesNameRowColumnValue) {
  const std::string head = "budget_vintage,year,metric,value,unit\n";
  auto expect_error = [&](const std::string& body, std::size_t row, const std::string& column,
                          const std::string& value) {
    try {
      read_caps_text(head + body, "V", "caps.csv");
      FAIL() << "expected input_error for " << body;
    } catch (const input_error& e) {
      EXPECT_EQ(e.origin(), "caps.csv");
      EXPECT_EQ(e.row(), row) << e.what();
      EXPECT_EQ(e.column(), column) << e.what();
      EXPECT_EQ(e.value(), value) << e.what();
    }
  };
  expect_error("V,2025,utslippsramme_pct_vs_2009,minus fifty,percent\n", 2, "value", "minus fifty");
  expect_error("V,20x5,utslippsramme_pct_vs_2009,-50,percent\n", 2, "year", "20x5");
  expect_error("V,2025,utslippsramme_pct_vs_2009,-50,t CO2e\n", 2, "unit", "t CO2e");
  expect_error("V,2025,utslippsramme_pct_vs_2009,-150,percent\n", 2, "value", "-150");
  expect_error("V,2025,utslippsramme_pct_vs_2009,-50,percent\nV,2025,utslippsramme_pct_vs_2009,-51,percent\n", 3,
               "value", "-51");
  expect_error("V,2025,emission_cap_t,500,bananas\n", 2, "unit", "bananas");
  expect_error("V,2005,utslippsramme_pct_vs_2009,-50,percent\n", 2, "year", "2005");
  EXPECT_THROW(read_caps_text("vintage,year\nV,2025\n", "V"), input_error);
}
