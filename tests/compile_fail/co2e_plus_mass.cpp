// Built twice by tests/CMakeLists.txt: as a control (must compile) and with
// GHGTRACK_EXPECT_COMPILE_ERROR (must fail on the marked line, because a mass
// of CH4 is not a CO2-equivalent quantity).
#include <ghgtrack/units.hpp>

namespace u = ghgtrack::units;

u::co2e control_and_probe() {
  const u::mass methane = 3.0 * u::tonne;
  const u::co2e stock = 10.0 * u::tonne_co2e;
#ifdef GHGTRACK_EXPECT_COMPILE_ERROR
  return stock + methane; // must not compile: CO2e + mass
#else
  (void)methane;
  return stock + stock;
#endif
}
