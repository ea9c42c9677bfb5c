"""The plan as users see it: terminal text, the HTML section (English and
Norwegian) with the wedge chart, the JSON payload, and the ``ghgtrack plan``
subcommand. The figures come from :class:`ghgtrack.plan.Plan`; this module
only formats them."""

from __future__ import annotations

import argparse
import html
import json
import math
import os
import sys
from typing import Any, Dict, List, Optional

from . import _args, _core, datasets
from . import _format as fmt
from ._atomic import write_files_atomically, write_text
from .costs import costs_section_html, costs_section_text
from .inventory import read_csv
from .klimabudsjett import read_caps
from .plan import Plan, build_plan
from .plan_plot import save_wedges, wedges_svg
from .planning import read_measures
from .readers import read_miljodirektoratet
from .report import CSS
from .tracking import Target

WORDS: Dict[str, Dict[str, str]] = {
    "en": {
        "title": "{name}: the climate plan",
        "head": "{name}: climate plan to {until}; target {target} ({level} t in {year})",
        "base": "Base year {base_year}: {base} t. Actual data up to {last}; {first}-{until} projected "
        "(baseline: {method}).",
        "levels": "Emissions per year (t CO2e; projected years marked *) and the gap to the target pathway",
        "year": "Year",
        "pathway": "Pathway",
        "gap": "gap",
        "met": "{scenario}: target level reached in {year}{proj}; gap in {ty}: {gap} t",
        "not_met": "{scenario}: target level not reached by {until}; gap in {ty}: {gap} t",
        "projected_mark": " (projected)",
        "ledger": "Klimabudsjett ledger ({source}; gap = projected - cap, positive = over the cap)",
        "cap": "Cap",
        "baseline": "Baseline",
        "planned": "Planned",
        "projected": "Projected",
        "actual": "Actual",
        "measures": "Measures by Shapley share of the combined reduction in {year} (adopted + proposed)",
        "measure": "Measure",
        "status": "Status",
        "shapley": "Shapley",
        "share": "Share",
        "alone": "Alone",
        "last_in": "Last in",
        "overlap": "Combined reduction {combined} t; the measures alone sum to {naive} t: overlap overcount {over} t.",
        "stated": "Published totals beside the table: {totals}.",
        "agencies": "Planned reduction per responsible agency in {year} (t; a shared measure counts for each agency)",
        "agency": "Agency",
        "measures_col": "Measures",
        "restatement": "Restatement of the caps",
        "restated": "The {base_year} level changed from {old} t ({old_source}) to {new} t ({new_source}).",
        "old_cap": "Old cap",
        "new_cap": "New cap",
        "difference": "Difference",
        "unquantified": "Measures without a quantified effect (listed, not counted as zero)",
        "reason": "Reason",
        "none": "none",
        "scenarios": "Scenarios",
        "scenario_col": "Scenario",
        "year_met": "Target reached",
        "gap_target": "Gap in {year} (t)",
        "never": "not by {until}",
        "chart": "{name}: measures towards the target",
        "caption": "Baseline (reference path) with each measure's Shapley share stacked below it; the black line is "
        "the scenario with the adopted and proposed measures. Shaded: projected years.",
        "scenario_names": "baseline|adopted|adopted + proposed",
    },
    "no": {
        "title": "{name}: klimabudsjettet",
        "head": "{name}: klimabudsjett fram til {until}; mål {target} ({level} t i {year})",
        "base": "Basisår {base_year}: {base} t. Faktiske tall til og med {last}; {first}-{until} framskrevet "
        "(referansebane: {method}).",
        "levels": "Utslipp per år (t CO2e; framskrevne år merket *) og avstand til målbanen",
        "year": "År",
        "pathway": "Målbane",
        "gap": "avvik",
        "met": "{scenario}: målnivået nås i {year}{proj}; avvik i {ty}: {gap} t",
        "not_met": "{scenario}: målnivået nås ikke innen {until}; avvik i {ty}: {gap} t",
        "projected_mark": " (framskrevet)",
        "ledger": "Utslippsrammer og avvik ({source}; avvik = framskrevet - ramme, positivt = over rammen)",
        "cap": "Ramme",
        "baseline": "Referansebane",
        "planned": "Planlagt effekt",
        "projected": "Framskrevet",
        "actual": "Faktisk",
        "measures": "Tiltak etter Shapley-andel av samlet reduksjon i {year} (vedtatt + foreslått)",
        "measure": "Tiltak",
        "status": "Status",
        "shapley": "Shapley",
        "share": "Andel",
        "alone": "Alene",
        "last_in": "Sist inn",
        "overlap": "Samlet reduksjon {combined} t; tiltakene hver for seg summerer til {naive} t: "
        "dobbelttelling {over} t.",
        "stated": "Publiserte totaler ved tabellen: {totals}.",
        "agencies": "Planlagt reduksjon per ansvarlig virksomhet i {year} (t; et delt tiltak teller for hver)",
        "agency": "Ansvarlig",
        "measures_col": "Tiltak",
        "restatement": "Omregning av utslippsrammene",
        "restated": "Nivået i {base_year} er endret fra {old} t ({old_source}) til {new} t ({new_source}).",
        "old_cap": "Gammel ramme",
        "new_cap": "Ny ramme",
        "difference": "Endring",
        "unquantified": "Tiltak uten beregnet effekt (listet, ikke regnet som null)",
        "reason": "Grunn",
        "none": "ingen",
        "scenarios": "Scenarioer",
        "scenario_col": "Scenario",
        "year_met": "Målet nås",
        "gap_target": "Avvik i {year} (t)",
        "never": "ikke innen {until}",
        "chart": "{name}: tiltak mot målet",
        "caption": "Referansebanen med hvert tiltaks Shapley-andel stablet under; den svarte linjen er scenarioet "
        "med vedtatte og foreslåtte tiltak. Skyggelagt: framskrevne år.",
        "scenario_names": "referansebane|vedtatt|vedtatt + foreslått",
    },
}


def _words(lang: str) -> Dict[str, str]:

    if lang not in WORDS:
        raise _core.ArgumentError(f"lang must be one of {', '.join(WORDS)} (got {lang!r})")
    return WORDS[lang]


def _scenario_label(name: str, w: Dict[str, str]) -> str:
    en = WORDS["en"]["scenario_names"].split("|")
    mine = w["scenario_names"].split("|")
    return mine[en.index(name)] if name in en else name


def _level(v: Any, lang: str = "en") -> str:
    """A base-year level as published: whole tonnes, or one decimal when it has one."""
    if _nan(v):
        return fmt.MISSING
    f = float(v)
    return fmt.number(f, 0 if f == round(f) else 1, lang)


def _pct(v: Any, lang: str = "en") -> str:
    """A fraction (0.25) in per cent, unsigned: ``25.0 %`` / ``25,0 %``."""
    return fmt.fraction(None if _nan(v) else float(v), lang, sign=False)


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# -- terminal text -------------------------------------------------------------------------------


def plan_lines(plan: Plan, *, lang: str = "en", top: Optional[int] = None) -> List[str]:
    """The plan as terminal lines."""
    w = _words(lang)

    def _t(v: Any) -> str:  # whole tonnes in the language's one number format (ghgtrack._format)
        return fmt.number(None if _nan(v) else float(v), 0, lang)

    name = plan.municipality or "Municipality"
    proj = plan.projected_years
    out = [
        w["head"].format(
            name=name, until=plan.until, target=plan.target, level=_t(plan.target_level_t), year=plan.target_year
        ),
        w["base"].format(
            base_year=plan.base_year,
            base=_level(plan.base_level_t, lang),
            last=plan.last_actual_year,
            first=proj[0],
            until=plan.until,
            method=plan.baseline_method,
        ),
        "",
        w["levels"],
    ]
    scen = plan.scenario_names
    labels = [_scenario_label(s, w) for s in scen]
    head = f"{w['year']:<6} {w['pathway']:>11}" + "".join(f" {_short(lab, 18):>18} {w['gap']:>10}" for lab in labels)
    out.append(head)
    s = plan.series
    for y in [plan.last_actual_year] + proj:
        mark = "*" if s.at[y, "kind"] == "projected" else " "
        row = f"{y}{mark:<2} {_t(s.at[y, 'pathway']):>11}"
        for n in scen:
            row += f" {_t(s.at[y, n]):>18} {_t(plan.gaps.at[y, n]):>10}"
        out.append(row)
    out.append("")
    for n, r in plan.scenario_figures.iterrows():
        lab = _scenario_label(str(n), w)
        if r["year_met"] is None or (isinstance(r["year_met"], float) and math.isnan(r["year_met"])):
            out.append(
                w["not_met"].format(
                    scenario=lab, until=plan.until, ty=plan.target_year, gap=_t(r["gap_in_target_year_t"])
                )
            )
        else:
            out.append(
                w["met"].format(
                    scenario=lab,
                    year=int(r["year_met"]),
                    proj=w["projected_mark"] if r["met_in_projection"] else "",
                    ty=plan.target_year,
                    gap=_t(r["gap_in_target_year_t"]),
                )
            )
    out += ["", w["ledger"].format(source=plan.caps_source)]
    out.append(
        f"{w['year']:<6} {w['cap']:>11} {w['baseline']:>13} {w['planned']:>15} {w['projected']:>11} "
        f"{w['gap']:>11} {w['actual']:>11}"
    )
    for y, r in plan.ledger.iterrows():
        out.append(
            f"{y:<6} {_t(r['cap_t']):>11} {_t(r['baseline_t']):>13} {_t(r['planned_t']):>15} "
            f"{_t(r['projected_t']):>11} {_t(r['gap_t'] if not _nan(r['gap_t']) else r['actual_gap_t']):>11} "
            f"{_t(r['actual_t']):>11}"
        )
    out += ["", w["measures"].format(year=plan.report_year)]
    out.append(
        f"{'#':>4} {w['measure']:<46} {w['status']:<10} {w['shapley']:>10} {w['share']:>7} {w['alone']:>10} "
        f"{w['last_in']:>10}"
    )
    m = plan.measures[plan.measures["quantified"]]
    if top is not None:
        m = m.head(top)
    for _, r in m.iterrows():
        out.append(
            f"{r['id']:>4} {_short(str(r['name']), 46):<46} {r['status']:<10} {_t(r['shapley_t']):>10} "
            f"{_pct(r['share'], lang):>7} {_t(r['alone_t']):>10} {_t(r['last_in_t']):>10}"
        )
    if plan.report_year in plan.overlap.index:
        o = plan.overlap.loc[plan.report_year]
        out.append(w["overlap"].format(combined=_t(o["combined"]), naive=_t(o["naive_sum"]), over=_t(o["overcount"])))
    if plan.stated_totals:
        out.append(
            w["stated"].format(totals=", ".join(f"{y}: {_t(v)} t" for y, v in sorted(plan.stated_totals.items())))
        )
    out += ["", w["agencies"].format(year=plan.report_year)]
    for a, r in plan.agencies.iterrows():
        ids = ", ".join(plan.agency_measures.get(str(a), []))
        out.append(f"  {_short(str(a), 30):<30} {_t(r.get(plan.report_year, math.nan)):>10}   ({ids})")
    info = plan.restatement_info
    if len(plan.restatement) and info.get("old_base_t") is not None and not _nan(info.get("old_base_t")):
        out += ["", w["restatement"]]
        out.append(
            w["restated"].format(
                base_year=info.get("base_year"),
                old=_level(info.get("old_base_t"), lang),
                new=_level(info.get("new_base_t"), lang),
                old_source=info.get("old_source"),
                new_source=info.get("new_source"),
            )
        )
        out.append(f"{w['year']:<6} {'%':>6} {w['old_cap']:>12} {w['new_cap']:>12} {w['difference']:>11}")
        for y, r in plan.restatement.iterrows():
            out.append(
                f"{y:<6} {_pct(r['change'], lang):>6} {_t(r['old_cap_t']):>12} {_t(r['new_cap_t']):>12} "
                f"{_t(r['difference_t']):>11}"
            )
    out += ["", w["unquantified"] + ":"]
    if not len(plan.unquantified):
        out.append("  " + w["none"])
    for _, r in plan.unquantified.iterrows():
        out.append(f"  {r['id']:>4} {_short(str(r['name']), 60):<60} {r['reason']} ({r['agency'] or '–'})")
    if plan.costs:  # what it costs, when the measures carry costs (ghgtrack.costs)
        out += [""] + costs_section_text(plan.costs).splitlines()
    return out


def _nan(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


# -- HTML --------------------------------------------------------------------------------------------


def _table(head: List[str], rows: List[List[str]]) -> str:
    """A table with column headers (scope="col"), every cell escaped, in a
    region that scrolls sideways on a phone and can be reached by keyboard."""
    th = "".join(f"<th scope='col'>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    label = html.escape(", ".join(head[:3]), quote=True)
    return (
        f"<div class='scroll' tabindex='0' role='region' aria-label='{label}'>"
        f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def plan_html_section(plan: Plan, *, lang: str = "en", chart: bool = True, top: int = 8) -> str:
    """The plan's section of the HTML status page (every text escaped):
    scenarios, the wedge chart (inline SVG), the ledger, measures by share,
    agencies, the restatement and the unquantified measures."""
    w = _words(lang)

    def _t(v: Any) -> str:  # whole tonnes in the language's one number format (ghgtrack._format)
        return fmt.number(None if _nan(v) else float(v), 0, lang)

    name = plan.municipality or "Municipality"
    parts = [f"<section class='plan'><h2>{html.escape(w['title'].format(name=name))}</h2>"]
    proj = plan.projected_years
    parts.append(
        "<p>"
        + html.escape(
            w["base"].format(
                base_year=plan.base_year,
                base=_level(plan.base_level_t, lang),
                last=plan.last_actual_year,
                first=proj[0],
                until=plan.until,
                method=plan.baseline_method,
            )
        )
        + "</p>"
    )
    rows = []
    for n, r in plan.scenario_figures.iterrows():
        met = (
            w["never"].format(until=plan.until)
            if _nan(r["year_met"])
            else f"{int(r['year_met'])}{w['projected_mark'] if r['met_in_projection'] else ''}"
        )
        rows.append([_scenario_label(str(n), w), met, _t(r["gap_in_target_year_t"])])
    parts.append(f"<h3>{html.escape(w['scenarios'])}</h3>")
    parts.append(_table([w["scenario_col"], w["year_met"], w["gap_target"].format(year=plan.target_year)], rows))
    if chart:
        svg = wedges_svg(plan, top=top, lang=lang, title=w["chart"].format(name=name))
        parts.append(f"<figure>{svg}<figcaption>{html.escape(w['caption'])}</figcaption></figure>")
    parts.append(f"<h3>{html.escape(w['ledger'].format(source=plan.caps_source))}</h3>")
    parts.append(
        _table(
            [w["year"], w["cap"], w["baseline"], w["planned"], w["projected"], w["gap"], w["actual"]],
            [
                [
                    str(y),
                    _t(r["cap_t"]),
                    _t(r["baseline_t"]),
                    _t(r["planned_t"]),
                    _t(r["projected_t"]),
                    _t(r["gap_t"] if not _nan(r["gap_t"]) else r["actual_gap_t"]),
                    _t(r["actual_t"]),
                ]
                for y, r in plan.ledger.iterrows()
            ],
        )
    )
    parts.append(f"<h3>{html.escape(w['measures'].format(year=plan.report_year))}</h3>")
    m = plan.measures[plan.measures["quantified"]]
    parts.append(
        _table(
            ["#", w["measure"], w["agency"], w["status"], w["shapley"], w["share"], w["alone"], w["last_in"]],
            [
                [
                    str(r["id"]),
                    str(r["name"]),
                    str(r["agency"]),
                    str(r["status"]),
                    _t(r["shapley_t"]),
                    _pct(r["share"], lang),
                    _t(r["alone_t"]),
                    _t(r["last_in_t"]),
                ]
                for _, r in m.iterrows()
            ],
        )
    )
    if plan.report_year in plan.overlap.index:
        o = plan.overlap.loc[plan.report_year]
        parts.append(
            "<p>"
            + html.escape(
                w["overlap"].format(combined=_t(o["combined"]), naive=_t(o["naive_sum"]), over=_t(o["overcount"]))
            )
            + "</p>"
        )
    parts.append(f"<h3>{html.escape(w['agencies'].format(year=plan.report_year))}</h3>")
    parts.append(
        _table(
            [w["agency"], w["planned"], w["measures_col"]],
            [
                [str(a), _t(r.get(plan.report_year, math.nan)), ", ".join(plan.agency_measures.get(str(a), []))]
                for a, r in plan.agencies.iterrows()
            ],
        )
    )
    info = plan.restatement_info
    if len(plan.restatement) and not _nan(info.get("old_base_t")):
        parts.append(f"<h3>{html.escape(w['restatement'])}</h3>")
        parts.append(
            "<p>"
            + html.escape(
                w["restated"].format(
                    base_year=info.get("base_year"),
                    old=_level(info.get("old_base_t"), lang),
                    new=_level(info.get("new_base_t"), lang),
                    old_source=info.get("old_source"),
                    new_source=info.get("new_source"),
                )
            )
            + "</p>"
        )
        parts.append(
            _table(
                [w["year"], "%", w["old_cap"], w["new_cap"], w["difference"]],
                [
                    [str(y), _pct(r["change"], lang), _t(r["old_cap_t"]), _t(r["new_cap_t"]), _t(r["difference_t"])]
                    for y, r in plan.restatement.iterrows()
                ],
            )
        )
    parts.append(f"<h3>{html.escape(w['unquantified'])}</h3>")
    parts.append(
        _table(
            ["#", w["measure"], w["agency"], w["reason"]],
            [
                [str(r["id"]), str(r["name"]), str(r["agency"]), str(r["reason"])]
                for _, r in plan.unquantified.iterrows()
            ],
        )
    )
    if plan.costs:
        parts.append(costs_section_html(plan.costs))
    parts.append("</section>")
    return "\n".join(parts)


def plan_html_page(plan: Plan, *, lang: str = "en", top: int = 8) -> str:
    """A self-contained HTML page with the plan section (no scripts, no external resources)."""

    w = _words(lang)
    title = html.escape(w["title"].format(name=plan.municipality or "Municipality"))
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n{plan_html_section(plan, lang=lang, top=top)}\n"
        f"</main>\n</body>\n</html>\n"
    )


def write_plan_files(plan: Plan, out: str, *, lang: str = "en", top: int = 8) -> List[str]:
    """Writes ``plan-wedges.png``, ``plan-wedges.svg`` and ``plan.html`` into
    ``out`` (created if needed), together and atomically (a staging folder
    in ``out``, then renamed: never a new chart beside an old page);
    returns the paths."""

    w = _words(lang)

    def chart(stage: str) -> List[str]:
        return save_wedges(
            plan,
            os.path.join(stage, "plan-wedges"),
            top=top,
            lang=lang,
            title=w["chart"].format(name=plan.municipality or "Municipality"),
        )

    def page(stage: str) -> List[str]:
        path = os.path.join(stage, "plan.html")
        write_text(path, plan_html_page(plan, lang=lang, top=top))
        return [path]

    return write_files_atomically(out, [chart, page])


def plan_json(plan: Plan, files: Optional[List[str]] = None) -> str:
    """The plan as JSON text (never NaN: missing values are null)."""
    d = plan.to_dict()
    if files is not None:
        d["files"] = list(files)
    return json.dumps(d, indent=2, ensure_ascii=False, allow_nan=False)


# -- the command line ------------------------------------------------------------------------------


def _load_inventory(path: Optional[str], municipality: Optional[str]) -> Any:
    from .cli import _check_municipality  # one check for report and plan (cli imports this module)

    if path is None:
        inv = datasets.oslo()
        _check_municipality(inv, municipality, "the bundled Oslo file")
        return inv
    if path.lower().endswith((".xlsx", ".xlsm")):
        inv = read_miljodirektoratet(path, municipality=municipality)
    elif path.lower().endswith(".csv"):
        inv = read_csv(path)
    else:
        raise _core.ArgumentError(f"{path}: expected Miljødirektoratet's .xlsx or a tidy .csv file")
    _check_municipality(inv, municipality, path)
    return inv


def plan_from_args(args: argparse.Namespace, inventory: Any = None, target: Any = None) -> Plan:
    """The plan the command line asks for (also used by ``report --measures``)."""

    bundled = getattr(args, "file", None) is None
    inv = (
        inventory
        if inventory is not None
        else _load_inventory(getattr(args, "file", None), getattr(args, "municipality", None))
    )
    if getattr(args, "caps", None) and not getattr(args, "vintage", None):  # a usage error, before any reading
        raise _core.ArgumentError("--caps needs --vintage (the budget vintage to read, e.g. 'Klimabudsjett 2023')")
    if getattr(args, "measures", None):
        measures = read_measures(args.measures)
    elif bundled:
        measures = datasets.oslo_measures_2023()
    else:
        raise _core.ArgumentError("give the measures table with --measures MEASURES.csv (or .xlsx)")
    if target is None:
        base_year = getattr(args, "base_year", None)
        if getattr(args, "target", None):
            target = Target.parse(args.target, base_year=base_year if base_year is not None else inv.years[0])
        else:
            target = datasets.default_target(str(inv.provenance.get("municipality") or ""))
            if target is None:
                raise _core.ArgumentError("no target: give one with --target, e.g. --target 2030:-67%")
            if base_year is not None and base_year != target.base_year:
                target = Target.parse(
                    f"{target.final_year}:-{abs(target.reductions[target.final_year]) * 100:g}%", base_year=base_year
                )
    caps_path = getattr(args, "caps", None)
    if caps_path:
        caps = read_caps(caps_path, vintage=args.vintage)
    elif bundled:
        caps = datasets.oslo_caps("Klimabudsjett 2023")
    else:
        caps = None  # read off the target pathway
    return build_plan(
        inv,
        measures,
        target=target,
        caps=caps,
        until=getattr(args, "until", None),
        baseline_method=getattr(args, "baseline", None) or "trend",
    )


def _cmd_plan(args: argparse.Namespace) -> int:
    from .cli import phase  # (cli imports this module)

    plan = plan_from_args(args)
    files: List[str] = []
    if args.out:
        with phase("output"):
            files = write_plan_files(plan, args.out, lang=args.lang, top=args.top)
    if args.json:
        sys.stdout.write(plan_json(plan, files if args.out else None) + "\n")
        return 0
    for line in plan_lines(plan, lang=args.lang):
        print(line)
    if files:
        print()
        print("Wrote: " + ", ".join(files))
    return 0


def add_plan_arguments(p: argparse.ArgumentParser, *, with_common: bool = True) -> None:
    """The plan's options (``--measures``, ``--caps``, ``--vintage``, ``--until``, ``--baseline``)."""
    p.add_argument("--measures", help="measures table, .csv or .xlsx (default with no FILE: Oslo's 2023 measures)")
    p.add_argument(
        "--caps",
        help="caps table in long format (budget_vintage, year, metric, value, unit); default "
        "with no FILE: Oslo's caps; otherwise caps read off the target pathway",
    )
    p.add_argument("--vintage", help="budget vintage in the caps table, e.g. 'Klimabudsjett 2023'")
    p.add_argument("--until", type=_args.year, help="horizon year (default: the target year)")
    p.add_argument(
        "--baseline",
        default="trend",
        choices=["trend", "linear", "loglinear", "frozen"],
        help="baseline (reference path) method (default trend)",
    )


def add_plan_subcommand(sub: Any) -> None:
    """Adds ``ghgtrack plan`` to the command line's subparsers."""
    p = sub.add_parser(
        "plan",
        help="the climate plan: baseline, scenarios, measures by Shapley share, "
        "klimabudsjett ledger (default: Oslo's 2023 budget)",
    )
    p.add_argument("file", nargs="?", help="Miljødirektoratet .xlsx or tidy .csv (default: the bundled Oslo file)")
    p.add_argument("--municipality", help="municipality name or number (files covering several)")
    add_plan_arguments(p)
    p.add_argument("--target", help="target, e.g. 2030:-95%% (default: the municipality's current target)")
    p.add_argument(
        "--base-year", type=_args.year, help="base year of the target (default: the target's, or the first year)"
    )
    p.add_argument("--top", type=_args.count, default=8, help="measures with their own wedge in the chart (default 8)")
    p.add_argument("--lang", choices=["en", "no"], default="en", help="language: en (English) or no (bokmål)")
    p.add_argument(
        "--json", action="store_true", help="machine-readable output (schema ghgtrack.plan/1, null for missing)"
    )
    p.add_argument("--out", type=_args.non_empty, help="folder for the wedge chart (PNG, SVG) and plan.html")
    p.set_defaults(func=_cmd_plan)
