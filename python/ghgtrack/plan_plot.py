"""The wedge chart of a climate plan (matplotlib).

Actual emissions, then the baseline (reference path) with the measures'
wedges stacked down from it (each wedge is a measure's Shapley share of the
combined reduction, so the wedges add up exactly to baseline minus scenario),
the scenario line, the target pathway and the annual caps.
"""

from __future__ import annotations

from typing import Any, List, Optional

import numpy as np
import pandas as pd

from . import _core
from ._atomic import save_figure
from .plotting import PALETTE, SLIDE_DPI, SLIDE_INCHES, _pyplot, _tick_formatter, inline_svg, short_label

WORDS = {
    "en": {
        "actual": "actual",
        "baseline": "baseline (reference path)",
        "scenario": "with measures",
        "pathway": "target pathway",
        "caps": "annual caps",
        "other": "other measures ({n})",
        "year": "year",
        "unit": "kt CO2e",
        "projected": "projected",
    },
    "no": {
        "actual": "faktisk",
        "baseline": "referansebane",
        "scenario": "med tiltak",
        "pathway": "målbane",
        "caps": "utslippsrammer",
        "other": "andre tiltak ({n})",
        "year": "år",
        "unit": "kt CO2e",
        "projected": "framskrevet",
    },
}


def _series(x: Any) -> Optional[pd.Series]:
    if x is None:
        return None
    s = pd.Series(x, dtype=float) if not isinstance(x, pd.Series) else x.astype(float)
    s.index = s.index.astype(int)
    return s.sort_index().dropna()


def wedge_layers(wedges: pd.DataFrame, years: Any, *, top: int = 8, lang: str = "en") -> pd.DataFrame:
    """The wedges as drawn: year x layer, t CO2e of reduction. The ``top``
    largest measures (by their sum over the years) get a layer each, largest
    first; the rest are summed into one "other measures (n)" layer, so the
    layers add up to the wedges' total every year."""
    words = _words(lang)
    if top < 0:
        raise _core.ArgumentError(f"top must be >= 0 (got {top})")
    idx = pd.Index([int(y) for y in years], name="year")
    w = wedges.copy()
    w.index = w.index.astype(int)
    w = w.reindex(idx).fillna(0.0).astype(float)
    totals = w.sum(axis=0).sort_values(ascending=False, kind="stable")
    keep = list(totals.index[:top])
    rest = list(totals.index[top:])
    out = pd.DataFrame({str(c): w[c] for c in keep}, index=idx)
    if rest:
        out[words["other"].format(n=len(rest))] = w[rest].sum(axis=1)
    return out


def _words(lang: str) -> dict:
    if lang not in WORDS:
        raise _core.ArgumentError(f"lang must be one of {', '.join(sorted(WORDS))} (got {lang!r})")
    return WORDS[lang]


def plot_wedges(
    *,
    baseline: Any,
    wedges: pd.DataFrame,
    scenario: Any = None,
    actual: Any = None,
    pathway: Any = None,
    caps: Any = None,
    top: int = 8,
    ax: Any = None,
    title: Optional[str] = None,
    lang: str = "en",
) -> Any:
    """Draws the wedge chart; returns the axes.

    ``baseline``: year -> t CO2e (the reference path, projected years);
    ``wedges``: a DataFrame, index years, one column per measure, t CO2e of
    reduction (Shapley shares); the ``top`` largest measures (by their sum
    over the years) get a wedge each, the rest one "other measures" wedge
    (:func:`wedge_layers`). ``scenario``: year -> t CO2e, the scenario line
    (drawn from its own values; with Shapley wedges it is the bottom of the
    stack). ``actual``, ``pathway`` and ``caps``: year -> t CO2e, optional.
    Projected years are shaded and labelled so they are never mistaken for
    actual data. ``ax.wedge_layers`` keeps the layers drawn (t CO2e).
    """
    words = _words(lang)
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=SLIDE_INCHES, dpi=SLIDE_DPI)
    scale = 1e3
    base = _series(baseline)
    if base is None or not len(base):
        raise _core.ArgumentError("plot_wedges needs a baseline with at least one year")
    layers = wedge_layers(wedges, base.index, top=top, lang=lang)
    years = base.index.to_numpy(dtype=float)
    upper = base.to_numpy() / scale
    for i, label in enumerate(layers.columns):
        lower = upper - layers[label].to_numpy() / scale
        ax.fill_between(
            years,
            lower,
            upper,
            color=PALETTE[(i + 1) % len(PALETTE)],
            alpha=0.85,
            linewidth=0,
            label=short_label(label),
        )
        upper = lower
    act = _series(actual)
    if act is not None and len(act):
        ax.plot(
            act.index.to_numpy(dtype=float),
            act.to_numpy() / scale,
            color=PALETTE[0],
            linewidth=2.4,
            marker="o",
            markersize=3.5,
            label=words["actual"],
        )
        # A thin dotted link from the last actual year to the first projected one.
        ax.plot(
            [float(act.index[-1]), years[0]],
            [act.iloc[-1] / scale, base.iloc[0] / scale],
            color="#777777",
            linewidth=1.0,
            linestyle=":",
        )
    ax.plot(years, base.to_numpy() / scale, color="#333333", linewidth=2.0, label=words["baseline"])
    scen = _series(scenario)
    if scen is not None and len(scen):
        ax.plot(
            scen.index.to_numpy(dtype=float),
            scen.to_numpy() / scale,
            color="#000000",
            linewidth=2.4,
            label=words["scenario"],
        )
    else:
        ax.plot(years, upper, color="#000000", linewidth=2.4, label=words["scenario"])
    path = _series(pathway)
    if path is not None and len(path):
        ax.plot(
            path.index.to_numpy(dtype=float),
            path.to_numpy() / scale,
            color="#D55E00",
            linestyle="--",
            linewidth=1.8,
            label=words["pathway"],
        )
    cap = _series(caps)
    if cap is not None and len(cap):
        ax.plot(
            cap.index.to_numpy(dtype=float),
            cap.to_numpy() / scale,
            color="#882255",
            linestyle="none",
            marker="_",
            markersize=14,
            markeredgewidth=2.4,
            label=words["caps"],
        )
    ax.set_xlabel(words["year"])
    ax.set_ylabel(words["unit"])
    ax.yaxis.set_major_formatter(_tick_formatter(lang))  # the page's one number format
    ax.set_ylim(bottom=min(0.0, float(np.nanmin(upper)) * 1.05))
    ax.axvspan(years.min() - 0.5, years.max() + 0.5, color="#000000", alpha=0.05, linewidth=0)
    ax.text(
        years.min() - 0.4, ax.get_ylim()[1] * 0.98, words["projected"], va="top", ha="left", fontsize=9, color="#555555"
    )
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    if title:
        ax.set_title(short_label(title, 120))
    ax.figure.tight_layout()
    ax.wedge_layers = layers
    return ax


def _atomic_save(fig: Any, path: str, fmt: str) -> None:
    save_figure(fig, path, format=fmt)  # one helper for every file written (_atomic.py)


def save_wedges(plan: Any, path_stem: str, *, top: int = 8, lang: str = "en", title: Optional[str] = None) -> List[str]:
    """Writes the wedge chart of a :class:`~ghgtrack.plan.Plan` as
    ``<stem>.png`` and ``<stem>.svg``, each atomically (a temporary file in
    the same folder, then renamed); returns the paths."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=SLIDE_INCHES, dpi=SLIDE_DPI)
    try:
        plan.plot(ax=ax, top=top, lang=lang, title=title)
        paths = [f"{path_stem}.png", f"{path_stem}.svg"]
        _atomic_save(fig, paths[0], "png")
        _atomic_save(fig, paths[1], "svg")
    finally:
        plt.close(fig)
    return paths


def wedges_svg(plan: Any, *, top: int = 8, lang: str = "en", title: Optional[str] = None) -> str:
    """The wedge chart as an inline SVG string (for the HTML page)."""

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(11, 6.2), dpi=110)
    try:
        plan.plot(ax=ax, top=top, lang=lang, title=title)
        # ids prefixed (never clashing with the status chart's), role="img" named by its title
        return inline_svg(fig, prefix="wedges", title=title or "")
    finally:
        plt.close(fig)
