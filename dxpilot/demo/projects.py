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
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from dxpilot.accounts.models import Role, User
from dxpilot.assessment.models import Assessment
from dxpilot.demo import funding as later_steps
from dxpilot.demo.paths import (
    ARCHIVE,
    BATCH,
    DEMO_FILE,
    DEMO_PDF,
    EARLY,
    LATE,
    LINES,
    P,
    Path,
    align_assessments,
    latest,
    moment,
    plan_path,
    status_of,
)
from dxpilot.enterprises.models import Application
from dxpilot.funding.models import Acceptance, Subsidy
from dxpilot.funding.services.flags import detect_all_flags
from dxpilot.projects import phrases as events_say
from dxpilot.projects.models import (
    Contract,
    Evidence,
    InvestmentLine,
    Milestone,
    ProjectEvent,
    TransformationProject,
)
from dxpilot.providers.models import Product, Provider


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
        latest(Assessment.Kind.ONSITE_BEFORE, pilots),
        latest(Assessment.Kind.ONSITE_AFTER, pilots),
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
        plan_path(rng, path, admitted.get(pk, date(2024, 5, 10)), today)
        paths.append(path)
    align_assessments(paths)
    _insert(world, paths, providers, products, city, finance, district, experts, today)


def _insert(world: Any, paths: list[Path], providers: list[int], products: dict[int, list[tuple[int, Decimal, str]]],
            city: User, finance: User, district: User | None, experts: list[int], today: date) -> None:  # fmt: skip
    program = world.program
    provider_names = dict(Provider.objects.filter(pk__in=providers).values_list("pk", "name"))
    decided_states = {"accepted", "approved", P.SUBSIDISED, P.CLOSED, "refused"}
    projects = []
    for path in paths:
        rng, d = random.Random(path.enterprise_id), path.dates
        status = status_of(path)
        contracted = status != P.PLANNING
        done = status not in (P.PLANNING, P.CONTRACTED, P.IMPLEMENTING)
        path.project = TransformationProject(
            program=program, enterprise_id=path.enterprise_id, title=f"{path.name}数字化改造项目"[:120], status=status,
            baseline_assessment_id=path.t0[0], target_level=2, completed_on=d["completed"] if done else None,
            post_assessment_id=path.t1[0] if path.t1 and path.state in decided_states else None,
            locked_at=moment(rng, d["decided"]) if path.state in decided_states else None,
            created_at=moment(rng, d["opened"]),
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
                message=events_say.OPENED.say(level=path.t0[1], target=project.target_level),
                to_status=P.PLANNING,
                at=moment(rng, d["opened"]),
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
                            scope=["生产管控", "经营管理"], filed_by_id=path.user_id, filed_at=moment(rng, d["signed"]))  # fmt: skip
        contracts.append(contract)
        contract_of[project.pk] = contract
        events.append(ProjectEvent(project=project, kind="contract", message=events_say.CONTRACT_FILED.say(number=contract.number, provider=provider_names.get(provider, ""), amount=contract.amount, date=d["signed"]), from_status=P.PLANNING,
                                   to_status=P.CONTRACTED, at=moment(rng, d["signed"])))  # fmt: skip
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
                                        eligible=bool(categories.get(category, {}).get("eligible")), created_at=moment(rng, d["invoiced"])))  # fmt: skip
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
            events.append(ProjectEvent(project=project, kind="milestone_done", message=events_say.MILESTONE_DONE.say(name="系统部署", date=d["invoiced"], planned=d["invoiced"]), from_status=P.CONTRACTED,
                                       to_status=P.IMPLEMENTING, at=moment(rng, d["invoiced"])))  # fmt: skip
        for kind in kinds:
            # Unique bytes per project and kind (metadata only; the demo file serves downloads).
            sha = hashlib.sha256(f"demo:{project.pk}:{kind}".encode()).hexdigest()
            evidence.append(Evidence(project=project, kind=kind, sha256=sha, storage_name=DEMO_FILE, original_name=f"{kind}.pdf",
                                     content_type="application/pdf", size=len(DEMO_PDF), status=Evidence.Status.SUBMITTED,
                                     uploaded_by_id=path.user_id, uploaded_at=moment(rng, d["paid"]), submitted_at=moment(rng, d["paid"])))  # fmt: skip
        if project.completed_on:
            events.append(ProjectEvent(project=project, kind="complete", message=events_say.COMPLETED.say(date=d["completed"]),
                                       from_status=P.IMPLEMENTING, to_status=P.COMPLETED, at=moment(rng, d["completed"])))  # fmt: skip
    if len(evidence) > 40:  # one archive borrows another enterprise's file (the detector finds it)
        evidence[-1].sha256 = evidence[0].sha256
    InvestmentLine.objects.bulk_create(lines, batch_size=BATCH)
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)
    Evidence.objects.bulk_create(evidence, batch_size=BATCH)
    acceptances = later_steps.acceptances(paths, city, district, experts, events)
    Acceptance.objects.bulk_create(acceptances, batch_size=BATCH)
    subsidies = later_steps.subsidies(program, paths, lines, city, events)
    Subsidy.objects.bulk_create(subsidies, batch_size=BATCH)
    later_steps.disburse(program, paths, subsidies, finance, events, today)
    later_steps.after(paths, providers, contract_of, events)
    ProjectEvent.objects.bulk_create(events, batch_size=BATCH)
    later_steps.plant_shared_phone(paths, contract_of)

    world.counts["projects"] = len(projects)
    world.counts["flags"] = sum(detect_all_flags().values())
