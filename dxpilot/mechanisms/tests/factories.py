"""Mechanism models reached through the services (never raw rows)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from dxpilot.accounts.models import User
from dxpilot.mechanisms import services
from dxpilot.mechanisms.models import MechanismModel
from dxpilot.testing import World

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BASE = services.ModelData(
    name="数控机床主轴健康度预测模型",
    summary="根据主轴振动和电流预测剩余寿命，提前安排维护。",
    inputs="主轴振动、电流、温度",
    outputs="健康度评分、剩余寿命、故障预警",
    licence="free",
    scenes=("设备管理",),
    segment_keys=("auto-parts",),
    description="基于轴承退化机理与振动频谱特征的预测性维护模型。",
    api_url="https://models.example.cn/spindle/v1",
)


def model_data(**overrides: Any) -> services.ModelData:
    return replace(BASE, **overrides)


def pdf(name: str = "模型说明.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def draft(world: World, user: User | None = None, **overrides: Any) -> MechanismModel:
    return services.create_model(
        world.program, model_data(**overrides), actor=user or world.provider_user
    )


def listed(world: World, user: User | None = None, **overrides: Any) -> MechanismModel:
    model = draft(world, user, **overrides)
    services.submit_model(model.pk, actor=user or world.provider_user)
    return services.list_model(model.pk, actor=world.city_admin)
