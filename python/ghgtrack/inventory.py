"""The emissions inventory (Pythonic layer over ``ghgtrack._core.Inventory``).

All amounts are tonnes of CO2-equivalent (``tonnes_co2e``) on the GWP metric
the inventory records (:attr:`Inventory.metric`).
"""

from __future__ import annotations

import html
import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _core

# Notation keys, by the codes the C++ core stores (ghgtrack/notation.hpp).
NOTATION_NAMES = ["", "NO", "NE", "IE", "C", "NA", "missing"]
_NA, _MISSING = 5, 6
FLAG_INCOMPLETE = 1
FLAG_NO_VALUE = 2

TIDY_COLUMNS = ["year", "sector", "source", "gas", "value", "unit", "metric", "notation"]

PathLike = Union[str, "os.PathLike[str]"]


class Total(float):
    """A total in t CO2e that knows whether it is complete.

    ``incomplete`` is True when the sum includes an unknown (NE, C or a
    missing row); ``no_value`` when none of its cells reported a number.
    """

    incomplete: bool
    no_value: bool

    def __new__(cls, value: float, incomplete: bool = False, no_value: bool = False) -> "Total":
        obj = super().__new__(cls, value)
        obj.incomplete = bool(incomplete)
        obj.no_value = bool(no_value)
        return obj

    def __repr__(self) -> str:
        note = " (incomplete: includes NE, C or missing rows)" if self.incomplete else ""
        return f"{float(self)!r} t CO2e{note}"


def _frame(agg: Tuple[List[str], List[int], np.ndarray, np.ndarray], index_name: str) -> pd.DataFrame:
    labels, years, values, flags = agg
    df = pd.DataFrame(values, index=pd.Index(labels, name=index_name), columns=pd.Index(years, name="year"))
    df.attrs["unit"] = "t CO2e"
    rows, cols = np.nonzero(flags & FLAG_INCOMPLETE)
    df.attrs["incomplete"] = [(labels[i], years[j]) for i, j in zip(rows, cols)]
    return df


def co2e_unit_scales(units: pd.Series) -> Dict[str, float]:
    """The factor to t CO2e of each distinct unit spelling in ``units`` (NaN
    where it is not a CO2e unit), from the C++ core's one table of units."""
    out: Dict[str, float] = {}
    for u in units.unique():
        f = _core.co2e_unit_scale(str(u))
        out[u] = np.nan if f is None else f
    return out


def incomplete_mask(df: pd.DataFrame) -> pd.DataFrame:
    """A boolean frame like ``df`` (an aggregation result): True where the
    entry includes an unknown (NE, C or a missing row)."""
    mask = pd.DataFrame(False, index=df.index, columns=df.columns)
    for label, year in df.attrs.get("incomplete", []):
        if label in mask.index and year in mask.columns:
            mask.loc[label, year] = True
    return mask


class Inventory:
    """Emissions by category (sector -> source), gas and year, in t CO2e.

    Build one with :func:`ghgtrack.read_miljodirektoratet`,
    :func:`ghgtrack.read_csv`, :func:`ghgtrack.read_iamc` or
    :meth:`Inventory.from_frame`. Aggregations return pandas objects with the
    sectors (or sources, gases) as rows and years as columns; each carries
    ``.attrs["incomplete"]``, a boolean frame marking entries that include an
    unknown (notation keys NE or C, or a missing row). Nothing unknown is
    ever counted as zero without that mark.

    Aggregations carry ``.attrs["incomplete"]``, the (label, year) pairs that
    include an unknown; :func:`incomplete_mask` turns it into a boolean frame.
    """

    checks: Optional[pd.DataFrame] = None
    """For data read from Miljødirektoratet's file: detail vs overview by
    year and sector (columns detail, overview, difference, tolerance, ok)."""

    def __init__(self, core: "_core.Inventory", provenance: Optional[Mapping[str, Any]] = None):
        if not isinstance(core, _core.Inventory):
            raise TypeError("use Inventory.from_frame(...) or a reader such as ghgtrack.read_csv(...)")
        self._core = core
        self.provenance: Dict[str, Any] = dict(provenance or {})

    # -- construction -------------------------------------------------------
    @classmethod
    def from_frame(
        cls,
        df: pd.DataFrame,
        *,
        metric: Optional[str] = None,
        origin: str = "DataFrame",
    ) -> "Inventory":
        """An inventory from a tidy DataFrame with columns year, sector,
        source, gas, value (t CO2e) and optionally unit, metric and notation.

        Rows may come in any order; a duplicate (same year, sector, source,
        gas) is an error naming both rows. A missing value needs a notation
        key (NO, NE, IE, C, NA) saying why.
        """
        missing = [c for c in ["year", "sector", "source", "gas", "value"] if c not in df.columns]
        if missing:
            raise _core.InputError(
                f"{origin}: required column(s) {', '.join(missing)} missing (found: {', '.join(map(str, df.columns))})"
            )
        extra = [c for c in df.columns if c not in TIDY_COLUMNS]
        if extra:
            raise _core.InputError(f"{origin}: unknown column(s) {', '.join(map(str, extra))} (expected {', '.join(TIDY_COLUMNS)})")
        scale = np.ones(len(df))
        if "unit" in df.columns:
            units = df["unit"].fillna("t CO2e").astype(str)
            factor = units.map(co2e_unit_scales(units))
            bad = factor.isna()
            if bad.any():
                i = int(np.flatnonzero(bad.to_numpy())[0])
                raise _core.InputError(f"{origin}, row {i + 1}, column 'unit', value '{units.iloc[i]}': unknown unit (accepted: t CO2e, kt CO2e, Mt CO2e)")
            scale = factor.to_numpy(dtype=float)
        if "metric" in df.columns:
            ms = sorted({str(m) for m in df["metric"].dropna().unique() if str(m).strip()})
            canon = sorted({_core.metric_name(m) for m in ms})
            if len(canon) > 1:
                raise _core.InputError(f"{origin}: mixed GWP metrics in column 'metric': {', '.join(ms)}")
            if canon:
                if metric is not None and canon[0] != _core.metric_name(metric):
                    raise _core.InputError(f"{origin}: column 'metric' says {canon[0]}, but metric={metric!r} was given")
                metric = canon[0]
        years = df["year"]
        if not pd.api.types.is_integer_dtype(years):
            num = pd.to_numeric(years, errors="coerce")
            bad = num.isna() | (num != np.floor(num))
            if bad.any():
                i = int(np.flatnonzero(bad.to_numpy())[0])
                raise _core.InputError(f"{origin}, row {i + 1}, column 'year', value '{years.iloc[i]}': the year is not a whole number")
            years = num
        values = df["value"]
        notations: List[str] = []
        if "notation" in df.columns:
            notations = df["notation"].fillna("").astype(str).tolist()
        if values.dtype == object:
            # Notation keys written in the value column.
            as_num = pd.to_numeric(values, errors="coerce")
            keys_in_values = values.where(as_num.isna() & values.notna(), None)
            if keys_in_values.notna().any():
                if not notations:
                    notations = [""] * len(df)
                for i in np.flatnonzero(keys_in_values.notna().to_numpy()):
                    text = str(values.iloc[i]).strip()
                    if text.upper() not in {"NO", "NE", "IE", "C", "NA"}:
                        raise _core.InputError(f"{origin}, row {i + 1}, column 'value', value '{text}': not a number")
                    notations[i] = text
            values = as_num
        vals = pd.to_numeric(values, errors="raise").to_numpy(dtype=float) * scale
        core = _core.Inventory.from_columns(
            df["sector"].astype(str).tolist(),
            df["source"].astype(str).tolist(),
            df["gas"].astype(str).tolist(),
            np.asarray(years, dtype=np.int64),
            vals,
            notations,
            metric,
            origin,
        )
        return cls(core)

    # -- labels ---------------------------------------------------------------
    @property
    def years(self) -> List[int]:
        """The years, increasing."""
        return list(self._core.years)

    @property
    def sectors(self) -> List[str]:
        """The sectors, sorted."""
        return list(self._core.sectors)

    @property
    def gases(self) -> List[str]:
        """The gases (canonical names), e.g. ['CO2', 'CH4', 'N2O', 'SF6', 'HFCs']."""
        return list(self._core.gases)

    @property
    def categories(self) -> pd.DataFrame:
        """The categories as a frame with columns sector and source."""
        return pd.DataFrame(self._core.categories, columns=["sector", "source"])

    @property
    def sources(self) -> List[str]:
        """The categories as "sector / source" labels."""
        return [f"{s} / {c}" for s, c in self._core.categories]

    @property
    def metric(self) -> Optional[str]:
        """The GWP metric the CO2e values are on (e.g. "AR5GWP100"), if known."""
        return self._core.metric

    # -- data --------------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """The tidy (long) frame: year, sector, source, gas, value (t CO2e),
        unit, metric, notation. Notation-key cells have value NaN (or their
        known part) and the key in ``notation``; structurally empty cells and
        missing rows are not rows."""
        core = self._core
        values = np.asarray(core.values)  # cells x years, Fortran order
        keys = np.asarray(core.keys)
        cats = core.categories
        gases = core.gases
        ng = len(gases)
        years = np.asarray(core.years, dtype=np.int64)
        # Row order: category, gas, year (as the CSV writer).
        v = values.reshape(-1)  # C-order flatten: cell-major, years fastest
        k = keys.reshape(-1)
        ny = len(years)
        keep = ~(((k == _NA) | (k == _MISSING)) & (v == 0.0))
        idx = np.flatnonzero(keep)
        cell = idx // max(ny, 1)
        yi = idx % max(ny, 1)
        cat = cell // max(ng, 1)
        gi = cell % max(ng, 1)
        sectors = np.array([c[0] for c in cats], dtype=object)
        sources = np.array([c[1] for c in cats], dtype=object)
        gas_arr = np.array(gases, dtype=object)
        note = np.array(NOTATION_NAMES, dtype=object)[k[idx]]
        val = v[idx].astype(float)
        val = np.where((k[idx] != 0) & (val == 0.0), np.nan, val)
        return pd.DataFrame(
            {
                "year": years[yi],
                "sector": sectors[cat],
                "source": sources[cat],
                "gas": gas_arr[gi],
                "value": val,
                "unit": "t CO2e",
                "metric": self.metric or "",
                "notation": note,
            }
        )

    def to_csv(self, path: PathLike) -> None:
        """Writes the tidy CSV format (exact round trip with
        :func:`ghgtrack.read_csv`)."""
        self._core.to_csv(os.fspath(path))

    def to_iamc(self, path: Optional[PathLike] = None, **kwargs: Any) -> pd.DataFrame:
        """The IAMC wide frame (see :func:`ghgtrack.iamc.to_iamc`); written
        to ``path`` as CSV or xlsx when given."""
        from .iamc import to_iamc

        return to_iamc(self, path, **kwargs)

    # -- aggregation ---------------------------------------------------------------
    def total(self, year: Optional[int] = None) -> Union[Total, pd.Series]:
        """The total over all categories and gases: a :class:`Total` (a float
        that knows whether it is complete) for one year, else a Series by year
        with ``.attrs["incomplete"]``."""
        agg = self._core.total()
        df = _frame(agg, "total")
        if year is not None:
            if year not in df.columns:
                raise KeyError(f"year {year} is not in the inventory; years: {self.years}")
            flags = agg[3][0, list(df.columns).index(year)]
            return Total(df.loc["Total", year], bool(flags & FLAG_INCOMPLETE), bool(flags & FLAG_NO_VALUE))
        s = df.loc["Total"].rename("tonnes_co2e")
        s.attrs = {"unit": "t CO2e", "incomplete": [y for _, y in df.attrs["incomplete"]]}
        return s

    def by_sector(self, years: Optional[Iterable[int]] = None) -> pd.DataFrame:
        """Sectors x years, t CO2e."""
        return self._select_years(_frame(self._core.by_sector(), "sector"), years)

    def by_source(self, years: Optional[Iterable[int]] = None) -> pd.DataFrame:
        """Categories ("sector / source") x years, t CO2e."""
        df = _frame(self._core.by_category(), "source")
        return self._select_years(df, years)

    def by_gas(self, years: Optional[Iterable[int]] = None) -> pd.DataFrame:
        """Gases x years, t CO2e."""
        return self._select_years(_frame(self._core.by_gas(), "gas"), years)

    def _by(self, by: str) -> pd.DataFrame:
        if by == "sector":
            return self.by_sector()
        if by == "source":
            return self.by_source()
        if by == "gas":
            return self.by_gas()
        raise ValueError(f"by must be 'sector', 'source' or 'gas', not {by!r}")

    @staticmethod
    def _select_years(df: pd.DataFrame, years: Optional[Iterable[int]]) -> pd.DataFrame:
        if years is None:
            return df
        ys = list(years)
        unknown = [y for y in ys if y not in df.columns]
        if unknown:
            raise KeyError(f"year(s) {unknown} not in the inventory; years: {list(df.columns)}")
        out = df[ys]
        out.attrs = {**df.attrs, "incomplete": [(l, y) for l, y in df.attrs["incomplete"] if y in ys]}
        return out

    def select(
        self,
        *,
        years: Optional[Iterable[int]] = None,
        sectors: Optional[Iterable[str]] = None,
        gases: Optional[Iterable[str]] = None,
    ) -> "Inventory":
        """The part of the inventory for these years, sectors and gases."""
        core = self._core.select(
            years=None if years is None else [int(y) for y in years],
            sectors=None if sectors is None else list(sectors),
            gases=None if gases is None else list(gases),
        )
        return Inventory(core, self.provenance)

    def shares(self, year: int, *, by: str = "sector") -> pd.Series:
        """Each sector's (source's, gas's) share of the year's total, in %."""
        df = self._by(by)
        if year not in df.columns:
            raise KeyError(f"year {year} is not in the inventory; years: {self.years}")
        total = float(self.total(year))
        if total == 0:
            raise ZeroDivisionError(f"the total for {year} is zero; shares are undefined")
        return (df[year] / total * 100.0).rename("share_pct")

    def change(self, base_year: int, year: int, *, by: Optional[str] = "sector") -> pd.DataFrame:
        """Change from ``base_year`` to ``year``: columns for both years
        (t CO2e), ``change_tonnes`` and ``change_pct`` (NaN where the base is
        zero), and ``incomplete``. ``by=None`` gives the total only."""
        for y in (base_year, year):
            if y not in self.years:
                raise KeyError(f"year {y} is not in the inventory; years: {self.years}")
        if by is None:
            t = _frame(self._core.total(), "total")
        else:
            t = self._by(by)
        inc = incomplete_mask(t)
        out = pd.DataFrame(
            {
                f"tonnes_co2e_{base_year}": t[base_year],
                f"tonnes_co2e_{year}": t[year],
            }
        )
        out["change_tonnes"] = t[year] - t[base_year]
        base = t[base_year].where(t[base_year] != 0)
        out["change_pct"] = out["change_tonnes"] / base.abs() * 100.0
        out["incomplete"] = inc[base_year] | inc[year]
        return out

    def per_capita(self, population: Union[pd.Series, Mapping[int, float]]) -> pd.Series:
        """Total t CO2e per person by year. ``population`` maps year to
        inhabitants; a year of the inventory without a population is an error."""
        pop = pd.Series(population, dtype=float)
        missing = [y for y in self.years if y not in pop.index]
        if missing:
            raise KeyError(f"no population given for year(s) {missing}")
        if (pop.loc[self.years] <= 0).any():
            raise ValueError("population must be positive")
        total = self.total()
        out = (total / pop.loc[self.years].to_numpy()).rename("tonnes_co2e_per_capita")
        out.attrs = {"unit": "t CO2e per person", "incomplete": total.attrs["incomplete"]}
        return out

    def restate(self, metric: str) -> "Inventory":
        """The inventory restated on another GWP metric gas by gas (e.g.
        "AR6GWP100"). Raises IncompatibleError where only a basket (HFCs,
        PFCs) is reported, since its split by gas is unknown."""
        return Inventory(self._core.restated(metric), {**self.provenance, "restated_to": metric})

    def incomplete_cells(self) -> pd.DataFrame:
        """Every cell with an unknown (NE, C or missing): year, sector,
        source, gas and the key."""
        keys = np.asarray(self._core.keys)
        cell, yi = np.nonzero((keys == 2) | (keys == 4) | (keys == _MISSING))
        ng = max(len(self._core.gases), 1)
        cats = self._core.categories
        gases = self._core.gases
        years = self._core.years
        return pd.DataFrame(
            {
                "year": [years[i] for i in yi],
                "sector": [cats[c // ng][0] for c in cell],
                "source": [cats[c // ng][1] for c in cell],
                "gas": [gases[c % ng] for c in cell],
                "notation": [NOTATION_NAMES[keys[c, y]] for c, y in zip(cell, yi)],
            }
        ).sort_values(["year", "sector", "source", "gas"], ignore_index=True)

    def largest_sources(self, year: int, n: int = 10) -> pd.Series:
        """The ``n`` largest categories in ``year``, t CO2e."""
        return self.by_source([year])[year].sort_values(ascending=False).head(n)

    def plot(self, ax: Any = None, *, by: str = "sector", title: Optional[str] = None) -> Any:
        """Emissions by year as stacked bars by sector (or ``by="gas"``),
        in kt CO2e; returns the matplotlib axes."""
        from .plotting import PALETTE, _pyplot

        plt = _pyplot()
        if ax is None:
            _, ax = plt.subplots(figsize=(9, 5), dpi=110)
        df = self.by_gas() if by == "gas" else self.by_sector()
        df = df.loc[df[df.columns[-1]].sort_values(ascending=False).index]
        years = np.asarray(df.columns, dtype=float)
        bottom = np.zeros(len(years))
        for i, (label, row) in enumerate(df.iterrows()):
            vals = row.to_numpy(dtype=float) / 1e3
            ax.bar(years, vals, bottom=bottom, width=0.8, color=PALETTE[i % len(PALETTE)], label=label, linewidth=0)
            bottom += vals
        ax.set_ylabel("kt CO2e")
        ax.set_xlabel("year")
        name = self.provenance.get("municipality") or self.provenance.get("dataset") or ""
        ax.set_title(title or f"{name} emissions by {by}".strip())
        ax.legend(fontsize=8, ncol=2, frameon=False)
        ax.grid(axis="y", alpha=0.3)
        return ax

    # -- notebook and terminal ------------------------------------------------------
    def __repr__(self) -> str:
        ys = self.years
        span = f"{ys[0]}-{ys[-1]} ({len(ys)} years)" if ys else "no years"
        name = self.provenance.get("municipality") or self.provenance.get("dataset") or ""
        head = f"<ghgtrack.Inventory {name}".rstrip()
        return (
            f"{head}: {len(self.sectors)} sectors, {len(self._core.categories)} sources, "
            f"gases {', '.join(self.gases)}, {span}, t CO2e on {self.metric or 'an unknown metric'}>"
        )

    def _repr_html_(self) -> str:
        df = self.by_sector()
        years = self.years
        show = [y for y in (years[:1] + years[-3:]) if y in df.columns]
        show = list(dict.fromkeys(show))
        table = df[show].copy()
        table.loc["Total"] = [float(self.total(y)) for y in show]
        body = table.to_html(float_format=lambda v: f"{v:,.0f}", border=0)
        return (
            f"<div><strong>{html.escape(repr(self))}</strong>"
            f"<p>t CO2e by sector ({html.escape(self.metric or 'metric unknown')})</p>{body}</div>"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Inventory):
            return NotImplemented
        a, b = self._core, other._core
        return (
            a.categories == b.categories
            and a.gases == b.gases
            and a.years == b.years
            and a.metric == b.metric
            and np.array_equal(np.asarray(a.values), np.asarray(b.values))
            and np.array_equal(np.asarray(a.keys), np.asarray(b.keys))
        )

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> Any:
        return (_rebuild, (self._core, self.provenance))


def _rebuild(core: "_core.Inventory", provenance: Dict[str, Any]) -> Inventory:
    return Inventory(core, provenance)


def read_csv(path: PathLike) -> Inventory:
    """Reads the tidy CSV format (fast C++ reader). Raises
    :class:`ghgtrack.InputError` naming file, row, column and value."""
    p = os.fspath(path)
    return Inventory(_core.read_csv(p), {"file": p, "format": "tidy csv"})


def merge(parts: Union[Sequence[Inventory], Mapping[str, Inventory]]) -> Inventory:
    """Combines the inventories of areas that became one municipality (e.g.
    ``merge({"Asker": a, "Røyken": r, "Hurum": h})``). Raises
    IncompatibleError when years, categories or GWP metrics disagree."""
    if isinstance(parts, Mapping):
        names = [str(k) for k in parts]
        invs = list(parts.values())
    else:
        invs = list(parts)
        names = [str(p.provenance.get("municipality", f"part {i + 1}")) for i, p in enumerate(invs)]
    core = _core.merge([p._core for p in invs], names)
    return Inventory(core, {"merged_from": names})


class Releases:
    """Several published releases of one municipality's inventory, side by
    side. Every release recalculates history, so the same year can differ
    between releases; :meth:`diff` says where and by how much."""

    def __init__(self, releases: Optional[Mapping[str, Inventory]] = None):
        self._releases: Dict[str, Inventory] = dict(releases or {})

    def add(self, name: str, inventory: Inventory) -> None:
        if name in self._releases:
            raise ValueError(f"a release named {name!r} is already kept")
        self._releases[name] = inventory

    def __getitem__(self, name: str) -> Inventory:
        return self._releases[name]

    def __len__(self) -> int:
        return len(self._releases)

    @property
    def names(self) -> List[str]:
        return list(self._releases)

    def diff(self, old: str, new: str, *, by: str = "sector", tolerance: float = 0.0) -> pd.DataFrame:
        """Rows (year, sector or source) whose value differs between two
        releases by more than ``tolerance`` t CO2e, or that exist in only
        one: columns old, new, change_tonnes, change_pct, status
        ("changed", "added", "removed")."""
        a = self._releases[old]._by(by)
        b = self._releases[new]._by(by)
        a.attrs, b.attrs = {}, {}
        a, b = a.stack(), b.stack()
        a.name, b.name = "old", "new"
        df = pd.concat([a, b], axis=1)
        df["change_tonnes"] = df["new"] - df["old"]
        df["change_pct"] = df["change_tonnes"] / df["old"].where(df["old"] != 0).abs() * 100.0
        df["status"] = np.select(
            [df["old"].isna(), df["new"].isna()], ["added", "removed"], default="changed"
        )
        keep = df["old"].isna() | df["new"].isna() | (df["change_tonnes"].abs() > tolerance)
        out = df[keep].reorder_levels([1, 0]).sort_index()
        out.index.names = ["year", by]
        return out
