from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dxpilot.dashboard.selectors import home_context
from dxpilot.programs.selectors import current_program

TEMPLATES = {
    "city_admin": "dashboard/home_officer.html",
    "district_officer": "dashboard/home_officer.html",
    "finance_officer": "dashboard/home_finance.html",
    "assessor": "dashboard/home_assessor.html",
    "enterprise": "dashboard/home_enterprise.html",
    "provider": "dashboard/home_provider.html",
    "api_client": "dashboard/home_assessor.html",
}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """One home page per role; anonymous visitors get the public showcase."""
    context = home_context(request.user, current_program())
    role = context["role"]
    template = (
        TEMPLATES.get(role, "dashboard/home_public.html") if role else "dashboard/home_public.html"
    )
    return render(request, template, context)
