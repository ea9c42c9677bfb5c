"""LMDI decomposition of a change in emissions into its drivers.

LMDI-I (B.W. Ang 2005, 2015): the change of V = sum_i prod_k x_ik between
two years splits into one effect per factor k; additive effects (t CO2e)
sum to the change, multiplicative ones (ratios) multiply to the ratio.
Zeros follow Ang & Liu's (2007) small-value strategy; negative or missing
inputs are errors. See ``include/ghgtrack/lmdi.hpp``.
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core

FrameLike = Union[pd.DataFrame, Mapping[str, Any]]


def _as_frame(x: FrameLike, name: str) -> pd.DataFrame:
    df = x if isinstance(x, pd.DataFrame) else pd.DataFrame(x)
    if df.empty:
        raise ValueError(f"{name}: no data")
    bad = df.isna()
    if bad.any().any():
        r, c = np.argwhere(bad.to_numpy())[0]
        raise ValueError(f"{name}: no value for category {df.index[r]!r}, factor {df.columns[c]!r} "
                         "(LMDI needs every factor; an unknown is not zero)")
    return df.astype(float)


def lmdi(start: FrameLike, end: FrameLike) -> pd.DataFrame:
    """LMDI-I between two years. ``start`` and ``end`` are frames with one
    row per category and one column per factor, whose row products are the
    categories' emissions (t CO2e). Returns one row per factor with
    ``effect_tonnes`` (additive) and ``effect_ratio`` (multiplicative), plus
    a ``total`` row; ``.attrs`` holds the start and end totals and the
    additive effects by category (``by_category``)."""
    a, b = _as_frame(start, "start"), _as_frame(end, "end")
    if list(a.columns) != list(b.columns) or list(a.index) != list(b.index):
        raise ValueError("start and end need the same categories (rows) and factors (columns), in the same order")
    r = _core.lmdi(a.to_numpy(), b.to_numpy())
    out = pd.DataFrame({"effect_tonnes": r["additive"], "effect_ratio": r["multiplicative"]},
                       index=pd.Index(a.columns, name="factor"))
    out.loc["total"] = [r["vt"] - r["v0"], r["vt"] / r["v0"]]
    out.attrs = {"start_tonnes": r["v0"], "end_tonnes": r["vt"], "unit": "t CO2e",
                 "by_category": pd.DataFrame(r["by_category"], index=a.index, columns=a.columns)}
    return out


def lmdi_series(frames: Mapping[int, FrameLike]) -> pd.DataFrame:
    """Chained LMDI over consecutive years: ``frames[year]`` as in
    :func:`lmdi`. Returns period x factor additive effects with a ``total``
    row (the sum over periods, which equals the whole change)."""
    years = sorted(frames)
    if len(years) < 2:
        raise ValueError("a series needs at least two years")
    rows = {}
    for y0, y1 in zip(years[:-1], years[1:]):
        d = lmdi(frames[y0], frames[y1])
        rows[f"{y0}-{y1}"] = d["effect_tonnes"].drop("total")
    out = pd.DataFrame(rows).T
    out.index.name = "period"
    out.loc["total"] = out.sum()
    return out


def identity(
    *,
    population: Mapping[int, float],
    activity: pd.DataFrame,
    energy: pd.DataFrame,
    emissions: pd.DataFrame,
    year: int,
) -> pd.DataFrame:
    """The usual municipal identity, for one year, as LMDI factors:

        emissions_ij = population x (activity / population)
                       x (activity_i / activity) x (energy_i / activity_i)
                       x (energy_ij / energy_i) x (emissions_ij / energy_ij)

    i.e. population, activity per person, structure (sector shares),
    energy intensity, fuel mix and emission factor. ``activity`` has sectors
    as rows and years as columns; ``energy`` and ``emissions`` have
    (sector, fuel) rows and years as columns."""
    pop = float(pd.Series(population)[year])
    act = activity[year].astype(float)
    en = energy[year].astype(float)
    em = emissions[year].astype(float)
    if not isinstance(en.index, pd.MultiIndex) or list(en.index) != list(em.index):
        raise ValueError("energy and emissions need the same (sector, fuel) rows")
    total_act = act.sum()
    en_sector = en.groupby(level=0).sum()
    rows = {}
    for (s, f), e in en.items():
        rows[(s, f)] = {
            "population": pop,
            "activity_per_person": total_act / pop,
            "structure": act[s] / total_act,
            "energy_intensity": en_sector[s] / act[s],
            "fuel_mix": e / en_sector[s],
            "emission_factor": (em[(s, f)] / e) if e > 0 else 0.0,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def two_level(
    start: pd.DataFrame,
    end: pd.DataFrame,
    *,
    activity: str = "activity",
    emissions: str = "emissions",
) -> pd.DataFrame:
    """Two-level decomposition, between and within sectors. ``start`` and
    ``end`` have (sector, subsector) rows with an activity and an emissions
    column. Factors: total activity, sector shares (between sectors),
    subsector shares within each sector (within sectors) and emission
    intensity; one LMDI over the subsectors makes the levels consistent
    (Ang 2015, multilevel decomposition)."""
    def factors(df: pd.DataFrame) -> pd.DataFrame:
        q = df[activity].astype(float)
        total = q.sum()
        qs = q.groupby(level=0).transform("sum")
        return pd.DataFrame({
            "activity": total,
            "between_sectors": qs / total,
            "within_sectors": q / qs,
            "intensity": df[emissions].astype(float) / q,
        }, index=df.index)
    return lmdi(factors(start), factors(end))


def plot_waterfall(result: pd.DataFrame, ax: Any = None, *, title: Optional[str] = None) -> Any:
    """A waterfall chart of an :func:`lmdi` result: start, one bar per
    factor's effect, end."""
    from .plotting import _pyplot

    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.5), dpi=110)
    effects = result["effect_tonnes"].drop("total")
    start, end = result.attrs["start_tonnes"], result.attrs["end_tonnes"]
    labels = ["start"] + list(effects.index) + ["end"]
    running = start
    ax.bar(0, start / 1e3, color="#777777")
    for i, (name, v) in enumerate(effects.items(), start=1):
        ax.bar(i, v / 1e3, bottom=running / 1e3, color="#D55E00" if v > 0 else "#009E73")
        running += v
    ax.bar(len(labels) - 1, end / 1e3, color="#777777")
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, rotation=30, ha="right")
    ax.set_ylabel("kt CO2e")
    ax.set_title(title or "Decomposition of the change (LMDI-I)")
    ax.grid(axis="y", alpha=0.3)
    return ax
