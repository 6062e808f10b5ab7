"""Publishing, editing and withdrawing policies: who may, what is refused, what is audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxpilot.audit.models import AuditEntry
from dxpilot.policies import services
from dxpilot.policies.models import Policy, PolicyStatus, PolicyTerm
from dxpilot.policies.selectors import applicable_policies
from dxpilot.policies.tests.factories import make_policy, policy_data
from dxpilot.testing import World

pytestmark = pytest.mark.django_db


def test_the_city_publishes_a_policy_indexed_and_audited(world: World) -> None:
    policy = make_policy(world, number="合政办[2024]12号", segment_keys=("auto-parts",))
    assert policy.number == "合政办〔2024〕12号"
    assert policy.effective_on == policy.issued_on
    assert PolicyTerm.objects.filter(policy=policy, term="数字化").exists()
    entry = AuditEntry.objects.get(action="policy.publish")
    assert entry.changes["number"] == [None, "合政办〔2024〕12号"]
    assert entry.changes["segments"] == [None, ["auto-parts"]]


def test_every_problem_is_named_and_nothing_is_written(world: World) -> None:
    data = policy_data(
        title=" ", number="合政办2024年12号", level="galactic", issued_on=date(2025, 7, 1),
        expires_on=date(2025, 1, 1), division_codes=("999999",), size_classes=("huge",),
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.publish_policy(world.program, data, actor=world.city_admin)
    errors = caught.value.message_dict
    assert errors["title"] == ["“标题”不能为空。"]
    assert "格式不正确" in errors["number"][0]
    assert errors["level"] == ["政策层级“galactic”无效。"]
    assert errors["issued_on"] == ["发文日期不能晚于今天。"]
    assert errors["expires_on"] == ["有效期截止日期不能早于施行日期。"]
    assert errors["divisions"] == ["未知的区划代码：999999。"]
    assert errors["size_classes"] == ["不认识的取值：huge。"]
    assert not Policy.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="policy.").exists()


def test_a_policy_needs_a_number_a_notice_does_not(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        make_policy(world, number="")
    assert caught.value.message_dict["number"] == ["政策文件须填写文号（通知公告可不填）。"]
    notice = make_policy(world, number="", kind="notice", title="关于开展2025年试点企业申报的通知")
    assert notice.number == ""


def test_a_number_is_registered_once(world: World) -> None:
    make_policy(world, number="合政办〔2024〕12号")
    with pytest.raises(ValidationError) as caught:
        make_policy(world, number="合政办（2024）12号")
    assert caught.value.message_dict["number"] == ["文号“合政办〔2024〕12号”已登记。"]


def test_a_district_officer_publishes_only_for_its_own_divisions(world: World) -> None:
    own = make_policy(
        world, actor=world.officer_a, level="district", number="蜀政办〔2024〕3号",
        division_codes=(world.division_a.code,),
    )  # fmt: skip
    assert list(own.divisions.all()) == [world.division_a]
    with pytest.raises(ValidationError) as caught:
        make_policy(
            world, actor=world.officer_a, level="city", division_codes=(world.division_b.code,)
        )
    errors = caught.value.message_dict
    assert errors["level"] == ["县区工作人员只能发布县区级政策。"]
    assert errors["divisions"] == [f"您不负责以下区划，不能为其发布政策：{world.division_b.name}。"]
    city = make_policy(world)
    with pytest.raises(PermissionDenied):
        services.update_policy(city.pk, policy_data(), actor=world.officer_a)


@pytest.mark.parametrize("persona", ["finance", "enterprise_user", "provider_user", "assessor"])
def test_other_roles_cannot_publish(world: World, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        make_policy(world, actor=getattr(world, persona))


def test_edit_and_withdraw_are_audited_and_withdrawn_is_final(world: World) -> None:
    policy = make_policy(world, number="合政办〔2024〕12号")
    services.update_policy(
        policy.pk, policy_data(number="合政办〔2024〕12号", title="新标题：数字化转型政策"),
        actor=world.city_admin,
    )  # fmt: skip
    changes = AuditEntry.objects.get(action="policy.update").changes
    assert changes["title"][1] == "新标题：数字化转型政策"
    assert PolicyTerm.objects.filter(policy=policy, term="标题").exists()  # re-indexed
    with pytest.raises(ValidationError) as caught:
        services.withdraw_policy(policy.pk, reason="  ", actor=world.city_admin)
    assert caught.value.message_dict["reason"] == ["请填写撤回原因。"]
    services.withdraw_policy(policy.pk, reason="已被新政策替代", actor=world.city_admin)
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.WITHDRAWN
    assert AuditEntry.objects.get(action="policy.withdraw").changes["reasons"] == "已被新政策替代"
    with pytest.raises(PermissionDenied):
        services.update_policy(policy.pk, policy_data(), actor=world.city_admin)


def test_the_enterprise_sees_the_policies_that_apply_to_it(world: World) -> None:
    enterprise = world.enterprise_a  # 蜀山区, auto-parts, not a pilot
    for_all = make_policy(world, title="全市通用政策")
    for_its_division = make_policy(world, division_codes=(world.division_a.code,))
    make_policy(world, division_codes=(world.division_b.code,))
    make_policy(world, segment_keys=("home-appliances",))
    make_policy(world, pilot_only=True)
    make_policy(world, expires_on=date(2024, 12, 31))  # expired by 2025-06-02
    withdrawn = make_policy(world)
    services.withdraw_policy(withdrawn.pk, reason="停止执行", actor=world.city_admin)
    scale = "above" if enterprise.above_scale else "below"
    for_its_scale = make_policy(world, scale=scale, size_classes=(enterprise.size_class,))
    got = applicable_policies(enterprise)
    assert set(got) == {for_all, for_its_division, for_its_scale}


def test_applicable_policies_cost_constant_queries(
    world: World, django_assert_max_num_queries: object
) -> None:
    for _n in range(3):
        make_policy(world, segment_keys=("auto-parts",), division_codes=(world.division_a.code,))
    with django_assert_max_num_queries(3):  # type: ignore[operator]
        small = applicable_policies(world.enterprise_a)
    for _n in range(12):
        make_policy(world, segment_keys=("auto-parts",), division_codes=(world.division_a.code,))
    with django_assert_max_num_queries(3):  # type: ignore[operator]
        large = applicable_policies(world.enterprise_a)
    assert len(small) == 3 and len(large) == 15
