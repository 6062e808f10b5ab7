"""Contract filing, changes and investment lines: every refusal leaves the database unchanged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxpilot.audit.models import AuditEntry
from dxpilot.projects.models import (
    Contract,
    InvestmentLine,
    ProjectEvent,
    ProjectStatus,
    TransformationProject,
)
from dxpilot.projects.services import contract as contracts
from dxpilot.projects.tests.test_plan_support import (
    contract_data,
    contracted,
    in_2025,
    investment_data,
    open_project,
    provider,
    submitted_evidence,
)
from dxpilot.providers.models import Provider
from dxpilot.testing import World

__all__ = ["in_2025"]


def footprint(project: TransformationProject) -> tuple[Any, ...]:
    row = TransformationProject.objects.get(pk=project.pk)
    return (
        row.status,
        Contract.objects.count(),
        list(Contract.objects.order_by("pk").values_list("status", "amount")),
        InvestmentLine.objects.count(),
        ProjectEvent.objects.count(),
        AuditEntry.objects.count(),
    )


def refused(call: Any, project: TransformationProject) -> dict[str, list[str]]:
    before = footprint(project)
    with pytest.raises(ValidationError) as exc:
        call()
    assert footprint(project) == before
    return (
        exc.value.message_dict
        if hasattr(exc.value, "error_dict")
        else {"__all__": exc.value.messages}
    )


@pytest.fixture
def ready(world: World, in_2025: None) -> TransformationProject:
    """A project in planning with its contract scan submitted (the contract-stage checklist)."""
    project = open_project(world)
    submitted_evidence(world, project, "contract")
    return project


class TestFiling:
    def test_first_filing_moves_the_project_to_contracted(
        self, world: World, ready: TransformationProject
    ) -> None:
        contract = contracts.file_contract(
            ready.pk, actor=world.enterprise_user, data=contract_data(world, number="HT-1")
        )
        ready.refresh_from_db()
        assert (ready.status, contract.status, contract.provider_id) == (
            ProjectStatus.CONTRACTED,
            "filed",
            world.provider.pk,
        )
        event = ready.events.get(kind="contract")
        assert event.from_status == "planning" and event.to_status == "contracted"
        assert AuditEntry.objects.filter(
            action="project.contract", object_id=str(ready.pk)
        ).exists()

    def test_signed_before_the_admission_batch_opened_is_refused(
        self, world: World, ready: TransformationProject
    ) -> None:
        # The admission batch (2025年第一批) was moved to open 10 days before TODAY: 2025-05-23.
        errors = refused(
            lambda: contracts.file_contract(
                ready.pk,
                actor=world.enterprise_user,
                data=contract_data(world, signed_on=date(2025, 5, 1)),
            ),
            ready,
        )
        assert errors["signed_on"] == [
            "合同签订日期 2025-05-01 早于企业入库批次“2025年第一批试点企业”的开始日期 2025-05-23。"
        ]

    def test_signed_outside_the_programme_window_is_refused(
        self, world: World, ready: TransformationProject
    ) -> None:
        data = contract_data(
            world, signed_on=date(2026, 1, 5), starts_on=date(2026, 1, 6), ends_on=date(2026, 3, 1)
        )
        errors = refused(
            lambda: contracts.file_contract(ready.pk, actor=world.enterprise_user, data=data), ready
        )
        assert errors["signed_on"] == [
            "合同签订日期 2026-01-05 不在试点方案规定的合同期 2024-01-01 至 2025-12-31 内。"
        ]

    def test_end_before_start_and_zero_amount_are_refused_together(
        self, world: World, ready: TransformationProject
    ) -> None:
        data = contract_data(
            world, starts_on=date(2025, 6, 1), ends_on=date(2025, 5, 31), amount=Decimal(0)
        )
        errors = refused(
            lambda: contracts.file_contract(ready.pk, actor=world.enterprise_user, data=data), ready
        )
        assert errors["ends_on"] == ["结束日期 2025-05-31 早于开始日期 2025-06-01。"]
        assert errors["amount"] == ["合同金额应大于 0 元。"]

    def test_provider_outside_the_pool_is_refused(
        self, world: World, ready: TransformationProject
    ) -> None:
        suspended = provider(world, name="暂停服务商", status=Provider.Status.SUSPENDED)
        data = contract_data(world, provider_id=suspended.pk)
        errors = refused(
            lambda: contracts.file_contract(ready.pk, actor=world.enterprise_user, data=data), ready
        )
        assert errors["provider"] == [
            "服务商“暂停服务商”当前状态为“已暂停”，不在服务商资源池中，不能备案合同。"
        ]

    def test_the_contract_scan_must_be_in_the_archive_first(
        self, world: World, in_2025: None
    ) -> None:
        project = open_project(world)
        errors = refused(
            lambda: contracts.file_contract(
                project.pk, actor=world.enterprise_user, data=contract_data(world)
            ),
            project,
        )
        assert errors["__all__"] == ["备案合同前请先在档案中提交：“数字化改造合同”。"]

    def test_the_same_contract_number_is_filed_once(
        self, world: World, ready: TransformationProject
    ) -> None:
        contracts.file_contract(
            ready.pk, actor=world.enterprise_user, data=contract_data(world, number="HT-9")
        )
        errors = refused(
            lambda: contracts.file_contract(
                ready.pk, actor=world.enterprise_user, data=contract_data(world, number="HT-9")
            ),
            ready,
        )
        assert errors["number"] == [
            "合同编号 HT-9 已备案，请勿重复备案；如有变更请使用“合同变更”。"
        ]

    def test_a_provider_cannot_file_and_another_district_cannot_see(
        self, world: World, ready: TransformationProject
    ) -> None:
        with pytest.raises(PermissionDenied):
            contracts.file_contract(ready.pk, actor=world.provider_user, data=contract_data(world))
        errors = refused(
            lambda: contracts.file_contract(
                ready.pk, actor=world.officer_b, data=contract_data(world)
            ),
            ready,
        )
        assert errors["__all__"] == ["没有找到该项目，或您无权操作。"]


class TestChange:
    def test_a_change_supersedes_and_moves_the_lines(self, world: World, in_2025: None) -> None:
        project, old = contracted(world)
        line = contracts.add_investment(
            project.pk, actor=world.enterprise_user, data=investment_data(old)
        )
        new = contracts.change_contract(
            old.pk,
            actor=world.enterprise_user,
            data=contract_data(world, number="HT-9-1", amount=Decimal("250000")),
        )
        old.refresh_from_db()
        line.refresh_from_db()
        assert (old.status, new.supersedes_id, line.contract_id) == ("superseded", old.pk, new.pk)
        assert Contract.objects.filter(project=project).count() == 2  # never deleted

    def test_a_change_below_the_invoiced_total_is_refused(
        self, world: World, in_2025: None
    ) -> None:
        project, old = contracted(world)
        contracts.add_investment(project.pk, actor=world.enterprise_user, data=investment_data(old))
        data = contract_data(world, amount=Decimal("100000"))
        errors = refused(
            lambda: contracts.change_contract(old.pk, actor=world.enterprise_user, data=data),
            project,
        )
        assert errors["amount"] == [
            "合同已登记发票合计 120,000.00 元，变更后的合同金额 100,000.00 元不能低于它。"
        ]

    def test_a_superseded_contract_cannot_be_changed_again(
        self, world: World, in_2025: None
    ) -> None:
        project, old = contracted(world)
        contracts.change_contract(old.pk, actor=world.enterprise_user, data=contract_data(world))
        errors = refused(
            lambda: contracts.change_contract(
                old.pk, actor=world.enterprise_user, data=contract_data(world)
            ),
            project,
        )
        assert errors["__all__"] == [f"合同 {old.number} 已被变更，请在最新的备案上修改。"]


class TestInvestments:
    def test_eligibility_comes_from_the_programme_categories(
        self, world: World, in_2025: None
    ) -> None:
        project, contract = contracted(world)
        software = contracts.add_investment(
            project.pk, actor=world.enterprise_user, data=investment_data(contract)
        )
        pcs = contracts.add_investment(
            project.pk, actor=world.enterprise_user,
            data=investment_data(contract, category="office_equipment", description="办公电脑", amount=Decimal("20000"), paid_amount=Decimal("20000")),
        )  # fmt: skip
        assert (software.eligible, pcs.eligible) == (True, False)

    def test_unknown_category_is_refused(self, world: World, in_2025: None) -> None:
        project, contract = contracted(world)
        data = investment_data(contract, category="furniture")
        errors = refused(
            lambda: contracts.add_investment(project.pk, actor=world.enterprise_user, data=data),
            project,
        )
        assert errors["category"] == ["投入类别“furniture”未在试点方案中定义。"]

    def test_invoices_beyond_the_contract_amount_are_refused_naming_both_figures(
        self, world: World, in_2025: None
    ) -> None:
        project, contract = contracted(world)
        contracts.add_investment(
            project.pk, actor=world.enterprise_user, data=investment_data(contract)
        )
        data = investment_data(contract, amount=Decimal("90000"), paid_amount=None, paid_on=None)
        errors = refused(
            lambda: contracts.add_investment(project.pk, actor=world.enterprise_user, data=data),
            project,
        )
        assert errors["amount"] == [
            f"发票合计 210,000.00 元（已登记 120,000.00 元 + 本张 90,000.00 元）超过合同 {contract.number} 的金额 200,000.00 元。"
        ]

    def test_invoice_dated_before_the_contract_is_refused(
        self, world: World, in_2025: None
    ) -> None:
        project, contract = contracted(world)
        data = investment_data(contract, invoice_on=date(2025, 5, 20))
        errors = refused(
            lambda: contracts.add_investment(project.pk, actor=world.enterprise_user, data=data),
            project,
        )
        assert errors["invoice_on"] == ["开票日期 2025-05-20 早于合同签订日期 2025-05-26。"]

    def test_invoice_and_payment_outside_their_windows_are_refused(
        self, world: World, in_2025: None
    ) -> None:
        project, contract = contracted(world)
        data = investment_data(contract, invoice_on=date(2026, 1, 3), paid_on=date(2026, 1, 10))
        errors = refused(
            lambda: contracts.add_investment(project.pk, actor=world.enterprise_user, data=data),
            project,
        )
        assert errors["invoice_on"] == [
            "开票日期 2026-01-03 不在试点方案规定的开票期 2024-01-01 至 2025-12-31 内。"
        ]
        assert errors["paid_on"] == [
            "付款日期 2026-01-10 不在试点方案规定的付款期 2024-01-01 至 2025-12-31 内。"
        ]

    def test_payment_larger_than_the_invoice_and_a_repeated_invoice_are_refused(
        self, world: World, in_2025: None
    ) -> None:
        project, contract = contracted(world)
        first = contracts.add_investment(
            project.pk,
            actor=world.enterprise_user,
            data=investment_data(contract, amount=Decimal("1000"), paid_amount=Decimal("1000")),
        )
        data = investment_data(
            contract,
            invoice_number=first.invoice_number,
            amount=Decimal("500"),
            paid_amount=Decimal("600"),
        )
        errors = refused(
            lambda: contracts.add_investment(project.pk, actor=world.enterprise_user, data=data),
            project,
        )
        assert errors["invoice_number"] == [f"发票号码 {first.invoice_number} 已登记。"]
        assert errors["paid_amount"] == ["付款金额 600.00 元超过发票金额 500.00 元。"]

    def test_lines_go_only_under_a_current_filing(self, world: World, in_2025: None) -> None:
        project, old = contracted(world)
        contracts.change_contract(old.pk, actor=world.enterprise_user, data=contract_data(world))
        errors = refused(
            lambda: contracts.add_investment(
                project.pk, actor=world.enterprise_user, data=investment_data(old)
            ),
            project,
        )
        assert errors["contract"] == ["请选择本项目已备案且未被变更的合同。"]
