"""Mutation fuzzing of the Python-side readers: damaged workbooks and
frames must give InputError (or read, with a DataWarning at most), never
another exception. Deterministic (seeded)."""

import io
import random
import warnings
import zipfile

import numpy as np
import pytest

import ghgtrack
from ghgtrack import datasets

XLSX = datasets.path("Utslippsregnskap_Oslo.xlsx").read_bytes()


def _mutate_xml(rng: random.Random) -> bytes:
    """The workbook with one XML part of the detailed sheet edited."""
    src = zipfile.ZipFile(io.BytesIO(XLSX))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.endswith(("sheet3.xml", "sharedStrings.xml")) and rng.random() < 0.7:
                b = bytearray(data)
                for _ in range(rng.randint(1, 5)):
                    i = rng.randrange(len(b))
                    b[i] = rng.choice(b'<>/"0123456789.-x ')
                data = bytes(b)
            dst.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize("seed", range(12))
def test_damaged_workbooks(seed, tmp_path):
    rng = random.Random(seed)
    data = _mutate_xml(rng) if seed % 2 else bytearray(XLSX)
    if not seed % 2:
        for _ in range(3):
            i = rng.randrange(len(data))
            data[i] = rng.randrange(256)
    p = tmp_path / f"damaged_{seed}.xlsx"
    p.write_bytes(bytes(data))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ghgtrack.DataWarning)
        try:
            inv = ghgtrack.read_miljodirektoratet(p)
        except ghgtrack.InputError as e:
            assert str(p) in str(e)
        else:
            assert len(inv.years) > 0


@pytest.mark.parametrize("seed", range(20))
def test_damaged_frames(seed):
    rng = np.random.default_rng(seed)
    df = datasets.oslo().to_frame().head(200).copy()
    col = rng.choice(["year", "sector", "source", "gas", "value", "unit", "metric", "notation"])
    rows = rng.choice(len(df), size=3, replace=False)
    junk = rng.choice(["", "x", "NE", "-1e400", "1,5", None, "2009.5", "CO9", "AR9GWP100", "kg"])
    df[col] = df[col].astype(object)
    df.iloc[rows, df.columns.get_loc(col)] = junk
    # Every damage is caught by the C++ row check: an InputError (never a
    # pandas conversion error) naming one of the damaged rows (1-based).
    try:
        ghgtrack.Inventory.from_frame(df)
    except ghgtrack.InputError as e:
        assert e.row in {int(r) + 1 for r in rows}, (e, rows)
