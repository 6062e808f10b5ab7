"""Journey: an enterprise applies, the district returns it with a reason, it resubmits, the district
passes it and the city admits it (issue 4, "Done when")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from dxpilot.enterprises.models import Application, Enterprise
from dxpilot.enterprises.tests.application_helpers import PDF, open_batch
from dxpilot.testing import World, open_nav

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], object]


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]


def pdf_file(name: str, content: bytes = PDF) -> dict[str, object]:
    return {"name": name, "mimeType": "application/pdf", "buffer": content}


def mark_document(page: Page) -> None:
    page.evaluate("window.__noReload = true")


def still_same_document(page: Page) -> bool:
    return bool(page.evaluate("window.__noReload === true"))


def upload(page: Page, kind: str, file: dict[str, object]) -> None:
    form = page.locator("#attachments form.upload-form")
    form.locator("select[name=kind]").select_option(kind)
    form.locator("input[type=file]").set_input_files(file)  # type: ignore[arg-type]
    with page.expect_response(lambda r: "/files/" in r.url and r.request.method == "POST"):
        form.locator("button[type=submit]").click()


def switch_user(page: Page, login: Login, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def test_apply_return_resubmit_pass_admit(
    world: World, page: Page, login: Login, shot: Shot
) -> None:
    batch = open_batch(world)

    # The enterprise checks its eligibility and opens a draft in the open batch.
    login(page, "eve")
    open_nav(page, "/enterprises/applications/mine/")
    expect(page.locator("h1")).to_have_text("试点企业申报")
    criteria = page.locator("#eligibility tr.criterion")
    expect(criteria).to_have_count(5)
    expect(page.locator("#eligibility [data-criterion=industry]")).to_contain_text("符合")
    expect(page.locator("#eligibility [data-criterion=not_funded]")).to_contain_text("尚未声明")
    expect(page.locator("#batches")).to_contain_text(batch.name)
    shot(page, "application-mine")
    page.click("#batches button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("已创建申报草稿")
    expect(page.locator("#application-state")).to_have_text("草稿")

    # Declaration and files, each saved in place (HTMX), a fake PDF refused by its content.
    mark_document(page)
    page.fill("#id_needs_summary", "生产计划靠人工排程，拟上线 MES 并实现设备联网，目标达到二级。")
    page.check("#id_previously_funded_0")
    page.click("#declaration button[type=submit]")
    expect(page.locator("#declaration .saved-note")).to_have_text("已保存。")
    upload(page, "declaration", pdf_file("申报书.pdf", b"MZ\x90\x00 this is not a pdf"))
    expect(page.locator("#attachments .error")).to_have_text(
        "文件“申报书.pdf”的内容不是允许的类型（PDF、JPG、PNG、DOCX、XLSX），已拒绝。"
    )
    upload(page, "declaration", pdf_file("申报书.pdf"))
    upload(page, "financials", pdf_file("2023-2024年财务报表.pdf"))
    expect(page.locator("#attachments tr.missing")).to_have_count(1)
    upload(page, "plan", pdf_file("数字化转型方案.pdf"))
    expect(page.locator("#attachments tr.missing")).to_have_count(0)
    assert still_same_document(page), "saving or uploading reloaded the page"

    # Submitting without the pledge is refused with the reason; with it, it goes to the district.
    page.click("#submit-card button[type=submit]")
    expect(page.locator("#submit-card .error")).to_have_text("提交前请阅读并勾选真实性承诺。")
    shot(page, "application-draft-pledge-missing")
    page.check("#submit-card #id_pledge")
    page.click("#submit-card button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("申报已提交，请等待县区初审。")
    expect(page.locator("#application-state")).to_have_text("待县区初审")
    application = Application.objects.get(enterprise=world.enterprise_a)

    # The district officer finds it in the queue and returns it with reasons.
    switch_user(page, login, "bob")
    open_nav(page, "/enterprises/applications/")
    expect(page.locator("h1")).to_have_text("申报审核")
    expect(page.locator("#count-todo")).to_have_text("1")
    rows = page.locator("#application-rows tbody tr")
    expect(rows).to_have_count(1)
    shot(page, "application-queue-district")
    rows.first.locator("a").click()
    expect(page.locator("#district-review")).to_be_visible()
    returning = page.locator("#district-review form.decision-return")
    returning.get_by_label("申报书未盖章或签字不全，请补充。").check()
    returning.locator("textarea").fill("请补充营业执照复印件")
    shot(page, "application-district-review")
    returning.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("已退回企业修改。")
    expect(page.locator("#application-state")).to_have_text("已退回修改")

    # The enterprise sees why, corrects the file and resubmits.
    switch_user(page, login, "eve")
    page.goto(page.url.split("/enterprises/")[0] + f"/enterprises/applications/{application.pk}/")
    box = page.locator(".reasons-box")
    expect(box).to_contain_text("县区初审退回，请修改后重新提交")
    expect(box.locator("li")).to_have_text(
        ["申报书未盖章或签字不全，请补充。", "请补充营业执照复印件"]
    )
    expect(page.locator(".step-returned")).to_have_text("县区初审")
    shot(page, "application-returned-enterprise")
    upload(page, "declaration", pdf_file("申报书（已盖章）.pdf"))
    expect(page.locator("#attachments")).to_contain_text("申报书（已盖章）.pdf")
    page.check("#submit-card #id_pledge")
    page.click("#submit-card button[type=submit]")
    expect(page.locator("#application-state")).to_have_text("重新提交，待县区初审")

    # The district passes it on, the city admits it.
    switch_user(page, login, "bob")
    page.goto(page.url.split("/enterprises/")[0] + f"/enterprises/applications/{application.pk}/")
    passing = page.locator("#district-review form.decision-pass")
    passing.locator("textarea").fill("已补充盖章申报书和营业执照，同意报送。")
    passing.locator("button[type=submit]").click()
    expect(page.locator("#application-state")).to_have_text("初审通过，待市级审核")

    switch_user(page, login, "alice")
    open_nav(page, "/enterprises/applications/")
    rows = page.locator("#application-rows tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("初审通过，待市级审核")
    shot(page, "application-queue-city")
    rows.first.locator("a").click()
    expect(page.locator("#city-review")).to_contain_text("本批次不限名额，已入库 0 家。")
    page.locator("#city-review form.decision-pass button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("已审核通过，企业入库。")
    expect(page.locator("#application-state")).to_have_text("已入库")
    expect(page.locator(".status-note-ok")).to_contain_text(f"列入“{batch.name}”试点企业名单")
    timeline = page.locator("#timeline .timeline-item strong")
    expect(timeline).to_have_text(
        ["创建申报", "提交申报", "退回修改", "修改后重新提交", "县区初审通过", "市级审核通过，入库"]
    )
    shot(page, "application-admitted")
    assert Enterprise.objects.get(pk=world.enterprise_a.pk).is_pilot

    # The stats page counts it under its batch and district.
    page.goto(page.url.split("/enterprises/")[0] + "/enterprises/applications/stats/")
    expect(page.locator("#stats-by-division tbody tr").first).to_contain_text("蜀山区")
    shot(page, "application-stats")


def test_the_queue_filters_without_reloading(
    world: World, page: Page, login: Login, url: Callable[[str], str]
) -> None:
    from dxpilot.enterprises.tests.application_helpers import applicant, submitted

    submitted(world)
    submitted(world, user=applicant(world, 1))
    login(page, "alice")
    page.goto(url("/enterprises/applications/?status="))
    rows = page.locator("#application-rows tbody tr")
    expect(rows).to_have_count(2)
    mark_document(page)
    with page.expect_response(
        lambda r: "q=EQ001" in r.url and r.request.headers.get("hx-request") == "true"
    ):
        page.fill("#f-q", "EQ001")
    expect(rows).to_have_count(1)
    expect(page.locator("#count-submitted")).to_have_text("1")
    with page.expect_response(lambda r: "status=submitted" in r.url):
        page.locator("label.status-tab", has=page.locator("input[value=submitted]")).click()
    expect(rows).to_have_count(1)
    assert "status=submitted" in page.url
    assert still_same_document(page), "a filter reloaded the page"
