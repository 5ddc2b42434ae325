"""法治政府建设年度报告: drafts of the five statutory parts assembled from the year's data, left for the unit
to edit, routed for review and publication, with the deadlines tracked.

Statute (《法治政府建设与责任落实督察工作规定》, laws/法治政府建设与责任落实督察工作规定.md):
- 第二十三条第二款: 每年3月1日之前，县级以上地方各级政府部门应当向本级党委和政府、上一级政府有关部门报告上一年度
  法治政府建设情况 — a department's submission is due before 3月1日 (its last day: the day before 3月1日).
- 第二十四条: 每年4月1日之前 … 年度报告 … 应当 … 向社会公开 — publication is due before 4月1日 (last day 3月31日).
  A government reports to 同级党委、人大常委会 (第二十三条第二款) with no date of its own: its submission is
  tracked against the publication deadline ([U], local practice may set an earlier one).
- 第二十五条: the five parts. 第二十六条: 未按照要求报送、公开的，应当通报批评 (the rule proposing a 通报).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from fazhi.core import audit, indicators
from fazhi.core.choices import AgencyKind, RegionLevel
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.indicators import UNIT_LABELS, Period
from fazhi.core.models import Agency
from fazhi.core.scope import restrict

from .base import _require
from .choices import AnnualReportState as S
from .choices import LetterKind, RectState, SheetState, TaskState
from .letters import KIND_DEMAND
from .models import AnnualReport, AnnualSheet, Letter, PlanTask, QuarterScore, Rectification
from .perms import Perm

PARTS = ("part1", "part2", "part3", "part4", "part5")
EDITABLE = (S.DRAFT, S.RETURNED)


def submit_due(year: int, is_department: bool) -> datetime.date:
    """The last day to submit the report of ``year`` (第二十三条: 3月1日之前 for a department)."""
    return datetime.date(year + 1, 3, 1) - datetime.timedelta(days=1) if is_department else publish_due(year)


def publish_due(year: int) -> datetime.date:
    """The last day to publish the report of ``year`` (第二十四条: 4月1日之前)."""
    return datetime.date(year + 1, 3, 31)


def reports_for(user):
    qs = AnnualReport.objects.all()
    return (restrict(qs, user, Perm.VIEW) | restrict(qs, user, Perm.REPORT)).select_related("agency", "region")


def _units():
    """Every government (prefecture and county) and every prefecture or county department."""
    return list(Agency.objects.filter(is_active=True, kind__in=[AgencyKind.GOVERNMENT, AgencyKind.DEPARTMENT],
                                      region__level__in=[RegionLevel.PREFECTURE, RegionLevel.COUNTY])
                .select_related("region").order_by("region__code", "kind", "name"))


def _fmt(fig, unit) -> str:
    if fig.value is None:
        return "本年度无统计对象"
    if unit == indicators.RATE:
        text = f"{fig.value * 100:.1f}%"
    else:
        text = f"{fig.value}{UNIT_LABELS.get(unit, '')}"
    if fig.denominator is not None:
        text += f"（{fig.numerator}/{fig.denominator}，口径：{fig.base}）"
    return text


def assemble(agency: Agency, year: int) -> tuple[dict, list]:
    """The five parts drafted from the year's data for one unit, and the figures they rest on."""
    period = Period.year(year)
    gov = agency.kind == AgencyKind.GOVERNMENT
    unit = agency.region if gov else agency
    figures = []
    for ind in indicators.all_indicators():
        if indicators.unit_kind(unit) not in ind.unit_kinds:
            continue
        try:
            fig = ind(unit, period)
        except Exception:  # noqa: BLE001  (one module's failing figure must not stop the draft)
            continue
        figures.append({"code": ind.code, "name": ind.name, "text": _fmt(fig, ind.unit),
                        "value": None if fig.value is None else str(fig.value)})
    where = Q(region_path__startswith=agency.region_path) if gov else Q(agency=agency)
    letters = dict(Letter.objects.filter(where, issued_on__year=year).order_by().values("kind")
                   .annotate(n=Count("pk")).values_list("kind", "n"))
    rect = Rectification.objects.filter(where if not gov else Q(region_path__startswith=agency.region_path),
                                        inspection__year=year).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(state=RectState.ACCEPTED)))
    tasks = PlanTask.objects.filter(Q(lead=agency) if not gov else Q(region_path__startswith=agency.region_path),
                                    plan__year=year).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(state=TaskState.DONE)),
        late=Count("pk", filter=Q(deadline__lte=period.end) & ~Q(state=TaskState.DONE)))
    sheet = AnnualSheet.objects.filter(agency=agency, year=year, state=SheetState.PUBLISHED).first()
    best = (QuarterScore.objects.filter(region=agency.region, agency=None if gov else agency, year=year,
                                        published_at__isnull=False).order_by("-quarter").first())
    lines = [f"{f['name']}：{f['text']}。" for f in figures if f["value"] is not None]
    part1 = (f"{year}年，{agency.name}深入贯彻习近平法治思想，按照《法治政府建设实施纲要（2021－2025年）》和本地区"
             f"法治政府建设工作要点，推进法治政府建设。\n"
             + (f"承担工作要点任务{tasks['total']}项，已完成{tasks['done']}项。\n" if tasks["total"] else "")
             + ("主要指标：\n" + "\n".join(lines) if lines else "本年度系统中暂无可统计的指标数据，请补充。")
             + (f"\n季度评估：{best.year}年第{best.quarter}季度得分{best.total}，排名第{best.rank}。" if best else "")
             + (f"\n年度考评：{sheet.total}分，{sheet.grade}，排名第{sheet.rank}。" if sheet else ""))
    weak = []
    if tasks["late"]:
        weak.append(f"有{tasks['late']}项年度任务未按期完成")
    if rect["total"] and rect["done"] < rect["total"]:
        weak.append(f"督察发现问题{rect['total']}个，尚有{rect['total'] - rect['done']}个未整改销号")
    for kind in (LetterKind.TIP, LetterKind.NOTICE, LetterKind.INTERVIEW, LetterKind.ACCOUNTABILITY):
        if letters.get(kind):
            weak.append(f"收到{LetterKind(kind).label}{letters[kind]}件")
    part2 = ("；".join(weak) + "。请分析原因。") if weak else "（请填写存在的不足和原因。）"
    part3 = "（请填写党政主要负责人履行推进法治建设第一责任人职责、加强法治政府建设的有关情况。）"
    part4 = f"（请填写{year + 1}年度推进法治政府建设的主要安排。）"
    part5 = "（其他需要报告的情况；无则填“无”。）"
    return dict(zip(PARTS, (part1, part2, part3, part4, part5), strict=True)), figures


def draft_reports(*, actor, year: int) -> int:
    """Draft the year's report for every government and department that has none (never overwrites)."""
    _require(actor)
    if not 2000 <= int(year) <= 2100:
        raise ServiceError("年度无效。")
    have = set(AnnualReport.objects.filter(year=year).values_list("agency_id", flat=True))
    made = 0
    with transaction.atomic():
        for agency in _units():
            if agency.pk in have:
                continue
            parts, figures = assemble(agency, year)
            dept = agency.kind == AgencyKind.DEPARTMENT
            AnnualReport.objects.create(year=year, region=agency.region, agency=agency,
                                        region_path=agency.region_path, is_department=dept, figures=figures,
                                        submit_due=submit_due(year, dept), publish_due=publish_due(year), **parts)
            made += 1
        audit.record(actor=actor, action="supervision.annual_report_draft", object_type="supervision.annualreport",
                     object_id=str(year), object_repr=f"起草{year}年度法治政府建设年度报告", after={"drafts": made})
    return made


def _own(actor, report) -> AnnualReport:
    row = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if actor is not None:
        if not restrict(AnnualReport.objects.filter(pk=row.pk), actor, Perm.REPORT).exists():
            raise NotPermitted("不在您的管辖范围内。")
        if actor.agency_id != row.agency_id:
            raise NotPermitted("只有报告单位可以编辑、报送和公开本单位的年度报告。")
    return row


def edit(*, actor, report: AnnualReport, parts: dict) -> AnnualReport:
    with transaction.atomic():
        report = _own(actor, report)
        if report.state not in EDITABLE:
            raise ServiceError(f"报告{report.get_state_display()}，不能修改。")
        for name in PARTS:
            text = (parts.get(name) or "").strip()
            if len(text) > 30000:
                raise ServiceError("每部分不能超过30000字。")
            setattr(report, name, text)
        report.save(update_fields=list(PARTS))
        audit.record(actor=actor, action="supervision.annual_report_edit", obj=report,
                     after={n: len(getattr(report, n)) for n in PARTS})
    return report


def submit(*, actor, report: AnnualReport) -> AnnualReport:
    """报送 (第二十三条): every part written (the draft's placeholders replaced)."""
    with transaction.atomic():
        report = _own(actor, report)
        if report.state not in EDITABLE:
            raise ServiceError(f"报告{report.get_state_display()}，不能报送。")
        empty = [AnnualReport._meta.get_field(n).verbose_name for n in PARTS
                 if not getattr(report, n).strip() or getattr(report, n).strip().startswith("（")]
        if empty:
            raise ServiceError("以下部分尚未填写：" + "；".join(empty) + "。")
        report.state, report.submitted_at = S.SUBMITTED, timezone.now()
        report.save(update_fields=["state", "submitted_at"])
        late = timezone.localdate() > report.submit_due
        audit.record(actor=actor, action="supervision.annual_report_submit", obj=report, after={"late": late})
    return report


def review(*, actor, report: AnnualReport, accept: bool, note: str = "") -> AnnualReport:
    _require(actor)
    if not accept and not (note or "").strip():
        raise ServiceError("退回须写明理由。")
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if report.state != S.SUBMITTED:
            raise ServiceError("报告不在待审核状态。")
        report.state = S.ACCEPTED if accept else S.RETURNED
        report.review_note = (note or "").strip()[:500]
        report.save(update_fields=["state", "review_note"])
        audit.record(actor=actor, action="supervision.annual_report_review", obj=report,
                     after={"state": report.state, "note": report.review_note})
    return report


def publish(*, actor, report: AnnualReport, url: str, published_on: datetime.date, secrecy_checked: bool
            ) -> AnnualReport:
    """公开 (第二十四条): after review, after the secrecy check (涉及党和国家秘密的除外), with the address."""
    if not secrecy_checked:
        raise ServiceError("公开前须完成保密审查。")
    try:
        URLValidator(schemes=["http", "https"])(url or "")
    except ValidationError:
        raise ServiceError("请填写有效的公开网址（http:// 或 https://）。") from None
    if published_on is None or published_on > timezone.localdate():
        raise ServiceError("公开日期不能晚于今天。")
    with transaction.atomic():
        report = _own(actor, report)
        if report.state != S.ACCEPTED:
            raise ServiceError("报告须经审核通过后公开。")
        if report.submitted_at and published_on < timezone.localtime(report.submitted_at).date():
            raise ServiceError("公开日期不能早于报送日期。")
        report.state, report.publication_url, report.published_on = S.PUBLISHED, url, published_on
        report.secrecy_checked = True
        report.save(update_fields=["state", "publication_url", "published_on", "secrecy_checked"])
        audit.record(actor=actor, action="supervision.annual_report_publish", obj=report,
                     after={"url": url, "published_on": published_on.isoformat(),
                            "late": published_on > report.publish_due})
    return report


def status(report: AnnualReport, today: datetime.date) -> str:
    """按时 / 逾期 / 未到期 of the report against its deadlines."""
    if report.state == S.PUBLISHED:
        return "逾期公开" if report.published_on > report.publish_due else "按时公开"
    if report.submitted_at is None and today > report.submit_due:
        return "逾期未报送"
    if today > report.publish_due:
        return "逾期未公开"
    return "未到期"


def propose_for_late(*, actor, today: datetime.date | None = None) -> list[Letter]:
    """Rule (第二十六条): a report not submitted or not published by its deadline proposes a 通报."""
    _require(actor)
    today = today or timezone.localdate()
    out = []
    with transaction.atomic():
        late = AnnualReport.objects.filter(
            Q(submitted_at__isnull=True, submit_due__lt=today) | (~Q(state=S.PUBLISHED) & Q(publish_due__lt=today))
        ).select_related("agency", "region")
        for r in late:
            rule = f"{r.year}年度报告未按时报送或公开"
            if Letter.objects.filter(agency=r.agency, rule=rule).exists():
                continue
            what = "报送" if r.submitted_at is None and today > r.submit_due else "公开"
            due = r.submit_due if what == "报送" else r.publish_due
            letter = Letter.objects.create(
                kind=LetterKind.NOTICE, region=r.region, agency=r.agency, region_path=r.region_path, rule=rule,
                problems=f"{r.agency.name}{r.year}年度法治政府建设年度报告应于{due:%Y年%m月%d日}前{what}，至今未{what}。",
                demand=KIND_DEMAND[LetterKind.NOTICE], created_by=actor if getattr(actor, "is_authenticated", False)
                else None)
            audit.record(actor=actor, action="supervision.propose", obj=letter,
                         after={"kind": "notice", "rule": rule, "report": r.pk})
            out.append(letter)
    return out
