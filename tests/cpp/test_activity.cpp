#include <ghgtrack/activity.hpp>

#include <gtest/gtest.h>

namespace u = ghgtrack::units;
using namespace ghgtrack;

TEST(Activity, FuelOilByHand) {
  // Fuel oil, 40 MWh. CO2: 264.5 g/kWh (SSB KOSTRA). The CH4 and N2O factors
  // here are round test numbers: 10 g/MWh and 0.6 g/MWh.
  activity_source<u::energy> oil{"Oppvarming",
                                 "Fossil olje",
                                 40.0 * u::megawatt_hour,
                                 {{gas::co2, 264.5 * u::gram / u::kilowatt_hour, "SSB KOSTRA"},
                                  {gas::ch4, 10.0 * u::gram / u::megawatt_hour, "test"},
                                  {gas::n2o, 0.6 * u::gram / u::megawatt_hour, "test"}}};
  EXPECT_NEAR(u::value_in(emissions(oil.activity, oil.factors[0]), u::tonne), 10.58, 1e-12);
  // 10.58 t + 0.4 kg CH4 x 28 + 0.024 kg N2O x 265 (AR5) = 10.58 + 0.0112 + 0.00636
  EXPECT_NEAR(u::value_in(oil.co2e(metric::ar5_gwp100), u::tonne_co2e), 10.59756, 1e-12);
}

TEST(Activity, DieselPerLitre) {
  const emission_factor<u::volume> diesel{gas::co2, 2.66 * u::kilogram / u::litre, "Miljødirektoratet"};
  EXPECT_NEAR(u::value_in(emissions(1000.0 * u::litre, diesel), u::tonne), 2.66, 1e-12);
}
