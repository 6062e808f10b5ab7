"""Demo mechanism models: a library covering the 16 scenes of the 2024 standard, offered by
providers in the pool and by the demo platforms, mostly listed (a few awaiting review or drafts),
with uses recorded as audited uses (the count is never typed, here either).

A step of dxpilot.demo.world, after the catalogue and the platforms. Deterministic: its own seeded
generator. A programme that already has models is left alone, so a second run adds nothing.
"""

from __future__ import annotations

import random
from typing import Any

from django.db.models import F
from django.utils import timezone

from dxpilot.accounts.models import User
from dxpilot.audit.models import AuditEntry
from dxpilot.audit.services import Event, record_many
from dxpilot.mechanisms.models import MechanismModel, ModelScene, ModelStatus
from dxpilot.mechanisms.search import index_models
from dxpilot.platforms.models import Platform
from dxpilot.providers.models import Provider

# (name, scenes, inputs, outputs, licence, summary)
MODELS: tuple[tuple[str, tuple[str, ...], str, str, str, str], ...] = (
    ("数控机床主轴健康度预测模型", ("设备管理",), "主轴振动、电流、温度", "健康度评分、剩余寿命、故障预警", "free",
     "根据主轴振动和电流预测剩余寿命，提前安排预测性维护。"),
    ("空压机群控节能模型", ("能耗管理", "设备管理"), "压力、流量、功率", "启停策略、节电量", "paid",
     "按用气需求调度多台空压机，降低空载能耗。"),
    ("注塑工艺参数优化模型", ("工艺设计", "质量管理"), "模具温度、注射压力、保压时间", "推荐工艺参数、良率预测", "paid",
     "按模具温度和保压曲线推荐工艺参数，减少试模次数。"),
    ("焊接质量在线判定模型", ("质量管理",), "焊接电流、电压、送丝速度", "焊缝合格判定、缺陷类型", "free",
     "焊接过程数据实时判定焊缝质量，不合格品当场拦截。"),
    ("车间排产优化模型", ("计划排程", "生产管控"), "订单、工艺路线、设备产能", "排产计划、交期预测", "paid",
     "考虑换型时间和设备产能的有限能力排产。"),
    ("电机能效评估模型", ("能耗管理",), "电压、电流、转速、负载率", "能效等级、节能潜力", "open_source",
     "按国家能效标准评估在用电机，给出更新建议。"),
    ("仓储库位优化模型", ("仓储物流",), "出入库记录、物料尺寸、库位", "库位分配、拣货路径", "free",
     "按物料周转率分配库位，缩短拣货路径。"),
    ("产品结构参数化设计模型", ("产品设计",), "设计参数、约束条件", "三维模型、BOM", "paid",
     "典型零部件参数化建模，改几个参数生成新规格。"),
    ("供应商交付风险评估模型", ("采购管理", "决策支持"), "历史交付、质量记录、产能", "风险等级、备选建议", "free",
     "按历史交付和质量记录给供应商打分，提前预警断供。"),
    ("销售需求预测模型", ("营销管理",), "历史订单、季节、促销", "分品类需求预测", "open_source",
     "按历史订单和季节因素预测分品类需求。"),
    ("安全生产风险识别模型", ("安全生产",), "视频、气体浓度、人员定位", "风险事件、告警", "paid",
     "视频与传感器联合识别未戴安全帽、可燃气体超标等风险。"),
    ("售后故障诊断知识模型", ("售后服务",), "故障现象、设备型号、维修记录", "可能原因、维修方案", "free",
     "沉淀维修经验，按故障现象推荐排查步骤。"),
    ("财务成本核算模型", ("财务管理",), "工时、物料消耗、制造费用", "产品成本、成本差异", "free",
     "按工单归集工时和物料，核算单件成本。"),
    ("人力排班优化模型", ("人力资源",), "订单量、技能矩阵、出勤", "排班表、加班预测", "open_source",
     "按技能和订单量排班，减少临时加班。"),
    ("碳排放核算模型", ("能耗管理", "安全生产"), "能源消耗、工艺排放因子", "碳排放量、减排路径", "free",
     "按核算指南计算企业碳排放，给出减排措施。"),
    ("设备OEE分析模型", ("生产管控", "设备管理"), "设备状态、产量、不良数", "OEE、损失分析", "open_source",
     "自动计算设备综合效率并拆解六大损失。"),
    ("来料检验抽样模型", ("质量管理", "采购管理"), "批次、检验记录、供应商等级", "抽样方案、放行判定", "free",
     "按供应商等级动态调整来料抽样方案。"),
    ("工艺路线推荐模型", ("工艺设计",), "零件特征、设备能力", "工艺路线、工时定额", "paid",
     "按零件特征从工艺知识库推荐工艺路线。"),
    ("研发项目进度预测模型", ("协同办公", "决策支持"), "任务、工时、里程碑", "延期风险、关键路径", "free",
     "按任务完成情况预测研发项目延期风险。"),
    ("变压器负荷预测模型", ("能耗管理",), "历史负荷、气温、生产计划", "负荷曲线、峰谷建议", "open_source",
     "预测厂区用电负荷，错峰生产降低电费。"),
)  # fmt: skip
# Every sixth model is still a draft, every seventh awaits review; the others are listed.
DRAFT_EVERY, SUBMITTED_EVERY = 6, 7


def _scenes_known(program: Any) -> set[str]:
    from dxpilot.assessment.engine import load_indicator_set

    return {s.name for s in load_indicator_set(program.assessment_edition).scenes}


def create_mechanism_models(world: Any) -> None:
    program = world.program
    if MechanismModel.objects.filter(program=program).exists():
        return
    rng = random.Random(f"mechanisms-{program.key}")
    providers = list(
        Provider.objects.filter(program=program, status=Provider.Status.APPROVED).order_by("pk")
    )
    platforms = list(Platform.objects.filter(program=program).order_by("pk"))
    if not providers and not platforms:
        return
    known = _scenes_known(program)
    segments = list(program.segments.order_by("pk"))
    city = User.objects.filter(username="demo-city").first()
    now = timezone.now()
    models: list[MechanismModel] = []
    for n, (name, scenes, inputs, outputs, licence, summary) in enumerate(MODELS, start=1):
        by_platform = platforms and (n % 3 == 0 or not providers)
        status = (
            ModelStatus.DRAFT if n % DRAFT_EVERY == 0
            else ModelStatus.SUBMITTED if n % SUBMITTED_EVERY == 0
            else ModelStatus.LISTED
        )  # fmt: skip
        model = MechanismModel(
            program=program, name=name, summary=summary, inputs=inputs, outputs=outputs,
            description=f"{name}基于工业机理与现场数据构建，已在本地试点企业验证。",
            provider=None if by_platform else providers[n % len(providers)],
            platform=platforms[n % len(platforms)] if by_platform else None,
            licence=licence, licence_terms="按调用次数计费" if licence == "paid" else "",
            api_url=f"https://models.example.cn/{n}/v1" if n % 2 else "",
            status=status, listed_at=now if status == ModelStatus.LISTED else None, created_by=city,
        )  # fmt: skip
        model.demo_scenes = [s for s in scenes if s in known]  # type: ignore[attr-defined]
        models.append(model)
    MechanismModel.objects.bulk_create(models)
    ModelScene.objects.bulk_create(
        [ModelScene(model=m, scene=s) for m in models for s in m.demo_scenes]  # type: ignore[attr-defined]
    )
    if segments:
        MechanismModel.segments.through.objects.bulk_create(
            [
                MechanismModel.segments.through(
                    mechanismmodel_id=m.pk, segment_id=segments[k % len(segments)].pk
                )
                for k, m in enumerate(models)
            ]
        )
    index_models([m.pk for m in models])
    # Uses of listed models with an API link (the demo has no files): each one an audited use.
    events: list[Event] = []
    for model in models:
        if model.status != ModelStatus.LISTED or not model.api_url:
            continue
        uses = rng.randint(1, 12)
        events.extend(
            Event("mechanisms.use", model, {"usage_count": n, "api_url": model.api_url})
            for n in range(1, uses + 1)
        )
        MechanismModel.objects.filter(pk=model.pk).update(usage_count=F("usage_count") + uses)
    record_many(actor=city, events=events, kind=AuditEntry.Kind.READ)
    world.counts["mechanism_models"] = len(models)
