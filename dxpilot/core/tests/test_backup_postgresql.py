"""backup/restore on PostgreSQL (pg_dump/pg_restore); skipped unless DATABASE_URL names PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from dxpilot.audit.services import record
from dxpilot.core.tests.test_backup import files, restore, tables
from dxpilot.enterprises.models import Enterprise
from dxpilot.testing import build_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "connection.vendor != 'postgresql'", reason="needs DATABASE_URL to name PostgreSQL"
    ),
]


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


def test_pg_dump_snapshot_restores_every_table_and_file(media: Path, tmp_path: Path) -> None:
    build_world()
    default_storage.save("evidence/cd/cdef.pdf", ContentFile(b"%PDF-1.7 pg evidence"))
    before_tables, before_files = tables(), files(media)
    out = tmp_path / "snap"
    call_command("backup", "--out", str(out))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["database"] == {"kind": "postgresql", "file": "database.pgdump"}

    Enterprise.objects.update(name="被改掉的名称有限公司")
    record(actor=None, action="test.after_backup", object_type="x", object_id="1")
    (media / "evidence/cd/cdef.pdf").unlink()
    with pytest.raises(CommandError, match="目标数据库不为空"):
        restore(out)

    assert "审计链完整" in restore(out, "--force")
    assert tables() == before_tables
    assert files(media) == before_files
    # The append-only trigger came back with the schema.
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'x' WHERE seq = 1")
