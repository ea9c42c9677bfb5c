// MAC curves: the worked example of docs/planning.md (Cars 600, Vans 400,
// Oil 500; M1 cuts Road 30 %, M2 120 t on Cars, M3 800 t on Heat) with costs
// per tonne, in the three variants, worked by hand; the sequential widths
// also by a second method (run_scenario on each prefix).
#include <ghgtrack/mac.hpp>

#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "planning_fixtures.hpp"

using namespace ghgtrack;
namespace u = ghgtrack::units;
using planning_test::make_baseline;
using planning_test::make_measure;

namespace {
inventory example_baseline() {
  return make_baseline({{"Heat", "Oil"}, {"Road", "Cars"}, {"Road", "Vans"}}, {2030}, [](Eigen::Index c, Eigen::Index) {
    return c == 0 ? 500.0 : c == 1 ? 600.0 : 400.0;
  });
}
std::vector<measure> example_measures() {
  std::vector<measure> ms{
      make_measure("M1", measure_scope{{"Road"}, {}, {}}, effect::cut(0.3), ramp::linear(2030, 2030)),
      make_measure("M2", measure_scope{{}, {{"Road", "Cars"}}, {}}, effect::absolute(120.0 * u::tonne_co2e),
                   ramp::linear(2030, 2030)),
      make_measure("M3", measure_scope{{"Heat"}, {}, {}}, effect::absolute(800.0 * u::tonne_co2e),
                   ramp::linear(2030, 2030))};
  ms[0].costs.cost_low = ms[0].costs.cost_high = 100.0;
  ms[1].costs.cost_low = ms[1].costs.cost_high = 50.0;
  ms[2].costs.cost_low = ms[2].costs.cost_high = 200.0;
  return ms;
}
std::map<std::string, mac_bar> by_id(const mac_result& r, const std::vector<measure>& ms) {
  std::map<std::string, mac_bar> out;
  for (const auto& b : r.bars) out[ms[b.measure].id] = b;
  return out;
}
} // namespace

TEST(Mac, StandaloneByHand) {
  const auto base = example_baseline();
  const auto ms = example_measures();
  mac_options o;
  o.variant = mac_variant::standalone;
  const mac_result r = mac_curve(base, ms, o);
  ASSERT_EQ(r.bars.size(), 3u);
  EXPECT_EQ(ms[r.bars[0].measure].id, "M2");
  EXPECT_EQ(ms[r.bars[1].measure].id, "M1");
  EXPECT_EQ(ms[r.bars[2].measure].id, "M3");
  EXPECT_NEAR(r.bars[0].width, 120.0, 1e-9);
  EXPECT_NEAR(r.bars[1].width, 300.0, 1e-9);
  EXPECT_NEAR(r.bars[1].x0, 120.0, 1e-9);
  EXPECT_NEAR(r.bars[2].width, 500.0, 1e-9); // capped at the Heat baseline
  EXPECT_NEAR(r.bars[1].per_tonne, 100.0, 1e-9);
  EXPECT_NEAR(r.combined, 884.0, 1e-9); // the widths (920) overcount by 36
}

TEST(Mac, SequentialByHandAndByPrefixes) {
  const auto base = example_baseline();
  const auto ms = example_measures();
  mac_options o;
  o.variant = mac_variant::sequential;
  const mac_result r = mac_curve(base, ms, o);
  auto b = by_id(r, ms);
  // Order M2 (50), M1 (100), M3 (200): M2 120; M1 on Cars 480 * 0.3 + Vans 120 = 264; M3 500.
  EXPECT_NEAR(b["M2"].width, 120.0, 1e-9);
  EXPECT_NEAR(b["M1"].width, 264.0, 1e-9);
  EXPECT_NEAR(b["M3"].width, 500.0, 1e-9);
  // Height: PV cost (100 * 300 t alone) over the 264 t credited.
  EXPECT_NEAR(b["M1"].per_tonne, 100.0 * 300.0 / 264.0, 1e-9);
  // Second method: differences of run_scenario on each prefix of the order.
  std::vector<measure> prefix;
  double before = 0.0;
  for (const auto& bar : r.bars) {
    prefix.push_back(ms[bar.measure]);
    const double red = run_scenario(base, prefix).total_reduction()(0);
    EXPECT_NEAR(bar.width, red - before, 1e-9);
    before = red;
  }
  EXPECT_NEAR(r.combined, 884.0, 1e-9);
}

TEST(Mac, ShapleyByHand) {
  const auto base = example_baseline();
  const auto ms = example_measures();
  const mac_result r = mac_curve(base, ms); // Shapley by default
  auto b = by_id(r, ms);
  EXPECT_NEAR(b["M1"].width, 282.0, 1e-9);
  EXPECT_NEAR(b["M2"].width, 102.0, 1e-9);
  EXPECT_NEAR(b["M3"].width, 500.0, 1e-9);
  EXPECT_NEAR(b["M2"].per_tonne, 50.0 * 120.0 / 102.0, 1e-9);
  EXPECT_NEAR(b["M1"].per_tonne, 100.0 * 300.0 / 282.0, 1e-9);
  EXPECT_NEAR(r.combined, 884.0, 1e-9);
}

TEST(Mac, UncostedAndUnquantifiedAreListed) {
  const auto base = example_baseline();
  auto ms = example_measures();
  ms[2].costs.cost_low = ms[2].costs.cost_high = std::nan("");
  ms.push_back(make_measure("M4", measure_scope{{"Road"}, {}, {}}, effect::unknown("facilitating")));
  const mac_result r = mac_curve(base, ms);
  EXPECT_EQ(r.bars.size(), 2u);
  ASSERT_EQ(r.uncosted.size(), 1u);
  EXPECT_EQ(r.uncosted[0], 2u);
  ASSERT_EQ(r.unquantified.size(), 1u);
  EXPECT_EQ(r.unquantified[0], 3u);
  mac_options o;
  o.year = 2031;
  EXPECT_THROW(mac_curve(base, ms, o), unknown_label_error);
  EXPECT_EQ(parse_mac_variant("LEAP"), mac_variant::sequential);
  EXPECT_THROW(parse_mac_variant("best"), argument_error);
}
