"""Charts with matplotlib: actual emissions stacked by sector, the target
pathway, the milestones and the nowcast."""

from __future__ import annotations

import io
from typing import Any, Dict, Optional

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
    from . import _format as fmt

    words = _labels(lang)
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=SLIDE_INCHES, dpi=SLIDE_DPI)
    scale = 1e3
    frame = result.frame
    years = np.asarray(frame.index, dtype=float)
    inv = result.inventory
    target = result.target
    if by_sector and inv is not None and target.sector is None and target.kind == "absolute":
        bs = inv.by_sector(list(frame.index))
        order = list(bs[frame.index[-1]].sort_values(ascending=False).index)
        layers = [(str(sector), bs.loc[sector].to_numpy(dtype=float)) for sector in order[: MAX_SECTORS - 1]]
        rest = order[MAX_SECTORS - 1 :]
        if len(rest) == 1:
            layers.append((str(rest[0]), bs.loc[rest[0]].to_numpy(dtype=float)))
        elif rest:  # one layer for the smallest sectors, so the legend stays readable
            layers.append((words["other"].format(n=len(rest)), bs.loc[rest].to_numpy(dtype=float).sum(axis=0)))
        bottom = np.zeros(len(years))
        for i, (label, values) in enumerate(layers):
            vals = values / scale
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
    else:
        ax.bar(
            years,
            frame["actual"].to_numpy() / scale,
            width=0.8,
            color=PALETTE[0],
            label=short_label(target.sector or words["emissions"]),
        )
    last = max(result.milestones[-1][0], int(years[-1]))
    py = np.arange(result.base_year, last + 1, dtype=float)
    ax.plot(py, result.pathway(py) / scale, color="black", linewidth=3.0, label=words["pathway"])
    for k, (y, v) in enumerate(result.milestones):
        ax.plot(
            [y],
            [v / scale],
            marker="D",
            color="black",
            markersize=11,
            zorder=5,
            label=words["milestone"] if k == 0 else None,
        )
        ax.annotate(
            f"{y}: {fmt.kilotonnes(v, lang)} ({fmt.change(result.base_value, v, lang, digits=0)})",
            (y, v / scale),
            textcoords="offset points",
            xytext=(-10, 12),
            ha="right",
            fontsize=16,
        )
    top = max(float(frame["actual"].max()), float(result.base_value))
    c = result.core
    if trend and c.fitted_rate is not None and last > int(years[-1]):
        ty = np.arange(int(years[-1]), last + 1, dtype=float)
        p = c.fit.predict_many([float(y) for y in ty], 0.95)
        lo, hi = np.asarray(p["low"], dtype=float), np.asarray(p["high"], dtype=float)
        ax.fill_between(ty, lo / scale, hi / scale, color="#555555", alpha=0.15, linewidth=0)
        ax.plot(
            ty,
            np.asarray(p["value"], dtype=float) / scale,
            color="#333333",
            linestyle="--",
            linewidth=2.6,
            label=words["trend"].format(end=last),
        )
        top = max(top, float(np.nanmax(hi)))
    markers = {"trend": "o", "indicator": "s"}
    for k, (method, pts) in enumerate(_nowcast_groups(result, payload).items()):
        arr = np.array([[float("nan") if v is None else float(v) for v in pt] for pt in pts], dtype=float)
        ny, val, low, high = arr.T
        ax.errorbar(
            ny,
            val / scale,
            yerr=np.vstack([val - low, high - val]) / scale,
            fmt=markers.get(method, "^"),
            markersize=9,
            markerfacecolor="white",
            markeredgewidth=2,
            color=["#333333", "#0072B2", "#882255"][k % 3],
            capsize=4,
            zorder=6,
            label=words["nowcast"].format(method=words["methods"].get(method, method)),
        )
    ax.set_xlabel(words["year"], fontsize=18)
    ax.set_ylabel(words["unit"], fontsize=18)
    ax.tick_params(labelsize=16)
    ax.set_xlim(result.base_year - 1, last + 1)
    ax.set_ylim(0, top / scale * 1.08)
    ax.yaxis.set_major_formatter(_tick_formatter(lang))
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(short_label(title or words["title"].format(target=target), 120), fontsize=22)
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
    """Writes ``<stem>.png`` (1600 × 900 px), ``<stem>@2x.png`` (3200 × 1800
    px, for HiDPI screens and slides) and ``<stem>.svg``; returns the paths."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=SLIDE_INCHES, dpi=SLIDE_DPI)
    try:
        plot_tracking(result, ax=ax, title=title, lang=lang, payload=payload)
        fig.tight_layout()
        paths = [f"{path_stem}.png", f"{path_stem}@2x.png", f"{path_stem}.svg"]
        # each to a temporary file, then renamed
        save_figure(fig, paths[0], dpi=SLIDE_DPI)
        save_figure(fig, paths[1], dpi=2 * SLIDE_DPI)
        save_figure(fig, paths[2])
    finally:
        plt.close(fig)
    return paths


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

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=SLIDE_INCHES, dpi=SLIDE_DPI)
    try:
        plot_tracking(result, ax=ax, title=title, lang=lang, payload=payload)
        fig.tight_layout()
        return inline_svg(fig, prefix="chart", title=title or "", description=description)
    finally:
        plt.close(fig)
