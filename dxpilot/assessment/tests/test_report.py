"""The diagnosis report page and its Word export: content, scope, audit, constant queries."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from dxpilot.accounts.models import User
from dxpilot.assessment import engine, render, services
from dxpilot.assessment.models import Assessment
from dxpilot.assessment.tests.test_report_support import (
    TOTAL,
    answers,
    lock_onsite,
    peer,
    scenes,
    submit_self,
)
from dxpilot.audit.models import AuditEntry
from dxpilot.testing import World, completed_project

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def media(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]


def onsite_with_changes(world: World) -> Assessment:
    """Self-assessment at 42.25, then on site B3.1 lowered C → B (−2.5) with a reason and a photo."""
    submit_self(world)
    sheet = answers(B3_1="B")
    a = services.assign_assessor(
        world.enterprise_a.pk,
        kind="onsite_before",
        assessor_id=world.assessor.pk,
        actor=world.city_admin,
    )
    services.set_onsite_value(
        a.pk, actor=world.assessor, item="B3.1", value="B", reason="只有ERP覆盖单个环节"
    )
    services.attach_evidence(
        a.pk,
        actor=world.assessor,
        item="B3.1",
        upload=SimpleUploadedFile("erp.png", PNG, content_type="image/png"),
    )
    assert a.answers != sheet  # the assessment still holds the self answers until set
    return services.lock_assessment(a.pk, actor=world.assessor, assessed_on=date(2024, 10, 8))


def test_report_shows_the_level_and_the_rules_that_decided_it(world: World) -> None:
    a = submit_self(world)
    response = client_for(world.enterprise_user).get(reverse("assessment:report", args=[a.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "二级的三项条件全部满足" in page
    assert TOTAL in page
    # Why not 三级: score 42.25 < 60, 6 scenes < 8 at 三级+ (the rule messages, in plain Chinese).
    assert "三级：总分 42.25，需 ≥ 60.00，未满足。" in page
    assert "需 ≥ 8 个，未满足" in page
    assert "约束性" in page
    assert 'id="report-charts"' in page
    assert "assessment/report.js" in page
    # The next steps are the engine's gaps in words.
    iset = engine.load_indicator_set(a.edition)
    for gap in a.result["gaps"]:
        assert render.gap_message(gap, iset) in page


def test_report_compares_with_earlier_assessments_and_lists_overrides(world: World) -> None:
    a = onsite_with_changes(world)
    assert str(a.total) == "39.75" and a.level == 1
    response = client_for(world.city_admin).get(reverse("assessment:report", args=[a.pk]))
    page = response.content.decode()
    assert "自评测" in page and "现场评测（改造前 T0）" in page
    assert "-2.50" in page  # 42.25 → 39.75
    assert "降级" in page
    assert "只有ERP覆盖单个环节" in page
    assert "C. 多个业务环节（2个及以上）" in page and "B. 单个业务环节" in page
    evidence = a.evidence.get()
    assert reverse("assessment:download-evidence", args=[evidence.pk]) in page


def test_docx_downloads_opens_and_is_audited(world: World) -> None:
    a = lock_onsite(world, world.enterprise_a)
    response = client_for(world.city_admin).get(reverse("assessment:report-docx", args=[a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert "2024-10-08.docx" in disposition
    document = Document(BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert world.enterprise_a.name in text
    assert "评定等级：二级" in text
    assert "产品设计" in cells and "约束性" in cells
    east_asia = document.styles["Normal"].element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    )
    assert east_asia == "Noto Sans CJK SC"
    entry = AuditEntry.objects.get(action="assessment.download_report")
    assert entry.kind == AuditEntry.Kind.EXPORT
    assert entry.object_id == str(a.pk)


def test_out_of_scope_users_get_404(world: World) -> None:
    a = lock_onsite(world, world.enterprise_a)  # division A
    for user in (world.officer_b, world.provider_user, world.finance):
        for name in ("assessment:report", "assessment:report-docx"):
            assert client_for(user).get(reverse(name, args=[a.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="assessment.download_report").exists()
    for user in (world.officer_a, world.enterprise_user, world.assessor):
        assert client_for(user).get(reverse("assessment:report", args=[a.pk])).status_code == 200


def test_report_rejects_post(world: World) -> None:
    a = submit_self(world)
    assert (
        client_for(world.enterprise_user)
        .post(reverse("assessment:report", args=[a.pk]))
        .status_code
        == 405
    )


def test_draft_sends_the_enterprise_to_its_form_and_tells_others_it_is_pending(
    world: World,
) -> None:
    a = services.start_self_assessment(world.enterprise_a.pk, actor=world.enterprise_user)
    url = reverse("assessment:report", args=[a.pk])
    response = client_for(world.enterprise_user).get(url)
    assert response.status_code == 302 and response["Location"] == reverse(
        "assessment:fill", args=[a.pk]
    )
    response = client_for(world.city_admin).get(url)
    assert response.status_code == 200 and "尚未完成" in response.content.decode()
    docx = client_for(world.city_admin).get(reverse("assessment:report-docx", args=[a.pk]))
    assert docx.status_code == 302


def test_onsite_draft_sends_the_assessor_on_site(world: World) -> None:
    a = services.assign_assessor(
        world.enterprise_a.pk,
        kind="onsite_before",
        assessor_id=world.assessor.pk,
        actor=world.city_admin,
    )
    response = client_for(world.assessor).get(reverse("assessment:report", args=[a.pk]))
    assert response.status_code == 302 and response["Location"] == reverse(
        "assessment:onsite", args=[a.pk]
    )


def test_peer_benchmark_on_the_page_says_sample_too_small_below_five_peers(world: World) -> None:
    for delta in ("A", "B", "D"):
        lock_onsite(world, peer(world), answers(B3_1=delta))
    a = submit_self(world)
    page = (
        client_for(world.enterprise_user)
        .get(reverse("assessment:report", args=[a.pk]))
        .content.decode()
    )
    assert "样本不足" in page and "共 3 家" in page


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def test_report_and_docx_cost_the_same_queries_at_two_data_sizes(world: World) -> None:
    first = onsite_with_changes(world)
    client = client_for(world.city_admin)
    report, docx = (
        reverse("assessment:report", args=[first.pk]),
        reverse("assessment:report-docx", args=[first.pk]),
    )
    small = (_count(client, report), _count(client, docx))

    # More of everything the report reads: peers, earlier assessments, overrides, evidence.
    for delta in ("A", "B", "C", "D", "E", "A"):
        lock_onsite(world, peer(world), answers(B3_1=delta))
    submit_self(world, answers(M1_1="F"), scenes(3, 9))
    completed_project(world.enterprise_a)
    second = services.assign_assessor(
        world.enterprise_a.pk,
        kind="onsite_after",
        assessor_id=world.assessor.pk,
        actor=world.city_admin,
    )
    for code, value in (("M1.1", "E"), ("B1.2", "E"), ("B1.3", "E")):
        services.set_onsite_value(
            second.pk, actor=world.assessor, item=code, value=value, reason="现场核实"
        )
    for n in range(3):
        services.attach_evidence(
            second.pk,
            actor=world.assessor,
            item="M1.1",
            upload=SimpleUploadedFile(f"p{n}.png", PNG, content_type="image/png"),
        )
    second = services.lock_assessment(second.pk, actor=world.assessor, assessed_on=date(2025, 6, 1))
    report, docx = (
        reverse("assessment:report", args=[second.pk]),
        reverse("assessment:report-docx", args=[second.pk]),
    )
    page = client.get(report).content.decode()
    assert "百分位" in page and "样本不足" not in page
    assert page.count("现场核实") == 3
    large = (_count(client, report), _count(client, docx))
    assert large == small
