"""Several published releases of one inventory, side by side."""

from __future__ import annotations

from typing import Dict, List, Mapping, Optional

import numpy as np
import pandas as pd

from .inventory import Inventory


class Releases:
    """Several published releases of one municipality's inventory, side by
    side. Every release recalculates history, so the same year can differ
    between releases; :meth:`diff` says where and by how much."""

    def __init__(self, releases: Optional[Mapping[str, Inventory]] = None):
        self._releases: Dict[str, Inventory] = dict(releases or {})

    def add(self, name: str, inventory: Inventory) -> None:
        if name in self._releases:
            raise ValueError(f"a release named {name!r} is already kept")
        self._releases[name] = inventory

    def __getitem__(self, name: str) -> Inventory:
        return self._releases[name]

    def __len__(self) -> int:
        return len(self._releases)

    @property
    def names(self) -> List[str]:
        return list(self._releases)

    def diff(self, old: str, new: str, *, by: str = "sector", tolerance: float = 0.0) -> pd.DataFrame:
        """Rows (year, sector or source) whose value differs between two
        releases by more than ``tolerance`` t CO2e, or that exist in only
        one: columns old, new, change_tonnes, change_pct, status
        ("changed", "added", "removed")."""
        a = self._releases[old]._by(by)
        b = self._releases[new]._by(by)
        a.attrs, b.attrs = {}, {}
        a, b = a.stack(), b.stack()
        a.name, b.name = "old", "new"
        df = pd.concat([a, b], axis=1)
        df["change_tonnes"] = df["new"] - df["old"]
        df["change_pct"] = df["change_tonnes"] / df["old"].where(df["old"] != 0).abs() * 100.0
        df["status"] = np.select([df["old"].isna(), df["new"].isna()], ["added", "removed"], default="changed")
        keep = df["old"].isna() | df["new"].isna() | (df["change_tonnes"].abs() > tolerance)
        out = df[keep].reorder_levels([1, 0]).sort_index()
        out.index.names = ["year", by]
        return out
