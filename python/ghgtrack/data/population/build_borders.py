"""Rebuild municipality_borders.csv and municipality_missing_years.csv from
the published population file and the cited change list.

Run from the repository root (not imported by the package):

    python python/ghgtrack/data/population/build_borders.py [--check]

Inputs (all beside this script):
  ssb_07459_population_1jan_2005_2026.csv  every code in every year, as SSB published it
  municipality_changes.csv                  the mergers, divisions and renumberings that a
                                            name match cannot find, each with its source key
  municipality_sources.csv                  the source keys: title and address

Rule: a code that is in year Y-1 and not in year Y is followed through the
change list; a code missing from the change list must reappear in year Y
under the SAME municipality name (a renumbering: the 2018 Trøndelag, 2020
and 2024 county reforms), else the build fails. Every code-year is then
followed forward to the current (2024-) codes. A code-year that ends in ONE
current municipality is a whole part of it (municipality_borders.csv); a
code-year that ends in several was divided, so those current
municipalities have no figure for that year (municipality_missing_years.csv):
no share of a divided municipality is ever estimated. ``restore`` rows say
that a later new code is exactly an earlier municipality (Haram 1534 ->
1580, re-established on its old borders in 2024).

With --check the files are rebuilt in memory and compared with the ones on
disk (exit status 1 when they differ).
"""

from __future__ import annotations

import csv
import io
import pathlib
import re
import sys
from collections import defaultdict

HERE = pathlib.Path(__file__).resolve().parent
POP = HERE / "ssb_07459_population_1jan_2005_2026.csv"
CHANGES = HERE / "municipality_changes.csv"
SOURCES = HERE / "municipality_sources.csv"
BORDERS = HERE / "municipality_borders.csv"
MISSING = HERE / "municipality_missing_years.csv"

# Which published statement covers a renumbering found by name, by year.
RENUMBERING_SOURCE = {2018: "AVISA-ST", 2019: "TRFK", 2020: "SSB-2020", 2024: "SSB-2024"}


def names(label: str) -> frozenset:
    """The names a label gives: 'Trondheim (-2017)' -> {'trondheim'};
    'Porsanger - Porsángu - Porsanki' -> the whole and each language's name."""
    text = " ".join(re.sub(r"\s*\(.*?\)\s*", " ", label).split()).casefold()
    return frozenset([text] + [part.strip() for part in text.split(" - ")])


def read_csv(p: pathlib.Path) -> list:
    with p.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def build() -> tuple:
    pop = read_csv(POP)
    changes = read_csv(CHANGES)
    source_keys = {r["key"] for r in read_csv(SOURCES)}
    codes = defaultdict(set)
    label = {}
    for r in pop:
        y = int(r["year"])
        codes[y].add(r["municipality_code"])
        label[(r["municipality_code"], y)] = r["municipality"]
    years = sorted(codes)
    last = years[-1]

    for r in changes:
        for key in r["source"].split(";"):
            if key.strip() not in source_keys:
                raise SystemExit(f"change row {r} cites unknown source {key!r}")

    rows_at = defaultdict(list)  # (old_code, year) -> change rows
    restore = {}
    for r in changes:
        y = int(r["year"])
        if r["kind"] == "restore":
            restore[r["old_code"]] = r
            continue
        if r["kind"] not in ("merge", "code", "split"):
            raise SystemExit(f"unknown kind in {r}")
        if r["old_code"] not in codes[y - 1] or r["new_code"] not in codes[y]:
            raise SystemExit(f"change row does not fit the published codes: {r}")
        rows_at[(r["old_code"], y)].append(r)
    for (c, y), rs in rows_at.items():
        # A code that continues may only be divided (a part of it moved away),
        # and then one of its rows keeps it (old -> old + the neighbour that took the part).
        if c in codes[y] and not (all(r["kind"] == "split" for r in rs) and any(r["new_code"] == c for r in rs)):
            raise SystemExit(f"{y}: {c} continues, so its change rows must be a division that keeps it: {rs}")

    # step[(code, year)] = [(next code, change row or None)] for year -> year + 1
    step = {}
    for y in years[1:]:
        gone = codes[y - 1] - codes[y]
        new = codes[y] - codes[y - 1]
        targeted = {r["new_code"] for (c, yy), rs in rows_at.items() if yy == y for r in rs}
        free_new = [n for n in new - targeted]
        free_gone = [g for g in gone if (g, y) not in rows_at]
        reached = set()
        for c in codes[y - 1]:
            if (c, y) in rows_at:
                step[(c, y - 1)] = [(r["new_code"], r) for r in rows_at[(c, y)]]
            elif c in codes[y]:
                step[(c, y - 1)] = [(c, None)]
            else:
                key = names(label[(c, y - 1)])
                match = [n for n in free_new if key & names(label[(n, y)])]
                rivals = [g for g in free_gone if match and names(label[(g, y - 1)]) & names(label[(match[0], y)])]
                if len(match) != 1 or len(rivals) != 1:
                    raise SystemExit(
                        f"{y}: {c} {label[(c, y - 1)]!r} disappears and no change row or name match says where to"
                    )
                auto = {
                    "year": str(y),
                    "old_code": c,
                    "old_name": label[(c, y - 1)],
                    "new_code": match[0],
                    "new_name": label[(match[0], y)],
                    "kind": "code",
                    "source": RENUMBERING_SOURCE.get(y, "SSB-07459") + "; SSB-07459",
                    "note": "renumbering found by name",
                }
                step[(c, y - 1)] = [(match[0], auto)]
            reached.update(n for n, _ in step[(c, y - 1)])
        if new - reached:
            raise SystemExit(f"{y}: new codes reached by no predecessor: {sorted(new - reached)}")

    memo = {}

    def trace(c: str, y: int) -> dict:
        """current code -> list of change rows on the way."""
        if (c, y) in memo:
            return memo[(c, y)]
        if y == last:
            out = {c: []}
        else:
            out = {}
            for n, r in step[(c, y)]:
                for cur, path in trace(n, y + 1).items():
                    out.setdefault(cur, []).extend(([r] if r else []) + path)
        memo[(c, y)] = out
        return out

    whole = defaultdict(list)  # (current, part) -> [(year, rows)]
    divided = defaultdict(list)  # (current, split code) -> [(year, rows)]
    for y in years:
        for c in sorted(codes[y]):
            t = trace(c, y)
            if c in restore and int(restore[c]["year"]) > y:
                r = restore[c]
                if r["new_code"] not in t:
                    raise SystemExit(f"restore row {r} does not follow from the change list")
                t = {r["new_code"]: t[r["new_code"]] + [r]}
            if len(t) == 1:
                ((cur, path),) = t.items()
                whole[(cur, c)].append((y, path))
            else:
                for cur, path in t.items():
                    divided[(cur, c)].append((y, path))

    cur_label = {c: label[(c, last)] for c in codes[last]}

    def runs(items):
        items = sorted(items, key=lambda x: x[0])
        start = prev = None
        acc = []
        for y, path in items:
            if prev is not None and y != prev + 1:
                yield start, prev, acc
                start, acc = None, []
            if start is None:
                start = y
            acc.extend(path)
            prev = y
        if start is not None:
            yield start, prev, acc

    def cite(path):
        keys = []
        for r in path:
            for k in r["source"].split(";"):
                k = k.strip()
                if k not in keys:
                    keys.append(k)
        return "; ".join(keys) or "SSB-07459"

    def chain(part, path):
        seen, steps = set(), []
        for r in path:
            ident = (r["year"], r["old_code"], r["new_code"])
            if ident in seen:
                continue
            seen.add(ident)
            steps.append(f"{r['year']} {r['kind']} {r['old_code']}->{r['new_code']}")
        return "same code throughout" if not steps else "; ".join(steps)

    borders = []
    for (cur, part), items in whole.items():
        for a, b, path in runs(items):
            borders.append(
                {
                    "current_code": cur,
                    "current_name": cur_label[cur],
                    "part_code": part,
                    "part_name": label[(part, b)] or next((r["old_name"] for r in path if r["old_code"] == part), ""),
                    "first_year": a,
                    "last_year": b,
                    "source": cite(path),
                    "note": chain(part, path),
                }
            )
    borders.sort(key=lambda r: (r["current_code"], r["first_year"], r["part_code"]))

    missing = []
    for (cur, part), items in divided.items():
        for a, b, path in runs(items):
            splits = [r for r in path if r["kind"] == "split"]
            others = sorted({c2 for (c2, p2) in divided if p2 == part})
            missing.append(
                {
                    "current_code": cur,
                    "current_name": cur_label[cur],
                    "first_year": a,
                    "last_year": b,
                    "split_code": part,
                    "split_name": label[(part, b)],
                    "divided_between": " ".join(others),
                    "source": cite(splits),
                    "note": splits[0]["note"] if splits else "",
                }
            )
    missing.sort(key=lambda r: (r["current_code"], r["first_year"], r["split_code"]))
    return pop, borders, missing


def to_csv(rows: list) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def main(argv: list) -> int:
    _, borders, missing = build()
    out = {BORDERS: to_csv(borders), MISSING: to_csv(missing)}
    if "--check" in argv:
        stale = [p.name for p, text in out.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        if stale:
            print("out of date: " + ", ".join(stale))
            return 1
        print("up to date")
        return 0
    for p, text in out.items():
        p.write_text(text, encoding="utf-8")
    print(f"{BORDERS.name}: {len(borders)} rows; {MISSING.name}: {len(missing)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
