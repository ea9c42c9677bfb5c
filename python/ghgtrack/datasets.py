"""Bundled public datasets (see data/PROVENANCE.md beside this module)."""

from __future__ import annotations

import math
from typing import Optional

import pandas as pd

from ._data import DATA_DIR as _DATA
from ._data import path
from .factors import FactorLibrary
from .inventory import Inventory
from .klimabudsjett import read_caps
from .planning import from_oslo_klimabudsjett
from .readers import read_miljodirektoratet, read_ssb
from .tracking import Target

__all__ = ["path", "oslo", "ssb_national", "emission_factors", "targets", "provenance", "default_target"]


def oslo() -> Inventory:
    """Oslo's municipal accounts, 2009-2024 (Miljødirektoratet,
    "Klimagassutslipp i kommuner"), t CO2e on AR5 GWP100."""
    inv = read_miljodirektoratet(path("Utslippsregnskap_Oslo.xlsx"))
    assert isinstance(inv, Inventory)
    return inv


def ssb_national(by: str = "source") -> Inventory:
    """Norway's national emissions 1990-2021 (SSB table 08940, AR4 GWP100)."""
    return read_ssb(path("ssb_08940_1990_2021.csv"), by=by)


def emission_factors() -> FactorLibrary:
    """The Norwegian emission factors as a :class:`~ghgtrack.factors.FactorLibrary`."""
    return FactorLibrary.load(path("norway_emission_factors.csv"))


def targets() -> pd.DataFrame:
    """Climate targets of Norwegian municipalities and the state, one row per
    target with its source."""
    return pd.read_csv(path("norwegian_targets.csv"))


def oslo_measures_2023():
    """Oslo's Klimabudsjett 2023 measures (27 rows; effects 2023 and 2030 in
    t CO2e against the CICERO reference path), converted by
    :func:`ghgtrack.planning.from_oslo_klimabudsjett`: quantified rows get a
    ramp through both stated years; not calculated / facilitating rows are
    kept with an unknown effect. The published totals (74,300 t in 2023,
    336,350 t in 2030) are in ``.stated_totals``. Sectors are the bundled
    inventory's (:func:`oslo`). See data/measures/PROVENANCE.md."""
    return from_oslo_klimabudsjett(path("measures/oslo_klimabudsjett_2023_measures.csv"))


def oslo_agencies() -> pd.DataFrame:
    """The agency abbreviations used in Oslo's climate budget (BYM, KLI, REG, ...)."""
    return pd.read_csv(path("measures/oslo_agency_abbreviations.csv"))


def provenance() -> str:
    """The provenance note of the bundled data."""
    return (_DATA / "PROVENANCE.md").read_text(encoding="utf-8")


def default_target(municipality: str) -> Optional[Target]:
    """The current target of a municipality in the bundled targets table, as
    a :class:`~ghgtrack.Target` (None when it has none): e.g. Oslo -95 % by
    2030 vs 2009, Asker -67 % by 2030 vs 2009."""
    if not municipality:
        return None
    t = targets()
    name = municipality.strip().lower()
    current = t["status"].astype(str).str.lower().str.startswith(("current", "in force"))
    rows = t[current & t["entity"].astype(str).str.lower().str.startswith(name)]
    for _, r in rows.iterrows():
        try:
            pct = float(r["reduction_pct"])
            base = int(float(r["base_year"]))
        except (TypeError, ValueError):
            continue
        if math.isnan(pct):
            continue
        # Written as text ("2030:-95%"): a cut reads the same under any
        # numeric sign convention of Target.
        return Target.parse(
            f"{int(r['target_year'])}:-{pct:g}%",
            base_year=base,
            name=f"-{pct:g} % by {int(r['target_year'])} vs {base}",
        )
    return None


def oslo_caps(vintage: str = "Klimabudsjett 2023"):
    """Oslo's annual emission caps (utslippsrammer) for one budget vintage, as
    a :class:`~ghgtrack.Caps` (klimaoslo.no; see
    data/measures/PROVENANCE_caps.md). Vintages: Klimabudsjett 2017, 2019,
    2022, 2023, 2024 (not all state caps)."""
    return read_caps(path("measures/oslo_emission_caps_and_targets.csv"), vintage=vintage)
