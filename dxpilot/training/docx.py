"""A training certificate as a Word document (python-docx), with the same words as its page.

Chinese text needs an East-Asian font on the styles used, else Word falls back to a theme font
that many government PCs lack (see core/docx.py): Noto Sans CJK SC, as on the page.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from dxpilot.core.docx import CONTENT_TYPE as CONTENT_TYPE
from dxpilot.core.docx import setup_cjk_fonts, to_bytes
from dxpilot.training.models import Attendance


def certificate_docx(attendance: Attendance) -> bytes:
    session, trainee = attendance.session, attendance.trainee
    document = Document()
    setup_cjk_fonts(document, ("Normal", "Title"))
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
    return to_bytes(document)
