"""Miljødirektoratet's municipal workbook: the C++ reader (what
ghgtrack.read_miljodirektoratet uses now) against the openpyxl reader it
replaced (issue 11), kept only here, for the comparison:

- the bundled Oslo file (target: the C++ reader >= 5x the openpyxl one);
- a generated all-municipalities workbook, 356 municipalities written with
  openpyxl (target: one municipality read in < 2 s).

tests/python/test_inventory.py imports ``old_read_miljodirektoratet`` from
here to check that both readers give identical results.

Run: .venv/bin/python bench/bench_xlsx.py [--municipalities 356] [--workbook PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tempfile
import time
import warnings
import zipfile
import zlib
from typing import Any, Dict, List, Optional, Sequence, Union
from xml.etree import ElementTree

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

import ghgtrack
from ghgtrack import _core, datasets
from ghgtrack._common import input_error
from ghgtrack.inventory import Inventory
from ghgtrack.readers import DETAIL_SHEET, MILJODIREKTORATET_METRIC, OVERVIEW_SHEET, DataWarning

PathLike = Union[str, "os.PathLike[str]"]

# --- the openpyxl reader as it was before issue 11 (python/ghgtrack/readers.py) ---


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


def old_read_miljodirektoratet(
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
            stacklevel=2,
        )
    return df


# --- the benchmark ---


def write_all_municipalities(path: str, n: int) -> int:
    """An all-municipalities workbook of ``n`` municipalities in the national
    file's layout (Fylke, Kommunenummer, Kommune, then the detail columns),
    each one Oslo's detail rows scaled; written with openpyxl. Returns the
    number of data rows."""
    src = openpyxl.load_workbook(datasets.path("Utslippsregnskap_Oslo.xlsx"), read_only=True, data_only=True)
    rows = [tuple(r) for r in src[DETAIL_SHEET].iter_rows(min_row=2, values_only=True) if any(c is not None for c in r)]
    src.close()
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(DETAIL_SHEET)
    ws.append(
        [
            "Fylke",
            "Kommunenummer",
            "Kommune",
            "År",
            "Sektor",
            "Utslippskilde",
            "Klimagass",
            "Utslipp (tonn CO₂-ekvivalenter)",
        ]
    )
    count = 0
    for k in range(n):
        knr = f"{3000 + k:04d}"
        name = "Oslo" if k == 0 else f"Kommune {k:03d}"
        scale = 1.0 + k / 100.0
        for year, sector, source, gas, value in rows:
            v = round(value * scale, 1) if isinstance(value, (int, float)) else value
            ws.append([f"Fylke {k % 15:02d}", knr, name, year, sector, source, gas, v])
            count += 1
    wb.save(path)
    return count


def timed(fn, repeat: int) -> Dict[str, float]:
    """Best wall-clock and best CPU time (this process) of ``repeat`` runs:
    on a shared machine the CPU time shows the reader's own cost."""
    walls, cpus = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return {"wall_s": min(walls), "cpu_s": min(cpus)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--municipalities", type=int, default=356)
    ap.add_argument("--workbook", help="where to keep the generated workbook (reused when it exists)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    oslo = str(datasets.path("Utslippsregnskap_Oslo.xlsx"))
    out: Dict[str, Any] = {"load_average_1min": os.getloadavg()[0], "cpus": os.cpu_count()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        old = timed(lambda: old_read_miljodirektoratet(oslo), repeat=5)
        new = timed(lambda: ghgtrack.read_miljodirektoratet(oslo), repeat=10)
    out["oslo_openpyxl"] = old
    out["oslo_cpp"] = new
    out["oslo_speedup_wall"] = old["wall_s"] / new["wall_s"]
    out["oslo_speedup_cpu"] = old["cpu_s"] / new["cpu_s"]
    with tempfile.TemporaryDirectory() as tmp:
        path = args.workbook or os.path.join(tmp, "alle_kommuner.xlsx")
        if not os.path.exists(path):
            t0 = time.perf_counter()
            write_all_municipalities(path, args.municipalities)
            out["all_write_openpyxl_s"] = time.perf_counter() - t0
        out["all_file_mb"] = os.path.getsize(path) / 1e6
        one = timed(lambda: ghgtrack.read_miljodirektoratet(path, municipality="Oslo"), repeat=3)
        out["all_read_one_cpp"] = one
        one_t = timed(lambda: ghgtrack.read_miljodirektoratet(path, municipality="Oslo", threads=0), repeat=3)
        out["all_read_one_cpp_threads0"] = one_t
        n10 = min(10, args.municipalities)
        ten = timed(
            lambda: ghgtrack.read_miljodirektoratet(path, municipality=[f"{3000 + k:04d}" for k in range(n10)]), 1
        )
        out["all_read_ten_cpp"] = ten
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print(f"machine: {out['cpus']} CPUs, load average {out['load_average_1min']:.1f} (wall times suffer when > CPUs)")
    print(
        f"Oslo file, openpyxl reader (before issue 11): {old['wall_s'] * 1e3:7.1f} ms wall {old['cpu_s'] * 1e3:7.1f} ms CPU"
    )
    print(
        f"Oslo file, C++ reader:                        {new['wall_s'] * 1e3:7.1f} ms wall {new['cpu_s'] * 1e3:7.1f} ms CPU"
        f"   ({out['oslo_speedup_wall']:.1f}x wall, {out['oslo_speedup_cpu']:.1f}x CPU; target >= 5x)"
    )
    print(
        f"{args.municipalities} municipalities ({out['all_file_mb']:.1f} MB xlsx): one municipality "
        f"{one['wall_s']:.2f} s wall, {one['cpu_s']:.2f} s CPU (target < 2 s); with threads=0 "
        f"{one_t['wall_s']:.2f} s wall; ten {ten['wall_s']:.2f} s wall"
    )


if __name__ == "__main__":
    main()
