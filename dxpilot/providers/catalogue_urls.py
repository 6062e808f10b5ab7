"""The public catalogue, mounted at /catalogue/ (no login)."""

from __future__ import annotations

from django.urls import path

from dxpilot.providers.views import catalogue as views

app_name = "catalogue"

urlpatterns = [
    path("", views.search, name="search"),
    path("products/<int:pk>/", views.product, name="product"),
    path("providers/", views.directory, name="directory"),
    path("providers/<int:pk>/", views.directory_provider, name="provider"),
    path("compare/", views.compare, name="compare"),
    path("compare/add/<int:pk>/", views.compare_add, name="compare-add"),
    path("compare/remove/<int:pk>/", views.compare_remove, name="compare-remove"),
]
