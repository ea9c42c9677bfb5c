"""One number format per language (python/ghgtrack/_format.py). Expected
strings are written by hand from the conventions: English groups thousands
with a comma and uses a decimal point; bokmål groups with a (no-break) space
and uses a decimal comma (Språkrådet, "Tall og tallord")."""

import math

import pytest

from ghgtrack import _format as f

NB = "\u00a0"


def test_english():
    assert f.tonnes(132997.4) == "132,997 t"
    assert f.kilotonnes(944853.2) == "944.9 kt"
    assert f.fraction(-0.67) == f"-67.0{NB}%"
    assert f.mass(2.5e7) == "25.0 Mt"


def test_norwegian():
    assert f.tonnes(132997.4, "no") == f"132{NB}997 t"
    assert f.kilotonnes(944853.2, "no") == "944,9 kt"
    assert f.fraction(-0.67, "no") == f"-67,0{NB}%"


def test_missing_and_zero_changes():
    assert f.tonnes(None) == "–"
    assert f.tonnes(math.nan, "no") == "–"
    assert f.change(0.0, 0.0) == "–"
    assert f.change(0.0, 5.0) == "new"
    assert f.change(0.0, 5.0, "no") == "ny"
    assert f.change(200.0, 100.0) == f"-50.0{NB}%"
    assert f.number(-0.0001, 1) == "0.0"


def test_unknown_language():
    with pytest.raises(ValueError, match="use one of en, no"):
        f.tonnes(1.0, "de")
