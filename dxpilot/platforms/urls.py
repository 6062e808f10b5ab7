from __future__ import annotations

from django.urls import path

from dxpilot.platforms import views

app_name = "platforms"

urlpatterns = [
    path("", views.platform_list, name="list"),
    path("new/", views.platform_new, name="new"),
    path("mine/", views.mine, name="mine"),
    path("coverage/", views.coverage, name="coverage"),
    path("<int:pk>/", views.platform_detail, name="detail"),
    path("<int:pk>/edit/", views.platform_edit, name="edit"),
    path("<int:pk>/token/", views.platform_token, name="token"),
    path("enterprises/<int:pk>/", views.enterprise_page, name="enterprise"),
    path("enterprises/<int:pk>/grants/", views.grant, name="grant"),
    path("grants/<int:pk>/revoke/", views.revoke_grant, name="revoke-grant"),
]
