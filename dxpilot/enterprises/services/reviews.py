"""Officials' steps on an application: the district review (初审), return with reasons, the city's
admission (入库) or refusal, and the enterprise's pilot flag that admission sets."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.enterprises.models import (
    Application,
    ApplicationEvent,
    Enterprise,
)
from dxpilot.enterprises.services.transitions import (
    TRANSITIONS,
    A,
    S,
    _clean_reasons,
    _lock,
    _move,
    _refuse,
    _require_role,
    _set_pilot,
    _state_errors,
    return_transition,
)
from dxpilot.programs.models import Batch

if TYPE_CHECKING:
    from dxpilot.accounts.models import User


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
