"""Inventories to and from ``pyam.IamDataFrame`` (pyam is optional: PyPI
``pyam-iamc``).

Naming (the common IAMC convention for a CO2-equivalent basket, as in the
IPCC AR6 scenario database's ``Emissions|Kyoto Gases``):

- ``Emissions|Kyoto Gases``: the total of all reported numbers;
- ``Emissions|Kyoto Gases|<sector>``: each sector's total;
- ``Emissions|Kyoto Gases|<sector>|<source>``: each category's total;
- ``Emissions|Kyoto Gases|<sector>|<source>|<gas>``: the reported entries
  (gas names as ghgtrack writes them: CO2, CH4, N2O, HFC-134a, ...).

Every level is the sum of the level below, so pyam's ``check_aggregate``
holds. Units are ``t CO2e/yr`` (``unit=`` may ask for kt or Mt); the GWP
metric is in ``meta["metric"]`` (one per model/scenario). Cells carrying a
notation key (NE, IE, C, ...) have no number in IAMC and are left out of the
entries; ``meta["notation_keys"]`` counts them, so nothing is dropped
silently. :func:`from_pyam` reads the entries back, checks every total it
finds against them, and accepts gas masses ("kt CH4/yr") under the metric
of ``meta``/``metric=``.
"""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import pandas as pd

from . import _core
from ._common import input_error
from ._iamc import choose_one

__all__ = ["KYOTO", "to_pyam", "from_pyam"]

KYOTO = "Emissions|Kyoto Gases"
_SCALE = {"t CO2e/yr": 1.0, "kt CO2e/yr": 1e3, "Mt CO2e/yr": 1e6}


def _pyam() -> Any:
    try:
        import pyam
    except ImportError as e:  # pragma: no cover - exercised only without pyam
        raise ImportError("ghgtrack: to_pyam/from_pyam need pyam (pip install pyam-iamc)") from e
    return pyam


def to_pyam(
    inventory: Any,
    *,
    model: str = "ghgtrack",
    scenario: str = "historical",
    region: Optional[str] = None,
    unit: str = "t CO2e/yr",
) -> Any:
    """The inventory as a ``pyam.IamDataFrame`` (naming in the module doc)."""
    pyam = _pyam()
    if unit not in _SCALE:
        raise _core.ArgumentError(f"ghgtrack: unit {unit!r} (accepted: {', '.join(_SCALE)})")
    scale = _SCALE[unit]
    region = region or str(inventory.provenance.get("municipality") or inventory.provenance.get("dataset") or "unknown")
    df = inventory.to_frame()
    keys = df[df["notation"] != ""]
    df = df[df["notation"] == ""]
    for col in ("sector", "source"):
        bad = df[col].str.contains("|", regex=False)
        if bad.any():
            raise _core.ArgumentError(f"ghgtrack: {col} '{df.loc[bad, col].iloc[0]}' contains '|', the IAMC separator")
    levels = [
        (df.assign(variable=KYOTO)),
        (df.assign(variable=KYOTO + "|" + df["sector"])),
        (df.assign(variable=KYOTO + "|" + df["sector"] + "|" + df["source"])),
        (df.assign(variable=KYOTO + "|" + df["sector"] + "|" + df["source"] + "|" + df["gas"])),
    ]
    long = pd.concat([lv[["variable", "year", "value"]] for lv in levels], ignore_index=True)
    long = long.groupby(["variable", "year"], as_index=False, sort=True)["value"].sum()
    long["value"] = long["value"] / scale
    long["model"], long["scenario"], long["region"], long["unit"] = model, scenario, region, unit
    out = pyam.IamDataFrame(long[["model", "scenario", "region", "variable", "unit", "year", "value"]])
    out.set_meta(inventory.metric or "", "metric")
    out.set_meta(int(len(keys)), "notation_keys")
    return out


def from_pyam(
    df: Any,
    *,
    model: Optional[str] = None,
    scenario: Optional[str] = None,
    region: Optional[str] = None,
    metric: Optional[str] = None,
    rtol: float = 1e-9,
) -> Any:
    """An :class:`~ghgtrack.Inventory` from a ``pyam.IamDataFrame`` written
    with the naming of this module. The entries
    (``Emissions|Kyoto Gases|<sector>|<source>|<gas>``) become the inventory;
    every total present (the basket, a sector, a category) must equal the sum
    of its entries within ``rtol`` (else an InputError naming the variable).
    Units are any the core reads (``Mt CO2e/yr``, ``Mt CO2-equiv/yr``, or a
    gas mass such as ``kt CH4/yr``, which needs the metric). The metric is
    ``metric=``, else ``meta["metric"]``. Several models, scenarios or
    regions need a choice, as in :func:`ghgtrack.read_iamc`."""
    from .inventory import Inventory

    origin = "pyam.IamDataFrame"
    data = df.data.copy()
    data = choose_one(data, origin, (("model", model), ("scenario", scenario), ("region", region)))
    if metric is None and "metric" in getattr(df, "meta", pd.DataFrame()).columns and len(data):
        key = (data["model"].iloc[0], data["scenario"].iloc[0])
        m = df.meta.loc[key, "metric"]
        metric = str(m) if isinstance(m, str) and m else None
    data = data.reset_index(drop=True)
    data["_row"] = np.arange(len(data)) + 1
    var = data["variable"].astype(str)
    ours = var.str.startswith(KYOTO + "|") | (var == KYOTO)
    if not ours.all():
        r = data[~ours.to_numpy()].iloc[0]
        raise input_error(
            origin, int(r["_row"]), "variable", str(r["variable"]), f"expected {KYOTO}[|<sector>[|<source>[|<gas>]]]"
        )
    depth = var.str.count(r"\|") - 1  # 0 total, 1 sector, 2 category, 3 entry
    entries = data[(depth == 3).to_numpy()]
    if entries.empty:
        raise input_error(origin, 0, "variable", "", f"no entries {KYOTO}|<sector>|<source>|<gas>")
    parts = entries["variable"].astype(str).str.split("|")
    core = _core.Inventory.from_cells(
        ["year", "sector", "source", "gas", "value", "unit"],
        [
            entries["year"].to_numpy(),
            parts.str[2].tolist(),
            parts.str[3].tolist(),
            parts.str[4].tolist(),
            entries["value"].to_numpy(dtype=float),
            entries["unit"].astype(str).tolist(),
        ],
        origin=origin,
        metric=metric,
        rows=entries["_row"].to_numpy(dtype=np.int64),
    )
    inv = Inventory(core, {"format": "pyam", "municipality": str(data["region"].iloc[0])})
    # Every total present must be the sum of its entries (in t CO2e).
    tidy = inv.to_frame()
    tidy = tidy[tidy["notation"] == ""]
    sums = {}
    for d, key in ((0, lambda f: KYOTO), (1, lambda f: KYOTO + "|" + f["sector"]),
                   (2, lambda f: KYOTO + "|" + f["sector"] + "|" + f["source"])):  # fmt: skip
        sums[d] = tidy.assign(variable=key(tidy)).groupby(["variable", "year"])["value"].sum()
    for _, r in data[(depth < 3).to_numpy()].iterrows():
        scale = _core.parse_unit(str(r["unit"]))
        if scale is None or scale[1] is not None:
            raise input_error(origin, int(r["_row"]), "unit", str(r["unit"]), "a total must be in CO2e")
        got = float(r["value"]) * scale[0]
        want = float(sums[int(str(r["variable"]).count("|") - 1)].get((r["variable"], int(r["year"])), 0.0))
        if not np.isclose(got, want, rtol=rtol, atol=1e-9):
            raise input_error(
                origin,
                int(r["_row"]),
                "value",
                str(r["value"]),
                f"{r['variable']} {int(r['year'])} = {got:g} t CO2e, but its entries sum to {want:g}",
            )
    return inv
