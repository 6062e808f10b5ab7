"""The flags page: officials in scope only; resolving with a note swaps the row (HTMX); a blank
note is refused on the row; enterprises, providers and the finance office never see flags."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.urls import reverse

from dxpilot.funding.models import Flag
from dxpilot.funding.services.flags import detect_project_flags
from dxpilot.funding.tests.cases import accepted_case, clock, contracted_case
from dxpilot.projects.models import Contract
from dxpilot.testing import World, client_for

__all__ = ["clock"]
HTMX = {"HTTP_HX_REQUEST": "true"}


def text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def flagged(world: World, clock: Any) -> Flag:
    case = contracted_case(world, clock, user=world.enterprise_user)
    Contract.objects.filter(pk=case.contract_id).update(amount=Decimal("500000"))  # imported data
    [flag] = detect_project_flags(case.project.pk)
    return flag


def test_officials_in_scope_see_the_flag(world: World, clock: Any) -> None:
    flag = flagged(world, clock)
    url = reverse("funding:flags")
    assert flag.text in text(client_for(world.officer_a).get(url))
    assert flag.text not in text(client_for(world.officer_b).get(url))
    assert flag.text in text(client_for(world.city_admin).get(url))
    for user in (world.enterprise_user, world.provider_user, world.finance, world.assessor):
        assert client_for(user).get(url).status_code == 403


def test_resolving_swaps_the_row(world: World, clock: Any) -> None:
    flag = flagged(world, clock)
    client = client_for(world.officer_a)
    url = reverse("funding:resolve-flag", args=[flag.pk])
    blank = client.post(url, {"note": " "}, **HTMX)
    assert blank.status_code == 200 and "请填写核查处理说明。" in text(blank)
    done = client.post(url, {"note": "已核实：合同补充协议金额 580,000 元。"}, **HTMX)
    assert done.status_code == 200
    assert f'id="flag-{flag.pk}"' in text(done) and "已核实：合同补充协议金额 580,000 元。" in text(
        done
    )
    flag.refresh_from_db()
    assert flag.status == Flag.Status.RESOLVED and flag.resolved_by == world.officer_a
    assert client_for(world.officer_b).post(url, {"note": "x"}).status_code == 404


def test_the_project_page_lists_flags_for_officials_only(world: World, clock: Any) -> None:
    case = accepted_case(world, clock, user=world.enterprise_user)
    Contract.objects.filter(pk=case.contract_id).update(amount=Decimal("500000"))
    detect_project_flags(case.project.pk)
    url = reverse("funding:acceptance", args=[case.project.pk])
    assert 'id="project-flags"' in text(client_for(world.officer_a).get(url))
    assert 'id="project-flags"' not in text(client_for(case.user).get(url))
    assert 'id="project-flags"' not in text(client_for(world.finance).get(url))
