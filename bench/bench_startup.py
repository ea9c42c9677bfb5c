"""Start-up costs the user sees (issue 12): ``import ghgtrack`` (goal <= 300
ms) and the main job end to end (goal <= 1 s): ``ghgtrack`` on the bundled
Oslo data, writing the status page, its chart (SVG, PNG, 2x PNG), CSV and
JSON, as ``bash scripts/main.sh`` runs it minus the set-up. Each is a fresh
process, best of ``--repeat`` runs, wall and CPU (user + system of the
process and its children), with the load average beside it. Peers: a bare
``python -c pass`` and ``import numpy`` / ``import pandas`` for scale.

    python bench/bench_startup.py [--repeat 7] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time


def run(cmd, cwd=None):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def best(cmd, repeat, cwd=None):
    runs = [run(cmd, cwd) for _ in range(repeat)]
    return min(w for w, _ in runs), min(c for _, c in runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    py = sys.executable
    exe = shutil.which("ghgtrack") or ""
    rows = {}
    load0 = os.getloadavg()[0]
    rows["python -c pass"] = best([py, "-c", "pass"], a.repeat)
    rows["import numpy"] = best([py, "-c", "import numpy"], a.repeat)
    rows["import pandas"] = best([py, "-c", "import pandas"], a.repeat)
    rows["import ghgtrack"] = best([py, "-c", "import ghgtrack"], a.repeat)
    rows["ghgtrack.to_co2e(2.0, 'CH4') from a fresh process"] = best(
        [py, "-c", "import ghgtrack; ghgtrack.to_co2e(2.0, 'CH4')"], a.repeat
    )
    with tempfile.TemporaryDirectory() as out:
        cmd = [exe] if exe else [py, "-m", "ghgtrack"]
        rows["main job: ghgtrack --out DIR"] = best(cmd + ["--out", out], a.repeat)
    load1 = os.getloadavg()[0]
    if a.json:
        json.dump({k: {"wall_s": w, "cpu_s": c} for k, (w, c) in rows.items()} | {"load": [load0, load1]}, sys.stdout)
        return
    print(f"best of {a.repeat} fresh processes; load average {load0:.1f} -> {load1:.1f} on {os.cpu_count()} CPUs")
    for k, (w, c) in rows.items():
        print(f"  {k:52s} {w * 1e3:7.0f} ms wall  {c * 1e3:7.0f} ms cpu")
    imp = rows["import ghgtrack"][0]
    job = rows["main job: ghgtrack --out DIR"][0]
    print(f"import ghgtrack {imp * 1e3:.0f} ms (goal <= 300 ms): {'met' if imp <= 0.3 else 'NOT met'}")
    print(f"main job {job:.2f} s (goal <= 1 s): {'met' if job <= 1.0 else 'NOT met'}")


if __name__ == "__main__":
    main()
