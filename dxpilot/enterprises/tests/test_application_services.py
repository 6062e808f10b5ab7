"""Application services: every transition, and every refusal leaves the database unchanged."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from dxpilot.audit.models import AuditEntry
from dxpilot.enterprises import services
from dxpilot.enterprises.models import (
    Application,
    ApplicationEvent,
    AttachmentKind,
    Enterprise,
    SrdiTier,
)
from dxpilot.enterprises.tests.application_helpers import (
    admitted,
    applicant,
    close_batch,
    district_passed,
    draft,
    footprint,
    open_batch,
    pdf,
    returned,
    submitted,
)
from dxpilot.programs.models import Batch
from dxpilot.testing import World

S = Application.Status
A = ApplicationEvent.Action


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]


def actions(application: Application) -> list[str]:
    return list(application.events.order_by("at", "pk").values_list("action", flat=True))


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


class TestStartingAnApplication:
    def test_it_opens_a_draft_with_an_event_and_an_audit_entry(self, world: World) -> None:
        batch = open_batch(world)
        application = services.start_application(batch.pk, actor=world.enterprise_user)
        assert (application.status, application.version, application.batch, application.enterprise) == (
            S.DRAFT, 0, batch, world.enterprise_a,
        )  # fmt: skip
        assert actions(application) == [A.START]
        assert AuditEntry.objects.filter(
            action="application.start", object_id=str(application.pk)
        ).exists()

    def test_outside_the_window_it_names_the_window(self, world: World) -> None:
        batch = Batch.objects.get(
            program=world.program, kind="enterprise", number=3
        )  # 2025-01-06 … 2025-03-31
        today = timezone.localdate().isoformat()
        with pytest.raises(ValidationError) as exc:
            services.start_application(batch.pk, actor=world.enterprise_user)
        assert messages(exc)["batch"] == [
            f"“2025年第一批试点企业”的申报时间为 2025-01-06 至 2025-03-31，今天（{today}）不在申报时间内。"
        ]
        assert not Application.objects.exists()

    def test_a_provider_batch_is_not_an_enterprise_window(self, world: World) -> None:
        batch = Batch.objects.get(program=world.program, kind="provider")
        with pytest.raises(ValidationError) as exc:
            services.start_application(batch.pk, actor=world.enterprise_user)
        assert messages(exc)["batch"][0] == "“2024年数字化服务商遴选”不是试点企业申报批次。"

    def test_only_an_enterprise_user_applies(self, world: World) -> None:
        batch = open_batch(world)
        for user in (world.officer_a, world.city_admin, world.provider_user):
            with pytest.raises(PermissionDenied):
                services.start_application(batch.pk, actor=user)
        assert not Application.objects.exists()

    def test_a_second_live_application_in_the_same_batch_is_refused(self, world: World) -> None:
        first = draft(world, complete=False)
        with pytest.raises(ValidationError) as exc:
            services.start_application(first.batch_id, actor=world.enterprise_user)
        assert messages(exc)["batch"] == [
            "本企业在“2025年第一批试点企业”已有申报（状态：“草稿”），请在原申报中继续。"
        ]
        assert Application.objects.count() == 1

    def test_a_large_enterprise_is_refused_with_the_rule(self, world: World) -> None:
        user = applicant(world, 1, employees=1500, revenue=60000)
        with pytest.raises(ValidationError) as exc:
            services.start_application(open_batch(world).pk, actor=user)
        assert messages(exc)["eligibility"] == [
            "中小企业：从业人员 1500 人、营业收入 60,000.00 万元，按《中小企业划型标准规定》（工信部联企业〔2011〕300号）工业标准属于大型企业，不属于中小企业。"
        ]


class TestFilesAndDeclaration:
    def test_a_file_is_typed_by_content_hashed_and_a_new_one_supersedes_the_old(
        self, world: World
    ) -> None:
        application = draft(world)
        old = application.attachments.get(kind=AttachmentKind.PLAN, is_current=True)
        new = services.attach_file(application.pk, actor=world.enterprise_user, kind=AttachmentKind.PLAN,
                                   upload=pdf("方案v2.pdf", b"%PDF-1.7 v2"))  # fmt: skip
        old.refresh_from_db()
        assert (old.is_current, new.is_current, new.content_type) == (
            False,
            True,
            "application/pdf",
        )
        assert new.sha256 == hashlib.sha256(b"%PDF-1.7 v2").hexdigest()
        assert new.file.read() == b"%PDF-1.7 v2"
        assert application.attachments.count() == 4  # kept, never deleted

    def test_a_fake_pdf_is_refused_by_its_content(self, world: World) -> None:
        application = draft(world, complete=False)
        before = footprint(application)
        with pytest.raises(ValidationError) as exc:
            services.attach_file(application.pk, actor=world.enterprise_user, kind=AttachmentKind.DECLARATION,
                                 upload=pdf("申报书.pdf", b"MZ\x90\x00 not a pdf"))  # fmt: skip
        assert messages(exc)["file"] == [
            "文件“申报书.pdf”的内容不是允许的类型（PDF、JPG、PNG、DOCX、XLSX），已拒绝。"
        ]
        assert footprint(application) == before

    def test_a_file_over_the_size_limit_is_refused(self, world: World, settings: object) -> None:
        settings.UPLOAD_MAX_BYTES = 1024 * 1024  # type: ignore[attr-defined]
        application = draft(world, complete=False)
        before = footprint(application)
        big = pdf("报表.pdf", b"%PDF-1.4" + b"0" * (2 * 1024 * 1024))
        with pytest.raises(ValidationError) as exc:
            services.attach_file(
                application.pk,
                actor=world.enterprise_user,
                kind=AttachmentKind.FINANCIALS,
                upload=big,
            )
        assert messages(exc)["file"] == ["文件大小 2.1 MB 超过上限 1.0 MB。"]
        assert footprint(application) == before

    def test_officials_cannot_upload_or_edit_for_the_enterprise(self, world: World) -> None:
        application = draft(world, complete=False)
        with pytest.raises(PermissionDenied):
            services.attach_file(application.pk, actor=world.officer_a, kind="plan", upload=pdf())
        with pytest.raises(PermissionDenied):
            services.update_declaration(
                application.pk, actor=world.city_admin, needs_summary="x", previously_funded=False
            )

    def test_a_submitted_application_is_no_longer_editable(self, world: World) -> None:
        application = submitted(world)
        before = footprint(application)
        with pytest.raises(ValidationError) as exc:
            services.attach_file(
                application.pk, actor=world.enterprise_user, kind="other", upload=pdf()
            )
        assert messages(exc)["status"] == ["该申报当前状态为“待县区初审”，不能修改。"]
        assert footprint(application) == before

    def test_a_retired_file_is_kept_but_no_longer_counts(self, world: World) -> None:
        application = draft(world)
        declaration = application.attachments.get(kind=AttachmentKind.DECLARATION)
        services.retire_attachment(declaration.pk, actor=world.enterprise_user)
        declaration.refresh_from_db()
        assert declaration.is_current is False
        with pytest.raises(ValidationError) as exc:
            services.submit_application(application.pk, actor=world.enterprise_user, pledge=True)
        assert messages(exc)["attachments"] == ["请上传“申报书”。"]


class TestSubmitting:
    def test_it_submits_with_the_pledge_and_keeps_the_eligibility_it_saw(
        self, world: World
    ) -> None:
        application = submitted(world)
        assert (application.status, application.version) == (S.SUBMITTED, 1)
        assert application.pledged_at is not None and application.submitted_at is not None
        assert application.eligibility["verdict"] == "met"
        assert actions(application) == [A.START, A.SUBMIT]

    def test_every_missing_piece_is_listed_at_once_and_nothing_changes(self, world: World) -> None:
        application = draft(world, complete=False)
        before = footprint(application)
        with pytest.raises(ValidationError) as exc:
            services.submit_application(application.pk, actor=world.enterprise_user, pledge=False)
        assert messages(exc) == {
            "pledge": ["提交前请阅读并勾选真实性承诺。"],
            "needs_summary": ["请填写数字化转型需求简述。"],
            "previously_funded": ["请声明是否曾获中央财政资金支持。"],
            "attachments": [
                "请上传“申报书”。",
                "请上传“近两年财务报表”。",
                "请上传“数字化转型需求或方案”。",
            ],
        }
        assert footprint(application) == before

    def test_no_pledge_alone_is_refused(self, world: World) -> None:
        application = draft(world)
        before = footprint(application)
        with pytest.raises(ValidationError) as exc:
            services.submit_application(application.pk, actor=world.enterprise_user, pledge=False)
        assert messages(exc) == {"pledge": ["提交前请阅读并勾选真实性承诺。"]}
        assert footprint(application) == before

    def test_declared_central_funding_blocks_the_submission(self, world: World) -> None:
        application = draft(world)
        services.update_declaration(application.pk, actor=world.enterprise_user, needs_summary="需求",
                                    previously_funded=True, funding_note="2022年试点")  # fmt: skip
        with pytest.raises(ValidationError) as exc:
            services.submit_application(application.pk, actor=world.enterprise_user, pledge=True)
        assert messages(exc)["eligibility"][0].startswith(
            "未重复享受支持：企业声明曾获中央财政资金支持（2022年试点）。"
        )

    def test_a_draft_cannot_be_submitted_after_the_window_closed(self, world: World) -> None:
        application = draft(world)
        close_batch(application.batch)
        before = footprint(application)
        with pytest.raises(ValidationError) as exc:
            services.submit_application(application.pk, actor=world.enterprise_user, pledge=True)
        assert "不在申报时间内" in messages(exc)["batch"][0]
        assert footprint(application) == before

    def test_only_the_enterprise_submits(self, world: World) -> None:
        application = draft(world)
        with pytest.raises(PermissionDenied) as exc:
            services.submit_application(application.pk, actor=world.officer_a, pledge=True)
        assert str(exc.value) == "只有申报企业本身可以提交申报。"

    def test_another_enterprise_cannot_reach_it(self, world: World) -> None:
        application = draft(world)
        other = applicant(world, 2)
        with pytest.raises(ValidationError) as exc:
            services.submit_application(application.pk, actor=other, pledge=True)
        assert exc.value.messages == ["没有找到该申报，或不在您的管辖范围。"]


class TestDistrictReview:
    def test_the_officer_of_the_division_passes_it_to_the_city(self, world: World) -> None:
        application = district_passed(world)
        assert (application.status, application.version) == (S.DISTRICT_PASSED, 2)
        event = application.events.get(action=A.DISTRICT_PASS)
        assert (event.actor, event.from_status, event.to_status, event.comment) == (
            world.officer_a, S.SUBMITTED, S.DISTRICT_PASSED, "材料齐全。",
        )  # fmt: skip

    def test_a_return_keeps_every_reason_for_the_enterprise(self, world: World) -> None:
        application = submitted(world)
        services.return_application(application.pk, actor=world.officer_a,
                                    reasons=["申报书未盖章。", " ", "财务报表缺2023年。", "申报书未盖章。"])  # fmt: skip
        application.refresh_from_db()
        assert (application.status, application.reasons, application.return_count) == (
            S.RETURNED, ["申报书未盖章。", "财务报表缺2023年。"], 1,
        )  # fmt: skip
        assert application.events.get(action=A.RETURN).reasons == [
            "申报书未盖章。",
            "财务报表缺2023年。",
        ]

    def test_a_return_without_a_reason_is_refused(self, world: World) -> None:
        application = submitted(world)
        before = footprint(application)
        with pytest.raises(ValidationError) as exc:
            services.return_application(application.pk, actor=world.officer_a, reasons=["", "  "])
        assert messages(exc) == {"reasons": ["请至少写明一条退回原因。"]}
        assert footprint(application) == before

    def test_an_officer_of_another_division_cannot_reach_it(self, world: World) -> None:
        application = submitted(world)
        before = footprint(application)
        with pytest.raises(ValidationError) as exc:
            services.pass_district_review(application.pk, actor=world.officer_b)
        assert exc.value.messages == ["没有找到该申报，或不在您的管辖范围。"]
        assert footprint(application) == before

    def test_the_officer_of_the_zone_reaches_it_too(self, world: World) -> None:
        from dxpilot.accounts.services import create_user
        from dxpilot.testing import PASSWORD

        Enterprise.objects.filter(pk=world.enterprise_a.pk).update(zone=world.zone)
        zone_officer = create_user(actor=None, username="zoe", password=PASSWORD, role="district_officer",
                                   division_ids=[world.zone.pk])  # fmt: skip
        application = submitted(world)
        assert (
            services.pass_district_review(application.pk, actor=zone_officer).status
            == S.DISTRICT_PASSED
        )

    def test_the_city_admin_does_not_do_the_district_review(self, world: World) -> None:
        application = submitted(world)
        with pytest.raises(PermissionDenied) as exc:
            services.pass_district_review(application.pk, actor=world.city_admin)
        assert str(exc.value) == "县区初审由企业所在县区（开发区）的工作人员办理。"

    def test_a_draft_cannot_be_reviewed(self, world: World) -> None:
        application = draft(world)
        before = footprint(application)
        with pytest.raises(ValidationError) as exc:
            services.pass_district_review(application.pk, actor=world.officer_a)
        assert messages(exc) == {"status": ["该申报当前状态为“草稿”，不能通过初审。"]}
        assert footprint(application) == before


class TestResubmitting:
    def test_a_returned_application_is_corrected_and_resubmitted_even_after_the_deadline(
        self, world: World
    ) -> None:
        application = returned(world)
        close_batch(application.batch)
        services.attach_file(application.pk, actor=world.enterprise_user, kind=AttachmentKind.DECLARATION,
                             upload=pdf("申报书（盖章）.pdf"))  # fmt: skip
        application = services.resubmit_application(
            application.pk, actor=world.enterprise_user, pledge=True
        )
        assert application.status == S.RESUBMITTED
        application = services.pass_district_review(application.pk, actor=world.officer_a)
        assert actions(application) == [A.START, A.SUBMIT, A.RETURN, A.RESUBMIT, A.DISTRICT_PASS]

    def test_resubmitting_needs_the_pledge_again(self, world: World) -> None:
        application = returned(world)
        before = footprint(application)
        with pytest.raises(ValidationError) as exc:
            services.resubmit_application(application.pk, actor=world.enterprise_user, pledge=False)
        assert messages(exc) == {"pledge": ["提交前请阅读并勾选真实性承诺。"]}
        assert footprint(application) == before

    def test_submit_is_not_resubmit(self, world: World) -> None:
        application = returned(world)
        with pytest.raises(ValidationError) as exc:
            services.submit_application(application.pk, actor=world.enterprise_user, pledge=True)
        assert messages(exc) == {"status": ["该申报当前状态为“已退回修改”，不能提交。"]}


class TestCityDecision:
    def test_admission_makes_the_enterprise_a_pilot_of_the_batch(self, world: World) -> None:
        application = admitted(world)
        world.enterprise_a.refresh_from_db()
        assert (application.status, world.enterprise_a.is_pilot) == (S.ADMITTED, True)
        assert application.admitted_at is not None and application.decided_at is not None
        assert AuditEntry.objects.filter(action="enterprise.update", object_id=str(world.enterprise_a.pk),
                                         changes__is_pilot=[False, True]).exists()  # fmt: skip

    def test_the_city_returns_it_to_the_enterprise(self, world: World) -> None:
        application = district_passed(world)
        services.return_application(
            application.pk, actor=world.city_admin, reasons=["方案缺少改造目标。"]
        )
        application.refresh_from_db()
        assert (application.status, application.reasons) == (S.RETURNED, ["方案缺少改造目标。"])
        assert application.events.get(action=A.RETURN).from_status == S.DISTRICT_PASSED

    def test_the_city_rejects_it_with_reasons(self, world: World) -> None:
        application = district_passed(world)
        services.reject_application(
            application.pk, actor=world.city_admin, reasons=["已获2022年中央财政支持。"]
        )
        application.refresh_from_db()
        world.enterprise_a.refresh_from_db()
        assert (application.status, application.reasons, world.enterprise_a.is_pilot) == (
            S.REJECTED, ["已获2022年中央财政支持。"], False,
        )  # fmt: skip

    def test_a_rejection_needs_a_reason(self, world: World) -> None:
        application = district_passed(world)
        before = footprint(application)
        with pytest.raises(ValidationError) as exc:
            services.reject_application(application.pk, actor=world.city_admin, reasons=[])
        assert messages(exc) == {"reasons": ["请至少写明一条不通过原因。"]}
        assert footprint(application) == before

    @pytest.mark.parametrize("who", ["officer_a", "finance", "enterprise_user"])
    def test_only_the_city_admin_decides(self, world: World, who: str) -> None:
        application = district_passed(world)
        before = footprint(application)
        with pytest.raises((PermissionDenied, ValidationError)):
            services.admit_application(application.pk, actor=getattr(world, who))
        with pytest.raises((PermissionDenied, ValidationError)):
            services.reject_application(application.pk, actor=getattr(world, who), reasons=["x"])
        assert footprint(application) == before

    def test_the_city_cannot_admit_what_the_district_has_not_passed(self, world: World) -> None:
        application = submitted(world)
        before = footprint(application)
        with pytest.raises(ValidationError) as exc:
            services.admit_application(application.pk, actor=world.city_admin)
        assert messages(exc) == {"status": ["该申报当前状态为“待县区初审”，不能入库。"]}
        assert footprint(application) == before

    def test_a_full_batch_refuses_one_more(self, world: World) -> None:
        first = admitted(world)
        Batch.objects.filter(pk=first.batch_id).update(quota=1)
        second = district_passed(world, user=applicant(world, 3))
        before = footprint(second)
        with pytest.raises(ValidationError) as exc:
            services.admit_application(second.pk, actor=world.city_admin)
        assert messages(exc) == {"batch": ["“2025年第一批试点企业”名额 1 家已满（已入库 1 家）。"]}
        assert footprint(second) == before


class TestTwoOfficialsAtOnce:
    """Both read the same state; the second decision, made on that stale state, must be refused
    (the row lock serialises them; the state and version are checked again under the lock)."""

    def test_admit_then_reject_on_the_same_page_refuses_the_second(self, world: World) -> None:
        application = district_passed(world)
        seen = application.version
        services.admit_application(application.pk, actor=world.city_admin, expected_version=seen)
        before = footprint(application)
        with pytest.raises(ValidationError) as exc:
            services.reject_application(
                application.pk, actor=world.city_admin, reasons=["x"], expected_version=seen
            )
        assert messages(exc) == {
            "status": ["该申报已被他人处理（当前状态：“已入库”），请刷新页面后再操作。"]
        }
        assert footprint(application) == before

    def test_without_a_version_the_state_check_still_refuses_the_second(self, world: World) -> None:
        application = district_passed(world)
        services.admit_application(application.pk, actor=world.city_admin)
        with pytest.raises(ValidationError) as exc:
            services.admit_application(application.pk, actor=world.city_admin)
        assert messages(exc)["status"] == ["该申报当前状态为“已入库”，不能入库。"]
        assert application.events.filter(action=A.ADMIT).count() == 1

    def test_two_district_officers_pass_and_return_at_once(self, world: World) -> None:
        from dxpilot.accounts.services import create_user
        from dxpilot.testing import PASSWORD

        colleague = create_user(actor=None, username="dan", password=PASSWORD, role="district_officer",
                                division_ids=[world.division_a.pk])  # fmt: skip
        application = submitted(world)
        seen = application.version
        services.pass_district_review(application.pk, actor=world.officer_a, expected_version=seen)
        with pytest.raises(ValidationError) as exc:
            services.return_application(
                application.pk, actor=colleague, reasons=["材料不全"], expected_version=seen
            )
        assert "已被他人处理" in messages(exc)["status"][0]
        application.refresh_from_db()
        assert application.status == S.DISTRICT_PASSED and application.reasons == []

    def test_a_pass_decided_on_the_old_version_cannot_land_on_a_resubmission(
        self, world: World
    ) -> None:
        application = submitted(world)
        seen = application.version
        services.return_application(application.pk, actor=world.officer_a, reasons=["补充盖章"])
        services.resubmit_application(application.pk, actor=world.enterprise_user, pledge=True)
        with pytest.raises(ValidationError):
            services.pass_district_review(
                application.pk, actor=world.officer_a, expected_version=seen
            )


class TestWithdrawalAndReplacement:
    def test_the_enterprise_withdraws_and_may_apply_again_in_the_window(self, world: World) -> None:
        application = submitted(world)
        services.withdraw_application(
            application.pk, actor=world.enterprise_user, reason="暂缓申报"
        )
        application.refresh_from_db()
        assert (application.status, application.left_the_pilot) == (S.WITHDRAWN, False)
        again = services.start_application(application.batch_id, actor=world.enterprise_user)
        assert again.pk != application.pk and Application.objects.count() == 2

    def test_a_withdrawal_needs_a_reason(self, world: World) -> None:
        application = submitted(world)
        before = footprint(application)
        with pytest.raises(ValidationError) as exc:
            services.withdraw_application(application.pk, actor=world.enterprise_user, reason=" ")
        assert messages(exc) == {"reason": ["请写明撤回原因。"]}
        assert footprint(application) == before

    def test_leaving_after_admission_clears_the_pilot_flag_and_a_replacement_takes_the_seat(
        self, world: World
    ) -> None:
        leaver = admitted(world)
        services.withdraw_application(
            leaver.pk, actor=world.enterprise_user, reason="经营调整，退出试点"
        )
        leaver.refresh_from_db()
        world.enterprise_a.refresh_from_db()
        assert leaver.left_the_pilot and world.enterprise_a.is_pilot is False
        waiting = district_passed(world, user=applicant(world, 4))
        replacement = services.admit_application(
            waiting.pk, actor=world.city_admin, replaces_id=leaver.pk
        )
        assert replacement.replaces == leaver
        assert leaver.events.filter(action=A.REPLACE).count() == 1
        assert Application.objects.filter(pk=leaver.pk).exists()  # never deleted

    def test_a_seat_is_replaced_once(self, world: World) -> None:
        leaver = admitted(world)
        services.withdraw_application(leaver.pk, actor=world.city_admin, reason="企业注销")
        first = district_passed(world, user=applicant(world, 5))
        services.admit_application(first.pk, actor=world.city_admin, replaces_id=leaver.pk)
        second = district_passed(world, user=applicant(world, 6))
        before = footprint(second)
        with pytest.raises(ValidationError) as exc:
            services.admit_application(second.pk, actor=world.city_admin, replaces_id=leaver.pk)
        assert messages(exc)["replaces"] == ["“测试企业EQ001N有限公司”的名额已经递补。"]
        assert footprint(second) == before

    def test_only_a_withdrawn_admission_can_be_replaced(self, world: World) -> None:
        pending = submitted(world)
        waiting = district_passed(world, user=applicant(world, 7))
        with pytest.raises(ValidationError) as exc:
            services.admit_application(waiting.pk, actor=world.city_admin, replaces_id=pending.pk)
        assert messages(exc)["replaces"] == ["只能递补本批次已入库后又撤回的企业。"]

    def test_the_district_cannot_withdraw_and_the_city_only_revokes_admissions(
        self, world: World
    ) -> None:
        application = submitted(world)
        with pytest.raises(PermissionDenied):
            services.withdraw_application(application.pk, actor=world.officer_a, reason="x")
        with pytest.raises(ValidationError) as exc:
            services.withdraw_application(application.pk, actor=world.city_admin, reason="x")
        assert messages(exc) == {"status": ["该申报当前状态为“待县区初审”，不能撤回。"]}


def test_a_little_giant_may_submit_but_reviewers_see_the_check(world: World) -> None:
    Enterprise.objects.filter(pk=world.enterprise_a.pk).update(srdi_tier=SrdiTier.LITTLE_GIANT)
    application = submitted(world)
    assert application.eligibility["verdict"] == "review"


def test_dates_are_the_local_calendar_day(world: World) -> None:
    batch = open_batch(world)
    Batch.objects.filter(pk=batch.pk).update(opens_on=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError):
        services.start_application(batch.pk, actor=world.enterprise_user)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks; PostgreSQL pass only"
)
def test_two_decisions_at_the_same_moment_are_serialised_by_the_row_lock(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two city officials press "入库" and "不通过" together: the second waits for the first's lock,
    then finds the state changed and is refused. Without the lock both would succeed."""
    application = district_passed(world)
    from dxpilot.enterprises.services import transitions

    real_record = transitions.record

    def slow_record(**kwargs: object) -> object:
        time.sleep(0.3)  # hold the row lock a while, so the other decision must wait for it
        return real_record(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(transitions, "record", slow_record)  # every move writes through it
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            call()
            outcomes.append("done")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(lambda: services.admit_application(application.pk, actor=world.city_admin),)),
        threading.Thread(target=decide, args=(lambda: services.reject_application(application.pk, actor=world.city_admin, reasons=["x"]),)),
    ]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes)[0] == "done" and "不能" in sorted(outcomes)[1], outcomes
    decisions = application.events.filter(action__in=[A.ADMIT, A.REJECT])
    assert decisions.count() == 1
