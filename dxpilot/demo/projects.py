"""Demo transformation projects in every state, consistent with the assessments and the catalogue.

Every pilot enterprise with a locked on-site baseline (T0) and no project yet gets one. Those with
a locked post assessment (T1) of 二级 or above stand somewhere in acceptance or later (accepted,
subsidised, followed up); a 一级 T1 is refused; the others are still planning, contracted,
implementing or completed (some overdue for acceptance), or have applied and wait for their T1.
Dates follow the Hefei programme (contracts from 2024-04, completion by 2025-12), so subsidies are
computed by the real rule (subsidy_rule.compute_subsidy) with their explanation. A few anomalies
are planted (a shared evidence file, a price above the catalogue, a shared phone) and the flag
detectors run at the end.

All rows are bulk-inserted, a seeded generator per enterprise decides its path, and enterprises
that already have a project are skipped: a second run adds nothing.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Max
from django.utils import timezone

from dxpilot.accounts.models import Role, User
from dxpilot.assessment.models import Assessment
from dxpilot.enterprises.models import Application
from dxpilot.projects.models import (
    Acceptance,
    Contract,
    Disbursement,
    DisbursementBatch,
    Evidence,
    FollowUp,
    InvestmentLine,
    Milestone,
    ProjectEvent,
    ProjectStatus,
    Subsidy,
    TransformationProject,
)
from dxpilot.projects.subsidy_rule import Line, SubsidyRefusedError, compute_subsidy
from dxpilot.providers.models import Product, Provider, ProviderRating

BATCH = 2000
P, A = ProjectStatus, Acceptance.Status
ARCHIVE = ("contract", "invoice", "payment", "investment_list", "financial_statement", "completion_report",
           "effect", "post_self_assessment", "declaration")  # fmt: skip
DEMO_FILE = "evidence/demo/示例档案材料.pdf"
DEMO_PDF = b"%PDF-1.4\n% dxpilot demo evidence\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
LINES = [("software", "MES 生产执行系统"), ("software", "ERP 经营管理系统"), ("cloud", "工业互联网平台订阅"),
         ("cloud", "云 WMS 仓储管理"), ("data_devices", "设备联网网关"), ("data_devices", "数据采集传感器"),
         ("consulting", "数字化诊断咨询"), ("other_hardware", "工控机")]  # fmt: skip
# Where projects without a T1 stand, and where those with a 二级+ T1 stand.
EARLY = (
    [P.PLANNING] * 2 + [P.CONTRACTED] * 2 + [P.IMPLEMENTING] * 3 + [P.COMPLETED] * 2 + ["waiting"]
)
LATE = (
    ["applied", "district_checked", "expert_reviewed", "returned"]
    + ["accepted"] * 2
    + ["approved"] * 2
    + [P.SUBSIDISED] * 4
    + [P.CLOSED] * 2
)


# A state whose step would lie in the future falls back: state → (earlier state, date it needs).
FALLBACK = {
    P.CLOSED: (P.SUBSIDISED, "followed"), P.SUBSIDISED: ("expert_reviewed", "decided"),
    "approved": ("expert_reviewed", "decided"), "accepted": ("expert_reviewed", "decided"),
    "refused": ("applied", "decided"), "expert_reviewed": ("district_checked", "reviewed"),
    "district_checked": ("applied", "district"), "returned": ("applied", "district"), "applied": (P.COMPLETED, "applied"),
}  # fmt: skip


@dataclass
class Path:
    """One enterprise's project as it will be inserted."""

    enterprise_id: int
    user_id: int  # the enterprise's own user, else the city admin acting for it
    has_user: bool
    name: str
    t0: tuple[int, int]  # (assessment pk, level)
    t1: tuple[int, int, date | None] | None
    state: str
    project: TransformationProject = None  # type: ignore[assignment]  # set when inserted
    events: list[tuple[str, str, str, datetime, list[str]]] = field(default_factory=list)
    lines: list[tuple[str, str, Decimal, int | None]] = field(default_factory=list)
    dates: dict[str, Any] = field(default_factory=dict)


def _at(rng: random.Random, day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(9, 17), rng.randint(0, 59))))


def _latest(kind: str, enterprises: Any) -> dict[int, tuple[int, int, date | None]]:
    rows = Assessment.objects.filter(
        enterprise__in=enterprises, kind=kind, status=Assessment.Status.LOCKED
    )
    latest: dict[int, tuple[int, int, date | None]] = {}
    for pk, enterprise_id, level, day in rows.order_by("locked_at", "pk").values_list(
        "pk", "enterprise_id", "level", "assessed_on"
    ):
        latest[enterprise_id] = (pk, level or 0, day)
    return latest


def _plan_path(rng: random.Random, path: Path, admitted: date, today: date) -> None:
    """Dates of the path in the Hefei window, from the enterprise's admission: baseline, contract,
    invoices, completion (by 2025-12-20, so the subsidy rule applies), T1, acceptance steps, the
    follow-up a year on. A state whose step would lie in the future falls back to an earlier one."""
    d = path.dates
    d["opened"] = admitted + timedelta(days=rng.randint(10, 60))
    d["t0"] = d["opened"] - timedelta(days=rng.randint(3, 9))
    d["signed"] = d["opened"] + timedelta(days=rng.randint(15, 40))
    d["invoiced"] = d["signed"] + timedelta(days=rng.randint(20, 60))
    d["paid"] = d["invoiced"] + timedelta(days=rng.randint(3, 20))
    d["completed"] = min(d["signed"] + timedelta(days=rng.randint(90, 200)), date(2025, 12, 20))
    d["t1"] = d["completed"] + timedelta(days=rng.randint(10, 40))
    d["applied"] = d["completed"] + timedelta(days=rng.randint(5, 60))
    d["district"] = max(d["applied"], d["t1"]) + timedelta(days=rng.randint(3, 15))
    d["reviewed"] = d["district"] + timedelta(days=rng.randint(5, 20))
    d["decided"] = d["reviewed"] + timedelta(days=rng.randint(3, 10))
    d["followed"] = d["decided"] + timedelta(days=rng.randint(365, 420))
    while path.state in FALLBACK and d[FALLBACK[path.state][1]] > today:
        path.state = FALLBACK[path.state][0]


def _align_assessments(paths: list[Path]) -> None:
    """The demo assessments were dated before projects existed; move each project's T0 and T1
    onto its timeline (T0 before the project opens, T1 after completion)."""
    moved: list[Assessment] = []
    for path in paths:
        for ref, day in ((path.t0, path.dates["t0"]), (path.t1, path.dates["t1"])):
            if ref is None:
                continue
            at = _at(random.Random(ref[0]), day)
            moved.append(
                Assessment(pk=ref[0], assessed_on=day, locked_at=at, submitted_at=at, created_at=at)
            )
    Assessment.objects.bulk_update(
        moved, ["assessed_on", "locked_at", "submitted_at", "created_at"], batch_size=BATCH
    )


def create_projects(world: Any) -> None:
    program, today = world.program, timezone.localdate()
    providers = list(
        Provider.objects.filter(program=program, status=Provider.Status.APPROVED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    city = User.objects.filter(role=Role.CITY_ADMIN, is_active=True).order_by("pk").first()
    finance = User.objects.filter(role=Role.FINANCE_OFFICER, is_active=True).order_by("pk").first()
    district = (
        User.objects.filter(role=Role.DISTRICT_OFFICER, is_active=True).order_by("pk").first()
    )
    experts = list(
        User.objects.filter(role=Role.ASSESSOR, is_active=True, provider__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not providers or city is None or finance is None:
        return
    pilots = program.enterprises.filter(is_pilot=True, projects__isnull=True)
    t0s, t1s = (
        _latest(Assessment.Kind.ONSITE_BEFORE, pilots),
        _latest(Assessment.Kind.ONSITE_AFTER, pilots),
    )
    if not t0s:
        return
    users = dict(
        User.objects.filter(role=Role.ENTERPRISE, enterprise__in=pilots).values_list(
            "enterprise_id", "pk"
        )
    )
    names = dict(pilots.values_list("pk", "name"))
    admitted = {
        pk: timezone.localdate(at)
        for pk, at in Application.objects.filter(
            enterprise__in=pilots, admitted_at__isnull=False
        ).values_list("enterprise_id", "admitted_at")
    }
    products: dict[int, list[tuple[int, Decimal, str]]] = {}
    listed = Product.objects.filter(provider_id__in=providers, status=Product.Status.LISTED)
    for pk, provider_id, price, kind in listed.values_list("pk", "provider_id", "price", "kind"):
        products.setdefault(provider_id, []).append((pk, price, kind))
    paths: list[Path] = []
    for pk in sorted(t0s):
        rng = random.Random(pk * 104729 + 7)
        t1 = t1s.get(pk)
        if t1 is None:
            state = rng.choice(EARLY)
        elif t1[1] < 2:
            state = rng.choice(["refused", "refused", "applied"])
        else:
            state = rng.choice(LATE)
        path = Path(
            pk,
            users.get(pk, city.pk),
            pk in users,
            names[pk],
            t0s[pk][:2],
            t1,
            "applied" if state == "waiting" else state,
        )
        _plan_path(rng, path, admitted.get(pk, date(2024, 5, 10)), today)
        paths.append(path)
    _align_assessments(paths)
    _insert(world, paths, providers, products, city, finance, district, experts, today)


def _status(path: Path) -> str:
    return {"applied": P.ACCEPTANCE, "district_checked": P.ACCEPTANCE, "expert_reviewed": P.ACCEPTANCE,
            "returned": P.COMPLETED, "accepted": P.ACCEPTED, "approved": P.ACCEPTED, "refused": P.REFUSED}.get(path.state, path.state)  # fmt: skip


def _insert(world: Any, paths: list[Path], providers: list[int], products: dict[int, list[tuple[int, Decimal, str]]],
            city: User, finance: User, district: User | None, experts: list[int], today: date) -> None:  # fmt: skip
    program = world.program
    decided_states = {"accepted", "approved", P.SUBSIDISED, P.CLOSED, "refused"}
    projects = []
    for path in paths:
        rng, d = random.Random(path.enterprise_id), path.dates
        status = _status(path)
        contracted = status != P.PLANNING
        done = status not in (P.PLANNING, P.CONTRACTED, P.IMPLEMENTING)
        path.project = TransformationProject(
            program=program, enterprise_id=path.enterprise_id, title=f"{path.name}数字化改造项目"[:120], status=status,
            baseline_assessment_id=path.t0[0], target_level=2, completed_on=d["completed"] if done else None,
            post_assessment_id=path.t1[0] if path.t1 and path.state in decided_states else None,
            locked_at=_at(rng, d["decided"]) if path.state in decided_states else None,
            created_at=_at(rng, d["opened"]),
        )  # fmt: skip
        projects.append(path.project)
        if contracted:
            for n in range(rng.randint(2, 4)):
                category, description = rng.choice(LINES[:6] if n == 0 else LINES)
                amount = Decimal(rng.randrange(30, 260) * 1000)
                path.lines.append((category, description, amount, None))
    TransformationProject.objects.bulk_create(projects, batch_size=BATCH)
    if not default_storage.exists(DEMO_FILE):
        default_storage.save(DEMO_FILE, ContentFile(DEMO_PDF))
    contracts, lines, milestones, evidence, events = [], [], [], [], []
    contract_of: dict[int, Contract] = {}
    for path in paths:
        project, rng, d = path.project, random.Random(path.enterprise_id + 1), path.dates
        events.append(
            ProjectEvent(
                project=project,
                kind="open",
                title="创建转型项目。",
                to_status=P.PLANNING,
                at=_at(rng, d["opened"]),
            )
        )
        if not path.lines:
            continue
        provider = rng.choice(providers)
        catalogue = products.get(provider, [])
        if catalogue:  # the first line buys a catalogue product, at (or, rarely, above) its price
            pk, price, kind = rng.choice(catalogue)
            over = Decimal("1.15") if rng.random() < 0.03 else Decimal(1)
            path.lines[0] = (
                kind if kind != "consulting" else "software",
                "目录产品",
                max(Decimal(1000), price * over),
                pk,
            )
        total = sum((line[2] for line in path.lines), Decimal(0))
        contract = Contract(project=project, provider_id=provider, number=f"HT{project.pk:06d}", signed_on=d["signed"],
                            starts_on=d["signed"], ends_on=d["completed"], amount=total * Decimal(rng.choice(("1", "1.05", "1.2"))),
                            scope=["生产管控", "经营管理"], filed_by_id=path.user_id, filed_at=_at(rng, d["signed"]))  # fmt: skip
        contracts.append(contract)
        contract_of[project.pk] = contract
        events.append(ProjectEvent(project=project, kind="contract", title=f"备案合同 {contract.number}。", from_status=P.PLANNING,
                                   to_status=P.CONTRACTED, at=_at(rng, d["signed"])))  # fmt: skip
    Contract.objects.bulk_create(contracts, batch_size=BATCH)
    categories = {c["key"]: c for c in program.subsidy_rule.get("categories", [])}
    for path in paths:
        project, rng, d = path.project, random.Random(path.enterprise_id + 2), path.dates
        filed = contract_of.get(project.pk)
        if filed is None:
            continue
        for n, (category, description, amount, product) in enumerate(path.lines, start=1):
            lines.append(InvestmentLine(project=project, contract=filed, product_id=product, category=category,
                                        description=description, amount=amount, invoice_number=f"FP{project.pk:06d}{n:02d}",
                                        invoice_on=d["invoiced"], paid_on=d["paid"], paid_amount=amount,
                                        eligible=bool(categories.get(category, {}).get("eligible")), created_at=_at(rng, d["invoiced"])))  # fmt: skip
        kinds = (
            ARCHIVE
            if project.completed_on
            else ARCHIVE[:1]
            if project.status == P.CONTRACTED
            else ARCHIVE[:3]
        )
        if project.status != P.CONTRACTED:
            for order, (name, day) in enumerate(
                (("系统部署", d["invoiced"]), ("上线试运行", d["completed"] - timedelta(days=10))),
                start=1,
            ):
                done = order == 1 or project.completed_on is not None
                milestones.append(
                    Milestone(
                        project=project,
                        name=name,
                        planned_on=day,
                        actual_on=day if done else None,
                        order=order,
                    )
                )
            events.append(ProjectEvent(project=project, kind="milestone_done", title="完成里程碑“系统部署”。", from_status=P.CONTRACTED,
                                       to_status=P.IMPLEMENTING, at=_at(rng, d["invoiced"])))  # fmt: skip
        for kind in kinds:
            # Unique bytes per project and kind (metadata only; the demo file serves downloads).
            sha = hashlib.sha256(f"demo:{project.pk}:{kind}".encode()).hexdigest()
            evidence.append(Evidence(project=project, kind=kind, sha256=sha, storage_name=DEMO_FILE, original_name=f"{kind}.pdf",
                                     content_type="application/pdf", size=len(DEMO_PDF), status=Evidence.Status.SUBMITTED,
                                     uploaded_by_id=path.user_id, uploaded_at=_at(rng, d["paid"]), submitted_at=_at(rng, d["paid"])))  # fmt: skip
        if project.completed_on:
            events.append(ProjectEvent(project=project, kind="complete", title=f"登记改造完成，完工日期 {d['completed']}。",
                                       from_status=P.IMPLEMENTING, to_status=P.COMPLETED, at=_at(rng, d["completed"])))  # fmt: skip
    if len(evidence) > 40:  # one archive borrows another enterprise's file (the detector finds it)
        evidence[-1].sha256 = evidence[0].sha256
    InvestmentLine.objects.bulk_create(lines, batch_size=BATCH)
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)
    Evidence.objects.bulk_create(evidence, batch_size=BATCH)
    acceptances = _acceptances(paths, city, district, experts, events)
    Acceptance.objects.bulk_create(acceptances, batch_size=BATCH)
    subsidies = _subsidies(program, paths, lines, city, events)
    Subsidy.objects.bulk_create(subsidies, batch_size=BATCH)
    _disburse(program, paths, subsidies, finance, events, today)
    _after(paths, providers, contract_of, events)
    ProjectEvent.objects.bulk_create(events, batch_size=BATCH)
    _plant_shared_phone(paths, contract_of)
    from dxpilot.projects.services.flags import detect_all_flags

    world.counts["projects"] = len(projects)
    world.counts["flags"] = sum(detect_all_flags().values())


def _acceptances(
    paths: list[Path],
    city: User,
    district: User | None,
    experts: list[int],
    events: list[ProjectEvent],
) -> list[Acceptance]:
    rows = []
    checker = district or city
    for path in paths:
        if path.state in (P.PLANNING, P.CONTRACTED, P.IMPLEMENTING, P.COMPLETED):
            continue
        project, rng, d = path.project, random.Random(path.enterprise_id + 3), path.dates
        a = Acceptance(
            project=project,
            round=1,
            status=A.APPLIED,
            applied_by_id=path.user_id,
            applied_at=_at(rng, d["applied"]),
        )
        events.append(ProjectEvent(project=project, kind="acceptance_apply", title="提交第 1 轮验收申请。", from_status=P.COMPLETED,
                                   to_status=P.ACCEPTANCE, at=a.applied_at))  # fmt: skip
        rows.append(a)
        if path.state == "applied":
            continue
        if path.state == "refused":
            a.status, a.decided_by, a.decided_at = A.REFUSED, city, _at(rng, d["decided"])
            a.post_assessment_id = path.t1[0] if path.t1 else None
            a.decision_reasons = ["改造后现场评测（T1）结果为一级，未达到验收要求的二级。"]
            events.append(ProjectEvent(project=project, kind="acceptance_decision", title="验收不通过，项目档案已锁定。",
                                       from_status=P.ACCEPTANCE, to_status=P.REFUSED, reasons=a.decision_reasons, at=a.decided_at))  # fmt: skip
            continue
        a.district_checked_by, a.district_checked_at = checker, _at(rng, d["district"])
        if path.state == "returned":
            a.status, a.decision_reasons = (
                A.RETURNED,
                ["投入清单与发票金额不一致，请核实后重新提交。"],
            )
            events.append(ProjectEvent(project=project, kind="acceptance_return", title="验收申请被退回补正。", from_status=P.ACCEPTANCE,
                                       to_status=P.COMPLETED, reasons=a.decision_reasons, at=a.district_checked_at))  # fmt: skip
            continue
        a.status, a.post_assessment_id, a.district_opinion = (
            A.DISTRICT_CHECKED,
            path.t1[0] if path.t1 else None,
            "材料齐全，与现场一致。",
        )
        a.expert_id = rng.choice(experts) if experts else None
        if path.state == "district_checked" or a.expert_id is None:
            continue
        a.status, a.expert_score = A.EXPERT_REVIEWED, Decimal(rng.randint(7000, 9600)) / 100
        a.expert_opinion, a.expert_reviewed_at = (
            "系统运行正常，改造目标达成。",
            _at(rng, d["reviewed"]),
        )
        if path.state == "expert_reviewed":
            continue
        a.status, a.decided_by, a.decided_at = A.ACCEPTED, city, _at(rng, d["decided"])
        events.append(ProjectEvent(project=project, kind="acceptance_decision", title="验收通过，项目档案已锁定。",
                                   from_status=P.ACCEPTANCE, to_status=P.ACCEPTED, at=a.decided_at))  # fmt: skip
    return rows


def _subsidies(
    program: Any,
    paths: list[Path],
    lines: list[InvestmentLine],
    city: User,
    events: list[ProjectEvent],
) -> list[Subsidy]:
    by_project: dict[int, list[Line]] = {}
    for line in lines:
        by_project.setdefault(line.project_id, []).append(
            Line(line.category, line.description, line.amount)
        )
    rows = []
    for path in paths:
        if path.state not in ("accepted", "approved", P.SUBSIDISED, P.CLOSED) or path.t1 is None:
            continue
        project, rng = path.project, random.Random(path.enterprise_id + 4)
        try:
            c = compute_subsidy(
                program.subsidy_rule,
                level=path.t1[1],
                completion_year=path.dates["completed"].year,
                lines=by_project.get(project.pk, []),
            )
        except SubsidyRefusedError:
            continue
        status = Subsidy.Status.COMPUTED if path.state == "accepted" else Subsidy.Status.APPROVED
        at = _at(rng, path.dates["decided"] + timedelta(days=rng.randint(3, 12)))
        rows.append(Subsidy(project=project, completion_year=c.completion_year, level=c.level, eligible_investment=c.eligible_investment,
                            ratio=c.ratio, cap=c.cap, amount=c.amount, explanation=c.explanation, status=status,
                            computed_by=city, computed_at=at))  # fmt: skip
        events.append(
            ProjectEvent(
                project=project,
                kind="subsidy_computed",
                title=f"核算奖补 {c.amount:,.2f} 元。",
                at=at,
            )
        )
    return rows


def _disburse(
    program: Any,
    paths: list[Path],
    subsidies: list[Subsidy],
    finance: User,
    events: list[ProjectEvent],
    today: date,
) -> None:
    """Subsidised (and closed) projects in paid batches; some approved ones in an approved batch,
    the rest wait for the finance office to put them in a new batch."""
    state = {p.project.pk: p.state for p in paths}
    paid = [
        s for s in subsidies if state[s.project_id] in (P.SUBSIDISED, P.CLOSED) and s.amount > 0
    ]
    waiting = [s for s in subsidies if state[s.project_id] == "approved" and s.amount > 0]
    stage = (program.subsidy_rule.get("disbursement") or [{"key": "settlement"}])[-1]["key"]
    n = (DisbursementBatch.objects.filter(program=program).aggregate(n=Max("pk"))["n"] or 0) + 1
    rows = []
    groups = [(paid[i : i + 200], DisbursementBatch.Status.PAID) for i in range(0, len(paid), 200)]
    groups.append((waiting[: len(waiting) // 2], DisbursementBatch.Status.APPROVED))
    for members, status in groups:
        if not members:
            continue
        when = max(s.computed_at for s in members) + timedelta(days=20)
        when = min(when, timezone.now() - timedelta(days=1))
        batch = DisbursementBatch.objects.create(program=program, name=f"奖补兑现第 {n} 批", stage=stage, status=status,
                                                 created_by=finance, created_at=when - timedelta(days=10), approved_at=when - timedelta(days=5),
                                                 paid_at=when if status == DisbursementBatch.Status.PAID else None)  # fmt: skip
        n += 1
        for s in members:
            rows.append(Disbursement(batch=batch, subsidy=s, stage=stage, amount=s.amount))
            if status == DisbursementBatch.Status.PAID:
                s.status = Subsidy.Status.PAID
                events.append(ProjectEvent(project_id=s.project_id, kind="subsidy_paid", title=f"财政拨付奖补 {s.amount:,.2f} 元（{batch.name}），奖补已全部兑现。",
                                           from_status=P.ACCEPTED, to_status=P.SUBSIDISED, at=when))  # fmt: skip
    Disbursement.objects.bulk_create(rows, batch_size=BATCH)
    Subsidy.objects.bulk_update(paid, ["status"], batch_size=BATCH)


def _after(
    paths: list[Path],
    providers: list[int],
    contract_of: dict[int, Contract],
    events: list[ProjectEvent],
) -> None:
    """Ratings of the provider after acceptance; for closed projects a T2 and the follow-up."""
    ratings, followups, t2s = [], [], []
    closed = [p for p in paths if p.state == P.CLOSED and p.t1 is not None]
    t1_rows = {a.pk: a for a in Assessment.objects.filter(pk__in=[p.t1[0] for p in closed])}  # type: ignore[index]
    for path in paths:
        project, rng = path.project, random.Random(path.enterprise_id + 5)
        if (
            path.state in ("accepted", "approved", P.SUBSIDISED, P.CLOSED)
            and project.pk in contract_of
            and path.has_user
        ):
            ratings.append(ProviderRating(provider_id=contract_of[project.pk].provider_id, enterprise_id=path.enterprise_id,
                                          subject=f"project:{project.pk}", score=rng.choice((3, 4, 4, 5, 5)), comment="响应及时，实施规范。",
                                          rated_by_id=path.user_id, rated_at=_at(rng, path.dates["decided"] + timedelta(days=5))))  # fmt: skip
    for path in closed:
        t1 = t1_rows[path.t1[0]]  # type: ignore[index]
        day = path.dates["followed"]
        t2s.append(Assessment(enterprise_id=path.enterprise_id, kind=Assessment.Kind.FOLLOWUP, edition=t1.edition, status=Assessment.Status.LOCKED,
                              assessor_id=t1.assessor_id, answers=t1.answers, scenes=t1.scenes, result=t1.result, total=t1.total, level=t1.level,
                              assessed_on=day, submitted_at=_at(random.Random(path.enterprise_id), day), locked_at=_at(random.Random(path.enterprise_id), day)))  # fmt: skip
    Assessment.objects.bulk_create(t2s, batch_size=BATCH)
    for path, t2 in zip(closed, t2s, strict=True):
        project, rng = path.project, random.Random(path.enterprise_id + 6)
        before = Decimal(rng.randint(2000, 60000)) / 10
        growth = Decimal(rng.randint(-30, 420)) / 1000
        followups.append(FollowUp(project=project, year=path.dates["followed"].year, revenue_before=before,
                                  revenue_after=(before * (1 + growth)).quantize(Decimal("0.01")), land_mu=Decimal(rng.randint(8, 120)),
                                  tax_before=(before * Decimal("0.05")).quantize(Decimal("0.01")),
                                  tax_after=(before * (1 + growth) * Decimal("0.052")).quantize(Decimal("0.01")),
                                  followup_assessment=t2, recorded_by_id=path.user_id, recorded_at=_at(rng, path.dates["followed"])))  # fmt: skip
        events.append(ProjectEvent(project=project, kind="follow_up", title=f"登记 {path.dates['followed'].year} 年成效跟踪。",
                                   from_status=P.SUBSIDISED, to_status=P.CLOSED, at=_at(rng, path.dates["followed"])))  # fmt: skip
    ProviderRating.objects.bulk_create(ratings, batch_size=BATCH, ignore_conflicts=True)
    FollowUp.objects.bulk_create(followups, batch_size=BATCH)


def _plant_shared_phone(paths: list[Path], contract_of: dict[int, Contract]) -> None:
    """One provider registered with the phone of an enterprise it serves (found by the detector)."""
    from dxpilot.enterprises.models import Enterprise

    for path in paths[7::50][:1]:
        contract = contract_of.get(path.project.pk)
        if contract is None:
            continue
        index = (
            Enterprise.objects.filter(pk=path.enterprise_id)
            .values_list("contact_phone_index", flat=True)
            .first()
        )
        if index:
            Provider.objects.filter(pk=contract.provider_id).update(contact_phone_index=index)
