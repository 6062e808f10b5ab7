"""Demo typical cases: chain cases, sample projects, benchmarks (T1 at 三级+) and a lighthouse
case, drafted from accepted demo projects and taken through the real services (so their
figures come from the project records and every rule holds), with a few left in draft and in
review. Sized so the chain-cases and sample-projects targets show a value on the dashboard.

A step of dxpilot.demo.world. Deterministic (projects in primary-key order); a programme that
already has cases is left alone, so a second run adds nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from dxpilot.accounts.models import User
from dxpilot.cases import services
from dxpilot.cases.models import Case, CaseKind
from dxpilot.cases.selectors import ACCEPTED, BENCHMARK_LEVEL
from dxpilot.enterprises.models import Honour, HonourKind
from dxpilot.projects.models import TransformationProject

# How many published cases of each kind, then how many left in draft and in review.
PUBLISHED: dict[str, int] = {
    CaseKind.CHAIN: 4,
    CaseKind.SAMPLE: 8,
    CaseKind.BENCHMARK: 3,
    CaseKind.LIGHTHOUSE: 1,
}
PENDING = 3
STORIES: dict[str, tuple[str, str, str]] = {
    CaseKind.CHAIN: (
        "{name}带动上下游协同转型",
        "链主企业牵头，上下游配套企业共用订单、排产与质量数据。",
        "{name}作为{segment}链上的骨干企业，牵头搭建供应链协同平台，配套企业通过平台接收订单、"
        "反馈排产与交付进度，质量数据在链上共享，实现了以大带小、链式转型。",
    ),
    CaseKind.SAMPLE: (
        "{name}数智化改造样板",
        "设备联网与生产执行系统上线，生产过程实时透明。",
        "{name}选用“小快轻准”产品，完成设备联网、数据采集和生产执行系统建设，"
        "生产计划、工单和质量检验全部线上流转，可复制、可推广。",
    ),
    CaseKind.BENCHMARK: (
        "{name}数字化转型标杆",
        "改造后数字化水平达到三级及以上，形成行业标杆。",
        "{name}围绕研发、生产、经营管理全链条开展数字化改造，业务系统全面集成，"
        "数据驱动决策，为{segment}企业提供了可借鉴的转型路径。",
    ),
    CaseKind.LIGHTHOUSE: (
        "{name}灯塔工厂实践",
        "以灯塔工厂标准推进智能制造，示范带动区域中小企业。",
        "{name}获评灯塔工厂后，持续输出数字化转型经验，组织中小企业现场观摩与对接。",
    ),
}


def _data(kind: str, project: TransformationProject) -> services.CaseData:
    enterprise = project.enterprise
    segment = enterprise.segment.name if enterprise.segment else ""
    title, summary, body = STORIES[kind]
    return services.CaseData(
        kind=kind,
        title=title.format(name=enterprise.name)[:120],
        summary=summary,
        body=body.format(name=enterprise.name, segment=segment),
    )


def create_cases(world: Any) -> None:
    program = world.program
    if Case.objects.filter(program=program).exists():
        return
    city = User.objects.filter(username="demo-city").first()
    if city is None:
        return
    projects = list(
        TransformationProject.objects.filter(
            program=program, status__in=ACCEPTED, post_assessment__status="locked"
        )
        .select_related("enterprise__segment", "post_assessment")
        .order_by("pk")
    )
    lighthouses = set(
        Honour.objects.filter(enterprise__program=program, kind=HonourKind.LIGHTHOUSE).values_list(
            "enterprise_id", flat=True
        )
    )
    wanted = dict(PUBLISHED)
    created = pending = 0
    for n, project in enumerate(projects):
        hold = False
        assert project.post_assessment is not None  # noqa: S101 - filtered above
        level = project.post_assessment.level or 0
        if pending < PENDING and n % 5 == 4:
            # Every fifth project is left in draft or review while some are still wanted, so
            # the review queue is never empty however few projects the world has accepted.
            kind = CaseKind.SAMPLE if pending % 2 else CaseKind.CHAIN
            hold = True
        elif wanted[CaseKind.LIGHTHOUSE] and project.enterprise_id in lighthouses:
            kind = CaseKind.LIGHTHOUSE
        elif wanted[CaseKind.BENCHMARK] and level >= BENCHMARK_LEVEL:
            kind = CaseKind.BENCHMARK
        elif (
            wanted[CaseKind.CHAIN] and n % 3 == 0
        ):  # the position, not the pk: same on every database
            kind = CaseKind.CHAIN
        elif wanted[CaseKind.SAMPLE]:
            kind = CaseKind.SAMPLE
        elif pending < PENDING:
            kind = CaseKind.SAMPLE if pending % 2 else CaseKind.CHAIN
            hold = True
        else:
            break
        try:
            case = services.draft_case(project.pk, _data(kind, project), actor=city)
            if not hold and wanted.get(kind, 0) > 0:
                services.submit_case(case.pk, actor=city)
                services.publish_case(case.pk, actor=city)
                wanted[kind] -= 1
            else:
                if pending % 2:
                    services.submit_case(case.pk, actor=city)
                pending += 1
        except ValidationError:
            continue  # a project the rules refuse is simply not a case
        created += 1
    world.counts["cases"] = created
