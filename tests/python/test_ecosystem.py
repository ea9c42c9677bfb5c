"""Issue 14: speaking openscm-units' and pyam's language. Expected values are
typed from the IPCC tables (cited per case) or worked by hand; the
openscm-units comparison is an independent second source, run when it is
installed (requirements-dev.txt installs it)."""

import numpy as np
import pandas as pd
import pytest

import ghgtrack

# -- metrics and gases ----------------------------------------------------------------


@pytest.mark.parametrize(
    "gas, metric, expected",
    [
        ("CH4", "TARGWP20", 62.0),  # IPCC TAR WGI Table 6.7
        ("CH4", "TARGWP100", 23.0),
        ("N2O", "TARGWP500", 156.0),
        ("CH4", "AR5CCFGWP100", 34.0),  # IPCC AR5 WGI Table 8.7, with climate-carbon feedback
        ("N2O", "ar5ccfgwp100", 298.0),  # metric names are case-insensitive
        ("CCl4", "AR5GWP100", 1730.0),  # IPCC AR5 WGI Table 8.A.1
        ("HCFC142b", "AR5CCFGWP100", 2345.0),
        ("CH4", "AR6GWP500", 7.95),  # IPCC AR6 WGI Table 7.SM.7
        ("CH4", "AR6GTP100", 5.38),
        ("HFE-134", "AR4GWP100", 6320.0),  # IPCC AR4 WGI Table 2.14
        ("CH2Cl2", "AR4GWP100", 8.7),
        ("SO2F2", "AR5GWP100", 4090.0),  # AR5 WGI Table 8.A.1
        ("HFC134a", "AR5GWP100", 1300.0),  # openscm-units / pyam spelling
        ("HFC-134a", "AR5GWP100", 1300.0),
    ],
)
def test_new_metrics_and_gases(gas, metric, expected):
    assert ghgtrack.gwp(gas, metric) == expected


def test_unknown_stays_unknown():
    # SO2F2 is not in AR4 Table 2.14: an error, never zero.
    with pytest.raises(ghgtrack.MissingGwpError):
        ghgtrack.gwp("SO2F2", "AR4GWP100")
    assert np.isnan(ghgtrack.gwp_table().loc["SO2F2", "AR4GWP100"])
    for g in ["CCl4", "HCFC-142b", "HFE-356pcc3", "CH2Cl2", "C7F16", "C8F18", "SO2F2", "HFE-134"]:
        assert g in ghgtrack.gases()


def _openscm_name(gas):
    return ghgtrack._units.pint_gas_name(gas)


def test_all_shared_values_agree_with_openscm_units():
    """Every gas x metric that both ghgtrack and openscm-units know has the
    same value (openscm-units reads the IPCC tables independently)."""
    openscm_units = pytest.importorskip("openscm_units")
    pint = pytest.importorskip("pint")
    ur = openscm_units.unit_registry
    compared = 0
    for metric in ghgtrack.metrics():
        for gas in ghgtrack.gases():
            if ghgtrack._core.is_basket(gas) or gas in ("CH4 fossil", "CH4 non-fossil", "CO2"):
                continue  # baskets have no GWP; openscm-units has no fossil / non-fossil methane
            name = _openscm_name(gas)
            try:
                with ur.context(metric):
                    theirs = ur.Quantity(1.0, f"t {name}").to("t CO2").magnitude
            except (pint.DimensionalityError, pint.UndefinedUnitError, KeyError):
                theirs = None
            if theirs is None or np.isnan(theirs):
                assert not ghgtrack._core.has_gwp(gas, metric), (gas, metric)
                continue
            if not ghgtrack._core.has_gwp(gas, metric):
                pytest.fail(f"openscm-units has {metric} {gas} = {theirs}, ghgtrack has none")
            assert ghgtrack.gwp(gas, metric) == pytest.approx(theirs, rel=1e-12), (gas, metric)
            compared += 1
    assert compared >= 250  # 30 gases x 11 metrics, less the gaps


# -- CO2e back to mass ----------------------------------------------------------------


def test_from_co2e_in_kind():
    # 56 t CO2e / 28 (AR5 CH4) = 2 t CH4; 265 t CO2e / 265 (AR5 N2O) = 1 t, by hand.
    assert ghgtrack.from_co2e(56.0, gas="CH4", metric="AR5GWP100") == 2.0
    a = ghgtrack.from_co2e(np.array([56.0, 28.0]), gas="CH4", metric="AR5GWP100")
    np.testing.assert_allclose(a, [2.0, 1.0])
    s = ghgtrack.from_co2e(pd.Series([265.0], index=["x"]), gas="N2O", metric="AR5GWP100")
    assert isinstance(s, pd.Series) and s["x"] == pytest.approx(1.0)
    out = np.empty(2)
    ghgtrack.from_co2e(np.array([340.0, 34.0]), gas="CH4", metric="AR5CCFGWP100", out=out, threads=2)
    np.testing.assert_allclose(out, [10.0, 1.0])
    # The round trip is exact up to rounding.
    x = np.linspace(0.0, 1e6, 7)
    np.testing.assert_allclose(ghgtrack.from_co2e(ghgtrack.to_co2e(x, "SF6"), "SF6"), x)
    with pytest.raises(ghgtrack.MissingGwpError):
        ghgtrack.from_co2e(1.0, gas="HFCs", metric="AR5GWP100")


# -- pint (openscm-units) ---------------------------------------------------------------


def test_pint_quantities_in_and_out():
    openscm_units = pytest.importorskip("openscm_units")
    ur = openscm_units.unit_registry
    q = ghgtrack.to_co2e(ur.Quantity(2.0, "kt CH4"), "CH4", "AR5GWP100")
    assert q.units == ur.Unit("t CO2")
    assert q.magnitude == pytest.approx(56_000.0)  # 2000 t x 28
    q = ghgtrack.to_co2e(ur.Quantity(np.array([1.0, 2.0]), "Gg N2O / yr"), "N2O", "AR5GWP100")
    np.testing.assert_allclose(q.to("t CO2 / a").magnitude, [265_000.0, 530_000.0])
    back = ghgtrack.from_co2e(ur.Quantity(56.0, "kt CO2"), "CH4", "AR5GWP100")
    assert back.to("t CH4").magnitude == pytest.approx(2000.0)
    # The same answer as openscm-units' own conversion.
    with ur.context("AR6GWP100"):
        theirs = ur.Quantity(3.0, "Mt HFC134a").to("Mt CO2").magnitude
    ours = ghgtrack.to_co2e(ur.Quantity(3.0, "Mt HFC134a"), "HFC-134a", "AR6GWP100").to("Mt CO2").magnitude
    assert ours == pytest.approx(theirs)
    with pytest.raises(ghgtrack.ArgumentError, match="mass of CH4"):
        ghgtrack.to_co2e(ur.Quantity(1.0, "kt N2O"), "CH4", "AR5GWP100")


def test_pint_quantities_in_targets():
    openscm_units = pytest.importorskip("openscm_units")
    ur = openscm_units.unit_registry
    t = ghgtrack.Target(base_year=2009, levels={2030: ur.Quantity(0.3, "Mt CO2")})
    assert t.levels[2030] == pytest.approx(300_000.0)
    t = ghgtrack.Target.change(2009, {2030: -0.5}, base_value=ur.Quantity(1.2, "Mt CO2"))
    assert t.base_value == pytest.approx(1_200_000.0)


# -- unit strings through the readers and from_frame ---------------------------------


def _frame(unit, gas="CH4", metric=None):
    d = {"year": [2020], "sector": ["Jordbruk"], "source": ["Husdyr"], "gas": [gas], "value": [2.0], "unit": [unit]}
    if metric is not None:
        d["metric"] = [metric]
    return pd.DataFrame(d)


@pytest.mark.parametrize(
    "unit, gas, metric, tonnes_co2e",
    [
        ("kt CH4/yr", "CH4", "AR5GWP100", 56_000.0),  # 2 kt x 28
        ("Gg N2O", "N2O", "AR5GWP100", 530_000.0),  # 2 Gg = 2 kt, x 265
        ("Mt CO2/yr", "CO2", None, 2_000_000.0),  # CO2 needs no metric
        ("Mt CO2-equiv/yr", "CH4", None, 2_000_000.0),
        ("Tg CO2eq / yr", "CH4", None, 2_000_000.0),
        ("kt CO2-eq/a", "CH4", None, 2_000.0),
        ("t CO2e", "CH4", None, 2.0),
    ],
)
def test_from_frame_units(unit, gas, metric, tonnes_co2e):
    inv = ghgtrack.Inventory.from_frame(_frame(unit, gas), metric=metric)
    assert float(inv.total(2020)) == pytest.approx(tonnes_co2e)


def test_mass_without_metric_is_an_error_and_metric_column_works():
    with pytest.raises(ghgtrack.InputError, match="metric"):
        ghgtrack.Inventory.from_frame(_frame("kt CH4/yr"))
    inv = ghgtrack.Inventory.from_frame(_frame("kt CH4/yr", metric="AR6GWP100"))
    assert inv.metric == "AR6GWP100"
    assert float(inv.total(2020)) == pytest.approx(55_800.0)  # 2000 t x 27.9 (AR6 Table 7.15)


def test_stray_byte_in_unit_is_refused(tmp_path):
    p = tmp_path / "x.csv"
    p.write_bytes(b"year,sector,source,gas,value,unit\n2020,A,B,CO2,1,t\xda CO2e\n")
    with pytest.raises(ghgtrack.InputError) as e:
        ghgtrack.read_csv(p)
    assert e.value.column == "unit"
    p.write_bytes(b"year,sector,source,gas,value,unit\n2020,A,B,CH4,1,kt CH4\n")
    assert float(ghgtrack.read_csv(p, metric="AR5GWP100").total(2020)) == pytest.approx(28_000.0)


# -- pyam -----------------------------------------------------------------------------------


def _small():
    return ghgtrack.Inventory.from_frame(
        pd.DataFrame(
            {
                "year": [2019, 2019, 2019, 2020, 2020, 2020],
                "sector": ["Energi", "Energi", "Jordbruk"] * 2,
                "source": ["Fyring", "Fyring", "Husdyr"] * 2,
                "gas": ["CO2", "CH4", "CH4"] * 2,
                "value": [100.0, 10.0, 50.0, 90.0, 9.0, 45.0],
            }
        ),
        metric="AR5GWP100",
    )


def test_to_pyam_variables_and_totals():
    pytest.importorskip("pyam")
    df = _small().to_pyam(region="Oslo")
    data = df.data.set_index(["variable", "year"])["value"]
    # Totals by hand: 2019 = 100 + 10 + 50 = 160; Energi 110; Jordbruk 50.
    assert data[("Emissions|Kyoto Gases", 2019)] == 160.0
    assert data[("Emissions|Kyoto Gases|Energi", 2019)] == 110.0
    assert data[("Emissions|Kyoto Gases|Jordbruk", 2020)] == 45.0
    assert data[("Emissions|Kyoto Gases|Energi|Fyring|CH4", 2020)] == 9.0
    assert set(df.unit) == {"t CO2e/yr"}
    assert df.meta["metric"].iloc[0] == "AR5GWP100"
    # pyam's own aggregation check agrees with the hierarchy.
    assert df.check_aggregate("Emissions|Kyoto Gases") is None
    assert df.check_aggregate("Emissions|Kyoto Gases|Energi") is None


def test_pyam_round_trip_and_checked_totals():
    pyam = pytest.importorskip("pyam")
    inv = _small()
    back = ghgtrack.Inventory.from_pyam(inv.to_pyam(unit="kt CO2e/yr"))
    assert back.metric == "AR5GWP100"
    pd.testing.assert_frame_equal(back.to_frame(), inv.to_frame())
    # A total that disagrees with its entries is an error naming it.
    data = inv.to_pyam().data
    data.loc[(data["variable"] == "Emissions|Kyoto Gases") & (data["year"] == 2019), "value"] = 999.0
    with pytest.raises(ghgtrack.InputError, match="Emissions|Kyoto Gases"):
        ghgtrack.Inventory.from_pyam(pyam.IamDataFrame(data), metric="AR5GWP100")
    # Gas masses in pyam's spelling are read under the metric.
    leaf = pd.DataFrame(
        {
            "model": ["m"],
            "scenario": ["s"],
            "region": ["r"],
            "variable": ["Emissions|Kyoto Gases|Jordbruk|Husdyr|CH4"],
            "unit": ["kt CH4/yr"],
            "year": [2020],
            "value": [1.0],
        }
    )
    inv2 = ghgtrack.Inventory.from_pyam(pyam.IamDataFrame(leaf), metric="AR5GWP100")
    assert float(inv2.total(2020)) == pytest.approx(28_000.0)
