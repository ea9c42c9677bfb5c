"""The IAMC format (model, scenario, region, variable, unit, years), the
format of pyam and the IPCC scenario databases.

ghgtrack writes one variable per (sector, source, gas),
``Emissions|<sector>|<source>|<gas>``, in ``t CO2e/yr``, so pyam's variable
hierarchy aggregates sources into sectors. The GWP metric goes into an
extra ``metric`` column, which pyam keeps as an extra data column; pass
``metric_column=False`` for consumers that want the six IAMC columns only.
IAMC has no notation keys: unknown cells (NE, C, missing) are written
empty, and an empty cell reads back as ``missing`` (still an unknown, so a
total that was incomplete stays incomplete); NO, IE and NA cells are written
as their known part (0), so a complete total stays complete.
"""

from __future__ import annotations

import csv
import io
import os
from typing import Any, Dict, List, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._common import PathLike, decode_text, input_error, read_bytes
from ._iamc import IAMC_COLUMNS, choose_one, to_iamc
from .inventory import Inventory

__all__ = ["IAMC_COLUMNS", "read_iamc", "to_iamc"]


def _read_file(origin: str, encoding: Optional[str]) -> pd.DataFrame:
    """An IAMC file (.csv or .xlsx) as a frame of text cells and raw column
    names; every problem an InputError naming the file."""
    if origin.lower().endswith((".xlsx", ".xls")):
        if not os.path.exists(origin):
            raise FileNotFoundError(f"{origin}: no such file")
        try:
            return pd.read_excel(origin, dtype=object)
        except Exception as e:  # openpyxl/zipfile/xlrd errors: all "not readable"
            raise input_error(origin, 0, "", "", f"not a readable xlsx workbook ({type(e).__name__}: {e})") from None
    text = decode_text(read_bytes(origin), encoding, origin)
    if not text.strip():
        raise input_error(origin, 0, "", "", "the file is empty")
    first = text.split("\n", 1)[0]
    delim = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    rows: List[List[str]] = []
    starts: List[int] = []
    header: Optional[List[str]] = None
    line = 1
    try:
        for rec in reader:
            start, line = line, reader.line_num + 1
            if not rec or all(not f.strip() for f in rec):
                continue  # a blank line
            if header is None:
                header = rec
            elif len(rec) != len(header):
                raise input_error(origin, start, "", "", f"expected {len(header)} fields, found {len(rec)}")
            else:
                rows.append(rec)
                starts.append(start)
    except csv.Error as e:
        raise input_error(origin, reader.line_num, "", "", f"not a readable CSV file ({e})") from None
    assert header is not None  # the text is not blank
    df = pd.DataFrame(rows, columns=range(len(header)), dtype=object)
    df.columns = header  # raw names, even repeated ones (pandas would rename them)
    df["_row"] = starts
    return df


def _column_name(c: Any, origin: str) -> Any:
    """A column name: a year column as an int, the others lower case. A
    year that is not a whole number is an InputError (row 1)."""
    if isinstance(c, (int, np.integer)) and not isinstance(c, bool):
        return int(c)
    text = str(c).strip()
    try:
        y = float(text) if not isinstance(c, (float, np.floating)) else float(c)
    except ValueError:
        return text.lower()
    if not np.isfinite(y) or y != int(y):
        raise input_error(origin, 1, text, text, "the year is not a whole number")
    return int(y)


def _year_cell(y: Any, origin: str, row: int) -> Any:
    """A year cell of the long format: a whole number, or left to the core's check."""
    if isinstance(y, str):
        t = y.strip()
        try:
            v = float(t)
        except ValueError:
            return y  # the core says what is wrong
        if np.isfinite(v) and v == int(v):
            return int(v)
        raise input_error(origin, row, "year", t, "the year is not a whole number")
    return y


def read_iamc(
    path_or_frame: Union[PathLike, pd.DataFrame, Any],
    *,
    region: Optional[str] = None,
    model: Optional[str] = None,
    scenario: Optional[str] = None,
    metric: Optional[str] = None,
    encoding: Optional[str] = None,
) -> Inventory:
    """Reads IAMC data (a .csv or .xlsx file, a wide or long DataFrame, or a
    ``pyam.IamDataFrame``) whose variables are ``Emissions|<sector>|<source>|<gas>``
    in t, kt or Mt CO2e(/yr), or in masses of the gas ("kt CH4/yr", "Gg N2O",
    converted under ``metric=`` or the metric column). Several regions, models or scenarios need a
    choice (``region=`` etc.); the error lists them. The rows are checked by
    the C++ core's one row check (units, gases, years, values, metric).

    A CSV file is read as text (UTF-8, or UTF-16 with a byte-order mark;
    ``encoding=`` names another), so every number reaches the core as
    written (exact round trip). An empty cell is a ``missing`` entry (an
    unknown), never a zero. Year columns must be whole numbers ("2009.7"
    is an InputError, not 2009)."""
    origin = "IAMC data"
    if hasattr(path_or_frame, "timeseries") and hasattr(path_or_frame, "extra_cols"):
        df = path_or_frame.data.copy()  # pyam.IamDataFrame, long format
    elif isinstance(path_or_frame, pd.DataFrame):
        df = path_or_frame.copy()
    else:
        origin = os.fsdecode(os.fsencode(path_or_frame))
        df = _read_file(origin, encoding)
    if df.shape[1] == 0:  # an empty frame (or an xlsx sheet with no cells)
        raise input_error(origin, 0, "", "", "the IAMC data are empty: no header and no rows")
    rows = df.pop("_row") if "_row" in df.columns else pd.Series(np.arange(len(df)) + 2, index=df.index)
    df.columns = [_column_name(c, origin) for c in df.columns]
    seen: Dict[Any, int] = {}
    for c in df.columns:
        seen[c] = seen.get(c, 0) + 1
        if seen[c] == 2:
            raise input_error(origin, 1, str(c), str(c), "the column appears twice")
    missing = [c for c in IAMC_COLUMNS if c not in df.columns]
    if missing:
        raise input_error(
            origin,
            1,
            missing[0],
            "",
            f"IAMC column(s) {', '.join(missing)} missing (found: {', '.join(map(str, df.columns))})",
        )
    if len(df) == 0:
        raise input_error(origin, 0, "", "", "the file has a header but no data rows")
    df["_row"] = rows.to_numpy(dtype=np.int64)
    extra = [c for c in df.columns if c not in IAMC_COLUMNS + ["metric", "year", "value", "_row"]]
    year_cols = [c for c in extra if isinstance(c, int)]
    other = [c for c in extra if c not in year_cols]
    if other:
        raise input_error(origin, 1, str(other[0]), str(other[0]), f"unexpected column(s) {', '.join(map(str, other))}")
    if "year" in df.columns and "value" in df.columns:
        long = df
        # A text year must be a whole number too ("2009.7" is not 2009).
        long = long.assign(year=[_year_cell(y, origin, int(r)) for y, r in zip(long["year"], long["_row"])])
    else:
        id_cols = IAMC_COLUMNS + (["metric"] if "metric" in df.columns else []) + ["_row"]
        long = df.melt(id_vars=id_cols, value_vars=year_cols, var_name="year", value_name="value")
        long["year"] = long["year"].astype(np.int64)
    long = choose_one(long, origin, (("region", region), ("model", model), ("scenario", scenario)))
    # An empty cell (a year a variable does not report, or an unknown the
    # writer left empty) is a `missing` entry: never a zero, never dropped
    # (a variable whose every cell is empty stays, as an unknown).
    empty = long["value"].isna().to_numpy() | (long["value"].astype(str).str.strip() == "").to_numpy()
    long = long.assign(value=long["value"].where(~empty, np.nan), notation=np.where(empty, "missing", ""))
    if long.empty:
        raise input_error(origin, 0, "", "", "no data rows (a header and no values)")
    parts = long["variable"].astype(str).str.split("|")
    bad = (parts.str.len() != 4) | (parts.str[0] != "Emissions")
    if bad.any():
        r = long[bad.to_numpy()].iloc[0]
        raise input_error(
            origin, int(r["_row"]), "variable", str(r["variable"]), "expected Emissions|<sector>|<source>|<gas>"
        )
    header = ["year", "sector", "source", "gas", "value", "unit", "notation"]
    columns = [
        long["year"].to_numpy(),
        parts.str[1].tolist(),
        parts.str[2].tolist(),
        parts.str[3].tolist(),
        long["value"].to_numpy(),
        long["unit"].astype(str).tolist(),
        long["notation"].tolist(),
    ]
    if "metric" in long.columns:
        header.append("metric")
        columns.append(long["metric"].fillna("").astype(str).tolist())
    core = _core.Inventory.from_cells(
        header, columns, origin=origin, metric=metric, rows=long["_row"].to_numpy(dtype=np.int64)
    )
    reg = str(long["region"].iloc[0]) if len(long) else None
    return Inventory(core, {"format": "IAMC", "file": origin, "municipality": reg})
