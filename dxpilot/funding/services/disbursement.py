"""Staged disbursement (资金拨付) for the finance office: batches per stage of the programme
(Program.subsidy_rule["disbursement"], each with its share; 合肥 "分批兑现", 龙岩 advance then
settlement), filled with approved subsidies, approved, then marked paid.

Nothing is paid twice: one disbursement per subsidy and stage (database constraint
`disbursement_once_per_stage`, checked here first with a clear message); the disbursements of a
subsidy never add up to more than the subsidy; a batch is paid once. A subsidy whose stages are
all paid becomes "paid" and its project "subsidised".
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.audit.services import record
from dxpilot.core.money import money
from dxpilot.funding import phrases
from dxpilot.funding.models import Disbursement, DisbursementBatch, Subsidy
from dxpilot.programs.models import Program
from dxpilot.projects.models import ProjectStatus, TransformationProject
from dxpilot.projects.services.events import log_event

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

CENT = Decimal("0.01")
B = DisbursementBatch.Status


def stages(program: Program) -> list[dict[str, Any]]:
    """The programme's disbursement stages in order: [{key, name, share}] (shares sum to 1)."""
    configured = (program.subsidy_rule or {}).get("disbursement") or [
        {"key": "settlement", "name": _("一次性兑现"), "share": "1"}
    ]
    return [{**stage, "share": Decimal(str(stage["share"]))} for stage in configured]


def stage_amount(subsidy: Subsidy, program: Program, stage_key: str, already: Decimal) -> Decimal:
    """The stage's share of the subsidy; the last stage takes the remainder, so rounding never
    leaves a cent unpaid or pays one too many."""
    configured = stages(program)
    keys = [s["key"] for s in configured]
    if stage_key == keys[-1]:
        return Decimal(subsidy.amount) - already
    share = Decimal(next(s["share"] for s in configured if s["key"] == stage_key))
    return (Decimal(subsidy.amount) * share).quantize(CENT, ROUND_HALF_UP)


def _require_finance(actor: Any) -> None:
    if scope_of(actor).role != Role.FINANCE_OFFICER:
        raise PermissionDenied(_("资金拨付由财政工作人员办理。"))


def _lock_batch(batch_id: int) -> DisbursementBatch:
    batch = (
        DisbursementBatch.objects.select_for_update()
        .select_related("program")
        .filter(pk=batch_id)
        .first()
    )
    if batch is None:
        raise ValidationError(_("没有找到该拨付批次。"), code="not_found")
    return batch


def _require_batch_state(batch: DisbursementBatch, allowed: tuple[str, ...], verb: str) -> None:
    if batch.status not in allowed:
        raise ValidationError(
            _("批次“{name}”已由他人处理（当前状态：“{status}”），不能再{verb}。").format(
                name=batch.name, status=batch.get_status_display(), verb=verb
            ),
            code="stale",
        )


@transaction.atomic
def create_batch(*, actor: User, program: Program, name: str, stage: str) -> DisbursementBatch:
    _require_finance(actor)
    errors: dict[str, list[str]] = {}
    keys = {s["key"]: s for s in stages(program)}
    if not name.strip():
        errors["name"] = [_("请填写批次名称。")]
    if stage not in keys:
        errors["stage"] = [
            _("拨付阶段“{stage}”未在试点方案中定义（可选：{choices}）。").format(
                stage=stage, choices="、".join(keys)
            )
        ]
    if errors:
        raise ValidationError(errors)
    batch = DisbursementBatch.objects.create(
        program=program, name=name.strip()[:100], stage=stage, created_by=actor
    )
    record(
        actor=actor,
        action="disbursement.create_batch",
        target=batch,
        changes={"stage": stage, "name": batch.name},
    )
    return batch


@transaction.atomic
def add_to_batch(
    batch_id: int, *, actor: User, subsidy_ids: Iterable[int], amount: Decimal | None = None
) -> list[Disbursement]:
    """Put approved subsidies in a draft batch, each for the batch's stage (the stage's share,
    or `amount` when one subsidy is added). All or nothing: every refusal is listed."""
    _require_finance(actor)
    batch = _lock_batch(batch_id)
    _require_batch_state(batch, (B.DRAFT,), _("加入奖补"))
    ids = sorted({int(pk) for pk in subsidy_ids})
    if not ids:
        raise ValidationError({"subsidies": [_("请选择要加入批次的奖补。")]})
    if amount is not None and len(ids) != 1:
        raise ValidationError({"amount": [_("指定金额时一次只能加入一项奖补。")]})
    # Lock the subsidies in id order (always the same order: no deadlock between two batches).
    subsidies = list(
        Subsidy.objects.select_for_update(of=("self",))
        .select_related("project__enterprise")
        .filter(pk__in=ids, project__program=batch.program)
        .order_by("pk")
    )
    found = {s.pk for s in subsidies}
    reasons = [_("没有找到编号为 {id} 的奖补。").format(id=pk) for pk in ids if pk not in found]
    configured = stages(batch.program)
    keys, names = [s["key"] for s in configured], {s["key"]: str(s["name"]) for s in configured}
    earlier = keys[: keys.index(batch.stage)] if batch.stage in keys else []
    existing: dict[int, dict[str, Disbursement]] = {}
    for d in Disbursement.objects.filter(subsidy_id__in=found).select_related("batch"):
        existing.setdefault(d.subsidy_id, {})[d.stage] = d
    planned: list[Disbursement] = []
    for subsidy in subsidies:
        name = subsidy.project.enterprise.name
        done = existing.get(subsidy.pk, {})
        if subsidy.status != Subsidy.Status.APPROVED:
            reasons.append(
                _("“{name}”的奖补状态为“{status}”，只有已核定的奖补可以拨付。").format(
                    name=name, status=subsidy.get_status_display()
                )
            )
            continue
        if batch.stage in done:
            reasons.append(
                _("“{name}”的奖补在“{stage}”阶段已列入批次“{batch}”，不能重复拨付。").format(
                    name=name,
                    stage=names.get(batch.stage, batch.stage),
                    batch=done[batch.stage].batch.name,
                )
            )
            continue
        missing = [key for key in earlier if key not in done]
        if missing:
            reasons.append(
                _("“{name}”的奖补尚未列入前一阶段（{stages}）的拨付。").format(
                    name=name, stages="、".join(names[k] for k in missing)
                )
            )
            continue
        already = sum((d.amount for d in done.values()), Decimal(0))
        value = (
            amount
            if amount is not None
            else stage_amount(subsidy, batch.program, batch.stage, already)
        )
        if value <= 0:
            reasons.append(_("“{name}”本次拨付金额应大于 0 元。").format(name=name))
        elif already + value > subsidy.amount:
            reasons.append(
                _(
                    "“{name}”累计拨付 {total} 元（已拨 {already} 元 + 本次 {value} 元）将超过核定奖补 {amount} 元。"
                ).format(
                    name=name,
                    total=money(already + value),
                    already=money(already),
                    value=money(value),
                    amount=money(subsidy.amount),
                )
            )
        else:
            planned.append(
                Disbursement(batch=batch, subsidy=subsidy, stage=batch.stage, amount=value)
            )
    if reasons:
        raise ValidationError({"subsidies": reasons}, code="refused")
    try:
        with transaction.atomic():
            created = Disbursement.objects.bulk_create(planned)
    except IntegrityError:
        # The constraint caught what the check above could not see (another transaction).
        raise ValidationError(
            {
                "subsidies": [
                    _("所选奖补已列入其他批次，不能重复拨付（已由他人处理）。请刷新页面。")
                ]
            },
            code="stale",
        ) from None
    record(
        actor=actor,
        action="disbursement.add",
        target=batch,
        changes={
            "subsidies": [d.subsidy_id for d in planned],
            "amounts": [str(d.amount) for d in planned],
        },
    )
    return created


@transaction.atomic
def approve_batch(batch_id: int, *, actor: User) -> DisbursementBatch:
    _require_finance(actor)
    batch = _lock_batch(batch_id)
    _require_batch_state(batch, (B.DRAFT,), _("审批"))
    totals = batch.disbursements.aggregate(total=Sum("amount"))
    if not totals["total"]:
        raise ValidationError(_("批次中还没有奖补，不能审批。"), code="empty")
    batch.status, batch.approved_at = B.APPROVED, timezone.now()
    batch.save(update_fields=["status", "approved_at"])
    record(
        actor=actor,
        action="disbursement.approve",
        target=batch,
        changes={"status": [B.DRAFT, B.APPROVED], "total": str(totals["total"])},
    )
    return batch


@transaction.atomic
def pay_batch(batch_id: int, *, actor: User) -> DisbursementBatch:
    """Mark an approved batch paid (once): each subsidy whose stages are now all paid becomes
    "paid" and its project "subsidised", with a timeline entry the enterprise sees."""
    _require_finance(actor)
    batch = _lock_batch(batch_id)
    _require_batch_state(batch, (B.APPROVED,), _("拨付"))
    now = timezone.now()
    batch.status, batch.paid_at = B.PAID, now
    batch.save(update_fields=["status", "paid_at"])
    rows = list(batch.disbursements.select_related("subsidy").order_by("subsidy_id"))
    paid = dict(
        Disbursement.objects.filter(
            subsidy_id__in=[d.subsidy_id for d in rows], batch__status=B.PAID
        )
        .values("subsidy_id")
        .annotate(total=Sum("amount"))
        .values_list("subsidy_id", "total")
    )
    projects = {
        p.pk: p
        for p in TransformationProject.objects.select_for_update(of=("self",))
        .filter(pk__in=[d.subsidy.project_id for d in rows])
        .order_by("pk")
    }
    for d in rows:
        project = projects[d.subsidy.project_id]
        fully = paid.get(d.subsidy_id, Decimal(0)) >= d.subsidy.amount
        if fully:
            d.subsidy.status = Subsidy.Status.PAID
            d.subsidy.save(update_fields=["status"])
        log_event(
            project,
            actor=actor,
            kind="subsidy_paid",
            message=(phrases.PAID_ALL if fully else phrases.PAID_PART).say(
                amount=d.amount, batch=batch.name
            ),
            to_status=ProjectStatus.SUBSIDISED
            if fully and project.status == ProjectStatus.ACCEPTED
            else "",
            changes={"batch": batch.pk, "disbursement": d.pk, "amount": str(d.amount)},
        )
    record(
        actor=actor,
        action="disbursement.pay",
        target=batch,
        changes={"status": [B.APPROVED, B.PAID], "disbursements": len(rows)},
    )
    return batch
