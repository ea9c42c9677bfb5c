"""Baselines (reference paths): an inventory projected to a horizon year with
no new measures, per sector, source or cell (C++ ``baseline.hpp``).

The result is a :class:`Baseline`: an :class:`~ghgtrack.Inventory` over the
projected years (every cell carries a value, so the sector and total figures
are sums of the parts) with the prediction interval beside it.
"""

from __future__ import annotations

import os
import pathlib
from typing import Any, List, Mapping, Optional, Union

import numpy as np
import pandas as pd

from . import _core, _display
from .inventory import Inventory

_METHODS = {"trend": "linear", "linear": "linear", "loglinear": "loglinear", "frozen": "frozen"}
_INTENSITY = {"frozen": "frozen", "last": "frozen", "linear": "linear", "trend": "linear", "loglinear": "loglinear"}


class Baseline:
    """A projected reference path.

    - ``inventory``: an :class:`~ghgtrack.Inventory` over the projected years
      (t CO2e; ``provenance["kind"] == "projected"``); NO/IE/NA/NE cells keep
      their notation keys.
    - ``value``, ``lo``, ``hi``: the projected groups (sectors, sources or
      cells, as ``by`` says) x years, t CO2e, with the prediction interval at
      ``level`` (equal to ``value`` for a frozen level or a given table).
    - ``skipped``: (group, year, reason) of data years left out of a fit
      (incomplete years); ``floored``: where a linear trend was floored at 0.
    """

    def __init__(
        self,
        inventory: Inventory,
        value: pd.DataFrame,
        lo: pd.DataFrame,
        hi: pd.DataFrame,
        *,
        method: str,
        by: str,
        level: Optional[float] = None,
        skipped: Optional[pd.DataFrame] = None,
        floored: Optional[pd.DataFrame] = None,
        data_years: Optional[List[int]] = None,
    ):
        self.inventory = inventory
        self.value = value
        self.lo = lo
        self.hi = hi
        self.method = method
        self.by = by
        self.level = level
        empty = pd.DataFrame(columns=["group", "year", "reason"])
        self.skipped = empty if skipped is None else skipped
        self.floored = empty.copy() if floored is None else floored
        self.data_years = list(data_years or [])

    @property
    def years(self) -> List[int]:
        """The projected years."""
        return self.inventory.years

    def total(self) -> pd.Series:
        """The total by year (the sum of the cells), t CO2e."""
        s = self.inventory.total()
        assert isinstance(s, pd.Series)
        return s

    def by_sector(self) -> pd.DataFrame:
        """Sectors x projected years, t CO2e (sums of the cells)."""
        return self.inventory.by_sector()

    def by_source(self) -> pd.DataFrame:
        """Sources ("sector / source") x projected years, t CO2e."""
        return self.inventory.by_source()

    def frame(self) -> pd.DataFrame:
        """Long frame indexed by (group, year): value, low, high (t CO2e) and
        kind ("projected")."""
        out = pd.DataFrame(
            {
                "value": self.value.stack(),
                "low": self.lo.stack(),
                "high": self.hi.stack(),
            }
        )
        out["kind"] = "projected"
        out.index.names = [self.by, "year"]
        return out

    def __repr__(self) -> str:
        ys = self.years
        return (
            f"<ghgtrack.Baseline {self.method} by {self.by}, {ys[0]}-{ys[-1]}: "
            f"{len(self.value)} groups, total {float(self.total().iloc[-1]):,.0f} t CO2e in {ys[-1]}>"
        )

    def _repr_html_(self) -> str:
        return _display.baseline(self)


def _notes(rows: Any) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["group", "year", "reason"])


def baseline(
    inventory: Inventory,
    until: int,
    *,
    method: str = "trend",
    by: str = "sector",
    since: Optional[int] = None,
    last_year: Optional[int] = None,
    last_k: int = 1,
    drivers: Optional[Union[pd.Series, Mapping[int, float]]] = None,
    intensity: str = "frozen",
    level: float = 0.95,
) -> Baseline:
    """Projects ``inventory`` from the year after its last data year to ``until``.

    ``method``:

    - ``"trend"`` (or ``"linear"``): a least-squares line per group, with a
      prediction interval at ``level``; floored at 0 for groups that never
      were negative;
    - ``"loglinear"``: a constant annual rate per group;
    - ``"frozen"``: the last year's level (``last_k=3``: mean of the last 3);
    - ``"driver"``: ``drivers`` (e.g. population by year, covering the data
      years and every projected year) times the intensity, which is frozen
      (``intensity="frozen"``) or follows a ``"linear"``/``"loglinear"`` trend.

    ``by`` (``"sector"``, ``"source"`` or ``"cell"``) is the level each series is
    projected at; a group's projection is split to its cells by their shares in
    the last data year, so the parts always add up to the total.
    ``since``/``last_year`` bound the data years used.
    """
    if not isinstance(inventory, Inventory):
        raise TypeError("baseline() needs a ghgtrack.Inventory")
    if method == "driver":
        if drivers is None:
            raise _core.ArgumentError("method='driver' needs drivers= (e.g. population by year)")
        if intensity not in _INTENSITY:
            raise _core.ArgumentError(f"unknown intensity {intensity!r} (accepted: frozen, linear, loglinear)")
        core_method = _INTENSITY[intensity]
    elif method in _METHODS:
        core_method = _METHODS[method]
    else:
        raise _core.ArgumentError(
            f"unknown baseline method {method!r} (accepted: trend, linear, loglinear, frozen, driver)"
        )
    d_years = d_values = None
    d_name = "driver"
    if drivers is not None:
        d = pd.Series(drivers, dtype=float)
        d_years = [int(y) for y in d.index]
        d_values = d.tolist()
        d_name = str(d.name) if d.name is not None else "driver"
    r = _core.baseline(
        inventory._core,
        int(until),
        method=core_method,
        by=by,
        since=since,
        last_year=last_year,
        last_k=int(last_k),
        level=float(level),
        driver_years=d_years,
        driver_values=d_values,
        driver_name=d_name,
    )
    years = list(r["projection"].years)
    cols = pd.Index(years, name="year")
    idx = pd.Index(r["groups"], name=by)
    inv = Inventory(
        r["projection"],
        {
            **inventory.provenance,
            "kind": "projected",
            "baseline": method,
            "baseline_by": by,
            "data_years": list(r["data_years"]),
        },
    )
    return Baseline(
        inv,
        pd.DataFrame(np.asarray(r["group_value"]), index=idx, columns=cols),
        pd.DataFrame(np.asarray(r["group_lo"]), index=idx, columns=cols),
        pd.DataFrame(np.asarray(r["group_hi"]), index=idx, columns=cols),
        method=method,
        by=by,
        level=None if core_method == "frozen" else level,
        skipped=_notes(r["skipped"]),
        floored=_notes(r["floored"]),
        data_years=list(r["data_years"]),
    )


def baseline_from_table(
    table: Union[pd.DataFrame, str, "os.PathLike[str]"],
    *,
    inventory: Optional[Inventory] = None,
    origin: Optional[str] = None,
) -> Baseline:
    """A reference path given as a table, taken as it is (no fitting): a
    municipality's official baseline.

    Wide (columns ``sector``, optional ``source``, then one column per year)
    or long (``sector``, optional ``source``, ``year``, ``value``, optional
    ``unit``), in t CO2e unless ``unit`` says otherwise; a cell may hold a
    notation key (NO, NE, IE, C, NA). With ``inventory``, every sector (and
    source) must be one of its; a bad cell raises :class:`ghgtrack.InputError`
    with origin, row (the header is row 1), column and value.
    """
    if isinstance(table, pd.DataFrame):
        text = table.to_csv(index=False)
        origin = origin or "DataFrame"
    else:
        p = pathlib.Path(os.fspath(table))
        text = p.read_text(encoding="utf-8-sig")
        origin = origin or str(p)
    core = _core.read_baseline_table_text(text, origin, None if inventory is None else inventory._core)
    inv = Inventory(core, {"kind": "projected", "baseline": "table", "file": origin})
    by = "source" if any(src != _core.ALL_SOURCES for _, src in core.categories) else "sector"
    value = inv.by_source() if by == "source" else inv.by_sector()
    value.attrs = {}
    return Baseline(inv, value, value.copy(), value.copy(), method="table", by=by)
