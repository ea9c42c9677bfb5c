"""Bundled public datasets (see data/PROVENANCE.md beside this module)."""

from __future__ import annotations

import math
import pathlib

import pandas as pd

from .inventory import Inventory

_DATA = pathlib.Path(__file__).resolve().parent / "data"


def path(name: str) -> pathlib.Path:
    """The path of a bundled data file."""
    p = _DATA / name
    if not p.exists():
        raise FileNotFoundError(f"no bundled file {name!r}; files: {', '.join(sorted(x.name for x in _DATA.iterdir()))}")
    return p


def oslo() -> Inventory:
    """Oslo's municipal accounts, 2009-2024 (Miljødirektoratet,
    "Klimagassutslipp i kommuner"), t CO2e on AR5 GWP100."""
    from .readers import read_miljodirektoratet

    inv = read_miljodirektoratet(path("Utslippsregnskap_Oslo.xlsx"))
    assert isinstance(inv, Inventory)
    return inv


def ssb_national(by: str = "source") -> Inventory:
    """Norway's national emissions 1990-2021 (SSB table 08940, AR4 GWP100)."""
    from .readers import read_ssb

    return read_ssb(path("ssb_08940_1990_2021.csv"), by=by)


def emission_factors():
    """The Norwegian emission factors as a :class:`~ghgtrack.factors.FactorLibrary`."""
    from .factors import FactorLibrary

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
    from .planning import from_oslo_klimabudsjett

    return from_oslo_klimabudsjett(path("measures/oslo_klimabudsjett_2023_measures.csv"))


def oslo_agencies() -> pd.DataFrame:
    """The agency abbreviations used in Oslo's climate budget (BYM, KLI, REG, ...)."""
    return pd.read_csv(path("measures/oslo_agency_abbreviations.csv"))


def provenance() -> str:
    """The provenance note of the bundled data."""
    return (_DATA / "PROVENANCE.md").read_text(encoding="utf-8")


def default_target(municipality: str):
    """The current target of a municipality in the bundled targets table, as
    a :class:`~ghgtrack.Target` (None when it has none): e.g. Oslo -95 % by
    2030 vs 2009, Asker -67 % by 2030 vs 2009."""
    from .tracking import Target

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
        return Target(base_year=base, reductions={int(r["target_year"]): pct / 100.0},
                      name=f"-{pct:g} % by {int(r['target_year'])} vs {base}")
    return None


def oslo_caps(vintage: str = "Klimabudsjett 2023"):
    """Oslo's annual emission caps (utslippsrammer) for one budget vintage, as
    a :class:`~ghgtrack.Caps` (klimaoslo.no; see
    data/measures/PROVENANCE_caps.md). Vintages: Klimabudsjett 2017, 2019,
    2022, 2023, 2024 (not all state caps)."""
    from .klimabudsjett import read_caps

    return read_caps(path("measures/oslo_emission_caps_and_targets.csv"), vintage=vintage)
