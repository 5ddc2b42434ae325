"""Background jobs of the normative-document module (django-q2). Thin and idempotent: each fetches nothing
itself and calls the service, which claims its work atomically, so a second run the same day does nothing.

``SCHEDULES`` lists the recurring jobs in the shape of ``fazhi.core.tasks.SCHEDULES`` (daily, after the
01:00 deadline scan); ``manage.py documents_jobs`` runs both now.
"""

import datetime

from fazhi.core.tasks import ScheduledJob

SCHEDULES = [
    ScheduledJob("规范性文件届满评估开启", "fazhi.documents.tasks.open_due_evaluations_job", "D", datetime.time(1, 20)),
    ScheduledJob("备案审查逾期未纠正提请处理", "fazhi.documents.tasks.escalate_overdue_corrections_job", "D",
                 datetime.time(1, 30)),
]


def open_due_evaluations_job(today: datetime.date | None = None) -> int:
    """Daily: open an evaluation task for each document six months before its validity ends."""
    from .services import evaluations_open_due

    return evaluations_open_due(today=today)


def escalate_overdue_corrections_job(today: datetime.date | None = None) -> int:
    """Daily: escalate each filing whose correction was not made by its deadline."""
    from .services import filing_escalate_overdue

    return filing_escalate_overdue(today=today)


def run_all(today: datetime.date | None = None) -> dict:
    return {"evaluations": open_due_evaluations_job(today), "escalations": escalate_overdue_corrections_job(today)}
