"""Staged disbursement for the finance office: batches per programme stage, nothing paid twice,
never more than the subsidy. The subsidy of the standard case is 200,000 元 (see test_subsidy)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from dxpilot.audit.models import AuditEntry
from dxpilot.funding.models import Disbursement, DisbursementBatch, Subsidy
from dxpilot.funding.services.disbursement import (
    add_to_batch,
    approve_batch,
    create_batch,
    pay_batch,
)
from dxpilot.funding.services.subsidy import approve_subsidy, compute_project_subsidy
from dxpilot.funding.tests.cases import Case, accepted_case, clock
from dxpilot.projects.models import ProjectEvent, ProjectStatus
from dxpilot.testing import World

__all__ = ["clock"]


def approved(world: World, clock: Any, **kwargs: Any) -> tuple[Case, Subsidy]:
    case = accepted_case(world, clock, user=world.enterprise_user, **kwargs)
    subsidy = compute_project_subsidy(case.project.pk, actor=world.city_admin)
    return case, approve_subsidy(subsidy.pk, actor=world.city_admin)


def footprint() -> tuple[Any, ...]:
    return (
        list(
            Disbursement.objects.order_by("pk").values_list(
                "batch_id", "subsidy_id", "stage", "amount"
            )
        ),
        list(DisbursementBatch.objects.order_by("pk").values_list("status", "paid_at")),
        list(Subsidy.objects.order_by("pk").values_list("status", flat=True)),
        AuditEntry.objects.count(),
    )


def refused(call: Any) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.messages


def test_a_batch_pays_the_subsidy_and_the_project_is_subsidised(world: World, clock: Any) -> None:
    case, subsidy = approved(world, clock)
    batch = create_batch(
        actor=world.finance, program=world.program, name="2025年第一批奖补", stage="settlement"
    )
    [row] = add_to_batch(batch.pk, actor=world.finance, subsidy_ids=[subsidy.pk])
    assert (row.stage, row.amount) == (
        "settlement",
        Decimal("200000.00"),
    )  # share 1.0 of 200,000 元
    approve_batch(batch.pk, actor=world.finance)
    pay_batch(batch.pk, actor=world.finance)
    subsidy.refresh_from_db()
    assert subsidy.status == Subsidy.Status.PAID
    assert case.refresh().status == ProjectStatus.SUBSIDISED
    event = ProjectEvent.objects.get(project=case.project, kind="subsidy_paid")
    assert event.text == "财政拨付奖补 200,000.00 元（2025年第一批奖补），奖补已全部兑现。"


def test_the_same_subsidy_and_stage_is_never_paid_twice(world: World, clock: Any) -> None:
    _case, subsidy = approved(world, clock)
    first = create_batch(
        actor=world.finance, program=world.program, name="第一批", stage="settlement"
    )
    add_to_batch(first.pk, actor=world.finance, subsidy_ids=[subsidy.pk])
    second = create_batch(
        actor=world.finance, program=world.program, name="第二批", stage="settlement"
    )
    before = footprint()
    messages = refused(
        lambda: add_to_batch(second.pk, actor=world.finance, subsidy_ids=[subsidy.pk])
    )
    assert messages == [
        f"“{subsidy.project.enterprise.name}”的奖补在“验收后一次性兑现”阶段已列入批次“第一批”，不能重复拨付。"
    ]
    assert footprint() == before
    # The database says the same when the service check is bypassed.
    with pytest.raises(IntegrityError), transaction.atomic():
        Disbursement.objects.create(
            batch=second, subsidy=subsidy, stage="settlement", amount=Decimal("1")
        )


def test_a_batch_is_paid_once(world: World, clock: Any) -> None:
    _case, subsidy = approved(world, clock)
    batch = create_batch(
        actor=world.finance, program=world.program, name="第一批", stage="settlement"
    )
    add_to_batch(batch.pk, actor=world.finance, subsidy_ids=[subsidy.pk])
    approve_batch(batch.pk, actor=world.finance)
    pay_batch(batch.pk, actor=world.finance)
    before = footprint()
    assert refused(lambda: pay_batch(batch.pk, actor=world.finance)) == [
        "批次“第一批”已由他人处理（当前状态：“已拨付”），不能再拨付。"
    ]
    assert footprint() == before


def test_paying_more_than_the_subsidy_is_refused(world: World, clock: Any) -> None:
    _case, subsidy = approved(world, clock)
    batch = create_batch(
        actor=world.finance, program=world.program, name="第一批", stage="settlement"
    )
    before = footprint()
    messages = refused(
        lambda: add_to_batch(
            batch.pk, actor=world.finance, subsidy_ids=[subsidy.pk], amount=Decimal("200000.01")
        )
    )
    assert messages == [
        f"“{subsidy.project.enterprise.name}”累计拨付 200,000.01 元（已拨 0.00 元 + 本次 200,000.01 元）将超过核定奖补 200,000.00 元。"
    ]
    assert footprint() == before


def test_only_approved_subsidies_are_paid(world: World, clock: Any) -> None:
    case = accepted_case(world, clock, user=world.enterprise_user)
    subsidy = compute_project_subsidy(case.project.pk, actor=world.city_admin)
    batch = create_batch(
        actor=world.finance, program=world.program, name="第一批", stage="settlement"
    )
    messages = refused(
        lambda: add_to_batch(batch.pk, actor=world.finance, subsidy_ids=[subsidy.pk])
    )
    assert messages == [f"“{case.enterprise.name}”的奖补状态为“已核算”，只有已核定的奖补可以拨付。"]


def test_only_the_finance_office_disburses(world: World, clock: Any) -> None:
    with pytest.raises(PermissionDenied):
        create_batch(
            actor=world.city_admin, program=world.program, name="第一批", stage="settlement"
        )
    messages = refused(
        lambda: create_batch(actor=world.finance, program=world.program, name="", stage="advance")
    )
    assert sorted(messages) == sorted(
        ["请填写批次名称。", "拨付阶段“advance”未在试点方案中定义（可选：settlement）。"]
    )


def test_two_stages_split_by_share_in_order(world: World, clock: Any) -> None:
    # A city paying 30% in advance and 70% on settlement (龙岩-style staging).
    rule = dict(world.program.subsidy_rule)
    rule["disbursement"] = [
        {"key": "advance", "name": "预拨", "share": "0.3"},
        {"key": "settlement", "name": "清算", "share": "0.7"},
    ]
    world.program.subsidy_rule = rule
    world.program.save(update_fields=["subsidy_rule"])
    case, subsidy = approved(world, clock)
    settlement = create_batch(
        actor=world.finance, program=world.program, name="清算批", stage="settlement"
    )
    assert refused(
        lambda: add_to_batch(settlement.pk, actor=world.finance, subsidy_ids=[subsidy.pk])
    ) == [f"“{case.enterprise.name}”的奖补尚未列入前一阶段（预拨）的拨付。"]
    advance = create_batch(
        actor=world.finance, program=world.program, name="预拨批", stage="advance"
    )
    [row] = add_to_batch(advance.pk, actor=world.finance, subsidy_ids=[subsidy.pk])
    assert row.amount == Decimal("60000.00")  # 200,000 × 0.3
    approve_batch(advance.pk, actor=world.finance)
    pay_batch(advance.pk, actor=world.finance)
    subsidy.refresh_from_db()
    assert subsidy.status == Subsidy.Status.APPROVED  # 60,000 of 200,000 paid
    assert case.refresh().status == ProjectStatus.ACCEPTED
    [row] = add_to_batch(settlement.pk, actor=world.finance, subsidy_ids=[subsidy.pk])
    assert row.amount == Decimal("140000.00")  # the remainder: 200,000 − 60,000
    approve_batch(settlement.pk, actor=world.finance)
    pay_batch(settlement.pk, actor=world.finance)
    subsidy.refresh_from_db()
    assert subsidy.status == Subsidy.Status.PAID
    assert case.refresh().status == ProjectStatus.SUBSIDISED
