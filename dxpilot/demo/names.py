"""Deterministic Chinese names and valid identifiers for demo data."""

from __future__ import annotations

import random

from dxpilot.enterprises.creditcode import check_character

BRAND_CHARS = (
    "华瑞德信恒泰丰宏远中科鑫源达安顺誉隆盛智博凯晟天元海辰汇通嘉禾明阳卓越星恒佳润国祥合力正元百川"
    "东方新宇金峰长江盛世永安旭日开元联创金桥锦程龙腾宝丰创新同济荣昌启明"
)
INDUSTRY_WORDS = {
    "367": ("汽车部件", "精密零部件", "汽配", "底盘系统", "车身件"),
    "382": ("电气", "电力设备", "开关", "输配电", "电控"),
    "385": ("电器", "家电", "厨电", "环境电器", "智能家居"),
    "397": ("电子", "半导体", "光电", "微电子", "显示器件"),
    "398": ("电子元件", "传感器", "电路", "新材料", "声学"),
}
SUFFIXES = ("有限公司", "有限公司", "有限公司", "股份有限公司", "科技有限公司")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强海燕红梅文博思远子涵雨欣"
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code(rng: random.Random) -> str:
    """A 9-character organisation code (GB 11714) with its own check character."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    total = sum(int(ch) * w for ch, w in zip(body, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def credit_code(rng: random.Random, division_code: str) -> str:
    region = division_code if division_code.isdigit() and len(division_code) == 6 else "340100"
    first17 = "91" + region + org_code(rng)
    return first17 + check_character(first17)


def enterprise_name(rng: random.Random, city: str, group: str) -> str:
    brand = "".join(rng.sample(BRAND_CHARS, 2))
    words = INDUSTRY_WORDS.get(group, ("科技", "智能制造", "实业"))
    return f"{city.removesuffix('市')}{brand}{rng.choice(words)}{rng.choice(SUFFIXES)}"


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))


def mobile(rng: random.Random) -> str:
    return (
        rng.choice(("138", "139", "150", "151", "186", "187", "177"))
        + f"{rng.randrange(10**8):08d}"
    )


def bank_account(rng: random.Random) -> str:
    return "6222" + "".join(str(rng.randrange(10)) for _ in range(15))
