"""Charts: actual emissions stacked by sector, the target pathway, the
milestones and the nowcast. :func:`chart_data` decides what the tracking
chart shows; :func:`plot_tracking` draws it with matplotlib (notebooks), and
:func:`save_chart` / :func:`chart_svg` write it as SVG directly
(``ghgtrack._svgchart``), rasterised to PNG by ``rsvg-convert``."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

import numpy as np

from ._atomic import save_figure

# A colour-blind-safe qualitative palette (Okabe & Ito 2008, extended).
PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#56B4E9",
    "#CC79A7",
    "#F0E442",
    "#999999",
    "#882255",
    "#44AA99",
    "#117733",
    "#332288",
]


def _pyplot() -> Any:
    # matplotlib is imported here, not at the top: it is an optional, heavy
    # dependency (about 0.5 s to import) that only the charts need.
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "module://matplotlib_inline.backend_inline"):
        try:
            import matplotlib.pyplot as plt  # noqa: F401
        except Exception:  # pragma: no cover - headless fallback
            matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def short_label(text: Any, limit: int = 60) -> str:
    """A label as a chart shows it: at most ``limit`` characters (a longer
    one ends in '…'). A sector name of megabytes would otherwise take
    matplotlib's text layout hours; the page and the JSON keep the name whole."""
    t = str(text)
    return t if len(t) <= limit else t[: limit - 1] + "…"


LABELS = {
    "en": {
        "pathway": "target pathway",
        "milestone": "milestone",
        "trend": "today's trend to {end} (95 % interval)",
        "nowcast": "estimate, no accounts yet ({method})",
        "methods": {"trend": "trend", "indicator": "indicators"},
        "year": "year",
        "emissions": "emissions",
        "other": "other sectors ({n})",
        "unit": "kt CO2e",
        "title": "Emissions and target ({target})",
    },
    "no": {
        "pathway": "målbane",
        "milestone": "delmål",
        "trend": "dagens trend til {end} (95 % intervall)",
        "nowcast": "anslag, ikke regnskap ennå ({method})",
        "methods": {"trend": "trend", "indicator": "indikatorer"},
        "year": "år",
        "emissions": "utslipp",
        "other": "andre sektorer ({n})",
        "unit": "kt CO2e",
        "title": "Utslipp og mål ({target})",
    },
}

# Sectors drawn as their own layer; the smaller rest is one layer ("other sectors (n)").
MAX_SECTORS = 12

# Slide-sized: 16:9, 1600 × 900 px at 100 dpi (and 3200 × 1800 px for HiDPI).
SLIDE_INCHES = (16.0, 9.0)
SLIDE_DPI = 100


def _labels(lang: str) -> Dict[str, Any]:
    if lang not in LABELS:
        from ._core import ArgumentError

        raise ArgumentError(f"lang must be one of {', '.join(LABELS)} (got {lang!r})")
    return LABELS[lang]


def _nowcast_groups(result: Any, payload: Optional[Dict[str, Any]]) -> Dict[str, list]:
    """Nowcast points grouped by method ("trend" when the entry names none):
    the payload's series when given (which a later nowcast method may extend),
    else the tracking result's own nowcast."""
    groups: Dict[str, list] = {}
    if payload is not None and "nowcast" in payload.get("series", {}):
        for n in payload["series"]["nowcast"]:
            groups.setdefault(str(n.get("method", "trend")), []).append(
                (n["year"], n["tonnes_co2e"], n["low"], n["high"])
            )
        return groups
    nc = result.nowcast
    for y, r in nc.iterrows():
        groups.setdefault("trend", []).append((int(y), r["value"], r["low"], r["high"]))
    return groups


@dataclass
class ChartData:
    """What the tracking chart shows, in kt CO2e, whoever draws it
    (:func:`plot_tracking` with matplotlib, :func:`tracking_svg` directly as
    SVG): one place decides the layers, lines, markers and every label."""

    title: str
    xlabel: str
    ylabel: str
    years: np.ndarray
    layers: List[Tuple[str, np.ndarray]]  # stacked bars: (label, kt per year)
    pathway: Tuple[np.ndarray, np.ndarray]  # years, kt
    pathway_label: str
    milestones: List[Tuple[int, float, str]]  # year, kt, annotation
    milestone_label: str
    trend: Optional[Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, str]]  # years, kt, low, high, label
    nowcast: List[Tuple[str, str, np.ndarray]]  # method, label, rows of (year, kt, low, high)
    xlim: Tuple[float, float]
    ylim: Tuple[float, float]


NOWCAST_COLOURS = ["#333333", "#0072B2", "#882255"]
NOWCAST_MARKERS = {"trend": "o", "indicator": "s"}


def chart_data(
    result: Any,
    *,
    by_sector: bool = True,
    title: Optional[str] = None,
    lang: str = "en",
    payload: Optional[Dict[str, Any]] = None,
    trend: bool = True,
) -> ChartData:
    """The content of the tracking chart for ``result`` (see :class:`ChartData`)."""
    from . import _format as fmt

    words = _labels(lang)
    scale = 1e3
    frame = result.frame
    years = np.asarray(frame.index, dtype=float)
    inv = result.inventory
    target = result.target
    layers: List[Tuple[str, np.ndarray]] = []
    if by_sector and inv is not None and target.sector is None and target.kind == "absolute":
        bs = inv.by_sector(list(frame.index))
        order = list(bs[frame.index[-1]].sort_values(ascending=False).index)
        layers = [(str(sector), bs.loc[sector].to_numpy(dtype=float)) for sector in order[: MAX_SECTORS - 1]]
        rest = order[MAX_SECTORS - 1 :]
        if len(rest) == 1:
            layers.append((str(rest[0]), bs.loc[rest[0]].to_numpy(dtype=float)))
        elif rest:  # one layer for the smallest sectors, so the legend stays readable
            layers.append((words["other"].format(n=len(rest)), bs.loc[rest].to_numpy(dtype=float).sum(axis=0)))
    else:
        layers = [(str(target.sector or words["emissions"]), frame["actual"].to_numpy(dtype=float))]
    layers = [(short_label(label), values / scale) for label, values in layers]
    last = max(result.milestones[-1][0], int(years[-1]))
    py = np.arange(result.base_year, last + 1, dtype=float)
    milestones = [
        (
            int(y),
            float(v) / scale,
            f"{y}: {fmt.kilotonnes(v, lang)} ({fmt.change(result.base_value, v, lang, digits=0)})",
        )
        for y, v in result.milestones
    ]
    top = max(float(frame["actual"].max()), float(result.base_value))
    band = None
    c = result.core
    if trend and c.fitted_rate is not None and last > int(years[-1]):
        ty = np.arange(int(years[-1]), last + 1, dtype=float)
        p = c.fit.predict_many([float(y) for y in ty], 0.95)
        lo, hi = np.asarray(p["low"], dtype=float), np.asarray(p["high"], dtype=float)
        band = (
            ty,
            np.asarray(p["value"], dtype=float) / scale,
            lo / scale,
            hi / scale,
            words["trend"].format(end=last),
        )
        top = max(top, float(np.nanmax(hi)))
    nowcast = []
    for method, pts in _nowcast_groups(result, payload).items():
        arr = np.array([[float("nan") if v is None else float(v) for v in pt] for pt in pts], dtype=float)
        arr[:, 1:] /= scale
        nowcast.append((method, words["nowcast"].format(method=words["methods"].get(method, method)), arr))
    return ChartData(
        title=short_label(title or words["title"].format(target=target), 120),
        xlabel=words["year"],
        ylabel=words["unit"],
        years=years,
        layers=layers,
        pathway=(py, np.asarray(result.pathway(py), dtype=float) / scale),
        pathway_label=words["pathway"],
        milestones=milestones,
        milestone_label=words["milestone"],
        trend=band,
        nowcast=nowcast,
        xlim=(result.base_year - 1.0, last + 1.0),
        ylim=(0.0, top / scale * 1.08),
    )


def plot_tracking(
    result: Any,
    ax: Any = None,
    *,
    by_sector: bool = True,
    title: Optional[str] = None,
    lang: str = "en",
    payload: Optional[Dict[str, Any]] = None,
    trend: bool = True,
) -> Any:
    """Draws a :class:`~ghgtrack.tracking.TrackingResult`; returns the axes.
    Bars: emissions (by sector); line: the target pathway to the final
    milestone; dashed: today's trend (with its 95 % interval) from the latest
    year to the final milestone; open circles: nowcast years, by method.
    ``lang`` ("en" or "no") sets the language of every label; the legend
    sits outside the plot area, on the right."""
    d = chart_data(result, by_sector=by_sector, title=title, lang=lang, payload=payload, trend=trend)
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=SLIDE_INCHES, dpi=SLIDE_DPI)
    bottom = np.zeros(len(d.years))
    for i, (label, vals) in enumerate(d.layers):
        ax.bar(d.years, vals, bottom=bottom, width=0.8, color=PALETTE[i % len(PALETTE)], label=label, linewidth=0)
        bottom += vals
    ax.plot(*d.pathway, color="black", linewidth=3.0, label=d.pathway_label)
    for k, (y, v, text) in enumerate(d.milestones):
        ax.plot(
            [y], [v], marker="D", color="black", markersize=11, zorder=5, label=d.milestone_label if k == 0 else None
        )
        ax.annotate(text, (y, v), textcoords="offset points", xytext=(-10, 12), ha="right", fontsize=16)
    if d.trend is not None:
        ty, tv, lo, hi, label = d.trend
        ax.fill_between(ty, lo, hi, color="#555555", alpha=0.15, linewidth=0)
        ax.plot(ty, tv, color="#333333", linestyle="--", linewidth=2.6, label=label)
    for k, (method, label, arr) in enumerate(d.nowcast):
        ny, val, low, high = arr.T
        ax.errorbar(
            ny,
            val,
            yerr=np.vstack([val - low, high - val]),
            fmt=NOWCAST_MARKERS.get(method, "^"),
            markersize=9,
            markerfacecolor="white",
            markeredgewidth=2,
            color=NOWCAST_COLOURS[k % len(NOWCAST_COLOURS)],
            capsize=4,
            zorder=6,
            label=label,
        )
    ax.set_xlabel(d.xlabel, fontsize=18)
    ax.set_ylabel(d.ylabel, fontsize=18)
    ax.tick_params(labelsize=16)
    ax.set_xlim(*d.xlim)
    ax.set_ylim(*d.ylim)
    ax.yaxis.set_major_formatter(_tick_formatter(lang))
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(d.title, fontsize=22)
    ax.legend(fontsize=15, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, borderaxespad=0.0)
    return ax


def _tick_formatter(lang: str) -> Any:
    from matplotlib.ticker import FuncFormatter

    from . import _format as fmt

    return FuncFormatter(lambda v, _pos: fmt.number(v, 0, lang))


def plot_inventory(inventory: Any, ax: Any = None, *, by: str = "sector", title: Optional[str] = None) -> Any:
    """Emissions by year as stacked bars by sector (or ``by="gas"``), in kt
    CO2e; returns the matplotlib axes (:meth:`ghgtrack.Inventory.plot`)."""
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 5), dpi=110)
    df = inventory.by_gas() if by == "gas" else inventory.by_sector()
    df = df.loc[df[df.columns[-1]].sort_values(ascending=False).index]
    years = np.asarray(df.columns, dtype=float)
    bottom = np.zeros(len(years))
    for i, (label, row) in enumerate(df.iterrows()):
        vals = row.to_numpy(dtype=float) / 1e3
        ax.bar(
            years,
            vals,
            bottom=bottom,
            width=0.8,
            color=PALETTE[i % len(PALETTE)],
            label=short_label(label),
            linewidth=0,
        )
        bottom += vals
    ax.set_ylabel("kt CO2e")
    ax.set_xlabel("year")
    name = inventory.provenance.get("municipality") or inventory.provenance.get("dataset") or ""
    ax.set_title(short_label(title or f"{name} emissions by {by}".strip(), 120))
    ax.legend(fontsize=8, ncol=2, frameon=False)
    ax.grid(axis="y", alpha=0.3)
    return ax


def save_chart(
    result: Any,
    path_stem: str,
    *,
    title: Optional[str] = None,
    lang: str = "en",
    payload: Optional[Dict[str, Any]] = None,
) -> list:
    """Writes ``<stem>.svg`` (1600 × 900 px, drawn by ``ghgtrack._svgchart.tracking_svg``),
    ``<stem>.png`` (1600 × 900 px) and ``<stem>@2x.png`` (3200 × 1800 px, for
    HiDPI screens and slides), each to a temporary file, then renamed; returns
    the paths. The PNGs are that SVG rasterised by ``rsvg-convert`` (Debian
    ``librsvg2-bin``), both at once; without it they are drawn by matplotlib
    (:func:`plot_tracking`, slower, the same content)."""
    import shutil

    from ._atomic import write_text
    from ._svgchart import tracking_svg

    data = chart_data(result, title=title, lang=lang, payload=payload)
    svg = tracking_svg(data, lang=lang, prefix="chart", title=data.title)
    paths = [f"{path_stem}.png", f"{path_stem}@2x.png", f"{path_stem}.svg"]
    write_text(paths[2], svg)
    rsvg = shutil.which("rsvg-convert")
    if rsvg is not None:
        rasterise_svg(rsvg, svg, [(paths[0], 1), (paths[1], 2)])
        return paths
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=SLIDE_INCHES, dpi=SLIDE_DPI)
    try:
        plot_tracking(result, ax=ax, title=title, lang=lang, payload=payload)
        fig.tight_layout()
        save_figure(fig, paths[0], dpi=SLIDE_DPI)
        save_figure(fig, paths[1], dpi=2 * SLIDE_DPI)
    finally:
        plt.close(fig)
    return paths


def rasterise_svg(rsvg: str, svg: str, outputs: List[Tuple[str, int]]) -> None:
    """``svg`` as PNG files, one ``(path, zoom)`` each, by ``rsvg`` (the
    rsvg-convert program), all at once (one process each); every file is
    written to a temporary name and renamed only when its process succeeded."""
    import subprocess

    from ._atomic import atomic_path
    from ._core import IoError

    data = svg.encode("utf-8")
    with contextlib.ExitStack() as stack:
        procs = []
        for path, zoom in outputs:
            tmp = stack.enter_context(atomic_path(path))
            proc = subprocess.Popen(
                [rsvg, "--zoom", str(zoom), "--format", "png", "--output", tmp],
                stdin=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            procs.append((path, proc))
        failed = []
        for path, proc in procs:
            _, err = proc.communicate(data)
            if proc.returncode != 0:
                failed.append(f"{path}: rsvg-convert failed ({err.decode('utf-8', 'replace').strip()})")
        if failed:
            raise IoError("; ".join(failed))


def inline_svg(fig: Any, *, prefix: str, title: str = "", description: str = "") -> str:
    """``fig`` as an SVG element for an HTML page: every id prefixed with
    ``prefix`` (so that two charts on one page never share an id), and, with
    ``title``, ``role="img"`` named by a <title> and <desc> (WCAG 1.1.1)."""
    import html
    import re

    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', svg)
    if title:
        head_end = svg.index(">") + 1
        opening = svg[:head_end]
        label = f' role="img" aria-labelledby="{prefix}-title{f" {prefix}-desc" if description else ""}"'
        opening = opening[:-1] + label + ">"
        inner = f'<title id="{prefix}-title">{html.escape(title)}</title>'
        if description:
            inner += f'<desc id="{prefix}-desc">{html.escape(description)}</desc>'
        svg = opening + inner + svg[head_end:]
    return svg


def chart_svg(
    result: Any,
    *,
    title: Optional[str] = None,
    lang: str = "en",
    payload: Optional[Dict[str, Any]] = None,
    description: str = "",
) -> str:
    """The chart as an inline SVG string for the HTML page (slide-sized,
    ``role="img"`` with ``title`` and ``description`` as its text)."""
    from ._svgchart import tracking_svg

    data = chart_data(result, title=title, lang=lang, payload=payload)
    return tracking_svg(data, lang=lang, prefix="chart", title=title or data.title, description=description)
