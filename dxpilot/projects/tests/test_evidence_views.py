"""Archive pages: HTMX upload, refusals next to the field, the 2 GB upload refused before it is
read, audited downloads, scope."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dxpilot.audit.models import AuditEntry
from dxpilot.projects.models import Evidence, TransformationProject
from dxpilot.projects.tests.test_plan_support import (
    EXE,
    PDF,
    contracted,
    in_2025,
    open_project,
    submitted_evidence,
)
from dxpilot.testing import World, client_for

__all__ = ["in_2025"]
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def project(world: World, in_2025: None) -> TransformationProject:
    return open_project(world)


def url(project: TransformationProject) -> str:
    return f"/projects/{project.pk}/evidence/"


def test_htmx_upload_returns_the_archive_with_the_draft(
    world: World, project: TransformationProject
) -> None:
    upload = SimpleUploadedFile("合同扫描件.pdf", PDF, content_type="application/pdf")
    response = client_for(world.enterprise_user).post(
        url(project), {"kind": "contract", "file": upload, "note": "盖章版"}, **HTMX
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.startswith('<div id="archive">') and "合同扫描件.pdf" in page and "待提交" in page
    assert Evidence.objects.get().status == "draft"


def test_an_exe_renamed_to_pdf_is_refused_next_to_the_field(
    world: World, project: TransformationProject
) -> None:
    upload = SimpleUploadedFile("发票.pdf", EXE, content_type="application/pdf")
    response = client_for(world.enterprise_user).post(
        url(project), {"kind": "invoice", "file": upload}, **HTMX
    )
    assert response.status_code == 200
    page = response.content.decode()
    error = page[page.index('id="id_file_error"') :]
    assert error[: error.index("</p>")].endswith(
        ">文件“发票.pdf”的内容不是允许的类型（PDF、JPG、PNG、DOCX、XLSX），已拒绝。"
    )
    assert not Evidence.objects.exists()


def test_a_2_gb_upload_is_refused_before_the_body_is_read(
    world: World, project: TransformationProject, media: Path
) -> None:
    client = client_for(world.enterprise_user)
    audits = AuditEntry.objects.count()
    upload = SimpleUploadedFile("大文件.pdf", PDF, content_type="application/pdf")
    # The declared length is what counts: the view answers without touching the body.
    response = client.post(
        url(project), {"kind": "invoice", "file": upload}, CONTENT_LENGTH=str(2 * 1024**3), **HTMX
    )
    assert response.status_code == 200
    assert (
        "上传内容 2048.0 MB 超过单个文件上限 50 MB，已在读取前拒绝。" in response.content.decode()
    )
    plain = client.post(
        url(project), {"kind": "invoice", "file": upload}, CONTENT_LENGTH=str(2 * 1024**3)
    )
    assert plain.status_code == 413
    assert not Evidence.objects.exists() and AuditEntry.objects.count() == audits
    assert not (media / "evidence").exists()


def test_a_body_over_the_limit_without_a_length_is_cut_off(
    world: World, project: TransformationProject, settings: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = 4096
    upload = SimpleUploadedFile("大.pdf", PDF + b"0" * 3 * 4096, content_type="application/pdf")
    # 12 KB declared is under limit + overhead, so the upload handler must stop it while reading.
    response = client_for(world.enterprise_user).post(
        url(project), {"kind": "invoice", "file": upload}, **HTMX
    )
    assert "超过单个文件上限 0 MB，已在读取前拒绝。" in response.content.decode()
    assert not Evidence.objects.exists()


def test_upload_still_needs_the_csrf_token(world: World, project: TransformationProject) -> None:
    client = client_for(world.enterprise_user, enforce_csrf_checks=True)
    upload = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    assert client.post(url(project), {"kind": "invoice", "file": upload}).status_code == 403
    assert not Evidence.objects.exists()


def test_submit_then_download_is_audited(world: World, project: TransformationProject) -> None:
    evidence = submitted_evidence(world, project, "invoice")
    client = client_for(world.officer_a)
    response = client.get(f"/projects/evidence/{evidence.pk}/download/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert (
        response["Content-Type"] == "application/pdf"
        and response["X-Content-Type-Options"] == "nosniff"
    )
    entry = AuditEntry.objects.filter(action="project.download_evidence").get()
    assert (entry.kind, entry.actor_id, entry.changes["sha256"]) == (
        "read",
        world.officer_a.pk,
        evidence.sha256,
    )


def test_submitting_via_the_page_makes_it_immutable(
    world: World, project: TransformationProject
) -> None:
    client = client_for(world.enterprise_user)
    upload = SimpleUploadedFile("发票.pdf", PDF, content_type="application/pdf")
    client.post(url(project), {"kind": "invoice", "file": upload}, **HTMX)
    evidence = Evidence.objects.get()
    response = client.post(f"/projects/evidence/{evidence.pk}/submit/", **HTMX)
    assert response.status_code == 200 and "已提交" in response.content.decode()
    again = client.post(f"/projects/evidence/{evidence.pk}/submit/", **HTMX)
    assert "材料“发票.pdf”的状态为“已提交”，不能再次提交。" in again.content.decode()
    # There is no way to delete archive files.
    assert client.post(f"/projects/evidence/{evidence.pk}/delete/").status_code == 404


def test_scope_other_district_and_uncontracted_provider_get_404(
    world: World, project: TransformationProject
) -> None:
    evidence = submitted_evidence(world, project, "contract")
    for user in (world.officer_b, world.provider_user):
        client = client_for(user)
        assert client.get(f"/projects/evidence/{evidence.pk}/download/").status_code == 404
        assert client.get(f"/projects/{project.pk}/").status_code == 404
    assert not AuditEntry.objects.filter(action="project.download_evidence").exists()


def test_the_contracted_provider_sees_the_project_and_may_upload(
    world: World, in_2025: None
) -> None:
    project, _contract = contracted(world)
    client = client_for(world.provider_user)
    assert client.get(f"/projects/{project.pk}/").status_code == 200
    upload = SimpleUploadedFile("实施报告.pdf", PDF + b"%p", content_type="application/pdf")
    assert client.post(url(project), {"kind": "effect", "file": upload}, **HTMX).status_code == 200
    assert Evidence.objects.filter(uploaded_by=world.provider_user).exists()
    # …but it cannot change the plan or the contract.
    assert client.get(f"/projects/{project.pk}/contracts/new/").status_code == 403


def test_wrong_methods_are_refused(world: World, project: TransformationProject) -> None:
    client = client_for(world.enterprise_user)
    assert client.get(url(project)).status_code == 405
    evidence = submitted_evidence(world, project, "invoice")
    assert client.post(f"/projects/evidence/{evidence.pk}/download/").status_code == 405
