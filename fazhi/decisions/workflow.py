"""The procedure of 重大行政决策程序暂行条例 (国务院令第713号) as one kernel ``Machine``: every step declared
once in ``MACHINE`` (action, label, states, permission, article, service, API input, page form, done message).

Every guard returns the unmet conditions in Chinese and cites its article. The gate before the
collective discussion (第二十五条、第二十九条) lists every missing item separately.
"""

from datetime import date, timedelta

from fazhi.core import workdays
from fazhi.core.choices import AgencyKind
from fazhi.procedure.choices import ReviewOpinion, ReviewStatus
from fazhi.procedure.machine import Machine, Transition, basis
from fazhi.procedure.services import opinion_text_problems

from .choices import GOVERNMENT_MEETINGS, MeetingOutcome, MeetingType, MemberStance
from .choices import DecisionState as S

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


ACTIVE_DRAFTING = frozenset({S.STARTED, S.RETURNED, S.REVIEWED})
EXECUTING = frozenset({S.PUBLISHED, S.SUSPENDED})


# ------------------------------------------------------------------ when a step is offered at all (the pages,
# ``GET …/actions/``); the services refuse the same steps with their reasons when asked anyway.


def _consultation_not_open(user, decision, facts) -> bool:
    call = facts.consultation
    return call is None or call.closed_at is not None


def _consultation_open(user, decision, facts) -> bool:
    call = facts.consultation
    return call is not None and call.closed_at is None


def _risk_assessed_or_required(user, decision, facts) -> bool:
    return decision.requires_risk_assessment or facts.risk is not None


def _review_not_passed(user, decision, facts) -> bool:
    """A draft whose opinion is 合法 or 修改后合法 goes on to the meeting, not back to the reviewer."""
    return not (decision.state == S.REVIEWED and facts.review is not None
                and facts.review.opinion in (ReviewOpinion.LAWFUL, ReviewOpinion.LAWFUL_AFTER_CHANGES))


def _evaluation_open(decision) -> bool:
    return decision.post_evaluations.filter(done_on__isnull=True).exists()


def _report_owed(user, decision, facts) -> bool:
    """第三十四条: the user's unit is an execution unit with a report due (services.execution_report takes it)."""
    agency_id = getattr(user, "agency_id", None)
    return bool(agency_id) and decision.execution_reports.filter(unit_id=agency_id, submitted_on__isnull=True).exists()


# ------------------------------------------------------------------ the machine

LAW = "重大行政决策程序暂行条例"
SVC = "fazhi.decisions.services"
INPUTS = "fazhi.decisions.api.inputs"
FORMS = "fazhi.decisions.forms"
REVIEW_DESK = "procedure:review_desk"  # the reviewer's steps are taken on the kernel's review page (review.py)
ELSEWHERE = "decisions:mine"  # the meeting record and the experts' opinions have their own pages


def _t(action, label, sources, perm, articles, service, **kw):
    return Transition(action, label, sources, perm, basis(LAW, *articles), f"{SVC}.{service}", **kw)


MACHINE = Machine(
    app="decisions",
    model="decisions.Decision",
    subject="decision",
    states=S,
    facts="fazhi.decisions.facts.transition_facts",
    lock_related=("decision_organ", "agency"),
    # The order of the procedure; a step asked for too early names what is missing (第二十五条: 未经合法性审查的，
    # 不得提交讨论), one asked for too late says it is past. 暂缓、不予通过、中止、停止 are off the ordered line.
    order=[S.CATALOGUED, S.STARTED, S.RETURNED, S.IN_REVIEW, S.REVIEWED, S.AT_MEETING, S.DECIDED, S.PUBLISHED],
    noun="决策",
    transitions=[
        _t("start", "启动决策程序", {S.CATALOGUED}, Perm.MANAGE, ["第十一条"], "decision_start", target=S.STARTED,
           input=f"{INPUTS}.StartInput", form=f"{FORMS}.StartForm", done="已启动决策程序，决策档案已开启。",
           page="info"),
        _t("open_consultation", "公开征求意见", {S.STARTED}, Perm.MANAGE, ["第十五条"], "consultation_open",
           offered=_consultation_not_open, input=f"{INPUTS}.OpenConsultationInput",
           form=f"{FORMS}.OpenConsultationForm", missing="决策程序尚未启动。", done="已公开征求意见。",
           page="participation"),
        _t("close_consultation", "结束征求意见", ACTIVE_DRAFTING, Perm.MANAGE, ["第十八条"], "consultation_close",
           offered=_consultation_open, input=f"{INPUTS}.DecisionActionOnlyInput", missing="决策程序尚未启动。",
           hint="征求意见期届满后结束；结束后请逐条研究答复，并填写公众意见研究采纳情况。",
           done="征求意见已结束，请逐条研究答复并填写公众意见研究采纳情况。", page="participation"),
        _t("record_participation", "记录公众参与", ACTIVE_DRAFTING, Perm.MANAGE, ["第十四条"],
           "participation_record", input=f"{INPUTS}.RecordParticipationInput", form=f"{FORMS}.ParticipationRecordForm",
           missing="决策程序尚未启动。", done="已记录公众参与情况。", page="participation",
           hint="座谈会、实地走访、书面征求意见、问卷调查、民意调查，或与人民团体、社会组织和群众代表沟通协商。"),
        _t("record_hearing", "记录听证会", ACTIVE_DRAFTING, Perm.MANAGE, ["第十六条", "第十七条"], "hearing_record",
           input=f"{INPUTS}.RecordHearingInput", form=f"{FORMS}.HearingForm", done="已记录听证会。",
           page="participation"),
        _t("add_expert_opinion", "专家论证意见", ACTIVE_DRAFTING, Perm.MANAGE, ["第十九条", "第二十条"],
           "expert_opinion_add", input=f"{INPUTS}.AddExpertOpinionInput", desk=ELSEWHERE, page="experts",
           audit_label="提交专家论证意见"),
        _t("add_risk_assessment", "风险评估", ACTIVE_DRAFTING, Perm.MANAGE, ["第二十二条至第二十四条"],
           "risk_assessment_add", offered=_risk_assessed_or_required, input=f"{INPUTS}.AddRiskAssessmentInput",
           form=f"{FORMS}.RiskForm", done="已记录风险评估报告。", page="experts", audit_label="提交风险评估报告"),
        _t("add_adviser_opinion", "法律顾问、公职律师意见", {S.IN_REVIEW}, Perm.REVIEW, ["第二十八条"],
           "adviser_opinion_add", input=f"{INPUTS}.AddAdviserOpinionInput", form=f"{FORMS}.AdviserOpinionForm",
           missing="尚未送请合法性审查。", done="已附法律顾问、公职律师的法律意见。", desk=REVIEW_DESK, page="review"),
        _t("submit_legality_review", "送请合法性审查", ACTIVE_DRAFTING, Perm.MANAGE, ["第二十五条", "第二十六条"],
           "decision_submit_review", target=S.IN_REVIEW, offered=_review_not_passed,
           input=f"{INPUTS}.SubmitLegalityReviewInput", form=f"{FORMS}.SubmitReviewForm",
           missing="决策程序尚未启动。", done="已送请合法性审查。", page="review"),
        _t("submit_to_meeting", "提交集体讨论", {S.STARTED, S.RETURNED, S.REVIEWED, S.POSTPONED}, Perm.MANAGE,
           ["第二十五条", "第二十九条"], "decision_submit_to_meeting", target=S.AT_MEETING,
           input=f"{INPUTS}.DecisionActionOnlyInput", missing="决策程序尚未启动。", done="已提交集体讨论。",
           hint="提交前系统逐项核对第二十五条、第二十九条规定的材料，缺少任何一项都不能提交。",
           page="meeting"),
        _t("record_meeting", "记录集体讨论决定", {S.AT_MEETING}, Perm.MANAGE, ["第三十条"], "meeting_record",
           input=f"{INPUTS}.RecordMeetingInput",
           missing="未经合法性审查并提交集体讨论，不能记录讨论决定（第二十五条、第三十条）。",
           done="已记录集体讨论决定。", desk=ELSEWHERE, page="meeting"),
        _t("publish", "公布决策", {S.DECIDED}, Perm.MANAGE, ["第三十一条", "第三十二条"], "decision_publish",
           target=S.PUBLISHED, input=f"{INPUTS}.DecisionPublishInput", form=f"{FORMS}.PublishForm",
           missing="尚未经集体讨论作出决定，不能公布（第三十条、第三十一条）。",
           done="已公布决策，执行情况报告期限已生成。", page="execution"),
        _t("report_execution", "报告执行情况", EXECUTING, Perm.MANAGE, ["第三十四条"], "execution_report",
           scoped=False, offered=_report_owed, input=f"{INPUTS}.ReportExecutionInput",
           form=f"{FORMS}.ReportExecutionForm", missing="决策尚未公布执行。", done="已报告执行情况。",
           page="execution"),
        _t("start_post_evaluation", "启动决策后评估", EXECUTING, Perm.MANAGE, ["第三十六条"], "post_evaluation_start",
           offered=lambda user, decision, facts: not _evaluation_open(decision),
           input=f"{INPUTS}.StartPostEvaluationInput", form=f"{FORMS}.StartEvaluationForm",
           missing="决策尚未公布执行。", done="已启动决策后评估。", page="execution"),
        _t("finish_post_evaluation", "完成决策后评估", EXECUTING, Perm.MANAGE, ["第三十六条"],
           "post_evaluation_finish", offered=lambda user, decision, facts: _evaluation_open(decision),
           input=f"{INPUTS}.FinishPostEvaluationInput", form=f"{FORMS}.FinishEvaluationForm",
           missing="决策尚未公布执行。", done="已完成决策后评估。", page="execution"),
        _t("adjust", "调整决策", EXECUTING, Perm.MANAGE, ["第三十七条"], "decision_adjust", input=f"{INPUTS}.AdjustInput",
           form=f"{FORMS}.AdjustForm", missing="决策尚未公布执行。", done="已记录决策调整。", page="execution",
           danger=True),
        _t("suspend", "中止执行", {S.PUBLISHED}, Perm.MANAGE, ["第三十七条"], "decision_suspend", target=S.SUSPENDED,
           input=f"{INPUTS}.SuspendInput", form=f"{FORMS}.SuspendForm", missing="决策尚未公布执行。",
           done="已中止执行。", page="execution", danger=True),
    ],
)


# The reviewer's steps on the kernel review desk (procedure.reviews.REVIEW_MACHINE), as this module names them
# where it shows what a decision waits for.
REVIEWER_STEPS = {"give_legality_opinion": "出具合法性审查意见", "confirm_changes": "确认按审查意见调整"}


def step_label(action: str) -> str:
    return REVIEWER_STEPS.get(action) or MACHINE.get(action).label


def state_problems(action: str, decision) -> list[str]:
    """Why ``decision``'s state does not allow ``action`` (the machine's words: what is missing, or past);
    the reviewer's steps are the review desk's to refuse."""
    if action in REVIEWER_STEPS:
        return []
    return MACHINE.state_reasons(MACHINE.get(action), decision)


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
                     participants: str, selection_method: str = "", selection_published_on=None) -> list[str]:
    """第十六条: 提前公布材料和参加人名单；材料于听证会7日前送达；需要遴选听证参加人的，提前公布遴选办法。"""
    problems = []
    if (selection_method or "").strip():
        if selection_published_on is None:
            problems.append("遴选听证参加人的，应当提前公布听证参加人遴选办法（第十六条第三款），请填写公布日期。")
        elif participants_published_on is not None and selection_published_on >= participants_published_on:
            problems.append("听证参加人遴选办法应当在遴选和公布参加人名单之前公布（第十六条第三款）。")
    elif selection_published_on is not None:
        problems.append("请填写公布的听证参加人遴选办法。")
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
                  hearings: list = (), participations: list = ()) -> list[str]:
    """第二十九条: the materials that must accompany the draft to the meeting — every missing one named."""
    problems = []
    if not decision.draft.strip():
        problems.append("缺少决策草案（第二十九条第一项）。")
    if not decision.explanation.strip():
        problems.append("缺少决策草案说明（第二十九条第一项）。")
    if decision.concerns_market and not decision.fair_competition_conclusion.strip():
        problems.append("决策草案涉及市场主体经济活动，缺少公平竞争审查情况（第二十九条第一项）。")
    if decision.requires_public_participation:
        # 第十四条第二款: 座谈会、听证会、实地走访、书面征求意见、向社会公开征求意见、问卷调查、民意调查等多种方式 —
        # any of them hears the public; a public consultation once opened runs to its end and its answers (第十八条)
        if consultation is None:
            if not participations and not hearings:
                problems.append("需公众参与的事项尚未听取公众意见：未公开征求意见，也没有座谈会、听证会、实地走访、"
                                "书面征求意见、问卷调查或民意调查的记录（第十四条）。")
        elif consultation.closed_at is None:
            problems.append("公开征求意见尚未结束。")
        elif unanswered:
            problems.append(f"尚有 {unanswered} 条公众意见未研究答复（第十八条）。")
        if not decision.public_opinion_summary.strip():
            problems.append("缺少社会公众主要意见的研究采纳情况（第二十九条第二项）。")
    if decision.requires_hearing:
        # 第十六条: a hearing decided on (or required by law) is held before the draft goes on (its record is
        # signed by the participants — 第十七条第三项 — which services.hearing_record checks).
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


def meeting_types_for(organ) -> tuple[str, ...]:
    """第三十条: 决策机关常务会议或者全体会议; 第四十二条 (参照执行): a department's own 领导班子会议."""
    if organ is not None and organ.kind == AgencyKind.DEPARTMENT:
        return (MeetingType.DEPARTMENT,)
    return GOVERNMENT_MEETINGS


def meeting_problems(*, opinions: list[dict], outcome: str, head_name: str, head_reason: str, meeting_type: str,
                     held_on, attendees: str, today: date, organ=None) -> tuple[list[str], bool]:
    """第三十条: members speak, the head speaks last; a head deciding against the majority states the reason
    at the meeting; dissent recorded as said. Returns (problems, head_against_majority)."""
    problems = []
    if meeting_type not in meeting_types_for(organ):
        if organ is not None and organ.kind == AgencyKind.DEPARTMENT:
            problems.append("部门重大行政决策应当经本部门领导班子会议讨论（第四十二条参照第三十条）。")
        else:
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
