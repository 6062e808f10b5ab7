"""The mechanism-model library: submission and review, search by Chinese words, usage counts,
scope, the catalogue panel and the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dxpilot.accounts.models import ApiToken
from dxpilot.audit.models import AuditEntry
from dxpilot.mechanisms import services
from dxpilot.mechanisms.models import MechanismModel, ModelStatus
from dxpilot.mechanisms.selectors import ModelFilters, search_models, visible_models
from dxpilot.mechanisms.tests.factories import draft, listed, model_data, pdf
from dxpilot.platforms.services import issue_platform_token
from dxpilot.platforms.tests.factories import make_platform, platform_client
from dxpilot.providers.models import Provider
from dxpilot.testing import World, bearer, client_for, issue_token


def names(filters: ModelFilters) -> list[str]:
    return [r.model.name for r in search_models(filters).results]


def test_a_provider_drafts_submits_and_the_city_lists_it_with_audit(world: World) -> None:
    model = draft(world)
    assert model.status == ModelStatus.DRAFT and model.provider_id == world.provider.pk
    services.attach_model_file(model.pk, pdf(), actor=world.provider_user)
    services.submit_model(model.pk, actor=world.provider_user)
    services.list_model(model.pk, actor=world.city_admin)
    model.refresh_from_db()
    assert model.status == ModelStatus.LISTED and model.listed_at is not None
    actions = list(
        AuditEntry.objects.filter(action__startswith="mechanisms.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "mechanisms.create",
        "mechanisms.attach",
        "mechanisms.submit",
        "mechanisms.list",
    ]


def test_every_broken_rule_is_named_and_nothing_is_written(world: World) -> None:
    bad = model_data(name=" ", inputs="", scenes=("飞行管理",), segment_keys=("rockets",),
                     licence="paid", licence_terms="", api_url="ftp://x")  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.create_model(world.program, bad, actor=world.provider_user)
    found = exc.value.message_dict
    assert found["name"] == ["“模型名称”不能为空。"]
    assert found["inputs"] == ["“输入”不能为空。"]
    assert found["scenes"] == ["“飞行管理”不是2024版评测指标中的应用场景。"]
    assert found["segment_keys"] == ["未知的细分行业：rockets。"]
    assert found["licence_terms"] == ["付费授权的模型须填写授权说明（收费标准）。"]
    assert found["api_url"] == ["接口地址“ftp://x”不是有效的 http(s) 网址。"]
    assert (
        MechanismModel.objects.count() == 0
        and not AuditEntry.objects.filter(action__startswith="mechanisms.").exists()
    )


def test_who_may_submit_and_review(world: World) -> None:
    for user in (world.enterprise_user, world.officer_a, world.city_admin):
        with pytest.raises(PermissionDenied):
            services.create_model(world.program, model_data(), actor=user)
    model = draft(world)
    with pytest.raises(PermissionDenied):
        services.list_model(model.pk, actor=world.officer_a)
    with pytest.raises(ValidationError) as exc:
        services.list_model(model.pk, actor=world.city_admin)  # still a draft
    assert "不能进行此操作" in exc.value.messages[0]
    Provider.objects.filter(pk=world.provider.pk).update(status=Provider.Status.SUSPENDED)
    with pytest.raises(PermissionDenied):
        services.submit_model(model.pk, actor=world.provider_user)


def test_a_model_needs_a_file_or_an_api_link_before_it_is_submitted(world: World) -> None:
    model = draft(world, api_url="")
    with pytest.raises(ValidationError) as exc:
        services.submit_model(model.pk, actor=world.provider_user)
    assert exc.value.messages == ["请上传模型文件或填写接口地址后再提交。"]
    with pytest.raises(ValidationError):
        services.attach_model_file(
            model.pk,
            pdf("x.exe").__class__("x.exe", b"MZ\x90\x00rest", "application/octet-stream"),
            actor=world.provider_user,
        )
    assert not model.files.exists()


def test_return_needs_reasons_and_reopens_the_draft_withdraw_hides_it(world: World) -> None:
    model = draft(world)
    services.submit_model(model.pk, actor=world.provider_user)
    with pytest.raises(ValidationError) as exc:
        services.return_model(model.pk, "  ", actor=world.city_admin)
    assert exc.value.message_dict["reasons"] == ["“审核意见”不能为空。"]
    services.return_model(model.pk, "请补充输入数据的采样频率。", actor=world.city_admin)
    model.refresh_from_db()
    assert model.status == ModelStatus.DRAFT and "采样频率" in model.review_note
    services.update_model(
        model.pk, model_data(inputs="主轴振动（10 kHz）、电流"), actor=world.provider_user
    )
    services.submit_model(model.pk, actor=world.provider_user)
    services.list_model(model.pk, actor=world.city_admin)
    with pytest.raises(ValidationError):
        services.update_model(model.pk, model_data(), actor=world.provider_user)  # listed: locked
    services.withdraw_model(model.pk, "授权到期。", actor=world.city_admin)
    assert names(ModelFilters()) == []


def test_search_finds_models_by_chinese_words_and_ranks_them(world: World) -> None:
    listed(world)
    listed(world, name="注塑工艺参数优化模型", summary="按模具温度和保压曲线推荐工艺参数。",
           inputs="模具温度、注射压力、保压时间", outputs="推荐工艺参数、良率预测", scenes=("工艺设计",),
           description="基于高分子流变机理。")  # fmt: skip
    draft(world, name="未上架的能耗模型", scenes=("能耗管理",))
    # Any query term matches; the model holding more (and rarer) terms ranks first.
    assert names(ModelFilters(q="预测性维护")) == [
        "数控机床主轴健康度预测模型",
        "注塑工艺参数优化模型",
    ]
    assert names(ModelFilters(q="注塑良率")) == ["注塑工艺参数优化模型"]
    assert names(ModelFilters(q="主轴振动")) == ["数控机床主轴健康度预测模型"]
    assert names(ModelFilters(q="能耗")) == []  # drafts are not found
    hit = search_models(ModelFilters(q="主轴寿命")).results[0]
    assert "主轴" in hit.matched
    assert names(ModelFilters(scene="工艺设计")) == ["注塑工艺参数优化模型"]
    assert names(ModelFilters(segment="auto-parts", q="维护")) == ["数控机床主轴健康度预测模型"]


def test_a_use_counts_once_per_download_or_api_call_and_is_audited(world: World) -> None:
    model = draft(world)
    item = services.attach_model_file(model.pk, pdf(), actor=world.provider_user)
    services.submit_model(model.pk, actor=world.provider_user)
    client = client_for(world.enterprise_user)
    # Before listing the enterprise does not even see it.
    assert client.get(f"/models/{model.pk}/files/{item.pk}/").status_code == 404
    services.list_model(model.pk, actor=world.city_admin)
    response = client.get(f"/models/{model.pk}/files/{item.pk}/")
    assert response.status_code == 200
    response = client.post(f"/models/{model.pk}/use/")
    assert response.status_code == 302 and response["Location"] == model.api_url
    model.refresh_from_db()
    assert model.usage_count == 2
    uses = AuditEntry.objects.filter(action="mechanisms.use")
    assert uses.count() == 2 and set(uses.values_list("kind", flat=True)) == {"read"}
    assert client_for(None).get(f"/models/{model.pk}/files/{item.pk}/").status_code == 302
    # The count is not a field anyone types: the form has no such field.
    assert "usage_count" not in client_for(world.provider_user).get("/models/new/").content.decode()


def test_scope_drafts_are_seen_by_their_submitter_and_the_city_only(world: World) -> None:
    mine = draft(world)
    public = listed(world, name="公开模型")
    assert set(visible_models(world.city_admin)) == {mine, public}
    assert set(visible_models(world.provider_user)) == {mine, public}
    assert list(visible_models(world.enterprise_user)) == [public]
    assert list(visible_models(None)) == [public]
    assert client_for(None).get(f"/models/{mine.pk}/").status_code == 404
    assert client_for(None).get(f"/models/{public.pk}/").status_code == 200
    assert client_for(world.officer_a).get(f"/models/{mine.pk}/edit/").status_code == 404
    assert client_for(world.enterprise_user).get("/models/manage/").status_code == 403
    assert client_for(world.city_admin).get("/models/manage/").status_code == 200


def test_the_search_page_and_the_catalogue_panel_cost_constant_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    listed(world)
    client = client_for(None)
    response = client.get("/models/?q=预测性维护")
    assert "数控机床主轴健康度预测模型" in response.content.decode()
    with django_assert_max_num_queries(12) as small:
        client.get("/models/?q=主轴")
    with django_assert_max_num_queries(12) as plain:
        client.get("/models/")
    for n in range(12):
        listed(world, name=f"主轴模型{n}", scenes=("设备管理", "生产管控"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/models/?q=主轴")
    with django_assert_max_num_queries(len(plain.captured_queries)):
        client.get("/models/")


def test_a_platform_submits_a_model_through_the_api_and_reads_the_library(world: World) -> None:
    platform = make_platform(world)
    issue_platform_token(platform.pk, actor=world.city_admin)
    client_user = platform_client(platform)
    token = issue_token(client_user, [ApiToken.Scope.MODELS_WRITE, ApiToken.Scope.MODELS_READ],
                        actor=world.city_admin)  # fmt: skip
    api = client_for(None)
    payload = {"name": "能耗基线模型", "summary": "按产量和气温给出能耗基线。", "inputs": "产量、气温、用电量",
               "outputs": "能耗基线、节能量", "licence": "open_source", "licence_terms": "Apache-2.0",
               "scenes": ["能耗管理"], "api_url": "https://platform.example.cn/energy"}  # fmt: skip
    response = api.post("/api/v1/models", payload, content_type="application/json", **bearer(token))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted" and body["platform_id"] == platform.pk
    refused = api.post("/api/v1/models", {**payload, "name": "x2", "scenes": ["飞行管理"]},
                       content_type="application/json", **bearer(token))  # fmt: skip
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["message"] == "“飞行管理”不是2024版评测指标中的应用场景。"
    assert MechanismModel.objects.count() == 1
    services.list_model(body["id"], actor=world.city_admin)
    found = api.get("/api/v1/models?q=能耗基线", **bearer(token)).json()
    assert [i["name"] for i in found["items"]] == ["能耗基线模型"] and found["items"][0]["matched"]
    one = api.get(f"/api/v1/models/{body['id']}", **bearer(token)).json()
    assert one["scenes"] == ["能耗管理"] and one["usage_count"] == 0 and one["matched"] == []
    hidden = draft(world, name="未上架模型")
    reader = issue_token(world.enterprise_user, [ApiToken.Scope.MODELS_READ])
    assert api.get(f"/api/v1/models/{hidden.pk}", **bearer(reader)).status_code == 404
    assert (
        api.post(
            "/api/v1/models", payload, content_type="application/json", **bearer(reader)
        ).status_code
        == 403
    )
    assert api.get("/api/v1/models", **bearer(reader)).json()["count"] == 1


def test_the_catalogue_shows_models_of_the_same_scene_next_to_a_product(
    world: World, django_assert_max_num_queries: Any
) -> None:
    from dxpilot.providers.tests.factories import approved_provider, listed_product, open_windows

    open_windows(world)
    _provider, seller = approved_provider(world)
    product = listed_product(world, seller)  # 设备管理, 能耗管理
    listed(world)  # 设备管理
    listed(world, name="注塑工艺参数优化模型", scenes=("工艺设计",))
    client = client_for(None)
    page = client.get(f"/catalogue/products/{product.pk}/").content.decode()
    assert "相同场景的工业机理模型" in page
    assert "数控机床主轴健康度预测模型" in page and "注塑工艺参数优化模型" not in page
    results = client.get("/catalogue/?scene=设备管理").content.decode()
    assert "数控机床主轴健康度预测模型" in results
    assert "注塑工艺参数优化模型" not in client.get("/catalogue/?scene=能耗管理").content.decode()
    with django_assert_max_num_queries(20) as small:
        client.get(f"/catalogue/products/{product.pk}/")
    for n in range(8):
        listed(world, name=f"设备模型{n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(f"/catalogue/products/{product.pk}/").content.decode()
    assert page.count('id="model-panel"') == 1
