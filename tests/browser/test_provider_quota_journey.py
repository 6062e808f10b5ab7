"""Journey: a provider applies for a segment whose 综合型 places are taken; the city admin's
approval is refused with the quota message, and nothing changes."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from dxpilot.providers.models import Provider
from dxpilot.providers.tests.factories import PDF, approved_provider, open_windows
from dxpilot.testing import PASSWORD, World, open_nav, valid_code

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], object]
QUOTA_MESSAGE = "细分行业“汽车零部件及配件制造”的综合型服务商名额已满：名额 3 家，已入库 3 家。"


def test_a_provider_over_the_quota_is_refused_at_approval(
    world: World, page: Page, login: Login, url: Callable[[str], str], shot: Shot
) -> None:
    open_windows(world)
    for _n in range(3):
        approved_provider(world, "comprehensive", ("auto-parts",))

    # The provider registers from the public catalogue, then fills in its application.
    page.goto(url("/catalogue/"))
    page.click("nav.sub-nav a[href='/providers/register/']")
    expect(page.locator("h1")).to_have_text("数字化服务商注册")
    page.fill("#id_name", "合肥超额集成科技有限公司")
    page.fill("#id_credit_code", valid_code("91340100MA2TQX001"))
    page.select_option("#id_kind_key", "comprehensive")
    page.fill("#id_contact_name", "周敏")
    page.fill("#id_contact_phone", "13712345678")
    page.fill("#id_username", "overquota")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("form.card button[type=submit]")
    expect(page.locator("h1")).to_contain_text("申报材料")
    expect(page.locator("#submit-section")).to_contain_text("请上传营业执照。")

    page.check("input[name=kind_key][value=comprehensive]")
    page.check("input[name=segment_keys][value=auto-parts]")
    page.fill("#id_summary", "汽车零部件行业系统集成，MES、设备联网与能耗管理一体化交付。")
    with page.expect_navigation():
        page.click("form[action$='/application/'] button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("已保存")

    page.fill("#id_reference-client_name", "合肥某汽车零部件有限公司")
    page.fill("#id_reference-title", "冲压车间 MES 与设备联网")
    page.click("#references button:has-text('添加业绩')")
    expect(page.locator("#references tbody")).to_contain_text("冲压车间 MES 与设备联网")
    page.select_option("#id_attachment-kind", "licence")
    page.set_input_files(
        "#id_attachment-file",
        files=[{"name": "营业执照.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.click("#attachments button:has-text('上传')")
    expect(page.locator("#attachments tbody")).to_contain_text("营业执照.pdf")
    page.reload()
    expect(page.locator("#submit-section")).to_contain_text("材料已齐全")
    shot(page, "provider-application")
    with page.expect_navigation():
        page.click("#submit-application")
    expect(page.locator(".messages")).to_contain_text("申请已提交")
    provider = Provider.objects.get(name="合肥超额集成科技有限公司")
    assert provider.status == Provider.Status.APPLIED

    # The city admin sees the full segment in the quota table and tries to approve.
    page.context.clear_cookies()
    login(page, "alice")
    open_nav(page, "/providers/")
    expect(page.locator("h1")).to_have_text("数字化服务商")
    auto_parts = page.locator(".quota-table tbody tr", has_text="汽车零部件及配件制造")
    expect(auto_parts.locator("td.quota-full")).to_contain_text("3 / 3（1）")
    shot(page, "provider-list-quota")
    page.click(f"a[href='/providers/{provider.pk}/review/']")
    expect(page.locator("h1")).to_contain_text("合肥超额集成科技有限公司")
    page.fill("#id_decision-reasons", "材料齐全。")
    page.click("#approve")
    expect(page.locator("#review-form .form-errors")).to_have_text(QUOTA_MESSAGE)
    expect(page.locator("#id_decision-reasons")).to_have_value("材料齐全。")
    shot(page, "provider-review-quota-refused")
    provider.refresh_from_db()
    assert (
        provider.status == Provider.Status.APPLIED
        and not provider.decisions.filter(kind="approve").exists()
    )
