"""Planning benchmark from Python (issue 9): 200 measures x 2,000 cells x
30 years, each cell shared by up to 20 measures (10 on average), the same
shape as bench_planning.cpp.

Times the Python entry points: ghgtrack.scenario (scenario + overlap
report), ghgtrack.attribution (exact: Shapley, alone, last in; DataFrame
out) and permutation sampling; reports the efficiency error of the exact
shares and the standard error of the sampled ones.

Run: .venv/bin/python bench/bench_planning.py [--json]
"""

from __future__ import annotations

import argparse
import json
import timeit

import numpy as np
import pandas as pd

import ghgtrack


def best(fn, repeat=3) -> float:
    return min(timeit.repeat(fn, repeat=repeat, number=1))


def build(seed: int = 2030):
    rng = np.random.default_rng(seed)
    cats = [(f"S{s:03d}", f"k{k:02d}") for s in range(100) for k in range(20)]
    years = np.arange(2021, 2051)
    level = 1000.0 + 99000.0 * rng.random(len(cats))
    frame = pd.DataFrame(
        {
            "year": np.tile(years, len(cats)),
            "sector": np.repeat([c[0] for c in cats], len(years)),
            "source": np.repeat([c[1] for c in cats], len(years)),
            "gas": "CO2",
            "value": (level[:, None] * 0.99 ** np.arange(len(years))[None, :]).reshape(-1),
        }
    )
    baseline = ghgtrack.Inventory.from_frame(frame, metric="AR5GWP100")
    load = np.zeros(len(cats), dtype=int)
    measures = []
    for i in range(200):
        picked: list = []
        while len(picked) < 100:
            c = int(rng.integers(len(cats)))
            if load[c] >= 20 or c in picked:
                continue
            picked.append(c)
            load[c] += 1
        start = 2022 + int(rng.integers(8))
        kw = dict(sources=[cats[c] for c in sorted(picked)], start_year=start, status="adopted")
        if i % 2:
            m = ghgtrack.Measure.cut(f"m{i}", 0.02 + 0.2 * float(rng.random()), full_year=start + 5, **kw)
        else:
            m = ghgtrack.Measure(
                f"m{i}", effect=1e4 + 3e5 * float(rng.random()), full_year=start + 8, ramp="s-curve", **kw
            )
        measures.append(m)
    return baseline, measures, int(load.max()), float(load.mean())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    baseline, measures, max_share, mean_share = build()
    t_scen = best(lambda: ghgtrack.scenario(baseline, measures))
    t_attr = best(lambda: ghgtrack.attribution(baseline, measures))
    t_both = best(lambda: (ghgtrack.scenario(baseline, measures), ghgtrack.attribution(baseline, measures)))
    a = ghgtrack.attribution(baseline, measures)
    by_year = a.shapley.groupby(level="year").sum()
    comb = a.attrs["combined"]
    eff = float(((by_year - comb).abs() / comb).max())
    P = 20
    t_samp = best(lambda: ghgtrack.attribution(baseline, measures, method="sampled", permutations=P, seed=7), repeat=1)
    s = ghgtrack.attribution(baseline, measures, method="sampled", permutations=P, seed=7)
    big = a.shapley >= 1.0
    rel_se = float((s.standard_error[big] / a.shapley[big]).mean())
    out = {
        "cells": 2000,
        "years": 30,
        "measures": len(measures),
        "max_measures_per_cell": max_share,
        "mean_measures_per_cell": mean_share,
        "scenario_s": t_scen,
        "attribution_exact_s": t_attr,
        "scenario_plus_attribution_s": t_both,
        "efficiency_max_rel_err": eff,
        "sampled_permutations": P,
        "sampled_s": t_samp,
        "sampled_mean_rel_se": rel_se,
        "sampled_perms_for_rel_se_1e-6": P * (rel_se / 1e-6) ** 2,
        "sampled_seconds_for_rel_se_1e-6": t_samp / P * P * (rel_se / 1e-6) ** 2,
    }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for k, v in out.items():
            print(f"{k:34s} {v:.4g}" if isinstance(v, float) else f"{k:34s} {v}")


if __name__ == "__main__":
    main()
