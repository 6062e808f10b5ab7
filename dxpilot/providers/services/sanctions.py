"""Dynamic management of providers in the pool: ratings, the yearly evaluation with stars,
warnings, suspension and removal, and appeals against them.

Sources: 厦门's evaluation guide (100 points, 服务企业情况 25 分, 动态调整) and 新乡's rules
(评星评级; 警告、限期整改、取消资格; providers may appeal) — reference §3.4.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxpilot.accounts.models import Role, User
from dxpilot.accounts.scope import scope_of
from dxpilot.audit.services import record
from dxpilot.enterprises.models import Enterprise
from dxpilot.providers.models import Provider, ProviderDecision, ProviderEvaluation, ProviderRating
from dxpilot.providers.services.admission import quota_problems
from dxpilot.providers.services.common import (
    check_revision,
    decide,
    lock_provider,
    raise_if,
    require_city_admin,
    require_reasons,
    transition,
)

ADMIN_ONLY = gettext_lazy("只有市级管理员可以作出该决定。")


@dataclass(frozen=True)
class EvaluationDimension:
    key: str
    name: str | Promise
    max_points: Decimal


# 厦门: four dimensions over 100 points; only 服务企业情况 (25) is known, the other weights were
# cut off in the source, so they are split evenly here. Pass `dimensions=` to use a city's own.
DIMENSIONS: tuple[EvaluationDimension, ...] = (
    EvaluationDimension("service", gettext_lazy("服务企业情况"), Decimal(25)),
    EvaluationDimension("capability", gettext_lazy("产品服务能力"), Decimal(25)),
    EvaluationDimension("effect", gettext_lazy("工作实效评价"), Decimal(25)),
    EvaluationDimension("overall", gettext_lazy("综合服务能力"), Decimal(25)),
)
# (minimum total, stars), highest first: ≥90 ★★★★★, ≥80 ★★★★, ≥70 ★★★, ≥60 ★★, below ★.
STAR_BANDS: tuple[tuple[Decimal, int], ...] = (
    (Decimal(90), 5), (Decimal(80), 4), (Decimal(70), 3), (Decimal(60), 2), (Decimal(0), 1),
)  # fmt: skip


def stars_for(total: Decimal, bands: Sequence[tuple[Decimal, int]] = STAR_BANDS) -> int:
    for minimum, stars in sorted(bands, key=lambda band: band[0], reverse=True):
        if total >= minimum:
            return stars
    return 0


def _sanction_target(provider_id: int, actor: User, expected_revision: int | None, allowed: Sequence[str],
                     action: str, reasons: str) -> tuple[Provider, str]:  # fmt: skip
    require_city_admin(actor, str(ADMIN_ONLY))
    provider = lock_provider(provider_id)
    errors: dict[str, list[str]] = {}
    check_revision(provider.revision, expected_revision, provider.get_status_display(), errors)
    if not errors and provider.status not in allowed:
        errors["__all__"] = [
            _("服务商“{name}”当前状态为“{status}”，不能{action}。").format(
                name=provider.name, status=provider.get_status_display(), action=action
            )
        ]
    text = require_reasons(reasons, errors)
    raise_if(errors, "refused")
    return provider, text


@transaction.atomic
def warn_provider(
    provider_id: int, *, actor: User, reasons: str, expected_revision: int | None = None
) -> ProviderDecision:
    """A warning (警告 / 限期整改) stays on the record; the provider keeps its place."""
    provider, text = _sanction_target(
        provider_id, actor, expected_revision, Provider.IN_POOL, _("警告"), reasons
    )
    provider.revision += 1
    provider.save(update_fields=["revision", "updated_at"])
    return decide(
        provider, ProviderDecision.Kind.WARN, actor=actor, before=provider.status, reasons=text
    )


@transaction.atomic
def suspend_provider(
    provider_id: int, *, actor: User, reasons: str, expected_revision: int | None = None
) -> ProviderDecision:
    """Suspended: out of the public directory and catalogue, but it keeps its quota place."""
    provider, text = _sanction_target(
        provider_id, actor, expected_revision, (Provider.Status.APPROVED,), _("暂停资格"), reasons
    )
    before = transition(provider, Provider.Status.SUSPENDED)
    return decide(provider, ProviderDecision.Kind.SUSPEND, actor=actor, before=before, reasons=text)


@transaction.atomic
def reinstate_provider(
    provider_id: int, *, actor: User, reasons: str, expected_revision: int | None = None
) -> ProviderDecision:
    provider, text = _sanction_target(
        provider_id, actor, expected_revision, (Provider.Status.SUSPENDED,), _("恢复资格"), reasons
    )
    before = transition(provider, Provider.Status.APPROVED)
    return decide(
        provider, ProviderDecision.Kind.REINSTATE, actor=actor, before=before, reasons=text
    )


@transaction.atomic
def remove_provider(
    provider_id: int, *, actor: User, reasons: str, expected_revision: int | None = None
) -> ProviderDecision:
    """Removed from the pool (取消资格); its quota place is freed. Nothing is deleted."""
    provider, text = _sanction_target(
        provider_id, actor, expected_revision, Provider.IN_POOL, _("移出服务商库"), reasons
    )
    before = transition(provider, Provider.Status.REMOVED)
    return decide(provider, ProviderDecision.Kind.REMOVE, actor=actor, before=before, reasons=text)


@transaction.atomic
def appeal_decision(decision_id: int, *, actor: User, reasons: str) -> ProviderDecision:
    """The provider appeals a rejection, warning, suspension or removal, once per decision."""
    decision = ProviderDecision.objects.select_related("provider").filter(pk=decision_id).first()
    scope = scope_of(actor)
    if decision is None or scope.role != Role.PROVIDER or scope.provider_id != decision.provider_id:
        raise PermissionDenied(_("只有服务商本身可以对该决定提出申诉。"))
    provider = lock_provider(decision.provider_id)
    errors: dict[str, list[str]] = {}
    if decision.kind not in ProviderDecision.APPEALABLE:
        errors["__all__"] = [
            _("“{kind}”不是可以申诉的决定。").format(kind=decision.get_kind_display())
        ]
    elif decision.answers.filter(kind=ProviderDecision.Kind.APPEAL).exists():
        errors["__all__"] = [_("该决定已提出过申诉，不能重复申诉。")]
    text = require_reasons(reasons, errors, _("请写明申诉理由。"))
    raise_if(errors, "refused")
    try:
        with transaction.atomic():
            return decide(provider, ProviderDecision.Kind.APPEAL, actor=actor, before=provider.status, reasons=text,
                          appeal_of=decision, details={"decision": decision.kind})  # fmt: skip
    except IntegrityError:  # a concurrent appeal of the same decision won the race
        raise ValidationError(_("该决定已提出过申诉，不能重复申诉。"), code="refused") from None


# What upholding an appeal restores, by the kind of decision appealed.
RESTORES: dict[str, str] = {
    ProviderDecision.Kind.REJECT: Provider.Status.APPLIED,
    ProviderDecision.Kind.SUSPEND: Provider.Status.APPROVED,
    ProviderDecision.Kind.REMOVE: Provider.Status.APPROVED,
}


@transaction.atomic
def decide_appeal(appeal_id: int, *, actor: User, upheld: bool, reasons: str) -> ProviderDecision:
    """The city admin answers an appeal. Upheld, the appealed decision is undone (a warning is
    annulled; a rejection goes back to review; a suspension or removal is lifted, a removal
    only if the quota still has room)."""
    require_city_admin(actor, str(ADMIN_ONLY))
    appeal = (
        ProviderDecision.objects.select_related("appeal_of")
        .filter(pk=appeal_id, kind=ProviderDecision.Kind.APPEAL)
        .first()
    )
    if appeal is None or appeal.appeal_of is None:
        raise ValidationError(_("没有找到该申诉。"), code="not_found")
    provider = lock_provider(appeal.provider_id)
    errors: dict[str, list[str]] = {}
    if appeal.answers.filter(kind__in=ProviderDecision.OUTCOMES).exists():
        errors["__all__"] = [_("该申诉已处理。")]
    text = require_reasons(reasons, errors, _("请写明处理申诉的理由。"))
    appealed = appeal.appeal_of
    target = RESTORES.get(appealed.kind) if upheld else None
    if not errors and target is not None and provider.status != appealed.to_status:
        errors["__all__"] = [
            _("服务商当前状态为“{status}”，已不是该决定作出后的状态，不能据此恢复。").format(
                status=provider.get_status_display()
            )
        ]
    if (
        not errors
        and target == Provider.Status.APPROVED
        and appealed.kind == ProviderDecision.Kind.REMOVE
    ):
        errors["__all__"] = quota_problems(provider) or []
        if not errors["__all__"]:
            del errors["__all__"]
    raise_if(errors, "refused")
    before = provider.status
    if target is not None:
        before = transition(provider, target)
    else:
        provider.revision += 1
        provider.save(update_fields=["revision", "updated_at"])
    kind = ProviderDecision.Kind.APPEAL_UPHELD if upheld else ProviderDecision.Kind.APPEAL_DISMISSED
    return decide(provider, kind, actor=actor, before=before, reasons=text, appeal_of=appeal,
                  details={"decision": appealed.kind, "decision_id": appealed.pk})  # fmt: skip


@transaction.atomic
def evaluate_provider(provider_id: int, *, actor: User, year: int, scores: Mapping[str, object], notes: str = "",
                      dimensions: Sequence[EvaluationDimension] = DIMENSIONS,
                      bands: Sequence[tuple[Decimal, int]] = STAR_BANDS) -> ProviderEvaluation:  # fmt: skip
    """The yearly 100-point evaluation; the stars follow from the total by `bands`."""
    require_city_admin(actor, str(ADMIN_ONLY))
    provider = lock_provider(provider_id)
    errors: dict[str, list[str]] = {}
    if provider.status not in (*Provider.IN_POOL, Provider.Status.REMOVED):
        errors["__all__"] = [
            _("服务商“{name}”尚未入库，不能进行年度评价。").format(name=provider.name)
        ]
    if ProviderEvaluation.objects.filter(provider=provider, year=year).exists():
        errors.setdefault("year", []).append(
            _("服务商“{name}”{year}年度已评价。").format(name=provider.name, year=year)
        )
    values: dict[str, str] = {}
    total = Decimal(0)
    for dimension in dimensions:
        raw = scores.get(dimension.key)
        try:
            value = Decimal(str(raw)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            errors.setdefault(dimension.key, []).append(
                _("“{name}”的得分应为数字。").format(name=dimension.name)
            )
            continue
        if not Decimal(0) <= value <= dimension.max_points:
            errors.setdefault(dimension.key, []).append(
                _("“{name}”的得分应在 0 到 {max} 分之间。").format(
                    name=dimension.name, max=dimension.max_points
                )
            )
        values[dimension.key], total = str(value), total + value
    raise_if(errors, "refused")
    evaluation = ProviderEvaluation.objects.create(provider=provider, year=year, scores=values, total=total,
                                                   stars=stars_for(total, bands), notes=notes.strip(), by=actor)  # fmt: skip
    provider.revision += 1
    provider.save(update_fields=["revision", "updated_at"])
    decide(provider, ProviderDecision.Kind.EVALUATE, actor=actor, before=provider.status, reasons=notes.strip(),
           details={"year": year, "total": str(total), "stars": evaluation.stars, "scores": values})  # fmt: skip
    return evaluation


@transaction.atomic
def rate_provider(provider_id: int, *, actor: User, enterprise_id: int, score: int, comment: str = "",
                  subject: str = "") -> ProviderRating:  # fmt: skip
    """An enterprise rates a provider that served it, 1-5 stars, once per subject. (Projects
    will call this after acceptance and check the contract; here the enterprise speaks only
    for itself.)"""
    scope = scope_of(actor)
    if scope.role != Role.ENTERPRISE or scope.enterprise_id != enterprise_id:
        raise PermissionDenied(_("只有企业本身可以评价为其服务的服务商。"))
    provider = lock_provider(provider_id)
    enterprise = Enterprise.objects.get(pk=enterprise_id)
    errors: dict[str, list[str]] = {}
    if provider.status not in (*Provider.IN_POOL, Provider.Status.REMOVED):
        errors["__all__"] = [_("服务商“{name}”尚未入库，不能评价。").format(name=provider.name)]
    if not 1 <= score <= 5:
        errors.setdefault("score", []).append(_("评分应为1到5星。"))
    if ProviderRating.objects.filter(
        provider=provider, enterprise=enterprise, subject=subject.strip()
    ).exists():
        errors.setdefault("subject", []).append(_("已评价过该服务商的这一项目。"))
    raise_if(errors, "refused")
    rating = ProviderRating.objects.create(provider=provider, enterprise=enterprise, subject=subject.strip(),
                                           score=score, comment=comment.strip(), rated_by=actor)  # fmt: skip
    record(actor=actor, action="provider.rate", target=provider,
           changes={"enterprise": enterprise.pk, "score": score, "subject": rating.subject})  # fmt: skip
    return rating
