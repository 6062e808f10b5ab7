from __future__ import annotations

from django.urls import path

from dxpilot.training import views

app_name = "training"

urlpatterns = [
    path("", views.home, name="home"),
    path("courses/new/", views.course_new, name="course-new"),
    path("courses/<int:pk>/", views.course_detail, name="course"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course-edit"),
    path("courses/<int:pk>/sessions/new/", views.session_new, name="session-new"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session-edit"),
    path("sessions/<int:pk>/register/", views.session_register, name="register"),
    path("sessions/<int:pk>/attend/", views.session_attend, name="attend"),
    path("attendances/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("attendances/<int:pk>/certificate.docx", views.certificate_docx, name="certificate-docx"),
]
