"""The malformed-input corpus (tests/data/bad, made by make_bad_corpus.py):
every file gives an InputError that names the file and says where and what;
none crashes, none is read as if it were fine."""

import csv
import pathlib
import warnings

import pytest

import ghgtrack

BAD = pathlib.Path(__file__).resolve().parents[1] / "data" / "bad"
CASES = list(csv.DictReader(open(BAD / "expected.csv", encoding="utf-8")))


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_file_gives_clear_error(case):
    path = BAD / case["file"]
    reader = getattr(ghgtrack, case["reader"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ghgtrack.DataWarning)
        with pytest.raises(ghgtrack.InputError) as info:
            reader(str(path))
    msg = str(info.value)
    assert case["file"] in msg, msg  # names the file
    for fragment in case["expected"].split("|"):
        assert fragment in msg, f"{fragment!r} not in {msg!r}"


def test_input_error_carries_location():
    with pytest.raises(ghgtrack.InputError) as info:
        ghgtrack.read_csv(BAD / "non_numeric_value.csv")
    e = info.value
    assert e.row == 2 and e.column == "value" and e.value == "lots"
    assert e.origin.endswith("non_numeric_value.csv")
    assert isinstance(e, ValueError)


def test_cli_reports_bad_file(capsys):
    from ghgtrack.cli import main

    assert main(["report", str(BAD / "xlsx_unknown_gas.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "row 5, column 'gas', value 'Ozon'" in err
