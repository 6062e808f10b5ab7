"""Helpers shared by the provider and product services: who may act, state checks, windows."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.audit.services import record
from dxpilot.programs.models import Batch, Program
from dxpilot.providers.models import Provider, ProviderDecision

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

    from dxpilot.accounts.models import User


def require_city_admin(actor: User, message: StrOrPromise) -> None:
    if scope_of(actor).role != Role.CITY_ADMIN:
        raise PermissionDenied(message)


def require_own_provider(actor: User, provider_id: int, message: StrOrPromise) -> None:
    scope = scope_of(actor)
    if scope.role != Role.PROVIDER or scope.provider_id != provider_id:
        raise PermissionDenied(message)


def require_reasons(reasons: str, errors: dict[str, list[str]], message: str = "") -> str:
    text = (reasons or "").strip()
    if not text:
        errors.setdefault("reasons", []).append(message or _("请填写理由。"))
    return text


def check_revision(
    current: int, expected: int | None, status_label: str, errors: dict[str, list[str]]
) -> None:
    """A review form carries the revision it was rendered with; a newer one means someone else
    decided in between, and this (stale) decision is refused."""
    if expected is not None and expected != current:
        errors.setdefault("__all__", []).append(
            _("该记录在您打开页面后已被处理（当前状态：{status}），请刷新页面后再操作。").format(
                status=status_label
            )
        )


def open_batch(program: Program, kind: str) -> tuple[Batch | None, str | None]:
    """The open batch of this kind today, or a refusal naming the window. A programme that
    defines no batch of the kind takes submissions at any time."""
    batches = list(program.batches.filter(kind=kind).order_by("opens_on", "number"))
    if not batches:
        return None, None
    today = timezone.localdate()
    for batch in batches:
        if batch.opens_on <= today <= batch.closes_on:
            return batch, None
    upcoming = [b for b in batches if b.opens_on > today]
    nearest = upcoming[0] if upcoming else batches[-1]
    return None, _("今天（{today}）不在申报期内：“{batch}”的申报期为 {opens} 至 {closes}。").format(
        today=today.isoformat(),
        batch=nearest.name,
        opens=nearest.opens_on.isoformat(),
        closes=nearest.closes_on.isoformat(),
    )


def digest(upload: UploadedFile[bytes]) -> str:
    sha = hashlib.sha256()
    for chunk in upload.chunks():
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


def raise_if(errors: dict[str, list[str]], code: str = "invalid") -> None:
    if errors:
        raise ValidationError(
            {
                name: [ValidationError(m, code=code) for m in messages]
                for name, messages in errors.items()
            }
        )


def decide(provider: Provider, kind: str, *, actor: User | None, before: str, reasons: str = "",
           details: dict[str, object] | None = None, appeal_of: ProviderDecision | None = None) -> ProviderDecision:  # fmt: skip
    """Write the decision row and its audit entry (the caller has saved the provider)."""
    decision = ProviderDecision.objects.create(
        provider=provider, kind=kind, from_status=before, to_status=provider.status, reasons=reasons,
        details=details or {}, appeal_of=appeal_of, by=actor,
    )  # fmt: skip
    changes: dict[str, object] = {"decision": kind, "reasons": reasons, **(details or {})}
    if before != provider.status:
        changes["status"] = [before, provider.status]
    record(actor=actor, action=f"provider.{kind}", target=provider, changes=changes)
    return decision


def transition(provider: Provider, status: str, *extra: str) -> str:
    before = provider.status
    provider.status = status
    provider.revision += 1
    provider.save(update_fields=["status", "revision", "updated_at", *extra])
    return before


def lock_provider(provider_id: int) -> Provider:
    # of=("self",): PostgreSQL cannot lock the nullable side of the joins select_related adds.
    return (
        Provider.objects.select_for_update(of=("self",))
        .select_related("kind", "program")
        .get(pk=provider_id)
    )
