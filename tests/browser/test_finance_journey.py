"""Issue 10 items 6 and 8: an enterprise consents to a bank referral and the bank sees it (with
its own token, only the consented fields), and a visitor searches the public policy list."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dxpilot.finance.models import Referral
from dxpilot.policies.services import PolicyData, publish_policy
from dxpilot.testing import World, open_nav

pytestmark = pytest.mark.browser

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], object]


def call(url: str, secret: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    """The bank's own system calling the API with its token (no browser, no cookies)."""
    request = urllib.request.Request(  # noqa: S310 - the live server's http URL
        url,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        method="POST" if body is not None else "GET",
    )
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_an_enterprise_consents_to_a_bank_referral_and_the_bank_sees_it(
    world: World, page: Page, login: Login, url: Callable[[str], str], shot: Shot
) -> None:
    # The city admin registers the bank and issues its token.
    login(page, "alice")
    page.goto(url("/finance/banks/"))
    page.fill("#id_name", "徽商银行合肥分行")
    page.click("form.card button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("已登记银行“徽商银行合肥分行”。")
    page.click("#banks button:has-text('签发对接令牌')")
    secret = page.locator("#bank-token").inner_text().strip()
    assert secret.startswith("dxp_")

    # The bank registers its product through the API.
    product = {"name": "数改贷", "amount_min": "50", "amount_max": "1000", "rate_min": "2.9",
               "rate_max": "3.45", "term_months": 36, "conditions": "市级试点企业；信用良好。"}  # fmt: skip
    status, created = call(url("/api/v1/finance/products"), secret, product)
    assert status == 201, created

    # The enterprise asks for a referral: refused without consent, then consents to two fields.
    page.context.clear_cookies()
    login(page, "eve")
    open_nav(page, "/finance/")
    expect(page.locator("#finance-products")).to_contain_text("徽商银行合肥分行")
    page.click("#finance-products a:has-text('申请对接')")
    expect(page.locator("#consent-preview")).to_contain_text("徽商银行合肥分行")
    page.check("input[name=fields_][value=revenue]")
    page.click("#submit-referral")
    expect(page.locator("#referral-form")).to_contain_text("请阅读并勾选同意授权声明")
    assert not Referral.objects.exists()
    page.check("input[name=fields_][value=revenue]")
    page.check("#id_consent")
    page.click("#submit-referral")
    expect(page.locator(".messages")).to_contain_text("已提交融资对接申请")
    card = page.locator(".referral").first
    expect(card).to_contain_text("企业名称和统一社会信用代码；营业收入")
    expect(card).to_contain_text("待银行处理")
    shot(page, "finance-enterprise-referral")

    # The bank sees the referral, with only the consented fields, and not another enterprise.
    status, listed = call(url("/api/v1/finance/referrals"), secret)
    assert status == 200 and listed["count"] == 1
    shared = listed["items"][0]["enterprise"]
    assert shared["credit_code"] == world.enterprise_a.credit_code
    assert set(shared) == {"credit_code", "name", "revenue"}
    status, _body = call(
        url(f"/api/v1/finance/enterprises/{world.enterprise_b.credit_code}"), secret
    )
    assert status == 404
    referral_id = listed["items"][0]["id"]
    status, decided = call(
        url(f"/api/v1/finance/referrals/{referral_id}/decision"),
        secret,
        {"decision": "approved", "amount": "300"},
    )
    assert status == 200 and decided["status"] == "approved", decided

    page.reload()
    expect(page.locator(".referral").first).to_contain_text("已获批")
    expect(page.locator(".referral").first).to_contain_text("300.00")
    # Revoking the consent: the bank can no longer read the enterprise.
    page.click(".referral button:has-text('撤销授权')")
    expect(page.locator(".messages")).to_contain_text("银行不能再查看本企业信息")
    status, _body = call(url(f"/api/v1/finance/referrals/{referral_id}"), secret)
    assert status == 404

    # The city home counts the referral and the approval.
    page.context.clear_cookies()
    login(page, "alice")
    tile = page.locator("#finance-tile")
    expect(tile).to_contain_text("数改贷对接申请")
    expect(tile.locator(".stat").nth(2).locator(".value")).to_have_text("1")


def test_a_visitor_searches_the_public_policy_list(
    world: World, page: Page, url: Callable[[str], str], shot: Shot
) -> None:
    from datetime import date

    publish_policy(
        world.program,
        PolicyData(
            title="合肥市中小企业数字化转型试点城市建设实施方案", issuer="合肥市人民政府办公室",
            number="合政办〔2024〕12号", level="city", issued_on=date(2024, 5, 28),
            expires_on=date(2025, 12, 31),
            summary="鼓励金融机构创新推出“数改贷”等产品，为试点企业提供专属金融服务。",
        ),
        actor=world.city_admin,
    )  # fmt: skip
    publish_policy(
        world.program,
        PolicyData(
            title="中小企业划型标准规定", issuer="工业和信息化部等部门",
            number="工信部联企业〔2011〕300号", level="national", issued_on=date(2011, 6, 18),
            summary="将中小企业划分为中型、小型、微型三种类型。",
        ),
        actor=world.city_admin,
    )  # fmt: skip
    page.goto(url("/"))
    open_nav(page, "/policies/")
    expect(page.locator(".policy-row")).to_have_count(2)
    page.fill("#f-q", "数改贷")
    page.click("#policy-search button[type=submit]")
    rows = page.locator(".policy-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("合政办〔2024〕12号")
    expect(rows.first).to_contain_text("匹配：")
    shot(page, "policies-public-search")
    rows.first.locator("a").click()
    expect(page.locator("h1")).to_contain_text("合肥市中小企业数字化转型试点城市建设实施方案")
    expect(page.locator("body")).to_contain_text("合肥市人民政府办公室")
