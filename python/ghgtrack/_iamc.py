"""Writing the IAMC format (see :mod:`ghgtrack.iamc`). Kept apart from the
reader so that :meth:`Inventory.to_iamc` can use it without an import
circle: this module needs only an object with ``to_frame()``, ``metric``
and ``provenance``, never the Inventory class."""

from __future__ import annotations

import os
from typing import Any, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

from ._atomic import atomic_path
from ._common import PathLike, input_error

IAMC_COLUMNS = ["model", "scenario", "region", "variable", "unit"]


def choose_one(frame: pd.DataFrame, origin: str, wanted: Sequence[Tuple[str, Optional[str]]]) -> pd.DataFrame:
    """The rows of ``frame`` for one model, scenario and region: each
    ``(column, wanted)`` in turn keeps the rows equal to ``wanted``; with
    ``wanted`` None the column must hold one value. A value not there, or
    several with none chosen, is an InputError that lists what there is."""
    for col, want in wanted:
        choices = sorted(frame[col].astype(str).unique())
        if want is not None:
            if want not in choices:
                raise input_error(origin, 0, col, want, f"no {col} '{want}' (found: {', '.join(choices)})")
            frame = frame[frame[col].astype(str) == want]
        elif len(choices) > 1:
            raise input_error(origin, 0, col, "", f"several {col}s ({', '.join(choices[:8])}); choose one with {col}=")
    return frame


def to_iamc(
    inventory: Any,
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
    # IAMC has no notation keys. Unknowns (NE, C, missing) are left empty,
    # which read_iamc reads back as missing: still unknown, never a zero.
    # Keys that mean "nothing here" (NO, IE, NA) are written as their known
    # part, usually 0, so a complete total stays complete.
    unknown = df["notation"].isin(["NE", "C", "missing"])
    value = df["value"].where(~unknown, np.nan)
    value = value.where(unknown | (df["notation"] == "") | value.notna(), 0.0)
    df = df.assign(value=value)
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
        with atomic_path(p) as tmp:  # a temporary file beside p, then renamed
            if p.lower().endswith(".xlsx"):
                out.to_excel(tmp, sheet_name="data", index=False)
            else:
                out.to_csv(tmp, index=False)
    return wide
