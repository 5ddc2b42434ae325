"""Background jobs of 督促问效 (django-q2); thin and safe to run twice."""

import datetime

from fazhi.core.tasks import ScheduledJob

SCHEDULES = [
    # Daily at 02:00; acts only on the first working day of a month (see services.monthly_job).
    ScheduledJob("月度监测", "fazhi.supervision.tasks.monthly_monitoring_job", "D", datetime.time(2, 0)),
]


def monthly_monitoring_job() -> dict:
    from .services import monthly_job

    return monthly_job()
