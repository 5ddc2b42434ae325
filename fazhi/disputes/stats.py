"""人民调解 statistics in the form justice bureaus report monthly and quarterly: by source, by dispute type and
in total — 受理, 调解成功, 调解不成, 终止（含拒绝调解）, 调解中, 涉及金额, 书面/口头协议, 申请司法确认, 确认有效,
已履行 — aggregated in SQL over the cases received in the period, with the cross-column checks a report
must pass (parts sum to the whole, confirmations within successes, the two breakdowns agree)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from fazhi.core.indicators import Period

from .choices import CaseSource, ConfirmResult, DisputeType, MedState, Performance, PreventionKind

COLUMNS = (
    ("received", "受理"),
    ("success", "调解成功"),
    ("failed", "调解不成"),
    ("ended", "终止（含拒绝调解）"),
    ("open", "调解中"),
    ("amount", "涉及金额（元）"),
    ("written", "书面协议"),
    ("oral", "口头协议"),
    ("confirm_applied", "申请司法确认"),
    ("confirm_valid", "确认有效"),
    ("performed", "已履行"),
)

AGGREGATES = {
    "received": Count("pk"),
    "success": Count("pk", filter=Q(state=MedState.SUCCESS)),
    "failed": Count("pk", filter=Q(state=MedState.FAILED)),
    "ended": Count("pk", filter=Q(state__in=[MedState.ENDED, MedState.REFUSED])),
    "open": Count("pk", filter=Q(state=MedState.OPEN)),
    "amount": Sum("amount"),
    "written": Count("pk", filter=Q(agreement_form="written")),
    "oral": Count("pk", filter=Q(agreement_form="oral")),
    "confirm_applied": Count("pk", filter=Q(confirm_applied_on__isnull=False)),
    "confirm_valid": Count("pk", filter=Q(confirm_result=ConfirmResult.VALID)),
    "performed": Count("pk", filter=Q(performance=Performance.PERFORMED)),
}


@dataclass
class Report:
    period: Period
    total: dict
    by_source: list = field(default_factory=list)  # (label, row)
    by_type: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    prevention: list = field(default_factory=list)  # (label, 件次, 人数) per PreventionKind


def _clean(row: dict) -> dict:
    row = dict(row)
    row["amount"] = row.get("amount") or Decimal("0")
    return row


def row_problems(label: str, row: dict) -> list[str]:
    """The checks one row must pass."""
    problems = []
    parts = row["success"] + row["failed"] + row["ended"] + row["open"]
    if parts != row["received"]:
        problems.append(f"{label}：调解成功、不成、终止、调解中之和 {parts} 不等于受理数 {row['received']}。")
    if row["written"] + row["oral"] != row["success"]:
        problems.append(f"{label}：书面协议与口头协议之和 {row['written'] + row['oral']} 不等于调解成功数 {row['success']}。")
    if not row["confirm_valid"] <= row["confirm_applied"] <= row["success"]:
        problems.append(f"{label}：应当 确认有效 ≤ 申请司法确认 ≤ 调解成功（{row['confirm_valid']}、"
                        f"{row['confirm_applied']}、{row['success']}）。")
    if row["performed"] > row["success"]:
        problems.append(f"{label}：已履行 {row['performed']} 多于调解成功 {row['success']}。")
    return problems


def consistency(report: Report) -> list[str]:
    problems = []
    for label, row in [("合计", report.total), *report.by_source, *report.by_type]:
        problems += row_problems(label, row)
    for name, rows in (("按来源", report.by_source), ("按纠纷类型", report.by_type)):
        for key, title in COLUMNS:
            s = sum((r[key] for _, r in rows), Decimal("0") if key == "amount" else 0)
            if s != report.total[key]:
                problems.append(f"{name}的“{title}”之和 {s} 不等于合计 {report.total[key]}。")
    return problems


def mediation_report(queryset, period: Period) -> Report:
    """Three grouped queries over ``queryset`` (already scoped) for the cases received in ``period``."""
    qs = queryset.filter(received_on__gte=period.start, received_on__lte=period.end).order_by()
    total = _clean(qs.aggregate(**AGGREGATES))
    report = Report(period=period, total=total)
    zero = {key: (Decimal("0") if key == "amount" else 0) for key, _ in COLUMNS}
    for attr, choices, fieldname in (("by_source", CaseSource, "source"), ("by_type", DisputeType, "dispute_type")):
        found = {r[fieldname]: _clean(r) for r in qs.values(fieldname).annotate(**AGGREGATES)}
        getattr(report, attr).extend((label, found.get(value, dict(zero))) for value, label in choices.choices)
    report.problems = consistency(report)
    return report


def prevention_rows(committees, period: Period) -> list[tuple[str, int, int]]:
    """排查预防 (人民调解法 第八条、第二十五条) of the committees in scope in ``period``: one grouped query."""
    from .models import PreventionRecord

    found = {r["kind"]: (r["n"] or 0, r["p"] or 0) for r in PreventionRecord.objects.filter(
        committee__in=committees, on_date__gte=period.start, on_date__lte=period.end).order_by()
        .values("kind").annotate(n=Sum("count"), p=Sum("people"))}
    return [(label, *found.get(value, (0, 0))) for value, label in PreventionKind.choices]


def period_from(kind: str, year: int, n: int) -> Period:
    if kind == "quarter":
        return Period.quarter(year, min(max(n, 1), 4))
    if kind == "year":
        return Period.year(year)
    return Period.month(year, min(max(n, 1), 12))


def xlsx_rows(report: Report):
    yield ("合计", "", report.total)
    for label, row in report.by_source:
        yield ("按来源", label, row)
    for label, row in report.by_type:
        yield ("按纠纷类型", label, row)
    zero = {key: 0 for key, _ in COLUMNS}
    for label, count, people in report.prevention:
        yield ("排查预防", f"{label}（涉及 {people} 人）", {**zero, "received": count})


def xlsx_columns():
    cols = [("分组", lambda r: r[0]), ("项目", lambda r: r[1])]
    for key, title in COLUMNS:
        cols.append((title, (lambda k: (lambda r: r[2][k] if k != "amount" else float(r[2][k])))(key)))
    return cols
