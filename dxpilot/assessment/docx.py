"""The diagnosis report as a Word document (python-docx), built from the same `Report` as the page.

Chinese text needs an East-Asian font on every style: Word otherwise falls back to the theme's
East-Asian font, which on many government PCs is missing and renders as boxes. We name Noto Sans
CJK SC (what the page uses) and register SimSun as its alternative in the font table, which Word
uses when Noto is not installed.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.table import Table
from lxml import etree

from dxpilot.assessment.report import MIN_PEERS, Report

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CJK_FONT = "Noto Sans CJK SC"
FALLBACK_FONT = "SimSun"
STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet", "Table Grid")


def _east_asian_font(rpr: Any) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    # Theme attributes win over explicit names: drop the East-Asian one.
    fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
    fonts.set(qn("w:eastAsia"), CJK_FONT)


def _setup_fonts(document: DocumentObject) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _east_asian_font(rpr)
    for name in STYLES:
        try:
            style = styles[name]
        except KeyError:
            continue
        _east_asian_font(style.element.get_or_add_rPr())
    styles["Normal"].font.size = Pt(10.5)  # 五号
    for part in document.part.package.iter_parts():
        if part.partname == "/word/fontTable.xml":
            _register_fallback(part)


def _register_fallback(part: Any) -> None:
    """Add the CJK font to the font table with SimSun as its alternative name (w:altName)."""
    root = parse_xml(part.blob)
    for name, alt in ((CJK_FONT, FALLBACK_FONT), (FALLBACK_FONT, "宋体")):
        font = parse_xml(
            f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>'
            '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
        )
        root.append(font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# python-docx resolves a style given by name or object by scanning every style of the document
# (about 2 ms each); setting the style id on the XML directly keeps a report near 50 ms.
def _styled(paragraph: Any, style_id: str) -> Any:
    paragraph._p.style = style_id
    return paragraph


def _heading(document: DocumentObject, text: str, level: int = 1) -> None:
    _styled(document.add_paragraph(text), "Title" if level == 0 else f"Heading{level}")


def _bullet(document: DocumentObject, text: str) -> None:
    _styled(document.add_paragraph(text), "ListBullet")


def _table(document: DocumentObject, header: list[str] | None, rows: list[list[str]]) -> Table:
    """A grid table built in one go (add_row per row is slow); the header row is bold."""
    cols = len(header) if header else len(rows[0])
    table: Table = document.add_table(rows=len(rows) + (1 if header else 0), cols=cols)
    table._tbl.tblStyle_val = "TableGrid"
    cells = table._cells
    values = [*([header] if header else []), *rows]
    for n, text in enumerate(value for row in values for value in row):
        cells[n].text = text
    if header:
        for cell in cells[:cols]:
            for run in cell.paragraphs[0].runs:
                run.bold = True
    return table


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
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
