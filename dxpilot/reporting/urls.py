from __future__ import annotations

from django.urls import path

from dxpilot.reporting import views

app_name = "reporting"

urlpatterns = [
    path("circulars/", views.circular_list, name="circulars"),
    path("circulars/new/", views.circular_new, name="circular-new"),
    path("circulars/<int:pk>/", views.circular_detail, name="circular"),
    path("circulars/<int:pk>/lead/", views.circular_lead, name="circular-lead"),
    path("circulars/<int:pk>/issue/", views.circular_issue, name="circular-issue"),
    path(
        "circulars/<int:pk>/download/<str:fmt>/",
        views.circular_download,
        name="circular-download",
    ),
    path("evaluations/", views.evaluation_list, name="evaluations"),
    path("evaluations/new/", views.evaluation_new, name="evaluation-new"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("evaluations/<int:pk>/lead/", views.evaluation_lead, name="evaluation-lead"),
    path("evaluations/<int:pk>/issue/", views.evaluation_issue, name="evaluation-issue"),
    path(
        "evaluations/<int:pk>/download/<str:fmt>/",
        views.evaluation_download,
        name="evaluation-download",
    ),
]
