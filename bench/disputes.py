"""`make bench-disputes`: the staff 人民调解 case list against a bare view of the same scoped query.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fazhi_bench_disputes BENCH_MEDIATIONS=200000 \
        .venv/bin/python bench/disputes.py

The database named in DATABASE_URL is created and migrated if needed, then filled through COPY with a prefecture
of 9 counties (each a government, a 司法局 and BENCH_TOWNSHIPS townships with their government and two mediation
committees guided by it) and BENCH_MEDIATIONS mediation cases (every state, source and dispute type). A rerun with
the same size reuses it. For a prefecture user (全部), a county user (本地区) and a township government's user
(本单位), the first page and a deep keyset page: the page and the API list against a bare Django view running the
same scoped query with ``.values()`` of the columns the page reads, p50 of BENCH_LIST_REPEAT rounds. Prints only
(bench/RESULTS.md is left as it is); with BENCH_EXPLAIN=1 also the plan of each page's query.
"""

import os
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fazhi_bench_disputes")

N_CASES = int(os.environ.get("BENCH_MEDIATIONS", "200000"))
TOWNSHIPS = int(os.environ.get("BENCH_TOWNSHIPS", "8"))
LIST_REPEAT = int(os.environ.get("BENCH_LIST_REPEAT", "30"))
ORDERING = ("-received_on", "-id")  # the page's default sort

from bench.common import (  # noqa: E402
    bench_user,
    copy_rows,
    deep_cursor,
    deep_page,
    ensure_database,
    install_bare_view,
    interleaved_median_ms,
    machine,
    say,
)

ensure_database()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the in-process test client

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from fazhi.core.choices import AgencyKind, RegionLevel, Role, Scope  # noqa: E402
from fazhi.core.models import Agency, Region  # noqa: E402
from fazhi.core.paging import after_condition, decode_cursor  # noqa: E402
from fazhi.disputes import selectors  # noqa: E402
from fazhi.disputes.choices import CaseSource, CommitteeKind, ConfirmResult, DisputeType, MedState  # noqa: E402
from fazhi.disputes.models import Committee, MediationCase  # noqa: E402

COUNTIES = ["兴义市", "兴仁市", "普安县", "晴隆县", "贞丰县", "望谟县", "册亨县", "安龙县", "义龙新区"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林"

# What the page reads: the columns of its table (the bare view's ``.values()``).
PAGE_COLUMNS = selectors.MEDIATION_TABLE_FIELDS


# ------------------------------------------------------------------ generation


def _org():
    """The prefecture, its counties (government, 司法局) and townships (government, two committees each)."""
    if Region.objects.filter(code="522300").exists():
        return
    pref = Region.objects.create(code="522300", name="黔西南州", level=RegionLevel.PREFECTURE, region_path="522300/")
    Agency.objects.create(name="黔西南州司法局", kind=AgencyKind.DEPARTMENT, region=pref, region_path=pref.region_path)
    for i, name in enumerate(COUNTIES, start=1):
        code = f"5223{i:02d}"
        county = Region.objects.create(code=code, name=name, level=RegionLevel.COUNTY, parent=pref,
                                       region_path=f"522300/{code}/")
        Agency.objects.create(name=f"{name}人民政府", kind=AgencyKind.GOVERNMENT, region=county,
                              region_path=county.region_path)
        Agency.objects.create(name=f"{name}司法局", kind=AgencyKind.DEPARTMENT, region=county,
                              region_path=county.region_path)
        for j in range(1, TOWNSHIPS + 1):
            tcode = f"{code}{j:03d}"
            town = Region.objects.create(code=tcode, name=f"{name}第{j}镇", level=RegionLevel.TOWNSHIP, parent=county,
                                         region_path=f"{county.region_path}{tcode}/")
            gov = Agency.objects.create(name=f"{town.name}人民政府", kind=AgencyKind.TOWNSHIP_GOVERNMENT, region=town,
                                        region_path=town.region_path)
            for kind, label in ((CommitteeKind.TOWNSHIP, "人民调解委员会"), (CommitteeKind.VILLAGE, "中心村人民调解委员会")):
                Committee.objects.create(name=f"{town.name}{label}", kind=kind, region=town, agency=gov,
                                         term_start=date(2024, 1, 1), region_path=town.region_path)


def _generate(n):
    rnd = random.Random(2026)
    committees = list(Committee.objects.values_list("pk", "agency_id", "region_path"))
    sources = [s for s, _ in CaseSource.choices]
    types = [t for t, _ in DisputeType.choices]
    states = [s for s, _ in MedState.choices]
    results = [r for r, _ in ConfirmResult.choices if r]
    import uuid

    fields = ["code", "committee", "agency", "source", "dispute_type", "parties", "summary", "amount", "received_on",
              "state", "confirm_result", "created_at", "updated_at", "region_path"]
    from django.utils import timezone

    now = timezone.now()

    def rows():
        for i in range(n):
            committee, agency, path = rnd.choice(committees)
            a, b = rnd.choice(SURNAMES), rnd.choice(SURNAMES)
            parties = f"{a}某某（申请人）与{b}某某（被申请人）等{rnd.randrange(2, 6)}人第{i}号"
            state = MedState.OPEN if rnd.random() < 0.3 else rnd.choice(states)
            confirm = rnd.choice(results) if state == MedState.SUCCESS and rnd.random() < 0.2 else ""
            amount = Decimal(rnd.randrange(100, 5_000_000)) / 100 if rnd.random() < 0.5 else None
            received = date(2019, 1, 1) + timedelta(days=rnd.randrange(2700))
            yield (uuid.uuid4(), committee, agency, rnd.choice(sources), rnd.choice(types), parties, "纠纷简要情况",
                   amount, received, state, confirm, now, now, path)

    copy_rows(MediationCase, rows(), fields)


_ROLES = (Role.MEDIATOR,)  # the bench users read and register mediation cases


def _bench_users():
    one = Agency.objects.filter(kind=AgencyKind.TOWNSHIP_GOVERNMENT).order_by("id").first()
    return {"prefecture (全部)": bench_user("bench_med_all", Agency.objects.get(name="黔西南州司法局"), Scope.ALL, _ROLES),
            "county (本地区)": bench_user("bench_med_county", Agency.objects.get(name="兴义市司法局"), Scope.REGION, _ROLES),
            "one unit (本单位)": bench_user("bench_med_unit", one, Scope.AGENCY, _ROLES)}


# ------------------------------------------------------------------ measuring


def _plan(user, cursor):
    qs = selectors.mediation_list(user=user).order_by(*ORDERING)
    if cursor:
        qs = qs.filter(after_condition(ORDERING, decode_cursor(cursor, len(ORDERING)), qs.model))
    return qs.values(*PAGE_COLUMNS)[:51].explain(analyze=True)


def measure(users):
    from rest_framework.authtoken.models import Token

    install_bare_view("mediations", selectors.mediation_list, ORDERING, PAGE_COLUMNS)
    explain = os.environ.get("BENCH_EXPLAIN") == "1"
    url, api_url = reverse("disputes:mediations"), reverse("disputes-api:mediation-list")
    say(f"\n## Staff 人民调解 case list and API (p50 ms of {LIST_REPEAT} rounds; ratio to the bare view)\n")
    say("| user | rows in scope | page | bare | page view | ratio | API | ratio |")
    say("|---|---:|---|---:|---:|---:|---:|---:|")
    plans = []
    for label, user in users.items():
        client = Client()
        client.force_login(user)
        token, _ = Token.objects.get_or_create(user=user)
        api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        scoped = selectors.mediation_list(user=user)
        total = scoped.count()
        deep = deep_page(total)
        for page_name, number in (("first", None), (f"deep (page {deep})", deep)):
            if page_name != "first" and number is None:
                continue
            cursor = deep_cursor(scoped, ORDERING, number) if number else None
            api_cursor = deep_cursor(scoped, ("-id",), number) if number else None  # the API orders by -id
            params = {"after": cursor} if cursor else {}

            def bare(params=params, client=client):
                assert client.get("/bench/mediations/", params).status_code == 200

            def page(params=params, client=client):
                assert client.get(url, params).status_code == 200

            def api_page(c=api_cursor, api=api):
                r = api.get(api_url, {"after": c} if c else {})
                assert r.status_code == 200, r.content[:200]

            b, p, a = interleaved_median_ms([bare, page, api_page], LIST_REPEAT)
            say(f"| {label} | {total} | {page_name} | {b:.1f} | {p:.1f} | {p / b:.2f}× | {a:.1f} | {a / b:.2f}× |")
            if explain:
                plans.append(f"### {label}, {page_name}\n{_plan(user, cursor)}")
    for plan in plans:
        say("\n" + plan)
    say("\nThe bare view runs the page's scoped query with `.values()` of the columns the page reads, through the "
        "same middleware, and returns JSON; the page also renders the shell, the filter bar and the table.")


def main():
    if connection.vendor != "postgresql":
        sys.exit("bench/disputes.py needs PostgreSQL (DATABASE_URL=postgres://…)")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    have = MediationCase.objects.count()
    if have != N_CASES:
        if have:
            sys.exit(f"database holds {have} mediation cases, BENCH_MEDIATIONS={N_CASES}: drop it or use another name")
        t0 = time.perf_counter()
        say(f"generating {N_CASES} mediation cases …")
        with transaction.atomic():
            _org()
            _generate(N_CASES)
        say(f"generated in {time.perf_counter() - t0:.0f} s")
    else:
        say(f"reusing the generated database ({have} mediation cases)")
    with connection.cursor() as cursor:
        # what autovacuum does in production: statistics and the visibility map after a bulk load or a migration
        for table in ("disputes_mediationcase", "disputes_committee", "core_agency", "core_region"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    users = _bench_users()
    say(f"- machine: {machine()}")
    say(f"- size: {MediationCase.objects.count()} mediation cases, {Committee.objects.count()} committees, "
        f"{Agency.objects.count()} agencies in {len(COUNTIES)} counties")
    measure(users)


if __name__ == "__main__":
    main()
