"""On-site item endpoints with codes from the client (issue 14): unknown or over-long codes are a
404, never a KeyError; the services refuse them too; a locked assessment's refusal reads well."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dxpilot.assessment import services
from dxpilot.assessment.models import AssessmentEvidence
from dxpilot.assessment.tests.test_assessment_flow import onsite
from dxpilot.audit.models import AuditEntry
from dxpilot.testing import World, client_for


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]


@pytest.mark.parametrize("code", ["no-such-item", "B" * 5000, ""])
def test_an_unknown_item_code_is_a_404_on_both_endpoints(world: World, code: str) -> None:
    a = onsite(world)
    client = client_for(world.assessor)
    entries = AuditEntry.objects.count()
    value = client.post(f"/assessment/{a.pk}/onsite/value/", {"item": code, "q_B1.2": "D"})
    pdf = SimpleUploadedFile("清单.pdf", b"%PDF-1.4 minimal")
    evidence = client.post(f"/assessment/{a.pk}/onsite/evidence/", {"item": code, "file": pdf})
    assert (value.status_code, evidence.status_code) == (404, 404)
    assert AuditEntry.objects.count() == entries
    assert not AssessmentEvidence.objects.exists()


def test_the_services_refuse_an_unknown_item(world: World) -> None:
    a = onsite(world)
    with pytest.raises(ValidationError) as exc:
        services.set_onsite_value(a.pk, actor=world.assessor, item="X9.9", value="A")
    assert exc.value.message_dict == {"item": ["“X9.9”不是本评测的题目或场景。"]}
    pdf = SimpleUploadedFile("清单.pdf", b"%PDF-1.4 minimal")
    with pytest.raises(ValidationError):
        services.attach_evidence(a.pk, actor=world.assessor, item="X9.9", upload=pdf)
    assert not AssessmentEvidence.objects.exists()


def test_a_locked_assessment_refusal_does_not_stutter(world: World) -> None:
    a = onsite(world)
    services.lock_assessment(a.pk, actor=world.assessor, assessed_on=date(2025, 3, 2))
    with pytest.raises(ValidationError) as exc:
        services.set_onsite_value(a.pk, actor=world.assessor, item="B1.2", value="D")
    assert exc.value.messages == ["该评测的状态为“已锁定”，不能再修改。"]
