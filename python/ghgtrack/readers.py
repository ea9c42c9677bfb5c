"""Readers for official Norwegian data: Miljødirektoratet's municipal
accounts (xlsx, read in C++: include/ghgtrack/miljodirektoratet.hpp) and
SSB's national series (CSV).

Every reader reports bad input as :class:`ghgtrack.InputError` naming the
file (and sheet), row, column and value, and never drops a row silently.
Every row's cells go, raw, with their row numbers, to the C++ core's one
row check (``inventory_builder::add_row``), which parses and validates
years, gases, numbers (Norwegian forms too), units and notation keys.
"""

from __future__ import annotations

import io
import os
import re
import warnings
from typing import Any, Dict, List, Optional, Sequence, Union

import numpy as np
import pandas as pd

from . import _core
from ._common import PathLike, decode_text, input_error, read_bytes
from .inventory import Inventory

DETAIL_SHEET = "Oversikt - detaljert"
OVERVIEW_SHEET = "Oversikt"

# Miljødirektoratet's accounts are on AR5 GWP100 (the basis of Norway's
# national inventory from the 2022 figures on; the municipal accounts are
# recalculated with it back to 2009 in every release).
MILJODIREKTORATET_METRIC = "AR5GWP100"


class DataWarning(UserWarning):
    """The data were read, but something in them deserves a look (e.g. the
    detail does not sum to the published overview)."""


def read_miljodirektoratet(
    path: PathLike,
    municipality: Union[None, str, Sequence[str]] = None,
    *,
    metric: str = MILJODIREKTORATET_METRIC,
    check: bool = True,
    threads: int = 1,
) -> Union[Inventory, Dict[str, Inventory]]:
    """Reads Miljødirektoratet's "Klimagassutslipp i kommuner" workbook as
    downloaded: the detailed sheet (year x sector x source x gas, t CO2e per
    gas) becomes the inventory; the overview sheet (year x sector) is the
    check.

    The per-municipality file needs no ``municipality``; naming one it does
    not hold (its Info sheet names another) is an :class:`InputError` naming
    both. The file for all municipalities (extra columns naming county and
    municipality) is filtered to ``municipality`` (a name or a number); a
    list of them gives a dict of inventories. Names lose their trailing
    newlines; sectors only some releases have (e.g. "produkter med
    fluorgasser") are simply read.

    With ``check=True`` the detail is summed by sector and year and compared
    with the overview; the comparison is kept in ``inventory.checks`` and a
    :class:`DataWarning` names any difference larger than the rounding of
    the published figures (0.05 t per summed value).

    ``threads``: threads for parsing a large detail sheet (the file for all
    municipalities); 1 starts none, 0 is one per CPU. The result is the same.

    The workbook is read by the C++ reader (``ghgtrack/miljodirektoratet.hpp``:
    minizip + expat, with zip-bomb limits and no DTDs); this function only
    turns its result into :class:`Inventory` objects, a frame and a warning.
    """
    p = os.fspath(path)
    if not os.path.exists(p):
        raise FileNotFoundError(f"{p}: no such file")
    several = municipality is not None and not isinstance(municipality, str)
    wanted: List[str] = (
        [] if municipality is None else [municipality] if isinstance(municipality, str) else list(municipality)
    )
    # The path as bytes: a file name that is not UTF-8 reaches the reader as it is.
    info_pairs, _, accounts = _core.read_miljodirektoratet(os.fsencode(p), wanted, several, metric, check, threads)
    info = dict(info_pairs)
    results: Dict[str, Inventory] = {}
    for label, core, checks, inferred in accounts:
        prov: Dict[str, Any] = {
            "publisher": info.get("utgiver", "Miljødirektoratet"),
            "downloaded_from": info.get("nedlastet fra"),
            "municipality": label or info.get("datasett"),
            "file": p,
            "sheet": DETAIL_SHEET,
            "metric_note": f"{metric}: the basis of Miljødirektoratet's municipal accounts",
        }
        if inferred:
            prov["inferred_not_occurring"] = list(inferred)
        inv = Inventory(core, prov)
        if checks is not None:
            inv.checks = _checks_frame(checks, p)
        results[label] = inv
    if not several:
        return next(iter(results.values()))
    return results


def _checks_frame(checks: Dict[str, Any], path: str) -> pd.DataFrame:
    """The C++ overview check as a frame (year, sector) -> detail, overview,
    difference, tolerance, ok; warns about the entries that are not ok."""
    index = pd.MultiIndex.from_arrays(
        [np.asarray(checks["year"], dtype=np.int64), checks["sector"]], names=["year", "sector"]
    )
    df = pd.DataFrame(
        {k: checks[k] for k in ("detail", "overview", "difference", "tolerance", "ok")},
        index=index,
    )
    bad = df[~df["ok"]]
    if len(bad):
        lines = [
            f"{y} {s}: detail {d:.1f} vs overview {o:.1f}"
            for (y, s), d, o in zip(bad.index, bad["detail"], bad["overview"])
        ]
        warnings.warn(
            f"{path}: the detailed sheet does not sum to the overview in {len(bad)} place(s): " + "; ".join(lines[:10]),
            DataWarning,
            stacklevel=3,
        )
    return df


_SSB_GAS = re.compile(r"\(([^)]+)\)\s*$")


def read_ssb(path: PathLike, *, by: str = "source", encoding: Optional[str] = None) -> Inventory:
    """Reads SSB's national series (table 08940 as bundled: year, source,
    component, value_kt_co2e; AR4 GWP100). ``by="source"`` gives the main
    sources (all gases together, as the Kyoto GHG basket); ``by="gas"`` the
    per-gas totals for all sources. ``encoding``: as for
    :func:`ghgtrack.read_csv` (None: UTF-8, or UTF-16 with a byte-order mark)."""
    p = os.fsdecode(os.fspath(path))
    text = decode_text(read_bytes(p), encoding, p)
    try:
        df = pd.read_csv(io.StringIO(text), comment="#", dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise input_error(p, 0, "", "", "the file is empty") from None
    except pd.errors.ParserError as e:
        m = re.search(r"line (\d+)", str(e))
        raise input_error(p, int(m.group(1)) if m else 0, "", "", f"not a readable CSV file ({e})") from None
    need = ["year", "source", "component", "value_kt_co2e"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise input_error(
            p, 1, missing[0], "", f"required column(s) {', '.join(missing)} missing (found: {', '.join(df.columns)})"
        )
    # Physical line numbers (comment lines precede the header).
    skipped = sum(1 for line in text.splitlines() if line.startswith("#"))
    df["_row"] = np.arange(len(df)) + 2 + skipped
    if by == "source":
        sel = df[(df["component"].str.startswith("A10")) & ~df["source"].str.startswith("0 ")]
        gases = ["Kyoto GHG"] * len(sel)
        sectors = sel["source"].tolist()
        sources = sectors
    elif by == "gas":
        sel = df[df["source"].str.startswith("0 ") & ~df["component"].str.startswith("A10")]
        gases = []
        for comp, row in zip(sel["component"], sel["_row"]):
            m = _SSB_GAS.search(comp)
            if not m:
                raise input_error(p, int(row), "component", comp, "no gas named in parentheses")
            gases.append(m.group(1))
        sectors = ["Alle kilder"] * len(sel)
        sources = sectors
    else:
        raise ValueError(f"by must be 'source' or 'gas', not {by!r}")
    # Values are in kt CO2e: the core's unit table scales them.
    core = _core.Inventory.from_cells(
        ["year", "sector", "source", "gas", "value", "unit"],
        [sel["year"].tolist(), sectors, sources, gases, sel["value_kt_co2e"].tolist(), ["kt CO2e"] * len(sel)],
        origin=p,
        metric="AR4GWP100",
        rows=sel["_row"].to_numpy(dtype=np.int64),
    )
    return Inventory(
        core,
        {
            "publisher": "Statistics Norway (SSB)",
            "table": "08940",
            "file": p,
            "dataset": "Norway",
            "metric_note": "AR4GWP100 (SSB final figures to 2021)",
        },
    )
