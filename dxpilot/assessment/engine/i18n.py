"""Translation hook for the engine's user-facing messages.

The engine must import and run without Django (CLI scripts, benchmarks, plain pytest). Messages go
through ``_``: when Django is installed, its settings are configured and the app registry is ready,
``_`` is ``django.utils.translation.gettext``; otherwise it returns the msgid unchanged. Msgids are
full Chinese sentences with named ``{placeholders}`` that callers fill with ``.format()`` after
translation, so ``makemessages`` (which knows ``_`` and ``gettext_noop``) extracts them as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["_", "gettext_noop"]


_translate: Callable[[str], str] | None = None  # Django's gettext, once it is usable
_django: tuple[Any, Any, Callable[[str], str]] | None = None  # (settings, apps, gettext)
_no_django = False


def _django_gettext() -> Callable[[str], str] | None:
    global _translate, _django, _no_django
    if _translate is not None:
        return _translate
    if _no_django:
        return None
    if _django is None:
        try:
            from django.apps import apps
            from django.conf import settings
            from django.utils.translation import gettext as django_gettext
        except ImportError:  # pragma: no cover - Django is a project dependency
            _no_django = True
            return None
        _django = (settings, apps, django_gettext)
    settings, apps, gettext = _django
    # Settings may be configured after this module is imported (a script, the test runner), so
    # a negative answer is not cached; a positive one is.
    if not settings.configured or not apps.ready:
        return None
    _translate = gettext
    return gettext


def _(message: str) -> str:
    """Translate ``message`` if Django's translation machinery is usable, else return it as is."""
    translate = _django_gettext()
    if translate is None:
        return message
    return translate(message)


def gettext_noop(message: str) -> str:
    """Mark a module-level msgid for extraction; translate it with ``_`` where it is used."""
    return message
