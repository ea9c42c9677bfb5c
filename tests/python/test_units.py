"""GWP values and conversions from Python. Expected values are typed from the
IPCC tables (cited per case), or worked by hand, independently of the code."""

import numpy as np
import pandas as pd
import pytest

import ghgtrack


@pytest.mark.parametrize(
    "gas, metric, expected",
    [
        ("CH4", "SARGWP100", 21.0),  # IPCC SAR WGI Table 2.9
        ("N2O", "AR4GWP100", 298.0),  # IPCC AR4 WGI Table 2.14
        ("CH4", "AR5GWP100", 28.0),  # IPCC AR5 WGI Table 8.A.1
        ("SF6", "AR5GWP100", 23500.0),
        ("CH4 fossil", "AR6GWP100", 29.8),  # IPCC AR6 WGI Table 7.15
        ("CH4 non-fossil", "AR6GWP20", 79.7),
        ("HFC-32", "AR6GWP20", 2690.0),
        ("Lystgass", "AR6GWP100", 273.0),  # Norwegian name for N2O
    ],
)
def test_gwp_published_values(gas, metric, expected):
    assert ghgtrack.gwp(gas, metric) == expected
    assert ghgtrack.gwp(gas=gas, metric=metric) == expected


def test_default_metric_is_ar5():
    assert ghgtrack.DEFAULT_METRIC == "AR5GWP100"
    assert ghgtrack.gwp("CH4") == 28.0


def test_to_co2e_returns_in_kind():
    # 2 t CH4 x 28 = 56 t CO2e (AR5), by hand.
    assert ghgtrack.to_co2e(2.0, "CH4") == 56.0
    assert isinstance(ghgtrack.to_co2e(2, "CH4"), float)
    a = np.array([1.0, 2.0, 0.5])
    out = ghgtrack.to_co2e(a, "N2O", metric="AR4GWP100")
    assert isinstance(out, np.ndarray) and out.shape == (3,)
    np.testing.assert_array_equal(out, [298.0, 596.0, 149.0])
    m = np.ones((2, 3))
    assert ghgtrack.to_co2e(m, "CO2").shape == (2, 3)
    s = pd.Series([1.0, 3.0], index=[2009, 2024], name="t")
    r = ghgtrack.to_co2e(s, "SF6", "AR5GWP100")
    assert isinstance(r, pd.Series) and list(r.index) == [2009, 2024]
    assert r.tolist() == [23500.0, 70500.0]
    # Integer input is accepted and converted.
    np.testing.assert_array_equal(ghgtrack.to_co2e(np.array([1, 2]), "CH4"), [28.0, 56.0])


def test_to_co2e_does_not_modify_input_and_equals_numpy():
    rng = np.random.default_rng(1)
    a = rng.random(1000)
    before = a.copy()
    out = ghgtrack.to_co2e(a, "HFC-134a", "AR6GWP100")
    np.testing.assert_array_equal(a, before)
    np.testing.assert_array_equal(out, a * 1530.0)  # AR6 WGI Table 7.15


def test_to_co2e_reads_float64_without_copy():
    # A non-contiguous view is converted; a contiguous one is read in place.
    # Checked through numpy's buffer: the result must not share memory with
    # the input in either case (a new array), and strided input must work.
    a = np.arange(10, dtype=float)
    strided = a[::2]
    np.testing.assert_array_equal(ghgtrack.to_co2e(strided, "CO2"), [0, 2, 4, 6, 8])
    assert not np.shares_memory(ghgtrack.to_co2e(a, "CO2"), a)


def test_convert_co2e_direct_equals_two_step():
    # 2800 t CO2e CH4 on AR5 = 100 t CH4 = 2500 t CO2e on AR4.
    assert ghgtrack.convert_co2e(2800.0, "CH4", "AR5GWP100", "AR4GWP100") == 2500.0
    x = np.array([265.0, 530.0])
    np.testing.assert_allclose(
        ghgtrack.convert_co2e(x, "N2O", from_metric="AR5GWP100", to_metric="AR6GWP100"),
        [273.0, 546.0],
        rtol=1e-15,
    )


def test_errors_are_clear_and_never_zero():
    with pytest.raises(ghgtrack.UnknownGasError, match="CO3.*known gases"):
        ghgtrack.gwp("CO3")
    with pytest.raises(ValueError, match="AR6GWP20"):
        ghgtrack.gwp("CH4", "AR7GWP100")
    with pytest.raises(ghgtrack.UnknownMetricError):
        ghgtrack.to_co2e(1.0, "CH4", "GWP100")
    with pytest.raises(ghgtrack.MissingGwpError, match="NF3.*AR4GWP100"):
        ghgtrack.to_co2e(np.ones(3), "NF3", "SARGWP100")
    with pytest.raises(ghgtrack.MissingGwpError, match="basket"):
        ghgtrack.convert_co2e(1.0, "HFK", "AR5GWP100", "AR6GWP100")
    with pytest.raises(TypeError):
        ghgtrack.to_co2e(np.array(["a", "b"]), "CO2")


def test_gases_metrics_and_table():
    # Report order (issue 14 added TAR, AR5 with climate-carbon feedback, AR6 GWP500 and GTP100).
    assert ghgtrack.metrics() == [
        "SARGWP100",
        "TARGWP100",
        "TARGWP20",
        "TARGWP500",
        "AR4GWP100",
        "AR5GWP100",
        "AR5CCFGWP100",
        "AR6GWP100",
        "AR6GWP20",
        "AR6GWP500",
        "AR6GTP100",
    ]
    gases = ghgtrack.gases()
    for g in [
        "CO2",
        "CH4",
        "N2O",
        "SF6",
        "NF3",
        "HFC-23",
        "HFC-32",
        "HFC-125",
        "HFC-134a",
        "HFC-143a",
        "HFC-152a",
        "HFC-227ea",
        "CF4",
        "C2F6",
        "HFCs",
        "PFCs",
        "Kyoto GHG",
    ]:
        assert g in gases
    t = ghgtrack.gwp_table()
    assert t.loc["CH4", "AR4GWP100"] == 25.0
    assert np.isnan(t.loc["NF3", "SARGWP100"])
    assert t.loc["CO2"].tolist() == [1.0] * 11


def test_version():
    import importlib.metadata

    assert ghgtrack.__version__ == importlib.metadata.version("ghgtrack")


def test_out_parameter_writes_in_place():
    a = np.array([1.0, 2.0, 3.0])
    out = np.empty(3)
    r = ghgtrack.to_co2e(a, "CH4", out=out)
    assert r is out or np.shares_memory(r, out)
    np.testing.assert_array_equal(out, [28.0, 56.0, 84.0])
    ghgtrack.to_co2e(a, "N2O", "AR4GWP100", out=a)  # in place on the input
    np.testing.assert_array_equal(a, [298.0, 596.0, 894.0])
    b = np.array([280.0])
    ghgtrack.convert_co2e(b, "CH4", "AR5GWP100", "AR4GWP100", out=b)
    assert b[0] == 250.0
    with pytest.raises(ghgtrack.ShapeError, match="shape"):
        ghgtrack.to_co2e(np.ones(3), "CH4", out=np.empty(4))
    with pytest.raises(ghgtrack.ShapeError, match="float64"):
        ghgtrack.to_co2e(np.ones(3), "CH4", out=np.empty(3, dtype=np.float32))


def test_threads_give_identical_results():
    # 2 t CH4 x 28 (AR5 WGI Table 8.A.1) on every element, on 1 or all threads.
    a = np.full(1 << 18, 2.0)
    one = ghgtrack.to_co2e(a, "CH4", "AR5GWP100")
    many = ghgtrack.to_co2e(a, "CH4", "AR5GWP100", threads=0)
    np.testing.assert_array_equal(one, many)
    assert one[0] == 56.0
    back = ghgtrack.convert_co2e(many, "CH4", "AR5GWP100", "AR4GWP100", threads=3)
    assert back[-1] == pytest.approx(50.0)  # 2 t x 25 (AR4 WGI Table 2.14)


def test_to_co2e_fast_paths_keep_every_rule():
    # The scalar and ndarray fast paths (issue 12) give what the general path
    # gives: values by hand (AR5 CH4 = 28), dtype rules, errors every time.
    for _ in range(2):  # the second call answers from the remembered GWP
        assert ghgtrack.to_co2e(2.0, "CH4") == 56.0
        assert ghgtrack.to_co2e(3, "ch4", "AR5GWP100") == 84.0
        with pytest.raises(ghgtrack.UnknownGasError):
            ghgtrack.to_co2e(1.0, "CO3")
        with pytest.raises(ghgtrack.MissingGwpError):
            ghgtrack.to_co2e(1.0, "NF3", "SARGWP100")
    np.testing.assert_array_equal(ghgtrack.to_co2e(np.array([1, 2], dtype=np.uint8), "CH4"), [28.0, 56.0])
    np.testing.assert_array_equal(ghgtrack.to_co2e(np.array([0.5], dtype=np.float32), "CH4"), [14.0])
    zero_d = ghgtrack.to_co2e(np.array(2.0), "CH4")
    assert zero_d.shape == () and zero_d == 56.0
    for bad in (np.array([True, False]), np.array(["1", "2"]), np.array([1.0], dtype=object)):
        with pytest.raises(TypeError):
            ghgtrack.to_co2e(bad, "CH4")
    # Every alignment of a long float64 array (the kernel aligns its stores).
    raw = np.random.default_rng(4).uniform(0, 1e3, 70_011)
    for off in range(4):
        a = raw[off : off + 70_003]
        np.testing.assert_array_equal(ghgtrack.to_co2e(a, "CH4"), a * 28.0)
