"""Walk the audit chain: exit 0 and print the count when intact, exit 1 naming the first broken event.

By default only the events after the last verified checkpoint are read (the nightly run); ``--full``
re-verifies the whole chain, split across ``--workers`` processes on PostgreSQL. An intact run moves
the checkpoint (a file outside the database: settings.FAZHI_AUDIT_CHECKPOINT_FILE) and anchors the
heads of the other chains in chain 1 (``audit.anchor``), so that a whole chain removed later is caught."""

import sys

from django.core.management.base import BaseCommand

from fazhi.core import audit
from fazhi.core.models import AuditChainHead


class Command(BaseCommand):
    help = ("校验审计事件哈希链：完整时输出事件条数并以 0 退出；发现篡改时指出第一个断裂的事件并以 1 退出。"
            "默认只校验上次检查点之后的新事件；--full 全量校验。")

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000, help="每批读取的事件条数（默认 2000）")
        parser.add_argument("--full", action="store_true", help="全量校验整条链（忽略检查点）")
        parser.add_argument("--workers", type=int, default=2, help="全量校验的并行进程数（PostgreSQL，默认 2）")

    def handle(self, *args, batch_size: int, full: bool = False, workers: int = 2, **options):
        batch_size = max(1, batch_size)
        since = None if full else audit.last_checkpoint()
        if since is None:
            result = audit.verify_full(batch_size=batch_size, workers=max(1, workers))
            scope = "全量"
        else:
            result = audit.verify(batch_size=batch_size, since=since)
            scope = f"增量（检查点之后 {max(0, result.count - since.count)} 条）"
        if result.ok:
            audit.save_checkpoint(result)
            anchored = audit.anchor()
            chains = AuditChainHead.objects.filter(count__gt=0).count()
            self.stdout.write(f"审计链完整：共 {result.count} 条事件，分布在 {chains} 条链上。校验范围：{scope}。"
                              + (f"已将其余各链的链头锚定于事件 #{anchored.pk}。" if anchored else ""))
            return
        where = f"事件 #{result.broken_id}" if result.broken_id is not None else "链头"
        self.stderr.write(
            f"审计链已被破坏：第一个断裂处为 {where}。原因：{result.reason}。此前完好的事件 {result.count} 条。"
        )
        sys.exit(1)
