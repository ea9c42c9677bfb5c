"""Issue 13, the Python and CLI side: regression tests for each class
(municipality matching, frames, targets and tracking, uncertainty, CLI).
Expected values are worked by hand in the comments."""

import numpy as np
import pandas as pd
import pytest

import ghgtrack
from ghgtrack import _core, datasets
from ghgtrack.cli import main
from ghgtrack.uncertainty import monte_carlo, probability_of_target

T = {"year": [2009, 2010], "sector": ["S", "S"], "source": ["a", "b"], "gas": ["CO2", "CO2"], "value": [1.0, 2.0]}


# -- municipality: exact names, never a prefix ---------------------------------------


def test_default_target_is_matched_exactly():
    # The bundled table: Oslo -95 % by 2030 vs 2009 (in force).
    oslo = datasets.default_target("Oslo")
    assert oslo is not None and oslo.base_year == 2009 and oslo.core.goals[0][2] == pytest.approx(-0.95)
    for same in (" oslo ", "OSLO", "Oslo\n", "0301"):  # whitespace, case, the municipality number
        assert str(datasets.default_target(same)) == str(oslo)
    for other in ("Os", "Osl", "O", "Oslo2", "Bergen", "", "   "):
        assert datasets.default_target(other) is None, other
    # The organisation's own target is not the municipality's.
    assert datasets.default_target("Asker kommune") is None
    assert datasets.default_target("Asker") is not None


def test_municipality_os_gets_no_target_in_the_cli(tmp_path, capsys):
    # A CSV names no municipality; the bundled Oslo file is Oslo, never "Os".
    assert main(["report", "--municipality", "Os", "--no-files"]) == 3
    err = capsys.readouterr().err
    assert "Os" in err and "Oslo" in err and "Traceback" not in err


def test_asking_for_another_municipality_names_both():
    path = datasets.path("Utslippsregnskap_Oslo.xlsx")
    with pytest.raises(ghgtrack.InputError) as info:
        ghgtrack.read_miljodirektoratet(path, municipality="Bergen")
    assert "Bergen" in str(info.value) and "Oslo" in str(info.value)


# -- frames ----------------------------------------------------------------------------


def _error(df):
    with pytest.raises(ghgtrack.InputError) as info:
        ghgtrack.Inventory.from_frame(df, origin="frame")
    return info.value


@pytest.mark.parametrize("missing", [None, np.nan, pd.NA])
@pytest.mark.parametrize("column", ["sector", "source", "gas"])
def test_missing_label_names_row_and_column(missing, column):
    df = pd.DataFrame(T)
    df[column] = df[column].astype(object)
    df.loc[1, column] = missing
    e = _error(df)
    assert (e.origin, e.row, e.column) == ("frame", 2, column)


def test_string_dtype_values_are_read_as_text():
    # '1 234,5' is 1234.5 t (a space between digit groups, a decimal comma);
    # 'NE' is the notation key "not estimated": an unknown, never zero.
    df = pd.DataFrame({**T, "year": [2009, 2010], "value": ["1 234,5", "NE"]}).astype("string")
    inv = ghgtrack.Inventory.from_frame(df)
    f = inv.to_frame().set_index("year")
    assert f.loc[2009, "value"] == 1234.5
    assert f.loc[2010, "notation"] == "NE" and np.isnan(f.loc[2010, "value"])
    assert inv.total(2010).incomplete
    e = _error(pd.DataFrame({**T, "value": ["1", "1 2,3"]}).astype("string"))
    assert (e.row, e.column, e.value) == (2, "value", "1 2,3")


def test_int64_year_with_na():
    df = pd.DataFrame(T)
    df["year"] = pd.array([2009, None], dtype="Int64")
    e = _error(df)
    assert (e.row, e.column) == (2, "year")
    df["year"] = pd.array([2009, 2010], dtype="Int64")  # without NA: read
    assert ghgtrack.Inventory.from_frame(df).years == [2009, 2010]


def test_non_numeric_year():
    e = _error(pd.DataFrame({**T, "year": [2009, "tjue"]}))
    assert (e.row, e.column, e.value) == (2, "year", "tjue")


@pytest.mark.parametrize(
    "values",
    [
        [True, False],
        pd.array([True, None], dtype="boolean"),
        np.array([True, False]),
        pd.Series([1.0, True], dtype=object),
        pd.Series([1.0, np.bool_(True)], dtype=object),
    ],
    ids=["bool", "boolean-NA", "numpy-bool", "object-True", "object-numpy-True"],
)
def test_booleans_are_not_amounts(values):
    # True is not 1 t and False is not 0 t.
    e = _error(pd.DataFrame({**T, "value": values}))
    assert e.column == "value" and e.value == "True"


def test_empty_frame_and_empty_iamc(tmp_path):
    e = _error(pd.DataFrame({c: [] for c in T}))
    assert "no data rows" in str(e)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(ghgtrack.InputError, match="empty"):
        ghgtrack.read_iamc(empty)
    with pytest.raises(ghgtrack.InputError, match="empty"):
        ghgtrack.read_iamc(pd.DataFrame())


# -- targets and tracking ------------------------------------------------------------


def test_duplicate_target_year_is_an_error():
    for text in ("2030:-67%,2030:-80%", "2030:-67%, 2030:-67%"):
        with pytest.raises(ghgtrack.ArgumentError, match="two milestones for 2030"):
            ghgtrack.Target.parse(text, base_year=2009)
    assert main(["report", "--target", "2030:-67%,2030:-80%", "--no-files"]) == 2


def test_decimal_comma_in_a_target():
    t = ghgtrack.Target.parse("2030:-67,5%", base_year=2009)
    assert t.core.goals[0][2] == pytest.approx(-0.675)
    t2 = ghgtrack.Target.parse("2025:-40,5%,2030:-67,5%", base_year=2009)
    assert [g[2] for g in t2.core.goals] == pytest.approx([-0.405, -0.675])


def test_all_zero_series_has_reached_a_level_target():
    # 0 t every year against a level of 100 t in 2030: reached already (in
    # the base year 2015), so on track.
    r = ghgtrack.track(
        pd.Series([0.0] * 6, index=range(2015, 2021)),
        ghgtrack.Target(base_year=2015, levels={2030: 100.0}),
        nowcast_until=2022,
    )
    assert str(r.status) == "on track"
    assert r.summary()["year_target_reached_on_trend"] == 2015
    assert r.summary()["reached_in_time"] is True


def test_track_refuses_bad_series_with_library_errors():
    tgt = ghgtrack.Target.parse("2030:-67%", base_year=2009)
    with pytest.raises(ghgtrack.ArgumentError, match="2010 appears 2 times"):
        ghgtrack.track(pd.Series([100.0, 90.0, 80.0], index=[2009, 2010, 2010]), tgt)
    for empty in (pd.DataFrame(), pd.Series(dtype=float), {}):
        with pytest.raises(ghgtrack.ArgumentError, match="empty"):
            ghgtrack.track(empty, tgt)
    with pytest.raises(ghgtrack.ArgumentError, match="not a whole number"):
        ghgtrack.track(pd.Series([1.0, 2.0], index=[2009, 2010.5]), tgt)
    with pytest.raises(ghgtrack.ArgumentError, match="True"):
        ghgtrack.track(pd.Series([1.0, True], index=[2009, 2010], dtype=object), tgt)
    # A frame with one series in it is read: year/value columns, or one row.
    frame = pd.DataFrame({"year": [2009, 2010, 2011], "value": [100.0, 90.0, 80.0]})
    assert ghgtrack.track(frame, tgt, nowcast_until=2011).latest_year == 2011
    assert ghgtrack.track(frame.set_index("year").T, tgt, nowcast_until=2011).latest_year == 2011


# -- uncertainty -----------------------------------------------------------------------

CATS = pd.DataFrame(
    {
        "base": [100.0, 50.0],
        "latest": [80.0, 40.0],
        "ad_uncertainty_pct": [5.0, 5.0],
        "ef_uncertainty_pct": [10.0, 10.0],
    }
)


def test_correlation_with_nan_is_an_argument_error():
    corr = np.array([[1.0, np.nan], [np.nan, 1.0]])
    with pytest.raises(ghgtrack.ArgumentError, match="not a finite number"):
        monte_carlo(CATS, iterations=100, correlation=corr)


def test_lognormal_needs_a_non_negative_amount():
    cats = CATS.assign(base=[100.0, -50.0], latest=[80.0, -40.0], ef_distribution=["normal", "lognormal"])
    with pytest.raises(ghgtrack.ArgumentError, match="category 1.*lognormal"):
        monte_carlo(cats, iterations=100)
    # A net removal under normal uncertainties: the % is of the size, positive.
    removal = CATS.assign(base=[-100.0, -50.0], latest=[-80.0, -40.0])
    s = monte_carlo(removal, iterations=20000).summary()
    assert (s["uncertainty_pct"] > 0).all()


def test_probability_of_target_refuses_a_trend_through_two_points():
    tgt = ghgtrack.Target.parse("2030:-67%", base_year=2009)
    two = pd.Series([100.0, 60.0], index=[2009, 2020])
    with pytest.raises(ghgtrack.ArgumentError, match="fewer than 3"):
        probability_of_target(two, tgt, CATS, iterations=200)
    # The core refuses a 2-point fit given to it directly, too (as track()).
    fit = _core.fit_trend([2019.0, 2020.0], [70.0, 60.0], True)
    mc = monte_carlo(CATS, iterations=200)
    with pytest.raises(ghgtrack.ArgumentError, match="at least 3"):
        _core.target_probability(
            mc.totals,
            fit,
            base_total=150.0,
            latest_year=2020,
            target_year=2030,
            change=-0.67,
            remaining_budget=1e6,
            seed=1,
        )
