// Target cases shared with Python (tests/data/cases/targets.json, worked by
// hand), the sign convention, units, statuses, the budget's run-out and
// data-series interpolation.
#include <ghgtrack/pathway.hpp>
#include <ghgtrack/series.hpp>
#include <ghgtrack/target.hpp>
#include <ghgtrack/tracking.hpp>
#include <ghgtrack/tracking_batch.hpp>
#include <ghgtrack/trend.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <string>

using namespace ghgtrack;
using json = nlohmann::json;

namespace {
units::co2e tq(double v) { return v * units::tonne_co2e; }

target build(const json& c) {
  const std::string kind = c.at("kind");
  if (kind == "net_zero") {
    return target::net_zero(c.at("year").get<int>(), tq(c.at("removals").get<double>()),
                            tq(c.at("residual").get<double>()));
  }
  const int base_year = c.at("base_year");
  const auto base = tq(c.at("base").get<double>());
  if (kind == "parse") return target::parse(c.at("input").get<std::string>(), base_year, base);
  target t;
  t.base_year = base_year;
  t.base_value = base;
  if (c.contains("target_kind")) t.kind = parse_target_kind(c.at("target_kind").get<std::string>());
  for (const auto& [year, v] : c.at("input").items()) {
    const int y = std::stoi(year);
    if (kind == "change") {
      if (v.is_string())
        t.add_change(y, v.get<std::string>());
      else
        t.add_change(y, v.get<double>());
    } else if (kind == "cut") {
      if (v.is_string())
        t.add_cut(y, v.get<std::string>());
      else
        t.add_cut(y, v.get<double>());
    } else if (kind == "levels") {
      t.add_level(y, tq(v.get<double>()));
    }
  }
  t.validate();
  return t;
}
} // namespace

TEST(TargetCases, SharedJsonFile) {
  std::ifstream in(std::string(GHGTRACK_SOURCE_DIR) + "/tests/data/cases/targets.json");
  ASSERT_TRUE(in.good());
  const json doc = json::parse(in);
  int n = 0;
  for (const auto& c : doc.at("cases")) {
    SCOPED_TRACE(c.at("name").get<std::string>());
    const auto& expect = c.at("expect");
    if (expect.contains("error")) {
      try {
        const target t = build(c);
        (void)t.milestones(t.base_value.value_or(tq(0.0)));
        ADD_FAILURE() << "no error";
      } catch (const argument_error& e) {
        EXPECT_NE(std::string(e.what()).find(expect.at("message").get<std::string>()), std::string::npos) << e.what();
      }
    } else {
      const target t = build(c);
      std::vector<std::pair<int, double>> scale;
      if (c.contains("scale"))
        for (const auto& [y, v] : c.at("scale").items()) scale.emplace_back(std::stoi(y), v.get<double>());
      const auto ms = t.milestones(t.base_value.value_or(tq(0.0)), scale);
      ASSERT_EQ(ms.size(), expect.at("levels").size());
      std::size_t i = 0;
      for (const auto& [year, level] : expect.at("levels").items()) {
        EXPECT_EQ(ms[i].year, std::stoi(year));
        EXPECT_NEAR(ms[i].level.value(), level.get<double>(), 1e-9 * std::max(1.0, level.get<double>()));
        ++i;
      }
    }
    ++n;
  }
  EXPECT_GE(n, 20);
}

TEST(TargetCases, CutAndChangeAgreeAndDescribe) {
  const auto a = target::change(2009, tq(100.0), {{2030, -0.67}});
  const auto b = target::cut(2009, tq(100.0), {{2030, 0.67}});
  EXPECT_NEAR(a.milestones(tq(100.0))[0].level.value(), 33.0, 1e-12);
  EXPECT_NEAR(b.milestones(tq(100.0))[0].level.value(), 33.0, 1e-12);
  EXPECT_EQ(a.describe(), "2030: -67 % vs 2009");
  try {
    (void)target::change(2009, tq(100.0), {{2030, -67.0}});
    FAIL();
  } catch (const argument_error& e) {
    EXPECT_NE(std::string(e.what()).find("write -0.67 or '-67%' for a 67 % cut"), std::string::npos) << e.what();
  }
}

TEST(Trend, StudentTAgainstPublishedTable) {
  // Two-sided 95 % and 99 % critical values (NIST/SEMATECH e-Handbook of
  // Statistical Methods, 1.3.6.7.2, upper critical values of t).
  const std::pair<int, double> t95[] = {{1, 12.706}, {2, 4.303},  {3, 3.182},  {5, 2.571},
                                        {10, 2.228}, {30, 2.042}, {100, 1.984}};
  const std::pair<int, double> t99[] = {{1, 63.657}, {4, 4.604}, {10, 3.169}, {20, 2.845}};
  for (const auto& [nu, v] : t95) EXPECT_NEAR(detail::student_t_two_sided_quantile(0.95, nu), v, 1e-3) << nu;
  for (const auto& [nu, v] : t99) EXPECT_NEAR(detail::student_t_two_sided_quantile(0.99, nu), v, 1e-3) << nu;
  EXPECT_THROW((void)fit_trend({1, 2, 3}, {1, 2, 4}, false).t_quantile(1.5), argument_error);
}

TEST(Trend, AnnualRateOfNetSinks) {
  // pyam's growth rate for a same-sign series: (v1 / v0)^(1/n) - 1.
  // -100 -> -81 over 2 years: (0.81)^(1/2) - 1 = -0.1 (the sink shrinks 10 %/yr).
  EXPECT_NEAR(annual_rate(2020, -100.0, 2022, -81.0), -0.1, 1e-15);
  EXPECT_NEAR(annual_rate(2020, -100.0, 2021, -121.0), 0.21, 1e-15); // grows 21 %
  EXPECT_THROW((void)annual_rate(2020, -100.0, 2022, 50.0), no_solution_error);
  EXPECT_THROW((void)annual_rate(2020, 0.0, 2022, 50.0), no_solution_error);
}

TEST(Tracking, RunOutNeverAndOverspent) {
  std::vector<int> years{2009, 2010, 2011, 2012};
  // Falling 50 %/yr against -10 % by 2030: never runs out.
  const auto fast = track(years, {100.0, 50.0, 25.0, 12.5}, target::change(2009, {{2030, -0.1}}));
  EXPECT_EQ(fast.run_out.state, run_out_state::never);
  EXPECT_EQ(fast.status, tracking_status::on_track);
  // Budget of a 2009 -> 2011 pathway 100 -> 10 (annual sum): 100 + 55 + 10 = 165.
  // Actual 100, 100, 100: cumulative 100, 200 > 165 in 2010: overspent since 2010.
  const auto over = track({2009, 2010, 2011}, {100.0, 100.0, 100.0}, target::change(2009, {{2011, -0.9}}));
  EXPECT_NEAR(over.budget.value(), 165.0, 1e-12);
  EXPECT_EQ(over.run_out.state, run_out_state::overspent);
  EXPECT_EQ(over.run_out.year, 2010);
  EXPECT_STREQ(name(over.status), "off track");
  // Two points: no trend.
  const auto two = track({2009, 2010}, {100.0, 90.0}, target::change(2009, {{2030, -0.5}}));
  EXPECT_EQ(two.run_out.state, run_out_state::no_trend);
}

TEST(Tracking, InterpolatedYearsListedAndWholeYear) {
  // Data 2009, 2012 (gap 2010, 2011): spent = 100 + 90 + 80 + 70 = 340.
  const auto r = track({2009, 2012}, {100.0, 70.0}, target::change(2009, {{2030, -0.5}}));
  EXPECT_EQ(r.interpolated_years, (std::vector<int>{2010, 2011}));
  EXPECT_NEAR(r.spent.value(), 340.0, 1e-12);
  EXPECT_EQ(whole_year(2030.0), 2030);
  EXPECT_EQ(whole_year(2030.0 + 1e-12), 2030);
  EXPECT_EQ(whole_year(2030.2), 2031);
  EXPECT_EQ(whole_year(2029.999), 2030);
}

TEST(Tracking, ResultCarriesPathwayAndFit) {
  std::vector<int> years;
  std::vector<double> vals;
  for (int y = 2009; y <= 2015; ++y) {
    years.push_back(y);
    vals.push_back(100.0 * std::pow(0.9, y - 2009));
  }
  const auto r = track(years, vals, target::change(2009, {{2030, -0.67}}));
  ASSERT_TRUE(r.fit.has_value());
  EXPECT_NEAR(r.fit->rate(), -0.1, 1e-12);
  EXPECT_NEAR(r.path.at(2030), 33.0, 1e-12);
  EXPECT_NEAR(r.base_value.value(), 100.0, 0.0);
  // year reached: 100 x 0.9^t = 33 -> t = ln 0.33 / ln 0.9 = 10.52 -> 2019.52 -> 2020.
  EXPECT_NEAR(*r.year_reached, 2009 + std::log(0.33) / std::log(0.9), 1e-9);
  EXPECT_EQ(*r.year_reached_whole, 2020);
}

TEST(Tracking, BatchAgreesWithSingleOnAnyThreadCount) {
  const std::vector<int> years{2009, 2010, 2011, 2012, 2013};
  Eigen::ArrayXXd v(130, 5);
  for (int i = 0; i < 130; ++i)
    for (int j = 0; j < 5; ++j) v(i, j) = (100.0 + i) * std::pow(0.9 + 0.001 * i, j);
  const auto tgt = target::change(2009, {{2030, -0.67}});
  const auto one = track_batch(years, v, tgt, {}, 1);
  const auto two = track_batch(years, v, tgt, {}, 2);
  for (int i = 0; i < 130; i += 13) {
    std::vector<double> row(v.row(i).data(), v.row(i).data() + 0);
    row.clear();
    for (int j = 0; j < 5; ++j) row.push_back(v(i, j));
    const auto r = track(years, row, tgt);
    EXPECT_DOUBLE_EQ(one.remaining[i], r.remaining.value());
    EXPECT_DOUBLE_EQ(two.remaining[i], r.remaining.value());
    EXPECT_EQ(two.status[static_cast<std::size_t>(i)], r.status);
  }
  EXPECT_THROW((void)track_batch({2009, 2010}, v, tgt), shape_error);
}

TEST(Series, NoSilentExtrapolation) {
  const std::vector<double> ys{2010, 2012, 2014}, vs{10.0, 14.0, 12.0};
  const auto none = interpolate(ys, vs, {2009, 2011, 2014, 2016});
  EXPECT_TRUE(std::isnan(none[0]));
  EXPECT_DOUBLE_EQ(none[1], 12.0); // (10 + 14) / 2
  EXPECT_DOUBLE_EQ(none[2], 12.0);
  EXPECT_TRUE(std::isnan(none[3]));
  const auto hold = interpolate(ys, vs, {2009, 2016}, series_fill::hold);
  EXPECT_DOUBLE_EQ(hold[0], 10.0);
  EXPECT_DOUBLE_EQ(hold[1], 12.0);
  // Trend: least squares through (2010,10), (2012,14), (2014,12): slope
  // Sxy/Sxx = (-2 x -2 + 2 x 0) / 8 = 0.5, mean 12 at 2012 -> 2016: 14.
  const auto tr = interpolate(ys, vs, {2016}, series_fill::trend);
  EXPECT_NEAR(tr[0], 14.0, 1e-12);
  EXPECT_THROW((void)parse_series_fill("extrapolate"), argument_error);
}

TEST(Enums, ParseAndName) {
  EXPECT_EQ(parse_segment_shape("s_curve"), segment_shape::logistic);
  EXPECT_STREQ(name(segment_shape::constant_rate), "constant_rate");
  EXPECT_EQ(parse_cumulative_convention("trapezoid"), cumulative_convention::trapezoid);
  EXPECT_THROW((void)parse_cumulative_convention("sum"), argument_error);
  EXPECT_STREQ(name(tracking_status::at_risk), "at risk");
}

// A scenario tracked with the same track(): actual 2009-2011, projected
// 2012-2013. Target -50 % by 2013 vs 2009 (100 t -> 50 t), linear pathway:
// 2012: 100 - 50 * 3/4 = 62.5 t; 2013: 50 t. Projected gaps: 60 - 62.5 =
// -2.5 t and 40 - 50 = -10 t. The first year at or below 50 t is 2013 (2012
// holds 60 t). The latest actual year stays 2011: projected years never
// count as data.
TEST(Tracking, ProjectedYearsAreNeverActualData) {
  tracking_options o;
  o.last_actual_year = 2011;
  const auto t = target::change(2009, tq(100.0), {{2013, -0.5}});
  const auto r = track({2009, 2010, 2011, 2012, 2013}, {100.0, 90.0, 80.0, 60.0, 40.0}, t, o);
  EXPECT_EQ(r.latest_year, 2011);
  EXPECT_DOUBLE_EQ(r.latest_value, 80.0);
  ASSERT_EQ(r.years.size(), 3u);
  ASSERT_EQ(r.projected_years, (std::vector<int>{2012, 2013}));
  EXPECT_NEAR(r.projected_pathway[0], 62.5, 1e-12);
  EXPECT_NEAR(r.projected_gap[0], -2.5, 1e-12);
  EXPECT_NEAR(r.projected_gap[1], -10.0, 1e-12);
  ASSERT_TRUE(r.projected_year_met.has_value());
  EXPECT_EQ(*r.projected_year_met, 2013);
  ASSERT_TRUE(r.projected_gap_in_target_year.has_value());
  EXPECT_NEAR(*r.projected_gap_in_target_year, -10.0, 1e-12);
  // The trend is fitted on the three actual years only: exactly the fit of those.
  const auto only_actual = track({2009, 2010, 2011}, {100.0, 90.0, 80.0}, t);
  ASSERT_TRUE(r.fit && only_actual.fit);
  EXPECT_DOUBLE_EQ(r.fit->slope, only_actual.fit->slope);
  EXPECT_EQ(r.status, only_actual.status);
  // A projection that overlaps the actual years is refused.
  EXPECT_THROW((void)track({2009, 2010, 2011, 2011}, {100.0, 90.0, 80.0, 70.0}, t, o), argument_error);
}

TEST(Targets, HostileTextIssue13) {
  // One milestone per year: the second 2030 does not silently win.
  EXPECT_THROW(target::parse("2030:-67%,2030:-80%", 2009), argument_error);
  EXPECT_THROW(target::parse("2030: -67 %, 2030: -80 %", 2009), argument_error);
  // A decimal comma: -67,5 % is -0.675 (and still separates milestones).
  EXPECT_DOUBLE_EQ(target::parse("2030:-67,5%", 2009).goals.at(0).change, -0.675);
  const auto two = target::parse("2025:-40,5%,2030:-67,5%", 2009);
  ASSERT_EQ(two.goals.size(), 2u);
  EXPECT_DOUBLE_EQ(two.goals[0].change, -0.405);
  EXPECT_DOUBLE_EQ(two.goals[1].change, -0.675);
  EXPECT_THROW(target::parse("2030:-67,5,5%", 2009), argument_error);
}

TEST(Tracking, AllZeroSeriesHasReachedALevelTarget) {
  // Nothing emitted in any year; the target allows 100 t in 2030: the level
  // is reached (in the base year) and the status is on track, not "at risk"
  // and "never reached" (issue 13). No trend can be fitted to zeros.
  const auto t = target::levels(2015, std::nullopt, {{2030, tq(100.0)}});
  tracking_options o;
  o.nowcast_until = 2022;
  const auto r = track({2015, 2016, 2017, 2018, 2019, 2020}, {0, 0, 0, 0, 0, 0}, t, o);
  EXPECT_FALSE(r.fit.has_value());
  EXPECT_EQ(r.status, tracking_status::on_track);
  EXPECT_TRUE(r.reached_in_time);
  ASSERT_TRUE(r.year_reached_whole.has_value());
  EXPECT_EQ(*r.year_reached_whole, 2015);
  // Above the level in the latest year: not reached, however low before.
  const auto up = track({2015, 2016, 2017}, {0, 0, 150}, t, o);
  EXPECT_FALSE(up.reached_in_time);
  EXPECT_FALSE(up.year_reached.has_value());
  // Below it since 2017 (after a year above): reached in 2017.
  const auto down = track({2015, 2016, 2017, 2018}, {0, 150, 0, 0}, t, o);
  EXPECT_TRUE(down.reached_in_time);
  EXPECT_EQ(*down.year_reached_whole, 2017);
}
