"""技改项目清单 pages: the filtered list (officials in scope, an enterprise its own), and the form
officials use to add or correct a project. Imports and exports go through the exchange."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dxpilot.accounts.scope import scope_of
from dxpilot.core.forms import attach_errors
from dxpilot.core.http import acting_user as actor_of
from dxpilot.core.http import is_htmx
from dxpilot.enterprises.selectors import filter_choices, visible_enterprises
from dxpilot.programs.models import Program
from dxpilot.programs.selectors import current_program
from dxpilot.upgrades import selectors, services
from dxpilot.upgrades.forms import UpgradeForm
from dxpilot.upgrades.models import EquipmentCategory, UpgradeStatus

PAGE_SIZE = 50
# A form offers at most this many enterprises; the import covers larger lists.
ENTERPRISE_CHOICES = 2000


def _program() -> Program:
    program = current_program()
    if program is None:
        raise Http404(_("尚未加载试点方案。"))
    return program


def _require_writer(request: HttpRequest) -> None:
    if scope_of(request.user).role not in selectors.WRITERS:
        raise PermissionDenied(_("只有市级管理员和县区工作人员可以维护技改项目清单。"))


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    if scope_of(request.user).role not in selectors.READERS:
        raise PermissionDenied(_("技改项目清单仅对主管部门和企业开放。"))
    filters = selectors.UpgradeFilters(
        **{name: request.GET.get(name, "")[:100] for name in selectors.FILTER_NAMES}
    )
    projects = selectors.search_upgrade_projects(request.user, filters)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page_obj": page,
        "filters": filters,
        "totals": selectors.upgrade_totals(projects),
        "query": query.urlencode() + "&" if query else "",
        "is_writer": scope_of(request.user).role in selectors.WRITERS,
        "is_official": request.user.is_official,  # type: ignore[union-attr]
        "categories": EquipmentCategory.choices,
        "statuses": UpgradeStatus.choices,
        "years": selectors.year_choices(request.user),
        **filter_choices(request.user, current_program()),
    }
    template = "upgrades/partials/project_rows.html" if is_htmx(request) else "upgrades/list.html"
    return render(request, template, context)


def _enterprises(request: HttpRequest, program: Program) -> list[tuple[int, str]]:
    rows = visible_enterprises(request.user).filter(program=program).order_by("name", "pk")
    return list(rows.values_list("pk", "name")[:ENTERPRISE_CHOICES])


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request: HttpRequest) -> HttpResponse:
    _require_writer(request)
    program = _program()
    form = UpgradeForm(request.POST or None, enterprises=_enterprises(request, program))
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_upgrade_project(
                program, form.to_data(), actor=actor_of(request)
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已登记技改项目“{name}”。").format(name=project.name))
            return redirect("upgrades:list")
    return render(request, "upgrades/form.html", {"form": form, "project": None})


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_writer(request)
    project = selectors.get_upgrade_project_for_user(request.user, pk)
    form = UpgradeForm(
        request.POST or None,
        initial=UpgradeForm.initial_for(project),
        enterprises=_enterprises(request, project.program),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_upgrade_project(project.pk, form.to_data(), actor=actor_of(request))
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已保存技改项目“{name}”。").format(name=project.name))
            return redirect("upgrades:list")
    return render(request, "upgrades/form.html", {"form": form, "project": project})
