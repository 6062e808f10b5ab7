from __future__ import annotations

from django.urls import path

from dxpilot.exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.exchange_home, name="home"),
    path("import/", views.start_import, name="start-import"),
    path("import/<int:pk>/", views.import_job, name="import-job"),
    path("import/<int:pk>/progress/", views.import_progress, name="import-progress"),
    path("import/<int:pk>/annotated.xlsx", views.download_annotated, name="download-annotated"),
    path("templates/<slug:kind>.xlsx", views.download_template, name="download-template"),
    path("export/<slug:kind>/", views.start_export, name="start-export"),
    path("exports/<int:pk>/", views.export_job, name="export-job"),
    path("exports/<int:pk>/download/", views.download_export, name="download-export"),
]
