"""Hostile input for the readers (issue 13, the parsers' part): encodings,
file names that are not UTF-8, pipes, numbers, IAMC years and shapes, the
round trip of unknowns, overflow. Expected values are worked out by hand."""

import json
import math
import os
import pathlib
import sys
import threading

import numpy as np
import pandas as pd
import pytest

import ghgtrack

H = "year,sector,source,gas,value,unit,metric,notation\n"
ROWS = "2009,Jordbruk,Gjødsel,N2O,5.5,t CO2e,AR5GWP100,\n2010,Jordbruk,Gjødsel,N2O,NE,t CO2e,AR5GWP100,\n"


def write(tmp_path, name, data: bytes) -> pathlib.Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# -- encodings ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_and_bom_files_read_like_utf8(tmp_path, encoding):
    data = (H + ROWS).encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    inv = ghgtrack.read_csv(write(tmp_path, "u.csv", data))
    assert inv.sources == ["Jordbruk / Gjødsel"]
    assert float(inv.total(2009)) == 5.5
    assert inv.total(2010).incomplete


def test_cp1252_label_is_an_input_error_at_read_time(tmp_path):
    p = write(tmp_path, "k.csv", (H + ROWS).encode("cp1252"))
    with pytest.raises(ghgtrack.InputError) as info:
        ghgtrack.read_csv(p)
    e = info.value
    assert (e.row, e.column) == (2, "source")
    assert "k.csv" in e.origin and "0xF8" in str(e) and "encoding" in str(e)
    assert "Gj\\xF8dsel" in str(e)  # the bytes, escaped: the message is valid text
    str(e).encode("utf-8")


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_declared_encoding_reads_the_labels(tmp_path, encoding):
    p = write(tmp_path, "k.csv", (H + ROWS).encode(encoding))
    inv = ghgtrack.read_csv(p, encoding=encoding)
    assert inv.sources == ["Jordbruk / Gjødsel"]
    assert float(inv.total(2009)) == 5.5


def test_wrong_declared_encoding_names_row_column_bytes(tmp_path):
    p = write(tmp_path, "k.csv", (H + ROWS).encode("cp1252"))
    with pytest.raises(ghgtrack.InputError) as info:
        ghgtrack.read_csv(p, encoding="ascii")
    e = info.value
    assert (e.row, e.column) == (2, "source")
    assert "0xF8" in str(e) and "ascii" in str(e)
    with pytest.raises(ghgtrack.ArgumentError, match="codec"):
        ghgtrack.read_csv(p, encoding="no-such-codec")


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux")
def test_file_name_that_is_not_utf8(tmp_path):
    raw = os.fsencode(tmp_path) + b"/r\xf8ros.csv"
    with open(raw, "wb") as f:
        f.write((H + ROWS).encode("utf-8"))
    for path in (raw, os.fsdecode(raw)):
        inv = ghgtrack.read_csv(path)
        assert float(inv.total(2009)) == 5.5
        inv.to_csv(path)  # written back under the same name
    bad = os.fsencode(tmp_path) + b"/d\xe5rlig.csv"
    with open(bad, "wb") as f:
        f.write((H + "2009,S,a,CO2,lots,,,\n").encode())
    with pytest.raises(ghgtrack.InputError) as info:
        ghgtrack.read_csv(os.fsdecode(bad))
    assert "d\\xE5rlig.csv, row 2, column 'value', value 'lots'" in str(info.value)
    assert os.fsencode(info.value.origin) == bad  # the attribute gives the path back


# -- unknown sizes ---------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_pipe_is_read_to_the_end(tmp_path):
    fifo = tmp_path / "in.csv"
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "wb") as f:
            f.write((H + ROWS).encode())

    t = threading.Thread(target=feed)
    t.start()
    inv = ghgtrack.read_csv(fifo)
    t.join()
    assert float(inv.total(2009)) == 5.5


def test_zero_size_proc_file_is_not_empty():
    # /proc/self/status reports size 0 but has content: read, then refused
    # for what it is (not a tidy CSV header), never as "empty".
    with pytest.raises(ghgtrack.InputError) as info:
        ghgtrack.read_csv("/proc/self/status")
    assert info.value.row == 1 and "empty" not in str(info.value)


# -- numbers -------------------------------------------------------------------------------------


def test_overflowing_total_is_flagged_and_never_printed_as_nan(tmp_path):
    p = write(
        tmp_path,
        "big.csv",
        (H + "2009,S,a,CO2,1e308,,,\n2009,S,b,CO2,1e308,,,\n2010,S,a,CO2,1,,,\n2010,S,b,CO2,2,,,\n").encode(),
    )
    inv = ghgtrack.read_csv(p)
    t = inv.total(2009)
    assert math.isnan(t) and t.incomplete
    assert float(inv.total(2010)) == 3.0 and not inv.total(2010).incomplete
    assert (2009) in inv.total().attrs["incomplete"]
    from ghgtrack._json import dumps

    text = dumps({"total": float(t)})

    def no_constants(name):
        raise AssertionError(f"{name} in the JSON: {text}")

    assert json.loads(text, parse_constant=no_constants)["total"] is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("year;sector;source;gas;value\n2009;S;a;CO2;1,234\n", 1.234),
        ("year,sector,source,gas,value\n2009,S,a,CO2,1.234\n", 1.234),
        ("year;sector;source;gas;value\n2009;S;a;CO2;1234.567\n", 1234.567),
        ("year;sector;source;gas;value\n2009;S;a;CO2;1.234,5\n", 1234.5),
    ],
)
def test_lone_separator_rule_reads(tmp_path, text, expected):
    assert float(ghgtrack.read_csv(write(tmp_path, "n.csv", text.encode())).total(2009)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "year;sector;source;gas;value\n2009;S;a;CO2;1.234\n",
        'year,sector,source,gas,value\n2009,S,a,CO2,"1,234"\n',
    ],
)
def test_lone_separator_rule_refuses_the_other_mark(tmp_path, text):
    with pytest.raises(ghgtrack.InputError, match="row 2, column 'value'.*ambiguous"):
        ghgtrack.read_csv(write(tmp_path, "n.csv", text.encode()))


def test_metric_names_ignore_case_in_csv_and_iamc(tmp_path):
    p = write(tmp_path, "m.csv", (H + "2009,S,a,CO2,1,,AR5GWP100,\n2010,S,a,CO2,2,,ar5gwp100,\n").encode())
    assert ghgtrack.read_csv(p).metric == "AR5GWP100"
    iamc = (
        "Model,Scenario,Region,Variable,Unit,Metric,2009\n"
        "m,s,Oslo,Emissions|S|a|CO2,t CO2e/yr,AR5GWP100,1\n"
        "m,s,Oslo,Emissions|S|b|CO2,t CO2e/yr,ar5gwp100,2\n"
    )
    inv = ghgtrack.read_iamc(write(tmp_path, "m_iamc.csv", iamc.encode()))
    assert inv.metric == "AR5GWP100" and float(inv.total(2009)) == 3.0


# -- IAMC ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["2009.7", "2009.5", "nan"])
def test_iamc_fractional_year_is_an_error(tmp_path, year):
    text = f"Model,Scenario,Region,Variable,Unit,{year}\nm,s,Oslo,Emissions|S|a|CO2,t CO2e/yr,1\n"
    with pytest.raises(ghgtrack.InputError) as info:
        ghgtrack.read_iamc(write(tmp_path, "y.csv", text.encode()))
    assert info.value.row == 1 and info.value.column == year


def test_iamc_fractional_year_in_frames_is_an_error():
    wide = pd.DataFrame(
        {
            "model": ["m"],
            "scenario": ["s"],
            "region": ["Oslo"],
            "variable": ["Emissions|S|a|CO2"],
            "unit": ["t CO2e/yr"],
            2009.7: [1.0],
        }
    )
    with pytest.raises(ghgtrack.InputError, match="whole number"):
        ghgtrack.read_iamc(wide)
    long = wide.drop(columns=[2009.7]).assign(year=[2009.7], value=[1.0])
    with pytest.raises(ghgtrack.InputError, match="row 2, column 'year', value '2009.7'"):
        ghgtrack.read_iamc(long)


def test_iamc_text_is_read_exactly(tmp_path):
    # Numbers reach the core as written: 0.1 + 0.2 is summed from the
    # decimal texts, and a value with 17 significant digits keeps them all.
    text = "Model,Scenario,Region,Variable,Unit,2009\nm,s,Oslo,Emissions|S|a|CO2,t CO2e/yr,0.30000000000000004\n"
    inv = ghgtrack.read_iamc(write(tmp_path, "x.csv", text.encode()))
    assert float(inv.total(2009)) == 0.30000000000000004


def test_iamc_cp1252_and_declared_encoding(tmp_path):
    text = "Model,Scenario,Region,Variable,Unit,2009\nm,s,Oslo,Emissions|Jordbruk|Gjødsel|N2O,t CO2e/yr,1\n"
    p = write(tmp_path, "c.csv", text.encode("cp1252"))
    with pytest.raises(ghgtrack.InputError) as info:
        ghgtrack.read_iamc(p)
    assert (info.value.row, info.value.column) == (2, "Variable")
    assert ghgtrack.read_iamc(p, encoding="cp1252").sources == ["Jordbruk / Gjødsel"]
    assert ghgtrack.read_iamc(write(tmp_path, "u.csv", text.encode("utf-16"))).sources == ["Jordbruk / Gjødsel"]


def test_iamc_all_empty_variable_stays_unknown(tmp_path):
    text = (
        "Model,Scenario,Region,Variable,Unit,2009,2010\n"
        "m,s,Oslo,Emissions|S|a|CO2,t CO2e/yr,1,2\n"
        "m,s,Oslo,Emissions|S|b|CH4,t CO2e/yr,,\n"
    )
    inv = ghgtrack.read_iamc(write(tmp_path, "e.csv", text.encode()))
    assert "S / b" in inv.sources
    assert inv.total(2009).incomplete and inv.total(2010).incomplete
    assert float(inv.total(2009)) == 1.0


# -- round trips of unknowns --------------------------------------------------------------------


def test_source_with_only_missing_survives_frame_and_csv(tmp_path):
    p = write(tmp_path, "m.csv", (H + "2009,S,a,CO2,1,,,\n2009,S,b,CH4,,,,MISSING\n2010,S,a,CO2,2,,,\n").encode())
    inv = ghgtrack.read_csv(p)
    assert inv.total(2009).incomplete
    df = inv.to_frame()
    # Source b: 2009 as given, and 2010, the gap the reader made (the
    # source has no other row from which a reader could re-create it).
    b = df[df["source"] == "b"]
    assert list(b["year"]) == [2009, 2010] and set(b["notation"]) == {"missing"}
    back = ghgtrack.Inventory.from_frame(df)
    assert back.total(2009).incomplete and back.sources == inv.sources
    inv.to_csv(tmp_path / "out.csv")
    again = ghgtrack.read_csv(tmp_path / "out.csv")
    assert again.total(2009).incomplete and again.sources == inv.sources
    assert np.array_equal(np.asarray(again._core.keys), np.asarray(inv._core.keys))
    iamc = ghgtrack.read_iamc(inv.to_iamc())
    assert iamc.total(2009).incomplete and "S / b" in iamc.sources


# -- xlsx -------------------------------------------------------------------------------------------


def test_xlsx_formula_without_cached_value():
    bad = pathlib.Path(__file__).resolve().parents[1] / "data" / "bad" / "p_xlsx_formula_value.xlsx"
    with pytest.raises(ghgtrack.InputError) as info:
        ghgtrack.read_miljodirektoratet(bad)
    assert (info.value.row, info.value.column) == (7, "value")
    assert "formula without a cached value (cell E7)" in str(info.value)
