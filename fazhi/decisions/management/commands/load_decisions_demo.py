"""manage.py load_decisions_demo: the major-decision demo (after load_demo), idempotent, refused in production."""

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.demo.loader import demo_password, refuse_in_production
from fazhi.core.errors import ServiceError
from fazhi.decisions import demo


class Command(BaseCommand):
    help = "加载重大行政决策演示数据：决策账号、专家库、2025—2026年度目录、各程序阶段的决策事项和决策建议（须先运行 load_demo；可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--accounts", action="store_true", help="只列出重大行政决策的演示账号，不写数据库。")

    def handle(self, *args, **options):
        try:
            refuse_in_production()
            if options["accounts"]:
                self.stdout.write(f"重大行政决策演示账号（密码均为 {demo_password()}）：")
                for line in demo.account_lines():
                    self.stdout.write(line)
                return
            demo.load_decisions_demo(stdout=self.stdout)
        except ServiceError as exc:
            raise CommandError(exc.message)
