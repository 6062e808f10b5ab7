"""Consent and referrals: only the enterprise consents, names the fields, may revoke; the bank
decides within the product's range; every write is audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxpilot.audit.models import AuditEntry
from dxpilot.finance import services
from dxpilot.finance.models import Referral, ReferralStatus
from dxpilot.finance.rules import shared_values
from dxpilot.finance.selectors import consented_referrals, referral_counts
from dxpilot.finance.tests.factories import (
    bank_client,
    bank_token,
    make_bank,
    make_product,
    product_data,
    refer,
)
from dxpilot.testing import World

pytestmark = pytest.mark.django_db


def test_an_enterprise_consents_to_named_fields_with_the_words_and_time(world: World) -> None:
    bank = make_bank(world, "徽商银行合肥分行")
    product = make_product(world, bank, name="数改贷")
    referral = refer(world, product, fields=("revenue", "identity", "revenue"))
    assert referral.fields == ["identity", "revenue"]  # standard order, once each
    assert "徽商银行合肥分行" in referral.consent_text and "“数改贷”" in referral.consent_text
    assert "营业收入" in referral.consent_text and "联系人" not in referral.consent_text
    assert referral.consented_by == world.enterprise_user and referral.consented_at
    entry = AuditEntry.objects.get(action="finance.consent")
    assert entry.changes["fields"] == [None, ["identity", "revenue"]]
    assert entry.changes["consent_text"] == referral.consent_text


def test_consent_is_explicit_and_every_problem_is_named(world: World) -> None:
    product = make_product(world, make_bank(world))
    with pytest.raises(ValidationError) as caught:
        services.request_referral(
            world.enterprise_a.pk, product.pk, fields=["revenue", "dna"], consent=False,
            actor=world.enterprise_user,
        )  # fmt: skip
    errors = caught.value.message_dict
    assert errors["consent"] == ["请阅读并勾选同意授权声明，未经同意不能向银行提供信息。"]
    assert errors["fields"] == [
        "不认识的信息项：dna。",
        "银行须识别企业，请勾选：企业名称和统一社会信用代码。",
    ]
    assert not Referral.objects.exists()


def test_only_the_enterprise_itself_consents(world: World) -> None:
    product = make_product(world, make_bank(world))
    for actor in (world.city_admin, world.officer_a):
        with pytest.raises(PermissionDenied):
            services.request_referral(
                world.enterprise_a.pk, product.pk, fields=["identity"], consent=True, actor=actor
            )
    with pytest.raises(PermissionDenied):  # its user, another enterprise
        services.request_referral(
            world.enterprise_b.pk, product.pk, fields=["identity"], consent=True,
            actor=world.enterprise_user,
        )  # fmt: skip


def test_one_open_request_per_product_and_none_for_a_product_off_sale(world: World) -> None:
    bank = make_bank(world)
    product = make_product(world, bank)
    refer(world, product)
    with pytest.raises(ValidationError) as caught:
        refer(world, product)
    assert caught.value.message_dict["product"] == [
        f"已申请对接“{product.name}”，正在等待银行处理。"
    ]
    off = make_product(world, bank, is_active=False)
    with pytest.raises(ValidationError) as caught:
        refer(world, off)
    assert caught.value.message_dict["product"] == ["请选择在售的金融产品。"]


def test_revoking_hides_the_referral_from_the_bank(world: World) -> None:
    bank = make_bank(world)
    referral = refer(world, make_product(world, bank))
    assert list(consented_referrals(bank)) == [referral]
    with pytest.raises(PermissionDenied):
        services.revoke_consent(referral.pk, actor=world.city_admin)
    services.revoke_consent(referral.pk, actor=world.enterprise_user)
    assert not consented_referrals(bank).exists()
    assert AuditEntry.objects.filter(action="finance.revoke_consent").count() == 1
    # After revocation the bank cannot decide either.
    bank_token(world, bank)
    with pytest.raises(PermissionDenied):
        services.decide_referral(referral.pk, approved=True, amount=100, actor=bank_client(bank))


def test_the_bank_decides_within_the_products_range(world: World) -> None:
    bank = make_bank(world)
    referral = refer(world, make_product(world, bank))
    bank_token(world, bank)
    client = bank_client(bank)
    with pytest.raises(ValidationError) as caught:
        services.decide_referral(referral.pk, approved=True, amount="5000", actor=client)
    assert caught.value.message_dict["amount"] == [
        "获批额度 5000.00 万元不在产品额度范围 50.00–1000.00 万元内。"
    ]
    with pytest.raises(ValidationError) as caught:
        services.decide_referral(referral.pk, approved=False, reason=" ", actor=client)
    assert caught.value.message_dict["reason"] == ["“未获批原因”不能为空。"]
    done = services.decide_referral(referral.pk, approved=True, amount="300", actor=client)
    assert done.status == ReferralStatus.APPROVED and done.approved_amount == Decimal("300.00")
    with pytest.raises(ValidationError) as caught:
        services.decide_referral(referral.pk, approved=False, reason="重复", actor=client)
    assert caught.value.message_dict["decision"] == ["该对接申请已处理，不能重复处理。"]
    assert AuditEntry.objects.get(action="finance.decide").changes["status"] == [
        "pending",
        "approved",
    ]


def test_another_bank_cannot_decide(world: World) -> None:
    referral = refer(world, make_product(world, make_bank(world)))
    other = make_bank(world)
    bank_token(world, other)
    with pytest.raises(PermissionDenied):
        services.decide_referral(referral.pk, approved=True, amount=100, actor=bank_client(other))
    with pytest.raises(PermissionDenied):
        services.decide_referral(referral.pk, approved=True, amount=100, actor=world.city_admin)


def test_product_ranges_are_checked(world: World) -> None:
    bank = make_bank(world)
    with pytest.raises(ValidationError) as caught:
        services.register_product(
            bank.pk,
            product_data(amount_min="500", amount_max="100", rate_min="4", rate_max="3",
                         term_months=0, conditions=""),
            actor=world.city_admin,
        )  # fmt: skip
    errors = caught.value.message_dict
    assert errors["amount_max"] == ["最高额度不能低于最低额度。"]
    assert errors["rate_max"] == ["最高年利率不能低于最低年利率。"]
    assert errors["term_months"] == ["“最长期限（月）”不能小于 1。"]
    assert errors["conditions"] == ["“申请条件”不能为空。"]
    with pytest.raises(PermissionDenied):
        services.register_product(bank.pk, product_data(), actor=world.officer_a)


def test_shared_values_hold_only_the_consented_fields(world: World) -> None:
    values = shared_values(world.enterprise_a, ["revenue"])
    assert set(values) == {"credit_code", "name", "revenue"}
    full = shared_values(world.enterprise_a, ["contact", "size"])
    assert full["contact_phone"] == "13812345678" and "revenue" not in full


def test_counts_follow_the_officials_scope(world: World) -> None:
    bank = make_bank(world)
    referral = refer(world, make_product(world, bank))
    bank_token(world, bank)
    services.decide_referral(referral.pk, approved=True, amount=200, actor=bank_client(bank))
    city = referral_counts(world.city_admin)
    assert (city.total, city.approved, city.approved_amount) == (1, 1, Decimal("200.00"))
    assert referral_counts(world.officer_b).total == 0  # enterprise_a is in division A
    assert referral_counts(world.officer_a).total == 1
