"""The klimabudsjett ledger: annual emission caps (utslippsrammer), the
planned effect of the measures, planned against achieved, and restatement of
caps when a new inventory release changes the base year (C++ ``ledger.hpp``).

Signs: a cap given as a change vs the base year is a signed fraction,
``-0.52`` (or ``"-52%"``) for 52 % below the base year. A gap is
``projected - cap``: positive means over the cap.
"""

from __future__ import annotations

import os
import pathlib
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core, _display
from .inventory import Inventory

MEASURE_COLUMNS = ["id", "name", "status", "responsible", "reporting_owner"]

Number = Union[int, float]


def _signed_fraction(v: Any) -> float:
    """-0.52 from -0.52 or "-52%" (the rule is C++'s parse_change / check_change)."""
    return _core.parse_change(v) if isinstance(v, str) else _core.check_change(float(v))


class Caps:
    """Annual emission caps: each year's cap in tonnes, or as a change vs a
    base year with the base-year level the caps' source used.

    Build with :meth:`tonnes`, :meth:`relative`, :meth:`from_pathway` or
    :func:`read_caps`. ``records`` (from :func:`read_caps`) holds every row of
    the chosen vintage, with ``used`` and ``duplicate`` flags."""

    def __init__(
        self, core: "_core.CapSchedule", records: Optional[pd.DataFrame] = None, vintages: Optional[List[str]] = None
    ):
        self._core = core
        self.records = records if records is not None else pd.DataFrame()
        self.vintages = list(vintages or [])

    @classmethod
    def tonnes(cls, caps: Mapping[int, float], *, source: str = "") -> "Caps":
        """Caps in t CO2e by year."""
        ys = sorted(int(y) for y in caps)
        return cls(_core.CapSchedule.in_tonnes(ys, [float(caps[y]) for y in ys], source))

    @classmethod
    def relative(cls, base_year: int, base_level: float, changes: Mapping[int, Any], *, source: str = "") -> "Caps":
        """Caps as changes vs ``base_year`` (``{2030: -0.95}`` or ``{2030: "-95%"}``),
        with the base-year level (t CO2e) they were set from."""
        ys = sorted(int(y) for y in changes)
        ch = {int(y): v for y, v in changes.items()}
        return cls(
            _core.CapSchedule.relative(
                int(base_year), float(base_level), ys, [_signed_fraction(ch[y]) for y in ys], source
            )
        )

    @classmethod
    def from_pathway(cls, pathway: Any, years: Iterable[int], *, source: str = "target pathway") -> "Caps":
        """Caps read off a :class:`~ghgtrack.Pathway` at whole years."""
        core = getattr(pathway, "_core", pathway)
        return cls(_core.CapSchedule.from_pathway(core, [int(y) for y in years], source))

    @property
    def years(self) -> List[int]:
        return list(self._core.years)

    @property
    def base_year(self) -> Optional[int]:
        return self._core.base_year

    @property
    def base_level(self) -> Optional[float]:
        """The base-year level (t CO2e) the caps' source used."""
        return self._core.base_level

    @property
    def source(self) -> str:
        return self._core.source

    def frame(self, current_level: Optional[float] = None) -> pd.DataFrame:
        """Index year: ``change`` (signed fraction vs the base year, NaN for a
        cap stated in tonnes), ``stated_t`` and ``cap_t`` (t CO2e, on
        ``current_level`` when given, else the source's base-year level)."""
        return pd.DataFrame(
            {
                "change": self._core.changes,
                "stated_t": self._core.stated_tonnes,
                "cap_t": self._core.tonnes(current_level),
            },
            index=pd.Index(self.years, name="year"),
        )

    def __repr__(self) -> str:
        base = (
            f" vs {self.base_year} ({self.base_level:,.1f} t)" if self.base_year is not None and self.base_level else ""
        )
        ys = self.years
        span = f"{ys[0]}-{ys[-1]}" if ys else "no years"
        return f"<ghgtrack.Caps {self.source or ''} {span}{base}>".replace("  ", " ")

    def _repr_html_(self) -> str:
        return _display.caps(self)


def read_caps(path: Union[str, "os.PathLike[str]"], *, vintage: str) -> Caps:
    """Reads a caps table in long format (budget_vintage, year, metric, value,
    unit), e.g. Oslo's ``oslo_emission_caps_and_targets.csv``, for one budget
    vintage. Raises :class:`ghgtrack.InputError` (file, row, column, value)
    for a bad row and :class:`ghgtrack.ArgumentError` listing the vintages
    for an unknown one."""
    p = pathlib.Path(os.fspath(path))
    core, recs, vintages = _core.read_caps_text(p.read_text(encoding="utf-8-sig"), vintage, str(p))
    records = pd.DataFrame(recs, columns=["row", "year", "metric", "value", "unit", "used", "duplicate"])
    return Caps(core, records, vintages)


def _series(x: Any, what: str) -> pd.Series:
    raw: Any
    if isinstance(x, Inventory) or (hasattr(x, "total") and hasattr(x, "inventory")):  # an Inventory or a Baseline
        raw = x.total()
    else:
        raw = pd.Series(x, dtype=float)
    s: pd.Series = raw
    s = pd.Series(np.asarray(s, dtype=float), index=[int(y) for y in s.index])
    if s.isna().any():
        raise _core.ArgumentError(f"{what}: no value for {[int(y) for y in s.index[s.isna()]]}")
    return s.sort_index()


def _measures_frame(measures: Any, ids: Sequence[str]) -> pd.DataFrame:
    if measures is None:
        return pd.DataFrame(
            {"id": list(ids), "name": list(ids), "status": "", "responsible": "", "reporting_owner": ""}
        )
    df = pd.DataFrame(measures).copy()
    if "id" not in df.columns:
        raise _core.ArgumentError(f"measures need an 'id' column (columns: {', '.join(MEASURE_COLUMNS)})")
    for c in MEASURE_COLUMNS:
        if c not in df.columns:
            df[c] = ""
    df = df[MEASURE_COLUMNS].fillna("").astype(str)
    return df.reset_index(drop=True)


class Ledger:
    """The klimabudsjett ledger. See :func:`ledger`."""

    def __init__(
        self,
        caps: Caps,
        baseline: Any,
        *,
        planned: Optional[pd.DataFrame] = None,
        measures: Any = None,
        actual: Any = None,
        achieved: Optional[pd.DataFrame] = None,
        base_level: Any = None,
        release: Optional[str] = None,
    ):
        self.caps = caps
        base = _series(baseline, "baseline")
        plan_years = [int(y) for y in base.index]
        if planned is None:
            planned = pd.DataFrame(np.zeros((0, len(plan_years))), columns=plan_years)
        planned = planned.copy()
        planned.columns = [int(c) for c in planned.columns]
        planned.index = [str(i) for i in planned.index]
        extra = [y for y in planned.columns if y not in plan_years]
        if extra:
            raise _core.ArgumentError(
                f"planned effects for {extra}, which the baseline does not cover ({plan_years[0]}-{plan_years[-1]})"
            )
        lacking = [y for y in plan_years if y not in planned.columns]
        if lacking and len(planned):
            raise _core.ArgumentError(f"no planned effects for {lacking} (give 0 where a measure has no effect)")
        ids = list(planned.index)
        m = _measures_frame(measures, ids)
        unknown = [i for i in m["id"] if i not in ids]
        missing = [i for i in ids if i not in set(m["id"])]
        if unknown or missing:
            raise _core.ArgumentError(
                "measures and planned effects must name the same ids"
                + (f"; no planned effects for {unknown}" if unknown else "")
                + (f"; planned effects for unknown measures {missing}" if missing else "")
            )
        self.measures = m
        planned_arr = (
            planned.loc[list(m["id"]), plan_years].to_numpy(dtype=float) if len(m) else np.zeros((0, len(plan_years)))
        )
        if actual is None:
            act = pd.Series(dtype=float)
        else:
            act = _series(actual, "actual")
        if achieved is None:
            ach_years: List[int] = []
            ach_arr = np.zeros((0, 0))
        else:
            a = achieved.copy()
            a.columns = [int(c) for c in a.columns]
            a.index = [str(i) for i in a.index]
            bad = [i for i in a.index if i not in set(m["id"])]
            if bad:
                raise _core.ArgumentError(f"achieved effects for unknown measures {bad}")
            ach_years = sorted(a.columns)
            # Measures without a row have no indicator data (NaN), not zero.
            ach_arr = a.reindex(index=list(m["id"]), columns=ach_years).to_numpy(dtype=float)
        level: Optional[float] = None
        if isinstance(base_level, Inventory):
            if caps.base_year is None:
                raise _core.ArgumentError("base_level= an inventory needs caps with a base year")
            level = float(base_level.total(caps.base_year))
            if release is None:
                release = str(
                    base_level.provenance.get("release") or base_level.provenance.get("file") or "new release"
                )
        elif base_level is not None:
            level = float(base_level)
        self.release = release or ""
        self._r: Dict[str, Any] = _core.ledger(
            caps._core,
            plan_years,
            base.tolist(),
            list(m.itertuples(index=False, name=None)),
            planned_arr,
            [int(y) for y in act.index],
            act.tolist(),
            ach_years,
            ach_arr,
            level,
            self.release,
        )
        self._plan_years = plan_years
        self._planned_arr = planned_arr

    def caps_frame(self) -> pd.DataFrame:
        """One row per cap year: ``cap_t``, ``baseline_t``, ``planned_t`` (sum of
        the measures' planned effects), ``projected_t`` (baseline - planned),
        ``gap_t`` (projected - cap; positive = over the cap), ``actual_t`` and
        ``actual_gap_t`` (actual - cap) where the inventory has the year. NaN
        where a figure is not defined (e.g. no baseline before its first year)."""
        r = self._r
        df = pd.DataFrame(
            {k: r[k] for k in ["cap_t", "baseline_t", "planned_t", "projected_t", "gap_t", "actual_t", "actual_gap_t"]},
            index=pd.Index(r["years"], name="year"),
        )
        df.attrs["unit"] = "t CO2e"
        return df

    def by_agency(self, *, totals: bool = False) -> pd.DataFrame:
        """Each responsible agency's measures and planned t CO2e per year:
        rows (agency, measure id) with name, status, ``reports`` (the agency
        reports on it) and ``shared_with`` (other responsible agencies), then
        one column per plan year. ``totals=True``: agency x years, summing each
        agency's measures (a shared measure counts for each of its agencies, so
        agency totals can exceed the ledger's planned effect)."""
        r = self._r
        if totals:
            return pd.DataFrame(
                np.asarray(r["agency_planned_t"]),
                index=pd.Index(r["agency_names"], name="agency"),
                columns=pd.Index(self._plan_years, name="year"),
            )
        planned = self._planned_arr
        rows: List[Dict[Any, Any]] = []
        for agency, mi, reports, n in r["agencies"]:
            m = self.measures.iloc[mi]
            row: Dict[Any, Any] = {
                "agency": agency,
                "measure": m["id"],
                "name": m["name"],
                "status": m["status"],
                "reports": bool(reports),
                "shared_with": int(n) - 1,
            }
            for j, y in enumerate(self._plan_years):
                row[y] = planned[mi, j]
            rows.append(row)
        cols: List[Any] = ["agency", "measure", "name", "status", "reports", "shared_with", *self._plan_years]
        return pd.DataFrame(rows, columns=cols).set_index(["agency", "measure"])

    def planned_vs_achieved(self, *, by: str = "year") -> pd.DataFrame:
        """``by="year"``: every year with an actual inventory level: ``actual_t``,
        ``cap_t``, ``projected_t`` (the scenario), ``vs_cap_t`` (actual - cap)
        and ``vs_projected_t`` (actual - projected). ``by="measure"``: each
        measure and year with indicator data: ``planned_t``, ``achieved_t``,
        ``difference_t`` (achieved - planned)."""
        r = self._r
        if by == "year":
            return pd.DataFrame(
                r["actual"], columns=["year", "actual_t", "cap_t", "projected_t", "vs_cap_t", "vs_projected_t"]
            ).set_index("year")
        if by == "measure":
            df = pd.DataFrame(r["achieved"], columns=["measure", "year", "planned_t", "achieved_t", "difference_t"])
            df.insert(1, "name", [self.measures.iloc[i]["name"] for i in df["measure"]])
            df["measure"] = [self.measures.iloc[i]["id"] for i in df["measure"]]
            return df.set_index(["measure", "year"])
        raise _core.ArgumentError(f"by must be 'year' or 'measure', not {by!r}")

    def restatement(self) -> pd.DataFrame:
        """Per cap year: ``change`` (signed fraction vs the base year; NaN for a
        cap stated in tonnes), ``old_cap_t`` (on the caps' own base-year level),
        ``new_cap_t`` (on the current release's), ``difference_t`` and ``reason``.
        ``.attrs`` has base_year, old_base_t, new_base_t, old_source, new_source."""
        r = self._r
        df = pd.DataFrame(r["restatement"], columns=["year", "change", "old_cap_t", "new_cap_t", "reason"]).set_index(
            "year"
        )
        df.insert(3, "difference_t", df["new_cap_t"] - df["old_cap_t"])
        attrs: Dict[str, Any] = {k: r[k] for k in ["base_year", "old_base_t", "new_base_t", "old_source", "new_source"]}
        df.attrs = attrs
        return df

    def __repr__(self) -> str:
        return (
            f"<ghgtrack.Ledger {self.caps.source or 'caps'}: {len(self._r['years'])} cap years, "
            f"{len(self.measures)} measures>"
        )

    def _repr_html_(self) -> str:
        return _display.ledger(self)


def ledger(
    caps: Caps,
    baseline: Any,
    *,
    planned: Optional[pd.DataFrame] = None,
    measures: Any = None,
    actual: Any = None,
    achieved: Optional[pd.DataFrame] = None,
    base_level: Any = None,
    release: Optional[str] = None,
) -> Ledger:
    """The klimabudsjett ledger.

    - ``caps``: a :class:`Caps` (:func:`read_caps`, :meth:`Caps.relative`, ...).
    - ``baseline``: t CO2e by year (a Series, a mapping, a
      :class:`~ghgtrack.Baseline` or an Inventory, whose totals are used).
    - ``planned``: measures (index: measure id) x years, t CO2e: each measure's
      planned effect, e.g. its Shapley share of the scenario's reduction.
    - ``measures``: a frame with columns id, name, status, responsible
      (comma-separated agencies, ``*`` marks who reports) and reporting_owner.
    - ``actual``: the inventory (its totals) or t CO2e by year.
    - ``achieved``: measures x years of achieved effect (indicator data); NaN
      or no row = no data.
    - ``base_level``: the base year's level in the current inventory release
      (t CO2e, or that release as an Inventory); caps given as a change vs the
      base year are restated onto it. ``release`` names it.
    """
    led = Ledger(
        caps,
        baseline,
        planned=planned,
        measures=measures,
        actual=actual,
        achieved=achieved,
        base_level=base_level,
        release=release,
    )
    return led
