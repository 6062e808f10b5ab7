"""Submissions and their reconciliation: added, changed (field, old → new), withdrawn,
re-submission after a rejection, decisions recorded once, and who may do it."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxpilot.audit.models import AuditEntry
from dxpilot.national import services, writers
from dxpilot.national.models import Change, Decision, Submission, SubmissionRecord
from dxpilot.national.tests.helpers import change, pilot
from dxpilot.testing import World


def records(submission: Submission) -> dict[str, SubmissionRecord]:
    return {r.key: r for r in submission.records.all()}


def footprint() -> tuple[int, int, int, list[tuple[str, str]]]:
    return (
        Submission.objects.count(),
        SubmissionRecord.objects.count(),
        AuditEntry.objects.count(),
        list(SubmissionRecord.objects.order_by("pk").values_list("decision", "reason")),
    )


def test_two_submissions_reconcile_added_changed_and_withdrawn(world: World) -> None:
    a, b = pilot(world), pilot(world)
    first = services.create_submission(world.program, actor=world.city_admin)
    assert (first.number, first.previous, first.records_count, first.added_count) == (1, None, 2, 2)
    assert {r.change for r in first.records.all()} == {Change.ADDED}

    change(world, a, name="合肥新名称智能制造有限公司", above_scale=True)
    change(world, b, is_pilot=False)
    c = pilot(world)
    second = services.create_submission(world.program, actor=world.city_admin)
    assert second.number == 2 and second.previous == first
    assert (second.records_count, second.added_count, second.changed_count) == (2, 1, 1)
    assert (second.unchanged_count, second.withdrawn_count) == (0, 1)
    rows = records(second)
    assert rows[c.credit_code].change == Change.ADDED
    assert rows[b.credit_code].change == Change.WITHDRAWN
    # A withdrawn record carries what was last sent for it.
    assert rows[b.credit_code].payload == records(first)[b.credit_code].payload
    changed = rows[a.credit_code]
    assert changed.change == Change.CHANGED
    assert changed.changes == [
        {"field": "entName", "old": a.name, "new": "合肥新名称智能制造有限公司"},
        {"field": "statisticalScale", "old": "2", "new": "1"},
    ]
    assert changed.payload_hash == services.payload_hash(changed.payload)
    assert changed.payload_hash != records(first)[a.credit_code].payload_hash


def test_an_unchanged_record_keeps_its_decision_and_a_rejected_one_is_resubmitted(
    world: World,
) -> None:
    a, b = pilot(world), pilot(world)
    first = services.create_submission(world.program, actor=world.city_admin)
    rows = records(first)
    services.decide_record(rows[a.credit_code].pk, actor=world.city_admin, accept=True)
    services.decide_record(
        rows[b.credit_code].pk, actor=world.city_admin, accept=False, reason="成立时间缺失"
    )
    second = services.create_submission(world.program, actor=world.city_admin)
    again = records(second)
    assert again[a.credit_code].change == Change.UNCHANGED
    assert again[a.credit_code].decision == Decision.ACCEPTED
    assert again[b.credit_code].change == Change.RESUBMITTED
    assert again[b.credit_code].decision == Decision.PENDING
    assert (second.unchanged_count, second.resubmitted_count) == (1, 1)
    third = services.create_submission(world.program, actor=world.city_admin)
    # The re-submitted record, still pending, is unchanged the next time.
    assert records(third)[b.credit_code].change == Change.UNCHANGED


def test_a_record_is_decided_once(world: World) -> None:
    a = pilot(world)
    submission = services.create_submission(world.program, actor=world.city_admin)
    row = records(submission)[a.credit_code]
    services.decide_record(row.pk, actor=world.city_admin, accept=True)
    before = footprint()
    for accept in (True, False):
        with pytest.raises(ValidationError) as caught:
            services.decide_record(row.pk, actor=world.city_admin, accept=accept, reason="重复")
        assert caught.value.messages == [f"记录 {a.credit_code} 已登记为“已接收”，不能重复登记。"]
    assert footprint() == before
    entry = AuditEntry.objects.filter(action="national.accept").get()
    assert entry.changes["decision"] == ["pending", "accepted"]


def test_a_rejection_needs_its_reason(world: World) -> None:
    a = pilot(world)
    submission = services.create_submission(world.program, actor=world.city_admin)
    row = records(submission)[a.credit_code]
    before = footprint()
    for reason in ("", "   ", "\u200b"):
        with pytest.raises(ValidationError) as caught:
            services.decide_record(row.pk, actor=world.city_admin, accept=False, reason=reason)
        assert caught.value.message_dict == {"reason": ["退回时请填写国家平台给出的原因。"]}
    assert footprint() == before
    services.decide_record(row.pk, actor=world.city_admin, accept=False, reason=" 行业代码有误 ")
    row.refresh_from_db()
    assert (row.decision, row.reason) == (Decision.REJECTED, "行业代码有误")


@pytest.mark.parametrize("who", ["officer_a", "finance", "assessor", "enterprise_user"])
def test_only_the_city_admin_submits_and_decides(world: World, who: str) -> None:
    a = pilot(world)
    submission = services.create_submission(world.program, actor=world.city_admin)
    row = records(submission)[a.credit_code]
    before = footprint()
    with pytest.raises(PermissionDenied, match="只有市级管理员可以生成国家平台报送。"):
        services.create_submission(world.program, actor=getattr(world, who))
    with pytest.raises(PermissionDenied, match="只有市级管理员可以登记国家平台的反馈。"):
        services.decide_record(row.pk, actor=getattr(world, who), accept=True)
    assert footprint() == before


def test_a_submission_is_audited_as_an_export(world: World) -> None:
    pilot(world)
    submission = services.create_submission(world.program, actor=world.city_admin)
    entry = AuditEntry.objects.get(action="national.submit")
    assert entry.kind == AuditEntry.Kind.EXPORT
    assert entry.actor_id == world.city_admin.pk
    assert entry.object_id == str(submission.pk)
    assert entry.changes["records"] == 1 and entry.changes["added"] == 1


def test_queries_per_submission_do_not_grow_with_the_enterprises(world: World) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            services.create_submission(world.program, actor=world.city_admin)
        return len(captured)

    pilot(world)
    pilot(world)
    queries()  # the first submission has no previous one to compare with
    small = queries()
    for _n in range(8):
        pilot(world)
    assert queries() == small


def test_the_files_are_written_from_the_stored_records(world: World, tmp_path: Path) -> None:
    a, b = pilot(world), pilot(world)
    services.create_submission(world.program, actor=world.city_admin)
    change(world, b, is_pilot=False)
    submission = services.create_submission(world.program, actor=world.city_admin)
    out = StringIO()
    assert writers.write_json(submission, out) == 2
    data = json.loads(out.getvalue())
    assert data["submission"]["number"] == 2
    assert data["submission"]["previous"] == 1
    assert data["submission"]["mapping_version"] == "proxy-njha-2024.1"
    assert data["submission"]["digest"] == submission.digest
    by_key = {r["record"]["creditCode"]: r for r in data["records"]}
    assert by_key[a.credit_code]["change"] == "unchanged"
    assert by_key[b.credit_code]["change"] == "withdrawn"
    path = tmp_path / "n.xlsx"
    assert writers.write_file(submission, "xlsx", path) == 2
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("变化", "企业全称", "统一社会信用代码")
    assert rows[1][:3] == ("change", "entName", "creditCode")
    keys = {row[2]: row[0] for row in rows[2:]}
    assert keys == {a.credit_code: "未变", b.credit_code: "撤回"}
