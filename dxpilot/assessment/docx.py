"""The diagnosis report as a Word document (python-docx), built from the same `Report` as the page.

The CJK font set-up (an East-Asian font on every style, SimSun as fallback) is shared in
dxpilot/core/docx.py.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocumentObject

from dxpilot.assessment.report import MIN_PEERS, Report
from dxpilot.core.docx import CONTENT_TYPE as CONTENT_TYPE
from dxpilot.core.docx import bullet as _bullet
from dxpilot.core.docx import grid_table as _table
from dxpilot.core.docx import heading as _heading
from dxpilot.core.docx import setup_cjk_fonts as _setup_fonts
from dxpilot.core.docx import styled as _styled
from dxpilot.core.docx import to_bytes


def _mark(met: bool) -> str:
    return _("满足") if met else _("未满足")


def _facts(document: DocumentObject, report: Report) -> None:
    e = report.enterprise
    facts = [
        (_("企业名称"), e.name),
        (_("统一社会信用代码"), e.credit_code),
        (_("所属区划"), str(e.division)),
        (_("细分行业"), e.segment.name if e.segment else "—"),
        (_("企业规模"), e.get_size_class_display()),
        (_("评测类型"), report.kind),
        (_("评测日期"), report.date.isoformat()),
        (_("评测专家"), report.assessor or "—"),
        (_("指标版本"), report.edition_title),
    ]
    _table(document, None, [[label, value] for label, value in facts])


def _decision(document: DocumentObject, report: Report) -> None:
    d = report.decision
    _heading(document, _("一、评定等级及依据"), 1)
    document.add_paragraph(
        _("评定等级：{level}（总分 {total} / {max}）").format(
            level=d.level_name, total=d.total, max=d.max_score
        )
    )
    rows = [
        [lv.level_name, r.label, r.required, r.actual, _mark(r.met)]
        for lv in d.levels
        for r in lv.rows
    ]
    _table(document, [_("等级"), _("条件"), _("要求"), _("实际"), _("结果")], rows)
    if d.next_level is not None and d.blocking:
        document.add_paragraph(_("未达到{level}的原因：").format(level=d.next_level.level_name))
        for row in d.blocking:
            _bullet(document, row.message)


def _scores(document: DocumentObject, report: Report) -> None:
    _heading(document, _("二、维度得分"), 1)
    rows = []
    for dim in report.dimensions:
        rows.append([dim.name, str(dim.score), str(dim.max_score), f"{dim.pct}%"])
        rows.extend([f"　{p.name}", str(p.score), str(p.max_score), f"{p.pct}%"] for p in dim.parts)
    _table(document, [_("维度 / 分项"), _("得分"), _("满分"), _("得分率")], rows)
    _heading(document, _("三、业务场景等级"), 1)
    rows = [
        [s.group, s.name, _("约束性") if s.constraint else _("指导性"), s.level_name]
        for s in report.scenes
    ]
    _table(document, [_("场景组"), _("场景"), _("类型"), _("等级")], rows)


def _history(document: DocumentObject, report: Report) -> None:
    _heading(document, _("四、历次评测对比"), 1)
    if len(report.history) < 2:
        document.add_paragraph(_("本次之前该企业没有已完成的评测，暂无可对比的记录。"))
    header = [_("评测"), _("日期"), _("总分"), _("等级"), *report.dimension_names, _("总分变化")]
    rows = [
        [
            row.kind + (_("（本次）") if row.current else ""),
            row.date.isoformat(),
            str(row.total),
            row.level_name,
            *[str(v) for v in row.dimensions],
            row.change or "—",
        ]
        for row in report.history
    ]
    _table(document, header, rows)


def _peers(document: DocumentObject, report: Report) -> None:
    p = report.peers
    _heading(document, _("五、同行对比"), 1)
    if p.no_segment:
        document.add_paragraph(_("该企业未归入细分行业，无法进行同行对比。"))
        return
    document.add_paragraph(
        _("对比范围：{segment}、{size}企业中已完成现场评测的其他企业，共 {n} 家。").format(
            segment=p.segment, size=p.size_class, n=p.peers
        )
    )
    if not p.enough:
        document.add_paragraph(
            _("样本不足：同行企业少于 {min} 家，不计算百分位和分布。").format(min=MIN_PEERS)
        )
        return
    document.add_paragraph(
        _("本次总分高于 {below} 家、与 {equal} 家持平、低于 {above} 家，百分位 {pct}。").format(
            below=p.below, equal=p.equal, above=p.above, pct=p.percentile
        )
    )
    _table(
        document,
        [_("等级"), _("企业数"), _("占比")],
        [[name, str(c), f"{pct}%"] for _lv, name, c, pct in p.levels],
    )
    document.add_paragraph("")
    _table(
        document,
        [_("总分区间"), _("企业数")],
        [[b.label + (_("（本次）") if b.mine else ""), str(b.count)] for b in p.buckets],
    )


def _next_steps(document: DocumentObject, report: Report) -> None:
    n = report.next_steps
    _heading(document, _("六、下一步建议"), 1)
    if n.target_level is None:
        document.add_paragraph(_("已达到最高等级，请保持并巩固各场景的数字化水平。"))
        return
    document.add_paragraph(_("要达到{level}，最省力的改进如下：").format(level=n.target_level_name))
    for gap in [*n.questions, *n.scenes]:
        _bullet(document, gap.message)
    if not n.questions and not n.scenes:
        document.add_paragraph(_("暂无改进建议。"))


def _onsite(document: DocumentObject, report: Report) -> None:
    if not report.assessment.is_onsite:
        return
    _heading(document, _("七、现场评测修改记录"), 1)
    if report.overrides:
        rows = [[o.item, o.self_value, o.value, o.reason, o.by] for o in report.overrides]
        _table(
            document,
            [_("题目或场景"), _("企业自评"), _("现场认定"), _("理由"), _("评测专家")],
            rows,
        )
    else:
        document.add_paragraph(_("现场评测未修改企业自评结果。"))
    _heading(document, _("八、佐证材料"), 1)
    if report.evidence:
        rows = [[e.item, e.name, e.uploaded_by] for e in report.evidence]
        _table(document, [_("题目或场景"), _("文件"), _("上传人")], rows)
    else:
        document.add_paragraph(_("未上传佐证材料。"))


def render_docx(report: Report) -> bytes:
    document = Document()
    _setup_fonts(document)
    document.core_properties.title = _("数字化水平诊断报告")
    document.core_properties.author = report.assessor or ""
    _heading(document, _("中小企业数字化水平诊断报告"), 0)
    _styled(document.add_paragraph(report.enterprise.name), "Subtitle")
    _facts(document, report)
    _decision(document, report)
    _scores(document, report)
    _history(document, report)
    _peers(document, report)
    _next_steps(document, report)
    _onsite(document, report)
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    document.add_paragraph(_("生成时间：{time}").format(time=stamp))
    return to_bytes(document)
