"""The evidence archive (转型档案 / 一企一档): typed uploads checked by content, stored once per
SHA-256, immutable once submitted (a new version supersedes, the old one stays visible), every
download audited. 厦门's acceptance checks the "一企一档"; 昆明 lists the eight materials."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxpilot.audit.services import record
from dxpilot.core.uploads import check_upload
from dxpilot.projects import phrases, storage
from dxpilot.projects.models import Evidence, EvidenceKind, TransformationProject
from dxpilot.projects.services.events import (
    lock_project,
    log_event,
    notify_records_changed,
    require_unlocked,
)
from dxpilot.projects.services.project import ARCHIVE_OPEN, UPLOADERS, require_role, require_status

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

IMMUTABLE = gettext_lazy("已提交的材料不能修改或删除；如需更正，请上传新版本替代。")


def _lock_evidence(actor: User, evidence_id: int) -> tuple[TransformationProject, Evidence]:
    project_id = (
        Evidence.objects.filter(pk=evidence_id).values_list("project_id", flat=True).first()
    )
    if project_id is None:
        raise ValidationError(_("没有找到该材料，或您无权操作。"), code="not_found")
    project = lock_project(actor, project_id)
    return project, Evidence.objects.get(pk=evidence_id)


def upload_evidence(
    project_id: int,
    *,
    actor: User,
    kind: str,
    upload: UploadedFile[bytes],
    note: str = "",
    milestone_id: int | None = None,
    supersedes_id: int | None = None,
) -> Evidence:
    """Add a draft to the archive. The type is decided by the content (a renamed .exe is
    refused), the size is limited, and the bytes are stored under their SHA-256."""
    require_role(actor, UPLOADERS, _("上传档案材料"))
    errors: dict[str, list[str]] = {}
    if kind not in EvidenceKind.values:
        errors["kind"] = [_("材料类型“{kind}”无效。").format(kind=kind)]
    try:
        content_type = check_upload(upload)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    # The (slow) file write happens outside the transaction and the row lock; an orphan blob
    # left by a refusal below is harmless and is reused by the next upload of the same bytes.
    blob = storage.store(upload)
    return _record_upload(
        project_id, actor, kind, upload, content_type, blob, note, milestone_id, supersedes_id
    )


@transaction.atomic
def _record_upload(
    project_id: int,
    actor: User,
    kind: str,
    upload: UploadedFile[bytes],
    content_type: str,
    blob: storage.Blob,
    note: str,
    milestone_id: int | None,
    supersedes_id: int | None,
) -> Evidence:
    project = lock_project(actor, project_id)
    require_unlocked(project)
    require_status(project, ARCHIVE_OPEN, _("上传档案材料"))
    errors: dict[str, list[str]] = {}
    if milestone_id is not None and not project.milestones.filter(pk=milestone_id).exists():
        errors["milestone"] = [_("所选里程碑不属于本项目。")]
    old = None
    if supersedes_id is not None:
        old = Evidence.objects.filter(pk=supersedes_id, project=project).first()
        if old is None:
            errors["supersedes"] = [_("要替代的材料不属于本项目。")]
        elif old.status != Evidence.Status.SUBMITTED:
            errors["supersedes"] = [_("只能替代已提交的材料；草稿可直接重新上传。")]
        elif old.kind != kind:
            errors["kind"] = [
                _("新版本的材料类型应与被替代的材料相同（{kind}）。").format(
                    kind=old.get_kind_display()
                )
            ]
        elif Evidence.objects.filter(supersedes=old).exists():
            errors["supersedes"] = [_("材料“{name}”已有新版本。").format(name=old.original_name)]
    if errors:
        raise ValidationError(errors)
    evidence = Evidence.objects.create(
        project=project,
        kind=kind,
        milestone_id=milestone_id,
        sha256=blob.sha256,
        storage_name=blob.name,
        original_name=storage.safe_name(upload.name or ""),
        content_type=content_type,
        size=blob.size,
        note=note.strip()[:200],
        supersedes=old,
        uploaded_by=actor,
    )
    record(
        actor=actor,
        action="project.upload_evidence",
        target=project,
        changes={
            "evidence": evidence.pk,
            "kind": kind,
            "file": evidence.original_name,
            "sha256": blob.sha256,
            "size": blob.size,
            "stored_new_blob": blob.created,
            "supersedes": supersedes_id,
        },
    )
    return evidence


@transaction.atomic
def submit_evidence(evidence_id: int, *, actor: User) -> Evidence:
    """Submit a draft: from now on it is immutable; the version it replaces becomes superseded."""
    require_role(actor, UPLOADERS, _("提交档案材料"))
    project, evidence = _lock_evidence(actor, evidence_id)
    require_unlocked(project)
    require_status(project, ARCHIVE_OPEN, _("提交档案材料"))
    if evidence.status != Evidence.Status.DRAFT:
        raise ValidationError(
            _("材料“{name}”的状态为“{status}”，不能再次提交。").format(
                name=evidence.original_name, status=evidence.get_status_display()
            ),
            code="immutable",
        )
    evidence.status, evidence.submitted_at = Evidence.Status.SUBMITTED, timezone.now()
    evidence.save(update_fields=["status", "submitted_at"])
    replaced = evidence.supersedes
    if replaced is not None:
        replaced.status = Evidence.Status.SUPERSEDED
        replaced.save(update_fields=["status"])
    log_event(
        project,
        actor=actor,
        kind="evidence",
        message=(
            phrases.EVIDENCE_REPLACED.say(
                kind=evidence.kind, name=evidence.original_name, old=replaced.original_name
            )
            if replaced is not None
            else phrases.EVIDENCE.say(kind=evidence.kind, name=evidence.original_name)
        ),
        evidence=evidence,
        changes={
            "evidence": evidence.pk,
            "status": ["draft", "submitted"],
            "sha256": evidence.sha256,
            "supersedes": replaced.pk if replaced else None,
        },
    )
    notify_records_changed(evidence.project_id)
    return evidence


@transaction.atomic
def update_evidence_note(evidence_id: int, *, actor: User, note: str) -> Evidence:
    """A draft's note may change; a submitted or superseded record never does."""
    require_role(actor, UPLOADERS, _("修改档案材料"))
    project, evidence = _lock_evidence(actor, evidence_id)
    require_unlocked(project)
    if evidence.status != Evidence.Status.DRAFT:
        raise ValidationError(IMMUTABLE, code="immutable")
    before = evidence.note
    evidence.note = note.strip()[:200]
    evidence.save(update_fields=["note"])
    record(
        actor=actor,
        action="project.update_evidence",
        target=project,
        changes={"evidence": evidence.pk, "note": [before, evidence.note]},
    )
    return evidence


def record_evidence_download(evidence: Evidence, *, actor: User) -> None:
    """Every download of an archive file is a sensitive read and is audited."""
    record(
        actor=actor,
        action="project.download_evidence",
        kind="read",
        target=evidence.project,
        changes={
            "evidence": evidence.pk,
            "file": evidence.original_name,
            "sha256": evidence.sha256,
        },
    )
