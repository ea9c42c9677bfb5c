"""Property-based round trips (hypothesis): an inventory written as tidy
CSV, as a frame, or as IAMC and read back has the same numbers, exactly,
and the same unknowns (a total that was incomplete stays incomplete). Also
the IAMC reader on arbitrary text: an InputError or an inventory, never
another exception. Kept under ~20 s (max_examples, no deadline)."""

import math
import string

import numpy as np
import pandas as pd
import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import ghgtrack  # noqa: E402

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
KEYS = ["", "", "", "NO", "NE", "IE", "C", "NA", "missing"]
LABEL = st.text(alphabet=string.ascii_letters + "æøåÆØÅ ,;\"'-/().", min_size=1, max_size=12).filter(
    lambda s: s.strip() != "" and "|" not in s
)
VALUE = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.floats(min_value=-1e7, max_value=1e7, allow_nan=False),
    st.integers(min_value=-(10**9), max_value=10**9).map(float),
)


@st.composite
def frames(draw):
    cats = draw(
        st.lists(st.tuples(LABEL, LABEL), min_size=1, max_size=4, unique_by=lambda c: (c[0].strip(), c[1].strip()))
    )
    cats = [(a.strip(), b.strip()) for a, b in cats]
    gases = draw(st.lists(st.sampled_from(["CO2", "CH4", "N2O", "SF6"]), min_size=1, max_size=3, unique=True))
    years = draw(st.lists(st.integers(2000, 2012), min_size=1, max_size=4, unique=True))
    rows = []
    for sector, source in cats:
        for g in gases:
            for y in years:
                if not draw(st.booleans()):
                    continue
                key = draw(st.sampled_from(KEYS))
                value = draw(VALUE) if key == "" else np.nan
                rows.append((y, sector, source, g, value, key))
    if not rows:
        y, (sector, source), g = years[0], cats[0], gases[0]
        rows.append((y, sector, source, g, 1.0, ""))
    return pd.DataFrame(rows, columns=["year", "sector", "source", "gas", "value", "notation"])


def same_numbers(a, b):
    """Exactly the same entries: labels, values (bit for bit) and keys."""
    assert a.years == b.years
    assert a.sources == b.sources
    assert a.gases == b.gases
    assert np.array_equal(np.asarray(a._core.values), np.asarray(b._core.values))
    assert np.array_equal(np.asarray(a._core.keys), np.asarray(b._core.keys))


def same_totals(a, b):
    """The same totals by year (NaN for an overflow) and the same incompleteness."""
    ta, tb = a.total(), b.total()
    assert list(ta.index) == list(tb.index)
    for x, y in zip(ta.to_numpy(), tb.to_numpy()):
        assert (math.isnan(x) and math.isnan(y)) or x == y
    assert ta.attrs["incomplete"] == tb.attrs["incomplete"]


@SETTINGS
@given(frames())
def test_csv_round_trip(tmp_path, df):
    inv = ghgtrack.Inventory.from_frame(df)
    path = tmp_path / "rt.csv"
    inv.to_csv(path)
    same_numbers(inv, ghgtrack.read_csv(path))


@SETTINGS
@given(frames())
def test_frame_round_trip(df):
    inv = ghgtrack.Inventory.from_frame(df)
    same_numbers(inv, ghgtrack.Inventory.from_frame(inv.to_frame()))


@SETTINGS
@given(frames())
def test_iamc_round_trip(tmp_path, df):
    # IAMC has no notation keys: values and the unknowns survive (NE, C and
    # missing come back as missing; NO, IE, NA as 0), so totals and their
    # incompleteness are the same.
    inv = ghgtrack.Inventory.from_frame(df)
    path = tmp_path / "rt_iamc.csv"
    inv.to_iamc(path)
    back = ghgtrack.read_iamc(path)
    same_totals(inv, back)
    a, b = inv.to_frame(), back.to_frame()
    va = a[a["notation"] == ""].set_index(["year", "sector", "source", "gas"])["value"]
    vb = b.set_index(["year", "sector", "source", "gas"])["value"]
    assert (vb.reindex(va.index).to_numpy() == va.to_numpy()).all()


IAMC_SEED = (
    "Model,Scenario,Region,Variable,Unit,Metric,2009,2010\n"
    "m,s,Oslo,Emissions|Veitrafikk|Personbiler|CO2,t CO2e/yr,AR5GWP100,1.5,2\n"
    'm,s,Oslo,"Emissions|Jordbruk|Gjødsel, husdyr|N2O",kt CO2e/yr,AR5GWP100,,NE\n'
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(IAMC_SEED)),
            st.integers(0, 3),
            st.sampled_from(list(',|"\n\r.-+eE 0123456789øNaA\x00\xff')),
        )
    )
)
def test_iamc_reader_mutations(tmp_path, edits):
    text = IAMC_SEED
    for pos, kind, ch in edits:
        if kind == 0:
            text = text[:pos] + ch + text[pos + 1 :]
        elif kind == 1:
            text = text[:pos] + ch + text[pos:]
        elif kind == 2:
            text = text[:pos] + text[pos + 3 :]
        else:
            text = text[:pos]
    path = tmp_path / "fuzz_iamc.csv"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    try:
        ghgtrack.read_iamc(path)
    except ghgtrack.InputError as e:
        str(e).encode("utf-8")
