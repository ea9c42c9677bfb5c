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


# ---------------------------------------------------------------------------
# Exit codes (docs/json.md): 0 success, 1 off track with --fail-off-track,
# 2 usage, 3 input data error, 4 output error, 70 internal error.

OSLO_ARGS = ["report", "--no-files", "--target", "2030:-67%", "--base-year", "2009"]


def _cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "ghgtrack", *args], capture_output=True, text=True, **kw)


def test_usage_error_exits_2_with_argparse_message(capsys):
    assert main(["report", "--no-such-option"]) == 2
    err = capsys.readouterr().err
    assert "unrecognized arguments: --no-such-option" in err and "usage:" in err


def test_bad_target_is_a_usage_error(capsys):
    assert main(["report", "--no-files", "--target", "2030:67%", "--base-year", "2009"]) == 2
    assert "ghgtrack: error:" in capsys.readouterr().err


def test_missing_input_file_exits_3(capsys, tmp_path):
    assert main(["report", str(tmp_path / "nope.xlsx")]) == 3
    assert "nope.xlsx" in capsys.readouterr().err


def test_other_municipality_on_oslos_file_exits_3_naming_both(capsys):
    import ghgtrack

    oslo_file = ghgtrack.datasets.path("Utslippsregnskap_Oslo.xlsx")
    assert main(["report", str(oslo_file), "--no-files", "--municipality", "Asker"]) == 3
    err = capsys.readouterr().err
    assert "Asker" in err and "Oslo" in err
    # The right name is accepted.
    assert main(["report", str(oslo_file), "--no-files", "--no-target", "--municipality", "Oslo"]) == 0


def test_output_error_exits_4(capsys, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert main(["report", "--out", str(blocker / "sub")]) == 4
    assert "ghgtrack: error:" in capsys.readouterr().err


def test_stdout_on_a_full_disk_exits_4():
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "ghgtrack", "gwp", "--json"], stdout=full, stderr=subprocess.PIPE)
    assert r.returncode == 4, r.stderr
    assert b"Traceback" not in r.stderr


def test_internal_error_exits_70_with_traceback(capsys, monkeypatch):
    import ghgtrack.cli

    def broken(*a, **k):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(ghgtrack.cli, "report_payload", broken)
    assert main(["report", "--no-files"]) == 70
    err = capsys.readouterr().err
    assert "internal error" in err and "simulated bug" in err and "Traceback" in err


def test_fail_off_track(capsys):
    assert main(["report", "--json", *OSLO_ARGS[1:]]) == 0
    status = json.loads(capsys.readouterr().out)["tracking"]["status"]
    code = main(["report", "--json", "--fail-off-track", *OSLO_ARGS[1:]])
    doc = json.loads(capsys.readouterr().out)  # the report is printed as usual
    assert doc["tracking"]["status"] == status
    assert code == (1 if status == "off track" else 0)
    # Oslo against its own -95 % by 2030 target (the bundled default) is off
    # track: 2024 is far above the straight line from 2009 to 5 % of it.
    assert main(["report", "--no-files", "--fail-off-track"]) == 1
    out = capsys.readouterr().out
    assert "OFF TRACK" in out
    # A lenient target (-10 % by 2030; Oslo was already more than 10 % below 2009) passes.
    assert main(["report", "--no-files", "--fail-off-track", "--target", "2030:-10%", "--base-year", "2009"]) == 0


def test_fail_off_track_needs_a_target(capsys):
    assert main(["report", "--no-files", "--no-target", "--fail-off-track"]) == 2
    assert "needs a target" in capsys.readouterr().err


def test_report_is_the_default_command(capsys):
    assert main(["--json", "--no-files", "--no-target"]) == 0
    assert json.loads(capsys.readouterr().out)["schema"] == "ghgtrack.report/1"


def test_broken_pipe_into_head_ends_quietly(tmp_path):
    # Whether the writer meets the closed pipe depends on timing (the JSON is
    # about 30 kB); either way nothing may be said and the exit code is 0.
    # test_write_to_a_closed_pipe_ends_quietly below forces the broken pipe.
    r = subprocess.run(
        f'"{sys.executable}" -m ghgtrack report --json --no-files 2>err.txt | head -c 10; echo "${{PIPESTATUS[0]}}" >rc.txt',
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert r.stdout == '{\n  "schem'
    assert (tmp_path / "err.txt").read_text() == ""
    assert (tmp_path / "rc.txt").read_text().strip() == "0"


def test_write_to_a_closed_pipe_ends_quietly(tmp_path):
    # Deterministic: the reading end is closed before the command starts.
    import os

    rd, wr = os.pipe()
    os.close(rd)
    try:
        r = subprocess.run(
            [sys.executable, "-m", "ghgtrack", "gwp", "--json"], stdout=wr, stderr=subprocess.PIPE, cwd=tmp_path
        )
    finally:
        os.close(wr)
    assert r.stderr == b"" and r.returncode == 0


# ---------------------------------------------------------------------------
# Report files are written atomically.


def _file_state(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_report_files_written_together(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["report", "--out", str(out), "--target", "2030:-67%", "--base-year", "2009"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "emissions.png",
        "emissions.svg",
        "emissions@2x.png",
        "status.csv",
        "status.html",
        "status.json",
    ]
    page = (out / "status.html").read_text(encoding="utf-8")
    assert page.rstrip().endswith("</html>")
    # The page's sector table reads the payload's new keys: Oslo's 2009 total
    # (1,388,245.6 t, the bundled Miljødirektoratet release) in the table, in
    # bokmål (the default for Miljødirektoratet's data: a no-break space groups thousands).
    assert "1\u00a0388\u00a0246" in page


def test_failed_run_leaves_old_files_untouched(tmp_path, capsys, monkeypatch):
    import ghgtrack.cli

    out = tmp_path / "out"
    assert main(["report", "--out", str(out), "--target", "2030:-67%", "--base-year", "2009"]) == 0
    before = _file_state(out)

    def broken_page(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ghgtrack.cli, "html_page", broken_page)
    # A different target would give a different chart: none of it may land.
    assert main(["report", "--out", str(out), "--target", "2030:-50%", "--base-year", "2009"]) == 4
    assert _file_state(out) == before  # no new chart beside the old page, no staging folder left


def test_unknown_subcommand_is_a_usage_error(capsys):
    assert main(["no-such-command"]) == 2
    assert "invalid choice: 'no-such-command'" in capsys.readouterr().err
