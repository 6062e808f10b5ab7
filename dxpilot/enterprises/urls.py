from __future__ import annotations

from django.urls import path

from dxpilot.enterprises.views import applications as application_views
from dxpilot.enterprises.views import honours as honour_views
from dxpilot.enterprises.views import registry as views
from dxpilot.enterprises.views import reviews as review_views

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("mine/", views.my_enterprise, name="mine"),
    path("new/", views.register_enterprise, name="register"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", views.edit_enterprise, name="edit"),
    path("<int:pk>/contacts/", views.reveal_contacts, name="reveal-contacts"),
    path("<int:pk>/honours/new/", honour_views.record_honour, name="record-honour"),
    path("honours/", honour_views.honour_list, name="honours"),
    path("honours/<int:pk>/file/", honour_views.honour_file, name="honour-file"),
]

urlpatterns += [
    path("applications/", review_views.application_list, name="applications"),
    path("applications/mine/", application_views.my_applications, name="my-applications"),
    path("applications/stats/", review_views.application_stats, name="application-stats"),
    path("applications/apply/<int:batch_id>/", application_views.apply, name="apply"),
    path("applications/<int:pk>/", application_views.application_detail, name="application"),
    path(
        "applications/<int:pk>/declaration/",
        application_views.edit_declaration,
        name="edit-application",
    ),
    path(
        "applications/<int:pk>/files/",
        application_views.attach_application_file,
        name="attach-application-file",
    ),
    path(
        "applications/<int:pk>/submit/",
        application_views.submit_application,
        name="submit-application",
    ),
    path("applications/<int:pk>/pass/", review_views.pass_application, name="pass-application"),
    path(
        "applications/<int:pk>/return/",
        review_views.return_application,
        name="return-application",
    ),
    path(
        "applications/<int:pk>/admit/",
        review_views.admit_application,
        name="admit-application",
    ),
    path(
        "applications/<int:pk>/reject/",
        review_views.reject_application,
        name="reject-application",
    ),
    path(
        "applications/<int:pk>/withdraw/",
        application_views.withdraw_application,
        name="withdraw-application",
    ),
    path(
        "applications/files/<int:pk>/", application_views.application_file, name="application-file"
    ),
    path(
        "applications/files/<int:pk>/retire/",
        application_views.retire_application_file,
        name="retire-application-file",
    ),
    path("<int:pk>/eligibility/", review_views.enterprise_eligibility, name="eligibility"),
]
