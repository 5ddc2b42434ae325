"""manage.py load_supervision_demo: the supervision demo (after load_demo), idempotent, refused in production."""

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.demo.loader import refuse_in_production
from fazhi.core.errors import ServiceError


class Command(BaseCommand):
    help = "加载督促问效演示数据：2026年指标体系（种子，未核实）、已结束月份的月监测、季度排名、各级督促函件（须先运行 load_demo；可重复运行）。"

    def handle(self, *args, **options):
        from fazhi.supervision import demo

        try:
            refuse_in_production()
            demo.load_supervision_demo(stdout=self.stdout)
        except ServiceError as exc:
            raise CommandError(exc.message) from None
