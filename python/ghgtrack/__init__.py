"""ghgtrack: track a municipality's greenhouse-gas emissions against its target.

The compiled core (C++: Eigen and Boost.Units) sits in ``ghgtrack._core``;
this package is the Pythonic API over it.
"""

from __future__ import annotations

from . import _core, costs, datasets, decomposition, factors, indicators, nowcast, planning, uncertainty
from ._common import Total
from ._config import config, set_simd_target, show_config, simd_target
from ._core import (
    ArgumentError,
    IncompatibleError,
    InputError,
    IoError,
    MissingGwpError,
    NoSolutionError,
    ShapeError,
    UnknownGasError,
    UnknownLabelError,
    UnknownMetricError,
    interpolate_cumulate,
)
from ._units import DEFAULT_METRIC, convert_co2e, from_co2e, gases, gwp, gwp_table, metrics, to_co2e
from .costs import PortfolioChoice, cheapest_portfolio, cost_table, mac_curve, plot_mac
from .decomposition import lmdi, lmdi_series
from .iamc import read_iamc, to_iamc
from .inventory import Inventory, merge, read_csv
from .klimabudsjett import Caps, Ledger, ledger, read_caps
from .nowcast import Backtest, Nowcast
from .plan import Plan, build_plan
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
from .projection import project
from .readers import DataWarning, read_miljodirektoratet, read_ssb
from .reference_path import Baseline, baseline, baseline_from_table
from .releases import Releases
from .tracking import (
    BudgetRunOut,
    CumulativeConvention,
    Pathway,
    RunOutState,
    SegmentShape,
    SeriesFill,
    Status,
    Target,
    TargetKind,
    TrackingResult,
    TrackingTable,
    TrendFit,
    annual_rate,
    budget_of_rate,
    evaluate_many,
    interpolate,
    rate_for_budget,
    required_rate,
    track,
    track_many,
    whole_year,
)

__version__: str = _core.__version__

__all__ = [
    "DEFAULT_METRIC",
    "DataWarning",
    "ArgumentError",
    "IncompatibleError",
    "NoSolutionError",
    "InputError",
    "IoError",
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
    "BudgetRunOut",
    "CumulativeConvention",
    "RunOutState",
    "SegmentShape",
    "SeriesFill",
    "Status",
    "TargetKind",
    "TrendFit",
    "annual_rate",
    "interpolate",
    "whole_year",
    "budget_of_rate",
    "rate_for_budget",
    "required_rate",
    "track",
    "track_many",
    "evaluate_many",
    "TrackingTable",
    "UnknownLabelError",
    "datasets",
    "planning",
    "costs",
    "PortfolioChoice",
    "cheapest_portfolio",
    "cost_table",
    "mac_curve",
    "plot_mac",
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
    "from_co2e",
    "gases",
    "gwp",
    "gwp_table",
    "metrics",
    "to_co2e",
    "indicators",
    "nowcast",
    "Nowcast",
    "Backtest",
    "config",
    "interpolate_cumulate",
    "set_simd_target",
    "show_config",
    "simd_target",
]
