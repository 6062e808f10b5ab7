"""The sentences of a project's timeline (``ProjectEvent.message``), stored as figures.

Each event kind written by the delivery half has its wording here, once; the services store
``PHRASE.say(...)`` and the timeline renders it in the reader's language (``core.phrases``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dxpilot.assessment.render import LEVEL
from dxpilot.core.phrases import DATE, INTEGER, MONEY, choice, define
from dxpilot.programs.evidence import EvidenceKind


def _evidence_kinds() -> dict[str, str]:
    return {str(k): str(v) for k, v in EvidenceKind.choices}


def _counting() -> dict[str, str]:
    return {"yes": _("计入奖补"), "no": _("不计入奖补")}


EVIDENCE_KIND = choice(_evidence_kinds)
COUNTS = choice(_counting)

OPENED = define(
    "project.open",
    gettext_noop("创建转型项目，改造前 {level}，目标 {target}。"),
    level=LEVEL,
    target=LEVEL,
)
PLANNED = define(
    "project.plan",
    gettext_noop(
        "确定改造方案第 {v} 版：{n} 个产品，合计 {total} 元，其中 {r} 个来自推荐；预计 {level}。"
    ),
    v=INTEGER,
    n=INTEGER,
    total=MONEY,
    r=INTEGER,
    level=LEVEL,
)
CONTRACT_FILED = define(
    "project.contract",
    gettext_noop("备案合同 {number}：{provider}，{amount} 元，签订于 {date}。"),
    amount=MONEY,
    date=DATE,
)
CONTRACT_CHANGED = define(
    "project.contract_change",
    gettext_noop(
        "变更合同 {old} → {new}：{amount} 元（原 {old_amount} 元），{moved} 条投入明细随之转入。"
    ),
    amount=MONEY,
    old_amount=MONEY,
    moved=INTEGER,
)
INVESTMENT = define(
    "project.investment",
    gettext_noop(
        "登记投入：{description}（{category}），{amount} 元，发票 {invoice}，{eligible}。"
    ),
    amount=MONEY,
    eligible=COUNTS,
)
EVIDENCE = define(
    "project.evidence", gettext_noop("提交档案材料：{kind}《{name}》。"), kind=EVIDENCE_KIND
)
EVIDENCE_REPLACED = define(
    "project.evidence_replaced",
    gettext_noop("提交档案材料：{kind}《{name}》，替代旧版本《{old}》。"),
    kind=EVIDENCE_KIND,
)
MILESTONE_PLANNED = define(
    "project.milestone_plan", gettext_noop("计划里程碑“{name}”：{date}。"), date=DATE
)
MILESTONE_DONE = define(
    "project.milestone_done",
    gettext_noop("完成里程碑“{name}”：{date}（计划 {planned}）。"),
    date=DATE,
    planned=DATE,
)
COMPLETED = define("project.complete", gettext_noop("登记改造完成，完工日期 {date}。"), date=DATE)
COMPLETION_CORRECTED = define(
    "project.completion_corrected",
    gettext_noop("市级更正完工日期：{old} → {new}。"),
    old=DATE,
    new=DATE,
)

# The phrases an event kind may have been written with (read back by migration 0006).
BY_KIND: dict[str, tuple[str, ...]] = {
    "open": (OPENED.code,),
    "plan": (PLANNED.code,),
    "contract": (CONTRACT_FILED.code,),
    "contract_change": (CONTRACT_CHANGED.code,),
    "investment": (INVESTMENT.code,),
    "evidence": (EVIDENCE_REPLACED.code, EVIDENCE.code),
    "milestone_plan": (MILESTONE_PLANNED.code,),
    "milestone_done": (MILESTONE_DONE.code,),
    "complete": (COMPLETED.code,),
    "completion_corrected": (COMPLETION_CORRECTED.code,),
}
