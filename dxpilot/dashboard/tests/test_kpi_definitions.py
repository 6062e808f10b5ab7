"""KPI values against hand-counted fixtures, with the definitions an auditor reads: the honour
counts, 营业收入 growth of the total, 亩均效益 as the mean of the enterprises' own growth, the
exclusions and their counts, the 规上 coverage, the command, the API and constant queries."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import StringIO
from itertools import count
from typing import Any

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dxpilot.accounts.models import ApiToken
from dxpilot.dashboard.kpis import Kpi, programme_kpis
from dxpilot.enterprises.models import Enterprise, Honour, HonourKind
from dxpilot.enterprises.services import register_enterprise
from dxpilot.funding.models import FollowUp
from dxpilot.programs.models import Target
from dxpilot.projects.models import Contract, TransformationProject
from dxpilot.testing import World, bearer, client_for, enterprise_data, issue_token, valid_code

K = HonourKind
_docs = count(1)
_codes = count(100)


def kpi(world: World, user: object, key: str) -> Kpi:
    return next(k for k in programme_kpis(user, world.program) if k.target.key == key)


def honour(world: World, enterprise: Enterprise, kind: str, on: date, by: Any = None) -> Honour:
    n = next(_docs)
    return Honour.objects.create(
        enterprise=enterprise, kind=kind, awarded_on=on, issuer="工业和信息化部",
        document_number=f"工信部〔{on.year}〕{n}号", evidence=f"honours/{n}.pdf",
        original_name=f"{n}.pdf", content_type="application/pdf", size=10, sha256="0" * 64,
        recorded_by=by or world.city_admin,
    )  # fmt: skip


def pilot(world: World, division: str = "340104", **overrides: Any) -> Enterprise:
    code = valid_code(f"91{division}MA2K{next(_codes):05d}")
    enterprise = register_enterprise(
        world.program, enterprise_data(code, division, **overrides), actor=world.city_admin
    )
    Enterprise.objects.filter(pk=enterprise.pk).update(is_pilot=True)
    return enterprise


def follow_up(world: World, enterprise: Enterprise, revenue: tuple[int, int], land: int,
              tax: tuple[int | None, int | None]) -> FollowUp:  # fmt: skip
    project = TransformationProject.objects.create(
        program=world.program, enterprise=enterprise, title="改造", status="accepted"
    )
    return FollowUp.objects.create(
        project=project, year=2025, revenue_before=revenue[0], revenue_after=revenue[1],
        land_mu=land, tax_before=tax[0], tax_after=tax[1], recorded_by=world.city_admin,
    )  # fmt: skip


# Honours ----------------------------------------------------------------------------------------


def honours_world(world: World) -> None:
    """a (蜀山区, pilot): 灯塔工厂 2024-05 and 数字领航 2025-02 (one enterprise), 单项冠军 2024-01,
    上市 2025-03; b (包河区, not a pilot): 数字领航 2023-12 (before the period), 小巨人 2025-01,
    上市 2025-03 (not a pilot)."""
    a, b = world.enterprise_a, world.enterprise_b
    Enterprise.objects.filter(pk=a.pk).update(is_pilot=True)
    honour(world, a, K.LIGHTHOUSE, date(2024, 5, 1))
    honour(world, a, K.DIGITAL_NAVIGATOR, date(2025, 2, 1), by=world.officer_a)
    honour(world, a, K.SINGLE_CHAMPION, date(2024, 1, 1))
    honour(world, a, K.LISTED, date(2025, 3, 1))
    honour(world, b, K.DIGITAL_NAVIGATOR, date(2023, 12, 31))
    honour(world, b, K.LITTLE_GIANT, date(2025, 1, 1), by=world.officer_b)
    honour(world, b, K.LISTED, date(2025, 3, 2))


def test_honour_kpis_count_enterprises_recognised_within_the_period(world: World) -> None:
    honours_world(world)
    navigator = kpi(world, world.city_admin, "navigator-lighthouse")
    assert navigator.actual == Decimal(1)  # a once; b's 2023 title predates the programme
    assert navigator.population == 2  # records counted
    assert [(str(e.reason), e.count) for e in navigator.excluded] == [
        ("认定日期不在试点期内的记录", 1)
    ]
    assert {(e.name, e.count) for e in navigator.entered_by} == {("alice", 1), ("bob", 1)}
    assert navigator.records_url == "/enterprises/honours/?kind=digital_navigator&kind=lighthouse"
    assert kpi(world, world.city_admin, "little-giants-champions").actual == Decimal(2)
    listed = kpi(world, world.city_admin, "listed-pilots")
    assert listed.actual == Decimal(1)  # b is no pilot
    assert ("非试点企业的记录", 1) in [(str(e.reason), e.count) for e in listed.excluded]


def test_a_district_officer_counts_the_honours_of_its_divisions(world: World) -> None:
    honours_world(world)
    assert kpi(world, world.officer_a, "navigator-lighthouse").actual == Decimal(1)
    assert kpi(world, world.officer_b, "navigator-lighthouse").actual == Decimal(0)
    assert kpi(world, world.officer_a, "little-giants-champions").actual == Decimal(1)
    assert kpi(world, world.officer_b, "little-giants-champions").actual == Decimal(1)


# Follow-up growth -------------------------------------------------------------------------------


def growth_world(world: World) -> None:
    """Pilots, by hand:            revenue 万元      tax 万元     land 亩
    a  1000 → 1200  (+20%)       100 → 130 (+30%)    10
    b  3000 → 3150  (+5%)        200 → 210 (+5%)     50
    c   500 →  600  (+20%)        40 →  60           0   (no land area)
    e   100 →  100  (0%)        none → 10            5   (no tax before)
    d  no follow-up
    营业收入 (total): 4700 → 5050 → 5050 ÷ 4600 − 1 = 0.0978 (a, b, c, e)
    亩均税收 mean of own growth (a, b): (0.30 + 0.05) ÷ 2 = 0.175; the growth of the summed
    totals would be 340 ÷ 300 − 1 = 0.1333.
    亩均营业收入 mean (a, b, e): (0.20 + 0.05 + 0) ÷ 3 = 0.0833."""
    a, b = world.enterprise_a, world.enterprise_b
    Enterprise.objects.filter(pk__in=[a.pk, b.pk]).update(is_pilot=True)
    follow_up(world, a, (1000, 1200), 10, (100, 130))
    follow_up(world, b, (3000, 3150), 50, (200, 210))
    follow_up(world, pilot(world), (500, 600), 0, (40, 60))
    follow_up(world, pilot(world), (100, 100), 5, (None, 10))
    pilot(world)  # d


def reasons(row: Kpi) -> list[tuple[str, int]]:
    return [(str(e.reason), e.count) for e in row.excluded]


def test_revenue_growth_is_the_growth_of_the_total(world: World) -> None:
    growth_world(world)
    row = kpi(world, world.city_admin, "revenue-growth")
    assert row.actual == Decimal("0.0978")
    assert row.population == 4
    assert reasons(row) == [("无成效跟踪记录的试点企业", 1)]
    assert "Σ" in row.formula


def test_output_per_mu_growth_is_the_mean_of_the_enterprises_own_growth(world: World) -> None:
    growth_world(world)
    row = kpi(world, world.city_admin, "output-per-mu-growth")
    assert row.target.metric == "tax_per_mu_growth"  # hefei.yaml: 亩均税收
    assert row.actual == Decimal("0.1750")  # not 0.1333, the growth of the summed totals
    assert row.population == 2
    assert reasons(row) == [
        ("无成效跟踪记录的试点企业", 1),
        ("未填写用地面积", 1),
        ("缺少改造前或跟踪年度税收", 1),
    ]


def test_the_programme_may_measure_output_per_mu_as_revenue(world: World) -> None:
    growth_world(world)
    Target.objects.create(
        program=world.program, key="revenue-per-mu", name="亩均营业收入", value=Decimal("0.15"),
        unit="ratio", level="city", metric="revenue_per_mu_growth",
    )  # fmt: skip
    row = kpi(world, world.city_admin, "revenue-per-mu")
    assert row.actual == Decimal("0.0833")
    assert row.population == 3
    assert ("未填写用地面积", 1) in reasons(row)


def test_growth_is_scoped_to_the_officers_divisions(world: World) -> None:
    growth_world(world)
    # 蜀山区: a, c, e, d; 包河区: b
    assert kpi(world, world.officer_b, "output-per-mu-growth").actual == Decimal("0.0500")
    assert kpi(world, world.officer_a, "output-per-mu-growth").actual == Decimal("0.3000")
    assert kpi(world, world.officer_b, "revenue-growth").population == 1


# 规上 coverage ------------------------------------------------------------------------------------


def test_above_scale_coverage_counts_enterprises_with_a_filed_contract(world: World) -> None:
    Enterprise.objects.filter(pk__in=[world.enterprise_a.pk, world.enterprise_b.pk]).update(
        above_scale=True
    )
    project = TransformationProject.objects.create(
        program=world.program, enterprise=world.enterprise_a, title="改造", status="contracted"
    )
    Contract.objects.create(
        project=project, provider=world.provider, number="HT-1", signed_on=date(2024, 6, 1),
        starts_on=date(2024, 6, 1), ends_on=date(2024, 12, 31), amount=Decimal("500000"),
        filed_by=world.city_admin,
    )  # fmt: skip
    row = kpi(world, world.city_admin, "above-scale-coverage")
    assert row.actual == Decimal("0.5000") and row.population == 2
    assert kpi(world, world.officer_a, "above-scale-coverage").actual == Decimal(1)


# Every target, its definition, the command and the API -----------------------------------------


def test_every_target_has_a_metric_and_the_planned_ones_say_no_data_source(world: World) -> None:
    rows = programme_kpis(world.city_admin, world.program)
    assert len(rows) == 19 and all(row.target.metric for row in rows)
    missing = {row.target.metric for row in rows if not row.has_source}
    assert missing == {"showcase_projects", "chain_cases"}
    for row in rows:
        if row.has_source:
            assert row.definition and row.formula and row.population_label, row.target.key
        else:
            assert row.actual is None and "暂无该指标的数据来源" in row.basis


def test_the_dashboard_row_shows_the_definition_and_who_entered_the_records(world: World) -> None:
    honours_world(world)
    page = client_for(world.city_admin).get("/").content.decode()
    assert "口径说明" in page and "计算时间" in page and "计算公式" in page
    assert "认定日期不在试点期内的记录：1" in page
    assert 'href="/enterprises/honours/?kind=digital_navigator&amp;kind=lighthouse"' in page


def test_kpis_json_prints_one_object_per_target(world: World) -> None:
    growth_world(world)
    out = StringIO()
    call_command("kpis", "--json", "--program", "hefei", stdout=out)
    rows = json.loads(out.getvalue())
    assert [row["key"] for row in rows] == list(
        world.program.targets.order_by("level", "pk").values_list("key", flat=True)
    )
    by_key = {row["key"]: row for row in rows}
    assert {"key", "name", "metric", "target", "actual", "unit"} <= set(by_key["chain-cases"])
    assert by_key["output-per-mu-growth"]["actual"] == 0.175
    assert by_key["output-per-mu-growth"]["target"] == 0.15
    assert by_key["chain-cases"]["actual"] is None and by_key["chain-cases"]["unit"] == "个"
    text = StringIO()
    call_command("kpis", stdout=text)
    assert "output-per-mu-growth: 17.5% / 15%" in text.getvalue()
    assert "chain-cases: — / 10 个" in text.getvalue()


def test_the_kpi_api_is_scoped_like_the_dashboard(world: World) -> None:
    honours_world(world)
    api = Client()
    admin = issue_token(world.city_admin, [ApiToken.Scope.REPORTS_READ])
    carol = issue_token(world.officer_b, [ApiToken.Scope.REPORTS_READ], actor=world.city_admin)
    rows = api.get("/api/v1/kpis", **bearer(admin)).json()
    assert {r["key"]: r["actual"] for r in rows}["little-giants-champions"] == 2
    rows = api.get("/api/v1/kpis", **bearer(carol)).json()
    assert {r["key"]: r["actual"] for r in rows}["navigator-lighthouse"] == 0
    wrong = issue_token(world.city_admin, [ApiToken.Scope.ENTERPRISES_READ])
    assert api.get("/api/v1/kpis", **bearer(wrong)).status_code == 403
    assert client_for(world.enterprise_user).get("/api/v1/kpis").status_code == 403


def test_the_kpi_computation_costs_the_same_queries_as_the_data_grows(world: World) -> None:
    honours_world(world)
    growth_world(world)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            programme_kpis(world.city_admin, world.program)
            programme_kpis(world.officer_a, world.program)
        return len(captured)

    queries()  # warm up: the officer's scope (divisions) is read once and cached on the user
    small = queries()
    for n in range(12):
        enterprise = pilot(world, "340104" if n % 2 else "340111", above_scale=True)
        honour(world, enterprise, K.LITTLE_GIANT, date(2024, 3, 1 + n), by=world.officer_a)
        honour(world, enterprise, K.LISTED, date(2025, 4, 1 + n))
        follow_up(world, enterprise, (100 + n, 120 + n), 3 + n, (10, 11 + n))
    assert queries() == small


def test_the_follow_up_page_gives_the_same_per_mu_figure_as_the_kpi(world: World) -> None:
    growth_world(world)
    page = client_for(world.city_admin).get("/projects/follow-ups/").content.decode()
    assert "（不是合计的增长）：17.5%，计入 2 家企业。" in page
    assert "未填写用地面积：1" in page


def test_follow_ups_name_who_recorded_them(world: World) -> None:
    growth_world(world)
    row = kpi(world, world.city_admin, "revenue-growth")
    assert [(e.name, e.count) for e in row.entered_by] == [("alice", 4)]
    assert row.records_url == "/projects/follow-ups/"
    assert [
        (e.name, e.count) for e in kpi(world, world.city_admin, "output-per-mu-growth").entered_by
    ] == [("alice", 2)]
