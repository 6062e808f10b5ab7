"""The plan page: recommendation, HTMX recomputation, saving the enterprise's choice; opening."""

from __future__ import annotations

import pytest

from dxpilot.projects.models import Plan, TransformationProject
from dxpilot.projects.tests.test_plan_support import (
    catalogue,
    contracted,
    in_2025,
    open_project,
    pilot_with_baseline,
)
from dxpilot.testing import World, client_for

__all__ = ["in_2025"]
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def project(world: World, in_2025: None) -> TransformationProject:
    return open_project(world)


def test_plan_page_shows_the_recommendation_preselected(
    world: World, project: TransformationProject
) -> None:
    products = catalogue(world)
    page = client_for(world.enterprise_user).get(f"/projects/{project.pk}/plan/").content.decode()
    assert "推荐 3 个产品，合计 65,000.00 元。" in page and "预计改造后总分 42.25，二级。" in page
    assert f'value="{products["A"].pk}" id="product-{products["A"].pk}" checked' in page
    assert (
        f'value="{products["E"].pk}" id="product-{products["E"].pk}">' in page
    )  # offered, not chosen
    assert "企业可以采纳、调整或不采纳" in page


def test_htmx_recomputes_for_a_budget(world: World, project: TransformationProject) -> None:
    catalogue(world)
    response = client_for(world.enterprise_user).get(
        f"/projects/{project.pk}/plan/recommend/", {"target_level": 2, "budget": "60000"}, **HTMX
    )
    page = response.content.decode()
    assert response.status_code == 200 and not page.lstrip().startswith("<!doctype")
    assert (
        "预算不足：满足二级场景条件的最便宜组合需 65,000.00 元，超出预算 60,000.00 元 5,000.00 元。"
        in page
    )


def test_saving_a_free_choice_creates_a_version(
    world: World, project: TransformationProject
) -> None:
    products = catalogue(world)
    client = client_for(world.enterprise_user)
    data = {"target_level": 2, "budget": "", "products": [products["E"].pk, products["B"].pk]}
    response = client.post(f"/projects/{project.pk}/plan/", data)
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert (plan.version, plan.expected_level, plan.items.count()) == (1, 2, 2)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "企业自选" in page and "推荐" in page


def test_bad_input_is_shown_next_to_the_field(world: World, project: TransformationProject) -> None:
    catalogue(world)
    response = client_for(world.enterprise_user).post(
        f"/projects/{project.pk}/plan/", {"target_level": 9, "budget": "-5"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "选择一个有效的选项" in page
    assert not Plan.objects.exists()


def test_a_contracted_provider_sees_the_plan_but_cannot_save_it(
    world: World, in_2025: None
) -> None:
    project, _contract = contracted(world)
    client = client_for(world.provider_user)
    page = client.get(f"/projects/{project.pk}/plan/").content.decode()
    assert "保存为新版本方案" not in page
    assert client.post(f"/projects/{project.pk}/plan/", {"target_level": 2}).status_code == 403
    assert client_for(world.officer_b).get(f"/projects/{project.pk}/plan/").status_code == 404


def test_opening_page_explains_and_creates(world: World, in_2025: None) -> None:
    client = client_for(world.officer_a)
    url = f"/projects/open/{world.enterprise_a.pk}/"
    refused = client.post(url, {"title": ""}).content.decode()
    assert "不是试点企业（尚未入库），不能创建转型项目。" in refused
    pilot_with_baseline(world)
    response = client.post(url, {"title": "智能工厂改造"})
    project = TransformationProject.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/plan/"
    assert project.title == "智能工厂改造" and project.created_by == world.officer_a
    assert client_for(world.officer_b).get(url).status_code == 404
    assert client_for(world.provider_user).get(url).status_code == 404
