"""Issue 12.5: the credit code's registration area (characters 3–8) against the programme's
region (refused by default) and the chosen division (a warning by default), at every door."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from dxpilot.accounts.models import ApiToken
from dxpilot.enterprises.area import region_prefix
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.services import register_enterprise
from dxpilot.programs.spec import ProgramSpecError, parse_program_text
from dxpilot.testing import (
    HEFEI,
    World,
    bearer,
    client_for,
    enterprise_data,
    issue_token,
    valid_code,
)

SHANGHAI = valid_code("91310000MA1FL0001")  # registered by Shanghai's authority (310000)
YAOHAI = valid_code("91340102MA2TEQ001")  # registered in 瑶海区
ZONE = valid_code("91340171MA2TEQ002")  # registered by 合肥高新区's authority
CITY = valid_code("91340100MA2TEQ003")  # registered by the city's authority


def test_the_region_prefix_follows_the_level_of_the_region_code() -> None:
    assert region_prefix("340100") == "3401"
    assert region_prefix("340000") == "34"
    assert region_prefix("340104") == "340104"
    assert region_prefix("") == ""


def test_a_code_registered_in_another_city_is_refused_and_nothing_is_written(world: World) -> None:
    with pytest.raises(ValidationError) as info:
        register_enterprise(
            world.program, enterprise_data(SHANGHAI, "340104"), actor=world.city_admin
        )
    assert info.value.message_dict["credit_code"] == [
        "统一社会信用代码第3–8位（登记管理机关行政区划码）为“310000”，"
        "不在本试点方案的地区（合肥市，340100）内。"
    ]
    assert not Enterprise.objects.filter(credit_code=SHANGHAI).exists()


def test_the_api_door_refuses_it_too(world: World) -> None:
    secret = issue_token(
        world.city_admin, [ApiToken.Scope.ENTERPRISES_READ, ApiToken.Scope.ENTERPRISES_WRITE]
    )
    data = asdict(enterprise_data(SHANGHAI, "340104"))
    data["revenue"] = str(data["revenue"])
    response = Client().post(
        "/api/v1/enterprises", data=data, content_type="application/json", **bearer(secret)
    )
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["credit_code"]
    assert not Enterprise.objects.filter(credit_code=SHANGHAI).exists()


def test_a_programme_may_only_warn_about_another_region(world: World) -> None:
    world.program.registry_rule = {"outside_region": "warn", "other_division": "warn"}
    world.program.save()
    enterprise = register_enterprise(
        world.program, enterprise_data(SHANGHAI, "340104"), actor=world.city_admin
    )
    html = client_for(world.city_admin).get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert "不在本试点方案的地区（合肥市，340100）内" in html


def test_another_district_of_the_city_is_a_warning_shown_to_officials(world: World) -> None:
    enterprise = register_enterprise(
        world.program, enterprise_data(YAOHAI, "340104"), actor=world.city_admin
    )
    warning = "统一社会信用代码显示登记机关在瑶海区（340102），与所选区划蜀山区（340104）不一致"
    page = client_for(world.city_admin).get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert warning in page
    same = register_enterprise(
        world.program, enterprise_data(valid_code("91340104MA2TEQ009"), "340104"),
        actor=world.city_admin,
    )  # fmt: skip
    page = client_for(world.city_admin).get(f"/enterprises/{same.pk}/").content.decode()
    assert "registry-warning" not in page


def test_a_programme_may_refuse_another_district(world: World) -> None:
    world.program.registry_rule = {"outside_region": "refuse", "other_division": "refuse"}
    world.program.save()
    with pytest.raises(ValidationError) as info:
        register_enterprise(
            world.program, enterprise_data(YAOHAI, "340104"), actor=world.city_admin
        )
    assert "与所选区划蜀山区（340104）不一致" in info.value.message_dict["division_code"][0]
    assert not Enterprise.objects.filter(credit_code=YAOHAI).exists()


@pytest.mark.parametrize("code", [ZONE, CITY], ids=["zone-authority", "city-authority"])
def test_zone_and_city_authorities_say_nothing_about_the_district(world: World, code: str) -> None:
    world.program.registry_rule = {"outside_region": "refuse", "other_division": "refuse"}
    world.program.save()
    enterprise = register_enterprise(
        world.program, enterprise_data(code, "340104"), actor=world.city_admin
    )
    assert enterprise.division.code == "340104"


def test_the_programme_file_names_a_bad_registry_action() -> None:
    text = HEFEI.read_text(encoding="utf-8").replace(
        "  outside_region: refuse", "  outside_region: maybe"
    )
    with pytest.raises(ProgramSpecError) as info:
        parse_program_text(text)
    assert "registry.outside_region" in str(info.value)


def test_hefei_refuses_other_regions_and_warns_about_other_districts() -> None:
    spec = parse_program_text(HEFEI.read_text(encoding="utf-8"))
    assert spec["registry"] == {"outside_region": "refuse", "other_division": "warn"}
