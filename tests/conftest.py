"""Shared fixtures: a small valid plans repository copied fresh for each test."""

from __future__ import annotations

import difflib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# No test may depend on timing (CI runs on a busy machine): no property test has a deadline, and
# none fails because drawing its examples was slow. Each draws the same examples on every run
# (derandomize), so the suite that passed once passes again; a search with new examples is run on
# purpose (`HYPOTHESIS_PROFILE=explore make test`, README), not by chance in CI.
settings.register_profile(
    "pmf", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True, database=None
)
settings.register_profile("explore", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "pmf"))

DATA = Path(__file__).parent / "data"
BASE = DATA / "base"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden report files.")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of tests/data/base: one service, two measures, one risk, all valid."""
    target = tmp_path / "repo"
    shutil.copytree(BASE, target)
    return target


def _initialised(tmp_path: Path, day: str) -> Path:
    from typer.testing import CliRunner

    from pmf.cli import app

    root = tmp_path / "council"
    result = CliRunner().invoke(app, ["init", str(root), "--as-of", day])
    assert result.exit_code == 0, result.stderr
    return root


@pytest.fixture
def demo_council(tmp_path: Path) -> Path:
    """A copy of the demo council (plans/ and pmf.yaml) for one test, which it may change."""
    root = tmp_path / "council"
    shutil.copytree(DATA.parent.parent / "plans", root / "plans")
    shutil.copy(DATA.parent.parent / "pmf.yaml", root / "pmf.yaml")
    return root


@pytest.fixture
def whole_demo(tmp_path: Path) -> Path:
    """A copy of the whole demo council (its plans, assessments, regulators' findings and panel) for one test."""
    root = tmp_path / "council"
    root.mkdir()
    for name in ("pmf.yaml", "plans", "assessments", "regulators", "panel"):
        (shutil.copytree if (DATA.parent.parent / name).is_dir() else shutil.copy)(
            DATA.parent.parent / name, root / name
        )
    return root


@pytest.fixture
def initialised(tmp_path: Path) -> Path:
    """A repository as `pmf init` writes it on 2 March 2026, before its plan is signed off."""
    return _initialised(tmp_path, "2026-03-02")


@pytest.fixture
def initialised_in_november(tmp_path: Path) -> Path:
    """A repository as `pmf init` writes it on 26 November 2026, half way through its first year."""
    return _initialised(tmp_path, "2026-11-26")


@pytest.fixture
def write_guidance() -> Callable[[Path], None]:
    """Write a service's words over the 'To write:' guidance `pmf new` leaves in the plans under a root, as a
    service lead does before the files are used: the words of the example service `pmf init` writes
    (``scaffold.EXAMPLE``). For a test about something else that starts from files `pmf new` wrote."""
    from pmf.placeholders import DRAFT
    from pmf.scaffold import EXAMPLE

    def write(root: Path) -> None:
        for path in sorted((root / "plans").rglob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            if DRAFT not in text:
                continue
            for guidance, words in EXAMPLE.items():
                text = text.replace(guidance, words)
            assert DRAFT not in text, f"{path}: guidance with no words to write over it in scaffold.EXAMPLE"
            path.write_text(text, encoding="utf-8")

    return write


@pytest.fixture(autouse=True)
def fresh_rules_under_mutation() -> None:
    """Under `make mutation`, each test works periods and formulas out afresh.

    mutmut forks every mutant's run from a process that has already run the tests, so a
    memoised reader (``parse_period``, a year's periods, ``formula.parse``) would hand back
    what the unmutated code worked out and hide the mutant; mutmut also learns which tests
    reach a function from the calls it sees, which a memo's hit skips.
    """
    if "MUTANT_UNDER_TEST" in os.environ:
        from pmf import formula, performance, periods, status, trends

        for module in (formula, performance, periods, status, trends):
            for memo in vars(module).values():
                if callable(getattr(memo, "cache_clear", None)):
                    memo.cache_clear()


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test keeps parsed files in a cache folder of its own, never the user's."""
    folder = tmp_path_factory.mktemp("user-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("PMF_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare rendered text with tests/data/golden/NAME; `pytest --update-golden` rewrites it."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, text: str) -> None:
        path = DATA / "golden" / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            diff = "".join(
                difflib.unified_diff(expected.splitlines(True), text.splitlines(True), str(path), "rendered")
            )
            pytest.fail(f"{name} differs from its golden file (run pytest --update-golden to accept):\n{diff[:6000]}")

    return check


def _chromium() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """One headless Chromium for the whole run: every browser test opens its pages in it."""
    found = _chromium()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium and chromedriver are not installed: `make browser` installs them")
        pytest.skip("Chromium is not installed here (make browser installs it); CI always runs this test")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(found[1]), options=options)
    driver.set_script_timeout(120)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def nu_checker() -> Callable[[list[Path]], list[str]]:
    """The W3C Nu HTML Checker (npm's vnu-jar, installed by `make browser`): its errors in the pages given."""
    import json
    import subprocess

    jar = Path(__file__).parent.parent / ".venv/npm/node_modules/vnu-jar/build/dist/vnu.jar"
    java = shutil.which("java")
    if not jar.is_file() or java is None:
        if os.environ.get("CI"):
            pytest.fail("The Nu HTML Checker is not installed: `make browser` installs it (npm vnu-jar, Java)")
        pytest.skip("The Nu HTML Checker is not installed here (make browser installs it); CI always runs this test")

    def check(pages: list[Path]) -> list[str]:
        assert pages
        done = subprocess.run(
            [java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, pages)],
            capture_output=True,
            text=True,
            check=False,
        )
        found = json.loads(done.stderr or done.stdout)["messages"]
        return [f"{m.get('url', '')}:{m.get('lastLine', 0)}: {m['message']}" for m in found]

    return check


@pytest.fixture(scope="session")
def axe(browser):  # type: ignore[no-untyped-def]
    """axe-core's violations on a page opened in the one browser, as a readable report ('' when none).

    axe is loaded into every page as it opens (one CDP call, not the script sent for each page)
    and only violations are asked for (``resultTypes``): a site page is checked in about 0.3 s.
    """
    from axe_selenium_python import Axe

    helper = Axe(browser)
    with open(helper.script_url, encoding="utf-8") as script:
        browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": script.read()})

    def violations(page: Path) -> str:
        browser.get(page.as_uri())
        found = browser.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations));"
        )
        return f"{page.name}: {helper.report(found)}" if found else ""

    return violations


@pytest.fixture(autouse=True)
def _own_state_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test keeps pmf's edit locks and journals in a folder of its own, not the user's."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
