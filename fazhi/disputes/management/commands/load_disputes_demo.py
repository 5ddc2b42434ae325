"""manage.py load_disputes_demo: the 矛盾纠纷化解 demo (after load_demo), idempotent, refused in production."""

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.demo.loader import refuse_in_production
from fazhi.core.errors import ServiceError


class Command(BaseCommand):
    help = ("加载矛盾纠纷化解演示数据：每个村（居）和乡镇的人民调解委员会（约58%的村配备专职调解员）、一年的调解案件"
            "（含诉调对接、司法确认）、州政府行政复议案件和各县行政应诉案件（须先运行 load_demo；可重复运行）。")

    def handle(self, *args, **options):
        from fazhi.disputes import demo

        try:
            refuse_in_production()
            demo.load_disputes_demo(stdout=self.stdout)
        except ServiceError as exc:
            raise CommandError(exc.message) from None
