"""backup → change → restore brings every table and file back; a tampered snapshot changes nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from dxpilot.audit.models import AuditEntry
from dxpilot.audit.services import record
from dxpilot.enterprises.models import Enterprise
from dxpilot.testing import build_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "connection.vendor != 'sqlite'", reason="the SQLite online backup (PostgreSQL below)"
    ),
]


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


def tables() -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash of its content (rows in a fixed order)."""
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            rows = sorted(repr(row) for row in cursor.fetchall())
            out[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return out


def files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def restore(src: Path, *extra: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("restore", "--from", str(src), *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def snapshot(
    media: Path, tmp_path: Path
) -> tuple[Path, dict[str, tuple[int, str]], dict[str, str]]:
    build_world()
    default_storage.save("evidence/ab/abcdef.pdf", ContentFile(b"%PDF-1.7 evidence"))
    default_storage.save("exchange/import.xlsx", ContentFile(b"PK\x03\x04 sheet"))
    before_tables, before_files = tables(), files(media)
    out = tmp_path / "snap"
    call_command("backup", "--out", str(out), stdout=None)
    return out, before_tables, before_files


def change_everything(media: Path) -> None:
    enterprise = Enterprise.objects.order_by("pk").first()
    assert enterprise is not None
    Enterprise.objects.filter(pk=enterprise.pk).update(name="被改掉的名称有限公司")
    record(actor=None, action="test.after_backup", object_type="x", object_id="1")
    (media / "evidence/ab/abcdef.pdf").unlink()


def test_the_manifest_lists_every_file_with_its_hash_and_the_migration_state(snapshot) -> None:  # type: ignore[no-untyped-def]
    out, _, _ = snapshot
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["database"] == {"kind": "sqlite", "file": "database.sqlite3"}
    assert manifest["migrations"]["audit"] == "0003_request_id"
    assert manifest["created_at"]
    listed = {item["path"]: item for item in manifest["files"]}
    assert set(listed) == {
        "database.sqlite3",
        "files/evidence/ab/abcdef.pdf",
        "files/exchange/import.xlsx",
    }
    for name, item in listed.items():
        data = (out / name).read_bytes()
        assert item["size"] == len(data)
        assert item["sha256"] == hashlib.sha256(data).hexdigest()


def test_restore_brings_every_table_and_file_back(snapshot, media: Path) -> None:  # type: ignore[no-untyped-def]
    out, before_tables, before_files = snapshot
    change_everything(media)
    assert tables() != before_tables
    message = restore(out, "--force")
    assert "审计链完整" in message
    assert tables() == before_tables
    assert files(media) == before_files
    assert not AuditEntry.objects.filter(action="test.after_backup").exists()


def test_restore_refuses_a_database_that_holds_data(snapshot, media: Path) -> None:  # type: ignore[no-untyped-def]
    out, _, _ = snapshot
    change_everything(media)
    changed_tables, changed_files = tables(), files(media)
    with pytest.raises(CommandError, match=r"目标数据库不为空.*--force"):
        restore(out)
    assert tables() == changed_tables
    assert files(media) == changed_files


def test_restore_into_an_empty_database_needs_no_force(snapshot, media: Path) -> None:  # type: ignore[no-untyped-def]
    out, before_tables, before_files = snapshot
    call_command("flush", "--no-input")
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    restore(out)
    assert tables() == before_tables
    assert files(media) == before_files


@pytest.mark.parametrize(
    ("tamper", "named"),
    [
        (
            lambda out: (out / "files/evidence/ab/abcdef.pdf").write_bytes(b"%PDF forged"),
            "abcdef.pdf",
        ),
        (lambda out: (out / "database.sqlite3").write_bytes(b"not a database"), "database.sqlite3"),
        (lambda out: (out / "files/exchange/import.xlsx").unlink(), "import.xlsx"),
        (lambda out: (out / "files/extra.bin").write_bytes(b"planted"), "extra.bin"),
    ],
)
def test_a_tampered_snapshot_is_refused_and_nothing_changes(  # type: ignore[no-untyped-def]
    snapshot, media: Path, tamper, named: str
) -> None:
    out, _, _ = snapshot
    change_everything(media)
    tamper(out)
    changed_tables, changed_files = tables(), files(media)
    with pytest.raises(CommandError, match=named):
        restore(out, "--force")
    assert tables() == changed_tables
    assert files(media) == changed_files


def test_a_hash_mismatch_is_named_in_chinese(snapshot) -> None:  # type: ignore[no-untyped-def]
    out, _, _ = snapshot
    (out / "files/evidence/ab/abcdef.pdf").write_bytes(b"forged")
    with pytest.raises(CommandError) as excinfo:
        restore(out, "--force")
    assert "备份文件 files/evidence/ab/abcdef.pdf 的 SHA-256 校验不符" in str(excinfo.value)


def test_a_manifest_pointing_outside_the_snapshot_is_refused(snapshot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out, _, _ = snapshot
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (tmp_path / "outside").write_bytes(b"x")
    manifest["files"].append({"path": "../outside", "sha256": "0" * 64, "size": 1})
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(CommandError, match="备份目录之外"):
        restore(out, "--force")


def test_a_snapshot_of_newer_code_is_refused(snapshot) -> None:  # type: ignore[no-untyped-def]
    out, _, _ = snapshot
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["migrations"]["audit"] = "9999_from_the_future"
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(CommandError, match="9999_from_the_future"):
        restore(out, "--force")


def test_backup_refuses_a_directory_that_is_not_empty(media: Path, tmp_path: Path) -> None:
    out = tmp_path / "busy"
    out.mkdir()
    (out / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="已存在且不为空"):
        call_command("backup", "--out", str(out))
    assert [p.name for p in out.iterdir()] == ["old.txt"]


def test_restore_refuses_a_directory_without_manifest(media: Path, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"没有 manifest\.json"):
        restore(tmp_path)


def test_backup_refuses_a_directory_inside_the_storage(media: Path) -> None:
    media.mkdir(parents=True)
    with pytest.raises(CommandError, match="不能位于文件存储目录之内"):
        call_command("backup", "--out", str(media / "snap"))
    assert not (media / "snap").exists()
