"""Translation hook for the engine's user-facing messages.

The engine imports and runs without Django (CLI scripts, benchmarks, plain pytest) and imports
nothing of it: messages go through ``_``, which returns the msgid unchanged until a translator is
installed. The assessment app installs Django's ``gettext`` in its ``AppConfig.ready()``
(`install_translator`). Msgids are full Chinese sentences with named ``{placeholders}`` that
callers fill with ``.format()`` after translation, so ``makemessages`` (which knows ``_`` and
``gettext_noop``) extracts them as usual.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["_", "gettext_noop", "install_translator"]


_translate: Callable[[str], str] | None = None


def install_translator(translate: Callable[[str], str] | None) -> None:
    """Use `translate` for every message from now on (None: messages stay in the source)."""
    global _translate
    _translate = translate


def _(message: str) -> str:
    """Translate ``message`` with the installed translator, else return it as is."""
    return message if _translate is None else _translate(message)


def gettext_noop(message: str) -> str:
    """Mark a module-level msgid for extraction; translate it with ``_`` where it is used."""
    return message
