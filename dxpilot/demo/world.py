"""A consistent demo world for a programme: providers, enterprises and users of every role.

Deterministic (seeded) and idempotent: rows are keyed by credit code / username and inserted
with bulk_create(ignore_conflicts=True), so a second run adds nothing. Later apps append their
own steps to STEPS (assessments, products, projects) and receive the same context.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from dxpilot.accounts.models import Role, User
from dxpilot.accounts.selectors import DEMO_PASSWORD
from dxpilot.audit.services import record
from dxpilot.core.crypto import blind_index
from dxpilot.demo import names
from dxpilot.demo.applications import create_applications
from dxpilot.demo.assessments import create_assessments
from dxpilot.demo.cases import create_cases
from dxpilot.demo.finance import create_finance
from dxpilot.demo.honours import create_honours
from dxpilot.demo.mechanisms import create_mechanism_models
from dxpilot.demo.national import create_national
from dxpilot.demo.parks import create_parks
from dxpilot.demo.platforms import create_platforms
from dxpilot.demo.policies import create_policies
from dxpilot.demo.projects import create_projects
from dxpilot.demo.reporting import create_reports
from dxpilot.demo.training import create_training
from dxpilot.demo.upgrades import create_upgrade_projects
from dxpilot.enterprises.models import Enterprise, Nature, SrdiTier
from dxpilot.enterprises.sizing import size_class
from dxpilot.programs.models import Division, Industry, Program, Segment
from dxpilot.providers.demo import create_catalogue
from dxpilot.providers.models import Provider

BATCH = 2000


@dataclass(frozen=True)
class Scale:
    enterprises: int
    users: int
    providers: int
    assessors: int


SCALES = {
    "small": Scale(enterprises=200, users=30, providers=12, assessors=4),
    "city": Scale(enterprises=10_000, users=2_000, providers=60, assessors=40),
    "province": Scale(enterprises=200_000, users=40_000, providers=120, assessors=400),
}


@dataclass
class World:
    program: Program
    scale: Scale
    rng: random.Random
    counts: dict[str, int] = field(default_factory=dict)


Step = Callable[[World], None]


def _divisions(program: Program) -> tuple[list[Division], list[Division]]:
    divisions = list(program.divisions.all())
    return [d for d in divisions if d.kind != Division.Kind.ZONE], [
        d for d in divisions if d.kind == Division.Kind.ZONE
    ]


def create_providers(world: World) -> None:
    program, rng = world.program, world.rng
    kinds = list(program.provider_kinds.order_by("pk"))
    segments = list(program.segments.all())
    if not kinds or not segments:
        return
    used: dict[tuple[int, int], int] = {}
    rows = []
    for n in range(world.scale.providers):
        kind = kinds[0] if n % 4 == 0 else kinds[-1]
        code = names.credit_code(rng, program.region_code or "340100")
        rows.append(
            (
                Provider(
                    program=program,
                    credit_code=code,
                    name=f"{names.enterprise_name(rng, program.city, '')}".replace(
                        "有限公司", "数字科技有限公司", 1
                    ),
                    kind=kind,
                    status=Provider.Status.APPROVED if n % 5 else Provider.Status.APPLIED,
                    contact_name=names.person_name(rng),
                    contact_phone=(phone := names.mobile(rng)),
                    contact_phone_index=blind_index(phone),
                ),
                rng.sample(segments, k=min(len(segments), rng.choice((1, 2, 3)))),
            )
        )
    before = Provider.objects.filter(program=program).count()
    Provider.objects.bulk_create([p for p, _ in rows], ignore_conflicts=True, batch_size=BATCH)
    saved = {p.credit_code: p for p in Provider.objects.filter(program=program)}
    through = Provider.segments.through
    # Count the links earlier runs (other seeds) made, so the quota holds across runs too.
    linked = through.objects.filter(provider__program=program)
    existing = set(linked.values_list("provider_id", "segment_id"))
    for segment_id, kind_id in linked.values_list("segment_id", "provider__kind_id"):
        used[(segment_id, kind_id)] = used.get((segment_id, kind_id), 0) + 1
    links = []
    for provider, wanted in rows:
        obj = saved[provider.credit_code]
        for segment in wanted:
            key = (segment.pk, obj.kind_id)
            if (obj.pk, segment.pk) in existing:
                continue
            # Stay within the quota per 细分行业 (Hefei: ≤3 综合型, ≤10 专业型).
            quota = next(k.quota_per_segment for k in kinds if k.pk == obj.kind_id)
            if quota is not None and used.get(key, 0) >= quota:
                continue
            used[key] = used.get(key, 0) + 1
            links.append(through(provider_id=obj.pk, segment_id=segment.pk))
    through.objects.bulk_create(links, ignore_conflicts=True, batch_size=BATCH)
    world.counts["providers"] = Provider.objects.filter(program=program).count() - before


def _segment_for(
    rng: random.Random, industry: Industry, by_group: dict[str, Segment], chains: list[Segment]
) -> Segment | None:
    if chains and rng.random() < 0.2:
        return rng.choice(chains)
    return by_group.get(industry.code[:3])


def create_enterprises(world: World) -> None:
    program, rng = world.program, world.rng
    divisions, zones = _divisions(program)
    segments = list(program.segments.prefetch_related("industries"))
    by_group = {
        i.code: s for s in segments if s.kind == Segment.Kind.INDUSTRY for i in s.industries.all()
    }
    chains = [s for s in segments if s.kind == Segment.Kind.CHAIN]
    classes = list(Industry.objects.filter(parent__code__in=list(by_group)).order_by("code"))
    if not divisions or not classes:
        return
    before = Enterprise.objects.filter(program=program).count()
    weights = [3 if d.kind == Division.Kind.DISTRICT else 2 for d in divisions]
    srdi = [SrdiTier.NONE] * 6 + [SrdiTier.INNOVATIVE] * 2 + [SrdiTier.SRDI, SrdiTier.LITTLE_GIANT]
    natures = [Nature.PRIVATE] * 8 + [Nature.STATE, Nature.FOREIGN, Nature.MIXED]
    pending: list[Enterprise] = []
    for _n in range(world.scale.enterprises):
        division = rng.choices(divisions, weights)[0]
        industry = rng.choice(classes)
        employees = max(5, int(rng.lognormvariate(4.3, 0.9)))
        revenue = Decimal(max(50, int(employees * rng.uniform(25, 90)))).quantize(Decimal("0.01"))
        phone, account = names.mobile(rng), names.bank_account(rng)
        pending.append(
            Enterprise(
                program=program,
                credit_code=names.credit_code(rng, division.code),
                name=names.enterprise_name(rng, program.city, industry.code[:3]),
                division=division,
                zone=rng.choice(zones) if zones and rng.random() < 0.4 else None,
                industry=industry,
                segment=_segment_for(rng, industry, by_group, chains),
                nature=rng.choice(natures),
                srdi_tier=rng.choice(srdi),
                above_scale=revenue >= 2000,
                employees=employees,
                revenue=revenue,
                size_class=size_class(employees, revenue),
                address=f"{program.city}{division.name}{rng.choice('东南西北')}{rng.randint(1, 999)}号",
                is_pilot=rng.random() < 0.3,
                contact_name=names.person_name(rng),
                contact_phone=phone,
                contact_email=f"contact{rng.randrange(10**6)}@example.cn",
                bank_account=account,
                contact_phone_index=blind_index(phone),
                bank_account_index=blind_index(account),
            )
        )
        if len(pending) == BATCH:
            Enterprise.objects.bulk_create(pending, ignore_conflicts=True)
            pending = []
    Enterprise.objects.bulk_create(pending, ignore_conflicts=True)
    world.counts["enterprises"] = Enterprise.objects.filter(program=program).count() - before


def create_users(world: World) -> None:
    program, rng, scale = world.program, world.rng, world.scale
    password = make_password(DEMO_PASSWORD)
    divisions, zones = _divisions(program)
    providers = list(
        Provider.objects.filter(program=program).order_by("pk")[: max(1, scale.providers)]
    )
    first_division = divisions[0]
    home_enterprises = Enterprise.objects.filter(program=program).order_by("-is_pilot", "pk")
    demo_enterprise = (
        home_enterprises.filter(division=first_division).first() or home_enterprises.first()
    )
    users: list[tuple[User, list[int]]] = [
        (User(username="demo-city", role=Role.CITY_ADMIN, display_name="市工信局 管理员"), []),
        (User(username="demo-finance", role=Role.FINANCE_OFFICER, display_name="市财政局 工作人员"), []),
        (User(username="demo-district", role=Role.DISTRICT_OFFICER, display_name=f"{first_division.name} 工作人员"),
         [first_division.pk] + ([zones[0].pk] if zones else [])),
    ]  # fmt: skip
    users.extend(
        (User(username=f"demo-district-{division.code.lower()}", role=Role.DISTRICT_OFFICER,
              display_name=f"{division.name} 工作人员"), [division.pk])
        for division in divisions[1:] + zones[1:]
    )  # fmt: skip
    for n in range(scale.assessors):
        org = providers[n % len(providers)] if providers and n % 3 == 1 else None
        users.append((User(username="demo-assessor" if n == 0 else f"demo-assessor-{n}", role=Role.ASSESSOR,
                           display_name=names.person_name(rng), provider=org,
                           organization=org.name if org else "第三方评测机构"), []))  # fmt: skip
    for n, provider in enumerate(providers):
        users.append((User(username="demo-provider" if n == 0 else f"demo-provider-{n}", role=Role.PROVIDER,
                           display_name=names.person_name(rng), provider=provider), []))  # fmt: skip
    remaining = max(0, scale.users - len(users))
    others = (
        home_enterprises.exclude(pk=demo_enterprise.pk) if demo_enterprise else home_enterprises
    )
    enterprise_ids = list(others.values_list("pk", flat=True)[:remaining])
    if demo_enterprise is not None:
        users.append((User(username="demo-enterprise", role=Role.ENTERPRISE, display_name=names.person_name(rng),
                           enterprise=demo_enterprise), []))  # fmt: skip
    users.extend(
        (User(username=f"demo-enterprise-{pk}", role=Role.ENTERPRISE, enterprise_id=pk,
              display_name=names.person_name(rng)), [])
        for pk in enterprise_ids[: max(0, remaining - 1)]
    )  # fmt: skip
    for user, _ in users:
        user.password = password
    before = User.objects.count()
    for start in range(0, len(users), BATCH):
        User.objects.bulk_create(
            [u for u, _ in users[start : start + BATCH]], ignore_conflicts=True
        )
    wanted = {u.username: ids for u, ids in users if ids}
    saved = dict(User.objects.filter(username__in=list(wanted)).values_list("username", "pk"))
    through = User.divisions.through
    through.objects.bulk_create(
        [through(user_id=saved[name], division_id=d) for name, ids in wanted.items() for d in ids],
        ignore_conflicts=True,
    )
    world.counts["users"] = User.objects.count() - before


STEPS: list[Step] = [
    create_providers,
    create_enterprises,
    create_users,
    create_catalogue,
    create_assessments,
    create_applications,
    create_projects,
    create_platforms,
    create_honours,
    create_training,
    create_mechanism_models,
    create_upgrade_projects,
    create_parks,
    create_cases,
    create_policies,
    create_finance,
    create_national,
    create_reports,  # last: circulars report on everything above
]


def build_world(program: Program, scale_name: str, *, seed: int = 2024) -> dict[str, int]:
    """Run every step in one transaction (all or nothing) and audit the generation once."""
    world = World(program=program, scale=SCALES[scale_name], rng=random.Random(seed))
    with transaction.atomic():
        for step in STEPS:
            step(world)
        record(
            actor=None,
            action="demo.generate",
            target=program,
            changes={"scale": scale_name, **world.counts},
        )
    return world.counts


def describe(counts: dict[str, Any]) -> str:
    return ", ".join(f"{key}: +{value}" for key, value in counts.items())
