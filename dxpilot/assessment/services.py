"""Assessment writes: self-assessment, on-site assignment, overrides with reasons, evidence, locking.

The on-site rating of pilot enterprises is required by 工信厅企业〔2024〕56号 (现场评定); a locked
assessment never changes, and an assessor never rates an enterprise their organisation serves.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.assessment import engine
from dxpilot.assessment.config import engine_config, sheet_for
from dxpilot.assessment.drafts import check_draft, sheet_errors_by_field
from dxpilot.assessment.models import Assessment, AssessmentEvidence, Override, StoredResult
from dxpilot.assessment.selectors import serving_provider_ids, visible_assessments
from dxpilot.audit.services import record
from dxpilot.core.uploads import check_upload, safe_file_name
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.selectors import visible_enterprises

if TYPE_CHECKING:
    from dxpilot.accounts.models import User


def _lock(actor: User, assessment_id: int) -> Assessment:
    try:
        return (
            visible_assessments(actor)
            .select_for_update(of=("self",))
            .select_related("enterprise__program", "enterprise__segment", "enterprise__industry")
            .get(pk=assessment_id)
        )
    except Assessment.DoesNotExist:
        raise ValidationError(_("没有找到该评测，或您无权操作。"), code="not_found") from None


def _require_editable(assessment: Assessment) -> None:
    if assessment.status != Assessment.Status.DRAFT:
        raise ValidationError(
            _("该评测的状态为“{status}”，不能再修改。").format(
                status=assessment.get_status_display()
            ),
            code="locked",
        )


def _require_item(assessment: Assessment, item: str) -> None:
    iset = engine.load_indicator_set(assessment.edition)
    if item not in iset.question_by_code and item not in iset.scene_by_name:
        raise ValidationError(
            {"item": [_("“{item}”不是本评测的题目或场景。").format(item=item[:40])]},
            code="unknown_item",
        )


@transaction.atomic
def start_self_assessment(enterprise_id: int, *, actor: User) -> Assessment:
    """An enterprise opens its self-assessment; an open draft is reused, never duplicated."""
    if scope_of(actor).enterprise_id != enterprise_id:
        raise PermissionDenied(_("只有企业本身可以填写自评测。"))
    enterprise = (
        Enterprise.objects.select_for_update().select_related("program").get(pk=enterprise_id)
    )
    draft = enterprise.assessments.filter(
        kind=Assessment.Kind.SELF, status=Assessment.Status.DRAFT
    ).first()
    if draft is not None:
        return draft
    assessment = Assessment.objects.create(
        enterprise=enterprise,
        kind=Assessment.Kind.SELF,
        edition=enterprise.program.assessment_edition,
        created_by=actor,
    )
    record(actor=actor, action="assessment.start_self", target=assessment)
    return assessment


@transaction.atomic
def save_draft(
    assessment_id: int,
    *,
    actor: User,
    answers: dict[str, Any],
    scenes: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> Assessment:
    """Autosave of a self-assessment: incomplete is fine, invalid is refused (every problem)."""
    assessment = _lock(actor, assessment_id)
    _require_editable(assessment)
    if (
        assessment.kind != Assessment.Kind.SELF
        or scope_of(actor).enterprise_id != assessment.enterprise_id
    ):
        raise PermissionDenied(_("只有企业本身可以填写自评测。"))
    errors = check_draft(assessment.edition, answers, scenes)
    if errors:
        raise ValidationError(errors)
    assessment.answers, assessment.scenes = answers, scenes
    if extra is not None:
        assessment.extra = extra
    assessment.save(update_fields=["answers", "scenes", "extra", "updated_at"])
    return assessment


def _score(assessment: Assessment) -> engine.ScoreResult:
    config = engine_config(assessment.enterprise)
    sheet = sheet_for(assessment.edition, config.industry, assessment.answers, assessment.scenes)
    try:
        return engine.score_sheet(
            sheet, rules=config.rules, constraint_scenes=config.constraint_scenes
        )
    except engine.SheetError as exc:
        raise ValidationError(sheet_errors_by_field(exc)) from exc


def _store_result(assessment: Assessment, result: engine.ScoreResult) -> None:
    assessment.result = StoredResult(result.to_dict())
    assessment.total = result.total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assessment.level = result.level


@transaction.atomic
def submit_self_assessment(assessment_id: int, *, actor: User, pledge: bool) -> Assessment:
    """Submitting needs every answer and the truthfulness pledge (工信厅企业〔2024〕56号: 真实性承诺)."""
    assessment = _lock(actor, assessment_id)
    _require_editable(assessment)
    if (
        assessment.kind != Assessment.Kind.SELF
        or scope_of(actor).enterprise_id != assessment.enterprise_id
    ):
        raise PermissionDenied(_("只有企业本身可以提交自评测。"))
    errors: dict[str, list[str]] = {}
    if not pledge:
        errors["pledge"] = [_("提交前请阅读并勾选真实性承诺。")]
    try:
        result = _score(assessment)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    _store_result(assessment, result)
    now = timezone.now()
    assessment.status, assessment.pledged_at, assessment.submitted_at = (
        Assessment.Status.SUBMITTED,
        now,
        now,
    )
    assessment.save(
        update_fields=[
            "result",
            "total",
            "level",
            "status",
            "pledged_at",
            "submitted_at",
            "updated_at",
        ]
    )
    record(actor=actor, action="assessment.submit_self", target=assessment,
           changes={"level": [None, assessment.level], "total": [None, str(assessment.total)]})  # fmt: skip
    return assessment


# Project statuses from 改造完成 on (projects sits above assessment: named, not imported).
COMPLETED_PROJECT = ("completed", "acceptance", "accepted", "refused", "subsidised", "closed")


def _after_problems(enterprise: Enterprise, kind: str) -> list[str]:
    """T1 measures the level *after* transformation (Hefei plan §三.4 "改造前后分别开展评估",
    "确保改造后…达到二级及以上"): it needs the locked T0 baseline and a project declared complete.
    A T2 follow-up (§三.9 成效跟踪) comes after a locked T1."""
    if kind not in (Assessment.Kind.ONSITE_AFTER, Assessment.Kind.FOLLOWUP):
        return []
    locked = enterprise.assessments.filter(status=Assessment.Status.LOCKED)
    if kind == Assessment.Kind.FOLLOWUP:
        if not locked.filter(kind=Assessment.Kind.ONSITE_AFTER).exists():
            return [
                _("跟踪评测（T2）须在改造后现场评测（T1）锁定之后安排：该企业还没有已锁定的 T1。")
            ]
        return []
    problems = []
    if not locked.filter(kind=Assessment.Kind.ONSITE_BEFORE).exists():
        problems.append(
            _("改造后现场评测（T1）须在改造前现场评测（T0）锁定之后安排：该企业还没有已锁定的 T0。")
        )
    if not enterprise.projects.filter(status__in=COMPLETED_PROJECT).exists():
        problems.append(
            _("改造后现场评测（T1）须在转型项目登记“改造完成”之后安排：该企业还没有完工的项目。")
        )
    return problems


@transaction.atomic
def assign_assessor(enterprise_id: int, *, kind: str, assessor_id: int, actor: User) -> Assessment:
    """Officials assign an on-site assessment. It starts from the latest submitted self-assessment."""
    if scope_of(actor).role not in (Role.CITY_ADMIN, Role.DISTRICT_OFFICER):
        raise PermissionDenied(_("只有市级管理员和县区工作人员可以安排现场评测。"))
    enterprise = (
        visible_enterprises(actor).select_for_update(of=("self",)).filter(pk=enterprise_id).first()
    )
    if enterprise is None:
        raise ValidationError({"enterprise": [_("没有找到该企业，或不在您的管辖范围。")]})
    from dxpilot.accounts.models import User as UserModel

    assessor = UserModel.objects.filter(pk=assessor_id, role=Role.ASSESSOR, is_active=True).first()
    errors: dict[str, list[str]] = {}
    if kind not in Assessment.ONSITE_KINDS:
        errors["kind"] = [_("评测类型“{kind}”不是现场评测。").format(kind=kind)]
    if assessor is None:
        errors["assessor"] = [_("请选择一位在册的评测专家。")]
    elif assessor.provider_id is not None and assessor.provider_id in serving_provider_ids(
        enterprise
    ):
        errors["assessor"] = [
            _("评测专家 {name} 所在单位为该企业提供服务，须回避。").format(name=assessor)
        ]
    if problems := _after_problems(enterprise, kind):
        errors.setdefault("kind", []).extend(problems)
    open_same = enterprise.assessments.filter(kind=kind, status=Assessment.Status.DRAFT).exists()
    if open_same:
        errors.setdefault("kind", []).append(_("该企业已有一份进行中的同类现场评测。"))
    if errors:
        raise ValidationError(errors)
    reference = (
        enterprise.assessments.filter(kind=Assessment.Kind.SELF, status=Assessment.Status.SUBMITTED)
        .order_by("-submitted_at")
        .first()
    )
    assessment = Assessment.objects.create(
        enterprise=enterprise,
        kind=kind,
        edition=enterprise.program.assessment_edition,
        assessor=assessor,
        reference=reference,
        answers=dict(reference.answers) if reference else {},
        scenes=dict(reference.scenes) if reference else {},
        extra=dict(reference.extra) if reference else {},
        created_by=actor,
    )
    record(actor=actor, action="assessment.assign", target=assessment,
           changes={"assessor": [None, assessor.pk], "kind": [None, kind]})  # type: ignore[union-attr]  # fmt: skip
    return assessment


def _require_assessor(assessment: Assessment, actor: User) -> None:
    if assessment.assessor_id != actor.pk:
        raise PermissionDenied(_("只有被指派的评测专家可以进行现场评测。"))


@transaction.atomic
def set_onsite_value(
    assessment_id: int, *, actor: User, item: str, value: Any, reason: str = ""
) -> Assessment:
    """The assessor sets one answer or scene level; differing from the self value needs a reason."""
    assessment = _lock(actor, assessment_id)
    _require_editable(assessment)
    _require_assessor(assessment, actor)
    _require_item(assessment, item)
    is_scene = item not in engine.load_indicator_set(assessment.edition).question_by_code
    answers, scenes = dict(assessment.answers), dict(assessment.scenes)
    if is_scene:
        scenes[item] = value
    else:
        answers[item] = value
    errors = check_draft(
        assessment.edition, {item: value} if not is_scene else {}, {item: value} if is_scene else {}
    )
    reference = assessment.reference
    self_value = None
    if reference is not None:
        self_value = (reference.scenes if is_scene else reference.answers).get(item)
    differs = reference is not None and _normalise(self_value) != _normalise(value)
    if differs and not reason.strip():
        errors.setdefault("reason", []).append(_("现场值与企业自评不同，请填写修改理由。"))
    if errors:
        raise ValidationError(errors)
    previous = (assessment.scenes if is_scene else assessment.answers).get(item)
    assessment.answers, assessment.scenes = answers, scenes
    assessment.save(update_fields=["answers", "scenes", "updated_at"])
    if differs:
        Override.objects.create(
            assessment=assessment,
            item=item,
            self_value=self_value,
            value=value,
            reason=reason.strip(),
            by=actor,
        )
    record(actor=actor, action="assessment.set_value", target=assessment,
           changes={item: [previous, value], **({"reason": reason.strip()} if differs else {})})  # fmt: skip
    return assessment


def _normalise(value: Any) -> Any:
    return sorted(value) if isinstance(value, list) else value


@transaction.atomic
def attach_evidence(
    assessment_id: int, *, actor: User, item: str, upload: UploadedFile[bytes]
) -> AssessmentEvidence:
    assessment = _lock(actor, assessment_id)
    _require_editable(assessment)
    _require_assessor(assessment, actor)
    _require_item(assessment, item)
    content_type = check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    evidence = AssessmentEvidence.objects.create(
        assessment=assessment,
        item=item,
        file=upload,
        original_name=safe_file_name(upload.name or ""),
        content_type=content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    record(actor=actor, action="assessment.attach_evidence", target=assessment,
           changes={"item": item, "file": evidence.original_name, "sha256": evidence.sha256})  # fmt: skip
    return evidence


@transaction.atomic
def lock_assessment(
    assessment_id: int, *, actor: User, assessed_on: date | None = None
) -> Assessment:
    """The assessor locks the on-site result; from then on nothing about it can change."""
    assessment = _lock(actor, assessment_id)
    _require_editable(assessment)
    _require_assessor(assessment, actor)
    today = timezone.localdate()
    if assessed_on is not None and assessed_on > today:
        raise ValidationError(
            {
                "assessed_on": [
                    _("现场评测日期 {day} 晚于今天（{today}），不能锁定未来日期的评测。").format(
                        day=assessed_on.isoformat(), today=today.isoformat()
                    )
                ]
            }
        )
    result = _score(assessment)
    _store_result(assessment, result)
    now = timezone.now()
    assessment.status, assessment.locked_at = Assessment.Status.LOCKED, now
    assessment.submitted_at = assessment.submitted_at or now
    assessment.assessed_on = assessed_on or timezone.localdate()
    assessment.save(
        update_fields=[
            "result",
            "total",
            "level",
            "status",
            "locked_at",
            "submitted_at",
            "assessed_on",
            "updated_at",
        ]
    )
    enterprise = assessment.enterprise
    before = enterprise.level
    enterprise.level, enterprise.level_total, enterprise.level_assessment = (
        assessment.level,
        assessment.total,
        assessment,
    )
    enterprise.save(update_fields=["level", "level_total", "level_assessment", "updated_at"])
    record(actor=actor, action="assessment.lock", target=assessment,
           changes={"level": [before, assessment.level], "total": [None, str(assessment.total)]})  # fmt: skip
    return assessment


def record_evidence_download(evidence: AssessmentEvidence, *, actor: User) -> None:
    """Every download of evidence is a sensitive read and is audited."""
    record(actor=actor, action="assessment.download_evidence", kind="read", target=evidence.assessment,
           changes={"file": evidence.original_name, "sha256": evidence.sha256})  # fmt: skip


def record_report_export(assessment: Assessment, *, actor: User) -> None:
    """Every download of a diagnosis report (.docx) is a sensitive export and is audited."""
    record(actor=actor, action="assessment.download_report", kind="export", target=assessment,
           changes={"level": assessment.level, "total": str(assessment.total)})  # fmt: skip
