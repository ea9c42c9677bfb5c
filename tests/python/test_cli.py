import json
import subprocess
import sys

from ghgtrack.cli import main


def test_gwp_report(capsys):
    assert main(["gwp"]) == 0
    out = capsys.readouterr().out
    assert "AR6GWP20" in out and "HFC-134a" in out
    # 100 t CH4 x 28 (AR5) = 2,800 t CO2e.
    assert "2,800.0 t CO2e" in out


def test_gwp_json(capsys):
    assert main(["gwp", "--json", "--gas", "Lystgass", "--tonnes", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["example"]["gas"] == "N2O"
    assert data["example"]["tonnes_co2e"] == 530.0  # 2 x 265
    assert data["gwp_table"]["NF3"]["SARGWP100"] is None
    assert data["example"]["tonnes_co2e_by_metric"]["SARGWP100"] == 620.0  # 2 x 310


def test_bad_gas_exits_2(capsys):
    assert main(["gwp", "--gas", "XYZ"]) == 2
    assert "unknown gas 'XYZ'" in capsys.readouterr().err


def test_console_script_runs(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "ghgtrack", "gwp", "--json"], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert json.loads(r.stdout)["example"]["metric"] == "AR5GWP100"


def test_report_json_rounds_year_reached_by_the_one_rule(capsys):
    import ghgtrack

    assert main(["report", "--json", "--no-files", "--target", "2030:-67%", "--base-year", "2009"]) == 0
    t = json.loads(capsys.readouterr().out)["tracking"]
    exact = t["year_target_reached_on_trend_exact"]
    assert isinstance(t["year_target_reached_on_trend"], int)
    assert t["year_target_reached_on_trend"] == ghgtrack.whole_year(exact)
    # Oslo overspent the -67 % pathway's budget: the run-out says so (not "never").
    assert t["budget_run_out"] in ("overspent", "runs out", "never runs out")
    if t["budget_run_out"] == "overspent":
        assert t["budget_overspent_since"] >= 2009 and t["budget_run_out_year"] is None


def test_report_text_uses_the_same_year(capsys):
    assert main(["report", "--no-files", "--target", "2030:-67%", "--base-year", "2009"]) == 0
    out = capsys.readouterr().out
    assert main(["report", "--json", "--no-files", "--target", "2030:-67%", "--base-year", "2009"]) == 0
    t = json.loads(capsys.readouterr().out)["tracking"]
    if t["year_target_reached_on_trend"] is not None:
        assert f"is reached in {t['year_target_reached_on_trend']} " in out
