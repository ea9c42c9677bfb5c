"""The SIMD kernels under every target the CPU has (simd.hpp), the batch
interpolate_cumulate call and show_config(). Expected values come from a
second method: numpy, long sums in Python's math.fsum, per-series
Pathway.through()."""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
import pytest

import ghgtrack
from ghgtrack import _core

TARGETS = _core.simd_available_targets()


@pytest.fixture(params=TARGETS)
def target(request):
    ghgtrack.set_simd_target(request.param)
    yield request.param
    ghgtrack.set_simd_target("auto")


def test_show_config_names_the_target_and_the_available_ones():
    buf = io.StringIO()
    c = ghgtrack.show_config(file=buf)
    text = buf.getvalue()
    assert c["simd_target"] == ghgtrack.simd_target()
    assert c["simd_target"] in text
    assert c["simd_target"] in c["simd_available_targets"]
    assert set(c["simd_available_targets"]) <= set(c["simd_compiled_targets"])
    if c["simd_dispatched"]:
        assert "sse2" in c["simd_compiled_targets"]  # the x86-64 baseline is always there


def test_an_unknown_target_is_refused_with_the_accepted_names():
    before = ghgtrack.simd_target()
    with pytest.raises(ghgtrack.ArgumentError, match="accepted"):
        ghgtrack.set_simd_target("avx9000")
    assert ghgtrack.simd_target() == before


def test_forcing_a_target_runs_on_it(target):
    assert ghgtrack.simd_target() == target


def test_to_co2e_is_the_exact_product(target):
    a = np.random.default_rng(1).uniform(0, 1e3, 100_003)
    np.testing.assert_array_equal(ghgtrack.to_co2e(a, "CH4", "AR5GWP100"), a * 28.0)  # AR5 CH4: 28


def test_lmdi_agrees_with_numpy_and_is_perfect(target):
    rng = np.random.default_rng(2)
    x0, xt = rng.uniform(0.5, 2.0, (10_007, 4)), rng.uniform(0.5, 2.0, (10_007, 4))
    xt[::7] = x0[::7] * (1 + 1e-7)  # near-equal rows: the series of L(a, b)
    v0, vt = x0.prod(axis=1), xt.prod(axis=1)
    w = np.where(np.abs(vt / v0 - 1) < 1e-4, v0 * (1 + (vt / v0 - 1) / 2), (vt - v0) / np.log(vt / v0))
    e = w[:, None] * np.log(xt / x0)
    r = ghgtrack.lmdi(x0, xt)
    scale = (v0 + vt).sum()
    # documented tolerance across targets (simd.hpp): relative 1e-12
    np.testing.assert_allclose(r.additive.to_numpy(), e.sum(axis=0), rtol=0, atol=1e-12 * scale)
    assert math.isclose(r.additive.sum(), vt.sum() - v0.sum(), rel_tol=0, abs_tol=1e-12 * scale)
    np.testing.assert_allclose(r.by_category.to_numpy(), e, rtol=1e-12, atol=1e-12)


def test_aggregation_sums_are_the_same_to_the_last_bit_on_every_target():
    rng = np.random.default_rng(3)
    n = 4000
    frame = pd.DataFrame(
        {
            "year": np.tile([2020, 2021], n // 2),
            "sector": np.repeat([f"S{i % 3}" for i in range(n // 2)], 2),
            "source": np.repeat([f"src{i}" for i in range(n // 2)], 2),
            "gas": "CO2",
            "value": rng.uniform(-1e6, 1e6, n) * 10.0 ** rng.integers(-3, 4, n),
        }
    )
    inv = ghgtrack.Inventory.from_frame(frame, metric="AR5GWP100")
    results = {}
    for t in TARGETS:
        ghgtrack.set_simd_target(t)
        results[t] = inv.by_sector().to_numpy()
    ghgtrack.set_simd_target("auto")
    first = next(iter(results.values()))
    for t, r in results.items():
        np.testing.assert_array_equal(r, first, err_msg=t)
    # and within the compensated bound of an exact sum (math.fsum)
    exact = frame.groupby(["sector", "year"])["value"].apply(lambda s: math.fsum(s)).unstack()
    np.testing.assert_allclose(first, exact.to_numpy(), rtol=1e-13, atol=1e-6)


def test_interpolate_cumulate_matches_one_pathway_per_series(target):
    years = np.arange(1990, 2006, dtype=float)
    rng = np.random.default_rng(4)
    values = rng.uniform(10, 100, (50, len(years)))
    values[rng.random(values.shape) < 0.4] = np.nan
    values[:, 0] = 50.0
    values[3, :] = np.nan  # no data: NaN, never 0
    for fill in ("none", "hold"):
        for conv in ("annual_sum", "trapezoid"):
            r = ghgtrack.interpolate_cumulate(years, values, fill=fill, convention=conv)
            assert (r.first, r.last) == (1990, 2005)
            for i in range(len(values)):
                ok = ~np.isnan(values[i])
                if not ok.any():
                    assert np.isnan(r.values[i]).all() and np.isnan(r.cumulative[i])
                    continue
                pts = dict(zip(years[ok], values[i][ok]))
                if len(pts) == 1:
                    pts[years[ok][0] + 1] = values[i][ok][0]
                p = ghgtrack.Pathway.through(pts)
                covered = years[ok][-1] == years[-1]
                if fill == "none" and not covered:
                    assert np.isnan(r.cumulative[i])
                    assert np.isnan(r.values[i][years > years[ok][-1]]).all()
                else:
                    assert math.isclose(r.cumulative[i], p.cumulative(1990, 2005, convention=conv), rel_tol=1e-12)
                    np.testing.assert_allclose(r.values[i], p(years), rtol=1e-12)


def test_interpolate_cumulate_by_hand_and_errors():
    years = np.array([1990.0, 1995.0, 2001.0, 2005.0])
    # the line 100 (1990), 80 (1995), 70 (2001), 50 (2005), summed over the
    # whole years 1990..2005: 460 + 455 + 300 = 1215 (by hand)
    r = ghgtrack.interpolate_cumulate(years, np.array([[100.0, 80.0, 70.0, 50.0]]))
    assert math.isclose(r.cumulative[0], 1215.0, rel_tol=1e-14)
    r = ghgtrack.interpolate_cumulate(years, np.array([[100.0, 80.0, 70.0, 50.0]]), first=1995, last=2000)
    assert math.isclose(r.cumulative[0], 455.0, rel_tol=1e-14)
    with pytest.raises(ghgtrack.ArgumentError, match="infinite"):
        ghgtrack.interpolate_cumulate(years, np.array([[1.0, np.inf, 1.0, 1.0]]))
    with pytest.raises(ghgtrack.ShapeError):
        ghgtrack.interpolate_cumulate(years, np.ones((2, 3)))
    with pytest.raises(ghgtrack.ArgumentError, match="'none' or 'hold'"):
        ghgtrack.interpolate_cumulate(years, np.ones((2, 4)), fill="trend")
    with pytest.raises(ghgtrack.ArgumentError, match="within"):
        ghgtrack.interpolate_cumulate(years, np.ones((2, 4)), first=1980)
