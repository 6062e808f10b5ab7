from __future__ import annotations

from django.test import Client

from dxpilot.testing import World


def test_world_builds_and_home_pages_render_for_every_persona(world: World) -> None:
    for user in (
        world.city_admin,
        world.officer_a,
        world.finance,
        world.assessor,
        world.enterprise_user,
        world.provider_user,
    ):
        client = Client()
        client.force_login(user)  # Client.login passes no request, which axes refuses
        response = client.get("/")
        assert response.status_code == 200, user.role
