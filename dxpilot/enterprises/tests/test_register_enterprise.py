"""Registering and editing an enterprise through the UI forms."""

from __future__ import annotations

from typing import Any

from dxpilot.audit.models import AuditEntry
from dxpilot.enterprises.models import Enterprise
from dxpilot.testing import World, client_for, valid_code

CODE = valid_code("91340104MA2TEQ010")


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "credit_code": CODE,
        "name": "合肥蜀山精密部件有限公司",
        "division_code": "340104",
        "zone_code": "",
        "industry_code": "3670",
        "segment_key": "auto-parts",
        "nature": "private",
        "srdi_tier": "srdi",
        "employees": "320",
        "revenue": "2500.00",
        "contact_name": "李强",
        "contact_phone": "13955556666",
        "contact_email": "liqiang@example.cn",
    }
    data.update(overrides)
    return data


def field_error_html(response: Any, field: str) -> str:
    html = response.content.decode()
    start = html.index(f'id="id_{field}_error"')
    return html[start : html.index("</p>", start)]


class TestRegisterEnterprise:
    def test_it_works(self, world: World) -> None:
        response = client_for(world.officer_a).post("/enterprises/new/", form_data())
        enterprise = Enterprise.objects.get(credit_code=CODE)
        assert response.status_code == 302
        assert response["Location"] == f"/enterprises/{enterprise.pk}/"
        assert enterprise.division == world.division_a
        assert enterprise.size_class == "medium"
        assert enterprise.segment.key == "auto-parts"  # type: ignore[union-attr]
        assert enterprise.contact_phone == "13955556666"

    def test_it_normalises_a_lower_case_code(self, world: World) -> None:
        client_for(world.officer_a).post("/enterprises/new/", form_data(credit_code=CODE.lower()))
        assert Enterprise.objects.filter(credit_code=CODE).exists()

    def test_an_invalid_code_is_refused_next_to_the_field_and_nothing_is_saved(
        self, world: World
    ) -> None:
        wrong = CODE[:17] + ("0" if CODE[17] != "0" else "1")
        client = client_for(world.officer_a)
        entries = AuditEntry.objects.count()
        response = client.post("/enterprises/new/", form_data(credit_code=wrong))
        assert response.status_code == 200
        message = f"统一社会信用代码“{wrong}”的校验位不正确。"
        assert response.context["form"].errors["credit_code"] == [message]
        assert message in field_error_html(response, "credit_code")
        assert Enterprise.objects.count() == 2
        assert AuditEntry.objects.count() == entries

    def test_an_unknown_division_is_refused(self, world: World) -> None:
        response = client_for(world.city_admin).post(
            "/enterprises/new/", form_data(division_code="999999")
        )
        assert response.status_code == 200
        assert "999999 不在可用的选项中" in field_error_html(response, "division_code")
        assert not Enterprise.objects.filter(credit_code=CODE).exists()

    def test_a_zone_is_not_accepted_as_a_division(self, world: World) -> None:
        response = client_for(world.city_admin).post(
            "/enterprises/new/", form_data(division_code="340171")
        )
        assert response.context["form"].errors["division_code"]
        assert not Enterprise.objects.filter(credit_code=CODE).exists()

    def test_an_unknown_or_group_level_industry_is_refused(self, world: World) -> None:
        client = client_for(world.city_admin)
        for code in ("9999", "367"):
            response = client.post("/enterprises/new/", form_data(industry_code=code))
            assert response.context["form"].errors["industry_code"] == [
                f"行业代码“{code}”不是已登记的4位行业小类。"
            ]
        assert not Enterprise.objects.filter(credit_code=CODE).exists()

    def test_every_problem_is_shown_at_once(self, world: World) -> None:
        response = client_for(world.city_admin).post(
            "/enterprises/new/", form_data(credit_code="123", industry_code="9999", segment_key="")
        )
        errors = response.context["form"].errors
        assert errors["credit_code"] == ["统一社会信用代码“123”应为18位。"]
        assert errors["industry_code"] == ["行业代码“9999”不是已登记的4位行业小类。"]

    def test_an_officer_cannot_register_in_another_division(self, world: World) -> None:
        response = client_for(world.officer_a).post(
            "/enterprises/new/", form_data(division_code="340111")
        )
        assert response.context["form"].errors["division_code"] == ["您无权在该区划登记企业。"]
        assert not Enterprise.objects.filter(credit_code=CODE).exists()

    def test_a_registered_code_is_refused(self, world: World) -> None:
        response = client_for(world.city_admin).post(
            "/enterprises/new/", form_data(credit_code=world.enterprise_b.credit_code)
        )
        assert response.context["form"].errors["credit_code"] == [
            f"统一社会信用代码“{world.enterprise_b.credit_code}”已登记。"
        ]
        assert Enterprise.objects.count() == 2

    def test_registration_is_audited_without_personal_data(self, world: World) -> None:
        client_for(world.officer_a, REMOTE_ADDR="10.9.8.7").post("/enterprises/new/", form_data())
        entry = AuditEntry.objects.filter(action="enterprise.register").latest("seq")
        assert entry.actor_id == world.officer_a.pk
        assert entry.ip == "10.9.8.7"
        assert entry.changes["credit_code"] == [None, CODE]
        assert "13955556666" not in str(entry.changes)
        assert "李强" not in str(entry.changes)


class TestEditEnterprise:
    def test_the_form_is_prefilled(self, world: World) -> None:
        response = client_for(world.officer_a).get(f"/enterprises/{world.enterprise_a.pk}/edit/")
        assert response.status_code == 200
        assert response.context["form"].initial["credit_code"] == world.enterprise_a.credit_code
        assert response.context["form"].initial["contact_phone"] == "13812345678"

    def test_it_works_and_recomputes_the_size_class(self, world: World) -> None:
        pk = world.enterprise_a.pk
        data = form_data(credit_code=world.enterprise_a.credit_code, employees="15")
        response = client_for(world.officer_a).post(f"/enterprises/{pk}/edit/", data)
        assert response.status_code == 302
        enterprise = Enterprise.objects.get(pk=pk)
        assert enterprise.employees == 15
        assert enterprise.size_class == "micro"
        assert enterprise.name == "合肥蜀山精密部件有限公司"

    def test_an_officer_cannot_move_an_enterprise_out_of_their_divisions(
        self, world: World
    ) -> None:
        pk = world.enterprise_a.pk
        data = form_data(credit_code=world.enterprise_a.credit_code, division_code="340111")
        response = client_for(world.officer_a).post(f"/enterprises/{pk}/edit/", data)
        assert response.context["form"].errors["division_code"] == ["您无权把企业登记到该区划。"]
        assert Enterprise.objects.get(pk=pk).division == world.division_a

    def test_another_enterprises_code_is_refused(self, world: World) -> None:
        pk = world.enterprise_a.pk
        data = form_data(credit_code=world.enterprise_b.credit_code)
        response = client_for(world.city_admin).post(f"/enterprises/{pk}/edit/", data)
        assert response.context["form"].errors["credit_code"]
        assert Enterprise.objects.get(pk=pk).credit_code == world.enterprise_a.credit_code
