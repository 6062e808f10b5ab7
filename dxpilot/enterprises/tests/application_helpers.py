"""Helpers for the application tests: an open window, PDFs, and applications brought to a state
through the real services (never raw rows)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dxpilot.accounts.models import Role, User
from dxpilot.accounts.services import create_user
from dxpilot.audit.models import AuditEntry
from dxpilot.enterprises import services
from dxpilot.enterprises.models import REQUIRED_ATTACHMENTS, Application, Enterprise
from dxpilot.enterprises.services import register_enterprise
from dxpilot.programs.models import Batch
from dxpilot.testing import PASSWORD, World, enterprise_data, valid_code

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name: str = "申报书.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def open_batch(world: World, number: int = 3) -> Batch:
    """Batch `number` of the programme, its window moved so that today falls inside it."""
    today = timezone.localdate()
    batch = Batch.objects.get(program=world.program, kind=Batch.Kind.ENTERPRISE, number=number)
    batch.opens_on, batch.closes_on = today - timedelta(days=10), today + timedelta(days=20)
    batch.save(update_fields=["opens_on", "closes_on"])
    return batch


def close_batch(batch: Batch) -> Batch:
    today = timezone.localdate()
    batch.opens_on, batch.closes_on = today - timedelta(days=60), today - timedelta(days=1)
    batch.save(update_fields=["opens_on", "closes_on"])
    return batch


def draft(
    world: World, *, user: User | None = None, batch: Batch | None = None, complete: bool = True
) -> Application:
    user = user or world.enterprise_user
    batch = batch or open_batch(world)
    application = services.start_application(batch.pk, actor=user)
    if complete:
        services.update_declaration(
            application.pk,
            actor=user,
            needs_summary="生产排程靠人工，拟上线 MES。",
            previously_funded=False,
        )
        for kind in REQUIRED_ATTACHMENTS:
            services.attach_file(
                application.pk, actor=user, kind=kind, upload=pdf(f"{kind.label}.pdf")
            )
    application.refresh_from_db()
    return application


def submitted(world: World, **kwargs: Any) -> Application:
    application = draft(world, **kwargs)
    user = kwargs.get("user") or world.enterprise_user
    return services.submit_application(application.pk, actor=user, pledge=True)


def district_passed(world: World, **kwargs: Any) -> Application:
    application = submitted(world, **kwargs)
    return services.pass_district_review(
        application.pk, actor=world.officer_a, comment="材料齐全。"
    )


def returned(world: World) -> Application:
    application = submitted(world)
    return services.return_application(
        application.pk, actor=world.officer_a, reasons=["申报书未盖章。"]
    )


def admitted(world: World, **kwargs: Any) -> Application:
    application = district_passed(world, **kwargs)
    return services.admit_application(application.pk, actor=world.city_admin)


def applicant(world: World, n: int, division_code: str = "340104", **overrides: Any) -> User:
    """Another enterprise (division A by default) with its own enterprise user."""
    enterprise = register_enterprise(
        world.program,
        enterprise_data(valid_code(f"91{division_code}MA2AP{n:04d}"), division_code, **overrides),
        actor=world.city_admin,
    )
    return create_user(
        actor=None,
        username=f"applicant{n}",
        password=PASSWORD,
        role=Role.ENTERPRISE,
        enterprise_id=enterprise.pk,
    )


def footprint(application: Application) -> tuple[Any, ...]:
    """What a refused call must leave unchanged."""
    row = Application.objects.get(pk=application.pk)
    enterprise = Enterprise.objects.get(pk=row.enterprise_id)
    return (
        row.status, row.version, row.reasons, row.return_count, row.submitted_at, row.admitted_at,
        row.events.count(), row.attachments.count(), row.attachments.filter(is_current=True).count(),
        enterprise.is_pilot, AuditEntry.objects.count(), Application.objects.count(),
    )  # fmt: skip
