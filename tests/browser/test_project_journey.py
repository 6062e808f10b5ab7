"""Journey (issue 5, "Done when"): one enterprise from its on-site baseline through plan, contract,
evidence, acceptance and subsidy payout, and another acceptance refused for a 一级 result.

The clock is Hefei's 2025 (time_machine, ticking): the programme's windows and subsidy years are
2024–2025. Set up through services: the admission and the locked T0 (the starting point) and the
locked T1 (the assessor's on-site pages belong to the assessment journey). Everything else is
clicked: the delivery pages (plan, archive, contract, investments, milestone, completion) and the
review pages (application, district check, expert, decision, subsidy, batch, payment).
Subsidy: eligible 300,000 + 120,000 + 80,000 = 500,000 元 × 40% (2025) = 200,000 元 < 二级 cap
300,000 元 → 200,000.00 元 (the 80,000 元 of consulting does not count).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from dxpilot.assessment.tests.test_report_support import ANSWERS, lock_onsite, scenes
from dxpilot.enterprises.tests.application_helpers import admitted
from dxpilot.funding.models import Subsidy
from dxpilot.funding.tests.cases import applied_case, with_t1
from dxpilot.projects.models import TransformationProject
from dxpilot.projects.tests.test_plan_support import catalogue
from dxpilot.testing import World

pytestmark = pytest.mark.browser
Login = Callable[[Page, str], None]
Shot = Callable[[Page, str], object]
SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ARCHIVE = ("invoice", "payment", "investment_list", "financial_statement", "completion_report", "effect",
           "post_self_assessment", "declaration")  # fmt: skip


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(datetime(2025, 6, 2, 10, tzinfo=SHANGHAI), tick=True) as traveller:
        yield traveller


def switch_user(page: Page, login: Login, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def archive_file(page: Page, kind: str) -> None:
    """Upload a draft of `kind` to the archive (HTMX) and submit it."""
    form = page.locator("form.upload-form")
    form.locator("select[name=kind]").select_option(kind)
    body = PDF + f"% {kind} of enterprise A\n".encode()
    form.locator("input[type=file]").set_input_files(
        {"name": f"{kind}.pdf", "mimeType": "application/pdf", "buffer": body}
    )
    form.locator("button[type=submit]").click()
    draft = page.locator(f"#archive tr[data-kind={kind}][data-status=draft]")
    expect(draft).to_have_count(1)
    draft.locator("button[type=submit]").click()
    expect(page.locator(f"#archive tr[data-kind={kind}][data-status=submitted]")).to_have_count(1)


def add_investment(page: Page, category: str, description: str, amount: str, invoice: str) -> None:
    page.locator("#investments details summary").click()
    form = page.locator("#investments form")
    form.locator("[name=category]").select_option(category)
    form.locator("[name=description]").fill(description)
    form.locator("[name=amount]").fill(amount)
    form.locator("[name=invoice_number]").fill(invoice)
    form.locator("[name=invoice_on]").fill("2025-05-28")
    form.locator("[name=paid_on]").fill("2025-05-30")
    form.locator("[name=paid_amount]").fill(amount)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("#investments tbody")).to_contain_text(description)


def test_from_baseline_to_subsidy_payout(
    world: World, clock: Any, page: Page, login: Login, url: Callable[[str], str], shot: Shot
) -> None:
    # Set-up: enterprise A admitted, its on-site baseline (T0, 一级) locked; a small catalogue.
    admitted(world)
    lock_onsite(world, world.enterprise_a, ANSWERS, scenes(2, 2), assessed_on=date(2025, 5, 24))
    catalogue(world)
    enterprise = world.enterprise_a

    # The enterprise opens its project from its timeline and keeps the recommended plan.
    login(page, "eve")
    page.goto(url(f"/projects/enterprise/{enterprise.pk}/timeline/"))
    page.click(f"a[href$='/projects/open/{enterprise.pk}/']")
    with page.expect_navigation():
        page.click("form.card button[type=submit]")
    project = TransformationProject.objects.get(enterprise=enterprise)
    expect(page.locator("h1")).to_have_text("改造方案与推荐")
    with page.expect_navigation():
        page.click("#plan-form button[type=submit]")

    # Archive: the contract first (required before filing), then the filing itself.
    page.goto(url(f"/projects/{project.pk}/"))
    archive_file(page, "contract")
    page.goto(url(f"/projects/{project.pk}/contracts/new/"))
    page.select_option("#id_provider", str(world.provider.pk))
    page.fill("#id_number", "HT-2025-0526")
    page.fill("#id_signed_on", "2025-05-26")
    page.fill("#id_starts_on", "2025-05-26")
    page.fill("#id_ends_on", "2025-06-30")
    page.fill("#id_amount", "600000")
    page.fill("#id_scope", "MES 生产执行系统\n云 ERP\n设备联网")
    with page.expect_navigation():
        page.click("form.card button[type=submit]")

    # Investments (three eligible, one not), a milestone, the rest of the archive, completion.
    page.goto(url(f"/projects/{project.pk}/"))
    add_investment(page, "software", "MES 生产执行系统", "300000", "FP-0001")
    add_investment(page, "cloud", "云 ERP 订阅（一年）", "120000", "FP-0002")
    add_investment(page, "data_devices", "设备联网网关 20 台", "80000", "FP-0003")
    add_investment(page, "consulting", "数字化诊断咨询", "80000", "FP-0004")
    page.locator("#milestones details summary").click()
    page.locator("#milestones form [name=name]").fill("系统上线")
    page.locator("#milestones form [name=planned_on]").fill("2025-06-01")
    with page.expect_navigation():
        page.locator("#milestones details form button[type=submit]").click()
    page.locator("#milestones input[name=actual_on]").fill("2025-06-01")
    with page.expect_navigation():
        page.locator("#milestones form.inline button[type=submit]").click()
    for kind in ARCHIVE:
        archive_file(page, kind)
    page.locator("#milestones [name=completed_on]").fill("2025-06-01")
    with page.expect_navigation():
        page.locator("#milestones form[action$='/complete/'] button[type=submit]").click()
    shot(page, "journey-project-completed")

    # The assessor's on-site post assessment (T1) is locked at 二级 (services; see the docstring).
    lock_onsite(
        world, enterprise, ANSWERS, scenes(2, 6), kind="onsite_after", assessed_on=date(2025, 6, 1)
    )

    # The enterprise applies for acceptance.
    acceptance_url = url(f"/projects/{project.pk}/acceptance/")
    page.goto(acceptance_url)
    expect(page.locator("#acceptance-conditions")).to_contain_text("二级")
    page.check("#apply-form input[name=confirm]")
    with page.expect_navigation():
        page.click("#apply-form button[type=submit]")
    expect(page.locator("#acceptance-status-1")).to_have_text("已申请")
    shot(page, "journey-acceptance-applied")

    # The district checks, the city assigns the expert, the expert reviews, the city accepts.
    switch_user(page, login, "bob")
    page.goto(url("/projects/acceptance/"))
    page.click(f"a[href='/projects/{project.pk}/acceptance/']")
    page.fill("#district-form [name=opinion]", "材料齐全，与现场一致。")
    with page.expect_navigation():
        page.click("#district-form button[type=submit]")
    expect(page.locator("#acceptance-status-1")).to_have_text("县区初验通过")
    switch_user(page, login, "alice")
    page.goto(acceptance_url)
    page.select_option("#expert-form select[name=expert]", str(world.assessor.pk))
    with page.expect_navigation():
        page.click("#expert-form button[type=submit]")
    switch_user(page, login, "ann")
    page.goto(url("/projects/acceptance/"))
    page.click(f"a[href='/projects/{project.pk}/acceptance/']")
    page.fill("#review-form [name=score]", "88")
    page.fill("#review-form [name=opinion]", "系统运行正常，改造目标达成。")
    with page.expect_navigation():
        page.click("#review-form button[type=submit]")
    expect(page.locator("#acceptance-status-1")).to_have_text("专家已评审")
    switch_user(page, login, "alice")
    page.goto(acceptance_url)
    page.check("#decision-form input[value=accept]")
    with page.expect_navigation():
        page.click("#decision-form button[type=submit]")
    expect(page.locator("#project-status")).to_have_text("已验收")

    # The city computes and approves the subsidy: 200,000.00 元 with its explanation.
    with page.expect_navigation():
        page.click("#compute-subsidy")
    expect(page.locator("#subsidy-amount")).to_have_text("200,000.00")
    expect(page.locator("#subsidy-card .explanation")).to_contain_text(
        "500,000.00 × 40% = 200,000.00 元"
    )
    with page.expect_navigation():
        page.click("#approve-subsidy")
    expect(page.locator("#subsidy-status")).to_have_text("已核定")
    shot(page, "journey-subsidy-approved")

    # The finance office puts it in a batch, approves and pays it.
    subsidy = Subsidy.objects.get(project=project)
    switch_user(page, login, "frank")
    page.goto(url("/projects/disbursements/"))
    page.fill("#batch-form [name=name]", "2025年第一批奖补")
    with page.expect_navigation():
        page.click("#batch-form button[type=submit]")
    page.check(f"#add-form input[name=subsidies][value='{subsidy.pk}']")
    with page.expect_navigation():
        page.click("#add-form button[type=submit]")
    with page.expect_navigation():
        page.click("#approve-batch")
    with page.expect_navigation():
        page.click("#pay-batch")
    expect(page.locator("#batch-status")).to_have_text("已拨付")
    shot(page, "journey-batch-paid")
    page.goto(url("/"))
    expect(page.locator("#finance-totals #paid-total")).to_have_text("200,000.00")
    shot(page, "journey-finance-home")

    # The enterprise sees its subsidy paid and its record locked.
    switch_user(page, login, "eve")
    page.goto(acceptance_url)
    expect(page.locator("#project-status")).to_have_text("已兑现奖补")
    expect(page.locator("#subsidy-status")).to_have_text("已拨付")
    expect(page.locator("#rating-form")).to_be_visible()
    shot(page, "journey-enterprise-paid")


def test_an_acceptance_with_a_level_one_t1_is_refused(
    world: World, clock: Any, page: Page, login: Login, url: Callable[[str], str], shot: Shot
) -> None:
    case = applied_case(world, clock, t1=None)  # applied on 2025-07-15, before its T1
    with_t1(world, clock, case, level=1)
    clock.move_to(datetime(2025, 7, 20, 10, tzinfo=SHANGHAI))
    acceptance_url = url(f"/projects/{case.project.pk}/acceptance/")

    login(page, "bob")
    page.goto(acceptance_url)
    expect(page.locator("#t1-level")).to_have_text("一级")
    with page.expect_navigation():
        page.click("#district-form button[type=submit]")
    expect(page.locator("#district-form .form-errors")).to_have_text(
        "改造后现场评测（T1）结果为一级，未达到验收要求的二级，不能通过验收。"
    )
    shot(page, "journey-level-one-district")

    switch_user(page, login, "alice")
    page.goto(acceptance_url)
    page.check("#decision-form input[value=refuse]")
    page.check("#decision-form input[value='改造后现场评测未达到二级，不符合验收条件。']")
    with page.expect_navigation():
        page.click("#decision-form button[type=submit]")
    expect(page.locator("#project-status")).to_have_text("验收未通过")
    expect(page.locator("#acceptance-status-1")).to_have_text("验收不通过")

    switch_user(page, login, case.user.username)
    page.goto(acceptance_url)
    expect(page.locator("#acceptance-rounds")).to_contain_text(
        "改造后现场评测未达到二级，不符合验收条件。"
    )
    shot(page, "journey-level-one-refused")
