"""Plans and task ledgers (时间表、任务书、路线图): a plan imported from .xlsx into tasks with lead and
co-operating units, milestones and deadlines; progress reports with evidence; an overdue task proposes
the next rung of the letter ladder.

Basis: 《法治政府建设与责任落实督察工作规定》第十一条 (督察任务台账), 第十八条 (限期整改); 《法治政府建设
实施纲要（2021－2025年）》 (the plan itself). The import is all-or-nothing: any bad row refuses the file and
every error comes back with its row number, in Chinese.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.models import Agency
from fazhi.core.scope import restrict

from .base import _require
from .choices import LADDER, LetterState, TaskState
from .letters import KIND_DEMAND
from .models import Letter, Milestone, Plan, PlanTask, ProgressReport
from .perms import Perm

HEADERS = ("序号", "任务内容", "牵头单位", "配合单位", "完成时限", "阶段目标")
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
OPEN_LETTER = [LetterState.PROPOSED, LetterState.ISSUED, LetterState.ANSWERED, LetterState.RETURNED]
_SPLIT = re.compile(r"[、，,；;\s]+")
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    m = _DATE.match(str(value or ""))
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _milestones(text, row_no, errors):
    out = []
    for part in re.split(r"[\n；;]+", str(text or "")):
        part = part.strip()
        if not part:
            continue
        m = re.match(r"^(\S+?)\s*[:：]?\s+(.+)$", part) or re.match(r"^(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)(.+)$",
                                                                  part)
        day = parse_date(m.group(1)) if m else None
        if day is None:
            errors.append(f"第{row_no}行：阶段目标“{part[:30]}”应写成“2026-06-30 完成调研”。")
            continue
        out.append((m.group(2).strip(" ：:")[:300], day))
    return out


def import_plan(*, actor, title: str, year: int, upload) -> Plan:
    """Read the first sheet: a header row with 序号 | 任务内容 | 牵头单位 | 配合单位 | 完成时限 | 阶段目标, then
    one task a row. Units are matched by their registered full name among active agencies."""
    import openpyxl

    _require(actor)
    if not (title or "").strip():
        raise ServiceError("请填写规划或工作要点名称。")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ServiceError("文件过大：不能超过5MB。")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001  (any unreadable file is the same answer to the user)
        raise ServiceError("无法读取文件：请上传 Excel（.xlsx）文件。") from None
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    if not rows:
        raise ServiceError("表格是空的。")
    header = tuple(str(c or "").strip() for c in rows[0][:len(HEADERS)])
    if header != HEADERS:
        raise ServiceError("表头应为：" + " | ".join(HEADERS) + "。")
    if len(rows) - 1 > MAX_ROWS:
        raise ServiceError(f"任务不能超过{MAX_ROWS}行。")
    agencies = {a.name: a for a in Agency.objects.filter(is_active=True)}
    errors, parsed, seen = [], [], set()
    for row_no, row in enumerate(rows[1:], start=2):
        cells = list(row[:len(HEADERS)]) + [None] * (len(HEADERS) - len(row[:len(HEADERS)]))
        if all(c in (None, "") for c in cells):
            continue
        number, text, lead_name, co_text, deadline, ms_text = cells
        number = str(number or "").strip()
        before = len(errors)
        if not number:
            errors.append(f"第{row_no}行：缺少序号。")
        elif number in seen:
            errors.append(f"第{row_no}行：序号“{number}”重复。")
        seen.add(number)
        if not str(text or "").strip():
            errors.append(f"第{row_no}行：缺少任务内容。")
        lead = agencies.get(str(lead_name or "").strip())
        if lead is None:
            errors.append(f"第{row_no}行：牵头单位“{str(lead_name or '').strip() or '（空）'}”不存在。")
        co = []
        for name in _SPLIT.split(str(co_text or "").strip()):
            if not name:
                continue
            if name not in agencies:
                errors.append(f"第{row_no}行：配合单位“{name}”不存在。")
            elif lead is None or agencies[name].pk != lead.pk:
                co.append(agencies[name])
        due = parse_date(deadline)
        if due is None:
            errors.append(f"第{row_no}行：完成时限“{str(deadline or '').strip() or '（空）'}”不是有效日期（如 2026-12-31）。")
        ms = _milestones(ms_text, row_no, errors)
        if due is not None and any(d > due for _, d in ms):
            errors.append(f"第{row_no}行：阶段目标的时间节点不能晚于完成时限。")
        if len(errors) == before:
            parsed.append((row_no, number, str(text).strip(), lead, co, due, ms))
    if errors:
        raise ServiceError("；".join(errors[:50]) + ("；……" if len(errors) > 50 else ""),
                           field_errors={"file": errors})
    if not parsed:
        raise ServiceError("表格中没有任务。")
    with transaction.atomic():
        plan = Plan.objects.create(title=title.strip()[:200], year=year, source_name=str(upload.name)[:200],
                                   source_sha256=hashlib.sha256(data).hexdigest(),
                                   imported_by=actor if getattr(actor, "is_authenticated", False) else None)
        for row_no, number, text, lead, co, due, ms in parsed:
            task = PlanTask.objects.create(plan=plan, number=number, title=text, lead=lead,
                                           region_path=lead.region_path, deadline=due, row=row_no)
            task.co_units.set(co)
            Milestone.objects.bulk_create(Milestone(task=task, title=t, due_on=d) for t, d in ms)
        audit.record(actor=actor, action="supervision.plan_import", obj=plan,
                     after={"title": plan.title, "tasks": len(parsed), "sha256": plan.source_sha256})
    return plan


# ---------------------------------------------------------------- reads


def tasks_for(user):
    """Tasks the user may see: by scope on the lead unit, and the tasks the user's unit co-operates on."""
    qs = PlanTask.objects.all()
    mine = restrict(qs, user, Perm.VIEW) | restrict(qs, user, Perm.ANSWER)
    if getattr(user, "agency_id", None):
        mine = mine | qs.filter(co_units=user.agency_id)
    return mine.distinct()


def overdue_q(today: datetime.date) -> Q:
    return Q(deadline__lt=today) & ~Q(state=TaskState.DONE)


def unit_summary(tasks, today: datetime.date) -> list[dict]:
    """Per lead unit: tasks, done, overdue — one aggregate query."""
    return list(tasks.order_by().values("lead__name").annotate(
        total=Count("pk", distinct=True), done=Count("pk", filter=Q(state=TaskState.DONE), distinct=True),
        overdue=Count("pk", filter=overdue_q(today), distinct=True)).order_by("lead__name"))


# ---------------------------------------------------------------- progress


def report_progress(*, actor, task: PlanTask, text: str, progress, uploads=()) -> ProgressReport:
    """The lead or a co-operating unit reports; the lead's report moves the task (100% = done)."""
    from fazhi.core import attachments

    try:
        pct = int(progress)
    except (TypeError, ValueError):
        raise ServiceError("完成进度应为0至100的整数。") from None
    if not 0 <= pct <= 100:
        raise ServiceError("完成进度应为0至100的整数。")
    if len((text or "").strip()) < 5:
        raise ServiceError("请填写进展情况（不少于5个字）。")
    with transaction.atomic():
        task = PlanTask.objects.select_for_update().get(pk=task.pk)
        agency = actor.agency if actor is not None else task.lead
        if actor is not None:
            if not tasks_for(actor).filter(pk=task.pk).exists():
                raise NotPermitted("不在您的管辖范围内。")
            if agency is None or (agency.pk != task.lead_id and not task.co_units.filter(pk=agency.pk).exists()):
                raise NotPermitted("只有牵头单位和配合单位可以报告进展。")
        if task.state == TaskState.DONE:
            raise ServiceError("任务已完成。")
        if pct == 100 and not uploads:
            raise ServiceError("报告完成须上传佐证材料。")
        rep = ProgressReport.objects.create(task=task, agency=agency, text=text.strip()[:10000], progress=pct,
                                            at=timezone.now(), by=actor if getattr(actor, "is_authenticated", False)
                                            else None)
        for upload in uploads:
            attachments.attachment_create(actor=actor, uploaded_file=upload, obj=rep, agency=agency)
        before = {"state": task.state, "progress": task.progress}
        if agency.pk == task.lead_id:
            task.progress = max(task.progress, pct)
            task.state = TaskState.DONE if pct == 100 else TaskState.ACTIVE
            task.done_on = timezone.localdate() if pct == 100 else None
            task.save(update_fields=["progress", "state", "done_on"])
        audit.record(actor=actor, action="supervision.task_progress", obj=task, before=before,
                     after={"state": task.state, "progress": task.progress, "report": rep.pk})
    return rep


def milestone_done(*, actor, milestone: Milestone, on: datetime.date | None = None) -> Milestone:
    on = on or timezone.localdate()
    with transaction.atomic():
        m = Milestone.objects.select_for_update().select_related("task").get(pk=milestone.pk)
        if actor is not None and (not tasks_for(actor).filter(pk=m.task_id).exists()
                                  or actor.agency_id != m.task.lead_id):
            raise NotPermitted("只有牵头单位可以确认阶段目标完成。")
        if on > timezone.localdate():
            raise ServiceError("完成日期不能晚于今天。")
        m.done_on = on
        m.save(update_fields=["done_on"])
        audit.record(actor=actor, action="supervision.milestone_done", obj=m.task,
                     after={"milestone": m.title, "done_on": on.isoformat(), "late": on > m.due_on})
    return m


def propose_for_overdue(*, actor, today: datetime.date | None = None) -> list[Letter]:
    """Rule: a task past its deadline and not done proposes the next rung for its lead unit (a 提示函
    first), unless a letter on it is still open."""
    _require(actor)
    today = today or timezone.localdate()
    out = []
    with transaction.atomic():
        tasks = (PlanTask.objects.filter(overdue_q(today)).select_related("plan", "lead", "lead__region")
                 .annotate(open_letters=Count("letters", filter=Q(letters__state__in=OPEN_LETTER))))
        for task in tasks:
            if task.open_letters:
                continue
            kinds = set(task.letters.values_list("kind", flat=True))
            step = max((LADDER.index(k) for k in kinds), default=-1) + 1
            if step >= len(LADDER):
                continue
            kind = LADDER[step]
            letter = Letter.objects.create(
                kind=kind, region=task.lead.region, agency=task.lead, region_path=task.region_path, task=task,
                rule="任务逾期未完成", demand=KIND_DEMAND[kind],
                problems=(f"《{task.plan.title}》第{task.number}项任务“{task.title[:60]}”完成时限"
                          f"{task.deadline:%Y年%m月%d日}已过，尚未完成（进度{task.progress}%）。"),
                created_by=actor if getattr(actor, "is_authenticated", False) else None)
            audit.record(actor=actor, action="supervision.propose", obj=letter,
                         after={"kind": kind, "rule": letter.rule, "task": task.pk})
            out.append(letter)
    return out
