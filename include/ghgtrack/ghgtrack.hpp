// ghgtrack/ghgtrack.hpp: umbrella header of the core.
//
// Includes every public header of the core: version, errors, units, gases,
// GWP metrics, CO2e conversions, notation keys, the inventory (categories,
// builder, merge, aggregates), the tidy CSV reader and writer,
// activity-based sources, pathways, targets, series, trends, tracking, the
// indicator nowcast, LMDI
// decomposition and uncertainty (IPCC Approach 1, Monte Carlo, the
// probability of meeting a target). Planning (baselines, measures, scenarios,
// attribution, the klimabudsjett ledger) has its own umbrella,
// <ghgtrack/planning.hpp>, so that code which only tracks does not pay for
// it. Leaves out only detail/ (private). A header that includes only what it
// needs is cheaper still.
#ifndef GHGTRACK_GHGTRACK_HPP
#define GHGTRACK_GHGTRACK_HPP

#include "ghgtrack/activity.hpp"
#include "ghgtrack/aggregate.hpp"
#include "ghgtrack/category.hpp"
#include "ghgtrack/co2e.hpp"
#include "ghgtrack/co2e_units.hpp"
#include "ghgtrack/csv.hpp"
#include "ghgtrack/csv_reader.hpp"
#include "ghgtrack/csv_writer.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/gas.hpp"
#include "ghgtrack/gwp.hpp"
#include "ghgtrack/inventory.hpp"
#include "ghgtrack/inventory_builder.hpp"
#include "ghgtrack/lmdi.hpp"
#include "ghgtrack/merge.hpp"
#include "ghgtrack/monte_carlo.hpp"
#include "ghgtrack/notation.hpp"
#include "ghgtrack/nowcast.hpp"
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
