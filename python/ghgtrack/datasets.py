"""Bundled public datasets (see data/PROVENANCE.md beside this module)."""

from __future__ import annotations

import functools
import math
import re
from typing import Optional, Union

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
_BORDERS_FILE = "population/municipality_borders.csv"  # built by data/population/build_borders.py
_MISSING_FILE = "population/municipality_missing_years.csv"


class _PopulationModel:
    """Everything :func:`population` needs, read once (lazily, on first use)."""

    def __init__(self) -> None:
        pop = pd.read_csv(path(_POP_FILE), dtype={"municipality_code": str, "municipality": str}, keep_default_na=False)
        borders = pd.read_csv(path(_BORDERS_FILE), dtype={"current_code": str, "part_code": str}, keep_default_na=False)
        missing = pd.read_csv(
            path(_MISSING_FILE),
            dtype={"current_code": str, "split_code": str, "divided_between": str},
            keep_default_na=False,
        )
        last = int(pop["year"].max())
        latest = pop[pop["year"] == last]
        self.label = dict(zip(latest["municipality_code"], latest["municipality"]))  # current code -> SSB label
        self.part_of = {}  # published code -> the ONE current municipality it lies wholly in
        for part, cur in zip(borders["part_code"], borders["current_code"]):
            if self.part_of.setdefault(part, cur) != cur:  # the build forbids it; never pick one silently
                raise _core.InputError(_BORDERS_FILE, 0, "part_code", part)
        # A divided code: the current municipalities its area went to, and why.
        self.divided = {
            c: (str(g["divided_between"].iloc[0]).split(), str(g["note"].iloc[0]))
            for c, g in missing.groupby("split_code")
        }
        self.old_label = dict(zip(pop["municipality_code"], pop["municipality"]))  # last label of every code
        # Each current municipality's years on current borders: the sum of its whole parts.
        span = (borders["last_year"] - borders["first_year"] + 1).to_numpy()
        rows = pd.DataFrame(
            {
                "current_code": borders["current_code"].to_numpy().repeat(span),
                "municipality_code": borders["part_code"].to_numpy().repeat(span),
                "year": [y for a, b in zip(borders["first_year"], borders["last_year"]) for y in range(a, b + 1)],
            }
        )
        rows = rows.merge(
            pop[["municipality_code", "year", "population"]], on=["municipality_code", "year"], how="left"
        )
        if rows["population"].isna().any():  # a listed part without a published figure
            bad = rows[rows["population"].isna()].iloc[0]
            raise _core.InputError(_POP_FILE, 0, str(bad["municipality_code"]), str(bad["year"]))
        sums = rows.groupby(["current_code", "year"])["population"].sum()
        self.withheld = {}  # current code -> {year: reason}
        for r in missing.itertuples(index=False):
            reason = f"{r.split_code} {r.split_name}: {r.note} ({r.source})"
            for y in range(int(r.first_year), int(r.last_year) + 1):
                self.withheld.setdefault(r.current_code, {})[y] = reason
        self.series = {}
        for cur, s in sums.groupby(level=0):
            gone = self.withheld.get(str(cur), {})
            kept = [(int(y), int(v)) for (_, y), v in s.items() if int(y) not in gone]
            self.series[str(cur)] = ([y for y, _ in kept], [v for _, v in kept])
        # Names: current labels first, then every label a code has carried.
        self.current_keys: dict = {}
        for c, lab in self.label.items():
            for k in _name_keys(lab):
                self.current_keys.setdefault(k, set()).add(c)
        self.old_exact: dict = {}
        self.old_keys: dict = {}
        named = set(zip(pop["municipality_code"], pop["municipality"]))
        named |= set(zip(borders["part_code"], borders["part_name"]))  # 2005-only codes SSB left unlabelled
        self.labels_of: dict = {}
        for c, lab in named:
            self.labels_of.setdefault(c, set()).add(lab)
        for c, lab in named:
            if not lab:
                continue
            self.old_exact.setdefault(_normal(lab), set()).add(c)
            for k in _name_keys(lab):
                self.old_keys.setdefault(k, set()).add(c)
        self.current_exact = {_normal(lab): c for c, lab in self.label.items()}


@functools.lru_cache(maxsize=1)
def _population_model() -> _PopulationModel:
    return _PopulationModel()


def _normal(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _name_keys(label: str) -> set:
    """'Trondheim (-2017)' -> {'trondheim'}; 'Divtasvuodna - Tysfjord' ->
    {'divtasvuodna - tysfjord', 'divtasvuodna', 'tysfjord'}."""
    text = _normal(re.sub(r"\s*\(.*?\)\s*", " ", label))
    return {text} | {part.strip() for part in text.split(" - ")}


def _qualifier(label: str) -> str:
    """'Bø (Telem.)' -> 'telem', 'Herøy (Nordland)' -> 'nordland', 'Bø' -> ''."""
    q = re.search(r"\(([^)]*)\)\s*$", str(label))
    return _normal(q.group(1)).rstrip(".").strip() if q else ""


def _qualified(m: "_PopulationModel", codes: set, text: str) -> set:
    """Of ``codes``, those with a label whose county in parentheses agrees
    with the one in ``text`` ("Bø (Telemark)" is not Bø in Nordland)."""
    want = _qualifier(text)
    if not want:
        return set(codes)
    out = set()
    for c in codes:
        for lab in m.labels_of.get(c, set()) | {m.label.get(c, "")}:
            have = _qualifier(lab)
            if have and not have.startswith("-") and (have.startswith(want) or want.startswith(have)):
                out.add(c)
    return out


def _plain_name(label: str) -> str:
    """ "Trondheim - Tråante" -> "trondheim", "Trondheim (-2017)" -> "trondheim"."""
    name = re.sub(r"\s*\(.*?\)\s*", " ", label).split(" - ")[0]
    return " ".join(name.split()).casefold()


def _runs(years: list) -> str:
    """[2005, 2006, 2007, 2020] -> '2005-2007, 2020'."""
    out, start, prev = [], None, None
    for y in sorted(years):
        if prev is not None and y == prev + 1:
            prev = y
            continue
        if start is not None:
            out.append(f"{start}-{prev}" if prev != start else f"{start}")
        start = prev = y
    if start is not None:
        out.append(f"{start}-{prev}" if prev != start else f"{start}")
    return ", ".join(out)


def municipalities() -> pd.DataFrame:
    """The current (2024-) municipalities: code, SSB's label, the first year
    :func:`population` gives on current borders (2005 for all but those whose
    earlier years would need a share of a divided municipality), and the
    years withheld (``missing_years``, e.g. "2020-2023" for Ålesund and
    Haram; empty when the series is complete from 2005 to 2026)."""
    m = _population_model()
    codes = sorted(m.label)
    return pd.DataFrame(
        {
            "municipality_code": codes,
            "municipality": [m.label[c] for c in codes],
            "first_year": [m.series[c][0][0] for c in codes],
            "missing_years": [_runs(list(m.withheld.get(c, {}))) for c in codes],
        }
    )


def _divided_error(m: _PopulationModel, what: str, code: str) -> Exception:
    between, _ = m.divided[code]
    names = ", ".join(f"{c} {m.label[c]}" for c in between)
    return _core.ArgumentError(
        f"ghgtrack: {what} was divided between today's {names} (its population is not shared out); "
        "give one of those municipalities instead"
    )


def _to_current(m: _PopulationModel, text: str, codes: set) -> str:
    """One current municipality for the published codes a name matched, or
    an error that says which (never a silent pick)."""
    current = sorted({m.part_of[c] for c in codes if c in m.part_of})
    divided = sorted(c for c in codes if c not in m.part_of and c in m.divided)
    if len(current) == 1 and not divided:
        return current[0]
    if not current and len(divided) == 1:
        raise _divided_error(m, f"{text!r} ({divided[0]} {m.old_label[divided[0]]})", divided[0])
    options = current + [f"{c} (divided)" for c in divided]
    raise _core.ArgumentError(
        f"ghgtrack: {text!r} names {len(options)} municipalities ({', '.join(options)}); give the number instead"
    )


def _resolve(municipality: Union[str, int]) -> str:
    m = _population_model()
    text = str(municipality).strip()
    if isinstance(municipality, int) or text.isdigit():
        code = text.zfill(4)
        if code in m.label:
            return code
        if code in m.part_of:
            return m.part_of[code]
        if code in m.divided:
            raise _divided_error(m, f"municipality number {code} ({m.old_label[code]})", code)
        raise _core.UnknownLabelError(f"ghgtrack: no municipality number {code} in SSB table 07459 (2005-2026)")
    exact = _normal(text)
    if exact in m.current_exact:  # "Herøy (Nordland)", "Trondheim - Tråante"
        return m.current_exact[exact]
    if exact in m.old_exact:  # "Os (Hordaland)", "Herøy" (two labels: ambiguous)
        return _to_current(m, text, m.old_exact[exact])
    keys = _name_keys(text)
    for k in keys:
        hits = _qualified(m, m.current_keys.get(k, set()), text)
        if len(hits) == 1:
            return next(iter(hits))
        if hits:
            return _to_current(m, text, hits)
    old = _qualified(m, set().union(*(m.old_keys.get(k, set()) for k in keys)), text)
    if old:  # an old name: Røyken, Klæbu, Rygge, Snillfjord, ...
        return _to_current(m, text, old)
    raise _core.UnknownLabelError(
        f"ghgtrack: no municipality named {text!r} in SSB table 07459; give its name as SSB writes it "
        "(e.g. 'Asker', 'Trondheim') or its number (see datasets.municipalities())"
    )


def population(municipality: Union[str, int]) -> pd.Series:
    """Population on 1 January (persons) by year, 2005-2026, on the
    municipality's CURRENT (2024-) borders, from SSB table 07459 (bundled;
    see data/population/PROVENANCE.md).

    ``municipality`` is a number ("0301", 301, an old number such as "0220"
    or "3025" for Asker) or a name ("Asker", "Trondheim", an old name such as
    "Røyken", "Klæbu" or "Rygge"); both resolve across the 2005-2024 mergers
    and the 2018, 2020 and 2024 renumberings to today's municipality. Today's
    names come first ("Bø" is Bø in Nordland; the former Bø in Telemark is
    "Bø (Telemark)" or "0821"). An ambiguous name ("Herøy") or the number of
    a municipality that was divided ("5012" Snillfjord) is an
    ``ArgumentError`` naming the choices.

    Before a merger the whole predecessor municipalities are summed: Asker
    is 0220 + 0627 + 0628 to 2019, 3025 in 2020-2023 and 3203 from 2024.
    Where a predecessor was DIVIDED between today's municipalities
    (Snillfjord, Tysfjord, Ålesund 1507 in 2024, and the inhabited areas
    moved at the 2020 reform: Bryggja, Rånåsfoss, Ombo, Verrabotn, Lund,
    Nesse) the years that would need a share of it are not estimated: they
    are ABSENT from the index (``s[2010]`` raises ``KeyError``;
    ``s.reindex(range(2005, 2027))`` shows them as NaN), listed in
    ``attrs["missing_years"]`` with the reason in ``attrs["missing_reason"]``
    (``datasets.municipalities()`` lists them for every municipality).
    ``attrs`` also carry the unit, the measure, the code and the source.

    >>> population("Asker")[2019]   # 61 523 + 22 635 + 9 521
    93679
    """
    m = _population_model()
    code = _resolve(municipality)
    years, values = m.series[code]
    label = m.label[code]
    s = pd.Series(values, index=pd.Index(years, name="year"), name=f"{label} ({code})", dtype="int64")
    withheld = m.withheld.get(code, {})
    s.attrs = {
        "unit": "persons",
        "measure": "1 January",
        "municipality_code": code,
        "municipality": _plain_name(label).title(),
        "borders": "current (2024-)",
        "source": "Statistics Norway (SSB), table 07459",
        "missing_years": sorted(withheld),
        "missing_reason": "; ".join(dict.fromkeys(withheld.values())),
    }
    return s
