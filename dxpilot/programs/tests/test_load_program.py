"""`load_program`: Hefei's file, a second city's file, idempotence, and broken files refused whole."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import CommandError, call_command

from dxpilot.audit.models import AuditEntry
from dxpilot.programs.models import (
    Batch,
    Division,
    Industry,
    Program,
    ProviderKind,
    Segment,
    Stage,
    Target,
)
from dxpilot.testing import HEFEI

pytestmark = pytest.mark.django_db

WUHU = Path(__file__).parent / "fixtures" / "wuhu.yaml"
MODELS = (Program, Division, Industry, Segment, Batch, Stage, Target, ProviderKind, AuditEntry)


def load(path: Path | str) -> str:
    out = StringIO()
    call_command("load_program", str(path), stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def hefei_data() -> dict[str, Any]:
    return yaml.safe_load(HEFEI.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def write(tmp_path: Path, data: dict[str, Any] | str, name: str = "broken.yaml") -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path) -> str:
    with pytest.raises(CommandError) as info:
        load(path)
    return str(info.value)


class TestHefeiProgramme:
    def test_it_loads_and_reports_the_rows_it_created(self) -> None:
        output = load(HEFEI)
        assert "Loaded programme hefei" in output
        # 1 programme + 13 divisions/zones + 33 industries + 10 segments + 5 batches + 3 stages
        # + 19 targets + 2 provider kinds
        assert "86 rows created, 0 updated" in output

    def test_it_keeps_nine_divisions_and_four_zones_as_separate_kinds(self) -> None:
        load(HEFEI)
        program = Program.objects.get(key="hefei")
        zones = program.divisions.filter(kind=Division.Kind.ZONE)
        divisions = program.divisions.exclude(kind=Division.Kind.ZONE)
        assert divisions.count() == 9
        assert zones.count() == 4
        assert divisions.filter(kind=Division.Kind.DISTRICT).count() == 4
        assert divisions.filter(kind=Division.Kind.COUNTY).count() == 4
        assert divisions.filter(kind=Division.Kind.COUNTY_CITY).get().name == "巢湖市"
        assert zones.get(code="340171").short_name == "合肥高新区"
        assert set(divisions.values_list("code", flat=True)).isdisjoint(
            zones.values_list("code", flat=True)
        )

    def test_it_loads_five_industry_groups_with_their_four_digit_classes(self) -> None:
        load(HEFEI)
        groups = Industry.objects.filter(parent__isnull=True)
        assert sorted(groups.values_list("code", flat=True)) == ["367", "382", "385", "397", "398"]
        classes = {
            group.code: sorted(Industry.objects.filter(parent=group).values_list("code", flat=True))
            for group in groups
        }
        assert classes["367"] == ["3670"]
        assert classes["382"] == ["3821", "3822", "3823", "3824", "3825", "3829"]
        assert len(classes["385"]) == 8
        assert len(classes["397"]) == 7
        assert len(classes["398"]) == 6
        assert all(code.startswith(group) for group, codes in classes.items() for code in codes)

    def test_it_loads_ten_segments_of_which_five_are_chains(self) -> None:
        load(HEFEI)
        program = Program.objects.get(key="hefei")
        assert program.segments.count() == 10
        chains = program.segments.filter(kind=Segment.Kind.CHAIN)
        assert sorted(chains.values_list("key", flat=True)) == [
            "display", "ic", "nev", "pv", "smart-appliances",
        ]  # fmt: skip
        assert not chains.filter(industries__isnull=False).exists()
        power = program.segments.get(key="power-equipment")
        assert list(power.industries.values_list("code", flat=True)) == ["382"]

    def test_it_loads_batches_with_windows_and_three_stages(self) -> None:
        load(HEFEI)
        program = Program.objects.get(key="hefei")
        assert program.batches.filter(kind=Batch.Kind.ENTERPRISE).count() == 3
        assert program.batches.filter(kind=Batch.Kind.PROVIDER).count() == 1
        assert program.batches.filter(kind=Batch.Kind.PRODUCT).count() == 1
        assert all(b.opens_on <= b.closes_on for b in program.batches.all())
        stages = list(program.stages.values_list("key", "starts_on", "ends_on"))
        assert [(k, str(s), str(e)) for k, s, e in stages] == [
            ("y2024", "2024-01-01", "2024-12-31"),
            ("y2025-q1q3", "2025-01-01", "2025-09-30"),
            ("y2025-q4", "2025-10-01", "2025-12-31"),
        ]

    def test_it_loads_the_plan_targets_and_the_national_per_segment_target(self) -> None:
        load(HEFEI)
        targets = {t.key: t for t in Program.objects.get(key="hefei").targets.all()}
        assert len(targets) == 19  # every quantified target of §二 and §三, and the national one
        assert all(t.metric for t in targets.values())
        assert targets["enterprises-l2"].value == 500
        assert targets["trained-people"].value == 2000
        assert (targets["trained-people"].unit, targets["trained-person-times"].unit) == (
            "人",
            "人次",
        )
        assert targets["output-per-mu-growth"].metric == "tax_per_mu_growth"
        assert targets["little-giants-champions"].value == 200
        assert targets["revenue-growth"].value == Decimal("0.15")
        assert targets["park-events"].per_year
        national = targets["above-scale-l2-share"]
        assert national.level == Target.Level.NATIONAL
        assert national.value == Decimal("0.9")
        assert national.per_segment
        assert [t.key for t in targets.values() if t.level == Target.Level.NATIONAL] == [
            "above-scale-l2-share"
        ]

    def test_it_loads_provider_quotas_and_the_subsidy_rule(self) -> None:
        load(HEFEI)
        program = Program.objects.get(key="hefei")
        quotas = dict(program.provider_kinds.values_list("name", "quota_per_segment"))
        assert quotas == {"综合型": 3, "专业型": 10}
        rule = program.subsidy_rule
        assert {y: Decimal(r) for y, r in rule["ratio_by_completion_year"].items()} == {
            "2024": Decimal("0.5"),
            "2025": Decimal("0.4"),
        }
        assert {lvl: Decimal(c) for lvl, c in rule["cap_by_level"].items()} == {
            "2": 300000,
            "3": 400000,
            "4": 500000,
        }
        eligible = {c["key"] for c in rule["categories"] if c["eligible"]}
        assert eligible == {"software", "cloud", "data_devices"}
        assert program.assessment_edition == "2024"
        assert program.central_fund_cap == Decimal(150000000)

    def test_it_audits_the_load_with_row_counts(self) -> None:
        load(HEFEI)
        entry = AuditEntry.objects.filter(action="program.load").get()
        assert entry.actor_label == "system"
        assert entry.changes == {"rows": {"created": 86, "updated": 0}}


class TestIdempotence:
    def test_a_second_run_creates_nothing_and_duplicates_nothing(self) -> None:
        load(HEFEI)
        before = row_counts()
        output = load(HEFEI)
        assert "0 rows created, 86 updated" in output
        after = row_counts()
        assert after.pop("AuditEntry") == before.pop("AuditEntry") + 1
        assert after == before
        assert Division.objects.filter(code="340104").count() == 1
        assert Segment.objects.get(key="auto-parts").industries.count() == 1

    def test_a_second_run_updates_a_changed_value_in_place(self, tmp_path: Path) -> None:
        load(HEFEI)
        data = hefei_data()
        data["provider_kinds"][0]["quota_per_segment"] = 4
        load(write(tmp_path, data, "hefei-changed.yaml"))
        assert ProviderKind.objects.get(key="comprehensive").quota_per_segment == 4
        assert ProviderKind.objects.count() == 2


class TestSecondCity:
    def test_the_second_city_file_loads_with_its_own_values(self) -> None:
        output = load(WUHU)
        assert "Loaded programme wuhu" in output
        program = Program.objects.get(key="wuhu")
        assert program.city == "芜湖市"
        assert program.divisions.exclude(kind=Division.Kind.ZONE).count() == 7
        assert program.divisions.filter(kind=Division.Kind.ZONE).count() == 2
        assert program.segments.count() == 5
        assert program.segments.filter(kind=Segment.Kind.CHAIN).count() == 2
        assert program.batches.count() == 3
        assert program.stages.count() == 2
        assert program.targets.count() == 4
        kinds = dict(program.provider_kinds.values_list("key", "quota_per_segment"))
        assert kinds == {"lead-contractor": 2, "specialist": 8, "support": None}
        rule = program.subsidy_rule
        assert {y: Decimal(r) for y, r in rule["ratio_by_completion_year"].items()} == {
            "2024": Decimal("0.3"),
            "2025": Decimal("0.3"),
            "2026": Decimal("0.25"),
        }
        assert {lvl: Decimal(c) for lvl, c in rule["cap_by_level"].items()} == {
            "2": 200000,
            "3": 350000,
            "4": 450000,
        }
        assert [Decimal(d["share"]) for d in rule["disbursement"]] == [
            Decimal("0.4"),
            Decimal("0.6"),
        ]
        assert program.enterprise_share_min == Decimal("0.85")
        assert program.acceptance_rule["apply_within_months"] == 2
        assert program.acceptance_rule["min_level"] == 2
        assert program.level_rules[1]["min_score"] == "45"
        assert "营销管理" in program.constraint_scenes
        assert "计划排程" in program.segments.get(key="robots").constraint_scenes

    def test_a_chain_may_list_four_digit_classes(self) -> None:
        load(WUHU)
        chain = Segment.objects.get(program__key="wuhu", key="nev-chain")
        assert sorted(chain.industries.values_list("code", flat=True)) == ["3660", "3841"]

    def test_both_cities_coexist_and_the_last_loaded_is_current(self) -> None:
        load(HEFEI)
        load(WUHU)
        from dxpilot.programs.selectors import current_program

        assert current_program() == Program.objects.get(key="wuhu")
        assert Program.objects.get(key="hefei").is_active is False
        assert Division.objects.filter(program__key="hefei").count() == 13
        assert Division.objects.filter(program__key="wuhu").count() == 9
        assert Industry.objects.filter(code="3670").exists()
        assert Industry.objects.filter(code="3491").exists()

    def test_no_activate_keeps_the_current_programme(self) -> None:
        load(HEFEI)
        call_command("load_program", str(WUHU), "--no-activate", stdout=StringIO())
        from dxpilot.programs.selectors import current_program

        assert current_program() == Program.objects.get(key="hefei")


class TestBrokenFiles:
    def test_it_refuses_invalid_yaml_naming_the_line(self, tmp_path: Path) -> None:
        message = refused(write(tmp_path, "key: x\nname: ok\n\tcity: y\n"))
        assert "第 3 行" in message
        assert "不是有效的 YAML" in message
        assert Program.objects.count() == 0

    def test_it_refuses_a_file_that_is_not_a_mapping(self, tmp_path: Path) -> None:
        message = refused(write(tmp_path, "- just\n- a list\n"))
        assert "方案文件的顶层应为键值对。" in message

    def test_it_refuses_an_unreadable_path(self, tmp_path: Path) -> None:
        message = refused(tmp_path / "missing.yaml")
        assert "Cannot read" in message

    def test_a_metric_planned_for_an_app_in_construction_loads(self, tmp_path: Path) -> None:
        """`chain_cases` will be registered by the cases app once it exists; until then the
        target loads and shows "no data source" (dxpilot.programs.metrics.PLANNED)."""
        from dxpilot.programs.metrics import PLANNED, REGISTRY

        assert "chain_cases" in PLANNED and "chain_cases" not in REGISTRY
        data = hefei_data()
        data["targets"] = [t for t in data["targets"] if t["metric"] == "chain_cases"]
        load(write(tmp_path, data, "planned.yaml"))
        assert Program.objects.get(key="hefei").targets.get().metric == "chain_cases"

    def test_it_refuses_a_metric_nobody_registers_or_plans(self, tmp_path: Path) -> None:
        data = hefei_data()
        data["targets"][0]["metric"] = "cloud_coverge"
        message = refused(write(tmp_path, data))
        assert "targets[0].metric: 统计口径“cloud_coverge”不存在" in message

    def test_it_lists_every_problem_and_writes_nothing(self, tmp_path: Path) -> None:
        data = hefei_data()
        data["key"] = "broken-city"  # any write would create rows under this key
        del data["name"]
        del data["targets"]
        data["divisions"][1]["code"] = "340102"
        data["segments"][0]["industries"] = ["999"]
        data["industries"][0]["classes"][0]["code"] = "3680"
        data["batches"][0]["opens_on"] = "2024-13-01"
        data["stages"][0] = {
            "key": "y2024",
            "name": "2024年",
            "starts_on": "2024-12-31",
            "ends_on": "2024-01-01",
        }
        data["subsidy"]["ratio_by_completion_year"][2024] = 1.5
        data["assessment"] = {"edition": "2099"}
        data["subsidy"]["disbursement"] = [
            {"key": "advance", "name": "预拨", "share": 0.5},
            {"key": "settlement", "name": "清算", "share": 0.4},
        ]
        before = row_counts()
        message = refused(write(tmp_path, data))
        expected = [
            "program.name: 缺少必填项。",
            "targets: 缺少必填项。",
            "divisions[1].code: 区划代码“340102”重复。",
            "segments[0].industries: 行业代码“999”未在 industries 中定义。",
            "industries[0].classes[0].code: 行业小类代码“3680”应为以“367”开头的4位数字。",
            "batches[0].opens_on: “2024-13-01”不是有效日期，应写作 YYYY-MM-DD。",
            "stages[0]: 结束日期 2024-01-01 早于开始日期 2024-12-31。",
            "subsidy.ratio_by_completion_year.2024: 数值 1.5 不能大于 1。",
            "assessment.edition: 评测指标版本“2099”未安装，已安装：2024。",
            "subsidy.disbursement: 各次拨付比例之和应为 1，当前为 0.9。",
        ]
        for line in expected:
            assert line in message
        assert f"({len(expected)} problems), nothing was written" in message
        assert row_counts() == before

    def test_a_broken_update_leaves_the_loaded_programme_untouched(self, tmp_path: Path) -> None:
        load(HEFEI)
        data = hefei_data()
        data["name"] = "改过的名称"
        data["divisions"].append({"code": "340199", "name": "新区", "kind": "district"})
        data["subsidy"]["cap_by_level"][2] = -1
        before = row_counts()
        message = refused(write(tmp_path, data))
        assert "subsidy.cap_by_level.2: 数值 -1 不能小于 0。" in message
        assert row_counts() == before
        assert Program.objects.get(key="hefei").name == "合肥市中小企业数字化转型城市试点"
        assert not Division.objects.filter(code="340199").exists()

    def test_it_refuses_an_impossible_unquoted_date_with_its_path(self, tmp_path: Path) -> None:
        # YAML itself turns 2024-13-01 into a date and fails; the loader must still name the field.
        text = (
            HEFEI.read_text(encoding="utf-8")
            .replace("opens_on: 2024-03-01", "opens_on: 2024-13-01")
            .replace("closes_on: 2024-08-31", "closes_on: 2024-02-30")
        )
        message = refused(write(tmp_path, text))
        assert "batches[0].opens_on: “2024-13-01”不是有效日期" in message
        assert "batches[1].closes_on: “2024-02-30”不是有效日期" in message
        assert Program.objects.count() == 0

    def test_it_refuses_unknown_scene_names_in_constraint_scenes(self, tmp_path: Path) -> None:
        data = yaml.safe_load(WUHU.read_text(encoding="utf-8"))
        data["assessment"]["constraint_scenes"] = ["产品设计", "元宇宙营销"]
        data["segments"][0]["constraint_scenes"] = ["生产管控", "太空制造"]
        message = refused(write(tmp_path, data))
        assert "assessment.constraint_scenes: 场景“元宇宙营销”不在评测指标中。" in message
        assert "segments[0].constraint_scenes: 场景“太空制造”不在评测指标中。" in message
        assert "(2 problems)" in message
        assert Program.objects.count() == 0

    def test_it_refuses_invalid_level_rules(self, tmp_path: Path) -> None:
        data = yaml.safe_load(WUHU.read_text(encoding="utf-8"))
        data["assessment"]["level_rules"] = [{"level": 2, "min_score": "40"}]
        message = refused(write(tmp_path, data))
        assert "assessment.level_rules: 等级判定规则无效" in message

    def test_it_refuses_a_constraint_set_too_small_for_the_level_rules(
        self, tmp_path: Path
    ) -> None:
        data = yaml.safe_load(WUHU.read_text(encoding="utf-8"))
        data["segments"][0]["constraint_scenes"] = ["产品设计", "生产管控", "质量管理", "设备管理"]
        message = refused(write(tmp_path, data))
        # Wuhu's rules need 5 (三级) and 7 (四级) constraint scenes at level.
        assert (
            "segments[0].constraint_scenes: 3级要求至少 5 个约束性场景达标，但这里只设置了 4 个"
            in message
        )
        assert "4级要求至少 7 个约束性场景达标" in message
        assert Program.objects.count() == 0

    def test_it_refuses_texts_longer_than_their_columns(self, tmp_path: Path) -> None:
        data = yaml.safe_load(WUHU.read_text(encoding="utf-8"))
        data["divisions"][0]["name"] = "区" * 61
        data["targets"][0]["name"] = "指标" * 61
        message = refused(write(tmp_path, data))
        assert "divisions[0].name: 不能超过 60 个字符（现为 61 个）。" in message
        assert "targets[0].name: 不能超过 120 个字符（现为 122 个）。" in message
        assert Program.objects.count() == 0

    def test_it_refuses_bad_kinds_keys_and_quotas(self, tmp_path: Path) -> None:
        data = yaml.safe_load(WUHU.read_text(encoding="utf-8"))
        data["divisions"][0]["kind"] = "province"
        data["segments"][1]["key"] = "Bad Key"
        data["segments"][2]["kind"] = "cluster"
        data["provider_kinds"][0]["quota_per_segment"] = -2
        data["targets"][0]["level"] = "county"
        data["targets"][3]["value"] = 90
        data["industries"][1]["code"] = "38"
        message = refused(write(tmp_path, data))
        assert "divisions[0].kind: 类型“province”无效" in message
        assert "segments[1].key: 标识“Bad Key”只能包含小写字母、数字和连字符。" in message
        assert "segments[2].kind: 类型“cluster”无效，可选：industry、chain。" in message
        assert "provider_kinds[0].quota_per_segment: 名额应为非负整数。" in message
        assert "targets[0].level: 层级“county”无效，可选：city、national。" in message
        assert "targets[3].value: 比例应写作 0 到 1 之间的小数，例如 0.15。" in message
        assert "industries[1].code: 行业大类代码“38”应为3位数字。" in message
        assert Program.objects.count() == 0

    def test_it_refuses_reversed_windows_everywhere(self, tmp_path: Path) -> None:
        data = yaml.safe_load(WUHU.read_text(encoding="utf-8"))
        data["period"] = {"starts_on": "2026-06-30", "ends_on": "2024-07-01"}
        data["batches"][0]["closes_on"] = "2024-07-01"
        data["subsidy"]["windows"]["contract"] = {"from": "2026-03-31", "to": "2024-07-01"}
        message = refused(write(tmp_path, data))
        assert "period: 结束日期 2024-07-01 早于开始日期 2026-06-30。" in message
        assert "batches[0]: 结束日期 2024-07-01 早于开始日期 2024-08-01。" in message
        assert "subsidy.windows.contract: 结束日期 2024-07-01 早于开始日期 2026-03-31。" in message
        assert Program.objects.count() == 0
