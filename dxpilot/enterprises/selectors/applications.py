"""Reads for applications (申报). `visible_applications` is the one scope every page and API uses;
it follows `visible_enterprises`, so an official sees exactly the applications of the
enterprises they see."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from dxpilot.accounts.models import Role
from dxpilot.accounts.scope import scope_of
from dxpilot.enterprises.eligibility import Eligibility, Facts, evaluate
from dxpilot.enterprises.models import (
    REQUIRED_ATTACHMENTS,
    Application,
    ApplicationAttachment,
    ApplicationEvent,
    ApplicationStatus,
    AttachmentKind,
    Enterprise,
    SrdiTier,
)
from dxpilot.programs.models import Batch, Division, Program, Segment

S = ApplicationStatus
# What "to do" means for each reviewer: the district reviews first, the city decides.
TODO: dict[str, tuple[str, ...]] = {
    Role.DISTRICT_OFFICER: (S.SUBMITTED, S.RESUBMITTED),
    Role.CITY_ADMIN: (S.DISTRICT_PASSED,),
}
QUEUE_ROLES = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.FINANCE_OFFICER})


def visible_applications(user: Any) -> QuerySet[Application]:
    """City admin and finance: all; district officers: their divisions' and zones' enterprises;
    an enterprise: its own. Assessors and providers have no business with applications."""
    scope = scope_of(user)
    applications = Application.objects.select_related(
        "batch", "enterprise__division", "enterprise__zone", "enterprise__segment"
    )
    if scope.programme_wide:
        return applications
    if scope.role == Role.DISTRICT_OFFICER:
        return applications.filter(
            Q(enterprise__division__in=scope.division_ids)
            | Q(enterprise__zone__in=scope.division_ids)
        )
    if scope.role == Role.ENTERPRISE and scope.enterprise_id is not None:
        return applications.filter(enterprise_id=scope.enterprise_id)
    return applications.none()


def get_application_for_user(user: Any, pk: int) -> Application:
    """404 whether the application does not exist or is out of scope."""
    try:
        return (
            visible_applications(user)
            .select_related("enterprise__industry", "batch__program")
            .get(pk=pk)
        )
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该申报，或您无权查看。")) from None


def get_attachment_for_user(user: Any, pk: int) -> ApplicationAttachment:
    try:
        return ApplicationAttachment.objects.select_related("application__enterprise").get(
            pk=pk, application__in=visible_applications(user)
        )
    except (ApplicationAttachment.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该文件，或您无权查看。")) from None


# Batches ---------------------------------------------------------------------------------------


def enterprise_batches(program: Program) -> list[Batch]:
    return list(program.batches.filter(kind=Batch.Kind.ENTERPRISE).order_by("opens_on", "number"))


def is_open(batch: Batch, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return batch.kind == Batch.Kind.ENTERPRISE and batch.opens_on <= today <= batch.closes_on


def open_batches(program: Program, today: date | None = None) -> list[Batch]:
    return [b for b in enterprise_batches(program) if is_open(b, today)]


def window_text(batch: Batch) -> str:
    return _("“{batch}”的申报时间为 {opens} 至 {closes}").format(
        batch=batch.name, opens=batch.opens_on.isoformat(), closes=batch.closes_on.isoformat()
    )


def next_or_last_batch(program: Program, today: date | None = None) -> Batch | None:
    """The next batch to open or, if none is coming, the last one (to name its window)."""
    today = today or timezone.localdate()
    batches = enterprise_batches(program)
    coming = [b for b in batches if b.opens_on > today]
    return coming[0] if coming else (batches[-1] if batches else None)


# Eligibility -----------------------------------------------------------------------------------


def pilot_industry_codes(program: Program) -> dict[str, str]:
    """Industry code (group or class) -> name of the pilot industry segment that lists it."""
    segments = program.segments.filter(kind=Segment.Kind.INDUSTRY).prefetch_related("industries")
    return {
        industry.code: segment.name for segment in segments for industry in segment.industries.all()
    }


def eligibility_facts(
    enterprise: Enterprise,
    program: Program,
    *,
    previously_funded: bool | None,
    funding_note: str = "",
    pilot_industries: dict[str, str] | None = None,
) -> Facts:
    segment = enterprise.segment
    return Facts(
        city=program.city,
        region_code=program.region_code,
        credit_code=enterprise.credit_code,
        division_name=enterprise.division.name,
        division_in_program=enterprise.division.program_id == program.pk
        and enterprise.division.kind != Division.Kind.ZONE,
        industry_code=enterprise.industry.code,
        industry_name=enterprise.industry.name,
        pilot_industries=pilot_industries
        if pilot_industries is not None
        else pilot_industry_codes(program),
        segment_name=segment.name if segment else "",
        segment_is_chain=bool(segment and segment.kind == Segment.Kind.CHAIN),
        size_class=enterprise.size_class,
        employees=enterprise.employees,
        revenue=enterprise.revenue,
        above_scale=enterprise.above_scale,
        little_giant=enterprise.srdi_tier == SrdiTier.LITTLE_GIANT,
        is_pilot=enterprise.is_pilot,
        previously_funded=previously_funded,
        funding_note=funding_note,
    )


def check_eligibility(
    enterprise: Enterprise,
    program: Program,
    *,
    previously_funded: bool | None = None,
    funding_note: str = "",
) -> Eligibility:
    """The enterprise against the programme's rules (see eligibility.py for the sources)."""
    facts = eligibility_facts(
        enterprise, program, previously_funded=previously_funded, funding_note=funding_note
    )
    return evaluate(facts)


def application_eligibility(application: Application) -> Eligibility:
    """The live check with the application's own declaration. An admitted application is checked
    as it stood before admission (being a pilot is the result, not a reason to refuse)."""
    facts = eligibility_facts(
        application.enterprise,
        application.batch.program,
        previously_funded=application.previously_funded,
        funding_note=application.funding_note,
    )
    if application.status in (S.ADMITTED, S.WITHDRAWN):
        facts = replace(facts, is_pilot=False)
    return evaluate(facts)


def declared_eligibility(enterprise: Enterprise, applications: list[Application]) -> Eligibility:
    """The enterprise's check with the declaration of its latest application (if any), as the
    enterprise sees it before applying and reviewers see it on the enterprise's record."""
    latest = applications[0] if applications else None
    return check_eligibility(
        enterprise,
        enterprise.program,
        previously_funded=latest.previously_funded if latest else None,
        funding_note=latest.funding_note if latest else "",
    )


# One application's page ------------------------------------------------------------------------


@dataclass(frozen=True)
class AttachmentSlot:
    kind: str
    label: str
    required: bool
    files: list[ApplicationAttachment]


def attachment_slots(application: Application) -> list[AttachmentSlot]:
    """Current files by kind, required kinds first, in one query; superseded files are kept apart."""
    current: dict[str, list[ApplicationAttachment]] = {}
    for attachment in application.attachments.filter(is_current=True).order_by("uploaded_at", "pk"):
        current.setdefault(attachment.kind, []).append(attachment)
    return [
        AttachmentSlot(
            kind.value, str(kind.label), kind in REQUIRED_ATTACHMENTS, current.get(kind.value, [])
        )
        for kind in AttachmentKind
    ]


def superseded_attachments(application: Application) -> list[ApplicationAttachment]:
    return list(
        application.attachments.filter(is_current=False)
        .select_related("uploaded_by")
        .order_by("-uploaded_at")
    )


def application_timeline(application: Application) -> list[ApplicationEvent]:
    return list(application.events.select_related("actor").order_by("at", "pk"))


def latest_return(application: Application) -> ApplicationEvent | None:
    """The event that sent the application back (or refused it), if that is where it stands."""
    if application.status not in (S.RETURNED, S.REJECTED):
        return None
    action = (
        ApplicationEvent.Action.RETURN
        if application.status == S.RETURNED
        else ApplicationEvent.Action.REJECT
    )
    return (
        application.events.filter(action=action)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )


def replaceable_applications(batch: Batch) -> list[Application]:
    """Admitted applications of the batch later withdrawn and not yet replaced (a seat to fill)."""
    return list(
        Application.objects.filter(
            batch=batch, status=S.WITHDRAWN, admitted_at__isnull=False, replaced_by__isnull=True
        )
        .select_related("enterprise")
        .order_by("withdrawn_at")
    )


def enterprise_applications(user: Any, enterprise: Enterprise) -> list[Application]:
    return list(visible_applications(user).filter(enterprise=enterprise).order_by("-created_at"))


def seats_taken(batch: Batch) -> int:
    return Application.objects.filter(batch=batch, status=S.ADMITTED).count()


# Queues and counts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # done / current / returned / refused / todo


def progress_steps(application: Application, returned_from: str = "") -> list[Step]:
    """申报 → 县区初审 → 市级审核 → 入库, with the step the application is at (and where it came
    back from, for a returned one: the district's 初审 or the city's 审核)."""
    labels = [_("填写申报"), _("县区初审"), _("市级审核"), _("入库")]
    positions: dict[str, int] = {
        S.DRAFT: 0, S.SUBMITTED: 1, S.RESUBMITTED: 1, S.DISTRICT_PASSED: 2, S.ADMITTED: 3, S.REJECTED: 2,
        S.RETURNED: 2 if returned_from == S.DISTRICT_PASSED else 1,
    }  # fmt: skip
    at = positions.get(application.status, 0)
    specials: dict[str, str] = {S.RETURNED: "returned", S.REJECTED: "refused", S.ADMITTED: "done"}
    special = specials.get(application.status, "current")
    if application.status == S.WITHDRAWN:
        return [Step(str(label), "todo") for label in labels]
    return [
        Step(str(label), "done" if n < at else (special if n == at else "todo"))
        for n, label in enumerate(labels)
    ]
