"""The malformed-input corpus (tests/data/bad, made by make_bad_corpus.py):
every file gives an InputError that names the file and says where and what;
none crashes, none is read as if it were fine."""

import warnings
import zipfile

import pytest
from bad_corpus import BAD, FILE_READERS, call, parse_reader
from bad_corpus import CASES as ALL_CASES

import ghgtrack

# The cases an input reader refuses (InputError naming the file); the
# others (targets, series, uncertainty, CLI) are in test_every_entry_point.py.
CASES = [c for c in ALL_CASES if parse_reader(c["reader"])[0] in FILE_READERS]


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_file_gives_clear_error(case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ghgtrack.DataWarning)
        with pytest.raises(ghgtrack.InputError) as info:
            call(case)
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

    assert main(["report", str(BAD / "xlsx_unknown_gas.xlsx")]) == 3  # input data error (docs/json.md)
    err = capsys.readouterr().err
    assert "row 5, column 'gas', value 'Ozon'" in err


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_every_error_carries_its_location_as_attributes(case):
    # One C++ ingestion path: whichever reader found the problem, the error
    # has .origin, .row, .column and .value, and the message is the core's.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ghgtrack.DataWarning)
        with pytest.raises(ghgtrack.InputError) as info:
            call(case)
    e = info.value
    assert case["file"] in e.origin
    assert isinstance(e.row, int) and isinstance(e.column, str) and isinstance(e.value, str)
    if e.row:
        assert f"row {e.row}" in str(e)


def test_xlsx_cell_errors_name_row_column_value():
    # Row 7 of the detail sheet holds the text 'mye' where a number belongs.
    with pytest.raises(ghgtrack.InputError) as info:
        ghgtrack.read_miljodirektoratet(BAD / "xlsx_text_value.xlsx")
    assert (info.value.row, info.value.column, info.value.value) == (7, "value", "mye")


def test_frame_errors_name_row_column_value():
    import pandas as pd

    df = pd.DataFrame(
        {
            "year": [2020, 2020, 2021],
            "sector": ["S"] * 3,
            "source": ["a", "b", "a"],
            "gas": ["CO2", "Ozon", "CO2"],
            "value": [1.0, 2.0, 3.0],
        }
    )
    with pytest.raises(ghgtrack.InputError) as info:
        ghgtrack.Inventory.from_frame(df, origin="frame")
    e = info.value
    assert (e.origin, e.row, e.column, e.value) == ("frame", 2, "gas", "Ozon")
    with pytest.raises(ghgtrack.InputError) as info:
        ghgtrack.Inventory.from_frame(df.assign(extra=1))
    assert info.value.row == 1 and info.value.column == "extra" and "unknown column" in str(info.value)
    with pytest.raises(ghgtrack.InputError) as info:
        ghgtrack.Inventory.from_frame(df.assign(gas="CO2", year=[2020, 2020.5, 2021]))
    assert (info.value.row, info.value.column, info.value.value) == (2, "year", "2020.5")


def _old_reader():
    """The openpyxl reader replaced in issue 11 (kept in bench/bench_xlsx.py)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_xlsx", BAD.parents[2] / "bench" / "bench_xlsx.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.old_read_miljodirektoratet


XLSX_CASES = [c for c in CASES if c["reader"] == "read_miljodirektoratet"]


@pytest.mark.parametrize("case", XLSX_CASES, ids=[c["file"] for c in XLSX_CASES])
def test_cpp_xlsx_reader_errors_identical_to_the_openpyxl_reader(case):
    # The same origin, row, column and value; the same message, which the
    # C++ reader may end with the cell ("(cell E7)"). Only why a file is not
    # a zip at all is worded by the zip library.
    path = str(BAD / case["file"])
    errors = []
    for reader in (_old_reader(), ghgtrack.read_miljodirektoratet):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ghgtrack.DataWarning)
            with pytest.raises(ghgtrack.InputError) as info:
                reader(path)
        errors.append(info.value)
    old, new = errors
    assert (new.origin, new.row, new.column, new.value) == (old.origin, old.row, old.column, old.value)
    if "not a readable xlsx workbook" in str(old):
        head = str(old).split("?)")[0]
        assert str(new).startswith(head), (str(new), str(old))
    elif "formula without a cached value" in str(new):
        # openpyxl gives such a cell as empty; the C++ reader says what it is (issue 13).
        assert ", value '': " in str(old), str(old)
    else:
        assert str(new).startswith(str(old)), (str(new), str(old))
        if old.row > 1 and old.column in ("year", "sector", "source", "gas", "value"):
            assert "(cell " in str(new)


def _workbook_with_sheet(tmp_path, name, sheet_xml, compress=zipfile.ZIP_DEFLATED):
    """A minimal workbook whose one sheet ('Oversikt - detaljert') is sheet_xml."""
    p = tmp_path / name
    with zipfile.ZipFile(p, "w", compress) as z:
        z.writestr(
            "xl/workbook.xml",
            '<workbook xmlns:r="r"><sheets><sheet name="Oversikt - detaljert" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return p


def test_zip_bomb_is_an_input_error(tmp_path):
    # 200 MB of spaces pack to ~0.2 MB: refused from the sizes the zip
    # declares, before anything is unpacked.
    sheet = "<worksheet><sheetData>" + " " * (200 << 20) + "</sheetData></worksheet>"
    p = _workbook_with_sheet(tmp_path, "bomb.xlsx", sheet)
    with pytest.raises(ghgtrack.InputError, match="zip bomb") as info:
        ghgtrack.read_miljodirektoratet(p)
    assert "bomb.xlsx" in str(info.value) and "compression ratio" in str(info.value)


def test_entities_are_refused(tmp_path):
    sheet = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>'
    )
    p = _workbook_with_sheet(tmp_path, "xxe.xlsx", sheet)
    with pytest.raises(ghgtrack.InputError, match="DTD") as info:
        ghgtrack.read_miljodirektoratet(p)
    assert "xxe.xlsx [Oversikt - detaljert]" in str(info.value)
