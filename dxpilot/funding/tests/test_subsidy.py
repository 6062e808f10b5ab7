"""Subsidy (奖补) through the services, figures hand-computed from the Hefei rule
(programs/hefei.yaml: 2025 → 40%, 2024 → 50%; caps 二级 300,000 / 三级 400,000 / 四级 500,000 元;
only software, cloud and data devices count)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxpilot.funding.models import Subsidy
from dxpilot.funding.services import decision
from dxpilot.funding.services.subsidy import approve_subsidy, compute_project_subsidy
from dxpilot.funding.tests.cases import accepted_case, applied_case, clock
from dxpilot.projects.models import Evidence, InvestmentLine, ProjectEvent
from dxpilot.testing import World

__all__ = ["clock"]


def test_subsidy_below_the_cap_follows_the_ratio(world: World, clock: Any) -> None:
    case = accepted_case(world, clock, user=world.enterprise_user)
    subsidy = compute_project_subsidy(case.project.pk, actor=world.city_admin)
    # Eligible: MES 300,000 + cloud ERP 120,000 + gateways 80,000 = 500,000 元 (consulting 80,000 not).
    # Completed 2025 → 40%: 500,000 × 0.40 = 200,000 元; T1 二级 cap 300,000 元; min → 200,000 元.
    assert subsidy.eligible_investment == Decimal("500000.00")
    assert (subsidy.completion_year, subsidy.level, subsidy.ratio, subsidy.cap) == (
        2025,
        2,
        Decimal("0.4"),
        Decimal("300000"),
    )
    assert subsidy.amount == Decimal("200000.00")
    assert subsidy.explanation_lines == [
        "计入：MES 生产执行系统（软件）300,000.00 元",
        "计入：云 ERP 订阅（一年）（云服务）120,000.00 元",
        "计入：设备联网网关 20 台（网关、路由等数据采集传输设备）80,000.00 元",
        "不计入：数字化诊断咨询（咨询诊断服务，不属于可计入类别）80,000.00 元",
        "可计入投入合计 500,000.00 元；不计入 80,000.00 元。",
        "2025 年完成，奖补比例 40%：500,000.00 × 40% = 200,000.00 元。",
        "评定 2 级，单企上限 300,000.00 元。",
        "奖补金额 = min(200,000.00, 300,000.00) = 200,000.00 元。",
    ]
    assert ProjectEvent.objects.filter(project=case.project, kind="subsidy_computed").count() == 1


def test_subsidy_above_the_cap_is_capped(world: World, clock: Any) -> None:
    lines = (
        ("software", "MES + APS", Decimal("700000")),
        ("cloud", "工业互联网平台订阅", Decimal("100000")),
    )
    case = accepted_case(
        world, clock, user=world.enterprise_user, lines=lines, contract_amount=Decimal("900000")
    )
    subsidy = compute_project_subsidy(case.project.pk, actor=world.city_admin)
    # Eligible 700,000 + 100,000 = 800,000 元 × 40% = 320,000 元 > 二级 cap 300,000 元 → 300,000 元.
    assert (subsidy.eligible_investment, subsidy.amount) == (
        Decimal("800000.00"),
        Decimal("300000.00"),
    )
    assert (
        subsidy.explanation_lines[-1]
        == "奖补金额 = min(320,000.00, 300,000.00) = 300,000.00 元（已按上限封顶）。"
    )


def test_no_subsidy_for_a_project_not_accepted(world: World, clock: Any) -> None:
    case = applied_case(world, clock, user=world.enterprise_user)
    with pytest.raises(ValidationError) as caught:
        compute_project_subsidy(case.project.pk, actor=world.city_admin)
    assert caught.value.messages == [
        f"项目“{case.project.title}”尚未通过验收（当前状态：“验收中”），不能核算奖补。"
    ]
    assert not Subsidy.objects.exists()
    assert not ProjectEvent.objects.filter(kind="subsidy_computed").exists()


def test_no_subsidy_for_a_refused_project(world: World, clock: Any) -> None:
    case = applied_case(world, clock, user=world.enterprise_user)
    decision.decide_acceptance(
        case.acceptance.pk, actor=world.city_admin, accept=False, reasons=["不实。"]
    )
    with pytest.raises(ValidationError) as caught:
        compute_project_subsidy(case.project.pk, actor=world.city_admin)
    assert "尚未通过验收（当前状态：“验收未通过”）" in caught.value.messages[0]
    assert not Subsidy.objects.exists()


def test_only_the_city_computes_and_approves(world: World, clock: Any) -> None:
    case = accepted_case(world, clock, user=world.enterprise_user)
    with pytest.raises(PermissionDenied):
        compute_project_subsidy(case.project.pk, actor=world.finance)
    subsidy = compute_project_subsidy(case.project.pk, actor=world.city_admin)
    with pytest.raises(PermissionDenied):
        approve_subsidy(subsidy.pk, actor=world.enterprise_user)


def test_approval_is_once_and_freezes_the_amount(world: World, clock: Any) -> None:
    case = accepted_case(world, clock, user=world.enterprise_user)
    subsidy = compute_project_subsidy(case.project.pk, actor=world.city_admin)
    assert approve_subsidy(subsidy.pk, actor=world.city_admin).status == Subsidy.Status.APPROVED
    with pytest.raises(ValidationError) as caught:
        approve_subsidy(subsidy.pk, actor=world.city_admin)
    assert caught.value.messages == ["该奖补已由他人处理（当前状态：“已核定”），请刷新页面。"]
    with pytest.raises(ValidationError) as caught:
        compute_project_subsidy(case.project.pk, actor=world.city_admin)
    assert caught.value.messages == ["该项目的奖补当前状态为“已核定”，不能重新核算。"]


def test_approval_beyond_the_central_fund_is_refused(world: World, clock: Any) -> None:
    case = accepted_case(world, clock, user=world.enterprise_user)
    subsidy = compute_project_subsidy(case.project.pk, actor=world.city_admin)
    world.program.central_fund_cap = Decimal("150000")
    world.program.save(update_fields=["central_fund_cap"])
    with pytest.raises(ValidationError) as caught:
        approve_subsidy(subsidy.pk, actor=world.city_admin)
    assert caught.value.messages == [
        "核定后奖补合计 200,000.00 元将超过中央财政资金上限 150,000.00 元（已核定 0.00 元）。"
    ]
    subsidy.refresh_from_db()
    assert subsidy.status == Subsidy.Status.COMPUTED


def test_an_unpaid_invoice_counts_nothing_and_is_named(world: World, clock: Any) -> None:
    """Plan §三.4 (实际投入): the gateways were invoiced (80,000 元) but never paid. Eligible:
    300,000 + 120,000 = 420,000 元; 2025 → 40% = 168,000 元."""
    case = accepted_case(world, clock, user=world.enterprise_user)
    InvestmentLine.objects.filter(project=case.project, category="data_devices").update(
        paid_on=None, paid_amount=None
    )
    subsidy = compute_project_subsidy(case.project.pk, actor=world.city_admin)
    assert subsidy.eligible_investment == Decimal("420000.00")
    assert subsidy.amount == Decimal("168000.00")
    assert (
        "不计入：设备联网网关 20 台（网关、路由等数据采集传输设备，尚未付款）80,000.00 元"
        in subsidy.explanation_lines
    )


def test_no_subsidy_without_the_bank_slips_in_the_archive(world: World, clock: Any) -> None:
    case = accepted_case(world, clock, user=world.enterprise_user)
    Evidence.objects.filter(project=case.project, kind="payment").update(
        status=Evidence.Status.DRAFT
    )
    with pytest.raises(ValidationError) as refused:
        compute_project_subsidy(case.project.pk, actor=world.city_admin)
    assert refused.value.messages == [
        "档案中没有已提交的“付款凭证/银行回单”，不能按实际支付核算投入。"
    ]
    assert not Subsidy.objects.filter(project=case.project).exists()
