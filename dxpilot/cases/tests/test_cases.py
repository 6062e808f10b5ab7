"""The rules of typical cases: scope, the kinds' requirements, figures from the project record,
the workflow's refusals, images, metrics and the audit trail."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dxpilot.audit.models import AuditEntry
from dxpilot.cases import selectors, services
from dxpilot.cases.models import Case, CaseImage, CaseStatus
from dxpilot.cases.tests.factories import accepted, draft, published
from dxpilot.dashboard.kpis import programme_kpis
from dxpilot.funding.services.subsidy import approve_subsidy, compute_project_subsidy
from dxpilot.funding.tests.cases import contracted_case, pdf
from dxpilot.testing import World

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def kpi(world: World, user: Any, key: str) -> Any:
    return next(k for k in programme_kpis(user, world.program) if k.target.key == key)


# --- drafting ---------------------------------------------------------------------------------


def test_a_draft_takes_its_enterprise_and_providers_from_the_project(
    world: World, clock: Any
) -> None:
    project = accepted(world, clock)
    case = draft(world, project)
    assert case.status == CaseStatus.DRAFT and case.enterprise_id == project.enterprise.pk
    assert list(case.providers.values_list("pk", flat=True)) == [world.provider.pk]
    entry = AuditEntry.objects.filter(action="cases.draft").get()
    assert entry.actor_id == world.city_admin.pk and entry.changes["project"] == [
        None,
        project.project.pk,
    ]


def test_a_draft_names_every_problem_and_writes_nothing(world: World, clock: Any) -> None:
    project = accepted(world, clock)
    with pytest.raises(ValidationError) as exc:
        draft(world, project, kind="poster", title="  ", summary="", provider_ids=[999999])
    errors = messages(exc)
    assert set(errors) == {"kind", "title", "summary", "providers"}
    assert "999999" in errors["providers"][0]
    assert (
        not Case.objects.exists() and not AuditEntry.objects.filter(action="cases.draft").exists()
    )


def test_only_officials_in_scope_draft_cases(world: World, clock: Any) -> None:
    project = accepted(world, clock)  # an enterprise of division A
    with pytest.raises(PermissionDenied):
        draft(world, project, actor=world.officer_b)
    with pytest.raises(PermissionDenied):
        draft(world, project, actor=world.finance)
    with pytest.raises(PermissionDenied):
        draft(world, project, actor=project.user)
    case = draft(world, project, actor=world.officer_a)
    assert selectors.visible_cases(world.officer_b).filter(pk=case.pk).count() == 0
    assert selectors.visible_cases(world.officer_a).filter(pk=case.pk).count() == 1


def test_one_case_of_a_kind_per_project(world: World, clock: Any) -> None:
    project = accepted(world, clock)
    draft(world, project, kind="sample")
    with pytest.raises(ValidationError) as exc:
        draft(world, project, kind="sample")
    assert "已有一个" in messages(exc)["kind"][0]
    draft(world, project, kind="chain")


# --- rules of the kinds and the workflow --------------------------------------------------------


def test_a_case_is_submitted_from_an_accepted_project_only(world: World, clock: Any) -> None:
    project = contracted_case(world, clock)
    case = draft(world, project, body="")
    with pytest.raises(ValidationError) as exc:
        services.submit_case(case.pk, actor=world.city_admin)
    errors = messages(exc)
    assert "尚未通过验收" in errors["project"][0] and "合同已备案" in errors["project"][0]
    assert "正文" in errors["body"][0]
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT and case.figures == {}


def test_a_benchmark_needs_a_locked_t1_at_level_three(world: World, clock: Any) -> None:
    project = accepted(world, clock, level=2)
    case = draft(world, project, kind="benchmark")
    with pytest.raises(ValidationError) as exc:
        services.submit_case(case.pk, actor=world.city_admin)
    (message,) = messages(exc)["kind"]
    assert "三级及以上" in message and "T1 为二级" in message
    assert Case.objects.get(pk=case.pk).status == CaseStatus.DRAFT


def test_a_benchmark_at_level_three_is_published(world: World, clock: Any) -> None:
    project = accepted(world, clock, level=3)
    case = published(world, project, kind="benchmark")
    assert case.status == CaseStatus.PUBLISHED and case.figures["t1"]["level"] == 3
    assert case.published_by == world.city_admin


def test_a_lighthouse_case_needs_the_honour_on_record(world: World, clock: Any) -> None:
    project = accepted(world, clock)
    case = draft(world, project, kind="lighthouse")
    with pytest.raises(ValidationError) as exc:
        services.submit_case(case.pk, actor=world.city_admin)
    assert "灯塔工厂" in messages(exc)["kind"][0]


def test_figures_are_copied_from_the_project_record(world: World, clock: Any) -> None:
    project = accepted(world, clock)
    case = draft(world, project)
    services.submit_case(case.pk, actor=world.city_admin)
    case.refresh_from_db()
    p = project.refresh()
    assert case.figures == selectors.project_figures(p)
    assert case.figures["t0"]["level"] == p.baseline_assessment.level == 1
    assert case.figures["t1"]["level"] == p.post_assessment.level == 2
    assert case.figures["t1"]["total"] == str(p.post_assessment.total)
    # LINES of funding.tests.cases: 580,000 invested, 500,000 of it eligible, no subsidy yet.
    assert (case.figures["investment"], case.figures["eligible_investment"]) == (
        "580000.00",
        "500000.00",
    )
    assert case.figures["subsidy"] is None


def test_publication_is_refused_when_the_project_record_changed(world: World, clock: Any) -> None:
    project = accepted(world, clock)
    case = draft(world, project)
    services.submit_case(case.pk, actor=world.city_admin)
    subsidy = compute_project_subsidy(project.project.pk, actor=world.city_admin)
    approve_subsidy(subsidy.pk, actor=world.city_admin)
    with pytest.raises(ValidationError) as exc:
        services.publish_case(case.pk, actor=world.city_admin)
    lines = messages(exc)["figures"]
    assert "奖补金额：提交审核时为 —，项目记录现为 200000.00。" in lines
    assert Case.objects.get(pk=case.pk).status == CaseStatus.REVIEW
    # Returned and submitted again, it carries the new figures and is published.
    services.return_case(case.pk, actor=world.city_admin, reasons="奖补已核定，请重新提交。")
    services.submit_case(case.pk, actor=world.city_admin)
    assert services.publish_case(case.pk, actor=world.city_admin).figures["subsidy"] == "200000.00"


def test_the_workflow_refuses_out_of_order_and_unauthorised_steps(world: World, clock: Any) -> None:
    project = accepted(world, clock)
    case = draft(world, project, actor=world.officer_a)
    with pytest.raises(ValidationError) as exc:
        services.publish_case(case.pk, actor=world.city_admin)
    assert "草稿" in messages(exc)["status"][0]
    services.submit_case(case.pk, actor=world.officer_a)
    with pytest.raises(PermissionDenied):
        services.publish_case(case.pk, actor=world.officer_a)
    with pytest.raises(ValidationError) as exc:
        services.return_case(case.pk, actor=world.city_admin, reasons="  ")
    assert messages(exc)["reasons"] == ["请填写理由。"]
    with pytest.raises(ValidationError):
        services.update_case(
            case.pk,
            services.CaseData(kind="sample", title="新标题", summary="x"),
            actor=world.officer_a,
        )
    services.publish_case(case.pk, actor=world.city_admin)
    services.withdraw_case(case.pk, actor=world.city_admin, reasons="企业申请撤回。")
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN and case.reasons == "企业申请撤回。"
    actions = list(
        AuditEntry.objects.filter(action__startswith="cases.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["cases.draft", "cases.submit", "cases.publish", "cases.withdraw"]


# --- images -------------------------------------------------------------------------------------


def test_images_are_typed_by_content(world: World, clock: Any) -> None:
    project = accepted(world, clock)
    case = draft(world, project)
    image = services.add_image(
        case.pk, actor=world.city_admin, upload=SimpleUploadedFile("车间.png", PNG), caption="车间"
    )
    assert (image.content_type, image.size) == ("image/png", len(PNG))
    with pytest.raises(ValidationError) as exc:
        services.add_image(case.pk, actor=world.city_admin, upload=pdf("report"))
    assert "不是图片" in messages(exc)["file"][0]
    with pytest.raises(ValidationError) as exc:
        services.add_image(
            case.pk, actor=world.city_admin, upload=SimpleUploadedFile("a.png", b"MZ\x90\x00")
        )
    assert "不是允许的类型" in messages(exc)["file"][0]
    assert CaseImage.objects.count() == 1


# --- metrics --------------------------------------------------------------------------------------


def test_metrics_count_published_cases_of_their_kind(world: World, clock: Any) -> None:
    project = accepted(world, clock)
    sample = published(world, project, kind="sample")
    draft(world, project, kind="chain")
    assert kpi(world, world.city_admin, "showcase-projects").actual == Decimal(1)
    chain = kpi(world, world.city_admin, "chain-cases")
    assert chain.actual == Decimal(0) and chain.has_source
    assert next((e.reason, e.count) for e in chain.excluded)[1] == 1
    assert kpi(world, world.officer_b, "showcase-projects").actual == Decimal(0)
    row = kpi(world, world.city_admin, "showcase-projects")
    assert [e.count for e in row.entered_by] == [1] and "kind=sample" in row.records_url
    services.withdraw_case(sample.pk, actor=world.city_admin, reasons="数据有误。")
    assert kpi(world, world.city_admin, "showcase-projects").actual == Decimal(0)
