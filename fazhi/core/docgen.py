"""Official documents (公文) generated as .docx in the GB/T 9704-2012 layout, for every module.

GB/T 9704-2012: A4 paper; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (5.2.1);
title in 2号小标宋 (22 pt), body in 3号仿宋 (16 pt), 22 lines of 28 characters (fixed 28 pt line
spacing); the 版头 carries the 发文机关标志 in red above a red separator line, with the 发文字号 centred
over it (7.2); dates are written in full Arabic numerals without padding (7.3.5.3); headings of the
first level in 黑体, the second in 楷体 (7.3.3); 抄送 and 印发 lines in the 版记 (7.4).

Usage::

    doc = OfficialDocument(issuer="黔西南州司法局", number="黔西南司函〔2026〕3号", title="关于……的提示函")
    doc.recipient("兴义市人民政府：")
    doc.paragraph("……")
    doc.heading("一、存在的问题")
    doc.table(["指标", "数值"], rows)
    doc.signature("黔西南州司法局", date(2026, 12, 2))
    content = doc.to_file("提示函.docx")  # a ContentFile for core.attachments
"""

from collections.abc import Sequence
from datetime import date
from io import BytesIO

from django.core.files.base import ContentFile
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
RED = RGBColor(0xE6, 0x00, 0x12)
BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
LINE_PT = 28  # 22 lines per page


def cn_date(d: date) -> str:
    """2026年1月5日 — GB/T 9704-2012 7.3.5.3: 年份应标全称，月、日不编虚位。"""
    return f"{d.year}年{d.month}月{d.day}日"


def set_font(run, name: str, size_pt: float, *, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _rule(paragraph, color: str = "E60012", size: int = 12) -> None:
    """A red bottom border under a paragraph: the 版头 separator line (7.2.4)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), color)
    borders.append(bottom)
    p_pr.append(borders)


class OfficialDocument:
    """A 公文 under construction: 版头 (optional), title, 主送, body, 落款, 版记."""

    def __init__(self, *, title: str, issuer: str = "", number: str = "", red_header: bool = True):
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_height, section.page_width = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        if issuer and red_header:
            self._header(issuer, number)
        elif number:
            self.paragraph(number, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        self.title(title)

    # ------------------------------------------------------------ parts

    def _header(self, issuer: str, number: str) -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(p.add_run(f"{issuer}文件" if not issuer.endswith(("文件", "函")) else issuer), TITLE_FONT, 36,
                 color=RED)
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(p.add_run(number or " "), BODY_FONT, BODY_PT)
        _rule(p)

    def title(self, text: str) -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(LINE_PT)
        p.paragraph_format.space_after = Pt(LINE_PT)
        set_font(p.add_run(text), TITLE_FONT, TITLE_PT)

    def recipient(self, text: str) -> None:
        """主送机关 (7.3.2): flush left, ending with a full-width colon."""
        self.paragraph(text if text.endswith("：") else f"{text}：", indent=False)

    def paragraph(self, text: str, *, indent: bool = True, font: str = BODY_FONT, bold: bool = False,
                  align=None) -> None:
        for line in (text or "").split("\n") or [""]:
            p = self.doc.add_paragraph()
            p.paragraph_format.line_spacing = Pt(LINE_PT)
            if indent:
                p.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
            if align is not None:
                p.alignment = align
            set_font(p.add_run(line), font, BODY_PT, bold=bold)

    def heading(self, text: str, level: int = 1) -> None:
        self.paragraph(text, font=HEADING_FONT if level == 1 else SUBHEADING_FONT)

    def field(self, label: str, value: str) -> None:
        """A "label：value" line of a form-like document (审批表, 意见书)."""
        p = self.doc.add_paragraph()
        p.paragraph_format.line_spacing = Pt(LINE_PT)
        set_font(p.add_run(f"{label}："), HEADING_FONT, BODY_PT)
        set_font(p.add_run(value or "—"), BODY_FONT, BODY_PT)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence], *, size_pt: float = 12) -> None:
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = ""
            set_font(cell.paragraphs[0].add_run(str(text)), HEADING_FONT, size_pt)
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = ""
                set_font(cell.paragraphs[0].add_run("" if value is None else str(value)), BODY_FONT, size_pt)

    def signature(self, issuer: str, on: date) -> None:
        """落款 (7.3.5): the issuer and the date, right-aligned, the date in full."""
        self.doc.add_paragraph()
        self.paragraph(issuer, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        self.paragraph(cn_date(on), indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)

    def footer(self, *, copies: str = "", printer: str = "", printed_on: date | None = None) -> None:
        """版记 (7.4): 抄送 and 印发机关 with the date, between thin rules."""
        if copies:
            p = self.doc.add_paragraph()
            set_font(p.add_run(f"抄送：{copies}。"), BODY_FONT, 14)
            _rule(p, color="000000", size=4)
        if printer:
            p = self.doc.add_paragraph()
            set_font(p.add_run(f"{printer}    {cn_date(printed_on) if printed_on else ''}印发"), BODY_FONT, 14)
            _rule(p, color="000000", size=4)

    # ------------------------------------------------------------ output

    def to_bytes(self) -> bytes:
        buffer = BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def to_file(self, name: str) -> ContentFile:
        return ContentFile(self.to_bytes(), name=name)


def docx_text(content: bytes) -> str:
    """The plain text of a .docx (paragraphs and table cells), for tests and previews."""
    doc = Document(BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)
