"""The procedure of 重大行政决策程序暂行条例 (国务院令第713号) as a state machine with guards.

Every guard returns the unmet conditions in Chinese and cites its article. The gate before the
collective discussion (第二十五条、第二十九条) lists every missing item separately.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from fazhi.core import workdays
from fazhi.procedure.choices import ReviewOpinion, ReviewStatus
from fazhi.procedure.machine import out_of_order_reason
from fazhi.procedure.services import opinion_text_problems

from .choices import DecisionState as S
from .choices import MeetingOutcome, MemberStance

# 第十五条: 公开征求意见的期限一般不少于30日
CONSULTATION_MIN_DAYS = 30
# 第十六条: 听证会材料应当于召开听证会7日前送达听证参加人
HEARING_MATERIALS_DAYS_BEFORE = 7
# 第二十六条: 送请合法性审查，应当保证必要的审查时间，一般不少于7个工作日
LEGALITY_REVIEW_MIN_WORKING_DAYS = 7


class Perm:
    VIEW = "decisions.view"
    MANAGE = "decisions.manage"
    REVIEW = "decisions.review"
    EXPERT = "decisions.expert"


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset
    permission: str
    article: str


ACTIVE_DRAFTING = frozenset({S.STARTED, S.RETURNED, S.REVIEWED})
EXECUTING = frozenset({S.PUBLISHED, S.SUSPENDED})

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition("start", "启动决策程序", frozenset({S.CATALOGUED}), Perm.MANAGE, "第十一条"),
        Transition("open_consultation", "公开征求意见", frozenset({S.STARTED}), Perm.MANAGE, "第十五条"),
        Transition("close_consultation", "结束征求意见", ACTIVE_DRAFTING, Perm.MANAGE, "第十八条"),
        Transition("record_hearing", "记录听证会", ACTIVE_DRAFTING, Perm.MANAGE, "第十六条、第十七条"),
        Transition("add_expert_opinion", "专家论证意见", ACTIVE_DRAFTING, Perm.MANAGE, "第十九条、第二十条"),
        Transition("add_risk_assessment", "风险评估", ACTIVE_DRAFTING, Perm.MANAGE, "第二十二条至第二十四条"),
        Transition("add_adviser_opinion", "法律顾问、公职律师意见", frozenset({S.IN_REVIEW}), Perm.REVIEW, "第二十八条"),
        Transition("submit_legality_review", "送请合法性审查", ACTIVE_DRAFTING, Perm.MANAGE, "第二十五条、第二十六条"),
        Transition("return_for_supplement", "退回补充材料", frozenset({S.IN_REVIEW}), Perm.REVIEW, "第二十六条"),
        Transition("give_legality_opinion", "出具合法性审查意见", frozenset({S.IN_REVIEW}), Perm.REVIEW,
                   "第二十七条、第二十八条"),
        Transition("confirm_changes", "确认按审查意见调整", frozenset({S.REVIEWED}), Perm.REVIEW, "第二十八条"),
        Transition("submit_to_meeting", "提交集体讨论", frozenset({S.STARTED, S.RETURNED, S.REVIEWED, S.POSTPONED}),
                   Perm.MANAGE, "第二十五条、第二十九条"),
        Transition("record_meeting", "记录集体讨论决定", frozenset({S.AT_MEETING}), Perm.MANAGE, "第三十条"),
        Transition("publish", "公布决策", frozenset({S.DECIDED}), Perm.MANAGE, "第三十一条、第三十二条"),
        Transition("report_execution", "报告执行情况", EXECUTING, Perm.MANAGE, "第三十四条"),
        Transition("start_post_evaluation", "启动决策后评估", EXECUTING, Perm.MANAGE, "第三十六条"),
        Transition("finish_post_evaluation", "完成决策后评估", EXECUTING, Perm.MANAGE, "第三十六条"),
        Transition("adjust", "调整决策", EXECUTING, Perm.MANAGE, "第三十七条"),
        Transition("suspend", "中止执行", frozenset({S.PUBLISHED}), Perm.MANAGE, "第三十七条"),
    ]
}


def state_problems(action: str, decision) -> list[str]:
    transition = TRANSITIONS.get(action)
    if transition is None:
        return [f"未知的操作：{action}。可用的操作：{'、'.join(TRANSITIONS)}。"]
    if decision.state not in transition.sources:
        return [state_refusal(transition, decision.state)]
    return []


# The order of the procedure; a step asked for too early names what is missing (第二十五条: 未经合法性审查的，
# 不得提交讨论), one asked for too late says it is past. Branches off the line are named as such.
STATE_ORDER = [S.CATALOGUED, S.STARTED, S.RETURNED, S.IN_REVIEW, S.REVIEWED, S.AT_MEETING, S.DECIDED, S.PUBLISHED]
MISSING = {
    "open_consultation": "决策程序尚未启动。",
    "close_consultation": "决策程序尚未启动。",
    "submit_legality_review": "决策程序尚未启动。",
    "add_adviser_opinion": "尚未送请合法性审查。",
    "return_for_supplement": "尚未送请合法性审查。",
    "give_legality_opinion": "尚未送请合法性审查。",
    "confirm_changes": "尚未出具合法性审查意见。",
    "submit_to_meeting": "决策程序尚未启动。",
    "record_meeting": "未经合法性审查并提交集体讨论，不能记录讨论决定（第二十五条、第三十条）。",
    "publish": "尚未经集体讨论作出决定，不能公布（第三十条、第三十一条）。",
    "report_execution": "决策尚未公布执行。",
    "start_post_evaluation": "决策尚未公布执行。",
    "finish_post_evaluation": "决策尚未公布执行。",
    "adjust": "决策尚未公布执行。",
    "suspend": "决策尚未公布执行。",
}


def state_refusal(transition: Transition, state: str) -> str:
    # 暂缓、不予通过、中止、停止 are off the ordered line.
    return out_of_order_reason(step=transition.label, action=transition.action, state=state,
                               state_label=S(state).label, order=STATE_ORDER, sources=transition.sources,
                               missing=MISSING, noun="决策")


def consultation_window_problems(start: date | None, end: date | None, shortened_reason: str) -> list[str]:
    """第十五条: 公开征求意见的期限一般不少于30日；因情况紧急等原因需要缩短期限的，公开征求意见时应当予以说明。"""
    if start is None or end is None:
        return ["请填写征求意见的起止日期。"]
    if end < start:
        return ["截止日期不能早于开始日期。"]
    days = (end - start).days + 1
    if days < CONSULTATION_MIN_DAYS and not (shortened_reason or "").strip():
        return [f"征求意见期仅 {days} 日，《重大行政决策程序暂行条例》第十五条规定一般不少于 {CONSULTATION_MIN_DAYS} 日；"
                "因情况紧急需要缩短的，应当说明理由并随公告公布。"]
    return []


def hearing_problems(*, held_on, materials_delivered_on, participants_published_on, notice_published_on,
                     participants: str) -> list[str]:
    """第十六条: 提前公布材料和参加人名单；材料于听证会7日前送达。"""
    problems = []
    if held_on is None or materials_delivered_on is None or participants_published_on is None \
            or notice_published_on is None:
        return ["请填写听证日期、公告日期、参加人名单公布日期和材料送达日期。"]
    if materials_delivered_on > held_on - timedelta(days=HEARING_MATERIALS_DAYS_BEFORE):
        problems.append(f"听证会材料应当于召开听证会7日前送达听证参加人（最迟 "
                        f"{held_on - timedelta(days=HEARING_MATERIALS_DAYS_BEFORE)}），实际 {materials_delivered_on}。")
    if participants_published_on >= held_on:
        problems.append("听证参加人名单应当提前向社会公布。")
    if notice_published_on >= held_on:
        problems.append("应当提前公布听证时间、地点和决策草案等材料。")
    if not (participants or "").strip():
        problems.append("请填写听证参加人名单。")
    return problems


def review_time_problems(today: date, proposed_meeting_date: date | None) -> list[str]:
    """第二十六条第二款: 送请合法性审查，应当保证必要的审查时间，一般不少于7个工作日。"""
    if proposed_meeting_date is None:
        return ["请填写拟提交决策机关讨论的会议日期，以保证合法性审查时间。"]
    result = workdays.working_days_between(today, proposed_meeting_date - timedelta(days=1))
    if result.days < LEGALITY_REVIEW_MIN_WORKING_DAYS:
        return [f"拟提交会议日期为 {proposed_meeting_date}，留给合法性审查的时间仅 {max(result.days, 0)} 个工作日，"
                f"《重大行政决策程序暂行条例》第二十六条规定一般不少于 {LEGALITY_REVIEW_MIN_WORKING_DAYS} 个工作日。"]
    return []


def legality_allows_discussion(decision, review) -> list[str]:
    """第二十五条: 未经合法性审查或者经审查不合法的，不得提交决策机关讨论；探索性改革事项可以明示法律风险。
    A public consultation never counts as the legality review."""
    if review is None or review.status != ReviewStatus.DONE:
        # Never waived: even an exploratory reform is reviewed; only its legal risk may be carried forward.
        return ["缺少合法性审查意见（第二十五条：未经合法性审查的，不得提交讨论；不得以征求意见代替合法性审查）。"]
    problems = []
    if review.opinion in (ReviewOpinion.UNLAWFUL, ReviewOpinion.ADVISE_NOT_TO_MAKE):
        problems.append("合法性审查意见为不合法，不得提交决策机关讨论（第二十五条）。")
    elif review.opinion == ReviewOpinion.LAWFUL_AFTER_CHANGES and review.changes_confirmed_at is None:
        problems.append("合法性审查意见为修改后合法，尚未确认已按意见调整（第二十八条）。")
    else:
        problems += opinion_text_problems(review, decision.title, decision.draft, noun="合法性审查")
    if problems and decision.exploratory_reform:
        # 第二十五条第二款: 对国家尚无明确规定的探索性改革决策事项，可以明示法律风险，提交决策机关讨论。
        if decision.legal_risk_statement.strip():
            return []
        return problems + ["探索性改革事项须明示法律风险后方可提交讨论。"]
    return problems


def gate_problems(decision, *, consultation, unanswered: int, experts: list, risk, review,
                  hearings: list = ()) -> list[str]:
    """第二十九条: the materials that must accompany the draft to the meeting — every missing one named."""
    problems = []
    if not decision.draft.strip():
        problems.append("缺少决策草案（第二十九条第一项）。")
    if not decision.explanation.strip():
        problems.append("缺少决策草案说明（第二十九条第一项）。")
    if decision.concerns_market and not decision.fair_competition_conclusion.strip():
        problems.append("决策草案涉及市场主体经济活动，缺少公平竞争审查情况（第二十九条第一项）。")
    if decision.requires_public_participation:
        if consultation is None:
            problems.append("需公众参与的事项未公开征求意见（第十四条、第十五条）。")
        elif consultation.closed_at is None:
            problems.append("公开征求意见尚未结束。")
        elif unanswered:
            problems.append(f"尚有 {unanswered} 条公众意见未研究答复（第十八条）。")
        if not decision.public_opinion_summary.strip():
            problems.append("缺少社会公众主要意见的研究采纳情况（第二十九条第二项）。")
    if decision.requires_hearing:
        # 第十六条: a hearing decided on (or required by law) is held before the draft goes on (its record is
        # signed by the participants — 第十七条第三项 — which services.record_hearing checks).
        if not hearings:
            problems.append("需举行听证的事项尚未举行听证会（第十六条）。")
    if decision.requires_expert_argumentation:
        opinions = [e for e in experts if e.opinion.strip()]
        if not opinions:
            problems.append("需专家论证的事项缺少专家论证意见（第十九条）。")
        elif any(not e.adoption for e in opinions):
            problems.append("专家论证意见尚未全部记录采纳情况。")
        if not decision.expert_adoption_summary.strip():
            problems.append("缺少专家论证意见的研究采纳情况（第二十九条第三项）。")
    if decision.requires_risk_assessment:
        if risk is None:
            problems.append("需风险评估的事项缺少风险评估报告（第二十九条第四项）。")
        elif not risk.controllable:
            problems.append("风险评估认为风险不可控，须调整决策草案并重新评估确保风险可控（第二十四条）。")
    problems.extend(legality_allows_discussion(decision, review))
    return problems


def meeting_problems(*, opinions: list[dict], outcome: str, head_name: str, head_reason: str, meeting_type: str,
                     held_on, attendees: str, today: date) -> tuple[list[str], bool]:
    """第三十条: members speak, the head speaks last; a head deciding against the majority states the reason
    at the meeting; dissent recorded as said. Returns (problems, head_against_majority)."""
    problems = []
    if meeting_type not in ("standing", "plenary"):
        problems.append("重大行政决策应当经决策机关常务会议或者全体会议讨论（第三十条）。")
    if held_on is None:
        problems.append("请填写会议日期。")
    elif held_on > today:
        problems.append("会议日期不能晚于今天。")
    if not (attendees or "").strip():
        problems.append("请填写出席人员。")
    if outcome not in MeetingOutcome.values:
        problems.append("请选择讨论结果。")
    if not opinions:
        problems.append("请逐人记录会议组成人员的意见（第三十条第三款：如实记录）。")
        return problems, False
    heads = [o for o in opinions if o.get("is_head")]
    if len(heads) != 1:
        problems.append("须记录且仅记录一名行政首长的意见。")
    elif opinions[-1] is not heads[0]:
        problems.append("行政首长应当最后发表意见（第三十条第二款）。")
    for index, o in enumerate(opinions, start=1):
        if o.get("stance") not in MemberStance.values:
            problems.append(f"第 {index} 位发言人的意见未选择。")
        if not (o.get("member") or "").strip():
            problems.append(f"第 {index} 位发言人的姓名未填写。")
        if o.get("stance") == MemberStance.DISAGREE and not (o.get("statement") or "").strip():
            problems.append(f"{o.get('member') or f'第 {index} 位发言人'}表示不同意，须如实载明其意见（第三十条第三款）。")
    members = [o for o in opinions if not o.get("is_head")]
    favour = sum(1 for o in members if o.get("stance") in (MemberStance.AGREE, MemberStance.AGREE_WITH_CHANGES))
    against = sum(1 for o in members if o.get("stance") == MemberStance.DISAGREE)
    adopted = outcome in (MeetingOutcome.ADOPTED, MeetingOutcome.ADOPTED_WITH_CHANGES)
    rejected = outcome == MeetingOutcome.REJECTED
    head_against = bool(members) and ((adopted and against > favour) or (rejected and favour > against))
    if head_against and not (head_reason or "").strip():
        problems.append("行政首长拟作出的决定与会议组成人员多数人的意见不一致，应当在会上说明理由（第三十条第二款）。")
    if not (head_name or "").strip():
        problems.append("请填写行政首长姓名。")
    return problems, head_against
