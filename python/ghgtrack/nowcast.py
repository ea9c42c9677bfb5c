"""Nowcast the years after the latest accounts from activity indicators.

The model, the missing-year rule, the fit, the intervals and the backtest
are in C++ (``include/ghgtrack/nowcast.hpp``; docs/nowcast.md). This module
reads the indicator tables (:mod:`ghgtrack.indicators`), builds the
drivers for road transport and returns pandas frames.

Road transport ("Veitrafikk" in Miljødirektoratet's accounts)::

    E(t) = E(base) x traffic volume ratio x fossil share of vehicle-km ratio
                   x CO2 per fossil vehicle-km ratio x exp(bias x (t - base))

- traffic volume: Statens vegvesen's city index (byindeks) for the area
  (Oslo municipality by default; year to date for a partial year), the
  national road traffic index for years before the city index; or an index
  from counting points (:func:`traffic_index`, e.g. Asker's points);
- fossil share of vehicle-km: SSB 12577, (petrol + diesel) / all vehicle-km,
  Norway;
- CO2 per fossil vehicle-km: SSB 13931 road CO2 / SSB 12577 petrol + diesel
  vehicle-km, Norway: it falls with biofuel blending (and fleet efficiency).

Other sectors follow the trend of their own accounts, flagged "trend".
"""

from __future__ import annotations

import datetime
import math
import pathlib
from typing import Any, Dict, List, Optional, Sequence

import pandas as pd

from . import _core
from . import indicators as _ind
from .indicators import PathLike

ROAD_SECTOR = "Veitrafikk"


def _dir_path(directory: Optional[PathLike], name: str) -> Optional[str]:
    return None if directory is None else str(pathlib.Path(directory) / name)


def traffic_index(mdt: pd.DataFrame, *, min_coverage: float = 50.0) -> pd.DataFrame:
    """A year-on-year traffic index from counting points (a frame from
    :func:`ghgtrack.indicators.read_trp_mdt`, e.g. ``municipality="Asker"``):
    matched point-months with coverage >= ``min_coverage`` %, each month
    weighted by its days, points by their previous-year volume (C++
    ``traffic_index_from_points``). Columns: ratio, log_se, points,
    point_months, last_month, note (partial years say so)."""
    r = _core.traffic_index_from_points(
        mdt["trp_id"].astype(str).tolist(),
        mdt["year"].astype(int).tolist(),
        mdt["month"].astype(int).tolist(),
        mdt["mdt"].astype(float).tolist(),
        mdt["coverage_pct"].astype(float).tolist(),
        float(min_coverage),
    )
    out = pd.DataFrame(
        {
            "ratio": r.ratio,
            "log_se": r.log_se,
            "points": r.points,
            "point_months": r.point_months,
            "last_month": r.last_month,
        },
        index=pd.Index(r.years, name="year"),
    )
    out["note"] = [
        "" if m == 12 else f"partial year: {_ind.month_range(m)} (year to date, matched months)"
        for m in out["last_month"]
    ]
    return out


def traffic_indicator(
    directory: Optional[PathLike] = None, *, area: str = "Oslo", points: Optional[pd.DataFrame] = None
) -> "_core.NowcastIndicator":
    """The traffic-volume driver: the city index for ``area`` (or the
    ``points`` index from :func:`traffic_index`) where it exists, the
    national road traffic index for earlier years (flagged in the notes)."""
    nat = _ind.read_road_traffic_index(_dir_path(directory, _ind.ROAD_TRAFFIC_INDEX))
    if points is not None:
        city = points.dropna(subset=["log_se"]) if points["log_se"].notna().any() else points
        src = "Statens vegvesen counting points (monthly MDT, volume-weighted; ghgtrack.nowcast.traffic_index)"
    else:
        city = _ind.read_byindeks(_dir_path(directory, _ind.BYINDEKS), area=area)
        src = city.attrs["source"]
    first = int(city.index.min())
    years: List[int] = []
    ratio: List[float] = []
    se: List[float] = []
    notes: List[str] = []
    for y, v in nat["ratio"].items():
        if int(y) < first:
            years.append(int(y))
            ratio.append(float(v))
            se.append(0.0)
            notes.append("national road traffic index (no local index this year)")
    for y, r in city.iterrows():
        years.append(int(y))
        ratio.append(float(r["ratio"]))
        se.append(0.0 if pd.isna(r["log_se"]) else float(r["log_se"]))
        notes.append(str(r["note"]))
    return _core.NowcastIndicator.from_changes(
        "traffic volume",
        src + f"; before {first}: Statens vegvesen national road traffic index (all roads, all vehicles)",
        years,
        ratio,
        se,
        notes,
    )


def fossil_share_indicator(directory: Optional[PathLike] = None) -> "_core.NowcastIndicator":
    """(petrol + diesel) / all vehicle-km in Norway, SSB 12577, as a driver."""
    km = _ind.read_vehicle_km(_dir_path(directory, _ind.VEHICLE_KM))
    share = (km["Bensin"] + km["Diesel"]) / km["Alle typer drivstoff"]
    share = share.dropna()
    return _core.NowcastIndicator.from_levels(
        "fossil share of vehicle-km",
        "SSB 12577 vehicle-km by fuel, Norway: (Bensin + Diesel) / Alle typer drivstoff",
        [int(y) for y in share.index],
        share.tolist(),
    )


def emission_factor_indicator(directory: Optional[PathLike] = None) -> "_core.NowcastIndicator":
    """CO2 per fossil vehicle-km in Norway (SSB 13931 road CO2 / SSB 12577
    petrol + diesel vehicle-km): falls with biofuel blending and fleet
    efficiency."""
    km = _ind.read_vehicle_km(_dir_path(directory, _ind.VEHICLE_KM))
    co2 = _ind.read_road_co2(_dir_path(directory, _ind.ROAD_CO2))
    fossil = (km["Bensin"] + km["Diesel"]).dropna()
    years = sorted(set(int(y) for y in fossil.index) & set(int(y) for y in co2.index))
    ef = [float(co2[y]) / float(fossil[y]) for y in years]
    return _core.NowcastIndicator.from_levels(
        "CO2 per fossil vehicle-km (biofuel blending, efficiency)",
        "SSB 13931 road-traffic CO2 (all fuels) / SSB 12577 petrol + diesel vehicle-km, Norway",
        years,
        ef,
    )


def road_model(
    directory: Optional[PathLike] = None,
    *,
    area: str = "Oslo",
    points: Optional[pd.DataFrame] = None,
    sector: str = ROAD_SECTOR,
) -> "_core.NowcastSectorModel":
    """The road-transport model: traffic volume x fossil share x CO2 per
    fossil vehicle-km (see the module's doc). ``points``: a counting-point
    index from :func:`traffic_index` in place of the city index (Asker)."""
    return _core.NowcastSectorModel(
        sector,
        [
            traffic_indicator(directory, area=area, points=points),
            fossil_share_indicator(directory),
            emission_factor_indicator(directory),
        ],
    )


def _accounts(inventory: Any) -> tuple:
    bs = inventory.by_sector() if hasattr(inventory, "by_sector") else pd.DataFrame(inventory)
    bs = bs.astype(float)
    years = [int(y) for y in bs.columns]
    return [str(s) for s in bs.index], years, [list(map(float, row)) for row in bs.to_numpy()]


class Nowcast:
    """A nowcast of the years after the latest accounts: per sector (method
    "indicator" or "trend") and the total, with intervals at ``level``."""

    def __init__(self, core: "_core.NowcastResult", models: Sequence[Any]):
        self.core = core
        self.models = list(models)

    @property
    def base_year(self) -> int:
        return int(self.core.base_year)

    @property
    def years(self) -> List[int]:
        return [int(y) for y in self.core.years]

    @property
    def level(self) -> float:
        return float(self.core.level)

    @property
    def form(self) -> str:
        return str(self.core.form)

    def sector(self, name: str) -> "_core.SectorNowcast":
        for s in self.core.sectors:
            if s.sector == name:
                return s
        raise KeyError(f"no sector {name!r}; sectors: {[s.sector for s in self.core.sectors]}")

    @property
    def total(self) -> pd.DataFrame:
        """value, low, high by year (t CO2e)."""
        c = self.core
        return pd.DataFrame(
            {"value": c.total, "low": c.total_lo, "high": c.total_hi}, index=pd.Index(self.years, name="year")
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per sector and year (and the total): value, low, high,
        method, indicators (t CO2e)."""
        rows = []
        for s in self.core.sectors:
            for k, y in enumerate(s.years):
                rows.append(
                    dict(
                        sector=s.sector,
                        year=int(y),
                        value=s.value[k],
                        low=s.lo[k],
                        high=s.hi[k],
                        method=s.method,
                        indicators=", ".join(d.name for d in s.drivers[k]) if s.method == "indicator" else "",
                    )
                )
        for k, y in enumerate(self.years):
            methods = sorted({s.method for s in self.core.sectors})
            rows.append(
                dict(
                    sector="total",
                    year=int(y),
                    value=self.core.total[k],
                    low=self.core.total_lo[k],
                    high=self.core.total_hi[k],
                    method=" + ".join(methods),
                    indicators="",
                )
            )
        return pd.DataFrame(rows).set_index(["sector", "year"])

    def drivers(self, sector: str = ROAD_SECTOR) -> pd.DataFrame:
        """The indicators of ``sector``: per year and driver the cumulative
        ratio from the base year, its log-scale standard error, the source
        and the notes (partial years, fallbacks, extrapolation)."""
        s = self.sector(sector)
        rows = [
            dict(year=int(y), indicator=d.name, ratio=d.ratio, log_se=d.log_se, source=d.source, notes=d.notes)
            for y, uses in zip(s.years, s.drivers)
            for d in uses
        ]
        return pd.DataFrame(rows).set_index(["year", "indicator"])

    def fits(self) -> pd.DataFrame:
        """The fit of each indicator sector: bias and residual sd (log scale), n, years."""
        return pd.DataFrame(
            [
                dict(
                    sector=f.sector,
                    n=f.n,
                    years=f"{min(f.years)}-{max(f.years)}" if f.years else "",
                    bias_pct_per_year=math.expm1(f.bias) * 100.0,
                    residual_sd_log=f.residual_sd,
                )
                for f in self.core.fits
            ]
        ).set_index("sector")

    def entry(self, year: int, sector: Optional[str] = None) -> Dict[str, Any]:
        """One nowcast year as a JSON-ready dict: year, tonnes_co2e, low,
        high, method, interval {level, low, high, combines}, indicators."""
        k = self.years.index(int(year))
        if sector is None:
            v, lo, hi = self.core.total[k], self.core.total_lo[k], self.core.total_hi[k]
            has_ind = [s for s in self.core.sectors if s.method == "indicator"]
            method = "indicator" if has_ind else "trend"
            uses = [(s.sector, d) for s in has_ind for d in s.drivers[k]]
            trend_sectors = [s.sector for s in self.core.sectors if s.method == "trend"]
        else:
            s = self.sector(sector)
            v, lo, hi, method = s.value[k], s.lo[k], s.hi[k], s.method
            uses = [(s.sector, d) for d in s.drivers[k]] if method == "indicator" else []
            trend_sectors = [] if method == "indicator" else [s.sector]
        combines = []
        if uses:
            combines += ["indicator confidence intervals", "backtest residual error"]
        if trend_sectors:
            combines.append("trend prediction interval")
        return {
            "year": int(year),
            "tonnes_co2e": float(v),
            "low": float(lo),
            "high": float(hi),
            "method": method,
            "interval": {"level": self.level, "low": float(lo), "high": float(hi), "combines": combines},
            "indicators": [
                {"sector": sec, "name": d.name, "ratio": float(d.ratio), "source": d.source, "notes": d.notes}
                for sec, d in uses
            ],
            "trend_sectors": trend_sectors,
        }

    def describe(self) -> str:
        """The model's form, each indicator's source, the fit and the nowcast, as text."""
        lines = [f"Nowcast of {', '.join(map(str, self.years))} from the accounts to {self.base_year}", self.form]
        for s in self.core.sectors:
            if s.method != "indicator":
                continue
            lines.append(f"{s.sector}: indicator model")
            for d in s.drivers[-1]:
                lines.append(f"  - {d.name}: {d.source}")
        for f in self.core.fits:
            yrs = f"{min(f.years)}-{max(f.years)}" if f.years else "none"
            lines.append(
                f"  fit ({f.sector}): {f.n} year pairs ({yrs}), bias {math.expm1(f.bias) * 100:+.2f} %/yr, "
                f"residual sd {f.residual_sd * 100:.2f} % (log)"
            )
        trend = [s.sector for s in self.core.sectors if s.method == "trend"]
        lines.append(f"trend (flagged): {', '.join(trend)}")
        for y in self.years:
            e = self.entry(y)
            lines.append(
                f"  {y}: total {e['tonnes_co2e']:,.0f} t ({self.level:.0%} interval {e['low']:,.0f} to "
                f"{e['high']:,.0f})"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<ghgtrack.Nowcast {self.years[0]}-{self.years[-1]} from {self.base_year}>"


def nowcast(
    inventory: Any,
    *,
    until: Optional[int] = None,
    models: Optional[Sequence[Any]] = None,
    directory: Optional[PathLike] = None,
    area: str = "Oslo",
    level: float = 0.95,
    fit_bias: bool = True,
    trend_years: int = 0,
) -> Nowcast:
    """Nowcasts ``inventory`` (an Inventory, or a sector x year frame of
    t CO2e) from its latest year to ``until`` (default: this year): road
    transport by :func:`road_model` (``area``'s city index), unless
    ``models`` are given, the other sectors by trend."""
    sectors, years, values = _accounts(inventory)
    if until is None:
        until = max(datetime.date.today().year, years[-1] + 1)
    if models is None:
        models = [road_model(directory, area=area)]
    core = _core.nowcast_run(
        sectors, years, values, list(models), int(until), level, fit_bias, trend_years=int(trend_years)
    )
    return Nowcast(core, models)


class Backtest:
    """A backtest (C++ ``backtest``): ``frame`` has one row per year and
    series, ``summary`` one row per series (mean absolute % error, indicator
    vs trend-only, and how often the interval held the published value)."""

    def __init__(self, core: "_core.NowcastBacktest"):
        self.core = core

    @property
    def frame(self) -> pd.DataFrame:
        rows = [
            dict(
                year=r.year,
                series=r.series,
                base_year=r.base_year,
                published=r.actual,
                indicator=r.indicator,
                indicator_low=r.indicator_lo,
                indicator_high=r.indicator_hi,
                indicator_error_pct=r.indicator_error_pct,
                trend=r.trend,
                trend_error_pct=r.trend_error_pct,
            )
            for r in self.core.rows
        ]
        return pd.DataFrame(rows).set_index(["year", "series"])

    @property
    def summary(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                dict(
                    series=s.series,
                    years=s.n,
                    indicator_mape_pct=s.indicator_mape,
                    trend_mape_pct=s.trend_mape,
                    indicator_mean_error_pct=s.indicator_bias_pct,
                    trend_mean_error_pct=s.trend_bias_pct,
                    indicator_interval_held=s.indicator_covered,
                    trend_interval_held=s.trend_covered,
                )
                for s in self.core.summary
            ]
        ).set_index("series")

    def to_markdown(self) -> str:
        """The error table (year x series: published, indicator, trend, errors) as a Markdown table."""
        head = "| year | series | base | published t | indicator t | error % | trend-only t | error % |"
        lines = [head, "|---|---|---|---:|---:|---:|---:|---:|"]
        for r in self.core.rows:
            lines.append(
                f"| {r.year} | {r.series} | {r.base_year} | {r.actual:,.0f} | {r.indicator:,.0f} | "
                f"{r.indicator_error_pct:+.1f} | {r.trend:,.0f} | {r.trend_error_pct:+.1f} |"
            )
        for s in self.core.summary:
            lines.append(f"| mean abs. error | {s.series} | | | | {s.indicator_mape:.1f} | | {s.trend_mape:.1f} |")
        return "\n".join(lines)


def backtest(
    inventory: Any,
    *,
    first: int = 2020,
    last: int = 2024,
    horizon: int = 1,
    models: Optional[Sequence[Any]] = None,
    directory: Optional[PathLike] = None,
    area: str = "Oslo",
    level: float = 0.95,
    fit_bias: bool = True,
    trend_years: int = 0,
) -> Backtest:
    """Nowcasts each year ``first``..``last`` from the accounts up to
    year - ``horizon`` only (the vintage rule, docs/nowcast.md) and compares
    with the published accounts and with the trend-only nowcast."""
    sectors, years, values = _accounts(inventory)
    if models is None:
        models = [road_model(directory, area=area)]
    return Backtest(
        _core.nowcast_backtest(
            sectors,
            years,
            values,
            list(models),
            int(first),
            int(last),
            int(horizon),
            level,
            fit_bias,
            trend_years=int(trend_years),
        )
    )


__all__ = [
    "Backtest",
    "Nowcast",
    "ROAD_SECTOR",
    "backtest",
    "emission_factor_indicator",
    "fossil_share_indicator",
    "nowcast",
    "road_model",
    "traffic_index",
    "traffic_indicator",
]
