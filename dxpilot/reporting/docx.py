"""A circular or an evaluation report as a Word document (python-docx), from its stored content.

The CJK font set-up is shared (dxpilot/core/docx.py). The document shows the first DOC_ROWS of
each list; the Excel annex carries the full lists."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH

from dxpilot.core.docx import CONTENT_TYPE as CONTENT_TYPE
from dxpilot.core.docx import bullet, grid_table, heading, setup_cjk_fonts, styled, to_bytes
from dxpilot.reporting import render
from dxpilot.reporting.content import DOC_ROWS
from dxpilot.reporting.models import Circular, IssuedDocument, PerformanceEvaluation


def _head(document: DocumentObject, doc: IssuedDocument) -> None:
    setup_cjk_fonts(document)
    document.core_properties.title = render.title(doc)
    heading(document, render.title(doc), 0)
    line = document.add_paragraph(render.number_line(doc))
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(doc.lead)


def _foot(document: DocumentObject, doc: IssuedDocument) -> None:
    document.add_paragraph(render.as_of(doc))
    if doc.is_issued and doc.issued_on:
        issuer = document.add_paragraph(
            _("{city}工业和信息化局　{date}").format(
                city=doc.program.city, date=f"{doc.issued_on:%Y年%m月%d日}"
            )
        )
        issuer.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _overview(document: DocumentObject, rows: list[dict[str, object]]) -> None:
    grid_table(
        document,
        [_("指标"), _("目标"), _("完成"), _("完成率")],
        [
            [str(r["name"]), render.figure(r["value"], r), render.figure(r["actual"], r),
             render.percent(r["rate"])]
            for r in rows
        ],
    )  # fmt: skip


def _ranking(document: DocumentObject, circular: Circular, *, zones: bool) -> None:
    rows = render.division_rows(circular, zones=zones)
    if not rows:
        return
    grid_table(
        document,
        [_("排名"), _("区划"), _("试点企业"), _("目标份额"), _("平均完成率"), _("逾期事项"),
         _("进度")],
        [
            [str(e["rank"] or render.DASH), e["name"], str(e["pilots"]), render.percent(e["share"]),
             render.percent(e["score"]), str(e["overdue"]),
             _("滞后") if e["lagging"] else _("正常")]
            for e in rows
        ],
    )  # fmt: skip


def circular_docx(circular: Circular) -> bytes:
    content = circular.content
    document = Document()
    _head(document, circular)
    heading(document, _("一、全市总体进展"), 1)
    _overview(document, content["overview"])
    heading(document, _("二、各县（市）区、开发区进展与排名"), 1)
    document.add_paragraph(
        _(
            "各地目标份额按{basis}确定；计数类指标按份额分解，比例类指标各地按全市目标考核。"
            "按进度安排，期末应完成目标的 {expected}。"
        ).format(
            basis=_("试点方案文件中的固定份额")
            if content["shares"] == "fixed"
            else _("各地试点企业数占全市的比例"),
            expected=render.percent(content["expected"]),
        )
    )
    _ranking(document, circular, zones=False)
    if render.division_rows(circular, zones=True):
        styled(document.add_paragraph(_("开发区（企业同时计入所在县区）")), "Heading2")
        _ranking(document, circular, zones=True)
    heading(document, _("三、滞后事项"), 1)
    lagging = render.lagging_names(circular)
    if lagging:
        document.add_paragraph(
            _("低于进度要求的地区：{names}。").format(
                names=pgettext("list separator", "、").join(lagging)
            )
        )
    else:
        document.add_paragraph(_("各地均达到进度要求。"))
    document.add_paragraph(
        _("截至期末逾期未完成的项目节点共 {n} 个。").format(n=content["overdue_total"])
    )
    for row in content["overdue"][:DOC_ROWS]:
        bullet(
            document,
            _("{division} {enterprise}“{project}”：{milestone}（计划 {planned}，逾期 {days} 天）").format(
                division=row["division"], enterprise=row["enterprise"], project=row["project"],
                milestone=row["milestone"], planned=row["planned_on"], days=row["days"],
            ),
        )  # fmt: skip
    heading(document, _("四、典型案例"), 1)
    document.add_paragraph(_("本期通过验收的改造项目共 {n} 个。").format(n=content["cases_total"]))
    for row in content["cases"][:DOC_ROWS]:
        bullet(
            document,
            _("{division} {enterprise}“{project}”：{before} → {after}（{date} 通过验收）").format(
                division=row["division"], enterprise=row["enterprise"], project=row["project"],
                before=render.level(row["before"]), after=render.level(row["after"]),
                date=row["accepted_on"],
            ),
        )  # fmt: skip
    document.add_paragraph(_("附件：各地分项指标完成情况、逾期事项和典型案例清单（Excel）。"))
    _foot(document, circular)
    return to_bytes(document)


def evaluation_docx(evaluation: PerformanceEvaluation) -> bytes:
    content = evaluation.content
    document = Document()
    _head(document, evaluation)
    heading(document, _("一、评价指标完成情况"), 1)
    document.add_paragraph(
        _(
            "国家绩效评价办法（财建〔2023〕117号附件）尚未公开，本报告的指标体系取自试点方案文件，"
            "默认为实施方案的各项目标。阶段目标为方案目标乘以阶段进度要求（{expected}），"
            "比例类指标按方案目标考核。"
        ).format(expected=render.percent(content["expected"]))
    )
    grid_table(
        document,
        [_("指标"), _("方案目标"), _("阶段目标"), _("完成"), _("完成率"), _("佐证")],
        [
            [r["name"], render.figure(r["value"], r), render.figure(r["due"], r),
             render.figure(r["actual"], r), render.percent(r["rate"]), r["url"] or render.DASH]
            for r in content["indicators"]
        ],
    )  # fmt: skip
    heading(document, _("二、指标口径"), 1)
    for r in content["indicators"]:
        bullet(document, f"{r['name']}：{r['definition']}")
    _foot(document, evaluation)
    return to_bytes(document)
