"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Never ``playwright install``: the browser is /usr/bin/chromium (``make test`` installs it
with apt-get when missing). axe-core comes from npm (package.json) and is injected into
each page to check accessibility.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the test
# makes around it (loading demo data) are ordinary synchronous calls, not async ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("COUNCILGUARD_CHROMIUM", "/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (make test does it)")
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make install does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def demo(live_server):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    return live_server


@pytest.fixture
def screenshots(tmp_path) -> Path:
    """Where the journey's screenshots go: COUNCILGUARD_SCREENSHOTS, or the test's tmp dir."""
    folder = Path(os.environ.get("COUNCILGUARD_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def new_page(chromium):
    contexts = []

    def make():
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        return page

    yield make
    for context in contexts:
        context.close()


_AXE_SOURCE: list[str] = []


def _axe_source() -> str:
    if not _AXE_SOURCE:
        _AXE_SOURCE.append(AXE.read_text(encoding="utf-8"))
    return _AXE_SOURCE[0]


# Rules that fail a page whatever axe's impact rating: `region` (moderate) catches content
# outside any landmark, which leaves a screen reader's landmark list incomplete.
ALWAYS_FAIL = {"region"}


def assert_accessible(page) -> None:  # noqa: ANN001
    """axe-core finds no serious or critical violation on the page as it stands, and no
    content outside a landmark."""
    # Evaluated through the DevTools protocol rather than added as a <script> tag: the
    # app's Content-Security-Policy (script-src 'self') rightly refuses inline scripts,
    # and the test must not switch that policy off to run.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate("(source) => { (0, eval)(source); }", _axe_source())
    report = page.evaluate("axe.run({resultTypes: ['violations']})")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in report["violations"]
        if v["impact"] in ("serious", "critical") or v["id"] in ALWAYS_FAIL
    ]
    assert not bad, f"{page.url}: " + "; ".join(bad)


def sign_in(
    page, base: str, username: str, next_path: str = "/", *, two_factor: bool = False, check_accessible: bool = False
) -> None:  # noqa: ANN001
    """Sign a demo user in through the sign-in page (the one way browser tests sign in).

    Officers (``two_factor=True``) must then be on the two-factor page, where the demo's
    authenticator code is typed; ``check_accessible`` runs axe on each page on the way.
    """
    from django_otp.oath import totp

    from councilguard.web.register.demo import DEMO_PASSWORD, DEMO_TOTP_KEY

    page.goto(f"{base}/account/sign-in/?next={next_path}")
    if check_accessible:
        assert_accessible(page)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    if two_factor:
        assert "two-factor" in page.url, f"{username} was not asked for the authenticator code: {page.url}"
        if check_accessible:
            assert_accessible(page)
        page.fill("input[name=token]", f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}")
        page.locator("form button[type=submit], form input[type=submit]").last.click()
        page.wait_for_load_state()
        if "two-factor" in page.url:
            # A code is accepted once per device (django-otp refuses a replay): a journey that
            # signs the same officer in twice within 30 seconds waits for the next code.
            time.sleep(30 - time.time() % 30 + 1)
            page.fill("input[name=token]", f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}")
            page.locator("form button[type=submit], form input[type=submit]").last.click()
            page.wait_for_load_state()
        assert "two-factor" not in page.url, f"{username}'s authenticator code was refused"


def sign_out(page) -> None:  # noqa: ANN001
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


@pytest.fixture
def background_scans(settings, tmp_path):
    """Scans queued on the database backend and run by a real `councilguard worker`."""
    from tests.web.task_workers import DATABASE_BACKEND, running_worker

    settings.COUNCILGUARD_COMPLAINTS_DIR = tmp_path / "complaints"
    settings.COUNCILGUARD_SCAN_PROCESSES = 1
    settings.TASKS = DATABASE_BACKEND
    with running_worker(tmp_path / "worker.log"):
        yield
