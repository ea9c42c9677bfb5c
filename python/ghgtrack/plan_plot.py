"""The wedge chart of a climate plan (matplotlib).

Actual emissions, then the baseline (reference path) with the measures'
wedges stacked down from it (each wedge is a measure's Shapley share of the
combined reduction, so the wedges add up exactly to baseline minus scenario),
the scenario line, the target pathway and the annual caps.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import pandas as pd

from .plotting import PALETTE, _pyplot

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
    return s.sort_index()


def plot_wedges(
    *,
    baseline: Any,
    wedges: pd.DataFrame,
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
    over the years) get a wedge each, the rest one "other measures" wedge.
    ``actual``, ``pathway`` and ``caps``: year -> t CO2e, optional.
    Projected years are shaded so they are never mistaken for actual data.
    """
    if lang not in WORDS:
        raise ValueError(f"lang must be one of {sorted(WORDS)} (got {lang!r})")
    words = WORDS[lang]
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(12, 6.75), dpi=120)
    scale = 1e3
    base = _series(baseline)
    assert base is not None
    w = wedges.reindex(base.index).fillna(0.0).astype(float)
    totals = w.sum(axis=0).sort_values(ascending=False)
    keep = list(totals.index[:top])
    rest = [c for c in totals.index[top:]]
    layers = [(str(c), w[c].to_numpy()) for c in keep]
    if rest:
        layers.append((words["other"].format(n=len(rest)), w[rest].sum(axis=1).to_numpy()))
    years = base.index.to_numpy(dtype=float)
    upper = base.to_numpy() / scale
    for i, (label, vals) in enumerate(layers):
        lower = upper - vals / scale
        ax.fill_between(
            years, lower, upper, color=PALETTE[(i + 1) % len(PALETTE)], alpha=0.85, linewidth=0, label=label, step=None
        )
        upper = lower
    ax.plot(years, base.to_numpy() / scale, color="#333333", linewidth=2.0, label=words["baseline"])
    ax.plot(years, upper, color="#000000", linewidth=2.4, linestyle="-", label=words["scenario"])
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
        ax.step(
            cap.index.to_numpy(dtype=float),
            cap.to_numpy() / scale,
            where="mid",
            color="#882255",
            linewidth=1.6,
            label=words["caps"],
        )
    if len(years):
        ax.axvspan(years.min() - 0.5, years.max() + 0.5, color="#000000", alpha=0.04, linewidth=0)
        ax.text(
            years.min() - 0.3,
            ax.get_ylim()[1] * 0.97,
            words["projected"],
            va="top",
            ha="left",
            fontsize=9,
            color="#555555",
        )
    ax.set_xlabel(words["year"])
    ax.set_ylabel(words["unit"])
    ax.set_ylim(bottom=min(0.0, float(np.nanmin(upper)) * 1.05) if len(upper) else 0.0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    if title:
        ax.set_title(title)
    ax.figure.tight_layout()
    return ax
