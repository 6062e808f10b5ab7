"""API authentication: bearer tokens with named scopes, acting with their owner's data scope."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from dxpilot.accounts.models import ApiToken
from dxpilot.accounts.services import revoke_api_token
from dxpilot.enterprises.models import Enterprise
from dxpilot.testing import World, bearer, client_for, enterprise_data, issue_token, valid_code

READ = ApiToken.Scope.ENTERPRISES_READ


def get(path: str, secret: str | None = None) -> object:
    headers = bearer(secret) if secret else {}
    return Client().get(path, **headers)


class TestWithoutAValidToken:
    def test_no_token_gets_401_in_chinese(self, world: World) -> None:
        response = get("/api/v1/enterprises")
        assert response.status_code == 401  # type: ignore[attr-defined]
        assert response.json() == {"detail": "需要有效的接口令牌或登录会话。"}  # type: ignore[attr-defined]

    def test_an_unknown_token_gets_401(self, world: World) -> None:
        assert get("/api/v1/enterprises", "dxp_00000000_not-a-token").status_code == 401  # type: ignore[attr-defined]

    def test_a_revoked_token_gets_401(self, world: World) -> None:
        secret = issue_token(world.city_admin, [READ])
        token = ApiToken.objects.get(token_hash=ApiToken.hash(secret))
        assert get("/api/v1/enterprises", secret).status_code == 200  # type: ignore[attr-defined]
        revoke_api_token(token.pk, actor=world.city_admin)
        assert get("/api/v1/enterprises", secret).status_code == 401  # type: ignore[attr-defined]

    def test_an_expired_token_gets_401(self, world: World) -> None:
        expires = timezone.now() + timedelta(days=1)
        secret = issue_token(world.city_admin, [READ], expires_at=expires)
        assert get("/api/v1/enterprises", secret).status_code == 200  # type: ignore[attr-defined]
        with time_machine.travel(expires + timedelta(seconds=1)):
            assert get("/api/v1/enterprises", secret).status_code == 401  # type: ignore[attr-defined]

    def test_a_token_of_a_deactivated_user_gets_401(self, world: World) -> None:
        secret = issue_token(world.officer_a, [READ], actor=world.city_admin)
        world.officer_a.is_active = False
        world.officer_a.save(update_fields=["is_active"])
        assert get("/api/v1/enterprises", secret).status_code == 401  # type: ignore[attr-defined]


class TestScopes:
    def test_a_token_without_the_read_scope_gets_403(self, world: World) -> None:
        secret = issue_token(world.city_admin, [ApiToken.Scope.PROGRAM_READ])
        response = get("/api/v1/enterprises", secret)
        assert response.status_code == 403  # type: ignore[attr-defined]
        assert response.json() == {"detail": "令牌没有“enterprises:read”权限范围。"}  # type: ignore[attr-defined]
        assert get(f"/api/v1/enterprises/{world.enterprise_a.pk}", secret).status_code == 403  # type: ignore[attr-defined]
        assert get("/api/v1/program", secret).status_code == 200  # type: ignore[attr-defined]

    def test_a_read_only_token_cannot_write(self, world: World) -> None:
        secret = issue_token(world.city_admin, [READ])
        payload = asdict(enterprise_data(valid_code("91340104MA2TEQ009"), "340104"))
        payload["revenue"] = str(payload["revenue"])
        for method, path in (
            ("post", "/api/v1/enterprises"),
            ("put", f"/api/v1/enterprises/by-credit-code/{payload['credit_code']}"),
        ):
            response = getattr(Client(), method)(
                path, data=payload, content_type="application/json", **bearer(secret)
            )
            assert response.status_code == 403, method
            assert response.json() == {"detail": "令牌没有“enterprises:write”权限范围。"}
        assert Enterprise.objects.count() == 2

    def test_a_token_acts_with_its_owners_data_scope(self, world: World) -> None:
        secret = issue_token(world.officer_a, [READ], actor=world.city_admin)
        items = get("/api/v1/enterprises", secret).json()["items"]  # type: ignore[attr-defined]
        assert [item["id"] for item in items] == [world.enterprise_a.pk]
        assert get(f"/api/v1/enterprises/{world.enterprise_b.pk}", secret).status_code == 404  # type: ignore[attr-defined]
        admin = issue_token(world.city_admin, [READ])
        assert get("/api/v1/enterprises", admin).json()["count"] == 2  # type: ignore[attr-defined]

    def test_a_token_records_when_it_was_last_used(self, world: World) -> None:
        secret = issue_token(world.city_admin, [READ])
        get("/api/v1/enterprises", secret)
        assert ApiToken.objects.get(token_hash=ApiToken.hash(secret)).last_used_at is not None


class TestTokensPage:
    def issue(self, world: World, client: Client) -> object:
        return client.post(
            "/accounts/tokens/",
            {
                "name": "区县平台",
                "owner": world.officer_a.pk,
                "scopes": [READ, ApiToken.Scope.PROGRAM_READ],
            },
        )

    def test_issuing_shows_the_secret_once_and_stores_only_its_hash(self, world: World) -> None:
        client = client_for(world.city_admin)
        posted = self.issue(world, client)
        assert posted.status_code == 302  # redirect after POST: a reload cannot issue another
        response = client.get("/accounts/tokens/")
        secret = response.context["secret"]  # type: ignore[attr-defined]
        assert secret.startswith("dxp_")
        assert secret in response.content.decode()  # type: ignore[attr-defined]
        token = ApiToken.objects.get()
        assert token.token_hash == ApiToken.hash(secret)
        assert secret not in {token.name, token.prefix, token.token_hash}
        assert token.user == world.officer_a
        assert sorted(token.scopes) == ["enterprises:read", "program:read"]
        again = client.get("/accounts/tokens/")
        assert secret not in again.content.decode()
        assert get("/api/v1/enterprises", secret).json()["count"] == 1  # type: ignore[attr-defined]

    def test_a_token_without_scopes_is_refused_next_to_the_field(self, world: World) -> None:
        response = client_for(world.city_admin).post(
            "/accounts/tokens/", {"name": "x", "owner": world.officer_a.pk}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["scopes"]
        assert not ApiToken.objects.exists()

    def test_an_expiry_in_the_past_is_refused_in_chinese(self, world: World) -> None:
        response = client_for(world.city_admin).post(
            "/accounts/tokens/",
            {
                "name": "x",
                "owner": world.officer_a.pk,
                "scopes": [READ],
                "expires_at": "2020-01-01 00:00",
            },
        )
        assert response.context["form"].errors["expires_at"] == ["过期时间必须晚于现在。"]
        assert not ApiToken.objects.exists()

    def test_revoking_through_the_page_ends_the_token(self, world: World) -> None:
        client = client_for(world.city_admin)
        self.issue(world, client)
        secret = client.get("/accounts/tokens/").context["secret"]
        token = ApiToken.objects.get()
        response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
        assert response.status_code == 302
        token.refresh_from_db()
        assert token.revoked_at is not None
        assert get("/api/v1/enterprises", secret).status_code == 401  # type: ignore[attr-defined]

    def test_only_the_city_admin_may_revoke(self, world: World) -> None:
        secret = issue_token(world.officer_a, [READ], actor=world.city_admin)
        token = ApiToken.objects.get(token_hash=ApiToken.hash(secret))
        response = client_for(world.officer_a).post(f"/accounts/tokens/{token.pk}/revoke/")
        assert response.status_code == 403
        token.refresh_from_db()
        assert token.revoked_at is None

    def test_revoking_an_unknown_token_gives_404(self, world: World) -> None:
        assert client_for(world.city_admin).post("/accounts/tokens/9999/revoke/").status_code == 404

    def test_enterprise_users_cannot_own_tokens(self, world: World) -> None:
        response = client_for(world.city_admin).post(
            "/accounts/tokens/",
            {"name": "x", "owner": world.enterprise_user.pk, "scopes": [READ]},
        )
        assert response.context["form"].errors["owner"]
        assert not ApiToken.objects.exists()
