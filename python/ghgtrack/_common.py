"""Shared helpers of the Python layer (a leaf module: it imports only
``_core``, numpy and pandas, and no other ghgtrack module imports back into
a circle through it).

Every constant here comes from the C++ core, never retyped: the notation
key names and which of them are unknowns (notation.hpp), the aggregate flag
bits (aggregate.hpp), the tidy columns (inventory_builder.hpp).
"""

from __future__ import annotations

import codecs
import os
from typing import Any, List, Tuple, Union

import numpy as np
import pandas as pd

from . import _core

PathLike = Union[str, "os.PathLike[str]"]

# Notation keys by the codes the C++ core stores: ["", "NO", "NE", "IE", "C", "NA", "missing"].
NOTATION_NAMES: List[str] = _core.notation_names()
UNKNOWN_CODES: List[int] = _core.unknown_notation_codes()  # NE, C, missing
NA_CODE: int = _core.notation_code("NA")
MISSING_CODE: int = _core.notation_code("missing")
FLAG_INCOMPLETE = int(_core.AggregateFlag.INCOMPLETE)
FLAG_NO_VALUE = int(_core.AggregateFlag.NO_VALUE)
TIDY_COLUMNS: List[str] = _core.tidy_columns()

# Raise as ``raise input_error(origin, row, column, value, problem)``: the
# C++ core words the message and sets .origin, .row, .column, .value.
input_error = _core.input_error


class Total(float):
    """A total in t CO2e that knows whether it is complete.

    ``incomplete`` is True when the sum includes an unknown (NE, C or a
    missing row); ``no_value`` when none of its cells reported a number.
    """

    incomplete: bool
    no_value: bool

    def __new__(cls, value: float, incomplete: bool = False, no_value: bool = False) -> "Total":
        obj = super().__new__(cls, value)
        obj.incomplete = bool(incomplete)
        obj.no_value = bool(no_value)
        return obj

    def __repr__(self) -> str:
        note = " (incomplete: includes NE, C or missing rows)" if self.incomplete else ""
        return f"{float(self)!r} t CO2e{note}"


def aggregate_frame(agg: Tuple[List[str], List[int], np.ndarray, np.ndarray], index_name: str) -> pd.DataFrame:
    """A core aggregation (labels, years, values, flags) as a frame, groups x
    years in t CO2e, with ``.attrs["incomplete"]`` listing (label, year)."""
    labels, years, values, flags = agg
    df = pd.DataFrame(values, index=pd.Index(labels, name=index_name), columns=pd.Index(years, name="year"))
    df.attrs["unit"] = "t CO2e"
    rows, cols = np.nonzero(flags & FLAG_INCOMPLETE)
    df.attrs["incomplete"] = [(labels[i], years[j]) for i, j in zip(rows, cols)]
    return df


def incomplete_mask(df: pd.DataFrame) -> pd.DataFrame:
    """A boolean frame like ``df`` (an aggregation result): True where the
    entry includes an unknown (NE, C or a missing row)."""
    mask = pd.DataFrame(False, index=df.index, columns=df.columns)
    for label, year in df.attrs.get("incomplete", []):
        if label in mask.index and year in mask.columns:
            mask.loc[label, year] = True
    return mask


def names_list(x: Union[None, str, "object"], what: str) -> Union[None, List[str]]:
    """None, or a list of names: a single string is one name (never its
    letters); any other iterable is a list of names."""
    if x is None:
        return None
    if isinstance(x, str):
        return [x]
    try:
        return [str(v) for v in x]  # type: ignore[attr-defined]
    except TypeError:
        raise TypeError(f"{what} must be a name or a list of names, not {type(x).__name__}") from None


def years_list(x: Union[None, int, "object"]) -> Union[None, List[int]]:
    """None, or a list of years: a single int is one year."""
    if x is None:
        return None
    if isinstance(x, (int, np.integer)) and not isinstance(x, bool):
        return [int(x)]
    return [int(y) for y in x]  # type: ignore[attr-defined]


def read_bytes(path: Union[str, bytes, "os.PathLike[Any]"]) -> bytes:
    """The whole file (read to the end: a pipe, or a file whose size the
    system reports as 0, reads fully); an InputError if it cannot be read."""
    p = os.fsencode(path)
    try:
        with open(p, "rb") as f:
            return f.read()
    except OSError as e:
        raise input_error(p, 0, "", "", f"cannot read the file ({e.strerror or e})") from None


def decode_text(data: bytes, encoding: Union[None, str], origin: Union[str, bytes]) -> str:
    """The text of a file's bytes. ``encoding=None``: UTF-8 (a byte-order
    mark dropped), or UTF-16 when a byte-order mark says so. Bytes the
    encoding cannot decode are an InputError naming the row, the column
    (from the header) and the bytes."""
    if encoding is None:
        encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise _core.ArgumentError(
            f"unknown encoding {encoding!r} (accepted: a Python codec name, e.g. 'utf-8', 'cp1252', 'latin-1')"
        ) from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        raise _decode_error(origin, data, e, encoding) from None
    return text[1:] if text.startswith("\ufeff") else text


def _decode_error(origin: Union[str, bytes], data: bytes, e: UnicodeDecodeError, encoding: str) -> Exception:
    """An InputError naming the row, column and bytes that ``encoding`` cannot decode."""
    start = data.rfind(b"\n", 0, e.start) + 1
    end = data.find(b"\n", e.start)
    line = data[start : end if end >= 0 else len(data)].rstrip(b"\r")
    row = data.count(b"\n", 0, e.start) + 1
    header = data.split(b"\n", 1)[0].rstrip(b"\r")
    delim = max((b",", b";", b"\t"), key=header.count)
    # The field holding the byte: delimiters before it, outside quotes.
    quoted, k = False, 0
    for ch in data[start : e.start]:
        if ch == 0x22:
            quoted = not quoted
        elif ch == delim[0] and not quoted:
            k += 1
    names = [h.strip().strip(b'"').decode("ascii", "backslashreplace") for h in header.split(delim)]
    column = names[k] if row > 1 and k < len(names) else ""
    fields = line.split(delim)
    value = fields[k] if k < len(fields) else line
    bad = " ".join(f"0x{b:02X}" for b in data[e.start : e.end])
    return input_error(
        origin,
        row,
        column,
        value.decode("utf-8", "backslashreplace"),
        f"the text cannot be decoded as {encoding} (byte(s) {bad}); name the file's encoding with encoding= "
        "(e.g. encoding='cp1252')",
    )
