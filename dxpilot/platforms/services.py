"""Platform and cloud-adoption writes: keyword-only `actor`, one transaction, an audit entry,
and refusals as a ValidationError listing every reason (the database is left unchanged).

Who may write what:
- the registry (register, update, issue a platform's token): the city admin;
- an authorisation for a platform (grant, revoke): the enterprise itself, nobody on its behalf;
- an adoption: the enterprise itself (source "enterprise"), or a city admin or district officer
  with the enterprise in scope (source "official");
- a push: a platform's API client, only for an enterprise with a live grant for that platform
  (source "platform"); a second push for the same enterprise updates the platform's row.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import ApiToken, Role
from dxpilot.accounts.scope import scope_of
from dxpilot.accounts.services import create_user, issue_api_token
from dxpilot.audit.services import diff, record, snapshot
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.selectors import visible_enterprises
from dxpilot.platforms.models import (
    AdoptionSource,
    CloudAdoption,
    Platform,
    PlatformGrant,
    PlatformKind,
    PlatformLevel,
    SystemGroup,
)
from dxpilot.platforms.models.platform import NATIONAL_LEVELS
from dxpilot.platforms.selectors import RECORDING_OFFICIALS, scene_choices, served_enterprises
from dxpilot.programs.models import Program

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

PLATFORM_FIELDS = ("name", "operator", "kind", "level", "system_group", "recognised_on")
ADOPTION_FIELDS = ("platform", "service_name", "since", "scenes", "source")
EARLIEST = date(1990, 1, 1)
PLATFORM_TOKEN_SCOPES = (ApiToken.Scope.PLATFORMS_READ, ApiToken.Scope.CLOUD_WRITE)


@dataclass
class PlatformData:
    name: str
    operator: str
    kind: str
    level: str
    system_group: str = SystemGroup.NONE
    recognised_on: date | None = None
    segment_keys: Sequence[str] = field(default_factory=tuple)


@dataclass
class AdoptionData:
    since: date | None
    scenes: Sequence[str]
    platform_id: int | None = None
    service_name: str = ""


def _raise_if(errors: dict[str, list[str]], code: str = "invalid") -> None:
    if errors:
        raise ValidationError(
            {
                name: [ValidationError(m, code=code) for m in messages]
                for name, messages in errors.items()
            }
        )


def _require_city_admin(actor: User) -> None:
    if scope_of(actor).role != Role.CITY_ADMIN:
        raise PermissionDenied(_("只有市级管理员可以维护平台名录。"))


# --- registry ---------------------------------------------------------------------------------


def _check_platform(
    program: Program,
    data: PlatformData,
    errors: dict[str, list[str]],
    exclude_pk: int | None = None,
) -> list[int]:
    data.name, data.operator = data.name.strip(), data.operator.strip()
    if not data.name:
        errors.setdefault("name", []).append(_("请填写平台名称。"))
    elif (
        Platform.objects.filter(program=program, name=data.name)
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        errors.setdefault("name", []).append(_("平台“{name}”已在名录中。").format(name=data.name))
    if not data.operator:
        errors.setdefault("operator", []).append(_("请填写运营单位。"))
    if data.kind not in PlatformKind.values:
        errors.setdefault("kind", []).append(_("平台类型“{kind}”无效。").format(kind=data.kind))
    if data.level not in PlatformLevel.values:
        errors.setdefault("level", []).append(_("平台级别“{level}”无效。").format(level=data.level))
    if data.system_group not in SystemGroup.values:
        errors.setdefault("system_group", []).append(
            _("“20+80”体系分组“{group}”无效。").format(group=data.system_group)
        )
    if data.level in NATIONAL_LEVELS and data.recognised_on is None:
        errors.setdefault("recognised_on", []).append(_("国家级平台须填写国家级认定日期。"))
    if data.level not in NATIONAL_LEVELS and data.recognised_on is not None:
        errors.setdefault("recognised_on", []).append(
            _("只有国家级（含“双跨”）平台填写国家级认定日期。")
        )
    if data.recognised_on is not None and data.recognised_on > timezone.localdate():
        errors.setdefault("recognised_on", []).append(_("国家级认定日期不能晚于今天。"))
    keys = list(dict.fromkeys(data.segment_keys))
    segments = dict(program.segments.filter(key__in=keys).values_list("key", "pk"))
    unknown = [k for k in keys if k not in segments]
    if unknown:
        errors.setdefault("segments", []).append(
            _("未知的细分行业：{keys}。").format(keys="、".join(unknown))
        )
    return [segments[k] for k in keys if k in segments]


@transaction.atomic
def register_platform(program: Program, data: PlatformData, *, actor: User) -> Platform:
    _require_city_admin(actor)
    errors: dict[str, list[str]] = {}
    segment_ids = _check_platform(program, data, errors)
    _raise_if(errors)
    platform = Platform.objects.create(
        program=program, **{name: getattr(data, name) for name in PLATFORM_FIELDS}
    )
    platform.segments.set(segment_ids)
    changes = {name: [None, value] for name, value in snapshot(platform, PLATFORM_FIELDS).items()}
    changes["segments"] = [None, sorted(data.segment_keys)]
    record(actor=actor, action="platform.register", target=platform, changes=changes)
    return platform


@transaction.atomic
def update_platform(platform_id: int, data: PlatformData, *, actor: User) -> Platform:
    _require_city_admin(actor)
    platform = Platform.objects.select_for_update().select_related("program").get(pk=platform_id)
    errors: dict[str, list[str]] = {}
    segment_ids = _check_platform(platform.program, data, errors, exclude_pk=platform.pk)
    _raise_if(errors)
    before = snapshot(platform, PLATFORM_FIELDS)
    before_segments = sorted(platform.segments.values_list("key", flat=True))
    for name in PLATFORM_FIELDS:
        setattr(platform, name, getattr(data, name))
    platform.save(update_fields=[*PLATFORM_FIELDS, "updated_at"])
    platform.segments.set(segment_ids)
    changes = diff(before, snapshot(platform, PLATFORM_FIELDS))
    after_segments = sorted(dict.fromkeys(data.segment_keys))
    if after_segments != before_segments:
        changes["segments"] = [before_segments, after_segments]
    record(actor=actor, action="platform.update", target=platform, changes=changes)
    return platform


@transaction.atomic
def issue_platform_token(platform_id: int, *, actor: User) -> tuple[ApiToken, str]:
    """Issue a token for the platform's API client (created on first use, role api_client),
    with the scopes a platform needs: read the registry and push cloud adoption."""
    _require_city_admin(actor)
    platform = Platform.objects.select_for_update().get(pk=platform_id)
    if platform.client_id is None:
        client = create_user(
            actor=actor,
            username=f"platform-{platform.pk}",
            # Never used to log in: the client acts through its tokens only.
            password=secrets.token_urlsafe(32),
            role=Role.API_CLIENT,
            display_name=platform.name[:60],
            organization=platform.operator,
            validate=False,
        )
        client.set_unusable_password()
        client.save(update_fields=["password"])
        platform.client = client
        platform.save(update_fields=["client", "updated_at"])
        record(
            actor=actor,
            action="platform.create_client",
            target=platform,
            changes={"client": [None, client.pk]},
        )
    assert platform.client is not None  # noqa: S101 - set above
    return issue_api_token(
        actor=actor,
        owner=platform.client,
        name=_("{platform} 上云记录推送").format(platform=platform.name)[:80],
        scopes=PLATFORM_TOKEN_SCOPES,
    )


# --- authorisations ---------------------------------------------------------------------------


def _require_own_enterprise(actor: User, enterprise_id: int, message: str) -> None:
    scope = scope_of(actor)
    if scope.role != Role.ENTERPRISE or scope.enterprise_id != enterprise_id:
        raise PermissionDenied(message)


@transaction.atomic
def authorise_platform(
    enterprise_id: int, platform_id: int | None, *, actor: User
) -> PlatformGrant:
    _require_own_enterprise(
        actor, enterprise_id, _("只有企业本身可以授权平台推送本企业的上云记录。")
    )
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise_id)
    errors: dict[str, list[str]] = {}
    platform = (
        Platform.objects.filter(pk=platform_id, program_id=enterprise.program_id).first()
        if platform_id is not None
        else None
    )
    if platform is None:
        errors["platform"] = [_("请选择名录中的平台。")]
    elif PlatformGrant.objects.filter(
        enterprise=enterprise, platform=platform, revoked_at__isnull=True
    ).exists():
        errors["platform"] = [
            _("已授权平台“{platform}”，无需重复授权。").format(platform=platform.name)
        ]
    _raise_if(errors)
    assert platform is not None  # noqa: S101 - refused above otherwise
    grant = PlatformGrant.objects.create(enterprise=enterprise, platform=platform, granted_by=actor)
    record(
        actor=actor,
        action="platform.grant",
        target=grant,
        changes={"enterprise": enterprise.pk, "platform": [None, platform.pk]},
    )
    return grant


@transaction.atomic
def revoke_platform_grant(grant_id: int, *, actor: User) -> PlatformGrant:
    grant = PlatformGrant.objects.select_for_update().get(pk=grant_id)
    _require_own_enterprise(actor, grant.enterprise_id, _("只有企业本身可以撤销对平台的授权。"))
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        record(
            actor=actor,
            action="platform.revoke_grant",
            target=grant,
            changes={"revoked_at": [None, grant.revoked_at.isoformat()]},
        )
    return grant


# --- adoptions --------------------------------------------------------------------------------


def _source_for(actor: User, enterprise: Enterprise) -> str:
    scope = scope_of(actor)
    if scope.role == Role.ENTERPRISE and scope.enterprise_id == enterprise.pk:
        return AdoptionSource.ENTERPRISE
    if (
        scope.role in RECORDING_OFFICIALS
        and visible_enterprises(actor).filter(pk=enterprise.pk).exists()
    ):
        return AdoptionSource.OFFICIAL
    raise PermissionDenied(_("只有企业本身或负责该企业的主管部门可以登记上云上平台记录。"))


def _check_scenes(
    program: Program, scenes: Iterable[str], errors: dict[str, list[str]]
) -> list[str]:
    known = [code for code, _name in scene_choices(program)]
    chosen = list(dict.fromkeys(str(s).strip() for s in scenes))
    unknown = [code for code in chosen if code not in known]
    if unknown:
        errors.setdefault("scenes", []).append(
            _("未知的应用场景：{codes}。").format(codes="、".join(unknown))
        )
    if not chosen:
        errors.setdefault("scenes", []).append(_("请至少选择一个应用场景。"))
    # Stored in the edition's order, so the same choice is always the same list.
    return [code for code in known if code in chosen]


def _check_since(since: date | None, errors: dict[str, list[str]]) -> date:
    """The date, checked; a missing one is refused (the placeholder returned is never saved)."""
    if since is None:
        errors.setdefault("since", []).append(_("请填写开始使用日期。"))
    elif since > timezone.localdate():
        errors.setdefault("since", []).append(_("开始使用日期不能晚于今天。"))
    elif since < EARLIEST:
        errors.setdefault("since", []).append(_("开始使用日期不能早于1990年。"))
    return since or EARLIEST


@transaction.atomic
def record_adoption(enterprise_id: int, data: AdoptionData, *, actor: User) -> CloudAdoption:
    """The enterprise (or an official in scope) records a platform or cloud service it uses."""
    enterprise = (
        Enterprise.objects.select_for_update().select_related("program").get(pk=enterprise_id)
    )
    source = _source_for(actor, enterprise)
    errors: dict[str, list[str]] = {}
    service_name = data.service_name.strip()
    platform = None
    if data.platform_id is not None:
        platform = Platform.objects.filter(
            pk=data.platform_id, program_id=enterprise.program_id
        ).first()
        if platform is None:
            errors["platform"] = [_("请选择名录中的平台。")]
    if data.platform_id is None and not service_name:
        errors["platform"] = [_("请选择平台，或填写所用云服务的名称。")]
    if data.platform_id is not None and service_name:
        errors["service_name"] = [_("平台与云服务名称只填一项：名录中的平台请直接选择。")]
    if (
        platform is not None
        and CloudAdoption.objects.filter(enterprise=enterprise, platform=platform).exists()
    ):
        errors.setdefault("platform", []).append(
            _("该企业已登记使用平台“{platform}”。").format(platform=platform.name)
        )
    if (
        platform is None
        and service_name
        and CloudAdoption.objects.filter(
            enterprise=enterprise, platform__isnull=True, service_name=service_name
        ).exists()
    ):
        errors.setdefault("service_name", []).append(
            _("该企业已登记使用云服务“{service}”。").format(service=service_name)
        )
    if len(service_name) > 120:
        errors.setdefault("service_name", []).append(_("云服务名称不能超过120个字符。"))
    since = _check_since(data.since, errors)
    scenes = _check_scenes(enterprise.program, data.scenes, errors)
    _raise_if(errors)
    adoption = CloudAdoption.objects.create(
        enterprise=enterprise,
        platform=platform,
        service_name="" if platform else service_name,
        since=since,
        scenes=scenes,
        source=source,
        recorded_by=actor,
    )
    changes = {name: [None, value] for name, value in snapshot(adoption, ADOPTION_FIELDS).items()}
    record(actor=actor, action="cloud_adoption.record", target=adoption, changes=changes)
    return adoption


@transaction.atomic
def push_adoption(
    platform_id: int, enterprise_id: int, *, since: date | None, scenes: Sequence[str], actor: User
) -> tuple[CloudAdoption, bool]:
    """A platform's client pushes its adoption for an enterprise it serves; returns the row and
    whether it was created (a repeated push updates the platform's own row)."""
    platform = Platform.objects.select_for_update().select_related("program").get(pk=platform_id)
    if scope_of(actor).role != Role.API_CLIENT or platform.client_id != actor.pk:
        raise PermissionDenied(_("只有平台自己的接口客户端可以推送该平台的上云记录。"))
    # Re-checked under the lock: a grant revoked since the lookup stops the push.
    if not served_enterprises(platform).filter(pk=enterprise_id).exists():
        raise PermissionDenied(_("没有找到该企业，或您无权查看。"))
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise_id)
    errors: dict[str, list[str]] = {}
    day = _check_since(since, errors)
    codes = _check_scenes(platform.program, scenes, errors)
    _raise_if(errors)
    adoption = CloudAdoption.objects.filter(enterprise=enterprise, platform=platform).first()
    if adoption is None:
        adoption = CloudAdoption.objects.create(
            enterprise=enterprise,
            platform=platform,
            since=day,
            scenes=codes,
            source=AdoptionSource.PLATFORM,
            recorded_by=actor,
        )
        changes = {
            name: [None, value] for name, value in snapshot(adoption, ADOPTION_FIELDS).items()
        }
        record(actor=actor, action="cloud_adoption.push", target=adoption, changes=changes)
        return adoption, True
    before = snapshot(adoption, ADOPTION_FIELDS)
    adoption.since, adoption.scenes = day, codes
    adoption.source, adoption.recorded_by = AdoptionSource.PLATFORM, actor
    adoption.save(update_fields=["since", "scenes", "source", "recorded_by", "updated_at"])
    changes = diff(before, snapshot(adoption, ADOPTION_FIELDS))
    record(actor=actor, action="cloud_adoption.push", target=adoption, changes=changes)
    return adoption, False
