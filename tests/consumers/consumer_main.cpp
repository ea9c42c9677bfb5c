// A consumer of the installed/embedded ghgtrack: 2 t CH4 under AR5GWP100 is
// 2 x 28 = 56 t CO2e (IPCC AR5 WGI Table 8.A.1).
#include <ghgtrack/ghgtrack.hpp>
#include <ghgtrack/planning.hpp> // the installed package carries the planning headers too

#include <cmath>
#include <cstdio>

int main() {
  namespace u = ghgtrack::units;
  const auto e = ghgtrack::to_co2e(2.0 * u::tonne, ghgtrack::gas::ch4, ghgtrack::metric::ar5_gwp100);
  if (std::fabs(u::value_in(e, u::tonne_co2e) - 56.0) > 1e-12) return 1;
  std::printf("consumer ok: ghgtrack %s\n", ghgtrack::version);
  return 0;
}
