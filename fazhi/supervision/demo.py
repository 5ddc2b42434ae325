"""The supervision demo (after load_demo): the 2026 seed scheme (unverified), monthly monitoring of every
closed month of 2026, quarterly rankings, and letters at every step of the ladder — one 提示函 answered
and closed, one escalated to 通报 and 约谈, one returned, one proposed awaiting confirmation.

Every figure is computed through the core registry; indicators whose modules have not registered
them yet are listed as unregistered, not invented."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from fazhi.core.choices import AgencyKind, RegionLevel
from fazhi.core.errors import ServiceError
from fazhi.core.indicators import Period
from fazhi.core.models import Agency, Region

from . import letters, services
from .models import Letter, MonitoringRun, QuarterScore
from .seed import seed_scheme

YEAR = 2026


def _counties():
    out = []
    for region in Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"):
        gov = Agency.objects.filter(region=region, kind=AgencyKind.GOVERNMENT).first()
        if gov:
            out.append((region, gov))
    for dept in Agency.objects.filter(kind=AgencyKind.DEPARTMENT, region__level=RegionLevel.PREFECTURE,
                                      is_active=True).select_related("region").order_by("name")[:2]:
        out.append((dept.region, dept))
    return out


def _letter(region, gov, problems, rule="演示：半年督察发现"):
    letter = Letter.objects.create(kind="tip", region=region, agency=gov, region_path=region.region_path,
                                   rule=rule, problems=problems, demand=letters.KIND_DEMAND["tip"])
    return letter


@transaction.atomic
def load_supervision_demo(stdout=None):
    def say(msg):
        if stdout is not None:
            stdout.write(msg)

    today = timezone.localdate()
    counties = _counties()
    if not counties:
        raise ServiceError("没有县级人民政府：请先运行 load_demo。")
    scheme = seed_scheme(YEAR)
    say(f"指标体系：{scheme}（种子数据，未核实），{scheme.nodes.count()}项指标。")
    _demo_reports(scheme, today, say)
    _demo_inspections(counties, today, say)
    _demo_annual(say)
    _demo_plan(counties, today, say)
    _demo_annual_reports(today, say)
    if Letter.objects.filter(rule__startswith="演示：").exists():
        say("督促问效演示数据已存在，未重复加载。")
        return
    # Letters first, so the supervision indicator has records to measure.
    stories = [
        "2026年上半年规范性文件合法性审核台账不完整，3件文件缺少审核意见书。",
        "2026年上半年重大行政决策目录未按时公布。",
        "行政机关负责人出庭应诉率低于全州平均水平。",
        "2026年上半年执法案卷评查发现程序瑕疵较多。",
    ]
    made = []
    for i, (region, gov) in enumerate(counties[:4]):
        made.append(_letter(region, gov, stories[i % len(stories)]))
    # issue on 2026-07-06 (first Monday after the half-year)
    for letter in made[:3]:
        letters.confirm(actor=None, letter=letter, issued_on=date(2026, 7, 6))  # due 2026-07-27
    if made:
        letters.answer(actor=None, letter=made[0], report="已补齐3件文件的合法性审核意见书并建立审核台账，附台账清单。")
        # the story: the report reached the office on 2026-07-20 (demo data, set after the service call)
        Letter.objects.filter(pk=made[0].pk).update(answered_at=timezone.make_aware(
            timezone.datetime(2026, 7, 20, 10, 0)))
        letters.accept(actor=None, letter=made[0], note="整改到位，同意销号。")
    if len(made) > 1:
        _demo_chain(made[1], say)
    if len(made) > 2:
        letters.answer(actor=None, letter=made[2], report="已组织负责人出庭应诉培训，制定出庭应诉工作方案。")
        letters.return_answer(actor=None, letter=made[2], note="未附出庭应诉统计，退回补充。")
    # Monthly monitoring of every closed month of the year, then the closed quarters.
    months = 0
    for m in range(1, 13):
        p = Period.month(YEAR, m)
        if p.end >= today or MonitoringRun.objects.filter(scheme=scheme, period_start=p.start).exists():
            continue
        run = services.compute_period(actor=None, period=p, scheme=scheme)
        months += 1
    say(f"月监测：计算{months}个月。" + (f"未登记的指标：{'、'.join(run.unregistered)}" if months else ""))
    for q in (1, 2, 3, 4):
        if Period.quarter(YEAR, q).end < today and not QuarterScore.objects.filter(year=YEAR, quarter=q).exists():
            for unit_class in ("county", "department"):
                if services.quarter_scores(actor=None, year=YEAR, quarter=q, unit_class=unit_class, scheme=scheme):
                    services.publish_scores(actor=None, year=YEAR, quarter=q, unit_class=unit_class)
    say(f"督促函件：{Letter.objects.count()}件。")


DEMO_EVIDENCE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _demo_reports(scheme, today, say):
    """单位填报: the third quarter's forms opened for every county and department and filled in the story's
    states — approved at both levels on time, approved by the county only, returned, submitted late,
    never filled. The quarter is locked by now, so the story's rows are written as they stood then."""
    from datetime import datetime, timedelta

    from django.core.files.base import ContentFile

    from fazhi.core.attachments import attachment_create

    from . import reporting
    from .models import DataReport, ReportApproval

    period = Period.quarter(YEAR, 3)
    if period.end >= today or DataReport.objects.filter(period_start=period.start).exists():
        return
    reporting.open_reports(actor=None, period=period, scheme=scheme)
    stories = [("approved", 2, 2, True), ("partly", 1, 3, True), ("returned", 0, 4, True),
               ("submitted", 0, 9, False), ("draft", 0, None, None)]
    reports = list(DataReport.objects.filter(period_start=period.start).select_related("form", "agency")
                   .order_by("region_path", "agency__name"))
    tz = timezone.get_current_timezone()
    for i, report in enumerate(reports):
        state, level, day, timely = stories[i % len(stories)]
        if day is None:
            continue
        due, held = 3 + i % 3, 2 + i % 3
        values = {"decisions": str(due + 2), "hearings_due": str(due), "hearings_held": str(held),
                  "missed": str(due - held), "consultations": str(i % 4)}
        at = datetime(YEAR, 10, day, 16, 0, tzinfo=tz)
        violations = reporting.run_rules(report.form, values)
        DataReport.objects.filter(pk=report.pk).update(
            values=values, state=state, approved_level=level, first_submitted_at=at, submitted_at=at,
            timely=timely, violations=violations)
        attachment_create(actor=None, uploaded_file=ContentFile(DEMO_EVIDENCE, name="听证笔录及公众参与材料.pdf"),
                          obj=report, agency=report.agency)
        for lv in range(1, level + 1):
            ReportApproval.objects.create(report=report, level=lv, approved=True, note="数据与佐证材料相符",
                                          at=at + timedelta(days=lv))
        if state == "returned":
            ReportApproval.objects.create(report=report, level=1, approved=False, at=at + timedelta(days=1),
                                          note="缺少听证笔录，请补充后重新报送。")
    say(f"单位填报：{period.label}开放{len(reports)}份，审核通过、县级已审、退回、逾期报送、未填报各有示例。")


def _demo_chain(tip, say):
    """The escalated chain: 提示函 → 通报 → 约谈 (held and recorded) → 问责 (decided), each confirmed on
    the story's date, and one more 约谈 proposed awaiting confirmation when the story's dates allow."""
    from datetime import datetime

    tz = timezone.get_current_timezone()
    notice = letters.escalate(actor=None, letter=tip, reason="逾期未报送整改报告")
    letters.confirm(actor=None, letter=notice, issued_on=date(2026, 8, 3))
    interview = letters.escalate(actor=None, letter=notice, reason="通报后仍未整改")
    letters.confirm(actor=None, letter=interview, issued_on=date(2026, 9, 7))
    letters.record_interview(
        actor=None, letter=interview, held_at=datetime(2026, 9, 15, 10, 0, tzinfo=tz),
        place="州司法局三楼会议室", interviewers="州委依法治州办常务副主任、州司法局局长",
        interviewees=f"{interview.agency.name}分管副县（市）长、司法局局长",
        attendees="州委依法治州办督察科", minutes="通报了重大行政决策目录未按时公布、整改逾期的情况；被约谈人说明了原因，"
        "承认组织推进不力。约谈人要求10个工作日内公布目录并报送整改报告。",
        commitments="10个工作日内公布2026年度重大行政决策目录，建立目录动态调整机制，按期报送整改报告。")
    accountability = letters.escalate(actor=None, letter=interview, reason="约谈后仍未按承诺整改")
    letters.confirm(actor=None, letter=accountability, issued_on=date(2026, 10, 19))
    letters.decide_accountability(
        actor=None, letter=accountability, decided_on=date(2026, 10, 30), decided_by="中共黔西南州纪委州监委",
        decision_number="黔西南纪问〔2026〕3号", subjects=f"{accountability.agency.name}分管负责同志",
        measure="criticism", decision="对推进法治政府建设工作不力、约谈后仍未按承诺整改的问题予以通报批评，"
        "责令作出书面检查并于一个月内完成整改。")
    say(f"升级链：提示函 → 通报 → 约谈（已记录）→ 问责（已决定）：{accountability.agency.name}")


def _demo_inspections(counties, today, say):
    """半年督察 of 2026上半年 (fed back 2026-07-10): one county's items all 销号 and the task closed, the
    other's with one item reported, one returned and one overdue (which proposes a 提示函)."""
    from . import inspections
    from .models import Inspection

    if Inspection.objects.exists() or today <= date(2026, 8, 31):
        return
    plan = [
        ("规范性文件合法性审核台账不完整", "补齐审核意见书并建立台账", 10, "accept"),
        ("行政执法“三项制度”公示信息未及时更新", "更新执法公示平台信息", 15, "accept"),
    ], [
        ("重大行政决策目录未按时公布", "公布年度决策目录", 10, "submit"),
        ("行政复议决定书履行情况未跟踪", "建立履行跟踪台账", 15, "return"),
        ("法治督察反馈问题整改台账缺失", "建立整改台账并按月报送", 10, None),
    ]
    made = 0
    govs = [gov for _, gov in counties if gov.kind == AgencyKind.GOVERNMENT][:2]
    for gov, items in zip(govs, plan[:len(govs)], strict=True):
        ins = inspections.create_inspection(
            actor=None, agency=gov, year=2026, half=1, title="2026年上半年法治政府建设督察",
            subject="规范性文件管理、重大行政决策程序、行政执法三项制度、行政复议决定履行",
            inspectors="州委依法治州办督察科 王明、州司法局 刘芳", start_on=date(2026, 6, 22), end_on=date(2026, 6, 26))
        for text, demand, days, _ in items:
            inspections.add_finding(actor=None, inspection=ins, text=text, demand=demand, workdays_=days,
                                    basis="《法治政府建设与责任落实督察工作规定》第十八条")
        inspections.feedback(actor=None, inspection=ins, report="督察组采取听取汇报、查阅资料、随机抽查案卷等方式开展督察，"
                             "发现问题如清单所列，请限期整改。", on=date(2026, 7, 10))
        for item, (_, _, _, fate) in zip(ins.items.order_by("id"), items, strict=True):
            if fate is None:
                continue
            inspections.submit_rectification(actor=None, item=item, report=f"已按要求整改：{item.demand}，附整改材料。")
            if fate == "accept":
                inspections.review_rectification(actor=None, item=item, accept=True, note="整改到位，同意销号。")
            elif fate == "return":
                inspections.review_rectification(actor=None, item=item, accept=False, note="未附台账，退回补充。")
        if all(f == "accept" for *_, f in items):
            inspections.close(actor=None, inspection=ins)
        made += 1
    proposed = inspections.propose_for_overdue(actor=None, today=today)
    say(f"半年督察：{made}项督察任务，逾期整改提出督促函件{len(proposed)}件。")


def _demo_annual(say):
    """年终考评 2025 (the 2025 seed scheme): every county's sheet self-assessed, reviewed (some scores
    corrected with a reason, one bonus, one veto) and the ranking published."""
    from decimal import Decimal

    from . import annual
    from .models import AnnualSheet

    if AnnualSheet.objects.filter(year=2025).exists():
        return
    scheme = seed_scheme(2025)
    annual.open_sheets(actor=None, year=2025, unit_class="county", scheme=scheme)
    sheets = list(AnnualSheet.objects.filter(year=2025, unit_class="county").order_by("agency__name"))
    for n, sheet in enumerate(sheets):
        items = list(sheet.items.select_related("node"))
        self_scores, review_scores = {}, {}
        for item in items:
            if item.kind == "score":
                full = item.points
                own = full - Decimal(n % 3)
                own = max(own, Decimal(0))
                mark = item.system_score if item.system_score is not None else own - Decimal("0.5") * (n % 2)
                mark = max(min(mark, full), Decimal(0))
                self_scores[item.pk] = (str(own), "对照评分标准自评")
                review_scores[item.pk] = (str(mark), "" if mark == own else "按审核资料核定")
            elif item.kind == "bonus":
                b = Decimal("1.5") if n == 0 else Decimal(0)
                self_scores[item.pk] = (str(b), "获省级推广" if b else "")
                review_scores[item.pk] = (str(b), "")
            else:
                v = 1 if n == len(sheets) - 1 and len(sheets) > 2 else 0
                review_scores[item.pk] = (str(v), "发生重大违法行政行为被通报" if v else "")
        annual.self_assess(actor=None, sheet=sheet, scores=self_scores, submit=True)
        annual.review(actor=None, sheet=sheet, scores=review_scores, finish=True)
    if sheets:
        annual.rank_and_publish(actor=None, year=2025, unit_class="county")
    say(f"年终考评：2025年度{len(sheets)}个县（市）考评表已自评、审核并公布。")


PLAN_TASKS = [
    ("1", "全面落实行政规范性文件合法性审核机制，审核率达到100%", date(2026, 6, 30), "2026-03-31 制定工作方案\n2026-05-31 完成存量文件清理", 100),
    ("2", "编制并公布年度重大行政决策事项目录", date(2026, 3, 31), "2026-02-28 征集决策事项", 100),
    ("3", "开展行政执法案卷评查，评查结果纳入年度考评", date(2026, 10, 31), "2026-08-31 完成自查\n2026-09-30 完成抽查", 60),
    ("4", "推进村（居）专职人民调解员全覆盖", date(2026, 9, 30), "2026-06-30 摸底\n2026-09-15 完成选聘", 40),
    ("5", "落实行政机关负责人出庭应诉制度，出庭率不低于90%", date(2026, 12, 31), "", 30),
    ("6", "建立法治督察反馈问题整改台账并按月销号", date(2026, 11, 30), "2026-09-30 建立台账", 0),
    ("7", "编制2027年度法治政府建设工作要点", date(2027, 1, 31), "2026-12-31 形成征求意见稿", 0),
]


def _demo_plan(counties, today, say):
    """An imported 工作要点 (generated .xlsx through the real importer) with tasks in every state: done,
    in progress, pending, overdue — the overdue ones proposing 提示函."""
    import io

    import openpyxl
    from django.core.files.base import ContentFile

    from . import plans
    from .models import Plan

    if Plan.objects.exists():
        return
    units = [a for _, a in counties]
    book = openpyxl.Workbook()
    book.active.append(list(plans.HEADERS))
    for i, (number, text, due, ms, _) in enumerate(PLAN_TASKS):
        lead = units[i % len(units)]
        co = "、".join(a.name for a in units if a.pk != lead.pk)[:200] if i % 2 == 0 else ""
        book.active.append([number, text, lead.name, co, due.isoformat(), ms])
    buf = io.BytesIO()
    book.save(buf)
    plan = plans.import_plan(actor=None, title="2026年黔西南州法治政府建设工作要点", year=2026,
                             upload=ContentFile(buf.getvalue(), name="2026年法治政府建设工作要点.xlsx"))
    for task, (_, _, _, _, pct) in zip(plan.tasks.order_by("row"), PLAN_TASKS, strict=True):
        if pct == 100:
            plans.report_progress(actor=None, task=task, text="任务已全部完成，相关文件已印发。", progress=100,
                                  uploads=[ContentFile(DEMO_EVIDENCE, name="完成佐证.pdf")])
            for m in task.milestones.all():
                plans.milestone_done(actor=None, milestone=m, on=min(m.due_on, today))
        elif pct:
            plans.report_progress(actor=None, task=task, text=f"正在推进，已完成约{pct}%。", progress=pct)
    proposed = plans.propose_for_overdue(actor=None, today=today)
    say(f"任务台账：导入{plan.tasks.count()}项任务，逾期任务提出提示函{len(proposed)}件。")


def _demo_annual_reports(today, say):
    """2025年度法治政府建设年度报告 drafted from the data for every government and department, then in the
    story's states: published on time, published late, accepted awaiting publication, submitted, and one
    department that never submitted (the rule proposes a 通报). The dates are the story's (set after the
    service calls, which stamp the real time)."""
    from datetime import datetime

    from . import annual_reports as svc
    from .models import AnnualReport

    if AnnualReport.objects.filter(year=2025).exists() or today <= date(2026, 4, 1):
        return
    svc.draft_reports(actor=None, year=2025)
    reports = list(AnnualReport.objects.filter(year=2025).order_by("is_department", "agency__name"))
    tz = timezone.get_current_timezone()
    filled = {
        "part1": "2025年，我单位深入贯彻习近平法治思想，健全依法决策机制，规范性文件全部经合法性审核，行政执法“三项制度”全面落实。",
        "part2": "法治队伍力量不足，基层执法人员法律素养有待提高；个别行政复议决定履行不及时。",
        "part3": "主要负责人4次主持专题研究法治政府建设，带头述法，督促解决重点问题。",
        "part4": "2026年将完善重大行政决策程序，开展执法案卷评查，加强法治督察整改。",
        "part5": "无。"}
    stories = ["on_time", "late", "accepted", "submitted", "never"]
    for i, r in enumerate(reports):
        story = stories[i % len(stories)]
        if story == "never":
            continue
        svc.edit(actor=None, report=r, parts={**filled, "part1": f"{r.agency.name}：" + filled["part1"]})
        svc.submit(actor=None, report=r)
        AnnualReport.objects.filter(pk=r.pk).update(submitted_at=datetime(2026, 2, 20 + i % 5, 10, 0, tzinfo=tz))
        if story == "submitted":
            continue
        svc.review(actor=None, report=r, accept=True, note="同意公开")
        if story == "accepted":
            continue
        on = date(2026, 3, 25) if story == "on_time" else date(2026, 4, 8)
        svc.publish(actor=None, report=r, url=f"https://www.qxn.gov.cn/zwgk/fzzfjsndbg/2025/{r.agency_id}.html",
                    published_on=on, secrecy_checked=True)
    proposed = svc.propose_for_late(actor=None, today=today)
    say(f"年度报告：2025年度{len(reports)}份，未按时报送或公开提出通报{len(proposed)}件。")
