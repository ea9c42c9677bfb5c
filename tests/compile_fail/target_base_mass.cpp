// Built twice by tests/CMakeLists.txt: as a control (must compile) and with
// GHGTRACK_EXPECT_COMPILE_ERROR (must fail on the marked line: a target's
// base value is CO2e, and 80 t of a gas is a mass, not CO2e).
#include <ghgtrack/target.hpp>

namespace u = ghgtrack::units;

ghgtrack::target control_and_probe() {
#ifdef GHGTRACK_EXPECT_COMPILE_ERROR
  return ghgtrack::target::cut(2009, 80.0 * u::tonne, {{2030, 0.67}}); // must not compile: a mass
#else
  return ghgtrack::target::cut(2009, 80.0 * u::tonne_co2e, {{2030, 0.67}});
#endif
}
