"""LMDI decomposition of a change in emissions into its drivers.

LMDI-I (B.W. Ang 2005, 2015): the change of V = sum_i prod_k x_ik between
two years splits into one effect per factor k; additive effects (t CO2e)
sum to the change, multiplicative ones (ratios) multiply to the ratio.
Zeros use the analytical limits of Ang & Liu (2007); negative or missing
inputs are errors. Every rule is in ``include/ghgtrack/lmdi.hpp``; this
module aligns pandas labels and turns the bound results into frames.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

import numpy as np
import pandas as pd

from . import _core, _display
from .plotting import _pyplot

FrameLike = Union[pd.DataFrame, Mapping[str, Any]]


def _as_frame(x: FrameLike, name: str) -> pd.DataFrame:
    df = x if isinstance(x, pd.DataFrame) else pd.DataFrame(x)
    if df.empty:
        raise _core.ShapeError(f"{name}: no data (LMDI needs categories as rows and factors as columns)")
    return df


def _differences(a: pd.Index, b: pd.Index, what: str, names: Tuple[str, str]) -> str:
    """Which labels of two indexes differ: the first few, and how many."""

    def few(labels: pd.Index) -> str:
        shown = ", ".join(repr(v) for v in labels[:5])
        return shown + (f", ... ({len(labels)} in all)" if len(labels) > 5 else f" ({len(labels)})")

    only_a, only_b = a.difference(b, sort=False), b.difference(a, sort=False)
    parts = []
    if len(only_a):
        parts.append(f"{what} only in {names[0]}: {few(only_a)}")
    if len(only_b):
        parts.append(f"{what} only in {names[1]}: {few(only_b)}")
    if not parts:  # same labels, but repeated differently
        parts.append(f"{what} repeated: {few(a[a.duplicated()].append(b[b.duplicated()]).unique())}")
    return "; ".join(parts)


def _aligned(frames: List[pd.DataFrame], names: List[str]) -> List[np.ndarray]:
    """The frames' values as float arrays (categories x factors) in the
    first frame's row and column order. Frames with the same labels in
    another order are aligned; any other difference is an error naming the
    rows or columns that differ (an unknown category is never taken as
    zero)."""
    first = frames[0]
    out = [first.to_numpy(dtype=float)]
    for df, name in zip(frames[1:], names[1:]):
        for axis, what in ((0, "categories (rows)"), (1, "factors (columns)")):
            ia, ib = first.axes[axis], df.axes[axis]
            if ia.equals(ib):
                continue
            if ia.is_unique and ib.is_unique and len(ia) == len(ib) and len(ia.difference(ib)) == 0:
                df = df.reindex(ia, axis=axis)  # same labels, another order
                continue
            raise _core.ShapeError(
                f"{names[0]} and {name} need the same categories (rows) and factors (columns): "
                + _differences(ia, ib, what, (names[0], name))
            )
        out.append(df.to_numpy(dtype=float))
    return out


class LmdiResult:
    """One period's LMDI-I decomposition, with its labels.

    ``additive`` (t CO2e) and ``multiplicative`` (ratios) are Series by
    factor; ``start_tonnes`` and ``end_tonnes`` the aggregates;
    ``by_category`` the additive effects (categories x factors) when asked.
    When the aggregate is zero at the start or the end the multiplicative
    indices are undefined: ``multiplicative_defined`` is False, the ratios
    are NaN and ``note`` says why (``ratio()`` raises NoSolutionError)."""

    __slots__ = ("_core", "categories", "factors")

    def __init__(self, core: "_core.LmdiResult", categories: pd.Index, factors: pd.Index):
        self._core = core
        self.categories = categories
        self.factors = pd.Index(factors, name="factor")

    @property
    def start_tonnes(self) -> float:
        return self._core.v0

    @property
    def end_tonnes(self) -> float:
        return self._core.vt

    @property
    def additive(self) -> pd.Series:
        return pd.Series(self._core.additive, index=self.factors, name="effect_tonnes")

    @property
    def multiplicative(self) -> pd.Series:
        return pd.Series(self._core.multiplicative, index=self.factors, name="effect_ratio")

    @property
    def multiplicative_defined(self) -> bool:
        return self._core.multiplicative_defined

    @property
    def note(self) -> str:
        return self._core.note

    @property
    def by_category(self) -> Optional[pd.DataFrame]:
        """Additive effects by category (a read-only view of the C++ result),
        or None when asked for without them."""
        m = self._core.additive_by_category
        if m.size == 0:
            return None
        return pd.DataFrame(m, index=self.categories, columns=self.factors, copy=False)

    def ratio(self, factor: Any) -> float:
        """The multiplicative index of one factor (by name); NoSolutionError
        when the indices are undefined."""
        return self._core.ratio(int(self.factors.get_loc(factor)))

    def to_frame(self) -> pd.DataFrame:
        """One row per factor with ``effect_tonnes`` (additive) and
        ``effect_ratio`` (multiplicative), plus a ``total`` row (the change
        and the ratio, NaN when undefined); ``.attrs`` holds the start and end
        totals, the unit, the note and ``by_category``."""
        out = pd.DataFrame(
            {"effect_tonnes": self._core.additive, "effect_ratio": self._core.multiplicative}, index=self.factors
        )
        ratio = self.end_tonnes / self.start_tonnes if self.multiplicative_defined else float("nan")
        out.loc["total"] = [self.end_tonnes - self.start_tonnes, ratio]
        out.attrs = {
            "start_tonnes": self.start_tonnes,
            "end_tonnes": self.end_tonnes,
            "unit": "t CO2e",
            "multiplicative_defined": self.multiplicative_defined,
            "note": self.note,
            "by_category": self.by_category,
        }
        return out

    def to_dict(self) -> Dict[str, Any]:
        """Plain numbers (JSON-ready): totals, effects by factor name, the
        multiplicative indices (None when undefined) and the note."""
        mult = self.multiplicative
        return {
            "start_tonnes": self.start_tonnes,
            "end_tonnes": self.end_tonnes,
            "unit": "t CO2e",
            "additive": {str(k): float(v) for k, v in self.additive.items()},
            "multiplicative": {str(k): (float(v) if self.multiplicative_defined else None) for k, v in mult.items()},
            "multiplicative_defined": self.multiplicative_defined,
            "note": self.note,
        }

    def __repr__(self) -> str:
        return f"LmdiResult({self.start_tonnes:g} -> {self.end_tonnes:g} t CO2e, factors {list(self.factors)})"

    def _repr_html_(self) -> str:
        return _display.lmdi(self)


def lmdi(start: FrameLike, end: FrameLike, *, by_category: bool = True, threads: int = 1) -> LmdiResult:
    """LMDI-I between two years. ``start`` and ``end`` are frames with one
    row per category and one column per factor, whose row products are the
    categories' emissions (t CO2e). Frames with the same labels in another
    order are aligned; different labels are an error naming them. Returns an
    :class:`LmdiResult` (``.to_frame()`` for the table). ``threads=0`` uses
    every core; results do not depend on it."""
    if isinstance(start, np.ndarray) and isinstance(end, np.ndarray) and start.ndim == 2 and end.ndim == 2:
        # Plain arrays have no labels to align: straight to C++ (which checks
        # the shapes), labelled 0..n-1 as a DataFrame of them would be. The
        # C++ side reads float64 arrays in place whatever their order or
        # strides (no copy); other dtypes are converted once there.
        core = _core.lmdi(start, end, by_category, threads)
        return LmdiResult(core, pd.RangeIndex(start.shape[0]), pd.RangeIndex(start.shape[1]))
    a, b = _as_frame(start, "start"), _as_frame(end, "end")
    x0, xt = _aligned([a, b], ["start", "end"])
    return LmdiResult(_core.lmdi(x0, xt, by_category, threads), a.index, a.columns)


class LmdiSeries:
    """A chained LMDI-I decomposition over consecutive years: per period
    additive effects and multiplicative indices, with totals over the
    whole span (the additive ones sum to the whole change)."""

    __slots__ = ("_core", "years", "factors")

    def __init__(self, core: "_core.LmdiChain", years: List[Any], factors: pd.Index):
        self._core = core
        self.years = years
        self.factors = pd.Index(factors, name="factor")

    @property
    def periods(self) -> pd.Index:
        return pd.Index([f"{y0}-{y1}" for y0, y1 in zip(self.years[:-1], self.years[1:])], name="period")

    @property
    def additive(self) -> pd.DataFrame:
        return pd.DataFrame(self._core.additive, index=self.periods, columns=self.factors)

    @property
    def multiplicative(self) -> pd.DataFrame:
        return pd.DataFrame(self._core.multiplicative, index=self.periods, columns=self.factors)

    @property
    def totals_tonnes(self) -> pd.Series:
        """The aggregate in every year."""
        return pd.Series(self._core.v, index=pd.Index(self.years, name="year"), name="tonnes_co2e")

    def to_frame(self, kind: str = "additive") -> pd.DataFrame:
        """Period x factor effects with a ``total`` row: ``"additive"`` (t
        CO2e; the total is the sum over periods) or ``"multiplicative"``
        (ratios; the total is the product, NaN when a period's is
        undefined)."""
        if kind == "additive":
            out, total = self.additive, self._core.additive_total
        elif kind == "multiplicative":
            out, total = self.multiplicative, self._core.multiplicative_total
        else:
            raise _core.ArgumentError(f"kind must be 'additive' or 'multiplicative', not {kind!r}")
        out.loc["total"] = total
        return out

    def to_dict(self) -> Dict[str, Any]:
        return {
            "periods": list(self.periods),
            "factors": [str(f) for f in self.factors],
            "additive": self._core.additive.tolist(),
            "multiplicative": self._core.multiplicative.tolist(),
            "multiplicative_defined": list(self._core.multiplicative_defined),
            "totals_tonnes": self._core.v.tolist(),
            "unit": "t CO2e",
        }

    def __repr__(self) -> str:
        return (
            f"LmdiSeries({self.years[0]}-{self.years[-1]}, {len(self.years) - 1} periods, factors {list(self.factors)})"
        )

    def _repr_html_(self) -> str:
        return _display.lmdi_series(self)


def lmdi_series(frames: Mapping[int, FrameLike], *, threads: int = 1) -> LmdiSeries:
    """Chained LMDI over consecutive years: ``frames[year]`` as in
    :func:`lmdi` (aligned to the first year's labels). Returns an
    :class:`LmdiSeries`; ``.to_frame()`` gives period x factor additive
    effects with a ``total`` row (the sum over periods, which equals the
    whole change)."""
    years = sorted(frames)
    if len(years) < 2:
        raise _core.ArgumentError(f"a series needs at least two years, got {len(years)}")
    dfs = [_as_frame(frames[y], str(y)) for y in years]
    arrays = _aligned(dfs, [str(y) for y in years])
    return LmdiSeries(_core.lmdi_chained(arrays, threads), years, dfs[0].columns)


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
    threads: int = 1,
) -> LmdiResult:
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
        return pd.DataFrame(
            {
                "activity": total,
                "between_sectors": qs / total,
                "within_sectors": q / qs,
                "intensity": df[emissions].astype(float) / q,
            },
            index=df.index,
        )

    return lmdi(factors(start), factors(end), threads=threads)


def plot_waterfall(result: Union[LmdiResult, pd.DataFrame], ax: Any = None, *, title: Optional[str] = None) -> Any:
    """A waterfall chart of an :func:`lmdi` result (or its ``to_frame()``):
    start, one bar per factor's effect, end."""
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.5), dpi=110)
    frame = result.to_frame() if isinstance(result, LmdiResult) else result
    effects = frame["effect_tonnes"].drop("total")
    start, end = frame.attrs["start_tonnes"], frame.attrs["end_tonnes"]
    labels = ["start"] + list(effects.index) + ["end"]
    running = start
    ax.bar(0, start / 1e3, color="#777777")
    for i, v in enumerate(effects.to_numpy(), start=1):
        ax.bar(i, v / 1e3, bottom=running / 1e3, color="#D55E00" if v > 0 else "#009E73")
        running += v
    ax.bar(len(labels) - 1, end / 1e3, color="#777777")
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, rotation=30, ha="right")
    ax.set_ylabel("kt CO2e")
    ax.set_title(title or "Decomposition of the change (LMDI-I)")
    ax.grid(axis="y", alpha=0.3)
    return ax
