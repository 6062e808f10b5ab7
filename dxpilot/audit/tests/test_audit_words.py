"""The audit page reads as sentences for people, not codes and Python dicts (issue 12)."""

from __future__ import annotations

import pytest

from dxpilot.audit.labels import action_label, object_type_label
from dxpilot.audit.models import AuditEntry
from dxpilot.audit.services import record
from dxpilot.testing import World, client_for


def page(world: World, **query: str) -> str:
    response = client_for(world.city_admin).get("/audit/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_login_reads_as_a_person_logging_in(world: World) -> None:
    world.officer_a.display_name = "张伟"
    world.officer_a.save(update_fields=["display_name"])
    record(
        actor=world.officer_a,
        action="auth.login",
        kind=AuditEntry.Kind.AUTH,
        target=world.officer_a,
    )
    html = page(world, q="auth.login")
    assert "登录" in html
    assert "用户 #" in html
    assert "张伟" in html
    assert "accounts.user #" not in html


def test_changes_are_field_labels_with_before_and_after(world: World) -> None:
    enterprise = world.enterprise_a
    record(
        actor=world.officer_a,
        action="enterprise.update",
        target=enterprise,
        changes={
            "name": ["旧名称有限公司", enterprise.name],
            "division": [None, enterprise.division_id],
        },
    )
    html = page(world, q="enterprise.update")
    assert "修改企业信息" in html
    assert f"旧名称有限公司 → {enterprise.name}" in html
    assert f"— → {enterprise.division.name}" in html
    assert "{&#x27;" not in html and "{'" not in html
    assert "[&#x27;" not in html


def test_the_object_is_named_where_it_still_exists(world: World) -> None:
    record(actor=world.officer_a, action="enterprise.update", object_type="enterprises.enterprise",
           object_id=str(world.enterprise_b.pk), object_label="当时的名称")  # fmt: skip
    html = page(world, q="enterprise.update")
    assert world.enterprise_b.name in html


@pytest.mark.parametrize("model", ["acceptance", "subsidy", "flag", "disbursement", "followup"])
def test_types_written_before_the_move_to_funding_have_the_same_labels(model: str) -> None:
    assert object_type_label(f"projects.{model}") == object_type_label(f"funding.{model}")
    assert object_type_label(f"projects.{model}") != f"projects.{model}"


def test_every_action_the_code_writes_has_a_label() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    codes = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or "demo" in path.parts:
            continue
        codes |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text()))
    unlabelled = {c for c in codes if action_label(c) == c}
    assert not unlabelled


def test_contributed_labels_follow_the_apps_choices() -> None:
    assert action_label("application.submit") == "提交申报"
    assert action_label("provider.approve") == "审核入库"
    assert action_label("product.list") == "上架"
    assert action_label("enterprises.import") == "企业 · 导入"
