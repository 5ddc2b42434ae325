"""Walk the audit chain: exit 0 and print the count when intact, exit 1 naming the first broken event."""

import sys

from django.core.management.base import BaseCommand

from fazhi.core import audit


class Command(BaseCommand):
    help = "校验审计事件哈希链：完整时输出事件条数并以 0 退出；发现篡改时指出第一个断裂的事件并以 1 退出。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000, help="每批读取的事件条数（默认 2000）")

    def handle(self, *args, batch_size: int, **options):
        result = audit.verify(batch_size=max(1, batch_size))
        if result.ok:
            self.stdout.write(f"审计链完整：共 {result.count} 条事件。")
            return
        where = f"事件 #{result.broken_id}" if result.broken_id is not None else "链头"
        self.stderr.write(
            f"审计链已被破坏：第一个断裂处为 {where}。原因：{result.reason}。此前完好的事件 {result.count} 条。"
        )
        sys.exit(1)
