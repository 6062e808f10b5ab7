"""Demo policies: the national and Hefei documents the reference cites (with their real issuers
and numbers), district supporting policies (§五.2 鼓励各县（市）区、开发区出台配套政策; invented for
the demo and marked “示例” in their titles), and notices, some already expired.

A step of dxpilot.demo.world. Dates are the documents' own where the reference gives them
(合政办〔2024〕12号 2024-05-28, 工信厅企业〔2024〕56号 2024-09-04, 工信部联企业〔2024〕239号
2024-12-12); the others are placeholders inside the right year. A programme that already has
policies is left alone, so a second run adds nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from dxpilot.accounts.models import User
from dxpilot.policies.models import Policy
from dxpilot.policies.search import index_policies
from dxpilot.programs.models import Division

# (kind, title, issuer, number, level, issued, expires, summary, conditions)
NATIONAL: tuple[tuple[Any, ...], ...] = (
    ("policy", "财政部 工业和信息化部关于开展中小企业数字化转型城市试点工作的通知", "财政部 工业和信息化部",
     "财建〔2023〕117号", "national", date(2023, 6, 1), None,
     "2023年起分三批遴选约100个城市开展中小企业数字化转型城市试点，中央财政对试点城市给予定额奖补，"
     "不低于80%用于支持中小企业数字化改造；试点企业改造后数字化水平须达到二级及以上。", {"pilot_only": True}),
    ("policy", "中小企业数字化水平评测指标（2024年版）", "工业和信息化部办公厅", "工信厅企业〔2024〕56号",
     "national", date(2024, 9, 4), None,
     "从数字化基础、经营、管理、成效四个维度评测中小企业数字化水平，分为一级至四级。", {}),
    ("policy", "中小企业数字化赋能专项行动方案（2025—2027年）", "工业和信息化部等部门", "工信部联企业〔2024〕239号",
     "national", date(2024, 12, 12), date(2027, 12, 31),
     "到2027年专精特新中小企业数字化转型“应改尽改”，推动百城试点、万企改造。", {"srdi_tiers": ["srdi", "little_giant"]}),
    ("policy", "关于做好2024年中小企业数字化转型城市试点工作的通知", "财政部办公厅 工业和信息化部办公厅",
     "财办建〔2024〕23号", "national", date(2024, 5, 10), None,
     "优先支持数字化转型需求迫切、具备一定数字化基础的专精特新中小企业。", {"srdi_tiers": ["srdi", "little_giant"]}),
    ("policy", "中小企业划型标准规定", "工业和信息化部 国家统计局 国家发展和改革委员会 财政部",
     "工信部联企业〔2011〕300号", "national", date(2011, 6, 18), None,
     "按从业人员、营业收入、资产总额等指标，将中小企业划分为中型、小型、微型三种类型。", {}),
)  # fmt: skip
CITY: tuple[tuple[Any, ...], ...] = (
    ("policy", "合肥市中小企业数字化转型试点城市建设实施方案", "合肥市人民政府办公室", "合政办〔2024〕12号",
     "city", date(2024, 5, 28), date(2025, 12, 31),
     "构建“1+4+N”中小企业数字化转型公共服务体系，实现“5522”工作目标；鼓励金融机构创新推出“数改贷”等产品，"
     "为试点企业提供高额度、低利率、长期限、快审批的专属金融服务。", {"pilot_only": True}),
    ("notice", "关于开展2024年第一批中小企业数字化转型试点企业申报工作的通知", "合肥市经济和信息化局", "",
     "city", date(2024, 3, 1), date(2024, 4, 30),
     "申报时间为2024年3月1日至4月30日，面向汽车零部件、家用电器、输配电装备等细分行业中小企业。", {}),
    ("notice", "关于开展2025年第一批中小企业数字化转型试点企业申报工作的通知", "合肥市经济和信息化局", "",
     "city", date(2025, 1, 6), date(2025, 3, 31),
     "申报时间为2025年1月6日至3月31日；规上工业中小企业优先。", {"scale": "above"}),
)  # fmt: skip


def _district_policies(divisions: list[Division]) -> list[tuple[Any, ...]]:
    """Supporting policies of the first districts (invented for the demo: "示例" in the title)."""
    rows = []
    for n, division in enumerate(divisions[:3], start=1):
        code = (division.short_name or division.name)[:2]
        rows.append(
            ("policy", f"{division.name}支持中小企业数字化转型若干措施（示例）", f"{division.name}人民政府办公室",
             f"{code}政办〔2024〕{n + 10}号", "district", date(2024, 7, n), date(2025, 12, 31),
             f"对{division.name}内完成数字化改造并通过验收的试点企业，在市级奖补基础上再给予配套支持；"
             "小型、微型企业优先。", {"divisions": [division.pk], "size_classes": ["small", "micro"]})
        )  # fmt: skip
    return rows


def create_policies(world: Any) -> None:
    program = world.program
    if Policy.objects.filter(program=program).exists():
        return
    today = timezone.localdate()
    city = User.objects.filter(username="demo-city").first()
    divisions = list(program.divisions.exclude(kind=Division.Kind.ZONE).order_by("order", "code"))
    rows = [*NATIONAL, *CITY, *_district_policies(divisions)]
    policies, links = [], []
    for kind, title, issuer, number, level, issued, expires, summary, conditions in rows:
        if issued > today:
            continue
        policy = Policy(
            program=program, kind=kind, title=title, issuer=issuer, number=number, level=level,
            issued_on=issued, effective_on=issued, expires_on=expires, summary=summary,
            size_classes=conditions.get("size_classes", []),
            srdi_tiers=conditions.get("srdi_tiers", []), scale=conditions.get("scale", "any"),
            pilot_only=conditions.get("pilot_only", False), created_by=city,
        )  # fmt: skip
        policies.append(policy)
        links.append(conditions.get("divisions", []))
    Policy.objects.bulk_create(policies)
    through = Policy.divisions.through
    through.objects.bulk_create(
        through(policy_id=p.pk, division_id=d)
        for p, ids in zip(policies, links, strict=True)
        for d in ids
    )
    index_policies(p.pk for p in policies)
    world.counts["policies"] = len(policies)
