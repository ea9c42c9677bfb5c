"""Baselines (reference paths): hand-worked values, parts summing to the total
for every method, a real baseline on Oslo, and tables given as they are."""

import numpy as np
import pandas as pd
import pytest

import ghgtrack
from ghgtrack import InputError


def _small():
    # Sector A: a1 10, 12, 14, 16 and a2 5, 5, 5, 5 (2010-2013); sector B: b1
    # 100, 90, 81, 72.9 (-10 % a year).
    rows = []
    for i, y in enumerate(range(2010, 2014)):
        rows += [
            {"year": y, "sector": "A", "source": "a1", "gas": "CO2", "value": 10 + 2 * i},
            {"year": y, "sector": "A", "source": "a2", "gas": "CO2", "value": 5.0},
            {"year": y, "sector": "B", "source": "b1", "gas": "CO2", "value": 100 * 0.9**i},
        ]
    return ghgtrack.Inventory.from_frame(pd.DataFrame(rows), metric="AR5GWP100")


def test_trend_by_sector_hand_worked():
    b = ghgtrack.baseline(_small(), until=2015)
    # A = 15, 17, 19, 21: slope 2 -> 23 in 2014, 25 in 2015; a1 keeps its 2013 share 16/21.
    assert b.value.loc["A", 2015] == pytest.approx(25.0)
    assert b.by_source().loc["A / a1", 2014] == pytest.approx(23 * 16 / 21)
    assert b.inventory.provenance["kind"] == "projected"
    assert b.years == [2014, 2015]


def test_loglinear_hand_worked():
    b = ghgtrack.baseline(_small(), until=2015, method="loglinear", by="source")
    # 72.9 x 0.9 = 65.61, x 0.9 = 59.049
    assert b.value.loc["B / b1", 2014] == pytest.approx(65.61)
    assert b.value.loc["B / b1", 2015] == pytest.approx(59.049)


def test_driver_times_intensity():
    pop = {2010: 10, 2011: 10, 2012: 10, 2013: 10, 2014: 11, 2015: 12}
    b = ghgtrack.baseline(_small(), until=2015, method="driver", drivers=pop, by="cell")
    # a1: 16 t / 10 people = 1.6 t per person -> 1.6 x 12 = 19.2 in 2015
    assert b.by_source().loc["A / a1", 2015] == pytest.approx(19.2)
    with pytest.raises(ghgtrack.ArgumentError):
        ghgtrack.baseline(_small(), until=2015, method="driver")


@pytest.mark.parametrize("method", ["trend", "loglinear", "frozen"])
@pytest.mark.parametrize("by", ["sector", "source", "cell"])
def test_parts_sum_to_total(method, by):
    b = ghgtrack.baseline(_small(), until=2020, method=method, by=by)
    total = b.total()
    assert np.allclose(b.by_sector().sum().to_numpy(), total.to_numpy(), rtol=1e-12)
    assert np.allclose(b.by_source().sum().to_numpy(), total.to_numpy(), rtol=1e-12)
    # The projected groups add up to the same total.
    assert np.allclose(b.value.sum().to_numpy(), total.to_numpy(), rtol=1e-9)
    assert (b.lo.to_numpy() <= b.value.to_numpy() + 1e-9).all()
    assert (b.hi.to_numpy() >= b.value.to_numpy() - 1e-9).all()


def test_real_oslo_frozen_equals_last_year_by_sector():
    inv = ghgtrack.datasets.oslo()
    b = ghgtrack.baseline(inv, until=2030, method="frozen")
    last = inv.years[-1]
    for y in b.years:
        pd.testing.assert_series_equal(b.by_sector()[y], inv.by_sector()[last], check_names=False)
    # Mean of the last 3 years, sector by sector.
    b3 = ghgtrack.baseline(inv, until=2030, method="frozen", last_k=3)
    expect = inv.by_sector()[inv.years[-3:]].mean(axis=1)
    assert np.allclose(b3.by_sector()[2030].to_numpy(), expect.to_numpy(), rtol=1e-12)


def test_real_oslo_trend_by_sector():
    inv = ghgtrack.datasets.oslo()
    b = ghgtrack.baseline(inv, until=2030)
    # Road transport (Veitrafikk) by a second method: numpy's least squares
    # over the 13 data years, evaluated in 2030.
    s = inv.by_sector().loc["Veitrafikk"]
    slope, intercept = np.polyfit(np.asarray(s.index, dtype=float), s.to_numpy(), 1)
    assert b.value.loc["Veitrafikk", 2030] == pytest.approx(slope * 2030 + intercept, rel=1e-9)
    assert b.by_sector().loc["Veitrafikk", 2030] == pytest.approx(slope * 2030 + intercept, rel=1e-9)
    assert float(b.total()[2030]) == pytest.approx(b.by_sector()[2030].sum(), rel=1e-12)
    # Trends that would cross zero are floored, and listed.
    assert set(b.floored["group"]) <= set(inv.sectors)


def test_loglinear_with_a_zero_year_says_what_to_do():
    inv = ghgtrack.datasets.oslo()
    with pytest.raises(ghgtrack.NoSolutionError, match="Luftfart"):
        ghgtrack.baseline(inv, until=2030, method="loglinear")


def test_bad_arguments():
    inv = _small()
    with pytest.raises(ghgtrack.ArgumentError, match="accepted"):
        ghgtrack.baseline(inv, until=2030, method="magic")
    with pytest.raises(ghgtrack.ArgumentError, match="sector, source, cell"):
        ghgtrack.baseline(inv, until=2030, by="gas")
    with pytest.raises(ghgtrack.ArgumentError, match="after the last data year"):
        ghgtrack.baseline(inv, until=2013)


def test_table_taken_as_it_is():
    inv = ghgtrack.datasets.oslo()
    table = pd.DataFrame({"sector": ["Veitrafikk", "Sjøfart"], "2025": [350000, 30000], "2030": [250000, 25000.5]})
    b = ghgtrack.baseline_from_table(table, inventory=inv)
    assert b.total()[2030] == pytest.approx(275000.5)
    assert b.method == "table"
    assert b.by_sector().loc["Sjøfart", 2030] == 25000.5


def test_bad_table_names_row_column_value(tmp_path):
    inv = ghgtrack.datasets.oslo()
    table = pd.DataFrame({"sector": ["Veitrafikk", "Roads"], "2025": [1.0, 2.0]})
    with pytest.raises(InputError) as e:
        ghgtrack.baseline_from_table(table, inventory=inv, origin="ref.csv")
    assert (e.value.origin, e.value.row, e.value.column, e.value.value) == ("ref.csv", 3, "sector", "Roads")
    assert "Veitrafikk" in str(e.value)  # names the valid sectors
    p = tmp_path / "ref.csv"
    p.write_text("sector,year,value\nVeitrafikk,2025,many\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        ghgtrack.baseline_from_table(p)
    assert (e.value.row, e.value.column, e.value.value) == (2, "value", "many")


def test_unknowns_stay_unknown():
    df = _small().to_frame()
    # b1 not estimated in 2013: the trend leaves 2013 out of B's fit and says
    # so; the projected cell stays NE, so the projected total is incomplete.
    df.loc[(df["source"] == "b1") & (df["year"] == 2013), ["value", "notation"]] = [np.nan, "NE"]
    inv = ghgtrack.Inventory.from_frame(df)
    b = ghgtrack.baseline(inv, until=2015)
    assert ((b.skipped["group"] == "B") & (b.skipped["year"] == 2013)).any()
    assert b.total().attrs["incomplete"] == [2014, 2015]
    assert set(b.inventory.incomplete_cells()["notation"]) == {"NE"}


def test_frame_is_long_with_interval():
    b = ghgtrack.baseline(_small(), until=2015)
    f = b.frame()
    assert f.index.names == ["sector", "year"]
    assert list(f.columns) == ["value", "low", "high", "kind"]
    assert f.loc[("A", 2015), "value"] == pytest.approx(25.0)
    assert (f["kind"] == "projected").all()
