"""Every service write leaves an entry (who, what changed, from where); entries never change."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from dxpilot.accounts.models import ApiToken
from dxpilot.accounts.services import issue_api_token, revoke_api_token
from dxpilot.audit.models import AppendOnlyError, AuditEntry
from dxpilot.audit.services import REDACTED, record
from dxpilot.enterprises.services import update_enterprise
from dxpilot.testing import World, client_for, enterprise_data, valid_code


def last(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("seq")


class TestWritesAreRecorded:
    def test_an_edit_through_the_ui_records_actor_changes_and_address(self, world: World) -> None:
        from dataclasses import asdict

        from dxpilot.enterprises.selectors import enterprise_data as data_of

        client = client_for(world.officer_a, REMOTE_ADDR="10.20.30.40")
        form = {k: v for k, v in asdict(data_of(world.enterprise_a)).items() if v is not None}
        form.update(employees=150, name="合肥新名称科技有限公司")
        response = client.post(f"/enterprises/{world.enterprise_a.pk}/edit/", form)
        assert response.status_code == 302
        entry = last("enterprise.update")
        assert entry.actor_id == world.officer_a.pk
        assert entry.actor_label == "bob (district_officer)"
        assert entry.ip == "10.20.30.40"
        assert entry.via == "web"
        assert entry.kind == AuditEntry.Kind.WRITE
        assert entry.object_type == "enterprises.enterprise"
        assert entry.object_id == str(world.enterprise_a.pk)
        assert entry.changes["employees"] == [120, 150]
        assert entry.changes["name"] == [world.enterprise_a.name, "合肥新名称科技有限公司"]
        assert set(entry.changes) == {"employees", "name"}

    def test_writes_outside_a_request_are_marked_as_system(self, world: World) -> None:
        entry = last("enterprise.register")
        assert entry.ip is None
        assert entry.via == "system"
        assert entry.actor_id == world.city_admin.pk

    def test_account_services_are_recorded(self, world: World) -> None:
        assert last("user.create").changes == {"role": [None, "provider"]}
        token, secret = issue_api_token(
            actor=world.city_admin,
            owner=world.officer_a,
            name="区平台",
            scopes=[ApiToken.Scope.ENTERPRISES_READ],
        )
        issued = last("api_token.issue")
        assert issued.actor_id == world.city_admin.pk
        assert issued.changes == {"scopes": [None, ["enterprises:read"]]}
        assert secret not in str(issued.changes)
        revoke_api_token(token.pk, actor=world.city_admin)
        assert last("api_token.revoke").object_id == str(token.pk)

    def test_the_forwarded_address_is_used_only_behind_a_proxy(
        self, world: World, settings: object
    ) -> None:
        client = client_for(
            world.city_admin, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.23"
        )
        client.post(f"/enterprises/{world.enterprise_a.pk}/contacts/")
        assert last("enterprise.reveal_contacts").ip == "127.0.0.1"
        settings.DXPILOT_BEHIND_PROXY = True  # type: ignore[attr-defined]
        client.post(f"/enterprises/{world.enterprise_a.pk}/contacts/")
        assert last("enterprise.reveal_contacts").ip == "198.51.100.23"


class TestSensitiveValuesAreRedacted:
    def test_changed_contacts_are_logged_as_redacted(self, world: World) -> None:
        data = enterprise_data(
            world.enterprise_a.credit_code,
            "340104",
            contact_phone="13900001111",
            bank_account="6222029999888877776",
        )
        update_enterprise(world.enterprise_a.pk, data, actor=world.city_admin)
        changes = last("enterprise.update").changes
        assert changes["contact_phone"] == [REDACTED, REDACTED]
        assert changes["bank_account"] == [REDACTED, REDACTED]
        for secret in ("13900001111", "13812345678", "6222029999888877776", "6222021234567890123"):
            assert secret not in str(changes)

    def test_registration_records_that_contacts_exist_but_not_their_values(
        self, world: World
    ) -> None:
        changes = AuditEntry.objects.filter(action="enterprise.register").earliest("seq").changes
        assert changes["contact_name"] == [REDACTED, REDACTED]
        assert "张伟" not in str(changes)
        assert "zhangwei@example.cn" not in str(changes)


class TestAppendOnly:
    def test_an_existing_entry_cannot_be_saved_again(self, world: World) -> None:
        entry = AuditEntry.objects.latest("seq")
        entry.action = "tampered"
        with pytest.raises(AppendOnlyError):
            entry.save()

    def test_an_entry_cannot_be_deleted(self, world: World) -> None:
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.latest("seq").delete()

    def test_querysets_cannot_update_or_delete(self, world: World) -> None:
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.filter(action="user.create").update(action="x")
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.all().delete()
        assert not AuditEntry.objects.filter(action="x").exists()

    def test_a_raw_sql_update_is_refused_by_the_database(self, world: World) -> None:
        seq = AuditEntry.objects.latest("seq").seq
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditentry SET action = %s WHERE seq = %s", ["x", seq])
        assert AuditEntry.objects.get(seq=seq).action != "x"

    @pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="DELETE is refused by trigger on PostgreSQL only (the SQLite test flush deletes)",
    )
    def test_a_raw_sql_delete_is_refused_on_postgresql(self, world: World) -> None:
        count = AuditEntry.objects.count()
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry")
        assert AuditEntry.objects.count() == count

    def test_the_audit_head_follows_the_last_entry(self, world: World) -> None:
        from dxpilot.audit.models import AuditHead

        entry = record(actor=world.city_admin, action="test.event")
        head = AuditHead.objects.get(pk=1)
        assert (head.seq, head.last_hash) == (entry.seq, entry.hash)
        assert entry.prev_hash == AuditEntry.objects.get(seq=entry.seq - 1).hash


def test_a_refused_write_leaves_no_entry(world: World) -> None:
    from django.core.exceptions import ValidationError

    from dxpilot.enterprises.services import register_enterprise

    count = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        register_enterprise(
            world.program,
            enterprise_data(valid_code("91340104MA2TEQ030"), "999999"),
            actor=world.city_admin,
        )
    assert AuditEntry.objects.count() == count
