"""The plan as users see it: `ghgtrack plan` (text, --json, --out, --lang no),
`report --measures`, the wedge chart and the HTML section.

Expected values are worked by hand from the published tables (Oslo's
Klimabudsjett 2023: caps in % vs 2009, the measures' stated effects and the
published 2030 total of 336,350 t) and the bundled inventory's 2009 total
(1,388,245.6 t), or recomputed from the plan's frames by a second route
(e.g. the ledger gap as projected - cap, the Shapley shares against the
scenario engine's own totals)."""

from __future__ import annotations

import json
import math
import os
import re

import numpy as np
import pandas as pd
import pytest

import ghgtrack
from ghgtrack.cli import main
from ghgtrack.plan import build_plan, oslo_plan
from ghgtrack.plan_plot import plot_wedges, save_wedges, wedge_layers
from ghgtrack.plan_report import plan_html_page, plan_html_section, plan_lines

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
BASE_2009 = 1_388_245.6  # bundled Miljødirektoratet release, Oslo 2009 total
BASE_2009_KB2023 = 1_442_878.0  # the level Klimabudsjett 2023 set its caps from
TARGET_2030 = 0.05 * BASE_2009  # -95 % vs 2009 = 69,412.28 t


@pytest.fixture(scope="module")
def plan():
    return oslo_plan()


@pytest.fixture(scope="module")
def payload():
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["plan", "--json"]) == 0
    text = buf.getvalue()
    return text, json.loads(text, parse_constant=lambda c: pytest.fail(f"JSON holds {c}"))


def _keys(x):
    if isinstance(x, dict):
        for k, v in x.items():
            yield k
            yield from _keys(v)
    elif isinstance(x, list):
        for v in x:
            yield from _keys(v)


def _values(x):
    if isinstance(x, dict):
        for v in x.values():
            yield from _values(v)
    elif isinstance(x, list):
        for v in x:
            yield from _values(v)
    else:
        yield x


# -- the command line ---------------------------------------------------------------------------


def test_plan_text_default_is_oslo_2023(capsys):
    assert main(["plan"]) == 0
    out = capsys.readouterr().out
    # English terminal text in the one English number format (ghgtrack._format: 69,412 t).
    assert out.startswith("Oslo: climate plan to 2030; target 2030: -95 % vs 2009 (69,412 t in 2030)")
    # The restatement: 1,442,878 t in the budget, 1,388,245.6 t in the bundled release.
    assert "changed from 1,442,878 t (Klimabudsjett 2023) to 1,388,245.6 t" in out
    # 2030 cap, old and new: 5 % of each 2009 level (72,143.9 t and 69,412.28 t).
    assert re.search(r"^2030\s+-95\.0\u00a0%\s+72,144\s+69,412\s+-2,732$", out, re.M)
    # Projected years are marked, the last actual year is not.
    assert re.search(r"^2024 ", out, re.M) and re.search(r"^2025\* ", out, re.M)
    assert "target level not reached by 2030" in out
    # Unquantified measures are listed by id with their reason, never as 0 t.
    for mid, reason in [("3", "not_calculated"), ("7", "facilitating"), ("16", "blank_in_source")]:
        assert re.search(rf"^\s+{mid} .* {reason} ", out, re.M)
    # Oslo's published totals are shown beside the table, not mixed into it.
    assert "2023: 74,300 t, 2030: 336,350 t" in out
    assert "Hafslund Oslo Celsio/KON" in out


def test_plan_json_schema_no_nan_no_year_keys(payload):
    text, d = payload
    assert d["schema"] == "ghgtrack.plan/1"
    assert "NaN" not in text and "Infinity" not in text
    assert not [k for k in _keys(d) if re.search(r"(19|20)\d\d", k)]
    assert d["municipality"] == "Oslo" and d["unit"] == "t CO2e"
    assert d["target"]["base_year"] == 2009 and d["target"]["target_year"] == 2030
    assert d["target"]["base_level_t"] == pytest.approx(BASE_2009, abs=1e-6)
    assert d["target"]["target_level_t"] == pytest.approx(TARGET_2030, abs=1e-6)
    assert None in list(_values(d))  # missing figures are null (e.g. the baseline before 2025)


def test_plan_json_ledger_by_hand(payload):
    _, d = payload
    led = {r["year"]: r for r in d["ledger"]["years"]}
    assert sorted(led) == list(range(2020, 2031))
    # Caps restated onto the bundled 2009 level: 2023 -52 %, 2030 -95 %.
    assert led[2023]["cap_t"] == pytest.approx(0.48 * BASE_2009, abs=1e-6)
    assert led[2030]["cap_t"] == pytest.approx(TARGET_2030, abs=1e-6)
    for y in range(2025, 2031):
        r = led[y]
        assert r["projected_t"] == pytest.approx(r["baseline_t"] - r["planned_t"], abs=1e-6)
        assert r["gap_t"] == pytest.approx(r["projected_t"] - r["cap_t"], abs=1e-6)
    # The actual years: 2023 (982,428.1 t in the bundled file) against its cap.
    assert led[2023]["actual_t"] == pytest.approx(982_428.1, abs=1e-6)
    assert led[2023]["actual_gap_t"] == pytest.approx(982_428.1 - 0.48 * BASE_2009, abs=1e-6)
    assert led[2023]["baseline_t"] is None
    rest = {r["year"]: r for r in d["restatement"]["years"]}
    assert d["restatement"]["old_base_t"] == BASE_2009_KB2023
    assert rest[2030]["old_cap_t"] == pytest.approx(0.05 * BASE_2009_KB2023, abs=1e-6)
    assert rest[2030]["difference_t"] == pytest.approx(0.05 * (BASE_2009 - BASE_2009_KB2023), abs=1e-6)


def test_plan_json_shapley_shares_sum_to_the_combined_reduction(payload):
    _, d = payload
    scen = {s["name"]: {p["year"]: p for p in s["series"]} for s in d["scenarios"]}
    base = {p["year"]: p["value"] for p in d["baseline"]}
    over = {o["year"]: o for o in d["overlap"]}
    for y in range(2025, 2031):
        shap = sum(m_y["shapley"] for m in d["measures"] for m_y in m["series"] if m_y["year"] == y)
        # Efficiency, checked against the scenario engine's own totals.
        assert shap == pytest.approx(base[y] - scen["adopted + proposed"][y]["value"], rel=1e-12)
        assert shap == pytest.approx(over[y]["combined_t"], rel=1e-12)
    # Each measure alone reproduces its stated 2030 effect, so the naive sum is the published
    # 2030 total (336,350 t); the overlap makes the combined reduction smaller.
    assert over[2030]["naive_sum_t"] == pytest.approx(336_350.0, abs=1e-6)
    assert over[2030]["overcount_t"] == pytest.approx(336_350.0 - over[2030]["combined_t"], abs=1e-6)
    assert over[2030]["overcount_t"] > 0
    ccs = next(m for m in d["measures"] if m["id"] == "2")
    assert ccs["alone_t"] == pytest.approx(164_500.0, abs=1e-6)  # the stated 2030 effect
    assert ccs["last_in_t"] <= ccs["shapley_t"] <= ccs["alone_t"]
    shares = [m["share"] for m in d["measures"] if m["quantified"]]
    assert sum(shares) == pytest.approx(1.0, abs=1e-12)
    unq = [m for m in d["measures"] if not m["quantified"]]
    assert len(unq) == 10 and all(m["shapley_t"] is None for m in unq)
    assert {u["id"] for u in d["unquantified"]} == {m["id"] for m in unq}
    assert d["stated_totals"] == [{"year": 2023, "value": 74_300.0}, {"year": 2030, "value": 336_350.0}]


def test_plan_json_scenarios_projected_not_actual(payload):
    _, d = payload
    inv = ghgtrack.datasets.oslo()
    actual = inv.total()
    slope = (TARGET_2030 - BASE_2009) / (2030 - 2009)
    for s in d["scenarios"]:
        pts = {p["year"]: p for p in s["series"]}
        for y in inv.years:  # actual years: the data, not the scenario
            assert pts[y]["projected"] is False
            assert pts[y]["value"] == pytest.approx(float(actual[y]), abs=1e-6)
        for y in range(2025, 2031):
            assert pts[y]["projected"] is True
        for y, p in pts.items():  # the linear target pathway, by hand
            assert p["pathway"] == pytest.approx(BASE_2009 + slope * (y - 2009), abs=1e-6)
            assert p["gap"] == pytest.approx(p["value"] - p["pathway"], abs=1e-6)
        assert s["year_met"] is None  # no scenario reaches 69,412 t by 2030
        assert s["gap_in_target_year_t"] == pytest.approx(pts[2030]["value"] - TARGET_2030, abs=1e-6)
    names = [s["name"] for s in d["scenarios"]]
    assert names == ["baseline", "adopted", "adopted + proposed"]
    assert d["scenarios"][0]["measures_applied"] == 0
    assert d["scenarios"][1]["measures_applied"] == 17  # 27 rows, 10 unquantified


def test_plan_out_writes_files_atomically(tmp_path, capsys):
    out = tmp_path / "plan"
    assert main(["plan", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    names = sorted(os.listdir(out))
    assert names == ["plan-wedges.png", "plan-wedges.svg", "plan.html"]  # no temporary files left
    assert (out / "plan-wedges.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (out / "plan-wedges.svg").read_text(encoding="utf-8")
    page = (out / "plan.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<section class='plan'>" in page and "<svg" in page
    assert "<script" not in page
    assert "Wrote: " in text
    assert main(["plan", "--json", "--out", str(out)]) == 0
    files = json.loads(capsys.readouterr().out)["files"]
    assert [os.path.basename(f) for f in files] == ["plan-wedges.png", "plan-wedges.svg", "plan.html"]


def test_plan_norwegian(tmp_path, capsys):
    assert main(["plan", "--lang", "no", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Oslo: klimabudsjett fram til 2030")
    assert "Omregning av utslippsrammene" in out and "referansebane" in out
    assert "Tiltak uten beregnet effekt" in out
    page = (tmp_path / "plan.html").read_text(encoding="utf-8")
    assert '<html lang="no">' in page and "Planlagt reduksjon per ansvarlig" in page


def test_bad_measures_file_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "tiltak.csv"
    bad.write_text("id,name,sectors,effect,status\nT1,Buses,Veitrafikk,1000,maybe\n", encoding="utf-8")
    assert main(["plan", "--measures", str(bad)]) == 3  # input data error (docs/json.md)
    err = capsys.readouterr().err
    assert "ghgtrack: error:" in err and str(bad) in err and "row 2" in err and "maybe" in err
    assert main(["plan", "--measures", str(tmp_path / "missing.csv")]) != 0
    assert "missing.csv" in capsys.readouterr().err
    # A FILE without --measures, and --caps without --vintage, are errors that say what to give.
    assert main(["plan", "--caps", "x.csv", "--measures", str(bad)]) == 2
    capsys.readouterr()


def test_caps_without_vintage(capsys):
    caps = ghgtrack.datasets.path("measures/oslo_emission_caps_and_targets.csv")
    assert main(["plan", "--caps", str(caps)]) == 2
    assert "--vintage" in capsys.readouterr().err
    assert main(["plan", "--caps", str(caps), "--vintage", "Klimabudsjett 2023", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["ledger"]["caps_source"] == "Klimabudsjett 2023"


def test_report_with_measures(tmp_path, capsys):
    table = tmp_path / "oslo_measures.csv"
    ghgtrack.write_measures(ghgtrack.datasets.oslo_measures_2023(), table)
    assert main(["report", "--measures", str(table), "--json", "--no-files"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["plan"]["schema"] == "ghgtrack.plan/1"
    assert d["plan"]["target"]["target_level_t"] == pytest.approx(TARGET_2030, abs=1e-6)
    assert main(["report", "--measures", str(table), "--out", str(tmp_path / "r")]) == 0
    page = (tmp_path / "r" / "status.html").read_text(encoding="utf-8")
    assert page.count("<section class='plan'>") == 1


# -- the plan object ------------------------------------------------------------------------------


def test_plan_frames(plan):
    assert plan.actual_years == ghgtrack.datasets.oslo().years
    assert plan.projected_years == list(range(2025, 2031))
    led = plan.ledger.dropna(subset=["projected_t"])
    assert np.allclose(led["gap_t"], led["projected_t"] - led["cap_t"], atol=1e-6, rtol=0)
    # The ledger's planned effect is the adopted measures' Shapley total = baseline - adopted scenario.
    proj = plan.projected_years
    assert np.allclose(
        led["planned_t"].to_numpy(),
        (plan.series.loc[proj, "baseline"] - plan.series.loc[proj, "adopted"]).to_numpy(),
        rtol=1e-12,
        atol=1e-6,
    )
    assert np.allclose(plan.wedges.sum(axis=1), plan.overlap["combined"], rtol=1e-12)
    assert plan.measures.iloc[0]["id"] == "2"  # Klemetsrud CCS has the largest share


def test_plan_with_caps_from_the_target_pathway():
    inv = ghgtrack.datasets.oslo()
    target = ghgtrack.Target.parse("2030:-95%", base_year=2009)
    p = build_plan(inv, ghgtrack.datasets.oslo_measures_2023(), target=target, caps=None, until=2030)
    assert list(p.ledger.index) == list(range(2025, 2031))
    slope = (TARGET_2030 - BASE_2009) / 21
    for y, cap in p.ledger["cap_t"].items():
        assert cap == pytest.approx(BASE_2009 + slope * (y - 2009), abs=1e-6)
    assert p.restatement_info.get("old_base_t") is None or math.isnan(p.restatement_info["old_base_t"])
    assert "NaN" not in json.dumps(p.to_dict(), allow_nan=False)


def test_plan_until_must_be_after_the_data():
    inv = ghgtrack.datasets.oslo()
    target = ghgtrack.Target.parse("2030:-95%", base_year=2009)
    with pytest.raises(ghgtrack.ArgumentError, match="after the last data year 2024"):
        build_plan(inv, ghgtrack.datasets.oslo_measures_2023(), target=target, until=2024)


# -- the wedge chart -------------------------------------------------------------------------------


def _wedge_polys(ax):
    from matplotlib.collections import PolyCollection

    return [c for c in ax.collections if isinstance(c, PolyCollection)]


def test_plot_wedges_by_hand():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # Baseline 1000 t; three measures: 300, 200 and 50 t in 2030 (half of that in 2029).
    base = pd.Series({2029: 1000.0, 2030: 1000.0})
    w = pd.DataFrame({"A": [150.0, 300.0], "B": [100.0, 200.0], "C": [25.0, 50.0]}, index=[2029, 2030])
    fig, ax = plt.subplots()
    plot_wedges(baseline=base, wedges=w, scenario={2029: 725.0, 2030: 450.0}, top=2, ax=ax)
    layers = ax.wedge_layers
    assert list(layers.columns) == ["A", "B", "other measures (1)"]
    assert layers.loc[2030].tolist() == [300.0, 200.0, 50.0]
    polys = _wedge_polys(ax)
    assert len(polys) == 3
    # The last (lowest) wedge's lower edge is the scenario: 1000 - 550 = 450 t = 0.45 kt in 2030.
    verts = polys[-1].get_paths()[0].vertices
    low = {}
    for x, y in verts:
        low[round(x)] = min(y, low.get(round(x), math.inf))
    assert low[2030] == pytest.approx(0.45) and low[2029] == pytest.approx(0.725)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "with measures" in legend and "baseline (reference path)" in legend
    plt.close(fig)
    fig, ax = plt.subplots()
    plot_wedges(baseline=base, wedges=w, lang="no", ax=ax)
    assert "med tiltak" in [t.get_text() for t in ax.get_legend().get_texts()]
    plt.close(fig)
    with pytest.raises(ghgtrack.ArgumentError, match="lang"):
        plot_wedges(baseline=base, wedges=w, lang="de")


def test_wedges_of_the_plan_sum_to_baseline_minus_scenario(plan, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    plan.plot(ax=ax, top=5)
    proj = plan.projected_years
    layers = ax.wedge_layers
    assert layers.shape[1] == 6  # five measures and "other measures (12)"
    gap = plan.series.loc[proj, "baseline"] - plan.series.loc[proj, "adopted + proposed"]
    assert np.allclose(layers.sum(axis=1).to_numpy(), gap.to_numpy(), rtol=1e-12, atol=1e-6)
    plt.close(fig)
    assert list(wedge_layers(plan.wedges, proj, top=100).sum(axis=1)) == pytest.approx(list(gap), rel=1e-12)
    files = save_wedges(plan, str(tmp_path / "w"))
    assert [os.path.basename(f) for f in files] == ["w.png", "w.svg"]
    assert (tmp_path / "w.png").stat().st_size > 10_000


# -- HTML -----------------------------------------------------------------------------------------


def test_html_escapes_markup_in_measure_names():
    inv = ghgtrack.datasets.oslo()
    target = ghgtrack.Target.parse("2030:-95%", base_year=2009)
    evil = '<script>alert("x")</script> & <b>bold</b>'
    ms = list(ghgtrack.datasets.oslo_measures_2023()) + [
        ghgtrack.Measure(
            "X1",
            name=evil,
            sectors=["Veitrafikk"],
            effect=1000,
            start_year=2025,
            status="proposed",
            agency="<i>KLI</i>",
        ),
        ghgtrack.Measure(
            "X2",
            name="<img src=x onerror=alert(1)>",
            sectors=["Veitrafikk"],
            effect="not calculated",
            status="proposed",
        ),
    ]
    p = build_plan(inv, ms, target=target, caps=ghgtrack.datasets.oslo_caps())
    for lang in ("en", "no"):
        html = plan_html_section(p, lang=lang, chart=False)
        assert "<script" not in html and "<b>bold" not in html and "<img" not in html and "<i>KLI" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html  # listed as unquantified
        assert "&lt;i&gt;KLI&lt;/i&gt;" in html
    page = plan_html_page(p)
    assert "<script" not in page and "<img" not in page
    # The proposed measure acts only in "adopted + proposed".
    s = p.series.loc[2030]
    assert s["adopted + proposed"] < s["adopted"]
    x1 = p.measures.set_index("id").loc["X1"]
    assert x1["alone_t"] == pytest.approx(1000.0, abs=1e-6)  # alone, its stated effect in 2030
    lines = plan_lines(p)
    assert any("X2" in line and "not calculated" in line for line in lines)


def test_report_measures_needs_a_target(tmp_path, capsys):
    table = tmp_path / "m.csv"
    ghgtrack.write_measures(ghgtrack.datasets.oslo_measures_2023(), table)
    assert main(["report", "--measures", str(table), "--no-target", "--no-files"]) == 2
    assert "--measures needs a target" in capsys.readouterr().err


def test_what_it_costs_section_when_measures_carry_costs(tmp_path, capsys):
    # Oslo's 2023 measures with a cost class on two of them (Klimakur's
    # classes): the plan gains a "what it costs" section in the text, the HTML
    # and the JSON; without costs there is none.
    import ghgtrack
    from ghgtrack import datasets
    from ghgtrack.plan_report import plan_html_section, plan_lines

    ms = list(datasets.oslo_measures_2023())
    assert ghgtrack.build_plan is not None
    plain = ghgtrack.build_plan(datasets.oslo(), ms, target=ghgtrack.Target.parse("2030:-95%", base_year=2009))
    assert plain.costs is None and plain.to_dict()["costs"] is None
    src = ROOT / "tests" / "data" / "oslo_measures_2023.csv"
    table = ghgtrack.read_measures(src).to_frame()
    table.loc[table["id"] == "2", "cost_class"] = ">1500"
    table.loc[table["id"] == "4", "cost_class"] = "<500"
    path = tmp_path / "with_costs.csv"
    table.to_csv(path, index=False)
    costed = ghgtrack.read_measures(path)
    plan = ghgtrack.build_plan(datasets.oslo(), list(costed), target=ghgtrack.Target.parse("2030:-95%", base_year=2009))
    assert plan.costs is not None
    d = plan.to_dict()
    assert d["costs"] is not None
    assert "What it costs" in "\n".join(plan_lines(plan))
    assert "costs" in plan_html_section(plan, chart=False)
