from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MixedCharactersValidator:
    """Passwords must mix letters and digits (common in 等保 requirements)."""

    def validate(self, password: str, user: Any = None) -> None:
        if not (any(ch.isalpha() for ch in password) and any(ch.isdigit() for ch in password)):
            raise ValidationError(_("密码必须同时包含字母和数字。"), code="password_not_mixed")

    def get_help_text(self) -> str:
        return _("密码必须同时包含字母和数字。")
