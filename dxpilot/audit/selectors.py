"""Reading and verifying the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from dxpilot.audit.chain import GENESIS, entry_hash, hashed_fields
from dxpilot.audit.models import AuditEntry

if TYPE_CHECKING:
    from dxpilot.accounts.models import User


def visible_audit_entries(user: User) -> QuerySet[AuditEntry]:
    """Only the city admin reads the audit log (DESIGN §1)."""
    if user.is_authenticated and user.is_city_admin:
        return AuditEntry.objects.all()
    return AuditEntry.objects.none()


def search_audit_entries(
    user: User,
    *,
    q: str = "",
    kind: str = "",
    actor: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    entries = visible_audit_entries(user)
    if q:
        entries = entries.filter(
            Q(action__icontains=q)
            | Q(object_label__icontains=q)
            | Q(object_id=q)
            | Q(object_type=q)
        )
    if kind:
        entries = entries.filter(kind=kind)
    if actor:
        entries = entries.filter(actor_label__icontains=actor)
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    return entries.order_by("-seq")


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain() -> ChainReport:
    """Recompute every hash in order; the first mismatch, gap or broken link is reported."""
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return ChainReport(checked, entry.seq, f"missing entries before #{entry.seq}")
        if entry.prev_hash != prev_hash:
            return ChainReport(checked, entry.seq, "previous-hash link does not match")
        if entry_hash(hashed_fields(entry), entry.prev_hash) != entry.hash:
            return ChainReport(checked, entry.seq, "content does not match its hash")
        prev_hash, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    return ChainReport(checked, None, "")
