"""/api/v1/finance: a bank reads, with its own token, only the enterprises that consented and
only the consented fields (every read audited); anything else is the 404 of an unknown code."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from dxpilot.audit.models import AuditEntry
from dxpilot.finance import services
from dxpilot.finance.models import Bank, FinanceProduct
from dxpilot.finance.tests.factories import bank_client, bank_token, make_bank, make_product, refer
from dxpilot.testing import World, bearer, client_for, issue_token

pytestmark = pytest.mark.django_db
BASE = "/api/v1/finance"


def get(secret: str, path: str) -> Any:
    return Client().get(BASE + path, **bearer(secret))


def post(secret: str, path: str, body: dict[str, Any]) -> Any:
    return Client().post(
        BASE + path, json.dumps(body), content_type="application/json", **bearer(secret)
    )


@pytest.fixture
def bank(world: World) -> Bank:
    return make_bank(world, "合肥科技农村商业银行")


@pytest.fixture
def product(world: World, bank: Bank) -> FinanceProduct:
    return make_product(world, bank, name="数改贷")


def test_products_on_sale_are_public(world: World, product: FinanceProduct) -> None:
    make_product(world, product.bank, name="停售产品", is_active=False)
    response = Client().get(BASE + "/products")
    assert response.status_code == 200
    assert [p["name"] for p in response.json()] == ["数改贷"]
    # The bank's own token also lists its products off sale.
    mine = get(bank_token(world, product.bank), "/products").json()
    assert sorted(p["name"] for p in mine) == ["停售产品", "数改贷"]


def test_a_bank_registers_a_product_with_its_token(world: World, bank: Bank) -> None:
    secret = bank_token(world, bank)
    body = {"name": "科技贷", "amount_min": "10", "amount_max": "500", "rate_min": "3.1",
            "rate_max": "3.9", "term_months": 24, "conditions": "试点企业"}  # fmt: skip
    response = post(secret, "/products", body)
    assert response.status_code == 201, response.content
    assert response.json()["bank"] == bank.name
    refused = post(secret, "/products", {**body, "name": "坏产品", "amount_max": "1"})
    assert refused.status_code == 400
    assert FinanceProduct.objects.filter(bank=bank).count() == 1


def test_the_bank_sees_only_consented_referrals_and_fields(
    world: World, product: FinanceProduct
) -> None:
    refer(world, product, fields=("identity", "revenue"))
    secret = bank_token(world, product.bank)
    response = get(secret, "/referrals")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["fields"] == ["identity", "revenue"]
    assert set(item["enterprise"]) == {"credit_code", "name", "revenue"}
    assert item["enterprise"]["credit_code"] == world.enterprise_a.credit_code
    assert "营业收入" in item["consent_text"]
    read = AuditEntry.objects.get(action="finance.bank_read")
    assert read.kind == "read" and read.changes["fields"] == ["identity", "revenue"]


def test_an_enterprise_that_did_not_consent_is_refused(
    world: World, product: FinanceProduct
) -> None:
    refer(world, product)
    secret = bank_token(world, product.bank)
    ok = get(secret, f"/enterprises/{world.enterprise_a.credit_code.lower()}")
    assert ok.status_code == 200 and ok.json()["fields"] == ["identity", "revenue"]
    stranger = get(secret, f"/enterprises/{world.enterprise_b.credit_code}")
    missing = get(secret, "/enterprises/91340100MA2NOSUCH1")
    assert stranger.status_code == missing.status_code == 404
    assert stranger.json() == missing.json() == {"detail": "没有找到该企业，或您无权查看。"}


def test_another_banks_token_sees_nothing(world: World, product: FinanceProduct) -> None:
    referral = refer(world, product)
    other = bank_token(world, make_bank(world, "另一家银行"))
    assert get(other, "/referrals").json()["count"] == 0
    assert get(other, f"/referrals/{referral.pk}").status_code == 404
    assert get(other, f"/enterprises/{world.enterprise_a.credit_code}").status_code == 404
    decided = post(
        other, f"/referrals/{referral.pk}/decision", {"decision": "approved", "amount": 100}
    )
    assert decided.status_code == 404


def test_a_revoked_consent_is_refused(world: World, product: FinanceProduct) -> None:
    referral = refer(world, product)
    secret = bank_token(world, product.bank)
    services.revoke_consent(referral.pk, actor=world.enterprise_user)
    assert get(secret, f"/referrals/{referral.pk}").status_code == 404
    assert get(secret, f"/enterprises/{world.enterprise_a.credit_code}").status_code == 404
    assert get(secret, "/referrals").json()["count"] == 0
    body = {"decision": "approved", "amount": 100}
    assert post(secret, f"/referrals/{referral.pk}/decision", body).status_code == 404


def test_the_bank_records_its_decision(world: World, product: FinanceProduct) -> None:
    referral = refer(world, product)
    secret = bank_token(world, product.bank)
    bad = post(secret, f"/referrals/{referral.pk}/decision", {"decision": "declined"})
    assert bad.status_code == 400
    assert "未获批原因" in json.dumps(bad.json(), ensure_ascii=False)
    done = post(
        secret,
        f"/referrals/{referral.pk}/decision",
        {"decision": "declined", "reason": "负债率偏高"},
    )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "declined" and done.json()["decline_reason"] == "负债率偏高"


def test_scopes_and_roles_are_enforced(world: World, product: FinanceProduct) -> None:
    refer(world, product)
    bank_token(world, product.bank)
    read_only = issue_token(bank_client(product.bank), ["finance:read"], actor=world.city_admin)
    assert get(read_only, "/referrals").status_code == 200
    body = {"decision": "approved", "amount": 100}
    assert post(read_only, "/referrals/1/decision", body).status_code == 403
    no_scope = issue_token(bank_client(product.bank), ["program:read"], actor=world.city_admin)
    assert get(no_scope, "/referrals").status_code == 403
    # An official's session is not a bank: the bank endpoints refuse it.
    assert client_for(world.city_admin).get(BASE + "/referrals").status_code == 403
    assert Client().get(BASE + "/referrals").status_code == 401


def test_the_referral_list_costs_constant_queries(
    world: World, bank: Bank, django_assert_max_num_queries: Any
) -> None:
    secret = bank_token(world, bank)

    def add(n: int) -> None:
        for _n in range(n):
            services.request_referral(
                world.enterprise_a.pk, make_product(world, bank).pk,
                fields=["identity", "contact", "location"], consent=True,
                actor=world.enterprise_user,
            )  # fmt: skip

    get(secret, "/products")  # the token's first use records its time once
    add(2)
    with django_assert_max_num_queries(12) as small:
        assert get(secret, "/referrals").json()["count"] == 2
    add(8)
    with django_assert_max_num_queries(12) as large:
        assert get(secret, "/referrals").json()["count"] == 10
    assert len(small.captured_queries) == len(large.captured_queries)


def test_a_bank_updates_only_its_own_products(world: World, product: FinanceProduct) -> None:
    secret = bank_token(world, product.bank)
    body = {"name": "数改贷", "amount_min": "50", "amount_max": "800", "rate_min": "2.8",
            "rate_max": "3.2", "term_months": 36, "conditions": "试点企业", "is_active": False}  # fmt: skip
    response = Client().put(
        f"{BASE}/products/{product.pk}", json.dumps(body), content_type="application/json",
        **bearer(secret),
    )  # fmt: skip
    assert response.status_code == 200, response.content
    product.refresh_from_db()
    assert product.amount_max == 800 and not product.is_active
    assert AuditEntry.objects.get(action="finance.update_product").changes["is_active"] == [
        True,
        False,
    ]
    other = bank_token(world, make_bank(world, "别家银行"))
    refused = Client().put(
        f"{BASE}/products/{product.pk}", json.dumps(body), content_type="application/json",
        **bearer(other),
    )  # fmt: skip
    assert refused.status_code == 404
    # Off sale: the public no longer sees it.
    assert Client().get(f"{BASE}/products/{product.pk}").status_code == 404
