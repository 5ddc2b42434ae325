"""manage.py load_decisions_demo: the major-decision demo (after load_demo), idempotent, refused in production."""

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.errors import ServiceError
from fazhi.decisions.demo import load_decisions_demo


class Command(BaseCommand):
    help = "加载重大行政决策演示数据：决策账号、专家库、2025—2026年度目录、各程序阶段的决策事项和决策建议（须先运行 load_demo；可重复运行）。"

    def handle(self, *args, **options):
        try:
            load_decisions_demo(stdout=self.stdout)
        except ServiceError as exc:
            raise CommandError(exc.message)
