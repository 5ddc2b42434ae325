"""The three case types of the module as kernel machines: each transition cites law and article.

Guards return the unmet conditions in Chinese before the user fills a form; conditions that depend on
the input (dates, decision type) are checked by the services (services.py) at the same articles.
"""

from django.utils import timezone

from fazhi.core.errors import Reason
from fazhi.procedure.machine import Machine, Transition, basis

from .choices import LitState, MedState, RcProcedure, RcState
from .rules import HEAD_RULES, LIT_LAW, MED_LAW, RC_LAW, RC_MAX_EXTENSION_DAYS, application_window


class Perm:
    VIEW = "disputes.view"
    RECONSIDER = "disputes.reconsider"
    LITIGATE = "disputes.litigate"
    MEDIATE = "disputes.mediate"
    COMMITTEE = "disputes.manage_committee"


def _today():
    return timezone.localdate()


def _due(deadline):
    return deadline.due_date if deadline is not None else None


# ---------------------------------------------------------------- 行政复议 guards


def rc_window_reasons(rc, facts=None) -> list[str]:
    """行政复议法 第二十条: the application was made inside its period."""
    window = application_window(act_known_on=rc.act_known_on, rights_notified=rc.rights_notified,
                                rights_known_on=rc.rights_known_on, delay_days=rc.delay_days)
    if rc.received_on > window.last_day:
        return [Reason(f"申请超过法定申请期限（{window.explanation}；收到申请日为 {rc.received_on.isoformat()}），"
                       "应当决定不予受理（行政复议法第二十条、第三十条第一款第四项）。", field="received_on")]
    return []


def _review_open(rc, facts=None) -> list[str]:
    """第三十条第三款: 审查期限届满未作出不予受理决定的，视为受理."""
    due = _due(rc.review_deadline)
    if due is not None and _today() > due:
        return [Reason(f"受理审查期限已于 {due.isoformat()} 届满，依行政复议法第三十条第三款视为受理，"
                       "请办理“受理”。", field="state")]
    return []


def _supplement_once(rc, facts=None) -> list[str]:
    reasons = _review_open(rc)
    if rc.supplement_notified_on is not None:
        reasons.append(Reason("补正通知应当一次性载明需要补正的事项（行政复议法第三十一条第一款），不得再次通知补正。"))
    return reasons


def _supplement_overdue(rc, facts=None) -> list[str]:
    due = _due(rc.supplement_deadline)
    if due is None or _today() <= due:
        return [Reason(f"补正期限{'于 ' + due.isoformat() + ' ' if due else ''}尚未届满，不能视为放弃申请"
                       "（行政复议法第三十一条第二款）。")]
    return []


def _copy_not_sent(rc, facts=None) -> list[str]:
    return [Reason("申请书副本已经发送。")] if rc.copy_sent_on else []


def _answer_pending(rc, facts=None) -> list[str]:
    if not rc.copy_sent_on:
        return [Reason("尚未向被申请人发送申请书副本（行政复议法第四十八条）。")]
    if rc.answer_received_on:
        return [Reason("已登记被申请人的答复。")]
    return []


def _can_extend(rc, facts=None) -> list[str]:
    reasons = []
    if rc.procedure != RcProcedure.ORDINARY:
        reasons.append(Reason("简易程序的审理期限为三十日，不得延长（行政复议法第六十二条第二款）。"))
    if rc.extension_days >= RC_MAX_EXTENSION_DAYS:
        reasons.append(Reason(f"已延长 {rc.extension_days} 日，延长期限最多不得超过三十日（行政复议法第六十二条第一款）。"))
    due = _due(rc.decision_deadline)
    if due is not None and _today() > due:
        reasons.append(Reason(f"审理期限已于 {due.isoformat()} 届满，不能再延长（行政复议法第六十二条第一款）。"))
    return reasons


def _can_decide(rc, facts=None) -> list[str]:
    if not rc.copy_sent_on:
        return [Reason("作出决定前，应当将申请书副本发送被申请人并听取其答复（行政复议法第四十八条）。")]
    return []


def _open_norm_reviews(rc, facts=None) -> list[str]:
    if not rc.norm_reviews.filter(result="").exists():
        return [Reason("没有待登记结果的附带审查。")]
    return []


def _open_letters(rc, facts=None) -> list[str]:
    if not rc.letters.filter(replied_on__isnull=True).exists():
        return [Reason("没有待反馈的意见书或建议书。")]
    return []


def _overdue_opinions(rc, facts=None) -> list[str]:
    """第七十七条第二款: only an 意见书 not performed — its 60 days (第七十六条) passed without a report."""
    today = _today()
    late = [letter for letter in rc.letters.filter(kind="opinion", replied_on__isnull=True)
            .select_related("reply_deadline") if letter.reply_deadline and letter.reply_deadline.due_date < today]
    if not late:
        return [Reason("没有逾期未报送纠正情况的行政复议意见书（行政复议法第七十六条：六十日内报送）。")]
    return []


RC = RcState
HANDLED = {RC.ACCEPTED, RC.SUSPENDED, RC.DECIDED, RC.TERMINATED}
RC_MACHINE = Machine(
    app="disputes",
    model="disputes.Reconsideration",
    subject="rc",
    states=RcState,
    transitions=[
        Transition("request_supplement", "通知补正", {RC.RECEIVED}, Perm.RECONSIDER, basis(RC_LAW, "第三十一条"),
                   service="fazhi.disputes.services.rc_request_supplement", target=RC.SUPPLEMENT,
                   guard=_supplement_once, form="fazhi.disputes.forms.SupplementForm",
                   input="fazhi.disputes.api.SupplementInput", done="已通知补正，补正期限十个工作日。"),
        Transition("receive_supplement", "收到补正材料", {RC.SUPPLEMENT}, Perm.RECONSIDER,
                   basis(RC_LAW, "第三十一条第三款", "第三十条"),
                   service="fazhi.disputes.services.rc_receive_supplement", target=RC.RECEIVED,
                   form="fazhi.disputes.forms.DatedForm", input="fazhi.disputes.api.DatedInput",
                   done="已收到补正材料，重新进行受理审查。"),
        Transition("extend_supplement", "延长补正期限", {RC.SUPPLEMENT}, Perm.RECONSIDER,
                   basis(RC_LAW, "第三十一条第二款"), service="fazhi.disputes.services.rc_extend_supplement",
                   form="fazhi.disputes.forms.ExtendForm", input="fazhi.disputes.api.ExtendInput"),
        Transition("abandon", "逾期未补正，视为放弃", {RC.SUPPLEMENT}, Perm.RECONSIDER, basis(RC_LAW, "第三十一条第二款"),
                   service="fazhi.disputes.services.rc_abandon", target=RC.ABANDONED, guard=_supplement_overdue,
                   danger=True, confirm="确认申请人无正当理由逾期不补正，视为放弃行政复议申请？"),
        Transition("accept", "受理", {RC.RECEIVED}, Perm.RECONSIDER, basis(RC_LAW, "第三十条", "第五十三条"),
                   service="fazhi.disputes.services.rc_accept", target=RC.ACCEPTED, guard=rc_window_reasons,
                   form="fazhi.disputes.forms.AcceptForm", input="fazhi.disputes.api.AcceptInput",
                   done="已受理，发送副本和审理期限已开始计算。"),
        Transition("reject", "不予受理", {RC.RECEIVED}, Perm.RECONSIDER, basis(RC_LAW, "第三十条第二款"),
                   service="fazhi.disputes.services.rc_reject", target=RC.REJECTED, guard=_review_open,
                   form="fazhi.disputes.forms.ReasonForm", input="fazhi.disputes.api.ReasonInput", danger=True),
        Transition("send_copy", "发送申请书副本", {RC.ACCEPTED}, Perm.RECONSIDER, basis(RC_LAW, "第四十八条", "第五十四条"),
                   service="fazhi.disputes.services.rc_send_copy", guard=_copy_not_sent,
                   form="fazhi.disputes.forms.CopyForm", input="fazhi.disputes.api.CopyInput",
                   done="已发送副本，被申请人答复期限已开始计算。"),
        Transition("receive_answer", "收到被申请人答复", {RC.ACCEPTED}, Perm.RECONSIDER,
                   basis(RC_LAW, "第四十八条", "第七十条"), service="fazhi.disputes.services.rc_receive_answer",
                   guard=_answer_pending, form="fazhi.disputes.forms.DatedForm", input="fazhi.disputes.api.DatedInput"),
        Transition("extend", "延长审理期限", {RC.ACCEPTED}, Perm.RECONSIDER, basis(RC_LAW, "第六十二条第一款"),
                   service="fazhi.disputes.services.rc_extend", guard=_can_extend,
                   form="fazhi.disputes.forms.RcExtendForm", input="fazhi.disputes.api.RcExtendInput",
                   done="已延长审理期限，请书面告知当事人。"),
        Transition("suspend", "中止审理", {RC.ACCEPTED}, Perm.RECONSIDER, basis(RC_LAW, "第三十九条"),
                   service="fazhi.disputes.services.rc_suspend", target=RC.SUSPENDED,
                   form="fazhi.disputes.forms.SuspendForm", input="fazhi.disputes.api.SuspendInput",
                   done="已中止审理，审理期限中止计算；请书面告知当事人。"),
        Transition("resume", "恢复审理", {RC.SUSPENDED}, Perm.RECONSIDER, basis(RC_LAW, "第三十九条第二款", "第三十九条第三款"),
                   service="fazhi.disputes.services.rc_resume", target=RC.ACCEPTED,
                   form="fazhi.disputes.forms.DatedForm", input="fazhi.disputes.api.DatedInput"),
        Transition("terminate", "终止审理", {RC.ACCEPTED, RC.SUSPENDED}, Perm.RECONSIDER, basis(RC_LAW, "第四十一条"),
                   service="fazhi.disputes.services.rc_terminate", target=RC.TERMINATED,
                   form="fazhi.disputes.forms.TerminateForm", input="fazhi.disputes.api.TerminateInput", danger=True),
        Transition("decide", "作出复议决定", {RC.ACCEPTED}, Perm.RECONSIDER,
                   basis(RC_LAW, "第六十一条", "第六十二条", "第六十三条", "第六十四条", "第六十五条", "第六十六条",
                         "第六十七条", "第六十八条", "第六十九条", "第七十条", "第七十三条"),
                   service="fazhi.disputes.services.rc_decide", target=RC.DECIDED, guard=_can_decide,
                   form="fazhi.disputes.forms.DecideForm", input="fazhi.disputes.api.DecideInput"),
        Transition("norm_review", "规范性文件附带审查", {RC.ACCEPTED, RC.SUSPENDED}, Perm.RECONSIDER,
                   basis(RC_LAW, "第十三条", "第五十六条", "第五十七条"),
                   service="fazhi.disputes.services.rc_norm_review", form="fazhi.disputes.forms.NormReviewForm",
                   input="fazhi.disputes.api.NormReviewInput", done="已登记附带审查，处理期限已开始计算。"),
        Transition("norm_review_result", "登记附带审查结果", HANDLED, Perm.RECONSIDER,
                   basis(RC_LAW, "第五十九条", "第六十条"), service="fazhi.disputes.services.rc_norm_review_result",
                   guard=_open_norm_reviews, form="fazhi.disputes.forms.NormReviewResultForm",
                   input="fazhi.disputes.api.NormReviewResultInput", done="已登记附带审查结果。"),
        Transition("issue_letter", "制发意见书或建议书", HANDLED, Perm.RECONSIDER,
                   basis(RC_LAW, "第七十六条", "第七十九条第二款"),
                   service="fazhi.disputes.services.rc_issue_letter", form="fazhi.disputes.forms.IssueLetterForm",
                   input="fazhi.disputes.api.IssueLetterInput", done="已制发，反馈期限已开始计算。",
                   audit_label="制发行政复议意见书或建议书"),
        Transition("letter_reply", "登记纠正情况", HANDLED, Perm.RECONSIDER, basis(RC_LAW, "第七十六条"),
                   service="fazhi.disputes.services.rc_letter_reply", guard=_open_letters,
                   form="fazhi.disputes.forms.LetterReplyForm", input="fazhi.disputes.api.LetterReplyInput",
                   done="已登记纠正或采纳情况。", audit_label="登记意见书、建议书的纠正情况"),
        Transition("letter_measure", "督促履行意见书", HANDLED, Perm.RECONSIDER, basis(RC_LAW, "第七十七条第二款"),
                   service="fazhi.disputes.services.rc_letter_measure", guard=_overdue_opinions,
                   form="fazhi.disputes.forms.LetterMeasureForm", input="fazhi.disputes.api.LetterMeasureInput",
                   done="已记录督促履行措施。", audit_label="督促履行行政复议意见书"),
    ],
)


# ---------------------------------------------------------------- 行政诉讼


def _open_suggestions(lit, facts=None) -> list[str]:
    if not lit.suggestions.filter(answered_on__isnull=True).exists():
        return [Reason("没有待答复的司法建议。")]
    return []


LIT_INTERPRETATION = "最高人民法院关于适用《中华人民共和国行政诉讼法》的解释"
LIT_MACHINE = Machine(
    app="disputes",
    model="disputes.Litigation",
    subject="lit",
    states=LitState,
    transitions=[
        Transition("record_appearance", "登记出庭应诉情况", {LitState.PENDING}, Perm.LITIGATE,
                   basis(LIT_LAW, "第三条第三款") + basis(HEAD_RULES, "第二条", "第四条", "第八条", "第九条"),
                   service="fazhi.disputes.services.lit_record_appearance",
                   form="fazhi.disputes.forms.AppearanceForm", input="fazhi.disputes.api.AppearanceInput",
                   audit_label="登记负责人出庭应诉情况"),
        Transition("close", "登记结案", {LitState.PENDING}, Perm.LITIGATE,
                   basis(LIT_LAW, "第六十条", "第六十二条", "第六十九条", "第七十条", "第七十四条", "第七十七条",
                         "第七十八条"),
                   service="fazhi.disputes.services.lit_close", target=LitState.CLOSED,
                   form="fazhi.disputes.forms.LitCloseForm", input="fazhi.disputes.api.LitCloseInput"),
        Transition("receive_suggestion", "登记司法建议", {LitState.PENDING, LitState.CLOSED}, Perm.LITIGATE,
                   basis(LIT_LAW, "第六十六条", "第九十六条") + basis(HEAD_RULES, "第十二条"),
                   service="fazhi.disputes.services.lit_receive_suggestion", form="fazhi.disputes.forms.SuggestionForm",
                   input="fazhi.disputes.api.SuggestionInput", done="已登记司法建议，答复期限已开始计算。"),
        Transition("answer_suggestion", "答复司法建议", {LitState.PENDING, LitState.CLOSED}, Perm.LITIGATE,
                   basis(LIT_LAW, "第九十六条") + basis(LIT_INTERPRETATION, "第一百四十九条"),
                   service="fazhi.disputes.services.lit_answer_suggestion", guard=_open_suggestions,
                   form="fazhi.disputes.forms.SuggestionAnswerForm", input="fazhi.disputes.api.SuggestionAnswerInput",
                   done="已登记对司法建议的书面答复。"),
    ],
)


# ---------------------------------------------------------------- 人民调解


def _agreement_confirmable(case, facts=None) -> list[str]:
    if case.confirm_applied_on:
        return [Reason("已申请司法确认。")]
    if not case.agreement_on:
        return [Reason("没有已生效的调解协议。")]
    return []


def _confirm_pending(case, facts=None) -> list[str]:
    if not case.confirm_applied_on:
        return [Reason("尚未申请司法确认（人民调解法第三十三条）。")]
    return []


MED = MedState
MED_MACHINE = Machine(
    app="disputes",
    model="disputes.MediationCase",
    subject="case",
    states=MedState,
    transitions=[
        Transition("refuse", "当事人拒绝调解", {MED.OPEN}, Perm.MEDIATE, basis(MED_LAW, "第十七条"),
                   service="fazhi.disputes.services.med_refuse", target=MED.REFUSED,
                   form="fazhi.disputes.forms.MedEndForm", input="fazhi.disputes.api.MedEndInput", danger=True),
        Transition("succeed", "达成调解协议", {MED.OPEN}, Perm.MEDIATE,
                   basis(MED_LAW, "第二十八条", "第二十九条", "第三十条"),
                   service="fazhi.disputes.services.med_succeed", target=MED.SUCCESS,
                   form="fazhi.disputes.forms.AgreementForm", input="fazhi.disputes.api.AgreementInput"),
        Transition("fail", "调解不成，终止调解", {MED.OPEN}, Perm.MEDIATE, basis(MED_LAW, "第二十六条"),
                   service="fazhi.disputes.services.med_fail", target=MED.FAILED,
                   form="fazhi.disputes.forms.MedEndForm", input="fazhi.disputes.api.MedEndInput"),
        Transition("record_performance", "登记履行情况", {MED.SUCCESS}, Perm.MEDIATE, basis(MED_LAW, "第三十一条"),
                   service="fazhi.disputes.services.med_record_performance",
                   form="fazhi.disputes.forms.PerformanceForm", input="fazhi.disputes.api.PerformanceInput"),
        Transition("apply_confirmation", "申请司法确认", {MED.SUCCESS}, Perm.MEDIATE, basis(MED_LAW, "第三十三条"),
                   service="fazhi.disputes.services.med_apply_confirmation", guard=_agreement_confirmable,
                   form="fazhi.disputes.forms.DatedForm", input="fazhi.disputes.api.DatedInput"),
        Transition("record_confirmation", "登记司法确认结果", {MED.SUCCESS}, Perm.MEDIATE,
                   basis(MED_LAW, "第三十三条"), service="fazhi.disputes.services.med_record_confirmation",
                   guard=_confirm_pending, form="fazhi.disputes.forms.ConfirmResultForm",
                   input="fazhi.disputes.api.ConfirmResultInput"),
    ],
)
