"""ghgtrack: track a municipality's greenhouse-gas emissions against its target.

The compiled core (C++: Eigen and Boost.Units) sits in ``ghgtrack._core``;
this package is the Pythonic API over it.
"""

from __future__ import annotations

from . import _core
from ._core import (
    ArgumentError,
    IncompatibleError,
    InputError,
    MissingGwpError,
    NoSolutionError,
    ShapeError,
    UnknownGasError,
    UnknownLabelError,
    UnknownMetricError,
)
from ._units import DEFAULT_METRIC, convert_co2e, gases, gwp, gwp_table, metrics, to_co2e
from .inventory import Inventory, Releases, Total, merge, read_csv
from .readers import DataWarning, read_miljodirektoratet, read_ssb
from .iamc import read_iamc, to_iamc
from .tracking import (
    Pathway,
    Target,
    TrackingResult,
    TrackingTable,
    budget_of_rate,
    rate_for_budget,
    required_rate,
    track,
    track_many,
)
from .decomposition import lmdi, lmdi_series
from .projection import project
from .reference_path import Baseline, baseline, baseline_from_table
from .klimabudsjett import Caps, Ledger, ledger, read_caps
from .planning import (
    Measure,
    Measures,
    Scenario,
    attribution,
    attribution_by_cell,
    overlaps,
    read_measures,
    scenario,
    scenarios,
    write_measures,
)
from .plan import Plan, build_plan
from . import datasets, decomposition, factors, planning, uncertainty

__version__: str = _core.__version__

__all__ = [
    "DEFAULT_METRIC",
    "DataWarning",
    "ArgumentError",
    "IncompatibleError",
    "NoSolutionError",
    "InputError",
    "Inventory",
    "Measure",
    "Measures",
    "Scenario",
    "Plan",
    "build_plan",
    "attribution",
    "attribution_by_cell",
    "overlaps",
    "read_measures",
    "scenario",
    "scenarios",
    "write_measures",
    "Releases",
    "Pathway",
    "Target",
    "Total",
    "TrackingResult",
    "budget_of_rate",
    "rate_for_budget",
    "required_rate",
    "track",
    "track_many",
    "TrackingTable",
    "UnknownLabelError",
    "datasets",
    "planning",
    "decomposition",
    "lmdi",
    "lmdi_series",
    "project",
    "Baseline",
    "baseline",
    "baseline_from_table",
    "Caps",
    "Ledger",
    "ledger",
    "read_caps",
    "uncertainty",
    "factors",
    "merge",
    "read_csv",
    "read_iamc",
    "read_miljodirektoratet",
    "read_ssb",
    "to_iamc",
    "MissingGwpError",
    "ShapeError",
    "UnknownGasError",
    "UnknownMetricError",
    "__version__",
    "convert_co2e",
    "gases",
    "gwp",
    "gwp_table",
    "metrics",
    "to_co2e",
]
