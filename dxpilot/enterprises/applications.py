"""Writes for applications (申报): apply in a batch window, attach files, pledge and submit, district
review (初审), city decision (审核/入库), withdrawal and replacement (递补).

Every transition locks the application row, re-checks role, scope and state, keeps an
ApplicationEvent for the enterprise's timeline and an audit entry, and refuses with every reason.
The flow follows 合肥市 2024 试点企业申报通知 (apply on the platform → 县区初审 → 市级审核).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.audit.services import record
from dxpilot.core.uploads import check_upload
from dxpilot.enterprises.models import (
    REQUIRED_ATTACHMENTS,
    Application,
    ApplicationAttachment,
    ApplicationEvent,
    ApplicationStatus,
    AttachmentKind,
    Enterprise,
)
from dxpilot.enterprises.selectors_applications import (
    application_eligibility,
    check_eligibility,
    is_open,
    visible_applications,
    window_text,
)
from dxpilot.programs.models import Batch

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

S = ApplicationStatus
A = ApplicationEvent.Action
ENTERPRISE_EDITABLE = frozenset({S.DRAFT, S.RETURNED})
MAX_REASON_LENGTH = 500


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    verb: Promise  # "不能{verb}" in the refusal
    role_refusal: Promise


ENTERPRISE_ONLY = gettext_lazy("只有申报企业本身可以提交申报。")
TRANSITIONS = {
    "submit": Transition(A.SUBMIT, frozenset({S.DRAFT}), S.SUBMITTED, frozenset({Role.ENTERPRISE}),
                         gettext_lazy("提交"), ENTERPRISE_ONLY),
    "resubmit": Transition(A.RESUBMIT, frozenset({S.RETURNED}), S.RESUBMITTED, frozenset({Role.ENTERPRISE}),
                           gettext_lazy("重新提交"), ENTERPRISE_ONLY),
    "district_pass": Transition(A.DISTRICT_PASS, frozenset({S.SUBMITTED, S.RESUBMITTED}), S.DISTRICT_PASSED,
                                frozenset({Role.DISTRICT_OFFICER}), gettext_lazy("通过初审"),
                                gettext_lazy("县区初审由企业所在县区（开发区）的工作人员办理。")),
    "district_return": Transition(A.RETURN, frozenset({S.SUBMITTED, S.RESUBMITTED}), S.RETURNED,
                                  frozenset({Role.DISTRICT_OFFICER}), gettext_lazy("退回"),
                                  gettext_lazy("只有县区工作人员（初审）和市级管理员（审核）可以退回申报。")),
    "city_return": Transition(A.RETURN, frozenset({S.DISTRICT_PASSED}), S.RETURNED, frozenset({Role.CITY_ADMIN}),
                              gettext_lazy("退回"),
                              gettext_lazy("只有县区工作人员（初审）和市级管理员（审核）可以退回申报。")),
    "admit": Transition(A.ADMIT, frozenset({S.DISTRICT_PASSED}), S.ADMITTED, frozenset({Role.CITY_ADMIN}),
                        gettext_lazy("入库"), gettext_lazy("只有市级管理员可以决定入库。")),
    "reject": Transition(A.REJECT, frozenset({S.DISTRICT_PASSED}), S.REJECTED, frozenset({Role.CITY_ADMIN}),
                         gettext_lazy("作不通过处理"), gettext_lazy("只有市级管理员可以决定入库。")),
}  # fmt: skip
# Who may withdraw what: the enterprise its own application at any stage before a final "no"
# (after admission that is leaving the pilot); the city admin revokes an admission.
WITHDRAWABLE: dict[str, frozenset[str]] = {
    Role.ENTERPRISE: frozenset(
        {S.DRAFT, S.SUBMITTED, S.RESUBMITTED, S.DISTRICT_PASSED, S.RETURNED, S.ADMITTED}
    ),
    Role.CITY_ADMIN: frozenset({S.ADMITTED}),
}


def return_transition(role: str | None) -> str:
    return "city_return" if role == Role.CITY_ADMIN else "district_return"


def available_actions(user: Any, application: Application) -> set[str]:
    """The transitions the user could take on this application now (what the page offers)."""
    role = scope_of(user).role
    actions = {
        key for key, t in TRANSITIONS.items() if role in t.roles and application.status in t.sources
    }
    if application.status in WITHDRAWABLE.get(role or "", frozenset()):
        actions.add("withdraw")
    if role == Role.ENTERPRISE and application.status in ENTERPRISE_EDITABLE:
        actions.add("edit")
    return actions


# Helpers ---------------------------------------------------------------------------------------


def _lock(actor: User, application_id: int) -> Application:
    """The row, locked; out of scope reads as missing (ids reveal nothing)."""
    try:
        return (
            visible_applications(actor)
            .select_for_update(of=("self",))
            .select_related("batch__program", "enterprise__industry")
            .get(pk=application_id)
        )
    except (Application.DoesNotExist, ValueError, TypeError):
        raise ValidationError(_("没有找到该申报，或不在您的管辖范围。"), code="not_found") from None


def _require_role(actor: User, roles: Iterable[str], refusal: Promise | str) -> None:
    if scope_of(actor).role not in set(roles):
        raise PermissionDenied(str(refusal))


def _state_errors(
    application: Application,
    sources: Iterable[str],
    verb: Promise | str,
    expected_version: int | None,
) -> list[str]:
    errors = []
    if expected_version is not None and expected_version != application.version:
        errors.append(
            _("该申报已被他人处理（当前状态：“{status}”），请刷新页面后再操作。").format(
                status=application.get_status_display()
            )
        )
    elif application.status not in set(sources):
        errors.append(
            _("该申报当前状态为“{status}”，不能{verb}。").format(
                status=application.get_status_display(), verb=verb
            )
        )
    return errors


def _window_errors(batch: Batch, today: date | None = None) -> list[str]:
    today = today or timezone.localdate()
    if batch.kind != Batch.Kind.ENTERPRISE:
        return [_("“{batch}”不是试点企业申报批次。").format(batch=batch.name)]
    if not is_open(batch, today):
        return [
            _("{window}，今天（{today}）不在申报时间内。").format(
                window=window_text(batch), today=today.isoformat()
            )
        ]
    return []


def _clean_reasons(reasons: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for reason in reasons:
        text = " ".join(str(reason).split())[:MAX_REASON_LENGTH]
        if text and text not in cleaned:
            cleaned.append(text)
    return cleaned


def _refuse(errors: dict[str, list[str]]) -> None:
    errors = {field: messages for field, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)


def _move(application: Application, *, actor: User, target: str, action: str,
          reasons: list[str] | None = None, comment: str = "", fields: Iterable[str] = ()) -> ApplicationEvent:  # fmt: skip
    """Apply the state change, keep it as an event and in the audit log (inside the caller's atomic)."""
    before = application.status
    application.status = target
    application.version += 1
    application.save(update_fields=["status", "version", "updated_at", *fields])
    event = ApplicationEvent.objects.create(
        application=application,
        action=action,
        from_status=before,
        to_status=target,
        actor=actor,
        actor_role=scope_of(actor).role or "",
        reasons=reasons or [],
        comment=comment,
    )
    changes: dict[str, Any] = {"status": [before, target], "version": application.version}
    if reasons:
        changes["reasons"] = reasons
    if comment:
        changes["comment"] = comment
    record(actor=actor, action=f"application.{action}", target=application, changes=changes)
    return event


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
        original_name=(upload.name or "file")[:200],
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


# Officials -------------------------------------------------------------------------------------


@transaction.atomic
def pass_district_review(
    application_id: int, *, actor: User, comment: str = "", expected_version: int | None = None
) -> Application:
    """县区初审: an officer of the enterprise's division or zone passes it on to the city."""
    t = TRANSITIONS["district_pass"]
    _require_role(actor, t.roles, t.role_refusal)
    application = _lock(actor, application_id)
    _refuse({"status": _state_errors(application, t.sources, t.verb, expected_version)})
    application.district_passed_at = timezone.now()
    _move(application, actor=actor, target=t.target, action=t.action, comment=comment.strip(),
          fields=["district_passed_at"])  # fmt: skip
    return application


@transaction.atomic
def return_application(
    application_id: int, *, actor: User, reasons: Iterable[str], expected_version: int | None = None
) -> Application:
    """Back to the enterprise with reasons: by the district during 初审, by the city during 审核."""
    role = scope_of(actor).role
    t = TRANSITIONS[return_transition(role)]
    _require_role(actor, {Role.DISTRICT_OFFICER, Role.CITY_ADMIN}, t.role_refusal)
    application = _lock(actor, application_id)
    cleaned = _clean_reasons(reasons)
    _refuse({
        "status": _state_errors(application, t.sources, t.verb, expected_version),
        "reasons": [] if cleaned else [_("请至少写明一条退回原因。")],
    })  # fmt: skip
    application.reasons = cleaned
    application.return_count += 1
    _move(application, actor=actor, target=t.target, action=t.action, reasons=cleaned,
          fields=["reasons", "return_count"])  # fmt: skip
    return application


@transaction.atomic
def admit_application(
    application_id: int,
    *,
    actor: User,
    comment: str = "",
    replaces_id: int | None = None,
    expected_version: int | None = None,
) -> Application:
    """市级审核通过，入库: the enterprise becomes a pilot enterprise of the batch, within the batch's
    quota; `replaces_id` names the admitted-then-withdrawn application whose seat it fills (递补)."""
    t = TRANSITIONS["admit"]
    _require_role(actor, t.roles, t.role_refusal)
    application = _lock(actor, application_id)
    errors: dict[str, list[str]] = {
        "status": _state_errors(application, t.sources, t.verb, expected_version)
    }
    # Lock the batch so two admissions cannot both take its last seat.
    batch = Batch.objects.select_for_update().get(pk=application.batch_id)
    replaced = None
    if replaces_id is not None:
        replaced = Application.objects.select_for_update().filter(pk=replaces_id).first()
        if replaced is None or replaced.batch_id != batch.pk or not replaced.left_the_pilot:
            errors["replaces"] = [_("只能递补本批次已入库后又撤回的企业。")]
        elif Application.objects.filter(replaces=replaced).exists():
            errors["replaces"] = [_("“{name}”的名额已经递补。").format(name=replaced.enterprise)]
    taken = Application.objects.filter(batch=batch, status=S.ADMITTED).count()
    if batch.quota is not None and taken >= batch.quota:
        errors["batch"] = [
            _("“{batch}”名额 {quota} 家已满（已入库 {taken} 家）。").format(
                batch=batch.name, quota=batch.quota, taken=taken
            )
        ]
    enterprise = Enterprise.objects.select_for_update().get(pk=application.enterprise_id)
    if enterprise.is_pilot and not errors["status"]:
        errors["enterprise"] = [_("企业已是试点企业，不能重复入库。")]
    _refuse(errors)
    now = timezone.now()
    application.decided_at = application.admitted_at = now
    application.replaces = replaced
    _move(application, actor=actor, target=t.target, action=t.action, comment=comment.strip(),
          fields=["decided_at", "admitted_at", "replaces"])  # fmt: skip
    if replaced is not None:
        ApplicationEvent.objects.create(
            application=replaced, action=A.REPLACE, from_status=replaced.status, to_status=replaced.status,
            actor=actor, actor_role=Role.CITY_ADMIN,
            comment=_("名额由“{name}”递补。").format(name=enterprise.name),
        )  # fmt: skip
    _set_pilot(enterprise.pk, True, actor=actor)
    return application


@transaction.atomic
def reject_application(
    application_id: int, *, actor: User, reasons: Iterable[str], expected_version: int | None = None
) -> Application:
    """市级审核不通过: final for this batch, with reasons the enterprise sees."""
    t = TRANSITIONS["reject"]
    _require_role(actor, t.roles, t.role_refusal)
    application = _lock(actor, application_id)
    cleaned = _clean_reasons(reasons)
    _refuse({
        "status": _state_errors(application, t.sources, t.verb, expected_version),
        "reasons": [] if cleaned else [_("请至少写明一条不通过原因。")],
    })  # fmt: skip
    application.reasons = cleaned
    application.decided_at = timezone.now()
    _move(application, actor=actor, target=t.target, action=t.action, reasons=cleaned,
          fields=["reasons", "decided_at"])  # fmt: skip
    return application


def _set_pilot(enterprise_id: int, value: bool, *, actor: User) -> None:
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise_id)
    if enterprise.is_pilot != value:
        enterprise.is_pilot = value
        enterprise.save(update_fields=["is_pilot", "updated_at"])
        record(
            actor=actor,
            action="enterprise.update",
            target=enterprise,
            changes={"is_pilot": [not value, value]},
        )
