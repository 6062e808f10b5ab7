"""Demo honours: the recognitions the honour KPIs count (小巨人 from the enterprises' SRDI tier,
a few 单项冠军, 灯塔工厂, 数字领航 and listings among the pilots), each with a document number and
the demo evidence file, recorded by the demo city admin. Some titles predate the programme
period, so the KPI shows an exclusion. Document numbers derive from the enterprise, so a second
run adds nothing."""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from dxpilot.accounts.models import Role, User
from dxpilot.enterprises.models import Enterprise, Honour, HonourKind, SrdiTier

DEMO_FILE = "honours/demo/示例认定文件.pdf"
DEMO_PDF = b"%PDF-1.4\n% dxpilot demo honour\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SHA = hashlib.sha256(DEMO_PDF).hexdigest()
ISSUERS: dict[str, tuple[str, str]] = {
    HonourKind.LITTLE_GIANT: ("工业和信息化部", "工信厅企业函〔{y}〕{n}号"),
    HonourKind.SINGLE_CHAMPION: ("工业和信息化部、中国工业经济联合会", "工信部联企业〔{y}〕{n}号"),
    HonourKind.LIGHTHOUSE: ("世界经济论坛", "WEF-GLN-{y}-{n}"),
    HonourKind.DIGITAL_NAVIGATOR: ("工业和信息化部", "工信厅信发函〔{y}〕{n}号"),
    HonourKind.LISTED: ("上海证券交易所", "688{n:03d}"),
}
# One pilot in this many gets each rarer honour.
EVERY = {
    HonourKind.SINGLE_CHAMPION: 15,
    HonourKind.LIGHTHOUSE: 40,
    HonourKind.DIGITAL_NAVIGATOR: 35,
    HonourKind.LISTED: 30,
}


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def create_honours(world: Any) -> None:
    program = world.program
    city = User.objects.filter(role=Role.CITY_ADMIN, is_active=True).order_by("pk").first()
    if city is None:
        return
    last = min(program.ends_on, timezone.localdate())
    first = program.starts_on - timedelta(days=730)  # some were held before the programme
    enterprises = Enterprise.objects.filter(program=program).order_by("pk")
    giants = enterprises.filter(srdi_tier=SrdiTier.LITTLE_GIANT).values_list("pk", flat=True)
    rows: list[tuple[int, str]] = [(pk, HonourKind.LITTLE_GIANT) for pk in giants]
    for n, pk in enumerate(enterprises.filter(is_pilot=True).values_list("pk", flat=True)):
        rows.extend((pk, kind) for kind, every in EVERY.items() if n % every == every // 2)
    if not default_storage.exists(DEMO_FILE):
        default_storage.save(DEMO_FILE, ContentFile(DEMO_PDF))
    honours = []
    for pk, kind in rows:
        rng = random.Random(f"{pk}-{kind}")
        on = _day(rng, first, last)
        issuer, number = ISSUERS[kind]
        honours.append(
            Honour(
                enterprise_id=pk,
                kind=kind,
                awarded_on=on,
                issuer=issuer,
                document_number=number.format(y=on.year, n=pk % 1000),
                evidence=DEMO_FILE,
                original_name="示例认定文件.pdf",
                content_type="application/pdf",
                size=len(DEMO_PDF),
                sha256=SHA,
                recorded_by=city,
            )
        )
    before = Honour.objects.count()
    Honour.objects.bulk_create(honours, batch_size=2000, ignore_conflicts=True)
    world.counts["honours"] = Honour.objects.count() - before
