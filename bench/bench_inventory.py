"""Side-by-side inventory benchmarks in one process (issue 3):

- tidy CSV read: ghgtrack.read_csv against pandas.read_csv on the same file
  (targets: >= 200 MB/s and >= 3x pandas);
- aggregating 1e7 rows by (sector, year): Inventory.by_sector against a
  pandas groupby on the same data, and against the memory read bandwidth
  numpy reaches on the same bytes (targets: >= 20x pandas, >= 30 % of it).

Run: .venv/bin/python bench/bench_inventory.py [--rows-csv N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import timeit

import numpy as np
import pandas as pd

import ghgtrack


def best(fn, repeat=5, number=1) -> float:
    return min(timeit.repeat(fn, repeat=repeat, number=number)) / number


def synthetic(n_sectors: int, sources_per_sector: int, years: range, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sectors = np.repeat([f"Sector {s:02d}" for s in range(n_sectors)], sources_per_sector)
    sources = np.tile([f"Source {k:06d}" for k in range(sources_per_sector)], n_sectors)
    ny = len(years)
    n = len(sectors) * ny
    return pd.DataFrame(
        {
            "year": np.tile(np.asarray(years), len(sectors)),
            "sector": np.repeat(sectors, ny),
            "source": np.repeat(sources, ny),
            "gas": "CO2",
            "value": rng.random(n) * 1000.0,
        }
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--agg-sources-per-sector", type=int, default=16667)  # 12 x 16667 x 50 = 1.0e7
    ap.add_argument("--skip-csv", action="store_true", help="only the aggregation")
    args = ap.parse_args()
    out: dict = {}

    # -- CSV read -----------------------------------------------------------
    out["csv"] = None
    if not args.skip_csv:
        frame = synthetic(12, 2000, range(1985, 2025))  # 960 000 rows
        inv = ghgtrack.Inventory.from_frame(frame, metric="AR5GWP100")
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "tidy.csv")
            inv.to_csv(path)
            size = os.path.getsize(path)
            t_g = best(lambda: ghgtrack.read_csv(path))  # threads=1, the default
            t_g_all = best(lambda: ghgtrack.read_csv(path, threads=0))  # all cores (the old default, up to 4)
            t_p = best(lambda: pd.read_csv(path))
            back = ghgtrack.read_csv(path)
            assert back == inv
        out["csv"] = {
            "rows": len(frame),
            "bytes": size,
            "ghgtrack_s": t_g,
            "ghgtrack_all_threads_s": t_g_all,
            "pandas_s": t_p,
            "ghgtrack_MB_per_s": size / t_g / 1e6,
            "ghgtrack_all_threads_MB_per_s": size / t_g_all / 1e6,
            "pandas_MB_per_s": size / t_p / 1e6,
            "speedup_vs_pandas": t_p / t_g,
            "speedup_vs_pandas_all_threads": t_p / t_g_all,
        }

    # -- aggregation of 1e7 rows by (sector, year) -------------------------------
    big = synthetic(12, args.agg_sources_per_sector, range(1975, 2025), seed=1)
    big_inv = ghgtrack.Inventory.from_frame(big, metric="AR5GWP100")
    big["sector"] = big["sector"].astype("category")
    t_inv = best(lambda: big_inv.by_sector(), repeat=7)
    t_pd = best(lambda: big.groupby(["sector", "year"], observed=True)["value"].sum(), repeat=3)
    try:  # polars (issue 12: goal >= 2x polars)
        import polars as pl

        big_pl = pl.DataFrame(
            {
                "sector": pl.Series(big["sector"].astype(str).to_numpy(), dtype=pl.Categorical),
                "year": big["year"].to_numpy(),
                "value": big["value"].to_numpy(),
            }
        )
        t_pl = best(lambda: big_pl.group_by(["sector", "year"]).agg(pl.col("value").sum()), repeat=5)
    except ImportError:
        t_pl = float("nan")
    values = np.asarray(big_inv._core.values)
    keys = np.asarray(big_inv._core.keys)
    nbytes = values.nbytes + keys.nbytes
    t_bw = best(lambda: (values.sum(), keys.sum()), repeat=7)
    ref = big.groupby(["sector", "year"], observed=True)["value"].sum().unstack()
    np.testing.assert_allclose(big_inv.by_sector().to_numpy(), ref.to_numpy(), rtol=1e-12)
    out["aggregate"] = {
        "rows": len(big),
        "ghgtrack_s": t_inv,
        "pandas_groupby_s": t_pd,
        "speedup_vs_pandas": t_pd / t_inv,
        "polars_group_by_s": t_pl,
        "speedup_vs_polars": t_pl / t_inv,
        "load_average": os.getloadavg(),
        "numpy_read_GB_per_s": nbytes / t_bw / 1e9,
        "ghgtrack_GB_per_s": nbytes / t_inv / 1e9,
        "fraction_of_read_bandwidth": (nbytes / t_inv) / (nbytes / t_bw),
    }

    if args.json:
        print(json.dumps(out, indent=2))
        return
    c, a = out["csv"], out["aggregate"]
    if c is None:
        c = {k: float("nan") for k in ("rows", "bytes")} | {
            k: float("nan")
            for k in (
                "ghgtrack_s",
                "ghgtrack_MB_per_s",
                "ghgtrack_all_threads_s",
                "ghgtrack_all_threads_MB_per_s",
                "pandas_s",
                "pandas_MB_per_s",
                "speedup_vs_pandas",
                "speedup_vs_pandas_all_threads",
            )
        }
    print(f"tidy CSV read, {c['rows']:,} rows, {c['bytes'] / 1e6:.1f} MB")
    print(f"  ghgtrack.read_csv   {c['ghgtrack_s'] * 1e3:8.1f} ms  {c['ghgtrack_MB_per_s']:7.1f} MB/s  (threads=1)")
    print(
        f"  ghgtrack.read_csv   {c['ghgtrack_all_threads_s'] * 1e3:8.1f} ms  "
        f"{c['ghgtrack_all_threads_MB_per_s']:7.1f} MB/s  (threads=0: all cores)"
    )
    print(f"  pandas.read_csv     {c['pandas_s'] * 1e3:8.1f} ms  {c['pandas_MB_per_s']:7.1f} MB/s")
    print(
        f"  speed-up vs pandas (target >= 3): {c['speedup_vs_pandas']:.2f}x (threads=1), "
        f"{c['speedup_vs_pandas_all_threads']:.2f}x (threads=0)"
    )
    print(f"aggregate {a['rows']:,} rows by (sector, year)")
    print(f"  Inventory.by_sector {a['ghgtrack_s'] * 1e3:8.1f} ms  {a['ghgtrack_GB_per_s']:.2f} GB/s")
    print(f"  pandas groupby      {a['pandas_groupby_s'] * 1e3:8.1f} ms")
    print(f"  numpy read of the same bytes: {a['numpy_read_GB_per_s']:.2f} GB/s")
    print(f"  polars group_by     {a['polars_group_by_s'] * 1e3:8.1f} ms")
    print(f"  speed-up vs pandas (target >= 20): {a['speedup_vs_pandas']:.1f}x")
    print(f"  speed-up vs polars (target >= 2): {a['speedup_vs_polars']:.1f}x")
    print(f"  load average {a['load_average'][0]:.1f} on {os.cpu_count()} CPUs")
    print(f"  fraction of read bandwidth (target >= 0.30): {a['fraction_of_read_bandwidth']:.2f}")


if __name__ == "__main__":
    main()
