"""The inventory from Python, on Miljødirektoratet's real Oslo file.

Independent references: the workbook's own overview sheet (the published
sector totals, read here with openpyxl directly) and sums worked by hand."""

import json
import pathlib
import subprocess
import sys

import numpy as np
import openpyxl
import pandas as pd
import pytest

import ghgtrack
from ghgtrack import datasets

XLSX = datasets.path("Utslippsregnskap_Oslo.xlsx")


@pytest.fixture(scope="module")
def oslo():
    return datasets.oslo()


@pytest.fixture(scope="module")
def published():
    """Oslo's published sector totals: the 'Oversikt' sheet, read directly."""
    wb = openpyxl.load_workbook(XLSX, read_only=True)
    rows = list(wb["Oversikt"].iter_rows(values_only=True))[1:]
    return pd.DataFrame(rows, columns=["year", "sector", "t"]).set_index(["year", "sector"])["t"]


def test_shape_of_the_real_file(oslo):
    assert oslo.years == [2009, 2011, 2013] + list(range(2015, 2025))
    assert len(oslo.sectors) == 10 and "produkter med fluorgasser" in oslo.sectors
    assert oslo.gases == ["CO2", "CH4", "N2O", "SF6", "HFCs"]  # "HFK" read as the HFC basket
    assert oslo.metric == "AR5GWP100"
    # Trailing newlines in source names are gone.
    assert not any(s.endswith("\n") for s in oslo.categories["source"])
    assert "Andre næringer" in set(oslo.categories["source"])
    assert oslo.provenance["publisher"] == "Miljødirektoratet"


def test_sector_totals_equal_the_published_overview(oslo, published):
    by_sector = oslo.by_sector()
    for (year, sector), value in published.items():
        assert by_sector.loc[sector, year] == pytest.approx(value, abs=0.05 * 40)
    assert oslo.checks["ok"].all()
    assert len(oslo.checks) == 130


def test_totals_by_hand_from_the_overview(oslo, published):
    # 2009: the ten published sector totals of the Oversikt sheet summed.
    assert float(oslo.total(2009)) == pytest.approx(published.loc[2009].sum(), abs=1e-6)
    assert float(oslo.total(2009)) == pytest.approx(1388245.6, abs=1e-6)
    t = oslo.total()
    assert list(t.index) == oslo.years
    assert t.attrs["unit"] == "t CO2e"


def test_change_shares_and_per_capita(oslo):
    ch = oslo.change(2009, 2024, by=None)
    # (944853.2 - 1388245.6) / 1388245.6 = -31.94 %
    assert ch["change_pct"].iloc[0] == pytest.approx((944853.2 - 1388245.6) / 1388245.6 * 100, rel=1e-9)
    shares = oslo.shares(2024)
    assert shares.sum() == pytest.approx(100.0)
    assert shares["Veitrafikk"] == pytest.approx(361224.8 / 944853.2 * 100, rel=1e-6)
    pop = {y: 700_000.0 for y in oslo.years}
    pc = oslo.per_capita(pop)
    assert pc[2009] == pytest.approx(1388245.6 / 700_000.0)
    with pytest.raises(KeyError, match="2024"):
        oslo.per_capita({2009: 1.0})


def test_selection(oslo):
    s = oslo.select(years=[2009, 2024], sectors=["Veitrafikk"], gases=["CO2"])
    assert s.years == [2009, 2024] and s.sectors == ["Veitrafikk"] and s.gases == ["CO2"]
    assert float(s.total(2024)) == pytest.approx(
        oslo.to_frame().query("year == 2024 and sector == 'Veitrafikk' and gas == 'CO2'")["value"].sum()
    )
    with pytest.raises(KeyError, match="Landbruk"):
        oslo.select(sectors=["Landbruk"])
    with pytest.raises(KeyError):
        oslo.select(years=[2010])


def test_restating_needs_per_gas_detail(oslo):
    with pytest.raises(ghgtrack.IncompatibleError, match="HFCs.*basket"):
        oslo.restate("AR6GWP100")
    no_hfc = oslo.select(gases=["CO2", "CH4", "N2O", "SF6"])
    r = no_hfc.restate("AR4GWP100")
    by_gas_old = no_hfc.by_gas()[2009]
    by_gas_new = r.by_gas()[2009]
    # Gas by gas: CH4 x 25/28, N2O x 298/265, SF6 x 22800/23500, CO2 unchanged.
    assert by_gas_new["CO2"] == by_gas_old["CO2"]
    assert by_gas_new["CH4"] == pytest.approx(by_gas_old["CH4"] * 25 / 28)
    assert by_gas_new["N2O"] == pytest.approx(by_gas_old["N2O"] * 298 / 265)
    assert by_gas_new["SF6"] == pytest.approx(by_gas_old["SF6"] * 22800 / 23500)


def test_notation_keys_flow_through_sums():
    df = pd.DataFrame(
        {
            "year": [2020, 2020, 2021, 2021],
            "sector": ["A", "B", "A", "B"],
            "source": ["a", "b", "a", "b"],
            "gas": ["CO2", "CH4", "CO2", "CH4"],
            "value": [10.0, np.nan, 12.0, 3.0],
            "notation": ["", "NE", "", ""],
        }
    )
    inv = ghgtrack.Inventory.from_frame(df, metric="AR5GWP100")
    t2020 = inv.total(2020)
    assert float(t2020) == 10.0 and t2020.incomplete
    assert not inv.total(2021).incomplete and float(inv.total(2021)) == 15.0
    assert inv.by_sector().attrs["incomplete"] == [("B", 2020)]
    assert ghgtrack.inventory.incomplete_mask(inv.by_sector()).loc["B", 2020]
    assert "incomplete" in repr(t2020)
    cells = inv.incomplete_cells()
    assert cells.to_dict("records") == [{"year": 2020, "sector": "B", "source": "b", "gas": "CH4", "notation": "NE"}]
    with pytest.raises(ValueError, match="no notation key"):
        ghgtrack.Inventory.from_frame(df.assign(notation=""))


def test_row_order_does_not_matter(oslo):
    df = oslo.to_frame()
    shuffled = df.sample(frac=1.0, random_state=3)
    again = ghgtrack.Inventory.from_frame(shuffled)
    assert again == oslo
    pd.testing.assert_frame_equal(again.by_sector(), oslo.by_sector())


def test_csv_round_trip_is_exact(oslo, tmp_path):
    p = tmp_path / "oslo.csv"
    oslo.to_csv(p)
    back = ghgtrack.read_csv(p)
    assert back == oslo  # same labels, bitwise-equal values, same keys
    # The frame path too.
    assert ghgtrack.Inventory.from_frame(oslo.to_frame()) == oslo


def test_pickle_round_trip(oslo):
    import pickle

    assert pickle.loads(pickle.dumps(oslo)) == oslo


def test_iamc_round_trip_with_pyam(oslo, tmp_path):
    pyam = pytest.importorskip("pyam")
    path = tmp_path / "oslo_iamc.csv"
    wide = oslo.to_iamc(path)
    assert list(wide.columns[:6]) == ["model", "scenario", "region", "variable", "unit", "metric"]
    # pyam reads what ghgtrack writes ...
    df = pyam.IamDataFrame(str(path))
    assert df.region == ["Oslo"]
    v = df.filter(variable="Emissions|Veitrafikk|Personbiler|CO2", year=2009).data["value"].iloc[0]
    fr = oslo.to_frame()
    assert v == fr.query("year == 2009 and source == 'Personbiler' and gas == 'CO2'")["value"].iloc[0]
    # ... pyam aggregates sources into sectors like ghgtrack does ...
    agg = df.aggregate(
        "Emissions|Veitrafikk", components=[v for v in df.variable if v.startswith("Emissions|Veitrafikk|")]
    )
    assert agg.filter(year=2024).data["value"].iloc[0] == pytest.approx(oslo.by_sector().loc["Veitrafikk", 2024])
    # ... and ghgtrack reads what pyam writes, exactly.
    path2 = tmp_path / "from_pyam.csv"
    df.to_csv(path2)
    back = ghgtrack.read_iamc(path2)
    assert back.metric == "AR5GWP100"
    np.testing.assert_array_equal(back.by_source().to_numpy(), oslo.by_source().to_numpy())
    assert ghgtrack.read_iamc(df) is not None
    # xlsx too.
    path3 = tmp_path / "oslo.xlsx"
    oslo.to_iamc(path3)
    np.testing.assert_array_equal(ghgtrack.read_iamc(path3).by_source().to_numpy(), oslo.by_source().to_numpy())


def test_ssb_national_series():
    nat = datasets.ssb_national()
    assert nat.metric == "AR4GWP100"
    assert nat.years[0] == 1990 and nat.years[-1] == 2021
    # SSB: source rows sum to "0 Alle kilder" (51 342 kt in 1990) within 2 kt.
    assert float(nat.total(1990)) == pytest.approx(51342e3, abs=2e3)
    by_gas = datasets.ssb_national(by="gas")
    assert set(by_gas.gases) == {"CO2", "CH4", "N2O", "SF6", "HFCs", "PFCs"}
    assert float(by_gas.total(1990)) == pytest.approx(51342e3, abs=2e3)


def test_merge_boundaries(oslo):
    a = oslo.select(sectors=["Veitrafikk", "Jordbruk"])
    merged = ghgtrack.merge({"Asker": a, "Røyken": a, "Hurum": a})
    assert float(merged.total(2009)) == pytest.approx(3 * float(a.total(2009)))
    other = oslo.select(sectors=["Veitrafikk"])
    with pytest.raises(ghgtrack.IncompatibleError, match="Hurum|Asker"):
        ghgtrack.merge({"Asker": a, "Hurum": other})
    with pytest.raises(ghgtrack.IncompatibleError, match="years"):
        ghgtrack.merge([a, a.select(years=[2009, 2024])])


def test_releases_diff(oslo):
    # A recalculated "new release": one value revised, and 2025 added.
    df = oslo.to_frame()
    new = df.copy()
    i = new.index[(new.year == 2015) & (new.source == "Personbiler") & (new.gas == "CO2")][0]
    new.loc[i, "value"] += 1000.0
    rel = ghgtrack.Releases({"2024": oslo, "2025": ghgtrack.Inventory.from_frame(new)})
    d = rel.diff("2024", "2025")
    assert list(d.index) == [(2015, "Veitrafikk")]
    assert d["change_tonnes"].iloc[0] == pytest.approx(1000.0)
    assert d["status"].iloc[0] == "changed"


def test_activity_based_sources():
    lib = datasets.emission_factors()
    diesel = lib.factor("Diesel", per="l")
    assert diesel.value == 2.66 and diesel.unit == "kg CO2/l"
    # 10 m3 of diesel = 10 000 l x 2.66 kg = 26.6 t CO2 (by hand).
    assert diesel.tonnes(10.0, "m3") == pytest.approx(26.6)
    oil = lib.factor("Fyringsolje (olje) - KOSTRA", per="kWh")
    assert oil.tonnes(40.0, "MWh") == pytest.approx(10.58)  # 40 000 kWh x 264.5 g
    with pytest.raises(ValueError, match="converting"):
        diesel.tonnes(5.0, "kWh")
    src = ghgtrack.factors.ActivitySource("Oppvarming", "Fossil olje", 40.0, "MWh", [oil])
    inv = ghgtrack.factors.inventory_from_activities({2024: [src]})
    assert float(inv.total(2024)) == pytest.approx(10.58)
    assert oil.source_url.startswith("https://www.ssb.no")


def test_all_municipality_layout(tmp_path):
    # The national file's layout: extra columns naming county and municipality.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Oversikt - detaljert"
    ws.append(
        [
            "Fylke",
            "Kommunenummer",
            "Kommune",
            "År",
            "Sektor",
            "Utslippskilde",
            "Klimagass",
            "Utslipp (tonn CO₂-ekvivalenter)",
        ]
    )
    for knr, name, v in [("3203", "Asker", 10.0), ("0301", "Oslo", 20.0), ("3201", "Bærum", 30.0)]:
        ws.append(["Akershus", knr, name, 2009, "Veitrafikk", "Personbiler\n", "CO2", v])
        ws.append(["Akershus", knr, name, 2024, "Veitrafikk", "Personbiler\n", "CO2", v / 2])
    p = tmp_path / "alle.xlsx"
    wb.save(p)
    asker = ghgtrack.read_miljodirektoratet(p, municipality="Asker")
    assert float(asker.total(2009)) == 10.0
    by_number = ghgtrack.read_miljodirektoratet(p, municipality="3203")
    assert by_number == asker
    two = ghgtrack.read_miljodirektoratet(p, municipality=["Asker", "Bærum"])
    assert set(two) == {"Asker", "Bærum"} and float(two["Bærum"].total(2024)) == 15.0
    with pytest.raises(ghgtrack.InputError, match="3 municipalities"):
        ghgtrack.read_miljodirektoratet(p)
    with pytest.raises(ghgtrack.InputError, match="Drammen"):
        ghgtrack.read_miljodirektoratet(p, municipality="Drammen")


def test_overview_mismatch_warns(tmp_path):
    wb = openpyxl.load_workbook(XLSX)
    wb["Oversikt"]["C2"] = 999.0  # 2009 Annen mobil forbrenning
    p = tmp_path / "mismatch.xlsx"
    wb.save(p)
    with pytest.warns(ghgtrack.DataWarning, match="2009 Annen mobil forbrenning"):
        inv = ghgtrack.read_miljodirektoratet(p)
    assert not inv.checks["ok"].all()


def test_inventory_plot(oslo):
    import matplotlib

    matplotlib.use("Agg")
    ax = oslo.plot()
    # The stacked bars of the last year reach the published 2024 total (kt).
    heights = {}
    for patch in ax.patches:
        x = round(patch.get_x() + patch.get_width() / 2)
        heights[x] = max(heights.get(x, 0.0), patch.get_y() + patch.get_height())
    assert heights[2024] == pytest.approx(944853.2 / 1e3)
    assert oslo.plot(by="gas").get_title().endswith("by gas")


def test_notebook_reprs(oslo):
    assert "Oslo" in repr(oslo) and "AR5GWP100" in repr(oslo)
    html = oslo._repr_html_()
    assert "<table" in html and "Veitrafikk" in html


def test_report_command_text_and_json(tmp_path):
    r = subprocess.run([sys.executable, "-m", "ghgtrack"], capture_output=True, text=True, check=True, cwd=tmp_path)
    # English terminal text in the one English number format (ghgtrack._format).
    assert "Oslo" in r.stdout and "1,388,245.6" in r.stdout and "-31.9\u00a0%" in r.stdout
    r = subprocess.run(
        [sys.executable, "-m", "ghgtrack", "report", str(XLSX), "--json", "--no-files"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    data = json.loads(r.stdout)
    assert data["base_year"] == 2009  # years are values, never in key names (ghgtrack.report/1)
    assert data["total"]["tonnes_co2e_base_year"] == pytest.approx(1388245.6)
    assert data["overview_check"]["all_ok"]
    assert data["largest_sources"][0]["source"] == "Energiforsyning / Avfallsforbrenning"


def test_a_string_is_one_name_not_letters(oslo):
    # Papercut: select(sectors="Veitrafikk") is the sector, not V, e, i, ...
    assert oslo.select(sectors="Veitrafikk") == oslo.select(sectors=["Veitrafikk"])
    assert oslo.select(gases="CO2").gases == ["CO2"]
    assert oslo.select(years=2024).years == [2024]
    cars = oslo.select(sources="Personbiler")
    assert set(cars.categories["source"]) == {"Personbiler"}
    # By hand from the tidy rows: every Personbiler row of 2024.
    rows = oslo.to_frame().query("year == 2024 and source == 'Personbiler'")
    assert float(cars.total(2024)) == pytest.approx(rows["value"].sum())
    with pytest.raises(KeyError, match="Romskip"):
        oslo.select(sources="Romskip")


def test_by_sector_takes_one_year_as_total_does(oslo):
    # Papercut: by_sector(2024) works like total(2024) (an int, not a list).
    pd.testing.assert_frame_equal(oslo.by_sector(2024), oslo.by_sector([2024]))
    pd.testing.assert_frame_equal(oslo.by_source(2024), oslo.by_source([2024]))
    pd.testing.assert_frame_equal(oslo.by_gas(2009), oslo.by_gas([2009]))
    assert oslo.by_sector(2024)[2024].sum() == pytest.approx(944853.2)  # the published 2024 total


def test_csv_reader_threads_give_identical_results(oslo, tmp_path):
    p = tmp_path / "oslo.csv"
    oslo.to_csv(p)
    one = ghgtrack.read_csv(p)
    assert ghgtrack.read_csv(p, threads=0) == one
    assert ghgtrack.read_csv(p, threads=3) == one
    big = pd.concat([oslo.to_frame().assign(source=lambda d, k=k: d["source"] + f" {k}") for k in range(200)])
    q = tmp_path / "big.csv"
    ghgtrack.Inventory.from_frame(big).to_csv(q)
    assert q.stat().st_size > 4 << 20  # large enough to be cut into parts
    assert ghgtrack.read_csv(q, threads=4) == ghgtrack.read_csv(q, threads=1)


def test_python_modules_import_no_circles():
    # Module-level imports between ghgtrack's own modules form no cycle, and
    # the I/O modules import Inventory, never the reverse.
    import ast

    pkg = pathlib.Path(ghgtrack.__file__).parent
    graph = {}
    for f in pkg.glob("*.py"):
        deps = set()
        for node in ast.parse(f.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    deps.add(node.module.split(".")[0])
                else:
                    deps.update(a.name for a in node.names)
        graph[f.stem] = deps & {g.stem for g in pkg.glob("*.py")}
    assert not graph["inventory"] & {"iamc", "readers", "datasets", "factors", "releases"}
    seen, stack = set(), []

    def visit(m):
        assert m not in stack, f"import circle: {' -> '.join(stack + [m])}"
        if m in seen:
            return
        stack.append(m)
        for d in graph.get(m, ()):
            visit(d)
        stack.pop()
        seen.add(m)

    for m in graph:
        visit(m)


def test_notation_names_come_from_the_core():
    from ghgtrack import _core

    assert ghgtrack.inventory.NOTATION_NAMES == _core.notation_names()
    assert [ghgtrack.inventory.NOTATION_NAMES[c] for c in _core.unknown_notation_codes()] == ["NE", "C", "missing"]
    assert ghgtrack.inventory.TIDY_COLUMNS == ["year", "sector", "source", "gas", "value", "unit", "metric", "notation"]


# --- issue 11: the C++ reader against the openpyxl reader it replaced ---------


def _old_reader():
    """The openpyxl reader as it was, kept in bench/bench_xlsx.py for the
    comparison (a second, independent implementation)."""
    import importlib.util

    path = pathlib.Path(__file__).resolve().parents[2] / "bench" / "bench_xlsx.py"
    spec = importlib.util.spec_from_file_location("bench_xlsx", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.old_read_miljodirektoratet


def _assert_identical(new, old):
    assert new.years == old.years and new.gases == old.gases and new.metric == old.metric
    assert new._core.categories == old._core.categories
    # Every number exactly (bitwise), and every notation key.
    np.testing.assert_array_equal(np.asarray(new._core.values), np.asarray(old._core.values))
    np.testing.assert_array_equal(np.asarray(new._core.keys), np.asarray(old._core.keys))
    assert new.provenance == old.provenance
    if old.checks is None:
        assert new.checks is None
    else:
        pd.testing.assert_frame_equal(new.checks, old.checks, check_index_type=False)


def test_cpp_reader_identical_to_openpyxl_reader_on_the_bundled_file():
    old = _old_reader()(XLSX)
    new = ghgtrack.read_miljodirektoratet(XLSX)
    _assert_identical(new, old)
    assert len(new.provenance["inferred_not_occurring"]) > 0
    assert new.checks["ok"].all()


def test_cpp_reader_identical_on_a_mismatching_overview(tmp_path):
    wb = openpyxl.load_workbook(XLSX)
    wb["Oversikt"]["C2"] = 999.0
    wb["Oversikt"]["C30"] = "7,5"  # a Norwegian decimal comma in the overview
    p = tmp_path / "mismatch.xlsx"
    wb.save(p)
    with pytest.warns(ghgtrack.DataWarning) as w_old:
        old = _old_reader()(p)
    with pytest.warns(ghgtrack.DataWarning) as w_new:
        new = ghgtrack.read_miljodirektoratet(p)
    _assert_identical(new, old)
    assert str(w_new[0].message) == str(w_old[0].message)


def test_cpp_reader_identical_on_the_all_municipality_layout(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Oversikt - detaljert"
    ws.append(
        [
            "Fylke",
            "Kommunenummer",
            "Kommune",
            "År",
            "Sektor",
            "Utslippskilde",
            "Klimagass",
            "Utslipp (tonn CO₂-ekvivalenter)",
        ]
    )
    for knr, name, v in [("0301", "Oslo", 20.0), ("3203", "Asker", 10.5), ("3201", "Bærum\n", 30.25)]:
        for year in (2009, 2015, 2024):
            ws.append(["Akershus", knr, name, year, "Veitrafikk", "Personbiler\n", "CO2", v * (year - 2000)])
            ws.append(["Akershus", knr, name, year, "Jordbruk", "Gjødsel", "N2O", "1,5"])
    p = tmp_path / "alle.xlsx"
    wb.save(p)
    old = _old_reader()
    for m in ["Asker", "301", "0301", "bærum", ["Asker", "Bærum"], ["3201"]]:
        a, b = ghgtrack.read_miljodirektoratet(p, municipality=m), old(p, municipality=m)
        if isinstance(m, list):
            assert list(a) == list(b)
            for k in a:
                _assert_identical(a[k], b[k])
        else:
            _assert_identical(a, b)


def test_another_municipality_on_a_per_municipality_file_is_an_error():
    # Issue 11: `--municipality Asker` on Oslo's file used to report Oslo.
    with pytest.raises(ghgtrack.InputError) as info:
        ghgtrack.read_miljodirektoratet(XLSX, municipality="Asker")
    msg = str(info.value)
    assert "Oslo" in msg and "Asker" in msg and "Utslippsregnskap_Oslo.xlsx" in msg
    assert info.value.column == "municipality" and info.value.value == "Asker"
    assert ghgtrack.read_miljodirektoratet(XLSX, municipality="oslo") == ghgtrack.read_miljodirektoratet(XLSX)
    r = subprocess.run(
        [sys.executable, "-m", "ghgtrack", "report", str(XLSX), "--municipality", "Asker", "--no-files"],
        capture_output=True,
        text=True,
    )
    assert r.returncode != 0 and "Asker" in r.stderr + r.stdout and "Oslo" in r.stderr + r.stdout
