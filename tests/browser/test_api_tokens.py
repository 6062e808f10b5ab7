"""Journey 6: the city admin issues an API token, it works once shown, and stops after revocation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, Playwright, expect

from dxpilot.testing import World, open_nav

pytestmark = pytest.mark.browser

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], object]


def test_issued_token_works_until_revoked(
    world: World,
    page: Page,
    playwright: Playwright,
    login: Login,
    url: Callable[[str], str],
    shot: Shot,
) -> None:
    login(page, "alice")
    open_nav(page, "/accounts/tokens/")
    expect(page.locator("h1")).to_have_text("接口令牌")
    page.fill("#id_name", "国家平台对接")
    page.select_option("#id_owner", str(world.city_admin.pk))
    page.check("input[name=scopes][value='program:read']")
    page.click("form button:has-text('签发')")
    secret = page.locator("code.secret").inner_text().strip()
    assert secret.startswith("dxp_")
    shot(page, "api-tokens-issued")
    row = page.locator("tbody tr", has_text="国家平台对接")
    expect(row).to_contain_text("有效")
    expect(row).not_to_contain_text(secret)  # the table shows the prefix only

    page.goto(url("/accounts/tokens/"))  # (not reload(): that would POST the form again)
    expect(page.locator("code.secret")).to_have_count(0)  # shown once, never again
    assert secret not in page.content()

    # A separate request context: no browser cookies, only the bearer token.
    api = playwright.request.new_context(
        base_url=url(""), extra_http_headers={"Authorization": f"Bearer {secret}"}
    )
    try:
        response = api.get("/api/v1/program")
        assert response.status == 200, response.text()
        assert response.json()["key"] == world.program.key
        # The token carries only program:read.
        assert api.get("/api/v1/enterprises").status == 403

        page.locator("tbody tr", has_text="国家平台对接").locator("button:has-text('吊销')").click()
        expect(page.locator(".messages")).to_contain_text("令牌 国家平台对接 已吊销")
        expect(page.locator("tbody tr", has_text="国家平台对接")).to_contain_text("已吊销")

        response = api.get("/api/v1/program")
        assert response.status == 401
        assert "detail" in response.json()
    finally:
        api.dispose()

    anonymous = playwright.request.new_context(base_url=url(""))
    try:
        assert anonymous.get("/api/v1/program").status == 401
    finally:
        anonymous.dispose()
