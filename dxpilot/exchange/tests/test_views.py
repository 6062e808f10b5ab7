"""The import/export pages: the healthchecks checklist for each view."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from dxpilot.enterprises.models import Enterprise
from dxpilot.exchange.models import ExportJob, ImportJob
from dxpilot.exchange.tests.workbooks import row, upload, xlsx
from dxpilot.testing import World, client_for

pytestmark = pytest.mark.django_db


def post_file(client, content: bytes, name: str = "名单.xlsx"):  # type: ignore[no-untyped-def]
    return client.post("/exchange/import/", {"kind": "enterprises", "file": upload(content, name)})


class TestHome:
    def test_it_works_for_officials(self, world: World) -> None:
        response = client_for(world.officer_a).get("/exchange/")
        assert response.status_code == 200
        assert "下载企业名录导入模板" in response.content.decode()

    def test_the_finance_office_sees_exports_but_no_import(self, world: World) -> None:
        page = client_for(world.finance).get("/exchange/").content.decode()
        assert "导出企业名录" in page
        assert "上传并校验" not in page

    def test_other_roles_are_refused(self, world: World) -> None:
        assert client_for(world.enterprise_user).get("/exchange/").status_code == 403
        assert client_for(world.assessor).get("/exchange/").status_code == 403

    def test_anonymous_is_sent_to_login(self, world: World) -> None:
        assert client_for(None).get("/exchange/").status_code == 302


class TestUpload:
    def test_a_clean_file_redirects_to_its_report(self, world: World) -> None:
        response = post_file(client_for(world.officer_a), xlsx([row(1)]))
        job = ImportJob.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/exchange/import/{job.pk}/"
        page = client_for(world.officer_a).get(response["Location"]).content.decode()
        assert "导入成功" in page
        assert "新增 1 家" in page

    def test_a_file_that_is_not_excel_is_refused_next_to_the_field(self, world: World) -> None:
        before = Enterprise.objects.count()
        response = post_file(client_for(world.officer_a), b"not a workbook", "名单.xlsx")
        assert response.status_code == 200
        assert "“名单.xlsx”不是 Excel（.xlsx）文件，已拒绝。" in response.content.decode()
        assert 'class="field field-invalid"' in response.content.decode()
        assert Enterprise.objects.count() == before
        assert not ImportJob.objects.exists()

    def test_a_rejected_file_shows_the_report_and_the_annotated_download(
        self, world: World
    ) -> None:
        client = client_for(world.officer_a)
        response = post_file(client, xlsx([row(1, **{"营业收入（万元）": "五百万"})]))
        page = client.get(response["Location"]).content.decode()
        assert "文件有错误，未导入任何数据。" in page
        assert "收到“五百万”" in page
        job = ImportJob.objects.get()
        download = client.get(f"/exchange/import/{job.pk}/annotated.xlsx")
        assert download.status_code == 200
        workbook = load_workbook(BytesIO(b"".join(download.streaming_content)))
        assert "错误报告" in workbook.sheetnames

    def test_finance_cannot_upload(self, world: World) -> None:
        assert post_file(client_for(world.finance), xlsx([row(1)])).status_code == 403

    def test_get_is_not_allowed(self, world: World) -> None:
        assert client_for(world.officer_a).get("/exchange/import/").status_code == 405


class TestJobPages:
    def test_another_officers_job_is_not_found(self, world: World) -> None:
        post_file(client_for(world.officer_a), xlsx([row(1)]))
        job = ImportJob.objects.get()
        assert client_for(world.officer_b).get(f"/exchange/import/{job.pk}/").status_code == 404
        assert (
            client_for(world.officer_b).get(f"/exchange/import/{job.pk}/annotated.xlsx").status_code
            == 404
        )
        assert client_for(world.city_admin).get(f"/exchange/import/{job.pk}/").status_code == 200

    def test_the_progress_partial_reloads_the_page_when_the_job_is_done(self, world: World) -> None:
        post_file(client_for(world.officer_a), xlsx([row(1)]))
        job = ImportJob.objects.get()
        response = client_for(world.officer_a).get(
            f"/exchange/import/{job.pk}/progress/", HTTP_HX_REQUEST="true"
        )
        assert response["HX-Refresh"] == "true"

    def test_a_running_job_keeps_polling(self, world: World) -> None:
        post_file(client_for(world.officer_a), xlsx([row(1)]))
        ImportJob.objects.update(status="running", phase="checking", rows_done=500, rows_total=1000)
        job = ImportJob.objects.get()
        response = client_for(world.officer_a).get(f"/exchange/import/{job.pk}/progress/")
        page = response.content.decode()
        assert "HX-Refresh" not in response
        assert 'hx-trigger="every 1s"' in page
        assert "500 / 1000 行" in page
        assert 'aria-valuenow="50"' in page


class TestTemplateDownload:
    def test_the_template_has_headers_comments_and_drop_downs(self, world: World) -> None:
        response = client_for(world.officer_a).get("/exchange/templates/enterprises.xlsx")
        assert response.status_code == 200
        workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
        sheet = workbook["企业名录"]
        headers = [c.value for c in sheet[1]]
        assert headers[:3] == ["统一社会信用代码", "企业名称", "行政区划"]
        assert "校验码" in sheet["A1"].comment.text
        sources = {dv.formula1 for dv in sheet.data_validations.dataValidation}
        assert "'代码表'!$A$1:$A$9" in sources  # the nine Hefei districts
        assert workbook["代码表"].sheet_state == "hidden"
        assert "填写说明" in workbook.sheetnames

    def test_a_filled_in_template_imports(self, world: World) -> None:
        client = client_for(world.officer_a)
        content = b"".join(client.get("/exchange/templates/enterprises.xlsx").streaming_content)
        workbook = load_workbook(BytesIO(content))
        workbook["企业名录"].append(row(1))
        out = BytesIO()
        workbook.save(out)
        post_file(client, out.getvalue())
        assert ImportJob.objects.get().status == "done"

    def test_unknown_kinds_are_not_found(self, world: World) -> None:
        assert (
            client_for(world.officer_a).get("/exchange/templates/nothing.xlsx").status_code == 404
        )


class TestExportViews:
    def test_the_list_button_sends_the_browser_to_the_download(self, world: World) -> None:
        response = client_for(world.officer_a).post(
            "/exchange/export/enterprises/",
            {"q": "", "division": "", "segment": "", "pilot": ""},
            HTTP_HX_REQUEST="true",
        )
        job = ExportJob.objects.get()
        assert response.status_code == 204
        assert response["HX-Redirect"] == f"/exchange/exports/{job.pk}/download/"

    def test_the_list_page_has_the_buttons(self, world: World) -> None:
        page = client_for(world.officer_a).get("/enterprises/").content.decode()
        assert "/exchange/export/enterprises/" in page
        assert 'href="/exchange/"' in page

    def test_roles_without_the_list_cannot_export(self, world: World) -> None:
        assert client_for(world.finance).post("/exchange/export/assessments/").status_code == 403
        assert client_for(world.officer_a).get("/exchange/export/enterprises/").status_code == 405

    def test_a_job_page_polls_until_the_file_is_ready(self, world: World) -> None:
        client = client_for(world.city_admin)
        client.post("/exchange/export/enterprises/")
        job = ExportJob.objects.get()
        page = client.get(f"/exchange/exports/{job.pk}/").content.decode()
        assert "下载导出文件" in page
        ExportJob.objects.update(status="running", file="", rows_done=1)
        partial = client.get(
            f"/exchange/exports/{job.pk}/", HTTP_HX_REQUEST="true"
        ).content.decode()
        assert 'hx-trigger="every 1s"' in partial
        assert "<html" not in partial


class TestProviders:
    def test_a_provider_user_gets_the_product_import_and_template(self, world: World) -> None:
        client = client_for(world.provider_user)
        page = client.get("/exchange/").content.decode()
        assert "下载产品导入模板" in page
        assert "导出产品" in page
        assert "企业名录" not in page
        response = client.get("/exchange/templates/products.xlsx")
        workbook = load_workbook(BytesIO(b"".join(response.streaming_content)))
        assert [c.value for c in workbook["产品"][1]][:2] == ["产品名称", "产品类型"]
        assert client.get("/exchange/templates/enterprises.xlsx").status_code == 404


def test_the_pages_cost_the_same_queries_with_more_jobs(world: World) -> None:
    client = client_for(world.officer_a)

    def queries(path: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    post_file(client, xlsx([row(1, **{"营业收入（万元）": "x"})]))
    job = ImportJob.objects.get()
    few = (queries("/exchange/"), queries(f"/exchange/import/{job.pk}/"))
    for n in range(2, 7):
        post_file(
            client,
            xlsx([row(n, **{"营业收入（万元）": "x"}), row(n + 10, **{"从业人员（人）": "x"})]),
        )
    client.post("/exchange/export/enterprises/")
    job = ImportJob.objects.first()
    assert (queries("/exchange/"), queries(f"/exchange/import/{job.pk}/")) == few
