"""The C API (include/ghgtrack/c/ghgtrack.h) from Python through ctypes,
calling the shared library directly (not the pybind11 module).

The library is looked for in build/release (scripts/test.sh builds it there)
or at $GHGTRACK_C_LIBRARY; the tests are skipped, saying how to build it,
when it is not there."""

import ctypes
import os
import pathlib
import re
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest

import ghgtrack
from ghgtrack import datasets

ROOT = pathlib.Path(__file__).resolve().parents[2]
OSLO_CSV = ROOT / "tests" / "data" / "oslo_tidy.csv"
OSLO_MEASURES = ROOT / "tests" / "data" / "oslo_measures_2023.csv"

OK, E_INPUT, E_ARGUMENT, E_UNKNOWN_LABEL, E_NO_SOLUTION, E_UNSUPPORTED = 0, 1, 2, 4, 5, 10


def _library_path():
    env = os.environ.get("GHGTRACK_C_LIBRARY")
    if env:
        return pathlib.Path(env)
    return ROOT / "build" / "release" / "src" / "c" / "libghgtrack_c.so.0"


class Inventory(ctypes.Structure):
    pass


class Target(ctypes.Structure):
    pass


class Tracking(ctypes.Structure):
    pass


P = ctypes.POINTER
c_int, c_uint, c_double, c_size, c_char_p = (
    ctypes.c_int,
    ctypes.c_uint,
    ctypes.c_double,
    ctypes.c_size_t,
    ctypes.c_char_p,
)

SIGNATURES = {
    "ghgtrack_abi_version": (c_uint, []),
    "ghgtrack_version_string": (c_char_p, []),
    "ghgtrack_last_error_message": (c_char_p, []),
    "ghgtrack_last_error_file": (c_char_p, []),
    "ghgtrack_last_error_row": (c_size, []),
    "ghgtrack_last_error_column": (c_char_p, []),
    "ghgtrack_last_error_value": (c_char_p, []),
    "ghgtrack_free_array": (None, [ctypes.c_void_p]),
    "ghgtrack_inventory_read_csv": (c_int, [c_char_p, c_uint, P(P(Inventory))]),
    "ghgtrack_inventory_read_csv_text": (c_int, [c_char_p, c_size, c_char_p, P(P(Inventory))]),
    "ghgtrack_inventory_read_xlsx": (c_int, [c_char_p, c_char_p, P(P(Inventory))]),
    "ghgtrack_inventory_free": (None, [P(Inventory)]),
    "ghgtrack_inventory_years": (c_int, [P(Inventory), P(P(c_int)), P(c_size)]),
    "ghgtrack_inventory_total": (c_int, [P(Inventory), P(P(c_double)), P(P(ctypes.c_uint8)), P(c_size)]),
    "ghgtrack_inventory_total_in_year": (c_int, [P(Inventory), c_int, P(c_double), P(ctypes.c_uint8)]),
    "ghgtrack_inventory_by_sector": (
        c_int,
        [P(Inventory), P(P(c_double)), P(P(ctypes.c_uint8)), P(c_size), P(c_size)],
    ),
    "ghgtrack_inventory_sector": (c_int, [P(Inventory), c_size, P(c_char_p)]),
    "ghgtrack_target_parse": (c_int, [c_char_p, c_int, P(Inventory), P(P(Target))]),
    "ghgtrack_target_free": (None, [P(Target)]),
    "ghgtrack_track": (c_int, [P(Inventory), P(Target), c_int, c_int, c_int, c_double, P(P(Tracking))]),
    "ghgtrack_tracking_free": (None, [P(Tracking)]),
    "ghgtrack_tracking_status": (c_int, [P(Tracking), P(c_int)]),
    "ghgtrack_tracking_state_name": (c_char_p, [c_int]),
    "ghgtrack_tracking_series": (
        c_int,
        [P(Tracking), P(P(c_int)), P(P(c_double)), P(P(c_double)), P(P(c_double)), P(c_size)],
    ),
    "ghgtrack_tracking_compound_rate": (c_int, [P(Tracking), P(c_double)]),
    "ghgtrack_tracking_budget": (c_int, [P(Tracking), P(c_double), P(c_double), P(c_double)]),
    "ghgtrack_target_probability": (
        c_int,
        [
            P(Tracking),
            c_size,
            P(c_double),
            P(c_double),
            P(c_double),
            P(c_double),
            c_size,
            ctypes.c_uint64,
            c_uint,
            P(c_double),
            P(c_double),
        ],
    ),
    "ghgtrack_lmdi": (
        c_int,
        [
            c_size,
            c_size,
            P(c_double),
            P(c_double),
            c_uint,
            P(c_double),
            P(c_double),
            P(c_int),
            P(c_double),
            P(c_double),
        ],
    ),
}


@pytest.fixture(scope="module")
def lib():
    path = _library_path()
    if not path.exists():
        pytest.skip(
            f"the C API library {path} is not built: run `cmake --preset release && cmake --build --preset release "
            "--target ghgtrack_c` (scripts/test.sh does), or set GHGTRACK_C_LIBRARY"
        )
    so = ctypes.CDLL(str(path))
    for name, (res, args) in SIGNATURES.items():
        f = getattr(so, name)
        f.restype = res
        f.argtypes = args
    return so


def _check(lib, status):
    assert status == OK, lib.ghgtrack_last_error_message().decode()


@pytest.fixture
def oslo(lib):
    inv = P(Inventory)()
    _check(lib, lib.ghgtrack_inventory_read_csv(str(OSLO_CSV).encode(), 1, ctypes.byref(inv)))
    yield inv
    lib.ghgtrack_inventory_free(inv)


def _track(lib, inv, text, base_year=2009):
    t = P(Target)()
    _check(lib, lib.ghgtrack_target_parse(text.encode(), base_year, inv, ctypes.byref(t)))
    r = P(Tracking)()
    _check(lib, lib.ghgtrack_track(inv, t, 0, 0, 0, 0.95, ctypes.byref(r)))
    lib.ghgtrack_target_free(t)
    return r


def test_abi_and_version(lib):
    assert lib.ghgtrack_abi_version() == 1
    assert lib.ghgtrack_version_string().decode() == ghgtrack.__version__


def test_oslo_totals_match_the_published_figures_and_the_xlsx(lib, oslo):
    # Published (Miljødirektoratet, 2025 release): 1,388,245.6 t in 2009 and
    # 944,853.2 t in 2024.
    v = c_double()
    _check(lib, lib.ghgtrack_inventory_total_in_year(oslo, 2009, ctypes.byref(v), None))
    assert v.value == pytest.approx(1388245.6, abs=1e-6)
    _check(lib, lib.ghgtrack_inventory_total_in_year(oslo, 2024, ctypes.byref(v), None))
    assert v.value == pytest.approx(944853.2, abs=1e-6)
    # Every year and sector as the Python package reads the workbook itself.
    years, n = P(c_int)(), c_size()
    _check(lib, lib.ghgtrack_inventory_years(oslo, ctypes.byref(years), ctypes.byref(n)))
    ys = [years[i] for i in range(n.value)]
    values, flags, n_years = P(c_double)(), P(ctypes.c_uint8)(), c_size()
    _check(lib, lib.ghgtrack_inventory_total(oslo, ctypes.byref(values), ctypes.byref(flags), ctypes.byref(n_years)))
    try:
        totals = pd.Series([values[i] for i in range(n_years.value)], index=ys)
    finally:
        lib.ghgtrack_free_array(values)
        lib.ghgtrack_free_array(flags)
    expected = datasets.oslo().total()
    assert list(totals.index) == list(expected.index)
    np.testing.assert_allclose(totals.to_numpy(), expected.to_numpy(), rtol=0, atol=1e-6)

    n_sec, n_col = c_size(), c_size()
    _check(
        lib,
        lib.ghgtrack_inventory_by_sector(oslo, ctypes.byref(values), None, ctypes.byref(n_sec), ctypes.byref(n_col)),
    )
    try:
        grid = (
            np.ctypeslib.as_array(values, shape=(n_sec.value * n_col.value,)).reshape(n_sec.value, n_col.value).copy()
        )
    finally:
        lib.ghgtrack_free_array(values)
    names = []
    for s in range(n_sec.value):
        name = c_char_p()
        _check(lib, lib.ghgtrack_inventory_sector(oslo, s, ctypes.byref(name)))
        names.append(name.value.decode())
    by_sector = datasets.oslo().by_sector()
    assert names == list(by_sector.index)
    np.testing.assert_allclose(grid, by_sector.to_numpy(), rtol=0, atol=1e-6)


def test_oslo_tracking(lib, oslo):
    r = _track(lib, oslo, "2030:-95%")
    try:
        state = c_int()
        _check(lib, lib.ghgtrack_tracking_status(r, ctypes.byref(state)))
        status = lib.ghgtrack_tracking_state_name(state.value).decode()
        print(f"Oslo vs 2030:-95%: {status}")
        years, actual, path, gap, n = P(c_int)(), P(c_double)(), P(c_double)(), P(c_double)(), c_size()
        _check(
            lib,
            lib.ghgtrack_tracking_series(
                r, ctypes.byref(years), ctypes.byref(actual), ctypes.byref(path), ctypes.byref(gap), ctypes.byref(n)
            ),
        )
        last = n.value - 1
        assert years[last] == 2024
        # By hand: linear from 1,388,245.6 t (2009) to 5 % of it in 2030.
        assert path[last] == pytest.approx(1388245.6 * (1 - 0.95 * 15 / 21), abs=1e-6)
        assert gap[last] == pytest.approx(944853.2 - 1388245.6 * (1 - 0.95 * 15 / 21), abs=1e-6)
        rate = c_double()
        _check(lib, lib.ghgtrack_tracking_compound_rate(r, ctypes.byref(rate)))
        assert rate.value == pytest.approx((944853.2 / 1388245.6) ** (1 / 15) - 1, rel=1e-12)
        budget, spent, remaining = c_double(), c_double(), c_double()
        _check(lib, lib.ghgtrack_tracking_budget(r, ctypes.byref(budget), ctypes.byref(spent), ctypes.byref(remaining)))
        assert budget.value == pytest.approx(spent.value + remaining.value)
        # The same answers as the Python package gives.
        py = ghgtrack.track(datasets.oslo(), ghgtrack.Target.parse("2030:-95%", base_year=2009), nowcast_until=2024)
        assert status == str(py.core.status)
        assert budget.value == pytest.approx(py.core.budget, rel=1e-12)
        assert spent.value == pytest.approx(py.core.spent, rel=1e-12)
    finally:
        lib.ghgtrack_tracking_free(r)


def test_probability_matches_the_python_layer(lib, oslo):
    r = _track(lib, oslo, "2030:-40%")
    try:
        base, latest = 1388245.6, 944853.2
        arr = lambda v: (c_double * 1)(v)  # noqa: E731
        met, holds = c_double(-1), c_double(-1)
        _check(
            lib,
            lib.ghgtrack_target_probability(
                r, 1, arr(base), arr(latest), arr(0.05), arr(0.10), 4000, 7, 1, ctypes.byref(met), ctypes.byref(holds)
            ),
        )
        cats = pd.DataFrame(
            {"base": [base], "latest": [latest], "ad_uncertainty_pct": [5.0], "ef_uncertainty_pct": [10.0]}
        )
        py = ghgtrack.uncertainty.probability_of_target(
            datasets.oslo(), ghgtrack.Target.parse("2030:-40%", base_year=2009), cats, iterations=4000, seed=7
        )
        assert 0.0 < met.value < 1.0 and 0.0 <= holds.value <= 1.0
        assert met.value == py.probability_met
        assert holds.value == py.probability_budget
    finally:
        lib.ghgtrack_tracking_free(r)


def test_lmdi_by_hand(lib):
    # V = 2x3 + 1x4 = 10 -> 2x6 + 1x4 = 16: all of the change is factor 1.
    x0 = (c_double * 4)(2.0, 3.0, 1.0, 4.0)
    xt = (c_double * 4)(2.0, 6.0, 1.0, 4.0)
    add, mul, defined = (c_double * 2)(), (c_double * 2)(), c_int()
    _check(lib, lib.ghgtrack_lmdi(2, 2, x0, xt, 1, add, mul, ctypes.byref(defined), None, None))
    assert list(add) == pytest.approx([0.0, 6.0], abs=1e-12)
    assert mul[0] * mul[1] == pytest.approx(1.6)
    assert defined.value == 1


def test_errors_are_statuses_with_details(lib):
    inv = P(Inventory)()
    text = b"year,sector,source,gas,value\n2009,T,Cars,CO2,1\n2010,T,Cars,CO2,abc\n"
    assert lib.ghgtrack_inventory_read_csv_text(text, len(text), b"mem.csv", ctypes.byref(inv)) == E_INPUT
    assert not inv
    assert lib.ghgtrack_last_error_file() == b"mem.csv"
    assert lib.ghgtrack_last_error_row() == 3
    assert lib.ghgtrack_last_error_column() == b"value"
    assert lib.ghgtrack_last_error_value() == b"abc"
    t = P(Target)()
    assert lib.ghgtrack_target_parse(b"2030:67%", 2009, None, ctypes.byref(t)) == E_ARGUMENT
    assert b"2030:-67%" in lib.ghgtrack_last_error_message()
    assert lib.ghgtrack_target_parse(None, 2009, None, ctypes.byref(t)) == E_ARGUMENT
    assert lib.ghgtrack_inventory_read_xlsx(b"x.xlsx", None, ctypes.byref(inv)) == E_INPUT
    assert b"x.xlsx" in lib.ghgtrack_last_error_message()


def test_xlsx_reads_the_bundled_workbook_as_python_does(lib):
    # The same C++ reader behind both: Oslo's 2009 total, 1,388,245.6 t CO2e
    # (Miljødirektoratet, bundled release), and every year's total equal.
    path = pathlib.Path(ghgtrack.__file__).parent / "data" / "Utslippsregnskap_Oslo.xlsx"
    inv = P(Inventory)()
    _check(lib, lib.ghgtrack_inventory_read_xlsx(str(path).encode(), None, ctypes.byref(inv)))
    try:
        v = c_double()
        _check(lib, lib.ghgtrack_inventory_total_in_year(inv, 2009, ctypes.byref(v), None))
        assert v.value == pytest.approx(1_388_245.6, abs=0.05)
        py = ghgtrack.read_miljodirektoratet(path).total()
        for year, total in py.items():
            _check(lib, lib.ghgtrack_inventory_total_in_year(inv, int(year), ctypes.byref(v), None))
            assert v.value == total
    finally:
        lib.ghgtrack_inventory_free(inv)


def test_unknown_year_is_unknown_label(lib, oslo):
    v = c_double()
    assert lib.ghgtrack_inventory_total_in_year(oslo, 1990, ctypes.byref(v), None) == E_UNKNOWN_LABEL
    assert b"1990" in lib.ghgtrack_last_error_message()


def test_java_ffm_needs_jdk_22():
    java = shutil.which("java")
    if java is None:
        pytest.skip("no java found; the Java FFM example needs a JDK >= 22")
    out = subprocess.run([java, "-version"], capture_output=True, text=True)
    text = out.stderr + out.stdout
    m = re.search(r'version "(\d+)', text)
    major = int(m.group(1)) if m else 0
    if major < 22:
        pytest.skip(f"Java FFM needs a JDK >= 22; found java {major}")
    pytest.skip(f"a JDK {major} is present, but the Java FFM example is not written yet")
