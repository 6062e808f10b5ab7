"""Provider pages behind the login: registration, the application, review, profile, products.
The healthchecks checklist: works; out of scope → 404; wrong role → 403; wrong method → 405;
bad input → the exact Chinese message, database unchanged."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dxpilot.accounts.models import User
from dxpilot.providers import services
from dxpilot.providers.models import Product, Provider
from dxpilot.providers.tests.factories import (
    PDF,
    applied_provider,
    approved_provider,
    listed_product,
    product_data,
)
from dxpilot.testing import PASSWORD, World, client_for, valid_code

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_provider_registers_fills_in_and_submits_through_the_pages(world: World) -> None:
    client = client_for(None)
    response = client.post("/providers/register/", {
        "name": "合肥云帆数字科技有限公司", "credit_code": valid_code("91340100MA2TYF001"), "kind_key": "specialised",
        "contact_name": "王强", "contact_phone": "13600001111", "username": "yunfan", "password": PASSWORD,
    })  # fmt: skip
    provider = Provider.objects.get(name="合肥云帆数字科技有限公司")
    assert response.status_code == 302 and response.url == f"/providers/{provider.pk}/application/"
    page = client.get(response.url).content.decode()
    assert "请上传营业执照。" in page  # the checklist of what is still missing
    client.post(f"/providers/{provider.pk}/application/", {
        "name": provider.name, "kind_key": "specialised", "segment_keys": ["auto-parts", "nev"],
        "summary": "汽车零部件行业 MES 实施。", "contact_name": "王强", "contact_phone": "13600001111",
    })  # fmt: skip
    html = client.post(f"/providers/{provider.pk}/application/reference/",
                       {"reference-client_name": "合肥某车桥有限公司", "reference-title": "MES 一期"}, **HTMX).content.decode()  # fmt: skip
    assert html.startswith('<div id="references">') and "MES 一期" in html
    bad = SimpleUploadedFile("licence.pdf", b"GIF89a not a pdf")
    html = client.post(
        f"/providers/{provider.pk}/application/attachment/",
        {"attachment-kind": "licence", "attachment-file": bad},
        **HTMX,
    ).content.decode()
    assert "文件“licence.pdf”的内容不是允许的类型" in html
    good = SimpleUploadedFile("营业执照.pdf", PDF)
    client.post(
        f"/providers/{provider.pk}/application/attachment/",
        {"attachment-kind": "licence", "attachment-file": good},
        **HTMX,
    )
    response = client.post(f"/providers/{provider.pk}/submit/")
    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.status == Provider.Status.APPLIED


def test_registration_errors_are_shown_beside_their_fields(world: World) -> None:
    html = client_for(None).post("/providers/register/", {
        "name": "某公司", "credit_code": "91340100MA2TYF0010", "kind_key": "specialised",
        "contact_name": "王强", "contact_phone": "1", "username": "alice", "password": PASSWORD,
    }).content.decode()  # fmt: skip
    assert "统一社会信用代码“91340100MA2TYF0010”的校验位不正确。" in html
    assert "用户名“alice”已存在。" in html
    assert not Provider.objects.filter(name="某公司").exists()


def test_the_review_page_shows_the_quota_refusal(world: World) -> None:
    for _n in range(3):
        approved_provider(world)
    fourth, _user = applied_provider(world)
    client = client_for(world.city_admin)
    response = client.post(
        f"/providers/{fourth.pk}/review/",
        {"decision": "approve", "decision-reasons": "", "decision-revision": fourth.revision},
    )
    assert response.status_code == 200
    assert (
        "细分行业“汽车零部件及配件制造”的综合型服务商名额已满：名额 3 家，已入库 3 家。"
        in response.content.decode()
    )
    assert Provider.objects.get(pk=fourth.pk).status == Provider.Status.APPLIED


def test_a_stale_review_page_is_refused(world: World) -> None:
    provider, _user = applied_provider(world)
    client = client_for(world.city_admin)
    data = {"decision": "approve", "decision-reasons": "", "decision-revision": provider.revision}
    assert client.post(f"/providers/{provider.pk}/review/", data).status_code == 302
    html = client.post(
        f"/providers/{provider.pk}/review/",
        {**data, "decision": "return", "decision-reasons": "补材料"},
    ).content.decode()
    assert "该记录在您打开页面后已被处理（当前状态：已入库），请刷新页面后再操作。" in html


def test_review_and_sanctions_are_for_the_city_admin_only(world: World) -> None:
    provider, _user = applied_provider(world)
    assert client_for(world.officer_a).get(f"/providers/{provider.pk}/review/").status_code == 403
    assert (
        client_for(world.officer_a)
        .post(f"/providers/{provider.pk}/sanction/", {"decision": "warn"})
        .status_code
        == 403
    )
    assert (
        client_for(world.provider_user).get(f"/providers/{provider.pk}/review/").status_code == 404
    )  # not its own
    assert client_for(world.city_admin).get(f"/providers/{provider.pk}/submit/").status_code == 405


def test_the_full_profile_is_for_officials_and_the_provider_itself(world: World) -> None:
    provider, user = approved_provider(world)
    services.warn_provider(provider.pk, actor=world.city_admin, reasons="逾期未报送进度。")
    own = client_for(user).get(f"/providers/{provider.pk}/").content.decode()
    assert "逾期未报送进度。" in own and "对该决定提出申诉" in own
    assert "139****6666" in own  # contacts masked even here
    official = client_for(world.officer_a).get(f"/providers/{provider.pk}/").content.decode()
    assert "逾期未报送进度。" in official and "对该决定提出申诉" not in official
    assert client_for(world.provider_user).get(f"/providers/{provider.pk}/").status_code == 404
    assert client_for(world.enterprise_user).get(f"/providers/{provider.pk}/").status_code == 404
    assert client_for(None).get(f"/providers/{provider.pk}/").status_code == 302  # to the login


def test_the_provider_list_shows_the_quota_table(world: World) -> None:
    approved_provider(world)
    applied_provider(world)
    html = client_for(world.city_admin).get("/providers/").content.decode()
    assert "各细分行业名额使用情况" in html and "1 / 3（1）" in html
    assert client_for(world.provider_user).get("/providers/").status_code == 403


def test_a_provider_cannot_open_or_edit_another_providers_product(world: World) -> None:
    _provider, user = approved_provider(world)
    product = services.create_product(user.provider_id, product_data(), actor=user)
    other = client_for(world.provider_user)
    assert other.get(f"/providers/products/{product.pk}/").status_code == 404
    assert other.get(f"/providers/products/{product.pk}/edit/").status_code == 404
    assert other.post(f"/providers/products/{product.pk}/submit/").status_code == 404
    assert Product.objects.get(pk=product.pk).status == Product.Status.DRAFT


def test_a_product_is_registered_reviewed_and_listed_through_the_pages(world: World) -> None:
    _provider, user = approved_provider(world)
    owner = client_for(user)
    form = {
        "name": "注塑车间排产小程序", "kind": "software", "summary": "拖拽排产，一周上线。", "deployment": "saas",
        "price": "9800", "price_unit": "year", "implementation_days": "7", "segment_keys": ["auto-parts"],
        "sample_enterprise_name": "合肥某塑业有限公司", "sample_contract_date": "2024-01-15", "scene_4": "2",
    }  # fmt: skip
    response = owner.post("/providers/products/new/", form)
    product = Product.objects.get(name="注塑车间排产小程序")
    assert response.status_code == 302
    assert {s.scene: s.level for s in product.scenes.all()} == {"计划排程": 2}
    assert owner.post(f"/providers/products/{product.pk}/submit/").status_code == 302
    admin = client_for(world.city_admin)
    html = admin.post(f"/providers/products/{product.pk}/review/",
                      {"review-opinion": "", "review-paper_ok": "on", "review-revision": product.revision + 1}).content.decode()  # fmt: skip
    assert "评审未通过的环节：现场答辩与演示、技术测试。" in html
    admin.post(f"/providers/products/{product.pk}/review/", {"review-opinion": "通过", "review-paper_ok": "on", "review-demo_ok": "on",
                                                           "review-test_ok": "on", "review-revision": product.revision + 1})  # fmt: skip
    product.refresh_from_db()
    assert product.status == Product.Status.REVIEWED
    admin.post(
        f"/providers/products/{product.pk}/action/",
        {"decision": "list", "decision-reasons": "", "decision-revision": product.revision},
    )
    product.refresh_from_db()
    assert product.status == Product.Status.LISTED
    assert (
        "注塑车间排产小程序" in client_for(None).get("/catalogue/", {"q": "排产"}).content.decode()
    )


def test_the_product_list_counts_excellent_products_against_the_target(world: World) -> None:
    _provider, user = approved_provider(world)
    product = listed_product(world, user)
    services.select_excellent(
        product.pk, actor=world.city_admin, excellent=True, reasons="效果显著。"
    )
    html = client_for(world.city_admin).get("/providers/products/").content.decode()
    assert "1 / 20" in html


def test_attachments_download_only_in_scope_and_are_audited(world: World) -> None:
    provider, _user = applied_provider(world)
    attachment = provider.attachments.get()
    assert (
        client_for(world.provider_user).get(f"/providers/attachments/{attachment.pk}/").status_code
        == 404
    )
    response = client_for(world.city_admin).get(f"/providers/attachments/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    from dxpilot.audit.models import AuditEntry

    assert AuditEntry.objects.filter(
        action="provider.download_attachment", actor_id=world.city_admin.pk
    ).exists()


def test_the_navigation_offers_the_new_pages_by_role(world: World) -> None:
    admin = client_for(world.city_admin).get("/").content.decode()
    assert 'href="/providers/"' in admin and 'href="/catalogue/"' in admin
    pete = User.objects.get(username="pete")
    html = client_for(pete).get("/").content.decode()
    assert 'href="/providers/mine/"' in html and 'href="/providers/products/"' in html


def _queries(user: User, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(user)
    client.get(path)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_internal_lists_and_profiles_cost_the_same_queries_at_two_sizes(world: World) -> None:
    provider, user = approved_provider(world)
    listed_product(world, user, name="网关0号")
    pages = ("/providers/", "/providers/products/", f"/providers/{provider.pk}/")
    small = [_queries(world.city_admin, path) for path in pages] + [
        _queries(user, "/providers/products/")
    ]
    segments = ("power-equipment", "home-appliances", "nev", "ic", "pv")
    for n in range(1, 12):
        listed_product(world, user, name=f"网关{n}号")
        other, _u = approved_provider(world, "specialised", (segments[n % len(segments)],))
        services.warn_provider(other.pk, actor=world.city_admin, reasons="逾期。")
    services.warn_provider(provider.pk, actor=world.city_admin, reasons="逾期。")
    large = [_queries(world.city_admin, path) for path in pages] + [
        _queries(user, "/providers/products/")
    ]
    # The profile shows one more decision row (the warning): rows are prefetched, not queried.
    assert large == small
