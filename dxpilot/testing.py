"""Shared test helpers: the programme fixture file and a world of personas.

Personas (like healthchecks' alice/bob/charlie): a city admin, officers of two divisions, a
finance officer, an assessor, an enterprise user for an enterprise in division A, a provider
user, and anonymous. States are reached through services, never through impossible raw rows.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.test import Client

from dxpilot.accounts.models import Role, User
from dxpilot.accounts.services import create_user
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.services import EnterpriseData, register_enterprise
from dxpilot.programs.models import Division, Program, ProviderKind
from dxpilot.programs.services import load_program
from dxpilot.providers.models import Provider

REPO = Path(__file__).resolve().parents[1]
HEFEI = REPO / "programs" / "hefei.yaml"
PASSWORD = "Test-password-2024"  # noqa: S105 - the personas' test password


def valid_code(first17: str) -> str:
    from dxpilot.enterprises.creditcode import check_character

    return first17 + check_character(first17)


def load_hefei() -> Program:
    program, _ = load_program(HEFEI.read_text(encoding="utf-8"), actor=None)
    return program


def enterprise_data(code: str, division_code: str, **overrides: object) -> EnterpriseData:
    values: dict[str, object] = {
        "credit_code": code,
        "name": f"测试企业{code[-6:]}有限公司",
        "division_code": division_code,
        "industry_code": "3670",
        "segment_key": "auto-parts",
        "employees": 120,
        "revenue": Decimal("5600.00"),
        "contact_name": "张伟",
        "contact_phone": "13812345678",
        "contact_email": "zhangwei@example.cn",
        "bank_account": "6222021234567890123",
    }
    values.update(overrides)
    return EnterpriseData(**values)  # type: ignore[arg-type]


@dataclass
class World:
    program: Program
    division_a: Division
    division_b: Division
    zone: Division
    city_admin: User
    officer_a: User
    officer_b: User
    finance: User
    assessor: User
    enterprise_a: Enterprise
    enterprise_b: Enterprise
    enterprise_user: User
    provider: Provider
    provider_user: User


def build_world() -> World:
    program = load_hefei()
    division_a = program.divisions.get(code="340104")
    division_b = program.divisions.get(code="340111")
    zone = program.divisions.get(code="340171")
    city_admin = create_user(actor=None, username="alice", password=PASSWORD, role=Role.CITY_ADMIN)
    officer_a = create_user(
        actor=None,
        username="bob",
        password=PASSWORD,
        role=Role.DISTRICT_OFFICER,
        division_ids=[division_a.pk],
    )
    officer_b = create_user(
        actor=None,
        username="carol",
        password=PASSWORD,
        role=Role.DISTRICT_OFFICER,
        division_ids=[division_b.pk],
    )
    finance = create_user(
        actor=None, username="frank", password=PASSWORD, role=Role.FINANCE_OFFICER
    )
    enterprise_a = register_enterprise(
        program, enterprise_data(valid_code("91340104MA2TEQ001"), "340104"), actor=city_admin
    )
    enterprise_b = register_enterprise(
        program, enterprise_data(valid_code("91340111MA2TEQ002"), "340111"), actor=city_admin
    )
    provider = Provider.objects.create(
        program=program,
        credit_code=valid_code("91340100MA2PR0W01"),
        name="测试数字科技有限公司",
        kind=ProviderKind.objects.get(program=program, key="specialised"),
        status=Provider.Status.APPROVED,
    )
    assessor = create_user(
        actor=None,
        username="ann",
        password=PASSWORD,
        role=Role.ASSESSOR,
        organization="第三方评测机构",
    )
    enterprise_user = create_user(
        actor=None,
        username="eve",
        password=PASSWORD,
        role=Role.ENTERPRISE,
        enterprise_id=enterprise_a.pk,
    )
    provider_user = create_user(
        actor=None, username="pete", password=PASSWORD, role=Role.PROVIDER, provider_id=provider.pk
    )
    return World(
        program=program,
        division_a=division_a,
        division_b=division_b,
        zone=zone,
        city_admin=city_admin,
        officer_a=officer_a,
        officer_b=officer_b,
        finance=finance,
        assessor=assessor,
        enterprise_a=enterprise_a,
        enterprise_b=enterprise_b,
        enterprise_user=enterprise_user,
        provider=provider,
        provider_user=provider_user,
    )


def completed_project(enterprise: Any, *, title: str = "数字化改造项目") -> Any:
    """A project already declared complete (改造完成), as a fixture for what comes after it (a
    T1 assessment): the path through planning, contract and milestones is tested in projects."""
    from dxpilot.projects.models import ProjectStatus, TransformationProject

    return TransformationProject.objects.create(
        program=enterprise.program,
        enterprise=enterprise,
        title=title,
        status=ProjectStatus.COMPLETED,
        completed_on=date(2025, 5, 31),
    )


def client_for(user: User | None, **defaults: Any) -> Client:
    """A test client logged in as `user` (None: anonymous). `defaults` go to every request,
    e.g. REMOTE_ADDR. force_login, because axes needs a request that Client.login does not pass."""
    client = Client(**defaults)
    if user is not None:
        client.force_login(user)
    return client


def issue_token(
    owner: User, scopes: Iterable[str], *, actor: User | None = None, **kwargs: Any
) -> str:
    """Issue an API token through the service and return its secret (for Authorization headers)."""
    from dxpilot.accounts.services import issue_api_token

    _token, secret = issue_api_token(
        actor=actor or owner, owner=owner, name="测试令牌", scopes=scopes, **kwargs
    )
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def add_enterprises(program: Program, count: int, *, seed: int) -> int:
    """Bulk-insert `count` demo enterprises (a second data size for query-count tests)."""
    from dxpilot.demo.world import Scale, create_enterprises
    from dxpilot.demo.world import World as DemoWorld

    scale = Scale(enterprises=count, users=0, providers=0, assessors=0)
    demo = DemoWorld(program=program, scale=scale, rng=random.Random(seed))  # noqa: S311
    create_enterprises(demo)
    return demo.counts["enterprises"]


def open_nav(page: Any, href: str) -> None:
    """Browser tests: follow a header link, opening its menu group first when it is in one."""
    link = page.locator(f".site-nav a[href='{href}']")
    group = page.locator(".site-nav details", has=page.locator(f"a[href='{href}']"))
    if group.count() and not group.first.evaluate("el => el.open"):
        group.first.locator("summary").click()
    link.first.click()
