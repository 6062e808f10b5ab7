"""The application's state machine (who may move it from which status to which) and the checks
every step shares: the row lock, role, state and window checks, the move with its event and
audit entry."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.audit.services import record
from dxpilot.enterprises.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Enterprise,
)
from dxpilot.enterprises.selectors import (
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
