"""manage.py load_enforcement_demo: the 行政执法 demo (after load_demo), idempotent, refused in production."""

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.demo.loader import refuse_in_production
from fazhi.core.errors import ServiceError


class Command(BaseCommand):
    help = ("加载行政执法演示数据：州生态环境局、兴义市综合行政执法局和马岭镇的执法主体、人员、事项、裁量基准、免罚轻罚清单，"
            "一年的行政处罚案件（各个状态）和涉企检查（须先运行 load_demo；可重复运行）。")

    def handle(self, *args, **options):
        from fazhi.enforcement import demo

        try:
            refuse_in_production()
            demo.load_enforcement_demo(stdout=self.stdout)
        except ServiceError as exc:
            raise CommandError(exc.message) from None
