"""Plans and task ledgers: .xlsx import (all or nothing, errors per row in Chinese), progress with evidence,
overdue tasks proposing the ladder on real dates, views per plan/unit/task, scope, no N+1."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fazhi.core.choices import Role, Scope
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.tests.factories import make_user
from fazhi.supervision import plans
from fazhi.supervision.models import Plan, PlanTask

from .conftest import at

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HEAD = ["序号", "任务内容", "牵头单位", "配合单位", "完成时限", "阶段目标"]


def xlsx(rows, head=HEAD, name="要点.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(head)
    for r in rows:
        sheet.append(r)
    buf = io.BytesIO()
    book.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


GOOD = [
    ["1", "全面推行行政规范性文件合法性审核机制", "兴义市人民政府", "兴义市司法局", date(2026, 6, 30),
     "2026-03-31 制定工作方案\n2026-05-31 完成清理"],
    ["2", "开展重大行政决策目录管理", "安龙县人民政府", "安龙县司法局、兴义市司法局", "2026年9月30日", ""],
    ["3", "完善行政执法三项制度", "黔西南州司法局", "", "2026-12-31", "2026-10-31 完成评查"],
]


@pytest.fixture
def plan(office, org):
    with at(date(2026, 2, 1)):
        return plans.import_plan(actor=office, title="2026年法治政府建设工作要点", year=2026, upload=xlsx(GOOD))


def test_import_creates_tasks_units_and_milestones(plan, org):
    t1, t2, t3 = plan.tasks.order_by("row")
    assert (t1.lead, list(t1.co_units.all()), t1.deadline) == (org.xingyi_gov, [org.xingyi_sfj], date(2026, 6, 30))
    assert [(m.due_on, m.title) for m in t1.milestones.all()] == [(date(2026, 3, 31), "制定工作方案"),
                                                                  (date(2026, 5, 31), "完成清理")]
    assert t2.deadline == date(2026, 9, 30) and set(t2.co_units.all()) == {org.anlong_sfj, org.xingyi_sfj}
    assert t3.region_path == org.zhou_sfj.region_path and len(plan.source_sha256) == 64


def test_bad_rows_come_back_per_row_in_chinese_and_nothing_is_imported(office, org):
    bad = [
        ["1", "任务甲", "不存在的局", "", "2026-06-31", ""],
        ["1", "", "兴义市人民政府", "兴义市司法局、幽灵办", "2026-06-30", "下个月 完成"],
        ["2", "任务丙", "兴义市人民政府", "", "2026-06-30", "2026-07-31 晚于时限"],
    ]
    with pytest.raises(ServiceError) as e:
        plans.import_plan(actor=office, title="要点", year=2026, upload=xlsx(bad))
    errs = e.value.field_errors["file"]
    assert "第2行：牵头单位“不存在的局”不存在。" in errs
    assert "第2行：完成时限“2026-06-31”不是有效日期（如 2026-12-31）。" in errs
    assert "第3行：序号“1”重复。" in errs and "第3行：缺少任务内容。" in errs
    assert "第3行：配合单位“幽灵办”不存在。" in errs
    assert any(x.startswith("第3行：阶段目标“下个月 完成”") for x in errs)
    assert "第4行：阶段目标的时间节点不能晚于完成时限。" in errs
    assert not Plan.objects.exists() and not PlanTask.objects.exists()
    with pytest.raises(ServiceError, match="表头应为"):
        plans.import_plan(actor=office, title="要点", year=2026, upload=xlsx([], head=["编号", "内容"]))
    with pytest.raises(ServiceError, match="无法读取文件"):
        plans.import_plan(actor=office, title="要点", year=2026, upload=SimpleUploadedFile("a.xlsx", b"not a zip"))


def test_progress_with_evidence_and_overdue_feeds_the_ladder(plan, org, office):
    lead = make_user("xy_lead", org.xingyi_gov, (Role.LEGAL_STAFF, Scope.AGENCY))
    co = make_user("xy_co", org.xingyi_sfj, (Role.LEGAL_STAFF, Scope.AGENCY))
    stranger = make_user("al_x", org.anlong_sfj, (Role.LEGAL_STAFF, Scope.AGENCY))
    t1 = plan.tasks.get(number="1")
    with at(date(2026, 5, 10)):
        with pytest.raises(ServiceError, match="0至100"):
            plans.report_progress(actor=lead, task=t1, text="已完成清理工作", progress="120")
        with pytest.raises(NotPermitted):
            plans.report_progress(actor=stranger, task=t1, text="代为报告进展", progress="50")
        plans.report_progress(actor=co, task=t1, text="配合完成文件梳理", progress="80")
        t1.refresh_from_db()
        assert (t1.state, t1.progress) == ("pending", 0)  # a co-operating unit's report does not move the task
        plans.report_progress(actor=lead, task=t1, text="已完成清理，正在审核", progress="60")
    # due 2026-06-30: not overdue that day, a 提示函 on 07-01 to the lead, one open letter at a time
    assert plans.propose_for_overdue(actor=office, today=date(2026, 6, 30)) == []
    with at(date(2026, 7, 1)):
        (tip,) = plans.propose_for_overdue(actor=office)
        assert plans.propose_for_overdue(actor=office) == []
        assert (tip.kind, tip.agency, tip.task_id) == ("tip", org.xingyi_gov, t1.pk)
        with pytest.raises(ServiceError, match="佐证材料"):
            plans.report_progress(actor=lead, task=t1, text="全部完成并已印发", progress="100")
        plans.report_progress(actor=lead, task=t1, text="全部完成并印发", progress="100",
                              uploads=[SimpleUploadedFile("印发通知.pdf", PDF)])
    t1.refresh_from_db()
    assert (t1.state, t1.done_on) == ("done", date(2026, 7, 1))


def test_views_per_plan_unit_and_task_in_scope_without_n_plus_one(plan, org, office):
    c = Client()
    c.force_login(office)
    with CaptureQueriesContext(connection) as few:
        c.get(f"/supervision/plans/{plan.pk}/")
    for i in range(4, 12):
        t = PlanTask.objects.create(plan=plan, number=str(i), title=f"任务{i}", lead=org.anlong_gov,
                                    region_path=org.anlong_gov.region_path, deadline=date(2026, 12, 31), row=i)
        t.co_units.set([org.anlong_sfj])
    with CaptureQueriesContext(connection) as many:
        html = c.get(f"/supervision/plans/{plan.pk}/").content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "安龙县人民政府" in html and "unit-summary" in html
    html = c.get(f"/supervision/plans/{plan.pk}/?unit={org.xingyi_gov.pk}").content.decode()
    assert "全面推行" in html and "开展重大行政决策目录管理" not in html
    xy = make_user("xy_only", org.xingyi_sfj, (Role.LEGAL_STAFF, Scope.AGENCY))
    c2 = Client()
    c2.force_login(xy)
    t2 = plan.tasks.get(number="2")  # xingyi_sfj co-operates on task 2 → visible
    assert c2.get(f"/supervision/tasks/{t2.pk}/").status_code == 200
    t3 = plan.tasks.get(number="3")
    assert c2.get(f"/supervision/tasks/{t3.pk}/").status_code == 404


def test_the_daily_job_runs_every_ladder_rule_and_is_safe_twice(plan, office):
    from fazhi.supervision.tasks import ladder_rules_job

    with at(date(2026, 7, 1)):
        assert ladder_rules_job() == {"rectifications": 0, "tasks": 1, "annual_reports": 0}
        assert ladder_rules_job() == {"rectifications": 0, "tasks": 0, "annual_reports": 0}
