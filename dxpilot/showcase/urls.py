"""The public showcase (成果展示), mounted at /showcase/ (no login)."""

from __future__ import annotations

from django.urls import path

from dxpilot.showcase import views

app_name = "showcase"

urlpatterns = [
    path("", views.home, name="home"),
    path("cases/", views.cases, name="cases"),
    path("cases/<int:pk>/", views.case, name="case"),
    path("cases/<int:pk>/images/<int:image_pk>/", views.case_image, name="case-image"),
    path("products/", views.products, name="products"),
    path("providers/", views.providers, name="providers"),
]
