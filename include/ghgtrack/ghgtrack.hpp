// ghgtrack/ghgtrack.hpp: umbrella header.
//
// Includes every public header: version, errors, units, gases, GWP metrics,
// CO2e conversions, notation keys, the inventory, the tidy CSV reader and
// writer, activity-based sources, pathways, trends, tracking, LMDI decomposition
// and uncertainty (IPCC Approach 1 and Monte Carlo, the probability of meeting a target). It leaves out only detail/
// (private).
#ifndef GHGTRACK_GHGTRACK_HPP
#define GHGTRACK_GHGTRACK_HPP

#include "ghgtrack/activity.hpp"
#include "ghgtrack/co2e.hpp"
#include "ghgtrack/co2e_units.hpp"
#include "ghgtrack/csv.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/gas.hpp"
#include "ghgtrack/gwp.hpp"
#include "ghgtrack/inventory.hpp"
#include "ghgtrack/inventory_builder.hpp"
#include "ghgtrack/lmdi.hpp"
#include "ghgtrack/merge.hpp"
#include "ghgtrack/monte_carlo.hpp"
#include "ghgtrack/notation.hpp"
#include "ghgtrack/pathway.hpp"
#include "ghgtrack/series.hpp"
#include "ghgtrack/target.hpp"
#include "ghgtrack/target_probability.hpp"
#include "ghgtrack/tracking.hpp"
#include "ghgtrack/tracking_batch.hpp"
#include "ghgtrack/trend.hpp"
#include "ghgtrack/uncertainty.hpp"
#include "ghgtrack/units.hpp"
#include "ghgtrack/version.hpp"

#endif
