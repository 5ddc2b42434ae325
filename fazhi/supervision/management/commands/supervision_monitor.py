"""月监测 by hand: compute (or recompute, with a reason) one closed month."""

from django.core.management.base import BaseCommand, CommandError

from fazhi.core.errors import ServiceError
from fazhi.core.indicators import Period


class Command(BaseCommand):
    help = "计算某一已结束月份的全部系统计算指标（已计算过的月份须用 --reason 说明重算理由，重算结果不自动发布）。"

    def add_arguments(self, parser):
        parser.add_argument("month", help="YYYY-MM")
        parser.add_argument("--reason", default="")
        parser.add_argument("--publish", action="store_true", help="重算后立即发布新版本")

    def handle(self, *args, month, reason, publish, **options):
        from fazhi.supervision import services

        try:
            y, m = (int(x) for x in month.split("-"))
            period = Period.month(y, m)
        except ValueError:
            raise CommandError("月份格式应为 YYYY-MM。") from None
        try:
            run = services.compute_period(actor=None, period=period, reason=reason, publish=publish or None)
        except ServiceError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(f"{period.label}：第{run.version}版，{run.snapshot_count}条快照，"
                          f"{'已发布' if run.is_published else '未发布（待确认）'}")
        if run.unregistered:
            self.stdout.write("未登记的指标（各模块尚未注册）：" + "、".join(run.unregistered))
