"""ghgtrack: track a municipality's greenhouse-gas emissions against its target.

The compiled core (C++: Eigen and Boost.Units) sits in ``ghgtrack._core``;
this package is the Pythonic API over it.

``import ghgtrack`` loads only the compiled core: every other name below is
imported on first use (PEP 562 module ``__getattr__``), so that a script or
a CLI call pays for pandas, openpyxl or matplotlib only when it uses them.
Type checkers and IDEs see the names through the ``TYPE_CHECKING`` imports.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any, Dict, List

from . import _core
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

if TYPE_CHECKING:  # the lazy names below, for type checkers and IDEs
    from . import costs, datasets, decomposition, factors, indicators, nowcast, planning, uncertainty
    from ._common import Total
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


# name -> the submodule that defines it (a submodule itself maps to None)
_LAZY: Dict[str, Any] = {
    "costs": None,
    "datasets": None,
    "decomposition": None,
    "factors": None,
    "indicators": None,
    "nowcast": None,
    "planning": None,
    "uncertainty": None,
    "Total": "._common",
    "DEFAULT_METRIC": "._units",
    "convert_co2e": "._units",
    "from_co2e": "._units",
    "gases": "._units",
    "gwp": "._units",
    "gwp_table": "._units",
    "metrics": "._units",
    "to_co2e": "._units",
    "PortfolioChoice": ".costs",
    "cheapest_portfolio": ".costs",
    "cost_table": ".costs",
    "mac_curve": ".costs",
    "plot_mac": ".costs",
    "lmdi": ".decomposition",
    "lmdi_series": ".decomposition",
    "read_iamc": ".iamc",
    "to_iamc": ".iamc",
    "Inventory": ".inventory",
    "merge": ".inventory",
    "read_csv": ".inventory",
    "Caps": ".klimabudsjett",
    "Ledger": ".klimabudsjett",
    "ledger": ".klimabudsjett",
    "read_caps": ".klimabudsjett",
    "Backtest": ".nowcast",
    "Nowcast": ".nowcast",
    "Plan": ".plan",
    "build_plan": ".plan",
    "Measure": ".planning",
    "Measures": ".planning",
    "Scenario": ".planning",
    "attribution": ".planning",
    "attribution_by_cell": ".planning",
    "overlaps": ".planning",
    "read_measures": ".planning",
    "scenario": ".planning",
    "scenarios": ".planning",
    "write_measures": ".planning",
    "project": ".projection",
    "DataWarning": ".readers",
    "read_miljodirektoratet": ".readers",
    "read_ssb": ".readers",
    "Baseline": ".reference_path",
    "baseline": ".reference_path",
    "baseline_from_table": ".reference_path",
    "Releases": ".releases",
    "BudgetRunOut": ".tracking",
    "CumulativeConvention": ".tracking",
    "Pathway": ".tracking",
    "RunOutState": ".tracking",
    "SegmentShape": ".tracking",
    "SeriesFill": ".tracking",
    "Status": ".tracking",
    "Target": ".tracking",
    "TargetKind": ".tracking",
    "TrackingResult": ".tracking",
    "TrackingTable": ".tracking",
    "TrendFit": ".tracking",
    "annual_rate": ".tracking",
    "budget_of_rate": ".tracking",
    "evaluate_many": ".tracking",
    "interpolate": ".tracking",
    "rate_for_budget": ".tracking",
    "required_rate": ".tracking",
    "track": ".tracking",
    "track_many": ".tracking",
    "whole_year": ".tracking",
}


if not TYPE_CHECKING:  # hidden from type checkers, so that a misspelt name stays an error there

    def __getattr__(name: str) -> Any:
        where = _LAZY.get(name, _LAZY)
        if where is _LAZY:  # any submodule (ghgtrack.plan, ghgtrack.tracking, ...) is an attribute too
            if (
                not name.isidentifier()
                or name.startswith("__")
                or importlib.util.find_spec(f"{__name__}.{name}") is None
            ):
                raise AttributeError(f"module 'ghgtrack' has no attribute {name!r}")
            where = None
        value = importlib.import_module("." + name if where is None else where, __name__)
        if where is not None:
            value = getattr(value, name)
        globals()[name] = value  # the next access is a plain attribute
        return value


def __dir__() -> List[str]:
    import pkgutil

    submodules = {m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")}
    return sorted(set(globals()) | set(_LAZY) | submodules)


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
