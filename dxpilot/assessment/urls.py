from __future__ import annotations

from django.urls import path

from dxpilot.assessment.views import fill, lists, onsite, report

app_name = "assessment"

urlpatterns = [
    path("", lists.assessment_list, name="list"),
    path("levels/", report.level_overview, name="levels"),
    path("start-self/", fill.start_self, name="start-self"),
    path("assign/<int:enterprise_pk>/", lists.assign, name="assign"),
    path("<int:pk>/fill/", fill.fill, name="fill"),
    path("<int:pk>/autosave/", fill.autosave, name="autosave"),
    path("<int:pk>/submit/", fill.submit, name="submit"),
    path("<int:pk>/onsite/", onsite.onsite, name="onsite"),
    path("<int:pk>/onsite/value/", onsite.set_value, name="set-value"),
    path("<int:pk>/onsite/evidence/", onsite.upload_evidence, name="upload-evidence"),
    path("<int:pk>/lock/", onsite.lock, name="lock"),
    path("evidence/<int:pk>/", onsite.download_evidence, name="download-evidence"),
    path("<int:pk>/report/", report.report, name="report"),
    path("<int:pk>/report.docx", report.report_docx, name="report-docx"),
]
