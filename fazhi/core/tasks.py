"""Background jobs (django-q2). Jobs are thin: they call a service and are safe to run twice.

``SCHEDULES`` lists the recurring jobs; ``manage.py setup_schedules`` creates or updates them.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class ScheduledJob:
    name: str  # the django_q Schedule name (unique by convention)
    func: str  # dotted path of the job
    schedule_type: str  # django_q.models.Schedule.DAILY, …
    at: datetime.time  # local time (settings.TIME_ZONE) of the first run of each day


SCHEDULES = [
    ScheduledJob("每日期限扫描", "fazhi.core.tasks.deadline_scan_job", "D", datetime.time(1, 0)),
]


def register_schedules(jobs) -> None:
    """Called by a module's AppConfig.ready() to add its recurring jobs (idempotent)."""
    names = {job.name for job in SCHEDULES}
    SCHEDULES.extend(job for job in jobs if job.name not in names)


def deadline_scan_job() -> dict:
    """Daily: mark overdue deadlines and send the advance reminders (idempotent)."""
    from .deadlines import scan_deadlines

    return scan_deadlines()
