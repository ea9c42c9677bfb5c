"""LMDI, projections and uncertainty from Python: hand-worked values,
identities, analytic distributions and a second (numpy) implementation."""

import math

import numpy as np
import pandas as pd
import pytest

import ghgtrack
from ghgtrack import uncertainty
from ghgtrack.decomposition import identity, two_level


def numpy_lmdi(a, b):
    """A second, independent implementation (vectorised numpy)."""
    v0, vt = a.prod(axis=1), b.prod(axis=1)
    w = np.where(np.isclose(vt, v0), v0, (vt - v0) / np.log(vt / v0))
    return (w[:, None] * np.log(b / a)).sum(axis=0)


def test_lmdi_hand_worked_and_consistent():
    start = pd.DataFrame({"x": [2.0], "y": [3.0]}, index=["only"])
    end = pd.DataFrame({"x": [4.0], "y": [6.0]}, index=["only"])
    r = ghgtrack.lmdi(start, end)
    # V 6 -> 24; dV_x = dV_y = L(24, 6) ln 2 = 9; D_x = D_y = 2.
    assert r.loc["x", "effect_tonnes"] == pytest.approx(9.0)
    assert r.loc["y", "effect_ratio"] == pytest.approx(2.0)
    assert r.loc["total", "effect_tonnes"] == pytest.approx(18.0)
    rng = np.random.default_rng(3)
    for _ in range(20):
        a = pd.DataFrame(rng.uniform(0.1, 10, (6, 4)), columns=list("abcd"))
        b = pd.DataFrame(rng.uniform(0.1, 10, (6, 4)), columns=list("abcd"))
        r = ghgtrack.lmdi(a, b)
        eff = r["effect_tonnes"].drop("total")
        # Additive effects sum to the change; multiplicative multiply to the ratio.
        assert eff.sum() == pytest.approx(r.attrs["end_tonnes"] - r.attrs["start_tonnes"])
        assert r["effect_ratio"].drop("total").prod() == pytest.approx(r.attrs["end_tonnes"] / r.attrs["start_tonnes"])
        np.testing.assert_allclose(eff.to_numpy(), numpy_lmdi(a.to_numpy(), b.to_numpy()), rtol=1e-10)


def test_lmdi_bad_input():
    a = pd.DataFrame({"x": [1.0, np.nan]})
    with pytest.raises(ValueError, match="no value"):
        ghgtrack.lmdi(a, a.fillna(1.0))
    with pytest.raises(ValueError, match="not negative"):
        ghgtrack.lmdi(pd.DataFrame({"x": [-1.0]}), pd.DataFrame({"x": [1.0]}))
    with pytest.raises(ValueError, match="same categories"):
        ghgtrack.lmdi(pd.DataFrame({"x": [1.0]}), pd.DataFrame({"y": [1.0]}))


def test_lmdi_series_chains():
    frames = {y: pd.DataFrame({"p": [1.0 + 0.1 * i, 2.0], "q": [3.0, 1.0 + i]}) for i, y in enumerate(range(2020, 2024))}
    s = ghgtrack.lmdi_series(frames)
    v = {y: (f["p"] * f["q"]).sum() for y, f in frames.items()}
    assert s.loc["total"].sum() == pytest.approx(v[2023] - v[2020])
    assert list(s.index[:3]) == ["2020-2021", "2021-2022", "2022-2023"]


def test_identity_and_two_level():
    years = [2009, 2024]
    activity = pd.DataFrame({2009: [100.0, 50.0], 2024: [120.0, 40.0]}, index=["road", "heat"])
    idx = pd.MultiIndex.from_tuples([("road", "diesel"), ("road", "el"), ("heat", "oil"), ("heat", "bio")])
    energy = pd.DataFrame({2009: [80.0, 20.0, 40.0, 10.0], 2024: [60.0, 60.0, 5.0, 30.0]}, index=idx)
    emissions = pd.DataFrame({2009: [210.0, 0.0, 105.0, 0.0], 2024: [150.0, 0.0, 13.0, 0.0]}, index=idx)
    pop = {2009: 600.0, 2024: 700.0}
    f0 = identity(population=pop, activity=activity, energy=energy, emissions=emissions, year=2009)
    f1 = identity(population=pop, activity=activity, energy=energy, emissions=emissions, year=2024)
    # The factors multiply back to each cell's emissions.
    np.testing.assert_allclose(f0.prod(axis=1).to_numpy(), emissions[2009].to_numpy(), atol=1e-9)
    r = ghgtrack.lmdi(f0, f1)
    assert r.loc["total", "effect_tonnes"] == pytest.approx(163.0 - 315.0)
    assert r.loc["population", "effect_tonnes"] > 0  # more people, more emissions
    tl_start = pd.DataFrame({"activity": [80.0, 20.0, 40.0, 10.0], "emissions": [210.0, 1.0, 105.0, 2.0]}, index=idx)
    tl_end = pd.DataFrame({"activity": [60.0, 60.0, 5.0, 30.0], "emissions": [150.0, 3.0, 13.0, 5.0]}, index=idx)
    t = two_level(tl_start, tl_end)
    assert list(t.index) == ["activity", "between_sectors", "within_sectors", "intensity", "total"]
    assert t["effect_tonnes"].drop("total").sum() == pytest.approx(171.0 - 318.0)  # 150+3+13+5 - (210+1+105+2)


def test_waterfall_plot():
    import matplotlib

    matplotlib.use("Agg")
    from ghgtrack.decomposition import plot_waterfall

    r = ghgtrack.lmdi(pd.DataFrame({"x": [2.0], "y": [3.0]}), pd.DataFrame({"x": [4.0], "y": [1.0]}))
    ax = plot_waterfall(r)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["start", "x", "y", "end"]


def test_projection_exact_and_intervals():
    s = pd.Series({y: 100.0 * 0.95 ** (y - 2010) for y in range(2010, 2021)})
    p = ghgtrack.project(s, until=2025)
    assert p.attrs["rate"] == pytest.approx(-0.05)
    assert p.loc[2025, "value"] == pytest.approx(100.0 * 0.95 ** 15)
    assert (p.loc[2021:, "kind"] == "projected").all()
    lin = ghgtrack.project(pd.Series({2000: 2.0, 2001: 4.0, 2002: 5.0, 2003: 4.0, 2004: 5.0}), until=2005, method="linear")
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
    return pd.DataFrame({
        "base": [100.0, 80.0, 40.0], "latest": [120.0, 60.0, 50.0],
        "ad_uncertainty_pct": [3.0, 2.0, 5.0], "ef_uncertainty_pct": [4.0, 5.0, 1.0],
    }, index=["road", "heat", "waste"])


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
    np.testing.assert_array_equal(mc1.latest, mc2.latest)
    assert uncertainty.product_rule([3.0, 4.0]) == 5.0


def test_monte_carlo_bad_input():
    c = categories()
    with pytest.raises(ValueError, match="distribution"):
        uncertainty.monte_carlo(c.assign(ad_distribution="gamma"), iterations=10)
    with pytest.raises(ValueError, match="missing"):
        uncertainty.monte_carlo(c.drop(columns="base"), iterations=10)
    with pytest.raises(ValueError, match="diagonal|positive definite|symmetric"):
        uncertainty.monte_carlo(c, iterations=10, correlation=np.full((3, 3), 1.5))


def test_probability_of_target():
    years = list(range(2009, 2025))
    fast = pd.Series({y: 100.0 * 0.90 ** (y - 2009) for y in years})
    slow = pd.Series({y: 100.0 * 0.99 ** (y - 2009) * (1 + 0.01 * (y % 2)) for y in years})
    cats = pd.DataFrame({"base": [100.0], "latest": [float(fast.iloc[-1])],
                         "ad_uncertainty_pct": [5.0], "ef_uncertainty_pct": [5.0]})
    tgt = ghgtrack.Target.parse("2030:-67%", base_year=2009)
    p_fast = uncertainty.probability_of_target(fast, tgt, cats, iterations=20_000)
    cats_slow = cats.assign(latest=float(slow.iloc[-1]))
    p_slow = uncertainty.probability_of_target(slow, tgt, cats_slow, iterations=20_000)
    # -10 %/yr reaches -67 % by 2030 with a wide margin; -1 %/yr cannot.
    assert p_fast.probability_met > 0.95
    assert p_slow.probability_met < 0.05
    assert p_fast.outcomes["median"] < p_slow.outcomes["median"]
