// Built twice by tests/CMakeLists.txt: as a control (must compile) and with
// GHGTRACK_EXPECT_COMPILE_ERROR (must fail on the marked line: a pathway
// from a CO2e start to a mass end).
#include <ghgtrack/pathway.hpp>

namespace u = ghgtrack::units;

ghgtrack::pathway control_and_probe() {
#ifdef GHGTRACK_EXPECT_COMPILE_ERROR
  return ghgtrack::pathway::linear(2009, 100.0 * u::tonne_co2e, 2030, 33.0 * u::tonne); // must not compile
#else
  return ghgtrack::pathway::linear(2009, 100.0 * u::tonne_co2e, 2030, 33.0 * u::tonne_co2e);
#endif
}
