"""Every page names an icon, and /favicon.ico leads to a file that exists (issue 12)."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.test import Client

from dxpilot.testing import World, client_for


def test_favicon_ico_redirects_to_an_existing_static_file(db: None) -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code in (200, 301)
    if response.status_code == 301:
        location = response["Location"]
        assert location.endswith("core/favicon.svg")
        assert finders.find("core/favicon.svg")


def test_the_base_template_links_the_icon(world: World) -> None:
    page = client_for(world.city_admin).get("/").content.decode()
    assert 'rel="icon"' in page
    assert "core/favicon.svg" in page
