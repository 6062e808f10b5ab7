"""Browser journeys: Playwright drives Debian's chromium against pytest-django's live server.

Never `playwright install`: the browser is the system one (/usr/bin/chromium, or $CHROMIUM).
Every test here carries the `browser` marker; scripts/test.sh runs them in their own pass.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM would otherwise refuse
# to run "from an async context" when the fixtures below touch the database.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from dxpilot.testing import PASSWORD, World, build_world

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-results" / "screenshots"

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], Path]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Each module sets pytestmark too; this catches a new module that forgets (a pytestmark in
    # conftest.py would not reach the modules).
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found (apt-get install chromium fonts-noto-cjk)")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    page = context.new_page()
    # Irreversible steps ask "are you sure?" (static/core/confirm.js): the journeys say yes.
    page.on("dialog", lambda dialog: dialog.accept())
    return page


@pytest.fixture
def world(live_server, transactional_db: None) -> World:  # type: ignore[no-untyped-def]
    """The personas of dxpilot.testing, in the database the live server reads."""
    return build_world()


@pytest.fixture
def url(live_server) -> Callable[[str], str]:  # type: ignore[no-untyped-def]
    return lambda path: live_server.url + path


@pytest.fixture
def login(url: Callable[[str], str]) -> Login:
    def login(page: Page, username: str, password: str = PASSWORD) -> None:
        page.goto(url("/accounts/login/"))
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.click("form button[type=submit]")

    return login


@pytest.fixture
def shot() -> Shot:
    """Full-page screenshot into test-results/screenshots/<name>.png (git-ignored)."""

    def shot(page: Page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return shot
