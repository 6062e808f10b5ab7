"""Writes for applications (申报): apply in a batch window, attach files, pledge and submit, district
review (初审), city decision (审核/入库), withdrawal and replacement (递补).

Every transition locks the application row, re-checks role, scope and state, keeps an
ApplicationEvent for the enterprise's timeline and an audit entry, and refuses with every reason.
The flow follows 合肥市 2024 试点企业申报通知 (apply on the platform → 县区初审 → 市级审核).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.audit.services import record
from dxpilot.core.uploads import check_upload, safe_file_name
from dxpilot.enterprises.models import (
    REQUIRED_ATTACHMENTS,
    Application,
    ApplicationAttachment,
    ApplicationEvent,
    AttachmentKind,
    Enterprise,
)
from dxpilot.enterprises.selectors import (
    application_eligibility,
    check_eligibility,
)
from dxpilot.enterprises.services.transitions import (
    ENTERPRISE_EDITABLE,
    TRANSITIONS,
    WITHDRAWABLE,
    A,
    S,
    _clean_reasons,
    _lock,
    _move,
    _refuse,
    _require_role,
    _set_pilot,
    _state_errors,
    _window_errors,
)
from dxpilot.programs.models import Batch

if TYPE_CHECKING:
    from dxpilot.accounts.models import User


# The enterprise --------------------------------------------------------------------------------


@transaction.atomic
def start_application(batch_id: int, *, actor: User) -> Application:
    """An enterprise opens a draft in an open batch window, if nothing disqualifies it outright."""
    enterprise_id = scope_of(actor).enterprise_id
    if scope_of(actor).role != Role.ENTERPRISE or enterprise_id is None:
        raise PermissionDenied(_("只有企业用户可以申报试点企业。"))
    # Locking the enterprise serialises two "apply" clicks of the same enterprise.
    enterprise = (
        Enterprise.objects.select_for_update(of=("self",))
        .select_related("program", "division", "industry", "segment")
        .get(pk=enterprise_id)
    )
    batch = Batch.objects.filter(pk=batch_id, program=enterprise.program).first()
    if batch is None:
        raise ValidationError({"batch": [_("没有找到该申报批次。")]})
    errors: dict[str, list[str]] = {"batch": _window_errors(batch)}
    live = (
        Application.objects.filter(batch=batch, enterprise=enterprise)
        .exclude(status=S.WITHDRAWN)
        .first()
    )
    if live is not None:
        errors["batch"].append(
            _("本企业在“{batch}”已有申报（状态：“{status}”），请在原申报中继续。").format(
                batch=batch.name, status=live.get_status_display()
            )
        )
    eligibility = check_eligibility(enterprise, enterprise.program)
    errors["eligibility"] = [f"{c.title}：{c.explanation}" for c in eligibility.failed]
    _refuse(errors)
    application = Application.objects.create(batch=batch, enterprise=enterprise, created_by=actor)
    ApplicationEvent.objects.create(
        application=application,
        action=A.START,
        to_status=S.DRAFT,
        actor=actor,
        actor_role=Role.ENTERPRISE,
    )
    record(
        actor=actor,
        action="application.start",
        target=application,
        changes={"batch": [None, batch.pk]},
    )
    return application


def _require_editable(application: Application) -> None:
    errors = _state_errors(application, ENTERPRISE_EDITABLE, gettext_lazy("修改"), None)
    # A draft is bound to the window; a returned application may be corrected after the deadline
    # (the return is the request to correct it).
    if not errors and application.status == S.DRAFT:
        errors = _window_errors(application.batch)
    if errors:
        raise ValidationError({"status": errors})


@transaction.atomic
def update_declaration(
    application_id: int,
    *,
    actor: User,
    needs_summary: str,
    previously_funded: bool | None,
    funding_note: str = "",
) -> Application:
    """The enterprise's own statements: its needs and whether it was funded centrally before."""
    _require_role(actor, {Role.ENTERPRISE}, _("只有申报企业本身可以填写申报内容。"))
    application = _lock(actor, application_id)
    _require_editable(application)
    before = {
        "needs_summary": application.needs_summary,
        "previously_funded": application.previously_funded,
        "funding_note": application.funding_note,
    }
    application.needs_summary = needs_summary.strip()
    application.previously_funded = previously_funded
    application.funding_note = funding_note.strip()[:200]
    after = {key: getattr(application, key) for key in before}
    changed = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if changed:
        application.save(update_fields=[*changed, "updated_at"])
        record(actor=actor, action="application.update", target=application, changes=changed)
    return application


@transaction.atomic
def attach_file(
    application_id: int, *, actor: User, kind: str, upload: UploadedFile[bytes]
) -> ApplicationAttachment:
    """Type by content, size limit, SHA-256; a new file of a required kind supersedes the old one
    (which is kept, never deleted)."""
    _require_role(actor, {Role.ENTERPRISE}, _("只有申报企业本身可以上传申报材料。"))
    application = _lock(actor, application_id)
    _require_editable(application)
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": [_("材料类型“{kind}”无效。").format(kind=kind)]})
    content_type = check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    if kind != AttachmentKind.OTHER:
        application.attachments.filter(kind=kind, is_current=True).update(is_current=False)
    attachment = ApplicationAttachment.objects.create(
        application=application,
        kind=kind,
        file=upload,
        original_name=safe_file_name(upload.name or ""),
        content_type=content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    record(actor=actor, action="application.attach", target=application,
           changes={"kind": kind, "file": attachment.original_name, "sha256": attachment.sha256})  # fmt: skip
    return attachment


@transaction.atomic
def retire_attachment(attachment_id: int, *, actor: User) -> ApplicationAttachment:
    """Takes a file out of the application (kept for the record, no longer counted)."""
    _require_role(actor, {Role.ENTERPRISE}, _("只有申报企业本身可以移除申报材料。"))
    attachment = ApplicationAttachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise ValidationError(_("没有找到该文件，或您无权操作。"), code="not_found")
    application = _lock(actor, attachment.application_id)
    _require_editable(application)
    if attachment.is_current:
        attachment.is_current = False
        attachment.save(update_fields=["is_current"])
        record(actor=actor, action="application.retire_attachment", target=application,
               changes={"kind": attachment.kind, "file": attachment.original_name, "sha256": attachment.sha256})  # fmt: skip
    return attachment


def _submission_errors(application: Application, *, pledge: bool) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not pledge:
        errors["pledge"] = [_("提交前请阅读并勾选真实性承诺。")]
    if not application.needs_summary.strip():
        errors["needs_summary"] = [_("请填写数字化转型需求简述。")]
    if application.previously_funded is None:
        errors["previously_funded"] = [_("请声明是否曾获中央财政资金支持。")]
    present = set(application.attachments.filter(is_current=True).values_list("kind", flat=True))
    errors["attachments"] = [
        _("请上传“{kind}”。").format(kind=kind.label)
        for kind in REQUIRED_ATTACHMENTS
        if kind.value not in present
    ]
    eligibility = application_eligibility(application)
    errors["eligibility"] = [f"{c.title}：{c.explanation}" for c in eligibility.failed]
    return errors


def _submit(
    application_id: int, key: str, *, actor: User, pledge: bool, expected_version: int | None
) -> Application:
    t = TRANSITIONS[key]
    _require_role(actor, t.roles, t.role_refusal)
    application = _lock(actor, application_id)
    errors = {"status": _state_errors(application, t.sources, t.verb, expected_version)}
    if not errors["status"]:
        if key == "submit":
            errors["batch"] = _window_errors(application.batch)
        errors.update(_submission_errors(application, pledge=pledge))
    _refuse(errors)
    now = timezone.now()
    application.pledged_at = application.submitted_at = now
    application.eligibility = application_eligibility(application).to_dict()
    _move(application, actor=actor, target=t.target, action=t.action,
          fields=["pledged_at", "submitted_at", "eligibility"])  # fmt: skip
    return application


@transaction.atomic
def submit_application(
    application_id: int, *, actor: User, pledge: bool, expected_version: int | None = None
) -> Application:
    """Draft → submitted, inside the batch window, with the pledge (真实性承诺), the required
    attachments, a declaration and no failed eligibility criterion."""
    return _submit(
        application_id, "submit", actor=actor, pledge=pledge, expected_version=expected_version
    )


@transaction.atomic
def resubmit_application(
    application_id: int, *, actor: User, pledge: bool, expected_version: int | None = None
) -> Application:
    """Returned → resubmitted: the same checks as a first submission, except the window."""
    return _submit(
        application_id, "resubmit", actor=actor, pledge=pledge, expected_version=expected_version
    )


@transaction.atomic
def withdraw_application(
    application_id: int, *, actor: User, reason: str, expected_version: int | None = None
) -> Application:
    """The enterprise withdraws (after admission: leaves the pilot); the city admin may revoke an
    admission. Recorded, never deleted; an admitted seat can then be filled by a replacement."""
    role = scope_of(actor).role
    _require_role(actor, WITHDRAWABLE, _("只有申报企业本身或市级管理员可以撤回申报。"))
    application = _lock(actor, application_id)
    reasons = _clean_reasons([reason])
    errors = {
        "status": _state_errors(
            application, WITHDRAWABLE[role or ""], gettext_lazy("撤回"), expected_version
        ),
        "reason": [] if reasons else [_("请写明撤回原因。")],
    }
    _refuse(errors)
    was_admitted = application.status == S.ADMITTED
    application.withdrawn_at = timezone.now()
    _move(
        application,
        actor=actor,
        target=S.WITHDRAWN,
        action=A.WITHDRAW,
        reasons=reasons,
        fields=["withdrawn_at"],
    )
    if was_admitted:
        _set_pilot(application.enterprise_id, False, actor=actor)
    return application
