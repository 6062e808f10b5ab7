"""Products behind the login: a provider's own products, the city's review and listing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user as actor_of
from dxpilot.core.http import is_htmx
from dxpilot.programs.selectors import current_program
from dxpilot.providers import selectors, services
from dxpilot.providers.forms import AttachmentForm, DecisionForm, ProductForm, ProductReviewForm
from dxpilot.providers.models import Product, ProductKind

PAGE_SIZE = 50
DONE = {
    "return": gettext_lazy("已退回，服务商将看到退回理由。"),
    "list": gettext_lazy("已上架，产品已出现在公开目录中。"),
    "delist": gettext_lazy("已下架。"),
    "excellent": gettext_lazy("已评为优秀产品。"),
    "unexcellent": gettext_lazy("已取消优秀产品。"),
}
ACTIONS = {
    "return": services.return_product,
    "list": services.list_product,
    "delist": services.delist_product,
}


@login_required
@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if scope.role not in (*selectors.OFFICIALS, Role.PROVIDER):
        raise PermissionDenied(_("产品管理仅对主管部门和服务商开放。"))
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "status", "kind", "excellent")}
    page = Paginator(selectors.search_products(request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    program = current_program()
    target = (
        program.targets.filter(key="excellent-products").values_list("value", flat=True).first()
        if program
        else None
    )
    context = {
        "page_obj": page,
        "filters": filters,
        "statuses": Product.Status.choices,
        "kinds": ProductKind.choices,
        "counts": selectors.product_status_counts(request.user),
        "excellent_target": int(target) if target is not None else None,
        "can_create": scope.role == Role.PROVIDER,
        "query": query.urlencode() + "&" if query else "",
    }
    template = (
        "providers/partials/product_rows.html"
        if is_htmx(request)
        else "providers/product_list.html"
    )
    return render(request, template, context)


def _own_provider(request: HttpRequest) -> Any:
    scope = scope_of(request.user)
    if scope.role != Role.PROVIDER or scope.provider_id is None:
        raise PermissionDenied(_("只有服务商可以登记产品。"))
    return selectors.get_provider_for_user(request.user, scope.provider_id)


@login_required
@require_http_methods(["GET", "POST"])
def product_new(request: HttpRequest) -> HttpResponse:
    provider = _own_provider(request)
    form = ProductForm(request.POST or None, provider=provider)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.create_product(provider.pk, form.to_data(), actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                _("已保存产品“{name}”，补充样板项目合同后即可提交评审。").format(name=product.name),
            )
            return redirect("providers:product-detail", pk=product.pk)
    return render(
        request,
        "providers/product_form.html",
        {"form": form, "product": None, "provider": provider},
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product = selectors.get_product_for_user(request.user, pk)
    provider = _own_provider(request)
    form = ProductForm(
        request.POST or None, initial=ProductForm.initial_for(product), provider=provider
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_product(product.pk, form.to_data(), actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("providers:product-detail", pk=product.pk)
    return render(
        request,
        "providers/product_form.html",
        {"form": form, "product": product, "provider": provider},
    )


def _detail_context(request: HttpRequest, product: Product, **extra: Any) -> dict[str, Any]:
    scope = scope_of(request.user)
    return {
        "product": product,
        "scenes": list(product.scenes.all()),
        "segments": list(product.segments.all()),
        "history": selectors.product_history(product),
        "attachments": selectors.product_attachments(product),
        "is_admin": scope.role == Role.CITY_ADMIN,
        "is_own": scope.role == Role.PROVIDER and scope.provider_id == product.provider_id,
        "review_form": extra.pop(
            "review_form", ProductReviewForm(initial={"revision": product.revision})
        ),
        "action_form": extra.pop(
            "action_form", DecisionForm(initial={"revision": product.revision})
        ),
        "attachment_form": extra.pop(
            "attachment_form", AttachmentForm(initial={"kind": "sample_contract"})
        ),
        **extra,
    }


@login_required
@require_GET
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    product = selectors.get_product_for_user(request.user, pk)
    return render(request, "providers/product_detail.html", _detail_context(request, product))


@login_required
@require_POST
def product_submit(request: HttpRequest, pk: int) -> HttpResponse:
    product = selectors.get_product_for_user(request.user, pk)
    try:
        services.submit_product(product.pk, actor=actor_of(request))
    except ValidationError as exc:
        return render(
            request,
            "providers/product_detail.html",
            _detail_context(request, product, submit_errors=exc.messages),
        )
    messages.success(request, _("已提交评审。"))
    return redirect("providers:product-detail", pk=product.pk)


@login_required
@require_POST
def product_review(request: HttpRequest, pk: int) -> HttpResponse:
    """ "一评审": the three checks and the opinion; all must pass."""
    product = selectors.get_product_for_user(request.user, pk)
    form = ProductReviewForm(request.POST)
    if form.is_valid():
        try:
            data = form.cleaned_data
            services.review_product(
                product.pk, actor=actor_of(request), opinion=data["opinion"], paper_ok=data["paper_ok"],
                demo_ok=data["demo_ok"], test_ok=data["test_ok"], expected_revision=data["revision"],
            )  # fmt: skip
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("评审通过。"))
            return redirect("providers:product-detail", pk=product.pk)
    return render(
        request,
        "providers/product_detail.html",
        _detail_context(request, product, review_form=form),
    )


@login_required
@require_POST
def product_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Return, list, delist or (un)mark excellent, with reasons; stale pages are refused."""
    product = selectors.get_product_for_user(request.user, pk)
    form = DecisionForm(request.POST)
    decision = request.POST.get("decision", "")
    if decision not in (*ACTIONS, "excellent", "unexcellent"):
        raise Http404
    if form.is_valid():
        reasons, revision = form.cleaned_data["reasons"], form.cleaned_data["revision"]
        try:
            if decision in ACTIONS:
                ACTIONS[decision](
                    product.pk, actor=actor_of(request), reasons=reasons, expected_revision=revision
                )
            else:
                services.select_excellent(product.pk, actor=actor_of(request), excellent=decision == "excellent",
                                          reasons=reasons, expected_revision=revision)  # fmt: skip
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, str(DONE[decision]))
            return redirect("providers:product-detail", pk=product.pk)
    return render(
        request,
        "providers/product_detail.html",
        _detail_context(request, product, action_form=form),
    )


@login_required
@require_POST
def product_attach(request: HttpRequest, pk: int) -> HttpResponse:
    product = selectors.get_product_for_user(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_document(product.provider_id, actor=actor_of(request), kind=form.cleaned_data["kind"],
                                     upload=form.cleaned_data["file"], product_id=product.pk)  # fmt: skip
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("材料已上传。"))
            return redirect("providers:product-detail", pk=product.pk)
    return render(
        request,
        "providers/product_detail.html",
        _detail_context(request, product, attachment_form=form),
    )
