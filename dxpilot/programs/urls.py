from __future__ import annotations

from django.urls import path

from dxpilot.programs import views

app_name = "programs"

urlpatterns = [path("", views.program_detail, name="detail")]
