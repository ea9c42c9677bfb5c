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
from typing import Any, List, Optional, Union

import numpy as np
import pandas as pd

from . import _core
from .inventory import Inventory, PathLike, co2e_unit_scales

IAMC_COLUMNS = ["model", "scenario", "region", "variable", "unit"]


def to_iamc(
    inventory: Inventory,
    path: Optional[PathLike] = None,
    *,
    model: str = "ghgtrack",
    scenario: str = "historical",
    region: Optional[str] = None,
    metric_column: bool = True,
) -> pd.DataFrame:
    """The inventory as an IAMC wide frame; also written to ``path`` (.csv or
    .xlsx) when given."""
    region = region or str(inventory.provenance.get("municipality") or inventory.provenance.get("dataset") or "unknown")
    df = inventory.to_frame()
    df = df[df["notation"] == ""]
    for col in ("sector", "source"):
        bad = df[col].str.contains("|", regex=False)
        if bad.any():
            raise ValueError(f"{col} '{df.loc[bad, col].iloc[0]}' contains '|', the IAMC variable separator")
    variable = "Emissions|" + df["sector"] + "|" + df["source"] + "|" + df["gas"]
    long = pd.DataFrame({"variable": variable, "year": df["year"], "value": df["value"]})
    wide = long.pivot(index="variable", columns="year", values="value").reset_index()
    wide.columns.name = None
    wide.insert(0, "model", model)
    wide.insert(1, "scenario", scenario)
    wide.insert(2, "region", region)
    wide.insert(4, "unit", "t CO2e/yr")
    if metric_column:
        wide.insert(5, "metric", inventory.metric or "")
    if path is not None:
        p = os.fspath(path)
        out = wide.rename(columns={c: c.capitalize() for c in IAMC_COLUMNS + ["metric"]})
        if p.lower().endswith(".xlsx"):
            out.to_excel(p, sheet_name="data", index=False)
        else:
            out.to_csv(p, index=False)
    return wide


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
    in t, kt or Mt CO2e(/yr). Several regions, models or scenarios need a
    choice (``region=`` etc.); the error lists them."""
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
        raise _core.InputError(f"{origin}, row 1: IAMC column(s) {', '.join(missing)} missing (found: {', '.join(map(str, df.columns))})")
    df["_row"] = np.arange(len(df)) + 2
    extra = [c for c in df.columns if c not in IAMC_COLUMNS + ["metric", "year", "value", "_row"]]
    year_cols = [c for c in extra if str(c).strip().isdigit()]
    other = [c for c in extra if c not in year_cols]
    if other:
        raise _core.InputError(f"{origin}, row 1: unexpected column(s) {', '.join(map(str, other))}")
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
                raise _core.InputError(f"{origin}: no {col} '{wanted}' (found: {', '.join(choices)})")
            long = long[long[col].astype(str) == wanted]
        elif len(choices) > 1:
            raise _core.InputError(f"{origin}: several {col}s ({', '.join(choices[:8])}); choose one with {col}=")
    file_metric = None
    if "metric" in long.columns:
        ms = sorted({str(m) for m in long["metric"].dropna().unique() if str(m).strip()})
        if len(ms) > 1:
            raise _core.InputError(f"{origin}: mixed GWP metrics ({', '.join(ms)})")
        file_metric = ms[0] if ms else None
    if metric is not None and file_metric is not None and _core.metric_name(metric) != _core.metric_name(file_metric):
        raise _core.InputError(f"{origin}: the data say {file_metric}, but metric={metric!r} was given")
    metric = metric or file_metric
    long = long[long["value"].notna()]
    parts = long["variable"].astype(str).str.split("|")
    bad = (parts.str.len() != 4) | (parts.str[0] != "Emissions")
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        r = long.iloc[i]
        raise _core.InputError(
            f"{origin}, row {r['_row']}, column 'variable', value '{r['variable']}': expected Emissions|<sector>|<source>|<gas>"
        )
    unit = long["unit"].astype(str)
    factor = unit.map(co2e_unit_scales(unit))
    badu = factor.isna()
    if badu.any():
        r = long[badu].iloc[0]
        raise _core.InputError(f"{origin}, row {r['_row']}, column 'unit', value '{r['unit']}': unknown unit (accepted: t, kt, Mt CO2e/yr)")
    values = pd.to_numeric(long["value"], errors="coerce")
    if values.isna().any():
        r = long[values.isna()].iloc[0]
        raise _core.InputError(f"{origin}, row {r['_row']}, column 'value', value '{r['value']}': not a number")
    core = _core.Inventory.from_columns(
        parts.str[1].tolist(), parts.str[2].tolist(), parts.str[3].tolist(),
        long["year"].to_numpy(dtype=np.int64), (values * factor).to_numpy(dtype=float),
        [], metric, origin, long["_row"].to_numpy(dtype=np.int64),
    )
    reg = str(long["region"].iloc[0]) if len(long) else None
    return Inventory(core, {"format": "IAMC", "file": origin, "municipality": reg})
