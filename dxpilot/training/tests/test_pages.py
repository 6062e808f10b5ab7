"""The training pages: an official schedules, registers and records attendance; masking, scope
and the courses offered on the enterprise page."""

from __future__ import annotations

from io import BytesIO

from docx import Document

from dxpilot.assessment import services as assessment_services
from dxpilot.assessment.tests.sheets import LEVEL_TWO_ANSWERS, level_two_scenes
from dxpilot.testing import World, client_for
from dxpilot.training import selectors
from dxpilot.training.models import Attendance, Course, Registration, Session
from dxpilot.training.tests.factories import make_course, make_session, mobile, register


def test_an_official_schedules_registers_and_records_attendance(world: World) -> None:
    client = client_for(world.officer_a)
    response = client.post(
        "/training/courses/new/",
        {"title": "数字化车间实战", "kind": "classroom", "dimensions": ["B1", "M"]},
    )
    course = Course.objects.get()
    assert response.status_code == 302 and course.dimensions == ["B1", "M"]
    response = client.post(
        f"/training/courses/{course.pk}/sessions/new/",
        {
            "held_on": "2025-05-20", "division": world.division_a.pk, "place": "包河区会议中心",
            "organiser": "包河区经信局", "capacity": "1", "audience": "technicians",
        },
    )  # fmt: skip
    session = Session.objects.get()
    assert response.status_code == 302
    url = f"/training/sessions/{session.pk}/"
    client.post(f"{url}register/", {"name": "张三", "identifier": mobile(1)})
    # Full: the second registration is refused on the page, nothing written.
    page = client.post(f"{url}register/", {"name": "李四", "identifier": mobile(2)})
    assert "名额已满" in page.content.decode() and Registration.objects.count() == 1
    trainee = Registration.objects.get().trainee_id
    client.post(f"{url}attend/", {"trainee": [trainee]})
    assert Attendance.objects.count() == 1
    home = client.get("/training/").content.decode()
    assert "数字化车间实战" in home
    page = client.get(url).content.decode()
    assert mobile(1) in page and "培训证书" in page
    cert = client.get(f"/training/attendances/{Attendance.objects.get().pk}/certificate/")
    assert "张三" in cert.content.decode()
    word = client.get(f"/training/attendances/{Attendance.objects.get().pk}/certificate.docx")
    assert word.status_code == 200
    document = Document(BytesIO(b"".join(word.streaming_content)))  # type: ignore[attr-defined]
    assert any("张三" in p.text for p in document.paragraphs)
    # Another district's officer: no certificate.
    other = client_for(world.officer_b)
    assert (
        other.get(
            f"/training/attendances/{Attendance.objects.get().pk}/certificate.docx"
        ).status_code
        == 404
    )


def test_a_reader_who_may_not_see_the_identifier_sees_it_masked(world: World) -> None:
    session = make_session(world)
    register(world, session, 7)
    page = client_for(world.finance).get(f"/training/sessions/{session.pk}/").content.decode()
    assert mobile(7) not in page and "139****0007" in page
    assert 'id="registration-form"' not in page


def test_another_district_gets_404_and_outsiders_403(world: World) -> None:
    session = make_session(world)
    assert client_for(world.officer_b).get(f"/training/sessions/{session.pk}/").status_code == 404
    assert client_for(world.provider_user).get("/training/").status_code == 403
    response = client_for(world.officer_b).post(
        f"/training/sessions/{session.pk}/register/", {"name": "王五", "identifier": mobile(3)}
    )
    assert response.status_code == 404 and Registration.objects.count() == 0


def test_the_enterprise_page_offers_the_courses_for_its_weak_dimensions(world: World) -> None:
    a = assessment_services.start_self_assessment(
        world.enterprise_a.pk, actor=world.enterprise_user
    )
    assessment_services.save_draft(
        a.pk, actor=world.enterprise_user, answers=LEVEL_TWO_ANSWERS, scenes=level_two_scenes()
    )
    assessment_services.submit_self_assessment(a.pk, actor=world.enterprise_user, pledge=True)
    weak = selectors.weak_dimensions(world.enterprise_a)
    assert weak
    all_codes = {code for code, _label in selectors.dimension_choices()}
    strong = sorted(all_codes - set(weak))
    offered = make_course(world, title="补短板课程", dimensions=(weak[0],))
    make_course(world, title="不相关课程", dimensions=tuple(strong[:1]))
    assert selectors.courses_for_enterprise(world.city_admin, world.enterprise_a)[1] == [offered]
    page = client_for(world.city_admin).get(f"/enterprises/{world.enterprise_a.pk}/")
    text = page.content.decode()
    assert "推荐培训课程" in text and "补短板课程" in text and "不相关课程" not in text
    # No diagnosis, no section.
    other = client_for(world.city_admin).get(f"/enterprises/{world.enterprise_b.pk}/")
    assert "推荐培训课程" not in other.content.decode()
