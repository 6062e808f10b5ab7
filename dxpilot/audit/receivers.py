"""Login, logout and lockout are audited from Django's and axes' signals (no workflow here)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from dxpilot.audit.models import AuditEntry
from dxpilot.audit.services import record


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(actor=user, action="auth.login", kind=AuditEntry.Kind.AUTH, target=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(actor=user, action="auth.logout", kind=AuditEntry.Kind.AUTH, target=user)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    record(
        actor=None,
        action="auth.login_failed",
        kind=AuditEntry.Kind.AUTH,
        object_type="accounts.user",
        object_label=username,
    )


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    record(
        actor=None,
        action="auth.locked_out",
        kind=AuditEntry.Kind.AUTH,
        object_type="accounts.user",
        object_label=str(username)[:150],
    )
