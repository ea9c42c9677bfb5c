"""Emission factors with provenance, and activity-based emissions.

Emissions = activity x emission factor, per gas (IPCC 2006 Guidelines,
Vol. 1, Ch. 1, Eq. 1.1). A factor's unit says both the gas and what it is
per ("g CO2/kWh", "kg CO2/l", "g CO2e/km"); an activity in another unit of
the same kind is converted (MWh to kWh, m3 to l), and an activity of another
kind (litres for a per-kWh factor) is an error, never a guess. Units travel
as strings beside the numbers, and every factor keeps its publisher, source
URL and confidence from the data file.
"""

from __future__ import annotations

import dataclasses
import os
import re
from typing import Any, Dict, Iterable, List, Optional, Tuple

import numpy as np
import pandas as pd

from ._common import input_error
from ._data import path as data_path
from ._units import DEFAULT_METRIC, to_co2e
from .inventory import Inventory

# Amounts of gas, in tonnes.
_MASS_T = {"g": 1e-6, "kg": 1e-3, "t": 1.0, "tonn": 1.0, "tonne": 1.0, "kt": 1e3}
# Activity units: (kind, size in the kind's base unit). Base units: kWh,
# litre, standard cubic metre (gas at 15 °C, 1 atm: its own kind), kg, km.
_ACTIVITY = {
    "kwh": ("energy", 1.0),
    "mwh": ("energy", 1e3),
    "gwh": ("energy", 1e6),
    "twh": ("energy", 1e9),
    "gj": ("energy", 1e9 / 3.6e6),
    "tj": ("energy", 1e12 / 3.6e6),
    "mj": ("energy", 1e6 / 3.6e6),
    "l": ("volume", 1.0),
    "litre": ("volume", 1.0),
    "liter": ("volume", 1.0),
    "m3": ("volume", 1e3),
    "sm3": ("gas volume", 1.0),
    "kg": ("mass", 1.0),
    "t": ("mass", 1e3),
    "tonn": ("mass", 1e3),
    "km": ("distance", 1.0),
    "vehicle-km": ("distance", 1.0),
    "vkm": ("distance", 1.0),
}
_FACTOR_UNIT = re.compile(r"^\s*(g|kg|t)\s+([A-Za-z0-9₂-]+)\s*/\s*([A-Za-z0-9-]+)\s*$")


def parse_activity_unit(unit: str) -> Tuple[str, float]:
    """(kind, size in the kind's base unit) of an activity unit such as "MWh"."""
    key = unit.strip().lower().replace("³", "3")
    if key not in _ACTIVITY:
        raise ValueError(f"unknown activity unit {unit!r}; known: {', '.join(sorted(_ACTIVITY))}")
    return _ACTIVITY[key]


@dataclasses.dataclass(frozen=True)
class EmissionFactor:
    """Mass of one gas per unit of activity, with where it comes from."""

    gas: str
    value: float
    unit: str
    carrier: str = ""
    publisher: str = ""
    source_url: str = ""
    confidence: str = ""
    note: str = ""

    @property
    def per(self) -> str:
        """The activity unit the factor is per (e.g. "kWh")."""
        return _split_factor_unit(self.unit)[2]

    @property
    def is_co2e(self) -> bool:
        return self.gas.lower().startswith("co2e")

    def tonnes(self, activity: Any, unit: str) -> Any:
        """Tonnes of the gas (or of CO2e for a CO2e factor) for ``activity``
        measured in ``unit``; numbers and numpy arrays alike."""
        mass_unit, _, per = _split_factor_unit(self.unit)
        kind_f, size_f = parse_activity_unit(per)
        kind_a, size_a = parse_activity_unit(unit)
        if kind_f != kind_a:
            raise ValueError(
                f"the factor for {self.carrier or self.gas} is per {per} ({kind_f}); an activity in "
                f"{unit} ({kind_a}) needs converting first (density or energy content)"
            )
        if not np.isfinite(self.value):
            raise ValueError(f"the factor for {self.carrier} ({self.unit}) has no value in the data")
        return (
            np.asarray(activity, dtype=float) * (size_a / size_f) * self.value * _MASS_T[mass_unit]
            if not isinstance(activity, (int, float))
            else float(activity) * (size_a / size_f) * self.value * _MASS_T[mass_unit]
        )

    def tonnes_co2e(self, activity: Any, unit: str, metric: str = DEFAULT_METRIC) -> Any:
        """Tonnes CO2e for ``activity``: the gas mass times its GWP under
        ``metric`` (a CO2e factor is already CO2e)."""
        t = self.tonnes(activity, unit)
        return t if self.is_co2e else to_co2e(t, self.gas, metric)


def _split_factor_unit(unit: str) -> Tuple[str, str, str]:
    m = _FACTOR_UNIT.match(unit)
    if not m:
        raise ValueError(f"not an emission-factor unit (mass gas/activity): {unit!r}")
    return m.group(1), m.group(2), m.group(3)


class FactorLibrary:
    """A table of emission factors and conversion data loaded from a CSV file
    with the columns of ``norway_emission_factors.csv`` (energy_carrier,
    quantity, value, unit, publisher, source_url, confidence, ...)."""

    REQUIRED = ["energy_carrier", "quantity", "value", "unit"]

    def __init__(self, table: pd.DataFrame, origin: str = "factors"):
        missing = [c for c in self.REQUIRED if c not in table.columns]
        if missing:
            raise input_error(origin, 1, missing[0], "", f"required column(s) {', '.join(missing)} missing")
        self.origin = origin
        self.table = table.reset_index(drop=True)

    @classmethod
    def load(cls, path: Optional[os.PathLike] = None) -> "FactorLibrary":
        """Loads a factor file; without a path, the bundled Norwegian factors."""
        if path is None:
            path = data_path("norway_emission_factors.csv")
        p = os.fspath(path)
        table = pd.read_csv(p)
        values = pd.to_numeric(table["value"], errors="coerce") if "value" in table else None
        if values is not None:
            bad = values.isna() & table["value"].notna()
            if bad.any():
                i = int(np.flatnonzero(bad.to_numpy())[0])
                raise input_error(p, i + 2, "value", str(table["value"].iloc[i]), "not a number")
            table["value"] = values
        return cls(table, p)

    def emission_factors(self) -> pd.DataFrame:
        """The rows that are emission factors (unit "mass gas/activity"),
        with parsed columns gas and per."""
        rows = []
        for i, r in self.table.iterrows():
            m = _FACTOR_UNIT.match(str(r["unit"]))
            if m:
                rows.append({**r.to_dict(), "gas": m.group(2), "per": m.group(3), "row": i + 2})
        return pd.DataFrame(rows)

    def find(self, carrier: str, *, per: Optional[str] = None, gas: Optional[str] = None) -> List[EmissionFactor]:
        """Every factor for ``carrier`` (exact name, case-insensitive),
        optionally per an activity unit kind ("kWh", "l") and for a gas."""
        ef = self.emission_factors()
        sel = ef[ef["energy_carrier"].str.strip().str.lower() == carrier.strip().lower()]
        if per is not None:
            kind = parse_activity_unit(per)[0]
            sel = sel[[parse_activity_unit(p)[0] == kind for p in sel["per"]]]
        if gas is not None:
            sel = sel[sel["gas"].str.lower() == gas.lower()]
        return [
            EmissionFactor(
                gas=r["gas"],
                value=float(r["value"]),
                unit=str(r["unit"]),
                carrier=r["energy_carrier"],
                publisher=str(r.get("publisher", "")),
                source_url=str(r.get("source_url", "")),
                confidence=str(r.get("confidence", "")),
                note=str(r.get("note", "") if pd.notna(r.get("note", "")) else ""),
            )
            for _, r in sel.iterrows()
        ]

    def factor(self, carrier: str, *, per: str, gas: str = "CO2") -> EmissionFactor:
        """The one factor for ``carrier`` per ``per``; an error lists the
        carriers (or the candidates) when there is none or more than one."""
        found = self.find(carrier, per=per, gas=gas)
        if not found:
            carriers = sorted(self.emission_factors()["energy_carrier"].unique())
            raise KeyError(f"no {gas} factor per {per} for {carrier!r}; carriers with factors: {', '.join(carriers)}")
        if len({(f.value, f.unit) for f in found}) > 1:
            raise KeyError(
                f"{len(found)} different {gas} factors per {per} for {carrier!r}: "
                + "; ".join(f"{f.value} {f.unit} ({f.publisher})" for f in found)
            )
        return found[0]


@dataclasses.dataclass
class ActivitySource:
    """An activity (e.g. 40 MWh of fuel oil) with one factor per gas."""

    sector: str
    source: str
    activity: float
    unit: str
    factors: List[EmissionFactor]

    def tonnes_co2e(self, metric: str = DEFAULT_METRIC) -> float:
        return float(sum(f.tonnes_co2e(self.activity, self.unit, metric) for f in self.factors))

    def rows(self, year: int, metric: str = DEFAULT_METRIC) -> List[Dict[str, Any]]:
        """Tidy rows (t CO2e per gas) for an inventory."""
        return [
            {
                "year": year,
                "sector": self.sector,
                "source": self.source,
                "gas": "CO2" if f.is_co2e else f.gas,
                "value": f.tonnes_co2e(self.activity, self.unit, metric),
                "metric": metric,
            }
            for f in self.factors
        ]


def inventory_from_activities(sources: Dict[int, Iterable[ActivitySource]], metric: str = DEFAULT_METRIC) -> Inventory:
    """An :class:`~ghgtrack.Inventory` from activity-based sources by year."""
    rows: List[Dict[str, Any]] = []
    for year, srcs in sources.items():
        for s in srcs:
            rows.extend(s.rows(year, metric))
    return Inventory.from_frame(pd.DataFrame(rows), origin="activities")
