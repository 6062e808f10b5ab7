"""The public showcase: no login, cacheable and the same for everyone, published records only,
nothing personal or commercial, small groups hidden, constant queries."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dxpilot.cases import services
from dxpilot.cases.tests.factories import accepted, draft, published
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.services import register_enterprise
from dxpilot.funding.services.subsidy import approve_subsidy, compute_project_subsidy
from dxpilot.programs.models import Segment
from dxpilot.providers.models import Product
from dxpilot.showcase.selectors import level_distribution
from dxpilot.testing import World, add_enterprises, client_for, enterprise_data, valid_code

PAGES = ("/showcase/", "/showcase/cases/", "/showcase/products/", "/showcase/providers/")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 64


def get(path: str, user: Any = None) -> Any:
    return client_for(user).get(path)


def test_the_showcase_is_public_cacheable_and_the_same_for_everyone(
    world: World, clock: Any
) -> None:
    case = published(world, accepted(world, clock))
    for path in (*PAGES, f"/showcase/cases/{case.pk}/"):
        anonymous = get(path)
        assert anonymous.status_code == 200, path
        control = anonymous["Cache-Control"]
        assert "public" in control and "max-age=300" in control, path
        assert "Cookie" not in anonymous.get("Vary", ""), path
        assert not anonymous.cookies, path
        # A logged-in official gets the same bytes: nothing on the page is per user.
        official = get(path, world.city_admin)
        assert official.content == anonymous.content, path
        assert "Cookie" not in official.get("Vary", ""), path


def test_the_anonymous_home_leads_to_the_showcase(world: World) -> None:
    page = get("/").content.decode()
    assert 'href="/showcase/"' in page


def test_only_published_cases_are_shown(world: World, clock: Any) -> None:
    project = accepted(world, clock, level=3)
    shown = published(world, project, kind="sample")
    hidden = draft(world, project, kind="chain", title="尚在起草的链式案例")
    listing = get("/showcase/cases/").content.decode()
    assert shown.title in listing and hidden.title not in listing
    assert get(f"/showcase/cases/{hidden.pk}/").status_code == 404
    detail = get(f"/showcase/cases/{shown.pk}/").content.decode()
    figures = detail[detail.index("改造前后") :]
    assert "一级" in figures and "三级" in figures and "100.00" in figures
    services.withdraw_case(shown.pk, actor=world.city_admin, reasons="企业申请。")
    assert get(f"/showcase/cases/{shown.pk}/").status_code == 404
    assert shown.title not in get("/showcase/").content.decode()


def test_a_published_image_is_public_and_a_draft_image_is_not(world: World, clock: Any) -> None:
    project = accepted(world, clock)
    case = draft(world, project)
    image = services.add_image(
        case.pk, actor=world.city_admin, upload=SimpleUploadedFile("a.png", PNG)
    )
    url = f"/showcase/cases/{case.pk}/images/{image.pk}/"
    assert get(url).status_code == 404
    services.submit_case(case.pk, actor=world.city_admin)
    services.publish_case(case.pk, actor=world.city_admin)
    response = get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    assert url in get(f"/showcase/cases/{case.pk}/").content.decode()


def test_the_showcase_never_shows_a_person_a_phone_a_credit_code_or_an_amount(
    world: World, clock: Any
) -> None:
    project = accepted(world, clock)
    subsidy = compute_project_subsidy(project.project.pk, actor=world.city_admin)
    approve_subsidy(subsidy.pk, actor=world.city_admin)
    case = published(world, project)
    Product.objects.filter(provider=world.provider).update(is_excellent=True)
    enterprise = Enterprise.objects.get(pk=project.enterprise.pk)
    forbidden = [
        enterprise.credit_code, world.enterprise_a.credit_code, world.provider.credit_code,
        "13812345678", "138****5678", "张伟", "zhangwei@example.cn", "6222021234567890123",
        # contract 600,000; investment 580,000; eligible 500,000; subsidy 200,000
        "600000", "600,000", "580000", "580,000", "500000", "500,000", "200000", "200,000",
    ]  # fmt: skip
    for path in (*PAGES, f"/showcase/cases/{case.pk}/"):
        page = get(path).content.decode()
        for text in forbidden:
            assert text not in page, (path, text)
    assert enterprise.name in get(f"/showcase/cases/{case.pk}/").content.decode()


def _pilots(world: World, segment: Segment, count: int, start: int) -> None:
    for n in range(count):
        code = valid_code(f"91340104MA2TQ{start + n:04d}")
        enterprise = register_enterprise(
            world.program,
            enterprise_data(code, "340104", segment_key=segment.key),
            actor=world.city_admin,
        )
        # The level an on-site assessment leaves on the registry (assessment.services).
        Enterprise.objects.filter(pk=enterprise.pk).update(is_pilot=True, level=n % 3)


def test_a_segment_with_fewer_than_five_pilots_is_not_shown(world: World) -> None:
    big, small = world.program.segments.order_by("order", "pk")[:2]
    Enterprise.objects.filter(program=world.program).update(is_pilot=False)
    _pilots(world, big, 5, 0)
    _pilots(world, small, 4, 100)
    distribution = level_distribution(world.program)
    assert [(row.name, row.total) for row in distribution.rows] == [(big.name, 5)]
    assert distribution.rows[0].by_level == [2, 2, 1, 0, 0] and distribution.hidden_groups == 1
    page = get("/showcase/").content.decode()
    levels = page[page.index('id="levels"') : page.index('id="products"')]
    assert big.name in levels and small.name not in levels
    _pilots(world, small, 1, 200)
    assert {row.name for row in level_distribution(world.program).rows} == {big.name, small.name}


def _count(path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert get(path).status_code == 200
    return len(queries)


def _with_images(world: World, project: Any, kind: str, count: int) -> Any:
    case = draft(world, project, kind=kind)
    for n in range(count):
        services.add_image(
            case.pk,
            actor=world.city_admin,
            upload=SimpleUploadedFile(f"{n}.png", PNG + bytes([n])),
        )
    services.submit_case(case.pk, actor=world.city_admin)
    return services.publish_case(case.pk, actor=world.city_admin)


def test_showcase_pages_cost_constant_queries(world: World, clock: Any) -> None:
    project = accepted(world, clock, level=3)
    first = _with_images(world, project, "sample", 1)
    small = {path: _count(path) for path in PAGES}
    small_detail = _count(f"/showcase/cases/{first.pk}/")
    second = _with_images(world, project, "chain", 3)
    published(world, project, kind="benchmark")
    Product.objects.update(is_excellent=True)
    add_enterprises(world.program, 60, seed=7)
    Enterprise.objects.filter(program=world.program).update(is_pilot=True)
    assert {path: _count(path) for path in PAGES} == small
    assert _count(f"/showcase/cases/{second.pk}/") == small_detail
