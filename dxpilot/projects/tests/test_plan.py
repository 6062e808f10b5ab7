"""Plans: recommendations from the T0 gap on a hand-made catalogue, the enterprise's free choice,
versions, and opening a project."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxpilot.assessment.tests.test_report_support import answers
from dxpilot.matching.catalogue import catalogue_for
from dxpilot.matching.recommend import recommend
from dxpilot.matching.render import render_recommendation
from dxpilot.projects.models import Plan, ProjectStatus, TransformationProject
from dxpilot.projects.services import plan as plans
from dxpilot.projects.services import project as projects
from dxpilot.projects.tests.test_plan_support import (
    BASE_SCENES,
    catalogue,
    in_2025,
    listed_product,
    open_project,
    pilot_with_baseline,
    provider,
)
from dxpilot.providers.models import Product, Provider
from dxpilot.testing import World

__all__ = ["in_2025"]


@pytest.fixture
def project(world: World, in_2025: None) -> TransformationProject:
    return open_project(world)


class TestOpening:
    def test_a_pilot_with_a_locked_baseline_opens_one_project(
        self, world: World, project: TransformationProject
    ) -> None:
        assert (project.status, project.target_level, project.baseline_assessment.kind) == (
            ProjectStatus.PLANNING,
            2,
            "onsite_before",
        )
        assert project.events.get().text == "创建转型项目，改造前 一级，目标 二级。"
        with pytest.raises(ValidationError) as exc:
            projects.open_project(world.enterprise_a.pk, actor=world.officer_a)
        assert exc.value.messages == [f"该企业已有进行中的转型项目“{project.title}”（一企一案）。"]

    def test_refusal_lists_every_missing_condition(self, world: World) -> None:
        with pytest.raises(ValidationError) as exc:
            projects.open_project(world.enterprise_b.pk, actor=world.city_admin)
        name = world.enterprise_b.name
        assert exc.value.messages == [
            f"“{name}”不是试点企业（尚未入库），不能创建转型项目。",
            f"“{name}”还没有已锁定的改造前现场评测（T0），请先安排现场评测并锁定结果。",
        ]
        assert not TransformationProject.objects.exists()

    def test_other_district_and_providers_cannot_open(self, world: World, in_2025: None) -> None:
        pilot_with_baseline(world)
        with pytest.raises(ValidationError):
            projects.open_project(world.enterprise_a.pk, actor=world.officer_b)
        with pytest.raises(PermissionDenied):
            projects.open_project(world.enterprise_a.pk, actor=world.provider_user)
        assert not TransformationProject.objects.exists()


class TestRecommendation:
    def test_cheapest_set_with_explanation_alternatives_and_expected_level(
        self, world: World, project: TransformationProject
    ) -> None:
        products = catalogue(world)
        rec = recommend(project)
        data = render_recommendation(rec.to_dict())
        assert data is not None
        assert rec.status == "ok"
        assert sorted(rec.product_ids) == sorted(products[k].pk for k in "ABC")
        assert data["total_price"] == "65000.00"
        assert data["needs"] == {"scenes": 4, "constraint_scenes": 1}
        assert data["expected"]["level"] == 2 and data["expected"]["level_name"] == "二级"
        assert (
            "推荐「生产管控系统」（测试数字科技有限公司，30,000.00 元）：把「生产管控」（约束性）提升到二级。"
            in data["explanation"]
        )
        assert (
            "「排产助手」（12,000.00 元）更便宜，但只能把「计划排程」提升到二级；"
            "包含它的最便宜组合需 67,000.00 元，比推荐方案多 2,000.00 元。"
        ) in data["explanation"]
        assert [a["total_price"] for a in data["alternatives"]] == [
            "67000.00",
            "72000.00",
            "75000.00",
        ]
        scene = next(s for s in data["per_scene"] if s["scene"] == "质量管理")
        assert [o["name"] for o in scene["options"]] == ["质量设备一体化平台"]

    def test_budget_too_small_says_so(self, world: World, project: TransformationProject) -> None:
        catalogue(world)
        data = render_recommendation(recommend(project, budget=Decimal("60000")).to_dict())
        assert data is not None
        assert data["status"] == "over_budget" and data["chosen"] == []
        assert data["reasons"] == [
            "预算不足：满足二级场景条件的最便宜组合需 65,000.00 元，超出预算 60,000.00 元 5,000.00 元。"
        ]
        assert (
            data["alternatives"][0]["total_price"] == "65000.00"
            and data["alternatives"][0]["over_budget"]
        )

    def test_no_feasible_set_names_the_scenes_without_a_product(
        self, world: World, project: TransformationProject
    ) -> None:
        listed_product(world, "经营驾驶舱", 10000, {"决策支持": 2})
        data = render_recommendation(recommend(project).to_dict())
        assert data is not None
        assert data["status"] == "infeasible"
        assert data["reasons"][0].startswith(
            "以下场景没有能达到二级的在册产品：「工艺设计」、「售后服务」、「计划排程」、「生产管控」（约束性）"
        )
        assert (
            data["reasons"][1]
            == "在册产品最多能使 3 个场景达到二级（需 6 个），其中约束性场景 2 个（需 3 个），无法达到二级。"
        )

    def test_score_points_beyond_scenes_come_as_non_product_advice(
        self, world: World, in_2025: None
    ) -> None:
        # B3.1 "A" takes 5 points off: 37.25 < 40, so products alone leave the enterprise at 一级.
        project = open_project(world, answers=answers(B3_1="A"))
        catalogue(world)
        data = render_recommendation(recommend(project).to_dict())
        assert data is not None
        assert data["status"] == "ok" and data["expected"]["level"] == 1
        assert data["advice"] and all("可加" in a for a in data["advice"])
        assert data["expected"]["with_advice"]["level"] == 2
        assert (
            "场景条件满足后总分仍为 37.25，低于二级要求的 40.00 分；产品之外还需："
            in data["explanation"]
        )

    def test_only_listed_products_of_approved_providers_for_the_segment(
        self, world: World, project: TransformationProject
    ) -> None:
        removed = provider(world, status=Provider.Status.REMOVED)
        listed_product(world, "已上架", 100, {"生产管控": 2})
        listed_product(world, "下架", 100, {"生产管控": 2}, status=Product.Status.DELISTED)
        listed_product(world, "移出服务商", 100, {"生产管控": 2}, by=removed)
        listed_product(world, "他行业", 100, {"生产管控": 2}, segments=("power-equipment",))
        listed_product(world, "本行业", 100, {"生产管控": 2}, segments=("auto-parts",))
        assert {p.name for p in catalogue_for(world.enterprise_a)} == {"本行业", "已上架"}

    def test_a_baseline_already_at_target_needs_no_product(
        self, world: World, in_2025: None
    ) -> None:
        scenes = {**BASE_SCENES, "生产管控": 2, "人力资源": 2, "协同办公": 2, "决策支持": 2}
        project = open_project(world, scenes=scenes)
        data = recommend(project).to_dict()
        assert data["status"] == "already" and data["expected"]["level"] == 2


class TestSavingPlans:
    def test_the_enterprise_chooses_freely_and_versions_are_kept(
        self, world: World, project: TransformationProject
    ) -> None:
        products = catalogue(world)
        first = plans.save_plan(
            project.pk,
            actor=world.enterprise_user,
            target_level=2,
            budget=None,
            product_ids=[products[k].pk for k in "ABC"],
        )
        assert (first.version, first.expected_level, first.is_current) == (1, 2, True)
        assert all(item.recommended for item in first.items.all())
        # Changing the recommendation: E (not recommended, dearer) + B (recommended) is allowed.
        second = plans.save_plan(
            project.pk,
            actor=world.enterprise_user,
            target_level=2,
            budget=None,
            product_ids=[products["E"].pk, products["B"].pk],
        )
        first.refresh_from_db()
        assert (second.version, second.is_current, first.is_current) == (2, True, False)
        flags = dict(second.items.values_list("product_id", "recommended"))
        assert flags == {products["E"].pk: False, products["B"].pk: True}
        assert second.expected_level == 2 and second.recommendation["total_price"] == "65000.00"
        e_item = second.items.get(product=products["E"])
        assert (e_item.scene, e_item.target_scene_level, e_item.price) == (
            "质量管理",
            2,
            Decimal("50000.00"),
        )
        assert Plan.objects.filter(project=project).count() == 2

    def test_products_outside_the_catalogue_are_refused(
        self, world: World, project: TransformationProject
    ) -> None:
        delisted = listed_product(
            world, "下架", 100, {"生产管控": 2}, status=Product.Status.DELISTED
        )
        with pytest.raises(ValidationError) as exc:
            plans.save_plan(
                project.pk,
                actor=world.enterprise_user,
                target_level=2,
                budget=None,
                product_ids=[delisted.pk],
            )
        assert exc.value.message_dict["products"] == [
            f"产品 {delisted.pk} 不在可选目录中（未上架、服务商不在资源池或不服务本细分行业）。"
        ]
        assert not Plan.objects.exists()

    def test_providers_may_not_decide_the_plan(
        self, world: World, project: TransformationProject
    ) -> None:
        with pytest.raises(PermissionDenied):
            plans.save_plan(
                project.pk, actor=world.provider_user, target_level=2, budget=None, product_ids=[]
            )
