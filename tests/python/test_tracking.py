"""Targets, pathways, budgets and tracking from Python; expected values are
worked by hand (arithmetic in the comments) or computed a second way."""

import json
import math
import pathlib
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import ghgtrack
from ghgtrack import ArgumentError, NoSolutionError, Pathway, RunOutState, Status, Target, datasets

CASES = json.loads((pathlib.Path(__file__).resolve().parents[1] / "data" / "cases" / "targets.json").read_text())


def test_pathway_shapes_and_calls():
    p = Pathway.linear(2009, 100.0, 2030, 33.0)
    assert p(2019.5) == 66.5  # 100 - 67 x 10.5 / 21
    assert isinstance(p(2020), float)
    np.testing.assert_array_equal(p(np.array([2009, 2030])), [100.0, 33.0])
    np.testing.assert_array_equal(p([2009.0, 2050.0]), [100.0, 33.0])
    r = Pathway.constant_rate(2020, 100.0, rate=-0.1)
    assert r(2022) == pytest.approx(81.0)
    assert r.rate == -0.1
    c = Pathway.constant_rate(2009, 100.0, end_year=2030, end_value=33.0)
    assert c(2030) == pytest.approx(33.0, rel=1e-14)
    s = Pathway.s_curve(2020, 100.0, 2040, 0.0)
    assert s(2030) == pytest.approx(50.0)
    m = Pathway.through({2009: 100.0, 2025: 50.0, 2030: 5.0})
    assert m(2027) == 32.0
    cont = Pathway.continued(pd.Series({2009: 100.0, 2011: 90.0, 2013: 86.0}), Pathway.linear(2013, 86.0, 2030, 33.0))
    assert cont(2010) == 95.0 and cont(2030) == 33.0
    assert "Pathway" in repr(m)
    assert m.to_series(2009, 2011).tolist() == [100.0, 100.0 - 50 / 16, 100.0 - 100 / 16]


def test_inverse_solves():
    assert ghgtrack.required_rate(2009, 100.0, 2030, 33.0) == pytest.approx(0.33 ** (1 / 21) - 1)
    assert ghgtrack.rate_for_budget(2020, 100.0, 1000.0) == pytest.approx(-0.1)
    assert ghgtrack.budget_of_rate(2020, 100.0, -0.1, last_year=2029) == pytest.approx(1000 * (1 - 0.9**10))
    b = Pathway.from_budget(2020, 100.0, 1000.0)
    assert b.cumulative(2020, 2400) == pytest.approx(1000.0, rel=1e-9)
    assert b.year_reaching(50.0) == pytest.approx(2020 + math.log(0.5) / math.log(0.9))
    assert Pathway.linear(2009, 100.0, 2030, 0.0).year_reaching(0.0) == 2030.0


def test_cumulative_conventions_agree_with_pyam():
    pyam = pytest.importorskip("pyam")
    # A series with gap years: pyam's cumulative() interpolates linearly and
    # sums annual values; ghgtrack's annual_sum must match it exactly.
    s = pd.Series({2009: 100.0, 2011: 90.0, 2013: 86.0, 2015: 70.0, 2016: 71.0})
    expected = pyam.timeseries.cumulative(s, 2009, 2016)
    p = Pathway.through(s.to_dict())
    assert p.cumulative(2009, 2016) == pytest.approx(expected, rel=1e-14)
    # Trapezoid = annual sum less half of each end.
    assert p.cumulative(2009, 2016, convention="trapezoid") == pytest.approx(expected - (100.0 + 71.0) / 2)


def test_targets_parse_and_kinds():
    t = Target.parse("2030:-67%", base_year=2009)
    assert t.reductions == {2030: 0.67}
    assert t.milestones(1000.0) == [(2030, pytest.approx(330.0))]
    t2 = Target.parse("2025:-40%,2030:-67%,2050:-95%", base_year=2009)
    assert [y for y, _ in t2.milestones(100.0)] == [2025, 2030, 2050]
    lv = Target(levels={2030: 500.0})
    assert lv.milestones(0.0) == [(2030, 500.0)]
    pc = Target(base_year=2009, reductions={2030: 0.5}, kind="per_capita")
    # 2 t per person in 2009, halved, times 800 000 people in 2030.
    assert pc.milestones(2.0, population={2030: 800_000}) == [(2030, 800_000.0)]
    nz = Target.net_zero(2050, removals=30_000.0, residual=20_000.0)
    assert nz.milestones(0.0) == [(2050, 20_000.0)]
    assert "2030: -67 % vs 2009" == str(t)
    # One sign convention: a signed change, a positive cut and the text agree.
    assert Target.change(2009, {2030: -0.67}) == t == Target.cut(2009, {2030: 0.67})
    assert Target(base_year=2009, changes={2030: "-67%"}).changes == {2030: -0.67}


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: Target(base_year=2030, reductions={2009: 0.5}), "not after the base year"),
        (lambda: Target(base_year=2009, reductions={2030: 1.5}), "ambiguous"),
        (lambda: Target(base_year=2009, reductions={2030: 67}), r"write -0\.67 or '-67%' for a 67 % cut"),
        (lambda: Target(base_year=2009, changes={2030: 67}), r"write -0\.67 or '-67%'"),
        (lambda: Target.parse("2030:67%", base_year=2009), "2030:-67%"),
        (lambda: Target.parse("2030 minus 5", base_year=2009), "cannot read"),
        (lambda: Target.net_zero(2050, removals=10.0, residual=20.0), "not net zero"),
        (lambda: Target(base_year=2009, reductions={2030: 0.5}).milestones(0.0), "positive base"),
        (lambda: Target(base_year=2009, reductions={2030: 0.5}).milestones(-3.0), "positive base"),
        (lambda: ghgtrack.rate_for_budget(2020, 100.0, -10.0), "positive"),
        (lambda: Pathway.constant_rate(2020, 100.0, rate=-1.2), r"\(-1, 1\)"),
        (lambda: Pathway.constant_rate(2020, 100.0, rate=1.0), r"\(-1, 1\)"),
        (lambda: Pathway.linear(2030, 1.0, 2020, 0.0), "must come after"),
    ],
)
def test_bad_input_is_a_clear_error(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_track_series_by_hand():
    years = list(range(2009, 2022))
    s = pd.Series([100.0 * 0.97 ** (y - 2009) for y in years], index=years)
    r = ghgtrack.track(s, Target.parse("2030:-67%", base_year=2009), nowcast_until=2023)
    assert r.compound_rate == pytest.approx(-0.03)
    assert r.fitted_rate == pytest.approx(-0.03)
    assert r.frame.loc[2021, "pathway"] == pytest.approx(100.0 - 67.0 * 12 / 21)
    assert r.status == Status.off_track and str(r.status) == "off track"
    assert r.year_reached == pytest.approx(2009 + math.log(0.33) / math.log(0.97))
    # One rounding rule (C++ whole_year): 2045.40 is reached in 2046, in summary() and the report.
    assert r.summary()["year_target_reached_on_trend"] == 2046 == ghgtrack.whole_year(r.year_reached)
    # The result holds the pathway and the fit it used.
    assert r.pathway(2030) == pytest.approx(33.0)
    assert r.fit.rate() == pytest.approx(-0.03) and r.fit.n == 13
    assert r.run_out.state == RunOutState.runs_out and r.run_out_year == r.run_out.year
    assert r.budget == pytest.approx(1463.0)  # 22 x 100 - 67 x 11
    assert list(r.nowcast.index) == [2022, 2023]
    assert json.dumps(r.summary())  # JSON-ready
    with pytest.raises(ValueError, match="base year 2005"):
        ghgtrack.track(s, Target(base_year=2005, reductions={2030: 0.5}))


def test_on_track_when_ahead():
    years = list(range(2009, 2022))
    s = pd.Series([100.0 * 0.90 ** (y - 2009) for y in years], index=years)
    r = ghgtrack.track(s, Target.parse("2030:-67%", base_year=2009))
    assert r.status == Status.on_track and r.reached_in_time
    assert r.run_out.state == RunOutState.never  # falls 10 %/yr: never spends the budget


def test_track_oslo_inventory():
    inv = datasets.oslo()
    r = ghgtrack.track(inv, Target.parse("2030:-95%", base_year=2009), nowcast_until=2026)
    # -95 % of the published 2009 total 1 388 245.6 t: 69 412.28 t allowed in 2030.
    assert r.milestones[-1][1] == pytest.approx(1388245.6 * 0.05)
    assert r.status == Status.off_track
    assert r.latest_year == 2024
    assert r.required_rates[2030] == pytest.approx((1388245.6 * 0.05 / 944853.2) ** (1 / 6) - 1)
    sector = ghgtrack.track(inv, Target(base_year=2009, reductions={2030: 0.5}, sector="Oppvarming"))
    # Oppvarming: 277 564.1 t in 2009 to 26 839.0 t in 2024: already below -50 %.
    assert sector.latest_value == pytest.approx(26839.0)
    assert sector.frame["actual"].iloc[-1] < sector.frame["pathway"].iloc[-1]
    with pytest.raises(KeyError, match="Landbruk"):
        ghgtrack.track(inv, Target(base_year=2009, reductions={2030: 0.5}, sector="Landbruk"))


def test_plot_and_reprs(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    inv = datasets.oslo()
    r = ghgtrack.track(inv, Target.parse("2030:-95%", base_year=2009), nowcast_until=2025)
    ax = r.plot()
    assert ax.get_ylabel() == "kt CO2e"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "target pathway" in labels and "Veitrafikk" in labels
    assert "off track" in r._repr_html_()


def test_status_report_files_and_json(tmp_path):
    out = tmp_path / "report"
    r = subprocess.run(
        [sys.executable, "-m", "ghgtrack", "report", "--out", str(out)], capture_output=True, text=True, check=True
    )
    assert "Target: 2030: -95 % vs 2009" in r.stdout and "OFF TRACK" in r.stdout
    for name in ["emissions.png", "emissions.svg", "status.html"]:
        assert (out / name).stat().st_size > 1000
    assert (out / "emissions.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = (out / "status.html").read_text(encoding="utf-8")
    assert "<svg" in page and "<script" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']https?:""", page)  # self-contained
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "ghgtrack",
            "report",
            str(datasets.path("Utslippsregnskap_Oslo.xlsx")),
            "--target",
            "2030:-67%",
            "--base-year",
            "2009",
            "--json",
            "--no-files",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(r.stdout)
    assert data["tracking"]["target"] == "2030: -67 % vs 2009"
    assert data["tracking"]["milestones"][0]["tonnes_co2e"] == pytest.approx(1388245.6 * 0.33)


def test_status_page_in_norwegian(tmp_path):
    out = tmp_path / "rapport"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ghgtrack",
            "report",
            "--out",
            str(out),
            "--lang",
            "no",
            "--target",
            "2030:-67%",
            "--base-year",
            "2009",
        ],
        check=True,
        capture_output=True,
    )
    page = (out / "status.html").read_text(encoding="utf-8")
    assert '<html lang="no">' in page
    assert "Oslo: hvordan går det?" in page and "ikke i rute" in page and "Per sektor" in page
    assert "how are we doing" not in page and "målbane" in page


def test_status_page_renders_in_headless_chromium(tmp_path):
    import shutil

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Debian's chromium is not installed (scripts/setup.sh installs it)")
    out = tmp_path / "report"
    subprocess.run([sys.executable, "-m", "ghgtrack", "report", "--out", str(out)], check=True, capture_output=True)
    shot = tmp_path / "status.png"
    r = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1100,1900",
            f"--screenshot={shot}",
            (out / "status.html").as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    # Console messages from the page are logged as CONSOLE lines; there must be none.
    console = [line for line in r.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    assert console == [], console
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    keep = pathlib.Path(__file__).resolve().parents[2] / "build" / "status-page-screenshot.png"
    keep.parent.mkdir(exist_ok=True)
    keep.write_bytes(png)  # kept for a person to look at


def test_track_many_agrees_with_track():
    years = list(range(2009, 2025))
    rows = {
        ("A", "road"): [100.0 * 0.97 ** (y - 2009) for y in years],
        ("A", "heat"): [50.0 * 0.90 ** (y - 2009) for y in years],
        ("B", "road"): [80.0 * (1 + 0.01 * ((y * 7) % 3)) for y in years],
    }
    frame = pd.DataFrame(list(rows.values()), index=pd.MultiIndex.from_tuples(list(rows)), columns=years)
    target = Target.parse("2030:-67%", base_year=2009)
    table = ghgtrack.track_many(frame, target, threads=2)
    assert table.summary.equals(ghgtrack.track_many(frame, target).summary)  # threads=1 by default
    for key in rows:
        one = ghgtrack.track(frame.loc[key], target)
        row = table.summary.loc[key]
        assert row["status"] == one.status
        assert row["remaining_tonnes_co2e"] == pytest.approx(one.remaining)
        assert row["trend_rate"] == pytest.approx(one.fitted_rate)
        np.testing.assert_allclose(table.gap.loc[key].to_numpy(), one.frame["gap_tonnes"].to_numpy())
    with pytest.raises(ValueError, match="base year"):
        ghgtrack.track_many(frame, Target.parse("2030:-67%", base_year=2005))


@pytest.mark.parametrize("milestone", [2012, 2015])
def test_track_many_refuses_a_milestone_not_after_the_base_year(milestone):
    # A level target without a base year, whose milestone is not after the
    # first data year: track() refuses it (pathway::through), and so must the
    # vectorised batch path (review finding; it used to return a table).
    years = list(range(2015, 2024))
    frame = pd.DataFrame([[100.0 * 0.97 ** (y - 2015) for y in years]] * 3, columns=years)
    target = Target(levels={milestone: 50.0})
    with pytest.raises(ghgtrack.ArgumentError, match="must come after the start year") as one:
        ghgtrack.track(frame.iloc[0], target)
    with pytest.raises(ghgtrack.ArgumentError) as many:
        ghgtrack.track_many(frame, target)
    assert str(one.value) in str(many.value)


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_shared_target_cases(case):
    """The same cases as tests/cpp/test_targets.cpp (tests/data/cases/targets.json)."""

    def build():
        k = case["kind"]
        if k == "net_zero":
            return Target.net_zero(case["year"], removals=case["removals"], residual=case["residual"])
        if k == "parse":
            return Target.parse(case["input"], base_year=case["base_year"], base_value=case["base"])
        key = {"change": "changes", "cut": "reductions", "levels": "levels"}[k]
        return Target(
            base_year=case["base_year"],
            base_value=case["base"],
            kind=case.get("target_kind", "absolute"),
            **{key: {int(y): v for y, v in case["input"].items()}},
        )

    expect = case["expect"]
    scale = {int(y): v for y, v in case.get("scale", {}).items()}
    if "error" in expect:
        assert expect["error"] == "argument_error"
        with pytest.raises(ArgumentError, match=re.escape(expect["message"])):
            t = build()
            t.milestones(t.base_value or 0.0)
        return
    t = build()
    got = t.milestones(t.base_value or 0.0, population=scale or None)
    want = [(int(y), v) for y, v in expect["levels"].items()]
    assert [y for y, _ in got] == [y for y, _ in want]
    for (_, g), (_, w) in zip(got, want):
        assert g == pytest.approx(w, rel=1e-12, abs=1e-9)


def test_budget_run_out_overspent_and_interpolated_years():
    # Pathway 100 -> 10 over 2009..2011: budget 100 + 55 + 10 = 165 (annual sum).
    # Actual 100 (2009), 100 (2011; 2010 interpolated = 100): 200 > 165 in 2010.
    r = ghgtrack.track(
        pd.Series({2009: 100.0, 2011: 100.0, 2012: 100.0}), Target.change(2009, {2011: -0.9}), nowcast_until=2012
    )
    assert r.budget == pytest.approx(165.0)
    assert list(r.interpolated_years) == [2010]
    assert r.run_out.state == RunOutState.overspent and r.run_out.year == 2010
    s = r.summary()
    assert s["budget_overspent_since"] == 2010 and s["budget_run_out_year"] is None
    assert s["spent_interpolated_years"] == [2010]
    assert str(RunOutState.never) == "never runs out"


def test_interpolate_never_extrapolates_silently():
    s = pd.Series({2010: 10.0, 2012: 14.0, 2014: 12.0})
    out = ghgtrack.interpolate(s, [2009, 2011, 2016])
    assert math.isnan(out.iloc[0]) and out.iloc[1] == 12.0 and math.isnan(out.iloc[2])
    assert ghgtrack.interpolate(s, [2009, 2016], fill="hold").tolist() == [10.0, 12.0]
    # Least squares: slope 0.5 /yr through the mean 12 at 2012 -> 14 in 2016.
    assert ghgtrack.interpolate(s, [2016], fill="trend").iloc[0] == pytest.approx(14.0)
    with pytest.raises(ArgumentError, match="hold"):
        ghgtrack.interpolate(s, [2016], fill="extrapolate")


def test_annual_rate_of_a_net_sink():
    # pyam's growth rate for a same-sign series: (-81 / -100) ** (1 / 2) - 1 = -0.1.
    assert ghgtrack.annual_rate(2020, -100.0, 2022, -81.0) == pytest.approx(-0.1, rel=1e-14)
    with pytest.raises(NoSolutionError, match="same sign"):
        ghgtrack.annual_rate(2020, -100.0, 2022, 81.0)
    pyam = pytest.importorskip("pyam")
    ts = pd.Series([-100.0, -90.0, -81.0], index=[2020, 2021, 2022])
    assert ghgtrack.annual_rate(2020, -100.0, 2022, -81.0) == pytest.approx(
        float(pyam.timeseries.growth_rate(ts).iloc[0])
    )


def test_enums_come_from_cpp():
    assert [str(s) for s in (Status.on_track, Status.at_risk, Status.off_track)] == ["on track", "at risk", "off track"]
    assert ghgtrack.SegmentShape("s_curve") == ghgtrack.SegmentShape.logistic
    with pytest.raises(ArgumentError, match="annual_sum"):
        Pathway.linear(2009, 1.0, 2030, 0.5).cumulative(2009, 2030, convention="sum")


def test_trend_fit_is_a_bound_class():
    f = ghgtrack._core.fit_trend([1, 2, 3, 4, 5], [2, 4, 5, 4, 5], False)
    assert isinstance(f, ghgtrack.TrendFit)
    # slope 0.6, se sqrt(0.08); t(0.975, 3) = 3.182 (t tables).
    assert f.slope == pytest.approx(0.6) and f.to_dict()["slope_se"] == pytest.approx(math.sqrt(0.08))
    assert f["slope_hi"] == pytest.approx(0.6 + 3.182446 * math.sqrt(0.08), rel=1e-6)
    # Prediction at x0 = 6: 4 + 0.6 x 3 = 5.8, half-width t s sqrt(1 + 1/5 + 9/10).
    fr = f.to_frame([6.0])
    assert fr.loc[6.0, "value"] == pytest.approx(5.8)
    assert fr.loc[6.0, "high"] - fr.loc[6.0, "value"] == pytest.approx(3.182446 * math.sqrt(0.8 * 2.1), rel=1e-6)


def test_tracking_result_is_the_bound_result():
    s = pd.Series({2009: 100.0, 2010: 90.0, 2011: 81.0})
    r = ghgtrack.track(s, Target.change(2009, {2030: -0.67}), nowcast_until=2011)
    assert isinstance(r.core, ghgtrack._core.TrackingResult)
    d = r.to_dict()
    assert d["status"] == str(r.status) and d["budget"] == pytest.approx(1463.0)  # 22 x 100 - 67 x 11
    assert list(r.to_frame().columns) == ["actual", "pathway", "gap_tonnes", "gap_pct"]
    assert r.compound_rate == pytest.approx(-0.1)  # (81 / 100) ** (1 / 2) - 1


def test_track_a_scenario_keeps_projected_years_apart():
    # Actual 2009-2011, projected 2012-2013; -50 % by 2013 vs 2009 (100 -> 50 t).
    # Linear pathway: 62.5 t in 2012, 50 t in 2013 (by hand). Gaps: -2.5 and
    # -10 t; first year at or below 50 t: 2013; the latest actual year stays 2011.
    actual = pd.Series({2009: 100.0, 2010: 90.0, 2011: 80.0})
    t = Target.parse("2013:-50%", base_year=2009)
    r = ghgtrack.track(actual, t, projection=pd.Series({2012: 60.0, 2013: 40.0}))
    assert r.latest_year == 2011
    assert list(r.frame.index) == [2009, 2010, 2011]
    f = r.projection_frame
    assert list(f.index) == [2012, 2013]
    assert f["pathway"].tolist() == pytest.approx([62.5, 50.0])
    assert f["gap_tonnes"].tolist() == pytest.approx([-2.5, -10.0])
    assert r.projected_year_met == 2013
    assert r.projected_gap_in_target_year == pytest.approx(-10.0)
    assert r.fit.slope == ghgtrack.track(actual, t).fit.slope
    with pytest.raises(ghgtrack.ArgumentError, match="projection starts after the last actual year"):
        ghgtrack.track(actual, t, projection=pd.Series({2011: 70.0, 2012: 60.0}))
