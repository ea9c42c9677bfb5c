"""Notebook displays: the ``_repr_html_`` of ghgtrack's result types.

One place for the HTML views that Jupyter shows, so that every class only
delegates here (``def _repr_html_(self): return _display.tracking(self)``).
Every number is written by :mod:`ghgtrack._format` (one format per
language); charts are small inline SVG written by hand (no matplotlib), each
with a text alternative (``role="img"`` and ``aria-label``); a status is
shown as text and a symbol, never by colour alone.
"""

from __future__ import annotations

import html
import math
from typing import Any, Iterable, List, Optional, Sequence, Tuple

import numpy as np

from . import _format as fmt

# Colours (Paul Tol's "bright" scheme, safe for colour-blind readers); the
# meaning is always in the text beside them.
_STATUS = {
    "on track": ("#117733", "✓"),
    "at risk": ("#8a6d00", "!"),
    "off track": ("#B22222", "✗"),
}
_BLUE, _GREY, _RED = "#4477AA", "#777777", "#B22222"
_BOX = "font-family:sans-serif;font-size:13px;line-height:1.4;max-width:46em"
_TABLE = "border-collapse:collapse;margin:4px 0;font-size:inherit"
_TD = "padding:1px 10px 1px 0;text-align:left;vertical-align:top"
_NUM = "padding:1px 0 1px 12px;text-align:right;font-variant-numeric:tabular-nums"


def _e(text: Any) -> str:
    return html.escape(str(text))


def _box(title: str, body: str) -> str:
    return f"<div class='ghgtrack' style='{_BOX}'><strong>{title}</strong>{body}</div>"


def _rows(rows: Iterable[Tuple[str, str]]) -> str:
    """A two-column table of label and value (a row header and its cell)."""
    body = "".join(f"<tr><th scope='row' style='{_TD};font-weight:normal'>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return f"<table style='{_TABLE}'>{body}</table>"


def _grid(corner: str, columns: Sequence[Any], rows: Sequence[Tuple[str, Sequence[str]]], caption: str = "") -> str:
    """A table with column headers and row headers; cells already formatted."""
    cap = f"<caption style='text-align:left;caption-side:top'>{caption}</caption>" if caption else ""
    head = f"<th scope='col' style='{_TD}'>{_e(corner)}</th>" + "".join(
        f"<th scope='col' style='{_NUM}'>{_e(c)}</th>" for c in columns
    )
    body = "".join(
        f"<tr><th scope='row' style='{_TD};font-weight:normal'>{label}</th>"
        + "".join(f"<td style='{_NUM}'>{v}</td>" for v in cells)
        + "</tr>"
        for label, cells in rows
    )
    return f"<table style='{_TABLE}'>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def badge(status: Any) -> str:
    """The status as a badge: a symbol and the words, coloured."""
    text = str(status)
    colour, symbol = _STATUS.get(text, ("#333333", "?"))
    return (
        f"<span class='ghgtrack-status' style='display:inline-block;padding:0 6px;border-radius:3px;"
        f"background:{colour};color:#fff;font-weight:bold'>{symbol} {_e(text)}</span>"
    )


def _finite(v: Any) -> bool:
    return v is not None and isinstance(v, (int, float, np.floating, np.integer)) and math.isfinite(float(v))


# -- inline SVG -------------------------------------------------------------------


def line_chart(
    lines: Sequence[Tuple[str, Sequence[float], Sequence[float], str, bool]],
    *,
    label: str,
    width: int = 360,
    height: int = 140,
    lang: str = "en",
) -> str:
    """A small SVG line chart: ``lines`` are (name, years, t CO2e, colour,
    dashed). The y axis is in the unit :func:`ghgtrack._format.mass` picks
    for the largest value, and starts at zero. ``label`` is the text
    alternative."""
    pts = [(float(x), float(y)) for _, xs, ys, _, _ in lines for x, y in zip(xs, ys) if _finite(y) and _finite(x)]
    if not pts:
        return ""
    x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
    ymax = max(max(p[1] for p in pts), 0.0)
    ymin = min(min(p[1] for p in pts), 0.0)
    if x1 == x0:
        x1 = x0 + 1.0
    if ymax == ymin:
        ymax = ymin + 1.0
    left, right, top, bottom = 48, 8, 8, 30
    pw, ph = width - left - right, height - top - bottom

    def sx(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * pw

    def sy(y: float) -> float:
        return top + (ymax - y) / (ymax - ymin) * ph

    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' role='img' aria-label='{_e(label)}' width='{width}' "
        f"height='{height}' viewBox='0 0 {width} {height}' style='font:10px sans-serif'>",
        f"<title>{_e(label)}</title>",
        f"<line x1='{left}' y1='{top + ph}' x2='{left + pw}' y2='{top + ph}' stroke='#999'/>",
        f"<line x1='{left}' y1='{top}' x2='{left}' y2='{top + ph}' stroke='#999'/>",
    ]
    for v in (ymin, ymax):
        parts.append(
            f"<text x='{left - 4}' y='{sy(v) + 3:.1f}' text-anchor='end' fill='#333'>{_e(fmt.mass(v, lang))}</text>"
        )
    for v, anchor in ((x0, "start"), (x1, "end")):  # inside the picture, never clipped
        parts.append(f"<text x='{sx(v):.1f}' y='{top + ph + 12}' text-anchor='{anchor}' fill='#333'>{v:.0f}</text>")
    lx = left
    for name, xs, ys, colour, dashed in lines:
        seg = [(sx(float(x)), sy(float(y))) for x, y in zip(xs, ys) if _finite(x) and _finite(y)]
        if not seg:
            continue
        dash = " stroke-dasharray='4 3'" if dashed else ""
        coords = " ".join(f"{a:.1f},{b:.1f}" for a, b in seg)
        parts.append(f"<polyline fill='none' stroke='{colour}' stroke-width='1.6'{dash} points='{coords}'/>")
        # The legend below the plot area, never over it.
        parts.append(
            f"<line x1='{lx}' y1='{height - 5}' x2='{lx + 14}' y2='{height - 5}' stroke='{colour}' "
            f"stroke-width='1.6'{dash}/><text x='{lx + 18}' y='{height - 2}' fill='#333'>{_e(name)}</text>"
        )
        lx += 26 + 6 * len(name)
    parts.append("</svg>")
    return "".join(parts)


def histogram(
    values: np.ndarray,
    low: float,
    high: float,
    *,
    label: str,
    bins: int = 30,
    width: int = 360,
    height: int = 110,
    lang: str = "en",
) -> str:
    """A small SVG histogram of ``values`` (t CO2e) with the interval
    [``low``, ``high``] shaded and its bounds written below."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return ""
    counts, edges = np.histogram(v, bins=bins)
    lo_x, hi_x = float(edges[0]), float(edges[-1])
    if hi_x == lo_x:
        hi_x = lo_x + 1.0
    left, right, top, bottom = 8, 8, 6, 30
    pw, ph = width - left - right, height - top - bottom
    cmax = max(int(counts.max()), 1)

    def sx(x: float) -> float:
        return left + (x - lo_x) / (hi_x - lo_x) * pw

    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' role='img' aria-label='{_e(label)}' width='{width}' "
        f"height='{height}' viewBox='0 0 {width} {height}' style='font:10px sans-serif'>",
        f"<title>{_e(label)}</title>",
        f"<rect x='{sx(low):.1f}' y='{top}' width='{max(sx(high) - sx(low), 0.5):.1f}' height='{ph}' "
        "fill='#4477AA' fill-opacity='0.15'/>",
    ]
    for c, a, b in zip(counts, edges[:-1], edges[1:]):
        h = ph * int(c) / cmax
        parts.append(
            f"<rect x='{sx(float(a)):.1f}' y='{top + ph - h:.1f}' width='{max(sx(float(b)) - sx(float(a)) - 1, 0.5):.1f}' "
            f"height='{h:.1f}' fill='{_BLUE}'/>"
        )
    for x in (low, high):
        parts.append(
            f"<line x1='{sx(x):.1f}' y1='{top}' x2='{sx(x):.1f}' y2='{top + ph}' stroke='{_RED}' "
            "stroke-dasharray='3 2'/>"
        )
    parts.append(
        f"<text x='{sx(low):.1f}' y='{top + ph + 12}' text-anchor='middle' fill='#333'>{_e(fmt.mass(low, lang))}</text>"
        f"<text x='{sx(high):.1f}' y='{top + ph + 24}' text-anchor='middle' fill='#333'>"
        f"{_e(fmt.mass(high, lang))}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


# -- the result types ---------------------------------------------------------------


def _rate(v: Optional[float], lang: str) -> str:
    """A rate as a fraction per year: ``-5.00 %/yr``."""
    if not _finite(v):
        return fmt.MISSING
    return f"{fmt.fraction(v, lang, digits=2)}/yr"


def _run_out(result: Any) -> str:
    ro = result.core.run_out
    state = str(ro.state)
    if state == "runs out":
        return f"runs out in {ro.year} on the trend"
    if state == "overspent":
        return f"already overspent (since {ro.year})"
    return _e(state)


def tracking_repr(result: Any, lang: str = "en") -> str:
    """One line: status, latest year against the pathway, the rate needed
    to the next milestone and the budget left."""
    c = result.core
    path = c.pathway_value[-1] if len(c.pathway_value) else None
    need = "".join(f"; needs {_rate(r, lang)} to {y}" for y, r in list(result.required_rates.items())[:1])
    return (
        f"<ghgtrack.TrackingResult {c.status}: {c.latest_year} {fmt.mass(c.latest_value, lang)} CO2e vs pathway "
        f"{fmt.mass(path, lang)}{need}; budget left {fmt.mass(c.remaining, lang)}; target {result.target}>"
    )


def tracking(result: Any, lang: str = "en") -> str:
    """A :class:`~ghgtrack.TrackingResult`: status badge, where the latest year
    stands, the gap, the rate so far and the rate required, the budget left."""
    c = result.core
    t = result.target
    last_path = c.pathway_value[-1] if len(c.pathway_value) else None
    gap = c.gap[-1] if len(c.gap) else None
    gap_pct = c.gap_pct[-1] if len(c.gap_pct) else None
    rows: List[Tuple[str, str]] = [
        ("Status", badge(c.status)),
        (
            f"Emissions {c.latest_year}",
            f"{fmt.mass(c.latest_value, lang)} CO2e "
            f"({fmt.change(c.base_value, c.latest_value, lang)} since {c.base_year}: {fmt.mass(c.base_value, lang)})",
        ),
        (f"Target pathway {c.latest_year}", f"{fmt.mass(last_path, lang)} CO2e"),
        (
            "Gap (actual − pathway)",
            f"{fmt.mass(gap, lang)} ({fmt.percent(gap_pct, lang)})" if _finite(gap) else fmt.MISSING,
        ),
        (
            "Rate so far",
            f"{_rate(c.compound_rate, lang)} compound; trend {_rate(c.fitted_rate, lang)}"
            + (
                f" ({fmt.fraction(c.fitted_rate_lo, lang, 2)} to {fmt.fraction(c.fitted_rate_hi, lang, 2)})"
                if _finite(c.fitted_rate_lo) and _finite(c.fitted_rate_hi)
                else ""
            ),
        ),
    ]
    for y, r in result.required_rates.items():
        rows.append((f"Required rate to {y}", f"<strong>{_rate(r, lang)}</strong> from {c.latest_year}"))
    if c.milestones:
        fy, fl = c.milestones[-1]
        when = (
            f"reached in {c.year_reached_whole} ({'in time' if c.reached_in_time else 'too late'})"
            if c.year_reached_whole is not None
            else "not reached"
        )
        rows.append((f"{fy} level on today's trend", f"{fmt.mass(fl, lang)}: {when}"))
    budget_years = f"{c.base_year}–{c.milestones[-1][0]}" if c.milestones else ""
    rows.append(
        (
            "Budget left",
            f"<strong>{fmt.mass(c.remaining, lang)}</strong> of {fmt.mass(c.budget, lang)} ({budget_years}, "
            f"{_e(str(result.convention).replace('_', ' '))}); {_run_out(result)}",
        )
    )
    end = c.milestones[-1][0] if c.milestones else c.latest_year
    path_years = np.linspace(float(c.base_year), float(max(end, c.latest_year)), 41)
    chart = line_chart(
        [
            ("actual", c.years, c.actual, _BLUE, False),
            ("pathway", path_years, result.pathway(path_years), _GREY, True),
        ],
        label=f"Actual emissions {c.years[0]}–{c.latest_year} against the target pathway" if c.years else "chart",
        lang=lang,
    )
    return _box(f"Target {_e(t)}", _rows(rows) + chart)


def _level(v: Optional[float], kind: str, lang: str) -> str:
    """A target level in the target's own terms."""
    if not _finite(v):
        return fmt.MISSING
    if kind == "per_capita":
        return f"{fmt.number(v, 2, lang)} t CO2e per person"
    if kind == "intensity":
        return f"{fmt.number(v, 3, lang)} t CO2e per unit of activity"
    return f"{fmt.mass(v, lang)} CO2e"


def target(t: Any, lang: str = "en") -> str:
    """A :class:`~ghgtrack.Target`: kind, base year and one row per milestone."""
    head: List[Tuple[str, str]] = []
    if t.name:
        head.append(("Name", _e(t.name)))
    base = f"{t.base_year}" if t.base_year is not None else "the first year of the data"
    kind = t.kind
    if t.base_value is not None:
        base += f" ({_level(t.base_value, kind, lang)})"
    head += [("Kind", _e(kind.replace("_", " "))), ("Base year", base)]
    if t.sector:
        head.append(("Sector", _e(t.sector)))
    changes, levels = t.changes, t.levels
    rows = []
    for y in t.years:
        if y in changes:
            ch = changes[y]
            allowed = _level(t.base_value * (1.0 + ch), kind, lang) if t.base_value is not None else fmt.MISSING
            rows.append((str(y), [fmt.fraction(ch, lang), allowed]))
        elif y in levels:
            rows.append((str(y), [fmt.MISSING, _level(levels[y], kind, lang)]))
    table = _grid("Year", ["Change vs base", "Allowed"], rows) if rows else ""
    return _box(f"Target {_e(t)}", _rows(head) + table)


def pathway(p: Any, lang: str = "en") -> str:
    """A :class:`~ghgtrack.Pathway`: its anchors and a small chart."""
    anchors = p.anchors
    rows = [(f"{y:g}", [fmt.mass(v, lang)]) for y, v in anchors]
    rate = p.rate
    tail = f"<p>Then {_rate(rate, lang)}, open-ended.</p>" if rate is not None else ""
    if anchors:
        y0, y1 = anchors[0][0], anchors[-1][0]
        if rate is not None:
            y1 = y1 + max(10.0, (y1 - y0) / 2)
        years = np.linspace(y0, y1, 61)
        values = p(years)
        chart = line_chart(
            [(p.label or "pathway", years, values, _BLUE, False)],
            label=f"Pathway {p.label} {y0:g}–{y1:g}, t CO2e per year",
            lang=lang,
        )
    else:
        chart = ""
    return _box(f"Pathway {_e(p.label)}", _grid("Year", ["t CO2e/yr"], rows) + tail + chart)


def monte_carlo_repr(mc: Any, level: float = 0.95, lang: str = "en") -> str:
    """One line: iterations, seed and the latest year's median with its interval."""
    lo, mid, hi = np.percentile(mc.latest, [(1 - level) / 2 * 100, 50.0, (1 + level) / 2 * 100])
    return (
        f"<ghgtrack.MonteCarloResult {fmt.number(mc.iterations, 0, lang)} iterations, seed {mc.seed}: latest year "
        f"{fmt.mass(mid, lang)} CO2e ({level * 100:g} % interval {fmt.mass(lo, lang)} to {fmt.mass(hi, lang)})>"
    )


def monte_carlo(mc: Any, level: float = 0.95, lang: str = "en") -> str:
    """A :class:`~ghgtrack.uncertainty.MonteCarloResult`: the summary in kt and
    a histogram of the latest year's totals with the interval."""
    s = mc.summary(level)
    pct = f"{level * 100:g}"
    rows = []
    for name in s.index:
        r = s.loc[name]
        rows.append(
            (
                _e(name),
                [
                    fmt.mass(r["mean"], lang),
                    fmt.mass(r["median"], lang),
                    f"{fmt.mass(r['low'], lang)} – {fmt.mass(r['high'], lang)}",
                    f"−{fmt.percent(r['lower_pct'], lang, sign=False)} / +{fmt.percent(r['upper_pct'], lang, sign=False)}",
                ],
            )
        )
    table = _grid("Year", ["Mean", "Median", f"{pct} % interval", "Uncertainty"], rows)
    latest = s.loc["latest"]
    hist = histogram(
        mc.latest,
        float(latest["low"]),
        float(latest["high"]),
        label=f"Histogram of the latest year's total over {mc.iterations} iterations; {pct} % interval "
        f"{fmt.mass(latest['low'], lang)} to {fmt.mass(latest['high'], lang)}",
        lang=lang,
    )
    trend = np.percentile(mc.trend_pct(), [50.0, (1 - level) / 2 * 100, (1 + level) / 2 * 100])
    extra = _rows(
        [
            (
                "Change base → latest",
                f"{fmt.percent(trend[0], lang)} ({pct} %: {fmt.percent(trend[1], lang)} to {fmt.percent(trend[2], lang)})",
            )
        ]
    )
    return _box(
        f"Monte Carlo (IPCC Approach 2): {fmt.number(mc.iterations, 0, lang)} iterations, seed {mc.seed}",
        table + extra + "<div>Latest year, t CO2e:</div>" + hist,
    )


def inventory(inv: Any, lang: str = "en", max_years: int = 6) -> str:
    """An :class:`~ghgtrack.Inventory`: sectors × years in t CO2e with the
    total, incomplete sums marked (an unknown is never shown as zero)."""
    df = inv.by_sector()
    years = list(inv.years)
    show = years if len(years) <= max_years else years[:1] + years[-(max_years - 1) :]
    incomplete = set(tuple(x) if isinstance(x, (list, tuple)) else x for x in df.attrs.get("incomplete", []))
    rows = []
    for sector in df.index:
        cells = []
        for y in show:
            mark = " *" if (sector, y) in incomplete else ""
            cells.append(fmt.number(df.at[sector, y], 0, lang) + mark)
        rows.append((_e(sector), cells))
    tot = inv.total()
    tot_inc = set(tot.attrs.get("incomplete", []))
    rows.append(
        (
            "<strong>Total</strong>",
            [f"<strong>{fmt.number(tot[y], 0, lang)}{' *' if y in tot_inc else ''}</strong>" for y in show],
        )
    )
    cols: List[Any] = show if len(show) == len(years) else show[:1] + ["…"] + show[1:]
    if len(show) != len(years):
        rows = [(lab, cells[:1] + [""] + cells[1:]) for lab, cells in rows]
    name = inv.provenance.get("municipality") or inv.provenance.get("dataset") or inv.provenance.get("scenario") or ""
    caption = f"t CO2e by sector, {_e(inv.metric or 'metric unknown')}"
    note = (
        "<div>* incomplete: includes a cell that is not estimated, confidential or missing</div>"
        if (incomplete or tot_inc)
        else ""
    )
    span = f"{years[0]}–{years[-1]}" if years else "no years"
    title = f"Inventory {_e(name)} {span}".replace("  ", " ")
    summary = f"<div>{len(inv.sectors)} sectors, {len(inv.gases)} gases ({_e(', '.join(inv.gases))})</div>"
    return _box(title, summary + _grid("Sector", cols, rows, caption) + note)


def scenario(sc: Any, lang: str = "en", max_years: int = 6) -> str:
    """A :class:`~ghgtrack.Scenario`: totals against its baseline, the combined
    reduction, the measures applied and those without a quantified effect."""
    years = list(sc.years)
    show = years if len(years) <= max_years else years[:1] + years[-(max_years - 1) :]
    total = sc.total()
    red = sc.reduction()
    base = total + red
    rows = [
        ("Baseline", [fmt.number(base[y], 0, lang) for y in show]),
        ("Reduction", [fmt.number(-red[y], 0, lang) for y in show]),
        (f"<strong>{_e(sc.name)}</strong>", [f"<strong>{fmt.number(total[y], 0, lang)}</strong>" for y in show]),
        ("Projected", ["yes" if bool(sc.projected[y]) else "no" for y in show]),
    ]
    table = _grid("t CO2e", show, rows)
    unq = ", ".join(_e(m.id) for m in sc.unquantified)
    info = _rows(
        [
            ("Measures applied", f"{len(sc.applied)}"),
            ("Not quantified (listed, not counted)", f"{len(sc.unquantified)}" + (f": {unq}" if unq else "")),
        ]
    )
    chart = line_chart(
        [("baseline", years, base.tolist(), _GREY, True), (sc.name, years, total.tolist(), _BLUE, False)],
        label=f"Scenario {sc.name} against its baseline, {years[0]}–{years[-1]}" if years else "chart",
        lang=lang,
    )
    return _box(f"Scenario {_e(sc.name)}", info + table + chart)


def caps(cp: Any, lang: str = "en") -> str:
    """A :class:`~ghgtrack.Caps`: each cap year as stated and in tonnes."""
    df = cp.frame()
    rows = [
        (
            str(y),
            [
                fmt.fraction(r["change"], lang) if _finite(r["change"]) else fmt.MISSING,
                fmt.number(r["cap_t"], 0, lang),
            ],
        )
        for y, r in df.iterrows()
    ]
    head = []
    if cp.source:
        head.append(("Source", _e(cp.source)))
    if cp.base_year is not None:
        head.append(("Base year", f"{cp.base_year} ({fmt.mass(cp.base_level, lang)} CO2e)"))
    return _box("Emission caps (utslippsrammer)", _rows(head) + _grid("Year", ["Change vs base", "Cap (t CO2e)"], rows))


def ledger(led: Any, lang: str = "en") -> str:
    """A :class:`~ghgtrack.Ledger`: per cap year the cap, baseline, planned
    effect, projected level and gap (positive = over the cap), and the
    actual level where the inventory has the year."""
    df = led.caps_frame()
    cols = ["cap_t", "baseline_t", "planned_t", "projected_t", "gap_t", "actual_t", "actual_gap_t"]
    names = ["Cap", "Baseline", "Planned", "Projected", "Gap", "Actual", "Actual − cap"]
    rows = []
    for y, r in df.iterrows():
        cells = []
        for c in cols:
            v = r[c]
            text = fmt.number(v, 0, lang, sign=c in ("gap_t", "actual_gap_t"))
            if c == "gap_t" and _finite(v) and v > 0:
                text = f"<strong>{text} (over)</strong>"
            cells.append(text)
        rows.append((str(y), cells))
    info = _rows(
        [
            ("Caps", _e(led.caps.source or "caps")),
            ("Measures", f"{len(led.measures)}"),
        ]
        + ([("Inventory release", _e(led.release))] if led.release else [])
    )
    return _box(
        "Klimabudsjett ledger", info + _grid("Year", names, rows, "t CO2e; gap = projected − cap, positive = over")
    )


def baseline(b: Any, lang: str = "en") -> str:
    """A :class:`~ghgtrack.Baseline`: the projected sectors × years (t CO2e)
    and the method."""
    ys = list(b.years)
    span = f"{ys[0]}–{ys[-1]}" if ys else "no years"
    body = inventory(b.inventory, lang)
    return _box(f"Baseline ({_e(b.method)}, by {_e(b.by)}), {span}", body)


def lmdi(r: Any, lang: str = "en") -> str:
    """A :class:`~ghgtrack.decomposition.LmdiResult`: each factor's effect in
    t CO2e and its index, with the total (the change and the ratio)."""
    rows = []
    for f in r.factors:
        ratio = r.multiplicative[f] if r.multiplicative_defined else None
        rows.append((_e(f), [fmt.number(r.additive[f], 0, lang, sign=True), fmt.number(ratio, 3, lang)]))
    total_ratio = r.end_tonnes / r.start_tonnes if r.multiplicative_defined else None
    rows.append(
        (
            "<strong>Total</strong>",
            [
                f"<strong>{fmt.number(r.end_tonnes - r.start_tonnes, 0, lang, sign=True)}</strong>",
                f"<strong>{fmt.number(total_ratio, 3, lang)}</strong>",
            ],
        )
    )
    note = f"<div>{_e(r.note)}</div>" if r.note else ""
    title = f"LMDI decomposition: {fmt.mass(r.start_tonnes, lang)} → {fmt.mass(r.end_tonnes, lang)} CO2e"
    return _box(title, _grid("Factor", ["Effect (t CO2e)", "Index"], rows) + note)


def lmdi_series(r: Any, lang: str = "en") -> str:
    """A :class:`~ghgtrack.decomposition.LmdiSeries`: periods × factors, t CO2e,
    with the total over the whole span."""
    df = r.to_frame()
    rows = [(_e(p), [fmt.number(v, 0, lang, sign=True) for v in df.loc[p].tolist()]) for p in df.index if p != "total"]
    rows.append(("<strong>Total</strong>", [fmt.number(v, 0, lang, sign=True) for v in df.loc["total"].tolist()]))
    ys = r.years
    return _box(
        f"Chained LMDI {ys[0]}–{ys[-1]}",
        _grid("Period", [str(f) for f in df.columns], rows, "additive effects, t CO2e"),
    )


def approach1(r: Any, lang: str = "en") -> str:
    """An :class:`~ghgtrack.uncertainty.Approach1Result`: the level and trend
    uncertainty, and each category's share of the variance."""
    head = _rows(
        [
            ("Total", f"{fmt.mass(r.base_total, lang)} → {fmt.mass(r.latest_total, lang)} CO2e"),
            ("Level uncertainty", f"±{fmt.percent(r.uncertainty_pct, lang, sign=False)}"),
            (
                "Trend",
                f"{fmt.percent(r.trend_pct, lang)} ± {fmt.number(r.trend_uncertainty_pct, 1, lang)} percentage points",
            ),
        ]
    )
    t = r.table
    # Column H is each category's contribution to the variance (%²); its share is H / sum H.
    h_sum = float(t["variance_share"].sum())
    rows = [
        (
            _e(c),
            [
                fmt.number(t.at[c, "latest"], 0, lang),
                f"±{fmt.percent(t.at[c, 'combined_pct'], lang, sign=False)}",
                fmt.percent(t.at[c, "variance_share"] / h_sum * 100.0 if h_sum > 0 else None, lang, sign=False),
            ],
        )
        for c in t.index
    ]
    return _box(
        "Uncertainty (IPCC 2006 Approach 1, Table 3.3)",
        head + _grid("Category", ["Latest (t CO2e)", "Combined", "Share of variance"], rows),
    )


def target_probability(p: Any, lang: str = "en") -> str:
    """A :class:`~ghgtrack.uncertainty.TargetProbability`: the chances and the
    spread of the target-year outcome."""
    rows = [
        (f"Target met in {p.target_year}", fmt.percent(p.probability_met * 100.0, lang, sign=False)),
        ("Budget holds", fmt.percent(p.probability_budget * 100.0, lang, sign=False)),
        (f"Level allowed in {p.target_year}", f"{fmt.mass(p.target_level_tonnes, lang)} CO2e"),
    ]
    rows += [(f"Outcome, {_e(k)}", f"{fmt.mass(v, lang)} CO2e") for k, v in p.outcomes.items()]
    return _box("Probability of meeting the target", _rows(rows))
