from __future__ import annotations

from django.urls import path

from dxpilot.enterprises.views import registry as views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("mine/", views.my_enterprise, name="mine"),
    path("new/", views.register_enterprise, name="register"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", views.edit_enterprise, name="edit"),
    path("<int:pk>/contacts/", views.reveal_contacts, name="reveal-contacts"),
]
