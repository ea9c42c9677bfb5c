"""Targets, pathways, carbon budgets and progress tracking.

Emissions are t CO2e per year (``tonnes_co2e``); rates are fractions per
year, negative for a reduction (-0.05 = -5 %/yr). See
``include/ghgtrack/pathway.hpp`` and ``tracking.hpp`` for the methods and
the status rule.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

import numpy as np
import pandas as pd

from . import _core, _display
from ._core import (
    BudgetRunOut,
    CumulativeConvention,
    RunOutState,
    SegmentShape,
    SeriesFill,
    Status,
    TargetKind,
    TrendFit,
    whole_year,
)
from ._units import co2e_tonnes
from .inventory import Inventory
from .plotting import plot_tracking

Number = Union[int, float]
ShapeLike = Union[str, SegmentShape]
ConventionLike = Union[str, CumulativeConvention]


def _enum(kind: Any, value: Any) -> Any:
    """A bound C++ enum from its name (C++ parse_*, which says what is accepted)."""
    return kind(value) if isinstance(value, str) else value


class Pathway:
    """Emissions (t CO2e/yr) as a function of the year; call it on a year or
    an array of years. Build one with the class methods below; every shape is
    exact at its anchors."""

    __slots__ = ("_core", "label")

    def __init__(self, core: "_core.Pathway", label: str = ""):
        self._core = core
        self.label = label

    @classmethod
    def linear(cls, start_year: Number, start_value: float, end_year: Number, end_value: float) -> "Pathway":
        """A straight line; holds ``end_value`` after ``end_year``."""
        return cls(_core.Pathway.linear(start_year, start_value, end_year, end_value), "linear")

    @classmethod
    def constant_rate(
        cls,
        start_year: Number,
        start_value: float,
        rate: Optional[float] = None,
        *,
        end_year: Optional[Number] = None,
        end_value: Optional[float] = None,
    ) -> "Pathway":
        """The same percentage change every year: either ``rate`` (open-ended)
        or the rate that reaches ``end_value`` in ``end_year``."""
        if rate is not None:
            if end_year is not None or end_value is not None:
                raise ValueError("give either rate or end_year and end_value, not both")
            return cls(_core.Pathway.constant_rate(start_year, start_value, rate), "constant rate")
        if end_year is None or end_value is None:
            raise ValueError("give rate, or end_year and end_value")
        return cls(_core.Pathway.constant_rate_to(start_year, start_value, end_year, end_value), "constant rate")

    @classmethod
    def from_budget(
        cls,
        start_year: Number,
        start_value: float,
        budget: float,
        *,
        last_year: Optional[int] = None,
        convention: ConventionLike = CumulativeConvention.annual_sum,
    ) -> "Pathway":
        """The constant rate that spends exactly ``budget`` t CO2e from
        ``start_year`` on (all future years, or up to ``last_year``): the
        Tyndall Centre method for local carbon budgets."""
        return cls(
            _core.Pathway.from_budget(
                start_year, start_value, budget, last_year, _enum(CumulativeConvention, convention)
            ),
            "budget",
        )

    @classmethod
    def s_curve(
        cls,
        start_year: Number,
        start_value: float,
        end_year: Number,
        end_value: float,
        *,
        midpoint: Optional[float] = None,
        steepness: Optional[float] = None,
    ) -> "Pathway":
        """A logistic S-curve (slow, fast, slow) through both anchors."""
        return cls(_core.Pathway.s_curve(start_year, start_value, end_year, end_value, midpoint, steepness), "S-curve")

    @classmethod
    def through(
        cls,
        milestones: Union[Mapping[Number, float], pd.Series],
        *,
        shape: ShapeLike = SegmentShape.linear,
    ) -> "Pathway":
        """Through target milestones ``{year: t CO2e}``, each segment
        ``"linear"`` or ``"constant_rate"``. Like every target pathway it
        holds its first value before and its last value after the
        milestones; for actual data use :func:`interpolate`, which does not
        extrapolate unless asked."""
        items = sorted((float(k), float(v)) for k, v in dict(milestones).items())
        shp = _enum(SegmentShape, shape)
        return cls(_core.Pathway.through([k for k, _ in items], [v for _, v in items], shp), f"{shp} milestones")

    @classmethod
    def continued(cls, actual: Union[pd.Series, Mapping[int, float]], then: "Pathway") -> "Pathway":
        """The actual series (linear between its years) continued by
        ``then``, which must start at the series' last point."""
        s = pd.Series(actual, dtype=float).dropna().sort_index()
        return cls(_core.Pathway.continued([float(y) for y in s.index], s.tolist(), then._core), then.label)

    def __call__(self, years: Any) -> Any:
        """The pathway's value: a float for a number, else a numpy array."""
        if type(years) is int or type(years) is float:
            return self._core.at(years)
        if isinstance(years, (np.integer, np.floating)):
            return self._core.at(float(years))
        return self._core.evaluate(np.asarray(years, dtype=float))

    def cumulative(
        self, first: int, last: int, *, convention: ConventionLike = CumulativeConvention.annual_sum
    ) -> float:
        """Cumulative t CO2e over whole years ``first``..``last`` (both
        included): ``"annual_sum"`` (as pyam's cumulative) or ``"trapezoid"``."""
        return self._core.cumulative(int(first), int(last), _enum(CumulativeConvention, convention))

    def year_reaching(self, level: float) -> Optional[float]:
        """The (fractional) year the pathway first reaches ``level``, or None."""
        return self._core.year_reaching(level)

    @property
    def anchors(self) -> List[Tuple[float, float]]:
        return list(self._core.anchors)

    @property
    def rate(self) -> Optional[float]:
        """The open-ended annual rate, for constant-rate and budget pathways."""
        return self._core.tail_rate

    def to_series(self, first: int, last: int) -> pd.Series:
        years = np.arange(int(first), int(last) + 1)
        return pd.Series(self(years), index=pd.Index(years, name="year"), name="tonnes_co2e")

    def __repr__(self) -> str:
        a = ", ".join(f"{y:g}: {v:,.0f}" for y, v in self.anchors)
        tail = f", then {self.rate * 100:+.2f} %/yr" if self.rate is not None else ""
        return f"<ghgtrack.Pathway {self.label}: {a}{tail} (t CO2e)>"

    def _repr_html_(self) -> str:
        return _display.pathway(self)


def required_rate(start_year: Number, start_value: float, end_year: Number, end_value: float) -> float:
    """The constant annual rate from ``start_value`` to ``end_value``:
    ``(end / start) ** (1 / years) - 1``."""
    return _core.required_rate(start_year, start_value, end_year, end_value)


def rate_for_budget(
    start_year: Number,
    start_value: float,
    budget: float,
    *,
    last_year: Optional[int] = None,
    convention: ConventionLike = CumulativeConvention.annual_sum,
) -> float:
    """The constant annual rate that spends exactly ``budget`` t CO2e."""
    return _core.rate_for_budget(start_year, start_value, budget, last_year, _enum(CumulativeConvention, convention))


def budget_of_rate(
    start_year: Number,
    start_value: float,
    rate: float,
    *,
    last_year: Optional[int] = None,
    convention: ConventionLike = CumulativeConvention.annual_sum,
) -> float:
    """The t CO2e a constant annual ``rate`` spends."""
    return _core.budget_of_rate(start_year, start_value, rate, last_year, _enum(CumulativeConvention, convention))


def annual_rate(start_year: Number, start_value: float, end_year: Number, end_value: float) -> float:
    """The compound annual rate between two values of the same sign (as
    pyam's growth rate; works for net sinks). A change of sign is a
    :class:`~ghgtrack.NoSolutionError`."""
    return _core.annual_rate(start_year, start_value, end_year, end_value)


def interpolate(
    series: Union[pd.Series, Mapping[int, float]], years: Any, *, fill: Union[None, str, SeriesFill] = None
) -> pd.Series:
    """A data series (t CO2e by year, with gaps) at ``years``: linear between
    the years with data; outside them missing (NaN) unless ``fill`` is named
    (``"hold"`` the end values, ``"trend"`` the least-squares line)."""
    s = pd.Series(series, dtype=float).dropna().sort_index()
    at = np.atleast_1d(np.asarray(years, dtype=float))
    out = _core.interpolate(
        [float(y) for y in s.index],
        s.tolist(),
        at.tolist(),
        SeriesFill.none if fill is None else _enum(SeriesFill, fill),
    )
    return pd.Series(out, index=pd.Index(at, name="year"), name="tonnes_co2e")


def _str_keyed(mapping: Any) -> Dict[int, Any]:
    return {int(y): v for y, v in dict(mapping or {}).items()}


class Target:
    """A climate target: milestones relative to a base year, or levels. The
    rules (sign convention, validation, levels) live in C++ (``target.hpp``);
    this class adapts keywords.

    - ``changes``: signed changes vs the base year: ``{2030: -0.67}`` or
      ``{2030: "-67%"}`` is a 67 % cut;
    - ``reductions``: cuts as positive fractions: ``{2030: 0.67}`` or
      ``{2030: "67%"}`` (the same target; see also :meth:`cut`);
    - ``levels``: allowed t CO2e per year.

    A fraction above 1 in magnitude (67) is an :class:`~ghgtrack.ArgumentError`
    showing how to write a cut. ``kind``: ``"absolute"`` (default),
    ``"per_capita"`` (tracking needs ``population``), ``"intensity"``
    (needs ``activity``) or ``"net_zero"``. ``sector`` restricts the target
    to one sector of an inventory; ``base_value`` (t CO2e) overrides the
    base-year value of the data.
    """

    __slots__ = ("core",)

    def __init__(
        self,
        base_year: Optional[int] = None,
        reductions: Optional[Mapping[int, Union[float, str]]] = None,
        levels: Optional[Mapping[int, float]] = None,
        kind: Union[str, TargetKind] = "absolute",
        sector: Optional[str] = None,
        base_value: Optional[float] = None,
        name: str = "",
        *,
        changes: Optional[Mapping[int, Union[float, str]]] = None,
        core: Optional["_core.Target"] = None,
    ) -> None:
        if core is not None:
            self.core = core
            return
        t = _core.Target(
            base_year=None if base_year is None else int(base_year),
            base_value=None if base_value is None else float(co2e_tonnes(base_value)),
            kind=_enum(TargetKind, kind),
            sector=sector or "",
            name=name,
        )
        for y, v in _str_keyed(changes).items():
            t.add_change(y, v if isinstance(v, str) else float(v))
        for y, v in _str_keyed(reductions).items():
            t.add_cut(y, v if isinstance(v, str) else float(v))
        for y, v in _str_keyed(levels).items():
            t.add_level(y, float(co2e_tonnes(v)))
        t.validate()
        self.core = t

    # -- named constructors --------------------------------------------------------
    @classmethod
    def change(cls, base_year: int, changes: Mapping[int, Union[float, str]], **kwargs: Any) -> "Target":
        """Signed changes: ``Target.change(2009, {2030: -0.67})`` is -67 %."""
        return cls(base_year=base_year, changes=changes, **kwargs)

    @classmethod
    def cut(cls, base_year: int, cuts: Mapping[int, Union[float, str]], **kwargs: Any) -> "Target":
        """Cuts as positive fractions: ``Target.cut(2009, {2030: 0.67})`` is -67 %."""
        return cls(base_year=base_year, reductions=cuts, **kwargs)

    @classmethod
    def parse(cls, text: str, *, base_year: int, base_value: Optional[float] = None, **kwargs: Any) -> "Target":
        """From text such as ``"2030:-67%"`` or ``"2030:-67%,2050:-95%"``."""
        t = _core.Target.parse(text, base_year, None if base_value is None else float(co2e_tonnes(base_value)))
        _apply(t, kwargs)
        return cls(core=t)

    @classmethod
    def net_zero(
        cls,
        year: int,
        *,
        removals: float,
        residual: Optional[float] = None,
        base_year: Optional[int] = None,
        **kwargs: Any,
    ) -> "Target":
        """Net zero in ``year``: gross emissions may not exceed the expected
        ``removals`` (t CO2e/yr); ``residual`` (default: the removals) is the
        gross level planned, and must not exceed them."""
        t = _core.Target.net_zero(
            year, float(co2e_tonnes(removals)), None if residual is None else float(co2e_tonnes(residual)), base_year
        )
        _apply(t, kwargs)
        return cls(core=t)

    # -- views -----------------------------------------------------------------------
    @property
    def base_year(self) -> Optional[int]:
        return self.core.base_year

    @property
    def base_value(self) -> Optional[float]:
        return self.core.base_value

    @property
    def kind(self) -> str:
        return str(self.core.kind)

    @property
    def sector(self) -> Optional[str]:
        return self.core.sector or None

    @property
    def name(self) -> str:
        return self.core.name

    @property
    def changes(self) -> Dict[int, float]:
        """Signed changes by year (-0.67 = a 67 % cut)."""
        return {y: float(c) for y, is_level, c, _ in self.core.goals if not is_level and c is not None}

    @property
    def reductions(self) -> Dict[int, float]:
        """Cuts as positive fractions by year (0.67 = a 67 % cut)."""
        return {y: -c for y, c in self.changes.items()}

    @property
    def levels(self) -> Dict[int, float]:
        return {y: float(lv) for y, is_level, _, lv in self.core.goals if is_level and lv is not None}

    @property
    def years(self) -> List[int]:
        return list(self.core.years)

    @property
    def final_year(self) -> int:
        return self.core.final_year

    def milestones(
        self,
        base_value: float,
        *,
        population: Optional[Mapping[int, float]] = None,
        activity: Optional[Mapping[int, float]] = None,
    ) -> List[Tuple[int, float]]:
        """(year, allowed t CO2e) given the base-year value in the target's
        own terms (t CO2e, t per person or t per unit of activity)."""
        return self.core.milestones(float(base_value), _scale(population if population is not None else activity))

    def __str__(self) -> str:
        return self.core.describe()

    def __repr__(self) -> str:
        return f"<ghgtrack.Target {self.core.describe()}>"

    def _repr_html_(self) -> str:
        return _display.target(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Target):
            return NotImplemented
        c, o = self.core, other.core
        return (c.goals, c.base_year, c.base_value, c.kind, c.sector) == (
            o.goals,
            o.base_year,
            o.base_value,
            o.kind,
            o.sector,
        )

    __hash__ = None  # type: ignore[assignment]


def _apply(t: "_core.Target", kwargs: Dict[str, Any]) -> None:
    if "kind" in kwargs:
        t.kind = _enum(TargetKind, kwargs.pop("kind"))
    for key in ("sector", "name", "base_value"):
        if key in kwargs:
            setattr(t, key, kwargs.pop(key) or ("" if key in ("sector", "name") else None))
    if kwargs:
        raise TypeError(f"unexpected keyword arguments: {sorted(kwargs)}")
    t.validate()


def _scale(series: Optional[Mapping[int, float]]) -> List[Tuple[int, float]]:
    if series is None:
        return []
    return [(int(y), float(v)) for y, v in pd.Series(series, dtype=float).dropna().items()]


class TrackingResult:
    """Where the series stands against its target pathway: the bound C++
    result (``core``; every figure is one of its attributes, e.g.
    ``result.status``, ``result.fit``, ``result.run_out``) with the target,
    the inventory and pandas views. ``frame`` has one row per actual year
    (actual, pathway, gap_tonnes, gap_pct)."""

    unit = "t CO2e"

    def __init__(
        self, core: "_core.TrackingResult", target: Target, *, convention: CumulativeConvention, inventory: Any = None
    ) -> None:
        self.core = core
        self.target = target
        self.inventory = inventory
        self.convention = convention
        self.pathway = Pathway(core.pathway, "target pathway")
        self.indicator_nowcast: Any = None  # a ghgtrack.Nowcast given to track(nowcast=...)
        self.level: float = 0.95  # of the nowcast intervals (track(level=...))

    def __getattr__(self, name: str) -> Any:  # the C++ figures
        if name == "core":
            raise AttributeError(name)
        return getattr(self.core, name)

    @property
    def fitted_rate_interval(self) -> Optional[Tuple[float, float]]:
        c = self.core
        if c.fitted_rate_lo is None or c.fitted_rate_hi is None:
            return None
        return (c.fitted_rate_lo, c.fitted_rate_hi)

    @property
    def required_rates(self) -> Dict[int, float]:
        return {y: r for (y, _), r in zip(self.core.upcoming, self.core.required_rates)}

    @property
    def run_out_year(self) -> Optional[int]:
        """The year the budget runs out on the trend (None otherwise; see ``run_out``)."""
        r = self.core.run_out
        return r.year if r.state == RunOutState.runs_out else None

    @property
    def frame(self) -> pd.DataFrame:
        """One row per actual year: actual, pathway, gap_tonnes, gap_pct (C++ ``to_frame``)."""
        return self.core.to_frame()

    def to_frame(self) -> pd.DataFrame:
        """The per-year figures (``frame``)."""
        return self.core.to_frame()

    @property
    def projection_frame(self) -> pd.DataFrame:
        """One row per projected year (``track(..., projection=...)``):
        projected, pathway, gap_tonnes; empty without a projection."""
        c = self.core
        return pd.DataFrame(
            {"projected": c.projected, "pathway": c.projected_pathway, "gap_tonnes": c.projected_gap},
            index=pd.Index(c.projected_years, name="year", dtype=int),
        )

    def nowcast_entries(self) -> List[Dict[str, Any]]:
        """The nowcast years after the latest actual year, each a dict:
        year, tonnes_co2e, low, high, method ("indicator" when an indicator
        nowcast was given to :func:`track` for that year, else "trend", the
        fallback), interval {level, low, high, combines} and indicators
        [{sector, name, ratio, source, notes}] (empty for the trend)."""
        c = self.core
        ind = self.indicator_nowcast
        out: Dict[int, Dict[str, Any]] = {}
        for y, v, lo, hi in zip(c.nowcast_years, c.nowcast, c.nowcast_lo, c.nowcast_hi):
            out[int(y)] = {
                "year": int(y),
                "tonnes_co2e": float(v),
                "low": float(lo),
                "high": float(hi),
                "method": "trend",
                "interval": {
                    "level": float(self.level),
                    "low": float(lo),
                    "high": float(hi),
                    "combines": ["trend prediction interval"],
                },
                "indicators": [],
                "trend_sectors": [],
            }
        if ind is not None:
            for y in ind.years:
                out[int(y)] = ind.entry(y, self.target.sector)
        return [out[y] for y in sorted(out)]

    @property
    def nowcast(self) -> pd.DataFrame:
        """value, low, high and method ("indicator" or "trend") by nowcast year."""
        e = self.nowcast_entries()
        return pd.DataFrame(
            {
                "value": [x["tonnes_co2e"] for x in e],
                "low": [x["low"] for x in e],
                "high": [x["high"] for x in e],
                "method": [x["method"] for x in e],
            },
            index=pd.Index([x["year"] for x in e], name="year", dtype=int),
        )

    def summary(self) -> Dict[str, Any]:
        """The figures as plain numbers (JSON-ready), each key naming its unit
        (``_tonnes_co2e``, ``_pct``, ``_pct_per_year``, ``_year``), rounded to
        what the data can tell: t CO2e to 0.1 t (the precision of
        Miljødirektoratet's accounts), per cents and rates to 0.01, the
        fractional year to 0.01. Unknown figures are None, never 0. The exact
        values are the attributes of the result (``result.core``)."""

        def num(x: Any, digits: int) -> Any:
            if x is None:
                return None
            x = float(x)
            if math.isnan(x):
                return None
            return round(x, digits) if math.isfinite(x) else x

        def t(x: Any) -> Any:  # t CO2e
            return num(x, 1)

        def pct(x: Any) -> Any:  # per cent, per cent per year
            return num(x, 2)

        c = self.core
        fi = self.fitted_rate_interval
        ro = c.run_out
        return {
            "target": str(self.target),
            "status": str(c.status),
            "base_year": c.base_year,
            "base_tonnes_co2e": t(c.base_value),
            "latest_year": c.latest_year,
            "latest_tonnes_co2e": t(c.latest_value),
            "change_since_base_pct": pct((c.latest_value / c.base_value - 1.0) * 100.0) if c.base_value else None,
            "pathway_tonnes_co2e_latest": t(c.pathway_value[-1]),
            "gap_tonnes_co2e_latest": t(c.gap[-1]),
            "gap_pct_latest": pct(c.gap_pct[-1]),
            "milestones": [{"year": y, "tonnes_co2e": t(v)} for y, v in c.milestones],
            "compound_rate_pct_per_year": pct(None if c.compound_rate is None else c.compound_rate * 100.0),
            "trend_rate_pct_per_year": pct(None if c.fitted_rate is None else c.fitted_rate * 100.0),
            "trend_rate_interval_pct": None if fi is None else [pct(fi[0] * 100.0), pct(fi[1] * 100.0)],
            "required_rate_pct_per_year": {str(y): pct(r * 100.0) for y, r in self.required_rates.items()},
            # the first year's cut at that rate, from the exact rate (not the rounded %)
            "required_cut_next_year_tonnes_co2e": {
                str(y): t(-r * c.latest_value) for y, r in self.required_rates.items()
            },
            "year_target_reached_on_trend": c.year_reached_whole,
            "year_target_reached_on_trend_exact": num(c.year_reached, 2),
            "reached_in_time": c.reached_in_time,
            "budget_tonnes_co2e": t(c.budget),
            "spent_tonnes_co2e": t(c.spent),
            "spent_interpolated_years": list(c.interpolated_years),
            "remaining_tonnes_co2e": t(c.remaining),
            "budget_run_out": str(ro.state),
            "budget_run_out_year": ro.year if ro.state == RunOutState.runs_out else None,
            "budget_overspent_since": ro.year if ro.state == RunOutState.overspent else None,
            "budget_convention": str(self.convention),
            "nowcast": [
                dict(e, tonnes_co2e=t(e["tonnes_co2e"]), low=t(e["low"]), high=t(e["high"]))
                for e in self.nowcast_entries()
            ],
        }

    def to_dict(self) -> Dict[str, Any]:
        """Every figure of the C++ result as plain Python values."""
        return dict(self.core.to_dict())

    def plot(self, ax: Any = None, *, by_sector: bool = True, title: Optional[str] = None) -> Any:
        """Actual emissions (stacked by sector when the inventory is known),
        the target pathway, the milestones and the nowcast."""
        return plot_tracking(self, ax=ax, by_sector=by_sector, title=title)

    def _repr_html_(self) -> str:
        return _display.tracking(self)

    def __repr__(self) -> str:
        return _display.tracking_repr(self)


def _series_of(data: Any, target: Target) -> pd.Series:
    """t CO2e by year: an Inventory's total (or ``target.sector``), or a Series / mapping."""
    if isinstance(data, Inventory):
        if target.sector is not None:
            bs = data.by_sector()
            if target.sector not in bs.index:
                raise KeyError(f"sector {target.sector!r} is not in the inventory; sectors: {list(bs.index)}")
            series = bs.loc[target.sector]
        else:
            series = data.total()
    else:
        series = _plain_series(data)
    return _checked_series(series)


def _plain_series(data: Any) -> pd.Series:
    """A Series, a mapping year -> t CO2e, or a frame holding one series
    (one row with years as columns, as ``by_sector()`` gives for one
    sector, or columns ``year`` and ``value``)."""
    if isinstance(data, pd.DataFrame):
        if {"year", "value"} <= set(map(str, data.columns)):
            return pd.Series(data["value"].to_numpy(), index=data["year"].to_numpy())
        if len(data) == 1:
            return data.iloc[0]
        if data.empty:
            raise _core.ArgumentError("track(): the frame is empty: give at least one (year, t CO2e)")
        raise _core.ArgumentError(
            f"track(): a frame of {len(data)} rows is not one series: give a Series of t CO2e by year, "
            "a frame with columns 'year' and 'value', or one row with years as columns"
        )
    if isinstance(data, pd.Series):
        return data
    if isinstance(data, Mapping):
        return pd.Series(dict(data), dtype=object)
    raise _core.ArgumentError(
        f"track(): expected an Inventory, a Series or mapping of t CO2e by year, or a frame, not {type(data).__name__}"
    )


def _checked_series(series: pd.Series) -> pd.Series:
    """t CO2e by whole year, increasing; an ArgumentError naming the year
    for an empty series, a year that is not a whole number, a repeated year
    or a value that is not a number."""
    if len(series) == 0:
        raise _core.ArgumentError("track(): the series is empty: give at least one (year, t CO2e)")
    years = []
    for y in series.index:
        try:
            fy = float(y)
        except (TypeError, ValueError):
            fy = float("nan")
        if isinstance(y, (bool, np.bool_)) or not np.isfinite(fy) or fy != int(fy):
            raise _core.ArgumentError(f"track(): the year {y!r} is not a whole number")
        years.append(int(fy))
    seen: Dict[int, int] = {}
    for y in years:
        seen[y] = seen.get(y, 0) + 1
    repeated = sorted(y for y, n in seen.items() if n > 1)
    if repeated:
        raise _core.ArgumentError(
            f"track(): the year {repeated[0]} appears {seen[repeated[0]]} times in the series: give one value per year"
        )
    values = []
    for y, v in zip(years, series.tolist()):
        if isinstance(v, (bool, np.bool_)):
            raise _core.ArgumentError(f"track(): the value for {y} is {v!r}, not t CO2e")
        if v is None or v is pd.NA:
            v = float("nan")  # the core says "the series has no value for <year>"
        try:
            values.append(float(v))
        except (TypeError, ValueError):
            raise _core.ArgumentError(f"track(): the value for {y} ({v!r}) is not a number of t CO2e") from None
    return pd.Series(values, index=pd.Index(years, dtype=int), dtype=float).sort_index()


def track(
    data: Any,
    target: Target,
    *,
    shape: ShapeLike = SegmentShape.linear,
    convention: ConventionLike = CumulativeConvention.annual_sum,
    nowcast_until: Optional[int] = None,
    level: float = 0.95,
    population: Optional[Mapping[int, float]] = None,
    activity: Optional[Mapping[int, float]] = None,
    projection: Any = None,
    nowcast: Any = None,
) -> TrackingResult:
    """Tracks an :class:`~ghgtrack.Inventory` (its total, or ``target.sector``)
    or a Series of t CO2e by year against ``target``.

    ``projection``: a scenario (:func:`ghgtrack.scenario`), an Inventory or a
    Series of t CO2e for the years after the data. Projected years never
    count as actual data: they enter neither the trend, the rates, the spent
    budget nor the status, and are reported apart (``projected_years``,
    ``projected_gap``, ``projected_year_met``,
    ``projected_gap_in_target_year``; ``projection_frame``).

    ``nowcast_until`` (default: this calendar year) extends the trend past
    the latest statistics with prediction intervals at ``level``. The result
    holds the pathway and the trend fit used (``result.pathway``, ``result.fit``).

    ``nowcast``: an indicator nowcast (:func:`ghgtrack.nowcast.nowcast`) from
    the same latest year; its years carry method "indicator" with its
    interval and the indicators used (the total, or ``target.sector``'s
    own nowcast); years it does not cover keep the trend, method "trend".
    """
    inventory = data if isinstance(data, Inventory) else None
    series = _series_of(data, target)
    if nowcast_until is None:
        nowcast_until = max(datetime.date.today().year, int(series.index[-1]))
    conv = _enum(CumulativeConvention, convention)
    years, values, last_actual = [int(y) for y in series.index], series.tolist(), None
    if projection is not None:
        proj = _series_of(getattr(projection, "inventory", projection), target)
        years, values, last_actual = years + [int(y) for y in proj.index], values + proj.tolist(), years[-1]
    core = _core.track(
        years,
        values,
        target.core,
        _enum(SegmentShape, shape),
        conv,
        int(nowcast_until),
        level,
        _scale(population if population is not None else activity),
        last_actual,
    )
    result = TrackingResult(core, target, convention=conv, inventory=inventory)
    result.level = level
    if nowcast is not None:
        if not hasattr(nowcast, "entry") or not hasattr(nowcast, "base_year"):
            raise _core.ArgumentError(
                f"nowcast must be a ghgtrack.Nowcast (from ghgtrack.nowcast.nowcast), got {type(nowcast).__name__}"
            )
        if int(nowcast.base_year) != int(core.latest_year):
            raise _core.ArgumentError(
                f"the nowcast starts from {nowcast.base_year} but the data's latest actual year is "
                f"{core.latest_year}: nowcast the same accounts"
            )
        if target.sector is not None:
            nowcast.sector(target.sector)  # a KeyError naming the sectors when it has none
        result.indicator_nowcast = nowcast
    return result


@dataclass
class TrackingTable:
    """Tracking figures for many series: ``summary`` has one row per series;
    ``pathway`` and ``gap`` are series x years (t CO2e)."""

    summary: pd.DataFrame
    pathway: pd.DataFrame
    gap: pd.DataFrame


def _by_code(kind: Any, codes: np.ndarray) -> np.ndarray:
    """The members of a bound enum for an array of their values (an object
    array, as a list of them would give, without a Python call per item)."""
    members = np.empty(max(int(v) for v in kind.__members__.values()) + 1, dtype=object)
    for v in kind.__members__.values():
        members[int(v)] = v
    return members[codes]


def evaluate_many(
    kind: Any,
    start_year: float,
    start_values: Any,
    end_year: float,
    end_values: Any,
    years: Any,
    *,
    threads: int = 1,
) -> Any:
    """Pathways of one family for many series at once: series ``i`` goes
    from ``start_values[i]`` in ``start_year`` to ``end_values[i]`` in
    ``end_year`` (``kind`` ``"linear"``, ``"constant_rate"``, ``"s_curve"``;
    or ``"budget"``: ``end_values[i]`` is the series' carbon budget, t CO2e,
    and ``end_year`` is not used), evaluated at every year of ``years``.
    Returns a series x years array (t CO2e/yr), or a DataFrame indexed like
    ``start_values`` when that is a Series. The same values as one
    :class:`Pathway` per series, computed across series in C++
    (``evaluate_many`` in tracking_batch.hpp)."""
    starts = np.asarray(start_values, dtype=float)
    out = _core.evaluate_many(
        _enum(_core.PathwayFamily, kind),
        float(start_year),
        starts,
        float(end_year),
        np.asarray(end_values, dtype=float),
        np.asarray(years, dtype=float),
        threads,
    )
    if isinstance(start_values, pd.Series):
        return pd.DataFrame(out, index=start_values.index, columns=pd.Index(np.asarray(years), name="year"))
    return out


def track_many(
    frame: pd.DataFrame,
    target: Target,
    *,
    shape: ShapeLike = SegmentShape.linear,
    convention: ConventionLike = CumulativeConvention.annual_sum,
    threads: int = 1,
) -> TrackingTable:
    """Tracks every row of ``frame`` (series x years, t CO2e; e.g. one row
    per municipality and sector) against the same ``target``, each relative
    to its own base-year value, in one C++ call on ``threads`` threads
    (1: none started; 0: one per hardware thread). Status per row follows
    the rule of :func:`track`."""
    years = [int(c) for c in frame.columns]
    values = frame.to_numpy(dtype=float)
    r = _core.track_batch(
        years, values, target.core, _enum(SegmentShape, shape), _enum(CumulativeConvention, convention), threads
    )
    cols = pd.Index(years, name="year")
    summary = pd.DataFrame(
        {
            "status": _by_code(Status, r.status_code),
            "compound_rate": r.compound_rate,
            "trend_rate": r.fitted_rate,
            f"required_rate_to_{target.final_year}": r.required_rate,
            "year_reached_on_trend": r.year_reached,
            "budget_tonnes_co2e": r.budget,
            "spent_tonnes_co2e": r.spent,
            "remaining_tonnes_co2e": r.remaining,
            "budget_run_out": _by_code(RunOutState, r.run_out_code),
            "budget_run_out_year": r.run_out_year,
        },
        index=frame.index,
    )
    return TrackingTable(
        summary=summary,
        pathway=pd.DataFrame(r.pathway, index=frame.index, columns=cols),
        gap=pd.DataFrame(r.gap, index=frame.index, columns=cols),
    )


__all__ = [
    "BudgetRunOut",
    "CumulativeConvention",
    "Pathway",
    "RunOutState",
    "SegmentShape",
    "SeriesFill",
    "Status",
    "Target",
    "TargetKind",
    "TrackingResult",
    "TrackingTable",
    "TrendFit",
    "annual_rate",
    "budget_of_rate",
    "evaluate_many",
    "interpolate",
    "rate_for_budget",
    "required_rate",
    "track",
    "track_many",
    "whole_year",
]
