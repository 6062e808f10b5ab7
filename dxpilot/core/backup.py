"""Backup and restore of one installation: the database and the stored files, with a manifest.

A snapshot directory holds

    manifest.json        kind of database, migration state, time, and every file's SHA-256 and size
    database.sqlite3     SQLite: a consistent copy through the online backup API
    database.pgdump      PostgreSQL: `pg_dump --format=custom`
    files/...            the default storage's files (MEDIA_ROOT)

The database is copied first and the files after it: stored files are content-addressed and never
rewritten, so every file the database snapshot names is already on disk when the files are copied
(a file uploaded meanwhile is an unreferenced extra, harmless).

`restore` checks everything it can before it writes anything: the manifest, every file's size and
SHA-256, no file missing or added, the database kind, the migrations known to this code, and that
the target database is empty (unless forced). Only then does it replace the database and copy the
files, and it ends by verifying the audit chain of what it restored.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from dxpilot.audit.selectors import verify_chain

MANIFEST = "manifest.json"
FORMAT = 1
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
FILES_DIR = "files"


class BackupError(Exception):
    """A refusal: the message says what is wrong; nothing has been changed."""


@dataclass(frozen=True)
class RestoreReport:
    kind: str
    files: int
    audit_entries: int
    audit_ok: bool
    audit_reason: str


def sha256_of(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def database_kind() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(_("不支持的数据库类型：{vendor}。").format(vendor=vendor))
    return vendor


def media_root() -> Path:
    if not isinstance(default_storage, FileSystemStorage):
        raise BackupError(_("文件存储不是本地目录，本命令只能备份本地存储的文件。"))
    return Path(default_storage.location)


def pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise BackupError(
        _("找不到 PostgreSQL 工具 {name}，请安装 PostgreSQL 客户端。").format(name=name)
    )


def pg_env() -> dict[str, str]:
    db: dict[str, Any] = dict(connection.settings_dict)
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    env["PGDATABASE"] = str(db["NAME"])
    return env


def migration_state() -> dict[str, str]:
    """The last applied migration of every app (by name order, which is number order)."""
    last: dict[str, str] = {}
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        if name > last.get(app_label, ""):
            last[app_label] = name
    return dict(sorted(last.items()))


# --- backup ---------------------------------------------------------------------------------


def backup(out: Path) -> dict[str, Any]:
    """Write a snapshot into `out` (absent or empty) and return its manifest."""
    kind = database_kind()
    source = media_root()
    resolved = out.resolve()
    if resolved == source.resolve() or source.resolve() in resolved.parents:
        raise BackupError(_("备份目录 {dir} 不能位于文件存储目录之内。").format(dir=out))
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BackupError(
            _("备份目录 {dir} 已存在且不为空，请指定一个新的或空的目录。").format(dir=out)
        )
    out.mkdir(parents=True, exist_ok=True)
    if kind == "sqlite":
        _backup_sqlite(out / SQLITE_FILE)
        db_file = SQLITE_FILE
    else:
        _backup_postgresql(out / PG_FILE)
        db_file = PG_FILE
    state = migration_state()
    if source.is_dir():
        shutil.copytree(source, out / FILES_DIR, symlinks=False)
    else:
        (out / FILES_DIR).mkdir()
    files = [
        {
            "path": path.relative_to(out).as_posix(),
            "sha256": sha256_of(path),
            "size": path.stat().st_size,
        }
        for path in sorted(p for p in out.rglob("*") if p.is_file())
    ]
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "database": {"kind": kind, "file": db_file},
        "migrations": state,
        "files": files,
    }
    (out / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest


def _backup_sqlite(target: Path) -> None:
    connection.ensure_connection()
    dest = sqlite3.connect(target)
    try:
        connection.connection.backup(dest)
    finally:
        dest.close()


def _backup_postgresql(target: Path) -> None:
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target)],
        env=pg_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(_("pg_dump 失败：{error}").format(error=result.stderr.strip()[:500]))


# --- restore --------------------------------------------------------------------------------


def read_manifest(src: Path) -> dict[str, Any]:
    path = src / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(
            _("{dir} 中没有 manifest.json，不是一个备份目录。").format(dir=src)
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(_("manifest.json 无法读取：{error}").format(error=exc)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("manifest.json 的格式版本不受支持。"))
    return manifest


def verify_snapshot(src: Path, manifest: dict[str, Any]) -> None:
    """Every file of the manifest is there with its size and SHA-256, and nothing else is."""
    listed: set[str] = set()
    root = src.resolve()
    for item in manifest.get("files", []):
        name = str(item.get("path", ""))
        path = (src / name).resolve()
        if not name or path == root or root not in path.parents:
            raise BackupError(_("manifest.json 列出了备份目录之外的文件：{name}").format(name=name))
        if not path.is_file():
            raise BackupError(_("备份文件缺失：{name}").format(name=name))
        if path.stat().st_size != item.get("size") or sha256_of(path) != item.get("sha256"):
            raise BackupError(
                _("备份文件 {name} 的 SHA-256 校验不符，备份已损坏或被篡改，未做任何恢复。").format(
                    name=name
                )
            )
        listed.add(path.relative_to(root).as_posix())
    present = {p.resolve().relative_to(root).as_posix() for p in src.rglob("*") if p.is_file()} - {
        MANIFEST
    }
    extra = sorted(present - listed)
    if extra:
        raise BackupError(_("备份目录中有清单未列出的文件：{name}").format(name=extra[0]))
    database = manifest.get("database") or {}
    if database.get("file") not in listed:
        raise BackupError(_("备份中没有数据库文件。"))


def data_tables_with_rows() -> list[str]:
    """The platform's tables that hold rows (an installation only migrated has none)."""
    existing = set(connection.introspection.table_names())
    busy = []
    for model in apps.get_models():
        if not model._meta.app_config.name.startswith("dxpilot."):
            continue
        table = model._meta.db_table
        if table in existing and model._base_manager.exists():
            busy.append(table)
    return busy


def check_migrations(manifest: dict[str, Any]) -> None:
    """Refuse a snapshot made by a newer version of the code (migrations this code lacks)."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    for app_label, name in (manifest.get("migrations") or {}).items():
        if (app_label, name) not in known:
            raise BackupError(
                _("备份来自更新的版本：本程序没有迁移 {app}.{name}，请先升级程序再恢复。").format(
                    app=app_label, name=name
                )
            )


def restore(src: Path, *, force: bool = False) -> RestoreReport:
    manifest = read_manifest(src)
    verify_snapshot(src, manifest)
    kind = database_kind()
    if manifest["database"].get("kind") != kind:
        raise BackupError(
            _("备份的数据库类型是 {backup}，当前数据库是 {current}，无法恢复。").format(
                backup=manifest["database"].get("kind"), current=kind
            )
        )
    check_migrations(manifest)
    target = media_root()
    if not force:
        busy = data_tables_with_rows()
        if busy:
            raise BackupError(
                _("目标数据库不为空（例如 {table} 已有数据）。确认要覆盖时请加 --force。").format(
                    table=busy[0]
                )
            )
    db_file = src / manifest["database"]["file"]
    if kind == "sqlite":
        _restore_sqlite(db_file)
    else:
        _restore_postgresql(db_file)
    copied = _restore_files(src, manifest, target)
    report = verify_chain()
    return RestoreReport(
        kind=kind,
        files=copied,
        audit_entries=report.checked,
        audit_ok=report.ok,
        audit_reason=report.reason,
    )


def _restore_sqlite(snapshot: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{snapshot}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_postgresql(snapshot: Path) -> None:
    connection.close()  # pg_restore drops the tables: no open transaction may hold them
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [
            pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            pg_env()["PGDATABASE"],
            str(snapshot),
        ],
        env=pg_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(_("pg_restore 失败：{error}").format(error=result.stderr.strip()[:500]))


def _restore_files(src: Path, manifest: dict[str, Any], target: Path) -> int:
    prefix = FILES_DIR + "/"
    copied = 0
    for item in manifest["files"]:
        name = str(item["path"])
        if not name.startswith(prefix):
            continue
        dest = target / name[len(prefix) :]
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src / name, dest)
        copied += 1
    return copied
