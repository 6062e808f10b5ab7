"""Fraud and anomaly flags: each detector both ways, raised once, resolved with a note (audited).

States the delivery services refuse (an invoice before its contract, invoices above the contract,
a completion before the contract) can still arrive through the Excel import or older data; those
cases are set up with a plain UPDATE and say so."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from dxpilot.audit.models import AuditEntry
from dxpilot.core.crypto import blind_index
from dxpilot.funding.models import Flag, FlagKind
from dxpilot.funding.services.flags import detect_all_flags, detect_project_flags, resolve_flag
from dxpilot.funding.tests.cases import (
    INVOICED,
    SIGNED,
    applied_case,
    clock,
    contracted_case,
    pdf,
)
from dxpilot.projects.models import Contract, EvidenceKind, InvestmentLine, TransformationProject
from dxpilot.projects.services.contract import InvestmentData, add_investment
from dxpilot.projects.services.evidence import upload_evidence
from dxpilot.providers.models import Product, Provider
from dxpilot.testing import World

__all__ = ["clock"]


def kinds(project: TransformationProject) -> list[str]:
    return sorted(Flag.objects.filter(project=project).values_list("kind", flat=True))


def test_the_same_file_in_two_enterprises_archives(world: World, clock: Any) -> None:
    first = contracted_case(world, clock, user=world.enterprise_user)
    second = contracted_case(world, clock)
    assert detect_project_flags(second.project.pk) == []
    borrowed = pdf(
        f"{first.enterprise.credit_code}-contract"
    )  # the bytes of the first one's contract
    upload_evidence(second.project.pk, actor=second.user, kind=EvidenceKind.PHOTO, upload=borrowed)
    raised = detect_project_flags(second.project.pk)
    assert sorted(f.project_id for f in raised) == sorted([first.project.pk, second.project.pk])
    flag = Flag.objects.get(project=second.project)
    assert flag.kind == FlagKind.SHARED_EVIDENCE
    assert flag.text.startswith(
        f"档案文件《{first.enterprise.credit_code}-contract.pdf》（SHA-256 "
    )
    assert flag.text.endswith(
        f"与“{first.enterprise.name}”档案中的文件完全相同，请核实是否重复使用他人材料。"
    )


def test_invoices_above_the_contract(world: World, clock: Any) -> None:
    case = contracted_case(world, clock, user=world.enterprise_user)
    assert FlagKind.INVOICE_OVER_CONTRACT not in kinds(case.project) and not detect_project_flags(
        case.project.pk
    )
    # Imported data: the contract amount lowered after the invoices (the filing form refuses this).
    Contract.objects.filter(pk=case.contract_id).update(amount=Decimal("550000"))
    [flag] = detect_project_flags(case.project.pk)
    assert (
        flag.text
        == f"合同 HT-{case.enterprise.credit_code[-6:]} 的发票合计 580,000.00 元超过合同金额 550,000.00 元（超出 30,000.00 元）。"
    )


def test_a_price_above_the_catalogue(world: World, clock: Any) -> None:
    product = Product.objects.create(
        provider=world.provider, name="轻量 MES", kind="software", summary="车间排产与报工", deployment="saas",
        price=Decimal("250000"), price_unit="set", implementation_days=60, sample_enterprise_name="样板企业",
        sample_contract_date=date(2024, 5, 1), status=Product.Status.LISTED,
    )  # fmt: skip
    lines = (("software", "轻量 MES（目录价内）", Decimal("250000")),)
    case = contracted_case(world, clock, user=world.enterprise_user, lines=lines)
    InvestmentLine.objects.filter(project=case.project).update(product=product)
    assert detect_project_flags(case.project.pk) == []
    add_investment(
        case.project.pk,
        actor=case.user,
        data=InvestmentData(
            contract_id=case.contract_id, category="software", description="轻量 MES 二期", amount=Decimal("280000"),
            invoice_number="FP-PRICE-2", invoice_on=INVOICED, product_id=product.pk,
        ),
    )  # fmt: skip
    [flag] = detect_project_flags(case.project.pk)
    assert (
        flag.text
        == "投入“轻量 MES 二期”金额 280,000.00 元高于目录产品《轻量 MES》的目录价 250,000.00 元/套（高出 30,000.00 元）。"
    )


def test_an_enterprise_sharing_a_phone_or_account_with_its_provider(
    world: World, clock: Any
) -> None:
    case = contracted_case(world, clock, user=world.enterprise_user)
    Provider.objects.filter(pk=world.provider.pk).update(
        contact_phone_index=blind_index("13900000000")
    )
    assert detect_project_flags(case.project.pk) == []
    # enterprise_data: phone 13812345678, bank account 6222021234567890123 (compared by blind index).
    Provider.objects.filter(pk=world.provider.pk).update(
        contact_phone_index=blind_index("138 1234 5678"),
        bank_account_index=blind_index("6222021234567890123"),
    )
    raised = detect_project_flags(case.project.pk)
    assert sorted(f.text for f in raised) == sorted([
        f"企业“{case.enterprise.name}”与其服务商“{world.provider.name}”登记的联系电话相同，请核实是否存在关联关系。",
        f"企业“{case.enterprise.name}”与其服务商“{world.provider.name}”登记的银行账号相同，请核实是否存在关联关系。",
    ])  # fmt: skip


def test_a_level_jump_with_little_investment(
    world: World, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    small = (
        ("software", "报工小程序", Decimal("60000")),
        ("consulting", "诊断咨询", Decimal("30000")),
    )
    with django_capture_on_commit_callbacks(execute=True):
        case = applied_case(
            world,
            clock,
            user=world.enterprise_user,
            t0=0,
            lines=small,
            contract_amount=Decimal("90000"),
        )
    [flag] = Flag.objects.filter(project=case.project)  # raised on commit of the application
    assert flag.kind == FlagKind.LEVEL_JUMP
    assert flag.text == (
        "评测等级由改造前未达一级升至改造后二级（提升 2 级），可计入投入仅 60,000.00 元"
        "（规则：提升 2 级及以上且可计入投入低于 100,000.00 元）。"
    )


def test_a_level_jump_backed_by_investment_is_no_flag(
    world: World, clock: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = applied_case(world, clock, user=world.enterprise_user, t0=0)  # 500,000 元 eligible
    assert kinds(case.project) == []


def test_dates_out_of_order(world: World, clock: Any) -> None:
    case = contracted_case(world, clock, user=world.enterprise_user)
    assert detect_project_flags(case.project.pk) == []
    # The filing form takes a payment dated before its invoice; the detector notices.
    add_investment(
        case.project.pk,
        actor=case.user,
        data=InvestmentData(
            contract_id=case.contract_id, category="cloud", description="云存储", amount=Decimal("10000"),
            invoice_number="FP-DATE-1", invoice_on=date(2025, 4, 20), paid_on=date(2025, 4, 2), paid_amount=Decimal("10000"),
        ),
    )  # fmt: skip
    # Imported data: an invoice dated before the contract, a completion before it.
    line = InvestmentLine.objects.filter(project=case.project).order_by("pk").first()
    InvestmentLine.objects.filter(pk=line.pk).update(invoice_on=date(2025, 3, 1))  # type: ignore[union-attr]
    TransformationProject.objects.filter(pk=case.project.pk).update(completed_on=date(2025, 3, 1))
    messages = sorted(f.text for f in detect_project_flags(case.project.pk))
    assert messages == sorted([
        "“云存储”的付款日期 2025-04-02 早于发票 FP-DATE-1 的开票日期 2025-04-20。",
        f"“MES 生产执行系统”的发票 {line.invoice_number} 开票日期 2025-03-01 早于合同 HT-{case.enterprise.credit_code[-6:]} 的签订日期 {SIGNED}。",  # type: ignore[union-attr]
        f"改造完成日期 2025-03-01 早于最早的合同签订日期 {SIGNED}。",
    ])  # fmt: skip


def test_a_finding_is_raised_once(world: World, clock: Any) -> None:
    case = contracted_case(world, clock, user=world.enterprise_user)
    Contract.objects.filter(pk=case.contract_id).update(amount=Decimal("100"))
    assert detect_all_flags() == {FlagKind.INVOICE_OVER_CONTRACT: 1}
    assert detect_all_flags() == {}
    out = StringIO()
    call_command("detect_flags", stdout=out)
    assert out.getvalue().splitlines()[-1] == "0 new flag(s) raised."
    assert Flag.objects.count() == 1


def test_an_official_resolves_a_flag_with_a_note(world: World, clock: Any) -> None:
    case = contracted_case(world, clock, user=world.enterprise_user)
    Contract.objects.filter(pk=case.contract_id).update(amount=Decimal("100"))
    [flag] = detect_project_flags(case.project.pk)
    with pytest.raises(ValidationError) as caught:
        resolve_flag(flag.pk, actor=world.officer_a, note="  ")
    assert caught.value.messages == ["请填写核查处理说明。"]
    with pytest.raises(ValidationError) as caught:
        resolve_flag(flag.pk, actor=world.officer_b, note="看过了")
    assert caught.value.messages == ["没有找到该风险提示，或您无权处理。"]
    with pytest.raises(PermissionDenied):
        resolve_flag(flag.pk, actor=world.enterprise_user, note="没问题")
    audit_before = AuditEntry.objects.count()
    resolved = resolve_flag(
        flag.pk, actor=world.officer_a, note="合同已变更，补充协议金额 600,000 元，已核实。"
    )
    assert (resolved.status, resolved.resolved_by, resolved.resolution) == (
        Flag.Status.RESOLVED, world.officer_a, "合同已变更，补充协议金额 600,000 元，已核实。"
    )  # fmt: skip
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (
        AuditEntry.objects.count() == audit_before + 1 and entry.action == "project.flag_resolved"
    )  # type: ignore[union-attr]
    with pytest.raises(ValidationError) as caught:
        resolve_flag(flag.pk, actor=world.city_admin, note="再看")
    assert caught.value.messages == ["该风险提示已由他人处理，请刷新页面。"]


def test_the_command_rejects_an_unknown_detector(db: None) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("detect_flags", kind=["nonsense"], stdout=StringIO())
