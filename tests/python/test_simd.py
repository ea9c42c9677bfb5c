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


def _lmdi_second_method(x0, xt):
    """LMDI-I in numpy (Ang 2005) with the series of L(a, b) near a = b."""
    v0, vt = x0.prod(axis=1), xt.prod(axis=1)
    d = vt / v0 - 1
    w = np.where(np.abs(d) < 1e-4, v0 * (1 + d / 2 - d * d / 12 + d**3 / 24), (vt - v0) / np.log(vt / v0))
    return w[:, None] * np.log(xt / x0)


def test_lmdi_reads_every_layout_in_place_with_the_same_result(target):
    rng = np.random.default_rng(5)
    x0, xt = rng.uniform(0.5, 2.0, (4_001, 6)), rng.uniform(0.5, 2.0, (4_001, 6))
    cases = {
        "C order": (x0, xt),
        "F order": (np.asfortranarray(x0), np.asfortranarray(xt)),
        "rows of 4 (interleaved)": (x0[:, :4], xt[:, :4]),
        "C order, 4 contiguous": (np.ascontiguousarray(x0[:, :4]), np.ascontiguousarray(xt[:, :4])),
        "C order, 3 contiguous": (np.ascontiguousarray(x0[:, :3]), np.ascontiguousarray(xt[:, :3])),
        "C order, 2 contiguous": (np.ascontiguousarray(x0[:, :2]), np.ascontiguousarray(xt[:, :2])),
        "every other row": (x0[::2], xt[::2]),
        "every other column": (x0[:, ::2], xt[:, ::2]),
        "reversed": (x0[::-1, ::-1], xt[::-1, ::-1]),
        "F order slice": (np.asfortranarray(x0)[1::3, 1:], np.asfortranarray(xt)[1::3, 1:]),
    }
    for name, (a, b) in cases.items():
        ro_a, ro_b = a.view(), b.view()
        ro_a.flags.writeable = False  # read-only input is fine: it is only read
        r = ghgtrack.lmdi(ro_a, ro_b)
        e = _lmdi_second_method(a, b)
        np.testing.assert_allclose(r.by_category.to_numpy(), e, rtol=1e-12, atol=1e-12, err_msg=name)
        scale = (a.prod(axis=1) + b.prod(axis=1)).sum()
        np.testing.assert_allclose(r.additive.to_numpy(), e.sum(axis=0), rtol=0, atol=1e-12 * scale, err_msg=name)
        # the same numbers in column order (a copy) give the same result to the last bit
        ref = ghgtrack.lmdi(np.asfortranarray(a), np.asfortranarray(b))
        np.testing.assert_array_equal(r.by_category.to_numpy(), ref.by_category.to_numpy(), err_msg=name)
        np.testing.assert_array_equal(r.additive.to_numpy(), ref.additive.to_numpy(), err_msg=name)


def test_lmdi_takes_integers_and_lists_and_says_what_is_wrong():
    # by hand: one category, V = 1 * 2 -> 2 * 2; L(4, 2) = 2 / ln 2; the first
    # factor's effect is L * ln 2 = 2, the second's 0
    r = ghgtrack.lmdi(np.array([[1, 2]]), np.array([[2, 2]]))
    np.testing.assert_allclose(r.additive.to_numpy(), [2.0, 0.0], rtol=1e-15, atol=1e-15)
    r = _core.lmdi([[1.0, 2.0]], [[2.0, 2.0]])
    np.testing.assert_allclose(r.additive, [2.0, 0.0], rtol=1e-15, atol=1e-15)
    x = np.ones((10, 3))
    with pytest.raises(ghgtrack.ShapeError, match="2-D"):
        _core.lmdi(np.ones(10), np.ones(10))
    with pytest.raises(ghgtrack.ShapeError, match="2-D"):
        _core.lmdi(np.ones((2, 2, 2)), np.ones((2, 2, 2)))
    with pytest.raises(ghgtrack.ShapeError, match="10 x 3 but end is 10 x 2"):
        ghgtrack.lmdi(x, x[:, :2])
    with pytest.raises(ghgtrack.ShapeError, match="no categories"):
        ghgtrack.lmdi(x[:0], x[:0])
    with pytest.raises(ghgtrack.ArgumentError, match="numbers"):
        _core.lmdi(np.array([["a", "b"]]), np.array([["a", "b"]]))
    bad = np.ones((10, 3))
    bad[5, 2] = -1.0  # row order: still named by category and factor
    with pytest.raises(ghgtrack.ArgumentError, match="end factor 2 of category 5"):
        ghgtrack.lmdi(x, bad)
    bad[5, 2] = np.nan
    with pytest.raises(ghgtrack.ArgumentError, match="NaN"):
        ghgtrack.lmdi(bad[::-1], x)


@pytest.mark.parametrize("kind", ["linear", "constant_rate", "s_curve", "budget"])
def test_evaluate_many_agrees_with_one_pathway_per_series(target, kind):
    rng = np.random.default_rng(6)
    starts = rng.uniform(10.0, 1e5, 203)
    ends = starts * rng.uniform(2.0, 30.0, 203) if kind == "budget" else rng.uniform(10.0, 1e5, 203)
    years = np.concatenate([np.arange(2000.0, 2061.0, 0.5), [2010.0, 2030.0]])
    out = ghgtrack.evaluate_many(kind, 2010, starts, 2030, ends, years)
    assert out.shape == (203, len(years))
    for i in range(0, 203, 17):
        if kind == "linear":
            p = ghgtrack.Pathway.linear(2010, starts[i], 2030, ends[i])
        elif kind == "constant_rate":
            p = ghgtrack.Pathway.constant_rate(2010, starts[i], end_year=2030, end_value=ends[i])
        elif kind == "s_curve":
            p = ghgtrack.Pathway.s_curve(2010, starts[i], 2030, ends[i])
        else:
            p = ghgtrack.Pathway.from_budget(2010, starts[i], ends[i])
        np.testing.assert_allclose(out[i], p(years), rtol=1e-12, err_msg=f"{kind} {i}")
    # threads change nothing; a Series in gives a frame with its index
    np.testing.assert_array_equal(ghgtrack.evaluate_many(kind, 2010, starts, 2030, ends, years, threads=2), out)
    s = pd.Series(starts, index=[f"m{i}" for i in range(203)])
    frame = ghgtrack.evaluate_many(kind, 2010, s, 2030, ends, years)
    assert list(frame.index) == list(s.index)
    np.testing.assert_array_equal(frame.to_numpy(), out)


def test_evaluate_many_by_hand_and_errors():
    # linear 100 (2010) -> 50 (2020): 75 in 2015; budget 1000 t from 100 t/yr:
    # -10 %/yr, 100 * 0.9^2 = 81 in 2012
    assert ghgtrack.evaluate_many("linear", 2010, [100.0], 2020, [50.0], [2015.0])[0, 0] == 75.0
    assert math.isclose(
        ghgtrack.evaluate_many("budget", 2010, [100.0], 0, [1000.0], [2012.0])[0, 0], 81.0, rel_tol=1e-14
    )
    with pytest.raises(ghgtrack.ShapeError):
        ghgtrack.evaluate_many("linear", 2010, [1.0, 2.0], 2020, [1.0], [2015.0])
    with pytest.raises(ghgtrack.NoSolutionError):
        ghgtrack.evaluate_many("constant_rate", 2010, [1.0, 0.0], 2020, [1.0, 1.0], [2015.0])
    with pytest.raises(ghgtrack.ArgumentError, match="linear"):
        ghgtrack.evaluate_many("straight", 2010, [1.0], 2020, [1.0], [2015.0])
