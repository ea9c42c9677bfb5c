"""Targets, pathways, carbon budgets and progress tracking.

Emissions are t CO2e per year (``tonnes_co2e``); rates are fractions per
year, negative for a reduction (-0.05 = -5 %/yr). See
``include/ghgtrack/pathway.hpp`` and ``tracking.hpp`` for the methods and
the status rule.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _core

Number = Union[int, float]
CONVENTIONS = ("annual_sum", "trapezoid")


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
        convention: str = "annual_sum",
    ) -> "Pathway":
        """The constant rate that spends exactly ``budget`` t CO2e from
        ``start_year`` on (all future years, or up to ``last_year``): the
        Tyndall Centre method for local carbon budgets."""
        return cls(_core.Pathway.from_budget(start_year, start_value, budget, last_year, convention), "budget")

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
        shape: str = "linear",
    ) -> "Pathway":
        """Through milestones ``{year: t CO2e}``, each segment ``"linear"`` or
        ``"constant_rate"``."""
        items = sorted((float(k), float(v)) for k, v in dict(milestones).items())
        return cls(_core.Pathway.through([k for k, _ in items], [v for _, v in items], shape), f"{shape} milestones")

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

    def cumulative(self, first: int, last: int, *, convention: str = "annual_sum") -> float:
        """Cumulative t CO2e over whole years ``first``..``last`` (both
        included): ``"annual_sum"`` (as pyam's cumulative) or ``"trapezoid"``."""
        return self._core.cumulative(int(first), int(last), convention)

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


def required_rate(start_year: Number, start_value: float, end_year: Number, end_value: float) -> float:
    """The constant annual rate from ``start_value`` to ``end_value``:
    ``(end / start) ** (1 / years) - 1``."""
    return _core.required_rate(start_year, start_value, end_year, end_value)


def rate_for_budget(start_year: Number, start_value: float, budget: float, *, last_year: Optional[int] = None,
                    convention: str = "annual_sum") -> float:
    """The constant annual rate that spends exactly ``budget`` t CO2e."""
    return _core.rate_for_budget(start_year, start_value, budget, last_year, convention)


def budget_of_rate(start_year: Number, start_value: float, rate: float, *, last_year: Optional[int] = None,
                   convention: str = "annual_sum") -> float:
    """The t CO2e a constant annual ``rate`` spends."""
    return _core.budget_of_rate(start_year, start_value, rate, last_year, convention)


_TARGET_TEXT = re.compile(r"^\s*(\d{4})\s*:\s*([-+]?\d+(?:[.,]\d+)?)\s*(%?)\s*$")


@dataclass
class Target:
    """A climate target: milestones relative to a base year, or levels.

    ``reductions`` maps years to cuts (0.67 or "67%" means -67 % vs the base
    year); ``levels`` maps years to allowed t CO2e. ``kind`` says what the
    numbers are about:

    - ``"absolute"``: the emissions themselves (the default);
    - ``"per_capita"``: per inhabitant; tracking needs ``population``;
    - ``"intensity"``: per unit of activity; tracking needs ``activity``;
    - ``"net_zero"``: see :meth:`net_zero`.

    ``sector`` restricts the target to one sector of an inventory.
    """

    base_year: Optional[int] = None
    reductions: Dict[int, float] = field(default_factory=dict)
    levels: Dict[int, float] = field(default_factory=dict)
    kind: str = "absolute"
    sector: Optional[str] = None
    base_value: Optional[float] = None
    name: str = ""

    def __post_init__(self) -> None:
        self.reductions = {int(y): _fraction(c) for y, c in dict(self.reductions).items()}
        self.levels = {int(y): float(v) for y, v in dict(self.levels).items()}
        if self.kind not in ("absolute", "per_capita", "intensity", "net_zero"):
            raise ValueError(f"kind must be absolute, per_capita, intensity or net_zero, not {self.kind!r}")
        if not self.reductions and not self.levels:
            raise ValueError("a target needs at least one milestone (reductions= or levels=)")
        if self.reductions and self.base_year is None:
            raise ValueError("a percentage target needs base_year=")
        years = sorted({**self.reductions, **self.levels})
        if self.base_year is not None and years[0] <= self.base_year:
            raise ValueError(f"target year {years[0]} is not after the base year {self.base_year}")
        for y, v in self.levels.items():
            if not math.isfinite(v):
                raise ValueError(f"the level for {y} is not a number")

    # -- common constructors ----------------------------------------------------
    @classmethod
    def parse(cls, text: str, *, base_year: int, **kwargs: Any) -> "Target":
        """From text such as ``"2030:-67%"`` or ``"2030:-67%,2050:-95%"``."""
        cuts: Dict[int, float] = {}
        for part in text.split(","):
            m = _TARGET_TEXT.match(part)
            if not m or not m.group(3):
                raise ValueError(f"cannot read target {part.strip()!r}; write e.g. 2030:-67%")
            pct = float(m.group(2).replace(",", "."))
            if pct > 0:
                raise ValueError(f"target {part.strip()!r} is an increase; write a cut as -67%")
            cuts[int(m.group(1))] = -pct / 100.0
        return cls(base_year=base_year, reductions=cuts, name=kwargs.pop("name", text), **kwargs)

    @classmethod
    def net_zero(cls, year: int, *, removals: float, residual: Optional[float] = None,
                 base_year: Optional[int] = None, **kwargs: Any) -> "Target":
        """Net zero in ``year``: gross emissions may not exceed the expected
        ``removals`` (t CO2e/yr); ``residual`` (default: the removals) is the
        gross level planned, and must not exceed them."""
        residual = removals if residual is None else residual
        if residual > removals:
            raise ValueError(f"residual emissions {residual:,.0f} t exceed removals {removals:,.0f} t: not net zero")
        return cls(base_year=base_year, levels={year: residual}, kind="net_zero", **kwargs)

    @property
    def years(self) -> List[int]:
        return sorted({**self.reductions, **self.levels})

    @property
    def final_year(self) -> int:
        return self.years[-1]

    def milestones(self, base_value: float, *, population: Optional[Mapping[int, float]] = None,
                   activity: Optional[Mapping[int, float]] = None) -> List[Tuple[int, float]]:
        """(year, allowed t CO2e) given the base-year value in the target's
        own terms (t CO2e, t per person or t per unit of activity)."""
        if self.reductions and not (base_value > 0):
            raise ValueError(f"a percentage target needs a positive base-year value (got {base_value!r})")
        out = []
        for y in self.years:
            if y in self.reductions:
                level = base_value * (1.0 - self.reductions[y])
            else:
                level = self.levels[y]
            if self.kind == "per_capita":
                level *= _lookup(population, y, "population")
            elif self.kind == "intensity":
                level *= _lookup(activity, y, "activity")
            out.append((y, level))
        return out

    def __str__(self) -> str:
        parts = [f"{y}: -{c * 100:g} %" for y, c in sorted(self.reductions.items())]
        parts += [f"{y}: {v:,.0f} t" for y, v in sorted(self.levels.items())]
        base = f" vs {self.base_year}" if self.base_year is not None and self.reductions else ""
        what = {"absolute": "", "per_capita": " per capita", "intensity": " per unit of activity",
                "net_zero": " (net zero)"}[self.kind]
        return f"{', '.join(parts)}{base}{what}" + (f" [{self.sector}]" if self.sector else "")


def _fraction(c: Any) -> float:
    if isinstance(c, str):
        t = c.strip().replace(",", ".")
        v = float(t.rstrip("%")) / (100.0 if t.endswith("%") else 1.0)
    else:
        v = float(c)
    v = abs(v) if v < 0 else v  # "-67%" and 0.67 both mean a 67 % cut
    if not (0.0 <= v <= 1.0):
        raise ValueError(f"a reduction must be between 0 and 100 % (got {c!r})")
    return v


def _lookup(series: Optional[Mapping[int, float]], year: int, what: str) -> float:
    if series is None:
        raise ValueError(f"this target needs {what}= to track")
    s = pd.Series(series, dtype=float)
    if year not in s.index:
        raise KeyError(f"no {what} given for {year}")
    return float(s[year])


@dataclass
class TrackingResult:
    """Where the series stands against its target pathway. ``frame`` has one
    row per actual year (actual, pathway, gap_tonnes, gap_pct); the other
    fields are the figures of the status report."""

    target: Target
    pathway: Pathway
    frame: pd.DataFrame
    status: str
    latest_year: int
    latest_value: float
    compound_rate: float
    fitted_rate: Optional[float]
    fitted_rate_interval: Optional[Tuple[float, float]]
    required_rates: Dict[int, float]
    milestones: List[Tuple[int, float]]
    year_reached: Optional[float]
    reached_in_time: bool
    budget: float
    spent: float
    remaining: float
    run_out_year: Optional[int]
    nowcast: pd.DataFrame
    convention: str
    base_year: int
    base_value: float
    inventory: Any = None
    unit: str = "t CO2e"

    def summary(self) -> Dict[str, Any]:
        """The figures as plain numbers (JSON-ready)."""
        def num(x: Any) -> Any:
            if x is None:
                return None
            x = float(x)
            return None if math.isnan(x) else x
        return {
            "target": str(self.target),
            "status": self.status,
            "base_year": self.base_year,
            "base_tonnes_co2e": self.base_value,
            "latest_year": self.latest_year,
            "latest_tonnes_co2e": self.latest_value,
            "change_since_base_pct": (self.latest_value / self.base_value - 1.0) * 100.0 if self.base_value else None,
            "pathway_tonnes_co2e_latest": num(self.frame["pathway"].iloc[-1]),
            "gap_tonnes_co2e_latest": num(self.frame["gap_tonnes"].iloc[-1]),
            "gap_pct_latest": num(self.frame["gap_pct"].iloc[-1]),
            "milestones": [{"year": y, "tonnes_co2e": v} for y, v in self.milestones],
            "compound_rate_pct_per_year": num(self.compound_rate * 100.0),
            "trend_rate_pct_per_year": num(None if self.fitted_rate is None else self.fitted_rate * 100.0),
            "trend_rate_interval_pct": None if self.fitted_rate_interval is None
            else [self.fitted_rate_interval[0] * 100.0, self.fitted_rate_interval[1] * 100.0],
            "required_rate_pct_per_year": {str(y): num(r * 100.0) for y, r in self.required_rates.items()},
            "year_target_reached_on_trend": num(self.year_reached),
            "reached_in_time": self.reached_in_time,
            "budget_tonnes_co2e": self.budget,
            "spent_tonnes_co2e": self.spent,
            "remaining_tonnes_co2e": self.remaining,
            "budget_run_out_year": self.run_out_year,
            "budget_convention": self.convention,
            "nowcast": [
                {"year": int(y), "tonnes_co2e": float(r["value"]), "low": float(r["low"]), "high": float(r["high"])}
                for y, r in self.nowcast.iterrows()
            ],
        }

    def plot(self, ax: Any = None, *, by_sector: bool = True, title: Optional[str] = None) -> Any:
        """Actual emissions (stacked by sector when the inventory is known),
        the target pathway, the milestones and the nowcast."""
        from .plotting import plot_tracking

        return plot_tracking(self, ax=ax, by_sector=by_sector, title=title)

    def _repr_html_(self) -> str:
        from .report import tracking_html_summary

        return tracking_html_summary(self)

    def __repr__(self) -> str:
        return (f"<ghgtrack.TrackingResult {self.status}: {self.latest_year} {self.latest_value:,.0f} t vs "
                f"pathway {self.frame['pathway'].iloc[-1]:,.0f} t; target {self.target}>")


def track(
    data: Any,
    target: Target,
    *,
    shape: str = "linear",
    convention: str = "annual_sum",
    nowcast_until: Optional[int] = None,
    level: float = 0.95,
    population: Optional[Mapping[int, float]] = None,
    activity: Optional[Mapping[int, float]] = None,
) -> TrackingResult:
    """Tracks an :class:`~ghgtrack.Inventory` (its total, or ``target.sector``)
    or a Series of t CO2e by year against ``target``.

    ``nowcast_until`` (default: this calendar year) extends the trend past
    the latest statistics with prediction intervals at ``level``.
    """
    from .inventory import Inventory

    inventory = None
    if isinstance(data, Inventory):
        inventory = data
        if target.sector is not None:
            bs = data.by_sector()
            if target.sector not in bs.index:
                raise KeyError(f"sector {target.sector!r} is not in the inventory; sectors: {list(bs.index)}")
            series = bs.loc[target.sector]
        else:
            series = data.total()
    else:
        series = pd.Series(data, dtype=float)
    series = series.astype(float)
    if series.isna().any():
        raise ValueError(f"the series has no value for {list(series.index[series.isna()])}")
    series.index = series.index.astype(int)
    series = series.sort_index()
    base_year = target.base_year if target.base_year is not None else int(series.index[0])
    if base_year not in series.index:
        raise ValueError(f"the base year {base_year} is not in the data (years {series.index[0]}-{series.index[-1]})")
    base_abs = float(series[base_year])
    if target.base_value is not None:
        base_abs = float(target.base_value)
    base_in_terms = base_abs
    if target.kind == "per_capita":
        base_in_terms = base_abs / _lookup(population, base_year, "population")
    elif target.kind == "intensity":
        base_in_terms = base_abs / _lookup(activity, base_year, "activity")
    milestones = target.milestones(base_in_terms, population=population, activity=activity)
    if nowcast_until is None:
        nowcast_until = max(datetime.date.today().year, int(series.index[-1]))
    r = _core.track(
        [int(y) for y in series.index], series.tolist(), base_year, base_abs, milestones,
        shape, convention, int(nowcast_until), level,
    )
    years = r["years"]
    frame = pd.DataFrame(
        {"actual": r["actual"], "pathway": r["pathway"], "gap_tonnes": r["gap"], "gap_pct": r["gap_pct"]},
        index=pd.Index(years, name="year"),
    )
    nowcast = pd.DataFrame(
        {"value": r["nowcast"], "low": r["nowcast_lo"], "high": r["nowcast_hi"]},
        index=pd.Index(r["nowcast_years"], name="year"),
    )
    path_core = _core.Pathway.through([float(base_year)] + [float(y) for y, _ in milestones],
                                      [base_abs] + [v for _, v in milestones], shape)
    fi = None
    if r["fitted_rate_lo"] is not None:
        fi = (r["fitted_rate_lo"], r["fitted_rate_hi"])
    return TrackingResult(
        target=target,
        pathway=Pathway(path_core, f"{shape} to target"),
        frame=frame,
        status=r["status"],
        latest_year=r["latest_year"],
        latest_value=r["latest_value"],
        compound_rate=r["compound_rate"],
        fitted_rate=r["fitted_rate"],
        fitted_rate_interval=fi,
        required_rates={y: rr for (y, _), rr in zip(r["upcoming"], r["required_rates"])},
        milestones=milestones,
        year_reached=r["year_reached"],
        reached_in_time=r["reached_in_time"],
        budget=r["budget"],
        spent=r["spent"],
        remaining=r["remaining"],
        run_out_year=r["run_out_year"],
        nowcast=nowcast,
        convention=convention,
        base_year=base_year,
        base_value=base_abs,
        inventory=inventory,
    )


STATUS_NAMES = np.array(["on track", "at risk", "off track"], dtype=object)


@dataclass
class TrackingTable:
    """Tracking figures for many series: ``summary`` has one row per series;
    ``pathway`` and ``gap`` are series x years (t CO2e)."""

    summary: pd.DataFrame
    pathway: pd.DataFrame
    gap: pd.DataFrame


def track_many(
    frame: pd.DataFrame,
    target: Target,
    *,
    shape: str = "linear",
    convention: str = "annual_sum",
    threads: int = 2,
) -> TrackingTable:
    """Tracks every row of ``frame`` (series x years, t CO2e; e.g. one row
    per municipality and sector) against the same percentage ``target``,
    each relative to its own base-year value, in one C++ call on ``threads``
    threads. Status per row follows the rule of :func:`track`."""
    if target.levels or target.kind != "absolute":
        raise ValueError("track_many takes a percentage target (reductions=) of kind 'absolute'")
    if target.base_year is None:
        raise ValueError("the target needs base_year=")
    years = [int(c) for c in frame.columns]
    values = frame.to_numpy(dtype=float)
    if np.isnan(values).any():
        i, j = np.argwhere(np.isnan(values))[0]
        raise ValueError(f"no value for {frame.index[i]!r} in {years[j]}")
    cuts = sorted(target.reductions.items())
    r = _core.track_batch(years, values, target.base_year, cuts, shape, convention, threads)
    cols = pd.Index(years, name="year")
    req_year = cuts[-1][0]
    summary = pd.DataFrame(
        {
            "status": STATUS_NAMES[np.asarray(r["status"])],
            "compound_rate": r["compound_rate"],
            "trend_rate": r["fitted_rate"],
            f"required_rate_to_{req_year}": r["required_rate"],
            "year_reached_on_trend": r["year_reached"],
            "budget_tonnes_co2e": r["budget"],
            "spent_tonnes_co2e": r["spent"],
            "remaining_tonnes_co2e": r["remaining"],
            "budget_run_out_year": r["run_out_year"],
        },
        index=frame.index,
    )
    return TrackingTable(
        summary=summary,
        pathway=pd.DataFrame(r["pathway"], index=frame.index, columns=cols),
        gap=pd.DataFrame(r["gap"], index=frame.index, columns=cols),
    )
