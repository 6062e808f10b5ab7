"""Finance reads and their scope: the one place that says what a bank may see.

- `visible_products(user)`: products on sale for everyone (they are offers, not data); a bank's
  client also sees its own products off sale, the city admin all of them.
- `consented_referrals(bank)`: the referrals to the bank's products whose consent is live
  (not revoked). A bank sees an enterprise only through one of these, and only its fields.
- `visible_referrals(user)`: an enterprise its own; officials those of the enterprises in their
  scope (status and amounts, never the shared fields); a bank its consented ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.selectors import visible_enterprises
from dxpilot.finance.models import Bank, FinanceProduct, Referral, ReferralStatus

OFFICIALS = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.FINANCE_OFFICER})
NOT_FOUND = "没有找到该企业，或您无权查看。"


def bank_of(user: Any) -> Bank | None:
    """The bank whose API client `user` is (None for every other account)."""
    if scope_of(user).role != Role.API_CLIENT:
        return None
    return Bank.objects.filter(client_id=user.pk).first()


def visible_products(user: Any) -> QuerySet[FinanceProduct]:
    products = FinanceProduct.objects.select_related("bank")
    scope = scope_of(user)
    if scope.role == Role.CITY_ADMIN:
        return products
    if scope.role == Role.API_CLIENT:
        return products.filter(Q(is_active=True) | Q(bank__client_id=scope.user_id))
    return products.filter(is_active=True)


def get_product_for_user(user: Any, pk: int) -> FinanceProduct:
    try:
        return visible_products(user).get(pk=pk)
    except (FinanceProduct.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该产品，或您无权查看。")) from None


def consented_referrals(bank: Bank) -> QuerySet[Referral]:
    return Referral.objects.filter(product__bank=bank, revoked_at__isnull=True).select_related(
        "product__bank", "enterprise__division", "enterprise__zone", "enterprise__industry",
        "enterprise__segment",
    )  # fmt: skip


def get_consented_referral(bank: Bank, pk: int) -> Referral:
    """404 whether the referral does not exist, is another bank's, or its consent was revoked."""
    found = consented_referrals(bank).filter(pk=pk).first()
    if found is None:
        raise Http404(_("没有找到该对接申请，或您无权查看。"))
    return found


def consented_enterprise(bank: Bank, credit_code: str) -> tuple[Enterprise, list[str]]:
    """An enterprise with a live referral to one of the bank's products and the union of the
    fields it consented to; the same 404 as an unknown code otherwise."""
    referrals = list(
        consented_referrals(bank).filter(enterprise__credit_code=credit_code.strip().upper())
    )
    if not referrals:
        raise Http404(_(NOT_FOUND))
    fields = sorted({code for r in referrals for code in r.fields})
    return referrals[0].enterprise, fields


def visible_referrals(user: Any) -> QuerySet[Referral]:
    referrals = Referral.objects.select_related("product__bank", "enterprise")
    scope = scope_of(user)
    if scope.role == Role.API_CLIENT:
        bank = bank_of(user)
        return consented_referrals(bank) if bank is not None else referrals.none()
    if scope.role == Role.ENTERPRISE or scope.role in OFFICIALS:
        return referrals.filter(enterprise__in=visible_enterprises(user).values("pk"))
    return referrals.none()


def get_own_referral(user: Any, pk: int) -> Referral:
    """An enterprise user's own referral; 404 otherwise."""
    scope = scope_of(user)
    found = None
    if scope.role == Role.ENTERPRISE and scope.enterprise_id is not None:
        found = (
            Referral.objects.select_related("product__bank")
            .filter(pk=pk, enterprise_id=scope.enterprise_id)
            .first()
        )
    if found is None:
        raise Http404(_("没有找到该对接申请，或您无权查看。"))
    return found


def enterprise_referrals(enterprise: Enterprise) -> list[Referral]:
    return list(
        Referral.objects.filter(enterprise=enterprise)
        .select_related("product__bank")
        .order_by("-consented_at", "-pk")
    )


@dataclass(frozen=True)
class ReferralCounts:
    total: int
    pending: int
    approved: int
    declined: int
    approved_amount: Decimal


def referral_counts(user: Any) -> ReferralCounts:
    """Referrals and approvals of the enterprises in the user's scope, in one query (the
    officials' dashboard tile). Revoked requests still count: they were asked for."""
    totals = visible_referrals(user).aggregate(
        total=Count("pk"),
        pending=Count("pk", filter=Q(status=ReferralStatus.PENDING, revoked_at__isnull=True)),
        approved=Count("pk", filter=Q(status=ReferralStatus.APPROVED)),
        declined=Count("pk", filter=Q(status=ReferralStatus.DECLINED)),
        amount=Sum("approved_amount", filter=Q(status=ReferralStatus.APPROVED)),
    )
    return ReferralCounts(
        totals["total"],
        totals["pending"],
        totals["approved"],
        totals["declined"],
        totals["amount"] or Decimal("0.00"),
    )


def banks_with_counts() -> QuerySet[Bank]:
    return (
        Bank.objects.select_related("client")
        .annotate(
            product_count=Count("products", distinct=True),
            referral_count=Count("products__referrals", distinct=True),
            approved_count=Count(
                "products__referrals",
                filter=Q(products__referrals__status=ReferralStatus.APPROVED),
                distinct=True,
            ),
        )
        .order_by("name", "pk")
    )
