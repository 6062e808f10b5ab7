"""Content-addressed evidence storage: a file lives at evidence/<sha[:2]>/<sha> in Django's default
storage (local disk today, S3-compatible object storage by configuration), so the same bytes
are stored once however many archives hold them. The original name is kept on the row only.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import IO

from django.core.files.base import File
from django.core.files.storage import default_storage

from dxpilot.core.uploads import safe_file_name

PREFIX = "evidence"


@dataclass(frozen=True)
class Blob:
    sha256: str
    name: str  # the storage name
    size: int
    created: bool  # False when the same bytes were already stored


def blob_name(sha256: str) -> str:
    return f"{PREFIX}/{sha256[:2]}/{sha256}"


def digest(upload: File[bytes]) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    upload.seek(0)
    for chunk in upload.chunks():
        sha.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return sha.hexdigest(), size


def store(upload: File[bytes]) -> Blob:
    """Store the upload under its SHA-256 unless those bytes are already there."""
    sha, size = digest(upload)
    name = blob_name(sha)
    if default_storage.exists(name):
        return Blob(sha, name, size, created=False)
    saved = default_storage.save(name, upload)
    if saved != name:
        # Another request stored the same bytes between exists() and save(): keep one copy.
        default_storage.delete(saved)
        return Blob(sha, name, size, created=False)
    return Blob(sha, name, size, created=True)


def open_blob(name: str) -> IO[bytes]:
    return default_storage.open(name, "rb")


def safe_name(name: str, *, limit: int = 200) -> str:
    """The name shown and offered on download (one rule for every upload: core.uploads)."""
    return safe_file_name(name, limit=limit)
