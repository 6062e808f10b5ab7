"""数改贷 pages: products for everyone, the consent form for the enterprise itself, its list with
revocation, the officials' bank page and the dashboard tile."""

from __future__ import annotations

from typing import Any

import pytest

from dxpilot.audit.models import AuditEntry
from dxpilot.finance.models import Bank, Referral
from dxpilot.finance.tests.factories import make_bank, make_product, refer
from dxpilot.testing import World, client_for

pytestmark = pytest.mark.django_db


def test_products_are_listed_for_visitors_with_the_request_button_for_enterprises(
    world: World,
) -> None:
    product = make_product(world, make_bank(world, "徽商银行合肥分行"), name="数改贷")
    public = client_for(None).get("/finance/").content.decode()
    assert "徽商银行合肥分行" in public and f"/finance/products/{product.pk}/refer/" not in public
    own = client_for(world.enterprise_user).get("/finance/").content.decode()
    assert f"/finance/products/{product.pk}/refer/" in own


def test_the_enterprise_consents_through_the_form(world: World) -> None:
    product = make_product(world, make_bank(world))
    client = client_for(world.enterprise_user)
    page = client.get(f"/finance/products/{product.pk}/refer/")
    assert page.status_code == 200 and "授权声明" in page.content.decode()
    refused = client.post(f"/finance/products/{product.pk}/refer/", {"fields_": ["identity"]})
    assert refused.status_code == 200
    assert "请阅读并勾选同意授权声明" in refused.content.decode()
    assert not Referral.objects.exists()
    done = client.post(
        f"/finance/products/{product.pk}/refer/",
        {"fields_": ["identity", "size"], "consent": "on"},
    )
    assert done.status_code == 302 and done["Location"] == "/finance/mine/"
    referral = Referral.objects.get()
    assert referral.fields == ["identity", "size"]
    mine = client.get("/finance/mine/").content.decode()
    assert referral.consent_text in mine


def test_the_enterprise_revokes_its_consent(world: World) -> None:
    referral = refer(world, make_product(world, make_bank(world)))
    client = client_for(world.enterprise_user)
    assert client.get(f"/finance/referrals/{referral.pk}/revoke/").status_code == 405
    assert client.post(f"/finance/referrals/{referral.pk}/revoke/").status_code == 302
    referral.refresh_from_db()
    assert referral.revoked_at is not None
    # Another enterprise's user (or an official) gets the 404 of a referral that does not exist.
    assert (
        client_for(world.city_admin).post(f"/finance/referrals/{referral.pk}/revoke/").status_code
        == 404
    )


@pytest.mark.parametrize("persona", ["city_admin", "officer_a", "provider_user", None])
def test_only_enterprises_ask_for_referrals(world: World, persona: str | None) -> None:
    product = make_product(world, make_bank(world))
    user = getattr(world, persona) if persona else None
    response = client_for(user).get(f"/finance/products/{product.pk}/refer/")
    assert response.status_code == (302 if user is None else 403)


def test_officials_see_banks_and_counts_and_the_city_issues_a_token(world: World) -> None:
    bank = make_bank(world, "合肥科技农村商业银行")
    refer(world, make_product(world, bank))
    city = client_for(world.city_admin)
    page = city.get("/finance/banks/").content.decode()
    assert "合肥科技农村商业银行" in page
    issued = city.post(f"/finance/banks/{bank.pk}/token/", follow=True).content.decode()
    assert 'id="bank-token"' in issued and "dxp_" in issued
    bank.refresh_from_db()
    assert bank.client is not None and not bank.client.has_usable_password()
    assert city.post("/finance/banks/", {"name": "新银行"}).status_code == 302
    assert Bank.objects.filter(name="新银行").exists()
    assert AuditEntry.objects.filter(action="finance.register_bank").count() == 2
    officer = client_for(world.officer_a)
    assert officer.get("/finance/banks/").status_code == 200
    assert officer.post("/finance/banks/", {"name": "另一家"}).status_code == 403
    assert officer.post(f"/finance/banks/{bank.pk}/token/").status_code == 403
    assert client_for(world.enterprise_user).get("/finance/banks/").status_code == 403


def test_the_city_home_shows_the_referral_tile(world: World) -> None:
    refer(world, make_product(world, make_bank(world)))
    body = client_for(world.city_admin).get("/").content.decode()
    assert 'id="finance-tile"' in body and "数改贷对接申请" in body


def test_the_bank_page_costs_constant_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.city_admin)
    make_bank(world)
    with django_assert_max_num_queries(12) as small:
        client.get("/finance/banks/")
    for _n in range(6):
        refer(world, make_product(world, make_bank(world)))
    with django_assert_max_num_queries(12) as large:
        client.get("/finance/banks/")
    assert len(small.captured_queries) == len(large.captured_queries)
