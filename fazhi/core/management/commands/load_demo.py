"""manage.py load_demo: the demo prefecture (黔西南州), idempotent, refused under production settings."""

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.demo import loader
from fazhi.core.errors import ServiceError


class Command(BaseCommand):
    help = "加载演示用的黔西南州区划、单位、账号、期限和通知（可重复运行；生产环境拒绝运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--accounts", action="store_true", help="只列出演示账号及其密码，不写数据库。")

    def handle(self, *args, **options):
        try:
            loader.refuse_in_production()
            if not options["accounts"]:
                report = loader.load_demo()
                self.stdout.write(report.summary())
                return
        except ServiceError as exc:
            raise CommandError(exc.message)
        self.stdout.write(f"演示账号（密码均为 {loader.demo_password()}，无需首次登录改密）：")
        for line in loader.account_lines():
            self.stdout.write(line)
