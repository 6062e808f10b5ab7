"""Projects API: the UI's scope, the projects:read token scope, evidence as metadata only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dxpilot.projects.models import TransformationProject
from dxpilot.projects.tests.test_plan_support import (
    contracted,
    in_2025,
    open_project,
    submitted_evidence,
)
from dxpilot.testing import World, bearer, client_for, issue_token

__all__ = ["in_2025"]


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_lists_are_scoped_like_the_pages(world: World, in_2025: None) -> None:
    project = open_project(world)
    assert ids(client_for(world.officer_a).get("/api/v1/projects")) == [project.pk]
    assert ids(client_for(world.enterprise_user).get("/api/v1/projects")) == [project.pk]
    assert ids(client_for(world.officer_b).get("/api/v1/projects")) == []
    assert ids(client_for(world.provider_user).get("/api/v1/projects")) == []
    assert client_for(world.officer_b).get(f"/api/v1/projects/{project.pk}").status_code == 404


def test_the_provider_sees_a_project_once_contracted(world: World, in_2025: None) -> None:
    project, contract = contracted(world)
    client = client_for(world.provider_user)
    assert ids(client.get("/api/v1/projects")) == [project.pk]
    detail = client.get(f"/api/v1/projects/{project.pk}").json()
    assert detail["status"] == "contracted" and detail["status_label"] == "合同已备案"
    assert [c["number"] for c in detail["contracts"]] == [contract.number]
    assert detail["checklists"][0] == {
        "stage": "contract",
        "missing": 0,
        "items": [
            {
                "kind": "contract",
                "label": "数字化改造合同",
                "submitted": 1,
                "drafts": 0,
                "missing": False,
            }
        ],
    }


def test_tokens_need_the_projects_read_scope(world: World, in_2025: None) -> None:
    project = open_project(world)
    without = issue_token(world.city_admin, ["enterprises:read"])
    assert client_for(None).get("/api/v1/projects", **bearer(without)).status_code == 403
    token = issue_token(world.city_admin, ["projects:read"])
    response = client_for(None).get(f"/api/v1/projects/{project.pk}", **bearer(token))
    assert (
        response.status_code == 200
        and response.json()["enterprise_name"] == world.enterprise_a.name
    )
    assert client_for(None).get("/api/v1/projects").status_code == 401


def test_evidence_is_metadata_only(world: World, in_2025: None) -> None:
    project: TransformationProject = open_project(world)
    evidence = submitted_evidence(world, project, "invoice")
    rows = client_for(world.officer_a).get(f"/api/v1/projects/{project.pk}/evidence").json()
    assert [(r["id"], r["kind"], r["status"], r["sha256"]) for r in rows] == [
        (evidence.pk, "invoice", "submitted", evidence.sha256)
    ]
    assert not {"content", "storage_name", "url"} & set(rows[0])
    assert (
        client_for(world.officer_b).get(f"/api/v1/projects/{project.pk}/evidence").status_code
        == 404
    )
