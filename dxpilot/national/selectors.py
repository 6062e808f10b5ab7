"""National reporting reads and their scope: submissions are the city's — the city admin reads
them in the browser and the API; an API client (the national platform's account) reads them
through a token with the ``national:read`` scope; no other role sees them."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.national.models import Change, Decision, Submission, SubmissionRecord
from dxpilot.programs.models import Program

READERS = frozenset({Role.CITY_ADMIN, Role.API_CLIENT})
# What the reconciliation shows by default: everything the national platform must act on.
RECONCILED = (Change.ADDED, Change.CHANGED, Change.RESUBMITTED, Change.WITHDRAWN)


def may_manage(user: Any) -> bool:
    return scope_of(user).role == Role.CITY_ADMIN


def may_read(user: Any) -> bool:
    return scope_of(user).role in READERS


def visible_submissions(user: Any, program: Program | None) -> QuerySet[Submission]:
    if program is None or not may_read(user):
        return Submission.objects.none()
    return Submission.objects.filter(program=program).select_related("previous", "created_by")


def get_submission_for_user(user: Any, program: Program | None, pk: int) -> Submission:
    submission = visible_submissions(user, program).select_related("program").filter(pk=pk).first()
    if submission is None:
        raise Http404(_("没有找到该报送，或您无权查看。"))
    return submission


def get_submission_by_number(user: Any, program: Program | None, number: int) -> Submission:
    submission = (
        visible_submissions(user, program).select_related("program").filter(number=number).first()
    )
    if submission is None:
        raise Http404(_("没有找到该报送，或您无权查看。"))
    return submission


def submission_records(
    submission: Submission, *, changes: tuple[str, ...] = (), decision: str = ""
) -> QuerySet[SubmissionRecord]:
    records = submission.records.order_by("key", "pk")
    if changes:
        records = records.filter(change__in=changes)
    if decision:
        records = records.filter(decision=decision)
    return records


def get_record_for_user(user: Any, program: Program | None, pk: int) -> SubmissionRecord:
    record = (
        SubmissionRecord.objects.filter(pk=pk, submission__in=visible_submissions(user, program))
        .select_related("submission")
        .first()
    )
    if record is None:
        raise Http404(_("没有找到该记录，或您无权查看。"))
    return record


def decision_counts(submission: Submission) -> dict[str, int]:
    counts = dict(
        submission.records.order_by()
        .values("decision")
        .annotate(n=Count("pk"))
        .values_list("decision", "n")
    )
    return {value: counts.get(value, 0) for value in Decision.values}


def field_labels(submission: Submission) -> dict[str, str]:
    """National field name → its column label, as in the submission's stored mapping."""
    return {f["name"]: f["label"] for f in submission.mapping.get("fields", [])}
