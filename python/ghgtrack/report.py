"""The status report: terminal text, JSON payload and a self-contained HTML
page of the kind a municipality publishes for its residents."""

from __future__ import annotations

import datetime
import html
import io
from typing import Any, Dict, Optional

from . import _format as fmt
from . import _json
from ._core import ArgumentError, RunOutState, Status, __version__
from ._json import Null, number


def _t(v: Optional[float], digits: int = 0, lang: str = "en") -> str:
    """Kept for callers outside this module: a number in ``lang``'s format (ghgtrack._format)."""
    return fmt.number(v, digits, lang)


def _pct(v: Optional[float], digits: int = 1, lang: str = "en") -> str:
    return fmt.percent(v, lang, digits)


def _run_out_text(s: Dict[str, Any]) -> str:
    state = s["budget_run_out"]
    if state == str(RunOutState.runs_out):
        return f"; runs out in {s['budget_run_out_year']} on the trend"
    if state == str(RunOutState.overspent):
        return f"; already overspent (since {s['budget_overspent_since']})"
    if state == str(RunOutState.never):
        return "; never runs out on the trend"
    return ""


def status_lines(result: Any) -> list:
    """The tracking part of the terminal report."""
    s = result.summary()
    lines = [
        f"Target: {s['target']}  ->  status: {s['status'].upper()}",
        f"  {s['latest_year']}: {_t(s['latest_tonnes_co2e'], 1)} t, {_pct(s['change_since_base_pct'])} since "
        f"{s['base_year']} ({_t(s['base_tonnes_co2e'], 1)} t)",
        f"  pathway in {s['latest_year']}: {_t(s['pathway_tonnes_co2e_latest'], 1)} t; gap "
        f"{_t(s['gap_tonnes_co2e_latest'], 1)} t ({_pct(s['gap_pct_latest'])})",
        f"  annual change so far: {_pct(s['compound_rate_pct_per_year'], 2)}/yr compound; trend "
        + (
            f"{_pct(s['trend_rate_pct_per_year'], 2)}/yr (95 % CI {_pct(s['trend_rate_interval_pct'][0], 2)} to "
            f"{_pct(s['trend_rate_interval_pct'][1], 2)})"
            if s["trend_rate_pct_per_year"] is not None
            else "–"
        ),
    ]
    for y, r in s["required_rate_pct_per_year"].items():
        lines.append(f"  needed from {s['latest_year']} to reach the {y} level: {_pct(r, 2)}/yr")
    yr = s["year_target_reached_on_trend"]
    fin = s["milestones"][-1]
    if yr is None:
        lines.append(f"  on today's trend the {fin['year']} level ({_t(fin['tonnes_co2e'])} t) is never reached")
    else:
        when = "in time" if s["reached_in_time"] else "too late"
        lines.append(
            f"  on today's trend the {fin['year']} level ({_t(fin['tonnes_co2e'])} t) is reached in {yr} ({when})"
        )
    interp = s["spent_interpolated_years"]
    lines.append(
        f"  budget of the pathway {s['base_year']}-{fin['year']}: {_t(s['budget_tonnes_co2e'])} t; spent "
        f"{_t(s['spent_tonnes_co2e'])} t"
        + (f" ({', '.join(map(str, interp))} interpolated)" if interp else "")
        + f"; remaining {_t(s['remaining_tonnes_co2e'])} t"
        + _run_out_text(s)
        + f" ({s['budget_convention'].replace('_', ' ')})"
    )
    for n in s["nowcast"]:
        level = n.get("interval", {}).get("level", 0.95)
        how = n.get("method", "trend")
        if how == "indicator":
            names = sorted({i["name"] for i in n.get("indicators", [])})
            how = "indicators: " + ", ".join(names)
            if n.get("trend_sectors"):
                how += f"; {len(n['trend_sectors'])} other sectors by trend"
        else:
            how = "trend"
        lines.append(
            f"  nowcast {n['year']} ({how}): {_t(n['tonnes_co2e'])} t ({level * 100:.0f} % interval "
            f"{_t(n['low'])} to {_t(n['high'])})"
        )
    return lines


# ---------------------------------------------------------------------------
# The JSON payload of the report (schema ghgtrack.report/1, documented in
# docs/json.md and schemas/report.schema.json beside this module). Years are
# values ("year": 2009), never part of a key name; numbers that are not
# known are Null(reason) and become null plus an entry in "nulls".

# Why a tracking figure of TrackingResult.summary() can be None.
_TRACKING_NULL_REASONS = {
    "change_since_base_pct": "the base-year emissions are zero",
    "pathway_tonnes_co2e_latest": "the pathway has no value in the latest year",
    "gap_tonnes_co2e_latest": "the pathway has no value in the latest year",
    "gap_pct_latest": "the pathway is zero in the latest year",
    "compound_rate_pct_per_year": "no compound rate: fewer than two years or a non-positive value",
    "trend_rate_pct_per_year": "no trend could be fitted (too few years or non-positive values)",
    "trend_rate_interval_pct": "no trend could be fitted (too few years or non-positive values)",
    "year_target_reached_on_trend": "the final milestone is not reached on today's trend",
    "year_target_reached_on_trend_exact": "the final milestone is not reached on today's trend",
    "reached_in_time": "the final milestone is not reached on today's trend",
}


def _points(years: Any, values: Any, reason: str, incomplete: Any = None) -> list:
    out = []
    for i, (y, v) in enumerate(zip(years, values)):
        pt: Dict[str, Any] = {"year": int(y), "tonnes_co2e": number(v, reason)}
        if incomplete is not None:
            pt["incomplete"] = bool(incomplete[i])
        out.append(pt)
    return out


def tracking_payload(result: Any) -> Dict[str, Any]:
    """The tracking figures of ``result`` for JSON: its summary() with the
    required rates as a list of {year, pct_per_year} and every None given
    its reason."""
    s = dict(result.summary())
    state = s["budget_run_out"]
    for key in ("budget_run_out_year", "budget_overspent_since"):
        if s[key] is None:
            s[key] = Null(f"does not apply: budget_run_out is {state!r}")
    for key, reason in _TRACKING_NULL_REASONS.items():
        if key in s and s[key] is None:
            s[key] = Null(reason)
    cuts = s.pop("required_cut_next_year_tonnes_co2e", None) or {}
    why = "no constant rate reaches that level (a zero or negative level)"
    s["required_rate_pct_per_year"] = [
        {"year": int(y), "pct_per_year": number(r, why), "first_year_cut_tonnes_co2e": number(cuts.get(y), why)}
        for y, r in s["required_rate_pct_per_year"].items()
    ]
    s["nowcast"] = [_nowcast_point(n) for n in s["nowcast"]]
    return s


def _nowcast_point(n: Dict[str, Any]) -> Dict[str, Any]:
    """One nowcast year for JSON: value, interval, method ("indicator" or
    "trend") and the indicators used (TrackingResult.nowcast_entries())."""
    no_interval = (
        "no interval: too few years for the trend's spread"
        if n.get("method", "trend") == "trend"
        else "no interval: the indicator model has no spread estimate (too few fitted years) or a sector has none"
    )
    iv = n.get("interval", {"level": 0.95, "low": n["low"], "high": n["high"], "combines": []})
    return {
        "year": int(n["year"]),
        "tonnes_co2e": number(n["tonnes_co2e"], "no trend to nowcast from"),
        "low": number(n["low"], no_interval),
        "high": number(n["high"], no_interval),
        "method": str(n.get("method", "trend")),
        "interval": {
            "level": float(iv["level"]),
            "low": number(iv["low"], no_interval),
            "high": number(iv["high"], no_interval),
            "combines": list(iv.get("combines", [])),
        },
        "indicators": [
            {
                "sector": str(i["sector"]),
                "name": str(i["name"]),
                "ratio": number(i["ratio"], "the indicator has no ratio"),
                "source": str(i["source"]),
                "notes": str(i["notes"]),
            }
            for i in n.get("indicators", [])
        ],
        "trend_sectors": [str(x) for x in n.get("trend_sectors", [])],
    }


def report_payload(inv: Any, base_year: int, year: int, top: int, result: Any = None) -> Dict[str, Any]:
    """The report as a JSON-ready dict (schema ``ghgtrack.report/1``):
    inventory by sector for ``base_year`` and ``year``, the ``top`` largest
    sources, per-year series (actual, by sector and, with a tracking
    ``result``, the pathway, gap and nowcast) and the tracking figures.
    Serialise with :func:`ghgtrack._json.dumps`, which turns every
    :class:`~ghgtrack._json.Null` into null and lists its reason."""
    change = inv.change(base_year, year, by="sector")
    total_b, total_y = inv.total(base_year), inv.total(year)
    largest = inv.largest_sources(year, top)
    checks = getattr(inv, "checks", None)
    no_pct = "the base-year emissions are zero, so a percentage change is undefined"
    unknown = "no cell of this sum reported a number (NE, C or missing)"
    tb = number(total_b, unknown) if not total_b.no_value else Null(unknown)
    ty = number(total_y, unknown) if not total_y.no_value else Null(unknown)
    both = not isinstance(tb, Null) and not isinstance(ty, Null)
    by_sector = inv.by_sector()
    sector_incomplete = set(by_sector.attrs.get("incomplete", []))
    totals = inv.total()
    total_incomplete = set(totals.attrs.get("incomplete", []))
    years = [int(y) for y in inv.years]
    payload: Dict[str, Any] = {
        "schema": _json.REPORT,
        "ghgtrack_version": __version__,
        "municipality": inv.provenance.get("municipality") or inv.provenance.get("dataset"),
        "source": {k: v for k, v in inv.provenance.items() if isinstance(v, (str, int, float)) or v is None},
        "unit": "t CO2e",
        "metric": inv.metric,
        "years": years,
        "base_year": int(base_year),
        "year": int(year),
        "sectors": [
            {
                "sector": sector,
                "tonnes_co2e_base_year": number(r[f"tonnes_co2e_{base_year}"], unknown),
                "tonnes_co2e_year": number(r[f"tonnes_co2e_{year}"], unknown),
                "change_tonnes": number(r["change_tonnes"], unknown),
                "change_pct": number(r["change_pct"], no_pct),
                "incomplete": bool(r["incomplete"]),
            }
            for sector, r in change.iterrows()
        ],
        "total": {
            "tonnes_co2e_base_year": tb,
            "tonnes_co2e_year": ty,
            "change_tonnes": float(ty) - float(tb) if both else Null(unknown),
            "change_pct": ((float(ty) - float(tb)) / abs(float(tb)) * 100.0 if both and float(tb) else Null(no_pct)),
            "incomplete": bool(total_b.incomplete or total_y.incomplete),
        },
        "largest_sources": [
            {
                "source": k,
                "tonnes_co2e": number(v, unknown),
                "share_pct": (
                    float(v) / float(total_y) * 100.0 if both and float(total_y) else Null("the year's total is zero")
                ),
            }
            for k, v in largest.items()
        ],
        "incomplete_cells": [{**c, "year": int(c["year"])} for c in inv.incomplete_cells().to_dict(orient="records")],
        "inferred_not_occurring": list(inv.provenance.get("inferred_not_occurring", [])),
        "series": {
            "actual": _points(years, totals.to_numpy(), unknown, [y in total_incomplete for y in years]),
            "actual_by_sector": [
                {
                    "sector": str(sector),
                    "points": _points(
                        years, row.to_numpy(), unknown, [(sector, y) in sector_incomplete for y in years]
                    ),
                }
                for sector, row in by_sector[years].iterrows()
            ],
        },
    }
    if checks is not None:
        payload["overview_check"] = {
            "sector_years": int(len(checks)),
            "all_ok": bool(checks["ok"].all()),
            "largest_difference_tonnes": number(checks["difference"].abs().max(), "no sector-year was compared"),
            "failures": [
                {
                    "year": int(y),
                    "sector": str(sec),
                    "detail": number(r["detail"], unknown),
                    "overview": number(r["overview"], "the overview cell is empty"),
                }
                for (y, sec), r in checks[~checks["ok"]].iterrows()
            ],
        }
    if result is not None:
        payload["tracking"] = tracking_payload(result)
        gaps = sector_gaps(inv, result, int(year)) if inv.provenance is not None else {}
        for row in payload["sectors"]:
            if row["sector"] in gaps:
                g, share = gaps[row["sector"]]
                row["gap_tonnes"] = number(g, "the sector's pathway is undefined (base-year total zero)")
                row["share_of_gap_pct"] = number(
                    share, "the total is not above the pathway, so there is no gap to share out"
                )
        payload["series"].update(tracking_series(result))
    return payload


def tracking_series(result: Any) -> Dict[str, Any]:
    """Per-year series of a tracking result: the target pathway from the
    base year to the final milestone (or the latest year, if later), the gap
    to it in each actual year, and the nowcast with its interval, each year's
    method ("indicator" or "trend") and the indicators used."""
    import numpy as np

    c = result.core
    last = max(int(c.milestones[-1][0]) if c.milestones else int(c.latest_year), int(c.latest_year))
    pyears = list(range(int(c.base_year), last + 1))
    frame = result.frame
    fyears = [int(y) for y in frame.index]
    return {
        "pathway": _points(pyears, np.asarray(result.pathway(pyears), dtype=float), "the pathway is undefined here"),
        "gap": [
            {
                "year": y,
                "tonnes_co2e": number(g, "the actual or the pathway value is unknown"),
                "pct": number(gp, "the pathway is zero in that year"),
            }
            for y, g, gp in zip(fyears, frame["gap_tonnes"].to_numpy(), frame["gap_pct"].to_numpy())
        ],
        "nowcast": [_nowcast_point(n) for n in result.nowcast_entries()],
        "trend_projection": trend_projection(result),
    }


def trend_projection(result: Any) -> list:
    """Today's trend (the C++ trend fit of the tracking result, with its 95 %
    prediction interval) from the year after the latest statistics to the
    final milestone: [{year, tonnes_co2e, low, high}]. Empty when no trend
    could be fitted or the target year has passed."""
    c = result.core
    last = int(c.milestones[-1][0]) if c.milestones else int(c.latest_year)
    years = [float(y) for y in range(int(c.latest_year) + 1, last + 1)]
    if not years or c.fitted_rate is None:
        return []
    p = c.fit.predict_many(years, 0.95)
    no_trend = "no trend could be fitted"
    return [
        {
            "year": int(y),
            "tonnes_co2e": number(v, no_trend),
            "low": number(lo, no_trend),
            "high": number(hi, no_trend),
        }
        for y, v, lo, hi in zip(p["year"], p["value"], p["low"], p["high"])
    ]


def sector_gaps(inv: Any, result: Any, year: int) -> Dict[str, Any]:
    """Each sector's share of the gap in ``year``: its emissions minus its own
    pathway, the total pathway shared out in proportion to the sectors'
    base-year emissions (every sector making the same relative cut), so that
    the sector gaps add up to the total gap. {sector: (gap_t, share_pct)};
    the share is None when the total gap is not positive (nothing to share)."""
    import numpy as np

    c = result.core
    base_year = int(c.base_year)
    by_sector = inv.by_sector()
    if base_year not in by_sector.columns or year not in by_sector.columns:
        return {}
    path = float(np.asarray(result.pathway([year]), dtype=float)[0])
    base_total = float(by_sector[base_year].sum())
    total_gap = float(by_sector[year].sum()) - path
    out: Dict[str, Any] = {}
    for sector, row in by_sector.iterrows():
        own_path = float(row[base_year]) * path / base_total if base_total else float("nan")
        gap = float(row[year]) - own_path
        share = gap / total_gap * 100.0 if total_gap > 0 else None
        out[str(sector)] = (gap, share)
    return out


# ---------------------------------------------------------------------------
# The HTML status page (docs/status-page.md).

# Text on white at least 4.5:1 (WCAG 2.1 AA 1.4.3), white on each badge
# colour at least 4.5:1; the badge also carries a symbol and a word, never
# colour alone (1.4.1).
CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#1b1b1b;background:#fff;
line-height:1.45}
.skip{position:absolute;left:-9999px;top:0}
.skip:focus{left:8px;top:8px;background:#fff;padding:6px 10px;z-index:2}
a{color:#0b4f9c}
a:focus-visible,summary:focus-visible,[tabindex]:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}
header,main,footer{max-width:1000px;margin:0 auto;padding:16px 24px}
h1{font-size:1.8rem;margin:8px 0 4px}
h2{font-size:1.35rem;margin:28px 0 8px}
h3{font-size:1.1rem;margin:20px 0 6px}
.sub{color:#4a4a4a;margin:0 0 12px}
.status{display:inline-block;padding:6px 14px;border-radius:16px;color:#fff;font-weight:700}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(210px,1fr));gap:12px;margin:16px 0;padding:0}
.card{background:#fff;border:1px solid #c9c9c9;border-radius:8px;padding:12px;margin:0}
.card dt{color:#4a4a4a;font-size:.9rem}
.card dd{margin:2px 0 0;font-size:1.45rem;font-weight:700}
.card dd small{display:block;font-size:.85rem;font-weight:400;color:#4a4a4a}
figure{border:1px solid #c9c9c9;border-radius:8px;margin:16px 0;padding:8px}
figure svg{width:100%;height:auto;display:block}
figcaption{padding:6px 4px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:6px 0}
th,td{padding:5px 8px;border-bottom:1px solid #d6d6d6;text-align:right}
th:first-child,td:first-child{text-align:left}
tbody th{font-weight:400}
td.l{text-align:left}
tfoot th,tfoot td{font-weight:700;border-top:2px solid #1b1b1b}
.note{color:#4a4a4a;font-size:.92rem}
footer{color:#4a4a4a;font-size:.88rem;border-top:1px solid #c9c9c9;margin-top:24px}
ul.files{padding-left:1.2em}
@media (max-width:600px){header,main,footer{padding:10px 12px}h1{font-size:1.4rem}.card dd{font-size:1.2rem}
th,td{padding:4px 5px;font-size:.85rem}}
@page{size:A4;margin:14mm 12mm}
@media print{body{font-size:10pt;background:#fff}.skip{display:none}header,main,footer{max-width:none;padding:0}
.cards{grid-template-columns:repeat(3,1fr);gap:6px}.card{padding:6px}.card dd{font-size:1.1rem}
figure{break-inside:avoid;border:none;padding:0}figure svg{max-height:110mm;width:auto;max-width:100%;margin:0 auto}
h2{font-size:1.1rem;margin:12px 0 4px;break-after:avoid}table{break-inside:auto}tr{break-inside:avoid}
th,td{padding:1px 4px;white-space:nowrap}table{font-size:8.5pt}.status{border:2px solid #000;print-color-adjust:exact;-webkit-print-color-adjust:exact}
a{color:#000;text-decoration:none}a[href]::after{content:" (" attr(href) ")";font-size:.85em}
.downloads{display:none}.scroll{overflow:visible}#data-table{font-size:7.5pt}
.note,figcaption,footer{font-size:8pt}footer{margin-top:8px}footer p{margin:4px 0}}
"""

# White text on these: #1E6B34 7.0:1, #7A4F00 7.1:1, #A3201D 7.4:1 (WCAG relative luminance).
STATUS_COLOURS = {Status.on_track: "#1E6B34", Status.at_risk: "#7A4F00", Status.off_track: "#A3201D"}
STATUS_SYMBOLS = {Status.on_track: "✓", Status.at_risk: "!", Status.off_track: "✗"}

# The page's words in English and Norwegian (bokmål), for residents.
TEXT: Dict[str, Dict[str, Any]] = {
    "en": {
        "title": "{name}: greenhouse-gas emissions and the climate target",
        "h1": "{name}: how are we doing?",
        "skip": "Skip to the figures",
        "sub": "Greenhouse-gas emissions inside the municipal border, in tonnes of CO2 equivalents ({metric}), "
        "against the target {target}.",
        "status": {Status.on_track: "on track", Status.at_risk: "at risk", Status.off_track: "off track"},
        "status_label": "Status",
        "key": "Key figures",
        "emissions": "Emissions in {year}",
        "change": "Change since {year}",
        "gap": "Above the target pathway in {year}",
        "gap_below": "Below the target pathway in {year}",
        "gap_detail": "{pct} of the pathway's {path}",
        "budget_left": "Emission budget {base}–{end} left",
        "budget_over": "Emission budget {base}–{end} overspent",
        "budget_detail_left": "of {budget}; spent {spent}",
        "budget_detail_over": "overspent since {year}; budget {budget}, spent {spent}",
        "runs_out": "runs out in {year} on today's trend",
        "cut": "Cut needed each year to {year}",
        "cut_detail": "{kt} in {next}, then the same share each year",
        "cut_none": "no constant yearly cut reaches a level of zero",
        "trend": "Yearly change on today's trend",
        "reached": "the target level is reached in {year} on this trend",
        "never": "the target level is never reached on this trend",
        "per_year": " a year",
        "chart": "{name}: emissions and the target",
        "chart_desc": "Bar chart of emissions by sector for each year with accounts, {first} to {last}, in kt CO2e, "
        "with the target pathway from {base} to {end} and today's trend projected to {end}. "
        "The same figures are in the table “{table}” below.",
        "caption": "Bars: emissions by sector. Solid line: the target pathway. Diamonds: milestones. "
        "Dashed line: today's trend to {end}, shaded: its 95 % interval. {nowcast}",
        "nowcast_caption": "Open circles: {years}, estimated ({methods}); no accounts are published for them yet.",
        "nowcast_methods": {"trend": "from today's trend", "indicator": "from indicators"},
        "missing": "No accounts were published for {years}: those years have no bars. The budget counts them "
        "by a straight line between the neighbouring years.",
        "no_missing": "Every year from {first} to {last} has accounts.",
        "data_table": "Figures behind the chart (t CO2e)",
        "year": "Year",
        "kind": "Kind",
        "actual": "Emissions",
        "pathway": "Target pathway",
        "gap_col": "Gap to pathway",
        "estimate": "Estimate",
        "interval": "95 % interval",
        "kind_actual": "accounts",
        "kind_nowcast": "estimate ({method})",
        "kind_trend": "trend",
        "kind_missing": "no accounts",
        "by_sector": "By sector",
        "sector_caption": "Emissions by sector, {base} and {year} (t CO2e), the change and each sector's share of "
        "the gap to the pathway in {year}",
        "sector": "Sector",
        "change_col": "Change",
        "share_col": "Share of gap",
        "sector_note": "Share of gap: how much of the {gap} above the pathway in {year} each sector stands for, "
        "if every sector had made the same relative cut since {base}; a negative share means the "
        "sector is ahead of its part. “new”: no emissions in {base}; “–”: no change to show "
        "(zero in {year}, or zero both years).",
        "total": "Total",
        "sector_status": "Sector targets",
        "sector_status_caption": "Status of each sector against its own target",
        "target_col": "Target",
        "downloads": "Download the figures",
        "file_csv": "the figures behind the chart (CSV)",
        "file_json": "all figures of this page (JSON, schema ghgtrack.report/1)",
        "file_png": "the chart as an image (PNG, 1600 × 900)",
        "file_pdf": "this page for printing (PDF, A4)",
        "source": "Source: {src}{release}. Made with ghgtrack {version} on {date}.",
        "release": ", release {release}",
        "rule": "Status rule: on track when the latest year is at or below the pathway and today's trend reaches the "
        "final milestone in time; off track when neither holds; otherwise at risk.",
    },
    "no": {
        "title": "{name}: klimagassutslipp og klimamålet",
        "h1": "{name}: hvordan går det?",
        "skip": "Hopp til tallene",
        "sub": "Utslipp av klimagasser innenfor kommunegrensen, i tonn CO2-ekvivalenter ({metric}), "
        "mot målet {target}.",
        "status": {Status.on_track: "i rute", Status.at_risk: "usikker", Status.off_track: "ikke i rute"},
        "status_label": "Status",
        "key": "Nøkkeltall",
        "emissions": "Utslipp i {year}",
        "change": "Endring siden {year}",
        "gap": "Over målbanen i {year}",
        "gap_below": "Under målbanen i {year}",
        "gap_detail": "{pct} av målbanens {path}",
        "budget_left": "Utslippsbudsjett {base}–{end} igjen",
        "budget_over": "Utslippsbudsjett {base}–{end} overskredet",
        "budget_detail_left": "av {budget}; brukt {spent}",
        "budget_detail_over": "overskredet siden {year}; budsjett {budget}, brukt {spent}",
        "runs_out": "brukt opp i {year} med dagens trend",
        "cut": "Nødvendig kutt hvert år fram til {year}",
        "cut_detail": "{kt} i {next}, deretter samme andel hvert år",
        "cut_none": "ingen fast årlig nedgang når et nivå på null",
        "trend": "Årlig endring med dagens trend",
        "reached": "målnivået nås i {year} med denne trenden",
        "never": "målnivået nås aldri med denne trenden",
        "per_year": " per år",
        "chart": "{name}: utslipp og klimamålet",
        "chart_desc": "Søylediagram over utslipp per sektor for hvert år med regnskap, {first} til {last}, i kt "
        "CO2e, med målbanen fra {base} til {end} og dagens trend framskrevet til {end}. "
        "De samme tallene står i tabellen «{table}» nedenfor.",
        "caption": "Søyler: utslipp per sektor. Heltrukken linje: målbanen. Ruter: delmål. "
        "Stiplet linje: dagens trend fram til {end}, skyggelagt: 95 % intervall. {nowcast}",
        "nowcast_caption": "Åpne sirkler: {years}, anslått ({methods}); regnskapet for dem er ikke publisert ennå.",
        "nowcast_methods": {"trend": "fra dagens trend", "indicator": "fra indikatorer"},
        "missing": "Det ble ikke publisert regnskap for {years}: de årene har ingen søyler. Budsjettet regner "
        "dem med en rett linje mellom nabo­årene.",
        "no_missing": "Alle år fra {first} til {last} har regnskap.",
        "data_table": "Tallene bak diagrammet (tonn CO2e)",
        "year": "År",
        "kind": "Type",
        "actual": "Utslipp",
        "pathway": "Målbane",
        "gap_col": "Avvik fra målbanen",
        "estimate": "Anslag",
        "interval": "95 % intervall",
        "kind_actual": "regnskap",
        "kind_nowcast": "anslag ({method})",
        "kind_trend": "trend",
        "kind_missing": "ikke regnskap",
        "by_sector": "Per sektor",
        "sector_caption": "Utslipp per sektor, {base} og {year} (tonn CO2e), endringen og hver sektors andel av "
        "avviket fra målbanen i {year}",
        "sector": "Sektor",
        "change_col": "Endring",
        "share_col": "Andel av avvik",
        "sector_note": "Andel av avvik: hvor mye av de {gap} over målbanen i {year} hver sektor står for, "
        "hvis alle sektorer hadde kuttet like stor andel siden {base}; en negativ andel betyr at "
        "sektoren ligger foran sin del. «ny»: ingen utslipp i {base}; «–»: ingen endring å vise "
        "(null i {year}, eller null begge år).",
        "total": "Totalt",
        "sector_status": "Sektormål",
        "sector_status_caption": "Status for hver sektor mot sitt eget mål",
        "target_col": "Mål",
        "downloads": "Last ned tallene",
        "file_csv": "tallene bak diagrammet (CSV)",
        "file_json": "alle tallene på siden (JSON, skjema ghgtrack.report/1)",
        "file_png": "diagrammet som bilde (PNG, 1600 × 900)",
        "file_pdf": "siden for utskrift (PDF, A4)",
        "source": "Kilde: {src}{release}. Laget med ghgtrack {version} {date}.",
        "release": ", utgave {release}",
        "rule": "Statusregel: i rute når siste år ligger på eller under målbanen og dagens trend når siste delmål i "
        "tide; ikke i rute når ingen av delene holder; ellers usikker.",
    },
}


def default_language(inv: Any) -> str:
    """Bokmål ("no") for Miljødirektoratet's municipal accounts (a Norwegian
    municipality's page), English otherwise."""
    publisher = str((getattr(inv, "provenance", None) or {}).get("publisher") or "")
    return "no" if publisher.casefold().startswith("miljødirektoratet") else "en"


def _esc(v: Any) -> str:
    return html.escape(str(v), quote=True)


def _year_list(years: list, lang: str) -> str:
    ys = [str(y) for y in years]
    if len(ys) <= 1:
        return "".join(ys)
    return ", ".join(ys[:-1]) + (" og " if lang == "no" else " and ") + ys[-1]


def _nowcast_method_label(method: str, w: Dict[str, Any]) -> str:
    return str(w["nowcast_methods"].get(method, method))


def missing_years(inv: Any) -> list:
    """Years between the first and the last year of accounts without accounts."""
    years = [int(y) for y in inv.years]
    return [y for y in range(years[0], years[-1] + 1) if y not in set(years)] if years else []


def _release(inv: Any) -> Optional[str]:
    """The release of the data as the page states it: the provenance's
    ``release`` when the reader recorded one, else the file and its years."""
    import os

    prov = inv.provenance or {}
    if prov.get("release"):
        return str(prov["release"])
    years = [int(y) for y in inv.years]
    span = f"{years[0]}–{years[-1]}" if years else ""
    name = os.path.basename(str(prov.get("file") or prov.get("dataset") or ""))
    return ", ".join(x for x in (name, span) if x) or None


def page_rows(payload: Dict[str, Any]) -> list:
    """The per-year figures behind the chart (the page's data table and
    status.csv): one dict per year from the first year to the final
    milestone with year, kind ("actual", "missing", "nowcast", "trend"),
    method, actual_t, pathway_t, gap_t, gap_pct, estimate_t, low_t, high_t."""
    series = payload["series"]
    actual = {p["year"]: p["tonnes_co2e"] for p in series["actual"]}
    pathway = {p["year"]: p["tonnes_co2e"] for p in series.get("pathway", [])}
    gap = {p["year"]: p for p in series.get("gap", [])}
    nowcast = {p["year"]: p for p in series.get("nowcast", [])}
    trend = {p["year"]: p for p in series.get("trend_projection", [])}
    first = min(actual) if actual else payload["base_year"]
    last = max([first, *actual, *pathway, *nowcast, *trend])
    rows = []
    for y in range(first, last + 1):
        r: Dict[str, Any] = {"year": y, "kind": "", "method": None, "actual_t": None, "pathway_t": pathway.get(y)}
        r.update(gap_t=None, gap_pct=None, estimate_t=None, low_t=None, high_t=None)
        if y in actual:
            r.update(kind="actual", actual_t=actual[y])
            if y in gap:
                r.update(gap_t=gap[y]["tonnes_co2e"], gap_pct=gap[y]["pct"])
        elif y in nowcast:
            n = nowcast[y]
            r.update(kind="nowcast", method=n.get("method", "trend"), estimate_t=n["tonnes_co2e"])
            r.update(low_t=n["low"], high_t=n["high"])
        elif y in trend:
            n = trend[y]
            r.update(kind="trend", method="trend", estimate_t=n["tonnes_co2e"], low_t=n["low"], high_t=n["high"])
        elif actual and y < max(actual):
            r["kind"] = "missing"
        else:
            continue
        rows.append(r)
    return rows


CSV_COLUMNS = ["year", "kind", "method", "actual_t", "pathway_t", "gap_t", "gap_pct", "estimate_t", "low_t", "high_t"]


def page_csv(payload: Dict[str, Any]) -> str:
    """status.csv: the figures behind the chart, t CO2e, a dot as the decimal
    mark and no thousands separator (machine-readable in any language);
    empty cells where a figure does not apply."""
    import csv

    buf = io.StringIO()
    wr = csv.writer(buf, lineterminator="\n")
    wr.writerow(CSV_COLUMNS)
    for r in page_rows(payload):
        wr.writerow(["" if r[k] is None else (f"{r[k]:.3f}" if isinstance(r[k], float) else r[k]) for k in CSV_COLUMNS])
    return buf.getvalue()


def target_text(s: Dict[str, Any], lang: str) -> str:
    """The target in words of ``lang`` from a tracking summary's milestones:
    "-95 % by 2030 vs 2009" / "-95 % innen 2030 fra 2009"."""
    base = s["base_tonnes_co2e"]
    by, vs = (" innen ", " fra ") if lang == "no" else (" by ", " vs ")
    parts = [f"{fmt.change(base, m['tonnes_co2e'], lang, digits=0)}{by}{m['year']}" for m in s["milestones"]]
    return ", ".join(parts) + f"{vs}{s['base_year']}"


def _card(label: str, value: str, detail: str = "") -> str:
    small = f"<small>{_esc(detail)}</small>" if detail else ""
    return f"<div class='card'><dt>{_esc(label)}</dt><dd>{_esc(value)}{small}</dd></div>"


def _cards(s: Dict[str, Any], w: Dict[str, Any], lang: str) -> str:
    fin = s["milestones"][-1]
    ly, by = s["latest_year"], s["base_year"]
    cards = [
        _card(w["emissions"].format(year=ly), fmt.kilotonnes(s["latest_tonnes_co2e"], lang)),
        _card(
            w["change"].format(year=by),
            fmt.change(s["base_tonnes_co2e"], s["latest_tonnes_co2e"], lang),
            fmt.kilotonnes(s["base_tonnes_co2e"], lang) + " → " + fmt.kilotonnes(s["latest_tonnes_co2e"], lang),
        ),
    ]
    gap = s["gap_tonnes_co2e_latest"]
    if gap is not None:
        label = w["gap"] if gap > 0 else w["gap_below"]
        cards.append(
            _card(
                label.format(year=ly),
                fmt.kilotonnes(abs(gap), lang),
                w["gap_detail"].format(
                    pct=fmt.percent(s["gap_pct_latest"], lang),
                    path=fmt.kilotonnes(s["pathway_tonnes_co2e_latest"], lang),
                ),
            )
        )
    remaining, budget, spent = s["remaining_tonnes_co2e"], s["budget_tonnes_co2e"], s["spent_tonnes_co2e"]
    if remaining is not None:
        b, sp = fmt.kilotonnes(budget, lang), fmt.kilotonnes(spent, lang)
        if s["budget_run_out"] == str(RunOutState.overspent) or remaining < 0:
            since = s["budget_overspent_since"]
            cards.append(
                _card(
                    w["budget_over"].format(base=by, end=fin["year"]),
                    fmt.kilotonnes(abs(remaining), lang),
                    w["budget_detail_over"].format(year=since if since is not None else "–", budget=b, spent=sp),
                )
            )
        else:
            detail = w["budget_detail_left"].format(budget=b, spent=sp)
            if s["budget_run_out"] == str(RunOutState.runs_out):
                detail += "; " + w["runs_out"].format(year=s["budget_run_out_year"])
            cards.append(
                _card(w["budget_left"].format(base=by, end=fin["year"]), fmt.kilotonnes(remaining, lang), detail)
            )
    req = s["required_rate_pct_per_year"]
    final_rate = req.get(str(fin["year"]), req.get(fin["year"])) if req else None
    if req:
        if final_rate is None:
            cards.append(_card(w["cut"].format(year=fin["year"]), fmt.MISSING, w["cut_none"]))
        else:
            first_cut = s["required_cut_next_year_tonnes_co2e"][str(fin["year"])]
            cards.append(
                _card(
                    w["cut"].format(year=fin["year"]),
                    fmt.percent(-final_rate, lang, sign=False) + w["per_year"],
                    w["cut_detail"].format(kt=fmt.kilotonnes(first_cut, lang), next=ly + 1),
                )
            )
    yr = s["year_target_reached_on_trend"]
    cards.append(
        _card(
            w["trend"],
            (fmt.percent(s["trend_rate_pct_per_year"], lang) + w["per_year"])
            if s["trend_rate_pct_per_year"] is not None
            else fmt.MISSING,
            w["reached"].format(year=yr) if yr is not None else w["never"],
        )
    )
    return "<dl class='cards'>" + "".join(cards) + "</dl>"


def _th_row(cells: list) -> str:
    return "<tr>" + "".join(f"<th scope='col'>{_esc(c)}</th>" for c in cells) + "</tr>"


def _data_table(payload: Dict[str, Any], w: Dict[str, Any], lang: str) -> str:
    head = [w["year"], w["kind"], w["actual"], w["pathway"], w["gap_col"], w["estimate"], w["interval"]]
    body = []
    for r in page_rows(payload):
        kind = {
            "actual": w["kind_actual"],
            "missing": w["kind_missing"],
            "trend": w["kind_trend"],
            "nowcast": w["kind_nowcast"].format(method=_nowcast_method_label(str(r["method"]), w)),
        }[r["kind"]]
        gap = (
            ""
            if r["gap_t"] is None
            else f"{fmt.number(r['gap_t'], 0, lang, sign=True)} ({fmt.percent(r['gap_pct'], lang)})"
        )
        interval = (
            "" if r["low_t"] is None else f"{fmt.number(r['low_t'], 0, lang)} – {fmt.number(r['high_t'], 0, lang)}"
        )
        cells = [
            "" if r["actual_t"] is None else fmt.number(r["actual_t"], 0, lang),
            "" if r["pathway_t"] is None else fmt.number(r["pathway_t"], 0, lang),
            gap,
            "" if r["estimate_t"] is None else fmt.number(r["estimate_t"], 0, lang),
            interval,
        ]
        body.append(
            f"<tr><th scope='row'>{r['year']}</th><td class='l'>{_esc(kind)}</td>"
            + "".join(f"<td>{_esc(c)}</td>" for c in cells)
            + "</tr>"
        )
    return (
        "<div class='scroll' tabindex='0' role='region' aria-labelledby='h-data'>"
        "<table id='data-table' aria-labelledby='h-data'>"
        f"<thead>{_th_row(head)}</thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _sector_table(payload: Dict[str, Any], w: Dict[str, Any], lang: str) -> str:
    base, year = payload["base_year"], payload["year"]
    tracked = "tracking" in payload
    head = [w["sector"], f"{base} (t)", f"{year} (t)", w["change_col"]] + ([w["share_col"]] if tracked else [])
    zero = 0.5  # the table shows whole tonnes: a value that reads 0 counts as zero
    rows = []
    for r in payload["sectors"]:
        cells = [
            fmt.number(r["tonnes_co2e_base_year"], 0, lang),
            fmt.number(r["tonnes_co2e_year"], 0, lang),
            fmt.change(r["tonnes_co2e_base_year"], r["tonnes_co2e_year"], lang, zero=zero),
        ]
        if tracked:
            cells.append(fmt.percent(r.get("share_of_gap_pct"), lang))
        rows.append(
            f"<tr><th scope='row'>{_esc(r['sector'])}</th>" + "".join(f"<td>{_esc(c)}</td>" for c in cells) + "</tr>"
        )
    tot = payload["total"]
    foot = [
        fmt.number(tot["tonnes_co2e_base_year"], 0, lang),
        fmt.number(tot["tonnes_co2e_year"], 0, lang),
        fmt.change(tot["tonnes_co2e_base_year"], tot["tonnes_co2e_year"], lang, zero=zero),
    ] + (["100,0\u00a0%" if lang == "no" else "100.0\u00a0%"] if tracked else [])
    note = ""
    if tracked:
        gap = payload["tracking"].get("gap_tonnes_co2e_latest")
        note = (
            "<p class='note'>"
            + _esc(w["sector_note"].format(gap=fmt.kilotonnes(gap, lang), year=year, base=base))
            + "</p>"
        )
    return (
        "<div class='scroll' tabindex='0' role='region' aria-labelledby='h-sector'>"
        f"<table id='sector-table'><caption>{_esc(w['sector_caption'].format(base=base, year=year))}"
        f"</caption><thead>{_th_row(head)}</thead><tbody>{''.join(rows)}</tbody><tfoot><tr><th scope='row'>"
        f"{_esc(w['total'])}</th>" + "".join(f"<td>{_esc(c)}</td>" for c in foot) + f"</tr></tfoot></table></div>{note}"
    )


def _sector_status(sector_results: Any, w: Dict[str, Any], lang: str) -> str:
    rows = []
    for sector, r in sector_results.items():
        s = r.summary()
        st = r.status
        rows.append(
            f"<tr><th scope='row'>{_esc(sector)}</th><td>{_esc(target_text(s, lang))}</td>"
            f"<td>{_esc(fmt.number(s['latest_tonnes_co2e'], 0, lang))}</td>"
            f"<td>{_esc(fmt.number(s['pathway_tonnes_co2e_latest'], 0, lang))}</td>"
            f"<td>{_esc(STATUS_SYMBOLS.get(st, ''))} {_esc(w['status'].get(st, str(st)))}</td></tr>"
        )
    head = [w["sector"], w["target_col"], w["actual"] + " (t)", w["pathway"] + " (t)", w["status_label"]]
    return (
        f"<section aria-labelledby='h-sector-status'><h2 id='h-sector-status'>{_esc(w['sector_status'])}</h2>"
        "<div class='scroll' tabindex='0' role='region' aria-labelledby='h-sector-status'>"
        f"<table><caption>{_esc(w['sector_status_caption'])}</caption>"
        f"<thead>{_th_row(head)}</thead><tbody>{''.join(rows)}</tbody></table></div></section>"
    )


def html_page(
    inv: Any,
    result: Any,
    payload: Dict[str, Any],
    lang: Optional[str] = None,
    plan: Any = None,
    *,
    files: Optional[Dict[str, str]] = None,
    sector_results: Any = None,
    release: Optional[str] = None,
    generated: Optional[str] = None,
) -> str:
    """A self-contained HTML status page (inline CSS and SVG, no scripts,
    no external resources, every text from the data escaped), in English
    (``lang="en"``) or bokmål (``lang="no"``; None: bokmål for
    Miljødirektoratet's data, see :func:`default_language`).

    ``files`` maps "csv", "json", "png", "pdf" to the relative names of the
    files written beside the page, which it links to. ``sector_results``
    maps a sector to its :class:`~ghgtrack.tracking.TrackingResult` against
    its own target. With ``plan`` (a :class:`ghgtrack.plan.Plan`), the plan's
    section (measures and the ledger, ghgtrack.plan_report) follows."""
    from .plotting import chart_svg

    lang = default_language(inv) if lang is None else lang
    if lang not in TEXT:
        raise ArgumentError(f"lang must be one of {', '.join(TEXT)} (got {lang!r})")
    w = TEXT[lang]
    s = result.summary()
    name_raw = str(payload.get("municipality") or ("Kommunen" if lang == "no" else "Municipality"))
    name = _esc(name_raw)
    fin = s["milestones"][-1]
    status = w["status"].get(result.status, str(result.status))
    colour = STATUS_COLOURS.get(result.status, "#333333")
    symbol = STATUS_SYMBOLS.get(result.status, "")
    years = [int(y) for y in inv.years]
    gaps = missing_years(inv)
    missing = (
        w["missing"].format(years=_year_list(gaps, lang))
        if gaps
        else w["no_missing"].format(first=years[0], last=years[-1])
    )
    nowcast = payload["series"].get("nowcast", [])
    methods = sorted({str(n.get("method", "trend")) for n in nowcast})
    nowcast_text = (
        w["nowcast_caption"].format(
            years=_year_list([n["year"] for n in nowcast], lang),
            methods=", ".join(_nowcast_method_label(m, w) for m in methods),
        )
        if nowcast
        else ""
    )
    chart_title = w["chart"].format(name=name_raw)
    desc = w["chart_desc"].format(
        first=years[0], last=years[-1], base=s["base_year"], end=fin["year"], table=w["data_table"]
    )
    svg = chart_svg(result, title=chart_title, lang=lang, payload=payload, description=desc)
    src = _esc(inv.provenance.get("publisher") or inv.provenance.get("dataset") or inv.provenance.get("file") or "–")
    release = release or _release(inv)
    generated = generated or datetime.date.today().isoformat()
    plan_section = ""
    if plan is not None:
        # plan_report imports the planning modules, which import tracking,
        # which imports this module: the import stays here to break the cycle.
        from .plan_report import plan_html_section

        plan_section = plan_html_section(plan, lang=lang)
    links = ""
    if files:
        items = [(k, files[k]) for k in ("csv", "json", "png", "pdf") if files.get(k)]
        links = (
            f"<section aria-labelledby='h-files' class='downloads'><h2 id='h-files'>{_esc(w['downloads'])}</h2><ul class='files'>"
            + "".join(f"<li><a href='{_esc(path)}'>{_esc(w['file_' + k])}</a></li>" for k, path in items)
            + "</ul></section>"
        )
    source = w["source"].format(
        src=src,
        release=w["release"].format(release=_esc(release)) if release else "",
        version=_esc(__version__),
        date=_esc(generated),
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ghgtrack {_esc(__version__)}">
<title>{_esc(w["title"].format(name=name_raw))}</title>
<style>{CSS}</style>
</head>
<body>
<a class="skip" href="#figures">{_esc(w["skip"])}</a>
<header>
<h1>{w["h1"].format(name=name)}</h1>
<p class="sub">{_esc(w["sub"].format(metric=payload.get("metric"), target=target_text(s, lang)))}</p>
<p><span class="status" style="background:{colour}">{w["status_label"]}: <span aria-hidden="true">{symbol}</span> {_esc(status)}</span></p>
</header>
<main id="figures" tabindex="-1">
<section aria-labelledby="h-key"><h2 id="h-key">{_esc(w["key"])}</h2>{_cards(s, w, lang)}</section>
<figure aria-labelledby="chart-caption">{svg}<figcaption id="chart-caption">{_esc(w["caption"].format(end=fin["year"], nowcast=nowcast_text))} {_esc(missing)}</figcaption></figure>
<section aria-labelledby="h-data" class="data-table"><h2 id="h-data">{_esc(w["data_table"])}</h2>{_data_table(payload, w, lang)}</section>
<section aria-labelledby="h-sector"><h2 id="h-sector">{_esc(w["by_sector"])}</h2>{_sector_table(payload, w, lang)}</section>
{_sector_status(sector_results, w, lang) if sector_results else ""}
{plan_section}
{links}
</main>
<footer>
<p>{source}</p>
<p>{_esc(w["rule"])}</p>
</footer>
</body>
</html>
"""


def chromium() -> Optional[str]:
    """The path of Debian's chromium (or another Chromium/Chrome) on PATH, or None."""
    import shutil

    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def print_to_pdf(html_path: str, pdf_path: str, *, timeout: float = 120.0) -> str:
    """Prints the page at ``html_path`` to ``pdf_path`` (A4, the page's
    print stylesheet) with headless Chromium's print-to-PDF; no network
    (background networking off, the page has no external requests).
    Raises :class:`ghgtrack.IoError` when Chromium is missing or fails."""
    import os
    import pathlib
    import subprocess
    import tempfile

    from ._core import IoError

    browser = chromium()
    if browser is None:
        raise IoError("--pdf needs Chromium (Debian: apt-get install chromium); no chromium on PATH")
    with tempfile.TemporaryDirectory(prefix="ghgtrack-chromium-") as profile:
        cmd = [
            browser,
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
            f"--user-data-dir={profile}",
            f"--print-to-pdf={os.path.abspath(pdf_path)}",
            pathlib.Path(os.path.abspath(html_path)).as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.insert(1, "--no-sandbox")  # Chromium refuses its sandbox as root
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as e:
            raise IoError(f"chromium did not print {html_path} to PDF within {timeout:g} s") from e
    if r.returncode != 0 or not os.path.exists(pdf_path) or os.path.getsize(pdf_path) == 0:
        raise IoError(f"chromium could not print {html_path} to PDF: {r.stderr.strip()[-500:]}")
    return pdf_path
