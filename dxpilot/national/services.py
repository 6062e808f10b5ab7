"""National reporting writes: keyword-only `actor`, one transaction, an audit entry, refusals as a
ValidationError naming every problem (nothing is written when one is refused).

Only the city admin makes a submission and records the national platform's decisions (``actor``
None is the server's operator running ``manage.py national_export``). A submission compares each
record with the same enterprise's record in the previous submission; a record the national
platform rejected is sent again in the next submission (``resubmitted`` when it did not change).
A decision is recorded once: accepting or rejecting a decided record is refused.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable, Iterator
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import ApiToken, Role, User
from dxpilot.accounts.scope import scope_of
from dxpilot.accounts.services import create_user, issue_api_token
from dxpilot.audit.models import AuditEntry
from dxpilot.audit.services import record
from dxpilot.core.validation import text_rule, validate
from dxpilot.national.mapping import Mapping, load_mapping
from dxpilot.national.models import Change, Decision, Submission, SubmissionRecord
from dxpilot.national.records import CHUNK, build_records
from dxpilot.programs.models import Program

FORMATS = ("json", "xlsx")
# The national platform's API client account (role api_client), created on its first token.
NATIONAL_CLIENT = "national-client"
REASON_RULES = {"reason": text_rule(SubmissionRecord, "reason", required=True, multiline=True)}


def require_city_admin(actor: User | None, message: str | None = None) -> None:
    """The city admin, or the server's operator (actor None, a management command)."""
    if actor is not None and scope_of(actor).role != Role.CITY_ADMIN:
        raise PermissionDenied(message or _("只有市级管理员可以办理国家平台报送。"))


def payload_hash(payload: dict[str, Any]) -> str:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """The fields whose value differs, in the new payload's order (then the old one's)."""
    names = list(dict.fromkeys([*new, *old]))
    return [
        {"field": n, "old": old.get(n), "new": new.get(n)}
        for n in names
        if old.get(n) != new.get(n)
    ]


def _batches(rows: Iterable[tuple[int, dict[str, Any]]], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@transaction.atomic
def create_submission(
    program: Program, *, actor: User | None, mapping: Mapping | None = None
) -> Submission:
    """A new numbered submission of every pilot enterprise's record, compared with the last."""
    require_city_admin(actor, _("只有市级管理员可以生成国家平台报送。"))
    mapping = mapping or load_mapping()
    # Lock the programme row: two submissions at once would take the same number.
    Program.objects.select_for_update().get(pk=program.pk)
    previous = Submission.objects.filter(program=program).order_by("-number").first()
    submission = Submission.objects.create(
        program=program,
        number=(previous.number + 1) if previous else 1,
        mapping=mapping.as_json(),
        mapping_version=mapping.version,
        previous=previous,
        digest="",
        created_by=actor,
    )
    for batch in _batches(build_records(program), CHUNK):
        _write_batch(submission, previous, mapping, batch)
    if previous is not None:
        _write_withdrawn(submission, previous)
    counts = dict(
        submission.records.order_by()
        .values("change")
        .annotate(n=Count("pk"))
        .values_list("change", "n")
    )
    digest = hashlib.sha256()
    for key, hashed, change in (
        submission.records.order_by("key").values_list("key", "payload_hash", "change").iterator()
    ):
        digest.update(f"{key}:{change}:{hashed}\n".encode())
    submission.digest = digest.hexdigest()
    submission.records_count = sum(counts.values()) - counts.get(Change.WITHDRAWN, 0)
    for change in Change.values:
        setattr(submission, f"{change}_count", counts.get(change, 0))
    submission.save()
    record(
        actor=actor,
        action="national.submit",
        kind=AuditEntry.Kind.EXPORT,
        target=submission,
        changes={
            "number": submission.number,
            "mapping": mapping.version,
            "records": submission.records_count,
            **{change: counts.get(change, 0) for change in Change.values},
        },
    )
    return submission


def _write_batch(
    submission: Submission,
    previous: Submission | None,
    mapping: Mapping,
    batch: list[tuple[int, dict[str, Any]]],
) -> None:
    before: dict[int, dict[str, Any]] = {}
    if previous is not None:
        before = {
            row["enterprise_id"]: cast(dict[str, Any], row)
            for row in previous.records.filter(enterprise_id__in=[pk for pk, _r in batch]).values(
                "enterprise_id", "payload", "payload_hash", "change", "decision", "reason",
                "decided_by_id", "decided_at",
            )
        }  # fmt: skip
    rows = []
    for enterprise_id, values in batch:
        payload = mapping.apply(values)
        hashed = payload_hash(payload)
        old = before.get(enterprise_id)
        row = SubmissionRecord(
            submission=submission,
            enterprise_id=enterprise_id,
            key=values["credit_code"],
            payload=payload,
            payload_hash=hashed,
        )
        if old is None or old["change"] == Change.WITHDRAWN:
            row.change = Change.ADDED
        elif old["payload_hash"] != hashed:
            row.change = Change.CHANGED
            row.changes = field_changes(old["payload"], payload)
        elif old["decision"] == Decision.REJECTED:
            row.change = Change.RESUBMITTED
        else:
            # Unchanged: the national platform's decision on the same content still holds.
            row.change = Change.UNCHANGED
            row.decision, row.reason = old["decision"], old["reason"]
            row.decided_by_id, row.decided_at = old["decided_by_id"], old["decided_at"]
        rows.append(row)
    SubmissionRecord.objects.bulk_create(rows, batch_size=500)


def _write_withdrawn(submission: Submission, previous: Submission) -> None:
    """Records of the previous submission whose enterprise is no longer reported (no longer a
    pilot): sent once more as withdrawn, with the payload they were last sent with."""
    current = SubmissionRecord.objects.filter(submission=submission).values("enterprise_id")
    gone = (
        previous.records.exclude(change=Change.WITHDRAWN)
        .exclude(enterprise_id__in=current)
        .order_by("pk")
    )
    last = 0
    while True:
        rows = list(
            gone.filter(pk__gt=last).values(
                "pk", "enterprise_id", "key", "payload", "payload_hash"
            )[:CHUNK]
        )
        if not rows:
            return
        last = rows[-1]["pk"]
        SubmissionRecord.objects.bulk_create(
            [
                SubmissionRecord(
                    submission=submission,
                    enterprise_id=r["enterprise_id"],
                    key=r["key"],
                    change=Change.WITHDRAWN,
                    payload=r["payload"],
                    payload_hash=r["payload_hash"],
                )
                for r in rows
            ],
            batch_size=500,
        )


@transaction.atomic
def decide_record(
    record_id: int, *, actor: User, accept: bool, reason: str = ""
) -> SubmissionRecord:
    """Record the national platform's acceptance, or rejection with its reason, of one record."""
    require_city_admin(actor, _("只有市级管理员可以登记国家平台的反馈。"))
    row = (
        SubmissionRecord.objects.select_for_update().select_related("submission").get(pk=record_id)
    )
    errors: dict[str, list[str]] = {}
    if row.decision != Decision.PENDING:
        errors["decision"] = [
            _("记录 {key} 已登记为“{decision}”，不能重复登记。").format(
                key=row.key, decision=row.get_decision_display()
            )
        ]
    cleaned: dict[str, Any] = {"reason": ""}
    if not accept:
        cleaned, problems = validate(REASON_RULES, {"reason": reason})
        if problems:
            errors["reason"] = [_("退回时请填写国家平台给出的原因。")]
    if errors:
        raise ValidationError(errors)
    row.decision = Decision.ACCEPTED if accept else Decision.REJECTED
    row.reason = cleaned["reason"] or ""
    row.decided_by = actor
    row.decided_at = timezone.now()
    row.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
    record(
        actor=actor,
        action="national.accept" if accept else "national.reject",
        target=row,
        changes={
            "submission": row.submission.number,
            "key": row.key,
            "decision": [Decision.PENDING, row.decision],
            **({"reason": row.reason} if row.reason else {}),
        },
    )
    return row


def record_download(submission: Submission, fmt: str, *, actor: User | None) -> None:
    """Audit one download of a submission's file (exports are sensitive)."""
    record(
        actor=actor,
        action="national.download",
        kind=AuditEntry.Kind.EXPORT,
        target=submission,
        changes={"number": submission.number, "format": fmt, "records": submission.records_count},
    )


@transaction.atomic
def issue_national_token(*, actor: User) -> tuple[ApiToken, str]:
    """A token for the national platform's client (its account is created on first use, role
    api_client, no password), with the one scope it needs: read the submissions."""
    require_city_admin(actor, _("只有市级管理员可以为国家平台签发接口令牌。"))
    client = User.objects.filter(username=NATIONAL_CLIENT).first()
    if client is None:
        client = create_user(
            actor=actor,
            username=NATIONAL_CLIENT,
            # Never used to log in: the client acts through its tokens only.
            password=secrets.token_urlsafe(32),
            role=Role.API_CLIENT,
            display_name=_("国家平台接口客户端"),
            validate=False,
        )
        client.set_unusable_password()
        client.save(update_fields=["password"])
    if client.role != Role.API_CLIENT or not client.is_active:
        raise ValidationError(
            _("账号“{user}”不是有效的接口客户端，无法签发国家平台令牌。").format(
                user=client.username
            )
        )
    return issue_api_token(
        actor=actor,
        owner=client,
        name=_("国家平台读取报送"),
        scopes=[ApiToken.Scope.NATIONAL_READ],
    )
