// ghgtrack/ghgtrack.hpp: umbrella header.
//
// Includes every public header of the physical core: version, errors, units,
// gases, GWP metrics and CO2e conversions. It leaves out nothing at present;
// headers added later for I/O will be listed here when they carry optional
// dependencies.
#ifndef GHGTRACK_GHGTRACK_HPP
#define GHGTRACK_GHGTRACK_HPP

#include "ghgtrack/co2e.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/gas.hpp"
#include "ghgtrack/gwp.hpp"
#include "ghgtrack/units.hpp"
#include "ghgtrack/version.hpp"

#endif
