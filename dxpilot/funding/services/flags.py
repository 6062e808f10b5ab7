"""Raising and resolving fraud and anomaly flags (detectors in dxpilot/projects/flags.py).

Detectors run after the review steps that complete a picture (acceptance application, decision),
and over the whole database by `python manage.py detect_flags` (nightly). Delivery steps may call
`detect_project_flags(project_id)` on commit after an upload, an investment or a contract. A flag
is raised once (unique fingerprint) and resolved by an official with a note, audited. Flags are
never shown to the enterprise or the provider: they are leads for officials, not verdicts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.audit.services import Event, record, record_many
from dxpilot.funding.detectors import Finding, detect
from dxpilot.funding.models import Flag
from dxpilot.projects.selectors import visible_projects

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

RESOLVERS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER})
BATCH = 1000


@transaction.atomic
def raise_flags(findings: Iterable[Finding]) -> list[Flag]:
    """Store the findings not raised before (by fingerprint); returns the new flags."""
    by_fingerprint = {f.fingerprint: f for f in findings}
    if not by_fingerprint:
        return []
    known: set[str] = set()
    keys = list(by_fingerprint)
    for start in range(0, len(keys), BATCH):
        known |= set(
            Flag.objects.filter(fingerprint__in=keys[start : start + BATCH]).values_list(
                "fingerprint", flat=True
            )
        )
    new = [
        Flag(
            project_id=f.project_id,
            kind=f.kind,
            message=f.message,
            details=f.details,
            fingerprint=fp,
        )
        for fp, f in by_fingerprint.items()
        if fp not in known
    ]
    if not new:
        return []
    # ignore_conflicts: a concurrent run may have raised the same finding a moment ago.
    Flag.objects.bulk_create(new, ignore_conflicts=True, batch_size=BATCH)
    saved = list(Flag.objects.filter(fingerprint__in=[f.fingerprint for f in new]))
    record_many(
        actor=None,
        events=[
            Event(
                action="project.flag_raised",
                target=flag,
                changes={"kind": flag.kind, "project": flag.project_id},
            )
            for flag in saved
        ],
    )
    return saved


def detect_project_flags(project_id: int) -> list[Flag]:
    """Run every detector for one project (a few queries) and raise what is new."""
    return raise_flags(detect([project_id]))


def detect_all_flags(kinds: Iterable[str] | None = None) -> Counter[str]:
    """Run the detectors over every project; returns the number of new flags per kind."""
    new = raise_flags(detect(None, kinds))
    return Counter(flag.kind for flag in new)


@transaction.atomic
def resolve_flag(flag_id: int, *, actor: User, note: str) -> Flag:
    """An official (city, or the enterprise's district) closes a flag with what they found."""
    if scope_of(actor).role not in RESOLVERS:
        raise PermissionDenied(_("风险提示由市级管理员或县区工作人员核查处理。"))
    flag = (
        Flag.objects.select_for_update(of=("self",))
        .filter(pk=flag_id, project__in=visible_projects(actor))
        .first()
    )
    if flag is None:
        raise ValidationError(_("没有找到该风险提示，或您无权处理。"), code="not_found")
    if flag.status != Flag.Status.OPEN:
        raise ValidationError(_("该风险提示已由他人处理，请刷新页面。"), code="stale")
    if not note.strip():
        raise ValidationError({"note": [_("请填写核查处理说明。")]}, code="note")
    flag.status, flag.resolved_by, flag.resolved_at = Flag.Status.RESOLVED, actor, timezone.now()
    flag.resolution = note.strip()[:2000]
    flag.save(update_fields=["status", "resolved_by", "resolved_at", "resolution"])
    record(
        actor=actor,
        action="project.flag_resolved",
        target=flag,
        changes={
            "status": [Flag.Status.OPEN, Flag.Status.RESOLVED],
            "note": flag.resolution,
            "project": flag.project_id,
        },
    )
    return flag
