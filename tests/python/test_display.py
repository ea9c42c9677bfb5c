"""Notebook displays (_repr_html_) and the rounded summary().

Every figure checked here is worked out by hand in the comment beside it (or
taken from a published table), never read back from the code under test.
"""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

import ghgtrack
from ghgtrack import Caps, Measure, Pathway, Target, _display, _format, datasets, uncertainty

NBSP = "\u00a0"


class _Checker(HTMLParser):
    """Well-formed enough for a notebook: every opened tag is closed, in order."""

    VOID = {"br", "img", "meta", "hr", "input", "link", "col"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list = []
        self.svgs = 0
        self.th_scoped = 0
        self.text: list = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self.svgs += 1
            assert a.get("role") == "img" and a.get("aria-label"), "an SVG chart needs a text alternative"
        if tag == "th" and a.get("scope") in ("row", "col"):
            self.th_scoped += 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag == "svg":
            raise AssertionError("empty svg")

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def _check(html: str) -> _Checker:
    c = _Checker()
    c.feed(html)
    c.close()
    assert c.stack == [], f"unclosed tags: {c.stack}"
    return c


def _falling_3pct():
    # 100 t in 2009 falling 3 % a year to 2021; target -67 % by 2030.
    years = list(range(2009, 2022))
    s = pd.Series([100.0 * 0.97 ** (y - 2009) for y in years], index=years)
    return ghgtrack.track(s, Target.parse("2030:-67%", base_year=2009), nowcast_until=2023)


# -- TrackingResult -------------------------------------------------------------------


def test_tracking_display_badge_rate_budget_gap():
    r = _falling_3pct()
    html = r._repr_html_()
    c = _check(html)
    text = "".join(c.text)
    # Status as words and a symbol (not colour alone).
    assert "✗ off track" in text
    # Required rate from 2021 (100 x 0.97^12 = 69.38 t) to 33 t in 2030:
    # (33 / 69.38)^(1/9) - 1 = -7.93 %/yr.
    req = (33.0 / (100.0 * 0.97**12)) ** (1 / 9) - 1
    assert round(req * 100, 2) == -7.93
    assert "Required rate to 2030" in text and "-7.93\u00a0%/yr" in text
    # Budget: the pathway's annual sum 2009-2030 = 22 x (100 + 33) / 2 = 1463 t; spent
    # 2009-2021 = 100 (1 - 0.97^13) / 0.03 = 1089.9 t; left 373.1 t -> "373 t".
    spent = 100.0 * (1 - 0.97**13) / 0.03
    assert round(1463.0 - spent, 1) == 373.1
    assert "Budget left" in text and "373 t" in text and "1,463 t" in text
    # Gap in 2021: 69.38 - (100 - 67 x 12 / 21 = 61.71) = 7.66 t, +12.4 % of the pathway.
    assert "Gap" in text and "8 t (+12.4\u00a0%)" in text
    # 33 t is reached on the trend when 0.97^n = 0.33: n = 36.4 -> 2046, too late.
    assert "reached in 2046 (too late)" in text
    # A small chart of actual against the pathway.
    assert c.svgs == 1 and "<polyline" in html
    assert c.th_scoped >= 6


def test_tracking_display_on_track_and_overspent():
    on = ghgtrack.track(
        pd.Series({y: 100.0 * 0.9 ** (y - 2009) for y in range(2009, 2022)}), Target.parse("2030:-67%", base_year=2009)
    )
    assert "✓ on track" in on._repr_html_() and "never runs out" in on._repr_html_()
    # Pathway 100 -> 10 over 2009..2011: budget 100 + 55 + 10 = 165; actual 100 a year
    # passes it in 2010 (200 > 165).
    r = ghgtrack.track(
        pd.Series({2009: 100.0, 2011: 100.0, 2012: 100.0}), Target.change(2009, {2011: -0.9}), nowcast_until=2012
    )
    html = r._repr_html_()
    _check(html)
    assert "already overspent (since 2010)" in html and "of 165 t" in html


def test_summary_is_rounded_and_names_its_units():
    r = _falling_3pct()
    s = r.summary()
    assert json.loads(json.dumps(s)) == s  # JSON-ready
    # Hand values (see above), rounded: t CO2e to 0.1, per cent to 0.01, the year to 0.01.
    assert s["budget_tonnes_co2e"] == 1463.0
    assert s["spent_tonnes_co2e"] == round(100.0 * (1 - 0.97**13) / 0.03, 1) == 1089.9
    assert s["remaining_tonnes_co2e"] == 373.1
    assert s["latest_tonnes_co2e"] == round(100.0 * 0.97**12, 1) == 69.4
    assert s["compound_rate_pct_per_year"] == -3.0 and s["trend_rate_pct_per_year"] == -3.0
    assert s["required_rate_pct_per_year"] == {"2030": -7.93}
    assert s["change_since_base_pct"] == round((0.97**12 - 1) * 100, 2) == -30.62
    assert s["year_target_reached_on_trend_exact"] == round(2009 + math.log(0.33) / math.log(0.97), 2) == 2045.4
    assert s["year_target_reached_on_trend"] == 2046
    assert s["milestones"] == [{"year": 2030, "tonnes_co2e": 33.0}]
    # Every number is rounded: no float with more than the stated decimals.
    for key, v in s.items():
        if isinstance(v, float):
            digits = 1 if "tonnes" in key else 2
            assert v == round(v, digits), key
        if key.endswith(("_tonnes_co2e", "_pct", "_pct_per_year")) or "tonnes_co2e_" in key:
            assert v is None or isinstance(v, (int, float, list, dict)), key
    # The exact values stay on the result.
    assert r.remaining == pytest.approx(1463.0 - 100.0 * (1 - 0.97**13) / 0.03)


def test_summary_keys_unchanged_for_the_report_and_json():
    # The report (text, JSON schema ghgtrack.report/1) reads these keys.
    keys = set(_falling_3pct().summary())
    assert {
        "target",
        "status",
        "base_tonnes_co2e",
        "latest_tonnes_co2e",
        "gap_tonnes_co2e_latest",
        "required_rate_pct_per_year",
        "budget_tonnes_co2e",
        "remaining_tonnes_co2e",
        "budget_run_out",
        "nowcast",
    } <= keys


# -- Target and Pathway -------------------------------------------------------------


def test_target_display():
    # Oslo: -95 % vs 2009 (1 388 245.6 t, Miljødirektoratet): 69 412.28 t allowed in 2030;
    # -67 %: 458 121.0 t.
    t = Target.change(2009, {2030: -0.95, 2025: "-67%"}, base_value=1388245.6, name="Oslo")
    html = t._repr_html_()
    c = _check(html)
    text = "".join(c.text)
    assert "Oslo" in text and "absolute" in text and "2009 (1,388.2 kt CO2e)" in text
    assert "-95.0\u00a0%" in text and "69.4 kt" in text
    assert "-67.0\u00a0%" in text and "458.1 kt" in text
    assert text.index("2025") < text.index("2030")
    # A level target and a target without a base value.
    lv = Target(base_year=2009, levels={2030: 50_000.0})
    assert "50.0 kt" in lv._repr_html_()
    no_base = Target.cut(2009, {2030: 0.5})
    assert "-50.0\u00a0%" in no_base._repr_html_() and _format.MISSING in no_base._repr_html_()
    assert "Target" in repr(t) and "-95 %" in repr(t)
    # A per-capita target speaks per person: 2 t a head in 2009, -50 % -> 1 t a head in 2030.
    pc = Target.change(2009, {2030: -0.5}, kind="per_capita", base_value=2.0)
    assert "1.00 t CO2e per person" in pc._repr_html_() and "per capita" in pc._repr_html_()


def test_pathway_display_chart():
    p = Pathway.linear(2020, 1000.0, 2030, 500.0)
    html = p._repr_html_()
    c = _check(html)
    text = "".join(c.text)
    assert "1,000 t" in text and "500 t" in text and c.svgs == 1
    pts = re.search(r"points='([^']+)'", html).group(1).split()
    # The line falls: the last point is lower on the page (larger y) than the first.
    y_first, y_last = float(pts[0].split(",")[1]), float(pts[-1].split(",")[1])
    assert y_last > y_first
    # Half the value: 500 t sits halfway between 1,000 t and the zero line.
    zero = float(re.search(r"<line x1='\d+' y1='([\d.]+)'", html).group(1))
    assert (zero - y_last) == pytest.approx((zero - y_first) / 2, abs=0.2)
    # An open-ended constant-rate pathway says so.
    cr = Pathway.constant_rate(2025, 900.0, -0.05)
    assert "-5.00\u00a0%/yr, open-ended" in cr._repr_html_()
    assert "Pathway" in repr(cr)


# -- MonteCarloResult ----------------------------------------------------------------


def _categories():
    return pd.DataFrame(
        {
            "base": [100.0, 80.0, 50.0],
            "latest": [120.0, 60.0, 50.0],
            "ad_uncertainty_pct": [3.0, 5.0, 5.0],
            "ef_uncertainty_pct": [4.0, 2.0, 1.0],
        },
        index=["road", "heat", "waste"],
    )


def test_monte_carlo_display_histogram_with_interval():
    mc = uncertainty.monte_carlo(_categories(), iterations=20_000, seed=3)
    html = mc._repr_html_()
    c = _check(html)
    text = "".join(c.text)
    assert "20,000 iterations" in text and "seed 3" in text and "95 % interval" in text
    # The interval's bounds, from numpy on the raw totals, shown in t (below 10,000 t).
    lo, hi = np.percentile(mc.latest, [2.5, 97.5])
    assert f"{lo:,.0f} t – {hi:,.0f} t" in text
    # The histogram: 30 bars plus the shaded interval, and two bound lines.
    assert c.svgs == 1
    svg = html[html.index("<svg") :]
    assert svg.count("<rect") == 31 and svg.count("stroke-dasharray") == 2
    # The mean is about 230 t (120 + 60 + 50; the multipliers have mean 1).
    assert "230 t" in text


# -- Inventory ---------------------------------------------------------------------------


def test_inventory_display_sector_year_table_with_units():
    oslo = datasets.oslo()
    html = oslo._repr_html_()
    c = _check(html)
    text = "".join(c.text)
    assert "t CO2e by sector" in text and "AR5GWP100" in text and "Veitrafikk" in text
    # Published totals (Miljødirektoratet): 1 388 245.6 t in 2009, 944 853.2 t in 2024.
    assert "1,388,246" in text and "944,853" in text
    assert "2009" in text and "2024" in text and "…" in text  # 16 years: the first and the last five
    assert c.th_scoped > 10
    # One number format per language: Bokmål groups with a (no-break) space.
    no = _display.inventory(oslo, lang="no")
    assert f"944{NBSP}853" in no


def test_inventory_display_marks_unknowns_never_zero():
    df = pd.DataFrame(
        {
            "year": [2020, 2020, 2021, 2021],
            "sector": ["A", "B", "A", "B"],
            "source": ["a", "b", "a", "b"],
            "gas": ["CO2", "CH4", "CO2", "CH4"],
            "value": [10.0, np.nan, 12.0, 3.0],
            "notation": ["", "NE", "", ""],
        }
    )
    inv = ghgtrack.Inventory.from_frame(df, metric="AR5GWP100")
    html = inv._repr_html_()
    _check(html)
    # B in 2020 is NE: its sum (0 known) and the 2020 total (10) carry the mark.
    assert "0 *" in html and "10 *" in html and "15</strong>" in html
    assert "incomplete" in html


# -- scenario and ledger ------------------------------------------------------------------


def _small_baseline(years=(2029, 2030)):
    rows = []
    for y in years:
        for (sec, src), v in {("Heat", "Oil"): 500.0, ("Road", "Cars"): 600.0, ("Road", "Vans"): 400.0}.items():
            rows.append({"year": y, "sector": sec, "source": src, "gas": "CO2", "value": v})
    return ghgtrack.Inventory.from_frame(pd.DataFrame(rows), metric="AR5GWP100")


def test_scenario_display():
    ms = [
        Measure.cut("M1", 0.3, sectors=["Road"], start_year=2030, status="adopted"),
        Measure("M2", sources=[("Road", "Cars")], effect=120, start_year=2030, status="adopted"),
        Measure("M9", sectors=["Heat"], effect="unknown", kind="unknown", status="proposed"),
    ]
    s = ghgtrack.scenario(_small_baseline(), ms, name="adopted", last_actual_year=2029)
    html = s._repr_html_()
    c = _check(html)
    text = "".join(c.text)
    # 2030: Cars 600 x 0.7 = 420 - 120 x 0.7 (the overlap) = 336; Vans 280; Oil 500:
    # 1,116 t of a 1,500 t baseline, a 384 t reduction.
    assert "1,500" in text and "1,116" in text and "-384" in text
    assert "Not quantified" in text and "M9" in text
    assert c.svgs == 1


def test_caps_and_ledger_display():
    # Base 2009 = 1000 t; caps 2025 -50 % -> 500 t, 2030 -80 % -> 200 t.
    caps = Caps.relative(2009, 1000.0, {2025: -0.5, 2030: "-80%"}, source="budget 2024")
    ch = caps._repr_html_()
    _check(ch)
    assert "-50.0\u00a0%" in ch and "500" in ch and "-80.0\u00a0%" in ch and "200" in ch
    baseline = pd.Series({2025: 800.0, 2030: 700.0})
    planned = pd.DataFrame({2025: [150.0], 2030: [350.0]}, index=["m1"])
    measures = pd.DataFrame(
        {
            "id": ["m1"],
            "name": ["Zero-emission zone"],
            "status": ["adopted"],
            "responsible": ["BYM*"],
            "reporting_owner": [""],
        }
    )
    led = ghgtrack.ledger(caps, baseline, planned=planned, measures=measures)
    html = led._repr_html_()
    c = _check(html)
    text = "".join(c.text)
    # 2025: 800 - 150 = 650 projected against a 500 t cap: 150 t over.
    # 2030: 700 - 350 = 350 against 200: 150 t over.
    assert "650" in text and "+150 (over)" in text
    assert "budget 2024" in text and _format.MISSING in text  # no actual data: "–", never 0


def test_every_display_type_has_a_readable_repr():
    r = _falling_3pct()
    for obj in [r, r.target, r.pathway, uncertainty.monte_carlo(_categories(), iterations=1000, seed=1)]:
        text = repr(obj)
        assert "\n" not in text and len(text) < 300 and "object at 0x" not in text


def test_reprs_carry_the_key_figures():
    r = _falling_3pct()
    text = repr(r)
    # Hand values as above: 69.4 t in 2021 against 61.7 t; -7.93 %/yr needed; 373.1 t left.
    assert text.startswith("<ghgtrack.TrackingResult off track: 2021 69 t CO2e vs pathway 62 t")
    assert "needs -7.93\u00a0%/yr to 2030" in text and "budget left 373 t" in text
    mc = uncertainty.monte_carlo(_categories(), iterations=5000, seed=2)
    lo, mid, hi = np.percentile(mc.latest, [2.5, 50, 97.5])
    assert repr(mc) == (
        f"<ghgtrack.MonteCarloResult 5,000 iterations, seed 2: latest year {mid:,.0f} t CO2e "
        f"(95 % interval {lo:,.0f} t to {hi:,.0f} t)>"
    )


def test_analysis_displays():
    # LMDI, one period: road 100,000 people x 2 t -> 110,000 x 1.5 t; heating 100,000 x 1 t ->
    # 110,000 x 0.5 t: 300,000 t to 220,000 t, a change of -80,000 t and a ratio of 0.733.
    start = pd.DataFrame({"population": [1e5, 1e5], "per_person": [2.0, 1.0]}, index=["road", "heat"])
    end = pd.DataFrame({"population": [1.1e5, 1.1e5], "per_person": [1.5, 0.5]}, index=["road", "heat"])
    r = ghgtrack.lmdi(start, end)
    html = r._repr_html_()
    text = "".join(_check(html).text)
    # Population effect: ln(1.1) x (L(165000, 200000) + L(55000, 100000)), L the logarithmic mean.
    pop = math.log(1.1) * (35000 / math.log(200 / 165) + 45000 / math.log(100 / 55))
    assert f"+{pop:,.0f}" in text and "-80,000" in text and "0.733" in text
    assert "300.0 kt → 220.0 kt" in text
    # IPCC Approach 1: combined uncertainty of each category = sqrt(AD² + EF²): road sqrt(9 + 16) = 5 %.
    a1 = uncertainty.approach1(_categories())
    text = "".join(_check(a1._repr_html_()).text)
    assert "±5.0\u00a0%" in text and "Approach 1" in text
    # Shares of the variance sum to 100 %: (5 x 120)², (sqrt(29) x 60)², (sqrt(26) x 50)².
    h = np.array([25 * 120**2, 29 * 60**2, 26 * 50**2], dtype=float)
    assert f"{h[0] / h.sum() * 100:.1f}\u00a0%" in text


def test_baseline_display():
    inv = datasets.oslo()
    b = ghgtrack.baseline(inv, until=2030, method="frozen")
    html = b._repr_html_()
    text = "".join(_check(html).text)
    # Frozen: every year holds the 2024 level, 944,853 t (Miljødirektoratet's published total).
    assert "frozen" in text and "944,853" in text and "2030" in text
