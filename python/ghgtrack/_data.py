"""Where the bundled data files are (a leaf module: datasets, factors and
readers may all import it without a circle)."""

from __future__ import annotations

import pathlib

DATA_DIR = pathlib.Path(__file__).resolve().parent / "data"


def path(name: str) -> pathlib.Path:
    """The path of a bundled data file."""
    p = DATA_DIR / name
    if not p.exists():
        raise FileNotFoundError(
            f"no bundled file {name!r}; files: {', '.join(sorted(x.name for x in DATA_DIR.iterdir()))}"
        )
    return p
