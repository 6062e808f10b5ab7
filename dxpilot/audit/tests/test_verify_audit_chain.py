"""`verify_audit_chain` passes on an intact chain and names the first tampered entry."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from dxpilot.audit.models import AuditEntry
from dxpilot.testing import World


@contextmanager
def trigger_disabled() -> Iterator[None]:
    """Tamper as a database administrator would: around the append-only trigger.

    DDL is transactional on both engines, so the test's rollback restores the trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_auditentry_no_update")
        elif connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER ALL")
        yield


def tamper(sql: str, params: list[object]) -> None:
    with trigger_disabled(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify() -> str:
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue()


def broken() -> str:
    with pytest.raises(CommandError) as info:
        verify()
    return str(info.value)


def test_an_intact_chain_passes(world: World) -> None:
    count = AuditEntry.objects.count()
    assert count > 5
    assert verify().strip() == f"Audit chain intact: {count} entries verified."


def test_an_empty_log_passes(db: None) -> None:
    assert "0 entries verified" in verify()


def test_a_changed_entry_is_named(world: World) -> None:
    tamper("UPDATE audit_auditentry SET object_label = %s WHERE seq = %s", ["篡改", 3])
    message = broken()
    assert "Audit chain broken at entry #3: content does not match its hash" in message
    assert "(2 entries verified before it)" in message


def test_changed_changes_are_detected(world: World) -> None:
    entry = AuditEntry.objects.filter(action="enterprise.register").earliest("seq")
    tamper(
        "UPDATE audit_auditentry SET changes = %s WHERE seq = %s",
        ['{"employees": [null, 1]}', entry.seq],
    )
    assert f"entry #{entry.seq}: content does not match its hash" in broken()


def test_a_rehashed_entry_breaks_the_link_to_the_next(world: World) -> None:
    # A careful forger recomputes the entry's own hash; the next entry still points at the old one.
    from dxpilot.audit.chain import entry_hash, hashed_fields

    entry = AuditEntry.objects.get(seq=2)
    entry.actor_label = "someone else"
    new_hash = entry_hash(hashed_fields(entry), entry.prev_hash)
    tamper(
        "UPDATE audit_auditentry SET actor_label = %s, hash = %s WHERE seq = %s",
        ["someone else", new_hash, 2],
    )
    assert "entry #3: previous-hash link does not match" in broken()


def test_a_deleted_entry_is_detected(world: World) -> None:
    tamper("DELETE FROM audit_auditentry WHERE seq = %s", [4])
    assert "Audit chain broken at entry #5: missing entries before #5" in broken()


def test_the_tampering_did_not_outlive_its_test(world: World) -> None:
    # The trigger dropped inside an earlier test came back with the rollback.
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'x' WHERE seq = 1")
