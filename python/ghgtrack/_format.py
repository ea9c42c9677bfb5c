"""One number format per language, used by the terminal report, the HTML page,
the charts and the notebook displays.

- English (``"en"``): ``132,997 t``, ``944.9 kt``, ``-67.0 %``.
- Bokmål (``"no"``): ``132 997 t``, ``944,9 kt``, ``-67,0 %`` (a space between
  thousands and a decimal comma, as Språkrådet and SSB write numbers).

A missing value (None or NaN) reads "–" in both languages: it is never shown
as 0.
"""

from __future__ import annotations

import math
from typing import Any, Optional

LANGUAGES = ("en", "no")
MISSING = "–"
# U+2212 would be typographically nicer, but a plain hyphen-minus keeps the
# figures copy-pasteable into spreadsheets.


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return lang


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def number(v: Optional[float], digits: int = 0, lang: str = "en", sign: bool = False) -> str:
    """``v`` with thousands grouped and ``digits`` decimals in ``lang``'s format."""
    _check_lang(lang)
    if _missing(v):
        return MISSING
    if isinstance(v, float) and math.isinf(v):
        return "∞" if v > 0 else "-∞"
    x = float(v)
    if round(x, digits) == 0:
        x = 0.0  # never "-0.0"
    text = f"{x:{'+' if sign else ''},.{digits}f}"
    if lang == "no":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def tonnes(v: Optional[float], lang: str = "en", digits: int = 0) -> str:
    """Tonnes CO2e with the unit: ``132,997 t`` / ``132 997 t``."""
    s = number(v, digits, lang)
    return s if s == MISSING else f"{s} t"


def kilotonnes(v_tonnes: Optional[float], lang: str = "en", digits: int = 1) -> str:
    """A value in tonnes shown in kt: ``944.9 kt`` / ``944,9 kt``."""
    if _missing(v_tonnes):
        return MISSING
    return f"{number(float(v_tonnes) / 1000.0, digits, lang)} kt"


def mass(v_tonnes: Optional[float], lang: str = "en") -> str:
    """Tonnes in the unit a reader takes in at a glance: t below 10,000 t,
    kt with one decimal up to 10 Mt, then Mt with one decimal."""
    if _missing(v_tonnes):
        return MISSING
    a = abs(float(v_tonnes))
    if a < 1e4:
        return tonnes(v_tonnes, lang)
    if a < 1e7:
        return kilotonnes(v_tonnes, lang)
    return f"{number(float(v_tonnes) / 1e6, 1, lang)} Mt"


def percent(v_percent: Optional[float], lang: str = "en", digits: int = 1, sign: bool = True) -> str:
    """A value already in per cent: ``-67.0 %`` / ``-67,0 %``."""
    s = number(v_percent, digits, lang, sign=sign)
    return s if s == MISSING else f"{s}\u00a0%"


def fraction(v_fraction: Optional[float], lang: str = "en", digits: int = 1, sign: bool = True) -> str:
    """A signed fraction (-0.67) shown in per cent (``-67.0 %``)."""
    if _missing(v_fraction):
        return MISSING
    return percent(float(v_fraction) * 100.0, lang, digits, sign)


def change(old: Optional[float], new: Optional[float], lang: str = "en", digits: int = 1, zero: float = 0.0) -> str:
    """The relative change from ``old`` to ``new``; from zero it reads "new"
    ("ny"), to zero (or from and to zero) "–", never -100 % or a division by
    zero. ``zero``: magnitudes below it count as zero, so that a table
    showing whole tonnes (``zero=0.5``) never prints "0 → 0, -100 %"."""
    if _missing(old) or _missing(new):
        return MISSING
    o, n = float(old), float(new)
    o_zero, n_zero = abs(o) <= zero if zero else o == 0, abs(n) <= zero if zero else n == 0
    if o_zero:
        return MISSING if n_zero else ("ny" if lang == "no" else "new")
    if n_zero:
        return MISSING
    return percent((n - o) / abs(o) * 100.0, lang, digits)
