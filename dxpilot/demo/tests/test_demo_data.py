"""`demo_data`: a consistent world (every role, valid credit codes, quotas held), idempotent."""

from __future__ import annotations

from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from dxpilot.accounts.models import Role, User
from dxpilot.accounts.selectors import DEMO_PASSWORD
from dxpilot.enterprises.creditcode import is_valid_credit_code
from dxpilot.enterprises.models import Enterprise
from dxpilot.enterprises.sizing import size_class
from dxpilot.programs.models import Division, Program
from dxpilot.providers.models import Provider

WUHU = Path(__file__).resolve().parents[2] / "programs" / "tests" / "fixtures" / "wuhu.yaml"
HUMAN_ROLES = set(Role.values) - {Role.API_CLIENT}


def demo(*args: str) -> str:
    out = StringIO()
    call_command("demo_data", "--scale", "small", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "enterprises": Enterprise.objects.count(),
        "providers": Provider.objects.count(),
        "users": User.objects.count(),
        "provider_segments": Provider.segments.through.objects.count(),
        "user_divisions": User.divisions.through.objects.count(),
    }


def assert_quotas_hold(program: Program) -> None:
    links = Provider.segments.through.objects.filter(provider__program=program)
    per_segment_kind = Counter(links.values_list("segment_id", "provider__kind_id"))
    quotas = dict(program.provider_kinds.values_list("pk", "quota_per_segment"))
    for (segment_id, kind_id), n in per_segment_kind.items():
        quota = quotas[kind_id]
        assert quota is None or n <= quota, (segment_id, kind_id, n, quota)


@pytest.fixture
def small_world(program: Program) -> Program:
    demo()
    return program


class TestSmallScale:
    def test_it_creates_users_for_every_role(self, small_world: Program) -> None:
        roles = set(User.objects.values_list("role", flat=True))
        assert roles >= HUMAN_ROLES
        for name in ("demo-city", "demo-district", "demo-finance", "demo-assessor",
                     "demo-enterprise", "demo-provider"):  # fmt: skip
            assert User.objects.filter(username=name).exists(), name

    def test_it_creates_about_two_hundred_enterprises_with_valid_credit_codes(
        self, small_world: Program
    ) -> None:
        enterprises = Enterprise.objects.filter(program=small_world)
        assert 190 <= enterprises.count() <= 200
        codes = list(enterprises.values_list("credit_code", flat=True))
        assert all(is_valid_credit_code(code) for code in codes)
        assert len(set(codes)) == len(codes)

    def test_enterprises_are_consistent_with_the_programme(self, small_world: Program) -> None:
        divisions = set(small_world.divisions.values_list("pk", flat=True))
        for e in Enterprise.objects.filter(program=small_world).select_related("division", "zone"):
            assert e.division_id in divisions
            assert e.division.kind != Division.Kind.ZONE
            assert e.zone is None or e.zone.kind == Division.Kind.ZONE
            assert len(e.industry.code) == 4
            assert e.size_class == size_class(e.employees, e.revenue)

    def test_enterprises_are_spread_over_divisions(self, small_world: Program) -> None:
        used = Enterprise.objects.values_list("division_id", flat=True).distinct()
        assert len(used) >= 5

    def test_providers_stay_within_the_quota_per_segment_and_kind(
        self, small_world: Program
    ) -> None:
        assert Provider.objects.filter(program=small_world).exists()
        assert all(
            is_valid_credit_code(c) for c in Provider.objects.values_list("credit_code", flat=True)
        )
        assert_quotas_hold(small_world)

    def test_the_demo_district_officer_sees_only_their_divisions(
        self, small_world: Program
    ) -> None:
        from dxpilot.enterprises.selectors import visible_enterprises

        officer = User.objects.get(username="demo-district")
        bound = set(officer.divisions.values_list("pk", flat=True))
        visible = visible_enterprises(officer)
        assert visible.exists()
        assert visible.count() < Enterprise.objects.count()
        for e in visible:
            assert e.division_id in bound or e.zone_id in bound

    def test_the_demo_logins_work(self, small_world: Program) -> None:
        for name in ("demo-city", "demo-enterprise"):
            client = Client()
            response = client.post(
                "/accounts/login/", {"username": name, "password": DEMO_PASSWORD}
            )
            assert response.status_code == 302, name
            assert client.get("/").status_code == 200

    def test_personal_data_is_encrypted(self, small_world: Program) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT contact_phone FROM enterprises_enterprise LIMIT 5")
            assert all(row[0].startswith("fernet:") for row in cursor.fetchall())


class TestIdempotence:
    def test_running_it_twice_adds_nothing(self, small_world: Program) -> None:
        before = counts()
        output = demo()
        assert counts() == before
        assert "enterprises: +0" in output
        assert "users: +0" in output

    def test_another_seed_adds_a_second_world_but_keeps_the_quotas(
        self, small_world: Program
    ) -> None:
        before = counts()
        demo("--seed", "7")
        assert counts()["enterprises"] > before["enterprises"]
        assert_quotas_hold(small_world)


class TestWithoutAProgramme:
    def test_it_refuses_and_says_what_to_do(self, db: None) -> None:
        with pytest.raises(CommandError, match="load_program"):
            demo()


class TestSecondCity:
    def test_it_builds_a_world_for_another_city(self, db: None) -> None:
        call_command("load_program", str(WUHU), stdout=StringIO())
        demo()
        wuhu = Program.objects.get(key="wuhu")
        enterprises = Enterprise.objects.filter(program=wuhu)
        assert enterprises.count() >= 190
        assert set(enterprises.values_list("division__program__key", flat=True)) == {"wuhu"}
        assert set(enterprises.values_list("industry__code", flat=True)) <= {
            "3491", "3492", "3493", "3841", "3849", "3660",
        }  # fmt: skip
        assert enterprises.filter(name__startswith="芜湖").count() == enterprises.count()
        assert_quotas_hold(wuhu)
        assert set(User.objects.values_list("role", flat=True)) >= HUMAN_ROLES


def test_if_empty_adds_nothing_to_a_database_with_enterprises_and_prints_the_logins(
    program: object,
) -> None:
    from io import StringIO

    from django.core.management import call_command

    from dxpilot.enterprises.models import Enterprise

    call_command("demo_data", "--if-empty", stdout=StringIO())
    count = Enterprise.objects.count()
    assert count == 200
    out = StringIO()
    call_command("demo_data", "--if-empty", "--print-logins", stdout=out)
    assert Enterprise.objects.count() == count
    text = out.getvalue()
    assert "already has data" in text
    assert "demo-city" in text and "Demo-2024-pilot" in text
