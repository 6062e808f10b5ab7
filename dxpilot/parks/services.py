"""Parks writes: keyword-only `actor`, one transaction, an audit entry, and refusals as a
ValidationError naming every problem (the database is left unchanged).

Who may write what (Hefei plan §三.11; 责任单位: 市工信局, 各县（市、区）、开发区):
- parks: the city admin anywhere, a district officer in their divisions; only the city admin
  designates a park as a "一区一业一样板" pilot park;
- events and their photos: the city admin, or a district officer for a park of their divisions.
An event is scheduled for a date in the programme period; it is marked held only once its date
has come (never while it lies in the future) and with its actual attendance; a held or cancelled
event is closed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.audit.services import record, snapshot
from dxpilot.core.uploads import check_upload
from dxpilot.core.validation import integer_rule, text_rule, validate
from dxpilot.enterprises.creditcode import normalise_credit_code
from dxpilot.enterprises.models import Enterprise
from dxpilot.parks.models import EventKind, EventStatus, Park, ParkEvent, ParkEventPhoto
from dxpilot.parks.selectors import ORGANISERS, can_manage
from dxpilot.programs.models import Division, Program, Segment
from dxpilot.projects import storage

if TYPE_CHECKING:
    from dxpilot.accounts.models import User

PARK_FIELDS = ("name", "division_id", "segment_id", "is_pilot", "designated_on", "summary")
EVENT_FIELDS = ("kind", "title", "held_on", "organiser", "planned_attendance", "description")
MAX_ATTENDANCE = 100_000
PHOTO_TYPES = frozenset({"image/jpeg", "image/png"})
MAX_PHOTOS = 20

PARK_RULES = {
    "name": text_rule(Park, "name", required=True),
    "summary": text_rule(Park, "summary", multiline=True, max_length=2000),
}
EVENT_RULES = {
    "title": text_rule(ParkEvent, "title", required=True),
    "organiser": text_rule(ParkEvent, "organiser", required=True),
    "description": text_rule(ParkEvent, "description", multiline=True, max_length=4000),
    "planned_attendance": integer_rule(
        ParkEvent, "planned_attendance", minimum=1, maximum=MAX_ATTENDANCE
    ),
}
HELD_RULES = {
    "actual_attendance": integer_rule(
        ParkEvent, "actual_attendance", minimum=1, maximum=MAX_ATTENDANCE
    ),
}
CANCEL_RULES = {"cancel_reason": text_rule(ParkEvent, "cancel_reason", required=True)}


@dataclass
class ParkData:
    name: str
    division_id: int | None
    segment_id: int | None
    is_pilot: bool = False
    designated_on: date | None = None
    summary: str = ""
    # Unified social credit codes of the enterprises in the park.
    enterprise_codes: Sequence[str] = field(default_factory=tuple)


@dataclass
class EventData:
    park_id: int | None
    kind: str
    title: str
    held_on: date | None
    organiser: str
    planned_attendance: int | None
    description: str = ""


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(
            {name: [ValidationError(m, code="invalid") for m in ms] for name, ms in errors.items()}
        )


def _add(errors: dict[str, list[str]], problems: dict[str, list[str]]) -> None:
    for name, messages in problems.items():
        errors.setdefault(name, []).extend(messages)


def _require_organiser(actor: User) -> None:
    if scope_of(actor).role not in ORGANISERS:
        raise PermissionDenied(_("只有市级管理员和区县主管部门可以管理园区和园区活动。"))


def _require_park(actor: User, park: Park) -> None:
    _require_organiser(actor)
    if not can_manage(actor, park):
        raise PermissionDenied(_("该园区不在您的管辖范围内。"))


def _in_period(
    program: Program, value: date | None, label: str, errors: dict[str, list[str]]
) -> None:
    start, end = program.starts_on, program.ends_on
    if value is None or not (start <= value <= end):
        errors.setdefault(label, []).append(
            _("日期须在试点期内（{start} 至 {end}）。").format(start=start, end=end)
        )


# --- parks ------------------------------------------------------------------------------------


def _check_park(
    program: Program,
    data: ParkData,
    actor: User,
    errors: dict[str, list[str]],
    *,
    was_pilot: bool = False,
    exclude_pk: int = 0,
) -> list[int]:
    """Normalise the park's fields in place; the ids of its enterprises."""
    values, problems = validate(PARK_RULES, {"name": data.name, "summary": data.summary})
    data.name, data.summary = values["name"], values["summary"]
    _add(errors, problems)
    if (
        data.name
        and Park.objects.filter(program=program, name=data.name).exclude(pk=exclude_pk).exists()
    ):
        errors.setdefault("name", []).append(_("园区“{name}”已登记。").format(name=data.name))
    scope = scope_of(actor)
    division = Division.objects.filter(pk=data.division_id or 0, program=program).first()
    if division is None:
        errors.setdefault("division", []).append(_("请选择本试点方案中的开发区或区划。"))
    elif scope.role != Role.CITY_ADMIN and division.pk not in scope.division_ids:
        errors.setdefault("division", []).append(
            _("只能登记您管辖的区域（{names}）内的园区。").format(
                names="、".join(
                    Division.objects.filter(pk__in=scope.division_ids).values_list(
                        "name", flat=True
                    )
                )
                or "—"
            )
        )
    if not Segment.objects.filter(pk=data.segment_id or 0, program=program).exists():
        errors.setdefault("segment", []).append(_("请选择本试点方案中的细分行业。"))
    if data.is_pilot != was_pilot and scope.role != Role.CITY_ADMIN:
        errors.setdefault("is_pilot", []).append(_("“一区一业一样板”试点园区由市级管理员认定。"))
    if data.is_pilot:
        _in_period(program, data.designated_on, "designated_on", errors)
        if data.designated_on is not None and data.designated_on > timezone.localdate():
            errors.setdefault("designated_on", []).append(_("认定日期不能晚于今天。"))
    elif data.designated_on is not None:
        errors.setdefault("designated_on", []).append(_("只有试点园区填写认定日期。"))
    return _park_enterprises(program, data, division, errors)


def _park_enterprises(
    program: Program, data: ParkData, division: Division | None, errors: dict[str, list[str]]
) -> list[int]:
    codes = list(dict.fromkeys(normalise_credit_code(c) for c in data.enterprise_codes if c))
    codes = [c for c in codes if c]
    found = {
        e.credit_code: e
        for e in Enterprise.objects.filter(program=program, credit_code__in=codes).only(
            "pk", "credit_code", "name", "division_id", "zone_id"
        )
    }
    unknown = [c for c in codes if c not in found]
    if unknown:
        errors.setdefault("enterprises", []).append(
            _("以下统一社会信用代码不在本试点的企业名录中：{codes}。").format(
                codes="、".join(unknown)
            )
        )
    if division is not None:
        outside = [
            e.name for c, e in found.items() if division.pk not in (e.division_id, e.zone_id)
        ]
        if outside:
            errors.setdefault("enterprises", []).append(
                _("以下企业不在园区所在的“{division}”：{names}。").format(
                    division=division.name, names="、".join(outside)
                )
            )
    return sorted(e.pk for e in found.values())


@transaction.atomic
def register_park(program: Program, data: ParkData, *, actor: User) -> Park:
    _require_organiser(actor)
    errors: dict[str, list[str]] = {}
    enterprise_ids = _check_park(program, data, actor, errors)
    _raise_if(errors)
    park = Park.objects.create(
        program=program, created_by=actor, **{name: getattr(data, name) for name in PARK_FIELDS}
    )
    park.enterprises.set(enterprise_ids)
    changes = {k: [None, v] for k, v in snapshot(park, PARK_FIELDS).items()}
    changes["enterprises"] = [None, enterprise_ids]
    record(actor=actor, action="parks.park_create", target=park, changes=changes)
    return park


@transaction.atomic
def update_park(park_id: int, data: ParkData, *, actor: User) -> Park:
    park = Park.objects.select_for_update().select_related("program").get(pk=park_id)
    _require_park(actor, park)
    errors: dict[str, list[str]] = {}
    enterprise_ids = _check_park(
        park.program, data, actor, errors, was_pilot=park.is_pilot, exclude_pk=park.pk
    )
    _raise_if(errors)
    before = snapshot(park, PARK_FIELDS)
    before_ids = sorted(park.enterprises.values_list("pk", flat=True))
    for name in PARK_FIELDS:
        setattr(park, name, getattr(data, name))
    park.save(update_fields=[*PARK_FIELDS, "updated_at"])
    park.enterprises.set(enterprise_ids)
    after = snapshot(park, PARK_FIELDS)
    changes = {k: [before[k], after[k]] for k in PARK_FIELDS if before[k] != after[k]}
    if before_ids != enterprise_ids:
        changes["enterprises"] = [before_ids, enterprise_ids]
    record(actor=actor, action="parks.park_update", target=park, changes=changes)
    return park


# --- events -----------------------------------------------------------------------------------


def _check_event(data: EventData, actor: User, errors: dict[str, list[str]]) -> Park | None:
    values, problems = validate(
        EVENT_RULES,
        {
            "title": data.title,
            "organiser": data.organiser,
            "description": data.description,
            "planned_attendance": data.planned_attendance,
        },
    )
    data.title, data.organiser = values["title"], values["organiser"]
    data.description, data.planned_attendance = values["description"], values["planned_attendance"]
    _add(errors, problems)
    if data.planned_attendance is None and "planned_attendance" not in errors:
        errors["planned_attendance"] = [_("请填写计划参加人数。")]
    park = Park.objects.filter(pk=data.park_id or 0).select_related("program").first()
    if park is None:
        errors.setdefault("park", []).append(_("请选择园区。"))
    elif not can_manage(actor, park):
        errors.setdefault("park", []).append(_("只能为您管辖区域内的园区安排活动。"))
    if data.kind not in EventKind.values:
        errors.setdefault("kind", []).append(_("活动类型“{kind}”无效。").format(kind=data.kind))
    if park is not None:
        _in_period(park.program, data.held_on, "held_on", errors)
    return park


@transaction.atomic
def schedule_event(data: EventData, *, actor: User) -> ParkEvent:
    _require_organiser(actor)
    errors: dict[str, list[str]] = {}
    park = _check_event(data, actor, errors)
    _raise_if(errors)
    assert park is not None  # noqa: S101 - refused above otherwise
    # Lock the park so its events are not scheduled while it moves out of the actor's scope.
    Park.objects.select_for_update().filter(pk=park.pk).first()
    event = ParkEvent.objects.create(
        park=park, created_by=actor, **{name: getattr(data, name) for name in EVENT_FIELDS}
    )
    changes = {k: [None, v] for k, v in snapshot(event, EVENT_FIELDS).items()}
    changes["park"] = [None, park.pk]
    record(actor=actor, action="parks.event_schedule", target=event, changes=changes)
    return event


def _lock_event(event_id: int, actor: User) -> ParkEvent:
    event = ParkEvent.objects.select_for_update().select_related("park__program").get(pk=event_id)
    _require_park(actor, event.park)
    return event


def _require_scheduled(event: ParkEvent) -> None:
    if event.status != EventStatus.SCHEDULED:
        raise ValidationError(
            {
                "status": [
                    ValidationError(
                        _("该活动的状态为“{status}”，不能再修改。").format(
                            status=event.get_status_display()
                        ),
                        code="closed",
                    )
                ]
            }
        )


@transaction.atomic
def update_event(event_id: int, data: EventData, *, actor: User) -> ParkEvent:
    event = _lock_event(event_id, actor)
    _require_scheduled(event)
    errors: dict[str, list[str]] = {}
    park = _check_event(data, actor, errors)
    _raise_if(errors)
    assert park is not None  # noqa: S101 - refused above otherwise
    before = {**snapshot(event, EVENT_FIELDS), "park": event.park_id}
    for name in EVENT_FIELDS:
        setattr(event, name, getattr(data, name))
    event.park = park
    event.save(update_fields=[*EVENT_FIELDS, "park", "updated_at"])
    after = {**snapshot(event, EVENT_FIELDS), "park": event.park_id}
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    record(actor=actor, action="parks.event_update", target=event, changes=changes)
    return event


@transaction.atomic
def mark_held(event_id: int, *, actual_attendance: int | None, actor: User) -> ParkEvent:
    """Record that the event took place, with how many attended. Refused while its date lies in
    the future (an event cannot have been held before its date) and without attendance."""
    event = _lock_event(event_id, actor)
    _require_scheduled(event)
    values, errors = validate(HELD_RULES, {"actual_attendance": actual_attendance})
    attendance = values["actual_attendance"]
    if attendance is None and "actual_attendance" not in errors:
        errors["actual_attendance"] = [_("登记已举办须填写实际参加人数。")]
    today = timezone.localdate()
    if event.held_on > today:
        errors.setdefault("held_on", []).append(
            _("活动日期 {date} 尚未到来，不能登记为已举办。").format(date=event.held_on)
        )
    _raise_if(errors)
    event.status = EventStatus.HELD
    event.actual_attendance = attendance
    event.closed_by, event.closed_at = actor, timezone.now()
    event.save(
        update_fields=["status", "actual_attendance", "closed_by", "closed_at", "updated_at"]
    )
    record(
        actor=actor,
        action="parks.event_held",
        target=event,
        changes={
            "status": [EventStatus.SCHEDULED, EventStatus.HELD],
            "actual_attendance": [None, attendance],
        },
    )
    return event


@transaction.atomic
def cancel_event(event_id: int, *, reason: str, actor: User) -> ParkEvent:
    event = _lock_event(event_id, actor)
    _require_scheduled(event)
    values, errors = validate(CANCEL_RULES, {"cancel_reason": reason})
    _raise_if(errors)
    event.status = EventStatus.CANCELLED
    event.cancel_reason = values["cancel_reason"]
    event.closed_by, event.closed_at = actor, timezone.now()
    event.save(update_fields=["status", "cancel_reason", "closed_by", "closed_at", "updated_at"])
    record(
        actor=actor,
        action="parks.event_cancel",
        target=event,
        changes={
            "status": [EventStatus.SCHEDULED, EventStatus.CANCELLED],
            "cancel_reason": [None, event.cancel_reason],
        },
    )
    return event


# --- photos -----------------------------------------------------------------------------------


def upload_photo(event_id: int, upload: UploadedFile[bytes], *, actor: User) -> ParkEventPhoto:
    """Add a photo. Its type is decided by its content (core.uploads: JPG or PNG only here), its
    size is limited, and the bytes are stored like evidence, under their SHA-256."""
    _require_organiser(actor)
    event = ParkEvent.objects.select_related("park").get(pk=event_id)
    _require_park(actor, event.park)
    try:
        content_type = check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"photo": exc.message_dict.get("file", exc.messages)}) from None
    if content_type not in PHOTO_TYPES:
        raise ValidationError(
            {"photo": [_("活动照片须为 JPG 或 PNG 图片，“{name}”不是。").format(name=upload.name)]}
        )
    # The (slow) file write happens outside the transaction, as for evidence: an orphan blob
    # left by a refusal below is harmless and reused by the next upload of the same bytes.
    blob = storage.store(upload)
    return _record_photo(event_id, upload, content_type, blob, actor)


@transaction.atomic
def _record_photo(
    event_id: int,
    upload: UploadedFile[bytes],
    content_type: str,
    blob: storage.Blob,
    actor: User,
) -> ParkEventPhoto:
    event = _lock_event(event_id, actor)
    if event.status == EventStatus.CANCELLED:
        raise ValidationError({"photo": [_("已取消的活动不能上传照片。")]})
    if event.photos.count() >= MAX_PHOTOS:
        raise ValidationError({"photo": [_("每场活动最多 {n} 张照片。").format(n=MAX_PHOTOS)]})
    photo = ParkEventPhoto.objects.create(
        event=event,
        sha256=blob.sha256,
        storage_name=blob.name,
        original_name=storage.safe_name(upload.name or ""),
        content_type=content_type,
        size=blob.size,
        uploaded_by=actor,
    )
    record(
        actor=actor,
        action="parks.photo_upload",
        target=event,
        changes={"photo": photo.pk, "file": photo.original_name, "sha256": blob.sha256},
    )
    return photo
