"""Providers and products in every state, reached through the services (never raw rows)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from dxpilot.accounts.models import User
from dxpilot.providers import services
from dxpilot.providers.models import Product, Provider
from dxpilot.testing import PASSWORD, World, valid_code

IN_WINDOW = datetime(2024, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_serial = count(1)


def open_windows(world: World) -> None:
    """Hefei's 2024 windows are closed today: the city opens a supplementary round (for tests
    that run at the real date, such as the browser journeys)."""
    from django.utils import timezone

    from dxpilot.programs.models import Batch

    today = timezone.localdate()
    for kind in (Batch.Kind.PROVIDER, Batch.Kind.PRODUCT):
        Batch.objects.create(program=world.program, kind=kind, number=9, name="补充征集（测试）",
                             opens_on=today - timedelta(days=3), closes_on=today + timedelta(days=30))  # fmt: skip


def pdf(name: str = "营业执照.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def registration(kind: str = "comprehensive", **overrides: Any) -> services.RegistrationData:
    n = next(_serial)
    values: dict[str, Any] = {
        "credit_code": valid_code(f"91340100MA2T{n:05d}"),
        "name": f"合肥第{n}数字科技有限公司",
        "kind_key": kind,
        "username": f"provider{n}",
        "password": PASSWORD,
        "contact_name": "李娜",
        "contact_phone": "13955556666",
    }
    values.update(overrides)
    return services.RegistrationData(**values)


def applied_provider(world: World, kind: str = "comprehensive", segments: tuple[str, ...] = ("auto-parts",),
                     **overrides: Any) -> tuple[Provider, User]:  # fmt: skip
    """A provider that registered, completed its application and submitted it."""
    provider, user = services.register_provider(world.program, registration(kind, **overrides))
    services.update_application(
        provider.pk,
        services.ApplicationData(name=provider.name, kind_key=kind, segment_keys=list(segments),
                                 summary="专注汽车零部件行业的设备联网与生产管控。", contact_name="李娜",
                                 contact_phone="13955556666"),
        actor=user,
    )  # fmt: skip
    services.add_reference(provider.pk, actor=user, client_name="合肥某汽车零部件有限公司", title="车间设备联网改造",
                           contract_date=date(2023, 11, 20), amount=Decimal("45.00"))  # fmt: skip
    services.attach_document(provider.pk, actor=user, kind="licence", upload=pdf())
    services.submit_application(provider.pk, actor=user)
    provider.refresh_from_db()
    return provider, user


def approved_provider(world: World, kind: str = "comprehensive", segments: tuple[str, ...] = ("auto-parts",),
                      **overrides: Any) -> tuple[Provider, User]:  # fmt: skip
    provider, user = applied_provider(world, kind, segments, **overrides)
    services.approve_provider(provider.pk, actor=world.city_admin)
    provider.refresh_from_db()
    return provider, user


BASE_PRODUCT = services.ProductData(
    name="设备联网数据采集网关",
    kind="data_devices",
    summary="三天接入车间设备，实时采集开机、产量和能耗数据。",
    description="支持主流 PLC 与数控系统，断网续传，数据推送到云平台看板。",
    deployment="hybrid",
    price=Decimal("28000.00"),
    price_unit="set",
    implementation_days=15,
    sample_enterprise_name="合肥某精密部件有限公司",
    sample_contract_date=date(2023, 12, 1),
    scenes={"设备管理": 3, "能耗管理": 2},
    segment_keys=("auto-parts",),
)


def product_data(**overrides: Any) -> services.ProductData:
    return replace(BASE_PRODUCT, **overrides)


def submitted_product(world: World, user: User, **overrides: Any) -> Product:
    product = services.create_product(user.provider_id, product_data(**overrides), actor=user)  # type: ignore[arg-type]
    return services.submit_product(product.pk, actor=user)


def reviewed_product(world: World, user: User, **overrides: Any) -> Product:
    product = submitted_product(world, user, **overrides)
    return services.review_product(product.pk, actor=world.city_admin, opinion="三项评审均通过。",
                                   paper_ok=True, demo_ok=True, test_ok=True)  # fmt: skip


def listed_product(world: World, user: User, **overrides: Any) -> Product:
    product = reviewed_product(world, user, **overrides)
    return services.list_product(product.pk, actor=world.city_admin)
