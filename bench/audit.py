"""`make bench-audit`: audit appends per second with concurrent writers on PostgreSQL, one chain against several.

    BENCH_WRITERS=8 BENCH_SECONDS=10 make bench-audit

Each writer is a thread with its own connection that, for BENCH_SECONDS, opens a transaction, appends one
event with ``audit.record`` (as every service does inside its state change) and commits. It runs twice: with
``FAZHI_AUDIT_CHAINS=1`` — every append locks the one head row, which is how the log worked before the chains
(the *before*) — and with the platform's setting (the *after*), then checks the whole log with ``audit.verify``.
A second pair of runs does BENCH_WORK_MS of other writing in the same transaction after the append, as a
service that records and then writes its deadlines and notifications does: the head stays locked until commit.
Appends its figures to bench/RESULTS.md.
"""

import os
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fazhi_bench_audit")

from bench.common import ensure_database, machine  # noqa: E402

ensure_database()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from fazhi.core import audit  # noqa: E402
from fazhi.core.models import AuditChainHead  # noqa: E402

WRITERS = int(os.environ.get("BENCH_WRITERS", "8"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
WORK_MS = float(os.environ.get("BENCH_WORK_MS", "2"))
CHAINS = int(getattr(settings, "FAZHI_AUDIT_CHAINS", 8))


def run(chains: int, work_ms: float) -> tuple[float, int, int]:
    """Appends per second with WRITERS threads; the number of chains they used; errors."""
    settings.FAZHI_AUDIT_CHAINS = chains
    before = {h.pk: h.count for h in AuditChainHead.objects.all()}
    counts = [0] * WRITERS
    errors: list[BaseException] = []
    barrier = threading.Barrier(WRITERS + 1)
    stop = threading.Event()

    def writer(n: int) -> None:
        try:
            barrier.wait()
            while not stop.is_set():
                with transaction.atomic():
                    audit.record(actor=None, action="bench.append", object_type="bench.thing",
                                 object_id=f"{n}-{counts[n]}", after={"writer": n})
                    if work_ms:
                        with connection.cursor() as cursor:
                            cursor.execute("SELECT pg_sleep(%s)", [work_ms / 1000])
                counts[n] += 1
        except BaseException as exc:  # noqa: BLE001 - reported by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    barrier.wait()
    t0 = time.perf_counter()
    time.sleep(SECONDS)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - t0
    used = sum(1 for h in AuditChainHead.objects.all() if h.count > before.get(h.pk, 0))
    return sum(counts) / elapsed, used, len(errors)


def main():
    call_command("migrate", verbosity=0)
    say = print
    lines = ["", "# `make bench-audit` results", "",
             f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", f"- machine: {machine()}",
             f"- {WRITERS} writer threads, each with its own connection, {SECONDS:g} s per run; one event per "
             "transaction; the *before* is the single head row every append locked (FAZHI_AUDIT_CHAINS=1).", ""]
    lines.append("| transaction | chains | appends/s | chains used | errors | ratio to one chain |")
    lines.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for work in (0.0, WORK_MS):
        label = "append only" if not work else f"append, then {work:g} ms of other writing"
        one, _, e1 = run(1, work)
        many, used, e2 = run(CHAINS, work)
        lines.append(f"| {label} | 1 | {one:,.0f} | 1 | {e1} | 1.00 |")
        lines.append(f"| {label} | {CHAINS} | {many:,.0f} | {used} | {e2} | **{many / one:.2f}** |")
        say(lines[-2]), say(lines[-1])
    t0 = time.perf_counter()
    result = audit.verify()
    lines += ["", f"- `audit.verify()` afterwards: {'intact' if result.ok else 'BROKEN: ' + result.reason}, "
              f"{result.count:,} events in {time.perf_counter() - t0:.1f} s.", ""]
    say(lines[-2])
    with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as fh:
        fh.write("\n".join(lines))
    say("appended to bench/RESULTS.md")


if __name__ == "__main__":
    main()
