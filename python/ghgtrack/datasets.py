"""Bundled public datasets (see data/PROVENANCE.md beside this module)."""

from __future__ import annotations

import functools
import math
import re
from typing import Optional, Tuple, Union

import pandas as pd

from . import _core
from ._data import DATA_DIR as _DATA
from ._data import path
from .factors import FactorLibrary
from .inventory import Inventory
from .klimabudsjett import read_caps
from .planning import from_oslo_klimabudsjett
from .readers import read_miljodirektoratet, read_ssb
from .tracking import Target

__all__ = [
    "path",
    "oslo",
    "ssb_national",
    "emission_factors",
    "targets",
    "provenance",
    "default_target",
    "klimakur2030_measures",
    "kin2025_measures",
    "stavanger_measures",
    "population",
    "municipalities",
]


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
    if not municipality or not municipality.strip():
        return None
    t = targets()
    wanted = _entity_key(municipality)
    current = t["status"].astype(str).str.lower().str.startswith(("current", "in force"))
    # Exact match on the name (whitespace and case normalised, the table's
    # note in parentheses dropped: "Asker (new, 2020-)" is Asker), or on a
    # municipality number of the code column: never a prefix ("Os" is not
    # Oslo), never the organisation's own target ("Asker kommune").
    same = t.apply(lambda r: _entity_matches(r["entity"], r["code"], wanted), axis=1).astype(bool)
    rows = t[current & same]
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


def _entity_key(name: object) -> str:
    """A name compared as a municipality: the note in parentheses dropped,
    whitespace collapsed, case folded."""
    text = re.sub(r"\s*\([^)]*\)\s*$", "", str(name))
    return " ".join(text.split()).casefold()


def _entity_matches(entity: object, code: object, wanted: str) -> bool:
    if _entity_key(entity) == wanted:
        return True
    if wanted.isdigit():
        return any(int(c) == int(wanted) for c in re.findall(r"\b\d{4}\b", str(code)))
    return False


def oslo_caps(vintage: str = "Klimabudsjett 2023"):
    """Oslo's annual emission caps (utslippsrammer) for one budget vintage, as
    a :class:`~ghgtrack.Caps` (klimaoslo.no; see
    data/measures/PROVENANCE_caps.md). Vintages: Klimabudsjett 2017, 2019,
    2022, 2023, 2024 (not all state caps)."""
    return read_caps(path("measures/oslo_emission_caps_and_targets.csv"), vintage=vintage)


def _num(v: object) -> Optional[float]:
    try:
        x = float(str(v).replace(",", "."))
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def klimakur2030_measures():
    """Klimakur 2030 (Miljødirektoratet M-1625, 2020): 63 national measures
    as :class:`~ghgtrack.Measure` s with their cost class (<500, 500-1500,
    >1500 NOK/t). Conversion (assumptions, see data/measures/PROVENANCE_costs.md):
    the sector is the transcription's; the cumulative 2021-2030 potential is
    spread evenly, potential / 10 t CO2e per year from 2021 to 2030; the
    second copies of S09 and O01 are dropped (listed in ``.dropped``); the
    "Varierer" class is kept as a note (no cost: listed as uncosted)."""
    from .planning import Measure, Measures

    df = pd.read_csv(path("measures/klimakur2030_measures.csv"), dtype=str, keep_default_na=False)
    out, seen, dropped = [], set(), []
    for _, r in df.iterrows():
        mid = r["measure_id"]
        if mid in seen:
            dropped.append(mid)
            continue
        seen.add(mid)
        pot = _num(r["reduction_potential_2021_2030_mt_co2e"])
        cls = r["cost_class_nok_per_t"].strip()
        ok_class = cls in ("<500", "500-1500", ">1500")
        out.append(
            Measure(
                mid,
                name=r["measure_name_no"],
                sectors=[r["sector_as_transcribed"]],
                effect=pot * 1e6 / 10.0 if pot is not None else "not calculated",
                start_year=2021,
                full_year=2021,
                end_year=2030,
                status="proposed",
                cost_class=cls if ok_class else "",
                currency="NOK",
                notes="" if ok_class else f"cost class as published: {cls}",
            )
        )
    ms = Measures(out, "klimakur2030_measures.csv")
    ms.dropped = dropped  # type: ignore[attr-defined]
    return ms


def kin2025_measures():
    """Klimatiltak i Norge, kunnskapsgrunnlag 2025 (Miljødirektoratet
    M-2920): 77 measures, potential in 2035 (kt CO2e -> t CO2e per year from
    2035) and NOK/t as transcribed. The transcription gives the upper bound
    of an interval and 0 for "low or negative", so the cost is read as an
    upper bound (``cost_high``); blank = not assessed (no cost, listed)."""
    from .planning import Measure, Measures

    df = pd.read_csv(path("measures/kin2025_measures.csv"), dtype=str, keep_default_na=False)
    out = []
    for _, r in df.iterrows():
        pot = _num(r["potential_2035_kt_co2e"])
        cost = _num(r["cost_nok_per_t_as_transcribed"])
        out.append(
            Measure(
                r["measure_id"],
                name=r["measure_name_no"],
                sectors=[r["sector_as_transcribed"]],
                effect=pot * 1e3 if pot is not None else "not calculated",
                start_year=2035,
                status="proposed",
                cost_high=cost,
                currency="NOK",
            )
        )
    return Measures(out, "kin2025_measures.csv")


def stavanger_measures():
    """Stavanger's climate-budget measures (EU Climate City Contract, Table
    4): 2030 effect (t CO2e per year, as a step in 2030), NOK/t low/high where
    stated; status adopted when the row is counted in the budget total, else
    proposed (e.g. effects already in the baseline). The published total
    (49,303 t in 2030) goes to ``.stated_totals``, never into the rows. Only
    Table 4 is converted: Tables 5 and 6 (an ambitious pathway, offsets) and
    the action outlines use other definitions. Ids are S1, S2, ... in table order."""
    from .planning import Measure, Measures

    df = pd.read_csv(path("measures/stavanger_climate_budget_measures.csv"), dtype=str, keep_default_na=False)
    out, totals = [], {}
    for _, r in df[df["source_table"] == "Table 4"].iterrows():
        eff = _num(r["effect_2030_tco2e"])
        if r["included_in_budget_sum"].strip().lower() == "total":
            if eff is not None:
                totals[2030] = eff
            continue
        out.append(
            Measure(
                f"S{len(out) + 1}",
                name=r["measure"],
                sectors=[r["sector"]],
                effect=eff if eff is not None else "not calculated",
                start_year=2030,
                status="adopted" if r["included_in_budget_sum"].strip().lower() == "yes" else "proposed",
                agency=r["responsible"],
                cost_low=_num(r["cost_nok_per_t_low"]),
                cost_high=_num(r["cost_nok_per_t_high"]),
                currency="NOK",
                notes=r["notes"],
            )
        )
    return Measures(out, "stavanger_climate_budget_measures.csv", totals)


# -- population (SSB table 07459, see data/population/PROVENANCE.md) ----------

_POP_FILE = "population/ssb_07459_population_1jan_2005_2026.csv"
_BORDERS_FILE = "population/municipality_borders.csv"
_CURRENT_FROM = 2024  # first year of the current (2024-) codes, unchanged through 2026


@functools.lru_cache(maxsize=1)
def _population_tables() -> Tuple[pd.DataFrame, pd.DataFrame]:
    pop = pd.read_csv(path(_POP_FILE), dtype={"municipality_code": str, "municipality": str}, keep_default_na=False)
    borders = pd.read_csv(path(_BORDERS_FILE), dtype={"current_code": str, "part_code": str}, keep_default_na=False)
    return pop, borders


def _plain_name(label: str) -> str:
    """ "Trondheim - Tråante" -> "trondheim", "Trondheim (-2017)" -> "trondheim"."""
    name = re.sub(r"\s*\(.*?\)\s*", " ", label).split(" - ")[0]
    return " ".join(name.split()).casefold()


def municipalities() -> pd.DataFrame:
    """The current (2024-) municipalities: code, SSB's label, and the first
    year from which :func:`population` gives figures on current borders
    (2005 where the bundled reform history covers it, else 2024)."""
    pop, borders = _population_tables()
    cur = pop[pop["year"] == pop["year"].max()][["municipality_code", "municipality"]]
    covered = set(borders["current_code"])
    first = [int(pop["year"].min()) if c in covered else _CURRENT_FROM for c in cur["municipality_code"]]
    return cur.assign(first_year=first).sort_values("municipality_code").reset_index(drop=True)


def _resolve(municipality: Union[str, int]) -> str:
    pop, borders = _population_tables()
    current = set(pop.loc[pop["year"] >= _CURRENT_FROM, "municipality_code"])
    text = str(municipality).strip()
    if isinstance(municipality, int) or text.isdigit():
        code = text.zfill(4)
        if code in current:
            return code
        hit = borders.loc[borders["part_code"] == code, "current_code"]
        if len(hit):
            return str(hit.iloc[0])
        if code in set(pop["municipality_code"]):
            rows = pop[pop["municipality_code"] == code]
            raise _core.UnknownLabelError(
                f"ghgtrack: municipality number {code} ({rows['municipality'].iloc[0]}, "
                f"{rows['year'].min()}-{rows['year'].max()}) is an old number whose successor's reform history is "
                "not bundled; give the current municipality's number or name (see datasets.municipalities())"
            )
        raise _core.UnknownLabelError(f"ghgtrack: no municipality number {code} in SSB table 07459 (2005-2026)")
    key = _plain_name(text)
    cur = pop[pop["year"] >= _CURRENT_FROM]
    pairs = list(zip(cur["municipality_code"], cur["municipality"]))
    codes = sorted({c for c, lab in pairs if lab.casefold() == text.casefold()})  # "Herøy (Nordland)"
    if not codes:
        codes = sorted({c for c, lab in pairs if _plain_name(lab) == key})
    if not codes:  # an old name of a part of a current municipality (Røyken, Hurum, Klæbu, ...)
        old = pop[pop["municipality_code"].isin(borders["part_code"])]
        parts = {c for c, lab in zip(old["municipality_code"], old["municipality"]) if _plain_name(lab) == key}
        codes = sorted(set(borders.loc[borders["part_code"].isin(parts), "current_code"]))
    if len(codes) == 1:
        return codes[0]
    if len(codes) > 1:
        raise _core.ArgumentError(
            f"ghgtrack: {text!r} names {len(codes)} municipalities ({', '.join(codes)}); give the number instead"
        )
    raise _core.UnknownLabelError(
        f"ghgtrack: no municipality named {text!r} in SSB table 07459; give its name as SSB writes it "
        "(e.g. 'Asker', 'Trondheim') or its number (see datasets.municipalities())"
    )


def population(municipality: Union[str, int]) -> pd.Series:
    """Population on 1 January (persons) by year, on the municipality's
    CURRENT borders, from SSB table 07459 (bundled; see
    data/population/PROVENANCE.md).

    ``municipality`` is a number ("0301", 301, an old number such as "0220"
    or "3025" for Asker) or a name ("Asker", "Trondheim", an old name such as
    "Røyken"); both resolve across the 2020 and 2024 reforms to today's
    municipality. Before a merger the predecessors are summed: Asker is
    0220 + 0627 + 0628 to 2019, 3025 in 2020-2023 and 3203 from 2024.
    Years before 2024 are given where the reform history is bundled (Oslo,
    Bærum, Asker, Stavanger, Trondheim); for the other municipalities the
    series starts in 2024 (earlier years would need their reform history,
    and are never guessed). ``attrs`` carry the unit, the measure, the
    code and the source.

    >>> population("Asker")[2019]   # 61 523 + 22 635 + 9 521
    93679
    """
    pop, borders = _population_tables()
    code = _resolve(municipality)
    by_code = pop.set_index(["municipality_code", "year"])["population"]
    parts = borders[borders["current_code"] == code]
    years = sorted(int(y) for y in pop["year"].unique())
    values = {}
    if len(parts):
        for y in years:
            active = parts[(parts["first_year"] <= y) & (parts["last_year"] >= y)]["part_code"]
            missing = [c for c in active if (c, y) not in by_code.index]
            if missing or not len(active):
                raise _core.ArgumentError(
                    f"ghgtrack: the bundled population has no {y} figure for part(s) {', '.join(missing)} of {code}"
                )
            values[y] = int(sum(int(by_code[(c, y)]) for c in active))
    else:
        for y in years:
            if y >= _CURRENT_FROM and (code, y) in by_code.index:
                values[y] = int(by_code[(code, y)])
    latest = pop[(pop["municipality_code"] == code) & (pop["year"] == max(years))]["municipality"]
    name = _plain_name(str(latest.iloc[0])).title() if len(latest) else code
    label = str(latest.iloc[0]) if len(latest) else code
    s = pd.Series(values, name=f"{label} ({code})", dtype="int64")
    s.index.name = "year"
    s.attrs = {
        "unit": "persons",
        "measure": "1 January",
        "municipality_code": code,
        "municipality": name,
        "borders": "current (2024-)",
        "source": "Statistics Norway (SSB), table 07459",
    }
    return s
