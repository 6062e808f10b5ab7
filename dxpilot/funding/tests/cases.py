"""Projects brought to the review half through the real services (never raw rows): a pilot
enterprise (admitted application), a locked T0, a plan-free project with a filed contract,
invoiced investment lines, a milestone, a complete archive, completion, and a locked T1.

The calendar is Hefei's 2025: admitted in March, contract 2025-03-10, invoices 2025-04-10,
completed 2025-06-30 (so the acceptance deadline is 2025-09-30 with 3 months), T1 2025-07-10.
Tests run inside `time_machine.travel` (the `clock` fixture) and move the clock forward.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from dxpilot.accounts.models import User
from dxpilot.assessment.models import Assessment
from dxpilot.assessment.tests.test_report_support import ANSWERS, lock_onsite, scenes
from dxpilot.enterprises import services as applications
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.tests.application_helpers import admitted, applicant, submitted
from dxpilot.funding.models import Acceptance
from dxpilot.funding.services import acceptance as acceptance_services
from dxpilot.funding.services import decision
from dxpilot.projects.models import EvidenceKind, TransformationProject
from dxpilot.projects.services.contract import (
    ContractData,
    InvestmentData,
    add_investment,
    file_contract,
)
from dxpilot.projects.services.evidence import submit_evidence, upload_evidence
from dxpilot.projects.services.milestones import add_milestone, complete_milestone
from dxpilot.projects.services.project import complete_project, open_project
from dxpilot.testing import World

SHANGHAI = ZoneInfo("Asia/Shanghai")
ADMITTED = datetime(2025, 3, 3, 10, tzinfo=SHANGHAI)
SIGNED = date(2025, 3, 10)
INVOICED = date(2025, 4, 10)
PAID = date(2025, 4, 20)
COMPLETED = date(2025, 6, 30)
DEADLINE = date(2025, 9, 30)
T1_DAY = date(2025, 7, 10)
APPLY_AT = datetime(2025, 7, 15, 10, tzinfo=SHANGHAI)
# The Hefei acceptance checklist (programs/hefei.yaml acceptance.checklist.acceptance).
ARCHIVE = (
    EvidenceKind.CONTRACT, EvidenceKind.INVOICE, EvidenceKind.PAYMENT, EvidenceKind.INVESTMENT_LIST,
    EvidenceKind.FINANCIAL_STATEMENT, EvidenceKind.COMPLETION_REPORT, EvidenceKind.EFFECT,
    EvidenceKind.POST_SELF_ASSESSMENT, EvidenceKind.DECLARATION,
)  # fmt: skip
# Investment lines of the standard project: 500,000 元 eligible (software + cloud + devices),
# 80,000 元 not (consulting): 2025 × 40% → 200,000 元 (below the 二级 cap of 300,000 元).
LINES = (
    ("software", "MES 生产执行系统", Decimal("300000")),
    ("cloud", "云 ERP 订阅（一年）", Decimal("120000")),
    ("data_devices", "设备联网网关 20 台", Decimal("80000")),
    ("consulting", "数字化诊断咨询", Decimal("80000")),
)
SHEETS = {0: scenes(0, 16), 1: scenes(2, 2), 2: scenes(2, 6)}


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(ADMITTED, tick=False) as traveller:
        yield traveller


def pdf(tag: str) -> SimpleUploadedFile:
    """A small PDF whose bytes are unique to `tag` (equal bytes would raise a shared-file flag)."""
    content = b"%PDF-1.4\n% " + tag.encode() + b"\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    return SimpleUploadedFile(f"{tag}.pdf", content, content_type="application/pdf")


@dataclass
class Case:
    """One enterprise on its way through the project: who acts for it and its project."""

    user: User
    enterprise: Enterprise
    project: TransformationProject
    contract_id: int

    def refresh(self) -> TransformationProject:
        self.project.refresh_from_db()
        return self.project

    @property
    def acceptance(self) -> Acceptance:
        return self.project.acceptances.order_by("-round").first()  # type: ignore[return-value]


_serial = iter(range(1, 1000))


def pilot(world: World, user: User | None = None, division: str = "340104") -> User:
    """An admitted pilot enterprise (its user): `user`'s, or a new one in `division`."""
    if user is None:
        user = applicant(world, next(_serial), division)
    if division == world.division_b.code:
        application = submitted(world, user=user)
        application = applications.pass_district_review(
            application.pk, actor=world.officer_b, comment="材料齐全。"
        )
        applications.admit_application(application.pk, actor=world.city_admin)
    else:
        admitted(world, user=user)
    return user


def lock_assessment(
    world: World, enterprise: Enterprise, level: int, kind: str, day: date
) -> Assessment:
    return lock_onsite(world, enterprise, ANSWERS, SHEETS[level], kind=kind, assessed_on=day)


def contracted_case(
    world: World,
    clock: Any,
    *,
    user: User | None = None,
    division: str = "340104",
    t0: int = 1,
    lines: tuple[tuple[str, str, Decimal], ...] = LINES,
    contract_amount: Decimal = Decimal("600000"),
) -> Case:
    """A pilot with a locked T0, an open project, a filed contract and invoiced lines."""
    clock.move_to(ADMITTED)
    user = pilot(world, user, division)
    enterprise = Enterprise.objects.get(pk=user.enterprise_id)
    # The T0 is dated 2025-03-05: it is locked on that day (a date in the future is refused).
    clock.move_to(datetime(2025, 3, 5, 17, tzinfo=SHANGHAI))
    lock_assessment(world, enterprise, t0, "onsite_before", date(2025, 3, 5))
    clock.move_to(ADMITTED)
    project = open_project(enterprise.pk, actor=user)
    tag = enterprise.credit_code
    evidence = upload_evidence(
        project.pk, actor=user, kind=EvidenceKind.CONTRACT, upload=pdf(f"{tag}-contract")
    )
    submit_evidence(evidence.pk, actor=user)
    contract = file_contract(
        project.pk,
        actor=user,
        data=ContractData(
            provider_id=world.provider.pk, number=f"HT-{tag[-6:]}", signed_on=SIGNED, starts_on=SIGNED,
            ends_on=COMPLETED, amount=contract_amount, scope=["生产执行", "经营管理"],
        ),
    )  # fmt: skip
    clock.move_to(datetime(2025, 4, 25, 10, tzinfo=SHANGHAI))
    for n, (category, description, amount) in enumerate(lines, start=1):
        add_investment(
            project.pk,
            actor=user,
            data=InvestmentData(
                contract_id=contract.pk, category=category, description=description, amount=amount,
                invoice_number=f"FP{tag[-6:]}{n:02d}", invoice_on=INVOICED, paid_on=PAID, paid_amount=amount,
            ),
        )  # fmt: skip
    project.refresh_from_db()
    return Case(user, enterprise, project, contract.pk)


def completed_case(
    world: World, clock: Any, *, archive: tuple[str, ...] = ARCHIVE, **kwargs: Any
) -> Case:
    """…then a milestone done, the archive submitted (`archive` kinds) and completion on 2025-06-30."""
    case = contracted_case(world, clock, **kwargs)
    user, project = case.user, case.project
    milestone = add_milestone(project.pk, actor=user, name="系统上线", planned_on=date(2025, 6, 20))
    clock.move_to(datetime(2025, 6, 30, 16, tzinfo=SHANGHAI))
    complete_milestone(milestone.pk, actor=user, actual_on=date(2025, 6, 20))
    tag = case.enterprise.credit_code
    for kind in archive:
        if kind == EvidenceKind.CONTRACT:
            continue
        evidence = upload_evidence(project.pk, actor=user, kind=kind, upload=pdf(f"{tag}-{kind}"))
        submit_evidence(evidence.pk, actor=user)
    if EvidenceKind.COMPLETION_REPORT in archive:
        complete_project(project.pk, actor=user, completed_on=COMPLETED)
    case.refresh()
    return case


def with_t1(world: World, clock: Any, case: Case, level: int = 2) -> Assessment:
    clock.move_to(datetime(2025, 7, 10, 15, tzinfo=SHANGHAI))
    return lock_assessment(world, case.enterprise, level, "onsite_after", T1_DAY)


def applied_case(world: World, clock: Any, *, t1: int | None = 2, **kwargs: Any) -> Case:
    """A completed project with a locked T1 (level `t1`, or none) and an acceptance application."""
    case = completed_case(world, clock, **kwargs)
    if t1 is not None:
        with_t1(world, clock, case, t1)
    clock.move_to(APPLY_AT)
    acceptance_services.apply_for_acceptance(case.project.pk, actor=case.user)
    case.refresh()
    return case


def reviewed_case(world: World, clock: Any, **kwargs: Any) -> Case:
    """…district check passed, expert assigned and review done (score 86.5)."""
    case = applied_case(world, clock, **kwargs)
    acceptance = case.acceptance
    officer = (
        world.officer_b if case.enterprise.division_id == world.division_b.pk else world.officer_a
    )
    clock.move_to(datetime(2025, 7, 20, 10, tzinfo=SHANGHAI))
    acceptance_services.pass_district_check(
        acceptance.pk, actor=officer, opinion="材料齐全，与现场一致。"
    )
    decision.assign_expert(acceptance.pk, actor=world.city_admin, expert_id=world.assessor.pk)
    clock.move_to(datetime(2025, 7, 25, 10, tzinfo=SHANGHAI))
    decision.review_acceptance(
        acceptance.pk, actor=world.assessor, score="86.5", opinion="系统运行正常，改造目标达成。"
    )
    case.refresh()
    return case


def accepted_case(world: World, clock: Any, **kwargs: Any) -> Case:
    case = reviewed_case(world, clock, **kwargs)
    clock.move_to(datetime(2025, 8, 1, 10, tzinfo=SHANGHAI))
    decision.decide_acceptance(case.acceptance.pk, actor=world.city_admin, accept=True)
    case.refresh()
    return case
