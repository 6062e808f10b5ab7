"""URLs of the delivery half: projects, plans, contracts, milestones, the archive, the timeline."""

from __future__ import annotations

from django.urls import path

from dxpilot.projects.views import delivery, delivery_contract, delivery_evidence, delivery_plan

urlpatterns = [
    path("", delivery.project_list, name="list"),
    path("open/<int:enterprise_id>/", delivery.open_project, name="open"),
    path("<int:pk>/", delivery.project_detail, name="detail"),
    path("<int:pk>/plan/", delivery_plan.plan, name="plan"),
    path("<int:pk>/plan/recommend/", delivery_plan.plan_recommend, name="plan-recommend"),
    path("<int:pk>/contracts/new/", delivery_contract.file_contract, name="file-contract"),
    path("contracts/<int:pk>/change/", delivery_contract.change_contract, name="change-contract"),
    path("<int:pk>/investments/", delivery_contract.add_investment, name="add-investment"),
    path("<int:pk>/milestones/", delivery.add_milestone, name="add-milestone"),
    path("milestones/<int:pk>/done/", delivery.complete_milestone, name="complete-milestone"),
    path("<int:pk>/complete/", delivery.complete_project, name="complete"),
    path("<int:pk>/evidence/", delivery_evidence.upload_evidence, name="upload-evidence"),
    path("evidence/<int:pk>/submit/", delivery_evidence.submit_evidence, name="submit-evidence"),
    path(
        "evidence/<int:pk>/download/", delivery_evidence.download_evidence, name="download-evidence"
    ),
    path("enterprise/<int:enterprise_id>/timeline/", delivery.timeline, name="timeline"),
]
