// Shared helpers of the planning tests (measures, scenarios, attribution).
#ifndef GHGTRACK_TESTS_PLANNING_FIXTURES_HPP
#define GHGTRACK_TESTS_PLANNING_FIXTURES_HPP

#include <ghgtrack/measure.hpp>

#include <string>
#include <utility>
#include <vector>

namespace planning_test {

/// An inventory with the given categories (sector, source), CO2 only, the
/// given years, every cell holding `value(cell, year index)`.
template <class Fn>
ghgtrack::inventory make_baseline(std::vector<ghgtrack::category> cats, std::vector<int> years, Fn value,
                                  std::vector<ghgtrack::gas> gases = {ghgtrack::gas::co2}) {
  ghgtrack::inventory inv(std::move(cats), std::move(gases), std::move(years), ghgtrack::metric::ar5_gwp100);
  for (Eigen::Index c = 0; c < inv.n_categories(); ++c)
    for (Eigen::Index g = 0; g < inv.n_gases(); ++g)
      for (Eigen::Index y = 0; y < inv.n_years(); ++y)
        inv.set(c, g, y, value(inv.cell(c, g), y) * ghgtrack::units::tonne_co2e);
  return inv;
}

inline ghgtrack::measure make_measure(std::string id, ghgtrack::measure_scope scope, ghgtrack::effect e,
                                      ghgtrack::ramp r = ghgtrack::ramp::linear(2000, 2000),
                                      ghgtrack::measure_status s = ghgtrack::measure_status::adopted) {
  ghgtrack::measure m;
  m.id = std::move(id);
  m.name = m.id;
  m.scope = std::move(scope);
  m.effect = std::move(e);
  m.ramp = std::move(r);
  m.status = s;
  return m;
}

} // namespace planning_test

#endif
