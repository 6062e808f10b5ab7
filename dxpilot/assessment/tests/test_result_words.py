"""Store figures, render words: a stored score result holds no sentence, and the report page, the
.docx, the API and ``render`` put its words in the reader's language."""

from __future__ import annotations

import importlib
import io
import json
import re
from pathlib import Path
from typing import Any

import docx
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from dxpilot.assessment import engine, render
from dxpilot.assessment.models import Assessment
from dxpilot.assessment.tests.test_report import onsite_with_changes
from dxpilot.assessment.tests.test_report_support import submit_self
from dxpilot.testing import World, client_for

fix_result_words = importlib.import_module("dxpilot.assessment.migrations.0002_fix_result_words")

HAN = re.compile(r"[\u4e00-\u9fff]")
# Chinese an English page may show: the platform's and the language switch's own names.
FIXED_NAMES = {"中小企业数字化转型公共服务平台", "简体中文"}


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def proper_names(world: World, a: Assessment) -> list[str]:
    """The Chinese that is data, not interface: the edition's texts, names, what users typed."""
    iset = engine.load_indicator_set(a.edition)
    names = {iset.title, iset.scene_dimension_name, *FIXED_NAMES}
    names |= {d.name for d in iset.dimensions} | {s.name for s in iset.subdimensions}
    for q in iset.questions:
        names |= {q.indicator, q.title, q.description, q.help, *(o.text for o in q.options)}
    names |= {g.name for g in iset.scene_groups}
    for scene in iset.scenes:
        names |= {scene.name, *scene.levels}
    enterprise = a.enterprise
    names |= {enterprise.name, world.division_a.name, world.division_b.name}
    names |= {enterprise.segment.name} if enterprise.segment else set()
    names |= {o.reason for o in a.overrides.all()}
    # Longest first, so a name inside a longer one does not leave the rest behind.
    return sorted((n for n in names if n), key=len, reverse=True)


def interface_chinese(lines: list[str], names: list[str]) -> list[str]:
    left = []
    for line in lines:
        for name in names:
            line = line.replace(name, "")
        if HAN.search(line):
            left.append(line.strip())
    return left


def page_lines(html: str) -> list[str]:
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", "\n", html).splitlines()


def test_the_stored_result_holds_figures_and_codes_only(world: World) -> None:
    a = submit_self(world)
    a.refresh_from_db()
    stored = json.dumps(dict(a.result), ensure_ascii=False)
    assert "level_name" not in stored and "message" not in stored
    assert "一级" not in stored and "满足" not in stored


def test_the_report_in_english_shows_the_stored_result_in_english(world: World) -> None:
    a = onsite_with_changes(world)
    url = reverse("assessment:report", args=[a.pk])
    page = client_for(world.city_admin).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en"' in page
    assert "Level 2: total score 39.75, required ≥ 40.00: not met." in page
    assert "总分" not in page and "未满足" not in page
    assert interface_chinese(page_lines(page), proper_names(world, a)) == []


def test_the_report_docx_in_english_has_no_chinese_but_names(world: World) -> None:
    a = onsite_with_changes(world)
    url = reverse("assessment:report-docx", args=[a.pk])
    response = client_for(world.city_admin).get(url, HTTP_ACCEPT_LANGUAGE="en")
    document = docx.Document(io.BytesIO(response.getvalue()))  # type: ignore[attr-defined]
    lines = [p.text for p in document.paragraphs]
    lines += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert interface_chinese(lines, proper_names(world, a)) == []


def test_render_puts_the_words_in_the_active_language(world: World) -> None:
    a = submit_self(world)
    a.refresh_from_db()
    with translation.override("zh-hans"):
        chinese = render.render_result(a.result)
    with translation.override("en"):
        english = render.render_result(a.result)
    assert chinese is not None and english is not None
    assert (chinese["level_name"], english["level_name"]) == ("二级", "Level 2")
    assert chinese["rules"][6]["message"] == "三级：总分 42.25，需 ≥ 60.00，未满足。"
    assert (
        english["rules"][6]["message"] == "Level 3: total score 42.25, required ≥ 60.00: not met."
    )
    scenes = [gap["message"] for gap in english["gaps"] if gap["kind"] == "scene"]
    assert scenes and all(message.startswith("Raise the ") for message in scenes)
    assert render.render_result(None) is None


def test_an_item_without_figures_keeps_its_old_sentence(world: World) -> None:
    result = {
        "edition": "2024",
        "level": 1,
        "rules": [{"level": 1, "legacy_message": "旧的说明。"}],
        "gaps": [{"kind": "question", "legacy_message": "旧的建议。"}],
    }
    rendered = render.render_result(result)
    assert rendered is not None
    assert rendered["rules"][0]["message"] == "旧的说明。"
    assert rendered["gaps"][0] == {"kind": "question", "message": "旧的建议。"}


def test_the_api_renders_a_stored_result_in_the_request_language(world: World) -> None:
    a = submit_self(world)
    client = Client()
    client.force_login(world.city_admin)
    url = f"/api/v1/assessment/{a.pk}"
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["result"]["level_name"] == "Level 2"
    assert body["result"]["rules"][6]["message"].startswith("Level 3: total score")
    assert client.get(url).json()["result"]["level_name"] == "二级"


def test_other_apps_still_read_the_level_name_of_a_stored_result(world: World) -> None:
    a = Assessment.objects.get(pk=submit_self(world).pk)
    assert a.result["level_name"] == "二级"
    assert a.result.get("level_name", "") == "二级"
    assert "level_name" not in a.result and a.result.get("absent", "-") == "-"
    with translation.override("en"):
        assert a.result["level_name"] == a.level_name == "Level 2"


def old_form(result: dict[str, Any]) -> dict[str, Any]:
    """A result as stored before: the figures plus the Chinese words."""
    return fix_result_words.to_words(result)


def test_the_migration_turns_old_results_into_figures_and_back(world: World) -> None:
    a = submit_self(world)
    a.refresh_from_db()
    figures = dict(a.result)
    with translation.override("zh-hans"):
        words = render.render_result(figures)
    assert words is not None
    old = {**words, "rules": words["rules"], "gaps": words["gaps"]}
    assert fix_result_words.to_figures(old) == figures
    assert fix_result_words.to_figures(figures) == figures  # rerunnable
    back = old_form(figures)
    assert back["level_name"] == "二级"
    assert [r["message"] for r in back["rules"]] == [r["message"] for r in words["rules"]]
    scene_gaps = [g["message"] for g in back["gaps"] if g["kind"] == "scene"]
    assert scene_gaps == [g["message"] for g in words["gaps"] if g["kind"] == "scene"]


def test_the_migration_keeps_a_sentence_it_cannot_replace_with_figures() -> None:
    old = {
        "level": 2,
        "level_name": "二级",
        "rules": [{"level": 2, "message": "二级：说明。"}],
        "gaps": [{"kind": "scene", "name": "生产管控", "message": "把场景提升。"}],
    }
    assert fix_result_words.to_figures(old) == {
        "level": 2,
        "rules": [{"level": 2, "legacy_message": "二级：说明。"}],
        "gaps": [{"kind": "scene", "name": "生产管控", "legacy_message": "把场景提升。"}],
    }
    back = fix_result_words.to_words(fix_result_words.to_figures(old))
    assert back["rules"] == [{"level": 2, "message": "二级：说明。", "level_name": "二级"}]
    assert back["gaps"] == old["gaps"]
