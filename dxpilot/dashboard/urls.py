from __future__ import annotations

from django.urls import path

from dxpilot.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/figures/<slug:family>/", views.figure, name="figure"),
    path("dashboard/list/", views.drill, name="drill"),
    path("dashboard/list/export.xlsx", views.drill_export, name="drill-export"),
]
