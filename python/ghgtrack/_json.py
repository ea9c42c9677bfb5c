"""The versioned JSON contract of the command line (a leaf helper: no other
ghgtrack module is imported here).

Every JSON document the CLI prints carries ``"schema": "<name>/<major>"``
(e.g. ``"ghgtrack.report/1"``); the JSON Schema files beside this module in
``schemas/`` describe each one (docs/json.md documents them).

JSON has no NaN or Infinity: a number that is not finite, or that is not
known, is written as ``null`` and its reason is listed in the document's
``"nulls"`` member as ``{"path": <JSON pointer>, "reason": <text>}``
(RFC 6901 pointers, e.g. ``"/total/change_pct"``). Use :class:`Null` to give
the reason where the value is made; a NaN or an infinity met without one
gets a generic reason naming what it was.
"""

from __future__ import annotations

import json
import math
import os
from typing import IO, Any, Dict, List

REPORT = "ghgtrack.report/1"
GWP = "ghgtrack.gwp/1"
ERROR = "ghgtrack.error/1"
PLAN = "ghgtrack.plan/1"

SCHEMA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemas")


class Null:
    """A value written as ``null``, with the reason listed in ``"nulls"``."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"Null({self.reason!r})"


def number(x: Any, reason: str) -> Any:
    """``float(x)`` when it is a finite number; otherwise ``Null(reason)``
    (None, NaN and +-inf alike)."""
    if isinstance(x, Null):
        return x
    if x is None:
        return Null(reason)
    v = float(x)
    return v if math.isfinite(v) else Null(reason)


def _pointer_token(key: Any) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _nonfinite_reason(v: float) -> str:
    if math.isnan(v):
        return "not a number (NaN) in the computation"
    return "infinite (+Infinity)" if v > 0 else "infinite (-Infinity)"


def clean(payload: Any) -> Any:
    """A copy of ``payload`` with every :class:`Null`, NaN and infinity
    replaced by None; when ``payload`` is a dict and any such value was met,
    their JSON pointers and reasons are added to it as ``"nulls"`` (appended
    to a ``"nulls"`` list already there). Tuples become lists; numpy scalars
    become Python numbers."""
    nulls: List[Dict[str, str]] = []

    def walk(x: Any, path: str) -> Any:
        if isinstance(x, Null):
            nulls.append({"path": path, "reason": x.reason})
            return None
        if isinstance(x, dict):
            return {str(k): walk(v, f"{path}/{_pointer_token(k)}") for k, v in x.items()}
        if isinstance(x, (list, tuple)):
            return [walk(v, f"{path}/{i}") for i, v in enumerate(x)]
        if isinstance(x, bool) or x is None or isinstance(x, str):
            return x
        if isinstance(x, int):
            return x
        if hasattr(x, "item") and callable(x.item):  # numpy scalar
            return walk(x.item(), path)
        if isinstance(x, float):
            if not math.isfinite(x):
                nulls.append({"path": path, "reason": _nonfinite_reason(x)})
                return None
            return x
        return str(x)

    out = walk(payload, "")
    if isinstance(out, dict) and nulls:
        out["nulls"] = list(out.get("nulls") or []) + nulls
    return out


def dumps(payload: Any) -> str:
    """The cleaned payload as indented JSON text (UTF-8 kept as is); raises
    ValueError if a non-finite number were still there."""
    return json.dumps(clean(payload), indent=2, ensure_ascii=False, allow_nan=False)


def dump(payload: Any, stream: IO[str]) -> None:
    """Writes :func:`dumps` and a newline to ``stream``."""
    stream.write(dumps(payload))
    stream.write("\n")


def schema_path(schema_id: str) -> str:
    """The JSON Schema file of ``schema_id`` (e.g. ``"ghgtrack.report/1"``
    -> ``schemas/report.schema.json``)."""
    name, _, major = schema_id.partition("/")
    if not name.startswith("ghgtrack.") or major != "1":
        raise ValueError(f"unknown schema id {schema_id!r} (known: {REPORT}, {GWP}, {ERROR}, {PLAN})")
    return os.path.join(SCHEMA_DIR, f"{name[len('ghgtrack.') :]}.schema.json")


def load_schema(schema_id: str) -> Dict[str, Any]:
    """The JSON Schema of ``schema_id`` as a dict."""
    with open(schema_path(schema_id), encoding="utf-8") as f:
        return json.load(f)
