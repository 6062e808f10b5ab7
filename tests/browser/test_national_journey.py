"""Issue 9 item 6: the city admin exports a national submission twice, with a change in
between, and the reconciliation shows the difference; then records the national platform's
rejection of a record."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from dxpilot.national.models import Decision, SubmissionRecord
from dxpilot.national.tests.helpers import change, pilot
from dxpilot.testing import World, open_nav

pytestmark = pytest.mark.browser

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], object]


def test_two_submissions_and_their_reconciliation(
    world: World, page: Page, login: Login, url: Callable[[str], str], shot: Shot
) -> None:
    kept = pilot(world, name="合肥报送样板制造有限公司")
    leaving = pilot(world, name="合肥退出试点制造有限公司")

    login(page, "alice")
    open_nav(page, "/national/")
    expect(page.locator("h1")).to_have_text("国家平台报送")
    expect(page.locator("#submissions")).to_contain_text("还没有报送。")
    page.click("#submit-form button")
    expect(page.locator("h1")).to_have_text("第 1 次报送")
    expect(page.locator("#count-added")).to_have_text("2")
    with page.expect_download() as download:
        page.click("#download-json")
    first = json.loads(open(download.value.path(), encoding="utf-8").read())  # noqa: SIM115
    assert {r["record"]["entName"] for r in first["records"]} == {kept.name, leaving.name}

    # Between the two exports: a renamed enterprise, one leaves the pilot, one joins.
    change(world, kept, name="合肥报送样板智能制造有限公司")
    change(world, leaving, is_pilot=False)
    joined = pilot(world, name="合肥新入试点科技有限公司")

    page.goto(url("/national/"))
    page.click("#submit-form button")
    expect(page.locator("h1")).to_have_text("第 2 次报送")
    expect(page.locator("#count-added")).to_have_text("1")
    expect(page.locator("#count-changed")).to_have_text("1")
    expect(page.locator("#count-withdrawn")).to_have_text("1")
    table = page.locator("#reconciliation")
    changed = table.locator(f"tr[data-key='{kept.credit_code}']")
    expect(changed).to_contain_text("变更")
    expect(changed).to_contain_text(
        "企业全称 entName：合肥报送样板制造有限公司 → 合肥报送样板智能制造有限公司"
    )
    expect(table.locator(f"tr[data-key='{joined.credit_code}']")).to_contain_text("新增")
    expect(table.locator(f"tr[data-key='{leaving.credit_code}']")).to_contain_text("撤回")
    shot(page, "national-reconciliation")

    # The national platform rejects the changed record: a reason is required.
    changed.locator("button[value='rejected']").click()
    expect(page.locator(".messages")).to_contain_text("退回时请填写国家平台给出的原因。")
    changed = page.locator(f"#reconciliation tr[data-key='{kept.credit_code}']")
    changed.locator("input[name='reason']").fill("企业名称与营业执照不一致")
    changed.locator("button[value='rejected']").click()
    expect(page.locator(".messages")).to_contain_text("下次报送将重新报送")
    expect(page.locator(f"#reconciliation tr[data-key='{kept.credit_code}']")).to_contain_text(
        "被退回：企业名称与营业执照不一致"
    )
    record = SubmissionRecord.objects.get(submission__number=2, key=kept.credit_code)
    assert (record.decision, record.reason) == (Decision.REJECTED, "企业名称与营业执照不一致")
