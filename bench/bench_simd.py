"""Side-by-side benchmarks of the dispatched kernels in one process (issue 12).

Each figure times what the user calls (the Python function) against the
vectorised numpy (or pandas / polars / pyam) way on the same data, and
reports the ratio peer time / ghgtrack time (> 1: ghgtrack is faster):

- LMDI-I, 1e6 categories x 4 factors (goal >= 4x numpy);
- interpolation + cumulative sum of 20,000 gapped series (goal >= 2x numpy,
  >= 20x pyam when installed);
- to_co2e on 1e6 values (goal <= 1.0x a bare numpy multiply, i.e. ratio >= 1);
- a scalar call (goal <= 300 ns);
- every SIMD target the CPU has, for LMDI (ghgtrack.set_simd_target).

The machine is shared: the load average is printed with the figures.
Run: .venv/bin/python bench/bench_simd.py [--json] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import timeit

import numpy as np

import ghgtrack
from ghgtrack import _core


def best(fn, repeat=7, number=1) -> float:
    return min(timeit.repeat(fn, repeat=repeat, number=number)) / number


def lmdi_numpy(x0: np.ndarray, xt: np.ndarray):
    """LMDI-I vectorised in numpy (Ang 2005): additive effects and the
    categories x factors terms; L(a, a) = a."""
    v0, vt = x0.prod(axis=1), xt.prod(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(v0 == vt, v0, (vt - v0) / np.log(vt / v0))
        e = w[:, None] * np.log(xt / x0)
    return e.sum(axis=0), e


def interp_cumulate_numpy(years: np.ndarray, values: np.ndarray):
    """Linear interpolation across NaN gaps of every row (hold outside the
    data) and the annual sum over the columns' (consecutive) years."""
    n, m = values.shape
    ok = ~np.isnan(values)
    idx = np.where(ok, np.arange(m), -1)
    left = np.maximum.accumulate(idx, axis=1)  # last data column at or before j
    idx_r = np.where(ok, np.arange(m), m)
    right = np.minimum.accumulate(idx_r[:, ::-1], axis=1)[:, ::-1]  # first at or after j
    first = left.max(axis=1, initial=-1)  # noqa: F841 (rows without data stay NaN)
    lo = np.where(left < 0, right, left)
    hi = np.where(right >= m, left, right)
    rows = np.arange(n)[:, None]
    vl, vh = values[rows, lo], values[rows, hi]
    yl, yh = years[lo], years[hi]
    with np.errstate(invalid="ignore", divide="ignore"):
        f = np.where(hi > lo, (years[None, :] - yl) / (yh - yl), 0.0)
    out = vl + (vh - vl) * f
    return out, out.sum(axis=1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--quick", action="store_true", help="smaller inputs (a smoke run)")
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    out: dict = {"load_average": os.getloadavg(), "config": ghgtrack.config()}

    # -- LMDI 1e6 x 4 ------------------------------------------------------
    n = 100_000 if args.quick else 1_000_000
    x0 = rng.uniform(0.5, 2.0, (n, 4))
    xt = rng.uniform(0.5, 2.0, (n, 4))
    r = ghgtrack.lmdi(x0, xt)
    add_np, _ = lmdi_numpy(x0, xt)
    np.testing.assert_allclose(r.additive.to_numpy(), add_np, rtol=1e-9, atol=1e-6 * n)
    t_np = best(lambda: lmdi_numpy(x0, xt), repeat=5)
    t_g = best(lambda: ghgtrack.lmdi(x0, xt), repeat=5)
    t_core = best(lambda: _core.lmdi(x0, xt, True, 1), repeat=5)  # reads the C-order arrays in place
    per_target = {}
    for tgt in _core.simd_available_targets():
        ghgtrack.set_simd_target(tgt)
        per_target[tgt] = best(lambda: ghgtrack.lmdi(x0, xt), repeat=3)
    ghgtrack.set_simd_target("auto")
    out["lmdi"] = {
        "shape": [n, 4],
        "ghgtrack_s": t_g,
        "core_only_s": t_core,
        "numpy_s": t_np,
        "ratio_vs_numpy": t_np / t_g,
        "ghgtrack_s_per_target": per_target,
    }

    # -- interpolation + cumulative over gapped series ----------------------
    ns, years = (2_000 if args.quick else 20_000), np.arange(1990, 2026, dtype=float)
    vals = rng.uniform(1e3, 1e5, (ns, len(years)))
    vals[rng.random(vals.shape) < 0.3] = np.nan
    vals[:, 0] = rng.uniform(1e3, 1e5, ns)  # data at both ends: hold and none agree
    vals[:, -1] = rng.uniform(1e3, 1e5, ns)
    res = ghgtrack.interpolate_cumulate(years, vals, fill="hold")
    ref_v, ref_c = interp_cumulate_numpy(years, vals)
    np.testing.assert_allclose(res.values, ref_v, rtol=1e-12)
    np.testing.assert_allclose(res.cumulative, ref_c, rtol=1e-12)
    t_g = best(lambda: ghgtrack.interpolate_cumulate(years, vals, fill="hold"))
    t_np = best(lambda: interp_cumulate_numpy(years, vals))
    ic = {"series": ns, "years": len(years), "ghgtrack_s": t_g, "numpy_s": t_np, "ratio_vs_numpy": t_np / t_g}
    try:
        # pyam's units (iam-units, pint) keep a disk cache under the user's
        # cache folder, which can point at files of a deleted environment:
        # the benchmark uses its own folder unless one is set.
        os.environ.setdefault("XDG_CACHE_HOME", os.path.join(tempfile.gettempdir(), "ghgtrack-bench-cache"))
        import pandas as pd
        import pyam
        from pyam.timeseries import cumulative as pyam_cumulative  # pyam >= 2 (pyam.cumulative is gone)

        k = min(ns, 2_000)  # pyam is slow: a subset, scaled per series
        df = pd.DataFrame(vals[:k], columns=years.astype(int))
        df.insert(0, "model", "m")
        df.insert(1, "scenario", [f"s{i}" for i in range(k)])
        df.insert(2, "region", "r")
        df.insert(3, "variable", "Emissions|CO2")
        df.insert(4, "unit", "t CO2e")
        long = df.melt(id_vars=["model", "scenario", "region", "variable", "unit"], var_name="year").dropna()
        iam = pyam.IamDataFrame(long)

        def pyam_run():
            ts = iam.timeseries()
            return ts.apply(lambda row: pyam_cumulative(row, 1990, 2025), axis=1)

        # the same sums (a second method), then the timing
        got = pyam_run().to_numpy()
        order = np.argsort([int(s[1:]) for s in iam.timeseries().index.get_level_values("scenario")])
        np.testing.assert_allclose(got[order], res.cumulative[:k], rtol=1e-12)
        t_pyam = best(pyam_run, repeat=1) * (ns / k)
        ic.update({"pyam_s_scaled": t_pyam, "ratio_vs_pyam": t_pyam / t_g})
    except Exception as err:  # pyam missing or its API changed: say so
        ic["pyam"] = f"not measured: {type(err).__name__}: {err}"
    out["interpolate_cumulate"] = ic

    # -- to_co2e -------------------------------------------------------------
    a = rng.uniform(0, 1e3, 10_000 if args.quick else 1_000_000)
    g = ghgtrack.gwp("CH4")
    np.testing.assert_array_equal(ghgtrack.to_co2e(a, "CH4"), a * g)
    t_g = best(lambda: ghgtrack.to_co2e(a, "CH4"), repeat=20, number=5)
    t_np = best(lambda: a * g, repeat=20, number=5)
    small = a[:1000]
    t_gs = best(lambda: ghgtrack.to_co2e(small, "CH4"), repeat=20, number=200)
    t_nps = best(lambda: small * g, repeat=20, number=200)
    out["to_co2e"] = {
        "n": len(a),
        "ghgtrack_s": t_g,
        "numpy_multiply_s": t_np,
        "time_ratio_vs_numpy": t_g / t_np,
        "small_n": len(small),
        "small_time_ratio_vs_numpy": t_gs / t_nps,
    }

    # -- a scalar call -------------------------------------------------------
    out["scalar_call_ns"] = {
        "to_co2e(2.0, 'CH4')": best(lambda: ghgtrack.to_co2e(2.0, "CH4"), number=20000) * 1e9,
        "_core.gwp('CH4', 'AR5GWP100')": best(lambda: _core.gwp("CH4", "AR5GWP100"), number=20000) * 1e9,
        "_core.simd_target()": best(_core.simd_target, number=20000) * 1e9,
    }
    out["load_average_after"] = os.getloadavg()

    if args.json:
        print(json.dumps(out, indent=2))
        return
    c = out["config"]
    print(f"SIMD target {c['simd_target']} (available: {', '.join(c['simd_available_targets'])})")
    print(f"load average {out['load_average'][0]:.1f} -> {out['load_average_after'][0]:.1f} on {c['cpu_count']} CPUs")
    lm = out["lmdi"]
    print(
        f"LMDI {lm['shape'][0]:,} x 4: ghgtrack.lmdi {lm['ghgtrack_s'] * 1e3:.1f} ms (core {lm['core_only_s'] * 1e3:.1f})"
        f", numpy {lm['numpy_s'] * 1e3:.1f} ms -> {lm['ratio_vs_numpy']:.2f}x (goal >= 4)"
    )
    for tgt, t in lm["ghgtrack_s_per_target"].items():
        print(f"   {tgt:8s} {t * 1e3:.1f} ms")
    print(
        f"interpolate+cumulate {ic['series']:,} x {ic['years']}: ghgtrack {ic['ghgtrack_s'] * 1e3:.2f} ms, numpy "
        f"{ic['numpy_s'] * 1e3:.2f} ms -> {ic['ratio_vs_numpy']:.2f}x (goal >= 2)"
    )
    if "ratio_vs_pyam" in ic:
        print(f"   pyam (scaled) {ic['pyam_s_scaled'] * 1e3:.0f} ms -> {ic['ratio_vs_pyam']:.0f}x (goal >= 20)")
    else:
        print(f"   pyam {ic['pyam']}")
    tc = out["to_co2e"]
    print(
        f"to_co2e {tc['n']:,}: {tc['ghgtrack_s'] * 1e3:.3f} ms vs numpy multiply {tc['numpy_multiply_s'] * 1e3:.3f} ms"
        f" -> time ratio {tc['time_ratio_vs_numpy']:.2f} (goal <= 1.0); {tc['small_n']} values: "
        f"{tc['small_time_ratio_vs_numpy']:.2f}"
    )
    for k, v in out["scalar_call_ns"].items():
        print(f"scalar call {k}: {v:.0f} ns (goal <= 300)")


if __name__ == "__main__":
    main()
