"""The nightly jobs of the module are thin and idempotent: run twice, the second run changes nothing."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fazhi.core.models import AuditEvent, Notification
from fazhi.documents import services, tasks
from fazhi.documents.choices import FilingReviewStatus
from fazhi.documents.models import EvaluationTask, Filing
from fazhi.documents.tests.desk_support import filed, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def expiring(walker, dp):
    """Valid one year from 2025-03-10: expires 2026-03-09, so its evaluation opens from 2025-09-09."""
    return published(walker, dp, title="兴义市临时管理暂行办法", drafted=date(2025, 3, 3), on=date(2025, 3, 10),
                     validity_years=1)


@pytest.fixture
def correction(walker, dp):
    doc = published(walker, dp, title="兴义市甲办法", drafted=date(2026, 3, 2), on=date(2026, 3, 10))
    filed(walker, dp, doc, date(2026, 3, 20))
    with walker.at(date(2026, 4, 1)):
        services.filing_decide(actor=dp.zsfj_sh, document=doc, decision="correction_required",
                                 opinion="第四条缺乏依据", correction_days=10)  # due 2026-04-11 → Monday 04-13
    return doc


def test_the_evaluation_opens_six_months_before_expiry_and_only_once(expiring):
    assert tasks.open_due_evaluations_job(date(2025, 9, 8)) == 0
    assert tasks.open_due_evaluations_job(date(2025, 9, 9)) == 1
    assert tasks.open_due_evaluations_job(date(2025, 9, 9)) == 0
    assert tasks.open_due_evaluations_job(date(2025, 9, 10)) == 0
    task = EvaluationTask.objects.get()
    assert task.document == expiring and task.due_date == date(2026, 3, 9) and task.opened_on == date(2025, 9, 9)
    assert AuditEvent.objects.filter(action="documents.evaluation_open").count() == 1
    assert Notification.objects.filter(title__startswith="有效期届满评估").count() == 1


def test_an_overdue_correction_is_escalated_once(correction):
    filing = Filing.objects.get(document=correction)
    due = filing.correction_deadline.due_date
    assert tasks.escalate_overdue_corrections_job(due) == 0
    assert tasks.escalate_overdue_corrections_job(date.fromordinal(due.toordinal() + 1)) == 1
    assert tasks.escalate_overdue_corrections_job(date.fromordinal(due.toordinal() + 1)) == 0
    assert tasks.escalate_overdue_corrections_job(date.fromordinal(due.toordinal() + 30)) == 0
    filing.refresh_from_db()
    assert filing.review_status == FilingReviewStatus.ESCALATED
    assert AuditEvent.objects.filter(action="documents.filing_escalate").count() == 1


def test_run_all_twice_gives_the_same_state(expiring, correction):
    first = tasks.run_all(date(2026, 6, 1))
    state = (EvaluationTask.objects.count(), list(Filing.objects.values_list("review_status", flat=True)),
             AuditEvent.objects.count())
    second = tasks.run_all(date(2026, 6, 1))
    assert first == {"evaluations": 0, "escalations": 1}
    assert second == {"evaluations": 0, "escalations": 0}
    assert (EvaluationTask.objects.count(), list(Filing.objects.values_list("review_status", flat=True)),
            AuditEvent.objects.count()) == state


def test_the_command_runs_both_jobs_and_says_what_it_did(expiring, correction):
    out = StringIO()
    call_command("documents_jobs", "--date", "2026-06-01", stdout=out)
    assert "新开启届满评估 0 件" in out.getvalue() and "逾期未纠正提请处理 1 件" in out.getvalue()
    out = StringIO()
    call_command("documents_jobs", "--date", "2026-06-01", stdout=out)
    assert "逾期未纠正提请处理 0 件" in out.getvalue()


def test_the_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("documents_jobs", "--date", "2026/06/01")


def test_the_schedules_point_at_importable_jobs():
    from django.utils.module_loading import import_string

    assert {job.name for job in tasks.SCHEDULES} == {"规范性文件届满评估开启", "备案审查逾期未纠正提请处理"}
    for job in tasks.SCHEDULES:
        assert callable(import_string(job.func)) and job.schedule_type == "D"
