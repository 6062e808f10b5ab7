"""The enterprise timeline and the project page: contents, scope, and a constant number of
queries at two data sizes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dxpilot.funding.phrases import RETURNED
from dxpilot.projects.models import TransformationProject
from dxpilot.projects.services import contract as contracts
from dxpilot.projects.services import milestones
from dxpilot.projects.services.events import log_event
from dxpilot.projects.tests.test_plan_support import (
    catalogue,
    completed_project,
    contract_data,
    implementing,
    in_2025,
    investment_data,
    submitted_evidence,
)
from dxpilot.projects.timeline import enterprise_timeline
from dxpilot.testing import World, add_enterprises, client_for

__all__ = ["in_2025"]


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def project(world: World, in_2025: None) -> TransformationProject:
    catalogue(world)
    return completed_project(world)


def test_one_chronological_list_of_every_step(world: World, project: TransformationProject) -> None:
    entries = enterprise_timeline(world.officer_a, world.enterprise_a)
    sources = {e.source for e in entries}
    assert sources == {"application", "assessment", "project", "contract", "milestone"}
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    titles = [e.title for e in entries]
    assert any(t.startswith("申报 2025年第一批试点企业：市级审核通过，入库") for t in titles)
    assert any(t.startswith("现场评测（改造前 T0）锁定：总分 42.25，一级") for t in titles)
    assert "登记改造完成，完工日期 2025-06-01。" in titles
    contract = next(e for e in entries if e.source == "contract")
    assert contract.date_only and "测试数字科技有限公司" in contract.title
    submitted = next(e for e in entries if e.evidence_id is not None)
    assert submitted.actor.startswith("eve") and submitted.evidence_name.endswith(".pdf")
    status = [e.status for e in entries if e.source == "project" and e.status]
    assert status == ["合同已备案", "实施中", "改造完成"]


def test_review_steps_written_as_project_events_appear_with_reasons(
    world: World, project: TransformationProject
) -> None:
    # The acceptance services write ProjectEvents; the timeline shows them with their reasons.
    log_event(
        project,
        actor=world.officer_a,
        kind="acceptance_return",
        message=RETURNED.say(),
        reasons=["发票与合同金额不符。"],
    )
    entry = enterprise_timeline(world.city_admin, world.enterprise_a)[-1]
    assert (entry.title, entry.reasons) == ("验收申请被退回补正。", ["发票与合同金额不符。"])
    with translation.override("en"):
        entry = enterprise_timeline(world.city_admin, world.enterprise_a)[-1]
    assert entry.title == "The acceptance application was returned for correction."


def test_the_provider_sees_only_the_project_part(
    world: World, project: TransformationProject
) -> None:
    entries = enterprise_timeline(world.provider_user, world.enterprise_a)
    assert {e.source for e in entries} == {"project", "contract", "milestone"}


def test_timeline_page_scope(world: World, project: TransformationProject) -> None:
    url = f"/projects/enterprise/{world.enterprise_a.pk}/timeline/"
    page = client_for(world.enterprise_user).get(url)
    assert (
        page.status_code == 200 and "登记改造完成，完工日期 2025-06-01。" in page.content.decode()
    )
    assert client_for(world.officer_b).get(url).status_code == 404
    assert client_for(world.provider_user).get(url).status_code == 200
    assert client_for(None).get(url).status_code == 302


def _grow(world: World, project: TransformationProject) -> None:
    """The second data size: more filings, lines, milestones, files, events, enterprises."""
    add_enterprises(world.program, 60, seed=5)
    current = project.contracts.get(status="filed")
    for n in range(3):
        current = contracts.change_contract(
            current.pk,
            actor=world.city_admin,
            data=contract_data(world, number=f"HT-B-{n}", amount=Decimal("300000")),
        )
    for n in range(4):
        contracts.add_investment(
            project.pk,
            actor=world.city_admin,
            data=investment_data(current, amount=Decimal("1000"), paid_amount=None, paid_on=None),
        )
        milestones.add_milestone(
            project.pk, actor=world.city_admin, name=f"阶段{n}", planned_on=date(2025, 7, 1 + n)
        )
        submitted_evidence(world, project, "photo")


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_project_page_and_timeline_cost_the_same_queries_at_two_sizes(
    world: World, in_2025: None
) -> None:
    catalogue(world)
    project, _contract = implementing(world)
    submitted_evidence(world, project, "invoice")
    client = client_for(world.officer_a)
    urls = [
        f"/projects/{project.pk}/",
        f"/projects/enterprise/{world.enterprise_a.pk}/timeline/",
        "/projects/",
        f"/api/v1/projects/{project.pk}",
    ]
    small = [_queries(client, u) for u in urls]
    _grow(world, project)
    large = [_queries(client, u) for u in urls]
    assert large == small, (small, large)
    assert small[0] <= 25 and small[1] <= 15
