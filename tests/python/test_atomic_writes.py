"""Every file the library or the CLI writes goes through one helper
(ghgtrack/_atomic.py): a temporary file in the same folder, then renamed; a
report's files together through a staging folder. An interrupted (SIGKILL
at many points) or failing run (a file-size limit, a folder that is a
file, a name too long, a chart that cannot be drawn) leaves the previous
files intact: never a 0-byte or truncated file. Failures while writing are
one message and exit code 4 (docs/json.md), never a traceback."""

import json
import os
import pathlib
import random
import resource
import signal
import subprocess
import sys
import time

import pytest

from ghgtrack import _atomic
from ghgtrack.cli import main

ROOT = pathlib.Path(__file__).resolve().parents[2]
OSLO_CSV = ROOT / "tests" / "data" / "oslo_tidy.csv"
# What `ghgtrack report` writes (the status page, issue 16: chart in three forms, the figures behind it).
REPORT_FILES = ("emissions.png", "emissions@2x.png", "emissions.svg", "status.csv", "status.html", "status.json")


def _complete(path: pathlib.Path) -> bool:
    """The file is whole: PNG ends with its IEND chunk, SVG and HTML with
    their closing tags."""
    data = path.read_bytes()
    if path.suffix == ".png":
        return data.startswith(b"\x89PNG") and data.endswith(b"IEND\xaeB`\x82")
    if path.suffix == ".svg":
        return data.rstrip().endswith(b"</svg>")
    if path.suffix == ".html":
        return data.rstrip().endswith(b"</html>")
    return len(data) > 0


def _cli(args, **kw):
    return subprocess.run(
        [sys.executable, "-m", "ghgtrack", *args], capture_output=True, text=True, cwd=kw.pop("cwd", None), **kw
    )


# -- the helper -------------------------------------------------------------------


def test_atomic_path_keeps_the_old_file_on_failure(tmp_path):
    target = tmp_path / "a.csv"
    target.write_text("old\n")
    with pytest.raises(RuntimeError):
        with _atomic.atomic_path(target) as tmp:
            pathlib.Path(tmp).write_text("half")
            raise RuntimeError("the writer failed")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]  # no temporary left


def test_atomic_write_gives_the_usual_mode(tmp_path):
    umask = os.umask(0o022)
    try:
        _atomic.write_text(tmp_path / "b.txt", "x")
    finally:
        os.umask(umask)
    assert (tmp_path / "b.txt").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "b.txt").read_text() == "x"


def test_staged_set_is_all_or_nothing(tmp_path):
    (tmp_path / "one.txt").write_text("old one")

    def one(stage):
        p = os.path.join(stage, "one.txt")
        _atomic.write_text(p, "new one")
        return [p]

    def two(stage):
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        _atomic.write_files_atomically(tmp_path, [one, two])
    assert (tmp_path / "one.txt").read_text() == "old one"  # not the new one beside nothing
    assert [p.name for p in tmp_path.iterdir()] == ["one.txt"]


def test_stale_staging_folder_of_a_killed_run_is_removed(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"{_atomic.STAGING_PREFIX}{dead.pid}-abc"
    stale.mkdir()
    (stale / "status.html").write_text("<html>half")
    _atomic.write_files_atomically(tmp_path, [])
    assert not stale.exists()


def _rlimit_fsize(limit):
    def set_limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return set_limit


def test_library_writers_under_a_file_size_limit_keep_the_old_file(tmp_path):
    # Inventory.to_csv (C++ writer), to_iamc (.csv and .xlsx), write_measures:
    # under `ulimit -f` the write fails; the old file is kept whole.
    old = "previous content\n"
    code = """
import ghgtrack, sys
from ghgtrack import datasets
inv = datasets.oslo()
kind = sys.argv[1]
path = sys.argv[2]
try:
    if kind == 'csv':
        inv.to_csv(path)
    elif kind == 'iamc':
        inv.to_iamc(path)
    elif kind == 'measures':
        ghgtrack.write_measures(datasets.oslo_measures_2023(), path)
except OSError as e:
    print('OSError', e)
    sys.exit(4)
"""
    for kind, name in (("csv", "inv.csv"), ("iamc", "inv_iamc.csv"), ("iamc", "inv_iamc.xlsx"), ("measures", "m.csv")):
        path = tmp_path / name
        path.write_text(old)
        r = subprocess.run(
            [sys.executable, "-c", code, kind, str(path)],
            capture_output=True,
            text=True,
            preexec_fn=_rlimit_fsize(2000),
        )
        assert r.returncode == 4, (kind, name, r.stdout, r.stderr)
        assert path.read_text() == old, (kind, name)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            n for n in ("inv.csv", "inv_iamc.csv", "inv_iamc.xlsx", "m.csv") if (tmp_path / n).exists()
        ), f"a temporary file was left by {kind} {name}"


# -- the CLI: failures while writing are exit 4 with one message --------------------


def _assert_output_error(r, *fragments):
    assert r.returncode == 4, (r.returncode, r.stderr[-2000:])
    assert "Traceback" not in r.stderr, r.stderr
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("ghgtrack: error: could not write the output"), r.stderr
    for f in fragments:
        assert f in r.stderr, (f, r.stderr)


def test_out_is_an_existing_file(tmp_path):
    f = tmp_path / "ghgtrack-report"
    f.write_text("I am a file")
    r = _cli(["report", "--out", str(f)])
    _assert_output_error(r, str(f))
    assert f.read_text() == "I am a file"
    r = _cli(["report", "--out", str(f), "--json"])
    assert r.returncode == 4 and "Traceback" not in r.stderr
    doc = json.loads(r.stdout)
    assert doc["exit_code"] == 4 and doc["error"]["kind"] == "output"


def test_out_below_a_file(tmp_path):
    f = tmp_path / "file"
    f.write_text("x")
    _assert_output_error(_cli(["report", "--out", str(f / "sub")]))


def test_out_name_too_long(tmp_path):
    _assert_output_error(_cli(["report", "--out", str(tmp_path / ("x" * 300))]), "too long")


def test_out_not_writable(tmp_path):
    if os.geteuid() == 0:
        # root may write anywhere but not into /proc.
        out = "/proc/ghgtrack-report"
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        out = str(ro / "out")
    _assert_output_error(_cli(["report", "--out", out]))


def test_plan_out_is_an_existing_file(tmp_path):
    f = tmp_path / "plan-out"
    f.write_text("x")
    _assert_output_error(_cli(["plan", "--out", str(f)]))


def test_chart_that_cannot_be_drawn_is_an_output_error(tmp_path, monkeypatch, capsys):
    # A failure while the chart is drawn (as matplotlib's with a 5 MB sector
    # name) while the files are written: exit 4, one message, no traceback,
    # nothing written.
    from ghgtrack import plotting

    def broken(*args, **kwargs):
        raise ValueError("Image size of 1000000x400 pixels is too large")

    monkeypatch.setattr(plotting, "chart_data", broken)
    out = tmp_path / "out"
    code = main(["report", str(OSLO_CSV), "--target", "2030:-67%", "--base-year", "2009", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 4, err
    assert "Traceback" not in err and "could not write the output: ValueError: Image size" in err
    assert not out.exists() or list(out.iterdir()) == []


def test_huge_sector_name(tmp_path):
    # A 5 MB sector name: the report is written (labels are shortened for
    # the chart) or refused as an output error; never a traceback.
    big = "S" * (5 * 1024 * 1024)
    csv = tmp_path / "big.csv"
    csv.write_text(
        "year,sector,source,gas,value\n"
        + "".join(f"{y},{big},a,CO2,{1000 - 10 * (y - 2009)}\n" for y in range(2009, 2015))
        + "".join(f"{y},Other,a,CO2,{500 - 10 * (y - 2009)}\n" for y in range(2009, 2015))
    )
    r = _cli(["report", str(csv), "--target", "2030:-67%", "--out", str(tmp_path / "out"), "--json"], timeout=300)
    assert "Traceback" not in r.stderr, r.stderr[-3000:]
    assert r.returncode in (0, 4), r.stderr[-3000:]
    if r.returncode == 4:
        assert len(r.stderr) < 2000  # the message does not quote 5 MB
    for name in REPORT_FILES:
        p = tmp_path / "out" / name
        assert not p.exists() or _complete(p)


def test_top_and_other_bad_option_values_are_usage_errors(capsys):
    for argv in (
        ["report", "--top", "-1"],
        ["report", "--top", "x"],
        ["report", "--year", "20x4"],
        ["report", "--base-year", "-2009"],
        ["report", "--nowcast-until", "99999"],
        ["report", "--out", ""],
        ["gwp", "--tonnes", "nan"],
        ["gwp", "--tonnes", "inf"],
        ["plan", "--top", "-3"],
        ["plan", "--until", "0"],
    ):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "Traceback" not in err and "error:" in err, (argv, err)


# -- interrupted runs ----------------------------------------------------------------


def _snapshot(out: pathlib.Path):
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


def test_killed_runs_never_leave_a_truncated_file(tmp_path):
    out = tmp_path / "out"
    args = ["report", str(OSLO_CSV), "--target", "2030:-67%", "--base-year", "2009", "--out", str(out)]
    t0 = time.monotonic()
    first = _cli(args)
    took = time.monotonic() - t0
    assert first.returncode == 0, first.stderr
    assert sorted(_snapshot(out)) == sorted(REPORT_FILES)
    rng = random.Random(13)
    killed = 0
    for _ in range(20):
        before = _snapshot(out)
        p = subprocess.Popen(
            [sys.executable, "-m", "ghgtrack", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        # Most kills while the files are being written (the last part of a run).
        time.sleep(rng.uniform(0.5, 1.05) * took)
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            killed += 1
        p.wait()
        files = sorted(x for x in out.iterdir() if x.is_file())
        assert sorted(f.name for f in files) == sorted(REPORT_FILES)
        for f in files:
            assert f.stat().st_size > 0 and _complete(f), f
            # Each file is the previous one or a whole new one.
            assert f.read_bytes() == before[f.name] or _complete(f)
    assert killed >= 5, f"only {killed} of 20 runs were killed before they ended"
    # The next run cleans up what the killed ones left in the folder.
    assert _cli(args).returncode == 0
    assert sorted(x.name for x in out.iterdir()) == sorted(REPORT_FILES)


def test_report_under_a_file_size_limit_keeps_the_previous_files(tmp_path):
    out = tmp_path / "out"
    args = ["report", str(OSLO_CSV), "--target", "2030:-67%", "--base-year", "2009", "--out", str(out)]
    assert _cli(args).returncode == 0
    before = _snapshot(out)
    for limit in (0, 1000, 20_000, 60_000):
        r = subprocess.run(
            [sys.executable, "-m", "ghgtrack", *args],
            capture_output=True,
            text=True,
            preexec_fn=_rlimit_fsize(limit),
        )
        _assert_output_error(r)
        assert _snapshot(out) == before, limit
        assert sorted(x.name for x in out.iterdir()) == sorted(REPORT_FILES)
