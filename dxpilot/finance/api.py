"""The finance API (/api/v1/finance): 数改贷 products and the referrals banks receive.

Products on sale are public. A bank acts with its own token (finance:read, finance:write) and
sees only the referrals to its products whose consent is live, each with only the fields the
enterprise agreed to share; every such read is audited. An enterprise that did not consent (or
revoked) is the 404 of a code that does not exist, so the answer reveals nothing."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from dxpilot.accounts.api_auth import AUTH, require_scope
from dxpilot.accounts.models import ApiToken
from dxpilot.core.http import acting_user as actor_of
from dxpilot.finance import selectors, services
from dxpilot.finance.models import Bank, FinanceProduct, Referral
from dxpilot.finance.rules import shared_values
from dxpilot.finance.schemas import (
    ConsentedEnterpriseOut,
    DecisionIn,
    FinanceProductIn,
    FinanceProductOut,
    ReferralOut,
    ReferralPage,
)


def _anyone(request: HttpRequest) -> bool:
    """Lets an anonymous caller through after the token and session checks found no one."""
    return True


router = Router(tags=["finance"])
OPTIONAL_AUTH = [*AUTH, _anyone]
MAX_PAGE_SIZE = 100


def _bank(request: HttpRequest, scope: str) -> Bank:
    require_scope(request, scope)
    bank = selectors.bank_of(request.user)
    if bank is None:
        raise PermissionDenied(_("只有银行的接口客户端可以调用该接口。"))
    return bank


@router.get(
    "/products",
    response=list[FinanceProductOut],
    auth=OPTIONAL_AUTH,
    summary="数改贷 products on sale",
)
def list_products(request: HttpRequest) -> list[FinanceProduct]:
    """Public; a bank's token also lists its own products off sale."""
    return list(selectors.visible_products(request.user).order_by("bank__name", "name", "pk"))


@router.get(
    "/products/{int:product_id}",
    response=FinanceProductOut,
    auth=OPTIONAL_AUTH,
    summary="One product",
)
def get_product(request: HttpRequest, product_id: int) -> FinanceProduct:
    return selectors.get_product_for_user(request.user, product_id)


def _product_data(payload: FinanceProductIn) -> services.ProductData:
    return services.ProductData(**payload.dict())


@router.post("/products", response={201: FinanceProductOut}, summary="A bank registers a product")
def register_product(request: HttpRequest, payload: FinanceProductIn) -> Status[FinanceProduct]:
    bank = _bank(request, ApiToken.Scope.FINANCE_WRITE)
    product = services.register_product(bank.pk, _product_data(payload), actor=actor_of(request))
    return Status(201, product)


@router.put(
    "/products/{int:product_id}", response=FinanceProductOut, summary="A bank updates a product"
)
def update_product(
    request: HttpRequest, product_id: int, payload: FinanceProductIn
) -> FinanceProduct:
    bank = _bank(request, ApiToken.Scope.FINANCE_WRITE)
    product = selectors.get_product_for_user(request.user, product_id)
    if product.bank_id != bank.pk:
        raise Http404(_("没有找到该产品，或您无权查看。"))
    return services.update_product(product.pk, _product_data(payload), actor=actor_of(request))


class ReferralFilters(Schema):
    status: str = ""
    page: int = 1
    page_size: int = 50


def _with_shared(referrals: list[Referral]) -> list[Referral]:
    for referral in referrals:
        referral.shared = shared_values(referral.enterprise, referral.fields)  # type: ignore[attr-defined]
    return referrals


@router.get("/referrals", response=ReferralPage, summary="The bank's consented referrals")
def list_referrals(request: HttpRequest, filters: Query[ReferralFilters]) -> dict[str, Any]:
    bank = _bank(request, ApiToken.Scope.FINANCE_READ)
    referrals = selectors.consented_referrals(bank).order_by("-consented_at", "-pk")
    if filters.status:
        referrals = referrals.filter(status=filters.status)
    size = max(1, min(filters.page_size, MAX_PAGE_SIZE))
    page = Paginator(referrals, size).get_page(filters.page)
    items = _with_shared(list(page))
    services.record_bank_reads(actor_of(request), items)
    return {"count": page.paginator.count, "page": page.number, "page_size": size, "items": items}


@router.get("/referrals/{int:referral_id}", response=ReferralOut, summary="One referral")
def get_referral(request: HttpRequest, referral_id: int) -> Referral:
    bank = _bank(request, ApiToken.Scope.FINANCE_READ)
    referral = selectors.get_consented_referral(bank, referral_id)
    services.record_bank_reads(actor_of(request), [referral])
    return _with_shared([referral])[0]


@router.post(
    "/referrals/{int:referral_id}/decision",
    response=ReferralOut,
    summary="The bank records its decision (approved amount / declined with reason)",
)
def decide(request: HttpRequest, referral_id: int, payload: DecisionIn) -> Referral:
    bank = _bank(request, ApiToken.Scope.FINANCE_WRITE)
    referral = selectors.get_consented_referral(bank, referral_id)
    if payload.decision not in ("approved", "declined"):
        raise ValidationError({"decision": [_("处理结果应为 approved 或 declined。")]})
    try:
        done = services.decide_referral(
            referral.pk,
            approved=payload.decision == "approved",
            amount=payload.amount,
            reason=payload.reason,
            actor=actor_of(request),
        )
    except PermissionDenied:
        # Consent revoked between the lookup and the lock: the same answer as a stranger.
        raise Http404(_("没有找到该对接申请，或您无权查看。")) from None
    return _with_shared([selectors.get_consented_referral(bank, done.pk)])[0]


@router.get(
    "/enterprises/{credit_code}",
    response=ConsentedEnterpriseOut,
    summary="An enterprise that consented to share with this bank (404 otherwise)",
)
def get_enterprise(request: HttpRequest, credit_code: str) -> dict[str, Any]:
    bank = _bank(request, ApiToken.Scope.FINANCE_READ)
    enterprise, fields = selectors.consented_enterprise(bank, credit_code)
    referrals = list(
        selectors.consented_referrals(bank).filter(enterprise=enterprise).order_by("pk")
    )
    services.record_bank_reads(actor_of(request), referrals)
    return {"fields": fields, "enterprise": shared_values(enterprise, fields)}
