"""Finance writes: keyword-only `actor`, one transaction, an audit entry, refusals as a
ValidationError naming every problem (nothing written). The bank's reads of enterprise data are
audited here too (sensitive reads).

Who may do what:
- the bank registry and a bank's token: the city admin;
- a product: the bank's own API client, or the city admin on its behalf;
- a referral (with consent) and its revocation: the enterprise itself, nobody on its behalf;
- a decision: the API client of the product's bank, on a referral whose consent is live.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxpilot.accounts.models import ApiToken, Role
from dxpilot.accounts.scope import scope_of
from dxpilot.accounts.services import create_user, issue_api_token
from dxpilot.audit.models import AuditEntry
from dxpilot.audit.services import Event, diff, record, record_many, snapshot
from dxpilot.core.validation import Rule, decimal_rule, integer_rule, refuse_if, text_rule, validate
from dxpilot.enterprises.models import Enterprise
from dxpilot.finance.models import Bank, FinanceProduct, Referral, ReferralStatus
from dxpilot.finance.rules import REQUIRED, SHARED_FIELDS, consent_text, ordered_fields
from dxpilot.programs.models import Program

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

BANK_TOKEN_SCOPES = (ApiToken.Scope.FINANCE_READ, ApiToken.Scope.FINANCE_WRITE)
PRODUCT_FIELDS = (
    "name", "amount_min", "amount_max", "rate_min", "rate_max", "term_months", "conditions",
    "is_active",
)  # fmt: skip
# Plausible bounds: a 数改贷 product lends up to 1亿元 over at most 30 years at under 36 %.
PRODUCT_RULES: dict[str, Rule] = {
    "name": text_rule(FinanceProduct, "name", required=True),
    "amount_min": decimal_rule(FinanceProduct, "amount_min", minimum=Decimal("0.01"), maximum=Decimal(10000)),
    "amount_max": decimal_rule(FinanceProduct, "amount_max", minimum=Decimal("0.01"), maximum=Decimal(10000)),
    "rate_min": decimal_rule(FinanceProduct, "rate_min", minimum=Decimal("0.01"), maximum=Decimal(36)),
    "rate_max": decimal_rule(FinanceProduct, "rate_max", minimum=Decimal("0.01"), maximum=Decimal(36)),
    "term_months": integer_rule(FinanceProduct, "term_months", minimum=1, maximum=360),
    "conditions": text_rule(FinanceProduct, "conditions", required=True, multiline=True, max_length=2000),
}  # fmt: skip
BANK_RULES = {"name": text_rule(Bank, "name", required=True)}
REASON_RULE = {
    "reason": Rule(gettext_lazy("未获批原因"), max_length=500, multiline=True, required=True)
}


@dataclass
class ProductData:
    name: str
    amount_min: Any
    amount_max: Any
    rate_min: Any
    rate_max: Any
    term_months: Any
    conditions: str
    is_active: bool = True


def _add(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _require_city_admin(actor: User) -> None:
    if scope_of(actor).role != Role.CITY_ADMIN:
        raise PermissionDenied(_("只有市级管理员可以维护银行名录。"))


# --- banks ------------------------------------------------------------------------------------


@transaction.atomic
def register_bank(program: Program, name: str, *, actor: User) -> Bank:
    _require_city_admin(actor)
    cleaned, errors = validate(BANK_RULES, {"name": name})
    name = cleaned["name"]
    if not errors and Bank.objects.filter(program=program, name=name).exists():
        _add(errors, "name", _("银行“{name}”已在名录中。").format(name=name))
    refuse_if(errors)
    bank = Bank.objects.create(program=program, name=name)
    record(actor=actor, action="finance.register_bank", target=bank, changes={"name": [None, name]})
    return bank


@transaction.atomic
def issue_bank_token(bank_id: int, *, actor: User) -> tuple[ApiToken, str]:
    """A token for the bank's API client (created on first use, role api_client, no password),
    with the scopes a bank needs: read its products and consented referrals, write decisions."""
    _require_city_admin(actor)
    bank = Bank.objects.select_for_update().get(pk=bank_id)
    if bank.client_id is None:
        client = create_user(
            actor=actor,
            username=f"bank-{bank.pk}",
            password=secrets.token_urlsafe(32),
            role=Role.API_CLIENT,
            display_name=bank.name[:60],
            organization=bank.name,
            validate=False,
        )
        client.set_unusable_password()
        client.save(update_fields=["password"])
        bank.client = client
        bank.save(update_fields=["client"])
        record(
            actor=actor,
            action="finance.create_client",
            target=bank,
            changes={"client": [None, client.pk]},
        )
    assert bank.client is not None  # noqa: S101 - set above
    return issue_api_token(
        actor=actor,
        owner=bank.client,
        name=_("{bank} 数改贷对接").format(bank=bank.name)[:80],
        scopes=BANK_TOKEN_SCOPES,
    )


# --- products ---------------------------------------------------------------------------------


def _require_bank_or_admin(actor: User, bank: Bank) -> None:
    scope = scope_of(actor)
    if scope.role == Role.CITY_ADMIN:
        return
    if scope.role == Role.API_CLIENT and bank.client_id == actor.pk:
        return
    raise PermissionDenied(_("只有银行自己的接口客户端或市级管理员可以维护该银行的产品。"))


def _check_product(
    bank: Bank, data: ProductData, errors: dict[str, list[str]], exclude_pk: int | None = None
) -> dict[str, Any]:
    values = {name: getattr(data, name) for name in PRODUCT_RULES}
    cleaned, problems = validate(PRODUCT_RULES, values)
    for name, messages in problems.items():
        errors.setdefault(name, []).extend(messages)
    for low, high, message in (
        ("amount_min", "amount_max", _("最高额度不能低于最低额度。")),
        ("rate_min", "rate_max", _("最高年利率不能低于最低年利率。")),
    ):
        if low not in problems and high not in problems and cleaned[high] < cleaned[low]:
            _add(errors, high, message)
    for name in ("amount_min", "amount_max", "rate_min", "rate_max", "term_months"):
        if name not in problems and cleaned[name] in (None, ""):
            _add(errors, name, _("“{field}”不能为空。").format(field=PRODUCT_RULES[name].label))
    if (
        "name" not in problems
        and FinanceProduct.objects.filter(bank=bank, name=cleaned["name"])
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        _add(errors, "name", _("本银行已有名为“{name}”的产品。").format(name=cleaned["name"]))
    cleaned["is_active"] = bool(data.is_active)
    return cleaned


@transaction.atomic
def register_product(bank_id: int, data: ProductData, *, actor: User) -> FinanceProduct:
    bank = Bank.objects.select_for_update().get(pk=bank_id)
    _require_bank_or_admin(actor, bank)
    errors: dict[str, list[str]] = {}
    cleaned = _check_product(bank, data, errors)
    refuse_if(errors)
    product = FinanceProduct.objects.create(
        bank=bank, **{name: cleaned[name] for name in PRODUCT_FIELDS}
    )
    changes = {name: [None, value] for name, value in snapshot(product, PRODUCT_FIELDS).items()}
    record(actor=actor, action="finance.register_product", target=product, changes=changes)
    return product


@transaction.atomic
def update_product(product_id: int, data: ProductData, *, actor: User) -> FinanceProduct:
    product = FinanceProduct.objects.select_for_update().select_related("bank").get(pk=product_id)
    _require_bank_or_admin(actor, product.bank)
    errors: dict[str, list[str]] = {}
    cleaned = _check_product(product.bank, data, errors, exclude_pk=product.pk)
    refuse_if(errors)
    before = snapshot(product, PRODUCT_FIELDS)
    for name in PRODUCT_FIELDS:
        setattr(product, name, cleaned[name])
    product.save(update_fields=[*PRODUCT_FIELDS, "updated_at"])
    changes = diff(before, snapshot(product, PRODUCT_FIELDS))
    record(actor=actor, action="finance.update_product", target=product, changes=changes)
    return product


# --- referrals and consent ----------------------------------------------------------------------


def _require_own_enterprise(actor: User, enterprise_id: int, message: str) -> None:
    scope = scope_of(actor)
    if scope.role != Role.ENTERPRISE or scope.enterprise_id != enterprise_id:
        raise PermissionDenied(message)


@transaction.atomic
def request_referral(
    enterprise_id: int,
    product_id: int | None,
    *,
    fields: Sequence[str],
    consent: bool,
    actor: User,
) -> Referral:
    """The enterprise asks to be referred to a product and consents, explicitly, to share the
    named fields with its bank; the words it agreed to are stored with the time."""
    _require_own_enterprise(actor, enterprise_id, _("只有企业本身可以申请融资对接并授权提供信息。"))
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise_id)
    errors: dict[str, list[str]] = {}
    product = (
        FinanceProduct.objects.select_related("bank")
        .filter(pk=product_id, bank__program_id=enterprise.program_id, is_active=True)
        .first()
        if product_id is not None
        else None
    )
    if product is None:
        _add(errors, "product", _("请选择在售的金融产品。"))
    elif Referral.objects.filter(
        enterprise=enterprise, product=product, revoked_at__isnull=True,
        status=ReferralStatus.PENDING,
    ).exists():  # fmt: skip
        _add(
            errors,
            "product",
            _("已申请对接“{product}”，正在等待银行处理。").format(product=product.name),
        )
    codes, unknown = ordered_fields(fields)
    if unknown:
        _add(errors, "fields", _("不认识的信息项：{codes}。").format(codes="、".join(unknown)))
    missing = [str(SHARED_FIELDS[c]) for c in REQUIRED if c not in codes]
    if missing:
        _add(
            errors,
            "fields",
            _("银行须识别企业，请勾选：{names}。").format(names="、".join(missing)),
        )
    if not consent:
        _add(errors, "consent", _("请阅读并勾选同意授权声明，未经同意不能向银行提供信息。"))
    refuse_if(errors)
    assert product is not None  # noqa: S101 - refused above otherwise
    text = consent_text(bank=product.bank.name, product=product.name, fields=codes)
    referral = Referral.objects.create(
        enterprise=enterprise, product=product, fields=codes, consent_text=text, consented_by=actor
    )
    record(
        actor=actor,
        action="finance.consent",
        target=referral,
        changes={"product": [None, product.pk], "fields": [None, codes], "consent_text": text},
    )
    return referral


@transaction.atomic
def revoke_consent(referral_id: int, *, actor: User) -> Referral:
    """From now on the bank can no longer see the referral nor the enterprise's fields."""
    referral = Referral.objects.select_for_update().get(pk=referral_id)
    _require_own_enterprise(actor, referral.enterprise_id, _("只有企业本身可以撤销授权。"))
    if referral.revoked_at is None:
        referral.revoked_at = timezone.now()
        referral.save(update_fields=["revoked_at"])
        record(
            actor=actor,
            action="finance.revoke_consent",
            target=referral,
            changes={"revoked_at": [None, referral.revoked_at.isoformat()]},
        )
    return referral


@transaction.atomic
def decide_referral(
    referral_id: int,
    *,
    approved: bool,
    amount: Any = None,
    reason: str = "",
    actor: User,
) -> Referral:
    """The bank records its decision: an approved amount within the product's range, or a
    declined request with its reason. A revoked consent is the 404 of an unknown referral."""
    referral = (
        Referral.objects.select_for_update().select_related("product__bank").get(pk=referral_id)
    )
    if scope_of(actor).role != Role.API_CLIENT or referral.product.bank.client_id != actor.pk:
        raise PermissionDenied(_("只有该产品所属银行的接口客户端可以处理对接申请。"))
    if referral.revoked_at is not None:
        raise PermissionDenied(_("没有找到该对接申请，或您无权查看。"))
    errors: dict[str, list[str]] = {}
    if referral.status != ReferralStatus.PENDING:
        _add(errors, "decision", _("该对接申请已处理，不能重复处理。"))
    product = referral.product
    if approved:
        rule = {"amount": decimal_rule(Referral, "approved_amount", minimum=Decimal("0.01"))}
        cleaned, problems = validate(rule, {"amount": amount})
        errors.update(problems)
        value = cleaned["amount"]
        if not problems and value in (None, ""):
            _add(errors, "amount", _("获批时须填写获批额度。"))
        elif not problems and not (product.amount_min <= value <= product.amount_max):
            _add(
                errors,
                "amount",
                _("获批额度 {amount} 万元不在产品额度范围 {low}–{high} 万元内。").format(
                    amount=value, low=product.amount_min, high=product.amount_max
                ),
            )
    else:
        cleaned, problems = validate(REASON_RULE, {"reason": reason})
        errors.update(problems)
        reason = cleaned["reason"]
    refuse_if(errors)
    before = snapshot(referral, ("status", "approved_amount", "decline_reason"))
    referral.status = ReferralStatus.APPROVED if approved else ReferralStatus.DECLINED
    referral.approved_amount = cleaned["amount"] if approved else None
    referral.decline_reason = "" if approved else reason
    referral.decided_at, referral.decided_by = timezone.now(), actor
    referral.save(
        update_fields=["status", "approved_amount", "decline_reason", "decided_at", "decided_by"]
    )
    changes = diff(before, snapshot(referral, ("status", "approved_amount", "decline_reason")))
    record(actor=actor, action="finance.decide", target=referral, changes=changes)
    return referral


def record_bank_reads(actor: User, referrals: Iterable[Referral]) -> int:
    """A bank read the shared fields of these referrals: one sensitive-read entry each, under a
    single lock of the audit chain (a list page costs a constant number of queries)."""
    events = [
        Event(
            action="finance.bank_read",
            target=referral,
            changes={"enterprise": referral.enterprise_id, "fields": list(referral.fields)},
        )
        for referral in referrals
    ]
    if not events:
        return 0
    return record_many(actor=actor, events=events, kind=AuditEntry.Kind.READ)
