"""The status page in a real browser, as a resident would meet it (issue 16):
Debian's chromium driven by selenium through Debian's chromium-driver,
headless, background networking off. One browser session for the module.

- WCAG 2.1 AA: axe-core 4.x (the axe.min.js bundled in the PyPI package
  axe-playwright-python; playwright itself is not used) with zero violations
  on the tags wcag2a, wcag2aa, wcag21a, wcag21aa, for the English and the
  bokmål page (the bokmål one with the plan's measures and ledger), at
  desktop and phone widths;
- contrast, the language attribute, landmarks, table headers, the chart's
  text alternative, keyboard focus order and the badge not being colour alone,
  each checked on its own;
- no request leaves the page (the browser's performance log);
- --pdf prints A4 through headless Chromium, one or two pages, and the first
  page is turned into a PNG with pdftoppm;
- screenshots of the English, bokmål and print layouts at desktop and phone
  widths are kept in build/page-screenshots/ for a person to look at.

Skipped, with the reason, when chromium, chromedriver, selenium or the axe
file is missing (scripts/setup.sh installs all of them)."""

from __future__ import annotations

import base64
import json
import os
import pathlib
import shutil
import subprocess

import pytest

import ghgtrack
from ghgtrack.cli import main

ROOT = pathlib.Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "page-screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP, PHONE = (1280, 900), (390, 844)


def _axe_source() -> str:
    try:
        import axe_playwright_python
    except ImportError:
        pytest.skip("axe-playwright-python (for its bundled axe.min.js) is not installed: run scripts/setup.sh")
    path = pathlib.Path(axe_playwright_python.__file__).with_name("axe.min.js")
    if not path.exists():
        pytest.skip(f"{path} is missing")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser():
    chromium = ghgtrack.report.chromium()
    driver_path = shutil.which("chromedriver")
    if chromium is None or driver_path is None:
        pytest.skip("Debian's chromium and chromium-driver are needed (scripts/setup.sh installs them)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium is not installed: run scripts/setup.sh")
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager never downloads a driver here
    opts = Options()
    opts.binary_location = chromium
    for arg in [
        "--headless=new",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
    ]:
        opts.add_argument(arg)
    if os.geteuid() == 0:
        opts.add_argument("--no-sandbox")  # Chromium refuses its sandbox as root
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=opts)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """status.html in English (plain) and bokmål (the default for Oslo's
    data, with the plan: measures and ledger) and a --pdf run."""
    root = tmp_path_factory.mktemp("page")
    measures = root / "oslo_measures.csv"
    ghgtrack.write_measures(ghgtrack.datasets.oslo_measures_2023(), measures)
    assert (
        main(["report", "--out", str(root / "en"), "--lang", "en", "--pdf", "--sector-target", "Veitrafikk=2030:-80%"])
        == 0
    )
    assert main(["report", "--out", str(root / "no"), "--measures", str(measures), "--pdf"]) == 0
    return {
        "en": root / "en" / "status.html",
        "no": root / "no" / "status.html",
        "pdf": root / "en" / "status.pdf",
        "pdf_plan": root / "no" / "status.pdf",
    }


def _open(driver, path, size=DESKTOP):
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": size == PHONE},
    )
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    driver.get(path.as_uri())
    driver.get_log("performance")  # (drained here; read again by the network test)


def _axe(driver, axe_source, options):
    if not driver.execute_script("return typeof window.axe !== 'undefined'"):
        driver.execute_script(axe_source)
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, arguments[0]).then(r => done(JSON.parse(JSON.stringify(r))))"
        ".catch(e => done({error: String(e)}));",
        options,
    )


def _violations(result):
    assert "error" not in result, result.get("error")
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]
    ]


def _screenshot(driver, name):
    """A full-page PNG (beyond the viewport) kept under build/page-screenshots/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    w, h = driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {"format": "png", "captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": w, "height": h, "scale": 1}},
    )
    png = base64.b64decode(shot["data"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    (SHOTS / name).write_bytes(png)
    return png


@pytest.mark.parametrize("lang", ["en", "no"])
@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_wcag21_aa_zero_violations(browser, pages, lang, size):
    axe_source = _axe_source()
    _open(browser, pages[lang], size)
    result = _axe(browser, axe_source, {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    assert _violations(result) == []
    assert result["testEngine"]["version"].startswith("4.")
    kind = "desktop" if size == DESKTOP else "phone"
    _screenshot(browser, f"status-{lang}-{kind}.png")


@pytest.mark.parametrize("lang", ["en", "no"])
def test_the_checks_a_person_would_make(browser, pages, lang):
    """Each named check ran and passed (not merely "inapplicable")."""
    axe_source = _axe_source()
    _open(browser, pages[lang])
    rules = [
        "color-contrast",  # contrast
        "html-has-lang",  # the language attribute
        "html-lang-valid",
        "landmark-one-main",  # landmarks (best-practice rules, run by name)
        "region",
        "landmark-no-duplicate-banner",
        "landmark-no-duplicate-contentinfo",
        "page-has-heading-one",
        "th-has-data-cells",  # table headers
        "td-headers-attr",
        "svg-img-alt",  # the chart's text alternative
        "document-title",
        "link-name",
    ]
    result = _axe(browser, axe_source, {"runOnly": {"type": "rule", "values": rules}})
    assert _violations(result) == []
    passed = {r["id"] for r in result["passes"]}
    missing = (
        set(rules) - passed - {"td-headers-attr", "landmark-no-duplicate-banner", "landmark-no-duplicate-contentinfo"}
    )
    assert missing == set(), f"not checked on this page: {missing}"
    facts = browser.execute_script(
        """
        const q = s => Array.from(document.querySelectorAll(s));
        return {
          lang: document.documentElement.lang,
          landmarks: q('header, main, footer').map(e => e.tagName.toLowerCase()),
          tables_without_th: q('table').filter(t => !t.querySelector('thead th[scope=col]')).length,
          tables: q('table').length,
          svgs: q('svg').map(s => [s.getAttribute('role'), s.querySelector('title') && s.querySelector('title').textContent]),
          chart_desc: document.querySelector('#chart-desc').textContent,
          data_rows: q('#data-table tbody tr').length,
          badge: document.querySelector('.status').textContent,
          imgs_without_alt: q('img:not([alt])').length,
        };"""
    )
    assert facts["lang"] == lang
    assert facts["landmarks"] == ["header", "main", "footer"]
    assert facts["tables"] >= 2 and facts["tables_without_th"] == 0
    assert all(role == "img" and title for role, title in facts["svgs"]), facts["svgs"]
    # The chart's text alternative names the data table, which holds every year 2009-2030.
    table_name = "Figures behind the chart" if lang == "en" else "Tallene bak diagrammet"
    assert table_name in facts["chart_desc"] and facts["data_rows"] == 2030 - 2009 + 1
    # The badge says its status in words (and a symbol), not by colour alone.
    word = "off track" if lang == "en" else "ikke i rute"
    assert word in facts["badge"] and "✗" in facts["badge"]
    assert facts["imgs_without_alt"] == 0


def test_keyboard_focus_order(browser, pages):
    """Tab walks the skip link first, then every link in reading order, each
    with a visible focus outline; the skip link moves focus to the figures."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _open(browser, pages["no"])
    expected = browser.execute_script(
        "return Array.from(document.querySelectorAll('a[href], button, input, select, textarea, summary, "
        '[tabindex]:not([tabindex="-1"])\')).map(e => e.outerHTML.slice(0, 80))'
    )
    assert expected and "skip" in expected[0]
    seen = []
    browser.get(pages["no"].as_uri())  # fresh: the focus starts at the top of the document
    for _ in range(len(expected)):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        el = browser.switch_to.active_element
        seen.append(browser.execute_script("return arguments[0].outerHTML.slice(0, 80)", el))
        style = browser.execute_script(
            "const s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth, "
            "arguments[0].getBoundingClientRect().width]",
            el,
        )
        assert style[0] != "none" and style[1] != "0px" and style[2] > 0, (seen[-1], style)
    assert seen == expected
    # The skip link takes the keyboard to the figures.
    browser.get(pages["no"].as_uri())
    ActionChains(browser).send_keys(Keys.TAB).send_keys(Keys.ENTER).perform()
    assert browser.switch_to.active_element.get_attribute("id") == "figures"


def test_no_request_leaves_the_page(browser, pages):
    for lang in ("en", "no"):
        browser.get_log("performance")
        browser.get(pages[lang].as_uri())
        browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        urls = []
        for entry in browser.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg["method"] == "Network.requestWillBeSent":
                urls.append(msg["params"]["request"]["url"])
        assert urls, "the performance log recorded no request at all (not even the page)"
        outside = [u for u in urls if u != pages[lang].as_uri() and not u.startswith(("data:", "about:"))]
        assert outside == []
        console = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        assert console == []


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_print_layout(browser, pages, size):
    _open(browser, pages["no"], size)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    hidden = browser.execute_script("return getComputedStyle(document.querySelector('.downloads')).display")
    assert hidden == "none"  # links are for the screen; the paper shows the figures
    kind = "desktop" if size == DESKTOP else "phone"
    _screenshot(browser, f"status-no-print-{kind}.png")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    _open(browser, pages["en"], size)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    _screenshot(browser, f"status-en-print-{kind}.png")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def _pdf_pages(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    w, _, h = fields["Page size"].split()[:3]
    assert (round(float(w)), round(float(h))) == (595, 842), fields["Page size"]  # A4: 595.28 x 841.89 pt
    return int(fields["Pages"])


def test_pdf_is_a4_in_one_or_two_pages(pages):
    for pdf in (pages["pdf"], pages["pdf_plan"]):
        assert pdf.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdftoppm") is None or shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils (pdftoppm, pdfinfo) is needed (scripts/setup.sh installs it)")
    assert _pdf_pages(pages["pdf"]) in (1, 2)  # the status page
    assert _pdf_pages(pages["pdf_plan"]) <= 4  # with the plan's measures and ledger after it
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang, pdf in (("en", pages["pdf"]), ("no", pages["pdf_plan"])):
        stem = SHOTS / f"status-{lang}-pdf-page1"
        subprocess.run(
            ["pdftoppm", "-f", "1", "-l", "1", "-r", "80", "-png", "-singlefile", str(pdf), str(stem)], check=True
        )
        png = stem.with_suffix(".png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
