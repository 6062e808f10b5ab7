"""Journey: an enterprise fills and submits its self-assessment, the city assigns an on-site
assessment, the assessor changes one answer with a reason, attaches evidence, locks the result and
downloads the diagnosis report (issue 3, "Done when").

Hand-computed figures: LEVEL_TWO_ANSWERS with level_two_scenes() totals 42.25 (二级). On site the
assessor finds B1.2 at B (1.5 points) instead of D (4.5 points): 42.25 - 3 = 39.25, below the 40
points 二级 needs, so the result drops to 一级 (the scene rules still hold).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from playwright.sync_api import Locator, Page, expect

from dxpilot.assessment.models import Assessment
from dxpilot.assessment.tests.sheets import LEVEL_TWO_ANSWERS, LEVEL_TWO_TOTAL, level_two_scenes
from dxpilot.testing import World

pytestmark = pytest.mark.browser

Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], object]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
FAKE_PDF = b"MZ\x90\x00\x03 this is an executable, not a pdf"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ITEMS = len(LEVEL_TWO_ANSWERS) + len(level_two_scenes())  # 15 questions + 16 scenes
ONSITE_TOTAL = "39.25"


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]


def switch_user(page: Page, login: Login, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def answer_sheet(page: Page) -> None:
    """Click every option of the level-2 sheet, as a person would (each click autosaves)."""
    for code, value in LEVEL_TWO_ANSWERS.items():
        for key in value if isinstance(value, list) else [value]:
            page.check(f'#sheet-form input[name="q_{code}"][value="{key}"]')
    for name, level in level_two_scenes().items():
        page.check(f'#sheet-form input[name="s_{name}"][value="{level}"]')


def onsite_item(page: Page, field: str) -> Locator:
    """The on-site block of one question (q_<code>) or scene (s_<name>)."""
    return page.locator(f'.onsite-item:has(input[name="{field}"])')


def file_payload(name: str, content: bytes, mime: str) -> dict[str, object]:
    return {"name": name, "mimeType": mime, "buffer": content}


def upload_evidence(page: Page, item: Locator, payload: dict[str, object]) -> None:
    item.locator("input[type=file]").set_input_files(payload)  # type: ignore[arg-type]
    with page.expect_response(lambda r: r.url.endswith("/onsite/evidence/")):
        item.get_by_role("button", name="上传", exact=True).click()


def docx_text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_self_assessment_onsite_assessment_and_report(
    world: World, page: Page, login: Login, shot: Shot, url: Callable[[str], str], tmp_path: Path
) -> None:
    enterprise = world.enterprise_a

    # 1. The enterprise starts its self-assessment from its home page and answers everything.
    login(page, "eve")
    page.get_by_role("button", name="开始或继续自评测").click()
    expect(page.locator("h1")).to_have_text("数字化水平自评测")
    expect(page.locator("#autosave-status")).to_contain_text(f"已填写 0 / {ITEMS} 项")
    shot(page, "assessment-01-self-empty")
    answer_sheet(page)
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("已自动保存")
    expect(status).to_contain_text(f"已填写 {ITEMS} 项")
    self_assessment = Assessment.objects.get(enterprise=enterprise, kind=Assessment.Kind.SELF)
    assert self_assessment.answers["B1.2"] == "D"
    assert self_assessment.scenes == level_two_scenes()
    shot(page, "assessment-02-self-answered")

    # Submitting without the truthfulness pledge is refused in Chinese; the answers stay.
    page.get_by_role("button", name="提交自评测").click()
    expect(page.locator(".messages")).to_contain_text("还有 1 处需要补充或修改")
    pledge_error = page.locator(".field-invalid:has(#pledge) .error")
    expect(pledge_error).to_have_text("提交前请阅读并勾选真实性承诺。")
    expect(page.locator('input[name="q_B1.2"][value="D"]')).to_be_checked()
    expect(page.locator('input[name="s_产品设计"][value="2"]')).to_be_checked()
    shot(page, "assessment-03-self-pledge-missing")
    page.check("#pledge")
    with page.expect_navigation(
        url=lambda u: u.endswith(f"/assessment/{self_assessment.pk}/report/")
    ):
        page.get_by_role("button", name="提交自评测").click()
    expect(page.locator(".messages")).to_contain_text("自评测已提交。")
    level = page.locator("#level .stat .value")
    expect(level.nth(0)).to_have_text("二级")
    expect(level.nth(1)).to_have_text(LEVEL_TWO_TOTAL)
    expect(page.locator("#level")).to_contain_text("二级的三项条件全部满足，因此评为二级。")
    shot(page, "assessment-04-self-report")

    # 2. The city admin assigns the on-site assessment (before transformation) to ann.
    switch_user(page, login, "alice")
    page.goto(url(reverse("enterprises:detail", args=[enterprise.pk])))
    page.get_by_role("link", name="安排现场评测").click()
    expect(page.locator("h1")).to_have_text(f"安排现场评测：{enterprise.name}")
    page.select_option("#id_kind", label="现场评测（改造前 T0）")
    page.select_option("#id_assessor", value=str(world.assessor.pk))
    shot(page, "assessment-05-assign")
    page.get_by_role("button", name="指派").click()
    expect(page.locator(".messages")).to_contain_text("已指派 ann 进行现场评测（改造前 T0）。")
    expect(page.locator("h1")).to_have_text(enterprise.name)
    onsite = Assessment.objects.get(enterprise=enterprise, kind=Assessment.Kind.ONSITE_BEFORE)
    assert onsite.reference_id == self_assessment.pk

    # 3. The assessor finds the task on her home page and opens it: eve's answers are beside.
    switch_user(page, login, "ann")
    task = page.locator("tr", has_text=enterprise.name)
    expect(task).to_contain_text("现场评测（改造前 T0）")
    shot(page, "assessment-06-assessor-home")
    task.get_by_role("link", name="开始现场评测").click()
    expect(page.locator("h1")).to_have_text(f"现场评测（改造前 T0）：{enterprise.name}")
    expect(page.locator(".onsite-item")).to_have_count(ITEMS)
    b12 = onsite_item(page, "q_B1.2")
    expect(b12.locator(".onsite-self .key")).to_have_text("D")
    expect(b12.locator('input[name="q_B1.2"][value="D"]')).to_be_checked()

    # A different value without a reason: the item comes back (HTMX) with the error, and the
    # assessor's choice is kept so that adding the reason is enough.
    b12.locator('input[name="q_B1.2"][value="B"]').check()
    with page.expect_response(lambda r: r.url.endswith("/onsite/value/")):
        b12.get_by_role("button", name="保存此项").click()
    reason_field = b12.get_by_label("修改理由（与自评不同时必填）")
    expect(b12.locator(".error")).to_have_count(1)
    expect(b12.locator(".field-invalid:has(input[name=reason]) .error")).to_have_text(
        "现场值与企业自评不同，请填写修改理由。"
    )
    expect(reason_field).to_have_attribute("aria-invalid", "true")
    expect(b12.locator("fieldset.field-invalid")).to_have_count(0)  # the answer itself is fine
    expect(b12.locator('input[name="q_B1.2"][value="B"]')).to_be_checked()
    shot(page, "assessment-07-onsite-reason-missing")
    reason = "现场核查：设备台账中仅少数生产设备实现数字化，与自评“大部分”不符。"
    reason_field.fill(reason)
    with page.expect_response(lambda r: r.url.endswith("/onsite/value/")):
        b12.get_by_role("button", name="保存此项").click()
    expect(b12.locator(".overrides")).to_contain_text(f"D. (40%,60%] → B. (10%,20%]：{reason}")
    expect(b12.locator(".error")).to_have_count(0)
    expect(b12.locator('input[name="q_B1.2"][value="B"]')).to_be_checked()
    expect(b12.locator(".onsite-self .key")).to_have_text("D")  # the self value stays visible

    # Evidence for B1.2: a real PDF is kept, an executable named .pdf is refused by its content.
    upload_evidence(page, b12, file_payload("设备台账.pdf", PDF, "application/pdf"))
    expect(b12.get_by_role("link", name="设备台账.pdf")).to_be_visible()
    upload_evidence(page, b12, file_payload("检测报告.pdf", FAKE_PDF, "application/pdf"))
    expect(b12.locator(".evidence .error")).to_have_text(
        "文件“检测报告.pdf”的内容不是允许的类型（PDF、JPG、PNG、DOCX、XLSX），已拒绝。"
    )
    expect(b12.locator("fieldset.field-invalid")).to_have_count(0)  # not the answer's fault
    expect(b12.get_by_role("link")).to_have_count(1)
    expect(b12.locator('input[name="q_B1.2"][value="B"]')).to_be_checked()
    # A photo for a scene lands in that scene's block, not in another one.
    scene = onsite_item(page, "s_生产管控")
    upload_evidence(page, scene, file_payload("车间看板.png", PNG, "image/png"))
    expect(scene.get_by_role("link", name="车间看板.png")).to_be_visible()
    expect(page.locator(".onsite-item")).to_have_count(ITEMS)
    expect(onsite_item(page, "s_产品设计")).to_have_count(1)
    expect(onsite_item(page, "s_产品设计").get_by_role("link")).to_have_count(0)
    shot(page, "assessment-08-onsite-evidence")

    # Lock with the date and the confirmation; the report shows the changed result.
    assessed_on = timezone.localdate().isoformat()
    page.fill("#id_assessed_on", assessed_on)
    page.check("#id_confirm")
    with page.expect_navigation(url=lambda u: u.endswith(f"/assessment/{onsite.pk}/report/")):
        page.get_by_role("button", name="锁定结果").click()
    expect(page.locator(".messages")).to_contain_text("现场评测已锁定。")
    level = page.locator("#level .stat .value")
    expect(level.nth(0)).to_have_text("一级")
    expect(level.nth(1)).to_have_text(ONSITE_TOTAL)
    decision = page.locator("#level")
    expect(decision).to_contain_text("一级的三项条件全部满足，因此评为一级。")
    # Only the 二级 score rule fails: the scene rules still hold with the unchanged scenes.
    expect(decision.locator("ul li")).to_have_text(
        [f"二级：总分 {ONSITE_TOTAL}，需 ≥ 40.00，未满足。"]
    )
    level_two_row = decision.locator("tbody tr", has=page.locator("th", has_text="二级"))
    expect(level_two_row.locator("td .badge")).to_have_text(["未满足", "满足", "满足", "未达到"])
    expect(page.locator(".report-header")).to_contain_text(f"{assessed_on} · 评测专家 ann")
    expect(page.locator("#onsite tr", has_text=reason)).to_have_count(1)
    expect(page.locator("#onsite")).to_contain_text("设备台账.pdf")
    expect(page.locator("#onsite")).to_contain_text("车间看板.png")
    expect(page.locator("#history")).to_contain_text(LEVEL_TWO_TOTAL)
    shot(page, "assessment-09-onsite-report")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="下载 Word 报告").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = docx_text(saved)
    assert enterprise.name in text
    assert f"评定等级：一级（总分 {ONSITE_TOTAL} / 100.00）" in text
    assert "未达到二级的原因：" in text

    onsite.refresh_from_db()
    assert onsite.status == Assessment.Status.LOCKED
    assert str(onsite.total) == ONSITE_TOTAL
    assert onsite.level == 1
