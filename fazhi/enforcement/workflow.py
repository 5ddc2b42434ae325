"""The 行政处罚 case as one kernel ``Machine``: every step declared once with its 行政处罚法 article.

案源登记 → 立案 → 调查取证 → 事先告知 → [听证] → [法制审核] → [集体讨论] → 决定 → 送达 → 公示 → 执行 → 结案;
the summary procedure (第五十一条) goes from 案源 straight to 当场决定.
"""

from __future__ import annotations

from django.utils import timezone

from fazhi.core.errors import Reason
from fazhi.procedure.machine import Machine, Transition, basis

from . import rules
from .choices import CaseState as S
from .choices import Procedure

LAW = rules.LAW
SVC = "fazhi.enforcement.services"
FORMS = "fazhi.enforcement.forms"
INPUTS = "fazhi.enforcement.api"


class Perm:
    VIEW = "enforcement.view"
    MANAGE = "enforcement.manage_case"  # 承办 a case
    REGISTER = "enforcement.manage_register"  # keep the registers (主体、人员、事项、基准、清单)
    EVALUATE = "enforcement.evaluate"  # run 案卷评查 (司法行政部门的行政执法监督)


def facts(cases):
    """What the guards need, for a page of cases at once: the number of investigative acts."""
    from django.db.models import Count

    from .models import Case

    counts = dict(Case.objects.filter(pk__in=[c.pk for c in cases]).annotate(n=Count("acts"))
                  .values_list("pk", "n"))
    return {c.pk: {"acts": counts.get(c.pk, 0)} for c in cases}


def general_only(case, facts):
    if case.procedure != Procedure.GENERAL:
        return [Reason("简易程序案件当场作出决定，不经此步骤。", field="procedure")]
    return []


def has_evidence(case, facts):
    reasons = general_only(case, facts)
    if (facts or {}).get("acts", 0) < 1:
        reasons.append(Reason("尚未记录调查取证（行政处罚法第五十四条、第五十五条）。", field="acts"))
    return reasons


def needs_review(case, facts):
    if not case.review_required:
        return [Reason("本案不属于重大执法决定目录的情形，无须法制审核。", field="review")]
    return []


def needs_discussion(case, facts):
    if not case.needs_discussion:
        return [Reason("本案未标记为须集体讨论的情节复杂或者重大违法案件。", field="discussion")]
    if case.review_required:
        from fazhi.procedure.reviews import review_gate

        return list(review_gate(case))
    return []


def decide_problems(case, on_date, facts=None) -> list[Reason]:
    """Every unmet condition of a general-procedure decision on ``on_date``.

    - 行政处罚法 第四十四条、第六十二条: 未告知、未听取陈述申辩 → 不得作出决定: the notice served and the
      statement period passed (unless the hearing was held);
    - 第六十四条: a timely hearing request pending blocks (the case is then in the 听证 state);
    - 第五十八条: 重大执法决定 → 法制审核 passed on the review desk (its opinion binds the draft text);
    - 第五十七条第二款: 情节复杂或者重大违法 → 负责人集体讨论;
    - 第三十三条: a matching 免罚/轻罚 item → the officer recorded why it was or was not applied;
    - 裁量基准: a fine outside the range needs a stated reason.
    """
    reasons: list[Reason] = []
    if case.notice_served_on is None:
        return [Reason("事先告知书尚未送达（行政处罚法第四十四条、第六十二条）。", field="notice_served_on")]
    end = rules.statement_period_end(case.notice_served_on)
    if on_date <= end and not case.hearing_held_on:
        reasons.append(Reason(f"陈述、申辩期至 {end:%Y年%m月%d日} 届满，届满前不得作出决定"
                              f"（行政处罚法第四十四条、第六十二条）。", field="decided_on"))
    if case.hearing_eligible and case.hearing_requested_on and not case.hearing_held_on:
        reasons.append(Reason("当事人已依法要求听证，听证结束前不得作出决定（行政处罚法第六十四条）。",
                              field="hearing"))
    if case.review_required:
        from fazhi.procedure.reviews import review_gate

        reasons.extend(review_gate(case, noun="法制审核"))
    if case.needs_discussion and not case.discussed_on:
        reasons.append(Reason("情节复杂或者重大违法的案件须经负责人集体讨论（行政处罚法第五十七条第二款）。",
                              field="discussion"))
    if rules.outside_range(case.benchmark_range, case.fine_amount) and not case.outside_range_reason.strip():
        reasons.append(Reason("罚款超出裁量基准的幅度，须写明理由。", field="outside_range_reason"))
    if case.lenient_item_id and (case.lenient_applied is None or not case.lenient_reason.strip()):
        reasons.append(Reason(f"本案与免罚轻罚清单事项“{case.lenient_item}”相符，须记录适用或者不适用的理由"
                              f"（行政处罚法第三十三条）。", field="lenient_reason"))
    return reasons


def can_decide(case, facts):
    return general_only(case, facts) + decide_problems(case, timezone.localdate(), facts)


def published(case, facts):
    if not case.published_on:
        return [Reason("该决定尚未公示。", field="published_on")]
    if case.withdrawn_on:
        return [Reason(f"公示已于 {case.withdrawn_on:%Y年%m月%d日} 撤回。", field="withdrawn_on")]
    return []


def summary_only(case, facts):
    if case.procedure != Procedure.SUMMARY:
        return [Reason("普通程序案件应当立案调查。", field="procedure")]
    return []


MACHINE = Machine(
    app="enforcement",
    model="enforcement.Case",
    subject="case",
    states=S,
    facts=facts,
    transitions=[
        Transition("register", "立案", {S.SOURCE}, Perm.MANAGE, basis(LAW, "第五十四条", "第三十六条"),
                   service=f"{SVC}.case_register", form=f"{FORMS}.RegisterForm", input=f"{INPUTS}.CaseRegisterInput", target=S.REGISTERED, guard=general_only,
                   done="已立案，办案期限已生成。"),
        Transition("drop", "不予立案", {S.SOURCE}, Perm.MANAGE, basis(LAW, "第五十四条"),
                   service=f"{SVC}.case_drop", form=f"{FORMS}.DropForm", input=f"{INPUTS}.CaseDropInput", target=S.DROPPED, danger=True),
        Transition("summary_decide", "当场作出处罚决定", {S.SOURCE}, Perm.MANAGE,
                   basis(LAW, "第五十一条", "第五十二条"), service=f"{SVC}.case_summary_decide", form=f"{FORMS}.SummaryDecideForm", input=f"{INPUTS}.CaseSummaryDecideInput",
                   target=S.DECIDED, guard=summary_only),
        Transition("extend", "延长办案期限", {S.REGISTERED, S.INVESTIGATING, S.NOTIFIED, S.HEARING, S.LEGAL_REVIEW},
                   Perm.MANAGE, basis(LAW, "第六十条"), service=f"{SVC}.case_extend", target=None,
                   form=f"{FORMS}.ExtendForm", input=f"{INPUTS}.CaseExtendInput",
                   hint="案情复杂不能在九十日内作出决定的，经负责人批准可以延长；延长的天数有上限（系统设置）。",
                   done="已延长办案期限。"),
        Transition("record_act", "记录调查取证", {S.REGISTERED, S.INVESTIGATING}, Perm.MANAGE,
                   basis(LAW, "第四十二条", "第五十五条"), service=f"{SVC}.case_record_act", form=f"{FORMS}.RecordActForm", input=f"{INPUTS}.CaseRecordActInput",
                   target=S.INVESTIGATING),
        Transition("notify", "送达事先告知书", {S.INVESTIGATING}, Perm.MANAGE, basis(LAW, "第四十四条", "第六十三条"),
                   service=f"{SVC}.case_notify", form=f"{FORMS}.NotifyForm", input=f"{INPUTS}.CaseNotifyInput", target=S.NOTIFIED, guard=has_evidence),
        Transition("request_hearing", "登记听证申请", {S.NOTIFIED}, Perm.MANAGE, basis(LAW, "第六十四条"),
                   service=f"{SVC}.case_request_hearing", form=f"{FORMS}.RequestHearingForm", input=f"{INPUTS}.CaseRequestHearingInput", target=S.HEARING),
        Transition("record_hearing", "记录听证", {S.HEARING}, Perm.MANAGE, basis(LAW, "第六十四条", "第六十五条"),
                   service=f"{SVC}.case_record_hearing", form=f"{FORMS}.RecordHearingForm", input=f"{INPUTS}.CaseRecordHearingInput", target=S.NOTIFIED),
        Transition("submit_review", "送法制审核", {S.NOTIFIED}, Perm.MANAGE, basis(LAW, "第五十八条"),
                   service=f"{SVC}.case_submit_review", target=S.LEGAL_REVIEW, guard=needs_review),
        Transition("discuss", "记录集体讨论", {S.NOTIFIED}, Perm.MANAGE, basis(LAW, "第五十七条"),
                   service=f"{SVC}.case_discuss", form=f"{FORMS}.DiscussForm", input=f"{INPUTS}.CaseDiscussInput", target=S.NOTIFIED, guard=needs_discussion),
        Transition("decide", "作出处罚决定", {S.NOTIFIED}, Perm.MANAGE,
                   basis(LAW, "第五十七条", "第五十八条", "第五十九条", "第六十二条"),
                   service=f"{SVC}.case_decide", form=f"{FORMS}.DatedForm", input=f"{INPUTS}.CaseDatedInput", target=S.DECIDED, guard=can_decide,
                   done="已作出决定，送达和公示期限已生成。"),
        Transition("serve", "送达决定书", {S.DECIDED}, Perm.MANAGE, basis(LAW, "第六十一条"),
                   service=f"{SVC}.case_serve", form=f"{FORMS}.DatedForm", input=f"{INPUTS}.CaseDatedInput", target=S.SERVED),
        Transition("publish", "公示决定", {S.SERVED}, Perm.MANAGE, basis(LAW, "第四十八条"),
                   service=f"{SVC}.case_publish", target=S.PUBLISHED, form=f"{FORMS}.PublishForm", input=f"{INPUTS}.CasePublishInput",
                   hint="公示文本自动隐去自然人姓名（保留姓氏加“某”）、身份证号、电话、银行账号、电子邮箱和住址；"
                        "可在下方另列需要隐去的内容。"),
        Transition("withdraw_publication", "撤回公示", {S.PUBLISHED, S.EXECUTED, S.CLOSED}, Perm.MANAGE,
                   basis(LAW, "第四十八条"), service=f"{SVC}.case_withdraw_publication", target=None,
                   guard=published, form=f"{FORMS}.WithdrawForm", input=f"{INPUTS}.CaseWithdrawInput", danger=True,
                   done="已撤回公示，撤回理由已在门户公布。"),
        Transition("execute", "执行完毕", {S.SERVED, S.PUBLISHED}, Perm.MANAGE, basis(LAW, "第六十六条", "第六十七条"),
                   service=f"{SVC}.case_execute", form=f"{FORMS}.DatedForm", input=f"{INPUTS}.CaseDatedInput", target=S.EXECUTED),
        Transition("close", "结案", {S.EXECUTED}, Perm.MANAGE, basis(LAW, "第四十七条"),
                   service=f"{SVC}.case_close", form=f"{FORMS}.DatedForm", input=f"{INPUTS}.CaseDatedInput", target=S.CLOSED),
    ],
)


# ---------------------------------------------------------------- 乡镇 "两违"

from .choices import TownshipKind  # noqa: E402
from .choices import TownshipState as T  # noqa: E402

PLAN_LAW = "城乡规划法"
COERCION_LAW = "行政强制法"
LAND_LAW = "土地管理法"
TSVC = "fazhi.enforcement.services_township"


def construction_only(case, facts):
    if case.kind != TownshipKind.CONSTRUCTION:
        return [Reason("违法占地由县级自然资源或者农业农村主管部门查处，乡镇应当移送（土地管理法第七十七条、第七十八条）。",
                       field="kind")]
    return []


def land_only(case, facts):
    if case.kind != TownshipKind.LAND:
        return [Reason("乡、村庄规划区内的违法建设由乡镇人民政府依法查处（城乡规划法第六十五条）。", field="kind")]
    return []


def order_expired(case, facts):
    if case.correct_by and timezone.localdate() <= case.correct_by:
        return [Reason(f"限期改正至 {case.correct_by:%Y年%m月%d日}，期满仍不改正的方可拆除（城乡规划法第六十五条）。",
                       field="correct_by")]
    return []


def urge_expired(case, facts):
    if case.urge_by and timezone.localdate() <= case.urge_by:
        return [Reason(f"催告期限至 {case.urge_by:%Y年%m月%d日}，期满仍不履行的方可公告强制拆除（行政强制法第三十七条）。",
                       field="urge_by")]
    return []


def can_demolish(case, facts):
    return rules.demolition_problems(case, timezone.localdate())


def challenge_open(case, facts):
    return [] if case.challenge_pending else [Reason("没有未决的复议或诉讼。", field="challenge")]


def challenge_none(case, facts):
    return [Reason("已登记复议或诉讼，尚未结案。", field="challenge")] if case.challenge_pending else []


TOWNSHIP_MACHINE = Machine(
    app="enforcement",
    model="enforcement.TownshipCase",
    subject="case",
    states=T,
    noun="两违案件",
    transitions=[
        Transition("tw_order", "责令停止建设、限期改正", {T.REPORTED}, Perm.MANAGE, basis(PLAN_LAW, "第六十五条"),
                   service=f"{TSVC}.order", target=T.ORDERED, guard=construction_only,
                   form=f"{FORMS}.TwOrderForm", done="已责令停止建设、限期改正，改正期限已生成。"),
        Transition("tw_transfer", "移送主管部门", {T.REPORTED}, Perm.MANAGE, basis(LAND_LAW, "第七十七条", "第七十八条"),
                   service=f"{TSVC}.transfer", target=T.TRANSFERRED, guard=land_only, form=f"{FORMS}.TwTransferForm"),
        Transition("tw_correct", "已按期改正", {T.ORDERED}, Perm.MANAGE, basis(PLAN_LAW, "第六十五条"),
                   service=f"{TSVC}.correct", target=T.CORRECTED, form=f"{FORMS}.DatedForm"),
        Transition("tw_decide", "作出拆除决定", {T.ORDERED}, Perm.MANAGE, basis(PLAN_LAW, "第六十五条"),
                   service=f"{TSVC}.decide", target=T.DECIDED, guard=order_expired, form=f"{FORMS}.TwDecideForm",
                   done="已作出拆除决定；当事人申请复议、提起诉讼的期限已生成。"),
        Transition("tw_urge", "书面催告", {T.DECIDED}, Perm.MANAGE, basis(COERCION_LAW, "第三十五条", "第三十六条"),
                   service=f"{TSVC}.urge", target=T.URGED, guard=challenge_none, form=f"{FORMS}.TwUrgeForm"),
        Transition("tw_announce", "公告限期自行拆除", {T.URGED}, Perm.MANAGE, basis(COERCION_LAW, "第三十七条", "第四十四条"),
                   service=f"{TSVC}.announce", target=T.ANNOUNCED, guard=urge_expired, form=f"{FORMS}.TwAnnounceForm"),
        Transition("tw_record_challenge", "登记复议或诉讼", {T.DECIDED, T.URGED, T.ANNOUNCED}, Perm.MANAGE,
                   basis(COERCION_LAW, "第四十四条"), service=f"{TSVC}.record_challenge", target=None,
                   guard=challenge_none, form=f"{FORMS}.DatedForm"),
        Transition("tw_resolve_challenge", "登记复议或诉讼结果", {T.DECIDED, T.URGED, T.ANNOUNCED}, Perm.MANAGE,
                   basis(COERCION_LAW, "第四十四条"), service=f"{TSVC}.resolve_challenge", target=None,
                   guard=challenge_open, form=f"{FORMS}.TwResolveForm"),
        Transition("tw_self_demolish", "当事人已自行拆除", {T.ORDERED, T.DECIDED, T.URGED, T.ANNOUNCED}, Perm.MANAGE,
                   basis(COERCION_LAW, "第四十四条"), service=f"{TSVC}.self_demolish", target=T.SELF_DEMOLISHED,
                   form=f"{FORMS}.DatedForm"),
        Transition("tw_demolish", "强制拆除", {T.ANNOUNCED}, Perm.MANAGE, basis(COERCION_LAW, "第四十四条"),
                   service=f"{TSVC}.demolish", target=T.DEMOLISHED, guard=can_demolish, danger=True,
                   form=f"{FORMS}.TwDemolishForm", confirm="强制拆除须全程音像记录，确认现在登记？"),
    ],
)


# ---------------------------------------------------------------- 投诉举报

from .choices import ComplaintState as CS  # noqa: E402

CSVC = "fazhi.enforcement.services_complaints"

COMPLAINT_MACHINE = Machine(
    app="enforcement",
    model="enforcement.Complaint",
    subject="complaint",
    states=CS,
    noun="投诉举报",
    transitions=[
        Transition("complaint_accept", "受理", {CS.RECEIVED}, Perm.EVALUATE, basis(LAW, "第七十五条"),
                   service=f"{CSVC}.accept", target=CS.ACCEPTED, form=f"{FORMS}.DatedForm",
                   done="已受理，办理期限已生成，已转执法机关核查。"),
        Transition("complaint_reject", "不予受理", {CS.RECEIVED}, Perm.EVALUATE, basis(LAW, "第七十五条"),
                   service=f"{CSVC}.reject", target=CS.REJECTED, form=f"{FORMS}.ComplaintRejectForm", danger=True),
        Transition("complaint_answer", "报送核查和处理情况", {CS.ACCEPTED}, Perm.MANAGE, basis(LAW, "第七十五条"),
                   service=f"{CSVC}.answer", target=CS.ANSWERED, form=f"{FORMS}.ComplaintAnswerForm"),
        Transition("complaint_close", "办结", {CS.ANSWERED}, Perm.EVALUATE, basis(LAW, "第七十五条"),
                   service=f"{CSVC}.close", target=CS.CLOSED, form=f"{FORMS}.ComplaintCloseForm"),
        Transition("complaint_return", "退回重新核查", {CS.ANSWERED}, Perm.EVALUATE, basis(LAW, "第七十五条"),
                   service=f"{CSVC}.send_back", target=CS.ACCEPTED, form=f"{FORMS}.ComplaintRejectForm"),
    ],
)
