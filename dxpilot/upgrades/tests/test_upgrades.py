"""技改项目清单: the rules, the scope, the list page and its filters, the API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxpilot.accounts.models import ApiToken
from dxpilot.audit.models import AuditEntry
from dxpilot.testing import World, add_enterprises, bearer, client_for, issue_token
from dxpilot.upgrades.models import UpgradeProject
from dxpilot.upgrades.selectors import (
    UpgradeFilters,
    search_upgrade_projects,
    visible_upgrade_projects,
)
from dxpilot.upgrades.services import create_upgrade_project, update_upgrade_project
from dxpilot.upgrades.tests.factories import data, make_project


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_a_project_is_recorded_with_its_division_from_the_enterprise(world: World) -> None:
    project = make_project(world)
    assert project.enterprise.division == world.division_a
    entry = AuditEntry.objects.filter(action="upgrades.create").get()
    assert entry.changes["name"] == [None, "数控加工中心更新改造"]


def test_every_broken_rule_is_named_and_nothing_is_written(world: World) -> None:
    bad = data(
        world.enterprise_a,
        name="  ",
        total_investment=Decimal("100"),
        equipment_investment=Decimal("150"),
        category="laser",
        status="completed",
        start_on=date(2025, 5, 1),
        end_on=date(2025, 9, 1),  # completed, yet in the future
    )
    with pytest.raises(ValidationError) as exc:
        create_upgrade_project(world.program, bad, actor=world.city_admin)
    found = messages(exc)
    assert found["name"] == ["“项目名称”不能为空。"]
    assert found["equipment_investment"] == ["设备投资 150.00 万元超过总投资 100.00 万元。"]
    assert found["category"] == ["设备更新方向“laser”无效。"]
    assert found["end_on"] == ["已完工项目的完工日期 2025-09-01 晚于今天。"]
    assert UpgradeProject.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end_on": date(2025, 1, 1)}, "end_on", "完工日期 2025-01-01 早于开工日期 2025-03-01。"),
        ({"total_investment": Decimal(0), "equipment_investment": Decimal(0)},
         "total_investment", "总投资须大于 0。"),
        ({"status": "under_construction", "start_on": date(2025, 7, 1), "end_on": date(2026, 1, 1)},
         "start_on", "在建项目的开工日期 2025-07-01 晚于今天。"),
        ({"start_on": None}, "start_on", "请填写开工日期。"),
        ({"end_on": date(2040, 1, 1)}, "end_on", "项目周期超过 10 年，请检查日期。"),
        ({"equipment_investment": None}, "equipment_investment", "请填写设备投资。"),
    ],
)  # fmt: skip
def test_dates_and_amounts_are_checked(
    world: World, overrides: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        create_upgrade_project(
            world.program, data(world.enterprise_a, **overrides), actor=world.city_admin
        )
    assert message in messages(exc)[field]


def test_a_second_project_of_the_same_name_is_refused(world: World) -> None:
    make_project(world)
    with pytest.raises(ValidationError) as exc:
        make_project(world)
    assert messages(exc)["name"] == ["该企业已有名为“数控加工中心更新改造”的技改项目。"]


def test_a_district_officer_records_only_the_enterprises_of_their_divisions(world: World) -> None:
    create_upgrade_project(world.program, data(world.enterprise_a), actor=world.officer_a)
    with pytest.raises(ValidationError) as exc:
        create_upgrade_project(world.program, data(world.enterprise_b), actor=world.officer_a)
    assert messages(exc)["enterprise"] == ["没有找到该企业，或该企业不在您的管辖范围内。"]
    with pytest.raises(PermissionDenied):
        create_upgrade_project(world.program, data(world.enterprise_a), actor=world.enterprise_user)
    with pytest.raises(PermissionDenied):
        create_upgrade_project(world.program, data(world.enterprise_a), actor=world.finance)


def test_an_update_moves_the_project_on_and_is_audited(world: World) -> None:
    project = make_project(world)
    update_upgrade_project(
        project.pk, data(world.enterprise_a, status="completed", end_on=date(2025, 5, 30)),
        actor=world.officer_a,
    )  # fmt: skip
    project.refresh_from_db()
    assert project.status == "completed"
    entry = AuditEntry.objects.filter(action="upgrades.update").get()
    assert entry.changes["status"] == ["under_construction", "completed"]
    with pytest.raises(PermissionDenied):
        update_upgrade_project(project.pk, data(world.enterprise_a), actor=world.officer_b)


def test_scope_officers_see_their_divisions_and_an_enterprise_its_own(world: World) -> None:
    mine = make_project(world)
    other = make_project(world, world.enterprise_b, name="锅炉节能改造", category="energy")
    assert set(visible_upgrade_projects(world.city_admin)) == {mine, other}
    assert set(visible_upgrade_projects(world.finance)) == {mine, other}
    assert list(visible_upgrade_projects(world.officer_a)) == [mine]
    assert list(visible_upgrade_projects(world.officer_b)) == [other]
    assert list(visible_upgrade_projects(world.enterprise_user)) == [mine]
    assert list(visible_upgrade_projects(world.provider_user)) == []
    assert list(visible_upgrade_projects(world.assessor)) == []


def test_filters_by_division_category_status_and_year(world: World) -> None:
    a = make_project(world)
    b = make_project(world, world.enterprise_b, name="锅炉节能改造", category="energy",
                     status="planned", start_on=date(2026, 3, 1), end_on=date(2026, 12, 1))  # fmt: skip

    def search(**kw: str) -> list[UpgradeProject]:
        return list(search_upgrade_projects(world.city_admin, UpgradeFilters(**kw)))

    assert search(division=str(world.division_b.pk)) == [b]
    assert search(category="digital") == [a]
    assert search(status="planned") == [b]
    assert search(year="2025") == [a]
    assert search(q="锅炉") == [b]
    assert search(q=world.enterprise_a.credit_code) == [a]
    assert search(year="abc") == [b, a]


def test_the_list_page_shows_totals_and_costs_constant_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    make_project(world)
    client = client_for(world.officer_a)
    response = client.get("/upgrades/")
    page = response.content.decode()
    assert "数控加工中心更新改造" in page and "1,200.00" in page
    with django_assert_max_num_queries(14) as small:
        client.get("/upgrades/?status=under_construction")
    add_enterprises(world.program, 30, seed=5)
    from dxpilot.enterprises.models import Enterprise

    for n, e in enumerate(Enterprise.objects.filter(division=world.division_a)[:20]):
        make_project(world, e, name=f"技改{n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/upgrades/?status=under_construction")
    assert response.status_code == 200


def test_the_list_page_refuses_providers_and_the_form_refuses_readers(world: World) -> None:
    assert client_for(world.provider_user).get("/upgrades/").status_code == 403
    assert client_for(world.enterprise_user).get("/upgrades/").status_code == 200
    assert client_for(world.enterprise_user).get("/upgrades/new/").status_code == 403
    assert client_for(world.finance).get("/upgrades/new/").status_code == 403
    assert client_for(None).get("/upgrades/").status_code == 302


def test_the_form_names_refusals_and_records_a_project(world: World) -> None:
    client = client_for(world.officer_a)
    values = {"enterprise": world.enterprise_a.pk, "name": "焊装线改造", "total_investment": "300",
              "equipment_investment": "400", "category": "intelligent", "status": "planned",
              "start_on": "2025-08-01", "end_on": "2026-06-30"}  # fmt: skip
    response = client.post("/upgrades/new/", values)
    assert response.status_code == 200
    assert "设备投资 400.00 万元超过总投资 300.00 万元。" in response.content.decode()
    assert UpgradeProject.objects.count() == 0
    response = client.post("/upgrades/new/", {**values, "equipment_investment": "200"})
    assert response.status_code == 302
    project = UpgradeProject.objects.get()
    response = client.get(f"/upgrades/{project.pk}/edit/")
    assert response.status_code == 200
    assert client_for(world.officer_b).get(f"/upgrades/{project.pk}/edit/").status_code == 404


def test_the_api_lists_the_callers_scope_with_filters(
    world: World, django_assert_max_num_queries: Any
) -> None:
    mine = make_project(world)
    make_project(world, world.enterprise_b, name="锅炉节能改造", category="energy")
    token = issue_token(world.officer_a, [ApiToken.Scope.UPGRADES_READ], actor=world.city_admin)
    client = client_for(None)
    response = client.get("/api/v1/upgrade-projects", **bearer(token))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["credit_code"] == world.enterprise_a.credit_code
    assert item["division"] == world.division_a.code
    assert item["total_investment"] == "1200.00"
    assert client.get(f"/api/v1/upgrade-projects/{mine.pk}", **bearer(token)).status_code == 200
    other = UpgradeProject.objects.exclude(pk=mine.pk).get()
    assert client.get(f"/api/v1/upgrade-projects/{other.pk}", **bearer(token)).status_code == 404
    admin = issue_token(world.city_admin, [ApiToken.Scope.UPGRADES_READ])
    response = client.get("/api/v1/upgrade-projects?category=energy", **bearer(admin))
    assert [i["name"] for i in response.json()["items"]] == ["锅炉节能改造"]
    wrong = issue_token(world.city_admin, [ApiToken.Scope.PROGRAM_READ])
    assert client.get("/api/v1/upgrade-projects", **bearer(wrong)).status_code == 403
    with django_assert_max_num_queries(8) as small:
        client.get("/api/v1/upgrade-projects", **bearer(admin))
    for n in range(15):
        make_project(world, name=f"技改{n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/api/v1/upgrade-projects", **bearer(admin)).json()["count"] == 17
