"""The city and district dashboard: each figure counted by hand on a small world, each drill-down
list holding exactly the enterprises its figure counts, within the viewer's scope.

The world: two pilots taken through the real services (funding.tests.cases) —
  A: division 340104 (officer bob's), T0 一级 → T1 二级, project accepted;
  B: division 340111 (officer carol's), T0 未达一级, contract filed, no T1 —
plus the personas' enterprises (no application, no assessment).
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from dxpilot.audit.models import AuditEntry
from dxpilot.dashboard.kpis import programme_kpis
from dxpilot.dashboard.selectors import figures
from dxpilot.enterprises.models import Enterprise
from dxpilot.funding.tests.cases import accepted_case, clock, contracted_case  # noqa: F401
from dxpilot.projects.services.milestones import add_milestone
from dxpilot.testing import World, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(world: World, clock: Any) -> dict[str, Any]:  # noqa: F811
    a = accepted_case(world, clock, t1=2)
    b = contracted_case(world, clock, division=world.division_b.code, t0=0)
    return {"a": a, "b": b, "clock": clock}


def drill_count(client: Any, query: str) -> int:
    response = client.get(f"{reverse('dashboard:drill')}?{query}")
    assert response.status_code == 200, response.content[:500]
    return response.context["page_obj"].paginator.count  # type: ignore[no-any-return]


def drill_names(client: Any, query: str) -> set[str]:
    response = client.get(f"{reverse('dashboard:drill')}?{query}")
    return {row["name"] for row in response.context["page_obj"]}


def test_the_funnel_counts_each_stage_and_its_list_holds_those_enterprises(
    world: World, cases: dict[str, Any]
) -> None:
    a, b = cases["a"], cases["b"]
    funnel = {bar.query: bar.value for bar in figures.funnel(world.city_admin, world.program)}
    assert funnel == {
        "stage=applied": 2,
        "stage=admitted": 2,
        "stage=assessed": 2,
        "stage=contracted": 2,
        "stage=accepted": 1,
        "stage=subsidised": 0,
    }
    admin = client_for(world.city_admin)
    for query, value in funnel.items():
        assert drill_count(admin, query) == value
    assert drill_names(admin, "stage=accepted") == {a.enterprise.name}
    # The district officer of A's division sees A only, in the figure and in the list.
    own = {bar.query: bar.value for bar in figures.funnel(world.officer_a, world.program)}
    assert own["stage=contracted"] == 1 and own["stage=accepted"] == 1
    officer = client_for(world.officer_a)
    assert drill_names(officer, "stage=contracted") == {a.enterprise.name}
    assert b.enterprise.name not in drill_names(officer, "")


def test_level_migration_cells_and_their_lists(world: World, cases: dict[str, Any]) -> None:
    a = cases["a"]
    migration = figures.migration(world.city_admin, world.program)
    # Rows: no T0, then 0…4; only A has a T1 (一级 → 二级).
    assert migration.total == 1 and migration.improved == 1
    assert migration.cells[1 + 1][2] == 1
    assert sum(map(sum, migration.cells)) == 1
    admin = client_for(world.city_admin)
    assert drill_names(admin, "t0=1&t1=2") == {a.enterprise.name}
    assert drill_count(admin, "t0=0&t1=2") == 0
    assert drill_count(client_for(world.officer_b), "t0=1&t1=2") == 0


def test_breakdowns_match_their_lists(world: World, cases: dict[str, Any]) -> None:
    found = figures.breakdowns(world.city_admin, world.program)
    admin = client_for(world.city_admin)
    division_a = next(
        bar for bar in found["division"] if bar.query == f"division={world.division_a.pk}"
    )
    assert division_a.value == Enterprise.objects.filter(division=world.division_a).count()
    assert division_a.pilots == 1
    for key in ("division", "zone", "segment", "batch", "size", "scale"):
        for bar in found[key]:
            assert drill_count(admin, bar.query) == bar.value, (key, bar)
    assert sum(bar.value for bar in found["batch"]) == 2  # two admitted pilots
    assert sum(bar.value for bar in found["scale"]) == Enterprise.objects.count()
    # A district officer's breakdown shows only its own division.
    own = figures.breakdowns(world.officer_a, world.program)
    assert [bar.query for bar in own["division"]] == [f"division={world.division_a.pk}"]
    officer = client_for(world.officer_a)
    for key in ("division", "zone", "segment", "batch", "size", "scale"):
        for bar in own[key]:
            assert drill_count(officer, bar.query) == bar.value, (key, bar)


def test_provider_league_by_verified_uplift(world: World, cases: dict[str, Any]) -> None:
    league = figures.provider_league(world.city_admin, world.program)
    row = next(r for r in league if r.provider_id == world.provider.pk)
    assert (row.clients, row.verified, str(row.uplift)) == (2, 1, "1.00")
    admin = client_for(world.city_admin)
    assert drill_count(admin, row.query) == 2
    mine = figures.provider_league(world.officer_b, world.program)
    assert [(r.clients, r.verified, r.uplift) for r in mine] == [(1, 0, None)]


def test_alerts_overdue_milestones_and_lagging_divisions(
    world: World, cases: dict[str, Any]
) -> None:
    b = cases["b"]
    add_milestone(b.project.pk, actor=b.user, name="系统上线", planned_on=date(2025, 4, 1))
    found, lagging, overall = figures.alerts(world.city_admin, world.program)
    counts = {alert.query: alert.count for alert in found}
    assert counts["alert=overdue"] == 1
    admin = client_for(world.city_admin)
    assert drill_names(admin, "alert=overdue") == {b.enterprise.name}
    # 1 of 2 pilots at 二级: division B (0 of 1) lags, A (1 of 1) does not.
    assert str(overall) == "50.0"
    assert [row.division_id for row in lagging] == [world.division_b.pk]
    assert drill_count(admin, lagging[0].query) == 1


def test_fund_use_against_the_enterprise_share(world: World, cases: dict[str, Any]) -> None:
    funds = figures.funds(world.finance, world.program)
    assert (
        funds.enterprise_min == world.program.central_fund_cap * world.program.enterprise_share_min
    )
    assert funds.committed == 0 and all(n == 0 for _l, _a, n, _q in funds.by_status)
    finance = client_for(world.finance)
    assert finance.get(reverse("dashboard:figure", args=["funds"])).status_code == 200
    assert finance.get(reverse("dashboard:figure", args=["funnel"])).status_code == 403


def test_the_kpi_links_to_the_list_of_what_it_counts(world: World, cases: dict[str, Any]) -> None:
    Enterprise.objects.filter(pk=cases["a"].enterprise.pk).update(is_pilot=True)
    admin = client_for(world.city_admin)
    for kpi in programme_kpis(world.city_admin, world.program):
        if kpi.target.metric != "pilot_enterprises_at_level":
            continue
        assert kpi.drill_url.startswith(reverse("dashboard:drill"))
        assert drill_count(admin, kpi.drill_url.split("?", 1)[1]) == int(kpi.actual or 0) == 1


def test_an_out_of_scope_filter_is_refused_and_shows_nothing(
    world: World, cases: dict[str, Any]
) -> None:
    officer = client_for(world.officer_a)
    response = officer.get(reverse("dashboard:drill"), {"division": world.division_b.pk})
    assert response.status_code == 400
    assert response.context["page_obj"].paginator.count == 0
    assert "超出您的数据范围" in response.content.decode()
    for bad in ({"stage": "paid"}, {"t1": "9"}, {"provider": "x"}, {"size": "huge"}):
        assert officer.get(reverse("dashboard:drill"), bad).status_code == 400
    export = officer.get(reverse("dashboard:drill-export"), {"division": world.division_b.pk})
    assert export.status_code == 403
    # A provider of another division's client does not widen the officer's scope.
    assert drill_names(officer, f"provider={world.provider.pk}") == {cases["a"].enterprise.name}
    # Roles outside the dashboard are refused.
    assert client_for(world.enterprise_user).get(reverse("dashboard:drill")).status_code == 403


def test_the_export_holds_the_list_and_is_audited(world: World, cases: dict[str, Any]) -> None:
    admin = client_for(world.city_admin)
    response = admin.get(reverse("dashboard:drill-export"), {"stage": "contracted"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("统一社会信用代码", "企业名称")
    names = {row[1] for row in rows[1:]}
    assert names == {cases["a"].enterprise.name, cases["b"].enterprise.name}
    a_row = next(row for row in rows[1:] if row[1] == cases["a"].enterprise.name)
    assert (a_row[8], a_row[9]) == ("一级", "二级")
    entry = AuditEntry.objects.filter(action="dashboard.export").latest("seq")
    assert entry.kind == AuditEntry.Kind.EXPORT
    assert entry.changes == {"filters": {"stage": "contracted"}, "rows": 2}
