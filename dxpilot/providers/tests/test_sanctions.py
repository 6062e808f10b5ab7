"""Dynamic management: warnings, suspension, removal, appeals, the yearly evaluation, ratings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxpilot.audit.models import AuditEntry
from dxpilot.providers import services
from dxpilot.providers.models import Provider, ProviderDecision, ProviderEvaluation, ProviderRating
from dxpilot.providers.selectors import decision_rows
from dxpilot.providers.tests.factories import applied_provider, approved_provider
from dxpilot.testing import World

pytestmark = pytest.mark.django_db


def state(provider: Provider) -> tuple[Any, ...]:
    provider.refresh_from_db()
    return (
        provider.status,
        provider.revision,
        provider.decisions.count(),
        AuditEntry.objects.count(),
    )


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [m for ms in exc.value.message_dict.values() for m in ms]


def test_each_sanction_is_a_decision_with_reasons_on_record(world: World) -> None:
    provider, _user = approved_provider(world)
    services.warn_provider(
        provider.pk, actor=world.city_admin, reasons="未按时报送项目进度，限期一个月整改。"
    )
    services.suspend_provider(provider.pk, actor=world.city_admin, reasons="整改逾期。")
    services.reinstate_provider(provider.pk, actor=world.city_admin, reasons="已完成整改。")
    services.remove_provider(
        provider.pk, actor=world.city_admin, reasons="转包项目，违反服务规范。"
    )
    provider.refresh_from_db()
    assert provider.status == Provider.Status.REMOVED
    rows = [
        (r.decision.kind, r.decision.from_status, r.decision.to_status)
        for r in decision_rows(provider)
    ]
    assert rows[:4] == [("remove", "approved", "removed"), ("reinstate", "suspended", "approved"),
                        ("suspend", "approved", "suspended"), ("warn", "approved", "approved")]  # fmt: skip
    actions = set(
        AuditEntry.objects.filter(object_id=str(provider.pk)).values_list("action", flat=True)
    )
    assert {"provider.warn", "provider.suspend", "provider.reinstate", "provider.remove"} <= actions


def test_sanctions_are_refused_without_reasons_or_in_the_wrong_state(world: World) -> None:
    provider, _user = approved_provider(world)
    applied, _u = applied_provider(world)
    before = state(provider)
    with pytest.raises(ValidationError) as exc:
        services.suspend_provider(provider.pk, actor=world.city_admin, reasons="")
    assert messages(exc) == ["请填写理由。"]
    with pytest.raises(ValidationError) as exc:
        services.reinstate_provider(provider.pk, actor=world.city_admin, reasons="无")
    assert messages(exc) == [f"服务商“{provider.name}”当前状态为“已入库”，不能恢复资格。"]
    with pytest.raises(ValidationError) as exc:
        services.warn_provider(applied.pk, actor=world.city_admin, reasons="提醒")
    assert messages(exc) == [f"服务商“{applied.name}”当前状态为“待审核”，不能警告。"]
    with pytest.raises(PermissionDenied):
        services.remove_provider(provider.pk, actor=world.officer_a, reasons="越权")
    assert state(provider) == before


def test_a_removal_appealed_and_upheld_restores_the_provider(world: World) -> None:
    provider, user = approved_provider(world)
    removal = services.remove_provider(provider.pk, actor=world.city_admin, reasons="投诉三次。")
    appeal = services.appeal_decision(
        removal.pk, actor=user, reasons="投诉已查明不实，附调查结论。"
    )
    with pytest.raises(ValidationError) as exc:
        services.appeal_decision(removal.pk, actor=user, reasons="再次申诉")
    assert messages(exc) == ["该决定已提出过申诉，不能重复申诉。"]
    services.decide_appeal(
        appeal.pk, actor=world.city_admin, upheld=True, reasons="经复核投诉不实。"
    )
    provider.refresh_from_db()
    assert provider.status == Provider.Status.APPROVED
    row = next(r for r in decision_rows(provider) if r.decision.pk == removal.pk)
    assert row.appeal == appeal and row.outcome is not None and row.annulled
    with pytest.raises(ValidationError) as exc:
        services.decide_appeal(appeal.pk, actor=world.city_admin, upheld=False, reasons="重复处理")
    assert messages(exc) == ["该申诉已处理。"]


def test_an_upheld_removal_appeal_still_respects_the_quota(world: World) -> None:
    provider, user = approved_provider(world)
    removal = services.remove_provider(provider.pk, actor=world.city_admin, reasons="投诉。")
    for _n in range(3):  # the freed place was filled meanwhile
        approved_provider(world)
    appeal = services.appeal_decision(removal.pk, actor=user, reasons="不服。")
    before = state(provider)
    with pytest.raises(ValidationError) as exc:
        services.decide_appeal(appeal.pk, actor=world.city_admin, upheld=True, reasons="成立")
    assert messages(exc) == [
        "细分行业“汽车零部件及配件制造”的综合型服务商名额已满：名额 3 家，已入库 3 家。"
    ]
    assert state(provider) == before
    services.decide_appeal(
        appeal.pk, actor=world.city_admin, upheld=False, reasons="名额已满，维持原决定。"
    )
    assert ProviderDecision.objects.filter(kind="appeal_dismissed", appeal_of=appeal).exists()


def test_only_the_provider_appeals_and_only_appealable_decisions(world: World) -> None:
    provider, user = approved_provider(world)
    approval = provider.decisions.get(kind=ProviderDecision.Kind.APPROVE)
    with pytest.raises(ValidationError) as exc:
        services.appeal_decision(approval.pk, actor=user, reasons="?")
    assert messages(exc) == ["“审核入库”不是可以申诉的决定。"]
    warning = services.warn_provider(provider.pk, actor=world.city_admin, reasons="逾期。")
    with pytest.raises(PermissionDenied):
        services.appeal_decision(warning.pk, actor=world.provider_user, reasons="不是我的")
    appeal = services.appeal_decision(warning.pk, actor=user, reasons="已按期报送。")
    services.decide_appeal(appeal.pk, actor=world.city_admin, upheld=True, reasons="核实已报送。")
    provider.refresh_from_db()
    assert provider.status == Provider.Status.APPROVED  # a warning annulled changes no status


@pytest.mark.parametrize(
    ("scores", "total", "stars"),
    [
        ({"service": 25, "capability": 24, "effect": 21, "overall": 20}, Decimal("90.00"), 5),
        ({"service": 22, "capability": 20, "effect": 20, "overall": 17.5}, Decimal("79.50"), 3),
        ({"service": 10, "capability": 10, "effect": 10, "overall": 10}, Decimal("40.00"), 1),
    ],
)
def test_the_yearly_evaluation_gives_stars_by_band(
    world: World, scores: dict[str, Any], total: Decimal, stars: int
) -> None:
    provider, _user = approved_provider(world)
    evaluation = services.evaluate_provider(
        provider.pk, actor=world.city_admin, year=2024, scores=scores
    )
    assert (evaluation.total, evaluation.stars) == (total, stars)
    decision = provider.decisions.get(kind="evaluate")
    assert decision.details["stars"] == stars and decision.details["total"] == str(total)


def test_star_bands_are_configurable(world: World) -> None:
    provider, _user = approved_provider(world)
    scores = {"service": 20, "capability": 20, "effect": 20, "overall": 15}
    bands = ((Decimal(75), 3), (Decimal(0), 1))
    evaluation = services.evaluate_provider(
        provider.pk, actor=world.city_admin, year=2024, scores=scores, bands=bands
    )
    assert evaluation.stars == 3


def test_an_evaluation_with_bad_scores_or_twice_a_year_is_refused(world: World) -> None:
    provider, _user = approved_provider(world)
    scores = {"service": 30, "capability": "很好", "effect": 20, "overall": 20}
    with pytest.raises(ValidationError) as exc:
        services.evaluate_provider(provider.pk, actor=world.city_admin, year=2024, scores=scores)
    assert exc.value.message_dict == {
        "service": ["“服务企业情况”的得分应在 0 到 25 分之间。"],
        "capability": ["“产品服务能力”的得分应为数字。"],
    }
    assert not ProviderEvaluation.objects.exists()
    good = {"service": 20, "capability": 20, "effect": 20, "overall": 20}
    services.evaluate_provider(provider.pk, actor=world.city_admin, year=2024, scores=good)
    with pytest.raises(ValidationError) as exc:
        services.evaluate_provider(provider.pk, actor=world.city_admin, year=2024, scores=good)
    assert messages(exc) == [f"服务商“{provider.name}”2024年度已评价。"]


def test_an_enterprise_rates_a_provider_once_per_subject(world: World) -> None:
    provider, _user = approved_provider(world)
    enterprise_id = world.enterprise_a.pk
    services.rate_provider(provider.pk, actor=world.enterprise_user, enterprise_id=enterprise_id, score=5,
                           comment="响应及时。", subject="设备联网改造")  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.rate_provider(provider.pk, actor=world.enterprise_user, enterprise_id=enterprise_id, score=6,
                               subject="设备联网改造")  # fmt: skip
    assert exc.value.message_dict == {
        "score": ["评分应为1到5星。"],
        "subject": ["已评价过该服务商的这一项目。"],
    }
    with pytest.raises(PermissionDenied):  # an enterprise speaks only for itself
        services.rate_provider(
            provider.pk, actor=world.enterprise_user, enterprise_id=world.enterprise_b.pk, score=1
        )
    assert ProviderRating.objects.count() == 1
