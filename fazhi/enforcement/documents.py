"""The case's official documents as .docx (core docgen): the 行政处罚决定书 with every item of 行政处罚法
第五十九条, and the 事先告知书 with the rights of 第四十四条、第六十三条."""

import io

from django.http import FileResponse

from fazhi.core.docgen import OfficialDocument, cn_date

from . import rules
from .choices import PartyKind


def _party(doc, case):
    doc.field("当事人", case.party_name)
    label = "统一社会信用代码" if case.party_kind == PartyKind.ORGANISATION else "身份证件号码"
    doc.field(label, case.party_id_no)
    doc.field("地址", case.party_address)


def decision_document(case) -> OfficialDocument:
    """行政处罚法 第五十九条: 当事人; 违法事实和证据; 种类和依据; 履行方式和期限; 申请复议、提起诉讼的途径和期限;
    机关名称和日期, 盖章."""
    doc = OfficialDocument(title="行政处罚决定书", issuer=case.agency.name, number=case.number, red_header=False)
    _party(doc, case)
    doc.heading("一、违法事实和证据")
    doc.paragraph(case.facts or "—")
    acts = list(case.acts.all())
    if acts:
        doc.paragraph("以上事实有下列证据证明：" + "；".join(f"{a.on_date:%Y年%m月%d日}{a.kind}" for a in acts) + "。")
    doc.heading("二、行政处罚的种类和依据")
    doc.paragraph(f"依据{case.matter.legal_basis}，决定给予{case.get_penalty_kind_display()}"
                  + (f"，罚款人民币 {case.fine_amount} 元" if case.fine_amount is not None else "") + "。")
    if case.benchmark_range_id:
        doc.paragraph(f"适用裁量基准：{case.benchmark_range}。" + (f"超出裁量基准幅度的理由：{case.outside_range_reason}"
                                                                if case.outside_range_reason else ""))
    if case.decision_text:
        doc.paragraph(case.decision_text)
    doc.heading("三、履行方式和期限")
    doc.paragraph("当事人应当自收到本决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚款（行政处罚法第六十七条）。"
                  "到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款（第七十二条）。")
    doc.heading("四、申请行政复议或者提起行政诉讼的途径和期限")
    doc.paragraph("当事人对本决定不服的，可以自收到本决定书之日起六十日内依法申请行政复议，或者自收到本决定书之日起六个月内"
                  "依法向人民法院提起行政诉讼。")
    doc.signature(case.agency.name, case.decided_on)
    return doc


def notice_document(case) -> OfficialDocument:
    doc = OfficialDocument(title="行政处罚事先告知书", issuer=case.agency.name, number=case.number, red_header=False)
    _party(doc, case)
    doc.paragraph(f"经查，{case.facts or '—'}")
    doc.paragraph(f"依据{case.matter.legal_basis}，本机关拟对你（单位）作出{case.get_penalty_kind_display()}"
                  + (f"，罚款人民币 {case.fine_amount} 元" if case.fine_amount is not None else "") + "的行政处罚。")
    end = rules.statement_period_end(case.notice_served_on)
    doc.paragraph(f"根据《中华人民共和国行政处罚法》第四十四条、第四十五条，你（单位）有权进行陈述和申辩，请于 {cn_date(end)} 前"
                  f"提出。")
    if case.hearing_eligible:
        hearing_end = rules.hearing_request_end(case.notice_served_on)
        doc.paragraph(f"根据第六十三条、第六十四条，你（单位）有权要求听证，请于 {cn_date(hearing_end)} 前提出，逾期视为放弃。")
    doc.signature(case.agency.name, case.notice_served_on)
    return doc


def decision_docx(case):
    doc = decision_document(case)
    return FileResponse(io.BytesIO(doc.to_bytes()), as_attachment=True, filename=f"行政处罚决定书-{case.number}.docx")


def notice_docx(case):
    doc = notice_document(case)
    return FileResponse(io.BytesIO(doc.to_bytes()), as_attachment=True, filename=f"事先告知书-{case.number}.docx")
