from __future__ import annotations

from django.urls import path

from dxpilot.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/<int:project_pk>/", views.case_new, name="new"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/images/", views.image_add, name="image-add"),
    path("<int:pk>/images/<int:image_pk>/", views.image, name="image"),
    path("<int:pk>/images/<int:image_pk>/remove/", views.image_remove, name="image-remove"),
    path("<int:pk>/<str:action>/", views.case_action, name="action"),
]
