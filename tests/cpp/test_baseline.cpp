// Baselines (reference paths) against values worked by hand (the arithmetic
// is in the comments), the parts-sum-to-total rule for every method, notation
// keys carried forward, and the table reader's errors.
#include <ghgtrack/baseline.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <string>

using namespace ghgtrack;

namespace {

// Sector A: sources a1 (CO2) and a2 (CO2); sector B: source b1 (CO2, CH4).
// Years 2010-2013.
//   a1: 10 12 14 16   (a line, slope 2)
//   a2:  5  5  5  5
//   b1 CO2: 100 90 81 72.9  (-10 % a year)
//   b1 CH4:  20 18 16.2 14.58 (-10 % a year)
inventory small() {
  inventory inv({{"A", "a1"}, {"A", "a2"}, {"B", "b1"}}, {gas::co2, gas::ch4}, {2010, 2011, 2012, 2013},
                metric::ar5_gwp100);
  const double a1[] = {10, 12, 14, 16}, a2[] = {5, 5, 5, 5}, b1[] = {100, 90, 81, 72.9}, b1m[] = {20, 18, 16.2, 14.58};
  for (int y = 0; y < 4; ++y) {
    inv.set(0, 0, y, (a1[y]) * units::tonne_co2e);
    inv.set(1, 0, y, (a2[y]) * units::tonne_co2e);
    inv.set(2, 0, y, (b1[y]) * units::tonne_co2e);
    inv.set(2, 1, y, (b1m[y]) * units::tonne_co2e);
    inv.set(0, 1, y, notation::na);
    inv.set(1, 1, y, notation::no);
  }
  return inv;
}

baseline_options opts(baseline_method m, baseline_by by, int until = 2015) {
  baseline_options o;
  o.method = m;
  o.by = by;
  o.until = until;
  return o;
}

} // namespace

TEST(Baseline, LinearBySectorHandWorked) {
  // Sector A = 15, 17, 19, 21: slope 2, exact fit -> 2014: 23, 2015: 25.
  // Split by the 2013 shares a1 16/21, a2 5/21.
  const auto r = make_baseline(small(), opts(baseline_method::linear, baseline_by::sector));
  ASSERT_EQ(r.projection.years(), (std::vector<int>{2014, 2015}));
  ASSERT_EQ(r.groups, (std::vector<std::string>{"A", "B"}));
  EXPECT_NEAR(r.group_value(0, 0), 23.0, 1e-9);
  EXPECT_NEAR(r.group_value(0, 1), 25.0, 1e-9);
  EXPECT_NEAR(r.projection.value(0, 0, 0), 23.0 * 16.0 / 21.0, 1e-9);
  EXPECT_NEAR(r.projection.value(1, 0, 1), 25.0 * 5.0 / 21.0, 1e-9);
  // An exact fit has no residual: the interval collapses on the line.
  EXPECT_NEAR(r.group_lo(0, 0), 23.0, 1e-6);
  EXPECT_NEAR(r.group_hi(0, 0), 23.0, 1e-6);
  // Keys of cells with no value stay as they were in 2013.
  EXPECT_EQ(r.projection.key(0, 1, 0), notation::na);
  EXPECT_EQ(r.projection.key(1, 1, 1), notation::no);
}

TEST(Baseline, LinearByCellHandWorked) {
  // a1 alone: 10..16, slope 2 -> 18, 20; a2 flat -> 5, 5.
  const auto r = make_baseline(small(), opts(baseline_method::linear, baseline_by::cell));
  EXPECT_NEAR(r.projection.value(0, 0, 0), 18.0, 1e-9);
  EXPECT_NEAR(r.projection.value(0, 0, 1), 20.0, 1e-9);
  EXPECT_NEAR(r.projection.value(1, 0, 1), 5.0, 1e-9);
}

TEST(Baseline, LogLinearHandWorked) {
  // B = 120, 108, 97.2, 87.48: exactly -10 % a year -> 2014: 78.732, 2015: 70.8588;
  // split by 2013 shares CO2 72.9/87.48, CH4 14.58/87.48 (= 5/6, 1/6).
  const auto r = make_baseline(small(), opts(baseline_method::loglinear, baseline_by::source));
  // groups: A / a1, A / a2, B / b1
  EXPECT_NEAR(r.group_value(2, 0), 78.732, 1e-9);
  EXPECT_NEAR(r.group_value(2, 1), 70.8588, 1e-9);
  EXPECT_NEAR(r.projection.value(2, 0, 1), 70.8588 * 5.0 / 6.0, 1e-9);
  EXPECT_NEAR(r.projection.value(2, 1, 1), 70.8588 / 6.0, 1e-9);
}

TEST(Baseline, PredictionIntervalByHandAndFloorAtZero) {
  // One cell: 2010: 1, 2011: 3, 2012: 2. x_mean 2011, Sxx = 2, Sxy = 1 ->
  // slope 0.5, line 2 + 0.5 (x - 2011): 2013 -> 3. Residuals -0.5, 1, -0.5,
  // SSE = 1.5, s = sqrt(1.5). t(0.975, 1 df) = 12.7062047 (Student's t table).
  // Half width = t s sqrt(1 + 1/3 + 2^2/2) = 12.7062047 sqrt(1.5 x 10/3)
  //            = 12.7062047 sqrt(5) = 28.41194.
  inventory inv({{"S", "s"}}, {gas::co2}, {2010, 2011, 2012}, std::nullopt);
  inv.set(0, 0, 0, (1.0) * units::tonne_co2e);
  inv.set(0, 0, 1, (3.0) * units::tonne_co2e);
  inv.set(0, 0, 2, (2.0) * units::tonne_co2e);
  const auto r = make_baseline(inv, opts(baseline_method::linear, baseline_by::sector, 2013));
  EXPECT_NEAR(r.group_value(0, 0), 3.0, 1e-12);
  EXPECT_NEAR(r.group_hi(0, 0), 3.0 + 28.41194, 1e-4);
  // 3 - 28.4 < 0: the data are all >= 0, so the lower bound is floored at 0.
  EXPECT_EQ(r.group_lo(0, 0), 0.0);
}

TEST(Baseline, LinearTrendFlooredAtZero) {
  // 30, 20, 10 -> 2013: 0, 2014: -10 floored to 0 and noted.
  inventory inv({{"S", "s"}}, {gas::co2}, {2010, 2011, 2012}, std::nullopt);
  inv.set(0, 0, 0, (30.0) * units::tonne_co2e);
  inv.set(0, 0, 1, (20.0) * units::tonne_co2e);
  inv.set(0, 0, 2, (10.0) * units::tonne_co2e);
  const auto r = make_baseline(inv, opts(baseline_method::linear, baseline_by::sector, 2014));
  EXPECT_NEAR(r.group_value(0, 0), 0.0, 1e-9);
  EXPECT_EQ(r.group_value(0, 1), 0.0);
  ASSERT_FALSE(r.floored.empty());
  EXPECT_EQ(r.floored.back().year, 2014);
}

TEST(Baseline, GroupAtZeroInTheLastYearIsSplitByAllDataYears) {
  // Group = CO2 + CH4 = 1, 4, 0 (2010-2012). Line: mean 5/3, Sxy = -1, Sxx = 2,
  // slope -0.5 -> 2013: 5/3 - 0.5 x 2 = 2/3. The 2012 shares are 0/0, so the
  // cells share by their sums over 2010-2012: CO2 1+2+0 = 3, CH4 0+2+0 = 2
  // -> CO2 2/3 x 3/5 = 0.4, CH4 2/3 x 2/5 = 4/15.
  inventory inv({{"S", "s"}}, {gas::co2, gas::ch4}, {2010, 2011, 2012}, std::nullopt);
  const double co2[] = {1, 2, 0}, ch4[] = {0, 2, 0};
  for (int y = 0; y < 3; ++y) {
    inv.set(0, 0, y, (co2[y]) * units::tonne_co2e);
    inv.set(0, 1, y, (ch4[y]) * units::tonne_co2e);
  }
  const auto r = make_baseline(inv, opts(baseline_method::linear, baseline_by::sector, 2013));
  EXPECT_NEAR(r.group_value(0, 0), 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(r.projection.value(0, 0, 0), 0.4, 1e-12);
  EXPECT_NEAR(r.projection.value(0, 1, 0), 4.0 / 15.0, 1e-12);
}

TEST(Baseline, FrozenLastYearAndMeanOfLastK) {
  const auto inv = small();
  const auto r1 = make_baseline(inv, opts(baseline_method::frozen, baseline_by::sector));
  for (Eigen::Index c = 0; c < inv.n_cells(); ++c)
    for (Eigen::Index f = 0; f < 2; ++f) {
      EXPECT_EQ(r1.projection.values()(c, f), inv.values()(c, 3));
      EXPECT_EQ(r1.projection.keys()(c, f), inv.keys()(c, 3));
    }
  auto o = opts(baseline_method::frozen, baseline_by::sector);
  o.last_k = 2;
  const auto r2 = make_baseline(inv, o);
  EXPECT_NEAR(r2.projection.value(0, 0, 0), (14.0 + 16.0) / 2, 1e-12);
  EXPECT_NEAR(r2.projection.value(2, 0, 1), (81.0 + 72.9) / 2, 1e-12);
}

TEST(Baseline, DriverTimesIntensity) {
  // Driver (population) 2013: 10, 2014: 11, 2015: 12. Frozen intensity of
  // a1 = 16 / 10 = 1.6 t per person -> 2014: 17.6, 2015: 19.2.
  auto o = opts(baseline_method::frozen, baseline_by::cell);
  o.driver = driver_series{{2010, 2011, 2012, 2013, 2014, 2015}, {10, 10, 10, 10, 11, 12}, "population"};
  const auto r = make_baseline(small(), o);
  EXPECT_NEAR(r.projection.value(0, 0, 0), 17.6, 1e-12);
  EXPECT_NEAR(r.projection.value(0, 0, 1), 19.2, 1e-12);
  // Trend of the intensity: sector A per person 1.5, 1.7, 1.9, 2.1 -> 2015: 2.5 x 12 = 30.
  o.method = baseline_method::linear;
  o.by = baseline_by::sector;
  const auto t = make_baseline(small(), o);
  EXPECT_NEAR(t.group_value(0, 1), 30.0, 1e-9);
  // A driver that does not cover a projected year is an error.
  o.driver->years.pop_back();
  o.driver->values.pop_back();
  EXPECT_THROW(make_baseline(small(), o), argument_error);
}

TEST(Baseline, PartsSumToTotalForEveryMethod) {
  // Noisy data (no exact fit) so the intervals and shares are non-trivial.
  Eigen::ArrayXXd v(8, 5);
  for (Eigen::Index c = 0; c < 8; ++c)
    for (Eigen::Index y = 0; y < 5; ++y)
      v(c, y) = 50.0 + 7.0 * static_cast<double>(c) - 3.0 * static_cast<double>(y) + ((c + y) % 3 == 0 ? 2.5 : -1.25);
  const inventory inv({{"A", "a1"}, {"A", "a2"}, {"B", "b1"}, {"B", "b2"}}, {gas::co2, gas::n2o},
                      {2010, 2011, 2012, 2013, 2014}, std::nullopt, v, key_array::Zero(8, 5));
  for (auto m : {baseline_method::linear, baseline_method::loglinear, baseline_method::frozen})
    for (auto by : {baseline_by::sector, baseline_by::source, baseline_by::cell}) {
      const auto r = make_baseline(inv, opts(m, by, 2020));
      const auto total = r.projection.total();
      const auto sectors = r.projection.by_sector();
      for (Eigen::Index f = 0; f < r.projection.n_years(); ++f) {
        // The total is the sum of the cells...
        EXPECT_NEAR(total.values(0, f), r.projection.values().col(f).sum(), 1e-9);
        // ...and of the sectors.
        EXPECT_NEAR(total.values(0, f), sectors.values.col(f).sum(), 1e-9);
        // The cells of each projected group add up to the group's projection.
        if (by == baseline_by::sector) {
          for (Eigen::Index g = 0; g < 2; ++g) {
            EXPECT_NEAR(sectors.values(g, f), r.group_value(g, f), 1e-9 * std::abs(r.group_value(g, f)));
          }
        }
      }
    }
}

TEST(Baseline, UnknownsStayUnknown) {
  auto inv = small();
  inv.set(2, 1, 3, notation::ne); // CH4 of b1 not estimated in 2013
  const auto r = make_baseline(inv, opts(baseline_method::frozen, baseline_by::sector));
  EXPECT_EQ(r.projection.key(2, 1, 0), notation::ne);
  const auto t = r.projection.total();
  EXPECT_TRUE(t.flags(0, 0) & bits(aggregate_flag::incomplete));
  // A trend leaves the incomplete year out of B's fit, and says so.
  const auto l = make_baseline(inv, opts(baseline_method::linear, baseline_by::sector));
  bool noted = false;
  for (const auto& n : l.skipped) noted = noted || (n.group == "B" && n.year == 2013);
  EXPECT_TRUE(noted);
  EXPECT_EQ(l.projection.key(2, 1, 1), notation::ne);
}

TEST(Baseline, Errors) {
  const auto inv = small();
  EXPECT_THROW(make_baseline(inv, opts(baseline_method::linear, baseline_by::sector, 2013)), argument_error);
  auto o = opts(baseline_method::linear, baseline_by::sector);
  o.since = 2012; // only 2 years left
  EXPECT_THROW(make_baseline(inv, o), no_solution_error);
  // A log-linear trend of a group with a zero year has no solution.
  auto z = inv;
  z.set(1, 0, 1, 0.0 * units::tonne_co2e);
  try {
    make_baseline(z, opts(baseline_method::loglinear, baseline_by::cell));
    FAIL() << "expected no_solution_error";
  } catch (const no_solution_error& e) {
    EXPECT_NE(std::string(e.what()).find("A / a2 / CO2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_baseline_method("trendy"), argument_error);
  EXPECT_THROW(parse_baseline_by("region"), argument_error);
}

TEST(Baseline, LastYearCutsTheData) {
  // Using data to 2012 only: A = 15, 17, 19 -> 2013: 21 (the real 2013 value).
  auto o = opts(baseline_method::linear, baseline_by::sector, 2013);
  o.last_year = 2012;
  const auto r = make_baseline(small(), o);
  EXPECT_EQ(r.projection.years(), std::vector<int>{2013});
  EXPECT_NEAR(r.group_value(0, 0), 21.0, 1e-9);
}

TEST(BaselineTable, WideAndLongAreTakenAsTheyAre) {
  const auto w = read_baseline_table_text("sector,2025,2030\nA,100,80\nB,50.5,NE\n", "ref.csv");
  ASSERT_EQ(w.years(), (std::vector<int>{2025, 2030}));
  EXPECT_EQ(w.categories()[0].source, all_sources);
  EXPECT_EQ(w.value(0, 0, 1), 80.0);
  EXPECT_EQ(w.value(1, 0, 0), 50.5);
  EXPECT_EQ(w.key(1, 0, 1), notation::ne);
  const auto l = read_baseline_table_text("sector,source,year,value,unit\nA,x,2025,1.5,kt CO2e\nA,x,2030,1,kt CO2e\n");
  EXPECT_EQ(l.value(0, 0, 0), 1500.0);
  EXPECT_EQ(l.categories()[0].source, "x");
}

TEST(BaselineTable, BadTablesNameRowColumnValue) {
  const auto inv = small();
  try {
    read_baseline_table_text("sector,2025\nA,100\nC,5\n", "ref.csv", &inv);
    FAIL() << "expected input_error";
  } catch (const input_error& e) {
    EXPECT_EQ(e.origin(), "ref.csv");
    EXPECT_EQ(e.row(), 3u);
    EXPECT_EQ(e.column(), "sector");
    EXPECT_EQ(e.value(), "C");
    EXPECT_NE(std::string(e.what()).find("valid: A, B"), std::string::npos) << e.what();
  }
  try {
    read_baseline_table_text("sector,2025,2030\nA,100,lots\n", "ref.csv");
    FAIL() << "expected input_error";
  } catch (const input_error& e) {
    EXPECT_EQ(e.row(), 2u);
    EXPECT_EQ(e.column(), "2030");
    EXPECT_EQ(e.value(), "lots");
  }
  try {
    read_baseline_table_text("sector,2025,next\nA,100,1\n", "ref.csv");
    FAIL() << "expected input_error";
  } catch (const input_error& e) {
    EXPECT_EQ(e.row(), 1u);
    EXPECT_EQ(e.column(), "next");
  }
  // A year given for one sector but not another is an error, not a zero.
  EXPECT_THROW(read_baseline_table_text("sector,year,value\nA,2025,1\nA,2030,1\nB,2025,3\n"), input_error);
  // A sector given twice for the same year.
  EXPECT_THROW(read_baseline_table_text("sector,2025\nA,1\nA,2\n"), input_error);
  EXPECT_THROW(read_baseline_table_text("sector,2025\n,1\n"), input_error);
  EXPECT_THROW(read_baseline_table_text("sector,2025\nA,\n"), input_error);
}
