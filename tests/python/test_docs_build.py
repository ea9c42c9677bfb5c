"""The API reference site builds with warnings as errors, and documents every
public name of the package.

The build goes to build/docs (``-E``: every page read anew, so that no
warning hides in a cached page). Sphinx and myst-nb are in
requirements-dev.txt; the notebooks are shown as stored (execution off:
test_notebooks.py executes them).
"""

from __future__ import annotations

import pathlib
import posixpath
import subprocess
import sys
import time

import pytest

import ghgtrack

sphinx = pytest.importorskip("sphinx")
pytest.importorskip("myst_nb")

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "build" / "docs"


@pytest.fixture(scope="module")
def site() -> pathlib.Path:
    t0 = time.monotonic()
    r = subprocess.run(
        [sys.executable, "-m", "sphinx", "-E", "-W", "--keep-going", "-q", "-b", "html", str(ROOT / "docs"), str(OUT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    elapsed = time.monotonic() - t0
    assert r.returncode == 0, f"sphinx failed (warnings are errors):\n{r.stdout}\n{r.stderr}"
    print(f"docs built in {elapsed:.1f} s")
    return OUT


def _inventory(site: pathlib.Path) -> dict:
    from sphinx.util.inventory import InventoryFile

    with open(site / "objects.inv", "rb") as f:
        inv = InventoryFile.load(f, "", posixpath.join)
    if hasattr(inv, "data"):  # Sphinx >= 8.2 returns an _Inventory
        inv = inv.data
    return {kind: set(entries) for kind, entries in inv.items()}


def test_site_builds_with_warnings_as_errors(site):
    for page in [
        "index.html",
        "conventions.html",
        "getting-started-cpp.html",
        "getting-started-python.html",
        "api/python.html",
        "api/cpp.html",
    ]:
        assert (site / page).is_file(), page


def test_every_public_name_is_documented(site):
    inv = _inventory(site)
    documented = set().union(*inv.values())
    missing = [n for n in ghgtrack.__all__ if f"ghgtrack.{n}" not in documented]
    assert missing == [], f"public names without an API entry: {missing}"
    # The submodules have a page each, with their own names.
    assert {"ghgtrack.uncertainty", "ghgtrack.datasets", "ghgtrack.decomposition"} <= inv["py:module"]
    assert "ghgtrack.uncertainty.monte_carlo" in inv["py:function"]
    assert "ghgtrack.decomposition.LmdiResult" in inv["py:class"]


def test_notebooks_are_the_tutorials(site):
    notebooks = sorted(p.stem for p in (ROOT / "docs" / "notebooks").glob("*.ipynb"))
    assert notebooks
    index = (site / "index.html").read_text(encoding="utf-8")
    for nb in notebooks:
        page = site / "notebooks" / f"{nb}.html"
        assert page.is_file(), nb
        assert f"notebooks/{nb}.html" in index
    # Shown as stored (execution off; the notebooks are kept without outputs
    # and test_notebooks.py runs them): the text and the code are there.
    asker = (site / "notebooks" / "asker_target.html").read_text(encoding="utf-8")
    assert "Asker" in asker and "Target" in asker and "cell_input" in asker


def test_conventions_page_covers_the_rules(site):
    text = (site / "conventions.html").read_text(encoding="utf-8")
    for topic in [
        "Signs of changes",
        "Base years",
        "Cumulative emissions",
        "Extrapolation",
        "Notation keys",
        "GWP metrics",
        "-0.67",
        "annual_sum",
        "trapezoid",
        "AR5GWP100",
    ]:
        assert topic in text, topic


def test_cpp_pages_cover_the_api(site):
    text = (site / "api" / "cpp.html").read_text(encoding="utf-8")
    for header in ["target.hpp", "pathway.hpp", "tracking.hpp", "lmdi.hpp", "inventory_builder.hpp", "error.hpp"]:
        assert header in text, header
    # Every public header has its entry on the page.
    headers = sorted(p.name for p in (ROOT / "include" / "ghgtrack").glob("*.hpp"))
    missing = [h for h in headers if h not in text and h not in ("ghgtrack.hpp", "planning.hpp", "version.hpp")]
    assert missing == [], f"headers not on the C++ API page: {missing}"
