"""The parks pages: forms refuse bad input next to the fields and write nothing; scope, roles,
methods; the calendar and its HTMX month navigation; photos; the export; constant queries."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxpilot.audit.models import AuditEntry
from dxpilot.exchange.models import ExportJob
from dxpilot.parks.models import EventStatus, Park, ParkEvent, ParkEventPhoto
from dxpilot.parks.tests.factories import held, make_event, make_park
from dxpilot.programs.models import Segment
from dxpilot.testing import World, client_for

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)


def event_post(park: Park, **overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "park": park.pk, "kind": "network", "title": "5G 网络进园区", "held_on": "2025-06-20",
        "organiser": "蜀山区经信局", "planned_attendance": "60", "description": "",
    }  # fmt: skip
    values.update(overrides)
    return values


class TestForms:
    def test_an_officer_schedules_an_event_and_marks_it_held(self, world: World) -> None:
        park = make_park(world)
        client = client_for(world.officer_a)
        response = client.post("/parks/events/new/", event_post(park, held_on="2025-05-30"))
        event = ParkEvent.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/parks/events/{event.pk}/"
        response = client.post(f"/parks/events/{event.pk}/held/", {"actual_attendance": "58"})
        event.refresh_from_db()
        assert response.status_code == 302 and event.status == EventStatus.HELD
        assert "58" in client.get(f"/parks/events/{event.pk}/").content.decode()

    def test_the_event_form_refuses_bad_input_next_to_the_fields(self, world: World) -> None:
        park = make_park(world)
        page = client_for(world.officer_a).post(
            "/parks/events/new/",
            event_post(park, title="\u200b\u200b", held_on="2026-02-01", organiser=""),
        )
        assert page.status_code == 200
        assert page.context["form"].errors["organiser"] == ["这个字段是必填项。"]
        assert not ParkEvent.objects.exists()
        page = client_for(world.officer_a).post(
            "/parks/events/new/", event_post(park, title="\u200b\u200b", held_on="2026-02-01")
        )
        form = page.context["form"]
        assert form.errors["title"] == ["“活动名称”只含有不可见字符，请填写内容。"]
        assert form.errors["held_on"] == ["日期须在试点期内（2024-01-01 至 2025-12-31）。"]
        assert "id_held_on_error" in page.content.decode()
        assert not ParkEvent.objects.exists()

    def test_marking_a_future_event_held_is_refused_on_the_page(self, world: World) -> None:
        event = make_event(world, make_park(world), held_on=date(2025, 6, 20))
        page = client_for(world.officer_a).post(
            f"/parks/events/{event.pk}/held/", {"actual_attendance": "40"}
        )
        assert page.status_code == 200
        assert page.context["held_form"].non_field_errors() == [
            "活动日期 2025-06-20 尚未到来，不能登记为已举办。"
        ]
        page = client_for(world.officer_a).post(f"/parks/events/{event.pk}/held/", {})
        assert page.context["held_form"].errors["actual_attendance"] == ["这个字段是必填项。"]
        event.refresh_from_db()
        assert event.status == EventStatus.SCHEDULED
        assert not AuditEntry.objects.filter(action="parks.event_held").exists()

    def test_the_park_form_refuses_unknown_and_outside_enterprises(self, world: World) -> None:
        segment = Segment.objects.get(program=world.program, key="auto-parts")
        client = client_for(world.officer_a)
        page = client.post(
            "/parks/new/",
            {
                "name": "蜀山经开区智能制造园", "division": world.division_a.pk, "segment": segment.pk,
                "enterprise_codes": f"{world.enterprise_b.credit_code}\n91340100MA2XXXXX0X",
            },
        )  # fmt: skip
        errors = page.context["form"].errors["enterprise_codes"]
        assert errors == [
            "以下统一社会信用代码不在本试点的企业名录中：91340100MA2XXXXX0X。",
            f"以下企业不在园区所在的“蜀山区”：{world.enterprise_b.name}。",
        ]
        assert not Park.objects.exists()
        response = client.post(
            "/parks/new/",
            {"name": "蜀山经开区智能制造园", "division": world.division_a.pk, "segment": segment.pk,
             "enterprise_codes": world.enterprise_a.credit_code, "is_pilot": "on"},
        )  # fmt: skip
        park = Park.objects.get()
        # The officer's form offers no pilot designation: the disabled box is ignored.
        assert response.status_code == 302 and not park.is_pilot
        assert list(park.enterprises.all()) == [world.enterprise_a]

    def test_photos_are_checked_by_their_content(self, world: World) -> None:
        event = make_event(world, make_park(world))
        client = client_for(world.officer_a)
        url = f"/parks/events/{event.pk}/photos/"
        page = client.post(url, {"photo": SimpleUploadedFile("scene.png", b"MZ\x90\x00 program")})
        assert page.context["photo_form"].errors["photo"] == [
            "文件“scene.png”的内容不是允许的类型（PDF、JPG、PNG、DOCX、XLSX），已拒绝。"
        ]
        pdf = SimpleUploadedFile("agenda.pdf", b"%PDF-1.4\n%%EOF\n")
        page = client.post(url, {"photo": pdf})
        assert page.context["photo_form"].errors["photo"] == [
            "活动照片须为 JPG 或 PNG 图片，“agenda.pdf”不是。"
        ]
        assert not ParkEventPhoto.objects.exists()
        response = client.post(url, {"photo": SimpleUploadedFile("现场.png", PNG)})
        photo = ParkEventPhoto.objects.get()
        assert response.status_code == 302 and photo.content_type == "image/png"
        shown = client.get(f"/parks/photos/{photo.pk}/")
        assert shown["Content-Type"] == "image/png"
        assert b"".join(shown.streaming_content) == PNG  # type: ignore[attr-defined]
        assert client_for(world.officer_b).get(f"/parks/photos/{photo.pk}/").status_code == 404


class TestAccess:
    def test_another_divisions_officer_gets_404(self, world: World) -> None:
        park = make_park(world)
        event = make_event(world, park)
        other = client_for(world.officer_b)
        for url in (f"/parks/{park.pk}/", f"/parks/events/{event.pk}/", f"/parks/{park.pk}/edit/"):
            assert other.get(url).status_code == 404, url
        assert (
            other.post(f"/parks/events/{event.pk}/held/", {"actual_attendance": 3}).status_code
            == 404
        )
        assert park.name not in other.get("/parks/").content.decode()
        assert event.title not in other.get("/parks/events/").content.decode()

    def test_finance_reads_and_cannot_write(self, world: World) -> None:
        park = make_park(world)
        client = client_for(world.finance)
        assert client.get(f"/parks/{park.pk}/").status_code == 200
        assert client.get("/parks/events/new/").status_code == 403
        assert client.post("/parks/events/new/", event_post(park)).status_code == 403
        assert not ParkEvent.objects.exists()

    @pytest.mark.parametrize("persona", ["enterprise_user", "provider_user", "assessor"])
    def test_other_roles_get_403(self, world: World, persona: str) -> None:
        assert client_for(getattr(world, persona)).get("/parks/").status_code == 403

    def test_anonymous_is_sent_to_login_and_get_is_refused_on_actions(self, world: World) -> None:
        event = make_event(world, make_park(world))
        assert client_for(None).get("/parks/").status_code == 302
        assert (
            client_for(world.city_admin).get(f"/parks/events/{event.pk}/held/").status_code == 405
        )


class TestCalendar:
    def test_the_month_grid_shows_the_events_of_the_month(self, world: World) -> None:
        park = make_park(world)
        make_event(
            world, park, title="标识解析进园区", kind="identifier", held_on=date(2025, 6, 20)
        )
        make_event(world, park, title="七月对接会", kind="matchmaking", held_on=date(2025, 7, 3))
        client = client_for(world.officer_a)
        page = client.get("/parks/events/calendar/")
        body = page.content.decode()
        assert "2025 年 6 月（1 场活动）" in body and "标识解析进园区" in body
        assert 'data-date="2025-06-20"' in body
        # Month navigation: HTMX gets the partial only.
        partial = client.get("/parks/events/calendar/?month=2025-07", HTTP_HX_REQUEST="true")
        text = partial.content.decode()
        assert "<html" not in text and "七月对接会" in text and "标识解析进园区" not in text
        # A bad month shows the default month rather than failing.
        assert client.get("/parks/events/calendar/?month=2025-13").status_code == 200

    def test_the_calendar_is_scoped(self, world: World) -> None:
        make_event(world, make_park(world, world.division_b), title="包河区平台进园区")
        body = client_for(world.officer_a).get("/parks/events/calendar/?month=2025-05").content
        assert "包河区平台进园区" not in body.decode()


class TestListsAndExport:
    def test_the_event_list_filters(self, world: World) -> None:
        park = make_park(world)
        make_event(world, park, title="政策宣讲", kind="policy")
        make_event(world, park, title="平台推介", kind="platform")
        body = client_for(world.city_admin).get("/parks/events/?kind=platform").content.decode()
        assert "平台推介" in body and "政策宣讲" not in body
        everything = client_for(world.city_admin).get("/parks/events/?kind=bogus&year=x")
        assert (
            "平台推介" in everything.content.decode() and "政策宣讲" in everything.content.decode()
        )

    def test_the_export_holds_the_filtered_rows_and_is_audited(self, world: World) -> None:
        from openpyxl import load_workbook

        park = make_park(world)
        held(world, park, date(2025, 5, 2), attendance=77)
        make_event(world, park, title="计划中的活动", held_on=date(2025, 8, 1))
        client = client_for(world.officer_a)
        response = client.post("/exchange/export/park_events/", {"status": "held"})
        job = ExportJob.objects.get()
        assert response.status_code == 302 and job.rows_total == 1
        download = client.get(f"/exchange/exports/{job.pk}/download/")
        sheet = load_workbook(BytesIO(b"".join(download.streaming_content))).active  # type: ignore[attr-defined]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:3] == ("活动日期", "活动名称", "活动类型") and len(rows) == 2
        assert rows[1][8] == 77 and rows[1][9] == "已举办"
        assert AuditEntry.objects.filter(kind=AuditEntry.Kind.EXPORT).exists()
        assert (
            client_for(world.officer_b).post("/exchange/export/park_events/", {}).status_code == 302
        )
        assert ExportJob.objects.order_by("-pk").first().rows_total == 0  # type: ignore[union-attr]

    @pytest.mark.parametrize(
        "url", ["/parks/", "/parks/events/", "/parks/events/calendar/?month=2025-05"]
    )
    def test_list_pages_cost_constant_queries(self, world: World, url: str) -> None:
        def grow(n: int) -> None:
            for _ in range(n):
                park = make_park(world, enterprise_codes=[world.enterprise_a.credit_code])
                make_event(world, park, held_on=date(2025, 5, 20))
                held(world, park, date(2025, 5, 21))

        grow(1)
        client = client_for(world.officer_a)
        client.get(url)
        with CaptureQueriesContext(connection) as small:
            assert client.get(url).status_code == 200
        grow(4)
        with CaptureQueriesContext(connection) as large:
            client.get(url)
        assert len(small) == len(large), url
