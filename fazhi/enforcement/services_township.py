"""Services of the township "两违" procedure (RULES.md §4): each goes through the kernel machine (permission,
scope, guard, audit in the same transaction) and refuses bad input in Chinese, changing nothing."""

from __future__ import annotations

import datetime

from django.db import transaction

from fazhi.core import audit, deadlines
from fazhi.core.choices import PeriodUnit
from fazhi.core.errors import NotPermitted, Reason, ServiceError
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict
from fazhi.core.workdays import add_days_statutory, check_count, check_date

from . import rules
from .choices import TownshipKind
from .models import TownshipCase
from .workflow import TOWNSHIP_MACHINE as M
from .workflow import Perm


def _clock(case, rule_code, legal, start, period, unit):
    return deadlines.deadline_create(actor=None, object_repr=str(case), rule_code=rule_code, legal_source=legal,
                                     start_date=start, period=period, unit=unit, agency=case.agency,
                                     responsible=case.created_by, obj=case)


def _close_clocks(case, rule_code, on_date):
    from django.contrib.contenttypes.models import ContentType

    from fazhi.core.models import Deadline

    for d in Deadline.objects.filter(content_type=ContentType.objects.get_for_model(TownshipCase),
                                     object_id=str(case.pk), rule_code=rule_code, status__in=["open", "overdue"]):
        deadlines.deadline_complete(actor=None, deadline=d, on_date=on_date)


def _not_before(value, earlier, what):
    if earlier and value < earlier:
        raise ServiceError(field_errors={"on_date": [f"日期不能早于{what}（{earlier:%Y-%m-%d}）。"]})


@transaction.atomic
def report(*, actor, agency, kind: str, party_name: str, location: str, facts: str, discovered_on: datetime.date,
           villager_house: bool = False) -> TownshipCase:
    """发现登记 by the township (its 综合执法 staff)."""
    from fazhi.core.models import Agency

    if actor is not None and not has_perm(actor, Perm.MANAGE):
        raise NotPermitted("您没有登记两违案件的权限。")
    if actor is not None and not restrict(Agency.objects.filter(pk=agency.pk), actor, Perm.MANAGE).exists():
        raise NotPermitted("不能为您数据范围以外的单位登记。")
    errors = {}
    if kind not in TownshipKind.values:
        errors["kind"] = ["请选择违法建设或违法占地。"]
    for field, value, label in (("party_name", party_name, "当事人"), ("location", location, "位置"),
                                ("facts", facts, "违法事实")):
        if not (value or "").strip():
            errors[field] = [f"请填写{label}。"]
    if errors:
        raise ServiceError(field_errors=errors)
    check_date(discovered_on, "discovered_on")
    case = TownshipCase.objects.create(agency=agency, region_path=agency.region_path, kind=kind,
                                       party_name=party_name.strip(), location=location.strip(), facts=facts.strip(),
                                       discovered_on=discovered_on, villager_house=bool(villager_house),
                                       created_by=actor)
    audit.record(actor=actor, action="enforcement.tw_report", obj=case,
                 after={"kind": kind, "party": case.party_name, "location": case.location})
    return case


@transaction.atomic
def order(*, actor, case, on_date: datetime.date, days: int, content: str = "") -> TownshipCase:
    """城乡规划法 第六十五条: 责令停止建设、限期改正."""
    step = M.begin("tw_order", actor=actor, obj=case)
    case = step.obj
    check_date(on_date, "on_date")
    days = check_count(days, "days", maximum=365, minimum=1)
    _not_before(on_date, case.discovered_on, "发现日期")
    due = add_days_statutory(on_date, days, PeriodUnit.CALENDAR_DAYS).date
    case.ordered_on, case.correct_by = on_date, due
    step.finish(update_fields=["ordered_on", "correct_by"],
                after={"on_date": on_date.isoformat(), "correct_by": due.isoformat(), "content": content})
    _clock(case, "enforcement.tw_correct", "《城乡规划法》第六十五条", on_date, days, PeriodUnit.CALENDAR_DAYS)
    return case


@transaction.atomic
def transfer(*, actor, case, on_date: datetime.date, receiver: str = "") -> TownshipCase:
    """违法占地 → the competent department (土地管理法 第七十七条、第七十八条)."""
    step = M.begin("tw_transfer", actor=actor, obj=case)
    case = step.obj
    check_date(on_date, "on_date")
    _not_before(on_date, case.discovered_on, "发现日期")
    competent = rules.land_department(case.villager_house)
    case.transferred_to = (receiver or "").strip() or competent
    case.transferred_on = on_date
    return step.finish(update_fields=["transferred_to", "transferred_on"],
                       after={"to": case.transferred_to, "competent": competent, "on_date": on_date.isoformat()})


@transaction.atomic
def correct(*, actor, case, on_date: datetime.date) -> TownshipCase:
    step = M.begin("tw_correct", actor=actor, obj=case)
    case = step.obj
    check_date(on_date, "on_date")
    _not_before(on_date, case.ordered_on, "责令改正日期")
    case.corrected_on = on_date
    step.finish(update_fields=["corrected_on"], after={"on_date": on_date.isoformat()})
    _close_clocks(case, "enforcement.tw_correct", on_date)
    return case


@transaction.atomic
def decide(*, actor, case, on_date: datetime.date, decision_no: str) -> TownshipCase:
    """逾期不改正的，可以拆除 (城乡规划法 第六十五条): the decision opens the challenge window."""
    step = M.begin("tw_decide", actor=actor, obj=case)
    case = step.obj
    check_date(on_date, "on_date")
    if not (decision_no or "").strip():
        raise ServiceError(field_errors={"decision_no": ["请填写拆除决定文号。"]})
    if case.correct_by and on_date <= case.correct_by:
        step.refuse([Reason(f"限期改正至 {case.correct_by:%Y年%m月%d日}，期满仍不改正的方可作出拆除决定。",
                            field="on_date")])
    case.decided_on, case.decision_no = on_date, decision_no.strip()
    step.finish(update_fields=["decided_on", "decision_no"],
                after={"on_date": on_date.isoformat(), "decision_no": case.decision_no,
                       "challenge_window_end": rules.challenge_window_end(on_date).isoformat()})
    _close_clocks(case, "enforcement.tw_correct", on_date)
    return case


@transaction.atomic
def urge(*, actor, case, on_date: datetime.date, days: int | None = None, statement: str = "") -> TownshipCase:
    """书面催告 (行政强制法 第三十五条) with the party's 陈述申辩 recorded and reviewed (第三十六条)."""
    step = M.begin("tw_urge", actor=actor, obj=case)
    case = step.obj
    check_date(on_date, "on_date")
    _not_before(on_date, case.decided_on, "拆除决定日期")
    days = check_count(days or rules.setting("URGE_DAYS"), "days", maximum=90, minimum=1)
    case.urged_on = on_date
    case.urge_by = add_days_statutory(on_date, days, PeriodUnit.CALENDAR_DAYS).date
    case.statement = (statement or "").strip()
    step.finish(update_fields=["urged_on", "urge_by", "statement"],
                after={"on_date": on_date.isoformat(), "urge_by": case.urge_by.isoformat()})
    _clock(case, "enforcement.tw_urge", "《行政强制法》第三十五条", on_date, days, PeriodUnit.CALENDAR_DAYS)
    return case


@transaction.atomic
def announce(*, actor, case, on_date: datetime.date, days: int | None = None) -> TownshipCase:
    """公告，限期当事人自行拆除 (行政强制法 第四十四条), after the 催告 period (第三十七条)."""
    step = M.begin("tw_announce", actor=actor, obj=case)
    case = step.obj
    check_date(on_date, "on_date")
    if case.urge_by and on_date <= case.urge_by:
        step.refuse([Reason(f"催告期限至 {case.urge_by:%Y年%m月%d日}，期满后方可公告。", field="on_date")])
    days = check_count(days or rules.setting("SELF_DEMOLISH_DAYS"), "days", maximum=90, minimum=1)
    case.announced_on = on_date
    case.self_demolish_by = add_days_statutory(on_date, days, PeriodUnit.CALENDAR_DAYS).date
    step.finish(update_fields=["announced_on", "self_demolish_by"],
                after={"on_date": on_date.isoformat(), "self_demolish_by": case.self_demolish_by.isoformat()})
    _close_clocks(case, "enforcement.tw_urge", on_date)
    return case


@transaction.atomic
def record_challenge(*, actor, case, on_date: datetime.date) -> TownshipCase:
    step = M.begin("tw_record_challenge", actor=actor, obj=case)
    case = step.obj
    check_date(on_date, "on_date")
    case.challenge_filed_on, case.challenge_pending = on_date, True
    return step.finish(update_fields=["challenge_filed_on", "challenge_pending"], after={"on_date": on_date.isoformat()})


@transaction.atomic
def resolve_challenge(*, actor, case, outcome: str, revoked: bool = False) -> TownshipCase:
    from .choices import TownshipState

    step = M.begin("tw_resolve_challenge", actor=actor, obj=case)
    case = step.obj
    if not (outcome or "").strip():
        raise ServiceError(field_errors={"outcome": ["请填写复议决定或者裁判结果。"]})
    case.challenge_pending, case.challenge_outcome = False, outcome.strip()
    fields = ["challenge_pending", "challenge_outcome"]
    state = TownshipState.REVOKED if revoked else None
    return step.finish(state=state, update_fields=fields, after={"outcome": case.challenge_outcome, "revoked": revoked})


@transaction.atomic
def self_demolish(*, actor, case, on_date: datetime.date) -> TownshipCase:
    step = M.begin("tw_self_demolish", actor=actor, obj=case)
    case = step.obj
    check_date(on_date, "on_date")
    case.demolished_on = on_date
    step.finish(update_fields=["demolished_on"], after={"on_date": on_date.isoformat()})
    for code in ("enforcement.tw_correct", "enforcement.tw_urge"):
        _close_clocks(case, code, on_date)
    return case


@transaction.atomic
def demolish(*, actor, case, on_date: datetime.date, recording=()) -> TownshipCase:
    """强制拆除 (行政强制法 第四十四条) with its continuous audio-video recording (国办发〔2018〕118号)."""
    from fazhi.core.attachments import attachment_create, attachments_lock_for

    step = M.begin("tw_demolish", actor=actor, obj=case)
    case = step.obj
    check_date(on_date, "on_date")
    reasons = rules.demolition_problems(case, on_date)
    files = [f for f in (recording or ()) if f]
    if not any((getattr(f, "content_type", "") or "").startswith(("video/", "audio/")) for f in files):
        reasons.append(Reason("强制拆除须全程音像记录，请上传录像（国办发〔2018〕118号）。", field="recording"))
    step.refuse(reasons)
    stored = [attachment_create(actor=actor, uploaded_file=f, obj=case, agency=case.agency) for f in files]
    attachments_lock_for(actor=actor, obj=case)
    case.demolished_on = on_date
    return step.finish(update_fields=["demolished_on"],
                       after={"on_date": on_date.isoformat(),
                              "recording": [{"name": a.original_name, "sha256": a.sha256} for a in stored]})
