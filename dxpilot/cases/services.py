"""Typical-case writes: keyword-only `actor`, one transaction, an audit entry, and refusals as a
ValidationError naming every problem (the database is left unchanged).

Workflow: draft → review → published, and back: a case in review may be returned to draft
with reasons, a published case may be withdrawn with reasons (it leaves the showcase, the row
stays). Who:
- drafting, editing, images and submission: the city admin, or a district officer for the
  enterprises of their divisions;
- return, publication and withdrawal: the city admin (the city publishes, DESIGN §1).

Rules:
- the case's enterprise is its project's; the providers are among the project's filed
  contracts, the products among its plan and investment lines;
- a case is submitted from an accepted project (acceptance passed) only;
- a 标杆 case needs the project's T1 (改造后现场评测) locked at 三级 or above;
- a 灯塔 case needs the enterprise's 灯塔工厂 honour on record;
- figures are never typed: submission copies them from the project record
  (`selectors.project_figures`) and publication is refused when the project record no longer
  agrees with that copy (the case goes back to review with the new figures).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.scope import scope_of
from dxpilot.assessment.engine import level_name
from dxpilot.audit.services import record, snapshot
from dxpilot.cases import selectors
from dxpilot.cases.models import Case, CaseImage, CaseKind, CaseStatus
from dxpilot.core.uploads import check_upload
from dxpilot.core.validation import text_rule, validate
from dxpilot.enterprises.models import Honour, HonourKind
from dxpilot.projects import storage
from dxpilot.projects.models import ProjectStatus, TransformationProject

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

CASE_FIELDS = ("kind", "title", "summary", "body")
CASE_RULES = {
    "title": text_rule(Case, "title", required=True),
    "summary": text_rule(Case, "summary", required=True),
    "body": text_rule(Case, "body", multiline=True, max_length=10000),
}
REASON_RULES = {"reasons": text_rule(Case, "reasons", multiline=True, max_length=2000)}
CAPTION_RULES = {"caption": text_rule(CaseImage, "caption")}
IMAGE_TYPES = ("image/png", "image/jpeg")
MAX_IMAGES = 9


@dataclass
class CaseData:
    kind: str
    title: str
    summary: str
    body: str = ""
    # None: every provider / product of the project.
    provider_ids: Sequence[int] | None = None
    product_ids: Sequence[int] | None = None


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(
            {name: [ValidationError(m, code="invalid") for m in ms] for name, ms in errors.items()}
        )


def _require_editor(actor: User) -> None:
    if scope_of(actor).role not in selectors.EDITORS:
        raise PermissionDenied(_("只有市级管理员和区县主管部门可以编写典型案例。"))


def _require_publisher(actor: User) -> None:
    if scope_of(actor).role not in selectors.PUBLISHERS:
        raise PermissionDenied(_("只有市级管理员可以审核、发布或撤回典型案例。"))


def _lock_case(actor: User, case_id: int) -> Case:
    case = (
        Case.objects.select_for_update()
        .select_related("enterprise", "project", "program")
        .filter(pk=case_id)
        .first()
    )
    if case is None or not selectors.can_edit(actor, case):
        raise PermissionDenied(_("该案例不在您的管辖范围内。"))
    return case


def _require_status(case: Case, *statuses: str) -> None:
    if case.status not in statuses:
        raise ValidationError(
            {
                "status": [
                    _("案例当前为“{status}”，不能进行此操作。").format(
                        status=case.get_status_display()
                    )
                ]
            }
        )


def _check_fields(
    project: TransformationProject, data: CaseData, errors: dict[str, list[str]]
) -> tuple[list[int], list[int]]:
    values, problems = validate(
        CASE_RULES, {"title": data.title, "summary": data.summary, "body": data.body}
    )
    data.title, data.summary, data.body = values["title"], values["summary"], values["body"]
    for name, messages in problems.items():
        errors.setdefault(name, []).extend(messages)
    if data.kind not in CaseKind.values:
        errors.setdefault("kind", []).append(_("案例类型“{kind}”无效。").format(kind=data.kind))
    offered_providers = dict(selectors.project_providers(project).values_list("pk", "name"))
    offered_products = dict(selectors.project_products(project).values_list("pk", "name"))
    provider_ids = (
        sorted(offered_providers)
        if data.provider_ids is None
        else list(dict.fromkeys(int(pk) for pk in data.provider_ids))
    )
    product_ids = (
        sorted(offered_products)
        if data.product_ids is None
        else list(dict.fromkeys(int(pk) for pk in data.product_ids))
    )
    strangers = [pk for pk in provider_ids if pk not in offered_providers]
    if strangers:
        errors.setdefault("providers", []).append(
            _("所选服务商（编号 {ids}）未与该项目备案合同，不能列入案例。").format(
                ids="、".join(str(pk) for pk in strangers)
            )
        )
    strangers = [pk for pk in product_ids if pk not in offered_products]
    if strangers:
        errors.setdefault("products", []).append(
            _("所选产品（编号 {ids}）不在该项目的方案或投入清单中，不能列入案例。").format(
                ids="、".join(str(pk) for pk in strangers)
            )
        )
    return provider_ids, product_ids


@transaction.atomic
def draft_case(project_id: int, data: CaseData, *, actor: User) -> Case:
    """Start a case from a project in the actor's scope (any state: the text can be prepared
    while the project runs; submission needs the acceptance passed)."""
    _require_editor(actor)
    project = selectors.case_projects(actor).filter(pk=project_id).first()
    if project is None:
        raise PermissionDenied(_("该项目不在您的管辖范围内。"))
    errors: dict[str, list[str]] = {}
    provider_ids, product_ids = _check_fields(project, data, errors)
    if (
        data.kind in CaseKind.values
        and Case.objects.filter(project=project, kind=data.kind)
        .exclude(status=CaseStatus.WITHDRAWN)
        .exists()
    ):
        errors.setdefault("kind", []).append(
            _("该项目已有一个“{kind}”案例。").format(kind=CaseKind(data.kind).label)
        )
    _raise_if(errors)
    case = Case.objects.create(
        program_id=project.program_id,
        enterprise_id=project.enterprise_id,
        project=project,
        created_by=actor,
        **{name: getattr(data, name) for name in CASE_FIELDS},
    )
    case.providers.set(provider_ids)
    case.products.set(product_ids)
    changes = {k: [None, v] for k, v in snapshot(case, CASE_FIELDS).items()}
    changes.update(
        project=[None, project.pk], providers=[None, provider_ids], products=[None, product_ids]
    )
    record(actor=actor, action="cases.draft", target=case, changes=changes)
    return case


@transaction.atomic
def update_case(case_id: int, data: CaseData, *, actor: User) -> Case:
    _require_editor(actor)
    case = _lock_case(actor, case_id)
    _require_status(case, CaseStatus.DRAFT)
    errors: dict[str, list[str]] = {}
    provider_ids, product_ids = _check_fields(case.project, data, errors)
    if (
        data.kind != case.kind
        and Case.objects.filter(project=case.project, kind=data.kind)
        .exclude(status=CaseStatus.WITHDRAWN)
        .exclude(pk=case.pk)
        .exists()
    ):
        errors.setdefault("kind", []).append(
            _("该项目已有一个“{kind}”案例。").format(kind=CaseKind(data.kind).label)
        )
    _raise_if(errors)
    before = snapshot(case, CASE_FIELDS)
    before_links = (
        sorted(case.providers.values_list("pk", flat=True)),
        sorted(case.products.values_list("pk", flat=True)),
    )
    for name in CASE_FIELDS:
        setattr(case, name, getattr(data, name))
    case.save(update_fields=[*CASE_FIELDS, "updated_at"])
    case.providers.set(provider_ids)
    case.products.set(product_ids)
    after = snapshot(case, CASE_FIELDS)
    changes = {k: [before[k], after[k]] for k in CASE_FIELDS if before[k] != after[k]}
    if before_links[0] != sorted(provider_ids):
        changes["providers"] = [before_links[0], sorted(provider_ids)]
    if before_links[1] != sorted(product_ids):
        changes["products"] = [before_links[1], sorted(product_ids)]
    record(actor=actor, action="cases.update", target=case, changes=changes)
    return case


# --- rules of a kind -----------------------------------------------------------------------


def publication_problems(case: Case, figures: dict[str, object]) -> dict[str, list[str]]:
    """Every reason the case cannot go to review or be published, from the project record."""
    errors: dict[str, list[str]] = {}
    project = case.project
    if project.status not in selectors.ACCEPTED:
        errors.setdefault("project", []).append(
            _("项目尚未通过验收（当前状态：{status}），不能作为典型案例提交或发布。").format(
                status=ProjectStatus(project.status).label
                if project.status in ProjectStatus.values
                else project.status
            )
        )
    if not case.body.strip():
        errors.setdefault("body", []).append(_("提交审核前请填写案例正文。"))
    if case.kind == CaseKind.BENCHMARK:
        t1 = figures.get("t1")
        if not isinstance(t1, dict):
            errors.setdefault("kind", []).append(
                _("标杆案例须有改造后现场评测（T1）：该项目尚无 T1 评测结果。")
            )
        elif not t1.get("locked"):
            errors.setdefault("kind", []).append(
                _("标杆案例须有已锁定的改造后现场评测（T1）：该项目的 T1 尚未锁定。")
            )
        elif int(t1.get("level") or 0) < selectors.BENCHMARK_LEVEL:
            errors.setdefault("kind", []).append(
                _("标杆案例须改造后等级达到{required}及以上：该项目的 T1 为{level}。").format(
                    required=level_name(selectors.BENCHMARK_LEVEL),
                    level=level_name(int(t1.get("level") or 0)),
                )
            )
    if (
        case.kind == CaseKind.LIGHTHOUSE
        and not Honour.objects.filter(
            enterprise_id=case.enterprise_id, kind=HonourKind.LIGHTHOUSE
        ).exists()
    ):
        errors.setdefault("kind", []).append(
            _("灯塔工厂案例须企业已登记“灯塔工厂”荣誉（含认定文件）：该企业尚无此记录。")
        )
    return errors


# --- workflow --------------------------------------------------------------------------------


@transaction.atomic
def submit_case(case_id: int, *, actor: User) -> Case:
    """Draft → review; the project's figures are copied onto the case now."""
    _require_editor(actor)
    case = _lock_case(actor, case_id)
    _require_status(case, CaseStatus.DRAFT)
    figures = selectors.project_figures(case.project)
    _raise_if(publication_problems(case, figures))
    case.status, case.figures, case.reasons = CaseStatus.REVIEW, figures, ""
    case.submitted_by, case.submitted_at = actor, timezone.now()
    case.save(
        update_fields=["status", "figures", "reasons", "submitted_by", "submitted_at", "updated_at"]
    )
    record(
        actor=actor,
        action="cases.submit",
        target=case,
        changes={"status": [CaseStatus.DRAFT, CaseStatus.REVIEW], "figures": [None, figures]},
    )
    return case


@transaction.atomic
def publish_case(case_id: int, *, actor: User) -> Case:
    """Review → published, when the project record still says what the reviewer saw."""
    _require_publisher(actor)
    case = _lock_case(actor, case_id)
    _require_status(case, CaseStatus.REVIEW)
    live = selectors.project_figures(case.project)
    errors = publication_problems(case, live)
    changed = selectors.figure_differences(case.figures, live)
    if changed:
        errors.setdefault("figures", []).extend(
            _("{label}：提交审核时为 {before}，项目记录现为 {after}。").format(
                label=selectors.FIGURE_LABELS[key],
                before=selectors.describe_figure(case.figures, key),
                after=selectors.describe_figure(live, key),
            )
            for key in changed
        )
        errors["figures"].append(_("案例数据与项目记录不一致，不能发布；请退回后重新提交审核。"))
    _raise_if(errors)
    case.status = CaseStatus.PUBLISHED
    case.published_by, case.published_at, case.withdrawn_at = actor, timezone.now(), None
    case.save(
        update_fields=["status", "published_by", "published_at", "withdrawn_at", "updated_at"]
    )
    record(
        actor=actor,
        action="cases.publish",
        target=case,
        changes={"status": [CaseStatus.REVIEW, CaseStatus.PUBLISHED]},
    )
    return case


def _reasons(reasons: str, errors: dict[str, list[str]]) -> str:
    values, problems = validate(REASON_RULES, {"reasons": reasons})
    for name, messages in problems.items():
        errors.setdefault(name, []).extend(messages)
    if not values["reasons"] and "reasons" not in errors:
        errors["reasons"] = [_("请填写理由。")]
    return str(values["reasons"] or "")


@transaction.atomic
def return_case(case_id: int, *, actor: User, reasons: str) -> Case:
    """Review → draft, with the reviewer's reasons (the copied figures are dropped)."""
    _require_publisher(actor)
    case = _lock_case(actor, case_id)
    _require_status(case, CaseStatus.REVIEW)
    errors: dict[str, list[str]] = {}
    text = _reasons(reasons, errors)
    _raise_if(errors)
    case.status, case.reasons, case.figures = CaseStatus.DRAFT, text, {}
    case.save(update_fields=["status", "reasons", "figures", "updated_at"])
    record(
        actor=actor,
        action="cases.return",
        target=case,
        changes={"status": [CaseStatus.REVIEW, CaseStatus.DRAFT], "reasons": [None, text]},
    )
    return case


@transaction.atomic
def withdraw_case(case_id: int, *, actor: User, reasons: str) -> Case:
    """Published → withdrawn: off the showcase and out of the metrics; the row stays."""
    _require_publisher(actor)
    case = _lock_case(actor, case_id)
    _require_status(case, CaseStatus.PUBLISHED)
    errors: dict[str, list[str]] = {}
    text = _reasons(reasons, errors)
    _raise_if(errors)
    case.status, case.reasons, case.withdrawn_at = CaseStatus.WITHDRAWN, text, timezone.now()
    case.save(update_fields=["status", "reasons", "withdrawn_at", "updated_at"])
    record(
        actor=actor,
        action="cases.withdraw",
        target=case,
        changes={"status": [CaseStatus.PUBLISHED, CaseStatus.WITHDRAWN], "reasons": [None, text]},
    )
    return case


# --- images ----------------------------------------------------------------------------------


def add_image(
    case_id: int, *, actor: User, upload: UploadedFile[bytes], caption: str = ""
) -> CaseImage:
    """A picture for a draft case: typed by content (PNG or JPEG only), size-limited and stored
    under its SHA-256 (projects.storage), like the project evidence."""
    _require_editor(actor)
    errors: dict[str, list[str]] = {}
    content_type = ""
    try:
        content_type = check_upload(upload)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if content_type and content_type not in IMAGE_TYPES:
        errors.setdefault("file", []).append(
            _("案例图片只接受 JPG 或 PNG 图片：“{name}”不是图片。").format(name=upload.name)
        )
    values, problems = validate(CAPTION_RULES, {"caption": caption})
    for name, messages in problems.items():
        errors.setdefault(name, []).extend(messages)
    _raise_if(errors)
    # The file write happens outside the transaction (an orphan blob left by a refusal below is
    # harmless and reused by the next upload of the same bytes).
    blob = storage.store(upload)
    return _record_image(case_id, actor, upload, content_type, blob, values["caption"])


@transaction.atomic
def _record_image(
    case_id: int,
    actor: User,
    upload: UploadedFile[bytes],
    content_type: str,
    blob: storage.Blob,
    caption: str,
) -> CaseImage:
    case = _lock_case(actor, case_id)
    _require_status(case, CaseStatus.DRAFT)
    count = case.images.count()
    if count >= MAX_IMAGES:
        raise ValidationError({"file": [_("每个案例最多 {n} 张图片。").format(n=MAX_IMAGES)]})
    image = CaseImage.objects.create(
        case=case,
        caption=caption,
        sha256=blob.sha256,
        storage_name=blob.name,
        original_name=storage.safe_name(upload.name or ""),
        content_type=content_type,
        size=blob.size,
        order=count,
        uploaded_by=actor,
    )
    record(
        actor=actor,
        action="cases.image_add",
        target=case,
        changes={"image": [None, image.original_name], "sha256": [None, blob.sha256]},
    )
    return image


@transaction.atomic
def remove_image(image_id: int, *, actor: User) -> None:
    _require_editor(actor)
    case_id = CaseImage.objects.filter(pk=image_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise PermissionDenied(_("该案例不在您的管辖范围内。"))
    case = _lock_case(actor, case_id)
    _require_status(case, CaseStatus.DRAFT)
    image = CaseImage.objects.get(pk=image_id)
    record(
        actor=actor,
        action="cases.image_remove",
        target=case,
        changes={"image": [image.original_name, None]},
    )
    image.delete()
