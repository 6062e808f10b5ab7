"""Contract filing (合同备案) and investment lines (改造投入).

Rules from the programme file (Program.subsidy_rule): the contract, invoice and payment dates lie
in their windows (龙岩: all three dated 2024-10-18…2026-12-31; 柳州: contract not earlier than the
programme start); the contract is not signed before the enterprise's admission batch opened;
only the configured categories count for the subsidy (合肥: software, cloud, data collection and
transmission devices); invoices never exceed the contract. A change supersedes, never deletes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from dxpilot.core.money import money
from dxpilot.enterprises.models import Application, ApplicationStatus
from dxpilot.projects import phrases
from dxpilot.projects.checklist import missing_for
from dxpilot.projects.models import Contract, InvestmentLine, ProjectStatus, TransformationProject
from dxpilot.projects.rules import categories, window
from dxpilot.projects.services.events import (
    lock_project,
    log_event,
    notify_records_changed,
    require_unlocked,
)
from dxpilot.projects.services.project import DELIVERY_OPEN, WRITERS, require_role, require_status
from dxpilot.providers.models import Product, Provider

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

Errors = dict[str, list[str]]


@dataclass(frozen=True)
class ContractData:
    provider_id: int
    number: str
    signed_on: date
    starts_on: date
    ends_on: date
    amount: Decimal
    scope: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class InvestmentData:
    contract_id: int
    category: str
    description: str
    amount: Decimal
    invoice_number: str
    invoice_on: date
    paid_on: date | None = None
    paid_amount: Decimal | None = None
    product_id: int | None = None


def _add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _in_window(
    errors: Errors, field_name: str, value: date, span: tuple[date, date] | None, template: str
) -> None:
    if span is not None and not span[0] <= value <= span[1]:
        _add(errors, field_name, template.format(date=value, start=span[0], end=span[1]))


def _admission_opens(project: TransformationProject) -> tuple[str, date] | None:
    admitted = (
        Application.objects.filter(
            enterprise_id=project.enterprise_id, status=ApplicationStatus.ADMITTED
        )
        .select_related("batch")
        .first()
    )
    return (admitted.batch.name, admitted.batch.opens_on) if admitted else None


def _contract_problems(
    project: TransformationProject, data: ContractData, *, replacing: Contract | None = None
) -> Errors:
    errors: Errors = {}
    provider = Provider.objects.filter(pk=data.provider_id, program_id=project.program_id).first()
    if provider is None:
        _add(errors, "provider", _("请选择本试点方案资源池中的服务商。"))
    elif provider.status != Provider.Status.APPROVED:
        _add(
            errors,
            "provider",
            _("服务商“{name}”当前状态为“{status}”，不在服务商资源池中，不能备案合同。").format(
                name=provider.name, status=provider.get_status_display()
            ),
        )
    number = data.number.strip()
    if not number:
        _add(errors, "number", _("请填写合同编号。"))
    else:
        # A provider numbers its own contracts: the same number twice is the same contract.
        same = Contract.objects.filter(
            provider_id=data.provider_id, number=number, status=Contract.Status.FILED
        )
        if replacing is not None:
            same = same.exclude(pk=replacing.pk)
        if same.exists():
            _add(
                errors,
                "number",
                _("合同编号 {number} 已备案，请勿重复备案；如有变更请使用“合同变更”。").format(
                    number=number
                ),
            )
    if data.amount <= 0:
        _add(errors, "amount", _("合同金额应大于 0 元。"))
    if data.ends_on < data.starts_on:
        _add(
            errors,
            "ends_on",
            _("结束日期 {end} 早于开始日期 {start}。").format(
                end=data.ends_on, start=data.starts_on
            ),
        )
    _in_window(
        errors, "signed_on", data.signed_on, window(project.program, "contract"),
        _("合同签订日期 {date} 不在试点方案规定的合同期 {start} 至 {end} 内。"),
    )  # fmt: skip
    admission = _admission_opens(project)
    if admission is not None and data.signed_on < admission[1]:
        _add(
            errors,
            "signed_on",
            _("合同签订日期 {date} 早于企业入库批次“{batch}”的开始日期 {opens}。").format(
                date=data.signed_on, batch=admission[0], opens=admission[1]
            ),
        )
    if any(not str(item).strip() for item in data.scope):
        _add(errors, "scope", _("改造范围清单中有空行。"))
    return errors


def _snapshot(contract: Contract) -> dict[str, Any]:
    return {
        "provider": contract.provider_id,
        "number": contract.number,
        "signed_on": str(contract.signed_on),
        "starts_on": str(contract.starts_on),
        "ends_on": str(contract.ends_on),
        "amount": str(contract.amount),
        "scope": contract.scope,
    }


@transaction.atomic
def file_contract(project_id: int, *, actor: User, data: ContractData) -> Contract:
    """File a contract with an approved provider (西安/东莞: 项目合同备案 before acceptance).
    The first filing moves the project from planning to contracted."""
    require_role(actor, WRITERS, _("备案合同"))
    project = lock_project(actor, project_id)
    require_unlocked(project)
    require_status(project, DELIVERY_OPEN, _("备案合同"))
    errors = _contract_problems(project, data)
    missing = missing_for(project, "contract")
    if missing:
        _add(
            errors,
            "__all__",
            _("备案合同前请先在档案中提交：{kinds}。").format(
                kinds="、".join(f"“{m.label}”" for m in missing)
            ),
        )
    if errors:
        raise ValidationError(errors)
    contract = Contract.objects.create(
        project=project,
        provider_id=data.provider_id,
        number=data.number.strip(),
        signed_on=data.signed_on,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        amount=data.amount,
        scope=[str(s).strip() for s in data.scope],
        filed_by=actor,
    )
    log_event(
        project,
        actor=actor,
        kind="contract",
        message=phrases.CONTRACT_FILED.say(
            number=contract.number,
            provider=contract.provider.name,
            amount=contract.amount,
            date=contract.signed_on,
        ),
        to_status=ProjectStatus.CONTRACTED if project.status == ProjectStatus.PLANNING else "",
        changes={"contract": [None, _snapshot(contract)]},
    )
    notify_records_changed(contract.project_id)
    return contract


@transaction.atomic
def change_contract(contract_id: int, *, actor: User, data: ContractData) -> Contract:
    """A contract change is a new filing that supersedes the old one (kept, status superseded);
    its investment lines move to the new filing, whose amount must still cover their invoices."""
    require_role(actor, WRITERS, _("变更合同"))
    project_id = (
        Contract.objects.filter(pk=contract_id).values_list("project_id", flat=True).first()
    )
    if project_id is None:
        raise ValidationError(_("没有找到该合同，或您无权操作。"), code="not_found")
    project = lock_project(actor, project_id)
    require_unlocked(project)
    require_status(project, DELIVERY_OPEN, _("变更合同"))
    old = Contract.objects.select_related("provider").get(pk=contract_id)
    if old.status != Contract.Status.FILED:
        raise ValidationError(
            _("合同 {number} 已被变更，请在最新的备案上修改。").format(number=old.number),
            code="superseded",
        )
    errors = _contract_problems(project, data, replacing=old)
    invoiced = old.investments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if data.amount > 0 and invoiced > data.amount:
        _add(
            errors,
            "amount",
            _("合同已登记发票合计 {invoiced} 元，变更后的合同金额 {amount} 元不能低于它。").format(
                invoiced=money(invoiced), amount=money(data.amount)
            ),
        )
    if errors:
        raise ValidationError(errors)
    old.status = Contract.Status.SUPERSEDED
    old.save(update_fields=["status"])
    new = Contract.objects.create(
        project=project,
        provider_id=data.provider_id,
        number=data.number.strip(),
        signed_on=data.signed_on,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        amount=data.amount,
        scope=[str(s).strip() for s in data.scope],
        filed_by=actor,
        supersedes=old,
    )
    moved = InvestmentLine.objects.filter(contract=old).update(contract=new)
    log_event(
        project,
        actor=actor,
        kind="contract_change",
        message=phrases.CONTRACT_CHANGED.say(
            old=old.number, new=new.number, amount=new.amount, old_amount=old.amount, moved=moved
        ),
        changes={"contract": [_snapshot(old), _snapshot(new)], "superseded": old.pk},
    )
    notify_records_changed(new.project_id)
    return new


@transaction.atomic
def add_investment(project_id: int, *, actor: User, data: InvestmentData) -> InvestmentLine:
    """Record one invoiced investment under a filed contract; its category decides (and stores)
    whether it counts for the subsidy. The project row lock serialises the invoice total check."""
    require_role(actor, WRITERS, _("登记改造投入"))
    project = lock_project(actor, project_id)
    require_unlocked(project)
    require_status(project, DELIVERY_OPEN, _("登记改造投入"))
    errors: Errors = {}
    contract = Contract.objects.filter(
        pk=data.contract_id, project=project, status=Contract.Status.FILED
    ).first()
    if contract is None:
        _add(errors, "contract", _("请选择本项目已备案且未被变更的合同。"))
    category = categories(project.program).get(data.category)
    if category is None:
        _add(errors, "category", _("投入类别“{key}”未在试点方案中定义。").format(key=data.category))
    if not data.description.strip():
        _add(errors, "description", _("请填写投入内容。"))
    if data.amount <= 0:
        _add(errors, "amount", _("金额应大于 0 元。"))
    if not data.invoice_number.strip():
        _add(errors, "invoice_number", _("请填写发票号码。"))
    elif InvestmentLine.objects.filter(
        project=project, invoice_number=data.invoice_number.strip()
    ).exists():
        _add(
            errors,
            "invoice_number",
            _("发票号码 {number} 已登记。").format(number=data.invoice_number.strip()),
        )
    _in_window(
        errors, "invoice_on", data.invoice_on, window(project.program, "invoice"),
        _("开票日期 {date} 不在试点方案规定的开票期 {start} 至 {end} 内。"),
    )  # fmt: skip
    if contract is not None and data.invoice_on < contract.signed_on:
        _add(
            errors,
            "invoice_on",
            _("开票日期 {date} 早于合同签订日期 {signed}。").format(
                date=data.invoice_on, signed=contract.signed_on
            ),
        )
    if (data.paid_on is None) != (data.paid_amount is None):
        _add(errors, "paid_on", _("付款日期和付款金额请同时填写，或都留空。"))
    if data.paid_on is not None:
        _in_window(
            errors, "paid_on", data.paid_on, window(project.program, "payment"),
            _("付款日期 {date} 不在试点方案规定的付款期 {start} 至 {end} 内。"),
        )  # fmt: skip
    if data.paid_amount is not None:
        if data.paid_amount <= 0:
            _add(errors, "paid_amount", _("付款金额应大于 0 元。"))
        elif data.paid_amount > data.amount > 0:
            _add(
                errors,
                "paid_amount",
                _("付款金额 {paid} 元超过发票金额 {amount} 元。").format(
                    paid=money(data.paid_amount), amount=money(data.amount)
                ),
            )
    if contract is not None and data.amount > 0:
        invoiced = contract.investments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        if invoiced + data.amount > contract.amount:
            _add(
                errors,
                "amount",
                _(
                    "发票合计 {total} 元（已登记 {invoiced} 元 + 本张 {amount} 元）超过合同 {number} 的金额 {contract} 元。"
                ).format(
                    total=money(invoiced + data.amount),
                    invoiced=money(invoiced),
                    amount=money(data.amount),
                    number=contract.number,
                    contract=money(contract.amount),
                ),
            )
    if data.product_id is not None and not Product.objects.filter(pk=data.product_id).exists():
        _add(errors, "product", _("所选产品不存在。"))
    if errors or category is None or contract is None:
        raise ValidationError(errors)
    line = InvestmentLine.objects.create(
        project=project,
        contract=contract,
        product_id=data.product_id,
        category=data.category,
        description=data.description.strip(),
        amount=data.amount,
        invoice_number=data.invoice_number.strip(),
        invoice_on=data.invoice_on,
        paid_on=data.paid_on,
        paid_amount=data.paid_amount,
        eligible=bool(category.get("eligible")),
    )
    log_event(
        project,
        actor=actor,
        kind="investment",
        message=phrases.INVESTMENT.say(
            description=line.description,
            category=category["name"],
            amount=line.amount,
            invoice=line.invoice_number,
            eligible="yes" if line.eligible else "no",
        ),
        changes={
            "line": line.pk,
            "contract": contract.pk,
            "category": line.category,
            "amount": str(line.amount),
            "eligible": line.eligible,
        },
    )
    notify_records_changed(line.project_id)
    return line
