"""Side-by-side tracking benchmark in one process (issue 4):

400 municipalities x 12 sectors x 50 years. ghgtrack evaluates every
pathway shape for every series and tracks every series against a -67 %
target (pathway, gap, compound and trend rates, required rate, year reached,
budget, spent, remaining, run-out year) in C++; the references do the same
with pandas (groupby-apply, the way an analyst writes it) and with
vectorised numpy. Targets: >= 20x numpy/pandas; scalar evaluation overhead
<= 1 microsecond per call.

Run: .venv/bin/python bench/bench_tracking.py [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import timeit

import numpy as np
import pandas as pd

import ghgtrack

T975 = {48: 2.0106347546964454}  # Student t, 0.975 quantile, 48 df (t tables)


def best(fn, repeat=5, number=1) -> float:
    return min(timeit.repeat(fn, repeat=repeat, number=number)) / number


def data(n_muni=400, n_sec=12, years=range(1975, 2025), seed=0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = n_muni * n_sec
    ys = np.asarray(years)
    base = rng.uniform(1e3, 1e5, n)
    rate = rng.uniform(-0.05, 0.01, n)
    noise = rng.normal(0, 0.02, (n, len(ys)))
    vals = base[:, None] * np.exp(rate[:, None] * (ys - ys[0])[None, :] + noise)
    idx = pd.MultiIndex.from_product([range(n_muni), range(n_sec)], names=["municipality", "sector"])
    return pd.DataFrame(vals, index=idx, columns=pd.Index(ys, name="year"))


def numpy_track(values, years, base_year, cut, target_year):
    """The same figures with vectorised numpy (all series at once)."""
    ys = np.asarray(years, dtype=float)
    b = int(np.flatnonzero(ys == base_year)[0])
    v = values[:, b:]
    y = ys[b:]
    base = v[:, 0]
    level = base * (1 - cut)
    f = np.clip((y - base_year) / (target_year - base_year), 0, 1)
    path = base[:, None] + (level - base)[:, None] * f[None, :]
    gap = v - path
    n = len(y)
    compound = (v[:, -1] / base) ** (1 / (y[-1] - base_year)) - 1
    ly = np.log(v)
    xm = y.mean()
    dx = y - xm
    sxx = (dx**2).sum()
    slope = (ly - ly.mean(axis=1)[:, None]) @ dx / sxx
    icpt = ly.mean(axis=1)
    resid = ly - (icpt[:, None] + slope[:, None] * dx[None, :])
    se = np.sqrt((resid**2).sum(axis=1) / (n - 2)) / math.sqrt(sxx)
    rate = np.expm1(slope)
    lo, hi = np.expm1(slope - 2.0 * se), np.expm1(slope + 2.0 * se)
    required = (level / v[:, -1]) ** (1 / (target_year - y[-1])) - 1
    reached = xm + (np.log(level) - icpt) / slope
    full = np.arange(base_year, target_year + 1, dtype=float)
    ff = np.clip((full - base_year) / (target_year - base_year), 0, 1)
    budget = (base[:, None] + (level - base)[:, None] * ff[None, :]).sum(axis=1)
    spent = v.sum(axis=1)
    remaining = budget - spent
    fut = np.arange(y[-1] + 1, 2201, dtype=float)
    trend = np.exp(icpt[:, None] + slope[:, None] * (fut - xm)[None, :])
    cum = spent[:, None] + np.cumsum(trend, axis=1)
    over = cum > budget[:, None]
    run_out = np.where(over.any(axis=1), fut[np.argmax(over, axis=1)], np.nan)
    return path, gap, compound, rate, lo, hi, required, reached, budget, remaining, run_out


def pandas_track(df, base_year, cut, target_year):
    """The same per series with pandas groupby-apply."""

    def one(row):
        s = row.iloc[0]
        s = s[s.index >= base_year]
        base = s.iloc[0]
        level = base * (1 - cut)
        f = np.clip((np.asarray(s.index, dtype=float) - base_year) / (target_year - base_year), 0, 1)
        path = base + (level - base) * f
        x = np.asarray(s.index, dtype=float)
        slope, icpt = np.polyfit(x, np.log(s.to_numpy()), 1)
        full = np.arange(base_year, target_year + 1)
        budget = (base + (level - base) * ((full - base_year) / (target_year - base_year))).sum()
        spent = s.sum()
        fut = np.arange(x[-1] + 1, 2201)
        cum = spent + np.cumsum(np.exp(icpt + slope * fut))
        over = np.flatnonzero(cum > budget)
        return pd.Series(
            {
                "gap": s.iloc[-1] - path[-1],
                "compound": (s.iloc[-1] / base) ** (1 / (x[-1] - base_year)) - 1,
                "rate": np.expm1(slope),
                "required": (level / s.iloc[-1]) ** (1 / (target_year - x[-1])) - 1,
                "reached": (np.log(level) - icpt) / slope,
                "remaining": budget - spent,
                "run_out": fut[over[0]] if len(over) else np.nan,
            }
        )

    return df.groupby(level=[0, 1]).apply(one)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    df = data()
    years = [int(c) for c in df.columns]
    values = df.to_numpy()
    target = ghgtrack.Target.parse("2030:-67%", base_year=2009)
    out = {"series": len(df), "years": len(years)}

    # Evaluate every pathway shape for every series.
    base = df[2009].to_numpy()
    ys = np.arange(2009, 2059, dtype=float)
    shapes = ["linear", "constant_rate", "s_curve", "budget"]

    def gh_eval():  # the Python entry point, numpy in and out
        return [
            ghgtrack.evaluate_many(k, 2009, base, 2030, base * 20 if k == "budget" else base * 0.33, ys) for k in shapes
        ]

    def np_eval():
        f = np.clip((ys - 2009) / 21, 0, 1)
        e1 = base * 0.33
        lin = base[:, None] + (e1 - base)[:, None] * f[None, :]
        cr = base[:, None] * (e1 / base)[:, None] ** f[None, :]
        k, mid = 8 / 21, 2019.5
        L = lambda t: 1 / (1 + np.exp(k * (t - mid)))  # noqa: E731
        sc = e1[:, None] + (base - e1)[:, None] * ((L(np.minimum(ys, 2030)) - L(2030)) / (L(2009) - L(2030)))[None, :]
        q = 1 - base / (base * 20)
        bud = base[:, None] * q[:, None] ** (ys - 2009)[None, :]
        return lin, cr, sc, bud

    # Agreement of the two methods (a second-method check, not a timing).
    for g_arr, n_arr in zip(gh_eval(), np_eval()):
        np.testing.assert_allclose(g_arr, n_arr, rtol=1e-9)
    t_ge, t_ne = best(gh_eval, repeat=7), best(np_eval, repeat=7)
    t_gt = best(lambda: ghgtrack.track_many(df, target, threads=2), repeat=5)
    t_gt1 = best(lambda: ghgtrack.track_many(df, target, threads=1), repeat=5)
    t_nt = best(lambda: numpy_track(values, years, 2009, 0.67, 2030), repeat=5)
    t_pt = best(lambda: pandas_track(df.iloc[:600], 2009, 0.67, 2030), repeat=1) * len(df) / 600
    # Agreement of the two methods (a second-method check, not a timing).
    g = ghgtrack.track_many(df, target).summary
    n = numpy_track(values, years, 2009, 0.67, 2030)
    np.testing.assert_allclose(g["trend_rate"].to_numpy(), n[3], rtol=1e-9)
    np.testing.assert_allclose(g["remaining_tonnes_co2e"].to_numpy(), n[9], rtol=1e-9)

    p = ghgtrack.Pathway.linear(2009, 100.0, 2030, 33.0)
    per_call = best(lambda: p(2020.0), repeat=5, number=200_000)
    out.update(
        {
            "evaluate_all_shapes": {"ghgtrack_s": t_ge, "numpy_s": t_ne, "speedup": t_ne / t_ge},
            "track": {
                "ghgtrack_2_threads_s": t_gt,
                "ghgtrack_1_thread_s": t_gt1,
                "numpy_vectorised_s": t_nt,
                "pandas_groupby_apply_s_extrapolated": t_pt,
                "speedup_vs_numpy": t_nt / t_gt,
                "speedup_vs_pandas": t_pt / t_gt,
            },
            "scalar_call_s": per_call,
        }
    )
    if args.json:
        print(json.dumps(out, indent=2))
        return
    e, t = out["evaluate_all_shapes"], out["track"]
    print(f"{len(df)} series (400 municipalities x 12 sectors) x {len(years)} years")
    print(
        f"evaluate 4 pathway shapes, 50 years: ghgtrack {e['ghgtrack_s'] * 1e3:.2f} ms, numpy {e['numpy_s'] * 1e3:.2f} ms "
        f"-> {e['speedup']:.2f}x"
    )
    print(
        f"track all series: ghgtrack {t['ghgtrack_2_threads_s'] * 1e3:.1f} ms (1 thread {t['ghgtrack_1_thread_s'] * 1e3:.1f} ms), "
        f"numpy vectorised {t['numpy_vectorised_s'] * 1e3:.1f} ms, pandas groupby-apply {t['pandas_groupby_apply_s_extrapolated'] * 1e3:.0f} ms"
    )
    print(f"  speed-up vs numpy {t['speedup_vs_numpy']:.2f}x, vs pandas {t['speedup_vs_pandas']:.1f}x (target >= 20x)")
    print(f"scalar Pathway call: {per_call * 1e9:.0f} ns (target <= 1000 ns)")


if __name__ == "__main__":
    main()
