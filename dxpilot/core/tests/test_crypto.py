"""Field-level encryption: nothing personal in plaintext columns, round trips, key rotation."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection

from dxpilot.accounts.models import User
from dxpilot.audit.models import AuditEntry
from dxpilot.core import crypto
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.services import register_enterprise
from dxpilot.providers.models import Provider
from dxpilot.testing import World, build_world, enterprise_data, valid_code

OLD_KEY, NEW_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()
PLAIN = ("13812345678", "zhangwei@example.cn", "6222021234567890123", "张伟")


@pytest.fixture(autouse=True)
def fresh_keys() -> Iterator[None]:
    crypto.reset_keys()
    yield
    crypto.reset_keys()


def use_keys(settings: object, *keys: str) -> None:
    settings.FIELD_ENCRYPTION_KEYS = list(keys)  # type: ignore[attr-defined]
    crypto.reset_keys()


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def raw_enterprise(enterprise: Enterprise) -> str:
    columns = ("contact_name", "contact_phone", "contact_email", "bank_account")
    return " ".join(raw("enterprises_enterprise", c, enterprise.pk) for c in columns)


@pytest.fixture
def old_world(db: None, settings: object) -> World:
    """The personas' world written under OLD_KEY, the key about to be retired."""
    use_keys(settings, OLD_KEY)
    return build_world()


def only_key(key: str, token: str) -> str:
    return Fernet(key.encode()).decrypt(token.removeprefix(crypto.PREFIX).encode()).decode()


class TestEncryptedFields:
    def test_personal_data_is_not_stored_in_plaintext(self, world: World) -> None:
        stored = raw_enterprise(world.enterprise_a)
        for plain in PLAIN:
            assert plain not in stored
        assert raw("enterprises_enterprise", "contact_phone", world.enterprise_a.pk).startswith(
            "fernet:"
        )

    def test_it_round_trips(self, world: World) -> None:
        enterprise = Enterprise.objects.get(pk=world.enterprise_a.pk)
        assert (enterprise.contact_name, enterprise.contact_phone) == ("张伟", "13812345678")
        assert enterprise.contact_email == "zhangwei@example.cn"
        assert enterprise.bank_account == "6222021234567890123"

    def test_empty_values_stay_empty(self, world: World) -> None:
        enterprise = register_enterprise(
            world.program,
            enterprise_data(valid_code("91340104MA2TEQ040"), "340104", contact_phone=""),
            actor=world.city_admin,
        )
        assert raw("enterprises_enterprise", "contact_phone", enterprise.pk) == ""
        assert Enterprise.objects.get(pk=enterprise.pk).contact_phone == ""

    def test_the_same_value_encrypts_differently_each_time(self) -> None:
        assert crypto.encrypt("13812345678") != crypto.encrypt("13812345678")

    def test_totp_secrets_are_encrypted_too(self, world: World) -> None:
        from dxpilot.accounts.services import new_totp_secret

        secret = new_totp_secret()
        User.objects.filter(pk=world.officer_a.pk).update(totp_secret=secret)
        assert secret not in raw("accounts_user", "totp_secret", world.officer_a.pk)
        assert User.objects.get(pk=world.officer_a.pk).totp_secret == secret

    def test_a_value_under_an_unknown_key_fails_loudly(
        self, world: World, settings: object
    ) -> None:
        use_keys(settings, NEW_KEY)
        with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
            Enterprise.objects.get(pk=world.enterprise_a.pk)

    def test_a_badly_formed_key_is_a_configuration_error(self, settings: object) -> None:
        use_keys(settings, "not-a-fernet-key")
        with pytest.raises(ImproperlyConfigured, match="DXPILOT_FIELD_KEYS"):
            crypto.encrypt("x")

    def test_blind_indexes_match_equal_values_however_written(self) -> None:
        assert crypto.blind_index("138 1234 5678") == crypto.blind_index("13812345678")
        assert crypto.blind_index("13812345678") != crypto.blind_index("13812345679")
        assert "13812345678" not in crypto.blind_index("13812345678")


class TestKeyRotation:
    def test_old_values_stay_readable_with_the_old_key_listed_after_the_new(
        self, old_world: World, settings: object
    ) -> None:
        enterprise = register_enterprise(
            old_world.program,
            enterprise_data(valid_code("91340104MA2TEQ041"), "340104"),
            actor=old_world.city_admin,
        )
        use_keys(settings, NEW_KEY, OLD_KEY)
        assert Enterprise.objects.get(pk=enterprise.pk).contact_phone == "13812345678"
        new = crypto.encrypt("x")
        assert only_key(NEW_KEY, new) == "x"

    def test_the_command_re_encrypts_every_row_with_the_newest_key(
        self, old_world: World, settings: object
    ) -> None:
        enterprise = register_enterprise(
            old_world.program,
            enterprise_data(valid_code("91340104MA2TEQ042"), "340104"),
            actor=old_world.city_admin,
        )
        Provider.objects.filter(pk=old_world.provider.pk).update(contact_phone="13700001111")
        use_keys(settings, NEW_KEY, OLD_KEY)
        out = StringIO()
        call_command("rotate_field_keys", "--batch-size", "2", stdout=out)
        assert "enterprises.Enterprise: 3" in out.getvalue()
        assert "providers.Provider: 1" in out.getvalue()
        token = raw("enterprises_enterprise", "contact_phone", enterprise.pk)
        assert only_key(NEW_KEY, token) == "13812345678"
        provider_token = raw("providers_provider", "contact_phone", old_world.provider.pk)
        assert only_key(NEW_KEY, provider_token) == "13700001111"
        use_keys(settings, NEW_KEY)  # the old key can now be dropped
        assert Enterprise.objects.get(pk=enterprise.pk).bank_account == "6222021234567890123"
        assert Enterprise.objects.get(pk=old_world.enterprise_a.pk).contact_name == "张伟"
        assert Provider.objects.get(pk=old_world.provider.pk).contact_phone == "13700001111"

    def test_the_rotation_is_audited_once_with_counts(
        self, old_world: World, settings: object
    ) -> None:
        use_keys(settings, NEW_KEY, OLD_KEY)
        call_command("rotate_field_keys", stdout=StringIO())
        entry = AuditEntry.objects.get(action="crypto.rotate_field_keys")
        assert entry.changes["rows"]["enterprises.Enterprise"] == 2
        assert entry.actor_label == "system"

    def test_running_it_twice_is_safe(self, old_world: World, settings: object) -> None:
        use_keys(settings, NEW_KEY, OLD_KEY)
        call_command("rotate_field_keys", stdout=StringIO())
        call_command("rotate_field_keys", stdout=StringIO())
        use_keys(settings, NEW_KEY)
        assert Enterprise.objects.get(pk=old_world.enterprise_b.pk).contact_phone == "13812345678"

    def test_an_undecryptable_row_stops_it_and_nothing_changes(
        self, old_world: World, settings: object
    ) -> None:
        before = raw_enterprise(old_world.enterprise_a)
        use_keys(settings, NEW_KEY)  # the key the world was written with is missing
        with pytest.raises(CommandError) as info:
            call_command("rotate_field_keys", stdout=StringIO())
        assert f"enterprises.Enterprise #{old_world.enterprise_a.pk}" in str(info.value)
        assert f"enterprises.Enterprise #{old_world.enterprise_b.pk}" in str(info.value)
        assert "nothing was rotated" in str(info.value)
        assert raw_enterprise(old_world.enterprise_a) == before
        assert not AuditEntry.objects.filter(action="crypto.rotate_field_keys").exists()

    def test_a_value_written_around_the_orm_in_plaintext_gets_encrypted(
        self, old_world: World
    ) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE enterprises_enterprise SET address = %s, contact_phone = %s WHERE id = %s",
                ["x", "13000000000", old_world.enterprise_a.pk],
            )
        call_command("rotate_field_keys", stdout=StringIO())
        assert raw("enterprises_enterprise", "contact_phone", old_world.enterprise_a.pk).startswith(
            "fernet:"
        )
        assert Enterprise.objects.get(pk=old_world.enterprise_a.pk).contact_phone == "13000000000"
