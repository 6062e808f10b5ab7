from __future__ import annotations

from django.urls import include, path

app_name = "projects"

# Two halves of the workflow, each in its own module: delivery (plan, contract, milestones,
# evidence, timeline) and review (acceptance, subsidy, disbursement, flags, follow-up).
urlpatterns = [
    path("", include("dxpilot.projects.urls_delivery")),
    path("", include("dxpilot.projects.urls_review")),
]
