"""The versioned JSON contract of the command line (docs/json.md): every kind
of JSON the CLI prints validates against its shipped JSON Schema, carries its
schema id, keeps years out of key names and never holds NaN or Infinity; the
dashboard example draws a real report in headless Chromium."""

import json
import math
import pathlib
import re
import shutil
import subprocess
import sys

import jsonschema
import pytest

from ghgtrack import _json
from ghgtrack.cli import build_parser, main

ROOT = pathlib.Path(__file__).resolve().parents[2]

# Oslo's total in 2009, Miljødirektoratet "Klimagassutslipp i kommuner"
# (the bundled release; the 2023 climate budget quotes 1,442,878 t from an
# older release): 1,388,245.6 t CO2e.
OSLO_2009_T = 1_388_245.6


def _validator(schema_id):
    schema = _json.load_schema(schema_id)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _strict_loads(text):
    def no_constant(name):
        raise AssertionError(f"{name} in the JSON output")

    return json.loads(text, parse_constant=no_constant)


def _run(capsys, argv, expected_code=0):
    code = main(argv)
    out = capsys.readouterr().out
    assert code == expected_code, out
    doc = _strict_loads(out)
    _validator(doc["schema"]).validate(doc)
    return doc


def _keys(x, path=""):
    if isinstance(x, dict):
        for k, v in x.items():
            yield f"{path}/{k}", k
            yield from _keys(v, f"{path}/{k}")
    elif isinstance(x, list):
        for i, v in enumerate(x):
            yield from _keys(v, f"{path}/{i}")


def _null_leaves(x, path=""):
    if x is None:
        yield path
    elif isinstance(x, dict):
        for k, v in x.items():
            yield from _null_leaves(v, f"{path}/{k}")
    elif isinstance(x, list):
        for i, v in enumerate(x):
            yield from _null_leaves(v, f"{path}/{i}")


def _resolve(doc, pointer):
    x = doc
    for tok in pointer.split("/")[1:]:
        tok = tok.replace("~1", "/").replace("~0", "~")
        x = x[int(tok)] if isinstance(x, list) else x[tok]
    return x


def _check_nulls(doc, exempt=("/source", "/municipality", "/metric")):
    """Every null number has a reason in "nulls", and every reason points at a null."""
    reasons = {n["path"]: n["reason"] for n in doc.get("nulls", [])}
    for pointer in reasons:
        assert _resolve(doc, pointer) is None, pointer
    for leaf in _null_leaves({k: v for k, v in doc.items() if k != "nulls"}):
        if not leaf.startswith(exempt):
            assert leaf in reasons, f"{leaf} is null without a reason"


# Every subcommand of the CLI and the tests below that validate its --json output.
COVERED = {"report", "gwp", "plan", "national"}  # national: tests/python/test_distributed.py


def test_every_subcommand_has_a_validated_json_output():
    parser = build_parser()
    commands = set()
    for action in parser._actions:
        if hasattr(action, "choices") and isinstance(action.choices, dict):
            commands |= set(action.choices)
    assert commands <= COVERED, f"add a schema and a validating test for {sorted(commands - COVERED)}"


@pytest.mark.parametrize("schema_id", [_json.REPORT, _json.GWP, _json.ERROR, _json.PLAN])
def test_schema_files_are_valid_and_shipped(schema_id):
    import ghgtrack

    path = pathlib.Path(_json.schema_path(schema_id))
    assert path.parent == pathlib.Path(ghgtrack.__file__).parent / "schemas"  # in the installed package
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["title"] == schema_id


def test_report_with_tracking(capsys):
    doc = _run(capsys, ["report", "--json", "--no-files", "--target", "2030:-67%", "--base-year", "2009"])
    assert doc["schema"] == "ghgtrack.report/1"
    assert doc["base_year"] == 2009
    s = doc["series"]
    actual = {p["year"]: p["tonnes_co2e"] for p in s["actual"]}
    assert [p["year"] for p in s["actual"]] == doc["years"]
    assert actual[2009] == pytest.approx(OSLO_2009_T, abs=0.1)
    # A second method: the sector series add up to the total in every year.
    for y in doc["years"]:
        by_sector = sum(p["tonnes_co2e"] for sec in s["actual_by_sector"] for p in sec["points"] if p["year"] == y)
        assert by_sector == pytest.approx(actual[y], rel=1e-9)
    assert doc["total"]["tonnes_co2e_base_year"] == pytest.approx(actual[2009])
    assert doc["total"]["tonnes_co2e_year"] == pytest.approx(actual[doc["year"]])
    # The pathway: from the 2009 level to 33 % of it in 2030 (by hand: 0.33 x 1,388,245.6 = 458,121.0 t).
    path = {p["year"]: p["tonnes_co2e"] for p in s["pathway"]}
    assert min(path) == 2009 and max(path) == 2030
    assert path[2009] == pytest.approx(OSLO_2009_T, abs=0.1)
    assert path[2030] == pytest.approx(458_121.0, abs=0.1)
    assert list(path) == list(range(2009, 2031))
    # The gap is actual - pathway in every actual year.
    for g in s["gap"]:
        assert g["tonnes_co2e"] == pytest.approx(actual[g["year"]] - path[g["year"]], abs=1e-6)
    assert [g["year"] for g in s["gap"]] == doc["years"]
    assert all(n["year"] > doc["years"][-1] for n in s["nowcast"])
    for n in s["nowcast"]:
        assert n["low"] <= n["tonnes_co2e"] <= n["high"]
    t = doc["tracking"]
    assert t["milestones"][-1]["year"] == 2030
    assert [r["year"] for r in t["required_rate_pct_per_year"]] == [2030]
    _check_nulls(doc)


def test_years_are_values_never_in_key_names(capsys):
    doc = _run(capsys, ["report", "--json", "--no-files"])
    for path, key in _keys(doc):
        if path.startswith("/source/"):
            continue
        assert not re.search(r"(19|20)\d\d", key), f"year in key name: {path}"


def test_report_without_target(capsys):
    doc = _run(capsys, ["report", "--json", "--no-target"])
    assert "tracking" not in doc and "files" not in doc
    assert set(doc["series"]) == {"actual", "actual_by_sector"}
    _check_nulls(doc)


def test_report_with_files(capsys, tmp_path):
    out = tmp_path / "out"
    doc = _run(capsys, ["report", "--json", "--out", str(out), "--target", "2030:-67%", "--base-year", "2009"])
    names = ["emissions.png", "emissions.svg", "emissions@2x.png", "status.csv", "status.html", "status.json"]
    assert sorted(pathlib.Path(f).name for f in doc["files"]) == names
    assert all(pathlib.Path(f).stat().st_size > 0 for f in doc["files"])
    assert sorted(p.name for p in out.iterdir()) == names


def _tiny_csv(path, base_road):
    """A two-sector inventory whose road sector is `base_road` t in 2019."""
    path.write_text(
        "year,sector,source,gas,value,notation\n"
        f"2019,Road,Cars,CO2,{base_road},\n"
        "2019,Heat,Oil,CO2,50,\n"
        "2020,Road,Cars,CO2,10,\n"
        "2020,Heat,Oil,CO2,40,\n"
        "2021,Road,Cars,CO2,8,\n"
        "2021,Heat,Oil,CO2,,NE\n",
        encoding="utf-8",
    )
    return path


def test_null_with_a_reason_for_undefined_numbers(capsys, tmp_path):
    csv = _tiny_csv(tmp_path / "tiny.csv", 0)
    doc = _run(capsys, ["report", str(csv), "--json", "--no-target", "--base-year", "2019", "--year", "2020"])
    road = next(s for s in doc["sectors"] if s["sector"] == "Road")
    # 0 t in 2019: a percentage change from zero is undefined, never 0 nor Infinity.
    assert road["change_pct"] is None and road["change_tonnes"] == 10.0
    reasons = {n["path"]: n["reason"] for n in doc["nulls"]}
    i = doc["sectors"].index(road)
    assert "zero" in reasons[f"/sectors/{i}/change_pct"]
    # 2021 Heat is NE: the total is incomplete, flagged, and the unknown cell listed.
    actual = {p["year"]: p for p in doc["series"]["actual"]}
    assert actual[2021]["incomplete"] is True and actual[2020]["incomplete"] is False
    assert {"year": 2021, "sector": "Heat", "source": "Oil", "gas": "CO2", "notation": "NE"} in doc["incomplete_cells"]
    _check_nulls(doc)


def test_gwp_json_validates_and_gives_reasons(capsys):
    doc = _run(capsys, ["gwp", "--json", "--gas", "N2O", "--tonnes", "2"])
    assert doc["schema"] == "ghgtrack.gwp/1"
    assert doc["gwp_table"]["NF3"]["SARGWP100"] is None  # not in the IPCC SAR table
    reasons = {n["path"]: n["reason"] for n in doc["nulls"]}
    assert "/gwp_table/NF3/SARGWP100" in reasons
    _check_nulls(doc)


def test_nan_is_never_printed():
    # The helper alone: NaN and +-inf become null with a generic reason; a
    # Null keeps its own reason; JSON pointers escape "/" and "~".
    doc = {"a": float("nan"), "b": [1.0, float("inf")], "c/d": _json.Null("because"), "e": -math.inf}
    text = _json.dumps(doc)
    back = _strict_loads(text)
    assert back["a"] is None and back["b"] == [1.0, None] and back["c/d"] is None
    assert {n["path"]: n["reason"] for n in back["nulls"]} == {
        "/a": "not a number (NaN) in the computation",
        "/b/1": "infinite (+Infinity)",
        "/c~1d": "because",
        "/e": "infinite (-Infinity)",
    }


ERROR_CASES = {
    "unknown option": (["report", "--json", "--no-such-option"], 2, "usage"),
    "bad option value": (["report", "--json", "--no-files", "--target", "2030:67%"], 2, "usage"),
    "bad gas": (["gwp", "--json", "--gas", "XYZ"], 2, "usage"),
    "year not in data": (["report", "--json", "--no-files", "--year", "1900"], 2, "usage"),
    "missing file": (["report", "--json", "no-such-file.xlsx"], 3, "input"),
    "other municipality": (["report", "--json", "--no-files", "--municipality", "Asker"], 3, "input"),
}


@pytest.mark.parametrize("case", list(ERROR_CASES), ids=list(ERROR_CASES))
def test_errors_under_json_are_json_on_stdout(case, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    argv, code, kind = ERROR_CASES[case]
    doc = _run(capsys, argv, expected_code=code)
    assert doc["schema"] == "ghgtrack.error/1"
    assert doc["exit_code"] == code and doc["error"]["kind"] == kind
    assert doc["error"]["message"]


def test_input_error_carries_file_row_column_value(capsys, tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text(
        "year,sector,source,gas,value,notation\n2019,Road,Cars,CO2,12,\n2020,Road,Cars,CO2,twelve,\n", encoding="utf-8"
    )
    doc = _run(capsys, ["report", str(csv), "--json", "--no-target"], expected_code=3)
    e = doc["error"]
    assert e["kind"] == "input" and e["file"] == str(csv)
    assert e["row"] == 3 and e["column"] == "value" and e["value"] == "twelve"


def test_output_error_is_json_with_exit_4(capsys, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    doc = _run(capsys, ["report", "--json", "--out", str(blocker / "sub")], expected_code=4)
    assert doc["error"]["kind"] == "output" and doc["error"]["file"].startswith(str(blocker))


def test_internal_error_is_json_with_exit_70(capsys, monkeypatch):
    import ghgtrack.cli

    def broken(*a, **k):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(ghgtrack.cli, "report_payload", broken)
    doc = _run(capsys, ["report", "--json", "--no-files"], expected_code=70)
    assert doc["error"]["kind"] == "internal" and "simulated bug" in doc["error"]["message"]


def test_dashboard_example_draws_a_saved_report(tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Debian's chromium is not installed (scripts/setup.sh installs it)")
    r = subprocess.run(
        [sys.executable, "-m", "ghgtrack", "report", "--json", "--no-files", "--target", "2030:-67%"],
        capture_output=True,
        text=True,
        check=True,
    )
    doc = _strict_loads(r.stdout)
    saved = tmp_path / "oslo.json"
    saved.write_text(r.stdout, encoding="utf-8")
    page = ROOT / "docs" / "dashboard-example.html"
    r = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--allow-file-access-from-files",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
            "--dump-dom",
            page.as_uri() + "?src=" + saved.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    console = [line for line in r.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    assert console == [], console
    dom = r.stdout
    state = re.search(r'<p id="state"[^>]*>', dom).group(0)
    assert 'data-state="drawn"' in state, state
    # One bar per sector-year with emissions, one pathway point per pathway year.
    bars = sum(1 for sec in doc["series"]["actual_by_sector"] for p in sec["points"] if (p["tonnes_co2e"] or 0) > 0)
    assert f'data-bars="{bars}"' in state
    assert f'data-pathway-points="{len(doc["series"]["pathway"])}"' in state
    assert f'data-nowcast-points="{len(doc["series"]["nowcast"])}"' in state
    assert dom.count('class="bar"') == bars
    assert doc["tracking"]["status"] in dom


def test_plan_json_validates_and_report_embeds_it(capsys, tmp_path):
    # The plan document: its schema id, no NaN, no year in a key name.
    doc = _run(capsys, ["plan", "--json"])
    assert doc["schema"] == _json.PLAN
    assert doc["target"]["base_level_t"] == pytest.approx(OSLO_2009_T)
    # 2030 level of -95 % vs 2009, by hand: 0.05 x 1,388,245.6 = 69,412.28 t.
    assert doc["target"]["target_level_t"] == pytest.approx(0.05 * OSLO_2009_T)
    for path, key in _keys(doc):
        assert not re.search(r"(19|20)\d\d", key), path
    # report --measures carries the same plan document, validated by its own schema.
    measures = ROOT / "tests" / "data" / "oslo_measures_2023.csv"
    rep = _run(capsys, ["report", "--measures", str(measures), "--no-files", "--json"])
    assert rep["plan"]["schema"] == _json.PLAN
    _validator(_json.PLAN).validate(rep["plan"])
