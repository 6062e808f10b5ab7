"""Application pages: the enterprise applies and follows its application; the district and the
city work through their queues. Scope → form → service → response; the services decide."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.audit.services import record
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user as _user
from dxpilot.core.http import is_htmx as _is_htmx
from dxpilot.enterprises import selectors, services
from dxpilot.enterprises.forms import (
    PLEDGE_TEXT,
    AdmitForm,
    AttachmentForm,
    DecisionForm,
    DeclarationForm,
    ReasonsForm,
    SubmitForm,
    WithdrawForm,
)
from dxpilot.enterprises.models import Application, ApplicationStatus
from dxpilot.enterprises.selectors import get_enterprise_for_user

if TYPE_CHECKING:
    pass

PAGE_SIZE = 50


# The enterprise's own pages ---------------------------------------------------------------------


def _mine_context(request: HttpRequest, errors: list[str] | None = None) -> dict[str, Any]:
    scope = scope_of(request.user)
    if scope.role != Role.ENTERPRISE or scope.enterprise_id is None:
        raise PermissionDenied(_("只有企业用户可以申报试点企业。"))
    enterprise = get_enterprise_for_user(request.user, scope.enterprise_id)
    program = enterprise.program
    applications = selectors.enterprise_applications(request.user, enterprise)
    live_batches = {a.batch_id for a in applications if a.status != ApplicationStatus.WITHDRAWN}
    return {
        "enterprise": enterprise,
        "eligibility": selectors.declared_eligibility(enterprise, applications),
        "applications": applications,
        "open_batches": [b for b in selectors.open_batches(program) if b.pk not in live_batches],
        "next_batch": selectors.next_or_last_batch(program),
        "apply_errors": errors or [],
    }


@login_required
@require_GET
def my_applications(request: HttpRequest) -> HttpResponse:
    return render(request, "enterprises/application_mine.html", _mine_context(request))


@login_required
@require_POST
def apply(request: HttpRequest, batch_id: int) -> HttpResponse:
    try:
        application = services.start_application(batch_id, actor=_user(request))
    except ValidationError as exc:
        return render(
            request, "enterprises/application_mine.html", _mine_context(request, exc.messages)
        )
    messages.success(request, _("已创建申报草稿，请填写申报内容并上传材料。"))
    return redirect("enterprises:application", pk=application.pk)


# One application --------------------------------------------------------------------------------


def _detail_context(
    request: HttpRequest, application: Application, **bound: forms.Form
) -> dict[str, Any]:
    actions = services.available_actions(request.user, application)
    latest_return = selectors.latest_return(application)
    version = {"version": application.version}
    replaceable = (
        selectors.replaceable_applications(application.batch) if "admit" in actions else []
    )
    context = {
        "application": application,
        "enterprise": application.enterprise,
        "actions": actions,
        "eligibility": selectors.application_eligibility(application),
        "slots": selectors.attachment_slots(application),
        "superseded": selectors.superseded_attachments(application),
        "timeline": selectors.application_timeline(application),
        "latest_return": latest_return,
        "steps": selectors.progress_steps(
            application, latest_return.from_status if latest_return else ""
        ),
        "window": selectors.window_text(application.batch),
        "window_open": selectors.is_open(application.batch),
        "pledge_text": PLEDGE_TEXT,
        "declaration_form": DeclarationForm(initial=DeclarationForm.initial_for(application)),
        "attachment_form": AttachmentForm(),
        "submit_form": SubmitForm(initial=version),
        "pass_form": DecisionForm(initial=version),
        "admit_form": AdmitForm(initial=version, replaceable=replaceable),
        "return_form": ReasonsForm(initial=version, prefix="return"),
        "reject_form": ReasonsForm(initial=version, prefix="reject"),
        "withdraw_form": WithdrawForm(initial=version, prefix="withdraw"),
        "seats_taken": selectors.seats_taken(application.batch) if "admit" in actions else None,
    }
    context.update(bound)
    return context


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, pk)
    return render(
        request, "enterprises/application_detail.html", _detail_context(request, application)
    )


# Which actions show each decision form: a refusal for a form no longer shown (the state moved on)
# is shown at the top of the page instead, so it is never lost.
FORM_ACTIONS = {
    "submit_form": {"submit", "resubmit"},
    "pass_form": {"district_pass"},
    "return_form": {"district_return", "city_return"},
    "admit_form": {"admit"},
    "reject_form": {"reject"},
    "withdraw_form": {"withdraw"},
}


def _decide(
    request: HttpRequest,
    pk: int,
    form_name: str,
    form: forms.Form,
    act: Callable[[Application, Any], Any],
    done: str,
) -> HttpResponse:
    """The shared POST shape: scope (404) → form → service (403 / refusal on the form) → redirect."""
    application = selectors.get_application_for_user(request.user, pk)
    refusal: list[str] = []
    if form.is_valid():
        try:
            act(application, form)
        except ValidationError as exc:
            attach_errors(form, exc)
            refusal = exc.messages
        else:
            messages.success(request, done)
            return redirect("enterprises:application", pk=application.pk)
    application.refresh_from_db()
    context = _detail_context(request, application, **{form_name: form})
    if not FORM_ACTIONS[form_name] & context["actions"]:
        context["refusal"] = refusal
    return render(request, "enterprises/application_detail.html", context)


def _declaration_response(
    request: HttpRequest, application: Application, form: DeclarationForm, saved: bool
) -> HttpResponse:
    context = {
        "application": application,
        "declaration_form": form,
        "saved": saved,
        "actions": services.available_actions(request.user, application),
    }
    return render(request, "enterprises/partials/application_declaration.html", context)


@login_required
@require_POST
def edit_declaration(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, pk)
    form = DeclarationForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            application = services.update_declaration(
                application.pk, actor=_user(request), needs_summary=form.cleaned_data["needs_summary"],
                previously_funded=form.funded(), funding_note=form.cleaned_data["funding_note"],
            )  # fmt: skip
            saved = True
        except ValidationError as exc:
            attach_errors(form, exc)
    if _is_htmx(request):
        return _declaration_response(request, application, form, saved)
    if saved:
        messages.success(request, _("申报内容已保存。"))
        return redirect("enterprises:application", pk=application.pk)
    return render(
        request,
        "enterprises/application_detail.html",
        _detail_context(request, application, declaration_form=form),
    )


def _attachments_response(
    request: HttpRequest, application: Application, form: AttachmentForm
) -> HttpResponse:
    context = {
        "application": application,
        "slots": selectors.attachment_slots(application),
        "attachment_form": form,
        "actions": services.available_actions(request.user, application),
    }
    return render(request, "enterprises/partials/application_attachments.html", context)


@login_required
@require_POST
def attach_application_file(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_file(
                application.pk,
                actor=_user(request),
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            form = AttachmentForm()
            if not _is_htmx(request):
                messages.success(request, _("材料已上传。"))
                return redirect("enterprises:application", pk=application.pk)
    if _is_htmx(request):
        return _attachments_response(request, application, form)
    return render(
        request,
        "enterprises/application_detail.html",
        _detail_context(request, application, attachment_form=form),
    )


@login_required
@require_POST
def retire_application_file(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.get_attachment_for_user(request.user, pk)
    application = attachment.application
    form = AttachmentForm()
    try:
        services.retire_attachment(attachment.pk, actor=_user(request))
    except ValidationError as exc:
        attach_errors(form, exc)
    if _is_htmx(request):
        return _attachments_response(request, application, form)
    return redirect("enterprises:application", pk=application.pk)


@login_required
@require_GET
def application_file(request: HttpRequest, pk: int) -> FileResponse:
    """Downloading an application file is a sensitive read: scoped like the application, audited."""
    attachment = selectors.get_attachment_for_user(request.user, pk)
    record(actor=_user(request), action="application.download", kind="read", target=attachment.application,
           changes={"file": attachment.original_name, "sha256": attachment.sha256})  # fmt: skip
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
    )
    response["Content-Type"] = attachment.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def submit_application(request: HttpRequest, pk: int) -> HttpResponse:
    def act(application: Application, form: SubmitForm) -> Any:
        submit = (
            services.resubmit_application
            if application.status == ApplicationStatus.RETURNED
            else services.submit_application
        )
        return submit(
            application.pk,
            actor=_user(request),
            pledge=form.cleaned_data["pledge"],
            expected_version=form.expected_version(),
        )

    return _decide(
        request, pk, "submit_form", SubmitForm(request.POST), act, _("申报已提交，请等待县区初审。")
    )


@login_required
@require_POST
def withdraw_application(request: HttpRequest, pk: int) -> HttpResponse:
    def act(application: Application, form: WithdrawForm) -> Any:
        return services.withdraw_application(
            application.pk,
            actor=_user(request),
            reason=form.cleaned_data["reason"],
            expected_version=form.expected_version(),
        )

    return _decide(
        request,
        pk,
        "withdraw_form",
        WithdrawForm(request.POST, prefix="withdraw"),
        act,
        _("申报已撤回。"),
    )
