"""The assessment records: self-assessment, assignment, on-site changes with reasons, locking."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dxpilot.assessment import services
from dxpilot.assessment.models import Assessment, Override
from dxpilot.assessment.tests.sheets import LEVEL_TWO_ANSWERS, LEVEL_TWO_TOTAL, level_two_scenes
from dxpilot.audit.models import AuditEntry
from dxpilot.testing import World


def submitted_self(world: World) -> Assessment:
    a = services.start_self_assessment(world.enterprise_a.pk, actor=world.enterprise_user)
    services.save_draft(
        a.pk, actor=world.enterprise_user, answers=LEVEL_TWO_ANSWERS, scenes=level_two_scenes()
    )
    return services.submit_self_assessment(a.pk, actor=world.enterprise_user, pledge=True)


def onsite(world: World) -> Assessment:
    submitted_self(world)
    return services.assign_assessor(
        world.enterprise_a.pk,
        kind="onsite_before",
        assessor_id=world.assessor.pk,
        actor=world.city_admin,
    )


def test_self_assessment_is_scored_on_submit(world: World) -> None:
    a = submitted_self(world)
    assert a.status == Assessment.Status.SUBMITTED
    assert str(a.total) == LEVEL_TWO_TOTAL
    assert a.level == 2
    assert a.level_name == "二级"
    a.refresh_from_db()
    stored = dict(a.result)  # figures and codes only, no words in any language
    assert "level_name" not in stored
    assert all("message" not in item for item in stored["rules"] + stored["gaps"])
    assert a.pledged_at is not None


def test_starting_twice_reuses_the_open_draft(world: World) -> None:
    a = services.start_self_assessment(world.enterprise_a.pk, actor=world.enterprise_user)
    b = services.start_self_assessment(world.enterprise_a.pk, actor=world.enterprise_user)
    assert a.pk == b.pk


def test_submit_without_pledge_and_missing_answers_lists_every_problem(world: World) -> None:
    a = services.start_self_assessment(world.enterprise_a.pk, actor=world.enterprise_user)
    partial = {k: v for k, v in LEVEL_TWO_ANSWERS.items() if k not in ("B1.2", "E3.2")}
    services.save_draft(a.pk, actor=world.enterprise_user, answers=partial, scenes={})
    with pytest.raises(ValidationError) as exc:
        services.submit_self_assessment(a.pk, actor=world.enterprise_user, pledge=False)
    errors = exc.value.message_dict
    assert "pledge" in errors
    assert "answers.B1.2" in errors and "answers.E3.2" in errors
    assert any(key.startswith("scenes.") for key in errors)
    a.refresh_from_db()
    assert a.status == Assessment.Status.DRAFT and a.result is None


def test_draft_refuses_invalid_answers_and_keeps_the_old_ones(world: World) -> None:
    a = services.start_self_assessment(world.enterprise_a.pk, actor=world.enterprise_user)
    services.save_draft(a.pk, actor=world.enterprise_user, answers={"B1.2": "D"}, scenes={})
    with pytest.raises(ValidationError) as exc:
        services.save_draft(
            a.pk,
            actor=world.enterprise_user,
            answers={"B1.2": "Z", "X9.9": "A", "B1.3": ["B", "C"]},
            scenes={"产品设计": 7},
        )
    errors = exc.value.message_dict
    assert set(errors) == {"answers.B1.2", "answers.X9.9", "answers.B1.3", "scenes.产品设计"}
    a.refresh_from_db()
    assert a.answers == {"B1.2": "D"}


def test_only_the_enterprise_itself_fills_its_self_assessment(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.start_self_assessment(world.enterprise_a.pk, actor=world.officer_a)


def test_assignment_copies_the_self_answers_as_reference(world: World) -> None:
    a = onsite(world)
    assert a.reference is not None and a.answers == a.reference.answers
    assert a.status == Assessment.Status.DRAFT and a.assessor == world.assessor


def test_assessor_of_a_serving_provider_is_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.assessor.provider = world.provider
    world.assessor.save()
    monkeypatch.setattr(services, "serving_provider_ids", lambda enterprise: {world.provider.pk})
    with pytest.raises(ValidationError) as exc:
        services.assign_assessor(
            world.enterprise_a.pk,
            kind="onsite_before",
            assessor_id=world.assessor.pk,
            actor=world.city_admin,
        )
    assert "回避" in exc.value.message_dict["assessor"][0]
    assert not Assessment.objects.filter(kind="onsite_before").exists()


def test_district_officer_cannot_assign_outside_their_division(world: World) -> None:
    with pytest.raises(ValidationError):
        services.assign_assessor(
            world.enterprise_b.pk,
            kind="onsite_before",
            assessor_id=world.assessor.pk,
            actor=world.officer_a,
        )


def test_changing_an_answer_needs_a_reason_and_keeps_the_self_value(world: World) -> None:
    a = onsite(world)
    with pytest.raises(ValidationError) as exc:
        services.set_onsite_value(a.pk, actor=world.assessor, item="B1.2", value="B")
    assert "理由" in exc.value.message_dict["reason"][0]
    services.set_onsite_value(
        a.pk, actor=world.assessor, item="B1.2", value="B", reason="现场清点仅 15% 设备数字化"
    )
    a.refresh_from_db()
    assert a.answers["B1.2"] == "B"
    assert a.reference.answers["B1.2"] == "D"
    override = Override.objects.get(assessment=a)
    assert (override.self_value, override.value) == ("D", "B")


def test_only_the_assigned_assessor_changes_values(world: World) -> None:
    a = onsite(world)
    with pytest.raises(ValidationError):
        services.set_onsite_value(a.pk, actor=world.officer_b, item="B1.2", value="B", reason="x")
    with pytest.raises(PermissionDenied):
        services.set_onsite_value(a.pk, actor=world.city_admin, item="B1.2", value="B", reason="x")


def test_locking_scores_updates_the_enterprise_and_freezes_the_record(world: World) -> None:
    a = onsite(world)
    locked = services.lock_assessment(a.pk, actor=world.assessor, assessed_on=date(2025, 3, 2))
    assert locked.status == Assessment.Status.LOCKED and locked.level == 2
    world.enterprise_a.refresh_from_db()
    assert world.enterprise_a.level == 2 and str(world.enterprise_a.level_total) == LEVEL_TWO_TOTAL
    with pytest.raises(ValidationError) as exc:
        services.set_onsite_value(a.pk, actor=world.assessor, item="B1.2", value="D")
    assert exc.value.code == "locked"
    assert AuditEntry.objects.filter(action="assessment.lock").exists()


def test_evidence_is_checked_by_content(world: World) -> None:
    a = onsite(world)
    fake = SimpleUploadedFile("photo.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.attach_evidence(a.pk, actor=world.assessor, item="B1.2", upload=fake)
    assert "photo.pdf" in exc.value.message_dict["file"][0]
    pdf = SimpleUploadedFile("清单.pdf", b"%PDF-1.4 minimal", content_type="application/pdf")
    evidence = services.attach_evidence(a.pk, actor=world.assessor, item="B1.2", upload=pdf)
    assert len(evidence.sha256) == 64 and evidence.content_type == "application/pdf"


def test_self_assessment_pages_autosave_and_submit(world: World) -> None:
    client = Client()
    client.force_login(world.enterprise_user)
    response = client.post("/assessment/start-self/")
    assert response.status_code == 302
    a = Assessment.objects.get(kind="self")
    page = client.get(f"/assessment/{a.pk}/fill/")
    assert page.status_code == 200 and "设备数字化" in page.content.decode()
    saved = client.post(
        f"/assessment/{a.pk}/autosave/",
        {"q_B1.2": "D", "q_B1.1": ["B", "C"]},
        HTTP_HX_REQUEST="true",
    )
    assert "已自动保存" in saved.content.decode()
    a.refresh_from_db()
    assert a.answers == {"B1.2": "D", "B1.1": ["B", "C"]}
    refused = client.post(f"/assessment/{a.pk}/submit/", {"q_B1.2": "D"})
    assert refused.status_code == 200 and "真实性承诺" in refused.content.decode()
    form = {f"q_{k}": v for k, v in LEVEL_TWO_ANSWERS.items()}
    form.update({f"s_{k}": str(v) for k, v in level_two_scenes().items()})
    form["pledge"] = "on"
    done = client.post(f"/assessment/{a.pk}/submit/", form)
    assert done.status_code == 302
    a.refresh_from_db()
    assert a.status == "submitted" and a.level == 2


def test_other_enterprise_gets_404_on_a_foreign_assessment(world: World) -> None:
    a = submitted_self(world)
    client = Client()
    client.force_login(world.officer_b)
    assert client.get(f"/assessment/{a.pk}/fill/").status_code == 404


def test_an_assessment_cannot_be_locked_with_a_date_in_the_future(world: World) -> None:
    a = onsite(world)
    with pytest.raises(ValidationError) as exc:
        services.lock_assessment(a.pk, actor=world.assessor, assessed_on=date(2030, 1, 1))
    assert "assessed_on" in exc.value.message_dict
    a.refresh_from_db()
    assert a.status == Assessment.Status.DRAFT


def test_the_lock_form_says_the_date_is_in_the_future(world: World) -> None:
    from dxpilot.testing import client_for

    a = onsite(world)
    response = client_for(world.assessor).post(
        f"/assessment/{a.pk}/lock/", {"assessed_on": "2030-01-01", "confirm": "on"}
    )
    assert response.status_code == 200
    assert "晚于今天" in response.content.decode()
    a.refresh_from_db()
    assert a.status == Assessment.Status.DRAFT
