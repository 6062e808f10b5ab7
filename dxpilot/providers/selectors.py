"""Provider and product reads and their data scope (`visible_providers`, `visible_products`);
the public catalogue's reads are in catalogue.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Case, Count, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.core.masking import mask_name, mask_phone
from dxpilot.programs.models import Program
from dxpilot.providers.models import (
    Attachment,
    Product,
    ProductDecision,
    Provider,
    ProviderDecision,
    ProviderEvaluation,
    ProviderRating,
)
from dxpilot.providers.rules import quota_for

OFFICIALS = (Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.FINANCE_OFFICER)
# Lists open with what waits for a decision, then the pool, then the rest.
PROVIDER_QUEUE = ("applied", "returned", "draft", "approved", "suspended", "removed", "rejected")
PRODUCT_QUEUE = ("submitted", "reviewed", "returned", "listed", "delisted", "draft")


def _status_order(statuses: tuple[str, ...]) -> Case:
    return Case(
        *(When(status=s, then=Value(n)) for n, s in enumerate(statuses)),
        default=Value(len(statuses)),
    )


def visible_providers(user: Any) -> QuerySet[Provider]:
    """Officials see every provider; a provider user sees its own record; the public directory
    (approved providers, no personal data) is `directory_providers`."""
    scope = scope_of(user)
    providers = Provider.objects.select_related("kind")
    if scope.role in OFFICIALS:
        return providers
    if scope.role == Role.PROVIDER and scope.provider_id is not None:
        return providers.filter(pk=scope.provider_id)
    return providers.none()


def get_provider_for_user(user: Any, pk: int) -> Provider:
    """404 whether the provider does not exist or is out of scope."""
    try:
        return visible_providers(user).select_related("program", "batch").get(pk=pk)
    except (Provider.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该服务商，或您无权查看。")) from None


def directory_providers() -> QuerySet[Provider]:
    """The public provider directory: providers in the pool and not suspended."""
    return Provider.objects.select_related("kind").filter(status=Provider.Status.APPROVED)


def get_directory_provider(pk: int) -> Provider:
    try:
        return directory_providers().get(pk=pk)
    except (Provider.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该服务商。")) from None


def search_providers(
    user: Any, *, q: str = "", status: str = "", kind: str = "", segment: str = ""
) -> QuerySet[Provider]:
    providers = visible_providers(user).prefetch_related("segments")
    if q:
        providers = providers.filter(Q(name__icontains=q) | Q(credit_code=q.upper()))
    if status in Provider.Status.values:
        providers = providers.filter(status=status)
    if kind:
        providers = providers.filter(kind__key=kind)
    if segment:
        providers = providers.filter(segments__key=segment)
    return providers.annotate(
        product_count=Count("products", distinct=True), queue=_status_order(PROVIDER_QUEUE)
    ).order_by("queue", "name", "pk")


@dataclass
class QuotaCell:
    kind: str
    quota: int | None
    in_pool: int
    applied: int

    @property
    def full(self) -> bool:
        return self.quota is not None and self.in_pool >= self.quota


@dataclass
class QuotaRow:
    segment: str
    cells: list[QuotaCell] = field(default_factory=list)


def quota_table(program: Program) -> list[QuotaRow]:
    """Places used per 细分行业 and provider kind against the quota, in one aggregate query."""
    kinds = list(program.provider_kinds.order_by("pk"))
    segments = list(program.segments.all())
    links = Provider.segments.through.objects.filter(provider__program=program)
    counts: dict[tuple[int, int], dict[str, Any]] = {}
    for row in links.values("segment_id", "provider__kind_id").annotate(
        in_pool=Count("provider_id", filter=Q(provider__status__in=Provider.IN_POOL)),
        applied=Count("provider_id", filter=Q(provider__status=Provider.Status.APPLIED)),
    ):
        counts[(row["segment_id"], row["provider__kind_id"])] = dict(row)
    return [
        QuotaRow(
            segment=segment.name,
            cells=[
                QuotaCell(
                    kind=kind.name,
                    quota=quota_for(kind, segment),
                    in_pool=counts.get((segment.pk, kind.pk), {}).get("in_pool", 0),
                    applied=counts.get((segment.pk, kind.pk), {}).get("applied", 0),
                )
                for kind in kinds
            ],
        )
        for segment in segments
    ]


@dataclass
class DecisionRow:
    decision: ProviderDecision
    appeal: ProviderDecision | None = None
    outcome: ProviderDecision | None = None

    @property
    def appealable(self) -> bool:
        return self.decision.kind in ProviderDecision.APPEALABLE and self.appeal is None

    @property
    def annulled(self) -> bool:
        return self.outcome is not None and self.outcome.kind == ProviderDecision.Kind.APPEAL_UPHELD


def decision_rows(provider: Provider) -> list[DecisionRow]:
    """The provider's decisions, newest first, each with its appeal and the appeal's outcome."""
    decisions = list(provider.decisions.select_related("by"))
    by_appealed = {d.appeal_of_id: d for d in decisions if d.kind == ProviderDecision.Kind.APPEAL}
    outcomes = {d.appeal_of_id: d for d in decisions if d.kind in ProviderDecision.OUTCOMES}
    rows = []
    for decision in decisions:
        if (
            decision.kind == ProviderDecision.Kind.APPEAL
            or decision.kind in ProviderDecision.OUTCOMES
        ):
            continue
        appeal = by_appealed.get(decision.pk)
        rows.append(DecisionRow(decision, appeal, outcomes.get(appeal.pk) if appeal else None))
    return rows


def latest_decision(provider: Provider, kind: str) -> ProviderDecision | None:
    return provider.decisions.filter(kind=kind).first()


def open_appeals(program: Program) -> QuerySet[ProviderDecision]:
    """Appeals still waiting for the city's answer."""
    return (
        ProviderDecision.objects.filter(
            provider__program=program, kind=ProviderDecision.Kind.APPEAL
        )
        .exclude(answers__kind__in=ProviderDecision.OUTCOMES)
        .select_related("provider", "appeal_of")
        .order_by("at")
    )


def rating_summary(provider: Provider) -> dict[str, Any]:
    return ProviderRating.objects.filter(provider=provider).aggregate(
        average=Avg("score"), count=Count("pk")
    )


def latest_evaluation(provider: Provider) -> ProviderEvaluation | None:
    return provider.evaluations.order_by("-year").first()


def masked_provider_contacts(provider: Provider) -> dict[str, str]:
    return {
        "contact_name": mask_name(provider.contact_name),
        "contact_phone": mask_phone(provider.contact_phone) if provider.contact_phone else "",
    }


def provider_profile(user: Any, provider: Provider) -> dict[str, Any]:
    """Everything the full profile shows (officials and the provider itself)."""
    return {
        "provider": provider,
        "segments": list(provider.segments.all()),
        "qualifications": list(provider.qualifications.all()),
        "references": list(provider.references.all()),
        "attachments": list(
            provider.attachments.filter(product__isnull=True).select_related("uploaded_by")
        ),
        "decisions": decision_rows(provider),
        "evaluations": list(provider.evaluations.all()),
        "ratings": list(provider.ratings.select_related("enterprise")[:20]),
        "rating": rating_summary(provider),
        "products": list(
            visible_products(user).filter(provider=provider).order_by("status", "name")
        ),
        "contacts": masked_provider_contacts(provider),
    }


def public_provider_profile(provider: Provider) -> dict[str, Any]:
    """The public directory page: no contacts, attachments, reasons or ratings' authors."""
    return {
        "provider": provider,
        "segments": list(provider.segments.all()),
        "evaluation": latest_evaluation(provider),
        "rating": rating_summary(provider),
        "products": list(public_products().filter(provider=provider).prefetch_related("scenes")),
    }


# --- products ------------------------------------------------------------------------------


def visible_products(user: Any) -> QuerySet[Product]:
    """Officials see every product; a provider user its own; everyone else uses the catalogue."""
    scope = scope_of(user)
    products = Product.objects.select_related("provider__kind")
    if scope.role in OFFICIALS:
        return products
    if scope.role == Role.PROVIDER and scope.provider_id is not None:
        return products.filter(provider_id=scope.provider_id)
    return products.none()


def get_product_for_user(user: Any, pk: int) -> Product:
    try:
        return visible_products(user).get(pk=pk)
    except (Product.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该产品，或您无权查看。")) from None


def search_products(
    user: Any, *, q: str = "", status: str = "", kind: str = "", excellent: str = ""
) -> QuerySet[Product]:
    products = visible_products(user).prefetch_related("scenes")
    if q:
        products = products.filter(Q(name__icontains=q) | Q(provider__name__icontains=q))
    if status in Product.Status.values:
        products = products.filter(status=status)
    if kind:
        products = products.filter(kind=kind)
    if excellent == "1":
        products = products.filter(is_excellent=True)
    return products.annotate(queue=_status_order(PRODUCT_QUEUE)).order_by(
        "queue", "-submitted_at", "pk"
    )


def product_status_counts(user: Any) -> dict[str, int]:
    rows = visible_products(user).values("status").annotate(n=Count("pk"))
    counts = {row["status"]: row["n"] for row in rows}
    counts["excellent"] = visible_products(user).filter(is_excellent=True).count()
    return counts


def product_history(product: Product) -> list[ProductDecision]:
    return list(product.decisions.select_related("by"))


def product_attachments(product: Product) -> list[Attachment]:
    return list(product.attachments.all())


def public_products() -> QuerySet[Product]:
    """Only listed products of providers in the pool (and not suspended) are public."""
    return Product.objects.filter(
        status=Product.Status.LISTED, provider__status=Provider.Status.APPROVED
    )


def get_public_product(pk: int) -> Product:
    try:
        return (
            public_products()
            .select_related("provider__kind")
            .prefetch_related("segments", Prefetch("scenes"))
            .get(pk=pk)
        )
    except (Product.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该产品，或它已下架。")) from None


def get_attachment_for_user(user: Any, pk: int) -> Attachment:
    """Attachments are as private as the provider record they belong to."""
    try:
        return Attachment.objects.select_related("provider").get(
            pk=pk, provider__in=visible_providers(user).values("pk")
        )
    except (Attachment.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该材料，或您无权查看。")) from None
