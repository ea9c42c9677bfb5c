"""Monte Carlo normal variates on the dispatched SIMD kernels (simd.hpp,
detail/normal_stream.hpp): the same stream on every SIMD target (forced in
this process and through GHGTRACK_SIMD_TARGET in a fresh one) and whatever
the threads; the distribution checked against the normal law itself
(moments, a Kolmogorov-Smirnov statistic against Phi); an iteration
recomputed by hand from the raw stream."""

from __future__ import annotations

import hashlib
import math
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import ghgtrack
from ghgtrack import _core, uncertainty

TARGETS = _core.simd_available_targets()


@pytest.fixture
def restore_target():
    before = ghgtrack.simd_target()
    yield
    ghgtrack.set_simd_target(before)


def _categories() -> pd.DataFrame:
    dists = ["normal", "lognormal", "triangular", "uniform"]
    return pd.DataFrame(
        {
            "base": [100.0 + i for i in range(8)],
            "latest": [80.0 + i for i in range(8)],
            "ad_uncertainty_pct": [5.0 + i for i in range(8)],
            "ef_uncertainty_pct": 10.0,
            "ad_distribution": [dists[i % 4] for i in range(8)],
            "ef_distribution": [dists[(i + 1) % 4] for i in range(8)],
        }
    )


def test_the_stream_is_the_same_on_every_target(restore_target):
    first = None
    for t in TARGETS:
        ghgtrack.set_simd_target(t)
        z = _core.mc_normals(20091, 3, 100_003)  # not a multiple of 8; ~1 % of draws take the slow path
        if first is None:
            first = z
        else:
            assert z.tobytes() == first.tobytes(), t


def test_monte_carlo_is_the_same_on_every_target_and_thread_count(restore_target):
    corr = np.eye(8)
    corr[0, 1] = corr[1, 0] = 0.6
    ref = None
    for t in TARGETS:
        ghgtrack.set_simd_target(t)
        for threads in (1, 2):
            mc = uncertainty.monte_carlo(
                _categories(), iterations=5000, block=512, seed=4, threads=threads, correlation=corr
            )
            got = (np.asarray(mc.base).tobytes(), np.asarray(mc.latest).tobytes())
            if ref is None:
                ref = got
            assert got == ref, (t, threads)


_CHILD = """
import hashlib, ghgtrack
from ghgtrack import _core
z = _core.mc_normals(7, 11, 50_001)
run = _core.MonteCarloRun([100.0, 50.0], [90.0, 60.0], [0.05, 0.3], [0.1, 0.2],
                          [_core.Distribution.normal, _core.Distribution.lognormal],
                          [_core.Distribution.triangular, _core.Distribution.uniform],
                          [[1.0, 0.3], [0.3, 1.0]], seed=3, iterations=3000, block=256)
run.run(0, run.n_blocks)
h = hashlib.sha256(z.tobytes() + run.totals.base.tobytes() + run.totals.latest.tobytes()).hexdigest()
print(ghgtrack.simd_target(), h)
"""


def test_the_stream_is_the_same_under_each_GHGTRACK_SIMD_TARGET():
    hashes = {}
    for t in TARGETS:
        env = dict(os.environ, GHGTRACK_SIMD_TARGET=t)
        out = subprocess.run([sys.executable, "-c", _CHILD], env=env, capture_output=True, text=True, check=True)
        target, h = out.stdout.split()
        assert target == t
        hashes[t] = h
    assert len(set(hashes.values())) == 1, hashes


def test_moments_of_a_million_draws():
    # Standard normal: mean 0, variance 1, skewness 0, kurtosis 3; standard
    # errors sqrt(1/n), sqrt(2/n), sqrt(6/n), sqrt(24/n): within 5 of them.
    n = 1_000_000
    z = _core.mc_normals(2024, 0, n)
    m = z.mean()
    c = z - m
    var = (c**2).mean()
    skew = (c**3).mean() / var**1.5
    kurt = (c**4).mean() / var**2
    assert abs(m) < 5 * math.sqrt(1 / n)
    assert abs(var - 1) < 5 * math.sqrt(2 / n)
    assert abs(skew) < 5 * math.sqrt(6 / n)
    assert abs(kurt - 3) < 5 * math.sqrt(24 / n)


def test_kolmogorov_smirnov_against_phi():
    # sqrt(n) D_n < 1.95: the 0.1 % critical value of Kolmogorov's limiting
    # distribution (Smirnov 1948: 1.949). Phi from math.erfc.
    n = 1_000_000
    z = np.sort(_core.mc_normals(5, 17, n))
    phi = np.frompyfunc(lambda x: 0.5 * math.erfc(-x / math.sqrt(2.0)), 1, 1)(z).astype(float)
    i = np.arange(1, n + 1)
    d = max((i / n - phi).max(), (phi - (i - 1) / n).max())
    assert math.sqrt(n) * d < 1.95


def test_an_iteration_recomputed_from_the_raw_stream():
    # Block k draws from stream (seed, k); an iteration takes the EF normal,
    # then the base-year AD one, then the latest-year AD one (one category).
    # Normal multipliers 1 + (u / 1.96) z (IPCC: u is half the 95 % interval).
    u_ad, u_ef = 0.05, 0.1
    run = _core.MonteCarloRun(
        [100.0], [90.0], [u_ad], [u_ef], [_core.Distribution.normal], [_core.Distribution.normal],
        np.zeros((0, 0)), seed=5, iterations=300, block=100,
    )  # fmt: skip
    run.run(0, run.n_blocks)
    z95 = 1.959963984540054
    for k in range(3):
        zf, za, zb = _core.mc_normals(5, k, 3)
        f = 1.0 + (u_ef / z95) * zf
        assert run.totals.base[100 * k] == 100.0 * (1.0 + (u_ad / z95) * za) * f
        assert run.totals.latest[100 * k] == 90.0 * (1.0 + (u_ad / z95) * zb) * f


def test_streams_do_not_repeat_each_other():
    a, b = _core.mc_normals(1, 0, 100_000), _core.mc_normals(1, 1, 100_000)
    assert abs(np.corrcoef(a, b)[0, 1]) < 5 / math.sqrt(len(a))
    assert abs(np.corrcoef(a[:-1], a[1:])[0, 1]) < 5 / math.sqrt(len(a))
    assert hashlib.sha256(a.tobytes()).digest() != hashlib.sha256(b.tobytes()).digest()
