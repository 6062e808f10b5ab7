"""Policy writes: keyword-only `actor`, one transaction, an audit entry, and refusals as a
ValidationError naming every problem (nothing is written when one is refused).

Who may write: the city admin any policy; a district officer only district-level policies
whose divisions are all theirs (§五.2: 鼓励各县（市）区、开发区出台配套政策).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.audit.services import diff, record, snapshot
from dxpilot.core.uploads import check_upload
from dxpilot.core.validation import Rule, refuse_if, text_rule, validate
from dxpilot.enterprises.models import SizeClass, SrdiTier
from dxpilot.policies.models import (
    Policy,
    PolicyAttachment,
    PolicyKind,
    PolicyLevel,
    PolicyStatus,
    ScaleCondition,
)
from dxpilot.policies.rules import parse_number
from dxpilot.policies.search import index_policies
from dxpilot.policies.selectors import EDITORS, may_edit
from dxpilot.programs.models import Division, Program
from dxpilot.projects import storage

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

POLICY_FIELDS = (
    "kind", "title", "issuer", "number", "level", "issued_on", "effective_on", "expires_on",
    "summary", "source_url", "size_classes", "srdi_tiers", "scale", "pilot_only",
)  # fmt: skip
POLICY_RULES: dict[str, Rule] = {
    "title": text_rule(Policy, "title", required=True),
    "issuer": text_rule(Policy, "issuer", required=True),
    "summary": text_rule(Policy, "summary", required=True, multiline=True, max_length=4000),
    "source_url": Rule(gettext_lazy("原文链接"), kind="key", max_length=300),
}


@dataclass
class PolicyData:
    title: str
    issuer: str
    level: str
    issued_on: date | None
    summary: str
    kind: str = PolicyKind.POLICY
    number: str = ""
    effective_on: date | None = None  # the issue date when not given
    expires_on: date | None = None
    source_url: str = ""
    division_codes: Sequence[str] = field(default_factory=tuple)
    segment_keys: Sequence[str] = field(default_factory=tuple)
    size_classes: Sequence[str] = field(default_factory=tuple)
    srdi_tiers: Sequence[str] = field(default_factory=tuple)
    scale: str = ScaleCondition.ANY
    pilot_only: bool = False


def _require_editor(actor: User) -> None:
    if scope_of(actor).role not in EDITORS:
        raise PermissionDenied(_("只有市级管理员和县区工作人员可以发布政策文件。"))


def _add(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _check_choices(
    values: Sequence[str], allowed: Sequence[str], name: str, errors: dict[str, list[str]]
) -> list[str]:
    chosen = list(dict.fromkeys(values))
    unknown = [v for v in chosen if v not in allowed]
    if unknown:
        _add(errors, name, _("不认识的取值：{values}。").format(values="、".join(unknown)))
    return [v for v in allowed if v in chosen]


def _check_dates(data: PolicyData, errors: dict[str, list[str]]) -> None:
    today = timezone.localdate()
    if data.issued_on is None:
        _add(errors, "issued_on", _("请填写发文日期。"))
        return
    if data.issued_on > today:
        _add(errors, "issued_on", _("发文日期不能晚于今天。"))
    if data.effective_on is None:
        data.effective_on = data.issued_on
    if data.effective_on < data.issued_on:
        _add(errors, "effective_on", _("施行日期不能早于发文日期。"))
    if data.expires_on is not None and data.expires_on < data.effective_on:
        _add(errors, "expires_on", _("有效期截止日期不能早于施行日期。"))


def _check(
    program: Program,
    data: PolicyData,
    actor: User,
    errors: dict[str, list[str]],
    exclude_pk: int | None = None,
) -> tuple[list[int], list[int]]:
    """Judge every field; returns (division ids, segment ids)."""
    cleaned, problems = validate(POLICY_RULES, {n: getattr(data, n) for n in POLICY_RULES})
    for name, messages in problems.items():
        errors.setdefault(name, []).extend(messages)
    for name in POLICY_RULES:
        setattr(data, name, cleaned[name])
    if data.source_url and not data.source_url.startswith(("http://", "https://")):
        _add(errors, "source_url", _("原文链接应以 http:// 或 https:// 开头。"))
    if data.kind not in PolicyKind.values:
        _add(errors, "kind", _("类别“{kind}”无效。").format(kind=data.kind))
    if data.level not in PolicyLevel.values:
        _add(errors, "level", _("政策层级“{level}”无效。").format(level=data.level))
    if data.scale not in ScaleCondition.values:
        _add(errors, "scale", _("规上/规下条件“{scale}”无效。").format(scale=data.scale))
    _check_dates(data, errors)
    data.number, number_problems = parse_number(data.number, issued_on=data.issued_on)
    for message in number_problems:
        _add(errors, "number", message)
    if data.kind == PolicyKind.POLICY and not data.number:
        _add(errors, "number", _("政策文件须填写文号（通知公告可不填）。"))
    if (
        data.number
        and not number_problems
        and Policy.objects.filter(program=program, number=data.number)
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        _add(errors, "number", _("文号“{number}”已登记。").format(number=data.number))
    data.size_classes = _check_choices(data.size_classes, SizeClass.values, "size_classes", errors)
    data.srdi_tiers = _check_choices(data.srdi_tiers, SrdiTier.values, "srdi_tiers", errors)
    codes = list(dict.fromkeys(data.division_codes))
    divisions = dict(program.divisions.filter(code__in=codes).values_list("code", "pk"))
    unknown = [c for c in codes if c not in divisions]
    if unknown:
        _add(errors, "divisions", _("未知的区划代码：{codes}。").format(codes="、".join(unknown)))
    keys = list(dict.fromkeys(data.segment_keys))
    segments = dict(program.segments.filter(key__in=keys).values_list("key", "pk"))
    unknown = [k for k in keys if k not in segments]
    if unknown:
        _add(errors, "segments", _("未知的细分行业：{keys}。").format(keys="、".join(unknown)))
    division_ids = [divisions[c] for c in codes if c in divisions]
    scope = scope_of(actor)
    if scope.role == Role.DISTRICT_OFFICER:
        if data.level != PolicyLevel.DISTRICT:
            _add(errors, "level", _("县区工作人员只能发布县区级政策。"))
        if not division_ids:
            _add(errors, "divisions", _("县区级政策须选择适用区划。"))
        outside = [
            name
            for pk, name in Division.objects.filter(pk__in=division_ids).values_list("pk", "name")
            if pk not in scope.division_ids
        ]
        if outside:
            _add(
                errors,
                "divisions",
                _("您不负责以下区划，不能为其发布政策：{names}。").format(names="、".join(outside)),
            )
    return division_ids, [segments[k] for k in keys if k in segments]


def _relations(policy: Policy) -> dict[str, Any]:
    return {
        "divisions": sorted(policy.divisions.values_list("code", flat=True)),
        "segments": sorted(policy.segments.values_list("key", flat=True)),
    }


@transaction.atomic
def publish_policy(program: Program, data: PolicyData, *, actor: User) -> Policy:
    _require_editor(actor)
    errors: dict[str, list[str]] = {}
    division_ids, segment_ids = _check(program, data, actor, errors)
    refuse_if(errors)
    policy = Policy.objects.create(
        program=program,
        created_by=actor,
        **{name: getattr(data, name) for name in POLICY_FIELDS},
    )
    policy.divisions.set(division_ids)
    policy.segments.set(segment_ids)
    changes = {name: [None, value] for name, value in snapshot(policy, POLICY_FIELDS).items()}
    changes.update({k: [None, v] for k, v in _relations(policy).items()})
    record(actor=actor, action="policy.publish", target=policy, changes=changes)
    index_policies([policy.pk])
    return policy


def _lock_editable(policy_id: int, actor: User) -> Policy:
    _require_editor(actor)
    policy = Policy.objects.select_for_update().select_related("program").get(pk=policy_id)
    if not may_edit(actor, policy):
        raise PermissionDenied(_("您只能修改本区划发布的县区级政策。"))
    return policy


@transaction.atomic
def update_policy(policy_id: int, data: PolicyData, *, actor: User) -> Policy:
    policy = _lock_editable(policy_id, actor)
    if policy.is_withdrawn:
        raise PermissionDenied(_("已撤回的政策文件不能修改。"))
    errors: dict[str, list[str]] = {}
    division_ids, segment_ids = _check(policy.program, data, actor, errors, exclude_pk=policy.pk)
    refuse_if(errors)
    before = {**snapshot(policy, POLICY_FIELDS), **_relations(policy)}
    for name in POLICY_FIELDS:
        setattr(policy, name, getattr(data, name))
    policy.save(update_fields=[*POLICY_FIELDS, "updated_at"])
    policy.divisions.set(division_ids)
    policy.segments.set(segment_ids)
    changes = diff(before, {**snapshot(policy, POLICY_FIELDS), **_relations(policy)})
    record(actor=actor, action="policy.update", target=policy, changes=changes)
    index_policies([policy.pk])
    return policy


@transaction.atomic
def withdraw_policy(policy_id: int, *, reason: str, actor: User) -> Policy:
    """Withdrawn, never deleted: the public list no longer shows it, officials see it marked."""
    policy = _lock_editable(policy_id, actor)
    reason = " ".join(reason.split())
    errors: dict[str, list[str]] = {}
    if policy.is_withdrawn:
        _add(errors, "reason", _("该政策文件已撤回。"))
    if not reason:
        _add(errors, "reason", _("请填写撤回原因。"))
    elif len(reason) > 500:
        _add(errors, "reason", _("撤回原因不能超过500个字符。"))
    refuse_if(errors)
    policy.status, policy.withdrawn_at = PolicyStatus.WITHDRAWN, timezone.now()
    policy.withdraw_reason = reason
    policy.save(update_fields=["status", "withdrawn_at", "withdraw_reason", "updated_at"])
    record(
        actor=actor,
        action="policy.withdraw",
        target=policy,
        changes={"status": [PolicyStatus.PUBLISHED, PolicyStatus.WITHDRAWN], "reasons": reason},
    )
    return policy


@transaction.atomic
def attach_file(policy_id: int, upload: UploadedFile[bytes], *, actor: User) -> PolicyAttachment:
    """The file is typed by its content (core.uploads) before anything is stored."""
    policy = _lock_editable(policy_id, actor)
    if policy.is_withdrawn:
        raise PermissionDenied(_("已撤回的政策文件不能上传附件。"))
    content_type = check_upload(upload)
    blob = storage.store(upload)
    attachment = PolicyAttachment.objects.create(
        policy=policy,
        original_name=storage.safe_name(upload.name or ""),
        storage_name=blob.name,
        sha256=blob.sha256,
        size=blob.size,
        content_type=content_type,
        uploaded_by=actor,
    )
    record(
        actor=actor,
        action="policy.attach",
        target=policy,
        changes={
            "attachment": attachment.pk,
            "file": attachment.original_name,
            "sha256": blob.sha256,
        },
    )
    return attachment
