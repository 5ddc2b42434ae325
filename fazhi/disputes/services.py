"""State changes of the module: each checks permission and scope through its machine, records the audit
event in the same transaction and refuses bad input with a Chinese message, changing nothing."""

from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from fazhi.core import audit, deadlines
from fazhi.core.choices import AgencyKind
from fazhi.core.errors import NotPermitted, Reason, ServiceError, TransitionRefused
from fazhi.core.models import Agency
from fazhi.core.permissions import has_perm

from . import rules
from .choices import (
    HIDDEN_LOSS,
    LOSS_JUDGMENTS,
    SUSPEND_GROUNDS_ENDING,
    AbsenceReason,
    AgreementForm,
    ApplicationKind,
    ApplicationState,
    CaseSource,
    Closure,
    CommitteeKind,
    ConfirmResult,
    DisputeType,
    Gender,
    HeadRank,
    Instance,
    LetterAddressee,
    LetterKind,
    LetterMeasure,
    MediatorKind,
    MedState,
    NormReviewHandling,
    NormReviewResult,
    NormReviewSource,
    Performance,
    PreventionKind,
    RcDecision,
    RcProcedure,
    ReferralKind,
    ReferralResult,
    SimpleGround,
    SuspendGround,
    TerminateGround,
)
from .models import (
    Committee,
    JudicialSuggestion,
    Litigation,
    MediationCase,
    Mediator,
    NormReview,
    PreventionRecord,
    PublicApplication,
    RcLetter,
    Reconsideration,
    Referral,
)
from .workflow import LIT_MACHINE, MED_MACHINE, RC_MACHINE, Perm


def _date(value, field: str) -> date:
    if value is None:
        return timezone.localdate()
    if not isinstance(value, date):
        raise ServiceError(field_errors={field: ["请填写有效日期。"]})
    if value > timezone.localdate():
        raise ServiceError(field_errors={field: ["日期不能晚于今天。"]})
    return value


def _clock(rc, period: rules.Period, start: date, what: str):
    return deadlines.deadline_create(
        actor=None, object_repr=f"{what}：{rc}"[:200], rule_code=period.code, legal_source=period.legal,
        start_date=start, period=period.amount, unit=period.unit, agency=rc.agency, obj=rc)


def _close_clock(deadline, on: date):
    if deadline is not None and deadline.status in deadlines.ACTIVE:
        deadlines.deadline_complete(actor=None, deadline=deadline, on_date=max(on, deadline.start_date))


@transaction.atomic
def rc_register(*, actor, agency: Agency, organ: Agency, respondent: Agency, applicant_name: str, act: str,
                act_known_on: date, received_on: date, rights_notified: bool = True, rights_known_on=None,
                delay_days: int = 0, delay_reason: str = "", inaction: bool = False, amount=None,
                applicant_kind: str = "citizen") -> Reconsideration:
    """登记行政复议申请; the 5-working-day review clock starts (行政复议法 第三十条)."""
    if actor is not None and not has_perm(actor, Perm.RECONSIDER):
        raise NotPermitted("您没有办理行政复议的权限。")
    errors = {}
    if not (applicant_name or "").strip():
        errors["applicant_name"] = ["请填写申请人。"]
    if not (act or "").strip():
        errors["act"] = ["请写明被申请复议的行政行为。"]
    if isinstance(act_known_on, date) and isinstance(received_on, date) and act_known_on > received_on:
        errors["act_known_on"] = ["知道行政行为之日不能晚于收到申请日。"]
    if delay_days and not (delay_reason or "").strip():
        errors["delay_reason"] = ["扣除耽误的日数须写明不可抗力或者其他正当理由（第二十条第二款）。"]
    if not rights_notified and rights_known_on is None:
        errors["rights_known_on"] = ["未告知复议权利的，请填写知道复议权利之日（第二十条第三款）。"]
    if errors:
        raise ServiceError(field_errors=errors)
    received_on = _date(received_on, "received_on")
    rc = Reconsideration.objects.create(
        agency=agency, organ=organ, respondent=respondent, region_path=agency.region_path,
        applicant_name=applicant_name.strip(), applicant_kind=applicant_kind, act=act.strip(), inaction=inaction,
        act_known_on=act_known_on, rights_notified=rights_notified, rights_known_on=rights_known_on,
        delay_days=delay_days, delay_reason=delay_reason, received_on=received_on, amount=amount,
        created_by=actor)
    if actor is not None and not RC_MACHINE.permitted(actor, RC_MACHINE["accept"], rc):
        raise NotPermitted("该行政复议机构不在您的数据范围内。")
    rc.review_deadline = _clock(rc, rules.RC_REVIEW, received_on, "受理审查")
    rc.save(update_fields=["review_deadline"])
    audit.record(actor=actor, action="disputes.rc_register", obj=rc,
                 after={"applicant": rc.applicant_name, "received_on": received_on, "review_due": rc.review_deadline.due_date})
    return rc


@transaction.atomic
def rc_request_supplement(*, actor, rc, items: str, notified_on=None):
    step = RC_MACHINE.begin("request_supplement", actor=actor, obj=rc)
    rc = step.obj
    if not (items or "").strip():
        raise ServiceError(field_errors={"items": ["请一次性写明需要补正的事项（第三十一条第一款）。"]})
    notified_on = _date(notified_on, "notified_on")
    notice_due = rules.due(rc.received_on, rules.RC_SUPPLEMENT_NOTICE)
    if notified_on > notice_due:
        step.refuse([Reason(f"补正通知应当自收到申请之日起五日内发出，即不晚于 {notice_due.isoformat()}"
                            "（行政复议法第三十一条第一款）。", field="notified_on")])
    rc.supplement_items, rc.supplement_notified_on = items.strip(), notified_on
    _close_clock(rc.review_deadline, notified_on)
    rc.supplement_deadline = _clock(rc, rules.RC_SUPPLEMENT, notified_on, "补正")
    return step.finish(update_fields=["supplement_items", "supplement_notified_on", "supplement_deadline"],
                       after={"supplement_due": rc.supplement_deadline.due_date})


@transaction.atomic
def rc_receive_supplement(*, actor, rc, on=None):
    step = RC_MACHINE.begin("receive_supplement", actor=actor, obj=rc)
    rc = step.obj
    on = _date(on, "on")
    if rc.supplement_deadline and on > rc.supplement_deadline.due_date:
        step.refuse([Reason(f"补正期限已于 {rc.supplement_deadline.due_date.isoformat()} 届满；无正当理由逾期不补正的，"
                            "视为放弃申请（第三十一条第二款）。有正当理由的，请先延长补正期限。", field="on")])
    rc.supplement_received_on = on
    _close_clock(rc.supplement_deadline, on)
    rc.review_deadline = _clock(rc, rules.RC_REVIEW, on, "受理审查（补正后）")
    return step.finish(update_fields=["supplement_received_on", "review_deadline"],
                       after={"review_due": rc.review_deadline.due_date})


@transaction.atomic
def rc_extend_supplement(*, actor, rc, days: int, reason: str):
    step = RC_MACHINE.begin("extend_supplement", actor=actor, obj=rc)
    rc = step.obj
    if not isinstance(days, int) or not 1 <= days <= 30:
        raise ServiceError(field_errors={"days": ["延长 1 至 30 个工作日。"]})
    if not (reason or "").strip():
        raise ServiceError(field_errors={"reason": ["请写明不能按期补正的正当理由（第三十一条第二款）。"]})
    deadlines.deadline_extend(actor=None, deadline=rc.supplement_deadline, amount=days, unit=rules.WD,
                              reason=reason.strip())
    return step.finish(after={"days": days, "reason": reason.strip()})


@transaction.atomic
def rc_abandon(*, actor, rc):
    step = RC_MACHINE.begin("abandon", actor=actor, obj=rc)
    rc = step.obj
    rc.closed_on = timezone.localdate()
    if rc.supplement_deadline:
        deadlines.deadline_cancel(actor=None, deadline=rc.supplement_deadline, reason="逾期未补正，视为放弃申请")
    return step.finish(update_fields=["closed_on"])


def simple_ground_reasons(rc, ground: str) -> list[str]:
    """行政复议法 第五十三条: the simple procedure only in the cases it lists."""
    if ground not in SimpleGround.values or not ground:
        return [Reason("适用简易程序须选择第五十三条规定的情形。", field="simple_ground")]
    if ground == SimpleGround.SMALL_AMOUNT and (rc.amount is None or rc.amount > rules.SIMPLE_MAX_AMOUNT):
        return [Reason(f"案件涉及款额须在三千元以下（第五十三条第一款第三项）；本案登记的款额为 "
                       f"{rc.amount if rc.amount is not None else '未填写'}。", field="simple_ground")]
    return []


@transaction.atomic
def rc_accept(*, actor, rc, procedure: str = RcProcedure.ORDINARY, simple_ground: str = "", on=None):
    """受理 (第三十条). After the review period it is deemed accepted from the day the period ended."""
    step = RC_MACHINE.begin("accept", actor=actor, obj=rc)
    rc = step.obj
    on = _date(on, "on")
    if procedure not in RcProcedure.values:
        raise ServiceError(field_errors={"procedure": ["请选择普通程序或简易程序。"]})
    if procedure == RcProcedure.SIMPLE:
        step.refuse(simple_ground_reasons(rc, simple_ground))
    else:
        simple_ground = ""
    review_due = rc.review_deadline.due_date if rc.review_deadline else None
    rc.deemed_accepted = review_due is not None and on > review_due
    rc.accepted_on = review_due if rc.deemed_accepted else on
    rc.procedure, rc.simple_ground = procedure, simple_ground
    _close_clock(rc.review_deadline, rc.accepted_on)
    simple = procedure == RcProcedure.SIMPLE
    rc.copy_deadline = _clock(rc, rules.RC_COPY_SIMPLE if simple else rules.RC_COPY, rc.accepted_on, "发送申请书副本")
    rc.decision_deadline = _clock(rc, rules.RC_DECIDE_SIMPLE if simple else rules.RC_DECIDE, rc.accepted_on,
                                  "作出行政复议决定")
    return step.finish(update_fields=["accepted_on", "deemed_accepted", "procedure", "simple_ground",
                                      "copy_deadline", "decision_deadline"],
                       after={"accepted_on": rc.accepted_on, "deemed": rc.deemed_accepted,
                              "decision_due": rc.decision_deadline.due_date})


@transaction.atomic
def rc_reject(*, actor, rc, reason: str, on=None):
    step = RC_MACHINE.begin("reject", actor=actor, obj=rc)
    rc = step.obj
    if not (reason or "").strip():
        raise ServiceError(field_errors={"reason": ["不予受理应当说明理由（第三十条第二款）。"]})
    rc.rejected_reason, rc.closed_on = reason.strip(), _date(on, "on")
    _close_clock(rc.review_deadline, rc.closed_on)
    return step.finish(update_fields=["rejected_reason", "closed_on"], after={"reason": rc.rejected_reason})


@transaction.atomic
def rc_send_copy(*, actor, rc, sent_on=None, served_on=None):
    """第四十八条 / 第五十四条: the copy goes out within 7 (simple: 3) working days of acceptance; the
    respondent's 10 (simple: 5) working days run from the day it receives the copy."""
    step = RC_MACHINE.begin("send_copy", actor=actor, obj=rc)
    rc = step.obj
    sent_on = _date(sent_on, "sent_on")
    served_on = _date(served_on or sent_on, "served_on")
    if sent_on < rc.accepted_on or served_on < sent_on:
        raise ServiceError(field_errors={"served_on": ["送达日不能早于发送日，发送日不能早于受理日。"]})
    rc.copy_sent_on, rc.copy_served_on = sent_on, served_on
    late = rc.copy_deadline is not None and sent_on > rc.copy_deadline.due_date
    _close_clock(rc.copy_deadline, sent_on)
    simple = rc.procedure == RcProcedure.SIMPLE
    rc.answer_deadline = _clock(rc, rules.RC_ANSWER_SIMPLE if simple else rules.RC_ANSWER, served_on, "被申请人答复")
    return step.finish(update_fields=["copy_sent_on", "copy_served_on", "answer_deadline"],
                       after={"late": late, "answer_due": rc.answer_deadline.due_date})


@transaction.atomic
def rc_receive_answer(*, actor, rc, on=None):
    step = RC_MACHINE.begin("receive_answer", actor=actor, obj=rc)
    rc = step.obj
    on = _date(on, "on")
    rc.answer_received_on = on
    rc.answer_late = rc.answer_deadline is not None and on > rc.answer_deadline.due_date
    _close_clock(rc.answer_deadline, on)
    return step.finish(update_fields=["answer_received_on", "answer_late"], after={"late": rc.answer_late})


@transaction.atomic
def rc_extend(*, actor, rc, days: int, approved_by: str, reason: str):
    """第六十二条第一款: 情况复杂的, 经行政复议机构负责人批准, 延长最多三十日."""
    step = RC_MACHINE.begin("extend", actor=actor, obj=rc)
    rc = step.obj
    errors = {}
    room = rules.RC_MAX_EXTENSION_DAYS - rc.extension_days
    if not isinstance(days, int) or not 1 <= days <= room:
        errors["days"] = [f"本案还可延长 1 至 {room} 日（延长期限最多不得超过三十日）。"]
    if not (approved_by or "").strip():
        errors["approved_by"] = ["请填写批准延长的行政复议机构负责人。"]
    if not (reason or "").strip():
        errors["reason"] = ["请写明情况复杂、不能在规定期限内作出决定的理由。"]
    if errors:
        raise ServiceError(field_errors=errors)
    deadlines.deadline_extend(actor=None, deadline=rc.decision_deadline, amount=days, unit=rules.CD,
                              reason=reason.strip())
    before = {"extension_days": rc.extension_days}
    rc.extension_days += days
    rc.extension_approved_by = approved_by.strip()
    rc.decision_deadline.refresh_from_db()
    return step.finish(update_fields=["extension_days", "extension_approved_by"], before=before,
                       after={"extension_days": rc.extension_days, "decision_due": rc.decision_deadline.due_date})


def decision_reasons(rc, decision: str) -> list[str]:
    """The decision types of 第六十三条–第六十九条 and 第七十三条, with the case facts they need."""
    if decision not in RcDecision.values:
        return [Reason("请选择复议决定类型。", field="decision")]
    reasons = []
    if decision in (RcDecision.ORDER_PERFORM, RcDecision.DISMISS) and not rc.inaction:
        article = "第六十六条" if decision == RcDecision.ORDER_PERFORM else "第六十九条"
        reasons.append(Reason(f"“{RcDecision(decision).label}”只适用于申请履行法定职责的案件（{article}）。",
                              field="decision"))
    answered_late = rc.answer_late or (rc.answer_received_on is None and rc.answer_deadline is not None
                                       and timezone.localdate() > rc.answer_deadline.due_date)
    if decision == RcDecision.UPHOLD and answered_late:
        reasons.append(Reason("被申请人未按期提出书面答复、提交证据，视为该行政行为没有证据、依据，不得决定维持"
                              "（行政复议法第七十条）。", field="decision"))
    return reasons


@transaction.atomic
def rc_decide(*, actor, rc, decision: str, summary: str = "", on=None):
    step = RC_MACHINE.begin("decide", actor=actor, obj=rc)
    rc = step.obj
    on = _date(on, "on")
    step.refuse(decision_reasons(rc, decision))
    if not (summary or "").strip():
        raise ServiceError(field_errors={"summary": ["请写明决定要旨。"]})
    rc.decision, rc.decision_summary, rc.closed_on = decision, summary.strip(), on
    rc.closed_late = rc.decision_deadline is not None and on > rc.decision_deadline.due_date
    _close_clock(rc.decision_deadline, on)
    return step.finish(update_fields=["decision", "decision_summary", "closed_on", "closed_late"],
                       after={"decision": decision, "late": rc.closed_late})


# ---------------------------------------------------------------- 附带审查 (第十三条、第五十六条至第六十条)


@transaction.atomic
def rc_norm_review(*, actor, rc, source: str, document_title: str, handling: str, document_code: str = "",
                   requested_on=None, transferred_to: str = "", on=None) -> NormReview:
    """第五十六条: an applicant's request for the incidental review of a 规范性文件 (第十三条) — 有权处理的, 三十日内
    依法处理; 无权处理的, 七日内转送有权处理的行政机关; 第五十七条 the same when the organ itself finds the basis
    unlawful. A transfer starts the receiving body's 60 days to reply (第六十条); a late transfer is recorded as such."""
    step = RC_MACHINE.begin("norm_review", actor=actor, obj=rc)
    rc = step.obj
    on = _date(on, "on")
    requested_on = _date(requested_on or on, "requested_on")
    errors = {}
    if source not in NormReviewSource.values:
        errors["source"] = ["请选择提起方式。"]
    if handling not in NormReviewHandling.values:
        errors["handling"] = ["请选择处理方式。"]
    if not (document_title or "").strip():
        errors["document_title"] = ["请写明规范性文件或依据的名称和条款。"]
    if handling == NormReviewHandling.TRANSFER and not (transferred_to or "").strip():
        errors["transferred_to"] = ["请写明转送的有权处理机关（第五十六条）。"]
    if requested_on > on:
        errors["requested_on"] = ["提出日期不能晚于处理日期。"]
    if errors:
        raise ServiceError(field_errors=errors)
    seq = (rc.norm_reviews.aggregate(n=Max("seq"))["n"] or 0) + 1
    transfer = handling == NormReviewHandling.TRANSFER
    late = transfer and (on - requested_on).days > rules.NORM_TRANSFER_DAYS
    period, start = (rules.NORM_REPLY, on) if transfer else (rules.NORM_HANDLE, requested_on)
    clock = deadlines.deadline_create(
        actor=None, object_repr=f"附带审查：{document_title.strip()}"[:200], rule_code=period.code,
        legal_source=period.legal, start_date=start, period=period.amount, unit=period.unit, agency=rc.agency,
        obj=rc)
    NormReview.objects.create(rc=rc, seq=seq, source=source, document_title=document_title.strip()[:300],
                              document_code=(document_code or "").strip().upper()[:12], requested_on=requested_on,
                              handling=handling, handled_on=on, transferred_to=(transferred_to or "").strip()[:100],
                              transfer_late=late, deadline=clock)
    return step.finish(after={"review": seq, "handling": handling, "late_transfer": late, "due": clock.due_date})


@transaction.atomic
def rc_norm_review_result(*, actor, rc, review: int, result: str, note: str = "", on=None) -> NormReview:
    """第五十九条: 认为相关条款合法的，在行政复议决定书中一并告知；超越权限或者违反上位法的，决定停止该条款的执行，
    并责令制定机关予以纠正; 第六十条: the reply of the body the review was transferred to."""
    step = RC_MACHINE.begin("norm_review_result", actor=actor, obj=rc)
    rc = step.obj
    on = _date(on, "on")
    item = rc.norm_reviews.select_related("deadline").filter(seq=review).first()
    if item is None:
        raise ServiceError(field_errors={"review": ["本案没有这一序号的附带审查。"]})
    if item.result:
        raise ServiceError(field_errors={"review": [f"第 {item.seq} 号附带审查已于 {item.result_on} 登记结果。"]})
    transfer = item.handling == NormReviewHandling.TRANSFER
    if result not in NormReviewResult.values or (result == NormReviewResult.REPLIED) != transfer:
        raise ServiceError(field_errors={"result": ["转送的附带审查登记“已回复处理意见”；本机关处理的登记合法或停止执行。"]})
    if on < item.handled_on:
        raise ServiceError(field_errors={"on": ["结果日期不能早于处理或转送日期。"]})
    if result != NormReviewResult.LAWFUL and not (note or "").strip():
        raise ServiceError(field_errors={"note": ["请写明处理意见。"]})
    item.result, item.result_on, item.result_note = result, on, (note or "").strip()
    item.save(update_fields=["result", "result_on", "result_note"])
    late = item.deadline is not None and on > item.deadline.due_date
    _close_clock(item.deadline, on)
    return step.finish(after={"review": item.seq, "result": result, "late": late})


# ---------------------------------------------------------------- 意见书、建议书 (第七十六条、第七十七条、第七十九条)


def _agency_named(name: str, *, under: str, field: str, what: str) -> Agency:
    """An agency the user names on a step form, looked up inside ``under`` (a region path)."""
    name = (name or "").strip()
    agency = Agency.objects.filter(name=name, is_active=True, region_path__startswith=under).first() if name else None
    if agency is None:
        raise ServiceError(field_errors={field: [f"请填写{what}的准确名称。" if not name else f"找不到“{name}”。"]})
    return agency


@transaction.atomic
def rc_issue_letter(*, actor, rc, kind: str, addressee: str, content: str, other_agency: str = "",
                    copied_to: str = "", on=None) -> RcLetter:
    """第七十六条: 行政复议机关 … 发现被申请人或者其他下级行政机关的有关行政行为违法或者不当的，可以制发行政复议意见书
    (the body reports its correction within 60 days); a 建议书 has no statutory period. 第七十九条第二款: a
    government handling a case against one of its own departments copies the 意见书 to that department's superior."""
    step = RC_MACHINE.begin("issue_letter", actor=actor, obj=rc)
    rc = step.obj
    on = _date(on, "on")
    errors = {}
    if kind not in LetterKind.values:
        errors["kind"] = ["请选择意见书或建议书。"]
    if not (content or "").strip():
        errors["content"] = ["请写明主要内容。"]
    if errors:
        raise ServiceError(field_errors=errors)
    organ = rc.organ
    if addressee == LetterAddressee.RESPONDENT:
        target = rc.respondent
    else:
        target = _agency_named(other_agency, under=organ.region_path, field="other_agency", what="下级行政机关")
        if target.pk == organ.pk:
            raise ServiceError(field_errors={"other_agency": ["意见书制发给被申请人或者其他下级行政机关（第七十六条）。"]})
    copy, copy_name = None, ""
    needs_copy = (kind == LetterKind.OPINION and target.pk == rc.respondent_id
                  and organ.kind == AgencyKind.GOVERNMENT and target.kind == AgencyKind.DEPARTMENT
                  and target.region_id == organ.region_id)
    if copied_to.strip() or needs_copy:
        parent = organ.region.parent
        if parent is None:  # the superior department is above the platform's tree (e.g. a province's)
            copy_name = copied_to.strip()[:100]
            if not copy_name:
                raise ServiceError(field_errors={"copied_to": ["请填写被申请人的上一级主管部门（第七十九条第二款）。"]})
        else:
            copy = _agency_named(copied_to, under=parent.region_path, field="copied_to", what="被申请人的上一级主管部门")
            if copy.region_id == target.region_id:
                raise ServiceError(field_errors={"copied_to": ["抄告机关应为被申请人的上一级主管部门（第七十九条第二款）。"]})
            copy_name = copy.name
    seq = (rc.letters.aggregate(n=Max("seq"))["n"] or 0) + 1
    letter = RcLetter.objects.create(rc=rc, seq=seq, kind=kind, addressee=target, issued_on=on,
                                     content=content.strip(), copied_to=copy, copied_to_name=copy_name,
                                     created_by=actor)
    if kind == LetterKind.OPINION:
        period = rules.RC_OPINION_REPLY
        letter.reply_deadline = deadlines.deadline_create(
            actor=None, object_repr=f"报送意见书纠正情况：{target.name}"[:200], rule_code=period.code,
            legal_source=period.legal, start_date=on, period=period.amount, unit=period.unit, agency=target, obj=rc)
        letter.save(update_fields=["reply_deadline"])
    return step.finish(after={"letter": seq, "kind": kind, "addressee": target.name,
                              "copied_to": copy_name or None})


def _letter(rc, seq) -> RcLetter:
    letter = rc.letters.select_related("reply_deadline").filter(seq=seq).first()
    if letter is None:
        raise ServiceError(field_errors={"letter": ["本案没有这一序号的意见书或建议书。"]})
    return letter


@transaction.atomic
def rc_letter_reply(*, actor, rc, letter: int, reply: str, on=None) -> RcLetter:
    """第七十六条: the body's report of its correction (or the answer to a 建议书), closing its clock."""
    step = RC_MACHINE.begin("letter_reply", actor=actor, obj=rc)
    rc = step.obj
    on = _date(on, "on")
    item = _letter(rc, letter)
    if item.replied_on:
        raise ServiceError(field_errors={"letter": [f"第 {item.seq} 号已于 {item.replied_on} 登记反馈。"]})
    if on < item.issued_on:
        raise ServiceError(field_errors={"on": ["报送日期不能早于制发日期。"]})
    if not (reply or "").strip():
        raise ServiceError(field_errors={"reply": ["请写明纠正或采纳情况。"]})
    item.replied_on, item.reply = on, reply.strip()
    item.save(update_fields=["replied_on", "reply"])
    late = item.reply_deadline is not None and on > item.reply_deadline.due_date
    _close_clock(item.reply_deadline, on)
    return step.finish(after={"letter": item.seq, "late": late})


@transaction.atomic
def rc_letter_measure(*, actor, rc, letter: int, measure: str, due_on=None, note: str = "", on=None) -> RcLetter:
    """第七十七条第二款: 不履行或者无正当理由拖延履行…意见书的，应当责令其限期履行，并可以约谈被申请人的有关负责人或者
    予以通报批评 — first the order with its time limit; an interview or a circular once that limit passed too."""
    step = RC_MACHINE.begin("letter_measure", actor=actor, obj=rc)
    rc = step.obj
    on = _date(on, "on")
    item = _letter(rc, letter)
    if measure not in LetterMeasure.values:
        raise ServiceError(field_errors={"measure": ["请选择督促措施。"]})
    reasons = []
    if item.kind != LetterKind.OPINION:
        reasons.append("建议书没有法定的履行期限，不适用第七十七条的督促措施。")
    elif item.replied_on:
        reasons.append(f"第 {item.seq} 号意见书已于 {item.replied_on} 报送纠正情况。")
    elif item.reply_deadline is None or on <= item.reply_deadline.due_date:
        due = item.reply_deadline.due_date if item.reply_deadline else None
        reasons.append(f"意见书的六十日报送期限{('至 ' + due.isoformat()) if due else ''}尚未届满（第七十六条）。")
    elif measure == LetterMeasure.ORDER and item.ordered_on:
        reasons.append(f"已于 {item.ordered_on} 责令限期履行。")
    elif measure != LetterMeasure.ORDER and (item.order_due_on is None or on <= item.order_due_on):
        reasons.append("应当先责令限期履行；限期届满仍不履行的，方可约谈或者通报批评（第七十七条第二款）。")
    step.refuse(reasons)
    fields = ["measure_note"]
    if measure == LetterMeasure.ORDER:
        if due_on is None or due_on <= on:
            raise ServiceError(field_errors={"due_on": ["请填写晚于今天的履行期限。"]})
        item.ordered_on, item.order_due_on = on, due_on
        fields += ["ordered_on", "order_due_on"]
    elif measure == LetterMeasure.INTERVIEW:
        item.interviewed_on = on
        fields.append("interviewed_on")
    else:
        item.circulated_on = on
        fields.append("circulated_on")
    label = LetterMeasure(measure).label
    item.measure_note = f"{item.measure_note}\n{on} {label}：{(note or '').strip()}".strip()
    item.save(update_fields=fields)
    return step.finish(after={"letter": item.seq, "measure": measure, "due_on": due_on})


# ---------------------------------------------------------------- 行政诉讼 / 应诉


@transaction.atomic
def lit_register(*, actor, agency: Agency, court: str, case_number: str, plaintiff: str, contested_act: str,
                 filed_on: date, instance: str = Instance.FIRST, reconsideration=None) -> Litigation:
    if actor is not None and not has_perm(actor, Perm.LITIGATE):
        raise NotPermitted("您没有登记行政应诉案件的权限。")
    errors = {f: ["必填。"] for f, v in (("court", court), ("case_number", case_number), ("plaintiff", plaintiff),
                                          ("contested_act", contested_act)) if not (v or "").strip()}
    if instance not in Instance.values:
        errors["instance"] = ["请选择审级。"]
    if errors:
        raise ServiceError(field_errors=errors)
    lit = Litigation.objects.create(agency=agency, region_path=agency.region_path, court=court.strip(),
                                    case_number=case_number.strip(), plaintiff=plaintiff.strip(),
                                    contested_act=contested_act.strip(), filed_on=_date(filed_on, "filed_on"),
                                    instance=instance, reconsideration=reconsideration, created_by=actor)
    if actor is not None and not LIT_MACHINE.permitted(actor, LIT_MACHINE["close"], lit):
        raise NotPermitted("被告单位不在您的数据范围内。")
    audit.record(actor=actor, action="disputes.lit_register", obj=lit, after={"case_number": lit.case_number})
    return lit


def appearance_warnings(lit) -> list[str]:
    """行政诉讼法 第三条第三款: 被诉行政机关负责人应当出庭应诉; 不能出庭的, 应当委托行政机关相应的工作人员
    出庭 — 不得仅委托律师. 出庭应诉规定 第四条 (应当出庭), 第八条、第九条 (正当理由及证明)."""
    warnings = []
    if lit.lawyer_only:
        warnings.append("仅委托律师出庭，违反行政诉讼法第三条第三款（不能出庭的，应当委托相应的工作人员出庭）。")
    if lit.hearing_on and not lit.head_rank:
        if lit.head_required and not lit.absence_reason:
            warnings.append("本案属于负责人应当出庭的情形（出庭应诉规定第四条），负责人未出庭且未说明正当理由。")
        elif lit.absence_reason and not lit.absence_proof:
            warnings.append("负责人不能出庭的，应当提交加盖印章或主要负责人签字认可的证明材料（出庭应诉规定第九条）。")
    return warnings


@transaction.atomic
def lit_record_appearance(*, actor, lit, hearing_on, head_rank: str = "", head_name: str = "",
                          head_required: bool = False, head_required_why: str = "", staff_appeared: bool = False,
                          lawyer_only: bool = False, absence_reason: str = "", absence_proof: str = ""):
    step = LIT_MACHINE.begin("record_appearance", actor=actor, obj=lit)
    lit = step.obj
    errors = {}
    if head_rank not in HeadRank.values:
        errors["head_rank"] = ["请选择出庭负责人。"]
    if head_rank and not (head_name or "").strip():
        errors["head_name"] = ["请填写出庭负责人姓名。"]
    if head_rank and (absence_reason or lawyer_only):
        errors["absence_reason"] = ["负责人已出庭，无需填写不能出庭的理由。"]
    if absence_reason not in AbsenceReason.values:
        errors["absence_reason"] = ["请选择出庭应诉规定第八条的正当理由。"]
    if head_required and not head_required_why:
        errors["head_required_why"] = ["请选择应当出庭的情形（出庭应诉规定第四条）。"]
    if lawyer_only and staff_appeared:
        errors["lawyer_only"] = ["已有相应的工作人员出庭，不是“仅委托律师”。"]
    if errors:
        raise ServiceError(field_errors=errors)
    lit.hearing_on = _date(hearing_on, "hearing_on")
    lit.head_rank, lit.head_name = head_rank, (head_name or "").strip()
    lit.head_required, lit.head_required_why = head_required, head_required_why
    lit.staff_appeared, lit.lawyer_only = staff_appeared, lawyer_only
    lit.absence_reason, lit.absence_proof = absence_reason, (absence_proof or "").strip()
    return step.finish(update_fields=["hearing_on", "head_rank", "head_name", "head_required", "head_required_why",
                                      "staff_appeared", "lawyer_only", "absence_reason", "absence_proof"],
                       after={"head_rank": head_rank, "warnings": appearance_warnings(lit)})


@transaction.atomic
def lit_close(*, actor, lit, closure: str, on=None, loss_reasons: list | None = None):
    step = LIT_MACHINE.begin("close", actor=actor, obj=lit)
    lit = step.obj
    if closure not in Closure.values:
        raise ServiceError(field_errors={"closure": ["请选择结案方式。"]})
    losing = closure in LOSS_JUDGMENTS or closure in HIDDEN_LOSS
    reasons = [str(r).strip()[:60] for r in (loss_reasons or []) if str(r).strip()]
    if reasons and not losing:
        raise ServiceError(field_errors={"loss_reasons": ["只有败诉（含改变行为后撤诉）的案件登记败诉原因。"]})
    lit.closure, lit.closed_on, lit.loss_reasons = closure, _date(on, "on"), reasons
    return step.finish(update_fields=["closure", "closed_on", "loss_reasons"], after={"closure": closure})


# ---------------------------------------------------------------- 行政复议: 中止、恢复、终止


@transaction.atomic
def lit_receive_suggestion(*, actor, lit, content: str, on=None) -> JudicialSuggestion:
    """A 司法建议 to the agency (行政诉讼法 第六十六条、第九十六条第四项; 出庭应诉规定 第十二条), with the clock of its
    written answer (a setting, 60 days by default)."""
    step = LIT_MACHINE.begin("receive_suggestion", actor=actor, obj=lit)
    lit = step.obj
    on = _date(on, "on")
    if not (content or "").strip():
        raise ServiceError(field_errors={"content": ["请写明司法建议的内容。"]})
    seq = (lit.suggestions.aggregate(n=Max("seq"))["n"] or 0) + 1
    period = rules.suggestion_answer_period()
    clock = deadlines.deadline_create(
        actor=None, object_repr=f"答复司法建议：{lit.court} {lit.case_number}"[:200], rule_code=period.code,
        legal_source=period.legal, start_date=on, period=period.amount, unit=period.unit, agency=lit.agency, obj=lit)
    JudicialSuggestion.objects.create(lit=lit, seq=seq, received_on=on, content=content.strip(), answer_deadline=clock,
                                      created_by=actor)
    return step.finish(after={"suggestion": seq, "due": clock.due_date})


@transaction.atomic
def lit_answer_suggestion(*, actor, lit, suggestion: int, answer: str, on=None) -> JudicialSuggestion:
    step = LIT_MACHINE.begin("answer_suggestion", actor=actor, obj=lit)
    lit = step.obj
    on = _date(on, "on")
    item = lit.suggestions.select_related("answer_deadline").filter(seq=suggestion).first()
    if item is None:
        raise ServiceError(field_errors={"suggestion": ["本案没有这一序号的司法建议。"]})
    if item.answered_on:
        raise ServiceError(field_errors={"suggestion": [f"第 {item.seq} 号司法建议已于 {item.answered_on} 答复。"]})
    if on < item.received_on:
        raise ServiceError(field_errors={"on": ["答复日期不能早于收到日期。"]})
    if not (answer or "").strip():
        raise ServiceError(field_errors={"answer": ["请写明答复及处理情况。"]})
    item.answered_on, item.answer = on, answer.strip()
    item.save(update_fields=["answered_on", "answer"])
    late = item.answer_deadline is not None and on > item.answer_deadline.due_date
    _close_clock(item.answer_deadline, on)
    return step.finish(after={"suggestion": item.seq, "late": late})


@transaction.atomic
def rc_suspend(*, actor, rc, ground: str, on=None):
    """第三十九条: the decision period stops while the case is suspended (deadline paused)."""
    step = RC_MACHINE.begin("suspend", actor=actor, obj=rc)
    rc = step.obj
    if ground not in SuspendGround.values:
        raise ServiceError(field_errors={"ground": ["请选择第三十九条规定的中止情形。"]})
    on = _date(on, "on")
    if rc.decision_deadline and rc.decision_deadline.status in deadlines.ACTIVE:
        deadlines.deadline_pause(actor=None, deadline=rc.decision_deadline, on_date=on,
                                 reason=f"中止审理：{SuspendGround(ground).label}")
    rc.suspend_ground, rc.suspended_on = ground, on
    return step.finish(update_fields=["suspend_ground", "suspended_on"], after={"ground": ground})


@transaction.atomic
def rc_resume(*, actor, rc, on=None):
    step = RC_MACHINE.begin("resume", actor=actor, obj=rc)
    rc = step.obj
    on = _date(on, "on")
    if on < rc.suspended_on:
        raise ServiceError(field_errors={"on": ["恢复日不能早于中止日。"]})
    if rc.decision_deadline and rc.decision_deadline.status == "paused":
        deadlines.deadline_resume(actor=None, deadline=rc.decision_deadline, on_date=on)
    rc.suspended_days += (on - rc.suspended_on).days
    rc.suspended_on = None
    return step.finish(update_fields=["suspended_days", "suspended_on"])


@transaction.atomic
def rc_terminate(*, actor, rc, ground: str, on=None):
    """第四十一条; its 第五项 only after 60 days of suspension under 第三十九条第一款第一、二、四项."""
    step = RC_MACHINE.begin("terminate", actor=actor, obj=rc)
    rc = step.obj
    if ground not in TerminateGround.values:
        raise ServiceError(field_errors={"ground": ["请选择第四十一条规定的终止情形。"]})
    on = _date(on, "on")
    if ground == TerminateGround.SUSPENDED_60:
        if rc.suspended_on is None or rc.suspend_ground not in SUSPEND_GROUNDS_ENDING:
            step.refuse([Reason("第四十一条第一款第五项只适用于依第三十九条第一款第一项、第二项、第四项中止的案件。",
                                field="ground")])
        if (on - rc.suspended_on).days < rules.SUSPEND_END_DAYS:
            step.refuse([Reason(f"中止自 {rc.suspended_on.isoformat()} 起未满六十日（第四十一条第一款第五项）。",
                                field="ground")])
    rc.terminate_ground, rc.closed_on = ground, on
    if rc.decision_deadline and rc.decision_deadline.status in ("open", "paused", "overdue"):
        deadlines.deadline_cancel(actor=None, deadline=rc.decision_deadline, reason="行政复议终止")
    return step.finish(update_fields=["terminate_ground", "closed_on"], after={"ground": ground})


# ---------------------------------------------------------------- 人民调解


def committee_warnings(committee, members=None, today: date | None = None) -> list[str]:
    """人民调解法 第八条: 委员三至九人, 应当有妇女成员, 多民族居住地区应当有人数较少民族的成员;
    第九条: 任期三年 (term a setting)."""
    today = today or timezone.localdate()
    members = [m for m in (members if members is not None else committee.mediators.all())
               if m.is_member and m.is_active]
    warnings = []
    if not rules.COMMITTEE_MIN <= len(members) <= rules.COMMITTEE_MAX:
        warnings.append(f"委员 {len(members)} 人，应为三至九人（人民调解法第八条第二款）。")
    if not any(m.gender == "f" for m in members):
        warnings.append("委员中没有妇女成员（人民调解法第八条第三款）。")
    if committee.multi_ethnic and not any(m.minority for m in members):
        warnings.append("多民族居住地区的委员会没有少数民族成员（人民调解法第八条第三款）。")
    years = rules.committee_term_years()
    from fazhi.core.workdays import add_months

    end, _ = add_months(committee.term_start, 12 * years)
    if today > end:
        warnings.append(f"本届任期已于 {end.isoformat()} 届满（每届{years}年，人民调解法第九条第二款），应当换届。")
    return warnings


@transaction.atomic
def med_succeed(*, actor, case, agreement_form: str, agreement_text: str = "", on=None):
    """第二十八条至第三十条; a written or oral agreement starts the 30-day 司法确认 window (第三十三条)."""
    step = MED_MACHINE.begin("succeed", actor=actor, obj=case)
    case = step.obj
    if agreement_form not in (AgreementForm.WRITTEN, AgreementForm.ORAL):
        raise ServiceError(field_errors={"agreement_form": ["请选择书面协议或口头协议。"]})
    if not (agreement_text or "").strip():
        raise ServiceError(field_errors={"agreement_text": ["请写明协议内容（第二十九条；口头协议记录协议内容，第二十八条）。"]})
    on = _date(on, "on")
    case.agreement_form, case.agreement_text, case.agreement_on, case.closed_on = (
        agreement_form, agreement_text.strip(), on, on)
    case.confirm_deadline = deadlines.deadline_create(
        actor=None, object_repr=f"申请司法确认：{case}"[:200], rule_code=rules.MED_CONFIRM.code,
        legal_source=rules.MED_CONFIRM.legal, start_date=on, period=rules.MED_CONFIRM.amount,
        unit=rules.MED_CONFIRM.unit, agency=case.agency, obj=case)
    return step.finish(update_fields=["agreement_form", "agreement_text", "agreement_on", "closed_on",
                                      "confirm_deadline"], after={"confirm_due": case.confirm_deadline.due_date})


def _med_end(action, actor, case, reason, other_channels, on):
    step = MED_MACHINE.begin(action, actor=actor, obj=case)
    case = step.obj
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = ["请写明原因。"]
    if action == "fail" and not (other_channels or "").strip():
        errors["other_channels"] = ["调解不成的，应当告知当事人依法通过仲裁、行政、司法等途径维护权利（第二十六条）。"]
    if errors:
        raise ServiceError(field_errors=errors)
    case.end_reason, case.other_channels, case.closed_on = reason.strip(), (other_channels or "").strip(), _date(on, "on")
    return step.finish(update_fields=["end_reason", "other_channels", "closed_on"])


@transaction.atomic
def med_refuse(*, actor, case, reason: str, other_channels: str = "", on=None):
    """第十七条: 当事人一方明确拒绝调解的，不得调解."""
    return _med_end("refuse", actor, case, reason, other_channels, on)


@transaction.atomic
def med_fail(*, actor, case, reason: str, other_channels: str = "", on=None):
    return _med_end("fail", actor, case, reason, other_channels, on)


@transaction.atomic
def med_record_performance(*, actor, case, performance: str):
    step = MED_MACHINE.begin("record_performance", actor=actor, obj=case)
    case = step.obj
    if performance not in Performance.values or not performance:
        raise ServiceError(field_errors={"performance": ["请选择履行情况。"]})
    case.performance = performance
    return step.finish(update_fields=["performance"], after={"performance": performance})


@transaction.atomic
def med_apply_confirmation(*, actor, case, on=None):
    """第三十三条: 自调解协议生效之日起三十日内共同向人民法院申请司法确认."""
    step = MED_MACHINE.begin("apply_confirmation", actor=actor, obj=case)
    case = step.obj
    on = _date(on, "on")
    due = case.confirm_deadline.due_date if case.confirm_deadline else rules.due(case.agreement_on, rules.MED_CONFIRM)
    if on > due:
        step.refuse([Reason(f"申请司法确认的期限已于 {due.isoformat()} 届满（自协议生效之日起三十日，人民调解法第三十三条）。",
                            field="on")])
    case.confirm_applied_on, case.confirm_result = on, ConfirmResult.PENDING
    _close_clock(case.confirm_deadline, on)
    return step.finish(update_fields=["confirm_applied_on", "confirm_result"])


@transaction.atomic
def med_record_confirmation(*, actor, case, result: str):
    step = MED_MACHINE.begin("record_confirmation", actor=actor, obj=case)
    case = step.obj
    if result not in (ConfirmResult.VALID, ConfirmResult.INVALID):
        raise ServiceError(field_errors={"result": ["请选择法院的裁定结果。"]})
    case.confirm_result = result
    return step.finish(update_fields=["confirm_result"], after={"result": result})


# ---------------------------------------------------------------- 人民调解: registers and intake


def _in_scope(actor, model, obj, perm, message):
    """The object (already saved) lies in the actor's scope for ``perm``; otherwise NotPermitted (rolls back)."""
    from fazhi.core.scope import restrict

    if actor is not None and not restrict(model.objects.filter(pk=obj.pk), actor, perm).exists():
        raise NotPermitted(message)


@transaction.atomic
def committee_create(*, actor, name: str, kind: str, region, agency: Agency, term_start: date,
                     multi_ethnic: bool = False, members: list[dict] | None = None) -> Committee:
    """登记人民调解委员会 (人民调解法 第七条、第八条), optionally with its members (dicts of mediator_add's
    fields) in the same step; its composition is checked by committee_warnings."""
    if actor is not None and not has_perm(actor, Perm.COMMITTEE):
        raise NotPermitted("您没有管理人民调解组织的权限。")
    errors = {}
    if not (name or "").strip():
        errors["name"] = ["请填写委员会名称。"]
    if kind not in CommitteeKind.values:
        errors["kind"] = ["请选择委员会类别。"]
    if not isinstance(term_start, date):
        errors["term_start"] = ["请填写本届任期起始日。"]
    if region is None or agency is None:
        errors["region"] = ["请选择所在区划和指导单位。"]
    elif not region.region_path.startswith(agency.region_path):
        errors["agency"] = ["指导单位应当是委员会所在区划或其上级区划的单位。"]
    if errors:
        raise ServiceError(field_errors=errors)
    rows = [_mediator_row(m) for m in (members or [])]
    com = Committee.objects.create(name=name.strip(), kind=kind, region=region, agency=agency,
                                   region_path=region.region_path, term_start=term_start, multi_ethnic=multi_ethnic)
    _in_scope(actor, Committee, com, Perm.COMMITTEE, "该调解委员会不在您的数据范围内。")
    for row in rows:
        row.committee = com
    Mediator.objects.bulk_create(rows)
    audit.record(actor=actor, action="disputes.committee_create", obj=com,
                 after={"name": com.name, "kind": kind, "members": [m.name for m in rows],
                        "warnings": committee_warnings(com, rows)})
    return com


def _mediator_row(data: dict) -> Mediator:
    """A mediator checked field by field (the caller saves it); bad input → ServiceError."""
    errors = {}
    name, gender = (data.get("name") or "").strip(), data.get("gender")
    kind = data.get("kind", MediatorKind.PART_TIME)
    if not name:
        errors["name"] = ["请填写姓名。"]
    if gender not in Gender.values:
        errors["gender"] = ["请选择性别。"]
    if kind not in MediatorKind.values:
        errors["kind"] = ["请选择专职或兼职。"]
    if errors:
        raise ServiceError(field_errors=errors)
    trained_on = data.get("trained_on")
    return Mediator(name=name, gender=gender, kind=kind, minority=bool(data.get("minority")),
                    is_member=data.get("is_member", True),
                    trained_on=_date(trained_on, "trained_on") if trained_on else None)


@transaction.atomic
def mediator_add(*, actor, committee: Committee, name: str, gender: str, kind: str = MediatorKind.PART_TIME,
                 minority: bool = False, is_member: bool = True, trained_on=None) -> Mediator:
    if actor is not None and not has_perm(actor, Perm.COMMITTEE):
        raise NotPermitted("您没有管理人民调解组织的权限。")
    _in_scope(actor, Committee, committee, Perm.COMMITTEE, "该调解委员会不在您的数据范围内。")
    mediator = _mediator_row({"name": name, "gender": gender, "kind": kind, "minority": minority,
                              "is_member": is_member, "trained_on": trained_on})
    mediator.committee = committee
    mediator.save()
    audit.record(actor=actor, action="disputes.mediator_add", obj=committee,
                 after={"mediator": mediator.name, "kind": kind, "warnings": committee_warnings(committee)})
    return mediator


@transaction.atomic
def med_register(*, actor, committee: Committee, source: str, dispute_type: str, parties: str, summary: str,
                 amount=None, received_on=None, mediators=()) -> MediationCase:
    """受理调解 (人民调解法 第十七条、第十八条): a case of a committee in the actor's scope."""
    if actor is not None and not has_perm(actor, Perm.MEDIATE):
        raise NotPermitted("您没有登记调解案件的权限。")
    if committee is None:
        raise ServiceError(field_errors={"committee": ["请选择调解委员会。"]})
    _in_scope(actor, Committee, committee, Perm.MEDIATE, "该调解委员会不在您的数据范围内。")
    errors = {}
    if source not in CaseSource.values:
        errors["source"] = ["请选择案件来源。"]
    if dispute_type not in DisputeType.values:
        errors["dispute_type"] = ["请选择纠纷类型。"]
    if not (parties or "").strip():
        errors["parties"] = ["请填写当事人。"]
    if not (summary or "").strip():
        errors["summary"] = ["请简要写明纠纷情况。"]
    if amount is not None and amount < 0:
        errors["amount"] = ["涉及金额不能为负数。"]
    picked = list(mediators or ())
    if any(m.committee_id != committee.pk for m in picked):
        errors["mediators"] = ["调解员应当是本委员会的调解员。"]
    if errors:
        raise ServiceError(field_errors=errors)
    case = MediationCase.objects.create(
        committee=committee, agency=committee.agency, region_path=committee.region_path, source=source,
        dispute_type=dispute_type, parties=parties.strip(), summary=summary.strip(), amount=amount,
        received_on=_date(received_on, "received_on"), created_by=actor)
    if picked:
        case.mediators.set(picked)
    audit.record(actor=actor, action="disputes.med_register", obj=case,
                 after={"committee": committee.name, "source": source, "dispute_type": dispute_type})
    return case


# ---------------------------------------------------------------- 诉调对接 (特邀调解规定 第十一条、第二十七条)


@transaction.atomic
def referral_receive(*, actor, committee: Committee, kind: str, court: str, received_on=None, court_number: str = "",
                     simple: bool = False, dispute_type: str = DisputeType.OTHER, parties: str = "",
                     summary: str = "", amount=None) -> Referral:
    """签收法院委派（立案前）或委托（立案后）调解: the case is registered and its clock starts from the day
    the materials were signed for (特邀调解规定 第二十七条: 委派三十日; 委托普通程序十五日、简易程序七日)."""
    if kind not in ReferralKind.values:
        raise ServiceError(field_errors={"kind": ["请选择委派或委托。"]})
    errors = {}
    if not (court or "").strip():
        errors["court"] = ["请填写法院。"]
    if kind == ReferralKind.ENTRUSTED and not (court_number or "").strip():
        errors["court_number"] = ["委托调解是立案后的调解，请填写法院案号（特邀调解规定第十一条）。"]
    if kind == ReferralKind.ASSIGNED and simple:
        errors["simple"] = ["简易程序只适用于立案后的委托调解。"]
    if errors:
        raise ServiceError(field_errors=errors)
    source = CaseSource.ASSIGNED if kind == ReferralKind.ASSIGNED else CaseSource.ENTRUSTED
    case = med_register(actor=actor, committee=committee, source=source, dispute_type=dispute_type,
                        parties=parties, summary=summary, amount=amount, received_on=received_on)
    period = rules.referral_period(kind, simple)
    ref = Referral.objects.create(kind=kind, court=court.strip(), court_number=(court_number or "").strip(),
                                  simple=simple, committee=committee, agency=committee.agency,
                                  region_path=committee.region_path, case=case, received_on=case.received_on,
                                  created_by=actor)
    ref.deadline = deadlines.deadline_create(
        actor=None, object_repr=f"{ReferralKind(kind).label}：{court.strip()} {case}"[:200], rule_code=period.code,
        legal_source=period.legal, start_date=case.received_on, period=period.amount, unit=period.unit,
        agency=committee.agency, obj=ref)
    ref.save(update_fields=["deadline"])
    audit.record(actor=actor, action="disputes.referral_receive", obj=ref,
                 after={"kind": kind, "court": ref.court, "due": ref.deadline.due_date})
    return ref


def _referral_for(actor, referral, perm=None):
    from fazhi.core.scope import restrict

    perm = perm or Perm.MEDIATE
    if actor is not None and not has_perm(actor, perm):
        raise NotPermitted("您没有办理诉调对接的权限。")
    locked = Referral.objects.select_for_update().filter(pk=referral.pk)
    if actor is not None:
        locked = restrict(locked, actor, perm)
    obj = locked.first()
    if obj is None:
        raise NotPermitted("该诉调对接案件不在您的数据范围内。")
    return obj


@transaction.atomic
def referral_extend(*, actor, referral: Referral, days: int, consent: str) -> Referral:
    """特邀调解规定 第二十七条: 经各方当事人同意，可以延长调解期限."""
    ref = _referral_for(actor, referral)
    if ref.reported_on:
        raise ServiceError("已向法院反馈结果，不能再延长。")
    errors = {}
    if not isinstance(days, int) or not 1 <= days <= 30:
        errors["days"] = ["延长 1 至 30 日。"]
    if not (consent or "").strip():
        errors["consent"] = ["延长调解期限须经各方当事人同意，请写明同意情况（特邀调解规定第二十七条）。"]
    if errors:
        raise ServiceError(field_errors=errors)
    deadlines.deadline_extend(actor=None, deadline=ref.deadline, amount=days, unit=rules.CD, reason=consent.strip())
    ref.deadline.refresh_from_db()
    before = {"extended_days": ref.extended_days}
    ref.extended_days += days
    ref.extension_note = consent.strip()[:200]
    ref.save(update_fields=["extended_days", "extension_note"])
    audit.record(actor=actor, action="disputes.referral_extend", obj=ref, before=before,
                 after={"extended_days": ref.extended_days, "due": ref.deadline.due_date})
    return ref


REFERRAL_RESULT_OF = {MedState.SUCCESS: ReferralResult.SUCCESS, MedState.FAILED: ReferralResult.FAILED,
                      MedState.ENDED: ReferralResult.FAILED, MedState.REFUSED: ReferralResult.WITHDRAWN}


@transaction.atomic
def referral_report(*, actor, referral: Referral, on=None, note: str = "") -> Referral:
    """反馈法院 (特邀调解规定 第十九条至第二十一条): the result is the mediation case's outcome; a case still
    open when the period has run out is reported as 调解不成 (第二十一条: 委派转登记立案, 委托转审判)."""
    ref = _referral_for(actor, referral)
    if ref.reported_on:
        raise ServiceError("已向法院反馈结果。")
    on = _date(on, "on")
    if on < ref.received_on:
        raise ServiceError(field_errors={"on": ["反馈日不能早于签收日。"]})
    case = ref.case
    due = ref.deadline.due_date if ref.deadline else None
    if case is not None and case.state == MedState.OPEN:
        if due is not None and on <= due:
            raise TransitionRefused([Reason(f"调解仍在进行，调解期限至 {due.isoformat()}；请先登记调解结果，"
                                            "或待期限届满后按调解不成反馈（特邀调解规定第二十一条）。", field="on")])
        result = ReferralResult.FAILED
    else:
        result = REFERRAL_RESULT_OF.get(case.state, ReferralResult.FAILED) if case else ReferralResult.FAILED
    ref.result, ref.result_note, ref.reported_on = result, (note or "").strip()[:300], on
    ref.reported_late = due is not None and on > due and result == ReferralResult.SUCCESS
    _close_clock(ref.deadline, on)
    if ref.deadline is not None:
        ref.deadline.refresh_from_db()
    ref.save(update_fields=["result", "result_note", "reported_on", "reported_late"])
    audit.record(actor=actor, action="disputes.referral_report", obj=ref, after={"result": result, "on": on})
    return ref


# ---------------------------------------------------------------- online applications (portal, no account)


@transaction.atomic
def application_submit(*, kind: str, region, name: str, contact: str, respondent_name: str, act: str,
                       content: str, act_known_on=None, delay_reason: str = "", client_ip=None) -> PublicApplication:
    """网上申请: 人民调解 (人民调解法 第十七条) or 行政复议 (行政复议法 第二十二条第一款: 可以通过互联网渠道提交).
    A reconsideration must be inside its period (第二十条) unless a proper reason for the delay is stated — the
    staff then judge it at registration; the applicant sees the last day either way."""
    from datetime import timedelta

    from django.conf import settings

    from fazhi.core.choices import RegionLevel

    errors = {}
    if kind not in ApplicationKind.values:
        errors["kind"] = ["请选择申请事项。"]
    for field, value, label, limit in (("name", name, "申请人姓名或名称", 100), ("contact", contact, "联系电话", 40),
                                       ("respondent_name", respondent_name, "被申请人或对方当事人", 100),
                                       ("act", act, "行政行为或纠纷事项", 2000), ("content", content, "请求和理由", 5000)):
        if not (value or "").strip():
            errors[field] = [f"请填写{label}。"]
        elif len(value.strip()) > limit:
            errors[field] = [f"{label}不超过 {limit} 字。"]
    if region is None or region.level not in (RegionLevel.PREFECTURE, RegionLevel.COUNTY):
        errors["region"] = ["请选择受理的州本级或县（市、区）。"]
    today = timezone.localdate()
    if kind == ApplicationKind.RECONSIDERATION:
        if act_known_on is None:
            errors["act_known_on"] = ["请填写知道该行政行为的日期（第二十条）。"]
        elif act_known_on > today:
            errors["act_known_on"] = ["日期不能晚于今天。"]
        else:
            window = rules.application_window(act_known_on=act_known_on)
            if today > window.last_day and not (delay_reason or "").strip():
                errors["act_known_on"] = [f"已超过行政复议申请期限（{window.explanation}）。因不可抗力或者其他正当理由"
                                          "耽误的，请在“正当理由”中说明（行政复议法第二十条第二款）。"]
    if errors:
        raise ServiceError(field_errors=errors)
    if client_ip:
        since = timezone.now() - timedelta(hours=1)
        if PublicApplication.objects.filter(client_ip=client_ip, submitted_at__gte=since).count() >= \
                settings.FAZHI_PUBLIC_RATE_PER_HOUR:
            raise ServiceError("提交过于频繁，请一小时后再试。")
    app = PublicApplication.objects.create(
        kind=kind, region=region, region_path=region.region_path, name=name.strip(), contact=contact.strip(),
        respondent_name=respondent_name.strip(), act=act.strip(), content=content.strip(),
        act_known_on=act_known_on if kind == ApplicationKind.RECONSIDERATION else None,
        delay_reason=(delay_reason or "").strip()[:300], submitted_at=timezone.now(), client_ip=client_ip)
    audit.record(actor=None, action="disputes.application_submit", obj=app, after={"kind": kind, "code": app.code})
    return app


@transaction.atomic
def application_handle(*, actor, application: PublicApplication, decision: str, case_code: str = "",
                       reason: str = "") -> PublicApplication:
    """The staff register an online application as the case they created for it (the case's code links the two,
    so the applicant follows its stage) or decline it with the reason shown on the tracking page."""
    from .selectors import application_list, mediation_list, reconsideration_list

    app = application_list(user=actor).select_for_update(of=("self",)).filter(pk=application.pk).first()
    if app is None:
        raise NotPermitted("该申请不在您的数据范围内。")
    need = Perm.MEDIATE if app.kind == ApplicationKind.MEDIATION else Perm.RECONSIDER
    if not has_perm(actor, need):
        raise NotPermitted("您没有办理该类申请的权限。")
    if app.state != ApplicationState.RECEIVED:
        raise TransitionRefused([f"该申请已{app.get_state_display()}。"])
    if decision == "register":
        cases = mediation_list(user=actor) if app.kind == ApplicationKind.MEDIATION else reconsideration_list(user=actor)
        try:
            case = cases.filter(code=(case_code or "").strip()).first()
        except (ValueError, TypeError, DjangoValidationError):
            case = None
        if case is None:
            raise ServiceError(field_errors={"case_code": ["请填写已登记案件的编码（在您的数据范围内）。"]})
        if app.kind == ApplicationKind.MEDIATION:
            app.mediation = case
        else:
            app.reconsideration = case
        app.state = ApplicationState.REGISTERED
    elif decision == "decline":
        if not (reason or "").strip():
            raise ServiceError(field_errors={"reason": ["请写明不予登记的理由（将告知申请人）。"]})
        app.state, app.decline_reason = ApplicationState.DECLINED, reason.strip()
    else:
        raise ServiceError(field_errors={"decision": ["请选择登记或不予登记。"]})
    app.handled_by, app.handled_at = actor, timezone.now()
    app.save()
    audit.record(actor=actor, action="disputes.application_handle", obj=app,
                 after={"state": app.state, "case": str(case_code) if decision == "register" else None})
    return app



@transaction.atomic
def prevention_record(*, actor, committee: Committee, kind: str, on_date, count, summary: str,
                      people=0) -> PreventionRecord:
    """排查 and 预防 (人民调解法 第八条第一款、第二十五条: 及时采取措施防止矛盾激化), recorded by the committee's
    mediators or its guiding office, in scope."""
    from .selectors import committee_list

    if actor is not None and not has_perm(actor, Perm.MEDIATE):
        raise NotPermitted("您没有登记排查预防情况的权限。")
    if actor is not None and not committee_list(user=actor, perm=Perm.MEDIATE).filter(pk=committee.pk).exists():
        raise NotPermitted("该调解委员会不在您的数据范围内。")
    errors = {}
    if kind not in PreventionKind.values:
        errors["kind"] = ["请选择类别。"]
    for field, value, label in (("count", count, "件次"), ("people", people, "涉及人数")):
        try:
            number = int(value)
            if number < (1 if field == "count" else 0) or number > 100000:
                raise ValueError
        except (TypeError, ValueError):
            errors[field] = [f"{label}应为{'正' if field == 'count' else '非负'}整数。"]
    if not (summary or "").strip():
        errors["summary"] = ["请写明情况。"]
    if errors:
        raise ServiceError(field_errors=errors)
    on_date = _date(on_date, "on_date")
    record = PreventionRecord.objects.create(committee=committee, kind=kind, on_date=on_date, count=int(count),
                                             people=int(people or 0), summary=summary.strip(), recorded_by=actor)
    audit.record(actor=actor, action="disputes.prevention_record", obj=committee,
                 after={"kind": kind, "on_date": on_date, "count": int(count)})
    return record
