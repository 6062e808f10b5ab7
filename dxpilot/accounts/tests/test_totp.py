"""Optional TOTP for officials: enabling, logging in with the second factor, the required mode."""

from __future__ import annotations

import time

import pyotp
from django.test import Client

from dxpilot.accounts.models import User
from dxpilot.accounts.services import enable_totp, new_totp_secret
from dxpilot.audit.models import AuditEntry
from dxpilot.testing import PASSWORD, World, client_for

WRONG_CODE = "动态口令不正确，请查看验证器应用中的6位数字后重试。"


def wrong_code(secret: str) -> str:
    """A 6-digit code that is valid in none of the accepted windows (now ± 30 s)."""
    totp, now = pyotp.TOTP(secret), time.time()
    accepted = {totp.at(now + step * 30) for step in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in accepted)


def enabled(user: User) -> str:
    secret = new_totp_secret()
    enable_totp(user, secret=secret, code=pyotp.TOTP(secret).now(), actor=user)
    return secret


class TestEnablingTotp:
    def test_the_security_page_offers_a_secret(self, world: World) -> None:
        response = client_for(world.officer_a).get("/accounts/security/")
        assert response.status_code == 200
        assert response.context["secret"]
        assert response.context["otpauth_uri"].startswith("otpauth://totp/")

    def test_a_wrong_code_is_refused_next_to_the_field(self, world: World) -> None:
        client = client_for(world.officer_a)
        secret = client.get("/accounts/security/").context["secret"]
        response = client.post("/accounts/security/", {"code": wrong_code(secret)})
        assert response.status_code == 200
        assert response.context["form"].errors["code"] == [WRONG_CODE]
        assert 'id="id_code_error"' in response.content.decode()
        world.officer_a.refresh_from_db()
        assert world.officer_a.totp_enabled is False

    def test_the_right_code_enables_it_and_is_audited(self, world: World) -> None:
        client = client_for(world.officer_a, REMOTE_ADDR="10.0.0.5")
        secret = client.get("/accounts/security/").context["secret"]
        response = client.post("/accounts/security/", {"code": pyotp.TOTP(secret).now()})
        assert response.status_code == 302
        user = User.objects.get(pk=world.officer_a.pk)
        assert user.totp_enabled is True
        assert user.totp_secret == secret
        entry = AuditEntry.objects.get(action="user.enable_totp")
        assert entry.changes == {"totp_enabled": [False, True]}
        assert entry.ip == "10.0.0.5"
        assert secret not in str(entry.changes)

    def test_the_pending_secret_survives_a_failed_attempt(self, world: World) -> None:
        client = client_for(world.officer_a)
        secret = client.get("/accounts/security/").context["secret"]
        client.post("/accounts/security/", {"code": wrong_code(secret)})
        assert client.get("/accounts/security/").context["secret"] == secret

    def test_it_can_be_disabled_with_a_current_code(self, world: World) -> None:
        secret = enabled(world.officer_a)
        client = client_for(world.officer_a)
        assert client.post("/accounts/security/", {"code": wrong_code(secret)}).status_code == 200
        assert User.objects.get(pk=world.officer_a.pk).totp_enabled is True
        client.post("/accounts/security/", {"code": pyotp.TOTP(secret).now()})
        assert User.objects.get(pk=world.officer_a.pk).totp_enabled is False


class TestLoginWithTotp:
    def login(self, otp: str | None) -> Client:
        client = Client()
        data = {"username": "bob", "password": PASSWORD}
        if otp is not None:
            data["otp"] = otp
        self.response = client.post("/accounts/login/", data)
        return client

    def test_without_a_code_it_fails(self, world: World) -> None:
        enabled(world.officer_a)
        client = self.login(None)
        assert self.response.status_code == 200
        assert "动态口令不正确或缺失。" in self.response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_with_a_wrong_code_it_fails_and_counts_as_a_failure(self, world: World) -> None:
        secret = enabled(world.officer_a)
        client = self.login(wrong_code(secret))
        assert "_auth_user_id" not in client.session
        assert AuditEntry.objects.filter(action="auth.login_failed", object_label="bob").exists()

    def test_with_the_right_code_it_works(self, world: World) -> None:
        secret = enabled(world.officer_a)
        client = self.login(pyotp.TOTP(secret).now())
        assert self.response.status_code == 302
        assert client.session["_auth_user_id"] == str(world.officer_a.pk)

    def test_users_without_totp_log_in_without_a_code(self, world: World) -> None:
        client = self.login(None)
        assert client.session["_auth_user_id"] == str(world.officer_a.pk)


class TestOtpRequiredForOfficials:
    def test_officials_without_totp_are_sent_to_the_security_page(
        self, world: World, settings: object
    ) -> None:
        settings.OTP_REQUIRED_FOR_OFFICIALS = True  # type: ignore[attr-defined]
        for user in (world.city_admin, world.officer_a, world.finance):
            response = client_for(user).get("/enterprises/")
            assert response.status_code == 302, user.username
            assert response["Location"] == "/accounts/security/"

    def test_the_security_page_itself_and_logout_stay_open(
        self, world: World, settings: object
    ) -> None:
        settings.OTP_REQUIRED_FOR_OFFICIALS = True  # type: ignore[attr-defined]
        client = client_for(world.officer_a)
        response = client.get("/accounts/security/")
        assert response.status_code == 200
        assert "本平台要求工作人员启用动态口令后才能继续使用。" in response.content.decode()
        assert client.get("/healthz").status_code == 200
        assert client.post("/accounts/logout/").status_code == 302

    def test_officials_with_totp_and_non_officials_pass(
        self, world: World, settings: object
    ) -> None:
        settings.OTP_REQUIRED_FOR_OFFICIALS = True  # type: ignore[attr-defined]
        enabled(world.officer_a)
        assert client_for(world.officer_a).get("/enterprises/").status_code == 200
        for user in (world.enterprise_user, world.provider_user, world.assessor):
            assert client_for(user).get("/").status_code == 200, user.username

    def test_by_default_totp_is_optional(self, world: World) -> None:
        assert client_for(world.officer_a).get("/enterprises/").status_code == 200
