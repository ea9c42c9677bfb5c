"""`pip install .` into a fresh virtual environment works, and the installed
package carries its type information."""

import os
import pathlib
import subprocess
import sys
import venv

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_py_typed_and_stubs_installed():
    import ghgtrack

    pkg = pathlib.Path(ghgtrack.__file__).parent
    assert (pkg / "py.typed").exists()
    assert (pkg / "_core.pyi").exists()


def test_mypy_accepts_typed_usage(tmp_path):
    src = tmp_path / "use.py"
    src.write_text(
        "import ghgtrack\n"
        "x: float = ghgtrack.gwp('CH4', metric='AR6GWP100')\n"
        "y: float = ghgtrack.to_co2e(1.0, 'N2O')\n"
        "names: list = ghgtrack.gases()\n"
        "p = ghgtrack.Pathway.linear(2009, 100.0, 2030, 33.0)\n"
        "v: float = p.cumulative(2009, 2030)\n"
        "inv = ghgtrack.datasets.oslo()\n"
        "r = ghgtrack.track(inv, ghgtrack.Target.parse('2030:-67%', base_year=2009))\n"
        "s: str = r.status\n"
    )
    r = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", str(src)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.skipif(os.environ.get("GHGTRACK_SKIP_FRESH_VENV") == "1", reason="asked to skip")
def test_pip_install_into_fresh_venv(tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env["CMAKE_CXX_COMPILER_LAUNCHER"] = "ccache"
    # A build directory of its own, so the test proves a clean build works.
    r = subprocess.run(
        [str(py), "-m", "pip", "install", "-q", str(ROOT), "--config-settings=build-dir=" + str(tmp_path / "build")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    r = subprocess.run(
        [str(py), "-c", "import ghgtrack; print(ghgtrack.to_co2e(1.0, 'CH4'))"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "28.0"


def test_import_loads_only_the_core():
    # `import ghgtrack` is the compiled core only; pandas, matplotlib, openpyxl
    # and the submodules load on first use (PEP 562), so a script or the CLI
    # pays for them only when it uses them (issue 12: import <= 300 ms).
    code = (
        "import sys, ghgtrack\n"
        "heavy = [m for m in ('pandas', 'matplotlib', 'openpyxl', 'scipy', 'highspy') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "assert ghgtrack.Inventory.__module__ == 'ghgtrack.inventory'\n"
        "from ghgtrack import Target, costs\n"
        "assert 'pandas' in sys.modules and costs.__name__ == 'ghgtrack.costs'\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_lazy_names_match_the_typed_imports_and_all():
    import ast
    import inspect

    import ghgtrack

    tree = ast.parse(inspect.getsource(ghgtrack))
    typed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for imp in node.body:
                typed |= {a.asname or a.name for a in imp.names}
    assert typed == set(ghgtrack._LAZY)
    for name in ghgtrack.__all__:
        assert getattr(ghgtrack, name) is not None, name
    assert set(ghgtrack.__all__) <= set(dir(ghgtrack))
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        ghgtrack.nonexistent  # noqa: B018


def test_every_submodule_is_an_attribute():
    code = "import ghgtrack\nassert ghgtrack.plan.__name__ == 'ghgtrack.plan'\nassert ghgtrack.report.TEXT\n"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_lazy_names_keep_errors(tmp_path):
    import ghgtrack

    assert not hasattr(ghgtrack, "a.b") and not hasattr(ghgtrack, "no_such_name")
    assert "plotting" in dir(ghgtrack) and "Inventory" in dir(ghgtrack)
    # a misspelt name is still an error for a type checker (no module __getattr__ in its view)
    src = tmp_path / "typo.py"
    src.write_text("import ghgtrack\nghgtrack.trak\n")
    r = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", str(src)], capture_output=True, text=True)
    assert r.returncode != 0 and 'has no attribute "trak"' in r.stdout, r.stdout
