// Units: values checked by hand from the definitions of the units.
#include <ghgtrack/units.hpp>

#include <gtest/gtest.h>

#include <type_traits>

namespace u = ghgtrack::units;

TEST(Units, EnergyUnitsByDefinition) {
  // 1 kWh = 1000 W x 3600 s = 3.6e6 J; 1 GWh = 3.6 TJ.
  EXPECT_DOUBLE_EQ(u::kilowatt_hour.value(), 3.6e6);
  EXPECT_DOUBLE_EQ(u::value_in(1.0 * u::gigawatt_hour, u::terajoule), 3.6);
  EXPECT_DOUBLE_EQ(u::value_in(1.0 * u::megawatt_hour, u::kilowatt_hour), 1000.0);
}

TEST(Units, MassVolumeLength) {
  EXPECT_DOUBLE_EQ(u::value_in(2.5 * u::tonne, u::kilogram), 2500.0);
  EXPECT_DOUBLE_EQ(u::value_in(1.0 * u::cubic_metre, u::litre), 1000.0);
  EXPECT_DOUBLE_EQ(u::value_in(3.0 * u::vehicle_km, u::metre), 3000.0);
  EXPECT_DOUBLE_EQ(u::value_in(1.0 * u::megatonne_co2e, u::kilotonne_co2e), 1000.0);
}

TEST(Units, EmissionFactorTimesActivity) {
  // SSB/KOSTRA: fuel oil 264.5 g CO2/kWh. 40 MWh of oil -> 40e3 kWh x 264.5 g
  // = 10.58e6 g = 10.58 t (by hand).
  const u::mass_per_energy oil = 264.5 * u::gram / u::kilowatt_hour;
  const u::mass co2 = oil * (40.0 * u::megawatt_hour);
  EXPECT_NEAR(u::value_in(co2, u::tonne), 10.58, 1e-12);

  // Diesel 2.66 kg CO2/l (Miljødirektoratet): 1500 l -> 3990 kg.
  const u::mass_per_volume diesel = 2.66 * u::kilogram / u::litre;
  EXPECT_NEAR(u::value_in(diesel * (1500.0 * u::litre), u::kilogram), 3990.0, 1e-9);

  // A CO2e factor per vehicle-km: 120 g CO2e/km x 10 000 km = 1.2 t CO2e.
  const u::co2e_per_length car = 120.0 * u::gram_co2e / u::kilometre;
  EXPECT_NEAR(u::value_in(car * (10000.0 * u::vehicle_km), u::tonne_co2e), 1.2, 1e-12);
}

TEST(Units, Co2eIsNotMass) {
  static_assert(!std::is_same<u::co2e, u::mass>::value, "CO2e must be its own dimension");
  static_assert(!std::is_convertible<u::mass, u::co2e>::value, "no implicit mass -> CO2e");
  static_assert(!std::is_convertible<u::co2e, u::mass>::value, "no implicit CO2e -> mass");
  SUCCEED();
}
