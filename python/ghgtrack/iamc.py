"""The IAMC format (model, scenario, region, variable, unit, years), the
format of pyam and the IPCC scenario databases.

ghgtrack writes one variable per (sector, source, gas),
``Emissions|<sector>|<source>|<gas>``, in ``t CO2e/yr``, so pyam's variable
hierarchy aggregates sources into sectors. The GWP metric goes into an
extra ``metric`` column, which pyam keeps as an extra data column; pass
``metric_column=False`` for consumers that want the six IAMC columns only.
Cells carrying a notation key have no number and are left out (IAMC has no
notation keys); reading such a file back marks those cells ``missing``.
"""

from __future__ import annotations

import os
from typing import Any, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from ._common import PathLike, input_error
from ._iamc import IAMC_COLUMNS, to_iamc
from .inventory import Inventory

__all__ = ["IAMC_COLUMNS", "read_iamc", "to_iamc"]


def read_iamc(
    path_or_frame: Union[PathLike, pd.DataFrame, Any],
    *,
    region: Optional[str] = None,
    model: Optional[str] = None,
    scenario: Optional[str] = None,
    metric: Optional[str] = None,
) -> Inventory:
    """Reads IAMC data (a .csv or .xlsx file, a wide or long DataFrame, or a
    ``pyam.IamDataFrame``) whose variables are ``Emissions|<sector>|<source>|<gas>``
    in t, kt or Mt CO2e(/yr), or in masses of the gas ("kt CH4/yr", "Gg N2O",
    converted under ``metric=`` or the metric column). Several regions, models or scenarios need a
    choice (``region=`` etc.); the error lists them. The rows are checked by
    the C++ core's one row check (units, gases, years, values, metric)."""
    origin = "IAMC data"
    if hasattr(path_or_frame, "timeseries") and hasattr(path_or_frame, "extra_cols"):
        df = path_or_frame.data.copy()  # pyam.IamDataFrame, long format
    elif isinstance(path_or_frame, pd.DataFrame):
        df = path_or_frame.copy()
    else:
        origin = os.fspath(path_or_frame)
        if origin.lower().endswith((".xlsx", ".xls")):
            df = pd.read_excel(origin)
        else:
            df = pd.read_csv(origin)
    df.columns = [c.lower() if isinstance(c, str) and not c.strip().isdigit() else c for c in df.columns]
    missing = [c for c in IAMC_COLUMNS if c not in df.columns]
    if missing:
        raise input_error(
            origin,
            1,
            missing[0],
            "",
            f"IAMC column(s) {', '.join(missing)} missing (found: {', '.join(map(str, df.columns))})",
        )
    df["_row"] = np.arange(len(df)) + 2
    extra = [c for c in df.columns if c not in IAMC_COLUMNS + ["metric", "year", "value", "_row"]]
    year_cols = [c for c in extra if str(c).strip().isdigit()]
    other = [c for c in extra if c not in year_cols]
    if other:
        raise input_error(origin, 1, str(other[0]), str(other[0]), f"unexpected column(s) {', '.join(map(str, other))}")
    if "year" in df.columns and "value" in df.columns:
        long = df
    else:
        id_cols = IAMC_COLUMNS + (["metric"] if "metric" in df.columns else []) + ["_row"]
        long = df.melt(id_vars=id_cols, value_vars=year_cols, var_name="year", value_name="value")
        long["year"] = long["year"].astype(str).str.strip().astype(int)
    for col, wanted in (("region", region), ("model", model), ("scenario", scenario)):
        choices = sorted(long[col].astype(str).unique())
        if wanted is not None:
            if wanted not in choices:
                raise input_error(origin, 0, col, wanted, f"no {col} '{wanted}' (found: {', '.join(choices)})")
            long = long[long[col].astype(str) == wanted]
        elif len(choices) > 1:
            raise input_error(origin, 0, col, "", f"several {col}s ({', '.join(choices[:8])}); choose one with {col}=")
    # A wide file has an empty cell for a year a variable does not report: not a row.
    long = long[long["value"].notna()]
    parts = long["variable"].astype(str).str.split("|")
    bad = (parts.str.len() != 4) | (parts.str[0] != "Emissions")
    if bad.any():
        r = long[bad.to_numpy()].iloc[0]
        raise input_error(
            origin, int(r["_row"]), "variable", str(r["variable"]), "expected Emissions|<sector>|<source>|<gas>"
        )
    header = ["year", "sector", "source", "gas", "value", "unit"]
    columns = [
        long["year"].to_numpy(),
        parts.str[1].tolist(),
        parts.str[2].tolist(),
        parts.str[3].tolist(),
        long["value"].to_numpy(),
        long["unit"].astype(str).tolist(),
    ]
    if "metric" in long.columns:
        header.append("metric")
        columns.append(long["metric"].fillna("").astype(str).tolist())
    core = _core.Inventory.from_cells(
        header, columns, origin=origin, metric=metric, rows=long["_row"].to_numpy(dtype=np.int64)
    )
    reg = str(long["region"].iloc[0]) if len(long) else None
    return Inventory(core, {"format": "IAMC", "file": origin, "municipality": reg})
