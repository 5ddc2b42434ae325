"""单位填报 (reported indicators), after DHIS2's data sets: a unit fills a form for a period with evidence,
the validation rules run on submission, the report is approved level by level (the county office, then
the prefecture office), the period locks N days after it ends and a first submission within M days is
timely (both settings, local practice [U]).

Basis: 《法治政府建设与责任落实督察工作规定》第十一条 (督察任务台账), 第二十条 (“互联网+督察”); the lock and
timeliness days are not in any statute ([U], SUPERVISION_REPORT_EXPIRY_DAYS / _TIMELY_DAYS).
"""

from __future__ import annotations

import ast
import datetime
import operator as op
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fazhi.core import audit, notifications
from fazhi.core.choices import RegionLevel
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.indicators import Period
from fazhi.core.models import User
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict

from .base import _require, active_scheme, addressee, units_of_class
from .choices import Importance, ReportState
from .models import DataReport, ReportApproval, ReportForm, ValidationRule
from .perms import Perm

EDITABLE = (ReportState.DRAFT, ReportState.RETURNED)
MAX_VALUE = Decimal("1e11")


# ---------------------------------------------------------------- dates


def lock_date(period_end: datetime.date) -> datetime.date:
    """The last day a report of a period may be filled or submitted (period end + expiry days)."""
    return period_end + datetime.timedelta(days=settings.SUPERVISION_REPORT_EXPIRY_DAYS)


def timely_date(period_end: datetime.date) -> datetime.date:
    """The last day a first submission counts as timely (period end + timely days)."""
    return period_end + datetime.timedelta(days=settings.SUPERVISION_REPORT_TIMELY_DAYS)


def is_locked(report: DataReport, today: datetime.date | None = None) -> bool:
    return (today or timezone.localdate()) > lock_date(report.period_end)


# ---------------------------------------------------------------- expressions and validation


_BIN = {ast.Add: op.add, ast.Sub: op.sub, ast.Mult: op.mul, ast.Div: op.truediv}


def check_expression(expr: str, codes) -> None:
    """Refuse an expression that is not arithmetic over the form's field codes and numbers."""
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError:
        raise ServiceError(f"表达式“{expr}”有语法错误。") from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in codes:
            raise ServiceError(f"表达式“{expr}”引用了不存在的填报项“{node.id}”。")
        if not isinstance(node, (ast.Expression, ast.BinOp, ast.UnaryOp, ast.USub, ast.Constant, ast.Name,
                                 ast.Load, *_BIN)):
            raise ServiceError(f"表达式“{expr}”只能包含填报项、数字和 + - * /。")
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise ServiceError(f"表达式“{expr}”只能包含数字常量。")


def evaluate(expr: str, values: dict) -> Decimal | None:
    """The value of an expression; None when a field it uses is empty (the rule is then skipped)."""

    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name):
            v = values.get(node.id)
            if v in (None, ""):
                raise LookupError
            return Decimal(str(v))
        if isinstance(node, ast.UnaryOp):
            return -ev(node.operand)
        if isinstance(node, ast.BinOp):
            left, right = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Div) and right == 0:
                raise LookupError
            return _BIN[type(node.op)](left, right)
        raise ValueError(expr)

    try:
        return ev(ast.parse(expr, mode="eval"))
    except LookupError:
        return None


_CMP = {"==": op.eq, "!=": op.ne, ">": op.gt, ">=": op.ge, "<": op.lt, "<=": op.le}


def run_rules(form: ReportForm, values: dict, rules=None) -> list[dict]:
    """The violated rules: [{"rule", "importance", "instruction", "left", "right"}]."""
    out = []
    for rule in rules if rules is not None else form.rules.all():
        if rule.operator == "compulsory_pair":
            a, b = evaluate(rule.left, values), evaluate(rule.right, values)
            broken = (a is None) != (b is None)
        else:
            a, b = evaluate(rule.left, values), evaluate(rule.right, values)
            broken = a is not None and b is not None and not _CMP[rule.operator](a, b)
        if broken:
            out.append({"rule": rule.name, "importance": rule.importance, "instruction": rule.instruction,
                        "left": None if a is None else str(a), "right": None if b is None else str(b)})
    return out


def add_rule(*, actor, form: ReportForm, name: str, left: str, operator: str, right: str,
             importance: str, instruction: str) -> ValidationRule:
    if actor is not None and not has_perm(actor, Perm.MANAGE):
        raise NotPermitted("您没有督促问效管理权限。")
    codes = {f["code"] for f in form.fields}
    if operator not in _CMP and operator != "compulsory_pair":
        raise ServiceError(f"未知的运算符：{operator}。")
    if importance not in Importance.values:
        raise ServiceError(f"未知的重要性：{importance}。")
    if not name.strip() or not instruction.strip():
        raise ServiceError("请填写规则名称和提示。")
    check_expression(left, codes)
    check_expression(right, codes)
    with transaction.atomic():
        rule = ValidationRule.objects.create(form=form, name=name.strip(), left=left, operator=operator,
                                             right=right, importance=importance, instruction=instruction.strip())
        audit.record(actor=actor, action="supervision.add_rule", obj=rule,
                     after={"form": form.code, "left": left, "operator": operator, "right": right,
                            "importance": importance})
    return rule


# ---------------------------------------------------------------- opening forms


def _units_for(form: ReportForm):
    out = []
    for unit_class in form.unit_classes:
        for region, agency in units_of_class(unit_class):
            out.append((region, addressee(region, agency)))
    return out


def open_reports(*, actor, period: Period, scheme=None) -> int:
    """Open the forms of the period's type for every unit that fills them (idempotent): the reports due."""
    _require(actor)
    scheme = scheme or active_scheme(period.start.year)
    made = 0
    with transaction.atomic():
        for form in scheme.forms.filter(period_type=period.kind):
            have = set(DataReport.objects.filter(form=form, period_start=period.start)
                       .values_list("agency_id", flat=True))
            rows = [DataReport(form=form, region=region, agency=agency, region_path=agency.region_path,
                               period_kind=period.kind, period_start=period.start, period_end=period.end)
                    for region, agency in _units_for(form) if agency.pk not in have]
            DataReport.objects.bulk_create(rows)
            made += len(rows)
        if made:
            audit.record(actor=actor, action="supervision.open_reports", object_type="supervision.datareport",
                         object_id=f"{period.kind}:{period.start}", object_repr=f"开放{period.label}填报",
                         after={"reports": made})
    return made


# ---------------------------------------------------------------- filling and submitting


def reports_for(user):
    """Reports the user may see: the office's and county offices' by scope, a unit's own."""
    qs = DataReport.objects.all()
    return (restrict(qs, user, Perm.VIEW) | restrict(qs, user, Perm.REPORT)).select_related(
        "form", "agency", "region")


def _editable_by(actor, report: DataReport) -> None:
    if actor is None:
        return
    if not restrict(DataReport.objects.filter(pk=report.pk), actor, Perm.REPORT).exists():
        raise NotPermitted("您不能填报该单位的报表。")
    if actor.agency_id != report.agency_id and not has_perm(actor, Perm.MANAGE):
        raise NotPermitted("只有填报单位本身可以填报。")


def clean_values(form: ReportForm, raw: dict) -> dict:
    """The form's values as strings of non-negative decimals; empty stays empty. Chinese messages per field."""
    out, errors = {}, []
    for f in form.fields:
        v = str(raw.get(f["code"], "") or "").strip()
        if v == "":
            out[f["code"]] = ""
            continue
        try:
            d = Decimal(v)
        except InvalidOperation:
            errors.append(f"“{f['label']}”应为数字，收到“{v[:20]}”。")
            continue
        if not d.is_finite() or d < 0 or d > MAX_VALUE:
            errors.append(f"“{f['label']}”应为不小于0的数字。")
            continue
        out[f["code"]] = str(d)
    if errors:
        raise ServiceError("；".join(errors))
    return out


def save_values(*, actor, report: DataReport, values: dict, note: str = "") -> DataReport:
    _editable_by(actor, report)
    with transaction.atomic():
        report = DataReport.objects.select_for_update().get(pk=report.pk)
        if report.state not in EDITABLE:
            raise ServiceError(f"报表{report.get_state_display()}，不能修改。")
        if is_locked(report):
            raise ServiceError(f"该期报表已于{lock_date(report.period_end):%Y-%m-%d}后锁定，不能再填报。")
        clean = clean_values(report.form, values)
        before = {"values": report.values, "note": report.note}
        report.values, report.note = clean, (note or "").strip()[:2000]
        report.save(update_fields=["values", "note"])
        audit.record(actor=actor, action="supervision.report_save", obj=report, before=before,
                     after={"values": clean, "note": report.note})
    return report


def _office_users(region_path: str | None = None):
    users = User.objects.filter(is_active=True).prefetch_related("role_assignments")
    return [u for u in users if has_perm(u, Perm.MANAGE)]


def submit(*, actor, report: DataReport) -> DataReport:
    """Submit: every field filled, no high-importance rule broken; other broken rules are kept with the
    report and notified to the office and the unit. Timeliness is set on the first submission."""
    from fazhi.core.attachments import attachments_for

    _editable_by(actor, report)
    with transaction.atomic():
        report = DataReport.objects.select_for_update().select_related("form", "agency").get(pk=report.pk)
        if report.state not in EDITABLE:
            raise ServiceError(f"报表{report.get_state_display()}，不能报送。")
        today = timezone.localdate()
        if is_locked(report, today):
            raise ServiceError(f"该期报表已于{lock_date(report.period_end):%Y-%m-%d}后锁定，不能再报送。")
        empty = [f["label"] for f in report.form.fields
                 if f.get("required", True) and report.values.get(f["code"]) in (None, "")]
        if empty:
            raise ServiceError("以下填报项未填写：" + "、".join(empty) + "。")
        if not attachments_for(report).exists():
            raise ServiceError("请上传佐证材料后再报送。")
        violations = run_rules(report.form, report.values)
        high = [v for v in violations if v["importance"] == Importance.HIGH]
        if high:
            raise ServiceError("未通过校验：" + "；".join(f"{v['rule']}（{v['instruction']}）" for v in high))
        now = timezone.now()
        report.violations = violations
        report.state, report.approved_level = ReportState.SUBMITTED, 0
        report.submitted_at, report.submitted_by = now, actor if getattr(actor, "is_authenticated", False) else None
        if report.first_submitted_at is None:
            report.first_submitted_at = now
            report.timely = today <= timely_date(report.period_end)
        report.save(update_fields=["violations", "state", "approved_level", "submitted_at", "submitted_by",
                                   "first_submitted_at", "timely"])
        audit.record(actor=actor, action="supervision.report_submit", obj=report,
                     after={"timely": report.timely, "violations": [v["rule"] for v in violations]})
        if violations:
            text = "；".join(f"{v['rule']}：{v['instruction']}" for v in violations)
            link = f"/supervision/reports/{report.pk}/"
            recipients = {u.pk: u for u in _office_users()}
            if report.submitted_by is not None:
                recipients[report.submitted_by.pk] = report.submitted_by
            for u in recipients.values():
                notifications.notify(recipient=u, title=f"填报校验提示：{report.agency.name}{report.form.name}",
                                     body=text, link=link)
    return report


# ---------------------------------------------------------------- approval level by level


def levels(report: DataReport) -> int:
    """Two levels for a county's or township's unit (the county office, then the prefecture office);
    one for a prefecture department (the prefecture office)."""
    return 1 if report.region.level == RegionLevel.PREFECTURE else 2


def _level_for(actor, report: DataReport) -> int:
    """The level ``actor`` approves at, or refuse: the final level is the prefecture office's (MANAGE);
    the first of two is the county office's, over its own region."""
    n = levels(report)
    nxt = report.approved_level + 1
    if nxt == n:
        if actor is not None and not has_perm(actor, Perm.MANAGE):
            raise NotPermitted("终审须由依法治州办审核。")
        return nxt
    if actor is None:
        return nxt
    if not has_perm(actor, Perm.APPROVE) or has_perm(actor, Perm.MANAGE):
        raise NotPermitted("县级审核须由本县（市）依法治县办审核。")
    region = actor.agency.region if actor.agency_id else None
    if region is None or region.level != RegionLevel.COUNTY or not report.region_path.startswith(region.region_path):
        raise NotPermitted("县级审核须由本县（市）依法治县办审核。")
    return nxt


def decide(*, actor, report: DataReport, approve: bool, note: str = "") -> DataReport:
    """Approve at the next level, or return to the unit (a note required)."""
    if not approve and not (note or "").strip():
        raise ServiceError("退回须写明理由。")
    with transaction.atomic():
        report = DataReport.objects.select_for_update().select_related("region", "agency", "form").get(pk=report.pk)
        if actor is not None and not reports_for(actor).filter(pk=report.pk).exists():
            raise NotPermitted("不在您的管辖范围内。")
        if report.state not in (ReportState.SUBMITTED, ReportState.PARTLY):
            raise ServiceError(f"报表{report.get_state_display()}，不在待审核状态。")
        level = _level_for(actor, report)
        ReportApproval.objects.create(report=report, level=level, approved=approve, note=(note or "").strip()[:500],
                                      actor=actor if getattr(actor, "is_authenticated", False) else None,
                                      at=timezone.now())
        before = report.state
        if approve:
            report.approved_level = level
            report.state = ReportState.APPROVED if level == levels(report) else ReportState.PARTLY
        else:
            report.state, report.approved_level = ReportState.RETURNED, 0
            if report.submitted_by is not None:
                notifications.notify(recipient=report.submitted_by, title=f"填报退回：{report.form.name}",
                                     body=note.strip(), link=f"/supervision/reports/{report.pk}/")
        report.save(update_fields=["state", "approved_level"])
        audit.record(actor=actor, action="supervision.report_approve" if approve else "supervision.report_return",
                     obj=report, before={"state": before}, after={"state": report.state, "level": level,
                                                                 "note": (note or "").strip()})
    return report


def approved_values(scheme, year: int, quarter: int) -> dict:
    """(node code, unit key) → the approved reported value over the quarter (monthly forms summed), for
    the quarterly scoring; the unit key is the agency for a department, the region code for a county."""
    period = Period.quarter(year, quarter)
    out: dict = {}
    rows = (DataReport.objects.filter(form__scheme=scheme, form__node__isnull=False, state=ReportState.APPROVED,
                                      period_start__gte=period.start, period_end__lte=period.end)
            .select_related("form__node", "region", "agency"))
    for r in rows:
        v = r.values.get(r.form.value_field)
        if v in (None, ""):
            continue
        key = r.region.code if r.agency.kind == "government" and r.region.level != RegionLevel.PREFECTURE \
            else r.agency_id
        k = (r.form.node.code, key)
        out[k] = out.get(k, Decimal(0)) + Decimal(v)
    return out
