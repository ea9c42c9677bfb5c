// ghgtrack/activity.hpp: activity-based emission sources.
//
// Emissions = activity x emission factor, per gas (IPCC 2006 Guidelines,
// Vol. 1, Ch. 1, Eq. 1.1). The activity is a Boost.Units quantity (energy,
// volume, distance or mass) and the factor a mass of gas per unit of that
// activity, so a factor per litre cannot be applied to kWh: that does not
// compile. The result is a gas mass; CO2e needs the GWP metric named.
#ifndef GHGTRACK_ACTIVITY_HPP
#define GHGTRACK_ACTIVITY_HPP

#include <string>
#include <utility>
#include <vector>

#include "ghgtrack/co2e.hpp"
#include "ghgtrack/gas.hpp"
#include "ghgtrack/gwp.hpp"
#include "ghgtrack/units.hpp"

namespace ghgtrack {

/// Mass of `gas` emitted per unit of an activity measured as `Activity`
/// (units::energy, units::volume, units::length or units::mass), with where
/// the number comes from.
template <class Activity>
struct emission_factor {
  using per_unit_type = units::quotient<units::mass_unit, typename Activity::unit_type>;
  ghgtrack::gas gas;
  per_unit_type per_unit;
  std::string provenance;
};

/// The mass of the factor's gas emitted by `activity`.
template <class Activity>
units::mass emissions(const Activity& activity, const emission_factor<Activity>& factor) {
  return factor.per_unit * activity;
}

/// An activity with one factor per gas, e.g. 40 MWh of fuel oil with factors
/// for CO2, CH4 and N2O.
template <class Activity>
struct activity_source {
  std::string sector;
  std::string source;
  Activity activity;
  std::vector<emission_factor<Activity>> factors;

  /// Total CO2e under metric `m` (throws missing_gwp_error as to_co2e does).
  units::co2e co2e(metric m) const {
    units::co2e total = 0.0 * units::tonne_co2e;
    for (const auto& f : factors) total += to_co2e(emissions(activity, f), f.gas, m);
    return total;
  }
};

} // namespace ghgtrack

#endif
