"""Error pages say, in Chinese, what happened and what to do."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import path

from dxpilot.core import views
from dxpilot.testing import World, client_for


def test_an_unknown_url_renders_the_chinese_404_page(world: World, settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    response = client_for(world.officer_a).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "没有找到您要的内容" in html
    assert "请从导航重新进入" in html
    assert 'href="/"' in html


def test_anonymous_visitors_get_the_same_404_page(db: None, settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "没有找到您要的内容" in response.content.decode()


def test_an_out_of_scope_id_renders_the_404_page(world: World, settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    response = client_for(world.officer_a).get(f"/enterprises/{world.enterprise_b.pk}/")
    assert "没有找到您要的内容" in response.content.decode()
    assert world.enterprise_b.name not in response.content.decode()


def test_permission_denied_renders_the_403_page_with_its_message(
    world: World, settings: object
) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    response = client_for(world.enterprise_user).get("/enterprises/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "您没有权限进行此操作" in html
    assert "企业名录仅对主管部门开放。" in html
    assert "请联系市级管理员" in html


def test_the_500_page_renders_without_the_database(db: None) -> None:
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "系统暂时出错了" in html
    assert "出错的操作已整体撤销" in html


def boom(request: object) -> None:
    raise RuntimeError("simulated failure")


# A URLconf of this module's own, so a view can fail on purpose.
urlpatterns = [path("boom/", boom)]
handler500 = "dxpilot.core.views.server_error"


@pytest.mark.urls("dxpilot.core.tests.test_error_pages")
def test_an_uncaught_error_renders_the_500_page(db: None, settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert "系统暂时出错了" in response.content.decode()
    assert "simulated failure" not in response.content.decode()
