"""The national field mapping file: the shipped proxy loads, covers every coded value, and a
broken file is refused with every problem named."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from dxpilot.national.mapping import load_mapping, parse_mapping
from dxpilot.national.records import CODED_SOURCES, SOURCES


def test_the_shipped_mapping_is_the_documented_proxy() -> None:
    mapping = load_mapping()
    assert mapping.version == "proxy-njha-2024.1"
    assert mapping.key == "creditCode"
    names = [f.name for f in mapping.fields]
    assert len(names) == len(set(names))
    assert {f.source for f in mapping.fields} <= set(SOURCES)
    # The proxy's names (njha-info-monitor field-map.js) for the fields it shows.
    by_source = {f.source: f.name for f in mapping.fields}
    assert by_source["name"] == "entName"
    assert by_source["credit_code"] == "creditCode"
    assert by_source["segment_name"] == "subdivideIndustry"
    assert by_source["before_level"] == "beforeLevel"
    assert by_source["before_constraint_scenes"] == "beforeConstraintScene"
    assert by_source["before_guidance_scenes"] == "beforeGuideScene"
    for field in mapping.fields:
        if field.codes:
            assert set(CODED_SOURCES[field.source]) <= set(mapping.codes[field.codes])


def test_apply_translates_codes_and_keeps_missing_values_empty() -> None:
    mapping = load_mapping()
    record = dict.fromkeys(SOURCES)
    record.update(
        credit_code="91340104MA2N000010", nature="private", size_class="small",
        above_scale=True, srdi_tier="little_giant", project_status="subsidised",
    )  # fmt: skip
    payload = mapping.apply(record)
    assert payload["creditCode"] == "91340104MA2N000010"
    assert payload["enterpriseNature"] == "2"
    assert payload["enterSize"] == "2"
    assert payload["statisticalScale"] == "1"
    assert payload["enterpriseSituation"] == "4"
    assert payload["projectStage"] == "08"
    assert payload["afterLevel"] is None
    record["above_scale"] = False
    assert mapping.apply(record)["statisticalScale"] == "2"


def test_a_broken_mapping_names_every_problem() -> None:
    text = """
version: v2
key: code
fields:
  - {source: name, name: entName, label: 企业全称}
  - {source: credit_code, name: code, label: 代码}
  - {source: salary, name: pay, label: 工资}
  - {source: name, name: entName, label: 重复}
  - {source: nature, name: nature, label: 性质, codes: nature}
  - {source: size_class, name: size, label: 规模, codes: sizes}
  - {source: name, name: n2, label: 名称, codes: nature}
codes:
  nature: {state: "1", private: "2"}
"""
    with pytest.raises(ValidationError) as caught:
        parse_mapping(text)
    messages = " ".join(caught.value.messages)
    assert "第 3 个字段：来源“salary”不是可报送的数据项。" in messages
    assert "第 4 个字段：字段名称“entName”重复。" in messages
    assert "代码表“nature”缺少取值：foreign、mixed、other。" in messages
    assert "代码表“sizes”未定义。" in messages
    assert "来源“name”没有固定取值，不能使用代码表。" in messages


def test_the_key_must_be_the_credit_code() -> None:
    text = """
version: v2
key: entName
fields:
  - {source: name, name: entName, label: 企业全称}
"""
    with pytest.raises(ValidationError) as caught:
        parse_mapping(text)
    assert caught.value.messages == ["key 字段应取自 credit_code（统一社会信用代码）。"]


@pytest.mark.parametrize("text", ["[1, 2", "- a list", ""])
def test_not_a_mapping_is_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_mapping(text)
