from __future__ import annotations

from django.urls import path

from dxpilot.national import views

app_name = "national"

urlpatterns = [
    path("", views.home, name="home"),
    path("submissions/new/", views.submit, name="submit"),
    path("submissions/<int:pk>/", views.submission, name="submission"),
    path("submissions/<int:pk>/download.<str:fmt>", views.download, name="download"),
    path("records/<int:pk>/decide/", views.decide, name="decide"),
    path("token/", views.token, name="token"),
]
