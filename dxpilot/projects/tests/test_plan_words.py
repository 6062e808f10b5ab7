"""Store figures, render words: a saved plan's recommendation holds codes and figures only, the
plan page says it in the reader's language, and migration 0005 converts recommendations stored
with Chinese sentences."""

from __future__ import annotations

import importlib
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.utils import translation

from dxpilot.assessment.tests.test_report_support import answers
from dxpilot.matching.recommend import recommend
from dxpilot.matching.render import render_recommendation
from dxpilot.projects.models import Plan, TransformationProject
from dxpilot.projects.services import plan as plans
from dxpilot.projects.tests.test_plan_support import catalogue, in_2025, open_project
from dxpilot.providers.models import Product, Provider
from dxpilot.testing import World, client_for

__all__ = ["in_2025"]

HAN = re.compile(r"[\u4e00-\u9fff]")
migration = importlib.import_module("dxpilot.projects.migrations.0005_recommendation_figures")


def without_data_names(data: dict[str, Any]) -> str:
    """The stored dict as JSON with the data names taken out: products, providers, scenes (the
    indicator set's) and indicators of question gaps."""
    names: set[str] = set(Product.objects.values_list("name", flat=True))
    names |= set(Provider.objects.values_list("name", flat=True))
    names |= set(data["baseline"]["scenes"])
    names |= {g["indicator"] for g in data["advice"] if "indicator" in g}
    text = json.dumps(data, ensure_ascii=False)
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(json.dumps(name, ensure_ascii=False)[1:-1], "")
    return text


def save(world: World, project: TransformationProject, **kwargs: Any) -> Plan:
    return plans.save_plan(
        project.pk, actor=world.enterprise_user, target_level=2, product_ids=[], **kwargs
    )


class TestStoredForm:
    def test_a_saved_plan_stores_codes_and_figures_only(self, world: World, in_2025: None) -> None:
        # B3.1 "A": products alone leave 一级, so non-product advice (question gaps) is stored.
        project = open_project(world, answers=answers(B3_1="A"))
        catalogue(world)
        data = save(world, project, budget=None).recommendation
        assert data["status"] == "ok" and data["advice"]
        assert all(g["kind"] == "question" for g in data["advice"])
        assert {"code": "score_short"}.items() <= data["explanation"][-1].items()
        assert "target_level_name" not in data and "level_name" not in data["baseline"]
        assert (data["target_level"], data["baseline"]["level"], data["expected"]["level"]) == (
            2,
            1,
            1,
        )
        assert not HAN.search(without_data_names(data))

    @pytest.mark.parametrize("budget", [Decimal("60000"), Decimal("1")])
    def test_refusals_are_stored_as_codes(
        self, world: World, in_2025: None, budget: Decimal
    ) -> None:
        project = open_project(world)
        catalogue(world)
        data = save(world, project, budget=budget).recommendation
        assert data["status"] == "over_budget"
        assert [r["code"] for r in data["reasons"]] == ["over_budget"]
        assert data["reasons"][0]["params"]["budget"] == f"{budget:.2f}"
        assert not HAN.search(without_data_names(data))

    def test_figures_are_unchanged(self, world: World, in_2025: None) -> None:
        project = open_project(world)
        catalogue(world)
        data = recommend(project).to_dict()
        assert (data["total_price"], data["needs"]) == (
            "65000.00",
            {"scenes": 4, "constraint_scenes": 1},
        )
        assert data["expected"]["total"] == "42.25" and data["expected"]["level"] == 2
        chosen = next(line for line in data["explanation"] if line["code"] == "chosen")
        assert chosen["params"]["price"] in {p["price"] for p in data["chosen"]}
        assert isinstance(chosen["params"]["target"], int)


class TestRendering:
    def test_the_words_follow_the_active_language(self, world: World, in_2025: None) -> None:
        project = open_project(world, answers=answers(B3_1="A"))
        catalogue(world)
        data = recommend(project).to_dict()
        with translation.override("zh-hans"):
            chinese = render_recommendation(data)
        with translation.override("en"):
            english = render_recommendation(data)
        assert chinese is not None and english is not None
        assert chinese["explanation"][0] == "改造前现场评测（T0）总分 37.25，等级：一级。"
        assert english["explanation"][0].startswith("On-site assessment before transformation")
        assert (chinese["target_level_name"], english["target_level_name"]) == ("二级", "Level 2")
        assert english["expected"]["with_advice"]["level_name"] == "Level 2"
        assert chinese["advice"] and all("可加" in a for a in chinese["advice"])
        # The indicator and option texts are the edition's data; the sentence is English.
        assert all(a.endswith("more points.") for a in english["advice"])
        assert render_recommendation({}) is None

    def test_the_plan_page_in_english(self, world: World, in_2025: None) -> None:
        project = open_project(world)
        catalogue(world)
        client = client_for(world.enterprise_user)
        client.cookies["django_language"] = "en"
        page = client.get(f"/projects/{project.pk}/plan/").content.decode()
        assert (
            "Recommended: &quot;生产管控系统&quot;" in page or 'Recommended: "生产管控系统"' in page
        )
        assert "On-site assessment before transformation (T0)" in page
        assert "改造前现场评测（T0）总分" not in page and "Level 2" in page


def old_form(data: dict[str, Any]) -> dict[str, Any]:
    """A recommendation as stored before: the figures plus the Chinese words."""
    with translation.override("zh-hans"):
        words = render_recommendation(data)
    assert words is not None
    old = dict(data, target_level_name=words["target_level_name"])
    old["baseline"] = words["baseline"]
    old["expected"] = words["expected"] and {**words["expected"], "advice": words["advice"]}
    old["explanation"] = words["explanation"]
    old["reasons"] = words["reasons"]
    old["advice"] = words["advice"]
    return old


class TestMigration:
    def test_an_old_row_keeps_its_figures_and_reads_back_its_sentences(
        self, world: World, in_2025: None
    ) -> None:
        project = open_project(world)
        catalogue(world)
        plan = save(world, project, budget=None)
        new = plan.recommendation
        old = old_form(new)
        old["explanation"].append("旧的说明，不是推荐器的句子。")
        assert HAN.search(json.dumps(old["explanation"], ensure_ascii=False))
        Plan.objects.filter(pk=plan.pk).update(recommendation=old)

        migration.forwards(apps, None)
        plan.refresh_from_db()
        converted = plan.recommendation
        assert converted["explanation"][:-1] == new["explanation"]
        assert converted["explanation"][-1] == {"legacy_message": "旧的说明，不是推荐器的句子。"}
        assert "target_level_name" not in converted
        assert "level_name" not in converted["baseline"]
        assert converted["baseline"] == new["baseline"] and converted["chosen"] == new["chosen"]
        with translation.override("en"):
            shown = render_recommendation(converted)
        assert shown is not None
        assert shown["explanation"][0].startswith("On-site assessment before transformation")
        assert shown["explanation"][-1] == "旧的说明，不是推荐器的句子。"

        migration.forwards(apps, None)  # rerunnable
        plan.refresh_from_db()
        assert plan.recommendation == converted
        migration.backwards(apps, None)
        plan.refresh_from_db()
        assert plan.recommendation["explanation"] == old["explanation"]
        assert plan.recommendation["target_level_name"] == "二级"

    def test_old_refusals_and_advice(self, world: World, in_2025: None) -> None:
        project = open_project(world, answers=answers(B3_1="A"))
        catalogue(world)
        over = recommend(project, budget=Decimal("60000")).to_dict()
        converted = migration.to_figures(old_form(over))
        assert converted["reasons"] == over["reasons"]
        assert converted["explanation"] == over["explanation"]
        # Old advice kept its sentence only: it stays, shown as it was.
        assert converted["advice"] and all("legacy_message" in a for a in converted["advice"])
        with translation.override("en"):
            shown = render_recommendation(converted)
        assert shown is not None and all("可加" in a for a in shown["advice"])
        infeasible = migration.to_figures(old_form(recommend(project, target_level=4).to_dict()))
        assert all("code" in line for line in infeasible["explanation"])
