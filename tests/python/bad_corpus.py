"""The malformed-input corpus (tests/data/bad, made by
tests/data/make_bad_corpus.py) and how to feed a file to a reader.

expected.csv names, per file, the reader that should refuse it and text its
error must contain. A reader is one of ghgtrack's (``read_csv``,
``read_iamc``, ``read_miljodirektoratet``), optionally with keyword
arguments after '?' (``read_iamc?region=Bergen``), or one of the pseudo
readers below, which build the Python object a user would (a pandas frame,
a target text, a series) from the file and call the library with it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import pathlib
from typing import Any, Dict, List, Tuple

import pandas as pd

import ghgtrack
from ghgtrack.uncertainty import monte_carlo, probability_of_target

BAD = pathlib.Path(__file__).resolve().parents[1] / "data" / "bad"
CASES: List[Dict[str, str]] = list(csv.DictReader(open(BAD / "expected.csv", encoding="utf-8")))

# Readers of input files: their errors are InputErrors naming the file.
FILE_READERS = {"read_csv", "read_iamc", "read_miljodirektoratet", "from_frame"}


def parse_reader(spec: str) -> Tuple[str, Dict[str, str]]:
    name, _, query = spec.partition("?")
    kwargs = {}
    for part in filter(None, query.split("&")):
        key, _, value = part.partition("=")
        kwargs[key] = value
    return name, kwargs


def frame_of(path: pathlib.Path, options: Dict[str, str]) -> pd.DataFrame:
    """The tidy CSV as a user's pandas would read it: default dtypes, or
    ``pandas=string`` (every column pandas' string dtype), ``year=Int64``
    (nullable integer years), ``value=object_bool`` (the value column as
    Python objects, "True" as a bool)."""
    if options.get("pandas") == "string":
        return pd.read_csv(path, dtype="string")
    df = pd.read_csv(path, dtype={"year": options["year"]} if "year" in options else None)
    if options.get("value") == "object_bool":
        df["value"] = [True if v == "True" else False if v == "False" else float(v) for v in df["value"].astype(str)]
        df["value"] = df["value"].astype(object)
    return df


def series_of(path: pathlib.Path) -> pd.Series:
    """A two-column CSV (year, value) as a Series of t CO2e by year, read as
    text and given as it is (the library checks the years and values)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    return pd.Series(df["value"].replace("", None).tolist(), index=df["year"].tolist(), dtype=object)


def categories_of(path: pathlib.Path) -> Tuple[pd.DataFrame, Any]:
    df = pd.read_csv(path)
    corr_cols = [c for c in df.columns if c.startswith("corr_")]
    corr = df[corr_cols].to_numpy(dtype=float) if corr_cols else None
    return df.drop(columns=corr_cols), corr


def call(case: Dict[str, str]) -> Any:
    """Feeds the case's file to its reader; returns what it returned."""
    path = BAD / case["file"]
    name, kw = parse_reader(case["reader"])
    if name == "from_frame":
        return ghgtrack.Inventory.from_frame(frame_of(path, kw), origin=str(path))
    if name == "Target.parse":
        return ghgtrack.Target.parse(path.read_text(encoding="utf-8"), base_year=int(kw.get("base_year", 2009)))
    if name == "track":
        s = series_of(path)
        base = (
            int(kw["base_year"])
            if "base_year" in kw
            else (int(s.index[0]) if len(s) and str(s.index[0]).isdigit() else 2009)
        )
        return ghgtrack.track(s, ghgtrack.Target.parse("2030:-67%", base_year=base), nowcast_until=2024)
    if name == "monte_carlo":
        cats, corr = categories_of(path)
        return monte_carlo(cats, iterations=2000, correlation=corr)
    if name == "probability_of_target":
        s = series_of(path).astype(float)
        s.index = s.index.astype(int)
        cats = pd.DataFrame(
            {
                "base": [float(s.iloc[0])],
                "latest": [float(s.iloc[-1])],
                "ad_uncertainty_pct": [5.0],
                "ef_uncertainty_pct": [5.0],
            }
        )
        target = ghgtrack.Target.parse("2030:-67%", base_year=int(s.index[0]))
        return probability_of_target(s, target, cats, iterations=2000)
    if name == "cli_report":
        return run_cli(["report", str(path), "--no-files", *cli_args(kw)])
    return getattr(ghgtrack, name)(str(path), **kw)


def cli_args(kw: Dict[str, str]) -> List[str]:
    out: List[str] = []
    for k, v in kw.items():
        out += [k, v] if v else [k]
    return out


class CliFailed(Exception):
    """The CLI ended with a non-zero exit code (what and where in its message)."""

    def __init__(self, code: int, stderr: str, stdout: str):
        super().__init__(stderr)
        self.code, self.stderr, self.stdout = code, stderr, stdout


def run_cli(argv: List[str]) -> Tuple[int, str, str]:
    """Runs ghgtrack's main() in this process; raises CliFailed for a
    non-zero exit code (returns (0, stdout, stderr) otherwise)."""
    from ghgtrack.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    if code != 0:
        raise CliFailed(code, err.getvalue(), out.getvalue())
    return code, out.getvalue(), err.getvalue()


__all__ = ["BAD", "CASES", "FILE_READERS", "CliFailed", "call", "frame_of", "parse_reader", "run_cli"]
