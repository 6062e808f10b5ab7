"""Honours of an enterprise: recorded by an official with its document and evidence, audited,
scoped; refusals in Chinese with nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dxpilot.audit.models import AuditEntry
from dxpilot.enterprises.models import Honour, HonourKind
from dxpilot.enterprises.services import HonourData, record_honour
from dxpilot.testing import World, client_for

TODAY = date(2025, 6, 2)


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=True):
        yield


def pdf(tag: str = "honour") -> SimpleUploadedFile:
    content = b"%PDF-1.4\n% " + tag.encode() + b"\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    return SimpleUploadedFile(f"{tag}.pdf", content, content_type="application/pdf")


def data(**overrides: Any) -> HonourData:
    fields: dict[str, Any] = {
        "kind": HonourKind.LITTLE_GIANT,
        "awarded_on": date(2024, 8, 1),
        "issuer": "工业和信息化部",
        "document_number": "工信厅企业函〔2024〕216号",
        "title": "第六批专精特新“小巨人”企业",
    }
    fields.update(overrides)
    return HonourData(**fields)


def refusal(world: World, actor: Any, enterprise_id: int, **kwargs: Any) -> dict[str, list[str]]:
    entries, files = AuditEntry.objects.count(), Honour.objects.count()
    with pytest.raises(ValidationError) as caught:
        record_honour(enterprise_id, kwargs.pop("honour", data()), actor=actor, **kwargs)
    assert Honour.objects.count() == files and AuditEntry.objects.count() == entries
    return caught.value.message_dict


def test_an_official_records_an_honour_with_its_document_and_evidence(
    world: World, media_root: Path
) -> None:
    honour = record_honour(world.enterprise_a.pk, data(), actor=world.officer_a, evidence=pdf())
    assert honour.recorded_by == world.officer_a
    assert honour.content_type == "application/pdf" and len(honour.sha256) == 64
    assert (media_root / honour.evidence.name).exists()
    entry = AuditEntry.objects.get(action="enterprise.honour")
    assert entry.actor_id == world.officer_a.pk
    assert entry.changes["document_number"] == "工信厅企业函〔2024〕216号"
    assert entry.changes["sha256"] == honour.sha256


def test_an_honour_without_evidence_is_refused(world: World, media_root: Path) -> None:
    errors = refusal(world, world.city_admin, world.enterprise_a.pk, evidence=None)
    assert errors["evidence"] == ["请上传认定文件或公告等佐证材料。"]
    assert not media_root.exists() or not any(media_root.rglob("*.pdf"))


def test_a_date_in_the_future_is_refused_with_every_other_reason(world: World) -> None:
    honour = data(awarded_on=date(2025, 6, 3), issuer=" ", document_number="")
    errors = refusal(world, world.city_admin, world.enterprise_a.pk, honour=honour, evidence=pdf())
    assert errors["awarded_on"] == ["认定日期 2025-06-03 晚于今天，不能登记尚未发生的认定。"]
    assert errors["issuer"] == ["请填写认定机构（发文单位或交易所）。"]
    assert "文号" in errors["document_number"][0]


def test_an_enterprise_out_of_scope_is_refused(world: World) -> None:
    """bob's scope is 蜀山区; enterprise_b is in 包河区."""
    errors = refusal(world, world.officer_a, world.enterprise_b.pk, evidence=pdf())
    assert errors["enterprise"] == ["没有找到该企业，或该企业不在您的数据范围内。"]


@pytest.mark.parametrize("persona", ["enterprise_user", "finance", "assessor"])
def test_only_officials_of_the_registry_record_honours(world: World, persona: str) -> None:
    errors = refusal(world, getattr(world, persona), world.enterprise_a.pk, evidence=pdf())
    assert errors["enterprise"] == ["只有市级或县区主管部门可以登记企业荣誉。"]


def test_a_file_that_is_not_a_document_is_refused(world: World) -> None:
    fake = SimpleUploadedFile("notice.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    errors = refusal(world, world.city_admin, world.enterprise_a.pk, evidence=fake)
    assert "不是允许的类型" in errors["evidence"][0]


def test_the_same_document_is_not_recorded_twice(world: World) -> None:
    record_honour(world.enterprise_a.pk, data(), actor=world.city_admin, evidence=pdf())
    errors = refusal(world, world.city_admin, world.enterprise_a.pk, evidence=pdf("again"))
    assert errors["document_number"] == ["该企业已按此文号登记过同类荣誉，不能重复登记。"]


def test_the_form_on_the_enterprise_page_records_and_the_list_shows_it(world: World) -> None:
    client = client_for(world.officer_a)
    page = client.get(f"/enterprises/{world.enterprise_a.pk}/")
    assert "荣誉与认定" in page.content.decode() and "登记荣誉" in page.content.decode()
    url = f"/enterprises/{world.enterprise_a.pk}/honours/new/"
    refused = client.post(url, {"kind": "lighthouse", "awarded_on": "2025-01-10",
                                "issuer": "世界经济论坛", "document_number": "WEF-2025-01"})  # fmt: skip
    assert refused.status_code == 400
    assert "请上传认定文件或公告等佐证材料。" in refused.content.decode()
    assert not Honour.objects.exists()
    done = client.post(url, {"kind": "lighthouse", "awarded_on": "2025-01-10",
                             "issuer": "世界经济论坛", "document_number": "WEF-2025-01",
                             "evidence": pdf()})  # fmt: skip
    assert done.status_code == 302
    honour = Honour.objects.get()
    listing = client.get("/enterprises/honours/", {"kind": "lighthouse"}).content.decode()
    assert "WEF-2025-01" in listing and world.enterprise_a.name in listing
    other = client.get("/enterprises/honours/", {"kind": "listed"}).content.decode()
    assert "WEF-2025-01" not in other
    download = client.get(f"/enterprises/honours/{honour.pk}/file/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(action="enterprise.honour_download").exists()


def test_honours_are_scoped_like_their_enterprise(world: World) -> None:
    honour = record_honour(world.enterprise_a.pk, data(), actor=world.city_admin, evidence=pdf())
    carol = client_for(world.officer_b)  # 包河区: enterprise_a is not hers
    assert carol.get(f"/enterprises/honours/{honour.pk}/file/").status_code == 404
    assert "工信厅企业函" not in carol.get("/enterprises/honours/").content.decode()
    assert carol.get(f"/enterprises/{world.enterprise_a.pk}/honours/new/").status_code == 404
    assert client_for(world.enterprise_user).get("/enterprises/honours/").status_code == 403
