"""The indicator nowcast from Python: the indicator readers (values from the
shipped tables, bad rows as InputError with file, row, column and value),
Asker's traffic index from its counting points (checked by a second,
pandas computation), the road model's ratios (worked by hand from the
published SSB figures), the backtest's arithmetic, and track()/report/JSON
carrying method "indicator" or "trend"."""

import calendar
import json
import math
import shutil

import jsonschema
import numpy as np
import pandas as pd
import pytest

import ghgtrack
from ghgtrack import _json, datasets, indicators
from ghgtrack import nowcast as nc
from ghgtrack.report import report_payload, status_lines

IND = indicators.INDICATOR_DIR


@pytest.fixture(scope="module")
def oslo():
    return datasets.oslo()


@pytest.fixture(scope="module")
def oslo_nowcast(oslo):
    return nc.nowcast(oslo, until=2026)


# --- readers ----------------------------------------------------------------


def test_byindeks_oslo_whole_and_partial_years():
    b = indicators.read_byindeks(area="Oslo")
    assert list(b.index) == list(range(2019, 2027))
    # Oslo 2025 vs 2024: index 1.026308, standard error 0.535368 index points
    # (the table) -> se of ln = 0.00535368 / 1.026308.
    assert b.loc[2025, "ratio"] == pytest.approx(1.026308)
    assert b.loc[2025, "log_se"] == pytest.approx(0.00535368 / 1.026308)
    assert b.loc[2025, "note"] == ""
    # 2026 exists only as year to date (jan-apr): used and flagged.
    assert b.loc[2026, "period"] == "jan-apr"
    assert "partial year" in b.loc[2026, "note"]


def test_byindeks_whole_area_se_from_ci():
    # Whole area 2025: CI +2.02 % to +3.32 % (95 %), no standard error given:
    # se = (ln 1.0332 - ln 1.0202) / (2 x 1.959964) = 0.0032396...
    b = indicators.read_byindeks(area="Osloområdet")
    assert b.loc[2025, "log_se"] == pytest.approx((math.log(1.0332) - math.log(1.0202)) / (2 * 1.959964), rel=1e-5)
    with pytest.raises(ghgtrack.ArgumentError, match="area must be one of"):
        indicators.read_byindeks(area="Bergen")


def _corrupt(tmp_path, name, column, row, value):
    src = IND / name
    df = pd.read_csv(src, dtype=str, keep_default_na=False)
    df.loc[row - 2, column] = value
    out = tmp_path / name
    df.to_csv(out, index=False)
    return out


@pytest.mark.parametrize(
    "name, reader, column, row, value",
    [
        (indicators.BYINDEKS, indicators.read_byindeks, "index_i", 5, "abc"),
        (indicators.BYINDEKS, indicators.read_byindeks, "index_i", 7, "-1"),
        (indicators.BYINDEKS, indicators.read_byindeks, "month", 3, "13"),
        (indicators.TRP_MDT, indicators.read_trp_mdt, "mdt_vehicles_per_day", 10, "n/a"),
        (indicators.TRP_MDT, indicators.read_trp_mdt, "mdt_coverage", 12, "140"),
        (indicators.TRP_MDT, indicators.read_trp_mdt, "month", 40, ""),
        (indicators.VEHICLE_KM, indicators.read_vehicle_km, "vehicle_km_million", 4, "x"),
        (indicators.ROAD_CO2, indicators.read_road_co2, "co2_kt", 2, ":"),
        (indicators.ROAD_TRAFFIC_INDEX, indicators.read_road_traffic_index, "index_pct_change_vs_prev_year", 2, "?"),
    ],
)
def test_bad_rows_are_input_errors(tmp_path, name, reader, column, row, value):
    path = _corrupt(tmp_path, name, column, row, value)
    with pytest.raises(ghgtrack.InputError) as e:
        reader(path)
    assert e.value.origin == str(path)
    assert e.value.row == row
    assert e.value.column == column
    assert e.value.value == value
    assert str(path) in str(e.value)


def test_missing_column_is_an_input_error(tmp_path):
    df = pd.read_csv(IND / indicators.TRP_MDT, dtype=str).drop(columns=["mdt_coverage"])
    p = tmp_path / "t.csv"
    df.to_csv(p, index=False)
    with pytest.raises(ghgtrack.InputError, match="mdt_coverage"):
        indicators.read_trp_mdt(p)


def test_duplicate_point_month_is_an_input_error(tmp_path):
    df = pd.read_csv(IND / indicators.TRP_MDT, dtype=str, keep_default_na=False)
    df = pd.concat([df, df.iloc[[5]]], ignore_index=True)
    p = tmp_path / "t.csv"
    df.to_csv(p, index=False)
    with pytest.raises(ghgtrack.InputError) as e:
        indicators.read_trp_mdt(p)
    assert e.value.row == len(df) + 1


# --- Asker's traffic index from its counting points ---------------------------


def _index_by_pandas(mdt, min_coverage=50.0):
    """Second method: matched point-months, days-weighted, summed volumes."""
    d = mdt[mdt["coverage_pct"] >= min_coverage].copy()
    d["volume"] = d["mdt"] * [calendar.monthrange(y, m)[1] for y, m in zip(d["year"], d["month"])]
    out = {}
    for y in sorted(set(d["year"])):
        a = d[d["year"] == y][["trp_id", "month", "volume"]]
        b = d[d["year"] == y - 1][["trp_id", "month", "volume"]]
        m = a.merge(b, on=["trp_id", "month"], suffixes=("_now", "_before"))
        if len(m):
            out[y] = (m["volume_now"].sum() / m["volume_before"].sum(), m["trp_id"].nunique(), int(m["month"].max()))
    return out


def test_asker_index_from_points():
    mdt = indicators.read_trp_mdt(municipality="Asker")
    assert mdt["trp_id"].nunique() == 4
    idx = nc.traffic_index(mdt)
    ref = _index_by_pandas(mdt)
    assert list(idx.index) == sorted(ref)
    for y, (ratio, points, last) in ref.items():
        assert idx.loc[y, "ratio"] == pytest.approx(ratio, rel=1e-12)
        assert idx.loc[y, "points"] == points
        assert idx.loc[y, "last_month"] == last
    # The MDT table ends in July 2025: 2025 is a year-to-date index.
    assert idx.loc[2025, "last_month"] == 7
    assert "partial year: jan-jul" in idx.loc[2025, "note"]
    assert (idx["log_se"] > 0).all()
    with pytest.raises(ghgtrack.ArgumentError, match="no counting points"):
        indicators.read_trp_mdt(municipality="Bergen")


def test_oslo_points_reproduce_the_published_city_index():
    # A second method for the aggregation: Oslo's own counting points, summed
    # as above, against Statens vegvesen's published byindeks for the Oslo
    # sub-area (their weights and point selection differ a little): within one
    # percentage point in every whole year 2019-2024.
    ours = nc.traffic_index(indicators.read_trp_mdt(municipality="Oslo"))
    published = indicators.read_byindeks(area="Oslo")
    for y in range(2019, 2025):
        assert abs(ours.loc[y, "ratio"] - published.loc[y, "ratio"]) < 0.01, y


# --- the road model's ratios --------------------------------------------------


def test_fossil_share_and_emission_factor_ratios_by_hand():
    # SSB 12577 (million vehicle-km): 2023 all 45699.1, petrol 6607.3, diesel 23552.7;
    # 2024 all 45599.4, petrol 6069.1, diesel 22522.2. SSB 13931 road CO2: 2023 7950 kt, 2024 7428 kt.
    share = nc.fossil_share_indicator()
    k = share.years.index(2024)
    assert share.ratio[k] == pytest.approx(((6069.1 + 22522.2) / 45599.4) / ((6607.3 + 23552.7) / 45699.1))
    ef = nc.emission_factor_indicator()
    k = ef.years.index(2024)
    assert ef.ratio[k] == pytest.approx((7428 / (6069.1 + 22522.2)) / (7950 / (6607.3 + 23552.7)))


def test_traffic_indicator_falls_back_to_the_national_index():
    t = nc.traffic_indicator(area="Oslo")
    k = t.years.index(2018)  # before the city index: national, all roads, all vehicles
    assert "national road traffic index" in t.notes[k]
    assert t.log_se[k] == 0.0
    k = t.years.index(2026)
    assert "partial year" in t.notes[k]


# --- nowcast and backtest on Oslo ---------------------------------------------


def test_oslo_nowcast(oslo, oslo_nowcast):
    n = oslo_nowcast
    assert n.base_year == 2024 and n.years == [2025, 2026]
    road = n.sector("Veitrafikk")
    assert road.method == "indicator"
    others = [s for s in n.core.sectors if s.sector != "Veitrafikk"]
    assert others and all(s.method == "trend" for s in others)
    # The total is the sum of the sectors.
    for k in range(2):
        assert n.total["value"].iloc[k] == pytest.approx(sum(s.value[k] for s in n.core.sectors))
        assert n.total["low"].iloc[k] < n.total["value"].iloc[k] < n.total["high"].iloc[k]
    # 2025 road = 2024 road x product of the three cumulative ratios x exp(bias).
    d = n.drivers("Veitrafikk").loc[2025]
    bias = n.core.fits[0].bias
    road_2024 = oslo.by_sector().loc["Veitrafikk", 2024]
    assert road.value[0] == pytest.approx(road_2024 * d["ratio"].prod() * math.exp(bias))
    text = n.describe()
    for word in ("byindeks", "SSB 12577", "SSB 13931", "trend (flagged)", "residual sd"):
        assert word in text
    frame = n.to_frame()
    assert frame.loc[("Veitrafikk", 2025), "method"] == "indicator"
    assert frame.loc[("Oppvarming", 2025), "method"] == "trend"


def test_trend_years_changes_only_the_trend_sectors(oslo, oslo_nowcast):
    n5 = nc.nowcast(oslo, until=2026, trend_years=5)
    assert n5.sector("Veitrafikk").value == pytest.approx(oslo_nowcast.sector("Veitrafikk").value)
    # Oppvarming on its latest 5 years (2020-2024) by a log-linear line, by numpy:
    bs = oslo.by_sector()
    ys = np.array([2020, 2021, 2022, 2023, 2024])
    c = np.polyfit(ys, np.log(bs.loc["Oppvarming", list(ys)].to_numpy(dtype=float)), 1)
    assert n5.sector("Oppvarming").value[0] == pytest.approx(math.exp(np.polyval(c, 2025)))


def test_oslo_backtest_arithmetic(oslo):
    b = nc.backtest(oslo, first=2020, last=2024)
    f = b.frame
    assert list(f.index.get_level_values("year").unique()) == [2020, 2021, 2022, 2023, 2024]
    bs = oslo.by_sector()
    for y in range(2020, 2025):
        r = f.loc[(y, "Veitrafikk")]
        assert r["base_year"] == y - 1
        assert r["published"] == pytest.approx(bs.loc["Veitrafikk", y])
        assert r["indicator_error_pct"] == pytest.approx((r["indicator"] / r["published"] - 1) * 100)
        t = f.loc[(y, "total")]
        assert t["published"] == pytest.approx(bs[y].sum())
    s = b.summary
    mape = f.xs("Veitrafikk", level="series")["indicator_error_pct"].abs().mean()
    assert s.loc["Veitrafikk", "indicator_mape_pct"] == pytest.approx(mape)
    assert "| 2024 | Veitrafikk |" in b.to_markdown()


# --- track(), terminal lines, JSON ---------------------------------------------


def test_track_with_indicator_nowcast(oslo, oslo_nowcast):
    target = ghgtrack.Target.parse("2030:-95%", base_year=2009)
    r = ghgtrack.track(oslo, target, nowcast_until=2026, nowcast=oslo_nowcast)
    e = r.nowcast_entries()
    assert [x["year"] for x in e] == [2025, 2026]
    assert all(x["method"] == "indicator" for x in e)
    assert e[0]["tonnes_co2e"] == pytest.approx(oslo_nowcast.total["value"].iloc[0])
    assert {i["name"] for i in e[0]["indicators"]} >= {"traffic volume", "fossil share of vehicle-km"}
    assert e[0]["interval"]["level"] == 0.95
    assert list(r.nowcast["method"]) == ["indicator", "indicator"]
    lines = "\n".join(status_lines(r))
    assert "nowcast 2025 (indicators: " in lines
    # Without it: the trend, labelled so.
    plain = ghgtrack.track(oslo, target, nowcast_until=2026)
    assert all(x["method"] == "trend" for x in plain.nowcast_entries())
    assert "nowcast 2025 (trend)" in "\n".join(status_lines(plain))
    # A nowcast beyond the indicator years keeps the trend for the rest.
    mixed = ghgtrack.track(oslo, target, nowcast_until=2027, nowcast=oslo_nowcast)
    assert [x["method"] for x in mixed.nowcast_entries()] == ["indicator", "indicator", "trend"]


def test_track_by_sector_uses_the_sector_nowcast(oslo, oslo_nowcast):
    target = ghgtrack.Target.parse("2030:-95%", base_year=2009, sector="Veitrafikk")
    r = ghgtrack.track(oslo, target, nowcast_until=2026, nowcast=oslo_nowcast)
    e = r.nowcast_entries()
    assert e[0]["tonnes_co2e"] == pytest.approx(oslo_nowcast.sector("Veitrafikk").value[0])


def test_track_rejects_a_nowcast_from_other_accounts(oslo):
    n = nc.nowcast(oslo.by_sector().loc[:, :2023], until=2025)  # a sector x year frame works too
    with pytest.raises(ghgtrack.ArgumentError, match="starts from 2023"):
        ghgtrack.track(oslo, ghgtrack.Target.parse("2030:-95%", base_year=2009), nowcast=n)


def test_json_payload_validates(oslo, oslo_nowcast):
    target = ghgtrack.Target.parse("2030:-95%", base_year=2009)
    r = ghgtrack.track(oslo, target, nowcast_until=2026, nowcast=oslo_nowcast)
    doc = json.loads(_json.dumps(_json.clean(report_payload(oslo, 2009, 2024, 5, r))))
    schema = _json.load_schema(doc["schema"])
    jsonschema.Draft202012Validator(schema).validate(doc)
    for where in (doc["series"]["nowcast"], doc["tracking"]["nowcast"]):
        assert [p["method"] for p in where] == ["indicator", "indicator"]
        assert where[0]["indicators"] and where[0]["interval"]["low"] < where[0]["tonnes_co2e"]
        assert "Oppvarming" in where[0]["trend_sectors"]


def test_cli_report_with_indicators(capsys):
    from ghgtrack.cli import main

    code = main(["report", "--json", "--no-files", "--nowcast-until", "2026", "--indicators", "bundled"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [p["method"] for p in doc["series"]["nowcast"]] == ["indicator", "indicator"]


def test_indicators_dir_for_another_municipality(tmp_path, oslo):
    # An Asker user copies the bundled tables (or newer ones, same layout) into
    # a folder and swaps the traffic index for Asker's counting points.
    for f in IND.iterdir():
        shutil.copy(f, tmp_path / f.name)
    asker = nc.traffic_index(indicators.read_trp_mdt(tmp_path / indicators.TRP_MDT, municipality="Asker"))
    model = nc.road_model(tmp_path, points=asker)
    assert "counting points" in model.drivers[0].source
    n = nc.nowcast(oslo, until=2025, models=[model])  # Oslo's accounts stand in for Asker's file here
    assert n.sector("Veitrafikk").method == "indicator"
    assert np.isfinite(n.total["value"].iloc[0])


def test_mypy_accepts_nowcast_usage(tmp_path):
    import subprocess
    import sys

    src = tmp_path / "use.py"
    src.write_text(
        "import ghgtrack\n"
        "from ghgtrack import nowcast as nc, indicators\n"
        "inv = ghgtrack.datasets.oslo()\n"
        "n: ghgtrack.Nowcast = nc.nowcast(inv, until=2026)\n"
        "text: str = n.describe()\n"
        "b: ghgtrack.Backtest = nc.backtest(inv, first=2020, last=2024)\n"
        "m: str = b.to_markdown()\n"
        "idx = nc.traffic_index(indicators.read_trp_mdt(municipality='Asker'))\n"
        "r = ghgtrack.track(inv, ghgtrack.Target.parse('2030:-95%', base_year=2009), nowcast=n)\n"
        "e: list = r.nowcast_entries()\n"
    )
    r = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", str(src)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
