from __future__ import annotations

from django.urls import path

from dxpilot.upgrades import views

app_name = "upgrades"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_new, name="new"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
]
