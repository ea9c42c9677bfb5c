"""LMDI, projections and uncertainty from Python: hand-worked values,
identities, analytic distributions and a second (numpy) implementation.

API changes on purpose (CHANGELOG): lmdi() returns an LmdiResult
(``.to_frame()`` is the former frame), lmdi_series() an LmdiSeries;
threads default to 1."""

import math

import numpy as np
import pandas as pd
import pytest

import ghgtrack
from ghgtrack import _core, uncertainty
from ghgtrack.decomposition import identity, two_level


def numpy_lmdi(a, b):
    """A second, independent implementation (vectorised numpy)."""
    v0, vt = a.prod(axis=1), b.prod(axis=1)
    w = np.where(np.isclose(vt, v0), v0, (vt - v0) / np.log(vt / v0))
    return (w[:, None] * np.log(b / a)).sum(axis=0)


def test_lmdi_hand_worked_and_consistent():
    start = pd.DataFrame({"x": [2.0], "y": [3.0]}, index=["only"])
    end = pd.DataFrame({"x": [4.0], "y": [6.0]}, index=["only"])
    r = ghgtrack.lmdi(start, end).to_frame()
    # V 6 -> 24; dV_x = dV_y = L(24, 6) ln 2 = 9; D_x = D_y = 2.
    assert r.loc["x", "effect_tonnes"] == pytest.approx(9.0)
    assert r.loc["y", "effect_ratio"] == pytest.approx(2.0)
    assert r.loc["total", "effect_tonnes"] == pytest.approx(18.0)
    rng = np.random.default_rng(3)
    for _ in range(20):
        a = pd.DataFrame(rng.uniform(0.1, 10, (6, 4)), columns=list("abcd"))
        b = pd.DataFrame(rng.uniform(0.1, 10, (6, 4)), columns=list("abcd"))
        r = ghgtrack.lmdi(a, b).to_frame()
        eff = r["effect_tonnes"].drop("total")
        # Additive effects sum to the change; multiplicative multiply to the ratio.
        assert eff.sum() == pytest.approx(r.attrs["end_tonnes"] - r.attrs["start_tonnes"])
        assert r["effect_ratio"].drop("total").prod() == pytest.approx(r.attrs["end_tonnes"] / r.attrs["start_tonnes"])
        np.testing.assert_allclose(eff.to_numpy(), numpy_lmdi(a.to_numpy(), b.to_numpy()), rtol=1e-10)


def test_lmdi_bad_input():
    a = pd.DataFrame({"x": [1.0, np.nan]})
    with pytest.raises(ghgtrack.ArgumentError, match="no value"):
        ghgtrack.lmdi(a, a.fillna(1.0))
    with pytest.raises(ghgtrack.ArgumentError, match="not negative"):
        ghgtrack.lmdi(pd.DataFrame({"x": [-1.0]}), pd.DataFrame({"x": [1.0]}))
    with pytest.raises(ghgtrack.ShapeError, match="same categories.*factors \\(columns\\) only in start: 'x'"):
        ghgtrack.lmdi(pd.DataFrame({"x": [1.0]}), pd.DataFrame({"y": [1.0]}))


def test_lmdi_same_categories_error_names_the_differences():
    idx = [f"c{i}" for i in range(10)]
    a = pd.DataFrame({"p": 1.0, "q": 2.0}, index=idx)
    b = a.rename(index={"c3": "x3", "c4": "x4"})
    with pytest.raises(ghgtrack.ShapeError) as e:
        ghgtrack.lmdi(a, b)
    msg = str(e.value)
    assert "categories (rows) only in start: 'c3', 'c4' (2)" in msg
    assert "only in end: 'x3', 'x4' (2)" in msg
    many = a.rename(index={f"c{i}": f"z{i}" for i in range(8)})
    with pytest.raises(ghgtrack.ShapeError, match=r"'c0', 'c1', 'c2', 'c3', 'c4', \.\.\. \(8 in all\)"):
        ghgtrack.lmdi(a, many)
    with pytest.raises(ghgtrack.ShapeError, match="only in start: 'c9'"):
        ghgtrack.lmdi(a, a.iloc[:9])


def test_lmdi_aligns_the_same_labels_in_another_order():
    a = pd.DataFrame({"p": [1.0, 2.0, 3.0], "q": [4.0, 5.0, 6.0]}, index=["u", "v", "w"])
    b = pd.DataFrame({"p": [2.0, 2.0, 1.0], "q": [4.0, 1.0, 6.0]}, index=["u", "v", "w"])
    shuffled = b.loc[["w", "u", "v"], ["q", "p"]]
    r1, r2 = ghgtrack.lmdi(a, b), ghgtrack.lmdi(a, shuffled)
    np.testing.assert_array_equal(r1.additive.to_numpy(), r2.additive.to_numpy())
    assert list(r2.factors) == ["p", "q"]


def test_lmdi_zero_values_take_the_analytical_limits():
    # Hand-worked (Ang & Liu 2007 limits), factors (f0, f1):
    #   c1 (10, 2) -> (12, 2): V 20 -> 24, f0 = L(24, 20) ln 1.2 = 4, f1 = 0
    #   c2 (0, 3)  -> (5, 3):  appears, V 0 -> 15: f0 = 15, f1 = 0
    #   c3 (4, 5)  -> (4, 0):  disappears, V 20 -> 0: f0 = 0, f1 = -20
    #   c4 (0, 0)  -> (2, 3):  appears with two zero factors: 6 / 2 each
    #   c5 (0, 1)  -> (0, 7):  zero at both ends: 0, 0
    start = pd.DataFrame(
        {"f0": [10.0, 0.0, 4.0, 0.0, 0.0], "f1": [2.0, 3.0, 5.0, 0.0, 1.0]}, index=["c1", "c2", "c3", "c4", "c5"]
    )
    end = pd.DataFrame({"f0": [12.0, 5.0, 4.0, 2.0, 0.0], "f1": [2.0, 3.0, 0.0, 3.0, 7.0]}, index=start.index)
    r = ghgtrack.lmdi(start, end)
    expected = np.array([[4.0, 0.0], [15.0, 0.0], [0.0, -20.0], [3.0, 3.0], [0.0, 0.0]])
    np.testing.assert_allclose(r.by_category.to_numpy(), expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(r.additive.to_numpy(), [22.0, -17.0], rtol=1e-12)
    assert (r.start_tonnes, r.end_tonnes) == (40.0, 45.0)
    # Multiplicative: D_k = exp(dV_k / L(45, 40)), L(45, 40) = 5 / ln(45/40).
    lw = 5.0 / math.log(45.0 / 40.0)
    np.testing.assert_allclose(r.multiplicative.to_numpy(), np.exp(np.array([22.0, -17.0]) / lw), rtol=1e-12)
    assert r.multiplicative_defined and r.note == ""


def test_lmdi_multiplicative_undefined_for_an_all_zero_start():
    r = ghgtrack.lmdi(
        pd.DataFrame({"a": [0.0, 0.0], "b": [1.0, 2.0]}), pd.DataFrame({"a": [2.0, 1.0], "b": [3.0, 2.0]})
    )
    np.testing.assert_allclose(r.additive.to_numpy(), [8.0, 0.0], rtol=1e-12)  # 6 + 2, all of it the zero factor's
    assert not r.multiplicative_defined
    assert r.multiplicative.isna().all()
    assert "zero at the start" in r.note
    with pytest.raises(ghgtrack.NoSolutionError, match="undefined"):
        r.ratio("a")
    f = r.to_frame()
    assert math.isnan(f.loc["total", "effect_ratio"]) and f.loc["total", "effect_tonnes"] == 8.0
    assert r.to_dict()["multiplicative"] == {"a": None, "b": None}


def test_lmdi_result_conversions_and_threads():
    rng = np.random.default_rng(11)
    a = pd.DataFrame(rng.uniform(0.1, 10, (200_000, 3)), columns=["p", "q", "s"])
    b = pd.DataFrame(rng.uniform(0.1, 10, (200_000, 3)), columns=["p", "q", "s"])
    r1 = ghgtrack.lmdi(a, b)
    r2 = ghgtrack.lmdi(a, b, threads=2)
    r0 = ghgtrack.lmdi(a, b, threads=0, by_category=False)
    np.testing.assert_array_equal(r1.additive.to_numpy(), r2.additive.to_numpy())  # bit for bit
    np.testing.assert_array_equal(r1.additive.to_numpy(), r0.additive.to_numpy())
    assert r0.by_category is None
    d = r1.to_dict()
    assert set(d["additive"]) == {"p", "q", "s"} and d["unit"] == "t CO2e"
    assert d["additive"]["q"] == pytest.approx(r1.additive["q"])
    assert r1.ratio("q") == pytest.approx(r1.multiplicative["q"])


def test_lmdi_series_chains():
    frames = {
        y: pd.DataFrame({"p": [1.0 + 0.1 * i, 2.0], "q": [3.0, 1.0 + i]}) for i, y in enumerate(range(2020, 2024))
    }
    series = ghgtrack.lmdi_series(frames)
    s = series.to_frame()
    v = {y: (f["p"] * f["q"]).sum() for y, f in frames.items()}
    assert s.loc["total"].sum() == pytest.approx(v[2023] - v[2020])
    assert list(s.index[:3]) == ["2020-2021", "2021-2022", "2022-2023"]
    # Each period is the single-period decomposition; the totals telescope.
    one = ghgtrack.lmdi(frames[2021], frames[2022])
    np.testing.assert_allclose(s.loc["2021-2022"].to_numpy(), one.additive.to_numpy(), rtol=1e-14)
    m = series.to_frame("multiplicative")
    assert m.loc["total"].prod() == pytest.approx(v[2023] / v[2020])
    np.testing.assert_allclose(series.totals_tonnes.to_numpy(), [v[y] for y in range(2020, 2024)])
    assert series.to_dict()["periods"] == ["2020-2021", "2021-2022", "2022-2023"]
    with pytest.raises(ghgtrack.ShapeError, match="only in 2020"):
        ghgtrack.lmdi_series({2020: frames[2020], 2021: frames[2021].iloc[:1]})
    with pytest.raises(ghgtrack.ArgumentError, match="two years"):
        ghgtrack.lmdi_series({2020: frames[2020]})


def test_identity_and_two_level():
    activity = pd.DataFrame({2009: [100.0, 50.0], 2024: [120.0, 40.0]}, index=["road", "heat"])
    idx = pd.MultiIndex.from_tuples([("road", "diesel"), ("road", "el"), ("heat", "oil"), ("heat", "bio")])
    energy = pd.DataFrame({2009: [80.0, 20.0, 40.0, 10.0], 2024: [60.0, 60.0, 5.0, 30.0]}, index=idx)
    emissions = pd.DataFrame({2009: [210.0, 0.0, 105.0, 0.0], 2024: [150.0, 0.0, 13.0, 0.0]}, index=idx)
    pop = {2009: 600.0, 2024: 700.0}
    f0 = identity(population=pop, activity=activity, energy=energy, emissions=emissions, year=2009)
    f1 = identity(population=pop, activity=activity, energy=energy, emissions=emissions, year=2024)
    # The factors multiply back to each cell's emissions.
    np.testing.assert_allclose(f0.prod(axis=1).to_numpy(), emissions[2009].to_numpy(), atol=1e-9)
    r = ghgtrack.lmdi(f0, f1).to_frame()
    assert r.loc["total", "effect_tonnes"] == pytest.approx(163.0 - 315.0)
    assert r.loc["population", "effect_tonnes"] > 0  # more people, more emissions
    tl_start = pd.DataFrame({"activity": [80.0, 20.0, 40.0, 10.0], "emissions": [210.0, 1.0, 105.0, 2.0]}, index=idx)
    tl_end = pd.DataFrame({"activity": [60.0, 60.0, 5.0, 30.0], "emissions": [150.0, 3.0, 13.0, 5.0]}, index=idx)
    t = two_level(tl_start, tl_end).to_frame()
    assert list(t.index) == ["activity", "between_sectors", "within_sectors", "intensity", "total"]
    assert t["effect_tonnes"].drop("total").sum() == pytest.approx(171.0 - 318.0)  # 150+3+13+5 - (210+1+105+2)


def test_waterfall_plot():
    import matplotlib

    matplotlib.use("Agg")
    from ghgtrack.decomposition import plot_waterfall

    r = ghgtrack.lmdi(pd.DataFrame({"x": [2.0], "y": [3.0]}), pd.DataFrame({"x": [4.0], "y": [1.0]}))
    ax = plot_waterfall(r)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["start", "x", "y", "end"]
    ax = plot_waterfall(r.to_frame())
    assert [t.get_text() for t in ax.get_xticklabels()] == ["start", "x", "y", "end"]


def test_projection_exact_and_intervals():
    s = pd.Series({y: 100.0 * 0.95 ** (y - 2010) for y in range(2010, 2021)})
    p = ghgtrack.project(s, until=2025)
    assert p.attrs["rate"] == pytest.approx(-0.05)
    assert p.loc[2025, "value"] == pytest.approx(100.0 * 0.95**15)
    assert (p.loc[2021:, "kind"] == "projected").all()
    lin = ghgtrack.project(
        pd.Series({2000: 2.0, 2001: 4.0, 2002: 5.0, 2003: 4.0, 2004: 5.0}), until=2005, method="linear"
    )
    # x = 2000..2004, y = 2 4 5 4 5: slope 0.6, mean 4 at 2002; at 2005: 5.8.
    assert lin.loc[2005, "value"] == pytest.approx(5.8)
    half = (lin.loc[2005, "high"] - lin.loc[2005, "low"]) / 2
    assert half == pytest.approx(3.182446 * math.sqrt(0.8) * math.sqrt(1 + 1 / 5 + 9 / 10), rel=1e-6)
    # Business as usual: population x a constant intensity of 2 t/person.
    pop = {y: 1000.0 + 10 * (y - 2010) for y in range(2010, 2031)}
    em = pd.Series({y: 2.0 * pop[y] * (1 + 0.001 * ((y % 3) - 1)) for y in range(2010, 2021)})
    bau = ghgtrack.project(em, until=2030, drivers=pop)
    assert bau.loc[2030, "value"] == pytest.approx(2.0 * pop[2030], rel=0.01)
    with pytest.raises(KeyError):
        ghgtrack.project(em, until=2035, drivers=pop)
    with pytest.raises(ValueError, match="until"):
        ghgtrack.project(s, until=2015)


def categories():
    return pd.DataFrame(
        {
            "base": [100.0, 80.0, 40.0],
            "latest": [120.0, 60.0, 50.0],
            "ad_uncertainty_pct": [3.0, 2.0, 5.0],
            "ef_uncertainty_pct": [4.0, 5.0, 1.0],
        },
        index=["road", "heat", "waste"],
    )


def test_approach1_and_monte_carlo_agree():
    a1 = uncertainty.approach1(categories())
    # Hand: G = 5, sqrt(29), sqrt(26); H = (G D)^2 / 230^2.
    g = np.sqrt([25.0, 29.0, 26.0])
    d = np.array([120.0, 60.0, 50.0])
    assert a1.uncertainty_pct == pytest.approx(math.sqrt(((g * d) ** 2).sum()) / 230.0)
    mc = uncertainty.monte_carlo(categories(), iterations=100_000, seed=1)
    summ = mc.summary()
    assert summ.loc["latest", "mean"] == pytest.approx(230.0, rel=1e-3)
    assert summ.loc["latest", "uncertainty_pct"] == pytest.approx(a1.uncertainty_pct, rel=0.03)
    # Same seed, other thread count: identical numbers.
    mc1 = uncertainty.monte_carlo(categories(), iterations=20_000, seed=9, threads=1)
    mc2 = uncertainty.monte_carlo(categories(), iterations=20_000, seed=9, threads=2, progress=True)
    mc0 = uncertainty.monte_carlo(categories(), iterations=20_000, seed=9, threads=0)
    np.testing.assert_array_equal(mc1.latest, mc2.latest)
    np.testing.assert_array_equal(mc1.base, mc0.base)
    assert uncertainty.product_rule([3.0, 4.0]) == 5.0
    # Bound results: read-only views, frames and dicts out.
    assert not mc1.latest.flags.writeable
    f = mc1.to_frame()
    assert list(f.columns) == ["base_tonnes", "latest_tonnes"] and len(f) == 20_000
    assert mc1.to_dict()["summary"]["latest"]["mean"] == pytest.approx(float(mc1.latest.mean()))
    assert a1.to_dict()["uncertainty_pct"] == a1.uncertainty_pct
    assert list(a1.to_frame().columns[-2:]) == ["trend_from_ad", "trend_variance"]


def test_distributions_are_the_cpp_enum():
    D = uncertainty.Distribution
    assert [str(d) for d in (D.normal, D.lognormal, D.triangular, D.uniform)] == [
        "normal",
        "lognormal",
        "triangular",
        "uniform",
    ]
    assert uncertainty.parse_distribution("triangular") == D.triangular
    with pytest.raises(ghgtrack.ArgumentError, match="normal, lognormal, triangular, uniform"):
        uncertainty.parse_distribution("Gamma")
    c = categories()
    by_name = uncertainty.monte_carlo(c.assign(ef_distribution="lognormal"), iterations=2000, seed=3)
    by_enum = uncertainty.monte_carlo(c.assign(ef_distribution=D.lognormal), iterations=2000, seed=3)
    np.testing.assert_array_equal(by_name.latest, by_enum.latest)


def test_monte_carlo_bad_input():
    c = categories()
    with pytest.raises(ghgtrack.ArgumentError, match="distribution"):
        uncertainty.monte_carlo(c.assign(ad_distribution="gamma"), iterations=10)
    with pytest.raises(ghgtrack.ShapeError, match="missing"):
        uncertainty.monte_carlo(c.drop(columns="base"), iterations=10)
    with pytest.raises(ghgtrack.ArgumentError, match="diagonal|positive definite|symmetric"):
        uncertainty.monte_carlo(c, iterations=10, correlation=np.full((3, 3), 1.5))
    with pytest.raises(ghgtrack.ShapeError, match="3 x 3"):
        uncertainty.monte_carlo(c, iterations=10, correlation=np.eye(2))
    with pytest.raises(ghgtrack.ArgumentError, match="not negative"):
        uncertainty.monte_carlo(c.assign(ad_uncertainty_pct=-1.0), iterations=10)
    with pytest.raises(ghgtrack.ArgumentError, match="iterations"):
        uncertainty.monte_carlo(c, iterations=0)


def test_probability_of_target():
    years = list(range(2009, 2025))
    fast = pd.Series({y: 100.0 * 0.90 ** (y - 2009) for y in years})
    slow = pd.Series({y: 100.0 * 0.99 ** (y - 2009) * (1 + 0.01 * (y % 2)) for y in years})
    cats = pd.DataFrame(
        {"base": [100.0], "latest": [float(fast.iloc[-1])], "ad_uncertainty_pct": [5.0], "ef_uncertainty_pct": [5.0]}
    )
    tgt = ghgtrack.Target.parse("2030:-67%", base_year=2009)
    p_fast = uncertainty.probability_of_target(fast, tgt, cats, iterations=20_000)
    cats_slow = cats.assign(latest=float(slow.iloc[-1]))
    p_slow = uncertainty.probability_of_target(slow, tgt, cats_slow, iterations=20_000)
    # -10 %/yr reaches -67 % by 2030 with a wide margin; -1 %/yr cannot.
    assert p_fast.probability_met > 0.95
    assert p_slow.probability_met < 0.05
    assert p_fast.outcomes["median"] < p_slow.outcomes["median"]


def test_target_probability_takes_the_trend_fit():
    # No uncertainty at all: every iteration is the point case. Latest 50 t
    # in 2024, trend exactly -10 %/yr: 2030 = 50 x 0.9^6 = 26.57 t. Against
    # a base of 100 t, a -67 % target (33 t) is met, a -75 % one (25 t) not.
    years = [float(y) for y in range(2018, 2025)]
    fit = ghgtrack._core.fit_trend(years, [50.0 * 0.9 ** (y - 2024) for y in years], True)
    assert fit.slope == pytest.approx(math.log(0.9), rel=1e-12)
    cats = pd.DataFrame({"base": [100.0], "latest": [50.0], "ad_uncertainty_pct": [0.0], "ef_uncertainty_pct": [0.0]})
    mc = uncertainty.monte_carlo(cats, iterations=1000)
    kw = dict(base_total=100.0, latest_year=2024, target_year=2030, seed=1)
    # The budget: 2025..2030 on the trend = 50 (0.9 + ... + 0.9^6) = 220.7 t.
    spent = 50.0 * sum(0.9**k for k in range(1, 7))
    met = ghgtrack._core.target_probability(mc.totals, fit, change=-0.67, remaining_budget=spent + 1.0, **kw)
    assert met.probability_met == 1.0 and met.probability_budget == 1.0
    np.testing.assert_allclose(met.target_year_emissions, 50.0 * 0.9**6, rtol=1e-9)
    missed = ghgtrack._core.target_probability(mc.totals, fit, change=-0.75, remaining_budget=spent - 1.0, **kw)
    assert missed.probability_met == 0.0 and missed.probability_budget == 0.0
    with pytest.raises(ghgtrack.ArgumentError, match="write -0.67"):
        ghgtrack._core.target_probability(mc.totals, fit, change=67.0, remaining_budget=0.0, **kw)


def test_lmdi_chained_reads_any_layout_in_place():
    # The chained decomposition reads each year's array in place (C order, F
    # order, a slice) and gives the same numbers as one period at a time.
    rng = np.random.default_rng(7)
    years = [rng.uniform(0.5, 2.0, size=(50, 3)) for _ in range(4)]

    def every_other_row(x):
        y = np.full((2 * len(x), x.shape[1]), -1.0)
        y[::2] = x
        return y[::2]

    ref = _core.lmdi_chained([np.asfortranarray(x) for x in years])
    for arrays in (
        years,
        [np.ascontiguousarray(x) for x in years],
        [every_other_row(x) for x in years],
        [x.tolist() for x in years],
    ):
        c = _core.lmdi_chained(arrays)
        np.testing.assert_array_equal(c.additive, ref.additive)
        np.testing.assert_array_equal(c.v, ref.v)
    for t in range(3):  # a second method: each period on its own
        r = _core.lmdi(years[t], years[t + 1], False)
        np.testing.assert_allclose(ref.additive[t], r.additive, rtol=1e-15)
    with pytest.raises(ghgtrack.ShapeError, match="year 1 is 2 x 3 but year 0 is 50 x 3"):
        _core.lmdi_chained([years[0], years[1][:2]])
    with pytest.raises(ghgtrack.ShapeError, match="year 1 must be 2-D"):
        _core.lmdi_chained([years[0], years[1][0]])
