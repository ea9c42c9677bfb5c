"""The klimabudsjett ledger: hand-worked figures, Oslo's real caps and their
restatement onto the bundled Miljødirektoratet release."""

import math

import pandas as pd
import pytest

import ghgtrack
from ghgtrack import Caps, InputError


def _example(**kwargs):
    # Base 2009 = 1000 t; caps 2025 -50 % -> 500 t, 2030 "-80%" -> 200 t.
    caps = Caps.relative(2009, 1000.0, {2025: -0.5, 2030: "-80%"}, source="budget 2024")
    baseline = pd.Series({2025: 800.0, 2026: 780, 2027: 760, 2028: 740, 2029: 720, 2030: 700})
    planned = pd.DataFrame(
        {y: [100 + 20 * i, 50 + 20 * i] for i, y in enumerate(range(2025, 2031))}, index=["m1", "m2"]
    )
    measures = pd.DataFrame(
        {
            "id": ["m1", "m2"],
            "name": ["Zero-emission zone", "Shore power"],
            "status": ["adopted", "adopted"],
            "responsible": ["BYM*, KLI", "KLI"],
            "reporting_owner": ["", "KLI"],
        }
    )
    return ghgtrack.ledger(caps, baseline, planned=planned, measures=measures, **kwargs)


def test_caps_frame_hand_worked():
    df = _example().caps_frame()
    # 2025: planned 100 + 50 = 150; projected 800 - 150 = 650; gap 650 - 500 = 150.
    assert df.loc[2025, "cap_t"] == 500
    assert df.loc[2025, "planned_t"] == 150
    assert df.loc[2025, "projected_t"] == 650
    assert df.loc[2025, "gap_t"] == 150
    # 2030: 700 - (200 + 150) = 350 vs 200 -> 150 over.
    assert df.loc[2030, "gap_t"] == pytest.approx(150)
    assert math.isnan(df.loc[2030, "actual_t"])  # no data yet: NaN, never 0


def test_by_agency():
    led = _example()
    df = led.by_agency()
    assert list(df.index) == [("BYM", "m1"), ("KLI", "m1"), ("KLI", "m2")]
    assert bool(df.loc[("BYM", "m1"), "reports"]) and not bool(df.loc[("KLI", "m1"), "reports"])
    assert df.loc[("KLI", "m1"), "shared_with"] == 1
    tot = led.by_agency(totals=True)
    assert tot.loc["KLI", 2030] == 200 + 150


def test_planned_vs_achieved():
    achieved = pd.DataFrame({2025: [80.0]}, index=["m1"])
    led = _example(actual={2024: 900.0, 2025: 700.0}, achieved=achieved)
    y = led.planned_vs_achieved()
    # 2025: actual 700 vs cap 500 -> +200; vs projected 650 -> +50.
    assert y.loc[2025, "vs_cap_t"] == 200
    assert y.loc[2025, "vs_projected_t"] == 50
    assert math.isnan(y.loc[2024, "cap_t"])
    m = led.planned_vs_achieved(by="measure")
    # m1: achieved 80 of 100 planned; m2 has no indicator data: no row.
    assert list(m.index) == [("m1", 2025)]
    assert m.loc[("m1", 2025), "difference_t"] == -20


def test_mismatched_measures_are_errors():
    caps = Caps.tonnes({2030: 100.0})
    planned = pd.DataFrame({2030: [1.0]}, index=["m1"])
    with pytest.raises(ghgtrack.ArgumentError, match="same ids"):
        ghgtrack.ledger(caps, {2030: 500.0}, planned=planned, measures=pd.DataFrame({"id": ["m2"]}))
    with pytest.raises(ghgtrack.ArgumentError, match="-0.67"):
        Caps.relative(2009, 1000.0, {2030: -67})


def test_oslo_caps_2023_vintage():
    caps = ghgtrack.datasets.oslo_caps("Klimabudsjett 2023")
    assert caps.base_year == 2009
    assert caps.base_level == 1442878.0
    f = caps.frame()
    # -52 % in 2023: 0.48 x 1,442,878 = 692,581.44 t
    assert f.loc[2023, "cap_t"] == pytest.approx(692581.44)
    assert f.loc[2030, "change"] == pytest.approx(-0.95)
    # The repeated 2023 and 2026 rows agree and are kept, marked.
    assert caps.records["duplicate"].sum() == 2
    assert len(caps.records) == 24


def test_oslo_restatement_onto_the_bundled_release():
    inv = ghgtrack.datasets.oslo()
    assert float(inv.total(2009)) == pytest.approx(1388245.6)
    caps = ghgtrack.datasets.oslo_caps()
    base = ghgtrack.baseline(inv, until=2030)
    led = ghgtrack.ledger(caps, base, actual=inv, base_level=inv, release="Miljødirektoratet 2009-2024")
    r = led.restatement()
    # 2023: 0.48 x 1,442,878 = 692,581.44 t before; 0.48 x 1,388,245.6 = 666,357.888 t after.
    assert r.loc[2023, "old_cap_t"] == pytest.approx(692581.44)
    assert r.loc[2023, "new_cap_t"] == pytest.approx(666357.888)
    assert r.loc[2023, "difference_t"] == pytest.approx(666357.888 - 692581.44)
    # 2030: 0.05 x 1,388,245.6 = 69,412.28 t
    assert r.loc[2030, "new_cap_t"] == pytest.approx(69412.28)
    assert "1,442,878 t (Klimabudsjett 2023) to 1,388,245.6 t (Miljødirektoratet 2009-2024)" in r.loc[2023, "reason"]
    assert r.attrs["old_base_t"] == 1442878.0 and r.attrs["new_base_t"] == pytest.approx(1388245.6)
    # The ledger uses the restated caps, and the actual 2023 level (982,428.1 t) against them.
    c = led.caps_frame()
    assert c.loc[2023, "cap_t"] == pytest.approx(666357.888)
    assert c.loc[2023, "actual_gap_t"] == pytest.approx(982428.1 - 666357.888)


def test_oslo_2019_vintage_states_tonnes():
    caps = ghgtrack.datasets.oslo_caps("Klimabudsjett 2019")
    assert caps.frame().loc[2020, "cap_t"] == 766000.0
    led = ghgtrack.ledger(caps, {2020: 900000.0}, base_level=1388245.6)
    # Stated in tonnes: not restated.
    assert led.restatement().loc[2020, "new_cap_t"] == 766000.0


def test_oslo_2022_vintage_without_a_base_level_takes_the_release():
    # Klimabudsjett 2022 gives caps in % vs 2009 but not its 2009 level: the
    # caps need the current release's level (1,388,245.6 t).
    caps = ghgtrack.datasets.oslo_caps("Klimabudsjett 2022")
    assert caps.base_year == 2009 and caps.base_level is None
    inv = ghgtrack.datasets.oslo()
    led = ghgtrack.ledger(caps, {2025: 900000.0}, base_level=inv)
    # 2025: -60 % -> 0.4 x 1,388,245.6 = 555,298.24 t
    assert led.caps_frame().loc[2025, "cap_t"] == pytest.approx(555298.24)
    assert math.isnan(led.restatement().loc[2025, "old_cap_t"])


def test_unknown_vintage_lists_them():
    with pytest.raises(ghgtrack.ArgumentError, match="Klimabudsjett 2023"):
        ghgtrack.datasets.oslo_caps("Klimabudsjett 1999")


def test_bad_caps_table_names_row_column_value(tmp_path):
    p = tmp_path / "caps.csv"
    p.write_text(
        "budget_vintage,year,metric,value,unit\n"
        "V,2025,utslippsramme_pct_vs_2009,-50,percent\n"
        "V,2030,utslippsramme_pct_vs_2009,-95 %,percent\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as e:
        ghgtrack.read_caps(p, vintage="V")
    assert (e.value.row, e.value.column, e.value.value) == (3, "value", "-95 %")
    assert e.value.origin == str(p)


def test_caps_from_pathway():
    pw = ghgtrack.Pathway.linear(2020, 1000.0, 2030, 0.0)
    caps = Caps.from_pathway(pw, range(2020, 2031))
    assert caps.frame().loc[2025, "cap_t"] == pytest.approx(500.0)
