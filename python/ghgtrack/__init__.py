"""ghgtrack: track a municipality's greenhouse-gas emissions against its target.

The compiled core (C++: Eigen and Boost.Units) sits in ``ghgtrack._core``;
this package is the Pythonic API over it.
"""

from __future__ import annotations

from . import _core
from ._core import MissingGwpError, ShapeError, UnknownGasError, UnknownMetricError
from ._units import DEFAULT_METRIC, convert_co2e, gases, gwp, gwp_table, metrics, to_co2e

__version__: str = _core.__version__

__all__ = [
    "DEFAULT_METRIC",
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
