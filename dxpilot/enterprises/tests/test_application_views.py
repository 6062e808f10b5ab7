"""Application pages: works; out of scope → 404; wrong role → 403; wrong method → 405; bad input →
the exact Chinese message with the database unchanged; queues cost the same queries at any size."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxpilot.audit.models import AuditEntry
from dxpilot.enterprises import services
from dxpilot.enterprises.models import Application, AttachmentKind
from dxpilot.enterprises.tests.application_helpers import (
    admitted,
    applicant,
    district_passed,
    draft,
    footprint,
    open_batch,
    pdf,
    returned,
    submitted,
)
from dxpilot.testing import World, client_for

S = Application.Status
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]


def url(application: Application, action: str = "") -> str:
    return f"/enterprises/applications/{application.pk}/" + (f"{action}/" if action else "")


class TestMyApplications:
    def test_it_shows_the_eligibility_the_open_batch_and_the_history(self, world: World) -> None:
        batch = open_batch(world)
        html = (
            client_for(world.enterprise_user)
            .get("/enterprises/applications/mine/")
            .content.decode()
        )
        assert "申报资格自查" in html and "属于试点行业“汽车零部件及配件制造”" in html
        assert f"/enterprises/applications/apply/{batch.pk}/" in html
        assert "还没有申报记录。" in html

    def test_without_an_open_batch_it_names_the_last_window(self, world: World) -> None:
        html = (
            client_for(world.enterprise_user)
            .get("/enterprises/applications/mine/")
            .content.decode()
        )
        assert (
            "当前没有可申报的批次。“2025年第一批试点企业”的申报时间为 2025-01-06 至 2025-03-31。"
            in html
        )

    def test_it_is_for_enterprise_users_only(self, world: World) -> None:
        response = client_for(world.officer_a).get("/enterprises/applications/mine/")
        assert response.status_code == 403
        assert "只有企业用户可以申报试点企业。" in response.content.decode()

    def test_anonymous_visitors_are_sent_to_log_in(self, world: World) -> None:
        response = client_for(None).get("/enterprises/applications/mine/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


class TestApply:
    def test_it_opens_a_draft_and_goes_to_it(self, world: World) -> None:
        batch = open_batch(world)
        response = client_for(world.enterprise_user).post(
            f"/enterprises/applications/apply/{batch.pk}/"
        )
        application = Application.objects.get()
        assert response.status_code == 302 and response["Location"] == url(application)

    def test_outside_the_window_it_explains_on_the_page(self, world: World) -> None:
        batch = world.program.batches.get(kind="enterprise", number=1)
        response = client_for(world.enterprise_user).post(
            f"/enterprises/applications/apply/{batch.pk}/"
        )
        assert response.status_code == 200
        assert (
            "“2024年第一批试点企业”的申报时间为 2024-03-01 至 2024-04-30"
            in response.content.decode()
        )
        assert not Application.objects.exists()

    def test_it_rejects_get(self, world: World) -> None:
        batch = open_batch(world)
        assert (
            client_for(world.enterprise_user)
            .get(f"/enterprises/applications/apply/{batch.pk}/")
            .status_code
            == 405
        )

    def test_officials_cannot_apply(self, world: World) -> None:
        batch = open_batch(world)
        assert (
            client_for(world.officer_a)
            .post(f"/enterprises/applications/apply/{batch.pk}/")
            .status_code
            == 403
        )


class TestDetail:
    def test_the_enterprise_and_its_officials_see_it(self, world: World) -> None:
        application = submitted(world)
        for user in (world.enterprise_user, world.officer_a, world.city_admin, world.finance):
            response = client_for(user).get(url(application))
            assert response.status_code == 200, user.username
            assert "待县区初审" in response.content.decode()

    def test_it_is_404_out_of_scope(self, world: World) -> None:
        application = submitted(world)
        other = applicant(world, 11, division_code="340111")
        for user in (world.officer_b, other, world.assessor, world.provider_user):
            assert client_for(user).get(url(application)).status_code == 404, user.username
        assert (
            client_for(world.city_admin).get("/enterprises/applications/99999/").status_code == 404
        )

    def test_a_returned_application_says_why_to_the_enterprise(self, world: World) -> None:
        application = returned(world)
        html = client_for(world.enterprise_user).get(url(application)).content.decode()
        assert "县区初审退回，请修改后重新提交" in html
        assert "<li>申报书未盖章。</li>" in html
        assert "修改后重新提交" in html and 'name="pledge"' in html

    def test_each_role_is_offered_only_its_own_decisions(self, world: World) -> None:
        application = submitted(world)
        officer = client_for(world.officer_a).get(url(application)).content.decode()
        city = client_for(world.city_admin).get(url(application)).content.decode()
        assert url(application, "pass") in officer and url(application, "admit") not in officer
        assert url(application, "pass") not in city and url(application, "admit") not in city


class TestEnterpriseEditing:
    def test_htmx_saves_the_declaration_and_answers_with_the_partial(self, world: World) -> None:
        application = draft(world, complete=False)
        response = client_for(world.enterprise_user).post(
            url(application, "declaration"),
            {"needs_summary": "上线 MES", "previously_funded": "no"},
            **HTMX,
        )
        assert response.status_code == 200
        assert (
            '<div id="declaration">' in response.content.decode()
            and "已保存。" in response.content.decode()
        )
        application.refresh_from_db()
        assert (application.needs_summary, application.previously_funded) == ("上线 MES", False)

    def test_an_upload_answers_with_the_file_list(self, world: World) -> None:
        application = draft(world, complete=False)
        response = client_for(world.enterprise_user).post(
            url(application, "files"), {"kind": "plan", "file": pdf("方案.pdf")}, **HTMX
        )
        html = response.content.decode()
        assert (
            response.status_code == 200 and '<div id="attachments">' in html and "方案.pdf" in html
        )

    def test_a_fake_pdf_gets_the_exact_message_and_nothing_is_stored(self, world: World) -> None:
        application = draft(world, complete=False)
        client = client_for(world.enterprise_user)
        before = footprint(application)
        response = client.post(
            url(application, "files"),
            {"kind": "plan", "file": pdf("方案.pdf", b"<html>not a pdf</html>")},
            **HTMX,
        )
        assert response.status_code == 200
        assert (
            "文件“方案.pdf”的内容不是允许的类型（PDF、JPG、PNG、DOCX、XLSX），已拒绝。"
            in response.content.decode()
        )
        assert footprint(application) == before

    def test_officials_cannot_upload(self, world: World) -> None:
        application = draft(world, complete=False)
        response = client_for(world.officer_a).post(
            url(application, "files"), {"kind": "plan", "file": pdf()}
        )
        assert response.status_code == 403

    def test_a_download_is_scoped_and_audited(self, world: World) -> None:
        application = submitted(world)
        attachment = application.attachments.get(kind=AttachmentKind.PLAN)
        path = f"/enterprises/applications/files/{attachment.pk}/"
        response = client_for(world.officer_a).get(path)
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(
            b"%PDF"
        )
        assert (
            AuditEntry.objects.filter(
                action="application.download", actor_id=world.officer_a.pk
            ).count()
            == 1
        )
        assert client_for(world.officer_b).get(path).status_code == 404


class TestSubmit:
    def test_it_submits_and_redirects(self, world: World) -> None:
        application = draft(world)
        response = client_for(world.enterprise_user).post(
            url(application, "submit"), {"pledge": "on", "version": 0}
        )
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.status == S.SUBMITTED

    def test_without_the_pledge_it_says_so_and_changes_nothing(self, world: World) -> None:
        application = draft(world)
        client = client_for(world.enterprise_user)
        before = footprint(application)
        response = client.post(url(application, "submit"), {"version": 0})
        assert response.status_code == 200
        assert "提交前请阅读并勾选真实性承诺。" in response.content.decode()
        assert footprint(application) == before

    def test_every_missing_file_is_listed(self, world: World) -> None:
        application = draft(world, complete=False)
        html = (
            client_for(world.enterprise_user)
            .post(url(application, "submit"), {"pledge": "on"})
            .content.decode()
        )
        for text in (
            "请上传“申报书”。",
            "请上传“近两年财务报表”。",
            "请上传“数字化转型需求或方案”。",
            "请填写数字化转型需求简述。",
        ):
            assert text in html

    def test_it_resubmits_a_returned_application(self, world: World) -> None:
        application = returned(world)
        client_for(world.enterprise_user).post(
            url(application, "submit"), {"pledge": "on", "version": application.version}
        )
        application.refresh_from_db()
        assert application.status == S.RESUBMITTED

    def test_it_rejects_get(self, world: World) -> None:
        assert client_for(world.enterprise_user).get(url(draft(world), "submit")).status_code == 405


class TestReviewViews:
    def test_the_district_passes_it(self, world: World) -> None:
        application = submitted(world)
        response = client_for(world.officer_a).post(
            url(application, "pass"), {"version": 1, "comment": "齐全"}
        )
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.status == S.DISTRICT_PASSED

    def test_the_district_returns_it_with_ticked_and_written_reasons(self, world: World) -> None:
        application = submitted(world)
        data = {
            "return-version": 1,
            "return-common": ["材料扫描件不清晰，请重新上传。"],
            "return-other": "缺营业执照\n\n",
        }
        assert client_for(world.officer_a).post(url(application, "return"), data).status_code == 302
        application.refresh_from_db()
        assert application.reasons == ["材料扫描件不清晰，请重新上传。", "缺营业执照"]

    def test_a_return_without_reasons_says_so_and_changes_nothing(self, world: World) -> None:
        application = submitted(world)
        client = client_for(world.officer_a)
        before = footprint(application)
        response = client.post(url(application, "return"), {"return-version": 1})
        assert response.status_code == 200
        assert "请至少写明一条退回原因。" in response.content.decode()
        assert footprint(application) == before

    def test_a_stale_page_is_refused_with_the_current_state(self, world: World) -> None:
        application = submitted(world)
        services.pass_district_review(application.pk, actor=world.officer_a)
        response = client_for(world.officer_a).post(
            url(application, "return"), {"return-version": 1, "return-other": "x"}
        )
        assert response.status_code == 200
        assert (
            "该申报已被他人处理（当前状态：“初审通过，待市级审核”），请刷新页面后再操作。"
            in response.content.decode()
        )

    def test_wrong_roles_get_403(self, world: World) -> None:
        application = submitted(world)
        assert (
            client_for(world.city_admin).post(url(application, "pass"), {"version": 1}).status_code
            == 403
        )
        assert (
            client_for(world.enterprise_user)
            .post(url(application, "pass"), {"version": 1})
            .status_code
            == 403
        )
        assert (
            client_for(world.finance)
            .post(url(application, "return"), {"return-other": "x"})
            .status_code
            == 403
        )
        passed = services.pass_district_review(application.pk, actor=world.officer_a)
        assert (
            client_for(world.officer_a).post(url(passed, "admit"), {"version": 2}).status_code
            == 403
        )
        assert (
            client_for(world.enterprise_user)
            .post(url(passed, "reject"), {"reject-other": "x"})
            .status_code
            == 403
        )

    def test_out_of_scope_officers_get_404(self, world: World) -> None:
        application = submitted(world)
        assert (
            client_for(world.officer_b).post(url(application, "pass"), {"version": 1}).status_code
            == 404
        )
        assert footprint(application)[0] == S.SUBMITTED

    def test_the_city_admits_and_rejects(self, world: World) -> None:
        first = district_passed(world)
        assert (
            client_for(world.city_admin).post(url(first, "admit"), {"version": 2}).status_code
            == 302
        )
        first.refresh_from_db()
        assert first.status == S.ADMITTED and first.enterprise.is_pilot
        second = district_passed(world, user=applicant(world, 12))
        client_for(world.city_admin).post(
            url(second, "reject"), {"reject-version": 2, "reject-other": "已获支持"}
        )
        second.refresh_from_db()
        assert (second.status, second.reasons) == (S.REJECTED, ["已获支持"])

    def test_decisions_reject_get(self, world: World) -> None:
        application = submitted(world)
        for action in ("pass", "return", "admit", "reject", "withdraw", "declaration", "files"):
            assert client_for(world.city_admin).get(url(application, action)).status_code == 405, (
                action
            )

    def test_the_enterprise_withdraws(self, world: World) -> None:
        application = admitted(world)
        response = client_for(world.enterprise_user).post(
            url(application, "withdraw"), {"withdraw-reason": "退出试点", "withdraw-version": 3}
        )
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.left_the_pilot


class TestQueue:
    def test_the_officer_sees_the_division_s_applications_waiting_for_them(
        self, world: World
    ) -> None:
        mine = submitted(world)
        theirs = submitted(world, user=applicant(world, 21, division_code="340111"))
        html = client_for(world.officer_a).get("/enterprises/applications/").content.decode()
        assert url(mine) in html and url(theirs) not in html
        assert 'value="todo" checked' in html

    def test_the_city_queue_defaults_to_what_the_districts_passed(self, world: World) -> None:
        waiting = submitted(world)
        passed = district_passed(world, user=applicant(world, 22))
        html = client_for(world.city_admin).get("/enterprises/applications/").content.decode()
        assert url(passed) in html and url(waiting) not in html
        everything = (
            client_for(world.city_admin).get("/enterprises/applications/?status=").content.decode()
        )
        assert url(passed) in everything and url(waiting) in everything

    def test_htmx_gets_the_rows_and_fresh_counts(self, world: World) -> None:
        submitted(world)
        response = client_for(world.officer_a).get(
            "/enterprises/applications/?status=submitted", **HTMX
        )
        html = response.content.decode()
        assert "<table" in html and "<html" not in html
        assert '<span class="count" id="count-submitted" hx-swap-oob="true">1</span>' in html

    def test_filters_by_batch_division_and_name(self, world: World) -> None:
        application = submitted(world)
        client = client_for(world.city_admin)
        base = "/enterprises/applications/?status="
        assert (
            url(application) in client.get(f"{base}&batch={application.batch_id}").content.decode()
        )
        assert url(application) not in client.get(f"{base}&batch=1").content.decode()
        assert (
            url(application)
            in client.get(f"{base}&division={world.division_a.pk}").content.decode()
        )
        assert (
            url(application)
            not in client.get(f"{base}&division={world.division_b.pk}").content.decode()
        )
        assert url(application) in client.get(f"{base}&q=EQ001").content.decode()

    def test_enterprises_assessors_and_providers_get_403(self, world: World) -> None:
        for user in (world.enterprise_user, world.assessor, world.provider_user):
            response = client_for(user).get("/enterprises/applications/")
            assert response.status_code == 403, user.username
        assert (
            "申报审核仅对主管部门开放。"
            in client_for(world.enterprise_user).get("/enterprises/applications/").content.decode()
        )

    def test_stats_count_per_batch_and_division(self, world: World) -> None:
        submitted(world)
        other = submitted(world, user=applicant(world, 23, division_code="340111"))
        services.pass_district_review(other.pk, actor=world.officer_b)
        html = client_for(world.city_admin).get("/enterprises/applications/stats/").content.decode()
        assert "2025年第一批试点企业" in html and "蜀山区" in html and "包河区" in html
        officer = (
            client_for(world.officer_a).get("/enterprises/applications/stats/").content.decode()
        )
        assert "蜀山区" in officer and "包河区" not in officer
        assert (
            client_for(world.enterprise_user).get("/enterprises/applications/stats/").status_code
            == 403
        )

    def test_the_queue_costs_the_same_queries_at_two_sizes(self, world: World) -> None:
        def count(user: object, path: str) -> int:
            client = client_for(user)  # type: ignore[arg-type]
            client.get(path)  # warm the session
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            return len(queries)

        submitted(world)
        paths = [
            "/enterprises/applications/?status=",
            "/enterprises/applications/stats/",
            url(Application.objects.get()),
        ]
        small = [count(world.city_admin, p) for p in paths]
        for n in range(30, 38):
            application = submitted(world, user=applicant(world, n))
            if n % 2:
                services.return_application(
                    application.pk, actor=world.officer_a, reasons=["补充材料"]
                )
            elif n % 3:
                services.pass_district_review(application.pk, actor=world.officer_a)
        assert Application.objects.count() == 9
        assert [count(world.city_admin, p) for p in paths] == small
        assert small[0] <= 12, small


class TestEligibilityPage:
    def test_officials_and_the_enterprise_see_it(self, world: World) -> None:
        path = f"/enterprises/{world.enterprise_a.pk}/eligibility/"
        for user in (world.enterprise_user, world.officer_a, world.city_admin):
            html = client_for(user).get(path).content.decode()
            assert "申报资格核验" in html and "在本市注册" in html, user.username
        assert client_for(world.officer_b).get(path).status_code == 404
