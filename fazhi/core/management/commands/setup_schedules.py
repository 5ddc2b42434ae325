"""Create or update the recurring background jobs listed in ``fazhi.core.tasks.SCHEDULES``."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_q.models import Schedule

from fazhi.core.tasks import SCHEDULES


def next_run_at(now: datetime.datetime, at: datetime.time, tz: datetime.tzinfo) -> datetime.datetime:
    """The next moment strictly after ``now`` whose local time in ``tz`` is ``at``."""
    local = now.astimezone(tz)
    candidate = datetime.datetime.combine(local.date(), at, tzinfo=tz)
    if candidate <= local:
        candidate = datetime.datetime.combine(local.date() + datetime.timedelta(days=1), at, tzinfo=tz)
    return candidate


class Command(BaseCommand):
    help = "创建或更新定时任务（如每日 01:00 的期限扫描）；可重复运行。"

    @transaction.atomic
    def handle(self, *args, **options):
        tz = ZoneInfo(settings.TIME_ZONE)
        now = timezone.now()
        for job in SCHEDULES:
            wanted_next = next_run_at(now, job.at, tz)
            rows = list(Schedule.objects.select_for_update().filter(name=job.name).order_by("pk"))
            for extra in rows[1:]:
                extra.delete()
            schedule = rows[0] if rows else None
            if schedule is None:
                Schedule.objects.create(name=job.name, func=job.func, schedule_type=job.schedule_type,
                                        repeats=-1, next_run=wanted_next)
                self.stdout.write(f"已创建定时任务“{job.name}”，下次运行 {wanted_next:%Y-%m-%d %H:%M}（{tz.key}）")
                continue
            # A daily job has exactly one correct next run: the next 01:00 (local) from now.
            changes = {"func": job.func, "schedule_type": job.schedule_type, "repeats": -1, "next_run": wanted_next}
            if all(getattr(schedule, key) == value for key, value in changes.items()):
                self.stdout.write(f"定时任务“{job.name}”已存在，无需更改（下次运行 {wanted_next:%Y-%m-%d %H:%M}）")
                continue
            for key, value in changes.items():
                setattr(schedule, key, value)
            schedule.save()
            shown = schedule.next_run.astimezone(tz)
            self.stdout.write(f"已更新定时任务“{job.name}”，下次运行 {shown:%Y-%m-%d %H:%M}（{tz.key}）")
