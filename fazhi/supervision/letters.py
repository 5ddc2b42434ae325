"""Letter services: propose (by rule), confirm (文号, .docx, deadline, inbox), answer, accept/return, escalate."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fazhi.core import audit, notifications, numbering, workdays
from fazhi.core.docgen import OfficialDocument
from fazhi.core.errors import ServiceError
from fazhi.core.indicators import UNIT_LABELS, Period
from fazhi.core.models import User
from fazhi.core.permissions import has_perm

from .base import addressee  # noqa: F401  (re-exported)
from .choices import LADDER, LetterKind, LetterState
from .models import Letter
from .perms import Perm
from .services import _require, red_streaks
from .workflow import LETTER_MACHINE, RULE

KIND_DEMAND = {
    LetterKind.TIP: "请你单位对照上述问题认真分析原因，制定整改措施，并于整改期限内报送整改情况。",
    LetterKind.NOTICE: "现予通报。请你单位深刻反思，限期整改，并于整改期限内报送整改报告。",
    LetterKind.INTERVIEW: "请你单位主要负责人按通知时间参加约谈，并于整改期限内报送整改报告。",
    LetterKind.ACCOUNTABILITY: "相关问题线索依规依纪依法移送有关机关追究责任。",
}


def _fmt(value, unit):
    if value is None:
        return "—"
    if unit == "rate":
        return f"{value * 100:.1f}%"
    return f"{value}{UNIT_LABELS.get(unit, '')}"


def propose_red_streaks(*, actor, period: Period, months: int = 2) -> list[Letter]:
    """Rule: an indicator red ``months`` consecutive published months → propose a 提示函 (staff confirm).

    An open letter on the same indicator and unit suppresses a new proposal."""
    _require(actor)
    out = []
    with transaction.atomic():
        for node, region, agency, snaps in red_streaks(period=period, months=months):
            to = addressee(region, agency)
            if Letter.objects.filter(node=node, agency=to).exclude(
                    state__in=[LetterState.CLOSED, LetterState.DISMISSED, LetterState.ESCALATED]).exists():
                continue
            lines = "；".join(
                f"{s.period_start.year}年{s.period_start.month}月{_fmt(s.value, node.unit)}"
                f"（{s.numerator}/{s.denominator}，口径：{s.base}）" for s in snaps)
            letter = Letter.objects.create(
                kind=LetterKind.TIP, region=region, agency=to, region_path=region.region_path, node=node,
                rule=f"连续{months}个月红色", created_by=actor if getattr(actor, "is_authenticated", False) else None,
                problems=f"“{node.number} {node.name}”连续{months}个月处于红色区间：{lines}。",
                demand=KIND_DEMAND[LetterKind.TIP])
            letter.snapshots.set(snaps)
            audit.record(actor=actor, action="supervision.propose", obj=letter,
                         after={"kind": letter.kind, "rule": letter.rule, "snapshots": [s.pk for s in snaps]})
            out.append(letter)
    return out


def _document(letter: Letter) -> bytes:
    issuer = settings.SUPERVISION_ISSUER
    doc = OfficialDocument(title=f"关于{letter.agency.name}法治政府建设有关问题的{letter.get_kind_display()}",
                           issuer=issuer, number=letter.number)
    doc.recipient(f"{letter.agency.name}：")
    doc.paragraph(f"经{settings.SUPERVISION_ISSUER}监测，你单位存在以下问题：{letter.problems}")
    snaps = list(letter.snapshots.select_related("node").order_by("period_start"))
    if snaps:
        doc.table(["指标", "期间", "数值", "分子", "分母", "统计口径", "计算时间"],
                  [[s.node.name, f"{s.period_start.year}年{s.period_start.month}月", _fmt(s.value, s.node.unit),
                    s.numerator, s.denominator, s.base, timezone.localtime(s.computed_at).strftime("%Y-%m-%d %H:%M")]
                   for s in snaps])
    doc.paragraph(f"依据《{RULE}》第八条、第十八条等规定，{letter.demand}")
    if letter.due_on:
        doc.paragraph(f"整改期限：{letter.due_on.year}年{letter.due_on.month}月{letter.due_on.day}日前"
                      f"（{settings.SUPERVISION_RECTIFY_WORKDAYS}个工作日）。")
    doc.signature(issuer, letter.issued_on)
    return doc.to_bytes()


def interview_minutes_docx(letter: Letter) -> bytes:
    """约谈纪要 (督察规定 第十三条(三)、第三十条): when, where, who met whom, the problems with their figures, the minutes
    and the commitments — an official record on the issuer's letterhead, numbered like its 约谈通知."""
    interview = letter.interview
    issuer = settings.SUPERVISION_ISSUER
    doc = OfficialDocument(title=f"约谈{letter.agency.name}有关负责人纪要", issuer=issuer, number=letter.number)
    doc.field("约谈时间", timezone.localtime(interview.held_at).strftime("%Y年%m月%d日 %H:%M"))
    doc.field("约谈地点", interview.place)
    doc.field("约谈人", interview.interviewers)
    doc.field("被约谈人", interview.interviewees)
    if interview.attendees:
        doc.field("列席人员", interview.attendees)
    doc.heading("一、约谈事由")
    doc.paragraph(letter.problems)
    doc.heading("二、约谈情况")
    doc.paragraph(interview.minutes)
    doc.heading("三、表态与承诺")
    doc.paragraph(interview.commitments)
    if letter.due_on:
        doc.paragraph(f"被约谈单位应于{letter.due_on.year}年{letter.due_on.month}月{letter.due_on.day}日前报送整改情况。")
    doc.signature(issuer, timezone.localtime(interview.held_at).date())
    return doc.to_bytes()


def accountability_docx(letter: Letter) -> bytes:
    """问责决定的记录 (督察规定 第二十八条、第二十九条、第三十二条) with the chain of letters that led to it."""
    record = letter.accountability
    issuer = settings.SUPERVISION_ISSUER
    doc = OfficialDocument(title=f"关于{letter.agency.name}法治政府建设问责情况的记录", issuer=issuer,
                           number=letter.number)
    doc.field("作出决定机关", record.decided_by)
    doc.field("决定文号", record.decision_number)
    doc.field("决定日期", record.decided_on.strftime("%Y年%m月%d日"))
    doc.field("被问责对象", record.subjects)
    doc.field("问责方式", record.get_measure_display())
    doc.heading("一、问责决定")
    doc.paragraph(record.decision)
    doc.heading("二、督促问效经过")
    doc.table(["环节", "文号", "状态"], [[step.get("kind", ""), step.get("number", ""), step.get("state", "")]
                                      for step in record.chain])
    doc.signature(issuer, record.decided_on)
    return doc.to_bytes()


def _recipients(letter: Letter) -> list[User]:
    users = User.objects.filter(is_active=True, agency__region=letter.region).prefetch_related("role_assignments")
    return [u for u in users if u.agency_id == letter.agency_id or has_perm(u, Perm.ANSWER)]


def confirm(*, actor, letter: Letter, demand: str = "", issued_on=None) -> Letter:
    """Staff confirm a proposed letter: 文号, the .docx, the deadline on the working-day calendar, the inbox.

    ``issued_on`` registers a letter already sent on paper on an earlier day (never a future day); the
    deadline is counted from it."""
    today = timezone.localdate()
    if issued_on is not None and issued_on > today:
        raise ServiceError("发出日期不能晚于今天。")
    with transaction.atomic():
        step = LETTER_MACHINE.begin("confirm", actor=actor, obj=letter)
        letter = step.obj
        today = issued_on or today
        letter.issued_on = today
        # Deadline: N working days from the day after issue (local rule, [U] setting).
        letter.due_on = workdays.add_working_days(today, settings.SUPERVISION_RECTIFY_WORKDAYS).date
        if demand.strip():
            letter.demand = demand.strip()
        issued = numbering.allocate_number(actor=None, prefix=settings.SUPERVISION_LETTER_PREFIX,
                                           year=today.year, obj=letter)
        letter.number = issued.text
        content = _document(letter)
        letter.document_sha256 = hashlib.sha256(content).hexdigest()
        from django.core.files.base import ContentFile

        letter.document.save(f"letter-{letter.pk}.docx", ContentFile(content), save=False)
        for user in _recipients(letter):
            notifications.notify(recipient=user, title=f"{letter.get_kind_display()}：{letter.number}",
                                 body=f"{letter.problems}\n整改期限：{letter.due_on:%Y-%m-%d}",
                                 link=f"/supervision/letters/{letter.pk}/")
        return step.finish(update_fields=["issued_on", "due_on", "demand", "number", "document",
                                          "document_sha256"],
                           after={"number": letter.number, "due_on": letter.due_on.isoformat(),
                                  "sha256": letter.document_sha256})


def dismiss(*, actor, letter: Letter, reason: str = "") -> Letter:
    if not reason.strip():
        raise ServiceError("不予发出须说明理由。")
    with transaction.atomic():
        step = LETTER_MACHINE.begin("dismiss", actor=actor, obj=letter)
        step.obj.review_note = reason.strip()
        return step.finish(update_fields=["review_note"], after={"reason": reason.strip()})


def answer(*, actor, letter: Letter, report: str = "", files=()) -> Letter:
    """The unit's rectification report with its plan, report and evidence files (stored with their SHA-256
    inside the step's transaction; nothing is kept when the step is refused)."""
    from fazhi.core.attachments import attachment_create

    if len(report.strip()) < 10:
        raise ServiceError("请填写整改报告（不少于10个字）。")
    with transaction.atomic():
        step = LETTER_MACHINE.begin("answer", actor=actor, obj=letter)
        stored = [attachment_create(actor=actor, uploaded_file=f, obj=step.obj, agency=step.obj.agency)
                  for f in (files or ()) if f]
        step.obj.answer, step.obj.answered_at = report.strip(), timezone.now()
        late = step.obj.due_on and timezone.localdate() > step.obj.due_on
        return step.finish(update_fields=["answer", "answered_at"],
                           after={"late": bool(late),
                                  "files": [{"name": a.original_name, "sha256": a.sha256} for a in stored]})


def accept(*, actor, letter: Letter, note: str = "") -> Letter:
    with transaction.atomic():
        step = LETTER_MACHINE.begin("accept", actor=actor, obj=letter)
        step.obj.review_note = note.strip()
        return step.finish(update_fields=["review_note"], after={"note": note.strip()})


def return_answer(*, actor, letter: Letter, note: str = "") -> Letter:
    if not note.strip():
        raise ServiceError("退回须写明理由。")
    with transaction.atomic():
        step = LETTER_MACHINE.begin("return_answer", actor=actor, obj=letter)
        step.obj.review_note = note.strip()
        return step.finish(update_fields=["review_note"], after={"note": note.strip()})


def escalate(*, actor, letter: Letter, reason: str = "") -> Letter:
    """Close this rung as escalated and propose the next rung, linked to it (the chain stays readable)."""
    if not reason.strip():
        raise ServiceError("升级须说明理由。")
    with transaction.atomic():
        step = LETTER_MACHINE.begin("escalate", actor=actor, obj=letter)
        old = step.obj
        nxt_kind = LADDER[LADDER.index(old.kind) + 1]
        nxt = Letter.objects.create(
            kind=nxt_kind, region=old.region, agency=old.agency, region_path=old.region_path, node=old.node,
            previous=old, rule=f"由{old.get_kind_display()}升级：{reason.strip()}"[:60],
            problems=old.problems, demand=KIND_DEMAND[nxt_kind],
            created_by=actor if getattr(actor, "is_authenticated", False) else None)
        nxt.snapshots.set(old.snapshots.all())
        audit.record(actor=actor, action="supervision.propose", obj=nxt,
                     after={"kind": nxt_kind, "previous": old.pk, "reason": reason.strip()})
        step.finish(after={"next": nxt.pk, "reason": reason.strip()})
    return nxt


def record_interview(*, actor, letter: Letter, held_at, place: str, interviewers: str, interviewees: str,
                     minutes: str, commitments: str, attendees: str = ""):
    """Record a 约谈 held (第十三条(三)、第三十条): never in the future, not before the notice was issued."""
    from .models import Interview

    if held_at is None or timezone.localtime(held_at).date() > timezone.localdate():
        raise ServiceError("约谈时间不能晚于今天（请在约谈后记录）。")
    for label, value in (("约谈地点", place), ("约谈人", interviewers), ("被约谈人", interviewees),
                         ("表态与承诺", commitments)):
        if not (value or "").strip():
            raise ServiceError(f"请填写{label}。")
    if len((minutes or "").strip()) < 10:
        raise ServiceError("请填写约谈纪要（不少于10个字）。")
    with transaction.atomic():
        step = LETTER_MACHINE.begin("record_interview", actor=actor, obj=letter)
        if step.obj.issued_on and timezone.localtime(held_at).date() < step.obj.issued_on:
            raise ServiceError("约谈时间不能早于约谈通知发出日期。")
        rec = Interview.objects.create(
            letter=step.obj, held_at=held_at, place=place.strip(), interviewers=interviewers.strip(),
            interviewees=interviewees.strip(), attendees=(attendees or "").strip(), minutes=minutes.strip(),
            commitments=commitments.strip(), recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
        step.finish(after={"held_at": held_at.isoformat(), "place": rec.place, "interviewers": rec.interviewers,
                           "interviewees": rec.interviewees})
    return rec


def decide_accountability(*, actor, letter: Letter, decided_on, decided_by: str, decision_number: str,
                          subjects: str, measure: str, decision: str):
    """Record the 问责 decision (第二十八条、第二十九条、第三十二条) with the chain of letters that led to it,
    and close the chain."""
    from .choices import AccountabilityMeasure
    from .models import Accountability

    if decided_on is None or decided_on > timezone.localdate():
        raise ServiceError("决定日期不能晚于今天。")
    if measure not in AccountabilityMeasure.values:
        raise ServiceError("请选择问责方式。")
    for label, value in (("作出决定机关", decided_by), ("决定文号", decision_number), ("被问责对象", subjects)):
        if not (value or "").strip():
            raise ServiceError(f"请填写{label}。")
    if len((decision or "").strip()) < 10:
        raise ServiceError("请填写问责决定（不少于10个字）。")
    with transaction.atomic():
        step = LETTER_MACHINE.begin("decide_accountability", actor=actor, obj=letter)
        links = [{"id": c.pk, "kind": c.get_kind_display(), "number": c.number, "state": c.get_state_display()}
                 for c in chain(step.obj)[:-1]]
        rec = Accountability.objects.create(
            letter=step.obj, decided_on=decided_on, decided_by=decided_by.strip(),
            decision_number=decision_number.strip(), subjects=subjects.strip(), measure=measure,
            decision=decision.strip(), chain=links,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
        step.finish(after={"decision_number": rec.decision_number, "measure": measure, "chain": [c["id"] for c in links]})
    return rec


def overdue(today=None):
    """Issued or returned letters past their deadline (the rule that proposes escalation)."""
    today = today or timezone.localdate()
    return Letter.objects.filter(state__in=[LetterState.ISSUED, LetterState.RETURNED], due_on__lt=today)


def chain(letter: Letter) -> list[Letter]:
    """The whole ladder this letter stands on: the rungs that led to it and those it led to, first first."""
    out = [letter]
    while out[0].previous_id:
        out.insert(0, out[0].previous)
    while True:
        nxt = Letter.objects.filter(previous=out[-1]).first()
        if nxt is None:
            return out
        out.append(nxt)

