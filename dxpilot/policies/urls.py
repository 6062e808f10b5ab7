from __future__ import annotations

from django.urls import path

from dxpilot.policies import views

app_name = "policies"

urlpatterns = [
    path("", views.policy_list, name="list"),
    path("new/", views.policy_new, name="new"),
    path("<int:pk>/", views.policy_detail, name="detail"),
    path("<int:pk>/edit/", views.policy_edit, name="edit"),
    path("<int:pk>/withdraw/", views.policy_withdraw, name="withdraw"),
    path("<int:pk>/attachments/", views.policy_attach, name="attach"),
    path("attachments/<int:pk>/", views.attachment_download, name="download"),
]
