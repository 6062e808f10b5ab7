"""The evidence archive: content checks, content addressing, immutability, versions, the
checklist and completion."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.test import override_settings

from dxpilot.audit.models import AuditEntry
from dxpilot.projects import storage
from dxpilot.projects.checklist import checklist_for, missing_for
from dxpilot.projects.models import Evidence, ProjectEvent, ProjectStatus, TransformationProject
from dxpilot.projects.services import evidence as archive
from dxpilot.projects.services import project as projects
from dxpilot.projects.tests.test_plan_support import (
    EXE,
    PDF,
    completed_project,
    implementing,
    in_2025,
    open_project,
    pdf,
    submitted_evidence,
)
from dxpilot.testing import World

__all__ = ["in_2025"]


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def blobs(root: Path) -> list[Path]:
    return (
        [p for p in (root / "evidence").rglob("*") if p.is_file()]
        if (root / "evidence").exists()
        else []
    )


def footprint() -> tuple[Any, ...]:
    return (
        list(Evidence.objects.order_by("pk").values_list("pk", "status", "note")),
        ProjectEvent.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def project(world: World, in_2025: None) -> TransformationProject:
    return open_project(world)


class TestUploads:
    def test_same_bytes_twice_are_stored_once(
        self, world: World, project: TransformationProject, media: Path
    ) -> None:
        first = archive.upload_evidence(
            project.pk, actor=world.enterprise_user, kind="invoice", upload=pdf("发票1.pdf")
        )
        second = archive.upload_evidence(
            project.pk, actor=world.enterprise_user, kind="payment", upload=pdf("回单.pdf")
        )
        assert first.sha256 == second.sha256 and first.storage_name == second.storage_name
        assert first.storage_name == f"evidence/{first.sha256[:2]}/{first.sha256}"
        assert len(blobs(media)) == 1
        with default_storage.open(first.storage_name) as f:
            assert f.read() == PDF
        changes = (
            AuditEntry.objects.filter(action="project.upload_evidence")
            .order_by("seq")
            .values_list("changes", flat=True)
        )
        assert [c["stored_new_blob"] for c in changes] == [True, False]

    def test_an_exe_renamed_to_pdf_is_refused_and_nothing_is_stored(
        self, world: World, project: TransformationProject, media: Path
    ) -> None:
        before = footprint()
        with pytest.raises(ValidationError) as exc:
            archive.upload_evidence(
                project.pk, actor=world.enterprise_user, kind="invoice", upload=pdf("发票.pdf", EXE)
            )
        assert exc.value.message_dict["file"] == [
            "文件“发票.pdf”的内容不是允许的类型（PDF、JPG、PNG、DOCX、XLSX），已拒绝。"
        ]
        assert footprint() == before and blobs(media) == []

    @override_settings(UPLOAD_MAX_BYTES=1024)
    def test_a_file_over_the_limit_is_refused(
        self, world: World, project: TransformationProject, media: Path
    ) -> None:
        before = footprint()
        with pytest.raises(ValidationError) as exc:
            archive.upload_evidence(
                project.pk,
                actor=world.enterprise_user,
                kind="invoice",
                upload=pdf("大.pdf", PDF + b"0" * 2048),
            )
        assert exc.value.message_dict["file"] == ["文件大小 2.1 KB 超过上限 1.0 KB。"]
        assert footprint() == before and blobs(media) == []

    def test_unsafe_names_are_cleaned(self, world: World, project: TransformationProject) -> None:
        evidence = archive.upload_evidence(
            project.pk,
            actor=world.enterprise_user,
            kind="photo",
            upload=pdf('..\\..\\etc/pass<wd>:"现场".pdf'),
        )
        assert evidence.original_name == "pass_wd_现场_.pdf"
        assert storage.safe_name("") == "file" and storage.safe_name("a" * 300 + ".pdf").endswith(
            ".pdf"
        )
        assert len(storage.safe_name("a" * 300 + ".pdf")) == 200

    def test_another_district_cannot_upload(
        self, world: World, project: TransformationProject
    ) -> None:
        with pytest.raises(ValidationError) as exc:
            archive.upload_evidence(project.pk, actor=world.officer_b, kind="invoice", upload=pdf())
        assert exc.value.messages == ["没有找到该项目，或您无权操作。"]


class TestImmutability:
    def test_submitted_evidence_cannot_change_or_be_submitted_again(
        self, world: World, project: TransformationProject
    ) -> None:
        evidence = submitted_evidence(world, project, "invoice")
        before = footprint()
        with pytest.raises(ValidationError) as exc:
            archive.update_evidence_note(evidence.pk, actor=world.enterprise_user, note="改一下")
        assert exc.value.messages == ["已提交的材料不能修改或删除；如需更正，请上传新版本替代。"]
        with pytest.raises(ValidationError) as exc:
            archive.submit_evidence(evidence.pk, actor=world.enterprise_user)
        assert exc.value.messages == ["材料“invoice.pdf”的状态为“已提交”，不能再次提交。"]
        assert footprint() == before

    def test_a_draft_note_may_change(self, world: World, project: TransformationProject) -> None:
        draft = archive.upload_evidence(
            project.pk, actor=world.enterprise_user, kind="invoice", upload=pdf()
        )
        assert (
            archive.update_evidence_note(
                draft.pk, actor=world.enterprise_user, note="一月发票"
            ).note
            == "一月发票"
        )

    def test_a_new_version_supersedes_and_the_old_stays(
        self, world: World, project: TransformationProject
    ) -> None:
        old = submitted_evidence(world, project, "invoice")
        new = archive.upload_evidence(
            project.pk,
            actor=world.enterprise_user,
            kind="invoice",
            upload=pdf("更正.pdf", PDF + b"% v2"),
            supersedes_id=old.pk,
        )
        old.refresh_from_db()
        assert old.status == "submitted"  # until the new version is submitted
        archive.submit_evidence(new.pk, actor=world.enterprise_user)
        old.refresh_from_db()
        assert (old.status, Evidence.objects.filter(project=project).count()) == ("superseded", 2)
        event = ProjectEvent.objects.filter(evidence=new).get()
        assert event.text == "提交档案材料：发票《更正.pdf》，替代旧版本《invoice.pdf》。"

    def test_versions_must_keep_the_kind_and_replace_only_once(
        self, world: World, project: TransformationProject
    ) -> None:
        old = submitted_evidence(world, project, "invoice")
        with pytest.raises(ValidationError) as exc:
            archive.upload_evidence(
                project.pk,
                actor=world.enterprise_user,
                kind="payment",
                upload=pdf(),
                supersedes_id=old.pk,
            )
        assert exc.value.message_dict["kind"] == ["新版本的材料类型应与被替代的材料相同（发票）。"]
        archive.upload_evidence(
            project.pk,
            actor=world.enterprise_user,
            kind="invoice",
            upload=pdf(),
            supersedes_id=old.pk,
        )
        with pytest.raises(ValidationError) as exc:
            archive.upload_evidence(
                project.pk,
                actor=world.enterprise_user,
                kind="invoice",
                upload=pdf(),
                supersedes_id=old.pk,
            )
        assert exc.value.message_dict["supersedes"] == ["材料“invoice.pdf”已有新版本。"]


class TestChecklist:
    def test_missing_items_are_listed_with_counts(
        self, world: World, project: TransformationProject
    ) -> None:
        assert [m.kind for m in missing_for(project, "contract")] == ["contract"]
        archive.upload_evidence(
            project.pk, actor=world.enterprise_user, kind="contract", upload=pdf()
        )
        (item,) = missing_for(project, "contract")
        assert (item.submitted, item.drafts, item.message) == (
            0,
            1,
            "缺少“数字化改造合同”：已上传 1 份草稿，尚未提交。",
        )
        submitted_evidence(world, project, "contract")
        assert missing_for(project, "contract") == []
        acceptance = checklist_for(project, "acceptance")
        assert [i.kind for i in acceptance if i.missing] == [
            "invoice", "payment", "investment_list", "financial_statement", "completion_report",
            "effect", "post_self_assessment", "declaration",
        ]  # fmt: skip
        assert missing_for(project, "no-such-stage") == []

    def test_superseded_versions_do_not_count_twice(
        self, world: World, project: TransformationProject
    ) -> None:
        old = submitted_evidence(world, project, "contract")
        new = archive.upload_evidence(
            project.pk,
            actor=world.enterprise_user,
            kind="contract",
            upload=pdf(),
            supersedes_id=old.pk,
        )
        archive.submit_evidence(new.pk, actor=world.enterprise_user)
        (item,) = checklist_for(project, "contract")
        assert (item.submitted, item.drafts) == (1, 0)


class TestCompletion:
    def test_completion_needs_the_report_and_every_milestone(
        self, world: World, in_2025: None
    ) -> None:
        project, _contract = implementing(world)
        from dxpilot.projects.services import milestones

        milestones.add_milestone(
            project.pk, actor=world.enterprise_user, name="验收准备", planned_on=date(2025, 6, 20)
        )
        before = footprint()
        with pytest.raises(ValidationError) as exc:
            projects.complete_project(
                project.pk, actor=world.enterprise_user, completed_on=date(2025, 5, 20)
            )
        errors = exc.value.message_dict
        assert errors["completed_on"] == [
            "完工日期 2025-05-20 早于合同签订日期 2025-05-26。",
            "完工日期 2025-05-20 早于里程碑“系统上线”的完成日期 2025-05-31。",
        ]
        assert errors["__all__"] == [
            "里程碑“验收准备”尚未完成。",
            "请先在档案中提交“项目完工/总结报告”。",
        ]
        assert footprint() == before

    def test_a_completed_project_has_the_full_acceptance_checklist(
        self, world: World, in_2025: None
    ) -> None:
        project = completed_project(world)
        assert project.status == ProjectStatus.COMPLETED and project.completed_on == date(
            2025, 6, 1
        )
        assert missing_for(project, "acceptance") == []
        kinds = list(project.events.values_list("to_status", flat=True).exclude(to_status=""))
        assert kinds == ["contracted", "implementing", "completed"]
