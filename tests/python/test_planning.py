"""Measures, the measures table, scenarios and attribution from Python
(issue 9). Expected values are worked by hand or taken from the published
Oslo Klimabudsjett 2023 table (shared/data/measures), never from the code."""

import pickle

import numpy as np
import pandas as pd
import pytest

import ghgtrack
from ghgtrack import InputError, Measure, planning


def small_baseline(years=(2029, 2030)):
    # Road / Cars 600, Road / Vans 400, Heat / Oil 500 t CO2e in every year.
    rows = []
    for y in years:
        for (sec, src), v in {("Heat", "Oil"): 500.0, ("Road", "Cars"): 600.0, ("Road", "Vans"): 400.0}.items():
            rows.append({"year": y, "sector": sec, "source": src, "gas": "CO2", "value": v})
    return ghgtrack.Inventory.from_frame(pd.DataFrame(rows), metric="AR5GWP100")


def hand_measures():
    return [
        Measure.cut("M1", 0.3, sectors=["Road"], start_year=2030, status="vedtatt"),
        Measure("M2", sources=[("Road", "Cars")], effect=120, start_year=2030, status="adopted"),
        Measure("M3", sectors=["Heat"], effect=800, start_year=2029, full_year=2030, status="proposed"),
    ]


def test_measure_keywords_and_sign_convention():
    m = Measure(
        "T2",
        name="Parking",
        sectors=["Veitrafikk"],
        effect="-15%",
        start_year=2025,
        full_year=2030,
        status="foreslått",
        agency="BYM",
    )
    assert m.kind == "relative" and m.effect == pytest.approx(0.15)
    assert m.status == "proposed"
    assert m.ramp_factor(2024) == 0.0 and m.ramp_factor(2030) == 1.0
    assert m.ramp_factor(2027) == pytest.approx(3 / 6)  # linear: (2027 - 2025 + 1) / (2030 - 2025 + 1)
    assert Measure.cut("c", 0.3, sectors=["X"], start_year=2025).effect == pytest.approx(0.3)
    with pytest.raises(InputError, match=r"write -0.67 or '-67%'"):
        Measure("bad", sectors=["X"], effect=-67, kind="relative", start_year=2025)
    with pytest.raises(InputError) as e:
        Measure("bad", sectors=["X"], effect=None, start_year=2025)
    assert e.value.column == "effect" and "blank" in str(e.value)
    u = Measure("U", sectors=["X"], effect="not calculated")
    assert not u.quantified and u.effect is None and u.effect_reason == "not calculated"
    # Activity x factor, checked by units: 1e6 l diesel x 2.66 kg CO2/l = 2,660 t CO2.
    a = Measure(
        "A",
        sectors=["Veitrafikk"],
        activity=1e6,
        activity_unit="l",
        factor=2.66,
        factor_unit="kg CO2/l",
        start_year=2025,
    )
    assert a.kind == "activity" and a._core.tonnes_co2e("AR5GWP100") == pytest.approx(2660.0)
    with pytest.raises(InputError, match="cannot apply to an activity in kWh"):
        Measure(
            "A", sectors=["X"], activity=1e6, activity_unit="kWh", factor=2.66, factor_unit="kg CO2/l", start_year=2025
        )
    assert pickle.loads(pickle.dumps(m)) == m


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_table_roundtrip_is_exact(tmp_path, suffix):
    ms = ghgtrack.datasets.oslo_measures_2023() + hand_measures()
    ms.append(
        Measure(
            "C",
            sectors=["Heat"],
            effect=1 / 3,
            start_year=2024,
            ramp="s-curve",
            full_year=2031,
            end_year=2040,
            investment={2024: 1e6 / 7, 2025: 2e6},
            operating_cost=-1234.5,
            lifetime=15,
            discount_rate=0.04,
            cost_low=100,
            cost_high=1500,
            cost_class="500-1500",
            currency="NOK",
            price_year=2023,
            notes='comma, "quote"; semicolon',
        )
    )
    p = tmp_path / f"m{suffix}"
    ghgtrack.write_measures(ms, p)
    back = ghgtrack.read_measures(p)
    assert len(back) == len(ms)
    for a, b in zip(ms, back):
        assert a.to_dict() == b.to_dict()
        assert a.effect == b.effect or (a.effect is None and b.effect is None)
    assert back.by_id("C").effect == 1 / 3
    assert list(tmp_path.iterdir()) == [p]  # no temporary file left


def test_norwegian_columns_and_encoding(tmp_path):
    p = tmp_path / "tiltak.csv"
    p.write_text(
        "tiltak_id;tiltak;sektor;kilde;effekt;startår;fullt år;status;ansvarlig;rapporteringsansvarlig;merknad\n"
        "1;Utslippsfrie busser;Veitrafikk;Busser;1 200,5;2024;2028;vedtatt;Ruter;Ruter;æøå\n",
        encoding="cp1252",
    )
    ms = ghgtrack.read_measures(p, encoding="cp1252")
    assert ms[0].sources == [("Veitrafikk", "Busser")]
    assert ms[0].effect == 1200.5 and ms[0].notes == "æøå" and ms[0].status == "adopted"


def test_bad_row_says_file_row_column_value(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("id,sector,effect,start_year,status\nA,Road,10,2025,adopted\nB,Road,ten,2025,adopted\n")
    with pytest.raises(InputError) as e:
        ghgtrack.read_measures(p)
    assert (e.value.origin, e.value.row, e.value.column, e.value.value) == (str(p), 3, "effect", "ten")


def test_oslo_2023_table_loads():
    ms = ghgtrack.datasets.oslo_measures_2023()
    assert len(ms) == 27
    quantified = [m for m in ms if m.quantified]
    # Published table: 17 quantified rows; 10 not calculated / facilitating / blank.
    assert len(quantified) == 17 and len(ms.unquantified()) == 10
    assert ms.stated_totals == {2023: 74300.0, 2030: 336350.0}
    # Each measure's stated effects come back from the ramp: sum of rows
    # 2030 = 336,350 (= the published total), 2023 = 75,300 (the rows; the
    # published 74,300 differs, see the data README).
    s30 = sum(m.effect * m.ramp_factor(2030) for m in quantified)
    s23 = sum(m.effect * m.ramp_factor(2023) for m in quantified)
    assert s30 == pytest.approx(336350.0, rel=1e-12)
    assert s23 == pytest.approx(75300.0, rel=1e-12)
    ccs = ms.by_id("2")  # Klemetsrud carbon capture: 0 t in 2023, 164,500 t in 2030
    assert ccs.effect * ccs.ramp_factor(2023) == 0.0
    assert ccs.effect * ccs.ramp_factor(2030) == 164500.0
    assert ccs.sectors == ["Energiforsyning"]
    assert ms.by_id("7").effect_reason == "facilitating"


def test_scenario_by_hand():
    base = small_baseline()
    s = ghgtrack.scenario(base, hand_measures(), name="all", last_actual_year=2029)
    # 2030: Cars 600 x 0.7 x 0.8 = 336, Vans 400 x 0.7 = 280, Oil 0 (800 t capped at 500).
    tot = s.total()
    assert tot[2030] == pytest.approx(616.0)
    assert s.reduction()[2030] == pytest.approx(884.0)
    assert list(s.projected) == [False, True]
    f = s.to_frame()
    assert list(f.columns) == ["scenario", "sector", "source", "gas", "year", "value", "projected"]
    cars = f[(f.source == "Cars") & (f.year == 2030)]
    assert cars.value.item() == pytest.approx(336.0) and bool(cars.projected.item())
    flags = s.flags()
    assert list(flags.kind) == ["capped"] and flags.measure.item() == "M3"
    ov = s.overlaps()
    row = ov[(ov.year == 2030)]
    assert (row.measure_a.item(), row.measure_b.item(), row.interaction.item()) == ("M1", "M2", pytest.approx(36.0))
    assert s.overcount().loc[2030, "overcount"] == pytest.approx(36.0)  # 920 naive - 884 combined


def test_named_scenarios_side_by_side():
    res = ghgtrack.scenarios(small_baseline(), hand_measures())
    assert list(res) == ["baseline", "adopted", "adopted + proposed"]
    cmp = planning.compare(res)
    assert cmp.loc[2030, "baseline"] == pytest.approx(1500.0)
    assert cmp.loc[2030, "adopted"] == pytest.approx(1500.0 - 384.0)  # M1 + M2: 264 + 120
    assert cmp.loc[2030, "adopted + proposed"] == pytest.approx(616.0)


def test_attribution_by_hand_and_order_independent():
    base = small_baseline(years=(2030,))
    a = ghgtrack.attribution(base, hand_measures())
    # M1 = 162 (Cars) + 120 (Vans), M2 = 102, M3 = 500 (worked in tests/cpp/test_attribution.cpp)
    assert a.loc[("M1", 2030), "shapley"] == pytest.approx(282.0)
    assert a.loc[("M2", 2030), "shapley"] == pytest.approx(102.0)
    assert a.loc[("M3", 2030), "shapley"] == pytest.approx(500.0)
    assert a.loc[("M1", 2030), "alone"] == pytest.approx(300.0)
    assert a.loc[("M2", 2030), "last_in"] == pytest.approx(84.0)
    assert a.shapley.sum() == pytest.approx(a.attrs["combined"][2030], rel=1e-12)
    b = ghgtrack.attribution(base, hand_measures()[::-1])
    for mid in ("M1", "M2", "M3"):
        assert b.loc[(mid, 2030), "shapley"] == pytest.approx(a.loc[(mid, 2030), "shapley"], rel=1e-12)
    s = ghgtrack.attribution(base, hand_measures(), method="sampled", permutations=400, seed=3)
    assert ((s.shapley - a.shapley).abs() <= 4 * s.standard_error + 1e-9).all()
    with pytest.raises(ghgtrack.ArgumentError):
        ghgtrack.attribution(base, hand_measures(), method="fast")
    cells = ghgtrack.attribution_by_cell(base, hand_measures())
    cars = cells[(cells.source == "Cars") & (cells.year == 2030)].set_index("measure").shapley
    assert cars["M1"] == pytest.approx(162.0) and cars["M2"] == pytest.approx(102.0)
    per_measure = cells.groupby("measure").shapley.sum()
    assert per_measure["M1"] == pytest.approx(282.0)


def frozen_oslo_baseline(years=range(2023, 2031)):
    """Oslo's 2024 level held flat (a frozen-level reference path, for the tests)."""
    inv = ghgtrack.datasets.oslo()
    vals = np.asarray(inv._core.values)[:, inv.years.index(2024)]
    cats, gases = inv._core.categories, inv._core.gases
    rows = []
    for c, (sec, src) in enumerate(cats):
        for g, gas in enumerate(gases):
            v = vals[c * len(gases) + g]
            for y in years:
                rows.append({"year": y, "sector": sec, "source": src, "gas": gas, "value": v})
    return ghgtrack.Inventory.from_frame(pd.DataFrame(rows), metric="AR5GWP100")


def test_oslo_measures_on_a_frozen_baseline():
    base = frozen_oslo_baseline()
    ms = ghgtrack.datasets.oslo_measures_2023()
    a = ghgtrack.attribution(base, ms)
    quant = a[a.quantified]
    # Every year: the Shapley shares add up to the combined reduction.
    by_year = quant.shapley.groupby(level="year").sum()
    for y, total in a.attrs["combined"].items():
        assert by_year[y] == pytest.approx(total, rel=1e-9)
    # Alone, each measure gives its stated 2030 effect unless it exceeds its sector (then capped).
    s = ghgtrack.scenario(base, ms)
    capped = set(s.flags().query("kind == 'capped'").measure)
    for m in ms:
        if m.quantified and m.id not in capped:
            assert quant.loc[(m.id, 2030), "alone"] == pytest.approx(m.effect * m.ramp_factor(2030), rel=1e-9)
    # Unquantified measures are listed with NaN, never zero.
    assert a.loc[("7", 2030), "shapley"] != a.loc[("7", 2030), "shapley"]
    assert len(s.unquantified) == 10
    # Overlap: the naive sum of the rows overcounts the combined reduction.
    oc = s.overcount()
    assert (oc.overcount >= -1e-6).all() and oc.loc[2030, "overcount"] > 0


def test_unknown_sector_names_the_valid_ones():
    with pytest.raises(ghgtrack.UnknownLabelError, match="sectors: Heat, Road"):
        ghgtrack.scenario(small_baseline(), [Measure("x", sectors=["Roads"], effect=1, start_year=2030)])


def test_mypy_accepts_planning_usage(tmp_path):
    import subprocess
    import sys

    src = tmp_path / "use_planning.py"
    src.write_text(
        "import ghgtrack\n"
        "ms = ghgtrack.datasets.oslo_measures_2023()\n"
        "m = ghgtrack.Measure('A', sectors=['Veitrafikk'], effect=100.0, start_year=2025, status='adopted')\n"
        "c = ghgtrack._core.measure_from_fields([('id', 'x'), ('sectors', 'S'), ('effect', '1'),\n"
        "                                        ('start_year', '2025'), ('status', 'adopted')])\n"
        "v: float = c.ramp_factor(2030)\n"
        "names: list = ghgtrack._core.measure_columns()\n"
        "phi: list = ghgtrack._core.shapley_product_game(600.0, [0.7, 0.8])\n"
    )
    r = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", str(src)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
