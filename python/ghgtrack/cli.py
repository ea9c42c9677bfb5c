"""The ``ghgtrack`` command line (argparse).

Every subcommand prints a readable report by default and the same content as
JSON with ``--json``, for other municipal tools. The JSON is a versioned
contract (``"schema": "ghgtrack.report/1"`` etc.; docs/json.md and the JSON
Schema files in ``ghgtrack/schemas/``).

Errors and exit codes are handled in one place, :func:`main`, for every
subcommand (also ones added later): 0 success, 1 off track (only with
``--fail-off-track``), 2 usage, 3 input data error, 4 output or writing error,
70 internal error; a broken pipe ends quietly. Under ``--json`` an error is a
JSON document on stdout (schema ``ghgtrack.error/1``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from typing import Any, Dict, Iterator, List, Optional

from . import __version__, _args, _core, _json, datasets
from . import _format as fmt
from ._atomic import write_files_atomically
from ._core import Status
from ._units import DEFAULT_METRIC, gwp_table, to_co2e
from .datasets import default_target
from .inventory import read_csv
from .national import add_national_subcommand
from .plan_report import add_plan_subcommand, plan_from_args, plan_lines
from .plotting import save_chart
from .readers import read_miljodirektoratet
from .report import TEXT, default_language, html_page, page_csv, print_to_pdf, report_payload, status_lines
from .tracking import Target, track


def _cmd_gwp(args: argparse.Namespace) -> int:

    gas = _core.gas_name(args.gas)
    table = gwp_table()
    by_metric: Dict[str, Optional[float]] = {
        m: (to_co2e(args.tonnes, gas, m) if _core.has_gwp(gas, m) else None) for m in table.columns
    }
    if args.json:
        no_value = "no value for this gas in that IPCC report"
        payload = {
            "schema": _json.GWP,
            "ghgtrack_version": __version__,
            "unit": "t CO2e per t of gas",
            "gwp_table": {
                g: {m: _json.number(v, no_value) for m, v in row.items()}
                for g, row in table.to_dict(orient="index").items()
            },
            "example": {
                "gas": gas,
                "tonnes": args.tonnes,
                "metric": args.metric,
                "tonnes_co2e": to_co2e(args.tonnes, gas, args.metric),
                "tonnes_co2e_by_metric": {m: _json.number(v, no_value) for m, v in by_metric.items()},
            },
        }
        _json.dump(payload, sys.stdout)
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

    if args.file is None:
        inv = datasets.oslo()
        _check_municipality(inv, args.municipality, "the bundled Oslo file")
        return inv
    path = str(args.file)
    if path.lower().endswith((".xlsx", ".xlsm")):
        inv = read_miljodirektoratet(path, municipality=args.municipality)
    elif path.lower().endswith(".csv"):
        inv = read_csv(path)
    else:
        raise ValueError(f"{path}: expected Miljødirektoratet's .xlsx or a tidy .csv file")
    _check_municipality(inv, args.municipality, path)
    return inv


def _same_municipality(have: str, wanted: str) -> bool:
    h, w = have.strip().casefold(), wanted.strip().casefold()
    return h == w or (h.isdigit() and w.isdigit() and int(h) == int(w))


def _check_municipality(inv: Any, wanted: Optional[str], path: str) -> None:
    """``--municipality`` naming another municipality than the file's is an
    input error naming both. (The per-municipality workbook holds one
    municipality and its reader does not look at ``municipality=``; the
    all-municipalities reader already selects by it, so this check is one
    place for every input.)"""

    if wanted is None:
        return
    prov = inv.provenance
    have = prov.get("municipality")
    names = [str(v) for v in (have, prov.get("municipality_number")) if v]
    if not names:
        raise _core.input_error(
            path, 0, "municipality", wanted, f"the file names no municipality, so it cannot be checked to be '{wanted}'"
        )
    if any(_same_municipality(n, wanted) for n in names):
        return
    if wanted.strip().isdigit() and not any(n.strip().isdigit() for n in names):
        problem = (
            f"--municipality {wanted} was asked for, but the file names its municipality only as {have}: give the name"
        )
    else:
        problem = f"--municipality {wanted} was asked for, but the file holds {have}"
    raise _core.input_error(path, 0, "municipality", wanted, problem)


def _fmt_t(v: Optional[float]) -> str:
    return fmt.number(v, 1, "en")


def _target_for(args: argparse.Namespace, inv: Any, base_year: int) -> Any:

    if args.target:
        return Target.parse(args.target, base_year=base_year)
    if args.no_target:
        return None
    t = default_target(str(inv.provenance.get("municipality") or ""))
    if t is not None and args.base_year is not None and t.base_year != args.base_year:
        t = Target(base_year=args.base_year, reductions=t.reductions, name=t.name)
    return t


def _cmd_report(args: argparse.Namespace) -> int:

    if args.fail_off_track and args.no_target:
        raise UsageError("--fail-off-track needs a target: drop --no-target (or give --target)")
    with phase("input"):
        inv = _load(args)
    years = inv.years
    tgt_probe = None if args.target else _target_for(args, inv, args.base_year or years[0])
    default_base = tgt_probe.base_year if tgt_probe is not None and tgt_probe.base_year in years else years[0]
    base_year = args.base_year if args.base_year is not None else default_base
    year = args.year if args.year is not None else years[-1]
    target = _target_for(args, inv, base_year)
    if args.fail_off_track and target is None:
        raise UsageError(
            f"--fail-off-track needs a target: none is known for {inv.provenance.get('municipality')}; give --target"
        )
    if args.measures and target is None:
        raise UsageError("--measures needs a target: drop --no-target or give --target, e.g. 2030:-67%")
    if args.sector_target and target is None:
        raise UsageError("--sector-target needs the overall target too: drop --no-target (or give --target)")
    result = None
    plan = None
    sector_results = _sector_results(args, inv, base_year)
    if target is not None:
        nc = None
        if args.indicators is not None:  # the indicator nowcast (ghgtrack.nowcast)
            from .nowcast import nowcast as indicator_nowcast

            with phase("input"):
                nc = indicator_nowcast(
                    inv,
                    until=args.nowcast_until,
                    directory=None if args.indicators == "bundled" else args.indicators,
                    area=args.traffic_area,
                )
        result = track(inv, target, nowcast_until=args.nowcast_until, nowcast=nc)
        if args.measures:  # the climate plan (ghgtrack.plan_report)
            with phase("input"):
                plan = plan_from_args(args, inventory=inv, target=target)
    p = _json.clean(report_payload(inv, base_year, year, args.top, result))
    if plan is not None:
        p["plan"] = _json.clean(plan.to_dict())
    files: List[str] = []
    if result is not None and not args.no_files:
        with phase("output"):
            files = _write_report_files(args, inv, result, p, plan, sector_results)
        p["files"] = files
    code = EXIT_OFF_TRACK if args.fail_off_track and result is not None and _is_off_track(result) else EXIT_OK
    if args.json:
        _json.dump(p, sys.stdout)
        return code
    _print_inventory_report(inv, p, base_year, year)
    if result is not None:
        print()
        for line in status_lines(result):
            print(line)
        if plan is not None:
            print()
            print("\n".join(plan_lines(plan, lang=args.lang or "en")))
    if files:
        print()
        print("Wrote: " + ", ".join(files))
    return code


def _is_off_track(result: Any) -> bool:

    return bool(result.status == Status.off_track)


def _sector_results(args: argparse.Namespace, inv: Any, base_year: int) -> Dict[str, Any]:
    """``--sector-target SECTOR=SPEC`` (repeatable): each sector tracked
    against its own target, for the page's per-sector status."""
    out: Dict[str, Any] = {}
    for spec in args.sector_target or []:
        sector, sep, text = spec.partition("=")
        if not sep or not sector.strip() or not text.strip():
            raise UsageError(f"--sector-target {spec!r}: write SECTOR=TARGET, e.g. 'Veitrafikk=2030:-80%'")
        target = Target.parse(text.strip(), base_year=base_year, sector=sector.strip())
        out[sector.strip()] = track(inv, target, nowcast_until=args.nowcast_until)
    return out


def _write_report_files(
    args: argparse.Namespace,
    inv: Any,
    result: Any,
    payload: Dict[str, Any],
    plan: Any = None,
    sector_results: Optional[Dict[str, Any]] = None,
) -> List[str]:
    """The chart (PNG, 2× PNG, SVG), status.html, the figures behind it
    (status.csv, status.json) and with ``--pdf`` status.pdf, written
    atomically together (all or none)."""

    lang = args.lang or default_language(inv)
    words = TEXT[lang]
    title = words["chart"].format(name=payload["municipality"] or "").strip(": ")
    links = {"csv": "status.csv", "json": "status.json", "png": "emissions.png"}
    if args.pdf:
        links["pdf"] = "status.pdf"

    def chart(stage: str) -> List[str]:
        return save_chart(result, os.path.join(stage, "emissions"), title=title, lang=lang, payload=payload)

    def figures(stage: str) -> List[str]:
        csv_path, json_path = os.path.join(stage, "status.csv"), os.path.join(stage, "status.json")
        with open(csv_path, "w", encoding="utf-8", newline="") as f:
            f.write(page_csv(payload))
        with open(json_path, "w", encoding="utf-8") as f:
            _json.dump(payload, f)
        return [csv_path, json_path]

    def page(stage: str) -> List[str]:
        path = os.path.join(stage, "status.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(
                html_page(
                    inv, result, payload, lang=lang, plan=plan, files=links, sector_results=sector_results or None
                )
            )
        if not args.pdf:
            return [path]
        pdf = os.path.join(stage, "status.pdf")
        print_to_pdf(path, pdf)
        return [path, pdf]

    return write_files_atomically(args.out, [chart, figures, page])


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
            f"{oc['sector_years']} sector-years (largest difference {_fmt_t(oc['largest_difference_tonnes'])} t)"
        )
    print()
    w = max(len("Total"), *(len(s["sector"]) for s in p["sectors"]))
    print(f"{'Sector':<{w}}  {base_year:>12}  {year:>12}  {'change':>12}  {'change %':>9}")
    for s in p["sectors"]:
        pct = fmt.change(s["tonnes_co2e_base_year"], s["tonnes_co2e_year"], "en", zero=0.05)
        mark = " *" if s["incomplete"] else ""
        print(
            f"{s['sector']:<{w}}  {_fmt_t(s['tonnes_co2e_base_year']):>12}  {_fmt_t(s['tonnes_co2e_year']):>12}  "
            f"{_fmt_t(s['change_tonnes']):>12}  {pct:>9}{mark}"
        )
    t = p["total"]
    pct = fmt.change(t["tonnes_co2e_base_year"], t["tonnes_co2e_year"], "en", zero=0.05)
    print("-" * (w + 52))
    print(
        f"{'Total':<{w}}  {_fmt_t(t['tonnes_co2e_base_year']):>12}  {_fmt_t(t['tonnes_co2e_year']):>12}  "
        f"{_fmt_t(t['change_tonnes']):>12}  {pct:>9}{' *' if t['incomplete'] else ''}"
    )
    print()
    print(f"Largest sources in {year}:")
    for i, s in enumerate(p["largest_sources"], 1):
        share = "" if s["share_pct"] is None else f"  ({fmt.percent(s['share_pct'], 'en', sign=False)})"
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
    parser = _Parser(
        prog="ghgtrack",
        description="Track a municipality's greenhouse-gas emissions against its climate target.",
        epilog="Exit codes: 0 success, 1 off track (with --fail-off-track), 2 usage, 3 input data error, "
        "4 output or writing error, 70 internal error. See docs/json.md.",
    )
    parser.add_argument("--version", action="version", version=f"ghgtrack {__version__}")
    sub = parser.add_subparsers(dest="command")
    r = sub.add_parser("report", help="the municipality's inventory: by sector, change, largest sources (default)")
    r.add_argument("file", nargs="?", help="Miljødirektoratet .xlsx or tidy .csv (default: the bundled Oslo file)")
    r.add_argument("--municipality", help="municipality name or number (files covering several)")
    r.add_argument("--base-year", type=_args.year, help="base year (default: the first year)")
    r.add_argument("--year", type=_args.year, help="year to compare (default: the latest)")
    r.add_argument("--top", type=_args.count, default=10, help="how many largest sources to list")
    r.add_argument(
        "--target",
        help="target, e.g. 2030:-67%% or 2030:-67%%,2050:-95%% (default: the "
        "municipality's current target in the bundled targets table)",
    )
    r.add_argument("--no-target", action="store_true", help="inventory only, no tracking")
    r.add_argument("--nowcast-until", type=_args.year, help="nowcast up to this year (default: this year)")
    r.add_argument(
        "--indicators",
        metavar="DIR",
        help="nowcast from activity indicators (road traffic, fuel, vehicle-km) in DIR, laid out as the bundled "
        "tables (docs/nowcast.md); 'bundled' for the shipped Oslo-area tables (default: trend nowcast only)",
    )
    r.add_argument(
        "--traffic-area",
        default="Oslo",
        choices=["Oslo", "Akershus", "Osloområdet"],
        help="city-index area for the traffic volume with --indicators (default: Oslo)",
    )
    r.add_argument(
        "--out", type=_args.non_empty, default="ghgtrack-report", help="folder for the chart (PNG, SVG) and HTML page"
    )
    r.add_argument("--no-files", action="store_true", help="write no chart or HTML page")
    r.add_argument(
        "--lang",
        choices=["en", "no"],
        default=None,
        help="language of the HTML page and chart: en (English) or no (Norwegian bokmål); default: bokmål for "
        "Miljødirektoratet's accounts, else English",
    )
    r.add_argument(
        "--sector-target",
        action="append",
        metavar="SECTOR=TARGET",
        help="a sector's own target, e.g. 'Veitrafikk=2030:-80%%' (repeatable): the page shows each sector's status",
    )
    r.add_argument(
        "--pdf",
        action="store_true",
        help="also write status.pdf (A4) through headless Chromium's print-to-PDF (needs chromium)",
    )
    r.add_argument(
        "--fail-off-track",
        action="store_true",
        help="exit with code 1 when the municipality is off track (for CI-style checks); the report is printed as usual",
    )
    r.add_argument("--json", action="store_true", help="machine-readable output (schema ghgtrack.report/1)")
    r.set_defaults(func=_cmd_report)
    r.add_argument("--measures", help="measures table (.csv/.xlsx): add the climate plan (see `ghgtrack plan`)")

    add_plan_subcommand(sub)
    add_national_subcommand(sub)
    p = sub.add_parser("gwp", help="print the GWP table and a worked conversion")
    p.add_argument("--gas", default="CH4", help="gas for the worked conversion (default CH4)")
    p.add_argument("--tonnes", type=_args.finite_float, default=100.0, help="tonnes of gas (default 100)")
    p.add_argument("--metric", default=DEFAULT_METRIC, help=f"GWP metric (default {DEFAULT_METRIC})")
    p.add_argument("--json", action="store_true", help="machine-readable output (schema ghgtrack.gwp/1)")
    p.set_defaults(func=_cmd_gwp)
    return parser


# ---------------------------------------------------------------------------
# Exit codes and error handling: one place for every subcommand.

EXIT_OK = 0
EXIT_OFF_TRACK = 1  # only with --fail-off-track
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_OUTPUT = 4
EXIT_INTERNAL = 70  # EX_SOFTWARE of BSD's sysexits.h

EXIT_CODES = {
    "usage": EXIT_USAGE,
    "input": EXIT_INPUT,
    "output": EXIT_OUTPUT,
    "internal": EXIT_INTERNAL,
}


class UsageError(Exception):
    """A wrong command line (what argparse rejects, or a combination of
    options that cannot work): exit code 2."""


class _Parser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of printing and exiting, so
    that main() reports it (as JSON under --json) like every other error.
    Subparsers are made of the same class."""

    def error(self, message: str) -> Any:  # type: ignore[override]
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


_PHASE_ATTR = "_ghgtrack_phase"


@contextlib.contextmanager
def phase(name: str) -> Iterator[None]:
    """Marks the exceptions leaving the block as raised while reading the
    input (``"input"``: exit 3) or writing the output files (``"output"``:
    an OSError there exits 4). Commands that mark nothing are classified by
    the exception's type alone (see :func:`classify`)."""
    try:
        yield
    except BaseException as e:
        if getattr(e, _PHASE_ATTR, None) is None:
            try:
                setattr(e, _PHASE_ATTR, name)
            except (AttributeError, TypeError):  # pragma: no cover - exceptions without __dict__
                pass
        raise


# The library's own errors (error.hpp) keep their kind wherever raised;
# only its io_error (an OSError) is an output error while writing.
_LIBRARY_ERRORS = tuple(
    v for v in vars(_core).values() if isinstance(v, type) and issubclass(v, Exception) and not issubclass(v, OSError)
)


def classify(e: BaseException) -> str:
    """The kind of an error: "usage", "input", "output" or "internal"."""

    where = getattr(e, _PHASE_ATTR, None)
    if isinstance(e, UsageError):
        return "usage"
    if isinstance(e, _core.InputError):
        return "input"
    if where == "input" and isinstance(e, (OSError, ValueError, KeyError)):
        return "input"
    if where == "output" and isinstance(e, Exception) and not isinstance(e, _LIBRARY_ERRORS):
        # Anything that fails while the files are written (a folder that is
        # a file, a name too long, no permission, a full disk, a chart that
        # cannot be drawn or rasterised) is an output error: nothing was written.
        return "output"
    if isinstance(e, (FileNotFoundError, IsADirectoryError)) and where is None:
        return "input"
    if isinstance(e, OSError):
        return "output"
    if isinstance(e, (ValueError, KeyError)):
        # The library's argument_error, unknown_gas_error, unknown_label_error
        # ... from an option's value (--target, --gas, --year, ...).
        return "usage"
    return "internal"


def _error_fields(e: BaseException, kind: str) -> Dict[str, Any]:

    if isinstance(e, KeyError) and e.args:
        message = str(e.args[0])
    elif kind == "internal":
        message = f"{type(e).__name__}: {e}"
    else:
        message = str(e)
    if message.startswith("ghgtrack: "):  # main() adds the program's name itself
        message = message[len("ghgtrack: ") :]
    if kind == "output":
        if not isinstance(e, OSError):
            message = f"{type(e).__name__}: {message}"
        if len(message) > 500:  # e.g. a chart error quoting a 5 MB label
            message = message[:300] + f" ... ({len(message) - 400} characters left out) ... " + message[-100:]
        message = f"could not write the output: {message}"
    fields: Dict[str, Any] = {
        "kind": kind,
        "message": message,
        "file": None,
        "sheet": None,
        "row": None,
        "column": None,
        "value": None,
        "exception": type(e).__name__,
    }
    if isinstance(e, _core.InputError):
        origin = str(e.origin)
        sheet = None
        if origin.endswith("]") and " [" in origin:
            origin, _, rest = origin.rpartition(" [")
            sheet = rest[:-1]
        fields.update(
            file=origin or None,
            sheet=sheet,
            row=int(e.row) if e.row else None,
            column=str(e.column) if e.column else None,
            value=str(e.value) if e.value else None,
        )
    elif isinstance(e, OSError) and e.filename is not None:
        fields["file"] = os.fsdecode(e.filename)
    return fields


def error_payload(e: BaseException, kind: str) -> Dict[str, Any]:
    """The ``ghgtrack.error/1`` document for ``e``."""
    return {
        "schema": _json.ERROR,
        "ghgtrack_version": __version__,
        "exit_code": EXIT_CODES[kind],
        "error": _error_fields(e, kind),
    }


def _wants_json(args: Optional[argparse.Namespace], argv: List[str]) -> bool:
    if args is not None:
        return bool(getattr(args, "json", False))
    return "--json" in argv


def _quiet_broken_pipe() -> int:
    # The reader went away (e.g. `| head`): say nothing. Point stdout at
    # /dev/null so that Python's final flush does not complain either.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # pragma: no cover - stdout without a file descriptor
        pass
    return EXIT_OK


def _report_error(e: BaseException, kind: str, as_json: bool, prog: str) -> int:
    code = EXIT_CODES[kind]
    fields = _error_fields(e, kind)
    if kind == "internal":
        traceback.print_exception(type(e), e, e.__traceback__, file=sys.stderr)
        print(f"{prog}: internal error (a bug in ghgtrack; please report it): {fields['message']}", file=sys.stderr)
    else:
        print(f"{prog}: error: {fields['message']}", file=sys.stderr)
    if as_json:
        try:
            _json.dump(error_payload(e, kind), sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_broken_pipe()
        except OSError:
            pass  # stdout itself is what failed: the message on stderr stays
    return code


def _with_default_command(parser: argparse.ArgumentParser, argv: List[str]) -> List[str]:
    """``ghgtrack [FILE] [options]`` means ``ghgtrack report [FILE] [options]``;
    any other first word is left to argparse (a subcommand, or a usage error)."""
    if not argv:
        return ["report"]
    first = argv[0]
    commands: List[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            commands += list(action.choices)
    if first in commands or first in ("-h", "--help", "--version"):
        return argv
    if first.startswith("-") or first.lower().endswith((".xlsx", ".xlsm", ".csv")) or os.path.exists(first):
        return ["report"] + argv
    return argv


def main(argv: Optional[List[str]] = None) -> int:
    """Runs the command line; returns the exit code (see the module doc)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args: Optional[argparse.Namespace] = None
    try:
        args = parser.parse_args(_with_default_command(parser, argv))
        code = int(args.func(args))
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except KeyboardInterrupt:
        print(f"{parser.prog}: interrupted", file=sys.stderr)
        return 130
    except SystemExit:
        raise  # --help, --version
    except Exception as e:
        return _report_error(e, classify(e), _wants_json(args, argv), parser.prog)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
