"""Official documents of the module, generated as .docx in the GB/T 9704-2012 layout:
A4, margins 37/35/28/26 mm, title in 2号小标宋, body in 3号仿宋, 28 pt line spacing."""

from io import BytesIO

from django.core.files.base import ContentFile
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from fazhi.core import attachments
from fazhi.procedure.choices import ReviewOpinion

from .checklist import CHECKLIST_ITEMS
from .choices import CleanupDecision

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"


def _font(run, name: str, size_pt: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)


def _new_document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    return doc


def cn_date(d) -> str:
    """2024年1月1日 — GB/T 9704-2012 7.3.5.3: 年份应标全称，月、日不编虚位。"""
    return f"{d.year}年{d.month}月{d.day}日"


def _title(doc, text: str) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(text), TITLE_FONT, 22)


def _para(doc, text: str, *, indent: bool = True, font: str = BODY_FONT, bold: bool = False,
          align=None) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.line_spacing = Pt(28)
    if indent:
        p.paragraph_format.first_line_indent = Pt(32)
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), font, 16, bold)


def _to_file(doc, name: str) -> ContentFile:
    buffer = BytesIO()
    doc.save(buffer)
    return ContentFile(buffer.getvalue(), name=name)


def filing_report_docx(document) -> ContentFile:
    """备案报告 with the filed document, the drafting notes and the legality opinion appended."""
    from fazhi.procedure.reviews import latest_review

    filing = document.filing
    doc = _new_document()
    _title(doc, f"关于{document.title}的备案报告")
    _para(doc, f"{filing.authority_name}：", indent=False)
    _para(doc, f"{document.issuing_agency.name}于{cn_date(document.publication_date)}公布了《{document.title}》"
               f"（{document.number}），自{cn_date(document.effective_date)}起施行。现将该文件报送备案，"
               "随附文件正式文本、起草说明和合法性审核意见，请予审查。")
    _para(doc, "附件：1. 文件正式文本  2. 起草说明  3. 合法性审核意见", indent=True)
    _para(doc, document.issuing_agency.name, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, f"{cn_date(timezone.localdate())}", indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    doc.add_page_break()
    _para(doc, "附件1  文件正式文本", indent=False, font=HEADING_FONT)
    _title(doc, document.title)
    _para(doc, document.number, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    for line in document.body.splitlines():
        if line.strip():
            _para(doc, line.strip())
    doc.add_page_break()
    _para(doc, "附件2  起草说明", indent=False, font=HEADING_FONT)
    for line in (document.drafting_notes or "（无）").splitlines():
        if line.strip():
            _para(doc, line.strip())
    doc.add_page_break()
    _para(doc, "附件3  合法性审核意见", indent=False, font=HEADING_FONT)
    review = latest_review(document)
    if review is None:
        _para(doc, "（无合法性审核记录）")
    else:
        _para(doc, f"审核机构：{review.agency.name}；审核意见：{ReviewOpinion(review.opinion).label if review.opinion else '—'}；"
                   f"出具时间：{cn_date(timezone.localtime(review.opinion_at))}" if review.opinion_at else
              f"审核机构：{review.agency.name}")
        for key, label in CHECKLIST_ITEMS:
            item = review.checklist.get(key) or {}
            result = {"pass": "符合", "problem": "存在问题", "na": "不适用"}.get(item.get("result", ""), "—")
            _para(doc, f"{label}：{result}{'。' + item['note'] if item.get('note') else ''}")
        if review.opinion_text:
            _para(doc, review.opinion_text)
        if review.required_changes:
            _para(doc, f"修改要求：{review.required_changes}")
    return _to_file(doc, f"{document.number or document.code}-备案报告.docx")


def filing_package(*, actor, document):
    content = filing_report_docx(document)
    return attachments.attachment_create(actor=actor, uploaded_file=content, obj=document, agency=document.agency)


def cleanup_announcement_docx(campaign) -> ContentFile:
    doc = _new_document()
    _title(doc, f"关于{campaign.title}结果的公告")
    items = list(campaign.items.select_related("document", "document__issuing_agency").order_by("decision", "id"))
    _para(doc, f"根据法治政府建设有关要求，{campaign.agency.name}组织开展了{campaign.title}，"
               f"共清理行政规范性文件 {len(items)} 件。现将清理结果公告如下：")
    for number, (decision, label) in enumerate(CleanupDecision.choices, start=1):
        group = [i for i in items if i.decision == decision]
        _para(doc, f"{'一二三四'[number - 1]}、{label}的文件（{len(group)} 件）", font=HEADING_FONT, indent=True)
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ["序号", "文件名称", "文号", "理由"], strict=True):
            cell.text = text
        for index, item in enumerate(group, start=1):
            row = table.add_row().cells
            row[0].text = str(index)
            row[1].text = item.document.title
            row[2].text = item.document.number
            row[3].text = item.reason
    _para(doc, "未列入继续有效目录的文件，不再作为行政管理的依据。")
    _para(doc, "特此公告。", indent=True)
    _para(doc, campaign.agency.name, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, f"{cn_date(campaign.published_on)}", indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    return _to_file(doc, f"{campaign.title}-结果公告.docx")


def cleanup_announcement(*, actor, campaign):
    content = cleanup_announcement_docx(campaign)
    return attachments.attachment_create(actor=actor, uploaded_file=content, obj=campaign, agency=campaign.agency)


def extract_docx_text(uploaded_file) -> str:
    """The text of an uploaded .docx (paragraphs and table cells), for pasting the draft body."""
    document = Document(uploaded_file)
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(line.rstrip() for line in lines).strip()
