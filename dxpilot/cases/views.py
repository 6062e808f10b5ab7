"""Officials' pages for typical cases: list, draft from a project, edit, images, workflow."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dxpilot.accounts.scope import scope_of
from dxpilot.cases import selectors, services
from dxpilot.cases.forms import CaseForm, ImageForm, ReasonsForm
from dxpilot.cases.models import CaseImage, CaseKind, CaseStatus
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user as actor_of
from dxpilot.projects import storage

PAGE_SIZE = 50


def _require_reader(request: HttpRequest) -> None:
    if scope_of(request.user).role not in selectors.READERS:
        raise PermissionDenied(_("典型案例管理仅对主管部门开放。"))


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    filters = {k: request.GET.get(k, "").strip() for k in ("kind", "status", "q")}
    page = Paginator(selectors.search_cases(request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    project_q = request.GET.get("project_q", "").strip()
    candidates = selectors.candidate_projects(request.user, q=project_q)
    counts = selectors.status_counts(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page_obj": page,
        "filters": filters,
        "kinds": CaseKind.choices,
        "statuses": CaseStatus.choices,
        "status_cards": [(label, counts.get(value, 0)) for value, label in CaseStatus.choices],
        "candidates": candidates,
        "project_q": project_q,
        "can_draft": scope_of(request.user).role in selectors.EDITORS,
        "query": query.urlencode() + "&" if query else "",
    }
    return render(request, "cases/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest, project_pk: int) -> HttpResponse:
    if scope_of(request.user).role not in selectors.EDITORS:
        raise PermissionDenied(_("只有市级管理员和区县主管部门可以编写典型案例。"))
    project = get_object_or_404(selectors.case_projects(request.user), pk=project_pk)
    form = CaseForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.draft_case(project.pk, form.data_for_service(), actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("案例草稿已保存。"))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/form.html",
        {
            "form": form,
            "project": project,
            "live": selectors.figure_table(selectors.project_figures(project)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.get_case_for_user(request.user, pk)
    if not selectors.can_edit(request.user, case) or not case.is_editable:
        raise PermissionDenied(_("只能修改您管辖范围内的草稿案例。"))
    initial = {
        "kind": case.kind,
        "title": case.title,
        "summary": case.summary,
        "body": case.body,
        "providers": list(case.providers.values_list("pk", flat=True)),
        "products": list(case.products.values_list("pk", flat=True)),
    }
    form = CaseForm(request.POST or None, project=case.project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_case(case.pk, form.data_for_service(), actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("案例已保存。"))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/form.html",
        {
            "form": form,
            "case": case,
            "project": case.project,
            "live": selectors.figure_table(selectors.project_figures(case.project)),
        },
    )


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.get_case_for_user(request.user, pk)
    return render(
        request,
        "cases/detail.html",
        {
            **selectors.case_page(case),
            "can_edit": selectors.can_edit(request.user, case)
            and scope_of(request.user).role in selectors.EDITORS,
            "can_publish": scope_of(request.user).role in selectors.PUBLISHERS,
            "image_form": ImageForm(),
            "reasons_form": ReasonsForm(),
        },
    )


ACTIONS = {
    "submit": lambda pk, actor, reasons: services.submit_case(pk, actor=actor),
    "publish": lambda pk, actor, reasons: services.publish_case(pk, actor=actor),
    "return": lambda pk, actor, reasons: services.return_case(pk, actor=actor, reasons=reasons),
    "withdraw": lambda pk, actor, reasons: services.withdraw_case(pk, actor=actor, reasons=reasons),
}
DONE = {
    "submit": _("案例已提交审核。"),
    "publish": _("案例已发布，将出现在成果展示中。"),
    "return": _("案例已退回修改。"),
    "withdraw": _("案例已撤回，不再公开展示。"),
}


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = selectors.get_case_for_user(request.user, pk)
    if action not in ACTIONS:
        raise PermissionDenied(_("未知的操作。"))
    try:
        ACTIONS[action](case.pk, actor_of(request), request.POST.get("reasons", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, str(DONE[action]))
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
def image_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.get_case_for_user(request.user, pk)
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("cases:detail", pk=case.pk)
    try:
        services.add_image(
            case.pk,
            actor=actor_of(request),
            upload=form.cleaned_data["file"],
            caption=form.cleaned_data.get("caption", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("图片已上传。"))
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
def image_remove(request: HttpRequest, pk: int, image_pk: int) -> HttpResponse:
    case = selectors.get_case_for_user(request.user, pk)
    get_object_or_404(CaseImage, pk=image_pk, case=case)
    try:
        services.remove_image(image_pk, actor=actor_of(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_GET
def image(request: HttpRequest, pk: int, image_pk: int) -> FileResponse:
    case = selectors.get_case_for_user(request.user, pk)
    picture = get_object_or_404(CaseImage, pk=image_pk, case=case)
    response = FileResponse(
        storage.open_blob(picture.storage_name), content_type=picture.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
