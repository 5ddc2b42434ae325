"""Benchmark: scoping by region-path prefix, and keyset versus OFFSET paging.

    .venv/bin/python bench/scope_and_paging.py [--rows 50000] [--repeat 7]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fazhi_bench .venv/bin/python bench/scope_and_paging.py

Builds a throw-away test database (SQLite in memory, or test_<name> on PostgreSQL when DATABASE_URL
is set), fills it with a region tree and N deadline rows, and prints RATIOS of median timings.
Absolute times depend on the machine; the ratios are what to compare between versions. Nothing is
asserted.

Rows are written with bulk_create on purpose: this measures reads, the database is dropped at the
end, and the audit chain is not part of what is measured. Application code never does this.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from fazhi.core.choices import AgencyKind, DeadlineStatus, PeriodUnit, RegionLevel  # noqa: E402
from fazhi.core.models import Agency, Deadline, Region  # noqa: E402
from fazhi.core.paging import encode_cursor, keyset_page  # noqa: E402

PAGE_SIZE = 50


def build(rows: int, seed: int) -> Region:
    """州 → 9 县 → 12 乡镇 each → 15 村 each; an agency per county and township; ``rows`` deadlines."""
    rnd = random.Random(seed)
    pref = Region.objects.create(code="522300", name="州", level=RegionLevel.PREFECTURE, region_path="522300/")
    counties, towns, villages = [], [], []
    for c in range(1, 10):
        code = f"5223{c:02d}"
        counties.append(Region(code=code, name=f"县{c}", level=RegionLevel.COUNTY, parent=pref,
                               region_path=f"{pref.region_path}{code}/"))
    Region.objects.bulk_create(counties)
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY))
    for county in counties:
        for t in range(1, 13):
            code = f"{county.code}{100 + t}"
            towns.append(Region(code=code, name=f"{county.name}镇{t}", level=RegionLevel.TOWNSHIP, parent=county,
                                region_path=f"{county.region_path}{code}/"))
    Region.objects.bulk_create(towns)
    towns = list(Region.objects.filter(level=RegionLevel.TOWNSHIP))
    for town in towns:
        for v in range(1, 16):
            code = f"{town.code}{200 + v}"
            villages.append(Region(code=code, name=f"{town.name}村{v}", level=RegionLevel.VILLAGE, parent=town,
                                   region_path=f"{town.region_path}{code}/"))
    Region.objects.bulk_create(villages, batch_size=1000)

    agencies = [Agency(name=f"{r.name}机关", kind=AgencyKind.GOVERNMENT if r.level == RegionLevel.COUNTY
                       else AgencyKind.TOWNSHIP_GOVERNMENT, region=r, region_path=r.region_path)
                for r in counties + towns]
    Agency.objects.bulk_create(agencies)
    agencies = list(Agency.objects.all())

    start = date(2026, 1, 5)
    batch = []
    for i in range(rows):
        agency = rnd.choice(agencies)
        s = start + timedelta(days=rnd.randrange(300))
        batch.append(Deadline(
            object_repr=f"事项 {i}", rule_code="bench", legal_source="基准测试", start_date=s, period=20,
            unit=PeriodUnit.CALENDAR_DAYS, due_date=s + timedelta(days=20), status=DeadlineStatus.OPEN,
            agency=agency, region_path=agency.region_path,
        ))
        if len(batch) == 5000:
            Deadline.objects.bulk_create(batch)
            batch = []
    Deadline.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics after the bulk load
    return counties[0]


def say(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def median_ms(fn, repeat: int) -> float:
    fn()  # warm the caches once
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def scope_benchmarks(county: Region, repeat: int) -> list[tuple[str, float]]:
    def prefix():
        return Deadline.objects.filter(region_path__startswith=county.region_path).count()

    def walk_per_node():
        # The naive recursion: one query per node for its children.
        ids, stack = [county.pk], [county.pk]
        while stack:
            children = list(Region.objects.filter(parent_id=stack.pop()).values_list("pk", flat=True))
            ids += children
            stack += children
        return Deadline.objects.filter(agency__region_id__in=ids).count()

    def walk_per_level():
        # A careful walk: one query per level of the tree.
        ids, frontier = [county.pk], [county.pk]
        while frontier:
            frontier = list(Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids += frontier
        return Deadline.objects.filter(agency__region_id__in=ids).count()

    assert prefix() == walk_per_node() == walk_per_level()
    return [("prefix", median_ms(prefix, repeat)), ("walk_per_node", median_ms(walk_per_node, repeat)),
            ("walk_per_level", median_ms(walk_per_level, repeat))]


def explain(qs) -> str:
    return qs.explain().replace("\n", " | ")


def paging_benchmarks(ordering: tuple[str, ...], repeat: int, far_page: int) -> list[tuple[str, float]]:
    qs = Deadline.objects.all()
    offset = (far_page - 1) * PAGE_SIZE
    # The cursor of the far page is the last row of the page before it.
    last_of_199 = qs.order_by(*ordering)[offset - 1]
    cursor = encode_cursor([getattr(last_of_199, name.lstrip("-")) for name in ordering])

    def keyset_first():
        return keyset_page(qs, ordering=ordering, page_size=PAGE_SIZE).items

    def keyset_far():
        return keyset_page(qs, ordering=ordering, cursor=cursor, page_size=PAGE_SIZE).items

    def offset_far():
        return list(qs.order_by(*ordering)[offset: offset + PAGE_SIZE])

    assert [d.pk for d in keyset_far()] == [d.pk for d in offset_far()]
    return [("keyset_page_1", median_ms(keyset_first, repeat)),
            ("keyset_page_far", median_ms(keyset_far, repeat)),
            ("offset_page_far", median_ms(offset_far, repeat))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000, help="deadline rows to create (default 50000)")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per measurement (median is used)")
    parser.add_argument("--far-page", type=int, default=200, help="the deep page compared with page 1 (default 200)")
    parser.add_argument("--explain", action="store_true", help="also print the query plans")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if args.rows < args.far_page * PAGE_SIZE:
        parser.error(f"--rows must be at least {args.far_page * PAGE_SIZE} so that page {args.far_page} exists")

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        t0 = time.perf_counter()
        county = build(args.rows, args.seed)
        built = time.perf_counter() - t0
        say(f"database: {connection.vendor}; {Region.objects.count()} regions, {Agency.objects.count()} agencies, "
              f"{Deadline.objects.count()} deadlines (built in {built:.1f} s); median of {args.repeat} runs")

        scope = dict(scope_benchmarks(county, args.repeat))
        say("\nscope: the rows of one county and everything below it")
        for name, ms in scope.items():
            say(f"  {name:<16} {ms:9.2f} ms   ratio to prefix {ms / scope['prefix']:6.2f}")

        if args.explain:
            say("  plan of prefix: " + explain(Deadline.objects.filter(region_path__startswith=county.region_path)))

        far_page = args.far_page
        for ordering in (("-id",), ("due_date", "id")):
            paging = dict(paging_benchmarks(ordering, args.repeat, far_page))
            first = paging["keyset_page_1"]
            far = paging["keyset_page_far"]
            off = paging["offset_page_far"]
            say(f"\npaging by {', '.join(ordering)} ({PAGE_SIZE} rows a page)")
            for name, ms in paging.items():
                label = name.replace("far", str(far_page))
                say(f"  {label:<16} {ms:9.2f} ms   ratio to keyset page 1 {ms / first:6.2f}")
            say(f"  OFFSET page {far_page} / keyset page {far_page}: {off / far:.2f}")
            if args.explain:
                last = Deadline.objects.order_by(*ordering)[(far_page - 1) * PAGE_SIZE - 1]
                values = [getattr(last, name.lstrip("-")) for name in ordering]
                from fazhi.core.paging import after_condition as _after_q

                say("  plan of keyset page: " + explain(
                    Deadline.objects.order_by(*ordering).filter(_after_q(ordering, values))[:PAGE_SIZE + 1]))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
