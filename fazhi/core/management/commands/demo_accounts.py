"""manage.py demo_accounts: every demo account once, with the name it really has, in one table.

Reads the accounts from the database the demo loaders filled (core and every module's loader), so one
process prints them all and a username two loaders share appears once, as it is stored.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Prefetch

from fazhi.core.choices import Role, Scope
from fazhi.core.demo import loader
from fazhi.core.errors import ServiceError
from fazhi.core.models import RoleAssignment, User


def account_rows() -> list[tuple[str, str, str, str]]:
    users = (User.objects.filter(is_active=True).select_related("agency")
             .prefetch_related(Prefetch("role_assignments", queryset=RoleAssignment.objects.order_by("role")))
             .order_by("agency__region_path", "username"))
    rows = []
    for user in users:
        roles = "、".join(f"{Role(ra.role).label}（{Scope(ra.scope).label}）" for ra in user.role_assignments.all())
        rows.append((user.username, user.full_name, user.agency.name if user.agency_id else "", roles))
    return rows


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


class Command(BaseCommand):
    help = "列出全部演示账号（每个账号一行：用户名、姓名、单位、角色），不写数据库。"

    def add_arguments(self, parser):
        parser.add_argument("--markdown", action="store_true", help="输出 Markdown 表格（README 用）。")

    def handle(self, *args, **options):
        try:
            loader.refuse_in_production()
        except ServiceError as exc:
            raise CommandError(exc.message)
        rows = account_rows()
        if not rows:
            self.stdout.write("尚未加载演示数据：请先运行 make demo-data。")
            return
        if options["markdown"]:
            self.stdout.write("| 用户名 | 姓名 | 单位 | 角色（数据范围） |\n|---|---|---|---|")
            for row in rows:
                self.stdout.write("| " + " | ".join(row) + " |")
            return
        self.stdout.write(f"演示账号（共 {len(rows)} 个，密码均为 {loader.demo_password()}）：")
        widths = [max(_width(r[i]) for r in rows) for i in range(3)]
        for row in rows:
            self.stdout.write("  " + "  ".join(_pad(row[i], widths[i]) for i in range(3)) + "  " + row[3])
