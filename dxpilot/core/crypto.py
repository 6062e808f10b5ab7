"""Field-level encryption with rotatable Fernet keys (personal contact data, bank accounts).

Keys come from DXPILOT_FIELD_KEYS, newest first. MultiFernet decrypts with any listed key and
encrypts with the first, so rotation is: prepend a new key, run `rotate_field_keys`, drop the old.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


def _development_key() -> bytes:
    # Only reached when DEBUG/testing and no key is configured (system check dxpilot.W002 warns).
    digest = hashlib.sha256(("dxpilot-field-key:" + settings.SECRET_KEY).encode()).digest()
    return base64.urlsafe_b64encode(digest)


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    keys = list(settings.FIELD_ENCRYPTION_KEYS) or [_development_key().decode()]
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "DXPILOT_FIELD_KEYS must be comma-separated Fernet keys "
            "(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key())')."
        ) from exc


def reset_keys() -> None:
    """Forget cached keys (tests that change settings.FIELD_ENCRYPTION_KEYS)."""
    _fernet.cache_clear()


def encrypt(value: str) -> str:
    return PREFIX + _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token.startswith(PREFIX):
        raise ImproperlyConfigured("An encrypted column holds a value without the fernet prefix.")
    try:
        return _fernet().decrypt(token[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "An encrypted value cannot be decrypted with any key in DXPILOT_FIELD_KEYS."
        ) from exc


def rotate(token: str) -> str:
    """Re-encrypt a stored token with the newest key."""
    return PREFIX + _fernet().rotate(token[len(PREFIX) :].encode()).decode()


def blind_index(value: str) -> str:
    """A keyed hash of a normalised value, so equal phones/accounts can be matched unencrypted."""
    normalised = "".join(value.split()).lower()
    key = hashlib.sha256(("dxpilot-blind-index:" + settings.SECRET_KEY).encode()).digest()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text column stored Fernet-encrypted; empty strings stay empty (nothing to protect)."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
