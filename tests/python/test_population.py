"""Bundled population (SSB table 07459, 1 January) on current borders. The
expected figures are summed by hand from the rows of the SSB file
(shared/data/ssb/population/norway_municipalities_population_2005_2026.csv),
or are SSB's own published figures (cited)."""

import pandas as pd
import pytest

import ghgtrack
from ghgtrack import datasets


def test_asker_across_the_2020_and_2024_reforms():
    s = datasets.population("Asker")
    assert s.attrs["municipality_code"] == "3203"
    assert s.attrs["unit"] == "persons"
    # Before 2020: 0220 Asker + 0627 Røyken + 0628 Hurum.
    assert s[2009] == 53_756 + 18_749 + 9_000  # = 81 505
    assert s[2019] == 61_523 + 22_635 + 9_521  # = 93 679, as SSB's derived 2020-border sum
    # 2020-2023: 3025; from 2024: 3203.
    assert s[2020] == 94_441
    assert s[2023] == 97_784
    assert s[2024] == 98_815
    assert list(s.index) == list(range(2005, 2027))
    assert s.index.name == "year"


@pytest.mark.parametrize("name", ["Asker", "asker", "3203", 3203, "3025", "0220", "0627", "Røyken", "Hurum"])
def test_numbers_and_names_resolve_to_the_current_municipality(name):
    assert datasets.population(name).attrs["municipality_code"] == "3203"


def test_other_reformed_municipalities():
    t = datasets.population("Trondheim")  # SSB label "Trondheim - Tråante"
    assert t.attrs["municipality_code"] == "5001"
    assert t[2017] == 190_464 + 6_050  # 1601 Trondheim + 1662 Klæbu
    assert t[2019] == 196_159 + 6_076  # 5001 + 5030 Klæbu
    assert t[2020] == 205_163
    st = datasets.population("Stavanger")
    assert st[2019] == 134_037 + 3_150 + 4_847  # + Finnøy + Rennesøy = 142 034
    assert st[2020] == 143_574
    assert st.attrs["missing_years"] == []
    # SSB's own pages: Oslo 647 676 on 1 Jan 2015; Bærum 104 690 on 1 Jan 2005 (0219).
    assert datasets.population("Oslo")[2015] == 647_676
    b = datasets.population("Bærum")
    assert b[2005] == 104_690 and b.attrs["municipality_code"] == "3201"


def test_every_municipality_now_has_its_reform_history():
    # Before issue 14's last item only the focus five went back before 2024.
    s = datasets.population("Herøy (Nordland)")  # 1818: same code and borders throughout
    assert list(s.index) == list(range(2005, 2027))
    assert s[2026] == 1_874
    with pytest.raises(ghgtrack.ArgumentError, match="1515, 1818"):
        datasets.population("Herøy")
    with pytest.raises(ghgtrack.UnknownLabelError):
        datasets.population("Atlantis")
    with pytest.raises(ghgtrack.UnknownLabelError):
        datasets.population("9999")
    m = datasets.municipalities()
    assert len(m) == 357
    assert int(m.loc[m["municipality_code"] == "3203", "first_year"].iloc[0]) == 2005


def test_per_capita_and_lmdi_take_it_directly():
    oslo = datasets.oslo()
    pop = datasets.population("Oslo")
    pc = oslo.per_capita(pop)
    # 2009: total / 575 475 (SSB 07459, Oslo 1 Jan 2009).
    assert pc[2009] == pytest.approx(float(oslo.total(2009)) / 575_475)
    assert isinstance(pc, pd.Series)


def test_per_capita_target_and_tracking_take_it_directly():
    pop = datasets.population("Oslo")
    pc = ghgtrack.Target(base_year=2009, reductions={2024: 0.5}, kind="per_capita")
    # 2 t per person in 2009, halved, times Oslo's 717 710 people on 1 Jan 2024 (SSB 07459).
    assert pc.milestones(2.0, population=pop) == [(2024, pytest.approx(717_710.0))]
    result = ghgtrack.track(datasets.oslo(), pc, population=pop)
    assert result is not None
