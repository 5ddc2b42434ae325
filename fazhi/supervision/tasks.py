"""Background jobs of 督促问效 (django-q2); thin and safe to run twice."""

import datetime

from fazhi.core.tasks import ScheduledJob

SCHEDULES = [
    # Daily at 02:00; acts only on the first working day of a month (see services.monthly_job).
    ScheduledJob("月度监测", "fazhi.supervision.tasks.monthly_monitoring_job", "D", datetime.time(2, 0)),
    # Daily at 02:30: the ladder rules on overdue items propose letters (staff confirm; one open at a time).
    ScheduledJob("督促规则扫描", "fazhi.supervision.tasks.ladder_rules_job", "D", datetime.time(2, 30)),
]


def monthly_monitoring_job() -> dict:
    from .services import monthly_job

    return monthly_job()


def ladder_rules_job() -> dict:
    """Overdue rectifications, overdue plan tasks and late annual reports propose their letters."""
    from . import annual_reports, inspections, plans

    return {"rectifications": len(inspections.propose_for_overdue(actor=None)),
            "tasks": len(plans.propose_for_overdue(actor=None)),
            "annual_reports": len(annual_reports.propose_for_late(actor=None))}
