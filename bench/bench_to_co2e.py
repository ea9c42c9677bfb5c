"""Side-by-side: ghgtrack.to_co2e on 1e6 values against a bare numpy multiply
and openscm-units (pint), the tool analysts use today, in one process.

Targets (issue 2): within 1.5x of numpy; at least 50x faster than openscm-units.
Run: .venv/bin/python bench/bench_to_co2e.py [--json]
"""

from __future__ import annotations

import argparse
import json
import timeit

import numpy as np

import ghgtrack

N = 1_000_000


def best_of(fn, repeat=7, number=20) -> float:
    return min(timeit.repeat(fn, repeat=repeat, number=number)) / number


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    rng = np.random.default_rng(0)
    tonnes = rng.random(N) * 100.0
    gwp = ghgtrack.gwp("CH4", "AR5GWP100")

    results = {}
    results["numpy multiply"] = best_of(lambda: tonnes * gwp)
    results["ghgtrack.to_co2e"] = best_of(lambda: ghgtrack.to_co2e(tonnes, "CH4", "AR5GWP100"))
    buf = np.empty_like(tonnes)
    results["ghgtrack.to_co2e(out=)"] = best_of(lambda: ghgtrack.to_co2e(tonnes, "CH4", "AR5GWP100", out=buf))
    results["numpy multiply(out=)"] = best_of(lambda: np.multiply(tonnes, gwp, out=buf))
    # threads=1 is the default (no thread started); threads=0 uses every core.
    results["ghgtrack.to_co2e(out=, threads=0)"] = best_of(
        lambda: ghgtrack.to_co2e(tonnes, "CH4", "AR5GWP100", out=buf, threads=0)
    )

    try:
        from openscm_units import unit_registry as ur

        q = ur.Quantity(tonnes, "t CH4")

        def pint_convert():
            with ur.context("AR5GWP100"):
                return q.to("t CO2").magnitude

        def pint_from_raw():
            with ur.context("AR5GWP100"):
                return ur.Quantity(tonnes, "t CH4").to("t CO2").magnitude

        np.testing.assert_allclose(pint_convert(), ghgtrack.to_co2e(tonnes, "CH4"), rtol=1e-12)
        results["openscm-units (pint)"] = best_of(pint_convert, repeat=3, number=3)
        results["openscm-units, wrapping"] = best_of(pint_from_raw, repeat=3, number=3)
    except ImportError:
        results["openscm-units (pint)"] = float("nan")
        results["openscm-units, wrapping"] = float("nan")

    scalar = best_of(lambda: ghgtrack.to_co2e(2.0, "CH4"), number=100_000)
    base = results["ghgtrack.to_co2e"]
    ratios = {
        "ghgtrack / numpy (target <= 1.5)": base / results["numpy multiply"],
        "openscm-units / ghgtrack (target >= 50)": results["openscm-units (pint)"] / base,
        "openscm-units incl. wrapping / ghgtrack": results["openscm-units, wrapping"] / base,
        "ghgtrack(out=) / numpy(out=)": results["ghgtrack.to_co2e(out=)"] / results["numpy multiply(out=)"],
        "openscm-units / ghgtrack(out=)": results["openscm-units (pint)"] / results["ghgtrack.to_co2e(out=)"],
    }
    if args.json:
        print(json.dumps({"seconds": results, "ratios": ratios, "scalar_call_s": scalar}, indent=2))
        return
    print(f"to_co2e on {N:,} float64 values, best of repeated runs, one process")
    for k, v in results.items():
        print(f"  {k:<24} {v * 1e3:9.3f} ms")
    for k, v in ratios.items():
        print(f"  {k:<42} {v:8.2f}")
    print(f"  scalar ghgtrack.to_co2e(2.0, 'CH4') call:  {scalar * 1e9:8.0f} ns")


if __name__ == "__main__":
    main()
