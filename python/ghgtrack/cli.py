"""The ``ghgtrack`` command line (argparse).

Every subcommand prints a readable report by default and the same content as
JSON with ``--json``, for other municipal tools.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any, Dict, List, Optional

from . import __version__
from ._units import DEFAULT_METRIC, gwp_table, to_co2e


def _cmd_gwp(args: argparse.Namespace) -> int:
    from . import _core

    gas = _core.gas_name(args.gas)
    table = gwp_table()
    by_metric: Dict[str, Optional[float]] = {
        m: (to_co2e(args.tonnes, gas, m) if _core.has_gwp(gas, m) else None) for m in table.columns
    }
    if args.json:
        payload = {
            "ghgtrack_version": __version__,
            "unit": "t CO2e per t of gas",
            "gwp_table": {
                g: {m: (None if math.isnan(v) else v) for m, v in row.items()}
                for g, row in table.to_dict(orient="index").items()
            },
            "example": {
                "gas": gas,
                "tonnes": args.tonnes,
                "metric": args.metric,
                "tonnes_co2e": to_co2e(args.tonnes, gas, args.metric),
                "tonnes_co2e_by_metric": by_metric,
            },
        }
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    print(f"ghgtrack {__version__}: global-warming potentials (t CO2e per t of gas)")
    print("Sources: IPCC SAR WGI Table 2.9; AR4 WGI Table 2.14; AR5 WGI Table 8.A.1;")
    print("         AR6 WGI Table 7.15 and Table 7.SM.7.  '-' = no value in that report.")
    print()
    print(table.to_string(na_rep="-", float_format=lambda v: f"{v:g}"))
    print()
    value = to_co2e(args.tonnes, gas, args.metric)
    print(
        f"Worked conversion: {args.tonnes:g} t {gas} x GWP {value / args.tonnes if args.tonnes else float('nan'):g} "
        f"({args.metric}) = {value:,.1f} t CO2e"
    )
    others = ", ".join(f"{m}: {v:,.1f}" for m, v in by_metric.items() if v is not None)
    print(f"The same {args.tonnes:g} t {gas} under every metric (t CO2e): {others}")
    return 0


def _load(args: argparse.Namespace) -> Any:
    from . import datasets
    from .inventory import read_csv
    from .readers import read_miljodirektoratet

    if args.file is None:
        return datasets.oslo()
    path = str(args.file)
    if path.lower().endswith((".xlsx", ".xlsm")):
        return read_miljodirektoratet(path, municipality=args.municipality)
    if path.lower().endswith(".csv"):
        return read_csv(path)
    raise ValueError(f"{path}: expected Miljødirektoratet's .xlsx or a tidy .csv file")


def _fmt_t(v: float) -> str:
    return f"{v:,.1f}".replace(",", " ")


def _report_payload(inv: Any, base_year: int, year: int, top: int) -> Dict[str, Any]:
    change = inv.change(base_year, year, by="sector")
    total_b, total_y = inv.total(base_year), inv.total(year)
    largest = inv.largest_sources(year, top)
    checks = getattr(inv, "checks", None)
    payload: Dict[str, Any] = {
        "ghgtrack_version": __version__,
        "municipality": inv.provenance.get("municipality") or inv.provenance.get("dataset"),
        "source": {k: v for k, v in inv.provenance.items() if isinstance(v, (str, int, float)) or v is None},
        "unit": "t CO2e",
        "metric": inv.metric,
        "years": inv.years,
        "base_year": base_year,
        "year": year,
        "sectors": [
            {
                "sector": sector,
                f"tonnes_co2e_{base_year}": float(r[f"tonnes_co2e_{base_year}"]),
                f"tonnes_co2e_{year}": float(r[f"tonnes_co2e_{year}"]),
                "change_tonnes": float(r["change_tonnes"]),
                "change_pct": None if math.isnan(r["change_pct"]) else float(r["change_pct"]),
                "incomplete": bool(r["incomplete"]),
            }
            for sector, r in change.iterrows()
        ],
        "total": {
            f"tonnes_co2e_{base_year}": float(total_b),
            f"tonnes_co2e_{year}": float(total_y),
            "change_tonnes": float(total_y) - float(total_b),
            "change_pct": (float(total_y) - float(total_b)) / abs(float(total_b)) * 100.0 if float(total_b) else None,
            "incomplete": bool(total_b.incomplete or total_y.incomplete),
        },
        "largest_sources": [
            {
                "source": k,
                "tonnes_co2e": float(v),
                "share_pct": float(v) / float(total_y) * 100.0 if float(total_y) else None,
            }
            for k, v in largest.items()
        ],
        "incomplete_cells": inv.incomplete_cells().to_dict(orient="records"),
        "inferred_not_occurring": inv.provenance.get("inferred_not_occurring", []),
    }
    if checks is not None:
        payload["overview_check"] = {
            "sector_years": int(len(checks)),
            "all_ok": bool(checks["ok"].all()),
            "largest_difference_tonnes": float(checks["difference"].abs().max()),
            "failures": [
                {"year": int(y), "sector": s, "detail": float(r["detail"]), "overview": float(r["overview"])}
                for (y, s), r in checks[~checks["ok"]].iterrows()
            ],
        }
    return payload


def _target_for(args: argparse.Namespace, inv: Any, base_year: int) -> Any:
    from .datasets import default_target
    from .tracking import Target

    if args.target:
        return Target.parse(args.target, base_year=base_year)
    if args.no_target:
        return None
    t = default_target(str(inv.provenance.get("municipality") or ""))
    if t is not None and args.base_year is not None and t.base_year != args.base_year:
        t = Target(base_year=args.base_year, reductions=t.reductions, name=t.name)
    return t


def _cmd_report(args: argparse.Namespace) -> int:
    import os

    inv = _load(args)
    years = inv.years
    tgt_probe = None if args.target else _target_for(args, inv, args.base_year or years[0])
    default_base = tgt_probe.base_year if tgt_probe is not None and tgt_probe.base_year in years else years[0]
    base_year = args.base_year if args.base_year is not None else default_base
    year = args.year if args.year is not None else years[-1]
    p = _report_payload(inv, base_year, year, args.top)
    target = _target_for(args, inv, base_year)
    if args.measures and target is None:
        from ._core import ArgumentError

        raise ArgumentError("--measures needs a target: drop --no-target or give --target, e.g. 2030:-67%")
    result = None
    plan = None
    files: List[str] = []
    if target is not None:
        from .tracking import track

        result = track(inv, target, nowcast_until=args.nowcast_until)
        p["tracking"] = result.summary()
        if args.measures:  # the climate plan (ghgtrack.plan_report)
            from .plan_report import plan_from_args

            plan = plan_from_args(args, inventory=inv, target=target)
            p["plan"] = plan.to_dict()
        if not args.no_files:
            from .plotting import save_chart
            from .report import html_page

            os.makedirs(args.out, exist_ok=True)
            stem = os.path.join(args.out, "emissions")
            files += save_chart(result, stem, title=f"{p['municipality'] or ''}: emissions and target".strip(": "))
            page = os.path.join(args.out, "status.html")
            with open(page, "w", encoding="utf-8") as f:
                f.write(html_page(inv, result, p, lang=args.lang, plan=plan))
            files.append(page)
            p["files"] = files
    if args.json:
        json.dump(p, sys.stdout, indent=2, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
        return 0
    _print_inventory_report(inv, p, base_year, year)
    if result is not None:
        from .report import status_lines

        print()
        for line in status_lines(result):
            print(line)
        if plan is not None:
            from .plan_report import plan_lines

            print()
            print("\n".join(plan_lines(plan, lang=args.lang)))
    if files:
        print()
        print("Wrote: " + ", ".join(files))
    return 0


def _print_inventory_report(inv: Any, p: Dict[str, Any], base_year: int, year: int) -> None:
    years = inv.years
    name = p["municipality"] or "inventory"
    print(f"ghgtrack {__version__}: {name}, greenhouse-gas emissions inside the municipal border")
    src = inv.provenance
    if src.get("publisher"):
        print(f"Source: {src.get('publisher')}, {src.get('file')}")
    print(f"Unit: t CO2e ({p['metric'] or 'GWP metric not stated'}); years {years[0]}-{years[-1]} ({len(years)} years)")
    oc = p.get("overview_check")
    if oc:
        state = "sums to" if oc["all_ok"] else "does NOT sum to"
        print(
            f"Check: the detailed sheet {state} the published overview in "
            f"{oc['sector_years']} sector-years (largest difference {oc['largest_difference_tonnes']:.1f} t)"
        )
    print()
    w = max(len("Total"), *(len(s["sector"]) for s in p["sectors"]))
    print(f"{'Sector':<{w}}  {base_year:>12}  {year:>12}  {'change':>12}  {'change %':>8}")
    for s in p["sectors"]:
        pct = "" if s["change_pct"] is None else f"{s['change_pct']:+.1f} %"
        mark = " *" if s["incomplete"] else ""
        print(
            f"{s['sector']:<{w}}  {_fmt_t(s[f'tonnes_co2e_{base_year}']):>12}  {_fmt_t(s[f'tonnes_co2e_{year}']):>12}  "
            f"{_fmt_t(s['change_tonnes']):>12}  {pct:>8}{mark}"
        )
    t = p["total"]
    pct = "" if t["change_pct"] is None else f"{t['change_pct']:+.1f} %"
    print("-" * (w + 52))
    print(
        f"{'Total':<{w}}  {_fmt_t(t[f'tonnes_co2e_{base_year}']):>12}  {_fmt_t(t[f'tonnes_co2e_{year}']):>12}  "
        f"{_fmt_t(t['change_tonnes']):>12}  {pct:>8}{' *' if t['incomplete'] else ''}"
    )
    print()
    print(f"Largest sources in {year}:")
    for i, s in enumerate(p["largest_sources"], 1):
        share = "" if s["share_pct"] is None else f"  ({s['share_pct']:.1f} %)"
        print(f"{i:>3}. {s['source']:<60} {_fmt_t(s['tonnes_co2e']):>12} t{share}")
    notes = []
    if any(s["incomplete"] for s in p["sectors"]) or t["incomplete"]:
        notes.append(
            "* includes cells whose amount is not known (NE, C or a missing row): "
            + "; ".join(
                f"{c['year']} {c['sector']} / {c['source']} / {c['gas']} ({c['notation']})"
                for c in p["incomplete_cells"][:6]
            )
        )
    if p["inferred_not_occurring"]:
        notes.append(
            f"{len(p['inferred_not_occurring'])} cell(s) without a row read as NO, because the published "
            f"sector total equals the rows present (e.g. {p['inferred_not_occurring'][0]})"
        )
    if notes:
        print()
        print("Notes:")
        for n in notes:
            print(f"  - {n}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ghgtrack",
        description="Track a municipality's greenhouse-gas emissions against its climate target.",
    )
    parser.add_argument("--version", action="version", version=f"ghgtrack {__version__}")
    sub = parser.add_subparsers(dest="command")
    r = sub.add_parser("report", help="the municipality's inventory: by sector, change, largest sources (default)")
    r.add_argument("file", nargs="?", help="Miljødirektoratet .xlsx or tidy .csv (default: the bundled Oslo file)")
    r.add_argument("--municipality", help="municipality name or number (files covering several)")
    r.add_argument("--base-year", type=int, help="base year (default: the first year)")
    r.add_argument("--year", type=int, help="year to compare (default: the latest)")
    r.add_argument("--top", type=int, default=10, help="how many largest sources to list")
    r.add_argument(
        "--target",
        help="target, e.g. 2030:-67%% or 2030:-67%%,2050:-95%% (default: the "
        "municipality's current target in the bundled targets table)",
    )
    r.add_argument("--no-target", action="store_true", help="inventory only, no tracking")
    r.add_argument("--nowcast-until", type=int, help="nowcast up to this year (default: this year)")
    r.add_argument("--out", default="ghgtrack-report", help="folder for the chart (PNG, SVG) and HTML page")
    r.add_argument("--no-files", action="store_true", help="write no chart or HTML page")
    r.add_argument(
        "--lang",
        choices=["en", "no"],
        default="en",
        help="language of the HTML page: en (English) or no (Norwegian bokmål)",
    )
    r.add_argument("--json", action="store_true", help="machine-readable output")
    r.set_defaults(func=_cmd_report)
    r.add_argument("--measures", help="measures table (.csv/.xlsx): add the climate plan (see `ghgtrack plan`)")
    from .plan_report import add_plan_subcommand

    add_plan_subcommand(sub)
    p = sub.add_parser("gwp", help="print the GWP table and a worked conversion")
    p.add_argument("--gas", default="CH4", help="gas for the worked conversion (default CH4)")
    p.add_argument("--tonnes", type=float, default=100.0, help="tonnes of gas (default 100)")
    p.add_argument("--metric", default=DEFAULT_METRIC, help=f"GWP metric (default {DEFAULT_METRIC})")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=_cmd_gwp)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        args = parser.parse_args(["report"] + (argv or []))
    try:
        return int(args.func(args))
    except (ValueError, KeyError, FileNotFoundError) as e:  # bad input: say what was wrong, exit 2
        msg = e.args[0] if isinstance(e, KeyError) and e.args else e
        print(f"ghgtrack: error: {msg}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
