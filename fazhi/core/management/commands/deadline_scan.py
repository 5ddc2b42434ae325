"""Run the deadline scan now (the same job the scheduler runs every day at 01:00)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.deadlines import scan_deadlines
from fazhi.core.errors import ServiceError


class Command(BaseCommand):
    help = "立即执行期限扫描：标记超期期限并发送到期提醒（重复运行不会重复提醒）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期扫描（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        today = None
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD。")
        try:
            result = scan_deadlines(today=today)
        except ServiceError as exc:
            raise CommandError(exc.message)
        self.stdout.write(f"期限扫描完成：新标记超期 {result['overdue']} 个，发送到期提醒 {result['reminded']} 个。")
