"""The emissions inventory (Pythonic layer over ``ghgtrack._core.Inventory``).

All amounts are tonnes of CO2-equivalent (``tonnes_co2e``) on the GWP metric
the inventory records (:attr:`Inventory.metric`). Readers live in their own
modules (:mod:`ghgtrack.readers`, :mod:`ghgtrack.iamc`) and import this one,
never the reverse; releases side by side are in :mod:`ghgtrack.releases`.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core, _display
from ._common import (
    FLAG_INCOMPLETE,
    FLAG_NO_VALUE,
    NOTATION_NAMES,
    TIDY_COLUMNS,
    UNKNOWN_CODES,
    PathLike,
    Total,
    aggregate_frame,
    decode_text,
    incomplete_mask,
    names_list,
    read_bytes,
    years_list,
)
from ._iamc import to_iamc
from .plotting import plot_inventory

__all__ = ["Inventory", "Total", "incomplete_mask", "merge", "read_csv", "PathLike", "NOTATION_NAMES", "TIDY_COLUMNS"]


def _is_bool(v: Any) -> bool:
    return isinstance(v, (bool, np.bool_))


def _cells(column: pd.Series) -> Any:
    """A frame column as the core's from_cells takes it: a numeric numpy
    array as is (a nullable Int64/Float64 column's NA becomes NaN, an empty
    cell), anything else as objects with every missing marker (None, NaN,
    pd.NA, NaT) None. Booleans are not amounts (True is not 1 t): they go
    as their text, which the core's row check refuses with row and column."""
    dtype = column.dtype
    if pd.api.types.is_bool_dtype(dtype):
        obj = column.astype(object)
        return np.array([None if pd.isna(v) else str(bool(v)) for v in obj], dtype=object)
    if pd.api.types.is_numeric_dtype(dtype) and not (pd.api.types.is_extension_array_dtype(dtype) and column.hasnans):
        return column.to_numpy(dtype=float, na_value=np.nan)
    obj = column.astype(object)
    out = obj.where(column.notna(), None).to_numpy(dtype=object)
    if pd.api.types.infer_dtype(column, skipna=True) not in _NO_BOOLS:
        out = np.array([str(bool(v)) if _is_bool(v) else v for v in out], dtype=object)
    return out


# What pandas infers for a column that holds no booleans (checked in C).
_NO_BOOLS = {"string", "floating", "integer", "mixed-integer-float", "empty", "decimal", "bytes", "date", "datetime"}


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
        source, gas, value and optionally unit (default t CO2e), metric and
        notation (the columns of :func:`ghgtrack.read_csv`).

        Units: CO2e in t, kt, Mt, Gg or Tg ("Mt CO2-equiv/yr", "kt CO2e"), or
        the mass of the row's gas ("kt CH4/yr", "Gg N2O"), converted with the
        GWP of the row's metric, else of ``metric=``; a mass without either
        is an error (see docs/ecosystem.md).

        Rows may come in any order; a duplicate (same year, sector, source,
        gas) is an error naming both rows. A missing value needs a notation
        key (NO, NE, IE, C, NA) saying why. Each row is checked by the C++
        core's one row check; an error is an :class:`InputError` whose
        ``.row`` is the 1-based position in the frame.
        """
        if not isinstance(df, pd.DataFrame):
            raise TypeError(f"from_frame needs a pandas DataFrame, not {type(df).__name__}")
        if len(df) == 0 and df.shape[1] > 0:  # as read_csv: a header alone is not an inventory
            raise _core.input_error(origin, 0, "", "", "no data rows (the frame has columns but no rows)")
        header = [str(c) for c in df.columns]
        # By position: a repeated column name is the core's error ("appears twice").
        columns = [_cells(df.iloc[:, i]) for i in range(df.shape[1])]
        return cls(_core.Inventory.from_cells(header, columns, origin=origin, metric=metric))

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
        known part) and the key in ``notation``. The rows are those of the
        tidy CSV (the core's ``tidy_row_mask``): reading them back gives the
        same inventory, unknowns included (a gap in a source that has other
        years is left out, as the reader re-creates it as missing)."""
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
        keep = np.asarray(core.tidy_row_mask()).reshape(-1)
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
        self._core.to_csv(os.fsencode(path))

    def to_iamc(self, path: Optional[PathLike] = None, **kwargs: Any) -> pd.DataFrame:
        """The IAMC wide frame (see :func:`ghgtrack.iamc.to_iamc`); written
        to ``path`` as CSV or xlsx when given."""
        return to_iamc(self, path, **kwargs)

    def to_pyam(self, **kwargs: Any) -> Any:
        """The inventory as a ``pyam.IamDataFrame`` with ``Emissions|Kyoto
        Gases`` and its sector, category and entry levels (naming and options
        in :mod:`ghgtrack.pyam_io`; needs pyam, PyPI ``pyam-iamc``)."""
        from .pyam_io import to_pyam

        return to_pyam(self, **kwargs)

    @classmethod
    def from_pyam(cls, df: Any, **kwargs: Any) -> "Inventory":
        """An inventory from a ``pyam.IamDataFrame`` named as
        :meth:`to_pyam` writes it (see :func:`ghgtrack.pyam_io.from_pyam`)."""
        from .pyam_io import from_pyam

        inv = from_pyam(df, **kwargs)
        return cls(inv._core, inv.provenance)

    # -- aggregation ---------------------------------------------------------------
    def total(self, year: Optional[int] = None) -> Union[Total, pd.Series]:
        """The total over all categories and gases: a :class:`Total` (a float
        that knows whether it is complete) for one year, else a Series by year
        with ``.attrs["incomplete"]``."""
        agg = self._core.total()
        df = aggregate_frame(agg, "total")
        if year is not None:
            if year not in df.columns:
                raise KeyError(f"year {year} is not in the inventory; years: {self.years}")
            flags = agg[3][0, list(df.columns).index(year)]
            return Total(df.loc["Total", year], bool(flags & FLAG_INCOMPLETE), bool(flags & FLAG_NO_VALUE))
        s = df.loc["Total"].rename("tonnes_co2e")
        s.attrs = {"unit": "t CO2e", "incomplete": [y for _, y in df.attrs["incomplete"]]}
        return s

    def by_sector(self, years: Union[None, int, Iterable[int]] = None) -> pd.DataFrame:
        """Sectors x years, t CO2e. ``years``: one year (an int, as for
        :meth:`total`) or several."""
        return self._select_years(aggregate_frame(self._core.by_sector(), "sector"), years)

    def by_source(self, years: Union[None, int, Iterable[int]] = None) -> pd.DataFrame:
        """Categories ("sector / source") x years, t CO2e; ``years`` as for :meth:`by_sector`."""
        return self._select_years(aggregate_frame(self._core.by_category(), "source"), years)

    def by_gas(self, years: Union[None, int, Iterable[int]] = None) -> pd.DataFrame:
        """Gases x years, t CO2e; ``years`` as for :meth:`by_sector`."""
        return self._select_years(aggregate_frame(self._core.by_gas(), "gas"), years)

    def _by(self, by: str) -> pd.DataFrame:
        if by == "sector":
            return self.by_sector()
        if by == "source":
            return self.by_source()
        if by == "gas":
            return self.by_gas()
        raise ValueError(f"by must be 'sector', 'source' or 'gas', not {by!r}")

    @staticmethod
    def _select_years(df: pd.DataFrame, years: Union[None, int, Iterable[int]]) -> pd.DataFrame:
        ys = years_list(years)
        if ys is None:
            return df
        unknown = [y for y in ys if y not in df.columns]
        if unknown:
            raise KeyError(f"year(s) {unknown} not in the inventory; years: {list(df.columns)}")
        out = df[ys]
        out.attrs = {**df.attrs, "incomplete": [(label, y) for label, y in df.attrs["incomplete"] if y in ys]}
        return out

    def select(
        self,
        *,
        years: Union[None, int, Iterable[int]] = None,
        sectors: Union[None, str, Iterable[str]] = None,
        sources: Union[None, str, Iterable[str]] = None,
        gases: Union[None, str, Iterable[str]] = None,
    ) -> "Inventory":
        """The part of the inventory for these years, sectors, sources (source
        names, in any sector) and gases. Each takes one name (a string is one
        name, never its letters; a year an int) or a list."""
        core = self._core.select(
            years=years_list(years),
            sectors=names_list(sectors, "sectors"),
            gases=names_list(gases, "gases"),
            sources=names_list(sources, "sources"),
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
            t = aggregate_frame(self._core.total(), "total")
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
        cell, yi = np.nonzero(np.isin(keys, UNKNOWN_CODES))
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
        return plot_inventory(self, ax, by=by, title=title)

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
        return _display.inventory(self)

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


def read_csv(
    path: PathLike, *, encoding: Optional[str] = None, threads: int = 1, metric: Optional[str] = None
) -> Inventory:
    """Reads the tidy CSV format (fast C++ reader). Raises
    :class:`ghgtrack.InputError` naming file, row, column and value.

    ``encoding``: None (default) reads UTF-8, with or without a byte-order
    mark, and UTF-16 (recognised by its byte-order mark or its header);
    text in any other encoding (a cp1252 or Latin-1 label) is an InputError
    at the row and column of the first such cell, showing its bytes. Name
    the encoding (``encoding="cp1252"``) to read such a file: it is decoded
    here and handed to the C++ reader as UTF-8. The path may be a str,
    bytes or os.PathLike, also one whose name is not UTF-8. Pipes and files
    whose size the system reports as 0 (under /proc) are read to the end.

    ``threads``: 1 (default) starts no thread; 0 uses one per hardware
    thread, the faster choice for a large file: a file of 8 MiB or more is
    read in parts of about 4 MiB on that many threads, and the inventory
    built on them too (a smaller file is one part). The result, and the
    error reported, are the same for any number. (pyarrow and polars use
    every core by default: ``bench/bench_inventory.py`` compares both
    settings with them.) ``metric``: the GWP
    metric of the data when the file does not name it; it turns gas masses
    ("kt CH4/yr", "Gg N2O") into CO2e (a mass without a metric is an error)."""
    p = os.fsencode(path)  # bytes: any file name the system has
    origin = os.fsdecode(p)
    provenance = {"file": origin, "format": "tidy csv"}
    if encoding is None:
        return Inventory(_core.read_csv(p, threads, metric), provenance)
    text = decode_text(read_bytes(p), encoding, p)
    return Inventory(_core.read_csv_text(text, p, threads, metric), provenance)


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
