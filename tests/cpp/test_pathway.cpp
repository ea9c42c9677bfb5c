// Pathways, budgets, trends and tracking against values worked by hand
// (each comment shows the arithmetic) and against a second method.
#include <ghgtrack/pathway.hpp>
#include <ghgtrack/tracking.hpp>
#include <ghgtrack/trend.hpp>

#include <ghgtrack/series.hpp>
#include <ghgtrack/target.hpp>

#include <Eigen/Core>
#include <gtest/gtest.h>

#include <cmath>

using namespace ghgtrack;
using units::co2e;
static co2e t(double v) { return v * units::tonne_co2e; }

TEST(Pathway, LinearExactAtAnchorsAndHeldOutside) {
  const auto p = pathway::linear(2009, t(100.0), 2030, t(33.0));
  EXPECT_DOUBLE_EQ(p.at(2009), 100.0);
  EXPECT_DOUBLE_EQ(p.at(2030), 33.0);
  EXPECT_DOUBLE_EQ(p.at(2019.5), 66.5); // 100 - 67 x 10.5 / 21
  EXPECT_DOUBLE_EQ(p.at(2000), 100.0);
  EXPECT_DOUBLE_EQ(p.at(2050), 33.0);
  Eigen::ArrayXd ys(3);
  ys << 2009, 2019.5, 2030;
  const Eigen::ArrayXd v = p(ys);
  EXPECT_DOUBLE_EQ(v[1], 66.5);
  EXPECT_DOUBLE_EQ(*p.year_reaching(t(66.5)), 2019.5);
  EXPECT_FALSE(p.year_reaching(t(10.0)).has_value());
}

TEST(Pathway, ConstantRate) {
  // -67 % in 21 years at a constant rate: r = 0.33^(1/21) - 1 = -5.1424 %/yr.
  const double r = required_rate(2009, t(100.0), 2030, t(33.0));
  EXPECT_NEAR(r, std::exp(std::log(0.33) / 21.0) - 1.0, 1e-15);
  EXPECT_NEAR(r, -0.051424, 1e-6);
  const auto p = pathway::constant_rate_to(2009, t(100.0), 2030, t(33.0));
  EXPECT_NEAR(p.at(2030), 33.0, 1e-12);
  EXPECT_NEAR(p.at(2010), 100.0 * (1.0 + r), 1e-12);
  const auto q = pathway::constant_rate(2020, t(100.0), -0.1);
  EXPECT_NEAR(q.at(2022), 81.0, 1e-12); // 100 x 0.9^2
  EXPECT_NEAR(*q.year_reaching(t(50.0)), 2020 + std::log(0.5) / std::log(0.9), 1e-9);
  EXPECT_FALSE(q.year_reaching(t(0.0)).has_value()); // never reaches zero
  EXPECT_THROW(pathway::constant_rate(2020, t(100.0), -1.0), argument_error);
  EXPECT_THROW(pathway::constant_rate(2020, t(100.0), 1.5), argument_error);
  EXPECT_THROW((void)required_rate(2009, t(100.0), 2030, t(0.0)), no_solution_error);
  EXPECT_THROW((void)required_rate(2030, t(100.0), 2009, t(50.0)), argument_error);
}

TEST(Pathway, BudgetClosedForms) {
  // Infinite horizon, annual sum: 100 (1 + q + q^2 + ...) = 100 / (1 - q) = 1000 -> q = 0.9.
  EXPECT_NEAR(rate_for_budget(2020, t(100.0), t(1000.0)), -0.1, 1e-15);
  EXPECT_NEAR(budget_of_rate(2020, t(100.0), -0.1).value(), 1000.0, 1e-9);
  // Trapezoid: 100 / (1 - q) - 50 = 1000 -> 1 - q = 100 / 1050.
  EXPECT_NEAR(rate_for_budget(2020, t(100.0), t(1000.0), std::nullopt, cumulative_convention::trapezoid),
              -100.0 / 1050.0, 1e-15);
  // Finite: 2020..2029 at -10 %: 100 (1 - 0.9^10) / 0.1 = 651.32155990.
  const double b = 1000.0 * (1.0 - std::pow(0.9, 10));
  EXPECT_NEAR(budget_of_rate(2020, t(100.0), -0.1, 2029).value(), b, 1e-9);
  EXPECT_NEAR(rate_for_budget(2020, t(100.0), t(b), 2029), -0.1, 1e-12);
  // A second method: the pathway's own cumulative sum.
  const auto p = pathway::from_budget(2020, t(100.0), t(1000.0));
  EXPECT_NEAR(p.cumulative_t(2020, 2500), 1000.0, 1e-6);
  EXPECT_NEAR(pathway::from_budget(2020, t(100.0), t(b), 2029).cumulative_t(2020, 2029), b, 1e-9);
  EXPECT_THROW((void)rate_for_budget(2020, t(100.0), t(-5.0)), argument_error);
  EXPECT_THROW((void)rate_for_budget(2020, t(100.0), t(50.0)), no_solution_error); // < one year
}

TEST(Pathway, CumulativeConventions) {
  // Line 10 -> 30 over 2020..2022: annual values 10, 20, 30.
  const auto p = pathway::linear(2020, t(10.0), 2022, t(30.0));
  EXPECT_DOUBLE_EQ(p.cumulative_t(2020, 2022), 60.0);
  // Trapezoid = the exact integral of a line: width 2 x mean 20 = 40.
  EXPECT_DOUBLE_EQ(p.cumulative_t(2020, 2022, cumulative_convention::trapezoid), 40.0);
  EXPECT_THROW((void)p.cumulative_t(2022, 2020), argument_error);
}

TEST(Pathway, SCurveAndMilestones) {
  const auto s = pathway::s_curve(2020, t(100.0), 2040, t(0.0));
  EXPECT_NEAR(s.at(2020), 100.0, 1e-12);
  EXPECT_NEAR(s.at(2040), 0.0, 1e-12);
  EXPECT_NEAR(s.at(2030), 50.0, 1e-12); // symmetric about the midpoint
  EXPECT_NEAR(*s.year_reaching(t(50.0)), 2030.0, 1e-9);
  EXPECT_LT(s.at(2021), 100.0);
  EXPECT_GT(s.at(2021) - s.at(2022), 0.0);
  EXPECT_LT(s.at(2021) - s.at(2022), s.at(2029) - s.at(2030)); // slow, then fast
  const auto m = pathway::through({2009, 2025, 2030}, {100.0, 50.0, 5.0});
  EXPECT_DOUBLE_EQ(m.at(2027), 32.0); // 50 - 45 x 2 / 5
  const auto mr = pathway::through({2009, 2025, 2030}, {100.0, 50.0, 5.0}, segment_shape::constant_rate);
  EXPECT_NEAR(mr.at(2025), 50.0, 1e-12);
  EXPECT_NEAR(mr.at(2026), 50.0 * std::pow(0.1, 0.2), 1e-12);
  // Actual data continued by a pathway.
  const auto c =
      pathway::continued({2009, 2011, 2013}, {100.0, 90.0, 86.0}, pathway::linear(2013, t(86.0), 2030, t(33.0)));
  EXPECT_DOUBLE_EQ(c.at(2010), 95.0);
  EXPECT_DOUBLE_EQ(c.at(2030), 33.0);
  EXPECT_THROW(pathway::continued({2009, 2013}, {100.0, 86.0}, pathway::linear(2014, t(80.0), 2030, t(33.0))),
               argument_error);
}

TEST(Trend, TextbookRegression) {
  // x = 1..5, y = 2, 4, 5, 4, 5: slope 0.6, mean 4, SSE 2.4, s^2 = 0.8,
  // se(b) = sqrt(0.8 / 10) = 0.28284; t(0.975, 3) = 3.182446 (t tables).
  const auto f = fit_trend({1, 2, 3, 4, 5}, {2, 4, 5, 4, 5}, false);
  EXPECT_NEAR(f.slope, 0.6, 1e-12);
  EXPECT_NEAR(f.predict(3.0), 4.0, 1e-12);
  EXPECT_NEAR(f.slope_se, std::sqrt(0.08), 1e-12);
  EXPECT_NEAR(f.t_quantile(0.95), 3.182446, 1e-6);
  const auto [lo, hi] = f.slope_interval(0.95);
  EXPECT_NEAR(lo, 0.6 - 3.182446 * std::sqrt(0.08), 1e-6);
  EXPECT_NEAR(hi, 0.6 + 3.182446 * std::sqrt(0.08), 1e-6);
  // Prediction interval at x0 = 6: half-width t s sqrt(1 + 1/5 + 9/10).
  const auto [plo, phi] = f.prediction_interval(6.0);
  EXPECT_NEAR(phi - plo, 2.0 * 3.182446 * std::sqrt(0.8) * std::sqrt(2.1), 1e-5);
}

TEST(Trend, ExactExponential) {
  std::vector<double> y, v;
  for (int t = 2000; t <= 2005; ++t) {
    y.push_back(t);
    v.push_back(100.0 * std::pow(0.9, t - 2000));
  }
  const auto f = fit_trend(y, v, true);
  EXPECT_NEAR(f.rate(), -0.1, 1e-12);
  EXPECT_NEAR(*f.year_reaching(50.0), 2000 + std::log(0.5) / std::log(0.9), 1e-9);
  EXPECT_THROW((void)fit_trend({2000, 2001}, {1.0, 0.0}, true), no_solution_error);
}

TEST(Tracking, SteadyThreePercentAgainstMinus67) {
  std::vector<int> years;
  std::vector<double> vals;
  for (int t = 2009; t <= 2021; ++t) {
    years.push_back(t);
    vals.push_back(100.0 * std::pow(0.97, t - 2009));
  }
  const auto tgt = target::change(2009, t(100.0), {{2030, -0.67}});
  tracking_options opt;
  opt.nowcast_until = 2023;
  const auto r = track(years, vals, tgt, opt);
  EXPECT_NEAR(*r.compound_rate, -0.03, 1e-12);
  EXPECT_NEAR(*r.fitted_rate, -0.03, 1e-12);
  // Pathway in 2021: 100 - 67 x 12 / 21 = 61.714; actual 100 x 0.97^12 = 69.38.
  EXPECT_NEAR(r.pathway_value.back(), 100.0 - 67.0 * 12.0 / 21.0, 1e-12);
  EXPECT_NEAR(r.gap.back(), 100.0 * std::pow(0.97, 12) - (100.0 - 67.0 * 12.0 / 21.0), 1e-12);
  EXPECT_NEAR(r.required_rates.at(0), std::pow(33.0 / (100.0 * std::pow(0.97, 12)), 1.0 / 9.0) - 1.0, 1e-12);
  // On the trend, 33 is reached at 2009 + ln 0.33 / ln 0.97 = 2045.40: too late.
  EXPECT_NEAR(*r.year_reached, 2009.0 + std::log(0.33) / std::log(0.97), 1e-9);
  EXPECT_FALSE(r.reached_in_time);
  EXPECT_EQ(r.status, tracking_status::off_track);
  EXPECT_STREQ(name(r.status), "off track");
  // Budget: sum over 2009..2030 of 100 - 67 k / 21 = 2200 - 737 = 1463.
  EXPECT_NEAR(r.budget.value(), 1463.0, 1e-9);
  EXPECT_NEAR(r.spent.value(), 100.0 * (1.0 - std::pow(0.97, 13)) / 0.03, 1e-9);
  EXPECT_NEAR(r.remaining.value(), r.budget.value() - r.spent.value(), 1e-12);
  // Run-out: the first year in which the trend's cumulative passes 1463.
  double cum = r.spent.value();
  int expect_year = 0;
  for (int y = 2022; y < 2200; ++y) {
    const double v = 100.0 * std::pow(0.97, y - 2009);
    if (cum + v > 1463.0) {
      expect_year = y;
      break;
    }
    cum += v;
  }
  EXPECT_EQ(r.run_out.state, run_out_state::runs_out);
  EXPECT_EQ(r.run_out.year, expect_year);
  ASSERT_EQ(r.nowcast_years, (std::vector<int>{2022, 2023}));
  EXPECT_NEAR(r.nowcast[0], 100.0 * std::pow(0.97, 13), 1e-9);
}

TEST(Tracking, BadTargets) {
  EXPECT_THROW((void)target::cut(2009, t(0.0), {{2030, 0.5}}), argument_error);
  EXPECT_THROW((void)target::cut(2009, t(-5.0), {{2030, 0.5}}), argument_error);
  EXPECT_THROW((void)target::cut(2030, t(100.0), {{2009, 0.5}}), argument_error);
  const auto tgt = target::cut(2005, t(100.0), {{2030, 0.5}});
  EXPECT_THROW((void)track({2009, 2010}, {1.0, 2.0}, tgt), argument_error); // base not in data
}
