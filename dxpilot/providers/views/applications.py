"""A provider registers, fills in and submits its application; the city admin reviews it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user as actor_of
from dxpilot.core.http import is_htmx
from dxpilot.programs.selectors import current_program
from dxpilot.providers import selectors, services
from dxpilot.providers.forms import (
    ApplicationForm,
    AttachmentForm,
    DecisionForm,
    QualificationForm,
    ReferenceForm,
    RegistrationForm,
)
from dxpilot.providers.models import Provider, ProviderDecision

REVIEWS = {
    "approve": services.approve_provider,
    "return": services.return_application,
    "reject": services.reject_application,
}


def own_provider(request: HttpRequest, pk: int) -> Provider:
    """The provider record of the logged-in provider user (404 for anyone else's)."""
    provider = selectors.get_provider_for_user(request.user, pk)
    if scope_of(request.user).provider_id != provider.pk:
        raise PermissionDenied(_("只有服务商本身可以修改申报材料。"))
    return provider


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Public: a provider creates its account and a draft application."""
    program = current_program()
    if program is None:
        raise Http404(_("尚未加载试点方案。"))
    if request.user.is_authenticated:
        return redirect("providers:mine")
    form = RegistrationForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            provider, user = services.register_provider(program, form.to_data())
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("注册成功，请完善申报材料后提交。"))
            return redirect("providers:application", pk=provider.pk)
    return render(request, "providers/register.html", {"form": form})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    provider_id = scope_of(request.user).provider_id
    if scope_of(request.user).role != Role.PROVIDER or provider_id is None:
        raise Http404(_("您的账号没有绑定服务商。"))
    return redirect("providers:detail", pk=provider_id)


def _application_context(provider: Provider, form: ApplicationForm, **extra: Any) -> dict[str, Any]:
    return {
        "provider": provider,
        "form": form,
        "qualification_form": extra.pop("qualification_form", QualificationForm()),
        "reference_form": extra.pop("reference_form", ReferenceForm()),
        "attachment_form": extra.pop("attachment_form", AttachmentForm()),
        "qualifications": list(provider.qualifications.all()),
        "references": list(provider.references.all()),
        "attachments": list(provider.attachments.filter(product__isnull=True)),
        "problems": services.application_problems(provider),
        "returned": selectors.latest_decision(provider, ProviderDecision.Kind.RETURN),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def application(request: HttpRequest, pk: int) -> HttpResponse:
    provider = own_provider(request, pk)
    if not provider.is_editable:
        messages.info(
            request,
            _("申请当前状态为“{status}”，不能修改。").format(status=provider.get_status_display()),
        )
        return redirect("providers:detail", pk=provider.pk)
    initial = ApplicationForm.initial_for(provider)
    form = ApplicationForm(request.POST or None, initial=initial, program=provider.program)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_application(provider.pk, form.to_data(), actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("providers:application", pk=provider.pk)
    return render(request, "providers/application.html", _application_context(provider, form))


@login_required
@require_POST
def add_item(request: HttpRequest, pk: int, item: str) -> HttpResponse:
    """Add a qualification, a reference project or an attachment (HTMX swaps its section)."""
    provider = own_provider(request, pk)
    forms = {
        "qualification": QualificationForm,
        "reference": ReferenceForm,
        "attachment": AttachmentForm,
    }
    if item not in forms:
        raise Http404
    form = forms[item](request.POST, request.FILES)
    if form.is_valid():
        try:
            if item == "qualification":
                services.add_qualification(
                    provider.pk, actor=actor_of(request), **form.cleaned_data
                )
            elif item == "reference":
                services.add_reference(provider.pk, actor=actor_of(request), **form.cleaned_data)
            else:
                services.attach_document(provider.pk, actor=actor_of(request), kind=form.cleaned_data["kind"],
                                         upload=form.cleaned_data["file"])  # fmt: skip
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            form = forms[item]()
    provider = selectors.get_provider_for_user(request.user, pk)
    context = _application_context(provider, ApplicationForm(initial=ApplicationForm.initial_for(provider), program=provider.program),
                                   **{f"{item}_form": form})  # fmt: skip
    if is_htmx(request):
        return render(request, f"providers/partials/application_{item}s.html", context)
    return render(request, "providers/application.html", context)


@login_required
@require_POST
def remove_item(request: HttpRequest, pk: int, item: str, item_pk: int) -> HttpResponse:
    provider = own_provider(request, pk)
    if item not in ("qualification", "reference"):
        raise Http404
    try:
        services.remove_application_item(
            provider.pk, actor=actor_of(request), **{f"{item}_id": item_pk}
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    provider = selectors.get_provider_for_user(request.user, pk)
    context = _application_context(
        provider,
        ApplicationForm(initial=ApplicationForm.initial_for(provider), program=provider.program),
    )
    if is_htmx(request):
        return render(request, f"providers/partials/application_{item}s.html", context)
    return redirect("providers:application", pk=provider.pk)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    provider = own_provider(request, pk)
    try:
        services.submit_application(provider.pk, actor=actor_of(request))
    except ValidationError as exc:
        form = ApplicationForm(
            initial=ApplicationForm.initial_for(provider), program=provider.program
        )
        errors = (
            [m for messages_ in exc.message_dict.values() for m in messages_]
            if hasattr(exc, "error_dict")
            else exc.messages
        )
        return render(
            request,
            "providers/application.html",
            _application_context(provider, form, submit_errors=errors),
        )
    messages.success(request, _("申请已提交，请等待市级主管部门审核。"))
    return redirect("providers:detail", pk=provider.pk)


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The city admin approves (入库, quota checked), returns or rejects an application."""
    provider = selectors.get_provider_for_user(request.user, pk)
    if scope_of(request.user).role != Role.CITY_ADMIN:
        raise PermissionDenied(_("只有市级管理员可以审核服务商。"))
    form = DecisionForm(request.POST or None, initial={"revision": provider.revision})
    if request.method == "POST" and form.is_valid():
        action = REVIEWS.get(request.POST.get("decision", ""))
        if action is None:
            raise Http404
        try:
            action(provider.pk, actor=actor_of(request), reasons=form.cleaned_data["reasons"],
                   expected_revision=form.cleaned_data["revision"])  # fmt: skip
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已处理服务商“{name}”的申请。").format(name=provider.name))
            return redirect("providers:detail", pk=provider.pk)
    context = {**selectors.provider_profile(request.user, provider), "form": form,
               "quota": selectors.quota_table(provider.program)}  # fmt: skip
    return render(request, "providers/review.html", context)
