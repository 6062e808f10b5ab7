"""数改贷 pages: products on sale, an enterprise's referrals with consent, the bank registry."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user as actor_of
from dxpilot.finance import selectors, services
from dxpilot.finance.forms import BankForm, ReferralForm
from dxpilot.finance.rules import SHARED_FIELDS, consent_text
from dxpilot.programs.models import Program
from dxpilot.programs.selectors import current_program


def _program() -> Program:
    program = current_program()
    if program is None:
        raise Http404(_("尚未加载试点方案。"))
    return program


def _enterprise_id(request: HttpRequest) -> int:
    scope = scope_of(request.user)
    if scope.role != Role.ENTERPRISE or scope.enterprise_id is None:
        raise PermissionDenied(_("只有企业用户可以申请融资对接。"))
    return scope.enterprise_id


@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    """Public: the 数改贷 products on sale (offers, not data)."""
    products = selectors.visible_products(request.user).filter(is_active=True)
    context = {
        "products": products.order_by("bank__name", "name", "pk"),
        "is_enterprise": scope_of(request.user).role == Role.ENTERPRISE,
    }
    return render(request, "finance/products.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    """The enterprise chooses what to share and consents explicitly, reading the exact words."""
    enterprise_id = _enterprise_id(request)
    product = selectors.get_product_for_user(request.user, pk)
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_referral(
                enterprise_id,
                product.pk,
                fields=form.cleaned_data["fields_"],
                consent=form.cleaned_data["consent"],
                actor=actor_of(request),
            )
        except ValidationError as exc:
            attach_errors(form, exc, {"fields": "fields_"})
        else:
            messages.success(request, _("已提交融资对接申请，银行将根据您授权的信息办理。"))
            return redirect("finance:mine")
    context = {
        "product": product,
        "form": form,
        # The words shown are the words stored: every field listed, as the consent reads.
        "consent_preview": consent_text(
            bank=product.bank.name, product=product.name, fields=list(SHARED_FIELDS)
        ),
    }
    return render(request, "finance/refer.html", context)


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    enterprise_id = _enterprise_id(request)
    referrals = selectors.visible_referrals(request.user).filter(enterprise_id=enterprise_id)
    rows = [
        (r, [str(SHARED_FIELDS.get(c, c)) for c in r.fields])
        for r in referrals.order_by("-consented_at", "-pk")
    ]
    return render(request, "finance/mine.html", {"rows": rows})


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.get_own_referral(request.user, pk)
    services.revoke_consent(referral.pk, actor=actor_of(request))
    messages.success(
        request,
        _("已撤销对“{product}”的授权，银行不能再查看本企业信息。").format(
            product=referral.product.name
        ),
    )
    return redirect("finance:mine")


def _banks_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "banks": selectors.banks_with_counts(),
        "counts": selectors.referral_counts(request.user),
        "is_admin": scope_of(request.user).role == Role.CITY_ADMIN,
        "form": extra.pop("form", BankForm()),
        "secret": request.session.pop("bank_token_secret", None),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def banks(request: HttpRequest) -> HttpResponse:
    """Officials: banks, their products and referral counts; the city admin registers banks."""
    if scope_of(request.user).role not in selectors.OFFICIALS:
        raise PermissionDenied(_("银行名录仅对主管部门开放。"))
    form = BankForm(request.POST or None)
    if request.method == "POST":
        if scope_of(request.user).role != Role.CITY_ADMIN:
            raise PermissionDenied(_("只有市级管理员可以维护银行名录。"))
        if form.is_valid():
            try:
                bank = services.register_bank(
                    _program(), form.cleaned_data["name"], actor=actor_of(request)
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("已登记银行“{name}”。").format(name=bank.name))
                return redirect("finance:banks")
    return render(request, "finance/banks.html", _banks_context(request, form=form))


@login_required
@require_POST
def bank_token(request: HttpRequest, pk: int) -> HttpResponse:
    if scope_of(request.user).role != Role.CITY_ADMIN:
        raise PermissionDenied(_("只有市级管理员可以为银行签发接口令牌。"))
    bank = selectors.banks_with_counts().filter(pk=pk).first()
    if bank is None:
        raise Http404(_("没有找到该银行。"))
    _token, secret = services.issue_bank_token(bank.pk, actor=actor_of(request))
    # Shown once after the redirect, as the tokens page does; only its hash is stored.
    request.session["bank_token_secret"] = secret
    messages.success(request, _("已签发接口令牌，请立即复制保存，离开本页后将无法再次查看。"))
    return redirect("finance:banks")
