"""Re-encrypt every EncryptedTextField value with the newest key in DXPILOT_FIELD_KEYS.

Rotation: put a new key first (keep the old ones after it), run this command, then drop the old
keys. All or nothing: one transaction, so a value no listed key can decrypt leaves every row as it
was. Safe to run again (values already under the newest key are simply re-encrypted).
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction

from dxpilot.audit.services import record
from dxpilot.core import crypto
from dxpilot.core.crypto import EncryptedTextField


def encrypted_models() -> list[tuple[type[models.Model], list[EncryptedTextField]]]:
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            found.append((model, fields))
    return found


def _rotate_value(value: str | None) -> str | None:
    if not value:
        return value
    if not value.startswith(crypto.PREFIX):
        # Written around the ORM before encryption existed: encrypt it now.
        return crypto.encrypt(value)
    return crypto.rotate(value)


def rotate_model(
    model: type[models.Model],
    fields: list[EncryptedTextField],
    batch_size: int,
    failures: list[str],
) -> int:
    """Rotate one table in primary-key batches; the raw column values are read and written, so
    the field's own encrypt-on-save never wraps a token twice."""
    quote = connection.ops.quote_name
    pk_field = model._meta.pk
    if pk_field is None:  # abstract models have none; get_models() never returns them
        return 0
    table, pk = quote(model._meta.db_table), quote(str(pk_field.column))
    columns = [quote(str(f.column)) for f in fields]
    select = f"SELECT {pk}, {', '.join(columns)} FROM {table} WHERE {pk} IN (%s)"  # noqa: S608 - quoted identifiers
    update = f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in columns)} WHERE {pk} = %s"  # noqa: S608
    rotated, last = 0, None
    while True:
        rows = model._base_manager.select_for_update().order_by("pk")
        if last is not None:
            rows = rows.filter(pk__gt=last)
        pks = list(rows.values_list("pk", flat=True)[:batch_size])
        if not pks:
            return rotated
        last = pks[-1]
        with connection.cursor() as cursor:
            cursor.execute(select % ", ".join(["%s"] * len(pks)), pks)
            updates = []
            for pk_value, *values in cursor.fetchall():
                if not any(values):
                    continue
                try:
                    updates.append([*(_rotate_value(v) for v in values), pk_value])
                except InvalidToken:
                    failures.append(f"{model._meta.label} #{pk_value}")
            if updates:
                cursor.executemany(update, updates)
        rotated += len(updates)


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field with the newest key in DXPILOT_FIELD_KEYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        crypto.reset_keys()
        counts: dict[str, int] = {}
        failures: list[str] = []
        with transaction.atomic():
            for model, fields in encrypted_models():
                counts[model._meta.label] = rotate_model(
                    model, fields, options["batch_size"], failures
                )
            if failures:
                transaction.set_rollback(True)
            else:
                record(
                    actor=None,
                    action="crypto.rotate_field_keys",
                    object_label="DXPILOT_FIELD_KEYS",
                    changes={"rows": counts},
                )
        if failures:
            listed = "\n".join(f"  - {failure}" for failure in failures)
            raise CommandError(
                f"{len(failures)} rows hold values no key in DXPILOT_FIELD_KEYS can decrypt; "
                f"nothing was rotated:\n{listed}"
            )
        summary = ", ".join(f"{label}: {n}" for label, n in counts.items())
        self.stdout.write(f"Re-encrypted with the newest key: {summary}.")
