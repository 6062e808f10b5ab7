"""A training certificate as a Word document (python-docx), with the same words as its page.

Chinese text needs an East-Asian font on the styles used, else Word falls back to a theme font
that many government PCs lack (see assessment/docx.py): Noto Sans CJK SC, as on the page.
"""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from dxpilot.training.models import Attendance

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CJK_FONT = "Noto Sans CJK SC"


def _east_asian(document: object, style_name: str) -> None:
    style = document.styles[style_name]  # type: ignore[attr-defined]
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
    fonts.set(qn("w:eastAsia"), CJK_FONT)


def certificate_docx(attendance: Attendance) -> bytes:
    session, trainee = attendance.session, attendance.trainee
    document = Document()
    for name in ("Normal", "Title"):
        _east_asian(document, name)
    title = document.add_heading(_("培训证书"), level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    body = document.add_paragraph(
        _("{name} 于 {date} 参加“{course}”培训，特发此证。").format(
            name=trainee.name, date=f"{session.held_on:%Y-%m-%d}", course=session.course.title
        )
    )
    body.runs[0].font.size = Pt(14)
    for label, value in (
        (_("证书编号"), attendance.certificate_number),
        (_("培训对象"), str(session.get_audience_display())),
        (_("培训地点"), session.place),
        (_("主办单位"), session.organiser),
    ):
        document.add_paragraph(f"{label}：{value}")
    out = BytesIO()
    document.save(out)
    return out.getvalue()
