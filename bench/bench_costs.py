"""Cost benchmarks from Python (issue 10).

- Portfolio choice over 100 measures with overlap over 30 years (target:
  under 10 s): cheapest_portfolio with HiGHS (highspy) in the cutting-plane
  loop, for a target year, a cumulative budget and 30 annual caps; every
  answer checked with the exact scenario engine.
- MAC curve of 1,000 measures (target: under 100 ms), Shapley variant, as a
  DataFrame.

Run: .venv/bin/python bench/bench_costs.py [--json]
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import pandas as pd

import ghgtrack
from ghgtrack import Measure, costs


def build(n_measures: int, n_sectors: int, seed: int):
    rng = np.random.default_rng(seed)
    cats = [(f"S{s:03d}", f"k{k}") for s in range(n_sectors) for k in range(10)]
    years = np.arange(2021, 2051)
    level = 1000.0 + 9000.0 * rng.random(len(cats))
    frame = pd.DataFrame(
        {
            "year": np.tile(years, len(cats)),
            "sector": np.repeat([c[0] for c in cats], len(years)),
            "source": np.repeat([c[1] for c in cats], len(years)),
            "gas": "CO2",
            "value": (level[:, None] * 0.99 ** np.arange(len(years))[None, :]).reshape(-1),
        }
    )
    base = ghgtrack.Inventory.from_frame(frame, metric="AR5GWP100")
    ms = []
    for i in range(n_measures):
        secs = sorted({f"S{int(s):03d}" for s in rng.integers(0, n_sectors, size=int(rng.integers(1, 4)))})
        start = int(2021 + rng.integers(0, 10))
        low = float(-200 + 2000 * rng.random())
        kw = dict(
            sectors=secs,
            start_year=start,
            full_year=start + int(rng.integers(0, 5)),
            cost_low=low,
            cost_high=low + float(500 * rng.random()),
            currency="NOK",
        )
        if rng.random() < 0.5:
            ms.append(Measure.cut(f"m{i}", float(0.02 + 0.2 * rng.random()), **kw))
        else:
            ms.append(Measure(f"m{i}", effect=float(500 + 5000 * rng.random()), **kw))
    return base, ms


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--partial", action="store_true", help="also the 100 measures in quarters (400 binaries; minutes, not seconds)"
    )
    args = ap.parse_args()
    out = {}
    base, ms = build(100, 20, 7)
    total = ghgtrack.scenario(base, []).total()
    goals = {
        "target_2030": dict(target_year=2030, level=float(total[2030] * 0.75)),
        "budget_2021_2050": dict(budget=(2021, 2050, float(total.sum() * 0.85))),
        "caps_30_years": dict(caps={int(y): float(v * (1 - 0.006 * (y - 2021))) for y, v in total.items()}),
    }
    for name, g in goals.items():
        t0 = time.perf_counter()
        ch = costs.cheapest_portfolio(base, ms, **g)
        dt = time.perf_counter() - t0
        out[f"portfolio_{name}_s"] = dt
        out[f"portfolio_{name}_rounds"] = ch.rounds
        out[f"portfolio_{name}_selected"] = len(ch.selected)
        assert ch.feasible
    if args.partial:  # partial adoption in quarters: 400 binary slices (273 s here, 70 rounds)
        t0 = time.perf_counter()
        ch = costs.cheapest_portfolio(base, ms, steps=4, **goals["target_2030"])
        out["portfolio_target_2030_quarters_s"] = time.perf_counter() - t0
        out["portfolio_target_2030_quarters_rounds"] = ch.rounds
        assert ch.feasible
    big, big_ms = build(1000, 50, 2030)
    costs.mac_curve(big, big_ms, year=2030)
    t = []
    for _ in range(3):
        t0 = time.perf_counter()
        costs.mac_curve(big, big_ms, year=2030)
        t.append(time.perf_counter() - t0)
    out["mac_1000_shapley_ms"] = 1e3 * min(t)
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for k, v in out.items():
            print(f"{k:40s} {v:.3f}" if isinstance(v, float) else f"{k:40s} {v}")


if __name__ == "__main__":
    main()
