"""Model library writes: keyword-only `actor`, one transaction, an audit entry, and refusals as a
ValidationError naming every problem (the database is left unchanged).

- A provider in the pool (its users) or a platform of the registry (its API client) drafts a
  model, adds files (typed by content, core.uploads) and submits it; only a draft can change.
- The city admin lists a submitted model or returns it with reasons, and withdraws a listed one
  with reasons (as products are reviewed: "一产品、一样板、一评审").
- A use (a file downloaded, the API link opened) adds one to the usage count and is audited;
  the count is never typed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.scope import scope_of
from dxpilot.assessment.engine import load_indicator_set
from dxpilot.audit.models import AuditEntry
from dxpilot.audit.services import diff, record, snapshot
from dxpilot.core.uploads import check_upload, safe_file_name
from dxpilot.core.validation import text_rule, validate
from dxpilot.mechanisms.models import Licence, MechanismModel, ModelFile, ModelScene, ModelStatus
from dxpilot.mechanisms.search import index_models
from dxpilot.mechanisms.selectors import REVIEWERS, owner_of
from dxpilot.programs.models import Program
from dxpilot.providers.models import Provider

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

FIELDS = ("name", "summary", "description", "inputs", "outputs", "licence", "licence_terms",
          "api_url")  # fmt: skip
AUDITED = (*FIELDS, "status", "review_note")
MAX_FILES = 10
MODEL_RULES = {
    "name": text_rule(MechanismModel, "name", required=True),
    "summary": text_rule(MechanismModel, "summary", required=True),
    "description": text_rule(MechanismModel, "description", multiline=True, max_length=4000),
    "inputs": text_rule(MechanismModel, "inputs", required=True, multiline=True, max_length=1000),
    "outputs": text_rule(MechanismModel, "outputs", required=True, multiline=True, max_length=1000),
    "licence_terms": text_rule(MechanismModel, "licence_terms"),
    "api_url": text_rule(MechanismModel, "api_url", kind="key"),
}
REASON_RULES = {
    "reasons": text_rule(MechanismModel, "review_note", required=True, multiline=True,
                         max_length=1000),
}  # fmt: skip


@dataclass
class ModelData:
    name: str
    summary: str
    inputs: str
    outputs: str
    licence: str
    scenes: Sequence[str] = field(default_factory=tuple)
    segment_keys: Sequence[str] = field(default_factory=tuple)
    description: str = ""
    licence_terms: str = ""
    api_url: str = ""


def _raise_if(errors: dict[str, list[str]], code: str = "invalid") -> None:
    if errors:
        raise ValidationError(
            {name: [ValidationError(m, code=code) for m in ms] for name, ms in errors.items()}
        )


def _require_submitter(actor: User) -> tuple[int | None, int | None]:
    provider_id, platform_id = owner_of(actor)
    if provider_id is None and platform_id is None:
        raise PermissionDenied(_("只有服务商和平台可以提交机理模型。"))
    if (
        provider_id is not None
        and not Provider.objects.filter(pk=provider_id, status=Provider.Status.APPROVED).exists()
    ):
        raise PermissionDenied(_("服务商入库后才能提交机理模型。"))
    return provider_id, platform_id


def _require_reviewer(actor: User) -> None:
    if scope_of(actor).role not in REVIEWERS:
        raise PermissionDenied(_("只有市级管理员可以审核机理模型。"))


def _lock_own(actor: User, model_id: int) -> MechanismModel:
    provider_id, platform_id = _require_submitter(actor)
    model = MechanismModel.objects.select_for_update().select_related("program").get(pk=model_id)
    owned = (provider_id is not None and model.provider_id == provider_id) or (
        platform_id is not None and model.platform_id == platform_id
    )
    if not owned:
        raise PermissionDenied(_("该机理模型不是您提交的。"))
    return model


def _check(
    program: Program,
    data: ModelData,
    owner: tuple[int | None, int | None],
    errors: dict[str, list[str]],
    exclude_pk: int = 0,
) -> None:
    values, problems = validate(MODEL_RULES, {name: getattr(data, name) for name in MODEL_RULES})
    for name, value in values.items():
        setattr(data, name, value)
    for name, messages in problems.items():
        errors.setdefault(name, []).extend(messages)
    if data.api_url and "api_url" not in errors:
        try:
            URLValidator(schemes=["https", "http"])(data.api_url)
        except ValidationError:
            errors.setdefault("api_url", []).append(
                _("接口地址“{url}”不是有效的 http(s) 网址。").format(url=data.api_url)
            )
    if data.licence not in Licence.values:
        errors.setdefault("licence", []).append(
            _("授权方式“{value}”无效。").format(value=data.licence)
        )
    if data.licence == Licence.PAID and not data.licence_terms:
        errors.setdefault("licence_terms", []).append(
            _("付费授权的模型须填写授权说明（收费标准）。")
        )
    edition = load_indicator_set(program.assessment_edition)
    scenes = list(dict.fromkeys(s.strip() for s in data.scenes if s.strip()))
    if not scenes:
        errors.setdefault("scenes", []).append(_("请至少选择一个模型服务的应用场景。"))
    for scene in scenes:
        if scene not in edition.scene_by_name:
            errors.setdefault("scenes", []).append(
                _("“{scene}”不是{edition}版评测指标中的应用场景。").format(
                    scene=scene, edition=edition.edition
                )
            )
    data.scenes = scenes
    keys = list(dict.fromkeys(data.segment_keys))
    known = set(program.segments.filter(key__in=keys).values_list("key", flat=True))
    unknown = [k for k in keys if k not in known]
    if unknown:
        errors.setdefault("segment_keys", []).append(
            _("未知的细分行业：{keys}。").format(keys="、".join(unknown))
        )
    data.segment_keys = keys
    provider_id, platform_id = owner
    same = MechanismModel.objects.filter(name=data.name).exclude(pk=exclude_pk)
    if provider_id is not None:
        same = same.filter(provider_id=provider_id)
    elif platform_id is not None:
        same = same.filter(platform_id=platform_id)
    if data.name and same.exists():
        errors.setdefault("name", []).append(
            _("您已提交过名为“{name}”的机理模型。").format(name=data.name)
        )


def _save_relations(model: MechanismModel, data: ModelData) -> None:
    model.scenes.all().delete()
    ModelScene.objects.bulk_create([ModelScene(model=model, scene=s) for s in data.scenes])
    model.segments.set(list(model.program.segments.filter(key__in=data.segment_keys)))


def _relations(model: MechanismModel) -> dict[str, list[str]]:
    return {
        "scenes": [s.scene for s in model.scenes.all()],
        "segments": sorted(s.key for s in model.segments.all()),
    }


@transaction.atomic
def create_model(program: Program, data: ModelData, *, actor: User) -> MechanismModel:
    """A provider or a platform drafts a model for the library."""
    owner = _require_submitter(actor)
    errors: dict[str, list[str]] = {}
    _check(program, data, owner, errors)
    _raise_if(errors)
    model = MechanismModel.objects.create(
        program=program, provider_id=owner[0], platform_id=owner[1], created_by=actor,
        **{name: getattr(data, name) for name in FIELDS},
    )  # fmt: skip
    _save_relations(model, data)
    index_models([model.pk])
    changes = {
        **diff({}, snapshot(model, AUDITED)),
        **{k: [None, v] for k, v in _relations(model).items()},
    }
    record(actor=actor, action="mechanisms.create", target=model, changes=changes)
    return model


@transaction.atomic
def update_model(model_id: int, data: ModelData, *, actor: User) -> MechanismModel:
    model = _lock_own(actor, model_id)
    errors: dict[str, list[str]] = {}
    if not model.is_editable:
        errors.setdefault("__all__", []).append(
            _("机理模型当前状态为“{status}”，不能修改。").format(status=model.get_status_display())
        )
    _check(model.program, data, owner_of(actor), errors, exclude_pk=model.pk)
    _raise_if(errors)
    before = {**snapshot(model, AUDITED), **_relations(model)}
    for name in FIELDS:
        setattr(model, name, getattr(data, name))
    model.save(update_fields=[*FIELDS, "updated_at"])
    _save_relations(model, data)
    index_models([model.pk])
    after = {**snapshot(model, AUDITED), **_relations(model)}
    record(actor=actor, action="mechanisms.update", target=model, changes=diff(before, after))
    return model


def _digest(upload: UploadedFile[bytes]) -> str:
    sha = hashlib.sha256()
    for chunk in upload.chunks():
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


@transaction.atomic
def attach_model_file(model_id: int, upload: UploadedFile[bytes], *, actor: User) -> ModelFile:
    """Add a file to a draft; its type is decided by content (core.uploads.check_upload)."""
    model = _lock_own(actor, model_id)
    errors: dict[str, list[str]] = {}
    if not model.is_editable:
        errors.setdefault("file", []).append(_("只有填写中的机理模型可以上传文件。"))
    if model.files.count() >= MAX_FILES:
        errors.setdefault("file", []).append(
            _("每个机理模型最多 {limit} 个文件。").format(limit=MAX_FILES)
        )
    _raise_if(errors)
    content_type = check_upload(upload)
    item = ModelFile.objects.create(
        model=model, file=upload, original_name=safe_file_name(upload.name or ""),
        content_type=content_type, size=upload.size or 0, sha256=_digest(upload),
        uploaded_by=actor,
    )  # fmt: skip
    record(actor=actor, action="mechanisms.attach", target=model,
           changes={"file": item.original_name, "sha256": item.sha256})  # fmt: skip
    return item


def _transition(model: MechanismModel, status: str, *, actor: User, action: str,
                note: str = "") -> MechanismModel:  # fmt: skip
    before = snapshot(model, AUDITED)
    model.status, model.review_note = status, note
    fields = ["status", "review_note", "updated_at"]
    if status == ModelStatus.LISTED:
        model.listed_at = timezone.now()
        fields.append("listed_at")
    model.save(update_fields=fields)
    record(actor=actor, action=action, target=model, changes=diff(before, snapshot(model, AUDITED)))
    return model


def _status_error(model: MechanismModel, errors: dict[str, list[str]], wanted: str) -> None:
    if model.status != wanted:
        errors.setdefault("__all__", []).append(
            _("机理模型当前状态为“{status}”，不能进行此操作。").format(
                status=model.get_status_display()
            )
        )


@transaction.atomic
def submit_model(model_id: int, *, actor: User) -> MechanismModel:
    """The submitter sends a draft for review; a model needs a file or an API link."""
    model = _lock_own(actor, model_id)
    errors: dict[str, list[str]] = {}
    _status_error(model, errors, ModelStatus.DRAFT)
    if not model.api_url and not model.files.exists():
        errors.setdefault("__all__", []).append(_("请上传模型文件或填写接口地址后再提交。"))
    _raise_if(errors, "incomplete")
    return _transition(model, ModelStatus.SUBMITTED, actor=actor, action="mechanisms.submit")


def _lock_for_review(actor: User, model_id: int) -> MechanismModel:
    _require_reviewer(actor)
    return MechanismModel.objects.select_for_update().get(pk=model_id)


def _reasons(reasons: str, errors: dict[str, list[str]]) -> str:
    values, problems = validate(REASON_RULES, {"reasons": reasons})
    for name, messages in problems.items():
        errors.setdefault(name, []).extend(messages)
    return str(values["reasons"] or "")


@transaction.atomic
def list_model(model_id: int, *, actor: User) -> MechanismModel:
    model = _lock_for_review(actor, model_id)
    errors: dict[str, list[str]] = {}
    _status_error(model, errors, ModelStatus.SUBMITTED)
    _raise_if(errors, "state")
    return _transition(model, ModelStatus.LISTED, actor=actor, action="mechanisms.list")


@transaction.atomic
def return_model(model_id: int, reasons: str, *, actor: User) -> MechanismModel:
    """Back to the submitter as a draft, with the reviewer's reasons."""
    model = _lock_for_review(actor, model_id)
    errors: dict[str, list[str]] = {}
    _status_error(model, errors, ModelStatus.SUBMITTED)
    note = _reasons(reasons, errors)
    _raise_if(errors, "state")
    return _transition(model, ModelStatus.DRAFT, actor=actor, action="mechanisms.return", note=note)


@transaction.atomic
def withdraw_model(model_id: int, reasons: str, *, actor: User) -> MechanismModel:
    model = _lock_for_review(actor, model_id)
    errors: dict[str, list[str]] = {}
    _status_error(model, errors, ModelStatus.LISTED)
    note = _reasons(reasons, errors)
    _raise_if(errors, "state")
    return _transition(
        model, ModelStatus.WITHDRAWN, actor=actor, action="mechanisms.withdraw", note=note
    )


@transaction.atomic
def record_use(model_id: int, *, actor: User, file_id: int | None = None) -> MechanismModel:
    """One use of a listed model: a file downloaded (file_id) or its API link opened."""
    model = MechanismModel.objects.select_for_update().get(pk=model_id)
    if model.status != ModelStatus.LISTED:
        raise ValidationError(_("该机理模型未上架，不能使用。"), code="state")
    item = None
    if file_id is not None:
        item = model.files.filter(pk=file_id).first()
        if item is None:
            raise ValidationError(_("没有找到该模型文件。"), code="not_found")
    elif not model.api_url:
        raise ValidationError(_("该机理模型没有接口地址。"), code="no_api")
    MechanismModel.objects.filter(pk=model.pk).update(usage_count=F("usage_count") + 1)
    model.refresh_from_db(fields=["usage_count"])
    changes: dict[str, object] = {"usage_count": model.usage_count}
    if item is not None:
        changes.update(file=item.original_name, sha256=item.sha256)
    else:
        changes["api_url"] = model.api_url
    record(actor=actor, action="mechanisms.use", kind=AuditEntry.Kind.READ, target=model,
           changes=changes)  # fmt: skip
    return model


def record_file_read(item: ModelFile, *, actor: User) -> None:
    """The submitter or the reviewer opens a file of a model not yet listed: audited, not a use."""
    record(actor=actor, action="mechanisms.download", kind=AuditEntry.Kind.READ, target=item.model,
           changes={"file": item.original_name, "sha256": item.sha256})  # fmt: skip
