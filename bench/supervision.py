"""`make bench-supervision`: the 督促问效 monthly run and its pages at province scale, as ratios.

    BENCH_CASES=100000 make bench-supervision      # reuses (or first builds) the enforcement bench database

On the synthetic province of `bench/enforcement.py` (88 counties, BENCH_CASES cases with their clocks) it adds
a monitoring scheme whose computed leaves are the enforcement indicators for the 88 counties, then measures:

1. the monthly run (``services.compute_period`` for October: every computed indicator × every county, snapshots
   written, audited) against one hand-written SQL aggregate per indicator computing the same figures (target
   ≤ 1.5×; the figures of the run's snapshots are checked equal to the hand SQL's);
2. the scorecard and the cockpit served from the snapshots: p50 and p95 over 30 requests (target p95 < 200 ms).

Appends its figures to bench/RESULTS.md.
"""

import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

import bench.enforcement as enf  # noqa: E402  (connects, migrates and generates the province if needed)
from fazhi.core.choices import AgencyKind, Role, Scope  # noqa: E402
from fazhi.core.indicators import Period  # noqa: E402
from fazhi.core.models import Agency  # noqa: E402

CODES = list(enf.HAND_SQL)


def _scheme():
    from fazhi.supervision.models import IndicatorNode, Scheme

    scheme = Scheme.objects.filter(year=2026, name="基准测试指标体系").first()
    if scheme is not None:
        return scheme
    Scheme.objects.filter(year=2026).update(is_active=False)
    scheme = Scheme.objects.create(year=2026, version=Scheme.objects.filter(year=2026).count() + 1,
                                   name="基准测试指标体系", is_active=True)
    top = IndicatorNode.objects.create(scheme=scheme, level=1, number="1", code="enf", name="严格规范公正文明执法",
                                       unit_classes=["county"], source="computed")
    for i, code in enumerate(CODES, start=1):
        IndicatorNode.objects.create(scheme=scheme, parent=top, level=2, number=f"1.{i}", code=code, name=code,
                                     unit="rate", unit_classes=["county"], source="computed", indicator_code=code,
                                     green=80, yellow=60, period_type="month", order=i)
    return scheme


def measure_run(out):
    from fazhi.supervision import services
    from fazhi.supervision.models import Snapshot

    scheme = _scheme()
    period = Period.month(2026, 10)
    ct = enf.ContentType.objects.get_for_model(enf.Case).pk

    def hand():
        rows = {}
        with connection.cursor() as cursor:
            for code, sql in enf.HAND_SQL.items():
                cursor.execute(sql, {"start": period.start, "end": period.end, "ct": ct})
                rows[code] = {path: r for path, *r in cursor.fetchall()}
        return rows

    times_run = []
    for k in range(3):
        t0 = time.perf_counter()
        run = services.compute_period(actor=None, period=period, scheme=scheme, reason=f"基准测试第{k + 1}次")
        times_run.append(time.perf_counter() - t0)
    times_hand = []
    for _ in range(3):
        t0 = time.perf_counter()
        sums = hand()
        times_hand.append(time.perf_counter() - t0)
    same = True
    for snap in Snapshot.objects.filter(run=run).select_related("region"):
        row = sums[snap.indicator_code].get(snap.region.region_path) or [0, 0]
        same &= int(snap.numerator or 0) == int(row[-1])
    r, h = statistics.median(times_run), statistics.median(times_hand)
    out.append("\n## (1) Monthly run, October 2026 × 88 counties\n")
    out.append(f"- `compute_period` ({run.snapshot_count} snapshots written and audited): {r * 1000:.0f} ms; "
               f"one hand-written SQL aggregate per indicator ({len(CODES)} queries): {h * 1000:.0f} ms — "
               f"ratio **{r / h:.2f}** (target ≤ 1.5); the snapshots equal the hand SQL's figures: "
               f"{'yes' if same else 'NO'}")
    enf.say(out[-1])


def measure_pages(out):
    user = enf._user("bench_office", Agency.objects.get(name="合成省人民政府"), Role.FZB_ADMIN, Scope.ALL)
    client = Client()
    client.force_login(user)
    out.append("\n## (2) Pages served from the snapshots (30 requests)\n")
    out.append("| page | p50 ms | p95 ms |")
    out.append("|---|---:|---:|")
    for label, url in (("scorecard", "/supervision/"), ("cockpit", "/supervision/cockpit/")):
        assert client.get(url).status_code == 200
        times = []
        for _ in range(30):
            t0 = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        out.append(f"| {label} | {statistics.median(times):.1f} | {times[int(len(times) * 0.95) - 1]:.1f} |")
        enf.say(out[-1])


def main():
    if connection.vendor != "postgresql":
        sys.exit("the supervision bench needs PostgreSQL")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not enf.Case.objects.exists():
        enf.say(f"generating {enf.N_CASES} cases …")
        enf._generate(enf.N_CASES)
    out = ["", f"# `make bench-supervision` results ({enf.Case.objects.count()} cases, 88 counties)", "",
           f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", f"- machine: {enf.machine()}",
           f"- {Agency.objects.filter(kind=AgencyKind.DEPARTMENT).count()} enforcement agencies; "
           f"indicators: {', '.join(CODES)}"]
    measure_run(out)
    measure_pages(out)
    with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as fh:
        fh.write("\n".join(out) + "\n")
    enf.say("\nappended to bench/RESULTS.md")


if __name__ == "__main__":
    os.environ.setdefault("BENCH_CASES", "100000")
    main()
