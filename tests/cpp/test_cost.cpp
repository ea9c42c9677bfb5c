// Cost model: present values, the three cost-per-tonne conventions, ranges
// and Klimakur cost classes, against numbers worked by hand.
#include <ghgtrack/cost.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "planning_fixtures.hpp"

using namespace ghgtrack;
namespace u = ghgtrack::units;
using planning_test::make_measure;

namespace {
measure costed(double invest, double op, double life, double rate) {
  measure m = make_measure("M", measure_scope{{"Road"}, {}, {}}, effect::absolute(10.0 * u::tonne_co2e),
                           ramp::linear(2025, 2025));
  m.costs.investment = {{2025, invest}};
  m.costs.operating_cost = op;
  m.costs.lifetime_years = life;
  m.costs.discount_rate = rate;
  m.costs.currency = "NOK";
  m.costs.price_year = 2024;
  return m;
}
const std::vector<int> years{2025, 2026, 2027, 2028, 2029};
const Eigen::ArrayXd ten = Eigen::ArrayXd::Constant(5, 10.0);
} // namespace

TEST(Cost, DefaultRateIsFourPercent) {
  EXPECT_EQ(default_discount_rate, 0.04);
  EXPECT_EQ(measure_costs{}.discount_rate, 0.04);
  EXPECT_NEAR(discount_factor(0.04, 2030, 2025), 1.0 / (1.04 * 1.04 * 1.04 * 1.04 * 1.04), 1e-15);
  EXPECT_THROW(discount_factor(-1.0, 2030, 2025), argument_error);
}

TEST(Cost, ThreeConventionsByHand) {
  // r = 10 %, invest 1000 in 2025, 100/yr for a 3-year lifetime 2025-2027, 10 t/yr.
  // Discount factors 1, 1/1.1, 1/1.21: their sum is 2.7355371900826446.
  const double s = 1.0 + 1.0 / 1.1 + 1.0 / 1.21;
  const measure m = costed(1000.0, 100.0, 3.0, 0.10);
  cost_options o;
  const measure_cost d = cost_of(m, years, ten, o);
  EXPECT_EQ(d.basis, "cash flows");
  EXPECT_EQ(d.first_year, 2025);
  EXPECT_EQ(d.last_year, 2027);
  EXPECT_NEAR(d.pv_cost, 1000.0 + 100.0 * s, 1e-9);
  EXPECT_NEAR(d.pv_tonnes, 10.0 * s, 1e-12);
  EXPECT_NEAR(d.tonnes, 30.0, 1e-12);
  EXPECT_NEAR(d.per_tonne, (1000.0 + 100.0 * s) / (10.0 * s), 1e-9);
  EXPECT_EQ(d.currency, "NOK");
  EXPECT_EQ(*d.price_year, 2024);
  o.convention = cost_convention::undiscounted_tonnes;
  EXPECT_NEAR(cost_of(m, years, ten, o).per_tonne, (1000.0 + 100.0 * s) / 30.0, 1e-9);
  // Annualised: PV * 0.1 / (1 - 1.1^-3) per year, over the 10 t of one year.
  o.convention = cost_convention::annualised;
  o.year = 2026;
  const double ann = (1000.0 + 100.0 * s) * 0.1 / (1.0 - 1.0 / 1.331);
  EXPECT_NEAR(cost_of(m, years, ten, o).per_tonne, ann / 10.0, 1e-9);
  // The option overrides the measure's rate.
  o = {};
  o.discount_rate = 0.0;
  EXPECT_NEAR(cost_of(m, years, ten, o).per_tonne, 1300.0 / 30.0, 1e-12);
}

TEST(Cost, SavingsGiveNegativeCost) {
  const measure m = costed(0.0, -50.0, 2.0, 0.0);
  const measure_cost d = cost_of(m, years, ten);
  EXPECT_NEAR(d.per_tonne, -100.0 / 20.0, 1e-12);
  EXPECT_EQ(d.cost_class, "<500");
}

TEST(Cost, ClassesAndRanges) {
  EXPECT_TRUE(std::isnan(parse_cost_class("<500").low));
  EXPECT_EQ(parse_cost_class("<500").high, 500.0);
  EXPECT_EQ(parse_cost_class("500 - 1500 NOK/t").low, 500.0);
  EXPECT_EQ(parse_cost_class(">1500").low, 1500.0);
  EXPECT_THROW(parse_cost_class("cheap"), argument_error);
  EXPECT_EQ(cost_class_of(499.0), "<500");
  EXPECT_EQ(cost_class_of(1500.0), "500-1500");
  EXPECT_EQ(cost_class_of(1501.0), ">1500");

  measure m = make_measure("K", measure_scope{{"Road"}, {}, {}}, effect::absolute(10.0 * u::tonne_co2e),
                           ramp::linear(2025, 2025));
  m.costs.cost_class = "500-1500";
  cost_options o;
  o.discount_rate = 0.0;
  measure_cost k = cost_of(m, years, ten, o);
  EXPECT_EQ(k.basis, "class");
  EXPECT_EQ(k.per_tonne, 1000.0);
  EXPECT_EQ(k.low, 500.0);
  EXPECT_EQ(k.high, 1500.0);
  EXPECT_NEAR(k.pv_cost, 1000.0 * 50.0, 1e-9);
  EXPECT_NEAR(k.pv_cost_low, 500.0 * 50.0, 1e-9);
  m.costs.cost_class = ">1500";
  k = cost_of(m, years, ten, o);
  EXPECT_EQ(k.per_tonne, 2000.0); // the stated assumption for the open class
  EXPECT_TRUE(std::isnan(k.high));
  m.costs.cost_class = "<500";
  EXPECT_EQ(cost_of(m, years, ten, o).per_tonne, 250.0);
  m.costs.cost_class.clear();
  m.costs.cost_low = 1000.0;
  m.costs.cost_high = 2000.0;
  k = cost_of(m, years, ten, o);
  EXPECT_EQ(k.basis, "range");
  EXPECT_EQ(k.per_tonne, 1500.0);
  EXPECT_EQ(k.cost_class, "500-1500");
}

TEST(Cost, NoCostIsNotZero) {
  const measure m = make_measure("N", measure_scope{{"Road"}, {}, {}}, effect::absolute(10.0 * u::tonne_co2e),
                                 ramp::linear(2025, 2025));
  const measure_cost k = cost_of(m, years, ten);
  EXPECT_EQ(k.basis, "none");
  EXPECT_TRUE(std::isnan(k.per_tonne));
  EXPECT_TRUE(std::isnan(k.pv_cost));
  EXPECT_THROW(cost_of(m, {2025}, ten), shape_error);
}
