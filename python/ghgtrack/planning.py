"""Measures (tiltak), scenarios and attribution: the Pythonic layer.

Everything that decides something lives in the C++ core
(``include/ghgtrack/measure.hpp``, ``measure_table.hpp``, ``scenario.hpp``,
``attribution.hpp``): the measures table's validation, the combination rule,
the Shapley values. This module adapts: keyword arguments, pandas frames,
xlsx files through openpyxl (fed to the same C++ row validation), and the
converter for Oslo's Klimabudsjett 2023 table. docs/planning.md documents
the table format, the combination rule and the attribution.

Amounts are t CO2e per year; a reduction is positive. Relative effects
follow the library's sign convention: ``-0.3`` or ``"-30%"`` is a 30 % cut
(``Measure.cut(..., 0.3)`` takes the positive fraction).
"""

from __future__ import annotations

import math
import os
import pathlib
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _core, _display
from ._atomic import atomic_path, write_text
from .inventory import Inventory

PathLike = Union[str, "os.PathLike[str]"]

#: The scenario names and statuses of :func:`scenarios` by default.
STANDARD_SCENARIOS: Dict[str, Optional[List[str]]] = {
    "baseline": [],
    "adopted": ["adopted", "implemented"],
    "adopted + proposed": ["proposed", "adopted", "implemented"],
}


def _text(v: Any) -> str:
    """A keyword value as table text (floats in their shortest exact form)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        return repr(v)
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, np.floating):
        return repr(float(v))
    if isinstance(v, (list, tuple)):
        return "; ".join(_text(x) for x in v)
    if isinstance(v, Mapping):
        return "; ".join(f"{int(k)}: {_text(x)}" for k, x in v.items())
    return str(v)


class Measure:
    """A climate measure (tiltak): scope, effect, ramp-up, status, who is
    responsible, notes and cost fields.

    Build one with keywords, e.g.
    ``Measure("T1", name="Zero-emission buses", sources=["Veitrafikk / Busser"],
    effect=1200, start_year=2024, full_year=2028, status="adopted")``.
    ``effect`` is t CO2e per year (a reduction), a cut such as ``"-30%"`` or
    ``-0.3`` (with ``kind="relative"``), or a reason the effect is unknown
    (``"not calculated"``, ``"facilitating"``). An activity effect gives
    ``activity``/``activity_unit`` and ``factor``/``factor_unit``
    (e.g. ``1e6, "l", 2.66, "kg CO2/l"``). Validation is the measures
    table's (C++); errors are :class:`ghgtrack.InputError` naming the field.
    """

    def __init__(
        self,
        id: str,
        *,
        name: str = "",
        sectors: Optional[Sequence[str]] = None,
        sources: Optional[Sequence[Union[str, Tuple[str, str]]]] = None,
        gases: Optional[Sequence[str]] = None,
        effect: Any = None,
        kind: Optional[str] = None,
        effect_unit: Optional[str] = None,
        activity: Optional[float] = None,
        activity_unit: Optional[str] = None,
        factor: Optional[float] = None,
        factor_unit: Optional[str] = None,
        factor_gas: Optional[str] = None,
        removal: bool = False,
        start_year: Optional[int] = None,
        full_year: Optional[int] = None,
        end_year: Optional[int] = None,
        ramp: str = "linear",
        ramp_points: Optional[Mapping[int, float]] = None,
        status: str = "proposed",
        agency: str = "",
        reporting_owner: str = "",
        notes: str = "",
        investment: Optional[Mapping[int, float]] = None,
        operating_cost: Optional[float] = None,
        lifetime: Optional[float] = None,
        discount_rate: Optional[float] = None,
        cost_low: Optional[float] = None,
        cost_high: Optional[float] = None,
        cost_class: str = "",
        currency: str = "",
        price_year: Optional[int] = None,
    ) -> None:
        srcs = [f"{s[0]} / {s[1]}" if isinstance(s, tuple) else s for s in (sources or [])]
        if ramp_points is not None and ramp == "linear":
            ramp = "points"
        fields = [
            ("id", id),
            ("name", name),
            ("sectors", sectors or []),
            ("sources", srcs),
            ("gases", gases or []),
            ("effect_kind", kind),
            ("effect", effect),
            ("effect_unit", effect_unit),
            ("activity", activity),
            ("activity_unit", activity_unit),
            ("factor", factor),
            ("factor_unit", factor_unit),
            ("factor_gas", factor_gas),
            ("removal", bool(removal)),
            ("start_year", start_year),
            ("full_year", full_year),
            ("end_year", end_year),
            ("ramp_shape", ramp),
            ("ramp_points", ramp_points),
            ("status", status),
            ("agency", agency),
            ("reporting_owner", reporting_owner),
            ("notes", notes),
            ("investment", investment),
            ("operating_cost", operating_cost),
            ("lifetime", lifetime),
            ("discount_rate", discount_rate),
            ("cost_low", cost_low),
            ("cost_high", cost_high),
            ("cost_class", cost_class),
            ("currency", currency),
            ("price_year", price_year),
        ]
        self._core = _core.measure_from_fields([(k, _text(v)) for k, v in fields], f"Measure({id!r})")

    @classmethod
    def cut(cls, id: str, fraction: float, **kwargs: Any) -> "Measure":
        """A measure cutting its scope by a positive ``fraction`` (0.3 = 30 %)."""
        f = float(fraction)
        if not 0.0 <= f <= 1.0:
            raise _core.ArgumentError(
                f"Measure.cut: {fraction!r} is not a fraction in [0, 1]; write 0.3 for a 30 % cut"
            )
        return cls(id, effect=-f, kind="relative", **kwargs)

    @classmethod
    def _wrap(cls, core: "_core.Measure") -> "Measure":
        obj = cls.__new__(cls)
        obj._core = core
        return obj

    # Read-only views of the C++ measure.
    id = property(lambda self: self._core.id)
    name = property(lambda self: self._core.name)
    sectors = property(lambda self: list(self._core.sectors))
    sources = property(lambda self: list(self._core.sources))
    gases = property(lambda self: list(self._core.gases))
    kind = property(lambda self: self._core.effect_kind)
    quantified = property(lambda self: self._core.quantified)
    removal = property(lambda self: self._core.removal)
    status = property(lambda self: self._core.status)
    start_year = property(lambda self: self._core.start_year)
    full_year = property(lambda self: self._core.full_year)
    end_year = property(lambda self: self._core.end_year)
    agency = property(lambda self: self._core.agency)
    reporting_owner = property(lambda self: self._core.reporting_owner)
    notes = property(lambda self: self._core.notes)

    @property
    def effect(self) -> Optional[float]:
        """t CO2e/yr (absolute), the cut as a positive fraction (relative),
        t of gas/yr (activity); None when unknown (see ``effect_reason``)."""
        return self._core.effect_value

    @property
    def effect_reason(self) -> str:
        return self._core.effect_reason

    def ramp_factor(self, year: int) -> float:
        """The ramp-up factor in ``year``, in [0, 1]."""
        return self._core.ramp_factor(int(year))

    def to_dict(self) -> Dict[str, str]:
        """The measure as measures-table cells (column -> text)."""
        return dict(zip(_core.measure_columns(), self._core.cells()))

    def __repr__(self) -> str:
        eff = self.effect_reason if not self.quantified else f"{self.kind} {self.effect:g}"
        return f"Measure({self.id!r}, {self.name!r}, {eff}, {self.status})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Measure) and self._core.cells() == other._core.cells()

    def __reduce__(self) -> Any:
        return (Measure._wrap, (self._core,))


class Measures(list):
    """A list of :class:`Measure` with table views. ``stated_totals`` holds
    totals a source publishes beside its rows (e.g. Oslo's 74,300 t in
    2023), never mixed into the rows."""

    stated_totals: Dict[int, float]
    origin: str

    def __init__(
        self, items: Iterable[Measure] = (), origin: str = "", stated_totals: Optional[Dict[int, float]] = None
    ):
        super().__init__(items)
        self.origin = origin
        self.stated_totals = dict(stated_totals or {})

    def to_frame(self) -> pd.DataFrame:
        """One row per measure, the measures table's columns (as text, as the table holds them)."""
        rows = [m._core.cells() for m in self]
        return pd.DataFrame(rows, columns=_core.measure_columns())

    def by_id(self, id: str) -> Measure:
        for m in self:
            if m.id == id:
                return m
        raise KeyError(f"no measure {id!r}; ids: {', '.join(m.id for m in self)}")

    def unquantified(self) -> "Measures":
        """The measures whose effect is unknown (listed, never counted as zero)."""
        return Measures([m for m in self if not m.quantified], self.origin)

    def with_status(self, *statuses: str) -> "Measures":
        canon = {_core.measure_status_name(s) for s in statuses}
        return Measures([m for m in self if m.status in canon], self.origin)


def _cores(measures: Iterable[Measure]) -> List["_core.Measure"]:
    out = []
    for m in measures:
        if not isinstance(m, Measure):
            raise TypeError(f"expected ghgtrack.Measure, got {type(m).__name__}")
        out.append(m._core)
    return out


def _cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    return str(v)


def read_measures(path: PathLike, *, encoding: str = "utf-8", sheet: Optional[str] = None) -> Measures:
    """Reads a measures table (.csv, or .xlsx/.xlsm through openpyxl: the
    first sheet unless ``sheet`` names one). Every row goes through the C++
    validation; a bad cell is an :class:`ghgtrack.InputError` with file, row,
    column and value."""
    p = pathlib.Path(path)
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl  # only for xlsx (about 0.1 s to import)

        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
        try:
            ws = wb[sheet] if sheet else wb.worksheets[0]
            rows = [[_cell_text(v) for v in r] for r in ws.iter_rows(values_only=True)]
        finally:
            wb.close()
        if not rows:
            raise _core.InputError(f"{p}: the sheet is empty")
        header, body = rows[0], rows[1:]
        cores = _core.measures_from_rows(header, body, str(p), list(range(2, len(body) + 2)))
    else:
        text = p.read_text(encoding=encoding)
        cores = _core.read_measures_text(text, str(p))
    return Measures([Measure._wrap(c) for c in cores], str(p))


def write_measures(measures: Iterable[Measure], path: PathLike, *, encoding: str = "utf-8") -> None:
    """Writes the measures table (.csv, or .xlsx) atomically: a temporary
    file in the same folder, then renamed over ``path``. Reading it back
    gives the same numbers exactly."""
    p = pathlib.Path(path)
    cores = _cores(measures)
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl  # only for xlsx (about 0.1 s to import)

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "measures"
        ws.append(_core.measure_columns())
        for c in cores:
            ws.append(c.cells())  # text cells: exact, and Excel keeps them as typed
        with atomic_path(p) as tmp:
            wb.save(tmp)
        return
    if encoding.replace("-", "").lower() in ("utf8", "utf8sig") and encoding.lower() != "utf-8-sig":
        _core.write_measures(cores, str(p))
        return
    text = _core.write_measures_text(cores)
    write_text(p, text, encoding=encoding, newline="")


# -- Oslo's Klimabudsjett 2023 -------------------------------------------------

#: Oslo's emission_sector names -> Miljødirektoratet's sectors (the bundled inventory's).
OSLO_SECTORS: Dict[str, str] = {
    "Waste incineration and energy supply": "Energiforsyning",
    "Waste and waste water": "Avfall og avløp",
    "Road transport": "Veitrafikk",
    "Other mobile combustion": "Annen mobil forbrenning",
    "Waterborne navigation": "Sjøfart",
}


def from_oslo_klimabudsjett(path: PathLike, *, status: str = "adopted") -> Measures:
    """Converts Oslo's Klimabudsjett table (columns measure_no,
    emission_sector, sub_sector, measure_name_en, responsible_raw,
    reporting_responsible, effect_2023_tco2e, effect_2030_tco2e,
    effect_status, ...) into measures:

    - id = ``measure_no``; scope = the sector (``OSLO_SECTORS``);
    - a quantified effect becomes a ``points`` ramp through the two stated
      years: full effect F = max(effect 2023, effect 2030), factors
      effect/F at 2023 and 2030 (linear between, held after 2030), so each
      measure alone reproduces both stated numbers;
    - ``not_calculated``, ``facilitating`` and ``blank_in_source`` rows stay
      measures with an unknown effect (listed, flagged, not summed);
    - the ``TOTAL`` row is not a measure: it becomes ``stated_totals``;
    - status: all are in the adopted budget (``status``).
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    header = list(_core.measure_columns())
    rows: List[List[str]] = []
    row_numbers: List[int] = []
    totals: Dict[int, float] = {}
    for i, r in df.iterrows():
        line = int(i) + 2
        if r["measure_no"].strip().upper() == "TOTAL":
            totals = {2023: float(r["effect_2023_tco2e"]), 2030: float(r["effect_2030_tco2e"])}
            continue
        sector = OSLO_SECTORS.get(r["emission_sector"].strip())
        if sector is None:
            err = _core.InputError(
                f"{path}, row {line}, column 'emission_sector', value '{r['emission_sector']}': unknown Oslo sector "
                f"(known: {', '.join(OSLO_SECTORS)})"
            )
            err.origin, err.row, err.column, err.value = str(path), line, "emission_sector", r["emission_sector"]
            raise err
        cells = dict.fromkeys(header, "")
        cells.update(
            id=r["measure_no"].strip(),
            name=r["measure_name_en"],
            sectors=sector,
            status=status,
            agency=r["responsible_raw"],
            reporting_owner=r["reporting_responsible"],
        )
        notes = [f"sub-sector: {r['sub_sector']}"] if r["sub_sector"] else []
        if r["notes"]:
            notes.append(r["notes"])
        notes.append(f"confidence: {r['confidence']}")
        cells["notes"] = " | ".join(notes)
        if r["effect_status"] == "quantified":
            e23, e30 = float(r["effect_2023_tco2e"]), float(r["effect_2030_tco2e"])
            full = max(e23, e30)
            cells["effect"] = _text(full)
            cells["effect_kind"] = "absolute"
            if full > 0:
                cells["ramp_shape"] = "points"
                cells["ramp_points"] = f"2023: {_text(e23 / full)}; 2030: {_text(e30 / full)}"
            else:
                cells["start_year"] = "2023"
        else:
            cells["effect"] = r["effect_status"]
            cells["effect_kind"] = "unknown"
        rows.append([cells[h] for h in header])
        row_numbers.append(line)
    cores = _core.measures_from_rows(header, rows, str(path), row_numbers)
    return Measures([Measure._wrap(c) for c in cores], str(path), totals)


# -- scenarios -------------------------------------------------------------------


class Scenario:
    """A baseline with measures applied (the combination rule of
    docs/planning.md). Build with :func:`scenario` or :func:`scenarios`.

    ``inventory`` is the scenario as an :class:`~ghgtrack.Inventory` (same
    cells and years as the baseline), so ``track`` takes it as it is;
    ``projected`` marks each year (True = projected, never actual data).
    """

    def __init__(self, baseline: Inventory, measures: Sequence[Measure], raw: Dict[str, Any]):
        self.baseline = baseline
        self.measures = list(measures)
        self.name: str = raw["name"]
        self.inventory = Inventory(raw["values"], {"scenario": raw["name"], "projected": True})
        self.years: List[int] = list(raw["years"])
        self.projected = pd.Series(raw["projected"], index=pd.Index(self.years, name="year"), name="projected")
        self.applied = [self.measures[i] for i in raw["applied"]]
        self.unquantified = [self.measures[i] for i in raw["unquantified"]]
        self._raw = raw

    def total(self) -> pd.Series:
        """Scenario total per year, t CO2e."""
        return pd.Series(
            self.inventory._core.values.sum(axis=0), index=pd.Index(self.years, name="year"), name=self.name
        )

    def reduction(self) -> pd.Series:
        """Combined reduction per year (baseline - scenario), t CO2e."""
        return pd.Series(self._raw["combined"], index=pd.Index(self.years, name="year"), name="reduction")

    def to_frame(self) -> pd.DataFrame:
        """Tidy: scenario, sector, source, gas, year, value (t CO2e), projected."""
        core = self.inventory._core
        cats = core.categories
        gases = core.gases
        ng = len(gases)
        vals = np.asarray(core.values)
        n_cells, ny = vals.shape
        cell = np.repeat(np.arange(n_cells), ny)
        return pd.DataFrame(
            {
                "scenario": self.name,
                "sector": [cats[c // ng][0] for c in cell],
                "source": [cats[c // ng][1] for c in cell],
                "gas": [gases[c % ng] for c in cell],
                "year": np.tile(np.asarray(self.years), n_cells),
                "value": vals.reshape(-1),
                "projected": np.tile(self.projected.to_numpy(), n_cells),
            }
        )

    def flags(self) -> pd.DataFrame:
        """What the scenario flags: kind (capped, below_zero, unquantified), measure id, cell, year, message."""
        core = self.inventory._core
        cats, gases = core.categories, core.gases
        rows = []
        for kind, mi, cell, year, msg in self._raw["flags"]:
            where = ""
            if cell >= 0:
                c = cats[cell // len(gases)]
                where = f"{c[0]} / {c[1]} / {gases[cell % len(gases)]}"
            rows.append(
                {
                    "kind": kind,
                    "measure": self.measures[mi].id if mi >= 0 else None,
                    "cell": where,
                    "year": year or None,
                    "message": msg,
                }
            )
        return pd.DataFrame(rows, columns=["kind", "measure", "cell", "year", "message"])

    def overlaps(self) -> pd.DataFrame:
        """Pairs of measures sharing cells: measure_a, measure_b, shared_cells,
        year, interaction (t CO2e the naive sum of the pair counts twice).
        ``.attrs["summary"]`` is the per-year naive sum, combined reduction and overcount."""
        rows = []
        for a, b, n, inter in self._raw["pairs"]:
            for y, v in zip(self.years, inter):
                rows.append((self.measures[a].id, self.measures[b].id, n, y, float(v)))
        df = pd.DataFrame(rows, columns=["measure_a", "measure_b", "shared_cells", "year", "interaction"])
        df.attrs["summary"] = self.overcount()
        return df

    def overcount(self) -> pd.DataFrame:
        """Per year: naive_sum (of every measure alone), combined, overcount = naive_sum - combined."""
        return pd.DataFrame(
            {
                "naive_sum": self._raw["naive_sum"],
                "combined": self._raw["combined"],
                "overcount": self._raw["overcount"],
            },
            index=pd.Index(self.years, name="year"),
        )

    def __repr__(self) -> str:
        return (
            f"Scenario({self.name!r}: {len(self.applied)} measures applied, {len(self.unquantified)} unquantified, "
            f"{self.years[0]}-{self.years[-1]})"
        )

    def _repr_html_(self) -> str:
        return _display.scenario(self)


def scenario(
    baseline: Inventory,
    measures: Sequence[Measure],
    *,
    name: str = "scenario",
    statuses: Optional[Sequence[str]] = None,
    last_actual_year: Optional[int] = None,
    threads: int = 1,
) -> Scenario:
    """Applies ``measures`` (those with a status in ``statuses``; all by
    default) to ``baseline``, an :class:`~ghgtrack.Inventory` of the
    reference path (t CO2e). Years after ``last_actual_year`` (all, when
    None) are marked projected."""
    raw = _core.run_scenario(
        baseline._core,
        _cores(measures),
        name,
        None if statuses is None else list(statuses),
        last_actual_year,
        True,
        int(threads),
    )
    return Scenario(baseline, measures, raw)


def scenarios(
    baseline: Inventory,
    measures: Sequence[Measure],
    *,
    specs: Optional[Mapping[str, Optional[Sequence[str]]]] = None,
    last_actual_year: Optional[int] = None,
    threads: int = 1,
) -> Dict[str, Scenario]:
    """Named scenarios side by side, by status: by default baseline (no
    measures), adopted (adopted + implemented) and adopted + proposed."""
    specs = STANDARD_SCENARIOS if specs is None else specs
    return {
        n: scenario(baseline, measures, name=n, statuses=s, last_actual_year=last_actual_year, threads=threads)
        for n, s in specs.items()
    }


def compare(results: Mapping[str, Scenario]) -> pd.DataFrame:
    """Scenario totals side by side: year x scenario (t CO2e), plus ``projected``."""
    df = pd.DataFrame({n: s.total() for n, s in results.items()})
    first = next(iter(results.values()))
    df["projected"] = first.projected
    return df


def attribution(
    baseline: Inventory,
    measures: Sequence[Measure],
    *,
    statuses: Optional[Sequence[str]] = None,
    method: str = "exact",
    permutations: int = 1000,
    seed: int = 1,
    threads: int = 1,
) -> pd.DataFrame:
    """Each measure's share of the combined reduction, per year.

    ``method="exact"``: columns shapley, alone, last_in (closed form).
    ``method="sampled"``: shapley and standard_error from ``permutations``
    random orders (seeded). Index: (measure id, year). Measures whose effect
    is unknown appear with NaN (never zero) and ``quantified`` False.
    ``.attrs["combined"]`` is the combined reduction per year."""
    cores = _cores(measures)
    st = None if statuses is None else list(statuses)
    if method == "exact":
        r = _core.attribute(baseline._core, cores, st, False, int(threads))
        cols = {"shapley": r["shapley"], "alone": r["alone"], "last_in": r["last_in"]}
    elif method == "sampled":
        r = _core.attribute_sampled(baseline._core, cores, int(permutations), int(seed), st, int(threads))
        cols = {"shapley": r["shapley"], "standard_error": r["standard_error"]}
    else:
        raise _core.ArgumentError(f"attribution: unknown method {method!r} (accepted: 'exact', 'sampled')")
    years = list(r["years"])
    rows = []
    for k, i in enumerate(r["measures"]):
        m = measures[i]
        for j, y in enumerate(years):
            rows.append(
                {"measure": m.id, "year": y, **{c: float(v[k, j]) for c, v in cols.items()}, "quantified": True}
            )
    if method == "exact":
        for i in r["unquantified"]:
            for y in years:
                rows.append({"measure": measures[i].id, "year": y, **{c: math.nan for c in cols}, "quantified": False})
    df = pd.DataFrame(rows, columns=["measure", "year", *cols, "quantified"]).set_index(["measure", "year"])
    if method == "exact":
        df.attrs["combined"] = pd.Series(r["combined"], index=pd.Index(years, name="year"), name="combined")
    else:
        df.attrs["permutations"] = r["permutations"]
        df.attrs["seed"] = r["seed"]
    df.attrs["unit"] = "t CO2e"
    return df


def attribution_by_cell(
    baseline: Inventory,
    measures: Sequence[Measure],
    *,
    statuses: Optional[Sequence[str]] = None,
    threads: int = 1,
) -> pd.DataFrame:
    """Each measure's exact Shapley share per cell and year (tidy: measure,
    sector, source, gas, year, shapley; t CO2e). Summed over cells it gives
    :func:`attribution`'s ``shapley``."""
    r = _core.attribute(
        baseline._core, _cores(measures), None if statuses is None else list(statuses), True, int(threads)
    )
    cats, gases = baseline._core.categories, baseline._core.gases
    ng = len(gases)
    years = list(r["years"])
    vals = np.asarray(r["cell_shapley"])
    rows_cell = list(r["cell_rows"])
    rows_m = list(r["cell_measures"])
    n = len(rows_cell)
    idx = np.repeat(np.arange(n), len(years))
    return pd.DataFrame(
        {
            "measure": [measures[rows_m[i]].id for i in idx],
            "sector": [cats[rows_cell[i] // ng][0] for i in idx],
            "source": [cats[rows_cell[i] // ng][1] for i in idx],
            "gas": [gases[rows_cell[i] % ng] for i in idx],
            "year": np.tile(np.asarray(years, dtype=int), n),
            "shapley": vals.reshape(-1) if n else np.zeros(0),
        }
    )


def overlaps(
    baseline: Inventory,
    measures: Sequence[Measure],
    *,
    statuses: Optional[Sequence[str]] = None,
) -> pd.DataFrame:
    """Pairs of measures acting on common cells and their double count per
    year (see :meth:`Scenario.overlaps`)."""
    return scenario(baseline, measures, statuses=statuses).overlaps()
