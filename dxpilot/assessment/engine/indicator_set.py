"""Indicator sets: versioned data files, loaded once into frozen dataclasses.

An edition is a JSON file ``dxpilot/assessment/indicator_sets/<edition>.json``; adding an edition is
adding a file. The file is validated when loaded (see ``_validate.py``) and the loaded set carries
precomputed lookups so that scoring a sheet never re-validates the edition.

Scores are exact: option scores are read as ``Decimal`` (from strings or JSON numbers, which are
parsed as ``Decimal``, never float) and, for speed, also kept as integers in units of
``10 ** -scale`` points, where ``scale`` is the largest number of decimals in the edition
(3 for 2024, because of 1.875).
"""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from pathlib import Path

from ._validate import build_indicator_set
from .types import (
    EDITION_RE,
    LOADED,
    Dimension,
    IndicatorSet,
    IndicatorSetError,
    Option,
    Question,
    QuestionType,
    Scene,
    SceneGroup,
    SubDimension,
)

__all__ = [
    "INDICATOR_SETS_DIR",
    "Dimension",
    "IndicatorSet",
    "IndicatorSetError",
    "Option",
    "Question",
    "QuestionType",
    "Scene",
    "SceneGroup",
    "SubDimension",
    "UnknownEditionError",
    "installed_editions",
    "load_indicator_set",
    "load_indicator_set_file",
    "parse_indicator_set",
]

INDICATOR_SETS_DIR = Path(__file__).resolve().parent.parent / "indicator_sets"


class UnknownEditionError(IndicatorSetError, LookupError):
    def __init__(self, edition: str, installed: tuple[str, ...]) -> None:
        self.edition = edition
        self.installed = installed
        super().__init__(
            str(INDICATOR_SETS_DIR),
            [f"edition {edition!r} is not installed (installed: {', '.join(installed) or 'none'})"],
        )


def parse_indicator_set(data: object, *, origin: str = "<data>") -> IndicatorSet:
    """Validate edition data (already parsed from JSON) and build the frozen indicator set."""
    return build_indicator_set(data, origin=origin)


def load_indicator_set_file(path: str | Path) -> IndicatorSet:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise IndicatorSetError(str(path), [f"cannot read the file: {exc}"]) from exc
    try:
        # parse_float=Decimal: a JSON number such as 0.7 stays exactly 0.7.
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise IndicatorSetError(str(path), [f"invalid JSON: {exc}"]) from exc
    return parse_indicator_set(data, origin=str(path))


@functools.lru_cache(maxsize=1)
def installed_editions() -> tuple[str, ...]:
    """Editions with a file in ``indicator_sets/``, sorted (cached: files do not change at run time)."""
    return tuple(
        sorted(
            path.stem
            for path in INDICATOR_SETS_DIR.glob("*.json")
            if EDITION_RE.match(path.stem) is not None
        )
    )


def load_indicator_set(edition: str) -> IndicatorSet:
    """The validated indicator set of an installed edition (loaded once per process)."""
    loaded = LOADED.get(edition) if isinstance(edition, str) else None
    if loaded is None:
        loaded = LOADED[edition] = _load(edition)
    return loaded


def _clear_cache() -> None:
    """Forget loaded editions (tests that add edition files)."""
    LOADED.clear()
    installed_editions.cache_clear()


def _load(edition: str) -> IndicatorSet:
    installed = installed_editions()
    if not isinstance(edition, str) or edition not in installed:
        raise UnknownEditionError(str(edition), installed)
    indicator_set = load_indicator_set_file(INDICATOR_SETS_DIR / f"{edition}.json")
    if indicator_set.edition != edition:
        raise IndicatorSetError(
            str(INDICATOR_SETS_DIR / f"{edition}.json"),
            [f"file name says edition {edition!r} but the file says {indicator_set.edition!r}"],
        )
    return indicator_set
