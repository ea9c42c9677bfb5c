"""The status report: terminal text, JSON payload and a self-contained HTML
page of the kind a municipality publishes for its residents."""

from __future__ import annotations

import datetime
import html
import math
from typing import Any, Dict, Optional

from . import _json
from ._core import RunOutState, Status, __version__
from ._json import Null, number


def _t(v: Optional[float], digits: int = 0) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return f"{v:,.{digits}f}".replace(",", " ")


def _pct(v: Optional[float], digits: int = 1) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return f"{v:+.{digits}f} %"


# Keyed by the bound C++ enum; its text (str) comes from C++ name(status).
STATUS_COLOURS = {Status.on_track: "#117733", Status.at_risk: "#B8860B", Status.off_track: "#B22222"}


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


def tracking_html_summary(result: Any) -> str:
    s = result.summary()
    colour = STATUS_COLOURS.get(result.status, "#333")
    return (
        f"<div><strong>Target {html.escape(s['target'])}</strong>: "
        f"<span style='color:{colour};font-weight:bold'>{html.escape(s['status'])}</span><br>"
        f"{s['latest_year']}: {_t(s['latest_tonnes_co2e'])} t CO2e ({_pct(s['change_since_base_pct'])} since "
        f"{s['base_year']}); pathway {_t(s['pathway_tonnes_co2e_latest'])} t</div>"
    )


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
    s["required_rate_pct_per_year"] = [
        {"year": int(y), "pct_per_year": number(r, "no constant rate reaches that level (a zero or negative level)")}
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
    }


CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
main{max-width:980px;margin:0 auto;padding:24px}
h1{font-size:1.8rem;margin:0 0 4px}
.sub{color:#555;margin:0 0 20px}
.status{display:inline-block;padding:6px 14px;border-radius:16px;color:#fff;font-weight:600}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px;margin:20px 0}
.card{background:#fff;border:1px solid #e2e2e2;border-radius:8px;padding:14px}
.card .v{font-size:1.5rem;font-weight:700}
.card .l{color:#555;font-size:.9rem}
figure{background:#fff;border:1px solid #e2e2e2;border-radius:8px;margin:20px 0;padding:8px}
figure svg{width:100%;height:auto}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{padding:6px 10px;border-bottom:1px solid #e6e6e6;text-align:right}
th:first-child,td:first-child{text-align:left}
footer{color:#666;font-size:.85rem;margin-top:24px}
"""


# The page's words in English and Norwegian (bokmål), for residents.
TEXT: Dict[str, Dict[str, Any]] = {
    "en": {
        "title": "{name}: greenhouse-gas emissions and the climate target",
        "h1": "{name}: how are we doing?",
        "sub": "Greenhouse-gas emissions inside the municipal border, t CO2-equivalent ({metric}), against the target {target}.",
        "status": {},  # English: the C++ name of the status
        "emissions": "emissions in {year} (t CO2e / 1000)",
        "change": "change since {year}",
        "allowed": "allowed in {year} ({target})",
        "needed": "yearly change needed from now",
        "trend": "yearly change on today's trend",
        "reached": "year the target is reached on today's trend",
        "never": "never",
        "per_year": "/yr",
        "chart": "{name}: emissions and target",
        "caption": "Bars: emissions by sector. Line: the target pathway. Diamonds: milestones. "
        "Points: nowcast from today's trend with a 95 % interval.",
        "by_sector": "By sector",
        "sector": "Sector",
        "change_col": "change",
        "total": "Total",
        "footer": "Data: {src}. Status rule: on track when the latest year is at or below the pathway and "
        "today's trend reaches the final milestone in time; off track when neither holds; otherwise "
        "at risk. Made with ghgtrack {version} on {date}.",
    },
    "no": {
        "title": "{name}: klimagassutslipp og klimamålet",
        "h1": "{name}: hvordan går det?",
        "sub": "Utslipp av klimagasser innenfor kommunegrensen, tonn CO2-ekvivalenter ({metric}), mot målet {target}.",
        "status": {Status.on_track: "i rute", Status.at_risk: "usikker", Status.off_track: "ikke i rute"},
        "emissions": "utslipp i {year} (tonn CO2e / 1000)",
        "change": "endring siden {year}",
        "allowed": "tillatt i {year} ({target})",
        "needed": "nødvendig årlig endring fra nå",
        "trend": "årlig endring med dagens trend",
        "reached": "året målet nås med dagens trend",
        "never": "aldri",
        "per_year": "/år",
        "chart": "{name}: utslipp og mål",
        "caption": "Søyler: utslipp per sektor. Linje: målbanen. Ruter: delmål. "
        "Punkter: anslag fra dagens trend med 95 % intervall.",
        "by_sector": "Per sektor",
        "sector": "Sektor",
        "change_col": "endring",
        "total": "Totalt",
        "footer": "Data: {src}. Statusregel: i rute når siste år ligger på eller under målbanen og dagens trend "
        "når siste delmål i tide; ikke i rute når ingen av delene holder; ellers usikker. "
        "Laget med ghgtrack {version} {date}.",
    },
}


def html_page(inv: Any, result: Any, payload: Dict[str, Any], lang: str = "en", plan: Any = None) -> str:
    """A self-contained HTML status page (inline CSS and SVG, no scripts,
    no external resources), in English (``lang="en"``) or Norwegian
    (``lang="no"``). With ``plan`` (a :class:`ghgtrack.plan.Plan`), the
    plan's section (ghgtrack.plan_report) follows the sector table."""
    from .plotting import chart_svg

    if lang not in TEXT:
        raise ValueError(f"lang must be one of {', '.join(TEXT)}, not {lang!r}")
    w = TEXT[lang]
    s = result.summary()
    name = html.escape(str(payload.get("municipality") or "Municipality"))
    colour = STATUS_COLOURS.get(result.status, "#333")
    fin = s["milestones"][-1]
    req = list(s["required_rate_pct_per_year"].values())
    target_text = html.escape(s["target"])
    cards = [
        (f"{_t(s['latest_tonnes_co2e'] / 1e3, 1)} kt", w["emissions"].format(year=s["latest_year"])),
        (_pct(s["change_since_base_pct"]), w["change"].format(year=s["base_year"])),
        (f"{_t(fin['tonnes_co2e'] / 1e3, 1)} kt", w["allowed"].format(year=fin["year"], target=s["target"])),
        (_pct(req[-1], 1) + w["per_year"] if req and req[-1] is not None else "–", w["needed"]),
        (
            _pct(s["trend_rate_pct_per_year"], 1) + w["per_year"] if s["trend_rate_pct_per_year"] is not None else "–",
            w["trend"],
        ),
        (str(s["year_target_reached_on_trend"]) if s["year_target_reached_on_trend"] else w["never"], w["reached"]),
    ]
    card_html = "".join(
        f"<div class='card'><div class='v'>{html.escape(v)}</div><div class='l'>{html.escape(label)}</div></div>"
        for v, label in cards
    )
    base, year = payload["base_year"], payload["year"]
    rows = "".join(
        f"<tr><td>{html.escape(r['sector'])}</td><td>{_t(r['tonnes_co2e_base_year'])}</td>"
        f"<td>{_t(r['tonnes_co2e_year'])}</td><td>{_pct(r['change_pct'])}</td></tr>"
        for r in payload["sectors"]
    )
    tot = payload["total"]
    rows += (
        f"<tr><th>{w['total']}</th><th>{_t(tot['tonnes_co2e_base_year'])}</th><th>{_t(tot['tonnes_co2e_year'])}</th>"
        f"<th>{_pct(tot['change_pct'])}</th></tr>"
    )
    svg = chart_svg(result, title=w["chart"].format(name=payload.get("municipality") or "").strip(": "), lang=lang)
    src = html.escape(str(inv.provenance.get("publisher", "")))
    generated = datetime.date.today().isoformat()
    metric = html.escape(str(payload.get("metric")))
    status = html.escape(w["status"].get(result.status, str(result.status)))
    plan_section = ""
    if plan is not None:
        # plan_report imports the planning modules, which import tracking,
        # which imports this module: the import stays here to break the cycle.
        from .plan_report import plan_html_section

        plan_section = plan_html_section(plan, lang=lang)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{w["title"].format(name=name)}</title>
<style>{CSS}</style>
</head>
<body>
<main>
<h1>{w["h1"].format(name=name)}</h1>
<p class="sub">{w["sub"].format(metric=metric, target=target_text)}</p>
<p><span class="status" style="background:{colour}">{status}</span></p>
<section class="cards">{card_html}</section>
<figure>{svg}<figcaption>{w["caption"]}</figcaption></figure>
<h2>{w["by_sector"]}</h2>
<table><thead><tr><th>{w["sector"]}</th><th>{base} (t)</th><th>{year} (t)</th><th>{w["change_col"]}</th></tr></thead><tbody>{rows}</tbody></table>
{plan_section}
<footer>{w["footer"].format(src=src, version=__version__, date=generated)}</footer>
</main>
</body>
</html>
"""
