from __future__ import annotations

from django.urls import include, path
from django.views.i18n import set_language

from dxpilot.api.api import api
from dxpilot.core import views as core_views

urlpatterns = [
    path("", include("dxpilot.dashboard.urls")),
    path("accounts/", include("dxpilot.accounts.urls")),
    path("audit/", include("dxpilot.audit.urls")),
    path("program/", include("dxpilot.programs.urls")),
    path("enterprises/", include("dxpilot.enterprises.urls")),
    path("assessment/", include("dxpilot.assessment.urls")),
    path("projects/", include("dxpilot.projects.urls")),
    path("projects/", include("dxpilot.funding.urls")),  # acceptance, subsidy, later steps
    path("providers/", include("dxpilot.providers.urls")),
    path("catalogue/", include("dxpilot.providers.catalogue_urls")),
    path("platforms/", include("dxpilot.platforms.urls")),
    path("training/", include("dxpilot.training.urls")),
    path("national/", include("dxpilot.national.urls")),
    path("upgrades/", include("dxpilot.upgrades.urls")),
    path("models/", include("dxpilot.mechanisms.urls")),
    path("parks/", include("dxpilot.parks.urls")),
    path("cases/", include("dxpilot.cases.urls")),
    path("showcase/", include("dxpilot.showcase.urls")),
    path("policies/", include("dxpilot.policies.urls")),
    path("finance/", include("dxpilot.finance.urls")),
    path("exchange/", include("dxpilot.exchange.urls")),
    path("reports/", include("dxpilot.reporting.urls")),
    path("api/v1/", api.urls),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("i18n/setlang/", set_language, name="set_language"),
]

handler403 = "dxpilot.core.views.permission_denied"
handler404 = "dxpilot.core.views.page_not_found"
handler500 = "dxpilot.core.views.server_error"
