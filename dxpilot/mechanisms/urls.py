from __future__ import annotations

from django.urls import path

from dxpilot.mechanisms import views

app_name = "mechanisms"

urlpatterns = [
    path("", views.search, name="search"),
    path("manage/", views.manage, name="manage"),
    path("new/", views.model_new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.model_edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/review/<slug:decision>/", views.review, name="review"),
    path("<int:pk>/use/", views.use_api, name="use"),
    path("<int:pk>/files/<int:file_id>/", views.download, name="download"),
]
