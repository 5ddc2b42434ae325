"""Run the normative-document jobs now (the same jobs the scheduler runs every night)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.errors import ServiceError
from fazhi.documents.tasks import run_all


class Command(BaseCommand):
    help = "立即执行规范性文件的定时任务：开启有效期届满评估、逾期未纠正的备案提请处理（可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期执行（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        today = None
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD。")
        try:
            result = run_all(today)
        except ServiceError as exc:
            raise CommandError(exc.message)
        self.stdout.write(f"规范性文件定时任务完成：新开启届满评估 {result['evaluations']} 件，"
                          f"逾期未纠正提请处理 {result['escalations']} 件。")
