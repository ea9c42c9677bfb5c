// Built twice by tests/CMakeLists.txt: as a control (must compile) and with
// GHGTRACK_EXPECT_COMPILE_ERROR (must fail on the marked line): 80 t of CH4
// is a mass, and inventory_builder::add takes a CO2e quantity, so the mass
// cannot be entered as if it were 80 t CO2e. The way across is to_co2e,
// which names the gas and the GWP metric.
#include <ghgtrack/co2e.hpp>
#include <ghgtrack/inventory_builder.hpp>

namespace u = ghgtrack::units;

ghgtrack::inventory control_and_probe() {
  ghgtrack::inventory_builder b(ghgtrack::metric::ar5_gwp100, "probe");
  const u::mass methane = 80.0 * u::tonne;
#ifdef GHGTRACK_EXPECT_COMPILE_ERROR
  b.add("Jordbruk", "Husdyr", ghgtrack::gas::ch4, 2024, methane, 2); // must not compile: a mass
#else
  b.add("Jordbruk", "Husdyr", ghgtrack::gas::ch4, 2024,
        ghgtrack::to_co2e(methane, ghgtrack::gas::ch4, ghgtrack::metric::ar5_gwp100), 2);
#endif
  return b.build();
}
