"""Side-by-side analysis benchmarks in one process (issue 5):

- LMDI-I over 1e6 cells x 4 factors: ghgtrack against a vectorised numpy
  implementation (target: >= 20x), and the Python entry point
  ``ghgtrack.lmdi()`` on DataFrames against the compiled kernel it calls
  (target: <= 1.3x; issue 8) for three kinds of category index: a
  RangeIndex, a (sector, source) MultiIndex and 1e6 distinct strings;
- Monte Carlo, 1e5 iterations x 500 categories (AD and EF per category,
  both years): ghgtrack on 1 thread against numpy (target: >= 4x, issue 12), and
  ghgtrack on 2 threads against 1 (target: >= 1.8x).

Run: .venv/bin/python bench/bench_analysis.py [--json]
"""

from __future__ import annotations

import argparse
import json
import timeit

import numpy as np
import pandas as pd

import ghgtrack
from ghgtrack import _core, uncertainty


def best(fn, repeat=3, number=1) -> float:
    return min(timeit.repeat(fn, repeat=repeat, number=number)) / number


def numpy_lmdi(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    v0, vt = a.prod(axis=1), b.prod(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(vt == v0, v0, (vt - v0) / np.log(vt / v0))
    return (w[:, None] * np.log(b / a)).sum(axis=0)


def numpy_monte_carlo(base, latest, u_ad, u_ef, iterations, seed, chunk=2000):
    rng = np.random.default_rng(seed)
    n = len(base)
    out_b = np.empty(iterations)
    out_l = np.empty(iterations)
    sa, se = u_ad / 1.959963984540054, u_ef / 1.959963984540054
    for s in range(0, iterations, chunk):
        m = min(chunk, iterations - s)
        f = 1.0 + se * rng.standard_normal((m, n))
        a = 1.0 + sa * rng.standard_normal((m, n))
        b = 1.0 + sa * rng.standard_normal((m, n))
        out_b[s : s + m] = (base * a * f).sum(axis=1)
        out_l[s : s + m] = (latest * b * f).sum(axis=1)
    return out_b, out_l


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    a = np.asfortranarray(rng.uniform(0.1, 10, (1_000_000, 4)))
    b = np.asfortranarray(rng.uniform(0.1, 10, (1_000_000, 4)))
    t_g = best(lambda: _core.lmdi(a, b, False))
    t_n = best(lambda: numpy_lmdi(a, b))
    np.testing.assert_allclose(_core.lmdi(a, b, False).additive, numpy_lmdi(a, b), rtol=1e-9)
    cols = ["population", "activity", "intensity", "factor"]
    indexes = {
        "range": (pd.RangeIndex(len(a)), pd.RangeIndex(len(a))),
        "multi": tuple(
            pd.MultiIndex.from_product([range(1000), range(1000)], names=["sector", "source"]) for _ in range(2)
        ),
        "strings": tuple(pd.Index([f"category {i}" for i in range(len(a))]) for _ in range(2)),
    }
    entry = {}
    for kind, (ia, ib) in indexes.items():
        da, db = pd.DataFrame(a, index=ia, columns=cols), pd.DataFrame(b, index=ib, columns=cols)
        for by_cat in (False, True):
            t_k = best(lambda by_cat=by_cat: _core.lmdi(a, b, by_cat))
            t_e = best(lambda da=da, db=db, by_cat=by_cat: ghgtrack.lmdi(da, db, by_category=by_cat))
            entry[f"{kind}_by_category_{by_cat}"] = {"kernel_s": t_k, "entry_s": t_e, "ratio": t_e / t_k}

    n = 500
    cats = pd.DataFrame(
        {
            "base": rng.uniform(100, 1000, n),
            "latest": rng.uniform(100, 1000, n),
            "ad_uncertainty_pct": 5.0,
            "ef_uncertainty_pct": 10.0,
        }
    )
    it = 100_000
    t_mc1 = best(lambda: uncertainty.monte_carlo(cats, iterations=it, threads=1), repeat=2)
    t_mc2 = best(lambda: uncertainty.monte_carlo(cats, iterations=it, threads=2), repeat=2)
    base, latest = cats["base"].to_numpy(), cats["latest"].to_numpy()
    t_np = best(lambda: numpy_monte_carlo(base, latest, 0.05, 0.10, it, 0), repeat=2)
    g = uncertainty.monte_carlo(cats, iterations=it, threads=2)
    nb, nl = numpy_monte_carlo(base, latest, 0.05, 0.10, it, 0)
    # Same model, two generators: the distributions agree.
    assert abs(g.latest.mean() / nl.mean() - 1) < 1e-3 and abs(g.latest.std() / nl.std() - 1) < 0.02
    out = {
        "lmdi_1e6x4": {"ghgtrack_s": t_g, "numpy_s": t_n, "speedup": t_n / t_g},
        "lmdi_entry_vs_kernel_1e6x4": entry,
        "monte_carlo_1e5x500": {
            "ghgtrack_1_thread_s": t_mc1,
            "ghgtrack_2_threads_s": t_mc2,
            "numpy_s": t_np,
            "speedup_1_thread_vs_numpy": t_np / t_mc1,
            "thread_scaling": t_mc1 / t_mc2,
        },
    }
    if args.json:
        print(json.dumps(out, indent=2))
        return
    lm, m = out["lmdi_1e6x4"], out["monte_carlo_1e5x500"]
    print(
        f"LMDI 1e6 cells x 4 factors: ghgtrack {lm['ghgtrack_s'] * 1e3:.1f} ms, numpy {lm['numpy_s'] * 1e3:.1f} ms "
        f"-> {lm['speedup']:.2f}x (target >= 20x)"
    )
    for k, v in out["lmdi_entry_vs_kernel_1e6x4"].items():
        print(
            f"  ghgtrack.lmdi() on DataFrames, {k}: {v['entry_s'] * 1e3:.1f} ms vs kernel "
            f"{v['kernel_s'] * 1e3:.1f} ms -> {v['ratio']:.2f}x (target <= 1.3x)"
        )
    print(
        f"Monte Carlo 1e5 x 500: ghgtrack 1 thread {m['ghgtrack_1_thread_s']:.2f} s, 2 threads "
        f"{m['ghgtrack_2_threads_s']:.2f} s, numpy {m['numpy_s']:.2f} s"
    )
    print(
        f"  1 thread vs numpy {m['speedup_1_thread_vs_numpy']:.2f}x (target >= 4x); 2 threads vs 1 "
        f"{m['thread_scaling']:.2f}x (target >= 1.8x)"
    )


if __name__ == "__main__":
    main()
