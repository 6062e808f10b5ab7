"""Writing the audit log. Every service that changes data calls `record` inside its transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from dxpilot.audit import context
from dxpilot.audit.chain import entry_hash, hashed_fields
from dxpilot.audit.models import AuditEntry, AuditHead

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

REDACTED = "（已加密，不记录明文）"


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The audited values of `fields` on `obj` (foreign keys by id)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        values[name] = _plain(getattr(obj, attname))
    return values


def diff(
    before: dict[str, Any], after: dict[str, Any], *, sensitive: Iterable[str] = ()
) -> dict[str, Any]:
    """{field: [old, new]} for the fields that changed; sensitive values are never logged."""
    hidden = set(sensitive)
    changes: dict[str, Any] = {}
    for name in after.keys() | before.keys():
        old, new = before.get(name), after.get(name)
        if old != new:
            changes[name] = [REDACTED, REDACTED] if name in hidden else [old, new]
    return changes


def _actor_label(actor: User | None) -> str:
    if actor is None:
        return "system"
    return f"{actor.get_username()} ({actor.role})"


@transaction.atomic
def record(
    *,
    actor: User | None,
    action: str,
    kind: str = AuditEntry.Kind.WRITE,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
) -> AuditEntry:
    """Append one entry to the chain; the head row is locked so concurrent writers serialise."""
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
        object_label = object_label or str(target)[:200]
    target_id = (object_type, object_id, object_label)
    entry = _entry(actor, kind, action, head.seq + 1, head.last_hash, target_id, changes)
    entry.save()
    head.seq, head.last_hash = entry.seq, entry.hash
    head.save(update_fields=["seq", "last_hash"])
    return entry


def _entry(
    actor: User | None,
    kind: str,
    action: str,
    seq: int,
    prev_hash: str,
    target: tuple[str, str, str],
    changes: dict[str, Any] | None,
) -> AuditEntry:
    ctx = context.current()
    entry = AuditEntry(
        seq=seq,
        at=timezone.now(),
        actor_id=actor.pk if actor is not None else None,
        actor_label=_actor_label(actor)[:150],
        ip=ctx.ip,
        user_agent=ctx.user_agent,
        via=ctx.via,
        kind=kind,
        action=action,
        object_type=target[0],
        object_id=target[1],
        object_label=target[2][:200],
        changes=_plain(changes or {}),
        request_id=context.current_request_id(),
        prev_hash=prev_hash,
    )
    entry.hash = entry_hash(hashed_fields(entry), prev_hash)
    return entry


@dataclass(frozen=True)
class Event:
    action: str
    target: models.Model
    changes: dict[str, Any]


@transaction.atomic
def record_many(
    *, actor: User | None, events: Iterable[Event], kind: str = AuditEntry.Kind.WRITE
) -> int:
    """Append one entry per event under a single head lock: the same chain as `record`, for bulk
    writes (the Excel import) that cannot afford three queries per entry."""
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
    seq, last, pending = head.seq, head.last_hash, []
    for event in events:
        seq += 1
        target = (event.target._meta.label_lower, str(event.target.pk), str(event.target))
        entry = _entry(actor, kind, event.action, seq, last, target, event.changes)
        last = entry.hash
        pending.append(entry)
    AuditEntry.objects.bulk_create(pending, batch_size=1000)
    head.seq, head.last_hash = seq, last
    head.save(update_fields=["seq", "last_hash"])
    return len(pending)
