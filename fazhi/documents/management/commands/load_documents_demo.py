"""manage.py load_documents_demo: the demo prefecture's normative documents, after ``load_demo``.

Idempotent (a second run says so and changes nothing); refused under production settings.
"""

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.errors import ServiceError
from fazhi.documents.demo import data, load_documents_demo


class Command(BaseCommand):
    help = "加载演示州的行政规范性文件（约60件，覆盖各办理环节；需先运行 load_demo；可重复运行；生产环境拒绝运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--accounts", action="store_true", help="只列出规范性文件演示账号，不写数据库。")

    def handle(self, *args, **options):
        if options["accounts"]:
            for account in data.ACCOUNTS:
                self.stdout.write(f"  {account.username:<11} {account.full_name:<4}  {account.note}")
            return
        try:
            load_documents_demo(stdout=self.stdout)
        except ServiceError as exc:
            raise CommandError(exc.message)
