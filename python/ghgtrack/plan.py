"""The whole climate plan in one call: baseline -> scenarios (baseline,
adopted, adopted + proposed) -> attribution -> ledger against the caps ->
tracking figures per scenario.

This module only adapts: every rule lives in the C++ core through
:func:`ghgtrack.baseline`, :func:`ghgtrack.scenarios`,
:func:`ghgtrack.attribution`, :func:`ghgtrack.ledger` and
:func:`ghgtrack.track`. The result, :class:`Plan`, holds plain pandas frames
(no bound objects) and :meth:`Plan.to_dict` gives them as JSON-ready data.

Projected years are never taken for actual data: every scenario is tracked
by the same :func:`~ghgtrack.track` as the actual data, with the scenario as
its ``projection=``; the projected years enter neither the trend nor the
status, and are compared with the same target pathway (``gap = scenario -
pathway``), marked ``projected``. The year the target is met is the first
year (actual or projected) at or below the final milestone's level; the gap
left in the target year is the scenario's level minus that level (positive =
above the target).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence

import numpy as np
import pandas as pd

from . import _core, _json, datasets
from .costs import costs_section, has_costs
from .klimabudsjett import Caps, ledger
from .plan_plot import plot_wedges
from .planning import STANDARD_SCENARIOS, attribution, scenarios
from .reference_path import baseline
from .tracking import Target, track

#: Version of the JSON payload of :meth:`Plan.to_dict` (bump on an incompatible change).

#: Scenario names and the statuses they apply (as :data:`ghgtrack.planning.STANDARD_SCENARIOS`).
ADOPTED = "adopted"
FULL = "adopted + proposed"


@dataclass
class Plan:
    """A climate plan as users see it. Every amount is t CO2e.

    - ``series``: index year (actual years, then the projected years):
      ``kind`` ("actual"/"projected"), ``actual``, ``pathway`` (target
      pathway), ``baseline`` and one column per scenario (the actual level in
      actual years, the scenario in projected years).
    - ``scenario_figures``: one row per scenario: ``target_year``,
      ``target_level_t``, ``year_met`` (first year at or below the target
      level, None if not within the horizon), ``met_in_projection`` (that
      year is a projected one), ``gap_in_target_year_t`` (scenario -
      target level; NaN when the horizon ends before the target year),
      ``measures_applied``.
    - ``gaps``: year x scenario, level - pathway (positive = above the
      pathway), with ``kind``.
    - ``measures``: one row per measure: id, name, status, agency,
      sectors, quantified, effect_reason, then ``shapley_t``, ``alone_t``,
      ``last_in_t`` and ``share`` (of the combined reduction) in the
      report year (``report_year``), NaN for an unquantified measure.
    - ``attribution``: the full scenario's attribution per (measure, year):
      shapley, alone, last_in (as :func:`ghgtrack.attribution`).
    - ``wedges``: year x measure id, the Shapley shares of the full
      scenario (they add up to baseline - scenario every year).
    - ``overlap``: per projected year: naive_sum, combined, overcount.
    - ``ledger``: per cap year: cap_t, baseline_t, planned_t, projected_t,
      gap_t, actual_t, actual_gap_t (planned = the adopted measures'
      Shapley shares in the adopted scenario).
    - ``agencies``: agency x projected years, planned t (a shared measure
      counts for each of its agencies); ``agency_measures``: agency ->
      measure ids.
    - ``restatement``: per cap year: change, old_cap_t, new_cap_t,
      difference_t, reason (empty when the caps are in tonnes);
      ``restatement_info``: base year, old and new base-year levels, sources.
    - ``unquantified``: measures without a quantified effect (listed, never
      counted as zero).
    """

    municipality: str
    target: str
    base_year: int
    base_level_t: float
    target_year: int
    target_level_t: float
    last_actual_year: int
    until: int
    report_year: int
    baseline_method: str
    caps_source: str
    series: pd.DataFrame
    scenario_figures: pd.DataFrame
    gaps: pd.DataFrame
    measures: pd.DataFrame
    attribution: pd.DataFrame
    wedges: pd.DataFrame
    overlap: pd.DataFrame
    ledger: pd.DataFrame
    agencies: pd.DataFrame
    agency_measures: Dict[str, List[str]]
    restatement: pd.DataFrame
    restatement_info: Dict[str, Any]
    unquantified: pd.DataFrame
    stated_totals: Dict[int, float] = field(default_factory=dict)
    scenario_statuses: Dict[str, List[str]] = field(default_factory=dict)
    unit: str = "t CO2e"
    costs: Optional[Dict[str, Any]] = None  # "what it costs" (ghgtrack.costs.costs_section); None without costs

    @property
    def scenario_names(self) -> List[str]:
        return list(self.scenario_figures.index)

    @property
    def actual_years(self) -> List[int]:
        return [int(y) for y in self.series.index[self.series["kind"] == "actual"]]

    @property
    def projected_years(self) -> List[int]:
        return [int(y) for y in self.series.index[self.series["kind"] == "projected"]]

    def plot(self, ax: Any = None, *, top: int = 8, lang: str = "en", title: Optional[str] = None) -> Any:
        """The wedge chart (:func:`ghgtrack.plan_plot.plot_wedges`) of the full scenario."""

        proj = self.projected_years
        s = self.series
        names = dict(zip(self.measures["id"], self.measures["name"]))
        wedges = self.wedges.rename(columns=lambda i: _label(str(i), str(names.get(i, ""))))
        return plot_wedges(
            baseline=s.loc[proj, "baseline"],
            wedges=wedges,
            scenario=s.loc[proj, FULL],
            actual=s.loc[self.actual_years, "actual"],
            pathway=s["pathway"],
            caps=self.ledger["cap_t"],
            top=top,
            ax=ax,
            lang=lang,
            title=title,
        )

    def to_dict(self) -> Dict[str, Any]:
        """The plan as JSON-ready data (``"schema": "ghgtrack.plan/1"``,
        schemas/plan.schema.json; per-year series as lists of {year, ...};
        never NaN: null, with its reason in ``nulls``)."""
        s = self.series
        scen = []
        for name, r in self.scenario_figures.iterrows():
            scen.append(
                {
                    "name": name,
                    "statuses": self.scenario_statuses.get(str(name), []),
                    "measures_applied": int(r["measures_applied"]),
                    "year_met": _int_or_none(r["year_met"]),
                    "met_in_projection": bool(r["met_in_projection"])
                    if r["year_met"] is not None and not _isnan(r["year_met"])
                    else None,
                    "gap_in_target_year_t": _num(r["gap_in_target_year_t"]),
                    "series": [
                        {
                            "year": int(y),
                            "value": _num(s.at[y, name]),
                            "projected": s.at[y, "kind"] == "projected",
                            "pathway": _num(s.at[y, "pathway"]),
                            "gap": _num(self.gaps.at[y, name]),
                        }
                        for y in s.index
                    ],
                }
            )
        measures = []
        for _, m in self.measures.iterrows():
            series = []
            if m["id"] in self.attribution.index.get_level_values(0):
                a = self.attribution.loc[m["id"]]
                series = [
                    {
                        "year": int(y),
                        "shapley": _num(r["shapley"]),
                        "alone": _num(r["alone"]),
                        "last_in": _num(r["last_in"]),
                    }
                    for y, r in a.iterrows()
                ]
            measures.append(
                {
                    "id": m["id"],
                    "name": m["name"],
                    "status": m["status"],
                    "agency": m["agency"],
                    "sectors": m["sectors"],
                    "quantified": bool(m["quantified"]),
                    "effect_reason": m["effect_reason"],
                    "shapley_t": _num(m["shapley_t"]),
                    "alone_t": _num(m["alone_t"]),
                    "last_in_t": _num(m["last_in_t"]),
                    "share": _num(m["share"]),
                    "series": series,
                }
            )
        led = [{"year": int(y), **{k: _num(v) for k, v in r.items()}} for y, r in self.ledger.iterrows()]
        agencies = [
            {
                "agency": a,
                "measures": self.agency_measures.get(str(a), []),
                "planned": [{"year": int(y), "value": _num(v)} for y, v in r.items()],
                "planned_report_year_t": _num(r.get(self.report_year, math.nan)),
            }
            for a, r in self.agencies.iterrows()
        ]
        rest = [
            {
                "year": int(y),
                "change": _num(r["change"]),
                "old_cap_t": _num(r["old_cap_t"]),
                "new_cap_t": _num(r["new_cap_t"]),
                "difference_t": _num(r["difference_t"]),
                "reason": str(r["reason"]),
            }
            for y, r in self.restatement.iterrows()
        ]
        out: Dict[str, Any] = {
            "schema": _json.PLAN,
            "ghgtrack_version": _core.__version__,
            "municipality": self.municipality,
            "unit": self.unit,
            "target": {
                "text": self.target,
                "base_year": self.base_year,
                "base_level_t": _num(self.base_level_t),
                "target_year": self.target_year,
                "target_level_t": _num(self.target_level_t),
            },
            "last_actual_year": self.last_actual_year,
            "until": self.until,
            "report_year": self.report_year,
            "baseline_method": self.baseline_method,
            "actual": [{"year": int(y), "value": _num(s.at[y, "actual"])} for y in self.actual_years],
            "baseline": [{"year": int(y), "value": _num(s.at[y, "baseline"])} for y in self.projected_years],
            "pathway": [{"year": int(y), "value": _num(s.at[y, "pathway"])} for y in s.index],
            "scenarios": scen,
            "measures": measures,
            "overlap": [
                {
                    "year": int(y),
                    "naive_sum_t": _num(r["naive_sum"]),
                    "combined_t": _num(r["combined"]),
                    "overcount_t": _num(r["overcount"]),
                }
                for y, r in self.overlap.iterrows()
            ],
            "ledger": {"caps_source": self.caps_source, "years": led},
            "agencies": agencies,
            "restatement": {
                **{k: (_num(v) if isinstance(v, float) else v) for k, v in self.restatement_info.items()},
                "years": rest,
            },
            "unquantified": self.unquantified.to_dict(orient="records"),
            "stated_totals": [{"year": int(y), "value": _num(v)} for y, v in sorted(self.stated_totals.items())],
            "costs": self.costs,
        }
        return _json.clean(out)


def _label(mid: str, name: str, width: int = 48) -> str:
    """A legend label: id and name, shortened; ``$`` escaped (matplotlib reads it as math)."""
    text = f"{mid}: {name}" if name else mid
    if len(text) > width:
        text = text[: width - 1].rstrip() + "\u2026"
    return text.replace("$", r"\$")


def _isnan(x: Any) -> bool:
    return isinstance(x, (float, np.floating)) and math.isnan(float(x))


def _num(x: Any) -> Optional[float]:
    if x is None:
        return None
    v = float(x)
    return None if math.isnan(v) or math.isinf(v) else v


def _int_or_none(x: Any) -> Optional[int]:
    if x is None or _isnan(x):
        return None
    return int(x)


def _target_level(target: Any, base_level: float) -> List[Any]:
    return list(target.milestones(base_level))


def build_plan(
    inventory: Any,
    measures: Sequence[Any],
    *,
    target: Any,
    caps: Any = None,
    until: Optional[int] = None,
    baseline_method: str = "trend",
    baseline_by: str = "sector",
    report_year: Optional[int] = None,
    threads: int = 1,
) -> Plan:
    """Builds the whole plan.

    - ``inventory``: the actual data (:class:`~ghgtrack.Inventory`);
    - ``measures``: :class:`~ghgtrack.Measure` s (e.g. :func:`ghgtrack.read_measures`);
    - ``target``: a :class:`~ghgtrack.Target` (its base year must be a data year);
    - ``caps``: a :class:`~ghgtrack.Caps`; None = caps read off the target
      pathway in the projected years;
    - ``until``: the horizon (default: the target's final year);
    - ``baseline_method``/``baseline_by``: as :func:`ghgtrack.baseline`;
    - ``report_year``: the year of the measures table (default: the target
      year when within the horizon, else the horizon).
    """

    years = inventory.years
    last = int(years[-1])
    target_year = int(target.final_year)
    until = int(until) if until is not None else target_year
    if until <= last:
        raise _core.ArgumentError(f"until={until} must be after the last data year {last} (the plan projects forward)")
    actual = inventory.total().astype(float)
    actual.index = actual.index.astype(int)
    # The actual years: tracked by the library's own track() (status rule, pathway).
    tr = track(inventory, target, nowcast_until=last)
    base_level = float(tr.base_value)
    target_level = float(tr.milestones[-1][1])
    b = baseline(inventory, until=until, method=baseline_method, by=baseline_by)
    proj_years = [int(y) for y in b.years]
    sc = scenarios(b.inventory, list(measures), last_actual_year=last, threads=threads)
    all_years = [int(y) for y in actual.index] + proj_years
    pathway = pd.Series(
        np.asarray(tr.pathway(np.asarray(all_years, dtype=float)), dtype=float), index=pd.Index(all_years, name="year")
    )
    kind = pd.Series(["actual"] * len(actual) + ["projected"] * len(proj_years), index=pathway.index)
    series = pd.DataFrame(
        {
            "kind": kind,
            "actual": actual.reindex(pathway.index),
            "pathway": pathway,
            "baseline": b.total().reindex(pathway.index),
        }
    )
    gaps = pd.DataFrame({"kind": kind})
    fig_rows = []
    for name, s in sc.items():
        proj_flag = s.projected.reindex(proj_years)
        if not bool(proj_flag.all()):  # the engine marks every year after last_actual_year
            raise _core.ArgumentError(f"scenario {name!r}: years {list(proj_flag.index[~proj_flag])} are not projected")
        # The same track() as for the actual data, with the scenario as its
        # projection: projected years never count as actual data (C++).
        ts = track(inventory, target, nowcast_until=last, projection=s)
        pf = ts.projection_frame
        level = pd.concat([actual, pf["projected"]])
        level.index = pathway.index
        series[name] = level
        gaps[name] = level - pathway
        year_met = ts.projected_year_met
        gap_t = ts.projected_gap_in_target_year
        gap_t = float(gap_t) if gap_t is not None else math.nan
        fig_rows.append(
            {
                "scenario": name,
                "target_year": target_year,
                "target_level_t": target_level,
                "year_met": year_met,
                "met_in_projection": year_met is not None and year_met > last,
                "gap_in_target_year_t": gap_t,
                "measures_applied": len(s.applied),
            }
        )
    figures = pd.DataFrame(fig_rows).set_index("scenario")
    if report_year is None:
        report_year = target_year if target_year in proj_years else proj_years[-1]
    report_year = int(report_year)
    if report_year not in proj_years:
        raise _core.ArgumentError(
            f"report_year={report_year} is not a projected year ({proj_years[0]}-{proj_years[-1]})"
        )
    full_statuses = list(STANDARD_SCENARIOS[FULL] or [])
    adopted_statuses = list(STANDARD_SCENARIOS[ADOPTED] or [])
    att = attribution(b.inventory, list(measures), statuses=full_statuses, threads=threads)
    wedges = att.loc[att["quantified"], "shapley"].unstack("measure").reindex(proj_years)
    wedges = wedges[[m.id for m in measures if m.id in wedges.columns]]
    combined = att.attrs["combined"].reindex(proj_years)
    meas_rows = []
    for m in measures:
        in_full = m.status in full_statuses
        q = bool(m.quantified)
        row = {
            "id": m.id,
            "name": m.name,
            "status": m.status,
            "agency": m.agency,
            "sectors": "; ".join(m.sectors),
            "quantified": q,
            "effect_reason": m.effect_reason,
            "shapley_t": math.nan,
            "alone_t": math.nan,
            "last_in_t": math.nan,
            "share": math.nan,
        }
        if in_full and q and (m.id, report_year) in att.index:
            r = att.loc[(m.id, report_year)]
            c = float(combined[report_year])
            row.update(
                shapley_t=float(r["shapley"]),
                alone_t=float(r["alone"]),
                last_in_t=float(r["last_in"]),
                share=float(r["shapley"]) / c if c else math.nan,
            )
        meas_rows.append(row)
    mframe = pd.DataFrame(
        meas_rows,
        columns=[
            "id",
            "name",
            "status",
            "agency",
            "sectors",
            "quantified",
            "effect_reason",
            "shapley_t",
            "alone_t",
            "last_in_t",
            "share",
        ],
    )
    order = mframe["shapley_t"].fillna(-math.inf).sort_values(ascending=False, kind="stable").index
    mframe = mframe.loc[order].reset_index(drop=True)
    # The ledger: the adopted measures' Shapley shares in the adopted scenario.
    att_ad = attribution(b.inventory, list(measures), statuses=adopted_statuses, threads=threads)
    q_ad = att_ad.loc[att_ad["quantified"], "shapley"].unstack("year")
    if len(q_ad):
        q_ad = q_ad.reindex(columns=proj_years)
    else:
        q_ad = pd.DataFrame(np.zeros((0, len(proj_years))), columns=proj_years)
    by_id = {m.id: m for m in measures}
    mtab = pd.DataFrame(
        {
            "id": list(q_ad.index),
            "name": [by_id[i].name for i in q_ad.index],
            "status": [by_id[i].status for i in q_ad.index],
            "responsible": [by_id[i].agency for i in q_ad.index],
            "reporting_owner": [by_id[i].reporting_owner for i in q_ad.index],
        }
    )
    if caps is None:
        caps = Caps.from_pathway(tr.pathway, proj_years, source=f"target pathway ({target})")
    led = ledger(
        caps,
        b,
        planned=q_ad,
        measures=mtab,
        actual=inventory,
        base_level=inventory if caps.base_year is not None and caps.base_year in years else None,
        release=str(inventory.provenance.get("publisher") or "") + f" {years[0]}-{last}",
    )
    ledger_frame = led.caps_frame()
    agencies = led.by_agency(totals=True)
    agencies.columns = [int(c) for c in agencies.columns]
    agency_measures: Dict[str, List[str]] = {}
    by_ag = led.by_agency()
    for agency, mid in by_ag.index:
        agency_measures.setdefault(str(agency), []).append(str(mid))
    if len(agencies) and report_year in agencies.columns:
        agencies = agencies.sort_values(report_year, ascending=False, kind="stable")
    rest = led.restatement()
    rest_info = dict(rest.attrs)
    rest = pd.DataFrame(rest)
    rest.attrs = {}
    unq = pd.DataFrame(
        [
            {"id": m.id, "name": m.name, "status": m.status, "agency": m.agency, "reason": m.effect_reason}
            for m in measures
            if not m.quantified
        ],
        columns=["id", "name", "status", "agency", "reason"],
    )
    stated = dict(getattr(measures, "stated_totals", {}) or {})
    return Plan(
        municipality=str(inventory.provenance.get("municipality") or inventory.provenance.get("dataset") or ""),
        target=str(target),
        base_year=int(tr.base_year),
        base_level_t=base_level,
        target_year=target_year,
        target_level_t=target_level,
        last_actual_year=last,
        until=until,
        report_year=report_year,
        baseline_method=baseline_method,
        caps_source=caps.source,
        series=series,
        scenario_figures=figures,
        gaps=gaps,
        measures=mframe,
        attribution=att.loc[att["quantified"], ["shapley", "alone", "last_in"]],
        wedges=wedges,
        overlap=sc[FULL].overcount() if FULL in sc else pd.DataFrame(),
        ledger=ledger_frame,
        agencies=agencies,
        agency_measures=agency_measures,
        restatement=rest,
        restatement_info=rest_info,
        unquantified=unq,
        stated_totals={int(k): float(v) for k, v in stated.items()},
        scenario_statuses={k: list(v or []) for k, v in STANDARD_SCENARIOS.items()},
        costs=costs_section(b.inventory, list(measures), year=report_year) if has_costs(list(measures)) else None,
    )


def oslo_plan(*, until: Optional[int] = None, baseline_method: str = "trend", threads: int = 1) -> Plan:
    """The documented example: the bundled Oslo inventory, Oslo's 2023
    measures, the Klimabudsjett 2023 caps and Oslo's -95 % by 2030 vs 2009."""

    inv = datasets.oslo()
    target = Target.parse("2030:-95%", base_year=2009)
    return build_plan(
        inv,
        datasets.oslo_measures_2023(),
        target=target,
        caps=datasets.oslo_caps("Klimabudsjett 2023"),
        until=until,
        baseline_method=baseline_method,
        threads=threads,
    )
