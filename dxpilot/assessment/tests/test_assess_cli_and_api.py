"""The score contracts: `manage.py assess SHEET.json` and POST /api/v1/assessment/score."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from dxpilot.accounts.models import ApiToken
from dxpilot.accounts.services import issue_api_token
from dxpilot.assessment.models import Assessment
from dxpilot.assessment.tests.sheets import LEVEL_TWO_ANSWERS, LEVEL_TWO_TOTAL, level_two_scenes
from dxpilot.testing import World


def sheet() -> dict[str, object]:
    return {
        "edition": "2024",
        "industry": "3670",
        "answers": LEVEL_TWO_ANSWERS,
        "scenes": level_two_scenes(),
    }


def test_assess_command_prints_the_score_result(tmp_path: Path) -> None:
    path = tmp_path / "sheet.json"
    path.write_text(json.dumps(sheet(), ensure_ascii=False), encoding="utf-8")
    out = StringIO()
    call_command("assess", str(path), stdout=out)
    result = json.loads(out.getvalue())
    assert result["total"] == LEVEL_TWO_TOTAL
    assert result["level"] == 2 and result["level_name"] == "二级"
    assert set(result["dimensions"]) == {"数字化基础", "数字化管理", "数字化成效"}
    assert {"edition", "questions", "scenes", "rules", "gaps"} <= set(result)


def test_assess_command_lists_every_problem_and_fails(tmp_path: Path) -> None:
    bad = sheet()
    bad["answers"] = {**LEVEL_TWO_ANSWERS, "B1.2": "Z", "B1.3": ["B", "C"]}
    bad["scenes"] = {**level_two_scenes(), "产品设计": 9}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("assess", str(path), stdout=StringIO())
    text = str(exc.value)
    assert "B1.2" in text and "B1.3" in text and "产品设计" in text


def test_assess_command_refuses_an_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("assess", str(tmp_path / "missing.json"), stdout=StringIO())


def test_score_api_scores_without_storing(world: World) -> None:
    client = Client()
    client.force_login(world.city_admin)
    response = client.post(
        "/api/v1/assessment/score", json.dumps(sheet()), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["total"] == LEVEL_TWO_TOTAL
    assert not Assessment.objects.exists()


def test_score_api_returns_every_error_in_chinese(world: World) -> None:
    client = Client()
    client.force_login(world.city_admin)
    bad = {"edition": "1999", "answers": {}, "scenes": {}}
    response = client.post(
        "/api/v1/assessment/score", json.dumps(bad), content_type="application/json"
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors and all({"field", "code", "message"} <= set(e) for e in errors)
    assert any("1999" in e["message"] for e in errors)


def test_score_api_needs_the_scope(world: World) -> None:
    _token, secret = issue_api_token(
        actor=world.city_admin,
        owner=world.city_admin,
        name="read",
        scopes=[ApiToken.Scope.ENTERPRISES_READ],
    )
    response = Client().post(
        "/api/v1/assessment/score",
        json.dumps(sheet()),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 403
    _token, secret = issue_api_token(
        actor=world.city_admin,
        owner=world.city_admin,
        name="score",
        scopes=[ApiToken.Scope.ASSESSMENT_SCORE],
    )
    response = Client().post(
        "/api/v1/assessment/score",
        json.dumps(sheet()),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 200


def test_score_api_refuses_anonymous_callers(db: None) -> None:
    response = Client().post(
        "/api/v1/assessment/score", json.dumps(sheet()), content_type="application/json"
    )
    assert response.status_code == 401
