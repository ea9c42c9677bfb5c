"""Charts with matplotlib: actual emissions stacked by sector, the target
pathway, the milestones and the nowcast."""

from __future__ import annotations

import io
from typing import Any, Optional

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
        "nowcast": "nowcast (trend, 95 % interval)",
        "year": "year",
        "emissions": "emissions",
    },
    "no": {"pathway": "målbane", "nowcast": "anslag (trend, 95 % intervall)", "year": "år", "emissions": "utslipp"},
}


def plot_tracking(
    result: Any, ax: Any = None, *, by_sector: bool = True, title: Optional[str] = None, lang: str = "en"
) -> Any:
    """Draws a :class:`~ghgtrack.tracking.TrackingResult`; returns the axes.
    ``lang`` ("en" or "no") sets the language of the labels."""
    words = LABELS[lang]
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 5.2), dpi=110)
    scale, unit = 1e3, "kt CO2e"
    frame = result.frame
    years = np.asarray(frame.index, dtype=float)
    inv = result.inventory
    target = result.target
    if by_sector and inv is not None and target.sector is None and target.kind == "absolute":
        bs = inv.by_sector(list(frame.index))
        order = bs[frame.index[-1]].sort_values(ascending=False).index
        bottom = np.zeros(len(years))
        for i, sector in enumerate(order):
            vals = bs.loc[sector].to_numpy(dtype=float) / scale
            ax.bar(
                years,
                vals,
                bottom=bottom,
                width=0.8,
                color=PALETTE[i % len(PALETTE)],
                label=short_label(sector),
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
    ax.plot(py, result.pathway(py) / scale, color="black", linewidth=2.0, label=words["pathway"])
    for y, v in result.milestones:
        ax.plot([y], [v / scale], marker="D", color="black", markersize=7, zorder=5)
        cut = (1.0 - v / result.base_value) * 100.0 if result.base_value else float("nan")
        ax.annotate(
            f"{y}: {v / scale:,.0f} kt ({-cut:+.0f} %)",
            (y, v / scale),
            textcoords="offset points",
            xytext=(-8, 10),
            ha="right",
            fontsize=9,
        )
    nc = result.nowcast
    if len(nc):
        ny = np.asarray(nc.index, dtype=float)
        yerr = np.vstack([(nc["value"] - nc["low"]).to_numpy(), (nc["high"] - nc["value"]).to_numpy()]) / scale
        ax.errorbar(
            ny, nc["value"].to_numpy() / scale, yerr=yerr, fmt="o", color="#555555", capsize=3, label=words["nowcast"]
        )
    ax.set_xlabel(words["year"])
    ax.set_ylabel(unit)
    ax.set_xlim(result.base_year - 1, last + 1)
    top = max(float(frame["actual"].max()), float(result.base_value)) / scale
    ax.set_ylim(0, top * 1.45)  # headroom for the legend
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(short_label(title or f"Emissions and target ({target})", 120))
    ax.legend(fontsize=8, ncol=3, loc="upper right", frameon=False)
    return ax


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


def save_chart(result: Any, path_stem: str, *, title: Optional[str] = None) -> list:
    """Writes ``<stem>.png`` and ``<stem>.svg``; returns the paths."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(9, 5.2), dpi=110)
    plot_tracking(result, ax=ax, title=title)
    fig.tight_layout()
    paths = [f"{path_stem}.png", f"{path_stem}.svg"]
    try:
        for path in paths:  # each to a temporary file, then renamed
            save_figure(fig, path)
    finally:
        plt.close(fig)
    return paths


def chart_svg(result: Any, *, title: Optional[str] = None, lang: str = "en") -> str:
    """The chart as an inline SVG string (for the HTML page)."""

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(9, 5.2), dpi=110)
    plot_tracking(result, ax=ax, title=title, lang=lang)
    fig.tight_layout()
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    plt.close(fig)
    svg = buf.getvalue()
    return svg[svg.index("<svg") :]
