"""Readers of the shipped activity-indicator tables (``data/indicators``,
see ``data/PROVENANCE.md``) for the nowcast.

Every reader takes the table as shipped (or the same layout from ``path``),
checks each row and raises :class:`ghgtrack.InputError` (file, row, column,
value; the header is row 1) for a bad one: nothing is dropped silently and
no unknown becomes zero. Rows that are legitimately empty (SSB's ``..`` or
``:``, a point index with no previous year) are kept as NaN and say so.
"""

from __future__ import annotations

import math
import pathlib
from typing import Dict, Iterable, List, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._data import DATA_DIR

PathLike = Union[str, pathlib.Path]

INDICATOR_DIR = DATA_DIR / "indicators"

BYINDEKS = "byindeks_osloomradet_annual_ytd_2019_2026.csv"
ROAD_TRAFFIC_INDEX = "vegtrafikkindeks_norway_annual_1996_2025.csv"
TRP_MDT = "trp_monthly_mdt_osloomradet_2018_2025.csv"
TRP_POINTS = "trp_osloomradet_points_aadt2025.csv"
VEHICLE_KM = "ssb12577_vehicle_km_norway_2005_2025.csv"
ROAD_CO2 = "ssb13931_road_co2_norway_1990_2025.csv"

# The byindeks sub-areas by short name (the sub_area column of the table).
SUB_AREAS = {
    "Oslo": "Oslo (TRPs in Oslo municipality 0301)",
    "Akershus": "Akershus (TRPs in Akershus part of agreement area, incl. Asker/Bærum)",
    "Osloområdet": "Osloområdet (whole agreement area)",
}

# Statens vegvesen publishes the city index's confidence interval at 95 %:
# half-width = 1.959964 standard errors (checked on the sub-area rows, which
# give both: Oslo 2020, -5.3 %, se 2.2419, CI -9.7 to -0.9).
Z95 = 1.959963984540054

MONTHS_NO = ["jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des"]


def _path(path: Optional[PathLike], name: str) -> pathlib.Path:
    return pathlib.Path(path) if path is not None else INDICATOR_DIR / name


def _bad(origin: pathlib.Path, row: int, column: str, value: object, problem: str) -> Exception:
    return _core.input_error(str(origin), int(row), column, "" if value is None else str(value), problem)


def _read(origin: pathlib.Path, columns: Iterable[str]) -> pd.DataFrame:
    """The table as strings; every named column must be there."""
    try:
        df = pd.read_csv(origin, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as e:
        raise _bad(origin, 0, "", "", f"not a readable CSV table ({e})") from e
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise _bad(origin, 1, missing[0], "", f"missing column(s) {missing}; the columns are {list(df.columns)}")
    return df


def _numbers(
    df: pd.DataFrame, origin: pathlib.Path, column: str, *, blank: Iterable[str] = (), integer: bool = False
) -> np.ndarray:
    """The column as floats: a blank (or one of ``blank``) is NaN; anything
    else that is not a number is an InputError."""
    allowed = {"", *blank}
    out = np.empty(len(df))
    for i, v in enumerate(df[column].tolist()):
        s = v.strip()
        if s in allowed:
            out[i] = math.nan
            continue
        try:
            x = float(s)
        except ValueError:
            raise _bad(origin, i + 2, column, v, "not a number") from None
        if not math.isfinite(x) or (integer and x != int(x)):
            raise _bad(origin, i + 2, column, v, "not a whole number" if integer else "not a finite number")
        out[i] = x
    return out


def _required(values: np.ndarray, df: pd.DataFrame, origin: pathlib.Path, column: str) -> None:
    for i, x in enumerate(values):
        if math.isnan(x):
            raise _bad(origin, i + 2, column, df[column].iloc[i], "empty: a value is required here")


def read_byindeks(path: Optional[PathLike] = None, *, area: str = "Oslo") -> pd.DataFrame:
    """The city traffic index (byindeks) for ``area`` ("Oslo" = the
    municipality, "Akershus", or "Osloområdet" = the whole agreement area):
    one row per year with the direct year-on-year index.

    A whole year (``period`` jan-des) is used where published; a year with
    only a year-to-date index (e.g. 2026, jan-apr) uses it, flagged in
    ``note`` (the partial-year rule). ``log_se`` is the standard error of
    ln(ratio): from ``standard_error`` (index points) where given, else from
    the 95 % CI, (ln(1 + hi) - ln(1 + lo)) / (2 x 1.96).

    Columns: ratio, log_se, period, months, n_trp, ci_lower, ci_upper, note;
    index ``year``."""
    origin = _path(path, BYINDEKS)
    cols = ["sub_area", "table", "index_type", "year_base", "year", "month", "period", "n_trp", "index_i"]
    cols += ["index_p", "standard_error", "ci_lower", "ci_upper"]
    df = _read(origin, cols)
    if area not in SUB_AREAS:
        raise _core.ArgumentError(f"area must be one of {list(SUB_AREAS)} (got {area!r})")
    year = _numbers(df, origin, "year", integer=True)
    _required(year, df, origin, "year")
    base = _numbers(df, origin, "year_base", integer=True)
    _required(base, df, origin, "year_base")
    month = _numbers(df, origin, "month", integer=True)
    _required(month, df, origin, "month")
    for i, m in enumerate(month):
        if not 1 <= m <= 12:
            raise _bad(origin, i + 2, "month", df["month"].iloc[i], "a month is 1-12")
    idx = _numbers(df, origin, "index_i")
    _required(idx, df, origin, "index_i")
    for i, v in enumerate(idx):
        if not v > 0:
            raise _bad(origin, i + 2, "index_i", df["index_i"].iloc[i], "an index ratio must be > 0 (1.02 = +2 %)")
    se = _numbers(df, origin, "standard_error")
    lo = _numbers(df, origin, "ci_lower")
    hi = _numbers(df, origin, "ci_upper")
    n_trp = _numbers(df, origin, "n_trp", integer=True)
    for i, t in enumerate(df["index_type"]):
        if t not in ("direct", "chained"):
            raise _bad(origin, i + 2, "index_type", t, "accepted: direct, chained")
    for i, s in enumerate(df["sub_area"]):
        if s not in SUB_AREAS.values():
            raise _bad(origin, i + 2, "sub_area", s, f"unknown sub-area (known: {list(SUB_AREAS.values())})")
    want = SUB_AREAS[area]
    rows: Dict[int, dict] = {}
    for i in range(len(df)):
        if df["sub_area"].iloc[i] != want or df["index_type"].iloc[i] != "direct":
            continue
        y = int(year[i])
        if int(base[i]) != y - 1:
            raise _bad(origin, i + 2, "year_base", df["year_base"].iloc[i], f"a direct index compares {y} with {y - 1}")
        whole = df["period"].iloc[i] == "jan-des" and int(month[i]) == 12
        if not (lo[i] < hi[i]) and math.isnan(se[i]):
            raise _bad(origin, i + 2, "ci_lower", df["ci_lower"].iloc[i], "no standard error and no usable 95 % CI")
        if not math.isnan(se[i]):
            log_se = se[i] / 100.0 / idx[i]
        else:
            log_se = (math.log1p(hi[i] / 100.0) - math.log1p(lo[i] / 100.0)) / (2.0 * Z95)
        rec = dict(
            year=y,
            ratio=float(idx[i]),
            log_se=float(log_se),
            period=df["period"].iloc[i],
            months=int(month[i]),
            n_trp=n_trp[i],
            ci_lower=lo[i],
            ci_upper=hi[i],
            note="" if whole else f"partial year: {df['period'].iloc[i]} (year to date)",
            row=i + 2,
        )
        old = rows.get(y)
        if old is None or (old["months"] < rec["months"]):
            rows[y] = rec
        elif old["months"] == rec["months"] and old["ratio"] != rec["ratio"]:
            raise _bad(origin, i + 2, "index_i", df["index_i"].iloc[i], f"a second, different {area} index for {y}")
    if not rows:
        raise _bad(origin, 0, "sub_area", want, "no direct index rows for this area")
    out = pd.DataFrame(sorted(rows.values(), key=lambda r: r["year"])).set_index("year")
    out.attrs["source"] = (
        f"Statens vegvesen byindeks Osloområdet, sub-area {want}, direct year-on-year index ({origin.name})"
    )
    return out


def read_road_traffic_index(path: Optional[PathLike] = None) -> pd.DataFrame:
    """The national road traffic index (vegtrafikkindeksen), all public
    roads (ERF), all vehicles: ratio to the previous year by year."""
    origin = _path(path, ROAD_TRAFFIC_INDEX)
    df = _read(origin, ["year", "road_category", "length_range", "vehicle_class_desc", "index_pct_change_vs_prev_year"])
    year = _numbers(df, origin, "year", integer=True)
    _required(year, df, origin, "year")
    pct = _numbers(df, origin, "index_pct_change_vs_prev_year")
    _required(pct, df, origin, "index_pct_change_vs_prev_year")
    keep = (
        (df["road_category"] == "ERF") & (df["vehicle_class_desc"] == "all vehicles") & (df["length_range"] == "alle")
    )
    out: Dict[int, float] = {}
    for i in map(int, np.flatnonzero(keep.to_numpy())):
        y = int(year[i])
        if not pct[i] > -100.0:
            raise _bad(origin, i + 2, "index_pct_change_vs_prev_year", df.iloc[i, 0], "a change must be > -100 %")
        if y in out:
            raise _bad(origin, i + 2, "year", y, "a second all-roads, all-vehicles row for this year")
        out[y] = 1.0 + pct[i] / 100.0
    s = pd.Series(out, name="ratio", dtype=float).sort_index()
    s.index.name = "year"
    return s.to_frame()


def read_vehicle_km(path: Optional[PathLike] = None) -> pd.DataFrame:
    """SSB 12577, vehicle-km (million) in Norway by fuel: one column per
    fuel ("Alle typer drivstoff", "Bensin", "Diesel", "Elektrisitet"), one
    row per year."""
    origin = _path(path, VEHICLE_KM)
    df = _read(origin, ["year", "fuel_type", "vehicle_km_million"])
    year = _numbers(df, origin, "year", integer=True)
    _required(year, df, origin, "year")
    km = _numbers(df, origin, "vehicle_km_million")
    _required(km, df, origin, "vehicle_km_million")
    seen: Dict[tuple, int] = {}
    for i in range(len(df)):
        key = (int(year[i]), df["fuel_type"].iloc[i])
        if key in seen:
            raise _bad(origin, i + 2, "fuel_type", key[1], f"a second row for {key[0]} (first on row {seen[key]})")
        seen[key] = i + 2
        if km[i] < 0:
            raise _bad(origin, i + 2, "vehicle_km_million", df["vehicle_km_million"].iloc[i], "must be >= 0")
    t = pd.DataFrame({"year": year.astype(int), "fuel": df["fuel_type"], "km": km})
    return t.pivot(index="year", columns="fuel", values="km")


def read_road_co2(path: Optional[PathLike] = None) -> pd.Series:
    """SSB 13931, road-traffic CO2 in Norway, all fuels (kt) by year (the
    latest year is preliminary)."""
    origin = _path(path, ROAD_CO2)
    df = _read(origin, ["year", "source_sector", "energy_product", "co2_kt"])
    year = _numbers(df, origin, "year", integer=True)
    _required(year, df, origin, "year")
    co2 = _numbers(df, origin, "co2_kt", blank=(":", ".."))
    out: Dict[int, float] = {}
    for i in range(len(df)):
        if df["source_sector"].iloc[i] != "5 Veitrafikk" or df["energy_product"].iloc[i] != "VT0 I alt":
            continue
        if math.isnan(co2[i]):
            raise _bad(origin, i + 2, "co2_kt", df["co2_kt"].iloc[i], "the road total is required")
        out[int(year[i])] = float(co2[i])
    s = pd.Series(out, name="co2_kt", dtype=float).sort_index()
    s.index.name = "year"
    return s


def read_trp_points(path: Optional[PathLike] = None) -> pd.DataFrame:
    """Counting-point metadata (road, municipality, position, AADT 2025), one row per point."""
    origin = _path(path, TRP_POINTS)
    df = _read(origin, ["trp_id", "name", "municipality_name", "adt"])
    adt = _numbers(df, origin, "adt")
    for i, t in enumerate(df["trp_id"]):
        if not t.strip():
            raise _bad(origin, i + 2, "trp_id", t, "a point needs an id")
    if df["trp_id"].duplicated().any():
        i = int(np.flatnonzero(df["trp_id"].duplicated().to_numpy())[0])
        raise _bad(origin, i + 2, "trp_id", df["trp_id"].iloc[i], "a second row for this point")
    out = df[["trp_id", "name", "road_category_and_number", "municipality_name", "county_name"]].copy()
    out["adt"] = adt
    return out.set_index("trp_id")


def read_trp_mdt(path: Optional[PathLike] = None, *, municipality: Optional[str] = None) -> pd.DataFrame:
    """Monthly average daily traffic per counting point (MDT, vehicles/day)
    with its coverage (%) and length quality (%), optionally only the points
    in ``municipality`` (e.g. "Asker", "Oslo"). Every row is checked; none is
    dropped here (the coverage rule is applied by the index)."""
    origin = _path(path, TRP_MDT)
    cols = ["trp_id", "name", "municipality_name", "year", "month", "mdt_vehicles_per_day", "mdt_coverage"]
    df = _read(origin, cols + ["length_quality"])
    year = _numbers(df, origin, "year", integer=True)
    _required(year, df, origin, "year")
    month = _numbers(df, origin, "month", integer=True)
    _required(month, df, origin, "month")
    mdt = _numbers(df, origin, "mdt_vehicles_per_day")
    _required(mdt, df, origin, "mdt_vehicles_per_day")
    cov = _numbers(df, origin, "mdt_coverage")
    _required(cov, df, origin, "mdt_coverage")
    lq = _numbers(df, origin, "length_quality")
    for i in range(len(df)):
        if not 1 <= month[i] <= 12:
            raise _bad(origin, i + 2, "month", df["month"].iloc[i], "a month is 1-12")
        if mdt[i] < 0:
            raise _bad(origin, i + 2, "mdt_vehicles_per_day", df["mdt_vehicles_per_day"].iloc[i], "must be >= 0")
        if not 0 <= cov[i] <= 100:
            raise _bad(origin, i + 2, "mdt_coverage", df["mdt_coverage"].iloc[i], "a coverage is 0-100 %")
        if not df["trp_id"].iloc[i].strip():
            raise _bad(origin, i + 2, "trp_id", df["trp_id"].iloc[i], "a point needs an id")
    out = pd.DataFrame(
        {
            "trp_id": df["trp_id"],
            "name": df["name"],
            "municipality": df["municipality_name"],
            "year": year.astype(int),
            "month": month.astype(int),
            "mdt": mdt,
            "coverage_pct": cov,
            "length_quality_pct": lq,
        }
    )
    dup = out.duplicated(["trp_id", "year", "month"])
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise _bad(origin, i + 2, "month", df["month"].iloc[i], "a second row for this point and month")
    if municipality is not None:
        known = sorted(set(out["municipality"]))
        if municipality not in known:
            raise _core.ArgumentError(f"no counting points in {municipality!r}; municipalities: {known}")
        out = out[out["municipality"] == municipality]
    return out.reset_index(drop=True)


def month_range(last_month: int) -> str:
    """'jan-des' for 12, 'jan-apr' for 4 (the byindeks way of naming a period)."""
    return f"jan-{MONTHS_NO[int(last_month) - 1]}"


__all__: List[str] = [
    "INDICATOR_DIR",
    "SUB_AREAS",
    "month_range",
    "read_byindeks",
    "read_road_co2",
    "read_road_traffic_index",
    "read_trp_mdt",
    "read_trp_points",
    "read_vehicle_km",
]
