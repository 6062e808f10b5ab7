"""Provider registration, application, review and the quota per 细分行业 at approval."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from dxpilot.audit.models import AuditEntry
from dxpilot.providers import services
from dxpilot.providers.models import Provider, ProviderDecision
from dxpilot.providers.tests.factories import applied_provider, approved_provider, pdf, registration
from dxpilot.testing import World

pytestmark = pytest.mark.django_db


def state(provider: Provider) -> tuple[Any, ...]:
    """What a refused decision must leave untouched."""
    provider.refresh_from_db()
    return (
        provider.status,
        provider.revision,
        provider.approved_at,
        provider.decisions.count(),
        AuditEntry.objects.count(),
    )


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [m for ms in exc.value.message_dict.values() for m in ms]


def test_a_provider_registers_and_gets_a_draft_and_an_account(world: World) -> None:
    provider, user = services.register_provider(
        world.program, registration("specialised", name="合肥云帆数字科技有限公司")
    )
    assert provider.status == Provider.Status.DRAFT
    assert provider.kind.key == "specialised"
    assert user.provider_id == provider.pk and user.role == "provider"
    assert provider.contact_phone == "13955556666"  # stored encrypted, read back in full
    assert AuditEntry.objects.filter(
        action="provider.register", object_id=str(provider.pk)
    ).exists()


def test_registration_lists_every_problem_and_creates_nothing(world: World) -> None:
    before = (Provider.objects.count(), AuditEntry.objects.count())
    bad = registration(
        "nonsense", credit_code="91340100MA2T00001X", name=" ", username="alice", password="short"
    )
    with pytest.raises(ValidationError) as exc:
        services.register_provider(world.program, bad)
    errors = exc.value.message_dict
    assert set(errors) == {"credit_code", "name", "kind_key", "username", "password"}
    assert errors["kind_key"] == ["服务商类型“nonsense”不在本试点方案中。"]
    assert errors["username"] == ["用户名“alice”已存在。"]
    assert (Provider.objects.count(), AuditEntry.objects.count()) == before


def test_submitting_an_incomplete_application_lists_every_gap(world: World) -> None:
    provider, user = services.register_provider(world.program, registration())
    before = state(provider)
    with pytest.raises(ValidationError) as exc:
        services.submit_application(provider.pk, actor=user)
    assert sorted(messages(exc)) == sorted(
        [
            "请至少选择一个服务的细分行业。",
            "请填写企业简介与服务能力。",
            "请至少填写一个业绩项目。",
            "请上传营业执照。",
        ]
    )
    assert state(provider) == before


def test_submitting_outside_the_provider_window_is_refused_with_the_window(world: World) -> None:
    provider, user = applied_provider(world)  # submitted inside the window
    services.return_application(provider.pk, actor=world.city_admin, reasons="请补充业绩合同。")
    before = state(provider)
    with (
        time_machine.travel(datetime(2024, 6, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai"))),
        pytest.raises(ValidationError) as exc,
    ):
        services.submit_application(provider.pk, actor=user)
    assert messages(exc) == [
        "今天（2024-06-01）不在申报期内：“2024年数字化服务商遴选”的申报期为 2024-02-01 至 2024-03-15。"
    ]
    assert state(provider) == before


def test_an_attachment_that_is_not_a_document_is_refused(world: World) -> None:
    provider, user = services.register_provider(world.program, registration())
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile(
        "营业执照.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as exc:
        services.attach_document(provider.pk, actor=user, kind="licence", upload=fake)
    assert "内容不是允许的类型" in messages(exc)[0]
    assert not provider.attachments.exists()


def test_only_the_provider_itself_edits_its_application(world: World) -> None:
    provider, _user = services.register_provider(world.program, registration())
    for stranger in (world.provider_user, world.city_admin):
        with pytest.raises(PermissionDenied):
            services.attach_document(provider.pk, actor=stranger, kind="licence", upload=pdf())


def test_the_city_admin_approves_an_application_into_the_pool(world: World) -> None:
    provider, _user = applied_provider(world, segments=("auto-parts", "nev"))
    services.approve_provider(
        provider.pk, actor=world.city_admin, expected_revision=provider.revision
    )
    provider.refresh_from_db()
    assert provider.status == Provider.Status.APPROVED and provider.approved_at is not None
    decision = provider.decisions.first()
    assert decision is not None and decision.kind == ProviderDecision.Kind.APPROVE
    assert decision.details == {
        "kind": "comprehensive",
        "quota": 3,
        "in_pool_before": {"auto-parts": 0},
    }
    entry = AuditEntry.objects.filter(action="provider.approve").get()
    assert entry.changes["status"] == ["applied", "approved"]


def test_the_fourth_comprehensive_provider_in_a_segment_is_refused(world: World) -> None:
    for _n in range(3):
        approved_provider(world, "comprehensive", ("auto-parts",))
    fourth, _user = applied_provider(world, "comprehensive", ("auto-parts", "nev"))
    before = state(fourth)
    with pytest.raises(ValidationError) as exc:
        services.approve_provider(fourth.pk, actor=world.city_admin)
    assert messages(exc) == [
        "细分行业“汽车零部件及配件制造”的综合型服务商名额已满：名额 3 家，已入库 3 家。"
    ]
    assert exc.value.error_dict["__all__"][0].code == "refused"
    assert state(fourth) == before
    # Another kind has its own quota: a 专业型 provider in the same segment is admitted.
    specialised, _user = applied_provider(world, "specialised", ("auto-parts",))
    services.approve_provider(specialised.pk, actor=world.city_admin)


def test_the_key_chains_have_no_quota(world: World) -> None:
    """Hefei plan §三.2 caps providers per 试点行业; the 5 key chains (here: nev) have no cap."""
    for _n in range(3):
        approved_provider(world, "comprehensive", ("nev",))
    fourth, _user = applied_provider(world, "comprehensive", ("nev",))
    services.approve_provider(fourth.pk, actor=world.city_admin)
    fourth.refresh_from_db()
    assert fourth.status == Provider.Status.APPROVED
    # A provider serving a full pilot industry and a chain is refused for the industry only.
    for _n in range(3):
        approved_provider(world, "comprehensive", ("auto-parts",))
    both, _user = applied_provider(world, "comprehensive", ("auto-parts", "nev"))
    with pytest.raises(ValidationError) as exc:
        services.approve_provider(both.pk, actor=world.city_admin)
    assert messages(exc) == [
        "细分行业“汽车零部件及配件制造”的综合型服务商名额已满：名额 3 家，已入库 3 家。"
    ]


def test_a_suspended_provider_keeps_its_place_and_a_removed_one_frees_it(world: World) -> None:
    first, _u = approved_provider(world)
    approved_provider(world)
    approved_provider(world)
    services.suspend_provider(first.pk, actor=world.city_admin, reasons="未按合同实施。")
    waiting, _u = applied_provider(world)
    with pytest.raises(ValidationError):
        services.approve_provider(waiting.pk, actor=world.city_admin)
    services.remove_provider(first.pk, actor=world.city_admin, reasons="整改不到位。")
    services.approve_provider(waiting.pk, actor=world.city_admin)


def test_a_stale_second_approval_is_refused(world: World) -> None:
    provider, _user = applied_provider(world)
    shown = provider.revision  # both admins opened the review page at this revision
    services.approve_provider(provider.pk, actor=world.city_admin, expected_revision=shown)
    before = state(provider)
    with pytest.raises(ValidationError) as exc:
        services.approve_provider(provider.pk, actor=world.city_admin, expected_revision=shown)
    assert messages(exc) == [
        "该记录在您打开页面后已被处理（当前状态：已入库），请刷新页面后再操作。"
    ]
    assert state(provider) == before
    with pytest.raises(ValidationError) as exc:  # without a revision: refused by its state
        services.approve_provider(provider.pk, actor=world.city_admin)
    assert messages(exc) == [f"服务商“{provider.name}”当前状态为“已入库”，不能审核入库。"]


def test_return_and_reject_need_reasons_and_the_provider_may_resubmit(world: World) -> None:
    provider, user = applied_provider(world)
    before = state(provider)
    for action in (services.return_application, services.reject_application):
        with pytest.raises(ValidationError) as exc:
            action(provider.pk, actor=world.city_admin, reasons="  ")
        assert list(exc.value.message_dict) == ["reasons"]
    assert state(provider) == before
    services.return_application(
        provider.pk, actor=world.city_admin, reasons="营业执照不清晰，请重新上传。"
    )
    provider.refresh_from_db()
    assert provider.status == Provider.Status.RETURNED and provider.is_editable
    services.attach_document(
        provider.pk, actor=user, kind="licence", upload=pdf("营业执照（清晰）.pdf")
    )
    services.submit_application(provider.pk, actor=user)
    services.reject_application(provider.pk, actor=world.city_admin, reasons="业绩与申报类型不符。")
    provider.refresh_from_db()
    assert provider.status == Provider.Status.REJECTED
    kinds = list(provider.decisions.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds == ["submit", "return", "submit", "reject"]


def test_only_the_city_admin_reviews(world: World) -> None:
    provider, _user = applied_provider(world)
    for user in (world.officer_a, world.finance, world.provider_user, world.enterprise_user):
        with pytest.raises(PermissionDenied):
            services.approve_provider(provider.pk, actor=user)
    assert Provider.objects.get(pk=provider.pk).status == Provider.Status.APPLIED


def test_a_submitted_application_can_no_longer_be_edited(world: World) -> None:
    provider, user = applied_provider(world)
    with pytest.raises(ValidationError) as exc:
        services.add_qualification(provider.pk, actor=user, name="ISO 9001")
    assert messages(exc) == ["申请当前状态为“待审核”，不能修改。"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite serialises writers"
)
def test_concurrent_approvals_for_the_last_place_admit_only_one(world: World) -> None:
    approved_provider(world)
    approved_provider(world)
    a, _u = applied_provider(world)
    b, _u = applied_provider(world)
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def approve(pk: int) -> None:
        from django.db import connections

        barrier.wait()
        try:
            services.approve_provider(pk, actor=world.city_admin)
            outcomes[pk] = "approved"
        except ValidationError as exc:
            outcomes[pk] = exc.messages[0]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(pk,)) for pk in (a.pk, b.pk)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == [
        "approved",
        "细分行业“汽车零部件及配件制造”的综合型服务商名额已满：名额 3 家，已入库 3 家。",
    ]
    assert (
        Provider.objects.filter(status=Provider.Status.APPROVED, kind__key="comprehensive").count()
        == 3
    )
