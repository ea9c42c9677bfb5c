"""The tracking chart written directly as SVG (ghgtrack._svgchart) and its
PNGs: what is drawn is checked against the data by hand, not against a
stored rendering."""

from __future__ import annotations

import shutil
import struct
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import ghgtrack
from ghgtrack import datasets, plotting
from ghgtrack._svgchart import nice_step, tracking_svg, wrap

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def oslo_result():
    inv = datasets.oslo()
    return ghgtrack.track(inv, datasets.default_target("Oslo"))


def test_nice_steps_by_hand():
    assert nice_step(1500, 7) == 250  # 1500/7 = 214 -> 250
    assert nice_step(1400, 7) == 200
    assert nice_step(0.3, 7) == pytest.approx(0.05)
    assert nice_step(23, 10, whole=True) == 5  # years: 2.3 -> 5, never 2.5
    assert nice_step(7, 10, whole=True) == 1
    assert nice_step(0, 7) == 1.0 and nice_step(float("nan"), 7) == 1.0


def test_wrap_by_hand():
    assert wrap("today's trend to 2030 (95 % interval)", 40) == ["today's trend to 2030 (95 % interval)"]
    assert wrap("a b c d", 3) == ["a b", "c d"]
    assert wrap("aaa bbb ccc ddd", 7) == ["aaa bbb", "ccc ddd"]
    assert wrap("aaa bbb ccc ddd eee", 7) == ["aaa bbb", "ccc dd…"]
    assert wrap("x" * 50, 10, lines=1) == ["x" * 9 + "…"]


def test_svg_draws_the_data(oslo_result):
    data = plotting.chart_data(oslo_result, lang="no")
    svg = tracking_svg(data, lang="no", prefix="t", title="Oslo", description="d")
    root = ET.fromstring(svg)  # well-formed XML
    assert root.get("role") == "img" and root.get("aria-labelledby") == "t-title t-desc"
    assert (root.get("width"), root.get("height")) == ("1600", "900")
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert ids and all(i.startswith("t-") for i in ids) and len(ids) == len(set(ids))
    # one bar per layer and year with a non-zero value (Oslo: no accounts for 2010, 2012, 2014)
    groups = [g for g in root.iter(f"{SVG}g") if g.get("fill") in plotting.PALETTE]
    assert len(groups) == len(data.layers)
    for g, (_, vals) in zip(groups, data.layers):
        assert len(g.findall(f"{SVG}rect")) == int(np.sum(np.isfinite(vals) & (vals != 0)))
    # the stacked bars of the base year reach the base-year total: heights add up
    # to the total on the axis scale read from two tick labels
    texts = [t for t in root.iter(f"{SVG}text")]
    words = {t.text for t in texts}
    # Oslo's 2009 total is 1 388 245,6 t; the 2030 milestone is 95 % below it: 69,4 kt (by hand)
    assert "2030: 69,4 kt (-95\u00a0%)" in words
    assert {"målbane", "delmål", "år", "kt CO2e"} <= words
    ticks = {t.text: float(t.get("y")) for t in texts if t.get("text-anchor") == "end" and t.text[0].isdigit()}
    assert "0" in ticks and "1\u00a0000" in ticks  # Norwegian grouping with a no-break space
    px_per_kt = (ticks["0"] - ticks["1\u00a0000"]) / 1000.0
    rects = [r for g in groups for r in g.findall(f"{SVG}rect")]
    x_first = min(float(r.get("x")) for r in rects)  # the base year's bar
    first = [float(r.get("height")) for r in rects if float(r.get("x")) == x_first]
    total_kt = sum(np.nan_to_num(v[0]) for _, v in data.layers)
    assert sum(first) / px_per_kt == pytest.approx(total_kt, rel=2e-3)
    assert oslo_result.base_value / 1e3 == pytest.approx(total_kt, rel=1e-9)


def test_svg_escapes_every_text(oslo_result):
    data = plotting.chart_data(oslo_result, title="<b>&'\"", lang="en")
    svg = tracking_svg(data, lang="en")
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg
    ET.fromstring(svg)


def _png_size(path):
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


@pytest.mark.skipif(shutil.which("rsvg-convert") is None, reason="rsvg-convert (librsvg2-bin) is not installed")
def test_pngs_rasterised_from_the_svg(tmp_path, oslo_result):
    paths = plotting.save_chart(oslo_result, str(tmp_path / "c"), lang="en")
    assert [p.rsplit("/", 1)[1] for p in paths] == ["c.png", "c@2x.png", "c.svg"]
    assert _png_size(tmp_path / "c.png") == (1600, 900)
    assert _png_size(tmp_path / "c@2x.png") == (3200, 1800)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.png", "c.svg", "c@2x.png"]  # no temporary left


def test_pngs_without_rsvg_convert_come_from_matplotlib(tmp_path, oslo_result, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    plotting.save_chart(oslo_result, str(tmp_path / "c"), lang="no")
    assert _png_size(tmp_path / "c.png") == (1600, 900)
    assert _png_size(tmp_path / "c@2x.png") == (3200, 1800)
    assert "målbane" in (tmp_path / "c.svg").read_text(encoding="utf-8")


def test_failed_rasteriser_is_an_io_error_and_leaves_nothing(tmp_path):
    with pytest.raises(ghgtrack.IoError, match="rsvg-convert failed"):
        plotting.rasterise_svg(shutil.which("false") or "/bin/false", "<svg/>", [(str(tmp_path / "x.png"), 1)])
    assert list(tmp_path.iterdir()) == []
