"""The eligibility snapshot of a submitted application keeps figures; its words follow the
reader's language, and snapshots stored as words before are read back (migration 0005)."""

from __future__ import annotations

import importlib
import re

from django.apps import apps
from django.utils import translation

from dxpilot.enterprises.eligibility import render_snapshot
from dxpilot.enterprises.models import Application
from dxpilot.enterprises.tests.application_helpers import submitted
from dxpilot.testing import World, client_for

HAN = re.compile(r"[\u4e00-\u9fff]")
migration = importlib.import_module("dxpilot.enterprises.migrations.0005_eligibility_figures")


def test_the_snapshot_holds_codes_and_renders_in_english(world: World) -> None:
    application = submitted(world)
    snapshot = application.eligibility
    assert snapshot is not None and "summary" not in snapshot
    assert all(set(c) == {"key", "status", "message"} for c in snapshot["criteria"])
    assert HAN.search(str(snapshot["criteria"][1]["message"])) is None  # size: figures only
    with translation.override("en"):
        words = render_snapshot(snapshot)
    assert words is not None and words["summary"] == "Eligible to apply."
    size = next(c for c in words["criteria"] if c["key"] == "size")
    assert not HAN.search(size["title"]) and not HAN.search(size["explanation"])


def test_the_api_says_the_snapshot_in_the_request_language(world: World) -> None:
    application = submitted(world)
    client = client_for(world.city_admin)
    body = client.get(
        f"/api/v1/applications/{application.pk}", headers={"accept-language": "en"}
    ).json()
    assert body["eligibility_at_submission"]["summary"] == "Eligible to apply."
    body = client.get(f"/api/v1/applications/{application.pk}").json()
    assert body["eligibility_at_submission"]["summary"] == "符合申报条件。"


def test_old_snapshots_are_read_back_and_written_back(world: World) -> None:
    application = submitted(world)
    figures = application.eligibility
    with translation.override("zh-hans"):
        words = render_snapshot(figures)
    assert words is not None
    old = {
        "verdict": words["verdict"],
        "summary": words["summary"],
        "criteria": [
            {k: c[k] for k in ("key", "title", "status", "explanation")} for c in words["criteria"]
        ],
    }
    old["criteria"][-1]["explanation"] = "审核员手写的旧说明。"
    Application.objects.filter(pk=application.pk).update(eligibility=old)

    migration.forwards(apps, None)
    application.refresh_from_db()
    converted = application.eligibility
    assert converted["criteria"][:-1] == figures["criteria"][:-1]
    assert converted["criteria"][-1]["explanation"] == "审核员手写的旧说明。"  # kept as it was
    with translation.override("en"):
        shown = render_snapshot(converted)
    assert shown is not None and shown["criteria"][-1]["explanation"] == "审核员手写的旧说明。"
    migration.forwards(apps, None)  # rerunnable
    application.refresh_from_db()
    assert application.eligibility == converted

    migration.backwards(apps, None)
    application.refresh_from_db()
    assert application.eligibility["summary"] == old["summary"]
    assert application.eligibility["criteria"][:-1] == old["criteria"][:-1]
