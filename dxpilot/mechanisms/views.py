"""The model library: public search and detail pages; providers draft and submit models; the
city admin reviews them. Downloads and API links count as uses (services.record_use)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dxpilot.accounts.scope import scope_of
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user as actor_of
from dxpilot.core.http import is_htmx
from dxpilot.mechanisms import selectors, services
from dxpilot.mechanisms.forms import ModelForm, ReasonForm, scene_choices
from dxpilot.mechanisms.models import MechanismModel, ModelStatus
from dxpilot.programs.models import Program
from dxpilot.programs.selectors import current_program


def _program() -> Program:
    program = current_program()
    if program is None:
        raise Http404(_("尚未加载试点方案。"))
    return program


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    program = current_program()
    filters = selectors.ModelFilters(
        q=request.GET.get("q", "")[:100].strip(),
        scene=request.GET.get("scene", "")[:20],
        segment=request.GET.get("segment", "")[:40],
    )
    result = selectors.search_models(filters, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "result": result,
        "page_obj": result.page,
        "query": query.urlencode() + "&" if query else "",
        "scenes": scene_choices(program),
        "segments": list(program.segments.all()) if program else [],
        "can_manage": scope_of(request.user).role in selectors.REVIEWERS
        or any(selectors.owner_of(request.user)),
    }
    template = "mechanisms/partials/results.html" if is_htmx(request) else "mechanisms/search.html"
    return render(request, template, context)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.get_model_for_user(request.user, pk)
    context = {
        "model": model,
        "files": list(model.files.all()),
        "can_edit": selectors.can_edit(request.user, model),
        "is_reviewer": scope_of(request.user).role in selectors.REVIEWERS,
        "reason_form": ReasonForm(),
    }
    return render(request, "mechanisms/detail.html", context)


@login_required
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    is_reviewer = scope_of(request.user).role in selectors.REVIEWERS
    if not is_reviewer and not any(selectors.owner_of(request.user)):
        raise PermissionDenied(_("只有市级管理员、服务商和平台可以管理机理模型。"))
    models = selectors.managed_models(request.user)[:200]
    return render(request, "mechanisms/manage.html", {"models": models, "is_reviewer": is_reviewer})


def _save_file(form: ModelForm, model: MechanismModel, request: HttpRequest) -> None:
    upload = form.cleaned_data.get("file")
    if upload:
        services.attach_model_file(model.pk, upload, actor=actor_of(request))


@login_required
@require_http_methods(["GET", "POST"])
def model_new(request: HttpRequest) -> HttpResponse:
    if not any(selectors.owner_of(request.user)):
        raise PermissionDenied(_("只有服务商和平台可以提交机理模型。"))
    program = _program()
    form = ModelForm(request.POST or None, request.FILES or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            # The entry and its first file are one write: a refused file leaves no draft behind.
            with transaction.atomic():
                model = services.create_model(program, form.to_data(), actor=actor_of(request))
                _save_file(form, model, request)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已保存机理模型“{name}”。").format(name=model.name))
            return redirect("mechanisms:detail", pk=model.pk)
    return render(request, "mechanisms/form.html", {"form": form, "model": None})


@login_required
@require_http_methods(["GET", "POST"])
def model_edit(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.get_model_for_user(request.user, pk)
    if not selectors.can_edit(request.user, model):
        raise PermissionDenied(_("只有提交者可以修改填写中的机理模型。"))
    form = ModelForm(
        request.POST or None,
        request.FILES or None,
        initial=ModelForm.initial_for(model),
        program=model.program,
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.update_model(model.pk, form.to_data(), actor=actor_of(request))
                _save_file(form, model, request)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已保存机理模型“{name}”。").format(name=model.name))
            return redirect("mechanisms:detail", pk=model.pk)
    return render(request, "mechanisms/form.html", {"form": form, "model": model})


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    model = selectors.get_model_for_user(request.user, pk)
    try:
        services.submit_model(model.pk, actor=actor_of(request))
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已提交审核。"))
    return redirect("mechanisms:detail", pk=model.pk)


@login_required
@require_POST
def review(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    model = selectors.get_model_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    reasons = form.cleaned_data.get("reasons", "") if form.is_valid() else ""
    actor = actor_of(request)
    try:
        if decision == "list":
            services.list_model(model.pk, actor=actor)
        elif decision == "return":
            services.return_model(model.pk, reasons, actor=actor)
        elif decision == "withdraw":
            services.withdraw_model(model.pk, reasons, actor=actor)
        else:
            raise Http404(_("没有这种审核操作。"))
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已保存审核结果。"))
    return redirect("mechanisms:detail", pk=model.pk)


@login_required
@require_POST
def use_api(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Opening the model's API link is a use: counted, audited, then the browser goes there."""
    model = selectors.get_model_for_user(request.user, pk)
    try:
        model = services.record_use(model.pk, actor=actor_of(request))
    except ValidationError as exc:
        _refused(request, exc)
        return redirect("mechanisms:detail", pk=model.pk)
    return redirect(model.api_url)


@login_required
@require_GET
def download(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    model = selectors.get_model_for_user(request.user, pk)
    item = model.files.filter(pk=file_id).first()
    if item is None:
        raise Http404(_("没有找到该模型文件。"))
    if model.status == ModelStatus.LISTED:
        services.record_use(model.pk, actor=actor_of(request), file_id=item.pk)
    else:
        # Before listing only the submitter and the reviewer reach the file: a read, not a use.
        services.record_file_read(item, actor=actor_of(request))
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)
