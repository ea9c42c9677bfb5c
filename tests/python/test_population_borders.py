"""Population on CURRENT borders for every municipality (issue 14): checks
against the published data and sources, never against the code's own output.

- the SSB file itself (data/population/ssb_07459_population_1jan_2005_2026.csv,
  a copy of shared/data/ssb/population/norway_municipalities_population_2005_2026.csv),
  read here with the csv module, not through ghgtrack;
- Norway's published national totals on 1 January (SSB, "Folkemengde 1. januar",
  whole country: 4 606 363 in 2005, 4 858 199 in 2010, 5 165 802 in 2015,
  5 367 580 in 2020; 5 550 203 / 5 594 340 / 5 627 400 in 2024-2026 as in
  shared/data/ssb/population/SOURCES.md);
- an independent harmonisation table: lauriejh/regtools, test snapshot
  tests/testthat/_snaps/harmonize_municipality_codes.md (commit 580d6e1c),
  each 2016 municipality with its harmonized 2024 code ("Rest" = divided),
  transcribed below;
- sums typed by hand from the rows of the SSB file.
"""

import csv
import pathlib
from collections import defaultdict

import pytest

import ghgtrack
from ghgtrack import datasets

POP_DIR = pathlib.Path(ghgtrack.__file__).resolve().parent / "data" / "population"
YEARS = range(2005, 2027)

# regtools: 2016 code -> harmonized 2024 code ("R": "Delte kommuner og uoppgitt").
REGTOOLS_2016_TO_2024 = dict(
    p.split(":")
    for p in (
        "0101:3101 0104:3103 0105:3105 0106:3107 0111:3110 0118:3124 0119:3122 0121:3226 0122:3118 0123:3118"
        " 0124:3118 0125:3118 0127:3116 0128:3120 0135:3112 0136:3103 0137:3114 0138:3118 0211:3216 0213:3207"
        " 0214:3218 0215:3214 0216:3212 0217:3207 0219:3201 0220:3203 0221:3226 0226:3205 0227:3205 0228:3224"
        " 0229:3220 0230:3222 0231:3205 0233:3232 0234:3230 0235:3209 0236:3228 0237:3240 0238:3238 0239:3242"
        " 0301:0301 0402:3401 0403:3403 0412:3411 0415:3412 0417:3413 0418:3414 0419:3415 0420:3416 0423:3417"
        " 0425:3418 0426:3419 0427:3420 0428:3421 0429:3422 0430:3423 0432:3424 0434:3425 0436:3426 0437:3427"
        " 0438:3428 0439:3429 0441:3430 0501:3405 0502:3407 0511:3431 0512:3432 0513:3433 0514:3434 0515:3435"
        " 0516:3436 0517:3437 0519:3438 0520:3439 0521:3440 0522:3441 0528:3442 0529:3443 0532:3236 0533:3234"
        " 0534:3446 0536:3447 0538:3448 0540:3449 0541:3450 0542:3451 0543:3452 0544:3453 0545:3454 0602:3301"
        " 0604:3303 0605:3305 0612:3310 0615:3320 0616:3322 0617:3324 0618:3326 0619:3328 0620:3330 0621:3332"
        " 0622:3318 0623:3316 0624:3314 0625:3301 0626:3312 0627:3203 0628:3203 0631:3334 0632:3336 0633:3338"
        " 0701:3901 0702:3903 0704:3905 0706:3907 0709:3909 0711:3301 0713:3903 0714:3903 0716:3905 0719:3907"
        " 0720:3907 0722:3911 0723:3911 0728:3909 0805:4001 0806:4003 0807:4005 0811:4010 0814:4012 0815:4014"
        " 0817:4016 0819:4018 0821:4020 0822:4020 0826:4026 0827:4024 0828:4022 0829:4028 0830:4030 0831:4032"
        " 0833:4034 0834:4036 0901:4201 0904:4202 0906:4203 0911:4211 0912:4212 0914:4213 0919:4214 0926:4215"
        " 0928:4216 0929:4217 0935:4218 0937:4219 0938:4220 0940:4221 0941:4222 1001:4204 1002:4205 1003:4206"
        " 1004:4207 1014:4223 1017:4204 1018:4204 1021:4205 1026:4224 1027:4225 1029:4205 1032:4225 1034:4226"
        " 1037:4227 1046:4228 1101:1101 1102:1108 1103:1103 1106:1106 1111:1111 1112:1112 1114:1114 1119:1119"
        " 1120:1120 1121:1121 1122:1122 1124:1124 1127:1127 1129:1108 1130:1130 1133:1133 1134:1134 1135:1135"
        " 1141:1103 1142:1103 1144:1144 1145:1145 1146:1146 1149:1149 1151:1151 1160:1160 1201:4601 1211:4611"
        " 1216:4612 1219:4613 1221:4614 1222:4615 1223:4616 1224:4617 1227:4618 1228:4618 1231:4618 1232:4619"
        " 1233:4620 1234:4621 1235:4621 1238:4622 1241:4624 1242:4623 1243:4624 1244:4625 1245:4626 1246:4626"
        " 1247:4627 1251:4628 1252:4629 1253:4630 1256:4631 1259:4626 1260:4631 1263:4631 1264:4632 1265:4633"
        " 1266:4634 1401:4602 1411:4635 1412:4636 1413:4637 1416:4638 1417:4639 1418:4640 1419:4640 1420:4640"
        " 1421:4641 1422:4642 1424:4643 1426:4644 1428:4645 1429:4646 1430:4647 1431:4647 1432:4647 1433:4647"
        " 1438:4648 1439:4602 1441:4649 1443:4649 1444:1577 1445:4650 1449:4651 1502:1506 1504:1508 1505:1505"
        " 1511:1511 1514:1514 1515:1515 1516:1516 1517:1517 1519:1577 1520:1520 1523:1508 1524:1578 1525:1525"
        " 1526:1578 1528:1528 1529:1508 1531:1531 1532:1532 1534:1580 1535:1535 1539:1539 1543:1506 1545:1506"
        " 1546:1508 1547:1547 1548:1579 1551:1579 1554:1554 1557:1557 1560:1560 1563:1563 1566:1566 1567:5061"
        " 1571:R 1573:1573 1576:1576 1601:5001 1612:R 1613:R 1617:R 1620:5014 1621:5057 1622:R"
        " 1624:5054 1627:5057 1630:5058 1632:5058 1633:5020 1634:5021 1635:5022 1636:R 1638:R 1640:5025"
        " 1644:5026 1648:5027 1653:5028 1657:5029 1662:5001 1663:5031 1664:5032 1665:5033 1702:5006 1703:5007"
        " 1711:5034 1714:5035 1717:5036 1718:5054 1719:5037 1721:5038 1724:5006 1725:5007 1736:5041 1738:5042"
        " 1739:5043 1740:5044 1742:5045 1743:5046 1744:5047 1748:5007 1749:5049 1750:5060 1751:5060 1755:5052"
        " 1756:5053 1804:1804 1805:R 1811:1811 1812:1812 1813:1813 1815:1815 1816:1816 1818:1818 1820:1820"
        " 1822:1822 1824:1824 1825:1825 1826:1826 1827:1827 1828:1828 1832:1832 1833:1833 1834:1834 1835:1835"
        " 1836:1836 1837:1837 1838:1838 1839:1839 1840:1840 1841:1841 1845:1845 1848:1848 1849:R 1850:R"
        " 1851:1851 1852:5512 1853:1853 1854:R 1856:1856 1857:1857 1859:1859 1860:1860 1865:1865 1866:1866"
        " 1867:1867 1868:1868 1870:1870 1871:1871 1874:1874 1902:5501 1903:5503 1911:5510 1913:5512 1917:5514"
        " 1919:5516 1920:5518 1922:5520 1923:5522 1924:5524 1925:5526 1926:5528 1927:5530 1928:5530 1929:5530"
        " 1931:5530 1933:5532 1936:5534 1938:5536 1939:5538 1940:5540 1941:5542 1942:5544 1943:5546 2002:5634"
        " 2003:5607 2004:5603 2011:5612 2012:5601 2014:5614 2015:5616 2017:5603 2018:5618 2019:5620 2020:5622"
        " 2021:5610 2022:5624 2023:5626 2024:5630 2025:5628 2027:5636 2028:5632 2030:5605"
    ).split()
)

# Published national totals (see the module docstring).
NATIONAL = {
    2005: 4_606_363,
    2010: 4_858_199,
    2015: 5_165_802,
    2020: 5_367_580,
    2024: 5_550_203,
    2025: 5_594_340,
    2026: 5_627_400,
}


def _rows(name):
    with (POP_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def published():
    return {
        (r["municipality_code"], int(r["year"])): int(r["population"])
        for r in _rows("ssb_07459_population_1jan_2005_2026.csv")
    }


@pytest.fixture(scope="module")
def tables():
    borders = _rows("municipality_borders.csv")
    missing = _rows("municipality_missing_years.csv")
    whole = {}
    for r in borders:
        for y in range(int(r["first_year"]), int(r["last_year"]) + 1):
            assert (r["part_code"], y) not in whole, (r["part_code"], y)  # at most one current municipality
            whole[(r["part_code"], y)] = r["current_code"]
    divided = defaultdict(set)
    for r in missing:
        for y in range(int(r["first_year"]), int(r["last_year"]) + 1):
            divided[(r["split_code"], y)].add(r["current_code"])
    return borders, missing, whole, divided


def test_every_published_code_year_is_accounted_for_exactly_once(published, tables):
    _, _, whole, divided = tables
    assert len(published) == 8_921
    for key in published:
        assert (key in whole) != (key in divided), key  # a whole part of ONE municipality, or divided
    assert set(whole) | set(divided) == set(published)
    for key, between in divided.items():
        assert len(between) >= 2, key  # a division has at least two successors


def test_357_current_municipalities_all_from_2005_except_where_a_division_cuts(published):
    m = datasets.municipalities()
    assert len(m) == 357 and set(m["municipality_code"]) == {c for c, y in published if y == 2026}
    cut = m[m["missing_years"] != ""]
    # The divided predecessors and everyone who received a part of one.
    assert set(cut["municipality_code"]) == {
        "1108",
        "1130",  # Forsand -> Sandnes + Strand (Preikestolen area)
        "1508",
        "1580",  # Ålesund 1507 (2020-2023) -> Ålesund + Haram in 2024
        "1806",
        "1875",  # Tysfjord -> Narvik + Hamarøy
        "3205",
        "3228",  # Sørum -> Lillestrøm + Nes (Rånåsfoss)
        "4005",
        "4020",  # Sauherad -> Midt-Telemark + Notodden (Hjuksebø, Angard)
        "4602",
        "4649",  # Vågsøy -> Kinn + Stad (Bryggja)
        "4638",
        "4640",  # Balestrand -> Sogndal + Høyanger (Nesse)
        "5006",
        "5054",  # Verran -> Steinkjer + Indre Fosen (Verrabotn)
        "5007",
        "5060",  # Nærøy -> Nærøysund + Namsos (Lund)
        "5055",
        "5056",
        "5059",  # Snillfjord -> Heim + Hitra + Orkland
    }
    assert set(m.loc[~m.index.isin(cut.index), "first_year"]) == {2005}
    assert set(cut.loc[cut["municipality_code"].isin(["1508", "1580"]), "missing_years"]) == {"2020-2023"}
    assert set(cut.loc[~cut["municipality_code"].isin(["1508", "1580"]), "missing_years"]) == {"2005-2019"}


def test_national_total_in_every_year(published, tables):
    _, _, whole, divided = tables
    total = defaultdict(int)
    for (_code, y), v in published.items():
        total[y] += v
    for y, v in NATIONAL.items():
        assert total[y] == v, y  # the file adds up to SSB's published national total
    series = {c: datasets.population(c) for c in datasets.municipalities()["municipality_code"]}
    for y in YEARS:
        returned = sum(int(s[y]) for s in series.values() if y in s.index)
        # What is withheld, accounted for explicitly: the whole parts of the
        # municipalities without that year, and the divided codes themselves.
        withheld = {c for c, s in series.items() if y not in s.index}
        parts_of_withheld = sum(v for (c, yy), v in published.items() if yy == y and whole.get((c, yy)) in withheld)
        divided_codes = sum(v for (c, yy), v in published.items() if yy == y and (c, yy) in divided)
        assert returned + parts_of_withheld + divided_codes == total[y], y
        assert all(y in s.attrs["missing_years"] for c, s in series.items() if c in withheld)


def test_every_merger_is_continuous_within_3_percent(published, tables):
    borders, missing, _, _ = tables
    withheld = {(r["current_code"], y) for r in missing for y in range(int(r["first_year"]), int(r["last_year"]) + 1)}
    parts = defaultdict(set)
    for r in borders:
        for y in range(int(r["first_year"]), int(r["last_year"]) + 1):
            parts[(r["current_code"], y)].add(r["part_code"])
    mergers = renumberings = 0
    for (cur, y), now in parts.items():
        before = parts.get((cur, y - 1))
        if not before or before == now or (cur, y - 1) in withheld or (cur, y) in withheld:
            continue
        a = sum(published[(c, y - 1)] for c in before)
        b = sum(published[(c, y)] for c in now)
        if len(before) > 1 or len(now) > 1:
            mergers += 1
            assert abs(b / a - 1) <= 0.03, (cur, y, sorted(before), a, b)
        else:
            # One code renumbered (same municipality): its own year-to-year
            # change. 14 small or fast-growing ones move by 3-5 %; the largest
            # is Råde 2024 (-5.2 %, after +9.0 % in 2023 under the same code).
            renumberings += 1
            assert abs(b / a - 1) <= 0.06, (cur, y, sorted(before), a, b)
    assert mergers == 40 and renumberings > 300


def test_agrees_with_the_independent_regtools_harmonisation(tables):
    _, missing, whole, divided = tables
    withheld = {r["current_code"] for r in missing}
    assert len(REGTOOLS_2016_TO_2024) == 428
    for code, harmonized in REGTOOLS_2016_TO_2024.items():
        if (code, 2016) in whole:
            ours = whole[(code, 2016)]
            if harmonized == "R":  # regtools: part of a municipality that took a divided part
                assert ours in withheld, code
            else:
                assert ours == harmonized, code
        else:  # divided here: regtools puts it in one of the successors, or in "Rest"
            assert harmonized == "R" or harmonized in divided[(code, 2016)], code


def test_asker_as_the_issue_states():
    s = datasets.population("Asker")
    assert s[2019] == 61_523 + 22_635 + 9_521  # 0220 + 0627 + 0628 = 93 679
    assert s[2020] == 94_441 and s[2023] == 97_784  # 3025
    assert s[2024] == 98_815  # 3203
    assert s.attrs["missing_years"] == [] and list(s.index) == list(YEARS)


def test_a_2020_merger_outside_the_focus_five_indre_ostfold():
    s = datasets.population("Indre Østfold")
    assert s.attrs["municipality_code"] == "3118"
    # 2019: 0122 Trøgstad + 0123 Spydeberg + 0124 Askim + 0125 Eidsberg + 0138 Hobøl.
    assert s[2019] == 5_347 + 6_042 + 15_865 + 11_424 + 5_642  # = 44 320
    assert s[2020] == 44_792  # 3014
    assert s[2024] == 47_006  # 3118
    assert list(s.index) == list(YEARS)
    for old in ("Askim", "Hobøl", "0124", "3014"):
        assert datasets.population(old).attrs["municipality_code"] == "3118"


def test_a_2018_trondelag_renumbering_and_earlier_mergers():
    o = datasets.population("Oppdal")
    assert o.attrs["municipality_code"] == "5021"
    assert o[2017] == 6_973 and o[2018] == 6_970 and o[2026] == 7_421  # 1634 to 2017, then 5021
    i = datasets.population("Inderøy")  # 2012: Mosvik 1723 + Inderøy 1729 -> 1756, 2018 -> 5053
    assert i[2011] == 811 + 5_906 and i[2012] == 6_682 and i[2018] == 6_785
    h = datasets.population("Harstad")  # 2013: Harstad 1901 + Bjarkøy 1915 -> 1903, 2024 -> 5503
    assert h[2012] == 23_640 + 455 and h[2013] == 24_291 and h[2026] == 25_204


def test_divided_years_are_absent_and_said_so():
    a = datasets.population("Ålesund")
    assert a.attrs["municipality_code"] == "1508"
    # 2019: 1504 Ålesund + 1523 Ørskog + 1529 Skodje + 1546 Sandøy; Haram 1534 is Haram again from 2024.
    assert a[2019] == 47_998 + 2_250 + 4_764 + 1_238
    assert a[2024] == 58_509
    assert a.attrs["missing_years"] == [2020, 2021, 2022, 2023]
    assert "1507" in a.attrs["missing_reason"]
    with pytest.raises(KeyError):
        a[2021]
    assert a.reindex(YEARS).isna().sum() == 4  # never a made-up number
    assert datasets.population("Haram")[2019] == 9_383
    h = datasets.population("Hitra")
    assert h.index[0] == 2020 and h.attrs["missing_years"] == list(range(2005, 2020))
    assert "Snillfjord" in h.attrs["missing_reason"]


@pytest.mark.parametrize(
    ("name", "choices"),
    [
        ("Snillfjord", "5055 Heim, 5056 Hitra, 5059 Orkland"),
        ("5012", "5055 Heim"),
        ("1507", "1508 Ålesund, 1580 Haram"),
        ("Tysfjord", "1806 Narvik"),
        ("Vågsøy", "4602 Kinn, 4649 Stad"),
    ],
)
def test_a_divided_old_municipality_says_so(name, choices):
    with pytest.raises(ghgtrack.ArgumentError, match=choices):
        datasets.population(name)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Røyken", "3203"),
        ("Klæbu", "5001"),
        ("Rygge", "3103"),
        ("Os (Hordaland)", "4624"),
        ("Sande (Vestfold)", "3903"),
        ("Nesbyen", "3322"),
        ("0616", "3322"),
        ("Tjøme", "3911"),
        ("Frei", "1505"),
        ("Bjarkøy", "5503"),
        ("Mosvik", "5053"),
        ("Tustna", "1576"),
        ("1159", "1160"),
        ("Kautokeino", "5612"),
        ("Hamarøy", "1875"),
        ("Snåsa", "5041"),
        ("5412", "5512"),
    ],
)
def test_old_names_and_numbers_resolve_to_today(name, code):
    assert datasets.population(name).attrs["municipality_code"] == code


def test_every_current_label_and_every_published_number_resolves(published, tables):
    _, _, whole, divided = tables
    m = datasets.municipalities()
    for code, label in zip(m["municipality_code"], m["municipality"]):
        assert datasets.population(label).attrs["municipality_code"] == code, label
    for code, y in published:
        if (code, y) in whole:
            assert datasets.population(code).attrs["municipality_code"] == whole[(code, y)], code
        else:
            with pytest.raises(ghgtrack.ArgumentError, match="was divided"):
                datasets.population(code)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Bø", "1867"),
        ("Bø (Nordland)", "1867"),
        ("Bø (Telemark)", "4020"),
        ("Bø (Telem.)", "4020"),
        ("0821", "4020"),
        ("Våler (Hedmark)", "3419"),
        ("Våler (Østfold)", "3114"),
        ("Sande", "1514"),
    ],
)
def test_a_county_in_parentheses_picks_the_right_one(name, code):
    assert datasets.population(name).attrs["municipality_code"] == code


def test_a_county_that_fits_no_municipality_is_unknown():
    with pytest.raises(ghgtrack.UnknownLabelError):
        datasets.population("Bø (Finnmark)")


def test_an_ambiguous_name_lists_the_numbers():
    with pytest.raises(ghgtrack.ArgumentError, match="3114, 3419"):
        datasets.population("Våler")


def test_the_tables_are_rebuilt_from_the_cited_change_list():
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, str(POP_DIR / "build_borders.py"), "--check"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stdout + out.stderr
    keys = {r["key"] for r in _rows("municipality_sources.csv")}
    for r in (
        _rows("municipality_changes.csv") + _rows("municipality_borders.csv") + _rows("municipality_missing_years.csv")
    ):
        assert r["source"] and all(k.strip() in keys for k in r["source"].split(";")), r


def test_lazy_and_fast():
    import subprocess
    import sys

    code = "import ghgtrack, sys; m = sys.modules.get('ghgtrack.datasets'); print(m is None or m._population_model.cache_info().currsize)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out in ("True", "0")  # importing ghgtrack reads no population file
    import time

    datasets.population("Asker")
    t = time.perf_counter()
    for _ in range(20):
        datasets.population("Asker")
    assert (time.perf_counter() - t) / 20 < 0.05
