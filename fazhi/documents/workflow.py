"""The procedure of a normative document as an explicit state machine.

Each transition names its source states, the permission it needs and a guard. A guard returns the
list of unmet conditions in Chinese (empty = allowed) and cites its legal source next to the code.
Guards only read; services.py performs the transition, the audit event and the notifications.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from fazhi.core import workdays
from fazhi.core.choices import AgencyKind
from fazhi.core.errors import Reason
from fazhi.procedure.choices import AnswerOutcome, ReviewOpinion, ReviewStatus
from fazhi.procedure.machine import out_of_order_reason
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
    REVOKE = "documents.revoke"  # the government decides on a proposal to revoke (地方组织法 第七十三条第三项)


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset
    permission: str
    guard: Callable[..., list[str]] | None = None
    legal_source: str = ""
    extra: dict = field(default_factory=dict)


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


def guard_open_comment(doc, *, start=None, end=None, shortened_reason="", **_) -> list[str]:
    problems = []
    if not doc.body.strip():
        problems.append("请先填写征求意见稿正文。")
    return problems + comment_window_problems(doc, start, end, shortened_reason)


def guard_close_comment(doc, *, call=None, today: date, **_) -> list[str]:
    if call is None:
        return ["没有进行中的征求意见。"]
    if today <= call.end_date:
        return [f"征求意见期至 {call.end_date} 届满，届满前不能结束。"]
    return []


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


def guard_submit_review(doc, *, call=None, unanswered: int = 0, reviewing_agency=None, **_) -> list[str]:
    problems = missing_materials(doc, call=call, unanswered=unanswered)
    if reviewing_agency is None:
        problems.append("找不到负责合法性审核的司法行政部门，请联系管理员完善单位设置。")
    return problems


def guard_give_opinion(doc, *, review=None, opinion: str = "", checklist: dict | None = None,
                       required_changes: str = "", **_) -> list[str]:
    from .checklist import CHECKLIST_ITEMS

    problems = []
    if review is None or review.status not in (ReviewStatus.WAITING, ReviewStatus.IN_REVIEW):
        return ["没有待出具意见的审核。"]
    if opinion not in ReviewOpinion.values:
        problems.append("请选择审核意见：合法、修改后合法、不合法或建议不制定。")
    checklist = checklist or {}
    unfilled = [(key, label) for key, label in CHECKLIST_ITEMS if not (checklist.get(key) or {}).get("result")]
    if unfilled:
        problems.append("审核要点未填写完整：" + "、".join(label for _, label in unfilled) + "。")
        # … and each missing point marked where the reviewer fills it in (pages) / names it (API ``fields``).
        problems += [Reason("请对此项作出审核结论。", field=f"check_{key}") for key, _ in unfilled]
    if opinion == ReviewOpinion.LAWFUL_AFTER_CHANGES and not required_changes.strip():
        problems.append("“修改后合法”须写明修改要求。")
    return problems


def latest_review_allows_deliberation(review) -> list[str]:
    """未经合法性审核或者经审核不合法的，不得提交集体审议 (RULES.md §1; 国办发〔2018〕115号, local codifications)."""
    if review is None or review.status != ReviewStatus.DONE:
        return ["未经合法性审核的文件不得提交集体审议。"]
    if review.opinion in (ReviewOpinion.UNLAWFUL, ReviewOpinion.ADVISE_NOT_TO_MAKE):
        return [f"合法性审核意见为“{review.get_opinion_display()}”，不得提交集体审议。"]
    if review.opinion == ReviewOpinion.LAWFUL_AFTER_CHANGES and review.changes_confirmed_at is None:
        return ["审核意见为“修改后合法”，修改要求尚未确认落实，不得提交集体审议。"]
    return []


def guard_deliberate(doc, *, review=None, meeting_date=None, outcome="", attendees="", today: date, **_):
    problems = latest_review_allows_deliberation(review)
    problems += opinion_text_problems(review, doc.title, doc.body)
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


def guard_publish(doc, *, publication_date=None, effective_date=None, early_effect_reason="",
                  signed_pdf=None, validity_years=None, **_) -> list[str]:
    problems = []
    if not doc.issuing_agency.doc_prefix:
        problems.append(f"制定机关“{doc.issuing_agency}”未设置发文机关代字，无法统一编号。")
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
    if comment_round_required(doc) and not doc.adoption_summary.strip():
        problems.append("缺少随文件公布的意见采纳情况。")
    return problems


def guard_file(doc, *, filing=None, **_) -> list[str]:
    if filing is None:
        return ["该文件没有待报备事项。"]
    if filing.status == FilingStatus.FILED:
        return ["该文件已报备。"]
    return []


def guard_filing_decision(doc, *, filing=None, decision="", opinion="", **_) -> list[str]:
    problems = []
    if filing is None or filing.status != FilingStatus.FILED:
        return ["文件尚未报备，不能作出备案审查决定。"]
    allowed = {FilingReviewStatus.PENDING, FilingReviewStatus.CORRECTED, FilingReviewStatus.ESCALATED}
    if filing.review_status not in allowed:
        problems.append(f"备案审查已作出“{filing.get_review_status_display()}”决定。")
    if decision == FilingReviewStatus.REVOKED:
        problems.append("撤销由备案的人民政府决定，备案审查机构只能提出撤销建议（《地方各级人民代表大会和地方各级人民政府"
                        "组织法》第七十三条第三项）。")
    elif decision not in REVIEWER_DECISIONS:
        problems.append("请选择审查结果：准予备案、责令纠正或建议撤销。")
    if decision in (FilingReviewStatus.CORRECTION_REQUIRED, FilingReviewStatus.REVOCATION_PROPOSED) \
            and not opinion.strip():
        problems.append("责令纠正或建议撤销须写明审查意见和理由。")
    return problems


REVIEWER_DECISIONS = (FilingReviewStatus.APPROVED, FilingReviewStatus.CORRECTION_REQUIRED,
                      FilingReviewStatus.REVOCATION_PROPOSED)


def guard_revoke(doc, *, filing=None, revoke=None, decision_ref: str = "", decided_on=None, today: date, **_):
    """地方组织法 第七十三条第三项: 县级以上地方各级人民政府改变或者撤销所属各工作部门的不适当的命令、指示和下级人民政府的
    不适当的决定、命令 — on the proposal of its 备案审查 body."""
    problems = []
    if filing is None or filing.review_status != FilingReviewStatus.REVOCATION_PROPOSED:
        return ["备案审查机构尚未提出撤销建议。"]
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


# ------------------------------------------------------------------ the table

DRAFTABLE = frozenset({S.DRAFTING, S.COMMENT_CLOSED, S.RETURNED, S.REVIEWED})

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition("open_comment", "公开征求意见", frozenset({S.DRAFTING}), Perm.DRAFT, guard_open_comment,
                   "《优化营商环境条例》第六十二条"),
        Transition("close_comment", "结束征求意见", frozenset({S.COMMENTING}), Perm.DRAFT, guard_close_comment,
                   "《地方各级人民代表大会和地方各级人民政府组织法》第七十五条（公开征求意见）；《优化营商环境条例》第六十二条"),
        Transition("submit_review", "提交合法性审核", frozenset({S.DRAFTING, S.COMMENT_CLOSED, S.RETURNED, S.REVIEWED}),
                   Perm.DRAFT, guard_submit_review, "《优化营商环境条例》第六十三条"),
        Transition("return_for_supplement", "退回补充材料", frozenset({S.IN_REVIEW}), Perm.REVIEW, None,
                   "《优化营商环境条例》第六十三条第二款；《地方各级人民代表大会和地方各级人民政府组织法》第七十五条（合法性审查）"),
        Transition("give_opinion", "出具审核意见", frozenset({S.IN_REVIEW}), Perm.REVIEW, guard_give_opinion,
                   "《优化营商环境条例》第六十三条第二款；《地方各级人民代表大会和地方各级人民政府组织法》第七十五条（合法性审查）"),
        Transition("confirm_changes", "确认修改落实", frozenset({S.REVIEWED}), Perm.REVIEW, None,
                   "《优化营商环境条例》第六十三条第二款；《法治政府建设实施纲要（2021－2025年）》（九）（合法性审核机制）"),
        Transition("deliberate", "记录集体审议", frozenset({S.REVIEWED}), Perm.DRAFT, guard_deliberate,
                   "《地方各级人民代表大会和地方各级人民政府组织法》第七十五条（集体讨论决定）：未经合法性审核或者经审核不合法的，不得提交集体审议"),
        Transition("publish", "统一编号并公布", frozenset({S.DELIBERATED}), Perm.DRAFT, guard_publish,
                   "《优化营商环境条例》第六十四条第二款"),
        Transition("file", "报送备案", frozenset({S.PUBLISHED}), Perm.DRAFT, guard_file,
                   "《地方各级人民代表大会和地方各级人民政府组织法》第七十五条（备案）"),
        Transition("filing_decision", "备案审查决定", frozenset({S.PUBLISHED}), Perm.FILING_REVIEW,
                   guard_filing_decision, "《法治政府建设实施纲要（2021－2025年）》（九）（备案审查制度）；《法规规章备案审查条例》第二十五条"),
        Transition("revoke", "撤销决定", frozenset({S.PUBLISHED}), Perm.REVOKE, guard_revoke,
                   "《地方各级人民代表大会和地方各级人民政府组织法》第七十三条第三项"),
        Transition("filing_correct", "报告纠正情况", frozenset({S.PUBLISHED}), Perm.DRAFT, None,
                   "《法规规章备案审查条例》第二十一条（参照）"),
        Transition("abandon", "不予制定", frozenset({S.DRAFTING, S.COMMENT_CLOSED, S.RETURNED, S.REVIEWED}),
                   Perm.DRAFT, None, "《地方各级人民代表大会和地方各级人民政府组织法》第七十五条（评估论证）；《法治政府建设实施纲要（2021－2025年）》（九）（严控发文数量）"),
        Transition("evaluate", "有效期届满评估", frozenset({S.PUBLISHED}), Perm.DRAFT, None,
                   "《法治政府建设实施纲要（2021－2025年）》（九）（动态清理工作机制）"),
        Transition("republish", "重新公布", frozenset({S.PUBLISHED}), Perm.DRAFT, None,
                   "《法治政府建设实施纲要（2021－2025年）》（九）（动态清理：继续有效的文件重新公布）"),
        Transition("cleanup_decision", "清理意见", frozenset({S.PUBLISHED}), Perm.DRAFT, None,
                   "《法治政府建设实施纲要（2021－2025年）》（九）（动态清理工作机制）"),
    ]
}


# The order of the making; a step asked for too early names what is missing, in words a user understands
# ("未经合法性审核，不得提交集体审议"), one asked for too late says it is past.
STATE_ORDER = [S.DRAFTING, S.COMMENTING, S.COMMENT_CLOSED, S.RETURNED, S.IN_REVIEW, S.REVIEWED, S.DELIBERATED,
               S.PUBLISHED]
MISSING = {
    "close_comment": "尚未公开征求意见。",
    "submit_review": "征求意见尚未结束，结束后方可提交合法性审核。",
    "return_for_supplement": "尚未提交合法性审核。",
    "give_opinion": "尚未提交合法性审核。",
    "confirm_changes": "尚未出具合法性审核意见。",
    "deliberate": "未经合法性审核（尚未出具审核意见），不得提交集体审议。",
    "publish": "未经集体审议，不得统一编号和公布。",
    "file": "文件尚未公布，无需报送备案。",
    "filing_decision": "文件尚未公布和报备。",
    "filing_correct": "文件尚未公布和报备。",
    "revoke": "文件尚未公布和报备。",
    "evaluate": "文件尚未公布。",
    "republish": "文件尚未公布。",
    "cleanup_decision": "文件尚未公布。",
}


def state_refusal(transition: Transition, state: str) -> str:
    return out_of_order_reason(step=transition.label, action=transition.action, state=state,
                               state_label=S(state).label, order=STATE_ORDER, sources=transition.sources,
                               missing=MISSING, noun="文件")


def check(action: str, doc, **context) -> list[str]:
    """Every unmet condition of ``action`` on ``doc`` (state first, then the guard)."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        return [f"未知的操作：{action}。可用的操作：{'、'.join(TRANSITIONS)}。"]
    if doc.state not in transition.sources:
        return [state_refusal(transition, doc.state)]
    if transition.guard is None:
        return []
    return transition.guard(doc, **context)
