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
    print(f"Worked conversion: {args.tonnes:g} t {gas} x GWP {value / args.tonnes if args.tonnes else float('nan'):g} "
          f"({args.metric}) = {value:,.1f} t CO2e")
    others = ", ".join(f"{m}: {v:,.1f}" for m, v in by_metric.items() if v is not None)
    print(f"The same {args.tonnes:g} t {gas} under every metric (t CO2e): {others}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ghgtrack",
        description="Track a municipality's greenhouse-gas emissions against its climate target.",
    )
    parser.add_argument("--version", action="version", version=f"ghgtrack {__version__}")
    sub = parser.add_subparsers(dest="command")
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
        args = parser.parse_args(["gwp"] + (argv or []))
    try:
        return int(args.func(args))
    except ValueError as e:  # ghgtrack's input errors: say what was wrong, exit 2
        print(f"ghgtrack: error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
