"""Journey 4: repeated failed logins lock the account; the lockout page says what to do."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from dxpilot.testing import PASSWORD, World

pytestmark = pytest.mark.browser

Shot = Callable[[Page, str], object]
LOCKED = "登录失败次数过多，账号已临时锁定"


def attempt(page: Page, url: Callable[[str], str], password: str) -> int:
    page.goto(url("/accounts/login/"))
    page.fill("#id_username", "bob")
    page.fill("#id_password", password)
    with page.expect_navigation() as navigation:
        page.click("form button[type=submit]")
    response = navigation.value
    return response.status if response else 0


def test_five_failed_logins_lock_the_account(
    world: World, page: Page, url: Callable[[str], str], shot: Shot
) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    for n in range(1, limit):
        attempt(page, url, f"wrong-password-{n}")
        expect(page.locator(".form-errors")).to_contain_text("用户名或密码不正确")
        expect(page.locator("h1")).not_to_have_text(LOCKED)
    status = attempt(page, url, "wrong-password-5")
    expect(page.locator("h1")).to_have_text(LOCKED)
    expect(page.locator(".error-page")).to_contain_text("分钟后再试")
    assert status in (403, 429)
    shot(page, "login-locked-out")
    # Now even the right password is refused until the cool-off ends.
    attempt(page, url, PASSWORD)
    expect(page.locator("h1")).to_have_text(LOCKED)
    expect(page.locator(".header-tools")).to_contain_text("登录")  # still signed out
