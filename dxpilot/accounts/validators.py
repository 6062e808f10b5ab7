from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django 5.2 changed this message's msgid and its zh_Hans catalogue still has the old one,
    so users were told in English; the Chinese message is ours until Django's catches up."""

    def get_error_message(self) -> str:
        return _("密码太短，至少需要 {min_length} 个字符。").format(min_length=self.min_length)


class MixedCharactersValidator:
    """Passwords must mix letters and digits (common in 等保 requirements)."""

    def validate(self, password: str, user: Any = None) -> None:
        if not (any(ch.isalpha() for ch in password) and any(ch.isdigit() for ch in password)):
            raise ValidationError(_("密码必须同时包含字母和数字。"), code="password_not_mixed")

    def get_help_text(self) -> str:
        return _("密码必须同时包含字母和数字。")
