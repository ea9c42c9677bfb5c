"""Gases, GWP metrics and CO2-equivalent conversions (the Pythonic layer).

Units travel in names: ``tonnes`` is a mass of one gas in tonnes,
``tonnes_co2e`` is tonnes of CO2-equivalent under a named GWP metric.
"""

from __future__ import annotations

import sys
from numbers import Real
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple, Union, overload

import numpy as np
import numpy.typing as npt

from . import _core

if TYPE_CHECKING:
    import pandas as pd  # only pandas input needs pandas: a scalar call never imports it

DEFAULT_METRIC = "AR5GWP100"
"""The metric of Norway's inventory and Miljødirektoratet's municipal accounts."""


def gwp(gas: str, metric: str = DEFAULT_METRIC) -> float:
    """The global-warming potential of ``gas`` under ``metric`` (t CO2e per t).

    >>> gwp("CH4", "AR5GWP100")
    28.0

    Raises :class:`UnknownGasError`, :class:`UnknownMetricError`, or
    :class:`MissingGwpError` when the metric gives no value for the gas
    (e.g. NF3 under SARGWP100, or a basket such as "HFCs").
    """
    return _core.gwp(gas, metric)


_GWP_CACHE: Dict[Tuple[str, str], float] = {}


def _gwp_cached(gas: str, metric: str) -> float:
    """gwp(gas, metric) remembered for the scalar fast path (the table is
    fixed; lookups that fail are not remembered and raise every time)."""
    try:
        return _GWP_CACHE[(gas, metric)]
    except (KeyError, TypeError):  # not seen yet, or an unhashable argument
        value = _core.gwp(gas, metric)
        if len(_GWP_CACHE) < 4096 and type(gas) is str and type(metric) is str:
            _GWP_CACHE[(gas, metric)] = value
        return value


def gases() -> List[str]:
    """The canonical names of all known gases and baskets."""
    return _core.gases()


def metrics() -> List[str]:
    """The known GWP metric identifiers (openscm-units / pyam convention)."""
    return _core.metrics()


def _is_scalar(x: Any) -> bool:
    return isinstance(x, Real) and not isinstance(x, (bool, np.bool_))


def _apply(values: Any, kernel: Any, scalar_factor: Any) -> Any:
    if _is_scalar(values):
        return float(values) * scalar_factor()
    if isinstance(values, (bool, np.bool_)):
        raise TypeError("ghgtrack: expected a number or an array of numbers, got a bool")
    module = type(values).__module__
    if module.startswith("pandas"):
        import pandas as pd

        if isinstance(values, pd.Series):
            return pd.Series(kernel(values.to_numpy(dtype=float)), index=values.index, name=values.name)
        if isinstance(values, pd.DataFrame):
            return pd.DataFrame(kernel(values.to_numpy(dtype=float)), index=values.index, columns=values.columns)
    arr = np.asarray(values)
    if arr.dtype.kind not in "fiu":
        raise TypeError(f"ghgtrack: expected numbers, got an array of dtype {arr.dtype}")
    return kernel(arr)


@overload
def to_co2e(tonnes: float, gas: str, metric: str = ..., *, out: None = ..., threads: int = ...) -> float: ...
@overload
def to_co2e(
    tonnes: npt.ArrayLike, gas: str, metric: str = ..., *, out: Optional[np.ndarray] = ..., threads: int = ...
) -> Any: ...


def to_co2e(
    tonnes: Union[float, npt.ArrayLike],
    gas: str,
    metric: str = DEFAULT_METRIC,
    *,
    out: Optional[np.ndarray] = None,
    threads: int = 1,
) -> Any:
    """Tonnes of ``gas`` to tonnes CO2e under ``metric``.

    Returned in kind: a float for a number, a numpy array of the same shape
    for an array (a float64 C-contiguous array is read without a copy), a
    pandas Series or DataFrame with the same index for those. ``out=`` (a
    float64 C-contiguous array of the same shape, as in numpy) receives the
    result without allocating; it may be the input itself. ``threads``: 1
    (default) starts no thread, 0 uses one per hardware thread; the result is
    the same for any number. A pint Quantity from openscm-units' registry
    (``"kt CH4"``, ``"Gg N2O / yr"``) comes back as a Quantity in ``"t CO2"``
    (openscm-units' way of writing CO2e), per year if it came per year.

    >>> to_co2e(2.0, "CH4")          # 2 t x 28 (AR5)
    56.0
    """
    t = type(tonnes)
    if t is float or t is int:  # fast path for scalars
        return tonnes * _gwp_cached(gas, metric)
    if t is np.ndarray and out is None and tonnes.dtype.kind in "fiu":  # fast path for arrays (as _apply does)
        return _core.to_co2e_array(tonnes, gas, metric, None, threads)
    if _is_quantity(tonnes):
        return _to_co2e_quantity(tonnes, gas, metric, threads)
    if out is not None:
        return _core.to_co2e_array(tonnes, gas, metric, out, threads)
    return _apply(
        tonnes,
        lambda a: _core.to_co2e_array(a, gas, metric, None, threads),
        lambda: _core.gwp(gas, metric),
    )


def convert_co2e(
    tonnes_co2e: Union[float, npt.ArrayLike],
    gas: str,
    from_metric: str,
    to_metric: str,
    *,
    out: Optional[np.ndarray] = None,
    threads: int = 1,
) -> Any:
    """Restate tonnes CO2e of ``gas`` from one metric to another.

    The same mass of gas valued with another GWP: ``x * GWP_to / GWP_from``.
    ``out=`` and ``threads`` as in :func:`to_co2e`.

    >>> convert_co2e(2800.0, "CH4", "AR5GWP100", "AR4GWP100")   # 100 t CH4
    2500.0
    """
    if out is not None:
        return _core.convert_co2e_array(tonnes_co2e, gas, from_metric, to_metric, out, threads)
    return _apply(
        tonnes_co2e,
        lambda a: _core.convert_co2e_array(a, gas, from_metric, to_metric, None, threads),
        lambda: _core.gwp(gas, to_metric) / _core.gwp(gas, from_metric),
    )


def from_co2e(
    tonnes_co2e: Any,
    gas: str,
    metric: str = DEFAULT_METRIC,
    *,
    out: Optional[np.ndarray] = None,
    threads: int = 1,
) -> Any:
    """Tonnes CO2e back to tonnes of ``gas`` under ``metric`` (the inverse of
    :func:`to_co2e`: ``x / GWP``).

    Returned in kind as :func:`to_co2e` does (float, numpy array, pandas
    Series or DataFrame); ``out=`` and ``threads`` as there. A pint Quantity
    from openscm-units' registry (``"t CO2"``, ``"Mt CO2 / yr"``: openscm-units
    writes CO2-equivalent as CO2) comes back as a Quantity of the gas
    (``"t CH4"``, ``"t CH4 / a"``). Raises :class:`MissingGwpError` where the
    metric gives no value for the gas (a basket such as "HFCs" never has one).

    >>> from_co2e(56.0, "CH4", "AR5GWP100")   # 56 t CO2e / 28
    2.0
    """
    if _is_quantity(tonnes_co2e):
        return _from_co2e_quantity(tonnes_co2e, gas, metric, threads)
    if out is not None:
        return _core.from_co2e_array(tonnes_co2e, gas, metric, out, threads)
    return _apply(
        tonnes_co2e,
        lambda a: _core.from_co2e_array(a, gas, metric, None, threads),
        lambda: 1.0 / _core.gwp(gas, metric),
    )


# -- pint (openscm-units) interop -------------------------------------------
# openscm-units defines a unit per gas ("t CH4") and writes CO2-equivalent as
# "t CO2" under a metric context. These helpers only translate: the GWP and
# the conversion are the C++ core's.


def _is_quantity(x: Any) -> bool:
    pint = sys.modules.get("pint")  # a Quantity exists only once pint is imported
    return pint is not None and isinstance(x, pint.Quantity)


def pint_gas_name(gas: str) -> str:
    """The unit name openscm-units gives ``gas`` ("HFC-134a" -> "HFC134a",
    "c-C4F8" -> "cC4F8"); fossil and non-fossil methane are both "CH4"."""
    name = _core.gas_name(gas)
    if name.startswith("CH4"):
        return "CH4"
    return name.replace("-", "").replace(" ", "")


def _in_tonnes(q: Any, what: str) -> Any:
    """(magnitude in t of ``what``, per_year) for a mass or a mass per time."""
    import pint

    for per_year, unit in ((False, f"t {what}"), (True, f"t {what} / a")):
        try:
            return q.to(unit).magnitude, per_year
        except pint.DimensionalityError:
            continue
    raise _core.ArgumentError(
        f"ghgtrack: expected a mass of {what} (e.g. 't {what}' or 'kt {what} / yr'), got a quantity in {q.units}"
    )


def _quantity(like: Any, magnitude: Any, what: str, per_year: bool) -> Any:
    return like._REGISTRY.Quantity(magnitude, f"t {what} / a" if per_year else f"t {what}")


def _to_co2e_quantity(q: Any, gas: str, metric: str, threads: int) -> Any:
    tonnes, per_year = _in_tonnes(q, pint_gas_name(gas))
    return _quantity(q, to_co2e(tonnes, gas, metric, threads=threads), "CO2", per_year)


def _from_co2e_quantity(q: Any, gas: str, metric: str, threads: int) -> Any:
    tonnes, per_year = _in_tonnes(q, "CO2")
    return _quantity(q, from_co2e(tonnes, gas, metric, threads=threads), pint_gas_name(gas), per_year)


def co2e_tonnes(value: Any) -> float:
    """A single CO2e amount in tonnes: a number (t CO2e) as it is, or a pint
    Quantity from openscm-units' registry in any mass of CO2 ("Mt CO2",
    "kt CO2 / yr"), converted. Used where an API takes one CO2e level."""
    if _is_quantity(value):
        tonnes, _ = _in_tonnes(value, "CO2")
        return float(tonnes)
    return value


def gwp_table() -> pd.DataFrame:
    """All GWP values as a DataFrame (gases x metrics); NaN where a metric
    gives no value (e.g. NF3 under SAR, and the baskets)."""
    import pandas as pd

    ms = metrics()
    rows = {g: [(_core.gwp(g, m) if _core.has_gwp(g, m) else float("nan")) for m in ms] for g in gases()}
    df = pd.DataFrame.from_dict(rows, orient="index", columns=ms)
    df.index.name = "gas"
    return df
