"""Property-based tests (hypothesis) of the scenario engine's promises
(docs/planning.md): the result does not depend on the order of the
measures, and without removals the total stays between zero and the
baseline (issue 13: property-based tests of scenario order-independence)."""

import pytest

pytest.importorskip("hypothesis")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import ghgtrack  # noqa: E402
from ghgtrack import Measure  # noqa: E402

CELLS = [("A", "a"), ("A", "b"), ("B", "a"), ("C", "c")]
YEARS = (2029, 2030, 2031)


def baseline(values):
    rows = [
        {"year": y, "sector": s, "source": src, "gas": "CO2", "value": v * (1.0 - 0.05 * k)}
        for k, y in enumerate(YEARS)
        for (s, src), v in zip(CELLS, values)
    ]
    return ghgtrack.Inventory.from_frame(pd.DataFrame(rows), metric="AR5GWP100")


measure = st.tuples(
    st.sampled_from(["A", "B", "C", "AB", "ABC"]),  # scope: sectors
    st.sampled_from(["cut", "absolute"]),
    st.floats(0.01, 0.95),  # a cut, or a share of 300 t for an absolute effect
    st.sampled_from([2029, 2030, 2031]),  # start year
)


def build(specs):
    out = []
    for i, (scope, kind, x, start) in enumerate(specs):
        sectors = list(scope)
        if kind == "cut":
            out.append(Measure.cut(f"M{i}", x, sectors=sectors, start_year=start))
        else:
            out.append(Measure(f"M{i}", sectors=sectors, effect=300.0 * x, start_year=start))
    return out


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.floats(10.0, 1000.0), min_size=len(CELLS), max_size=len(CELLS)),
    specs=st.lists(measure, min_size=1, max_size=6),
    seed=st.integers(0, 2**32 - 1),
)
def test_order_never_matters(values, specs, seed):
    base = baseline(values)
    ms = build(specs)
    perm = list(np.random.default_rng(seed).permutation(len(ms)))
    a = ghgtrack.scenario(base, ms).total()
    b = ghgtrack.scenario(base, [ms[i] for i in perm]).total()
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), rtol=1e-12, atol=1e-9)
    # never below zero without a removal, never above the baseline
    base_total = ghgtrack.scenario(base, []).total()
    assert (a.to_numpy() >= -1e-9).all()
    assert (a.to_numpy() <= base_total.to_numpy() + 1e-9).all()
