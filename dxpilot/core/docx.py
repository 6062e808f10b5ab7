"""Word documents (python-docx) with Chinese text that renders on every government PC.

Chinese text needs an East-Asian font on every style: Word otherwise falls back to the theme's
East-Asian font, which on many government PCs is missing and renders as boxes. We name Noto Sans
CJK SC (what the pages use) and register SimSun as its alternative in the font table, which Word
uses when Noto is not installed. Shared by the diagnosis report (assessment), the training
certificate and the circulars and evaluation reports (reporting).
"""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from typing import Any

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.table import Table
from lxml import etree

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


def setup_cjk_fonts(document: DocumentObject, styles: Iterable[str] = STYLES) -> None:
    """Name the CJK font on the document defaults and on `styles`; register its fallback."""
    table = document.styles
    defaults = table.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _east_asian_font(rpr)
    for name in styles:
        try:
            style = table[name]
        except KeyError:
            continue
        _east_asian_font(style.element.get_or_add_rPr())
    table["Normal"].font.size = Pt(10.5)  # 五号
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
def styled(paragraph: Any, style_id: str) -> Any:
    paragraph._p.style = style_id
    return paragraph


def heading(document: DocumentObject, text: str, level: int = 1) -> None:
    styled(document.add_paragraph(text), "Title" if level == 0 else f"Heading{level}")


def bullet(document: DocumentObject, text: str) -> None:
    styled(document.add_paragraph(text), "ListBullet")


def grid_table(document: DocumentObject, header: list[str] | None, rows: list[list[str]]) -> Table:
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


def to_bytes(document: DocumentObject) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
