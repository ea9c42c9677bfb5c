"""The tracking chart as SVG, written directly (no matplotlib).

The page and the CLI's chart files use this: the same
:class:`~ghgtrack.plotting.ChartData` that :func:`~ghgtrack.plotting.plot_tracking`
draws with matplotlib, written in a few milliseconds; the PNGs are rasterised
from it (``rsvg-convert``). Sizes are px of the 1600 × 900 slide.
"""

from __future__ import annotations

import html
import math
from typing import Any, List, Optional, Tuple

import numpy as np

from . import _format as fmt
from .plotting import NOWCAST_COLOURS, NOWCAST_MARKERS, PALETTE, ChartData, short_label

SLIDE_PX = (1600, 900)
_FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
_EM = 0.6  # DejaVu Sans: mean advance width of a character in em (for the layout only)
_LEGEND_CHARS = 40  # a legend label wraps at about this many characters (two lines at most)


def nice_step(span: float, most: int, *, whole: bool = False) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k (without 2.5 when ``whole``: years)
    that covers ``span`` in at most ``most`` steps."""
    if not (span > 0 and math.isfinite(span)):
        return 1.0
    raw = span / max(most, 1)
    mag = 10.0 ** math.floor(math.log10(raw))
    for m in (1.0, 2.0, 5.0, 10.0) if whole else (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * mag >= raw * (1 - 1e-12):
            return m * mag
    return 10.0 * mag


def wrap(text: str, width: int, lines: int = 2) -> List[str]:
    """``text`` in at most ``lines`` lines of at most ``width`` characters
    (cut with '…' where it does not fit)."""
    out: List[str] = []
    cur = ""
    for w in text.split():
        if cur and len(cur) + 1 + len(w) > width:
            out.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    out.append(cur)
    out = [short_label(line, width) for line in out]
    if len(out) > lines:
        out = out[: lines - 1] + [short_label(" ".join(out[lines - 1 :]), width)]
    return out


def _f(v: float) -> str:
    return f"{v:.1f}"


def _marker(kind: str, cx: float, cy: float, colour: str, r: float) -> str:
    """A marker as matplotlib names them: "D" (filled diamond), "o", "s", "^" (open)."""
    if kind == "D":
        return (
            f'<polygon points="{_f(cx)},{_f(cy - r)} {_f(cx + r)},{_f(cy)} {_f(cx)},{_f(cy + r)} '
            f'{_f(cx - r)},{_f(cy)}" fill="{colour}"/>'
        )
    style = f'fill="#ffffff" stroke="{colour}" stroke-width="2.8"'
    if kind == "o":
        return f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="{_f(r * 0.8)}" {style}/>'
    if kind == "s":
        a = r * 0.75
        return f'<rect x="{_f(cx - a)}" y="{_f(cy - a)}" width="{_f(2 * a)}" height="{_f(2 * a)}" {style}/>'
    return (
        f'<polygon points="{_f(cx)},{_f(cy - r)} {_f(cx + r)},{_f(cy + r * 0.7)} '
        f'{_f(cx - r)},{_f(cy + r * 0.7)}" {style}/>'
    )


def tracking_svg(
    data: ChartData,
    *,
    lang: str = "en",
    prefix: str = "chart",
    title: Optional[str] = None,
    description: str = "",
) -> str:
    """``data`` as a standalone SVG document of 1600 × 900 px with the
    content of :func:`~ghgtrack.plotting.plot_tracking`: stacked bars, the
    pathway, milestones, the trend band, nowcast markers, and the legend right
    of the plot area. Every id starts with ``prefix``; with ``title`` the SVG
    is ``role="img"`` named by a <title> and <desc> (WCAG 1.1.1). Every text
    is escaped."""
    esc = html.escape
    W, H = SLIDE_PX
    legend: List[Tuple[str, str, List[str]]] = []  # (marker kind, colour, lines)
    for i, (label, _) in enumerate(data.layers):
        legend.append(("bar", PALETTE[i % len(PALETTE)], wrap(label, _LEGEND_CHARS)))
    legend.append(("pathway", "#000000", wrap(data.pathway_label, _LEGEND_CHARS)))
    if data.milestones:
        legend.append(("D", "#000000", wrap(data.milestone_label, _LEGEND_CHARS)))
    if data.trend is not None:
        legend.append(("trend", "#333333", wrap(data.trend[4], _LEGEND_CHARS)))
    for k, (method, label, _) in enumerate(data.nowcast):
        colour = NOWCAST_COLOURS[k % len(NOWCAST_COLOURS)]
        legend.append((NOWCAST_MARKERS.get(method, "^"), colour, wrap(label, _LEGEND_CHARS)))
    lfont, tick, axis_font, title_font, note_font = 19, 21, 24, 29, 21
    longest = max(len(line) for _, _, lines in legend for line in lines)
    legend_w = min(max(longest * lfont * _EM + 60, 220), 520)
    left, top, bottom = 125.0, 72.0, H - 95.0
    right = W - legend_w - 30.0
    x0, x1 = data.xlim
    y0, y1 = data.ylim
    if not (y1 > y0):
        y1 = y0 + 1.0
    if not (x1 > x0):
        x1 = x0 + 1.0

    def X(v: float) -> float:
        return left + (v - x0) / (x1 - x0) * (right - left)

    def Y(v: float) -> float:
        return bottom - (v - y0) / (y1 - y0) * (bottom - top)

    def runs(xs: Any, ys: Any) -> List[str]:
        """The points of a line, in runs (a missing value breaks the line)."""
        out_runs, cur = [], []
        for a, b in zip(xs, ys):
            if math.isfinite(a) and math.isfinite(b):
                cur.append(f"{_f(X(a))},{_f(Y(b))}")
            elif cur:
                out_runs.append(" ".join(cur))
                cur = []
        if cur:
            out_runs.append(" ".join(cur))
        return out_runs

    label_attr = ""
    if title:
        ids = f"{prefix}-title" + (f" {prefix}-desc" if description else "")
        label_attr = f' role="img" aria-labelledby="{ids}"'
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}"'
        f' font-family="{_FONT}"{label_attr}>'
    ]
    if title:
        out.append(f'<title id="{prefix}-title">{esc(title)}</title>')
        if description:
            out.append(f'<desc id="{prefix}-desc">{esc(description)}</desc>')
    out.append(f'<rect width="{W}" height="{H}" fill="#ffffff"/>')
    out.append(
        f'<defs><clipPath id="{prefix}-plot"><rect x="{_f(left)}" y="{_f(top)}" width="{_f(right - left)}"'
        f' height="{_f(bottom - top)}"/></clipPath></defs>'
    )
    # y grid and tick labels (the language's number format), x ticks
    step = nice_step(y1 - y0, 7)
    digits = 0 if step >= 1 else int(math.ceil(-math.log10(step) - 1e-9))
    k = math.ceil(y0 / step - 1e-9)
    while k * step <= y1 * (1 + 1e-12):
        v = k * step
        out.append(f'<line x1="{_f(left)}" x2="{_f(right)}" y1="{_f(Y(v))}" y2="{_f(Y(v))}" stroke="#c8c8c8"/>')
        out.append(
            f'<text x="{_f(left - 10)}" y="{_f(Y(v) + tick * 0.35)}" font-size="{tick}" text-anchor="end">'
            f"{esc(fmt.number(v, digits, lang))}</text>"
        )
        k += 1
    xstep = max(1.0, nice_step(x1 - x0, 10, whole=True))
    k = math.ceil(x0 / xstep)
    while k * xstep <= x1:
        v = k * xstep
        out.append(f'<line x1="{_f(X(v))}" x2="{_f(X(v))}" y1="{_f(bottom)}" y2="{_f(bottom + 7)}" stroke="#000000"/>')
        out.append(
            f'<text x="{_f(X(v))}" y="{_f(bottom + 9 + tick)}" font-size="{tick}" text-anchor="middle">{int(v)}</text>'
        )
        k += 1
    out.append(f'<g clip-path="url(#{prefix}-plot)">')
    base = np.zeros(len(data.years))
    for i, (_, vals) in enumerate(data.layers):
        rects = []
        for yr, b, v in zip(data.years, base, vals):
            if not (math.isfinite(v) and math.isfinite(b)) or v == 0:
                continue
            lo, hi = sorted((Y(b), Y(b + v)))
            rects.append(
                f'<rect x="{_f(X(yr - 0.4))}" y="{_f(lo)}" width="{_f(X(yr + 0.4) - X(yr - 0.4))}" height="{_f(hi - lo)}"/>'
            )
        out.append(f'<g fill="{PALETTE[i % len(PALETTE)]}">' + "".join(rects) + "</g>")
        base = base + np.nan_to_num(np.asarray(vals, dtype=float))
    if data.trend is not None:
        ty, tv, lo_v, hi_v, _ = data.trend
        ok = np.isfinite(lo_v) & np.isfinite(hi_v)
        if ok.any():
            edge = [f"{_f(X(a))},{_f(Y(b))}" for a, b in zip(ty[ok], hi_v[ok])]
            edge += [f"{_f(X(a))},{_f(Y(b))}" for a, b in zip(ty[ok][::-1], lo_v[ok][::-1])]
            out.append(f'<polygon points="{" ".join(edge)}" fill="#555555" fill-opacity="0.15"/>')
        for run in runs(ty, tv):
            out.append(
                f'<polyline points="{run}" fill="none" stroke="#333333" stroke-width="3.6" stroke-dasharray="13 6"/>'
            )
    for run in runs(*data.pathway):
        out.append(f'<polyline points="{run}" fill="none" stroke="#000000" stroke-width="4.2"/>')
    out.append("</g>")
    for k, (method, _, arr) in enumerate(data.nowcast):
        colour = NOWCAST_COLOURS[k % len(NOWCAST_COLOURS)]
        for ny, val, low, high in arr:
            if not (math.isfinite(ny) and math.isfinite(val)):
                continue
            if math.isfinite(low) and math.isfinite(high):
                xa = X(ny)
                out.append(
                    f'<path d="M{_f(xa)},{_f(Y(low))}V{_f(Y(high))}M{_f(xa - 6)},{_f(Y(low))}h12'
                    f'M{_f(xa - 6)},{_f(Y(high))}h12" stroke="{colour}" stroke-width="2" fill="none"/>'
                )
            out.append(_marker(NOWCAST_MARKERS.get(method, "^"), X(ny), Y(val), colour, 12.5))
    for yr, v, text in data.milestones:
        out.append(_marker("D", X(yr), Y(v), "#000000", 11))
        out.append(
            f'<text x="{_f(X(yr) - 14)}" y="{_f(Y(v) - 17)}" font-size="{note_font}" text-anchor="end">'
            f"{esc(text)}</text>"
        )
    out.append(
        f'<rect x="{_f(left)}" y="{_f(top)}" width="{_f(right - left)}" height="{_f(bottom - top)}" fill="none"'
        ' stroke="#000000" stroke-width="1.2"/>'
    )
    out.append(
        f'<text x="{_f((left + right) / 2)}" y="{_f(H - 22)}" font-size="{axis_font}" text-anchor="middle">'
        f"{esc(data.xlabel)}</text>"
    )
    out.append(
        f'<text transform="translate(34 {_f((top + bottom) / 2)}) rotate(-90)" font-size="{axis_font}"'
        f' text-anchor="middle">{esc(data.ylabel)}</text>'
    )
    out.append(
        f'<text x="{_f((left + right) / 2)}" y="{_f(top - 22)}" font-size="{title_font}" text-anchor="middle">'
        f"{esc(data.title)}</text>"
    )
    lx, ly = right + 22.0, top + 4.0
    line_h = lfont * 1.25
    for kind, colour, lines in legend:
        cy = ly + lfont * 0.55
        if kind == "bar":
            out.append(f'<rect x="{_f(lx)}" y="{_f(cy - 8)}" width="36" height="16" fill="{colour}"/>')
        elif kind == "pathway":
            out.append(
                f'<line x1="{_f(lx)}" x2="{_f(lx + 36)}" y1="{_f(cy)}" y2="{_f(cy)}" stroke="{colour}" stroke-width="4.2"/>'
            )
        elif kind == "trend":
            out.append(
                f'<rect x="{_f(lx)}" y="{_f(cy - 9)}" width="36" height="18" fill="#555555" fill-opacity="0.15"/>'
                f'<line x1="{_f(lx)}" x2="{_f(lx + 36)}" y1="{_f(cy)}" y2="{_f(cy)}" stroke="{colour}"'
                ' stroke-width="3.6" stroke-dasharray="13 6"/>'
            )
        else:
            out.append(_marker(kind, lx + 18, cy, colour, 10 if kind == "D" else 11))
        for j, line in enumerate(lines):
            out.append(
                f'<text x="{_f(lx + 48)}" y="{_f(ly + lfont * 0.9 + j * line_h)}" font-size="{lfont}">{esc(line)}</text>'
            )
        ly += line_h * len(lines) + 10
    out.append("</svg>")
    return "\n".join(out)
