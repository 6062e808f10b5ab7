"""The move of acceptance, subsidy, disbursement, flags and follow-up from projects to funding
keeps every row: a database made with the old layout (tables projects_*) migrates forward with
the same rows, reachable through the funding models, and back again."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dxpilot.funding.models import Acceptance, Disbursement, DisbursementBatch, Flag, Subsidy
from dxpilot.funding.services.disbursement import add_to_batch, create_batch
from dxpilot.funding.services.subsidy import approve_subsidy, compute_project_subsidy
from dxpilot.funding.tests.cases import accepted_case, clock
from dxpilot.testing import World

__all__ = ["clock"]

OLD = [("projects", "0003_add_acceptance_applied_idx"), ("funding", None)]
MOVED = ["acceptance", "subsidy", "disbursementbatch", "disbursement", "flag", "followup"]


def migrate(targets: list[tuple[str, str | None]]) -> Any:
    """Migrate the two apps to `targets`; the models as they were at that point."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    graph = executor.loader.graph
    allowed = {t for t in targets if t[1]}
    moved = {n for n in graph.nodes if n[0] in ("projects", "funding")}
    for target in allowed:
        moved -= set(graph.forwards_plan(target))

    def before_the_move(node: tuple[str, str]) -> bool:
        # Apps built on the new layout (cases depends on projects 0006) are left out.
        return not moved.intersection(graph.forwards_plan(node))

    others = [
        n for n in graph.leaf_nodes() if n[0] not in ("projects", "funding") and before_the_move(n)
    ]
    return executor.loader.project_state(others + [t for t in targets if t[1]]).apps


def latest() -> list[tuple[str, str | None]]:
    executor = MigrationExecutor(connection)
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] in ("projects", "funding")]


def tables() -> set[str]:
    return set(connection.introspection.table_names())


def rows(table: str, *, without: str = "") -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY id")  # noqa: S608
        names = [c[0] for c in cursor.description]
        return [
            tuple(v for n, v in zip(names, row, strict=True) if n != without)
            for row in cursor.fetchall()
        ]


@pytest.mark.django_db(transaction=True)
def test_rows_made_with_the_old_layout_survive_the_move(world: World, clock: Any) -> None:
    case = accepted_case(world, clock, user=world.enterprise_user)
    subsidy = approve_subsidy(
        compute_project_subsidy(case.project.pk, actor=world.city_admin).pk, actor=world.city_admin
    )
    batch = create_batch(
        actor=world.finance, program=world.program, name="第一批", stage="settlement"
    )
    add_to_batch(batch.pk, actor=world.finance, subsidy_ids=[subsidy.pk])
    ContentType.objects.get_for_model(Acceptance)
    before = {model: rows(f"funding_{model}") for model in MOVED}
    # Before the move the explanation was words (funding 0002 writes them back, then reads them
    # back into figures on the way forward: the last check compares those figures too).
    before_words = {
        model: rows(f"funding_{model}", without="explanation" if model == "subsidy" else "")
        for model in MOVED
    }

    old_apps = migrate(OLD)
    try:
        check_old_layout_then_move_forward(old_apps, before, before_words, case, subsidy)
    finally:
        migrate(latest())


def check_old_layout_then_move_forward(
    old_apps: Any,
    before: dict[str, Any],
    before_words: dict[str, Any],
    case: Any,
    subsidy: Subsidy,
) -> None:
    assert {f"projects_{model}" for model in MOVED} <= tables()
    assert not {f"funding_{model}" for model in MOVED} & tables()
    assert {
        model: rows(f"projects_{model}", without="explanation" if model == "subsidy" else "")
        for model in MOVED
    } == before_words
    old_subsidy = old_apps.get_model("projects", "Subsidy").objects.get(pk=subsidy.pk)
    assert old_subsidy.explanation[-1] == "奖补金额 = min(200,000.00, 300,000.00) = 200,000.00 元。"
    assert ContentType.objects.filter(app_label="projects", model="acceptance").exists()
    # A row written while the old layout is in place, through the old models.
    old_flag = old_apps.get_model("projects", "Flag").objects.create(
        project_id=case.project.pk,
        kind="dates_out_of_order",
        message="旧的说明",
        fingerprint="legacy-row",
    )

    migrate(latest())
    assert not {f"projects_{model}" for model in MOVED} & tables()
    assert Flag.objects.get(pk=old_flag.pk).fingerprint == "legacy-row"
    assert Flag.objects.get(pk=old_flag.pk).message == {"legacy": "旧的说明"}
    assert Acceptance.objects.get(project=case.project).status == Acceptance.Status.ACCEPTED
    assert Subsidy.objects.get(pk=subsidy.pk).amount == subsidy.amount
    assert Disbursement.objects.get(subsidy=subsidy).batch == DisbursementBatch.objects.get()
    assert ContentType.objects.filter(app_label="funding", model="acceptance").exists()
    assert not ContentType.objects.filter(app_label="projects", model__in=MOVED).exists()
    for model in MOVED:
        assert rows(f"funding_{model}")[: len(before[model])] == before[model]
