"""Demo catalogue: the providers' applications and decisions, 120+ "小快轻准" products covering
all 16 scenes of the 2024 standard in every status, excellent products, product reviews, yearly
evaluations with stars, and a warning under appeal and a suspension.

A step of dxpilot.demo.world (it receives the same World). Rows are bulk-inserted; a programme
that already has products is left alone, and providers that already have decisions are not
touched again, so a second run adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from dxpilot.accounts.models import Role, User
from dxpilot.enterprises.models import Enterprise
from dxpilot.programs.models import Batch
from dxpilot.providers.models import (
    Product,
    ProductDecision,
    ProductScene,
    Provider,
    ProviderDecision,
    ProviderEvaluation,
    Qualification,
    ReferenceProject,
)
from dxpilot.providers.search import index_products
from dxpilot.providers.services.sanctions import DIMENSIONS, stars_for

BATCH = 2000
Status, Kind = Product.Status, ProductDecision.Kind
MIN_PRODUCTS = 120
EXCELLENT = 16  # Hefei's target is 20: the demo shows the programme on its way


@dataclass(frozen=True)
class Archetype:
    name: str
    kind: str
    deployment: str
    unit: str
    price: tuple[int, int]
    days: tuple[int, int]
    scenes: dict[str, int]
    summary: str
    description: str


ARCHETYPES = (
    Archetype("云端三维设计协同平台", "cloud", "saas", "user_year", (3000, 9000), (7, 20), {"产品设计": 3, "工艺设计": 2},
              "浏览器里看图、批注、管版本，设计变更一键下发车间。", "支持主流三维格式轻量化浏览，BOM 与图纸版本统一管理。"),
    Archetype("CAPP 工艺设计助手", "software", "private", "set", (30000, 90000), (20, 45), {"工艺设计": 3, "产品设计": 2},
              "从三维模型生成工艺卡，典型工艺一键复用。", "工艺知识库沉淀老师傅经验，工艺文件自动编号归档。"),
    Archetype("轻量化 CRM 销售管理", "cloud", "saas", "user_year", (800, 2400), (3, 10), {"营销管理": 3, "售后服务": 2},
              "客户、商机、报价、合同在手机上跑通。", "销售漏斗与回款预测，微信小程序录单。"),
    Archetype("售后服务工单小程序", "cloud", "saas", "year", (5000, 20000), (3, 7), {"售后服务": 3},
              "客户扫码报修，工程师接单、上门、回访全程留痕。", "备件消耗与服务满意度统计，支持多网点派单。"),
    Archetype("APS 智能排产系统", "software", "hybrid", "set", (60000, 180000), (30, 60), {"计划排程": 3, "生产管控": 2},
              "考虑设备、模具、物料约束的有限产能排产。", "插单影响一目了然，排产结果推送到车间看板和工位平板。"),
    Archetype("注塑车间 MES", "software", "private", "set", (80000, 260000), (30, 90), {"生产管控": 3, "质量管理": 2, "计划排程": 2},
              "机台联网、工单派工、报工与质量追溯一套打通。", "面向注塑、压铸等离散车间，标准模板两周上线。"),
    Archetype("扫码报工小程序", "cloud", "saas", "year", (3000, 12000), (2, 5), {"生产管控": 2},
              "工人手机扫码报工，计件工资自动算。", "免安装、免培训，适合五十人以下车间起步。"),
    Archetype("质量追溯与 SPC 分析", "software", "hybrid", "set", (40000, 120000), (20, 40), {"质量管理": 3},
              "来料、过程、成品检验数据上线，批次正反向追溯。", "SPC 控制图实时预警，质量问题闭环跟踪。"),
    Archetype("机器视觉缺陷检测工作站", "data_devices", "private", "device", (60000, 200000), (20, 45), {"质量管理": 4},
              "相机加 AI 模型替代人工目检，漏检率显著下降。", "支持划痕、缺料、异物等缺陷，检测结果进入质量追溯。"),
    Archetype("设备联网数据采集网关", "data_devices", "hybrid", "device", (3000, 12000), (5, 15), {"设备管理": 3, "能耗管理": 2},
              "三天接入车间设备，实时采集开机、产量和能耗数据。", "支持主流 PLC 与数控系统协议，断网续传，数据推送到云平台看板。"),
    Archetype("设备点巡检与预测性维护", "cloud", "saas", "year", (6000, 30000), (5, 15), {"设备管理": 3, "安全生产": 2},
              "扫码点检、故障报修、保养计划，振动温度异常提前预警。", "设备台账、备件库存与维修知识库一体化。"),
    Archetype("安全生产双重预防管理", "cloud", "saas", "year", (8000, 30000), (7, 20), {"安全生产": 3},
              "风险分级管控与隐患排查治理上手机。", "隐患随手拍、整改闭环、特种作业票电子化。"),
    Archetype("能耗监测与碳管理平台", "cloud", "hybrid", "year", (20000, 80000), (15, 30), {"能耗管理": 3, "决策支持": 2},
              "水电气分项计量，能耗异常和峰谷用电一眼看清。", "按产线、按产品核算单位能耗，生成碳排放报告。"),
    Archetype("智能电表与能耗采集终端", "data_devices", "private", "device", (800, 3000), (5, 10), {"能耗管理": 2},
              "即装即用的多回路电表与采集终端。", "支持 4G 与有线回传，接入能耗平台。"),
    Archetype("采购协同 SRM 云", "cloud", "saas", "year", (10000, 40000), (10, 20), {"采购管理": 3, "仓储物流": 2},
              "询比价、订单、送货、对账与供应商在线协同。", "供应商门户免费开通，送货单扫码入库。"),
    Archetype("云 WMS 仓储管理", "cloud", "saas", "year", (12000, 48000), (10, 25), {"仓储物流": 3, "采购管理": 2},
              "库位、批次、先进先出，手机即可收发存。", "对接 ERP 与 MES，库存实时准确。"),
    Archetype("PDA 扫码出入库套件", "data_devices", "private", "set", (15000, 40000), (5, 15), {"仓储物流": 2},
              "工业 PDA 加条码打印机，出入库不再手工记账。", "开箱即用，可接入主流 WMS。"),
    Archetype("业财一体化云财务", "cloud", "saas", "year", (6000, 30000), (7, 20), {"财务管理": 3, "决策支持": 2},
              "业务单据自动生成凭证，总账报表实时出。", "费用报销、应收应付、税务发票一体处理。"),
    Archetype("人力资源与计件工资系统", "cloud", "saas", "user_year", (100, 400), (5, 15), {"人力资源": 3},
              "考勤排班、计件计时、工资条一键发放。", "对接扫码报工数据，计件工资自动核算。"),
    Archetype("协同办公与审批平台", "cloud", "saas", "user_year", (100, 300), (3, 7), {"协同办公": 3},
              "审批、公告、文档、会议在一个入口。", "与企业微信、钉钉打通，移动端审批。"),
    Archetype("经营驾驶舱 BI", "software", "hybrid", "set", (30000, 100000), (15, 30), {"决策支持": 3, "财务管理": 2},
              "销售、生产、库存、财务关键指标一屏看全。", "拖拽式报表，数据来自 ERP、MES 与能耗平台。"),
    Archetype("数字化诊断咨询服务", "consulting", "private", "project", (20000, 60000), (15, 30), {"决策支持": 2, "生产管控": 2},
              "按 2024 年版评测指标现场诊断，给出一企一案。", "对标二级要求，列出最省投入的提升场景与产品组合。"),
    Archetype("车间数字化改造规划咨询", "consulting", "private", "project", (30000, 90000), (20, 40), {"计划排程": 2, "设备管理": 2, "能耗管理": 2},
              "从设备联网到排产上线的分步改造路线图。", "含投资测算与奖补政策对照，避免重复投入。"),
    Archetype("工业互联网平台（中小企业版）", "cloud", "saas", "year", (20000, 60000), (10, 30), {"生产管控": 2, "设备管理": 2, "决策支持": 2},
              "设备上云、生产看板、移动报表的一站式订阅。", "低代码搭建应用，按需开通模块。"),
    Archetype("ERP 进销存轻量版", "cloud", "saas", "year", (5000, 20000), (7, 15), {"采购管理": 2, "仓储物流": 2, "财务管理": 2, "营销管理": 2},
              "订单、采购、库存、应收应付一体化。", "适合年营收亿元以下制造企业起步。"),
    Archetype("5G 工业网关与边缘计算盒", "data_devices", "hybrid", "device", (5000, 20000), (7, 20), {"设备管理": 2, "生产管控": 2},
              "5G 回传、边缘侧数据清洗与告警。", "内置常用工业协议，支持视觉与振动数据预处理。"),
)  # fmt: skip
# Where the demo products stand (weights).
STATUSES = (
    [Product.Status.LISTED] * 18 + [Product.Status.SUBMITTED] * 2 + [Product.Status.REVIEWED]
    + [Product.Status.RETURNED] + [Product.Status.DRAFT] + [Product.Status.DELISTED]
)  # fmt: skip
QUALIFICATIONS = (("ISO 9001 质量管理体系认证", "中国质量认证中心"), ("ISO/IEC 27001 信息安全管理体系认证", "中国网络安全审查认证和市场监管大数据中心"),
                  ("CMMI 3 级", "CMMI Institute"), ("软件企业证书", "安徽省软件行业协会"), ("高新技术企业证书", "安徽省科学技术厅"))  # fmt: skip


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(
        day, time(rng.randint(9, 17), rng.randint(0, 59)), tzinfo=ZoneInfo(settings.TIME_ZONE)
    )


def _window(world: Any, kind: str) -> tuple[Batch | None, date, date]:
    batch = world.program.batches.filter(kind=kind).order_by("number").first()
    if batch is not None:
        return batch, batch.opens_on, batch.closes_on
    return None, world.program.starts_on, world.program.starts_on + timedelta(days=300)


def _admin() -> User | None:
    return User.objects.filter(role=Role.CITY_ADMIN, is_active=True).order_by("pk").first()


def _enrich_providers(world: Any, admin: User | None) -> list[Provider]:
    """Applications, references and the decisions that put the demo providers where they are."""
    rng = world.rng
    batch, opens, closes = _window(world, Batch.Kind.PROVIDER)
    fresh = list(
        Provider.objects.filter(program=world.program, decisions__isnull=True)
        .select_related("kind")
        .order_by("pk")
    )
    decisions: list[ProviderDecision] = []
    references: list[ReferenceProject] = []
    qualifications: list[Qualification] = []
    for provider in fresh:
        submitted = opens + timedelta(days=rng.randint(0, max(0, (closes - opens).days - 5)))
        provider.batch, provider.submitted_at = batch, _at(submitted, rng)
        provider.summary = provider.summary or (
            f"{provider.name}为{world.program.city}制造业中小企业提供“小快轻准”数字化产品与实施服务，"
            f"{provider.kind.name}服务商，熟悉试点细分行业工艺与评测要求。"
        )
        decisions.append(ProviderDecision(provider=provider, kind=ProviderDecision.Kind.SUBMIT, from_status=Provider.Status.DRAFT,
                                          to_status=Provider.Status.APPLIED, by=None, at=provider.submitted_at))  # fmt: skip
        if provider.status == Provider.Status.APPROVED:
            provider.approved_at = _at(submitted + timedelta(days=rng.randint(10, 30)), rng)
            decisions.append(ProviderDecision(provider=provider, kind=ProviderDecision.Kind.APPROVE, from_status=Provider.Status.APPLIED,
                                              to_status=Provider.Status.APPROVED, by=admin, at=provider.approved_at,
                                              reasons="材料齐全，业绩真实，名额内入库。"))  # fmt: skip
            provider.revision = 2
        else:
            provider.revision = 1
        city = world.program.city.removesuffix("市")
        titles = ["车间设备联网改造", "MES 上线", "ERP 实施", "能耗监测平台建设", "数字化诊断"]
        references.extend(
            ReferenceProject(provider=provider, client_name=f"{city}某制造企业{n + 1}", title=rng.choice(titles),
                             contract_date=submitted - timedelta(days=rng.randint(60, 500)), amount=Decimal(rng.randint(10, 300)))
            for n in range(rng.randint(1, 3))
        )  # fmt: skip
        for name, issuer in rng.sample(QUALIFICATIONS, k=rng.randint(1, 3)):
            qualifications.append(Qualification(provider=provider, name=name, issuer=issuer,
                                                valid_until=closes + timedelta(days=rng.randint(200, 1000))))  # fmt: skip
    Provider.objects.bulk_update(
        fresh, ["batch", "submitted_at", "approved_at", "summary", "revision"], batch_size=BATCH
    )
    ProviderDecision.objects.bulk_create(decisions, batch_size=BATCH)
    ReferenceProject.objects.bulk_create(references, batch_size=BATCH)
    Qualification.objects.bulk_create(qualifications, batch_size=BATCH)
    return fresh


def _product_rows(
    world: Any, providers: list[Provider], served: dict[int, list[int]]
) -> list[tuple[Product, Archetype, list[int]]]:
    rng, program = world.rng, world.program
    batch, opens, closes = _window(world, Batch.Kind.PRODUCT)
    samples = list(
        Enterprise.objects.filter(program=program).order_by("pk").values_list("pk", "name")[:400]
    )
    total = max(MIN_PRODUCTS, 3 * len(providers))
    rows, names = [], set()
    for n in range(total):
        provider = providers[n % len(providers)]
        archetype = ARCHETYPES[
            n % len(ARCHETYPES)
        ]  # cycling covers every archetype, so all 16 scenes
        name = archetype.name
        if (provider.pk, name) in names:
            name = f"{archetype.name}（{rng.choice(['专业版', '旗舰版', '行业版', '2.0'])}）"
        if (provider.pk, name) in names:
            continue
        names.add((provider.pk, name))
        sample_pk, sample_name = (
            rng.choice(samples) if samples else (None, f"{program.city}某制造企业")
        )
        contract = date(2023, 10, 12) + timedelta(days=rng.randint(0, 220))
        created = max(opens, contract + timedelta(days=10))
        status = rng.choice(STATUSES)
        low, high = archetype.price
        product = Product(
            provider=provider, name=name, kind=archetype.kind, summary=archetype.summary, description=archetype.description,
            deployment=archetype.deployment, price=Decimal(rng.randrange(low, high + 1, 100)), price_unit=archetype.unit,
            implementation_days=rng.randint(*archetype.days), sample_enterprise_name=sample_name, sample_enterprise_id=sample_pk,
            sample_contract_date=contract, sample_summary=f"{sample_name}应用本产品，相关场景达到{max(archetype.scenes.values())}级要求。",
            status=status, batch=batch if status != Product.Status.DRAFT else None,
            created_at=_at(min(created, closes), rng),
        )  # fmt: skip
        segments = served.get(provider.pk, [])
        rows.append(
            (product, archetype, rng.sample(segments, k=min(len(segments), rng.randint(1, 2))))
        )
    return rows


def _history(
    product: Product, rng: random.Random, admin: User | None, owner: User | None
) -> list[ProductDecision]:
    """The review and listing steps that lead to the product's status, dated in order."""
    day = product.created_at + timedelta(days=rng.randint(1, 10))
    steps: list[tuple[str, str, str, str, User | None]] = []
    if product.status == Status.DRAFT:
        return []
    steps.append((Kind.SUBMIT, Status.DRAFT, Status.SUBMITTED, "", owner))
    if product.status == Status.RETURNED:
        steps.append(
            (
                Kind.RETURN,
                Status.SUBMITTED,
                Status.RETURNED,
                "样板项目合同缺少双方盖章页，请补充后重新提交。",
                admin,
            )
        )
    if product.status in (Status.REVIEWED, Status.LISTED, Status.DELISTED):
        steps.append(
            (
                Kind.REVIEW,
                Status.SUBMITTED,
                Status.REVIEWED,
                "材料评审、现场答辩演示和技术测试均通过。",
                admin,
            )
        )
    if product.status in (Status.LISTED, Status.DELISTED):
        steps.append((Kind.LIST, Status.REVIEWED, Status.LISTED, "", admin))
    if product.status == Status.DELISTED:
        steps.append(
            (Kind.DELIST, Status.LISTED, Status.DELISTED, "产品升级换代，服务商申请下架。", owner)
        )
    rows = []
    for kind, before, after, reasons, by in steps:
        day += timedelta(days=rng.randint(3, 20))
        details = {"paper": True, "demo": True, "test": True} if kind == Kind.REVIEW else {}
        rows.append(ProductDecision(product=product, kind=kind, from_status=before, to_status=after, reasons=reasons,
                                    details=details, by=by, at=day))  # fmt: skip
        if kind == Kind.SUBMIT:
            product.submitted_at = day
        elif kind == Kind.REVIEW:
            product.reviewed_at = day
        elif kind == Kind.LIST:
            product.listed_at = day
    product.revision = len(rows)
    return rows


def _manage(world: Any, providers: list[Provider], admin: User | None) -> None:
    """A yearly evaluation for every provider in the pool; a warning under appeal; a suspension."""
    if admin is None or not providers:
        return
    rng, year = world.rng, world.program.starts_on.year
    owners = dict(
        User.objects.filter(role=Role.PROVIDER, provider__in=providers).values_list(
            "provider_id", "pk"
        )
    )
    evaluations, decisions = [], []
    for provider in providers:
        scores = {
            d.key: str(
                min(d.max_points, Decimal(rng.randint(14, 25)) + Decimal(rng.choice((0, 0.5))))
            )
            for d in DIMENSIONS
        }
        total = sum((Decimal(v) for v in scores.values()), Decimal(0))
        at = _at(date(year + 1, 1, 20) + timedelta(days=rng.randint(0, 20)), rng)
        evaluations.append(ProviderEvaluation(provider=provider, year=year, scores=scores, total=total,
                                              stars=stars_for(total), notes="按年度评价办法打分。", by=admin, at=at))  # fmt: skip
        decisions.append(ProviderDecision(provider=provider, kind=ProviderDecision.Kind.EVALUATE, from_status=provider.status,
                                          to_status=provider.status, reasons="按年度评价办法打分。", by=admin, at=at,
                                          details={"year": year, "total": str(total), "stars": stars_for(total), "scores": scores}))  # fmt: skip
    ProviderEvaluation.objects.bulk_create(evaluations, batch_size=BATCH, ignore_conflicts=True)
    ProviderDecision.objects.bulk_create(decisions, batch_size=BATCH)
    if len(providers) >= 3:
        warned, suspended = providers[1], providers[2]
        day = date(year + 1, 3, 10)
        warning = ProviderDecision.objects.create(provider=warned, kind=ProviderDecision.Kind.WARN, from_status=warned.status,
                                                  to_status=warned.status, reasons="两个项目未按月报送实施进度，限期一个月整改。",
                                                  by=admin, at=_at(day, rng))  # fmt: skip
        ProviderDecision.objects.create(provider=warned, kind=ProviderDecision.Kind.APPEAL, from_status=warned.status,
                                        to_status=warned.status, reasons="进度已通过纸质报告按月报送，附签收记录。", appeal_of=warning,
                                        by_id=owners.get(warned.pk), at=_at(day + timedelta(days=4), rng))  # fmt: skip
        ProviderDecision.objects.create(provider=suspended, kind=ProviderDecision.Kind.SUSPEND, from_status=Provider.Status.APPROVED,
                                        to_status=Provider.Status.SUSPENDED, reasons="企业投诉实施质量，暂停资格待核查。",
                                        by=admin, at=_at(day + timedelta(days=12), rng))  # fmt: skip
        Provider.objects.filter(pk=suspended.pk).update(
            status=Provider.Status.SUSPENDED, revision=suspended.revision + 2
        )


def create_catalogue(world: Any) -> None:
    program = world.program
    admin = _admin()
    _enrich_providers(world, admin)
    if Product.objects.filter(provider__program=program).exists():
        return
    providers = list(
        Provider.objects.filter(program=program, status=Provider.Status.APPROVED).order_by("pk")
    )
    if not providers:
        return
    through = Provider.segments.through
    served: dict[int, list[int]] = {}
    for provider_id, segment_id in through.objects.filter(provider__in=providers).values_list(
        "provider_id", "segment_id"
    ):
        served.setdefault(provider_id, []).append(segment_id)
    rows = _product_rows(world, providers, served)
    owners = {
        u.provider_id: u for u in User.objects.filter(role=Role.PROVIDER, provider__in=providers)
    }
    decisions = [
        d
        for product, _a, _s in rows
        for d in _history(product, world.rng, admin, owners.get(product.provider_id))
    ]
    Product.objects.bulk_create([p for p, _a, _s in rows], batch_size=BATCH)
    saved = {(p.provider_id, p.name): p.pk for p in Product.objects.filter(provider__in=providers)}
    for product, _a, _s in rows:
        product.pk = saved[(product.provider_id, product.name)]
    ProductScene.objects.bulk_create(
        [
            ProductScene(product_id=p.pk, scene=scene, level=level)
            for p, a, _s in rows
            for scene, level in a.scenes.items()
        ],
        batch_size=BATCH,
    )
    Product.segments.through.objects.bulk_create(
        [
            Product.segments.through(product_id=p.pk, segment_id=s)
            for p, _a, segments in rows
            for s in segments
        ],
        batch_size=BATCH,
    )
    for decision in decisions:
        decision.product_id = decision.product.pk
    ProductDecision.objects.bulk_create(decisions, batch_size=BATCH)
    Product.objects.bulk_update(
        [p for p, _a, _s in rows],
        ["submitted_at", "reviewed_at", "listed_at", "revision"],
        batch_size=BATCH,
    )
    listed = [p for p, _a, _s in rows if p.status == Product.Status.LISTED]
    excellent = world.rng.sample(listed, k=min(EXCELLENT, len(listed)))
    Product.objects.filter(pk__in=[p.pk for p in excellent]).update(is_excellent=True)
    ProductDecision.objects.bulk_create(
        [ProductDecision(product_id=p.pk, kind=ProductDecision.Kind.EXCELLENT, from_status=p.status, to_status=p.status,
                         reasons="样板项目成效显著，评为优秀产品。", by=admin, at=(p.listed_at or p.created_at) + timedelta(days=60))
         for p in excellent]
    )  # fmt: skip
    index_products([p.pk for p, _a, _s in rows])
    _manage(world, providers, admin)
    world.counts["products"] = len(rows)
    world.counts["listed_products"] = len(listed)
