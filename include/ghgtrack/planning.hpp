// ghgtrack/planning.hpp: umbrella header of planning.
//
// Baselines (reference paths), measures (tiltak) and the measures table,
// scenarios with the overlap report, Shapley attribution, and the
// klimabudsjett ledger. Includes the core headers these need.
#ifndef GHGTRACK_PLANNING_HPP
#define GHGTRACK_PLANNING_HPP

#include "ghgtrack/attribution.hpp"
#include "ghgtrack/baseline.hpp"
#include "ghgtrack/ledger.hpp"
#include "ghgtrack/measure.hpp"
#include "ghgtrack/measure_table.hpp"
#include "ghgtrack/scenario.hpp"

#endif
