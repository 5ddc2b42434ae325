"""The procedure of a normative document as one kernel ``Machine`` (``fazhi.procedure.machine``).

Every step is declared once, in ``MACHINE`` below: its action, label, source and target states, the
permission, its legal source (law and article), the service that performs it, the API input and the page
form (dotted paths: this module never imports the API or the views), the message when it is done.

Two kinds of conditions, both reading only and citing their legal source next to the code:
- the guards ``(doc, facts) -> reasons``, known before anyone fills in a form (the facts are
  ``selectors.transition_facts``, fetched for a whole page of documents at once): the machine shows them
  on the pages and in ``GET …/actions/``, and refuses the step with them;
- the ``*_problems`` functions of a step's input (dates, opinions, meeting records …), which the services
  add to the machine's reasons so that one refusal names every unmet condition.
"""

from datetime import date

from django.utils import timezone

from fazhi.core import workdays
from fazhi.core.choices import AgencyKind
from fazhi.procedure import reviews
from fazhi.procedure.choices import AnswerOutcome, ReviewOpinion, ReviewStage, ReviewStatus
from fazhi.procedure.machine import Machine, Transition, basis
from fazhi.procedure.services import opinion_text_problems

from . import rules
from .choices import DocumentState as S
from .choices import FairCompetitionConclusion, FilingReviewStatus, FilingStatus, MeetingOutcome


class Perm:
    VIEW = "documents.view"
    DRAFT = "documents.draft"
    REVIEW = "documents.review"
    FILING_REVIEW = "documents.filing_review"
    CLEANUP = "documents.cleanup"
    REGISTER = "documents.register"  # 统一登记 (三统一) by the 司法局 or the government office
    REVOKE = "documents.revoke"  # the government decides on a proposal to revoke (地方组织法 第七十三条第三项)


# ------------------------------------------------------------------ guards


def comment_window_problems(doc, start: date | None, end: date | None, shortened_reason: str) -> list[str]:
    """The comment window's minimum length.

    A window runs from ``start`` to ``end`` inclusive.
    - General rule [S]: 一般不少于7个工作日 (2021 法治政府建设示范指标 #24) — counted on the working-day calendar.
    - 优化营商环境条例 第六十二条第二款: 与市场主体生产经营活动密切相关的 … 期限一般不少于30日 (calendar days).
    "一般" allows a shorter window only with a recorded reason, published with the call.
    """
    if start is None or end is None:
        return ["请填写征求意见的起止日期。"]
    if end < start:
        return ["征求意见截止日期不能早于开始日期。"]
    problems = []
    cfg = rules.current()
    # Working days inside [start, end]: the count over (start - 1 day, end].
    from datetime import timedelta

    count = workdays.working_days_between(start - timedelta(days=1), end)
    too_short = []
    if count.days < cfg.comment_min_working_days:
        too_short.append(f"征求意见期仅 {count.days} 个工作日，一般不少于 {cfg.comment_min_working_days} 个工作日")
    if doc.concerns_market:
        calendar_days = (end - start).days + 1
        if calendar_days < rules.MARKET_COMMENT_MIN_DAYS:
            too_short.append(
                f"涉及市场主体的文件征求意见期仅 {calendar_days} 日，{rules.MARKET_COMMENT_SOURCE}规定一般不少于 "
                f"{rules.MARKET_COMMENT_MIN_DAYS} 日"
            )
    if too_short and not (shortened_reason or "").strip():
        problems.extend(f"{msg}；如需缩短，须说明理由并随公告公布。" for msg in too_short)
    return problems


def guard_open_comment(doc, facts=None) -> list[str]:
    if not doc.body.strip():
        return ["请先填写征求意见稿正文。"]
    return []


def close_comment_problems(call, today: date) -> list[str]:
    """The comment window runs to its end date inclusive; it is closed only after (优化营商环境条例 第六十二条)."""
    if call is None:
        return ["没有进行中的征求意见。"]
    if today <= call.end_date:
        return [f"征求意见期至 {call.end_date} 届满，届满前不能结束。"]
    return []


def guard_close_comment(doc, facts) -> list[str]:
    return close_comment_problems(facts.call, timezone.localdate())


def comment_round_required(doc) -> bool:
    """Documents affecting rights and obligations are put to public comment (RULES.md §1 [S];
    优化营商环境条例 第六十二条 for those concerning market entities)."""
    return doc.affects_rights or doc.concerns_market


def missing_materials(doc, *, call=None, unanswered: int = 0) -> list[str]:
    """What the legality reviewer must receive (RULES.md §1: 起草说明, 制定依据, 征求意见及采纳情况,
    公平竞争审查结论 — 公平竞争审查条例 第十三条、第十八条)."""
    missing = []
    if not doc.body.strip():
        missing.append("缺少送审稿正文。")
    if not doc.drafting_notes.strip():
        missing.append("缺少起草说明。")
    if not doc.legal_basis.strip() and not doc.upper_laws.exists():
        missing.append("缺少制定依据（上位法或政策依据）。")
    if comment_round_required(doc):
        if call is None:
            missing.append("涉及公民、法人和其他组织权利义务的文件，须先公开征求意见。")
        else:
            if call.closed_at is None:
                missing.append("征求意见尚未结束。")
            if unanswered:
                missing.append(f"尚有 {unanswered} 条意见未答复。")
            if not call.summary.strip():
                missing.append("缺少意见采纳情况说明。")
    if doc.concerns_market:
        fcr = getattr(doc, "fair_competition", None)
        if fcr is None:
            # 优化营商环境条例 第六十三条; 公平竞争审查条例 第十三条
            missing.append("涉及市场主体经济活动的文件，须附公平竞争审查结论。")
        elif fcr.regulator_id is None and doc.issuing_agency.kind == AgencyKind.GOVERNMENT:
            missing.append("政府出台的文件，公平竞争审查须由本级市场监督管理部门会同起草单位进行（《公平竞争审查条例》"
                           "第十四条）。")
        elif fcr.conclusion == FairCompetitionConclusion.NON_COMPLIANT:
            # 公平竞争审查条例 第十八条: 经审查认为违反…的，不得出台
            missing.append("公平竞争审查结论为不符合，依《公平竞争审查条例》第十八条不得出台。")
    return missing


def guard_submit_review(doc, facts) -> list[str]:
    problems = missing_materials(doc, call=facts.call, unanswered=facts.unanswered)
    if facts.reviewing_agency is None and facts.justice_stage:
        problems.append("找不到负责合法性审核的司法行政部门，请联系管理员完善单位设置。")
    return problems


def first_stage_passed(review, doc) -> bool:
    """The drafting department's 法制机构 found the text as it stands lawful (国办发〔2018〕115号: 先由起草部门的
    法制机构审核) — the kernel's rule of a passed stage."""
    return review is not None and review.stage == ReviewStage.DEPARTMENT and reviews.passed(review, doc)


def latest_review_allows_deliberation(review) -> list[str]:
    """未经合法性审核或者经审核不合法的，不得提交集体审议 (RULES.md §1; 国办发〔2018〕115号, local codifications)."""
    if review is None or review.status != ReviewStatus.DONE:
        return ["未经合法性审核的文件不得提交集体审议。"]
    if review.opinion in (ReviewOpinion.UNLAWFUL, ReviewOpinion.ADVISE_NOT_TO_MAKE):
        return [f"合法性审核意见为“{review.get_opinion_display()}”，不得提交集体审议。"]
    if review.opinion == ReviewOpinion.LAWFUL_AFTER_CHANGES and review.changes_confirmed_at is None:
        return ["审核意见为“修改后合法”，修改要求尚未确认落实，不得提交集体审议。"]
    return []


def guard_deliberate(doc, facts) -> list[str]:
    review = facts.review
    if review is not None and review.stage == ReviewStage.DEPARTMENT and facts.justice_stage:
        # 国办发〔2018〕115号: the department's 法制机构 reviews first; the 司法行政部门's review is still owed
        return ["经部门法制机构审核后，尚未经司法行政部门合法性审核，不得提交集体审议。"]
    return latest_review_allows_deliberation(review) + opinion_text_problems(review, doc.title, doc.body)


def meeting_problems(review, *, meeting_date=None, outcome="", attendees="", today: date) -> list[str]:
    problems = []
    if meeting_date is None:
        problems.append("请填写会议日期。")
    elif meeting_date > today:
        problems.append("会议日期不能晚于今天（会后记录审议结果）。")
    elif review is not None and review.opinion_at is not None and meeting_date < review.opinion_at.date():
        problems.append("会议日期早于合法性审核意见出具日期。")
    if outcome not in MeetingOutcome.values:
        problems.append("请选择审议结果。")
    if not (attendees or "").strip():
        problems.append("请填写出席人员。")
    return problems


def guard_register(doc, facts) -> list[str]:
    if doc.registered_on:
        return [f"该文件已于 {doc.registered_on:%Y-%m-%d} 统一登记（{doc.registration_number}）。"]
    if facts.registrar is None:
        return ["找不到负责统一登记的机关（司法行政部门或政府办公室），请联系管理员完善单位设置。"]
    return []


def _registration_pending(user, doc, facts) -> bool:
    return not doc.registered_on


def guard_publish(doc, facts) -> list[str]:
    """三统一 (优化营商环境条例 第六十四条第二款): registered first, numbered in the issuer's name; the adoption
    summary is published with the document (第六十二条) — the comment call's summary is copied onto it."""
    problems = []
    if not doc.registered_on:
        problems.append("未经统一登记，不得统一编号和公布（三统一）。")
    if not doc.issuing_agency.doc_prefix:
        problems.append(f"制定机关“{doc.issuing_agency}”未设置发文机关代字，无法统一编号。")
    summary = doc.adoption_summary.strip() or (facts.call.summary.strip() if facts.call else "")
    if comment_round_required(doc) and not summary:
        problems.append("缺少随文件公布的意见采纳情况。")
    return problems


def publication_problems(doc, *, publication_date=None, effective_date=None, early_effect_reason="",
                         signed_pdf=None, validity_years=None) -> list[str]:
    problems = []
    if publication_date is None:
        problems.append("请填写公布日期。")
    if effective_date is None:
        problems.append("请填写施行日期（未写明施行日期的文件不得公布）。")
    if publication_date and effective_date:
        problems += rules.effective_date_problems(publication_date, effective_date, early_effect_reason)
    if signed_pdf is None:
        problems.append("请上传签发的正式文本（PDF）。")
    elif signed_pdf.mime_type != "application/pdf":
        problems.append("正式文本须为 PDF 文件。")
    limit = rules.max_validity_years(doc.title)
    years = validity_years if validity_years is not None else doc.validity_years
    if not years or years < 1:
        problems.append("请填写有效期（年）。")
    elif years > limit:
        kind = "暂行、试行文件" if rules.is_provisional_title(doc.title) else "规范性文件"
        problems.append(f"{kind}有效期一般不超过 {limit} 年。")
    return problems


def guard_file(doc, facts) -> list[str]:
    filing = facts.filing
    if filing is None:
        return ["该文件没有待报备事项。"]
    if filing.status == FilingStatus.FILED:
        return ["该文件已报备。"]
    return []


REVIEWER_DECISIONS = (FilingReviewStatus.APPROVED, FilingReviewStatus.CORRECTION_REQUIRED,
                      FilingReviewStatus.REVOCATION_PROPOSED)


def guard_filing_decision(doc, facts) -> list[str]:
    filing = facts.filing
    if filing is None or filing.status != FilingStatus.FILED:
        return ["文件尚未报备，不能作出备案审查决定。"]
    allowed = {FilingReviewStatus.PENDING, FilingReviewStatus.CORRECTED, FilingReviewStatus.ESCALATED}
    if filing.review_status not in allowed:
        return [f"备案审查已作出“{filing.get_review_status_display()}”决定。"]
    return []


def filing_decision_problems(*, decision="", opinion="") -> list[str]:
    problems = []
    if decision == FilingReviewStatus.REVOKED:
        problems.append("撤销由备案的人民政府决定，备案审查机构只能提出撤销建议（《地方各级人民代表大会和地方各级人民政府"
                        "组织法》第七十三条第三项）。")
    elif decision not in REVIEWER_DECISIONS:
        problems.append("请选择审查结果：准予备案、责令纠正或建议撤销。")
    if decision in (FilingReviewStatus.CORRECTION_REQUIRED, FilingReviewStatus.REVOCATION_PROPOSED) \
            and not opinion.strip():
        problems.append("责令纠正或建议撤销须写明审查意见和理由。")
    return problems


def guard_revoke(doc, facts) -> list[str]:
    """地方组织法 第七十三条第三项: 县级以上地方各级人民政府改变或者撤销所属各工作部门的不适当的命令、指示和下级人民政府的
    不适当的决定、命令 — on the proposal of its 备案审查 body."""
    if facts.filing is None or facts.filing.review_status != FilingReviewStatus.REVOCATION_PROPOSED:
        return ["备案审查机构尚未提出撤销建议。"]
    return []


def revoke_problems(filing, *, revoke=None, decision_ref: str = "", decided_on=None, today: date) -> list[str]:
    problems = []
    if revoke not in (True, False):
        problems.append("请选择决定：撤销或不予撤销。")
    if not (decision_ref or "").strip():
        problems.append("请写明人民政府的决定（文号或常务会议）。")
    if decided_on is None:
        problems.append("请填写决定日期。")
    elif decided_on > today:
        problems.append("决定日期不能晚于今天。")
    elif filing.reviewed_on and decided_on < filing.reviewed_on:
        problems.append("决定日期早于撤销建议的日期。")
    return problems


def answers_complete(outcomes: list[str]) -> bool:
    return all(o in AnswerOutcome.values for o in outcomes)


# ------------------------------------------------------------------ when a step is offered at all


def _submission_possible(user, doc, facts) -> bool:
    """Submitting is certain to be refused, so it is not offered: a draft that must first go to public
    comment, or a draft whose latest opinion is already 合法 for the text as it stands (services.document_submit_review)."""
    if doc.state == S.DRAFTING and comment_round_required(doc):
        return False
    review = facts.review
    if review is not None and review.stage == ReviewStage.DEPARTMENT and first_stage_passed(review, doc):
        return facts.justice_stage  # on to the 司法行政部门, unless the department's review was the last
    return not (doc.state == S.REVIEWED and review is not None and review.opinion == ReviewOpinion.LAWFUL
                and not opinion_text_problems(review, doc.title, doc.body))


def _filing_pending(user, doc, facts) -> bool:
    return facts.filing is not None and facts.filing.status != FilingStatus.FILED


def _congress_filing_pending(user, doc, facts) -> bool:
    return facts.congress_filing is not None and facts.congress_filing.filed_on is None


def _congress_answer_pending(user, doc, facts) -> bool:
    return (facts.congress_filing is not None and facts.congress_filing.filed_on is not None
            and not facts.congress_filing.outcome)


def _correction_due(user, doc, facts) -> bool:
    return facts.filing is not None and facts.filing.review_status in (
        FilingReviewStatus.CORRECTION_REQUIRED, FilingReviewStatus.ESCALATED)


def _government_decides(user, doc, facts) -> bool:
    """A proposal to revoke waits for the user's government (services.document_revoke checks the same)."""
    filing = facts.filing
    agency = getattr(user, "agency", None) if user is not None else None
    return (filing is not None and filing.review_status == FilingReviewStatus.REVOCATION_PROPOSED
            and filing.agency_id is not None and agency is not None and agency.region_id == filing.agency.region_id)


# ------------------------------------------------------------------ the machine

DRAFTABLE = frozenset({S.DRAFTING, S.COMMENT_CLOSED, S.RETURNED, S.REVIEWED})

SVC = "fazhi.documents.services"
INPUTS = "fazhi.documents.api.inputs"
FORMS = "fazhi.documents.forms"
ORG_LAW = "地方各级人民代表大会和地方各级人民政府组织法"
BIZ = "优化营商环境条例"
PLAN = "法治政府建设实施纲要（2021－2025年）"
FILING_RULES = "法规规章备案审查条例"
SUPERVISION_LAW = "各级人民代表大会常务委员会监督法"
NOTICE_37 = "国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知（国办发〔2018〕37号）"
# The reviewer's steps are the kernel review desk's (procedure.reviews; documents/review.py registers the type).
REVIEW_DESK, FILING_DESK, CLEANUP_DESK = "procedure:review_desk", "documents:filing_desk", "documents:campaigns"

MACHINE = Machine(
    app="documents",
    model="documents.NormativeDocument",
    subject="document",
    states=S,
    facts="fazhi.documents.facts.transition_facts",
    lock_related=("issuing_agency", "agency"),
    # The order of the making: a step asked for too early names what is missing ("未经集体审议，不得统一编号
    # 和公布"), one asked for too late says it is past.
    order=[S.DRAFTING, S.COMMENTING, S.COMMENT_CLOSED, S.RETURNED, S.IN_REVIEW, S.REVIEWED, S.DELIBERATED,
           S.PUBLISHED],
    noun="文件",
    transitions=[
        Transition("open_comment", "公开征求意见", {S.DRAFTING}, Perm.DRAFT, basis(BIZ, "第六十二条"),
                   f"{SVC}.comment_open", target=S.COMMENTING, guard=guard_open_comment,
                   input=f"{INPUTS}.OpenCommentInput", form=f"{FORMS}.OpenCommentForm",
                   done="已开始公开征求意见。", page="comments", who="本单位"),
        Transition("close_comment", "结束征求意见", {S.COMMENTING}, Perm.DRAFT,
                   basis(ORG_LAW, "第七十五条") + basis(BIZ, "第六十二条"),
                   f"{SVC}.comment_close", target=S.COMMENT_CLOSED, guard=guard_close_comment, input=f"{INPUTS}.ActionOnlyInput",
                   missing="尚未公开征求意见。", done="征求意见已结束，请答复每条意见并完善意见采纳情况。",
                   page="comments", who="本单位", hint="征求意见期届满后结束；结束后请逐条答复意见。"),
        Transition("submit_review", "提交合法性审核", DRAFTABLE, Perm.DRAFT, basis(BIZ, "第六十三条"),
                   f"{SVC}.document_submit_review", target=S.IN_REVIEW, guard=guard_submit_review, input=f"{INPUTS}.ActionOnlyInput",
                   offered=_submission_possible, missing="征求意见尚未结束，结束后方可提交合法性审核。",
                   done="已提交合法性审核。", page="review", who="本单位",
                   hint="提交后将冻结当前正文为送审稿版本，并由系统自动预审后送审核机构。"),
        Transition("deliberate", "记录集体审议", {S.REVIEWED}, Perm.DRAFT, basis(ORG_LAW, "第七十五条"),
                   f"{SVC}.document_deliberate", target=S.DELIBERATED, guard=guard_deliberate,
                   input=f"{INPUTS}.DeliberateInput", form=f"{FORMS}.DeliberateForm",
                   missing="未经合法性审核（尚未出具审核意见），不得提交集体审议。", done="已记录集体审议。",
                   page="deliberation", who="本单位"),
        # [U] 三统一 (统一登记、统一编号、统一印发): 国办发〔2018〕37号 二、（八）, not verified against its text
        Transition("register", "统一登记", {S.DELIBERATED}, Perm.REGISTER, basis(NOTICE_37, "二、（八）"),
                   f"{SVC}.document_register", guard=guard_register, offered=_registration_pending,
                   input=f"{INPUTS}.ActionOnlyInput", missing="未经集体审议，不得统一登记。",
                   done="已统一登记，登记号 {result.registration_number}。", page="publication", who="登记机关",
                   hint="审议通过的文件由司法行政部门（或政府办公室）统一登记后，方可统一编号、公布。"),
        Transition("publish", "统一编号并公布", {S.DELIBERATED}, Perm.DRAFT, basis(BIZ, "第六十四条第二款"),
                   f"{SVC}.document_publish", target=S.PUBLISHED, guard=guard_publish, input=f"{INPUTS}.PublishInput",
                   form=f"{FORMS}.PublishForm", missing="未经集体审议，不得统一编号和公布。",
                   done="已统一编号并公布，文号 {result.number}。报备期限已生成。", page="publication", who="本单位"),
        Transition("file", "报送备案", {S.PUBLISHED}, Perm.DRAFT, basis(ORG_LAW, "第七十五条"),
                   f"{SVC}.document_file", guard=guard_file, offered=_filing_pending,
                   input=f"{INPUTS}.ActionOnlyInput", missing="文件尚未公布，无需报送备案。",
                   done="已报送备案，备案报告已生成。", page="publication", who="本单位",
                   hint="系统将自动生成备案报告（附正式文本、起草说明、合法性审核意见），报送备案审查机关。"),
        Transition("congress_file", "报人大常委会备案", {S.PUBLISHED}, Perm.DRAFT,
                   basis(SUPERVISION_LAW, "第三十九条", "第四十条"),
                   f"{SVC}.congress_filing_submit", offered=_congress_filing_pending, input=f"{INPUTS}.CongressFileInput",
                   form=f"{FORMS}.CongressFileForm", missing="文件尚未公布，无需报送备案。",
                   done="已记录报本级人大常委会备案。", page="publication", who="本单位",
                   hint="县级以上人民政府制定的规范性文件，同时报本级人民代表大会常务委员会备案。"),
        Transition("congress_record", "记录人大常委会审查情况", {S.PUBLISHED}, Perm.DRAFT,
                   basis(SUPERVISION_LAW, "第三十九条"),
                   f"{SVC}.congress_filing_record", offered=_congress_answer_pending, input=f"{INPUTS}.CongressRecordInput",
                   form=f"{FORMS}.CongressRecordForm", missing="文件尚未公布和报备。",
                   done="已记录人大常委会的接收和审查情况。", page="publication", who="本单位"),
        Transition("filing_decision", "备案审查决定", {S.PUBLISHED}, Perm.FILING_REVIEW,
                   basis(PLAN, "（九）") + basis(FILING_RULES, "第二十五条"),
                   f"{SVC}.filing_decide", guard=guard_filing_decision, input=f"{INPUTS}.FilingDecisionInput",
                   missing="文件尚未公布和报备。", desk=FILING_DESK, who="备案审查机关", audit_label="作出备案审查决定"),
        Transition("revoke", "撤销决定", {S.PUBLISHED}, Perm.REVOKE, basis(ORG_LAW, "第七十三条第三项"),
                   f"{SVC}.document_revoke", guard=guard_revoke, offered=_government_decides,
                   input=f"{INPUTS}.RevokeInput", form=f"{FORMS}.RevokeForm", missing="文件尚未公布和报备。",
                   done="已记录人民政府的决定。", page="publication", who="人民政府",
                   audit_label="人民政府作出撤销决定"),
        Transition("filing_correct", "报告纠正情况", {S.PUBLISHED}, Perm.DRAFT, basis(FILING_RULES, "第二十一条"),
                   f"{SVC}.filing_correct", offered=_correction_due, input=f"{INPUTS}.FilingCorrectInput",
                   form=f"{FORMS}.FilingCorrectForm", missing="文件尚未公布和报备。",
                   done="已报告纠正情况，等待备案审查机关重新审查。", page="publication", who="本单位"),
        Transition("abandon", "不予制定", DRAFTABLE, Perm.DRAFT, basis(ORG_LAW, "第七十五条") + basis(PLAN, "（九）"),
                   f"{SVC}.document_abandon", target=S.ABANDONED, input=f"{INPUTS}.ReasonInput", form=f"{FORMS}.AbandonForm",
                   done="已决定不予制定。", page="info", who="本单位", danger=True,
                   confirm="确定不予制定？此操作不可撤回。"),
        Transition("evaluate", "有效期届满评估", {S.PUBLISHED}, Perm.DRAFT, basis(PLAN, "（九）"),
                   f"{SVC}.document_evaluate", offered=lambda user, doc, facts: facts.open_evaluation,
                   input=f"{INPUTS}.EvaluateInput", form=f"{FORMS}.EvaluateForm", missing="文件尚未公布。",
                   done="已完成有效期届满评估。", page="publication", who="本单位",
                   audit_label="完成有效期届满评估"),
        Transition("republish", "重新公布", {S.PUBLISHED}, Perm.DRAFT, basis(PLAN, "（九）"),
                   f"{SVC}.document_republish", offered=lambda user, doc, facts: facts.republication_due,
                   input=f"{INPUTS}.RepublishInput", form=f"{FORMS}.RepublishForm", missing="文件尚未公布。",
                   done="已重新公布，自重新公布之日起重新计算有效期。", page="publication", who="本单位",
                   audit_label="评估后重新公布"),
        Transition("cleanup_decision", "清理意见", {S.PUBLISHED}, Perm.DRAFT, basis(PLAN, "（九）"),
                   f"{SVC}.document_cleanup_decide", input=f"{INPUTS}.CleanupDecisionInput",
                   missing="文件尚未公布。", desk=CLEANUP_DESK, who="本单位", audit_label="提出清理意见"),
    ],
)
