"""National ensemble benchmark (issue 12): every municipality of the
synthetic national inventory (ghgtrack.national: 357 municipalities, Oslo's
structure) x 3 scenarios x 10,000 Monte Carlo iterations, with tracking of
the data, run

1. in one process (``client=None``: every task here, one after the other);
2. on a Dask LocalCluster of 2 worker processes (1 thread each);

checks that both give identical results, and prints the per-municipality
costs that docs/distributed.md projects to the EU case (~100,000 LAUs).

Run: .venv/bin/python bench/bench_national.py [--iterations N] [--codes N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import time

import numpy as np
import pandas as pd

import ghgtrack
from ghgtrack import distributed, national


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=10_000)
    ap.add_argument("--codes", type=int, default=0, help="first N municipalities only (0: all)")
    ap.add_argument("--partition-size", type=int, default=32)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    t0 = time.perf_counter()
    nat = national.generate(seed=2024)
    if args.codes:
        nat = nat.subset(nat.labels[: args.codes])
    t_gen = time.perf_counter() - t0
    inv0 = nat.inventory(nat.labels[0])
    t1 = time.process_time()  # stage costs in CPU time (one thread): robust to a busy machine
    for c in nat.labels[:20]:
        nat.inventory(c)
    t_inv = (time.process_time() - t1) / min(20, len(nat))

    kw = dict(
        uncertainty=national.illustrative_uncertainty(inv0.sectors),
        iterations=args.iterations,
        seed=20091,
        partition_size=args.partition_size,
        progress=False,
    )
    target = ghgtrack.Target.cut(2009, {2030: 0.55})
    measures = national.synthetic_measures(inv0.sectors)

    # Stage costs per municipality (one process): scenarios alone, Monte Carlo alone.
    sub = nat.subset(nat.labels[: min(16, len(nat))])
    t2 = time.process_time()
    distributed.scenario_totals(sub, measures, until=2030, partition_size=len(sub.labels), progress=False)
    t_scen = (time.process_time() - t2) / len(sub)
    cats = {
        c: pd.DataFrame({"base": sub.inventory(c).by_sector(2009)[2009]}).assign(latest=lambda d: 0.5 * d["base"])
        for c in sub.labels
    }
    t3 = time.process_time()
    distributed.monte_carlo(
        {(c, s): v for c, v in cats.items() for s in range(3)},
        iterations=args.iterations,
        seed=1,
        uncertainty=kw["uncertainty"],
        partition_size=10_000,
        blocks_per_task=10_000,
        progress=False,
    )
    t_mc = (time.process_time() - t3) / len(sub)

    rss0 = _rss_mb()
    t4, c4 = time.perf_counter(), time.process_time()
    local = distributed.ensemble(nat, target, measures, **kw)
    t_local, c_local = time.perf_counter() - t4, time.process_time() - c4
    rss_local = _rss_mb()

    from distributed import Client, LocalCluster

    t5 = time.perf_counter()
    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    client.run(lambda: __import__("ghgtrack.distributed"))  # warm the workers' imports
    t_start = time.perf_counter() - t5
    cpu0 = client.run(time.process_time)
    t6, c6 = time.perf_counter(), time.process_time()
    remote = distributed.ensemble(nat, target, measures, client=client, **kw)
    t_remote, c_client = time.perf_counter() - t6, time.process_time() - c6
    cpu1 = client.run(time.process_time)
    c_workers = sum(cpu1[w] - cpu0[w] for w in cpu1)
    worker_mem = [w["metrics"]["memory"] / 2**20 for w in client.scheduler_info()["workers"].values()]
    client.close()
    cluster.close()

    identical = bool(
        remote.summary.equals(local.summary)
        and remote.scenarios.equals(local.scenarios)
        and remote.tracking.summary.equals(local.tracking.summary)
    )
    n = len(nat)
    res = {
        "municipalities": n,
        "scenarios": 3,
        "iterations": args.iterations,
        "sectors": len(inv0.sectors),
        "cells": int(np.asarray(inv0._core.values).shape[0]),
        "years": len(inv0.years),
        "generate_s": round(t_gen, 3),
        "inventory_per_municipality_cpu_ms": round(t_inv * 1e3, 2),
        "scenarios_per_municipality_cpu_ms": round(t_scen * 1e3, 2),
        "monte_carlo_3x_per_municipality_cpu_ms": round(t_mc * 1e3, 2),
        "single_process_s": round(t_local, 2),
        "single_process_cpu_s": round(c_local, 2),
        "two_workers_s": round(t_remote, 2),
        "two_workers_cpu_s_workers": round(c_workers, 2),
        "two_workers_cpu_s_client_and_scheduler": round(c_client, 2),
        "results_kb_per_municipality": round(
            sum(
                f.memory_usage(deep=True).sum()
                for f in (
                    local.summary,
                    local.scenarios,
                    local.tracking.summary,
                    local.tracking.pathway,
                    local.tracking.gap,
                )
            )
            / 1024
            / n,
            2,
        ),
        "inventory_pickled_kb": round(len(pickle.dumps(inv0)) / 1024, 1),
        "load_average_1min_at_end": os.getloadavg()[0],
        "cluster_start_s": round(t_start, 2),
        "speedup": round(t_local / t_remote, 2),
        "identical": identical,
        "client_peak_rss_mb": round(max(rss0, rss_local), 1),
        "worker_memory_mb": [round(m, 1) for m in worker_mem],
        "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(res, indent=2))
        return
    for k, v in res.items():
        print(f"{k:>34}: {v}")


if __name__ == "__main__":
    main()
