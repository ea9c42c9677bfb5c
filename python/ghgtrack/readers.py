"""Readers for official Norwegian data: Miljødirektoratet's municipal
accounts (xlsx, via openpyxl) and SSB's national series (CSV).

Every reader reports bad input as :class:`ghgtrack.InputError` naming the
file (and sheet), row, column and value, and never drops a row silently.
The readers only find the cells (sheets, header names, municipality
filters); every row's cells go, raw, with their row numbers, to the C++
core's one row check (``_core.Inventory.from_cells``), which parses and
validates years, gases, numbers (Norwegian forms too), units and notation
keys.
"""

from __future__ import annotations

import os
import re
import warnings
import zipfile
import zlib
from typing import Any, Dict, List, Optional, Sequence, Union
from xml.etree import ElementTree

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from . import _core
from ._common import PathLike, input_error
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


def _norm(h: Any) -> str:
    return re.sub(r"\s+", " ", str(h or "")).strip().lower()


# What a damaged xlsx raises inside zipfile, zlib, the XML parser or openpyxl.
_DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    ElementTree.ParseError,
    KeyError,
    OSError,
    EOFError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
)


def _open_workbook(path: str) -> Any:
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such file")
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as e:
        raise input_error(path, 0, "", "", f"not a readable xlsx workbook (truncated or not Excel?): {e}") from None


def _rows(ws: Any) -> List[tuple]:
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


_DETAIL_COLUMNS = {
    "year": ("år", "aar", "year"),
    "sector": ("sektor", "sector"),
    "source": ("utslippskilde", "kilde", "source"),
    "gas": ("klimagass", "gass", "gas"),
}


def _find_columns(header: Sequence[Any], origin: str, sheet_has_value: bool = True) -> Dict[str, int]:
    names = [_norm(h) for h in header]
    found: Dict[str, int] = {}
    for key, aliases in _DETAIL_COLUMNS.items():
        for i, n in enumerate(names):
            if n in aliases:
                found[key] = i
    for i, n in enumerate(names):
        if n.startswith("utslipp") and ("tonn" in n or "co2" in n or "co₂" in n):
            found["value"] = i
        elif n in ("value", "utslipp"):
            found["value"] = i
        elif "kommunenummer" in n or n in ("kommunenr", "knr"):
            found["municipality_number"] = i
        elif "kommune" in n:
            found["municipality"] = i
        elif "fylke" in n:
            found["county"] = i
    need = ["year", "sector", "source", "gas", "value"] if sheet_has_value else []
    missing = [k for k in need if k not in found]
    if missing:
        raise input_error(
            origin,
            1,
            missing[0],
            "",
            f"required column(s) {', '.join(missing)} not found "
            f"(expected År, Sektor, Utslippskilde, Klimagass, Utslipp (tonn CO₂-ekvivalenter); "
            f"found: {', '.join(str(h) for h in header if h is not None)})",
        )
    return found


def _info(wb: Any) -> Dict[str, Any]:
    info: Dict[str, Any] = {}
    if "Info" in wb.sheetnames:
        for r in wb["Info"].iter_rows(values_only=True):
            cells = [c for c in r if c is not None]
            if len(cells) >= 2:
                info[_norm(cells[0]).rstrip(":")] = cells[1]
    return info


def _matches(value: Any, wanted: str) -> bool:
    if value is None:
        return False
    v = str(value).strip().lower()
    w = wanted.strip().lower()
    if v == w:
        return True
    return v.isdigit() and w.isdigit() and int(v) == int(w)


def read_miljodirektoratet(
    path: PathLike,
    municipality: Union[None, str, Sequence[str]] = None,
    *,
    metric: str = MILJODIREKTORATET_METRIC,
    check: bool = True,
) -> Union[Inventory, Dict[str, Inventory]]:
    """Reads Miljødirektoratet's "Klimagassutslipp i kommuner" workbook as
    downloaded: the detailed sheet (year x sector x source x gas, t CO2e per
    gas) becomes the inventory; the overview sheet (year x sector) is the
    check.

    The per-municipality file needs no ``municipality``. The file for all
    municipalities (extra columns naming county and municipality) is
    filtered to ``municipality`` (a name or a number); a list of them gives a
    dict of inventories. Names lose their trailing newlines; sectors only some
    releases have (e.g. "produkter med fluorgasser") are simply read.

    With ``check=True`` the detail is summed by sector and year and compared
    with the overview; the comparison is kept in ``inventory.checks`` and a
    :class:`DataWarning` names any difference larger than the rounding of
    the published figures (0.05 t per summed value).
    """
    p = os.fspath(path)
    origin = f"{p} [{DETAIL_SHEET}]"
    try:
        wb = _open_workbook(p)
        try:
            if DETAIL_SHEET not in wb.sheetnames:
                raise input_error(
                    p,
                    0,
                    "",
                    "",
                    f"no sheet '{DETAIL_SHEET}' (sheets: {', '.join(wb.sheetnames)}); is this "
                    f"Miljødirektoratet's 'Klimagassutslipp i kommuner' file?",
                )
            # openpyxl reads lazily: a damaged part shows up only here.
            rows = _rows(wb[DETAIL_SHEET])
            overview = _rows(wb[OVERVIEW_SHEET]) if OVERVIEW_SHEET in wb.sheetnames else None
            info = _info(wb)
        finally:
            wb.close()
    except (_core.InputError, FileNotFoundError):
        raise
    except _DAMAGED as e:
        raise input_error(p, 0, "", "", f"the workbook is damaged or not Excel ({type(e).__name__}: {e})") from None
    if not rows:
        raise input_error(origin, 0, "", "", "the sheet is empty")
    cols = _find_columns(rows[0], origin)
    muni_col = cols.get("municipality", cols.get("municipality_number"))

    data_rows = [(i + 2, r) for i, r in enumerate(rows[1:]) if any(c is not None for c in r)]
    if not data_rows:
        raise input_error(origin, 0, "", "", "the sheet has a header but no data rows")

    wanted: List[str]
    if muni_col is None:
        if municipality is not None and not isinstance(municipality, str):
            raise input_error(p, 0, "", "", "a per-municipality file holds one municipality; a list was given")
        wanted = []
    else:
        names = sorted({str(r[muni_col]).strip() for _, r in data_rows if r[muni_col] is not None})
        if municipality is None:
            if len(names) > 1:
                raise input_error(
                    p,
                    0,
                    "",
                    "",
                    f"the file holds {len(names)} municipalities; choose with municipality= "
                    f"(e.g. {', '.join(names[:5])})",
                )
            wanted = names
        else:
            wanted = [municipality] if isinstance(municipality, str) else list(municipality)
            for w in wanted:
                if not any(
                    _matches(r[muni_col], w) or _matches(r[cols.get("municipality_number", muni_col)], w)
                    for _, r in data_rows
                ):
                    raise input_error(
                        p, 0, "municipality", w, f"no municipality '{w}' in the file (e.g. {', '.join(names[:5])})"
                    )

    header = ["year", "sector", "source", "gas", "value", "notation"]

    def cells(selected: List[tuple], extra: Sequence[tuple] = ()) -> List[list]:
        # The raw cells as openpyxl gave them (numbers, text, None), plus
        # extra (year, sector, source, gas) rows read as NO.
        out: List[list] = [[r[cols[k]] for _, r in selected] for k in ("year", "sector", "source", "gas", "value")]
        out.append([None] * len(selected))
        for x in extra:
            for col, v in zip(out, (*x, None, "NO")):
                col.append(v)
        return out

    def build(selected: List[tuple], label: Optional[str]) -> Inventory:
        rownums = np.array([rn for rn, _ in selected], dtype=np.int64)
        # ';' context: in a Norwegian workbook a single comma is a decimal mark.
        core = _core.Inventory.from_cells(
            header, cells(selected), origin=origin, metric=metric, rows=rownums, delimiter=";"
        )
        prov = {
            "publisher": info.get("utgiver", "Miljødirektoratet"),
            "downloaded_from": info.get("nedlastet fra"),
            "municipality": label or info.get("datasett"),
            "file": p,
            "sheet": DETAIL_SHEET,
            "metric_note": f"{metric}: the basis of Miljødirektoratet's municipal accounts",
        }
        inv = Inventory(core, prov)
        if check and overview is not None and muni_col is None:
            inv.checks = _check_overview(inv, overview, p, metric)
            # A source with rows in some years but none in others is an
            # unknown ("missing") in those years, unless the published sector
            # total of that year equals the sum of the rows that are there:
            # then the official accounts count it as nothing, and it is read
            # as NO. Each such inference is listed in the provenance.
            gaps = inv.incomplete_cells()
            gaps = gaps[gaps["notation"] == "missing"]
            ok = inv.checks["ok"]
            inferred = [
                (int(r.year), r.sector, r.source, r.gas)
                for r in gaps.itertuples()
                if ok.get((int(r.year), r.sector), False)
            ]
            if inferred:
                core = _core.Inventory.from_cells(
                    header,
                    cells(selected, inferred),
                    origin=origin,
                    metric=metric,
                    rows=np.concatenate([rownums, np.zeros(len(inferred), dtype=np.int64)]),
                    delimiter=";",
                )
                prov["inferred_not_occurring"] = [
                    f"{y} {sec} / {src} / {g}: no row; the published sector total equals the other rows"
                    for y, sec, src, g in inferred
                ]
                checks = inv.checks
                inv = Inventory(core, prov)
                inv.checks = checks
        return inv

    if muni_col is None:
        return build(data_rows, None)
    results: Dict[str, Inventory] = {}
    for w in wanted:
        sel = [
            (rn, r)
            for rn, r in data_rows
            if _matches(r[muni_col], w) or _matches(r[cols.get("municipality_number", muni_col)], w)
        ]
        results[w] = build(sel, w)
    if isinstance(municipality, str) or municipality is None:
        return results[wanted[0]]
    return results


def _check_overview(inv: Inventory, overview: List[tuple], path: str, metric: str) -> pd.DataFrame:
    origin = f"{path} [{OVERVIEW_SHEET}]"
    header = [_norm(h) for h in overview[0]] if overview else []
    try:
        yi = header.index("år")
        si = header.index("sektor")
        vi = next(i for i, h in enumerate(header) if h.startswith("utslipp"))
    except (ValueError, StopIteration):
        raise input_error(origin, 1, "", "", "expected columns År, Sektor, Utslipp (tonn CO₂-ekvivalenter)") from None
    recs = [(rn, r) for rn, r in enumerate(overview[1:], start=2) if not all(c is None for c in r)]
    # The overview's rows go through the same C++ row check: one row per
    # (year, sector), read as that sector's only source, all gases together.
    sectors = [r[si] for _, r in recs]
    ov_inv = _core.Inventory.from_cells(
        ["year", "sector", "source", "gas", "value"],
        [[r[yi] for _, r in recs], sectors, sectors, ["Kyoto GHG"] * len(recs), [r[vi] for _, r in recs]],
        origin=origin,
        metric=metric,
        rows=np.array([rn for rn, _ in recs], dtype=np.int64),
        delimiter=";",
    )
    ov = Inventory(ov_inv).by_sector()
    ov.attrs = {}
    ov = ov.stack()
    ov.index = ov.index.reorder_levels([1, 0])
    ov.name = "overview"
    by_sector = inv.by_sector()
    by_sector.attrs = {}
    detail = by_sector.stack()
    detail.index = detail.index.reorder_levels([1, 0])
    detail.name = "detail"
    counts = inv.to_frame().groupby(["year", "sector"]).size()
    df = pd.concat([detail, ov], axis=1).sort_index()
    df.index.names = ["year", "sector"]
    df["difference"] = df["detail"] - df["overview"]
    df["tolerance"] = 0.05 * (counts.reindex(df.index).fillna(0) + 1)
    df["ok"] = df["difference"].abs() <= df["tolerance"]
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


def read_ssb(path: PathLike, *, by: str = "source") -> Inventory:
    """Reads SSB's national series (table 08940 as bundled: year, source,
    component, value_kt_co2e; AR4 GWP100). ``by="source"`` gives the main
    sources (all gases together, as the Kyoto GHG basket); ``by="gas"`` the
    per-gas totals for all sources."""
    p = os.fspath(path)
    try:
        df = pd.read_csv(p, comment="#", dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise input_error(p, 0, "", "", "the file is empty") from None
    need = ["year", "source", "component", "value_kt_co2e"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise input_error(
            p, 1, missing[0], "", f"required column(s) {', '.join(missing)} missing (found: {', '.join(df.columns)})"
        )
    # Physical line numbers (comment lines precede the header).
    with open(p, encoding="utf-8") as f:
        skipped = sum(1 for line in f if line.startswith("#"))
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
