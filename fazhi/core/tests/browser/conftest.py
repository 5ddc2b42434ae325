"""Fixtures for browser tests: Debian's headless Chromium driven by Playwright against ``live_server``.

Never run ``playwright install``: the browser is the system's (/usr/bin/chromium, or FAZHI_CHROMIUM).
Every test here is marked ``@pytest.mark.browser``; the root conftest skips them when Chromium is
missing (and fails the run under CI). With FAZHI_SCREENSHOTS=1, ``screenshot(page, name)`` saves
full-page PNGs to var/screenshots/ for a person to look at.
"""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by tests and fixtures
# in the same thread are safe because the live server runs in its own thread with its own connection.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("FAZHI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
SCREENSHOT_DIR = Path(__file__).resolve().parents[4] / "var" / "screenshots"


# One Chromium per test process. Other test packages re-register these fixtures by name
# (``browser = shell.browser``), which pytest treats as separate session fixtures; they must share the
# one Playwright instance, because a second sync_playwright() in the same thread fails.
_shared: dict = {"users": 0}


def _acquire_browser():
    if _shared["users"] == 0:
        from playwright.sync_api import sync_playwright

        _shared["playwright"] = sync_playwright().start()
        _shared["browser"] = _shared["playwright"].chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    _shared["users"] += 1
    return _shared["browser"]


def _release_browser():
    _shared["users"] -= 1
    if _shared["users"] == 0:
        _shared.pop("browser").close()
        _shared.pop("playwright").stop()


@pytest.fixture(scope="session")
def browser():
    instance = _acquire_browser()
    try:
        yield instance
    finally:
        _release_browser()


class RequestLog(list):
    """Every URL a page (or context) requested, in order; ``outside()`` lists those that left this machine."""

    def attach(self, target) -> "RequestLog":
        target.on("request", lambda request: self.append(request.url))
        return self

    def outside(self) -> list[str]:
        bad = []
        for url in self:
            parsed = urlparse(url)
            if parsed.scheme in {"data", "blob", "about"}:
                continue
            if parsed.hostname not in {h.strip("[]") for h in LOCAL_HOSTS}:
                bad.append(url)
        return bad


def _new_context(browser, viewport, log: RequestLog, **kwargs):
    context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai", **kwargs)
    context.set_default_timeout(15_000)
    log.attach(context)
    return context


@pytest.fixture
def request_log() -> RequestLog:
    """Filled by ``page`` and ``phone_page`` with every request URL they make."""
    return RequestLog()


@pytest.fixture
def page(browser, request_log):
    """A fresh 1366×768 page (own cookies) whose requests are recorded in ``request_log``."""
    context = _new_context(browser, DESKTOP, request_log)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, request_log):
    """A fresh 390×844 touch page, like a phone held upright."""
    context = _new_context(browser, PHONE, request_log, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()


def login(page, live_server, username: str, password: str, *, expect_success: bool = True):
    """Sign in through the login page; returns the page (on the page the site redirected to)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    if expect_success:
        assert "/accounts/login/" not in page.url, f"login as {username} failed: {page.url}"
    return page


@pytest.fixture(name="login")
def login_fixture():
    """``login(page, live_server, username, password)``: the helper above, as a fixture."""
    return login


def screenshot(page, name: str) -> Path | None:
    """Save a full-page PNG to var/screenshots/<name>.png when FAZHI_SCREENSHOTS=1."""
    if os.environ.get("FAZHI_SCREENSHOTS") != "1":
        return None
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(name="screenshot")
def screenshot_fixture():
    return screenshot


def horizontal_overflow(page) -> int:
    """How many CSS pixels the document is wider than the viewport (0 when it fits)."""
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
