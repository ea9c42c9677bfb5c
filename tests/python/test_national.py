"""The synthetic national inventory (ghgtrack.national): the real municipalities,
Oslo's structure, values scaled from Oslo, deterministic for a seed."""

import numpy as np
import pandas as pd
import pytest

import ghgtrack
from ghgtrack import national

# SSB statbank table 07459: Norway's population on 1 January 2024 was 5,550,203
# (https://www.ssb.no/en/befolkning/folketall/statistikk/befolkning); Oslo 717,710 and
# Bergen 291,940 on the same date (table 07459, municipalities 0301 and 4601).
NORWAY_2024 = 5_550_203
OSLO_2024 = 717_710
BERGEN_2024 = 291_940
# Oslo's total in 2009, Miljødirektoratet "Klimagassutslipp i kommuner" (the bundled
# release): 1,388,245.6 t CO2e.
OSLO_2009_T = 1_388_245.6


@pytest.fixture(scope="module")
def nat():
    return national.generate(seed=7)


def test_the_real_municipalities(nat):
    m = national.municipalities()
    assert len(m) == 357  # the 2024 borders (356 in 2020-2023, before Haram left Ålesund)
    assert m["population"].sum() == NORWAY_2024
    assert m.loc["0301", "municipality"] == "Oslo" and m.loc["0301", "population"] == OSLO_2024
    assert m.loc["4601", "municipality"] == "Bergen" and m.loc["4601", "population"] == BERGEN_2024
    assert nat.labels == list(m.index) and len(nat) == 357


def test_oslo_is_the_real_oslo(nat):
    real = ghgtrack.datasets.oslo()
    assert nat.inventory("0301").total()[2009] == pytest.approx(OSLO_2009_T, abs=0.1)
    pd.testing.assert_series_equal(nat.inventory("0301").total(), real.total())


def test_every_municipality_has_oslos_structure(nat):
    oslo = ghgtrack.datasets.oslo()
    for code in ["4601", "1151", "5001"]:
        inv = nat.inventory(code)
        assert inv.years == oslo.years
        assert inv.gases == oslo.gases
        pd.testing.assert_frame_equal(inv.categories, oslo.categories)
        assert inv.provenance["synthetic"] is True
        assert inv.provenance["municipality_code"] == code


def test_without_noise_values_scale_with_population():
    g = national.generate(seed=1, codes=["0301", "4601"], level_sigma=0.0, tilt_sd=0.0, year_sigma=0.0)
    oslo = g.inventory("0301").total()
    bergen = g.inventory("4601").total()
    # by hand: Bergen = Oslo x 291,940 / 717,710 = Oslo x 0.40677...
    ratio = BERGEN_2024 / OSLO_2024
    assert ratio == pytest.approx(0.406766, abs=1e-6)
    for y in oslo.index:
        assert bergen[y] == pytest.approx(oslo[y] * ratio, rel=1e-12)


def test_deterministic_for_a_seed_and_independent_of_the_others():
    a = national.generate(seed=11, codes=["4601", "1103"]).inventory("1103").total()
    b = national.generate(seed=11).inventory("1103").total()
    c = national.generate(seed=12).inventory("1103").total()
    pd.testing.assert_series_equal(a, b)
    assert not np.allclose(a.to_numpy(), c.to_numpy())


def test_the_spread_is_the_documented_one():
    # level[m, sector] is lognormal with log-sd SECTOR_LEVEL_SIGMA and mean 1: over 356
    # municipalities the log of (per-capita level / Oslo's) in 2024 for one sector, with no
    # tilt or year noise, has sd ~0.5 and mean -0.125 (-sigma^2/2) within sampling error.
    g = national.generate(seed=3, tilt_sd=0.0, year_sigma=0.0)
    pop = national.municipalities()["population"]
    oslo_frame = g.inventory_frame("0301")
    mask = (oslo_frame["sector"] == "Veitrafikk") & (oslo_frame["year"] == 2024)
    oslo_v = np.nansum(oslo_frame.loc[mask, "value"])
    logs = []
    for code in g.labels[1:]:
        f = g.inventory_frame(code)
        v = np.nansum(f.loc[(f["sector"] == "Veitrafikk") & (f["year"] == 2024), "value"])
        logs.append(np.log(v / pop[code] / (oslo_v / OSLO_2024)))
    logs = np.array(logs)
    assert logs.std(ddof=1) == pytest.approx(national.SECTOR_LEVEL_SIGMA, rel=0.15)
    assert logs.mean() == pytest.approx(-(national.SECTOR_LEVEL_SIGMA**2) / 2, abs=0.1)


def test_totals_and_frame_agree(nat):
    sub = nat.subset(["0301", "4601", "1151"])
    totals = sub.totals()
    frame = sub.frame()
    assert list(totals.index) == ["0301", "4601", "1151"]
    by_hand = frame.groupby(["municipality_code", "year"])["value"].sum().unstack()
    for code in totals.index:
        for y in totals.columns:
            assert totals.loc[code, y] == pytest.approx(by_hand.loc[code, y], rel=1e-9)
    assert set(frame["municipality"]) == {"Oslo", "Bergen", "Utsira"}


def test_bad_arguments():
    with pytest.raises(ghgtrack.UnknownLabelError, match="0301"):
        national.generate(codes=["9999"])
    with pytest.raises(ghgtrack.ArgumentError, match="spread"):
        national.generate(year_sigma=-1)
    with pytest.raises(ghgtrack.UnknownLabelError, match="sectors"):
        national.generate(level_sigma={"Nope": 0.1})


def test_synthetic_measures_make_three_different_scenarios():
    g = national.generate(seed=5, codes=["4601"])
    inv = g.inventory("4601")
    measures = national.synthetic_measures(inv.sectors)
    assert len(measures) == 5
    ref = ghgtrack.baseline(inv, 2030, method="frozen")
    res = ghgtrack.scenarios(ref.inventory, measures)
    t = {k: s.total()[2030] for k, s in res.items()}
    # the frozen 2024 level, cut by the measures' full effect in 2030 (second method: by sector, by hand)
    by_sector = inv.by_sector(2024)[2024]
    adopted = by_sector.sum() - 0.35 * by_sector["Veitrafikk"] - 0.60 * by_sector["Oppvarming"]
    assert t["baseline"] == pytest.approx(by_sector.sum(), rel=1e-9)
    assert t["adopted"] == pytest.approx(adopted, rel=1e-9)
    assert t["adopted + proposed"] < t["adopted"] < t["baseline"]
