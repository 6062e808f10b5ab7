"""Project pages: projects, plans, contracts, milestones, the evidence archive, the timeline.

Acceptance, subsidy and the later steps live in dxpilot.funding under the same /projects/ prefix."""

from __future__ import annotations

from django.urls import path

from dxpilot.projects.views import contract, evidence, plan, projects

app_name = "projects"

urlpatterns = [
    path("", projects.project_list, name="list"),
    path("open/<int:enterprise_id>/", projects.open_project, name="open"),
    path("<int:pk>/", projects.project_detail, name="detail"),
    path("<int:pk>/plan/", plan.plan, name="plan"),
    path("<int:pk>/plan/recommend/", plan.plan_recommend, name="plan-recommend"),
    path("<int:pk>/contracts/new/", contract.file_contract, name="file-contract"),
    path("contracts/<int:pk>/change/", contract.change_contract, name="change-contract"),
    path("<int:pk>/investments/", contract.add_investment, name="add-investment"),
    path("<int:pk>/milestones/", projects.add_milestone, name="add-milestone"),
    path("milestones/<int:pk>/done/", projects.complete_milestone, name="complete-milestone"),
    path("<int:pk>/complete/", projects.complete_project, name="complete"),
    path("<int:pk>/completion/correct/", projects.correct_completion, name="correct-completion"),
    path("<int:pk>/evidence/", evidence.upload_evidence, name="upload-evidence"),
    path("evidence/<int:pk>/submit/", evidence.submit_evidence, name="submit-evidence"),
    path("evidence/<int:pk>/download/", evidence.download_evidence, name="download-evidence"),
    path("enterprise/<int:enterprise_id>/timeline/", projects.timeline, name="timeline"),
]
