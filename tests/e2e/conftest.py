"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Skipped when /usr/bin/chromium or the playwright package is missing, unless FIXLOOP_REQUIRE_BROWSER=1.
"""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in tests are still synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("FIXLOOP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None


def _missing() -> str | None:
    if sync_playwright is None:
        return "the playwright package is not installed"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium fonts-noto-cjk)"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _missing()
    if reason:
        if os.environ.get("FIXLOOP_REQUIRE_BROWSER") == "1":
            pytest.fail(f"FIXLOOP_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def world(transactional_db, settings):
    from fixloop.testing.world import build_world

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build_world()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class Session:
    """Browser contexts for several people at once; every request must stay on the live server."""

    def __init__(self, browser, base_url: str):
        self.browser, self.base_url = browser, base_url
        self.contexts, self.outside = [], []

    def page(self, *, locale: str = "zh-CN", **options):
        context = self.browser.new_context(locale=locale, base_url=self.base_url, **options)
        context.route("**/*", self._guard)
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)  # shared 2-core machines stall now and then
        return page

    def _guard(self, route):
        host = urlparse(route.request.url).hostname
        if host in ("localhost", "127.0.0.1") or route.request.url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def login(self, username: str, **options):
        from fixloop.testing.world import PASSWORD

        page = self.page(**options)
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        return page

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def session(browser, live_server):
    opened = Session(browser, live_server.url)
    yield opened
    opened.close()
    assert opened.outside == [], "pages must not load anything from outside the machine"


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def screenshot():
    """Save a full-page screenshot under build/screenshots/ (a CI artifact)."""
    return shot
