"""The enterprise page shows the sections the higher apps register (enterprises.panels), for the
viewer: assessments within the viewer's assessment scope, the arrange button only for the roles
that may arrange, the project timeline link."""

from __future__ import annotations

from dxpilot.enterprises import panels
from dxpilot.enterprises.panels import Panel
from dxpilot.testing import World, client_for


def page(world: World, user: object) -> str:
    response = client_for(user).get(f"/enterprises/{world.enterprise_a.pk}/")  # type: ignore[arg-type]
    assert response.status_code == 200
    return response.content.decode()


def test_the_registered_panels_appear_in_order(world: World) -> None:
    html = page(world, world.city_admin)
    assessment, project = html.index("数字化水平评测"), html.index("转型项目（一企一案）")
    assert assessment < project
    assert "安排现场评测" in html
    assert f"/projects/enterprise/{world.enterprise_a.pk}/timeline/" in html


def test_only_officials_who_arrange_assessments_get_the_button(world: World) -> None:
    assert "安排现场评测" in page(world, world.officer_a)
    for user in (world.finance, world.enterprise_user):
        assert "安排现场评测" not in page(world, user)


def test_a_source_may_show_nothing_to_a_viewer(world: World) -> None:
    def hidden(user: object, enterprise: object) -> Panel | None:
        return None

    shown = len(panels.panels_for(world.city_admin, world.enterprise_a))
    panels.register(hidden, order=99)
    try:
        # The registered sources (honours, assessment, projects, platforms, policies) and not the
        # hidden one.
        assert len(panels.panels_for(world.city_admin, world.enterprise_a)) == shown == 5
    finally:
        panels._sources[:] = [s for s in panels._sources if s[1] is not hidden]
