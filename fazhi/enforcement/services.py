"""Services of the 行政执法 module: each checks permission and scope, audits in the same transaction,
and refuses bad input in Chinese, changing nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction

from fazhi.core import audit, deadlines
from fazhi.core.choices import PeriodUnit
from fazhi.core.errors import NotPermitted, Reason, ServiceError, TransitionRefused  # noqa: F401
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict
from fazhi.core.workdays import check_date

from . import rules
from .choices import (
    InspectionKind,
    InspectionMode,
    InspectionResult,
    InspectionSource,
    PartyKind,
    PenaltyKind,
    Procedure,
)
from .models import (
    Benchmark,
    BenchmarkRange,
    Case,
    CaseOfficer,
    EnforcementBody,
    Inspection,
    InspectionPlan,
    InvestigativeAct,
    LenientItem,
    Matter,
    Officer,
)
from .redaction import MASK, redact
from .workflow import MACHINE, Perm, decide_problems

REGISTERS = {"body": EnforcementBody, "officer": Officer, "matter": Matter, "benchmark": Benchmark,
             "lenient": LenientItem}


def _in_scope(actor, perm, obj) -> None:
    if actor is not None and not restrict(type(obj).objects.filter(pk=obj.pk), actor, perm).exists():
        raise NotPermitted("该事项不在您的数据范围内。")


def _catalogue(case):
    from .models import MajorCatalogue

    return MajorCatalogue.objects.filter(agency_id=case.agency_id).first()


@transaction.atomic
def catalogue_set(*, actor, agency, fine_person, fine_organisation, penalty_kinds=(), other_items: str = "",
                  published_on=None):
    """Publish (or revise) an agency's 重大执法决定目录; later notices are judged against it."""
    from .models import MajorCatalogue

    if actor is not None and not has_perm(actor, Perm.REGISTER):
        raise NotPermitted("您没有维护执法名录的权限。")
    errors = {}
    person, organisation = _amount(fine_person, "fine_person"), _amount(fine_organisation, "fine_organisation")
    if person is None:
        errors["fine_person"] = ["请填写对公民的罚款数额标准。"]
    if organisation is None:
        errors["fine_organisation"] = ["请填写对法人或其他组织的罚款数额标准。"]
    bad = [k for k in penalty_kinds or () if k not in PenaltyKind.values]
    if bad:
        errors["penalty_kinds"] = ["处罚种类不在可选范围内。"]
    if errors:
        raise ServiceError(field_errors=errors)
    if published_on is not None:
        check_date(published_on, "published_on")
    current = MajorCatalogue.objects.filter(agency=agency).first()
    before = ({"fine_person": str(current.fine_person), "fine_organisation": str(current.fine_organisation),
               "penalty_kinds": current.penalty_kinds} if current else {})
    cat, _ = MajorCatalogue.objects.update_or_create(agency=agency, defaults={
        "region_path": agency.region_path, "fine_person": person, "fine_organisation": organisation,
        "penalty_kinds": list(penalty_kinds or ()), "other_items": (other_items or "").strip(),
        "published_on": published_on})
    _in_scope(actor, Perm.REGISTER, cat)
    audit.record(actor=actor, action="enforcement.catalogue_set", obj=cat, before=before,
                 after={"fine_person": str(person), "fine_organisation": str(organisation),
                        "penalty_kinds": list(penalty_kinds or ())})
    return cat


def _amount(value, field: str):
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ServiceError(field_errors={field: ["请填写金额（元）。"]}) from None
    if amount < 0:
        raise ServiceError(field_errors={field: ["金额不能为负数。"]})
    return amount


# ---------------------------------------------------------------- registers


@transaction.atomic
def register_create(*, actor, register: str, agency, **fields):
    """Add a row to one of the registers (主体、人员、事项、基准、清单)."""
    model = REGISTERS.get(register)
    if model is None:
        raise ServiceError(field_errors={"register": ["未知的名录。"]})
    if actor is not None and not has_perm(actor, Perm.REGISTER):
        raise NotPermitted("您没有维护执法名录的权限。")
    ranges = fields.pop("ranges", None)
    obj = model(agency=agency, region_path=agency.region_path, **fields)
    if register == "body" and obj.kind == "entrusted" and obj.entrusting_agency_id is None:
        raise ServiceError(field_errors={"entrusting_agency": ["受委托组织须写明委托机关。"]})
    if register == "officer" and obj.expires_on < obj.issued_on:
        raise ServiceError(field_errors={"expires_on": ["有效期不能早于发证日期。"]})
    obj.save()
    _in_scope(actor, Perm.REGISTER, obj)
    for r in ranges or ():
        rng = BenchmarkRange(benchmark=obj, **r)
        if rng.min_fine > rng.max_fine:
            raise ServiceError(field_errors={"ranges": [f"“{rng.circumstance}”的下限高于上限。"]})
        rng.save()
    audit.record(actor=actor, action=f"enforcement.{register}_create", obj=obj, after={"name": str(obj)})
    return obj


# ---------------------------------------------------------------- the case


@transaction.atomic
def case_create(*, actor, agency, matter: Matter, party_name: str, party_kind: str, occurred_on, discovered_on,
                procedure: str = Procedure.GENERAL, facts: str = "", source: str = "", party_id_no: str = "",
                party_address: str = "", serious_harm: bool = False, continuing_until=None, officers=(),
                party_operator: str = "") -> Case:
    """案源登记. The matching 免罚/轻罚 item, if any, is attached as a suggestion (第三十三条)."""
    if actor is not None and not has_perm(actor, Perm.MANAGE):
        raise NotPermitted("您没有承办执法案件的权限。")
    errors = {}
    if not (party_name or "").strip():
        errors["party_name"] = ["请填写当事人。"]
    if party_kind not in PartyKind.values:
        errors["party_kind"] = ["请选择当事人类别。"]
    if procedure not in Procedure.values:
        errors["procedure"] = ["请选择程序。"]
    if matter.agency_id != agency.pk:
        errors["matter"] = ["案件须引用本机关执法事项清单中的事项。"]
    elif not matter.is_active or matter.kind != "penalty":
        errors["matter"] = ["该事项不是有效的行政处罚事项。"]
    if errors:
        raise ServiceError(field_errors=errors)
    check_date(occurred_on, "occurred_on")
    check_date(discovered_on, "discovered_on")
    if discovered_on < occurred_on:
        raise ServiceError(field_errors={"discovered_on": ["发现日期不能早于违法行为发生日期。"]})
    lenient = LenientItem.objects.filter(agency=agency, matter=matter).order_by("id").first()
    case = Case.objects.create(
        agency=agency, region_path=agency.region_path, matter=matter, procedure=procedure, created_by=actor,
        party_name=party_name.strip(), party_kind=party_kind, party_id_no=party_id_no, party_address=party_address,
        party_operator=(party_operator or "").strip(),
        facts=facts, source=source, occurred_on=occurred_on, discovered_on=discovered_on,
        continuing_until=continuing_until, serious_harm=serious_harm, lenient_item=lenient)
    for officer in officers:
        CaseOfficer.objects.create(case=case, officer=officer)
    if actor is not None and not restrict(Case.objects.filter(pk=case.pk), actor, Perm.MANAGE).exists():
        raise NotPermitted("不能为您数据范围以外的单位登记案源。")
    audit.record(actor=actor, action="enforcement.create", obj=case,
                 after={"party": case.party_name, "matter": matter.code, "procedure": procedure,
                        "lenient_suggestion": str(lenient) if lenient else ""})
    return case


def _deadline(case, rule_code, legal, start, period, unit):
    return deadlines.deadline_create(actor=None, object_repr=str(case), rule_code=rule_code, legal_source=legal,
                                     start_date=start, period=period, unit=unit, agency=case.agency,
                                     responsible=case.created_by, obj=case)


@transaction.atomic
def case_register(*, actor, case: Case, on_date: datetime.date, number: str = "") -> Case:
    """立案 (第五十四条); the limitation is checked (第三十六条); the 90-day clock starts (第六十条)."""
    step = MACHINE.begin("register", actor=actor, obj=case)
    case = step.obj
    check_date(on_date, "on_date")
    problem = rules.limitation_problem(occurred_on=case.occurred_on, continuing_until=case.continuing_until,
                                       discovered_on=case.discovered_on, serious_harm=case.serious_harm)
    step.refuse([problem] if problem else [])
    if on_date < case.discovered_on:
        step.refuse([Reason("立案日期不能早于发现日期。", field="on_date")])
    case.registered_on = on_date
    case.number = number.strip() or f"{case.agency.doc_prefix or case.agency.name}罚立〔{on_date.year}〕{case.pk}号"
    step.finish(update_fields=["registered_on", "number"], after={"registered_on": on_date.isoformat()})
    # 行政处罚法 第六十条: 自立案之日起九十日内作出行政处罚决定.
    _deadline(case, "enforcement.decision", "《行政处罚法》第六十条", on_date, rules.setting("DECISION_DAYS"),
              PeriodUnit.CALENDAR_DAYS)
    return case


@transaction.atomic
def case_extend(*, actor, case: Case, days: int, approved_by: str, reason: str) -> Case:
    """延长办案期限 (第六十条): approved by the agency's head, within the configured total."""
    from fazhi.core.workdays import check_count

    step = MACHINE.begin("extend", actor=actor, obj=case)
    case = step.obj
    days = check_count(days, "days", maximum=365, minimum=1)
    errors = {}
    if not (approved_by or "").strip():
        errors["approved_by"] = ["请填写批准延长的负责人。"]
    if not (reason or "").strip():
        errors["reason"] = ["请写明案情复杂需要延长的理由。"]
    if errors:
        raise ServiceError(field_errors=errors)
    clock = case_deadlines(case).filter(rule_code="enforcement.decision", status__in=["open", "paused"]).first()
    if clock is None:
        step.refuse([Reason("没有进行中的九十日办案期限可以延长。", field="days")])
    from fazhi.core.models import DeadlineEvent

    used = sum(DeadlineEvent.objects.filter(deadline=clock, kind="extend").values_list("amount", flat=True))
    limit = rules.setting("DECISION_EXTENSION_MAX_DAYS")
    if used + days > limit:
        step.refuse([Reason(f"延长办案期限累计不得超过 {limit} 日（已延长 {used} 日）。", field="days")])
    clock = deadlines.deadline_extend(actor=None, deadline=clock, amount=days, unit=PeriodUnit.CALENDAR_DAYS,
                                      reason=f"{approved_by.strip()}批准：{reason.strip()}")
    return step.finish(after={"days": days, "approved_by": approved_by.strip(), "reason": reason.strip(),
                              "due_date": clock.due_date.isoformat()})


@transaction.atomic
def case_drop(*, actor, case: Case, reason: str = "") -> Case:
    step = MACHINE.begin("drop", actor=actor, obj=case)
    if not (reason or "").strip():
        raise ServiceError(field_errors={"reason": ["请写明不予立案的理由。"]})
    return step.finish(after={"reason": reason.strip()})


@transaction.atomic
def case_record_act(*, actor, case: Case, kind: str, on_date: datetime.date, officers, summary: str = "",
                    evidence=()) -> Case:
    """调查取证 by at least two officers with certificates valid on the day (第四十二条).

    全过程记录 (第四十七条; 国办发〔2018〕118号): the evidence files are stored with their SHA-256 and sealed
    when the act is recorded — from then on they can be neither replaced nor deleted; an act on the
    continuous-recording list needs an audio or video file."""
    from fazhi.core.attachments import attachment_create, attachments_lock_for

    step = MACHINE.begin("record_act", actor=actor, obj=case)
    case = step.obj
    check_date(on_date, "on_date")
    if not (kind or "").strip():
        raise ServiceError(field_errors={"kind": ["请填写取证方式。"]})
    officers = list(officers)
    foreign = [o for o in officers if o.agency_id != case.agency_id]
    reasons = [Reason(f"{o.name}不是本机关的执法人员。", field="officers") for o in foreign]
    reasons += rules.officers_problems(officers, on_date)
    if case.registered_on and on_date < case.registered_on:
        reasons.append(Reason("调查取证日期不能早于立案日期。", field="on_date"))
    evidence = [f for f in (evidence or ()) if f]
    if rules.av_required(kind.strip()) and not any(
            (getattr(f, "content_type", "") or "").startswith(("video/", "audio/")) for f in evidence):
        reasons.append(Reason(f"“{kind.strip()}”须全程音像记录，请上传录像或录音（国办发〔2018〕118号）。",
                              field="evidence"))
    step.refuse(reasons)
    act = InvestigativeAct.objects.create(case=case, kind=kind.strip(), on_date=on_date, summary=summary)
    act.officers.set(officers)
    for o in officers:
        CaseOfficer.objects.get_or_create(case=case, officer=o)
    files = [attachment_create(actor=actor, uploaded_file=f, obj=act, agency=case.agency) for f in evidence]
    if files:
        attachments_lock_for(actor=actor, obj=act)
    return step.finish(after={"act": act.kind, "on_date": on_date.isoformat(),
                              "officers": [o.certificate_no for o in officers],
                              "evidence": [{"name": a.original_name, "sha256": a.sha256} for a in files]})


@transaction.atomic
def case_notify(*, actor, case: Case, served_on: datetime.date, penalty_kind: str, fine_amount=None,
                benchmark_range: BenchmarkRange | None = None, outside_range_reason: str = "",
                hearing_eligible: bool = False, needs_discussion: bool = False,
                lenient_applied: bool | None = None, lenient_reason: str = "", decision_text: str = "") -> Case:
    """事先告知 of the intended penalty, its facts and basis and the party's rights (第四十四条、第六十三条)."""
    step = MACHINE.begin("notify", actor=actor, obj=case)
    case = step.obj
    check_date(served_on, "served_on")
    if penalty_kind not in PenaltyKind.values:
        raise ServiceError(field_errors={"penalty_kind": ["请选择拟作出的处罚种类。"]})
    amount = _amount(fine_amount, "fine_amount")
    if penalty_kind == PenaltyKind.FINE and amount is None:
        raise ServiceError(field_errors={"fine_amount": ["请填写罚款金额。"]})
    if benchmark_range is not None and benchmark_range.benchmark.agency_id != case.agency_id:
        raise ServiceError(field_errors={"benchmark_range": ["请选择本机关的裁量基准。"]})
    outside = rules.outside_range(benchmark_range, amount)
    if outside and not (outside_range_reason or "").strip():
        step.refuse([Reason(f"罚款 {amount} 元超出“{benchmark_range}”的幅度（{benchmark_range.min_fine}—"
                            f"{benchmark_range.max_fine} 元），须写明理由，并经法制审核。",
                            field="outside_range_reason")])
    case.notice_served_on = served_on
    case.penalty_kind = penalty_kind
    case.fine_amount = amount
    case.benchmark_range = benchmark_range
    case.outside_range_reason = (outside_range_reason or "").strip()
    case.hearing_eligible = bool(hearing_eligible)
    case.needs_discussion = bool(needs_discussion)
    case.decision_text = decision_text
    if lenient_applied is not None:
        case.lenient_applied = bool(lenient_applied)
        case.lenient_reason = (lenient_reason or "").strip()
    case.major_reasons = rules.major_reasons(party_kind=case.party_kind, penalty_kind=penalty_kind,
                                             fine_amount=amount, hearing_held=False, outside_benchmark=outside,
                                             catalogue=_catalogue(case))
    return step.finish(update_fields=["notice_served_on", "penalty_kind", "fine_amount", "benchmark_range",
                                      "outside_range_reason", "hearing_eligible", "needs_discussion",
                                      "decision_text", "lenient_applied", "lenient_reason", "major_reasons"],
                       after={"served_on": served_on.isoformat(), "penalty_kind": penalty_kind,
                              "fine_amount": str(amount) if amount is not None else None,
                              "major_reasons": case.major_reasons})


@transaction.atomic
def case_request_hearing(*, actor, case: Case, requested_on: datetime.date) -> Case:
    """A hearing request within 5 days of the notice (第六十四条第（一）项) suspends the decision."""
    step = MACHINE.begin("request_hearing", actor=actor, obj=case)
    case = step.obj
    check_date(requested_on, "requested_on")
    reasons = []
    if not case.hearing_eligible:
        reasons.append(Reason("拟作出的处罚不属于第六十三条规定的听证范围。", field="requested_on"))
    elif not rules.hearing_request_timely(case.notice_served_on, requested_on):
        end = rules.hearing_request_end(case.notice_served_on)
        reasons.append(Reason(f"听证申请应在告知后五日内（至 {end:%Y年%m月%d日}）提出（行政处罚法第六十四条），"
                              f"逾期视为放弃。", field="requested_on"))
    step.refuse(reasons)
    case.hearing_requested_on = requested_on
    return step.finish(update_fields=["hearing_requested_on"], after={"requested_on": requested_on.isoformat()})


@transaction.atomic
def case_record_hearing(*, actor, case: Case, held_on: datetime.date) -> Case:
    step = MACHINE.begin("record_hearing", actor=actor, obj=case)
    case = step.obj
    check_date(held_on, "held_on")
    if held_on < case.hearing_requested_on:
        step.refuse([Reason("听证日期不能早于申请日期。", field="held_on")])
    case.hearing_held_on = held_on
    outside = rules.outside_range(case.benchmark_range, case.fine_amount)
    # 第五十八条第一款第（二）项: 经过听证的 → 法制审核.
    case.major_reasons = rules.major_reasons(party_kind=case.party_kind, penalty_kind=case.penalty_kind,
                                             fine_amount=case.fine_amount, hearing_held=True,
                                             outside_benchmark=outside, catalogue=_catalogue(case))
    return step.finish(update_fields=["hearing_held_on", "major_reasons"], after={"held_on": held_on.isoformat()})


def case_text(case: Case) -> tuple[str, str]:
    """The text 法制审核 reviews: the draft decision and its key figures (the opinion binds it)."""
    body = "\n".join([
        f"当事人：{case.party_name}", f"违法事实：{case.facts}",
        f"处罚种类：{case.get_penalty_kind_display()}", f"罚款：{case.fine_amount or ''}",
        f"裁量阶次：{case.benchmark_range or ''}", f"超出裁量基准的理由：{case.outside_range_reason}",
        case.decision_text,
    ])
    return f"{case} 处罚决定书（草案）", body


@transaction.atomic
def case_submit_review(*, actor, case: Case) -> Case:
    """送法制审核 on the kernel review desk (第五十八条)."""
    from fazhi.procedure import reviews
    from fazhi.procedure.services import version_add

    step = MACHINE.begin("submit_review", actor=actor, obj=case)
    case = step.obj
    title, body = case_text(case)
    version = version_add(actor=actor, target=case, title=title, body=body, note="送法制审核")
    reviews.review_submit(actor=actor, target=case, version=version, submitting_agency=case.agency,
                          materials={"major_reasons": case.major_reasons})
    return step.finish(after={"version": version.number})


@transaction.atomic
def case_discuss(*, actor, case: Case, on_date: datetime.date, conclusion: str = "") -> Case:
    step = MACHINE.begin("discuss", actor=actor, obj=case)
    case = step.obj
    check_date(on_date, "on_date")
    case.discussed_on = on_date
    return step.finish(update_fields=["discussed_on"], after={"on_date": on_date.isoformat(),
                                                              "conclusion": conclusion})


@transaction.atomic
def case_decide(*, actor, case: Case, on_date: datetime.date) -> Case:
    """决定 (第五十七条); the service and publication clocks start (第六十一条、第四十八条)."""
    step = MACHINE.begin("decide", actor=actor, obj=case)
    case = step.obj
    check_date(on_date, "on_date")
    step.refuse(decide_problems(case, on_date))
    case.decided_on = on_date
    step.finish(update_fields=["decided_on"], after={"decided_on": on_date.isoformat()})
    _after_decision(case, on_date)
    return case


def _after_decision(case: Case, on_date: datetime.date) -> None:
    for d in case_deadlines(case).filter(rule_code="enforcement.decision", status__in=["open", "overdue"]):
        deadlines.deadline_complete(actor=None, deadline=d, on_date=on_date)
    _deadline(case, "enforcement.service", "《行政处罚法》第六十一条", on_date, rules.setting("SERVICE_DAYS"),
              PeriodUnit.CALENDAR_DAYS)
    _deadline(case, "enforcement.publication", "《行政处罚法》第四十八条；国办发〔2018〕118号", on_date,
              rules.setting("PUBLICATION_WORKING_DAYS"), PeriodUnit.WORKING_DAYS)


def case_deadlines(case: Case):
    from django.contrib.contenttypes.models import ContentType

    from fazhi.core.models import Deadline

    return Deadline.objects.filter(content_type=ContentType.objects.get_for_model(Case), object_id=str(case.pk))


@transaction.atomic
def case_summary_decide(*, actor, case: Case, on_date: datetime.date, penalty_kind: str, fine_amount=None,
                        officers=()) -> Case:
    """简易程序 当场处罚 (第五十一条、第五十二条): within the limits, by two officers valid on the day."""
    step = MACHINE.begin("summary_decide", actor=actor, obj=case)
    case = step.obj
    check_date(on_date, "on_date")
    amount = _amount(fine_amount, "fine_amount")
    officers = list(officers) or list(case.officers.all())
    reasons = rules.summary_problems(party_kind=case.party_kind, penalty_kind=penalty_kind, fine_amount=amount)
    reasons += rules.officers_problems(officers, on_date)
    problem = rules.limitation_problem(occurred_on=case.occurred_on, continuing_until=case.continuing_until,
                                       discovered_on=case.discovered_on, serious_harm=case.serious_harm)
    if problem:
        reasons.append(problem)
    step.refuse(reasons)
    for o in officers:
        CaseOfficer.objects.get_or_create(case=case, officer=o)
    case.penalty_kind, case.fine_amount, case.decided_on, case.served_on = penalty_kind, amount, on_date, on_date
    step.finish(update_fields=["penalty_kind", "fine_amount", "decided_on", "served_on"],
                after={"penalty_kind": penalty_kind, "fine_amount": str(amount) if amount is not None else None})
    _deadline(case, "enforcement.publication", "《行政处罚法》第四十八条；国办发〔2018〕118号", on_date,
              rules.setting("PUBLICATION_WORKING_DAYS"), PeriodUnit.WORKING_DAYS)
    return case


def _dated(action: str, field: str, rule_code: str | None = None):
    @transaction.atomic
    def service(*, actor, case: Case, on_date: datetime.date) -> Case:
        step = MACHINE.begin(action, actor=actor, obj=case)
        case_ = step.obj
        check_date(on_date, "on_date")
        if case_.decided_on and on_date < case_.decided_on:
            step.refuse([Reason("日期不能早于决定日期。", field="on_date")])
        setattr(case_, field, on_date)
        step.finish(update_fields=[field], after={field: on_date.isoformat()})
        if rule_code:
            for d in case_deadlines(case_).filter(rule_code=rule_code, status__in=["open", "overdue"]):
                deadlines.deadline_complete(actor=None, deadline=d, on_date=on_date)
        return case_

    service.__name__ = f"case_{action}"
    return service


case_serve = _dated("serve", "served_on", "enforcement.service")
case_execute = _dated("execute", "executed_on")
case_close = _dated("close", "closed_on")


def on_review_event(actor, case, review, event: str) -> None:
    """The review desk tells the case what happened: an opinion or a return brings it back to 事先告知."""
    from .choices import CaseState

    if event in {"opinion", "returned"} and case.state == CaseState.LEGAL_REVIEW:
        Case.objects.filter(pk=case.pk).update(state=CaseState.NOTIFIED)
        audit.record(actor=actor, action="enforcement.review_" + event, obj=case,
                     before={"state": CaseState.LEGAL_REVIEW},
                     after={"state": CaseState.NOTIFIED, "opinion": review.opinion or ""})
    elif event == "resubmitted":
        Case.objects.filter(pk=case.pk).update(state=CaseState.LEGAL_REVIEW)



# ---------------------------------------------------------------- 事后公开 (第四十八条)


def decision_public_text(case: Case) -> str:
    """The decision as the public reads it, before redaction: who decided what, on which facts and basis.
    A natural person's address is left out (住址 below the township is personal information)."""
    lines = [f"{case.agency.name}行政处罚决定书", f"文号：{case.number}",
             f"当事人：{case.party_name}"]
    if case.party_kind == PartyKind.INDIVIDUAL_BUSINESS and case.party_operator:
        lines.append(f"经营者：{case.party_operator}")
    if case.party_kind in (PartyKind.ORGANISATION, PartyKind.INDIVIDUAL_BUSINESS):
        if case.party_id_no:
            lines.append(f"统一社会信用代码：{case.party_id_no}")
        if case.party_address:
            lines.append(f"地址：{case.party_address}")
    lines += [f"违法事实：{case.facts}", f"处罚依据：{case.matter.legal_basis}",
              f"处罚种类：{case.get_penalty_kind_display()}"]
    if case.fine_amount is not None:
        lines.append(f"罚款金额：{case.fine_amount} 元")
    if case.decision_text:
        lines.append(case.decision_text)
    if case.decided_on:
        lines.append(f"决定日期：{case.decided_on:%Y年%m月%d日}")
    return "\n".join(lines)


def publication_text(case: Case, extra_passages: str = "") -> str:
    """``decision_public_text`` redacted (the same function as the preview API), then the passages staff
    marked, one per line, removed as well. A 个体工商户's trade name stays; its operator is masked."""
    parties = [case.party_name] if case.party_kind == PartyKind.PERSON else []
    if case.party_kind == PartyKind.INDIVIDUAL_BUSINESS and case.party_operator:
        parties.append(case.party_operator)
    text = redact(decision_public_text(case), parties)
    for passage in sorted({p.strip() for p in (extra_passages or "").splitlines() if p.strip()}, key=len, reverse=True):
        text = text.replace(passage, MASK)
    return text


@transaction.atomic
def case_publish(*, actor, case: Case, on_date: datetime.date, extra_passages: str = "") -> Case:
    """公示 the decision with personal information removed (行政处罚法 第四十八条; 国办发〔2018〕118号)."""
    step = MACHINE.begin("publish", actor=actor, obj=case)
    case = step.obj
    check_date(on_date, "on_date")
    if case.decided_on and on_date < case.decided_on:
        step.refuse([Reason("公示日期不能早于决定日期。", field="on_date")])
    case.published_on = on_date
    case.published_text = publication_text(case, extra_passages)
    step.finish(update_fields=["published_on", "published_text"],
                after={"published_on": on_date.isoformat(), "extra_passages": len((extra_passages or "").splitlines())})
    for d in case_deadlines(case).filter(rule_code="enforcement.publication", status__in=["open", "overdue"]):
        deadlines.deadline_complete(actor=None, deadline=d, on_date=on_date)
    return case


@transaction.atomic
def case_withdraw_publication(*, actor, case: Case, reason: str, changed_on: datetime.date,
                              on_date: datetime.date) -> Case:
    """撤回公示 within 3 working days of the change or revocation (第四十八条第二款); the reason is published."""
    step = MACHINE.begin("withdraw_publication", actor=actor, obj=case)
    case = step.obj
    check_date(changed_on, "changed_on")
    check_date(on_date, "on_date")
    if not (reason or "").strip():
        raise ServiceError(field_errors={"reason": ["请写明撤回的理由（决定被变更、撤销、确认违法或者确认无效）。"]})
    if on_date < changed_on:
        step.refuse([Reason("撤回日期不能早于决定被变更或者撤销的日期。", field="on_date")])
    due = rules.withdrawal_due(changed_on)
    case.withdrawn_on = on_date
    case.withdrawal_reason = reason.strip()
    return step.finish(update_fields=["withdrawn_on", "withdrawal_reason"],
                       after={"on_date": on_date.isoformat(), "due": due.isoformat(), "late": on_date > due,
                              "reason": case.withdrawal_reason})


# ---------------------------------------------------------------- 涉企检查


def _need_manage(actor, agency):
    if actor is None:
        return
    if not has_perm(actor, Perm.MANAGE):
        raise NotPermitted("您没有登记行政检查的权限。")
    from fazhi.core.models import Agency

    if not restrict(Agency.objects.filter(pk=agency.pk), actor, Perm.MANAGE).exists():
        raise NotPermitted("不能为您数据范围以外的单位登记。")


@transaction.atomic
def plan_create(*, actor, agency, year: int, name: str, planned_count: int = 0, yearly_cap: int | None = None,
                basis: str = "", filed_on=None) -> InspectionPlan:
    """年度检查计划 (each year by the end of March, filed: RULES.md §6 [S, local])."""
    if actor is not None and not has_perm(actor, Perm.REGISTER):
        raise NotPermitted("您没有维护执法名录的权限。")
    if not (name or "").strip():
        raise ServiceError(field_errors={"name": ["请填写计划名称。"]})
    if InspectionPlan.objects.filter(agency=agency, year=year, name=name.strip()).exists():
        raise ServiceError(field_errors={"name": ["本机关该年度已有同名计划。"]})
    if filed_on is not None:
        check_date(filed_on, "filed_on")
    plan = InspectionPlan.objects.create(
        agency=agency, region_path=agency.region_path, year=year, name=name.strip(), basis=basis,
        planned_count=planned_count or 0, yearly_cap=yearly_cap or rules.setting("YEARLY_CAP"), filed_on=filed_on)
    _in_scope(actor, Perm.REGISTER, plan)
    audit.record(actor=actor, action="enforcement.plan_create", obj=plan,
                 after={"year": year, "name": plan.name, "yearly_cap": plan.yearly_cap})
    return plan


@transaction.atomic
def inspection_record(*, actor, agency, enterprise_name: str, credit_code: str, on_date: datetime.date, items: str,
                      result: str, officers, kind: str = InspectionKind.ROUTINE, source: str = InspectionSource.PLAN,
                      mode: str = InspectionMode.ON_SITE, plan: InspectionPlan | None = None, matter: Matter | None = None,
                      approved_by: str = "", findings: str = "", joint_with: str = "") -> Inspection:
    """Record one 涉企检查 (扫码入企): at least two officers valid on the day (行政处罚法 第四十二条 and 国办发
    〔2024〕54号: 严禁无证人员检查), the enterprise by its 统一社会信用代码, and the warnings it raises."""
    from django.core.exceptions import ValidationError

    from fazhi.core.validators import validate_uscc

    _need_manage(actor, agency)
    errors = {}
    credit_code = (credit_code or "").strip().upper()
    try:
        validate_uscc(credit_code)
    except ValidationError as exc:
        errors["credit_code"] = [exc.messages[0]]
    if not (enterprise_name or "").strip():
        errors["enterprise_name"] = ["请填写企业名称。"]
    if not (items or "").strip():
        errors["items"] = ["请填写检查事项和内容。"]
    for field, value, choices in (("kind", kind, InspectionKind), ("source", source, InspectionSource),
                                  ("mode", mode, InspectionMode), ("result", result, InspectionResult)):
        if value not in choices.values:
            errors[field] = ["请从列表中选择。"]
    if plan is not None and (plan.agency_id != agency.pk or plan.year != on_date.year):
        errors["plan"] = ["请选择本机关本年度的检查计划。"]
    if matter is not None and (matter.agency_id != agency.pk or matter.kind != "inspection"):
        errors["matter"] = ["请选择本机关执法事项清单中的行政检查事项。"]
    if result != InspectionResult.CLEAN and not (findings or "").strip():
        errors["findings"] = ["发现问题的，请写明问题和处理。"]
    if errors:
        raise ServiceError(field_errors=errors)
    check_date(on_date, "on_date")
    officers = list(officers)
    reasons = [Reason(f"{o.name}不是本机关的执法人员。", field="officers") for o in officers if o.agency_id != agency.pk]
    reasons += rules.officers_problems(officers, on_date)
    if reasons:
        raise TransitionRefused(reasons)
    others = list(Inspection.objects.filter(credit_code=credit_code, on_date__gte=rules.joint_window_start(on_date),
                                            on_date__lte=on_date).exclude(agency=agency)
                  .values_list("agency__name", "on_date", "check_code"))
    same = Inspection.objects.filter(agency=agency, credit_code=credit_code, on_date__year=on_date.year).exclude(
        kind__in=[InspectionKind.CASE, InspectionKind.SPECIAL_UPPER]).count() + (1 if rules.counts_towards_cap(kind) else 0)
    cap = plan.yearly_cap if plan is not None else rules.setting("YEARLY_CAP")
    warnings = rules.inspection_warnings(on_date=on_date, others=others, same_agency_count=same, cap=cap, kind=kind)
    inspection = Inspection.objects.create(
        agency=agency, region_path=agency.region_path, plan=plan, matter=matter, kind=kind, source=source, mode=mode,
        enterprise_name=enterprise_name.strip(), credit_code=credit_code, on_date=on_date, approved_by=approved_by,
        items=items.strip(), result=result, findings=findings, joint_with=joint_with, warnings=warnings,
        created_by=actor)
    inspection.officers.set(officers)
    audit.record(actor=actor, action="enforcement.inspection_record", obj=inspection,
                 after={"enterprise": credit_code, "on_date": on_date.isoformat(), "result": result,
                        "officers": [o.certificate_no for o in officers], "warnings": [w["kind"] for w in warnings]})
    return inspection


# ---------------------------------------------------------------- 案卷评查


@transaction.atomic
def evaluation_create(*, actor, agency, year: int, name: str, per_agency: int = 3, seed: str = ""):
    """Start a round and draw its sample: ``per_agency`` closed cases of each enforcement agency in the
    organiser's region decided in ``year``, drawn at random with a recorded seed (so the draw can be
    re-checked), 随机抽取 (《广东省行政执法案卷评查办法》第九条)."""
    import random
    import secrets

    from fazhi.core.models import Agency
    from fazhi.core.workdays import check_count

    from .choices import CaseState
    from .models import EvaluationRound, EvaluationSample

    if actor is not None and not has_perm(actor, Perm.EVALUATE):
        raise NotPermitted("您没有组织案卷评查的权限。")
    if actor is not None and not restrict(Agency.objects.filter(pk=agency.pk), actor, Perm.EVALUATE).exists():
        raise NotPermitted("不能以您数据范围以外的单位组织评查。")
    if not (name or "").strip():
        raise ServiceError(field_errors={"name": ["请填写评查名称。"]})
    per_agency = check_count(per_agency, "per_agency", maximum=50, minimum=1)
    seed = (seed or "").strip() or secrets.token_hex(8)
    rnd = EvaluationRound.objects.create(agency=agency, region_path=agency.region_path, year=year, name=name.strip(),
                                         per_agency=per_agency, seed=seed, rubric=rules.rubric(), created_by=actor)
    closed = (Case.objects.filter(region_path__startswith=agency.region_path, state=CaseState.CLOSED,
                                  decided_on__year=year).order_by("agency_id", "id").values_list("agency_id", "pk"))
    by_agency: dict[int, list[int]] = {}
    for agency_id, pk in closed:
        by_agency.setdefault(agency_id, []).append(pk)
    rng = random.Random(f"{seed}:{year}")
    samples = []
    for agency_id in sorted(by_agency):
        pks = by_agency[agency_id]
        for pk in sorted(rng.sample(pks, min(per_agency, len(pks)))):
            samples.append(EvaluationSample(round=rnd, case_id=pk, agency_id=agency_id))
    if not samples:
        raise ServiceError(field_errors={"year": [f"{year} 年没有可供评查的已结案案卷。"]})
    EvaluationSample.objects.bulk_create(samples)
    audit.record(actor=actor, action="enforcement.evaluation_create", obj=rnd,
                 after={"year": year, "per_agency": per_agency, "seed": seed, "samples": len(samples)})
    return rnd


def _sample_round(actor, sample, perm):
    from .models import EvaluationRound

    if actor is not None and not restrict(EvaluationRound.objects.filter(pk=sample.round_id), actor, perm).exists():
        raise NotPermitted("该评查不在您的数据范围内。")


@transaction.atomic
def evaluation_score(*, actor, sample, deductions: dict, vetoes=(), problems: str = ""):
    """Score one file: deductions per rubric item (扣完为止), veto items, the problems in writing
    (书面记录扣分理由, 第十一条)."""
    from django.utils import timezone as tz

    from .choices import EvaluationState
    from .models import EvaluationSample

    if actor is not None and not has_perm(actor, Perm.EVALUATE):
        raise NotPermitted("您没有评查案卷的权限。")
    _sample_round(actor, sample, Perm.EVALUATE)
    sample = EvaluationSample.objects.select_for_update().select_related("round").get(pk=sample.pk)
    if sample.round.state != EvaluationState.OPEN:
        raise TransitionRefused([Reason("该评查已完成，不能再评分。", field="round")])
    score, grade, reasons = rules.evaluation_score(sample.round.rubric, deductions, list(vetoes or ()))
    deducted = any(Decimal(str(v or 0)) > 0 for v in (deductions or {}).values()) if not reasons else False
    if (deducted or vetoes) and not (problems or "").strip():
        reasons.append(Reason("有扣分或一票否决事项的，须书面写明理由。", field="problems"))
    if reasons:
        raise TransitionRefused(reasons)
    before = {"score": str(sample.score) if sample.score is not None else None, "grade": sample.grade}
    sample.deductions = {k: str(v) for k, v in (deductions or {}).items() if Decimal(str(v or 0)) > 0}
    sample.vetoes, sample.score, sample.grade = list(vetoes or ()), score, grade
    sample.problems, sample.scored_by, sample.scored_at = (problems or "").strip(), actor, tz.now()
    sample.save()
    audit.record(actor=actor, action="enforcement.evaluation_score", obj=sample.round, before=before,
                 after={"case": str(sample.case_id), "score": str(score), "grade": grade, "vetoes": sample.vetoes})
    return sample


@transaction.atomic
def evaluation_rectify(*, actor, sample, rectification: str, on_date: datetime.date):
    """The evaluated agency reports its rectification of a file found wanting."""
    from .models import EvaluationSample

    if actor is not None and not has_perm(actor, Perm.MANAGE):
        raise NotPermitted("您没有报送整改情况的权限。")
    if actor is not None and not restrict(Case.objects.filter(pk=sample.case_id), actor, Perm.MANAGE).exists() \
            and actor.agency_id != sample.agency_id:
        raise NotPermitted("只能报送本机关案卷的整改情况。")
    check_date(on_date, "on_date")
    if not (rectification or "").strip():
        raise ServiceError(field_errors={"rectification": ["请填写整改情况。"]})
    sample = EvaluationSample.objects.select_for_update().get(pk=sample.pk)
    if sample.grade in ("", "excellent"):
        raise TransitionRefused([Reason("该案卷尚未评分或评为优秀，无须报送整改情况。", field="rectification")])
    sample.rectification, sample.rectified_on = rectification.strip(), on_date
    sample.save(update_fields=["rectification", "rectified_on"])
    audit.record(actor=actor, action="enforcement.evaluation_rectify", obj=sample.round,
                 after={"case": str(sample.case_id), "on_date": on_date.isoformat()})
    return sample


@transaction.atomic
def evaluation_close(*, actor, round_):
    from .choices import EvaluationState
    from .models import EvaluationRound

    if actor is not None and not has_perm(actor, Perm.EVALUATE):
        raise NotPermitted("您没有组织案卷评查的权限。")
    _in_scope(actor, Perm.EVALUATE, round_)
    round_ = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    left = round_.samples.filter(grade="").count()
    if left:
        raise TransitionRefused([Reason(f"还有 {left} 卷尚未评分。", field="round")])
    round_.state = EvaluationState.CLOSED
    round_.save(update_fields=["state"])
    audit.record(actor=actor, action="enforcement.evaluation_close", obj=round_, after={"state": round_.state})
    return round_
