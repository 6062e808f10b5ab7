"""Audit entries as people read them: who (by name), did what (a label), to which object (its
name where it still exists), and the changes as "field: before → after" lines.

A page of entries costs a fixed number of queries: users, objects and referenced rows are read in
bulk, one query per model on the page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from dxpilot.audit.labels import (
    action_label,
    change_label,
    current_type,
    model_of,
    object_type_label,
)
from dxpilot.audit.models import AuditEntry


@dataclass(frozen=True)
class ChangeLine:
    label: str
    after: str
    before: str | None = None  # None: a value, not a change (the reasons of a decision)


@dataclass(frozen=True)
class EntryView:
    entry: AuditEntry
    action: str
    actor: str
    object_type: str
    object_name: str
    changes: list[ChangeLine] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:  # seq, at, via, ip … of the entry itself
        return getattr(self.entry, name)


def _pks(model: type[models.Model], raw: Iterable[Any]) -> list[Any]:
    pks = []
    for value in raw:
        try:
            pks.append(model._meta.pk.to_python(value))
        except (ValidationError, TypeError, ValueError):
            continue
    return pks


def _load(wanted: dict[type[models.Model], set[Any]]) -> dict[tuple[str, str], str]:
    names: dict[tuple[str, str], str] = {}
    for model, raw in wanted.items():
        pks = _pks(model, raw)
        if not pks:
            continue
        for pk, obj in model._base_manager.in_bulk(pks).items():
            names[(model._meta.label_lower, str(pk))] = _person_or_str(obj)
    return names


def _person_or_str(obj: Any) -> str:
    full = getattr(obj, "get_full_name", None)
    if callable(full) and hasattr(obj, "get_username"):
        return str(full() or obj.get_username())
    return str(obj)


def _relation(model: type[models.Model] | None, key: str) -> type[models.Model] | None:
    if model is None:
        return None
    try:
        f = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    related = getattr(f, "related_model", None)
    return related if f.is_relation and isinstance(related, type) else None


def _field(model: type[models.Model] | None, key: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _word(
    value: Any, f: Any, related: type[models.Model] | None, names: dict[tuple[str, str], str]
) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list):
        return "、".join(_word(v, f, related, names) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{_word(v, None, None, names)}" for k, v in value.items())
    if related is not None:
        return names.get((related._meta.label_lower, str(value)), f"#{value}")
    choices = getattr(f, "flatchoices", None) if f is not None else None
    if choices:
        for key, label in choices:
            if str(key) == str(value):
                return str(label)
    return str(value)


def _is_pair(value: Any, f: Any) -> bool:
    # diff() writes [before, after]; a list under a key that is not a field is a value (reasons).
    return (
        isinstance(value, list)
        and len(value) == 2
        and (f is not None or not all(isinstance(v, str) for v in value))
    )


def present(entries: Sequence[AuditEntry]) -> list[EntryView]:
    user_model = get_user_model()
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for e in entries:
        if e.actor_id is not None:
            wanted[user_model].add(e.actor_id)
        model = model_of(e.object_type) if e.object_type else None
        if model is not None and e.object_id:
            wanted[model].add(e.object_id)
        if isinstance(e.changes, dict):
            for key, value in e.changes.items():
                related = _relation(model, key)
                if related is not None:
                    values = value if isinstance(value, list) else [value]
                    wanted[related].update(
                        v for v in values if v is not None and not isinstance(v, (list, dict))
                    )
    names = _load(wanted)
    users = user_model._meta.label_lower
    views = []
    for e in entries:
        model = model_of(e.object_type) if e.object_type else None
        views.append(
            EntryView(
                entry=e,
                action=action_label(e.action),
                actor=names.get((users, str(e.actor_id)), e.actor_label)
                if e.actor_id
                else (_("系统") if e.actor_label == "system" else e.actor_label),
                object_type=object_type_label(e.object_type) if e.object_type else "",
                object_name=names.get((current_type(e.object_type), e.object_id), "")
                if model is not None
                else "",
                changes=_changes(e.changes, model, names),
            )
        )
    return views


def _changes(
    changes: Any, model: type[models.Model] | None, names: dict[tuple[str, str], str]
) -> list[ChangeLine]:
    if not isinstance(changes, dict):
        return [ChangeLine(_("变更内容"), str(changes))] if changes else []
    lines = []
    for key, value in changes.items():
        f, related = _field(model, key), _relation(model, key)
        label = change_label(model, key)
        if _is_pair(value, f):
            lines.append(
                ChangeLine(
                    label, _word(value[1], f, related, names), _word(value[0], f, related, names)
                )
            )
        else:
            lines.append(ChangeLine(label, _word(value, f, related, names)))
    return lines
