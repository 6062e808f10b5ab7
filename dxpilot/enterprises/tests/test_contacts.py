"""Contacts are masked on every page; the full values only through an audited reveal, by role."""

from __future__ import annotations

from dxpilot.audit.models import AuditEntry
from dxpilot.testing import World, client_for

PHONE, EMAIL, ACCOUNT = "13812345678", "zhangwei@example.cn", "6222021234567890123"
MASKED = ("张*", "138****5678", "z***@example.cn", "**** 0123")


def reveals(world: World) -> int:
    return AuditEntry.objects.filter(
        action="enterprise.reveal_contacts", object_id=str(world.enterprise_a.pk)
    ).count()


class TestDetailPage:
    def test_every_role_that_opens_it_sees_masked_contacts_only(self, world: World) -> None:
        for user in (world.city_admin, world.officer_a, world.finance, world.enterprise_user):
            response = client_for(user).get(f"/enterprises/{world.enterprise_a.pk}/")
            html = response.content.decode()
            assert response.status_code == 200, user.username
            for masked in MASKED:
                assert masked in html, (user.username, masked)
            for plain in (PHONE, EMAIL, ACCOUNT, "张伟"):
                assert plain not in html, (user.username, plain)

    def test_the_reveal_button_is_offered_only_to_roles_that_may_use_it(self, world: World) -> None:
        button = "显示完整联系方式"
        for user in (world.city_admin, world.officer_a, world.enterprise_user):
            html = client_for(user).get(f"/enterprises/{world.enterprise_a.pk}/").content.decode()
            assert button in html, user.username
        html = client_for(world.finance).get(f"/enterprises/{world.enterprise_a.pk}/").content
        assert button not in html.decode()

    def test_no_home_page_shows_a_plain_contact(self, world: World) -> None:
        for user in (world.city_admin, world.officer_a, world.finance, world.enterprise_user):
            html = client_for(user).get("/").content.decode()
            for plain in (PHONE, EMAIL, ACCOUNT):
                assert plain not in html, (user.username, plain)


class TestRevealContacts:
    def test_it_shows_full_contacts_to_admin_officer_and_the_enterprise(self, world: World) -> None:
        for user in (world.city_admin, world.officer_a, world.enterprise_user):
            response = client_for(user).post(f"/enterprises/{world.enterprise_a.pk}/contacts/")
            html = response.content.decode()
            assert response.status_code == 200, user.username
            for plain in (PHONE, EMAIL, ACCOUNT, "张伟"):
                assert plain in html, (user.username, plain)
            assert "本次查看已记入审计日志。" in html

    def test_each_reveal_writes_a_read_entry(self, world: World) -> None:
        client = client_for(world.officer_a, REMOTE_ADDR="172.16.0.4")
        client.post(f"/enterprises/{world.enterprise_a.pk}/contacts/")
        entry = AuditEntry.objects.filter(action="enterprise.reveal_contacts").get()
        assert entry.kind == AuditEntry.Kind.READ
        assert entry.actor_id == world.officer_a.pk
        assert entry.object_type == "enterprises.enterprise"
        assert entry.object_id == str(world.enterprise_a.pk)
        assert entry.ip == "172.16.0.4"
        assert PHONE not in str(entry.changes)

    def test_finance_gets_403_and_nothing_is_logged_as_read(self, world: World) -> None:
        response = client_for(world.finance).post(f"/enterprises/{world.enterprise_a.pk}/contacts/")
        assert response.status_code == 403
        assert PHONE not in response.content.decode()
        assert reveals(world) == 0

    def test_assessors_and_providers_cannot_reach_the_enterprise_at_all(self, world: World) -> None:
        # They have no enterprise in scope yet (assignments come later), so 404 before 403.
        for user in (world.assessor, world.provider_user):
            response = client_for(user).post(f"/enterprises/{world.enterprise_a.pk}/contacts/")
            assert response.status_code == 404, user.username
            assert PHONE not in response.content.decode()
        assert reveals(world) == 0

    def test_it_rejects_get(self, world: World) -> None:
        response = client_for(world.city_admin).get(
            f"/enterprises/{world.enterprise_a.pk}/contacts/"
        )
        assert response.status_code == 405
        assert reveals(world) == 0

    def test_anonymous_is_sent_to_login(self, world: World) -> None:
        from django.test import Client

        response = Client().post(f"/enterprises/{world.enterprise_a.pk}/contacts/")
        assert response.status_code == 302
        assert reveals(world) == 0

    def test_the_api_shows_only_the_masked_phone(self, world: World) -> None:
        response = client_for(world.city_admin).get(f"/api/v1/enterprises/{world.enterprise_a.pk}")
        body = response.json()
        assert body["contact_phone_masked"] == "138****5678"
        assert PHONE not in response.content.decode()
        assert ACCOUNT not in response.content.decode()
