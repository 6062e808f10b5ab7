"""Login: lockout after repeated failures (django-axes), session expiry, password rules, hashing."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from dxpilot.accounts.models import Role, User
from dxpilot.accounts.services import create_user
from dxpilot.audit.models import AuditEntry
from dxpilot.testing import PASSWORD, REPO, World, client_for

LOCKED = "登录失败次数过多，账号已临时锁定"


def attempt(client: Client, username: str, password: str, **extra: str) -> object:
    return client.post("/accounts/login/", {"username": username, "password": password, **extra})


class TestLogin:
    def test_it_works(self, world: World) -> None:
        client = Client()
        response = attempt(client, "bob", PASSWORD)
        assert response.status_code == 302  # type: ignore[attr-defined]
        assert response["Location"] == "/"  # type: ignore[index]
        assert client.session["_auth_user_id"] == str(world.officer_a.pk)

    def test_a_wrong_password_is_refused_in_chinese(self, world: World) -> None:
        response = attempt(Client(), "bob", "wrong-password-1")
        assert response.status_code == 200  # type: ignore[attr-defined]
        assert "用户名或密码不正确" in response.content.decode()  # type: ignore[attr-defined]

    def test_login_and_failures_are_audited_with_the_address(self, world: World) -> None:
        client = Client(REMOTE_ADDR="203.0.113.9")
        attempt(client, "bob", "wrong-password-1")
        attempt(client, "bob", PASSWORD)
        failed = AuditEntry.objects.get(action="auth.login_failed")
        assert failed.object_label == "bob"
        assert failed.ip == "203.0.113.9"
        login = AuditEntry.objects.filter(action="auth.login").latest("seq")
        assert login.actor_id == world.officer_a.pk
        assert login.ip == "203.0.113.9"

    def test_logout_requires_post(self, world: World) -> None:
        client = client_for(world.officer_a)
        assert client.get("/accounts/logout/").status_code == 405
        assert client.post("/accounts/logout/").status_code == 302
        assert "_auth_user_id" not in client.session


class TestLockout:
    def test_five_failures_lock_the_account_even_for_the_right_password(self, world: World) -> None:
        client = Client(REMOTE_ADDR="198.51.100.7")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, "bob", "wrong-password-1")
        response = attempt(client, "bob", PASSWORD)
        assert response.status_code == 429  # type: ignore[attr-defined]
        assert LOCKED in response.content.decode()  # type: ignore[attr-defined]
        assert "_auth_user_id" not in client.session
        assert AuditEntry.objects.filter(action="auth.locked_out", object_label="bob").exists()

    def test_four_failures_do_not_lock(self, world: World) -> None:
        client = Client(REMOTE_ADDR="198.51.100.7")
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            attempt(client, "bob", "wrong-password-1")
        assert attempt(client, "bob", PASSWORD).status_code == 302  # type: ignore[attr-defined]

    def test_the_lock_holds_for_the_same_user_and_address_only(self, world: World) -> None:
        client = Client(REMOTE_ADDR="198.51.100.7")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, "bob", "wrong-password-1")
        assert attempt(Client(REMOTE_ADDR="198.51.100.7"), "carol", PASSWORD).status_code == 302  # type: ignore[attr-defined]
        assert attempt(Client(REMOTE_ADDR="192.0.2.1"), "bob", PASSWORD).status_code == 302  # type: ignore[attr-defined]

    def test_the_lock_expires_after_the_cool_off(self, world: World) -> None:
        client = Client(REMOTE_ADDR="198.51.100.7")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, "bob", "wrong-password-1")
        later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
        with time_machine.travel(later):
            assert attempt(client, "bob", PASSWORD).status_code == 302  # type: ignore[attr-defined]


class TestSessionExpiry:
    def test_sessions_expire_after_thirty_idle_minutes_and_slide(self) -> None:
        assert settings.SESSION_COOKIE_AGE == 30 * 60
        assert settings.SESSION_SAVE_EVERY_REQUEST is True
        assert settings.SESSION_COOKIE_HTTPONLY is True

    def test_an_active_session_slides_and_an_idle_one_ends(self, world: World) -> None:
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            client = client_for(world.officer_a)
        with time_machine.travel(start + timedelta(minutes=20), tick=False):
            assert client.get("/enterprises/").status_code == 200
        with time_machine.travel(start + timedelta(minutes=45), tick=False):
            assert client.get("/enterprises/").status_code == 200  # 25 idle minutes
        with time_machine.travel(start + timedelta(minutes=80), tick=False):
            response = client.get("/enterprises/")  # 35 idle minutes
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/")


class TestPasswordRules:
    @pytest.mark.parametrize(
        ("password", "message"),
        [
            ("Ab1cd", "密码太短，至少需要 10 个字符。"),
            ("20240528123456", "密码只包含数字。"),
            ("20240528123456", "密码必须同时包含字母和数字。"),
            ("onlyletterspassword", "密码必须同时包含字母和数字。"),
            ("password123", "这个密码太常见了。"),
            ("zhangsanfeng1", "密码跟 用户名 太相似了。"),
        ],
    )
    def test_weak_passwords_are_refused_with_chinese_messages(
        self, db: None, password: str, message: str
    ) -> None:
        with pytest.raises(ValidationError) as info:
            create_user(
                actor=None, username="zhangsanfeng1", password=password, role=Role.CITY_ADMIN
            )
        assert message in info.value.message_dict["password"]
        assert not User.objects.filter(username="zhangsanfeng1").exists()

    def test_a_strong_password_is_accepted(self, db: None) -> None:
        user = create_user(
            actor=None, username="newadmin", password="Hefei-pilot-2025", role=Role.CITY_ADMIN
        )
        assert user.check_password("Hefei-pilot-2025")

    def test_every_problem_is_listed_at_once(self, db: None) -> None:
        with pytest.raises(ValidationError) as info:
            create_user(actor=None, username="x", password="123", role=Role.ENTERPRISE)
        errors = info.value.message_dict
        assert errors["enterprise"] == ["企业用户必须绑定企业。"]
        assert "密码太短，至少需要 10 个字符。" in errors["password"]
        assert "密码必须同时包含字母和数字。" in errors["password"]


class TestHashing:
    def test_tests_use_md5_for_speed_but_keep_argon2_configured(self) -> None:
        assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")
        assert "django.contrib.auth.hashers.Argon2PasswordHasher" in settings.PASSWORD_HASHERS

    def test_outside_tests_argon2_is_the_first_hasher(self) -> None:
        # A fresh interpreter without pytest loaded reads settings as a deployment does.
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "dxpilot.settings",
            "DXPILOT_DEBUG": "true",
            "DXPILOT_TESTING": "false",
        }
        code = (
            "import django; django.setup();"
            "from django.conf import settings;"
            "from django.contrib.auth.hashers import make_password;"
            "print(settings.PASSWORD_HASHERS[0]);"
            "print(make_password('Hefei-pilot-2025').split('$')[0])"
        )
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "-c", code],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        first, algorithm = result.stdout.split()
        assert first == "django.contrib.auth.hashers.Argon2PasswordHasher"
        assert algorithm == "argon2"
