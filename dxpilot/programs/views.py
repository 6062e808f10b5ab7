from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dxpilot.programs import selectors


@login_required
@require_GET
def program_detail(request: HttpRequest) -> HttpResponse:
    """The programme as loaded from its file: officials check what the platform enforces."""
    if not request.user.is_official:  # type: ignore[union-attr]
        raise PermissionDenied(_("只有主管部门工作人员可以查看方案配置。"))
    program = selectors.current_program()
    if program is None:
        raise Http404(_("尚未加载试点方案。"))
    return render(request, "programs/program_detail.html", selectors.program_overview(program))
