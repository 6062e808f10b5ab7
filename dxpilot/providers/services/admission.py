"""The city's review of a provider application (审核入库): admit into the pool if the quota of
every pilot industry it serves has room, return with reasons, or refuse.

Selection follows the pilot cities' practice (青岛 青民发字〔2024〕1号: a pool of providers per
细分行业 with a number per type; Hefei: ≤3 综合型 and ≤10 专业型 per 试点行业, programme file)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxpilot.accounts.models import User
from dxpilot.programs.models import ProviderKind
from dxpilot.providers.models import (
    Provider,
    ProviderDecision,
)
from dxpilot.providers.rules import quota_applies
from dxpilot.providers.services.common import (
    check_revision,
    decide,
    lock_provider,
    raise_if,
    require_city_admin,
    require_reasons,
    transition,
)

SENSITIVE = ("contact_name", "contact_phone", "bank_account")
AUDITED = ("name", "kind", "summary", "address", "website", *SENSITIVE)
# Lazy: a module constant is said in the language of the request that reads it.
ADMIN_ONLY = gettext_lazy("只有市级管理员可以审核服务商。")


def quota_problems(provider: Provider) -> list[str]:
    """Refusals for the pilot industries whose quota of this provider kind is full (the key
    chains have no quota, see providers.rules).

    Locks the kind row first so two approvals of the same kind run one after the other: the
    second counts the first (PostgreSQL; SQLite serialises writers anyway)."""
    kind = ProviderKind.objects.select_for_update().get(pk=provider.kind_id)
    if kind.quota_per_segment is None:
        return []
    segments = [s for s in provider.segments.order_by("order", "key") if quota_applies(s)]
    counts = _pool_counts(provider, [s.pk for s in segments])
    return [
        _("细分行业“{segment}”的{kind}服务商名额已满：名额 {quota} 家，已入库 {count} 家。").format(
            segment=segment.name,
            kind=kind.name,
            quota=kind.quota_per_segment,
            count=counts.get(segment.pk, 0),
        )
        for segment in segments
        if counts.get(segment.pk, 0) >= kind.quota_per_segment
    ]


def _pool_counts(provider: Provider, segment_ids: list[int]) -> dict[int, int]:
    """Providers of this one's kind in the pool per segment, not counting this one."""
    links = Provider.segments.through.objects.filter(
        segment_id__in=segment_ids, provider__program_id=provider.program_id, provider__kind_id=provider.kind_id,
        provider__status__in=Provider.IN_POOL,
    ).exclude(provider_id=provider.pk)  # fmt: skip
    return dict(links.values_list("segment_id").annotate(n=Count("provider_id", distinct=True)))


def quota_details(provider: Provider) -> dict[str, object]:
    """The counts an approval rested on (kept with the decision)."""
    segments = {s.pk: s.key for s in provider.segments.all() if quota_applies(s)}
    counts = _pool_counts(provider, list(segments))
    return {"kind": provider.kind.key, "quota": provider.kind.quota_per_segment,
            "in_pool_before": {key: counts.get(pk, 0) for pk, key in segments.items()}}  # fmt: skip


def _review(
    provider_id: int, actor: User, expected_revision: int | None, action: str
) -> tuple[Provider, dict[str, list[str]]]:
    require_city_admin(actor, ADMIN_ONLY)
    provider = lock_provider(provider_id)
    errors: dict[str, list[str]] = {}
    check_revision(provider.revision, expected_revision, provider.get_status_display(), errors)
    if not errors and provider.status != Provider.Status.APPLIED:
        errors["__all__"] = [
            _("服务商“{name}”当前状态为“{status}”，不能{action}。").format(
                name=provider.name, status=provider.get_status_display(), action=action
            )
        ]
    return provider, errors


@transaction.atomic
def approve_provider(
    provider_id: int, *, actor: User, reasons: str = "", expected_revision: int | None = None
) -> Provider:
    """The city admin admits the provider into the pool (入库) if every segment has room."""
    provider, errors = _review(provider_id, actor, expected_revision, _("审核入库"))
    if not errors and (problems := quota_problems(provider)):
        errors["__all__"] = problems
    raise_if(errors, "refused")
    provider.approved_at = timezone.now()
    before = transition(provider, Provider.Status.APPROVED, "approved_at")
    decide(provider, ProviderDecision.Kind.APPROVE, actor=actor, before=before, reasons=reasons.strip(),
           details=quota_details(provider))  # fmt: skip
    return provider


@transaction.atomic
def return_application(
    provider_id: int, *, actor: User, reasons: str, expected_revision: int | None = None
) -> Provider:
    """Back to the provider with the reviewer's reasons; it may correct and submit again."""
    provider, errors = _review(provider_id, actor, expected_revision, _("退回"))
    text = require_reasons(reasons, errors, _("退回时请写明理由，服务商将据此修改。"))
    raise_if(errors, "refused")
    before = transition(provider, Provider.Status.RETURNED)
    decide(provider, ProviderDecision.Kind.RETURN, actor=actor, before=before, reasons=text)
    return provider


@transaction.atomic
def reject_application(
    provider_id: int, *, actor: User, reasons: str, expected_revision: int | None = None
) -> Provider:
    """Not admitted, with reasons (the provider may appeal)."""
    provider, errors = _review(provider_id, actor, expected_revision, _("不予入库"))
    text = require_reasons(reasons, errors, _("不予入库时请写明理由。"))
    raise_if(errors, "refused")
    before = transition(provider, Provider.Status.REJECTED)
    decide(provider, ProviderDecision.Kind.REJECT, actor=actor, before=before, reasons=text)
    return provider
