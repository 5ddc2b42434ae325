"""The case's official documents as .docx (core docgen): the 行政处罚决定书 with every item of 行政处罚法
第五十九条, and the 事先告知书 with the rights of 第四十四条、第六十三条."""

import io

from django.http import FileResponse

from fazhi.core.docgen import OfficialDocument, cn_date

from . import rules
from .choices import PartyKind


def _party(doc, case):
    doc.field("当事人", case.party_name)
    label = "身份证件号码" if case.party_kind == PartyKind.PERSON else "统一社会信用代码"
    if case.party_operator:
        doc.field("经营者", case.party_operator)
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


def registration_document(case) -> OfficialDocument:
    """立案审批表 (行政处罚法 第五十四条): the source, the facts, the matter and basis, the limitation checked."""
    doc = OfficialDocument(title="立案审批表", issuer=case.agency.name, number=case.number, red_header=False)
    doc.field("案件来源", case.source or "—")
    _party(doc, case)
    doc.field("违法行为发生日期", cn_date(case.occurred_on))
    doc.field("发现日期", cn_date(case.discovered_on))
    doc.field("涉嫌违法事实", case.facts)
    doc.field("执法事项", str(case.matter))
    doc.field("实施依据", case.matter.legal_basis)
    doc.field("追责时效", f"{rules.limitation_years(case.serious_harm)} 年（行政处罚法第三十六条），未超过")
    doc.field("承办人员", "、".join(f"{o.name}（{o.certificate_no}）" for o in case.officers.all()))
    doc.field("立案日期", cn_date(case.registered_on))
    doc.field("负责人审批意见", "同意立案。")
    return doc


def act_document(case, act) -> OfficialDocument:
    """询问笔录 or 现场检查（勘验）笔录 (第四十二条、第五十五条): who, when, that the certificates were shown."""
    title = "询问笔录" if act.kind == "询问" else "现场检查（勘验）笔录" if act.kind.startswith("现场") else f"{act.kind}记录"
    doc = OfficialDocument(title=title, issuer=case.agency.name, number=case.number, red_header=False)
    doc.field("时间", cn_date(act.on_date))
    doc.field("当事人", case.party_name)
    doc.field("执法人员", "、".join(f"{o.name}（执法证号 {o.certificate_no}）" for o in act.officers.all()))
    doc.paragraph("执法人员已出示执法证件，告知当事人有申请回避、陈述和申辩的权利（行政处罚法第五十五条）。")
    doc.heading("记录")
    doc.paragraph(act.summary or "—")
    doc.paragraph("以上记录已交当事人核对，无误。")
    doc.field("当事人签名", "")
    doc.field("执法人员签名", "")
    return doc


def hearing_notice_document(case) -> OfficialDocument:
    """听证告知书 (第六十三条、第六十四条): the right to a hearing and the five-day request period."""
    doc = OfficialDocument(title="行政处罚听证告知书", issuer=case.agency.name, number=case.number, red_header=False)
    _party(doc, case)
    end = rules.hearing_request_end(case.notice_served_on)
    doc.paragraph(f"本机关拟对你（单位）作出{case.get_penalty_kind_display()}"
                  + (f"，罚款人民币 {case.fine_amount} 元" if case.fine_amount is not None else "")
                  + "的行政处罚。根据《中华人民共和国行政处罚法》第六十三条、第六十四条，你（单位）有权要求举行听证；"
                  f"要求听证的，应当在 {cn_date(end)} 前提出，逾期视为放弃。听证不收取费用。")
    doc.signature(case.agency.name, case.notice_served_on)
    return doc


def service_document(case) -> OfficialDocument:
    """送达回证 (第六十一条)."""
    doc = OfficialDocument(title="送达回证", issuer=case.agency.name, number=case.number, red_header=False)
    doc.table(["送达文书", "受送达人", "送达日期", "送达方式", "受送达人签收"],
              [["行政处罚决定书", case.party_name, cn_date(case.served_on), "直接送达", ""]])
    doc.paragraph("依据《中华人民共和国行政处罚法》第六十一条，行政处罚决定书应当在宣告后当场交付当事人；当事人不在场的，"
                  "应当在七日内依照《中华人民共和国民事诉讼法》的有关规定送达。")
    return doc


def closing_document(case) -> OfficialDocument:
    """结案报告: the case from 立案 to 执行, with its dates."""
    doc = OfficialDocument(title="结案报告", issuer=case.agency.name, number=case.number, red_header=False)
    _party(doc, case)
    for label, value in (("立案日期", case.registered_on), ("事先告知日期", case.notice_served_on),
                         ("决定日期", case.decided_on), ("送达日期", case.served_on), ("公示日期", case.published_on),
                         ("执行完毕日期", case.executed_on), ("结案日期", case.closed_on)):
        doc.field(label, cn_date(value) if value else "—")
    doc.field("处罚结果", case.get_penalty_kind_display()
              + (f"，罚款 {case.fine_amount} 元" if case.fine_amount is not None else ""))
    doc.paragraph("本案已执行完毕，材料齐全，申请结案归档。")
    return doc


# kind → (label, ready(case), builder); the case page lists the ready ones.
DOCUMENTS = {
    "registration": ("立案审批表", lambda c: c.registered_on, registration_document),
    "notice": ("事先告知书", lambda c: c.notice_served_on, notice_document),
    "hearing": ("听证告知书", lambda c: c.notice_served_on and c.hearing_eligible, hearing_notice_document),
    "decision": ("行政处罚决定书", lambda c: c.decided_on, decision_document),
    "service": ("送达回证", lambda c: c.served_on, service_document),
    "closing": ("结案报告", lambda c: c.closed_on, closing_document),
}


def docx_response(case, kind: str):
    label, _, build = DOCUMENTS[kind]
    return FileResponse(io.BytesIO(build(case).to_bytes()), as_attachment=True,
                        filename=f"{label}-{case.number or case.pk}.docx")


def act_docx(case, act):
    doc = act_document(case, act)
    return FileResponse(io.BytesIO(doc.to_bytes()), as_attachment=True, filename=f"{doc_title(act)}-{case.number}.docx")


def doc_title(act) -> str:
    return "询问笔录" if act.kind == "询问" else "现场检查笔录" if act.kind.startswith("现场") else f"{act.kind}记录"
