"""Reading the programme configuration."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from dxpilot.programs.models import Division, Program, Segment


def current_program() -> Program | None:
    """The programme this installation runs: DXPILOT_PROGRAM if set, else the active one."""
    programs = Program.objects.all()
    if settings.DXPILOT_DEFAULT_PROGRAM:
        return programs.filter(key=settings.DXPILOT_DEFAULT_PROGRAM).first()
    return programs.filter(is_active=True).order_by("-loaded_at").first()


def program_divisions(program: Program) -> QuerySet[Division]:
    return program.divisions.exclude(kind=Division.Kind.ZONE)


def program_zones(program: Program) -> QuerySet[Division]:
    return program.divisions.filter(kind=Division.Kind.ZONE)


def program_segments(program: Program) -> QuerySet[Segment]:
    return program.segments.prefetch_related("industries")


def program_overview(program: Program) -> dict[str, object]:
    return {
        "program": program,
        "divisions": list(program_divisions(program)),
        "zones": list(program_zones(program)),
        "segments": list(program_segments(program)),
        "batches": list(program.batches.all()),
        "stages": list(program.stages.all()),
        "targets": list(program.targets.order_by("level", "pk")),
        "provider_kinds": list(program.provider_kinds.all()),
    }
