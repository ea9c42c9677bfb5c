"""Value types of the command line's options (argparse ``type=``): a bad
value (``--top -1``, ``--year 20x4``, ``--tonnes nan``) is a usage error
(exit 2) that says what is accepted, before anything is read or written."""

from __future__ import annotations

import argparse
import math

# The years an option may name: those the core's row check accepts
# (inventory_builder.hpp: min_year 1850, max_year 2200). A year the data do
# not hold (--year 1900 on 2009-2024) is the library's error, also exit 2.
FIRST_YEAR, LAST_YEAR = 1850, 2200


def count(text: str) -> int:
    """A whole number >= 0 (e.g. ``--top``)."""
    try:
        v = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, not {text!r}") from None
    if v < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, not {text!r}")
    return v


def year(text: str) -> int:
    """A year as four digits in FIRST_YEAR-LAST_YEAR."""
    try:
        v = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a year such as 2030, not {text!r}") from None
    if not FIRST_YEAR <= v <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"expected a year between {FIRST_YEAR} and {LAST_YEAR}, not {text!r}")
    return v


def finite_float(text: str) -> float:
    """A finite number (no nan, no inf)."""
    try:
        v = float(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, not {text!r}") from None
    if not math.isfinite(v):
        raise argparse.ArgumentTypeError(f"expected a finite number, not {text!r}")
    return v


def non_empty(text: str) -> str:
    """A text that is not empty (e.g. a folder name)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("expected a name, not an empty text")
    return text
