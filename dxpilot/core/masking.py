"""Masking of personal and commercial data for roles that may not see it in full."""

from __future__ import annotations

MASK = "*"


def mask_phone(value: str) -> str:
    digits = value.strip()
    if len(digits) <= 4:
        return MASK * len(digits)
    if len(digits) >= 11:
        return digits[:3] + MASK * (len(digits) - 7) + digits[-4:]
    return MASK * (len(digits) - 4) + digits[-4:]


def mask_email(value: str) -> str:
    local, at, domain = value.partition("@")
    if not at:
        return mask_text(value)
    return (local[:1] + MASK * 3) + "@" + domain


def mask_account(value: str) -> str:
    compact = "".join(value.split())
    if len(compact) <= 4:
        return MASK * len(compact)
    return MASK * 4 + " " + compact[-4:]


def mask_name(value: str) -> str:
    if len(value) <= 1:
        return value
    return value[0] + MASK * (len(value) - 1)


def mask_text(value: str) -> str:
    if len(value) <= 2:
        return MASK * len(value)
    return value[0] + MASK * (len(value) - 2) + value[-1]
