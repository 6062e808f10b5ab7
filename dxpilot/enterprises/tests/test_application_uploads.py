"""An application attachment is typed by content and its name sanitised (issue 14)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dxpilot.enterprises import services
from dxpilot.enterprises.models import AttachmentKind
from dxpilot.enterprises.tests.application_helpers import draft, footprint, pdf
from dxpilot.testing import World


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]


def test_an_exe_inside_a_docx_is_refused_and_nothing_is_stored(world: World) -> None:
    application = draft(world, complete=False)
    before = footprint(application)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("payload.exe", b"MZ" + b"\0" * 64)
    with pytest.raises(ValidationError) as exc:
        services.attach_file(
            application.pk,
            actor=world.enterprise_user,
            kind=AttachmentKind.FINANCIALS,
            upload=SimpleUploadedFile("方案.docx", out.getvalue()),
        )
    assert exc.value.message_dict["file"] == [
        "文件“方案.docx”内含程序或压缩包“payload.exe”，已拒绝。"
    ]
    assert footprint(application) == before


def test_a_right_to_left_override_is_removed_from_the_stored_name(world: World) -> None:
    application = draft(world, complete=False)
    attachment = services.attach_file(
        application.pk,
        actor=world.enterprise_user,
        kind=AttachmentKind.FINANCIALS,
        upload=pdf("invoice\u202efdp.exe"),
    )
    assert attachment.original_name == "invoicefdp.exe.pdf"  # downloads as what it is
    assert "\u202e" not in attachment.file.name


def test_retiring_a_file_of_a_submitted_application_is_refused_not_a_500(world: World) -> None:
    from dxpilot.enterprises.tests.application_helpers import submitted
    from dxpilot.testing import client_for

    application = submitted(world)
    attachment = application.attachments.filter(is_current=True).first()
    assert attachment is not None
    client = client_for(world.enterprise_user)
    before = footprint(application)
    response = client.post(
        f"/enterprises/applications/files/{attachment.pk}/retire/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'class="form-errors"' in response.content.decode()
    assert footprint(application) == before
