"""Costs, MAC curves and the cheapest portfolio from Python: values worked by
hand (docs/planning.md's example with costs), HiGHS against brute force (a
second method), infeasibility in plain words, Monte Carlo, the bundled cost
tables and the report section."""

import itertools
import json
import math

import numpy as np
import pandas as pd
import pytest

import ghgtrack
from ghgtrack import Measure, costs


def example_baseline(years=(2030,)):
    rows = [
        {"year": y, "sector": sec, "source": src, "gas": "CO2", "value": v}
        for y in years
        for (sec, src), v in {("Heat", "Oil"): 500.0, ("Road", "Cars"): 600.0, ("Road", "Vans"): 400.0}.items()
    ]
    return ghgtrack.Inventory.from_frame(pd.DataFrame(rows), metric="AR5GWP100")


def example_measures():
    return [
        Measure.cut("M1", 0.3, sectors=["Road"], start_year=2030, cost_low=100, cost_high=100, currency="NOK"),
        Measure("M2", sources=[("Road", "Cars")], effect=120, start_year=2030, cost_low=50, cost_high=50),
        Measure("M3", sectors=["Heat"], effect=800, start_year=2030, cost_low=150, cost_high=250),
    ]


def test_default_rate_and_conventions_by_hand():
    assert costs.DEFAULT_DISCOUNT_RATE == 0.04
    base = example_baseline(years=range(2025, 2030))
    m = Measure(
        "C",
        sectors=["Road"],
        effect=10,
        start_year=2025,
        investment={2025: 1000.0},
        operating_cost=100.0,
        lifetime=3,
        discount_rate=0.1,
    )
    s = 1 + 1 / 1.1 + 1 / 1.21
    t = costs.cost_table(base, [m])
    assert t.loc["C", "basis"] == "cash flows"
    assert t.loc["C", "pv_cost"] == pytest.approx(1000 + 100 * s)
    assert t.loc["C", "cost_per_t"] == pytest.approx((1000 + 100 * s) / (10 * s))
    u = costs.cost_table(base, [m], convention="undiscounted_tonnes")
    assert u.loc["C", "cost_per_t"] == pytest.approx((1000 + 100 * s) / 30)
    a = costs.cost_table(base, [m], convention="annualised", year=2026)
    assert a.loc["C", "cost_per_t"] == pytest.approx((1000 + 100 * s) * 0.1 / (1 - 1.1**-3) / 10)
    with pytest.raises(ghgtrack.ArgumentError, match="accepted"):
        costs.cost_table(base, [m], convention="cheapest")


def test_mac_variants_by_hand():
    base, ms = example_baseline(), example_measures()
    st = costs.mac_curve(base, ms, variant="standalone").set_index("measure")
    assert list(st.index) == ["M2", "M1", "M3"]
    assert st.width.tolist() == pytest.approx([120, 300, 500])
    assert st.attrs["combined"] == pytest.approx(884.0)
    seq = costs.mac_curve(base, ms, variant="sequential").set_index("measure")
    assert seq.loc["M1", "width"] == pytest.approx(264.0)  # 480 * 0.3 + 400 * 0.3
    sh = costs.mac_curve(base, ms).set_index("measure")
    assert sh.loc["M1", "width"] == pytest.approx(282.0)
    assert sh.loc["M2", "width"] == pytest.approx(102.0)
    assert sh.loc["M2", "cost_per_t"] == pytest.approx(50 * 120 / 102)
    assert sh.loc["M3", "low"] == pytest.approx(150.0) and sh.loc["M3", "high"] == pytest.approx(250.0)
    assert sh.width.sum() == pytest.approx(884.0)


def test_plot_mac_draws_ranges():
    import matplotlib

    matplotlib.use("Agg")
    curve = costs.mac_curve(example_baseline(), example_measures())
    ax = costs.plot_mac(curve)
    assert len(ax.patches) == 3
    assert len(ax.lines) >= 2  # the M3 range, and the zero line


def random_case(n, seed):
    rng = np.random.default_rng(seed)
    rows = [
        {"year": y, "sector": s, "source": src, "gas": "CO2", "value": 100.0 + 40 * i + 5 * (y - 2029)}
        for y in (2029, 2030, 2031)
        for i, (s, src) in enumerate(itertools.product("ABCD", "ab"))
    ]
    base = ghgtrack.Inventory.from_frame(pd.DataFrame(rows), metric="AR5GWP100")
    ms = []
    for i in range(n):
        secs = sorted(set(rng.choice(list("ABCD"), size=int(rng.integers(1, 3)))))
        cost = float(rng.uniform(50, 1000))
        if rng.random() < 0.5:
            ms.append(
                Measure.cut(
                    f"M{i}", float(rng.uniform(0.1, 0.6)), sectors=secs, start_year=2029, cost_low=cost, cost_high=cost
                )
            )
        else:
            ms.append(
                Measure(
                    f"M{i}",
                    sectors=secs,
                    effect=float(rng.uniform(20, 200)),
                    start_year=2029,
                    cost_low=cost,
                    cost_high=cost,
                )
            )
    return base, ms


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_highs_matches_brute_force(seed):
    pytest.importorskip("highspy")
    base, ms = random_case(12, seed)
    goals = [
        {"target_year": 2030, "level": 1500.0},
        {"budget": (2029, 2031, 4600.0)},
        {"caps": {2029: 1600.0, 2031: 1500.0}},
    ]
    for g in goals:
        try:
            bf = costs.cheapest_portfolio(base, ms, method="brute_force", **g)
        except ghgtrack.NoSolutionError as e:
            assert "even all 12 measures leave a gap of" in str(e)
            continue
        mi = costs.cheapest_portfolio(base, ms, **g)
        assert mi.feasible and bf.feasible
        assert mi.pv_cost == pytest.approx(bf.pv_cost, rel=1e-9)
        # The exact engine, independently: the chosen measures meet the goal.
        chosen = [m for m in ms if m.id in mi.selected]
        tot = ghgtrack.scenario(base, chosen).total()
        if "target_year" in g:
            assert tot[2030] <= 1500.0 + 1e-6
        elif "caps" in g:
            assert all(tot[y] <= cap + 1e-6 for y, cap in g["caps"].items())
        else:
            assert tot.loc[2029:2031].sum() <= 4600.0 + 1e-6


def test_infeasible_is_plain():
    base, ms = example_baseline(), example_measures()
    with pytest.raises(ghgtrack.NoSolutionError, match=r"even all 3 measures leave a gap of 616 t in 2030"):
        costs.cheapest_portfolio(base, ms, target_year=2030, level=0.0)
    with pytest.raises(ghgtrack.ArgumentError, match="exactly one goal"):
        costs.cheapest_portfolio(base, ms)


def test_cheapest_by_hand_and_uncertainty():
    pytest.importorskip("highspy")
    base, ms = example_baseline(), example_measures()
    # Total 1500; level 1000 needs 500 t. M3 alone (500 t, 200/t -> 100,000) or
    # M1 + M2 (384 t) is short; M1 + M3 = 800 t costs 30,000 + 100,000; so M3 alone.
    ch = costs.cheapest_portfolio(base, ms, target_year=2030, level=1000.0)
    assert ch.selected == ["M3"]
    assert ch.pv_cost == pytest.approx(200 * 500)
    assert ch.feasible and "Nemhauser" in ch.note
    mc = costs.portfolio_uncertainty(ch, draws=4000, seed=3, effect_u=0.0)
    assert mc["probability"] == 1.0
    # M3's cost is drawn uniformly on [150, 250] * 500 t.
    assert mc["cost_mean"] == pytest.approx(100000, rel=0.02)
    assert 75000 <= mc["cost_p5"] <= mc["cost_p95"] <= 125000
    mc2 = costs.portfolio_uncertainty(ch, draws=4000, seed=3, effect_u=0.3)
    assert 0.0 < mc2["probability"] < 1.0  # M3 sits exactly at its cap: any shortfall misses


def test_partial_adoption_by_hand():
    pytest.importorskip("highspy")
    base = example_baseline()
    m1, m2 = example_measures()[:2]
    m4 = Measure("M4", sectors=["Heat"], effect=400, start_year=2030, cost_low=200, cost_high=200)
    ms = [m1, m2, m4]
    # Level 1000 of 1500 t needs 500 t. PV costs: M1 30 % of Road (300 t,
    # 100/t) 30,000; M2 120 t on Road/Cars (50/t) 6,000; M4 400 t on Heat
    # (200/t) 80,000. M1 + M2 overlap on Cars: 600 * 0.7 * 0.8 = 336, so
    # together they take 264 + 120 = 384 t.
    whole = costs.cheapest_portfolio(base, ms, target_year=2030, level=1000.0)
    assert sorted(whole.selected) == ["M2", "M4"] and whole.pv_cost == pytest.approx(86000)
    # In tenths: M1 + M2 (384 t) and 0.3 of M4 (120 t), 36,000 + 24,000.
    part = costs.cheapest_portfolio(base, ms, target_year=2030, level=1000.0, steps=10)
    assert part.shares == pytest.approx({"M1": 1.0, "M2": 1.0, "M4": 0.3})
    assert part.pv_cost == pytest.approx(60000)
    assert part.feasible and part.table.loc["M4", "share"] == pytest.approx(0.3)
    bf = costs.cheapest_portfolio(base, ms, target_year=2030, level=1000.0, steps=10, method="brute_force")
    assert bf.pv_cost == pytest.approx(60000)
    # M1 capped at half: with M1 at 0.4 (cut 0.12) and M2, Cars keeps
    # 600 * 0.88 * 0.8 = 422.4 and Vans 352: 225.6 t; M4 at 0.7 adds 280 t.
    # 12,000 + 6,000 + 56,000 = 74,000 beats M1 at 0.5 with M4 at 0.7 (77,000)
    # and M1 at 0.3 with M4 at 0.8 (79,000).
    cap = costs.cheapest_portfolio(base, ms, target_year=2030, level=1000.0, steps=10, max_share={"M1": 0.5})
    assert cap.shares == pytest.approx({"M1": 0.4, "M2": 1.0, "M4": 0.7})
    assert cap.pv_cost == pytest.approx(74000)
    # The exact engine, independently, on the measures scaled by hand.
    m1s = Measure.cut("M1s", 0.12, sectors=["Road"], start_year=2030)
    m4s = Measure("M4s", sectors=["Heat"], effect=280, start_year=2030)
    assert ghgtrack.scenario(base, [m1s, m2, m4s]).total()[2030] == pytest.approx(1500 - 225.6 - 280)
    with pytest.raises(ghgtrack.UnknownLabelError, match="M9"):
        costs.cheapest_portfolio(base, ms, target_year=2030, level=1000.0, steps=10, max_share={"M9": 0.5})


@pytest.mark.parametrize("seed", [4, 5])
def test_partial_highs_matches_brute_force(seed):
    pytest.importorskip("highspy")
    base, ms = random_case(5, seed)
    for g in ({"target_year": 2030, "level": 1500.0}, {"caps": {2029: 1700.0, 2031: 1500.0}}):
        try:
            bf = costs.cheapest_portfolio(base, ms, method="brute_force", steps=4, **g)
        except ghgtrack.NoSolutionError as e:
            assert "at their largest share" in str(e)
            continue
        mi = costs.cheapest_portfolio(base, ms, steps=4, **g)
        assert mi.feasible and mi.pv_cost == pytest.approx(bf.pv_cost, rel=1e-9)
        whole = costs.cheapest_portfolio(base, ms, method="brute_force", **g)
        assert mi.pv_cost <= whole.pv_cost * (1 + 1e-12)


def test_bundled_cost_tables():
    kk = ghgtrack.datasets.klimakur2030_measures()
    assert len(kk) == 61 and sorted(kk.dropped) == ["O01", "S09"]
    assert {m._core.cost_class for m in kk} == {"<500", "500-1500", ">1500", ""}
    kin = ghgtrack.datasets.kin2025_measures()
    assert len(kin) == 77
    st = ghgtrack.datasets.stavanger_measures()
    assert len(st) == 13 and st.stated_totals == {2030: 49303.0}
    counted = sum(m.effect for m in st if m.status == "adopted" and m.quantified)
    assert counted == pytest.approx(49303, abs=1)  # the budget total Stavanger publishes


def test_report_section_payload_text_html():
    base, ms = example_baseline(), example_measures()
    assert costs.costs_section(base, [Measure("X", sectors=["Road"], effect=1, start_year=2030)]) is None
    p = costs.costs_section(base, ms)
    json.dumps(p)
    assert p["year"] == 2030 and p["discount_rate"] == 0.04
    assert [b["id"] for b in p["measures"]] == ["M2", "M1", "M3"]
    assert p["total_t"] == pytest.approx(884.0)
    txt = costs.costs_section_text(p)
    assert "What it costs" in txt and "R-109" in txt
    html = costs.costs_section_html(p)
    assert html.startswith('<section class="costs">') and "M3" in html
    assert costs.costs_section_text(None) == "" and math.isnan(float("nan"))


def test_with_costs_copies_and_validates():
    ms = example_measures()
    out = costs.with_costs(ms, {"M1": {"cost_class": ">1500", "investment": {2030: 5.0}}})
    assert out[0]._core.cost_class == ">1500" and out[0]._core.investment == [(2030, 5.0)]
    assert ms[0]._core.cost_class == ""  # the original is unchanged
    with pytest.raises(ghgtrack.ArgumentError, match="no measure 'X'"):
        costs.with_costs(ms, {"X": {}})
    with pytest.raises(ghgtrack.ArgumentError, match="unknown cost field"):
        costs.with_costs(ms, {"M1": {"price": 1}})
