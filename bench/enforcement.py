"""`make bench-enforcement`: a synthetic province's 行政执法 on PostgreSQL, measured as ratios in one run.

    BENCH_CASES=100000 make bench-enforcement          # database fazhi_bench_enf_100000, filled once
    BENCH_CASES=1000000 make bench-enforcement         # the 1M size (about 10 minutes to generate here)

88 counties (a government and three enforcement agencies each, ten officers and three matters per agency)
and BENCH_CASES cases in every state with their clocks, written through COPY. Measured:

1. validated bulk import (``imports.import_run`` on a 5 000-row workbook) against PostgreSQL ``COPY`` of
   the same rows — rows per second, ratio (target ≥ 0.2);
2. the staff case list, first and a deep keyset page, for a province user, a county user and a one-agency
   user, against a bare Django view running the same scoped ``.values()`` query (target ≤ 1.5×);
3. three registered enforcement indicators for one month × all 88 counties through the registry against
   one hand-written SQL aggregate each (target ≤ 1.5×);
4. the daily deadline scan, in seconds per million open deadlines.

A rerun with the same size reuses the database. Appends its figures to bench/RESULTS.md.

    BENCH_ONLY=lists          only (2), printed; RESULTS.md is left as it is
    BENCH_ROUNDS=60           rounds of (2), the bare view, the page and the API interleaved in each (default 15)
"""

import io
import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.test")
N_CASES = int(os.environ.get("BENCH_CASES", "100000"))
os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/fazhi_bench_enf_{N_CASES}")
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
ONLY = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
N_COUNTIES = 88
IMPORT_ROWS = 5000


from bench.common import ensure_database, machine  # noqa: E402

ensure_database()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from psycopg.types.json import Jsonb  # noqa: E402

from fazhi.core.choices import AgencyKind, RegionLevel, Role, Scope  # noqa: E402
from fazhi.core.indicators import Period, evaluate, get  # noqa: E402
from fazhi.core.models import Agency, Deadline, Region, RoleAssignment, User  # noqa: E402
from fazhi.core.paging import encode_cursor  # noqa: E402
from fazhi.enforcement import selectors  # noqa: E402
from fazhi.enforcement.choices import CaseState  # noqa: E402
from fazhi.enforcement.models import Case, ImportJob, Matter, Officer  # noqa: E402

AGENCIES = ["综合行政执法局", "生态环境局", "市场监督管理局"]
STATES = [(CaseState.CLOSED, 45), (CaseState.PUBLISHED, 10), (CaseState.EXECUTED, 8), (CaseState.SERVED, 5),
          (CaseState.DECIDED, 4), (CaseState.NOTIFIED, 8), (CaseState.INVESTIGATING, 8), (CaseState.REGISTERED, 6),
          (CaseState.SOURCE, 4), (CaseState.DROPPED, 2)]
DECIDED = {CaseState.CLOSED, CaseState.PUBLISHED, CaseState.EXECUTED, CaseState.SERVED, CaseState.DECIDED}
TODAY = date(2026, 12, 1)


def say(text=""):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _copy(model, rows, fields):
    table = model._meta.db_table
    cols = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


# ------------------------------------------------------------------ generation


def _org():
    if Region.objects.filter(code="520000").exists():
        return
    root = Region.objects.create(code="520000", name="合成省", level=RegionLevel.PREFECTURE, region_path="520000/")
    Agency.objects.create(name="合成省人民政府", kind=AgencyKind.GOVERNMENT, region=root, region_path=root.region_path)
    for i in range(1, N_COUNTIES + 1):
        code = f"52{i // 10 + 1:02d}{i % 10:02d}"
        county = Region.objects.create(code=code, name=f"第{i}县", level=RegionLevel.COUNTY, parent=root,
                                       region_path=f"520000/{code}/")
        Agency.objects.create(name=f"第{i}县人民政府", kind=AgencyKind.GOVERNMENT, region=county,
                              region_path=county.region_path)
        for name in AGENCIES:
            agency = Agency.objects.create(name=f"第{i}县{name}", kind=AgencyKind.DEPARTMENT, region=county,
                                           region_path=county.region_path)
            for k in range(3):
                Matter.objects.create(agency=agency, region_path=agency.region_path, code=f"M{k}", name=f"事项{k}",
                                      kind="penalty", legal_basis="某法第某条")
            Officer.objects.bulk_create([Officer(agency=agency, region_path=agency.region_path, name=f"执法员{k}",
                                                 certificate_no=f"{agency.pk:05d}{k:03d}", field="综合",
                                                 issued_on=date(2024, 1, 1), expires_on=date(2028, 1, 1))
                                         for k in range(10)])


def _user(username, agency, role, scope):
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username=username, password="Bench-2026-pass", agency=agency,
                                        full_name=username, region_path=agency.region_path, must_change_password=False)
        RoleAssignment.objects.create(user=user, role=role, scope=scope)
    return user


def _generate(n):
    rnd = random.Random(2026)
    _org()
    agencies = list(Agency.objects.filter(kind=AgencyKind.DEPARTMENT).values_list("pk", "region_path"))
    matters = {}
    for m in Matter.objects.values_list("agency_id", "pk"):
        matters.setdefault(m[0], []).append(m[1])
    states, weights = zip(*STATES, strict=True)
    ct = ContentType.objects.get_for_model(Case).pk
    now = datetime.now(UTC)
    fields = ["code", "agency", "region_path", "number", "matter", "procedure", "state", "party_name", "party_kind",
              "party_id_no", "party_address", "facts", "source", "occurred_on", "discovered_on", "serious_harm",
              "registered_on", "penalty_kind", "fine_amount", "outside_range_reason", "lenient_reason", "major_reasons",
              "party_operator", "notice_served_on", "hearing_eligible", "hearing_waived", "needs_discussion", "decided_on",
              "decision_text", "served_on", "published_on", "published_text", "withdrawal_reason", "executed_on",
              "closed_on", "created_at", "updated_at"]
    plan = []

    def rows():
        for i in range(1, n + 1):
            agency_id, path = agencies[rnd.randrange(len(agencies))]
            state = rnd.choices(states, weights)[0]
            discovered = TODAY - timedelta(days=rnd.randrange(3, 700))
            registered = discovered + timedelta(days=2) if state not in (CaseState.SOURCE, CaseState.DROPPED) else None
            decided = registered + timedelta(days=rnd.randrange(20, 110)) if state in DECIDED else None
            if decided and decided > TODAY:
                decided = TODAY
            published = decided + timedelta(days=rnd.randrange(1, 12)) if decided and state in (
                CaseState.CLOSED, CaseState.PUBLISHED, CaseState.EXECUTED) else None
            fine = rnd.choice([200, 500, 1000, 2000, 5000, 10000, 50000]) if decided else None
            plan.append((i, agency_id, path, registered, decided, published))
            yield (uuid.uuid4(), agency_id, path, f"罚〔{discovered.year}〕{i}号" if registered else "",
                   rnd.choice(matters[agency_id]), "general", state, f"当事人{i}", "organisation", "", "", "违法事实",
                   "日常巡查", discovered - timedelta(days=3), discovered, False, registered, "fine" if fine else "",
                   fine, "", "", Jsonb([]), "", None, False, False, False, decided, "", decided, published,
                   "", "", None, None, now, now)

    _copy(Case, rows(), fields)
    first = Case.objects.order_by("id").values_list("id", flat=True).first()
    dfields = ["content_type", "object_id", "object_repr", "link", "rule_code", "legal_source", "start_date", "period",
               "unit", "due_date", "provisional", "status", "agency", "created_at", "completed_on", "cancel_reason",
               "reminded_days", "region_path"]

    def deadlines():
        for i, agency_id, path, registered, decided, published in plan:
            pk = first + i - 1
            if registered:
                due = registered + timedelta(days=90)
                status = "done" if decided else ("overdue" if due < TODAY else "open")
                yield (ct, str(pk), f"案件{i}", "", "enforcement.decision", "《行政处罚法》第六十条", registered, 90,
                       "calendar_days", due, False, status, agency_id, now, decided, "", Jsonb([]), path)
            if decided:
                due = decided + timedelta(days=9)
                status = "done" if published else ("overdue" if due < TODAY else "open")
                yield (ct, str(pk), f"案件{i}", "", "enforcement.publication", "《行政处罚法》第四十八条", decided, 7,
                       "working_days", due, False, status, agency_id, now, published, "", Jsonb([]), path)

    _copy(Deadline, deadlines(), dfields)


# ------------------------------------------------------------------ measuring


def median_ms(fn, repeat=REPEAT):
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def interleaved(fns, rounds=ROUNDS):
    """p50 wall and CPU (process time) ms of each of ``fns``, called in turn in every round (after one warm-up
    round), so that a slower moment of the shared machine falls on all of them alike."""
    for fn in fns:
        fn()
    wall, cpu = [[] for _ in fns], [[] for _ in fns]
    for _ in range(rounds):
        for k, fn in enumerate(fns):
            c0, t0 = time.process_time(), time.perf_counter()
            fn()
            wall[k].append((time.perf_counter() - t0) * 1000)
            cpu[k].append((time.process_time() - c0) * 1000)
    return [statistics.median(w) for w in wall], [statistics.median(c) for c in cpu]


def _import_once(agency, certs, stamp, fmt):
    from django.core.files.base import ContentFile
    from openpyxl import Workbook

    from fazhi.core.attachments import attachment_create
    from fazhi.enforcement.imports import COLUMNS, import_run

    rows = [[f"导入{stamp}{fmt}-{k}", "M0", "普通程序", f"某公司{k}", "法人或其他组织", "", "2026-03-02", "2026-03-10",
             "2026-03-12", "罚款", "2000", "2026-05-20", "、".join(certs)] for k in range(IMPORT_ROWS)]
    if fmt == "xlsx":
        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        ws.append(COLUMNS["case"])
        for r in rows:
            ws.append(r)
        buf = io.BytesIO()
        wb.save(buf)
        content = buf.getvalue()
    else:
        import csv

        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(COLUMNS["case"])
        writer.writerows(rows)
        content = buf.getvalue().encode("utf-8")
    source = attachment_create(actor=None, uploaded_file=ContentFile(content, name=f"bench.{fmt}"), agency=agency)
    job = ImportJob.objects.create(agency=agency, region_path=agency.region_path, kind="case", source=source)
    t0 = time.perf_counter()
    result = import_run(job.pk)
    elapsed = time.perf_counter() - t0
    assert result.get("created") == IMPORT_ROWS, result
    return elapsed


def measure_import(out):
    """(1) A 5 000-row validated import (.xlsx and .csv) against COPY of the same rows."""
    agency = Agency.objects.filter(kind=AgencyKind.DEPARTMENT).order_by("id").first()
    certs = list(Officer.objects.filter(agency=agency).values_list("certificate_no", flat=True)[:2])
    stamp = datetime.now(UTC).strftime("%H%M%S%f")
    t_xlsx = _import_once(agency, certs, stamp, "xlsx")
    t_csv = _import_once(agency, certs, stamp, "csv")
    rows = list(Case.objects.filter(number__startswith=f"导入{stamp}csv-").values_list(
        "agency_id", "region_path", "matter_id", "party_name", "occurred_on", "discovered_on", "registered_on",
        "decided_on", "fine_amount"))
    fields = ["code", "agency", "region_path", "number", "matter", "procedure", "state", "party_name", "party_kind",
              "party_id_no", "party_address", "facts", "source", "occurred_on", "discovered_on", "serious_harm",
              "registered_on", "penalty_kind", "fine_amount", "outside_range_reason", "lenient_reason",
              "major_reasons", "hearing_eligible", "hearing_waived", "needs_discussion", "decided_on", "decision_text",
              "published_text", "withdrawal_reason", "party_operator", "created_at", "updated_at"]
    now = datetime.now(UTC)
    t0 = time.perf_counter()
    _copy(Case, ((uuid.uuid4(), a, p, f"COPY{stamp}-{k}", m, "general", "decided", party, "organisation", "", "",
                  "", "", o, d, False, r, "fine", f, "", "", Jsonb([]), False, False, False, dec, "", "", "", "", now, now)
                 for k, (a, p, m, party, o, d, r, dec, f) in enumerate(rows)), fields)
    t_copy = time.perf_counter() - t0
    Case.objects.filter(number__startswith=f"COPY{stamp}-").delete()
    Case.objects.filter(number__startswith=f"导入{stamp}").delete()  # the database stays the same size
    rate_c = IMPORT_ROWS / t_copy
    out.append("\n## (1) Validated import vs COPY (5 000 case rows, two officers each)\n")
    out.append(f"- COPY of the same rows: {t_copy:.3f} s = {rate_c:,.0f} rows/s")
    for fmt, t in (("xlsx", t_xlsx), ("csv", t_csv)):
        rate = IMPORT_ROWS / t
        out.append(f"- import of the .{fmt} (read, validate every row, commit in batches of 1 000 with the officers "
                   f"and one audit event each): {t:.2f} s = {rate:,.0f} rows/s — ratio to COPY **{rate / rate_c:.2f}** "
                   f"(target ≥ 0.2)")
    for line in out[-3:]:
        say(line)


def _deep_cursor(qs, page=40):
    ids = list(qs.order_by("-id").values_list("id", flat=True)[page * 50 - 1:page * 50])
    return encode_cursor(ids) if ids else None


def _bare_view(request):
    """What the issue compares against: a bare Django view running the same scoped query with ``.values()``
    (through the same middleware: session, authentication, security headers) and returning the rows."""
    from django.http import JsonResponse

    from fazhi.core.paging import after_condition, decode_cursor

    qs = selectors.case_rows(user=request.user).order_by("-id")
    cursor = request.GET.get("after")
    if cursor:
        qs = qs.filter(after_condition(("-id",), decode_cursor(cursor, 1), Case))
    return JsonResponse({"rows": list(qs.values(*TABLE_FIELDS)[:51])}, json_dumps_params={"default": str})


# The columns the page's table reads (what the bare view reads too).
TABLE_FIELDS = selectors.CASE_TABLE_FIELDS


def _install_bare_view():
    import types

    from django.urls import clear_url_caches, include, path

    module = types.ModuleType("bench_urls")
    module.urlpatterns = [path("bench/cases/", _bare_view), path("", include(settings.ROOT_URLCONF))]
    sys.modules["bench_urls"] = module
    settings.ROOT_URLCONF = "bench_urls"
    clear_url_caches()


def measure_lists(out):
    """(2) The case list page against a bare view running the same scoped .values() query, three kinds of user."""
    root = Agency.objects.get(name="合成省人民政府")
    county_gov = Agency.objects.get(name="第1县人民政府")
    one = Agency.objects.get(name="第1县综合行政执法局")
    users = {"province (all)": _user("bench_all", root, Role.FZB_ADMIN, Scope.ALL),
             "county (region)": _user("bench_county", county_gov, Role.COUNTY_FZB, Scope.REGION),
             "one agency": _user("bench_agency", one, Role.LEGAL_STAFF, Scope.AGENCY)}
    _install_bare_view()
    from rest_framework.authtoken.models import Token

    out.append("\n## (2) Case list page and API vs a bare view of the same scoped query (p50 ms)\n")
    out.append(f"{ROUNDS} rounds, the three requests interleaved in each; CPU = process time (bare / page / API).\n")
    out.append("| user | rows in scope | page | bare view | page | ratio | API | ratio | CPU ms | page CPU ratio |")
    out.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    worst = worst_api = 0.0
    for label, user in users.items():
        client = Client()
        client.force_login(user)
        token, _ = Token.objects.get_or_create(user=user)
        api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        scoped = selectors.case_rows(user=user)
        total = scoped.count()
        for page_name, cursor in (("first", None), ("deep (page 40)", _deep_cursor(scoped))):
            if page_name != "first" and cursor is None:
                continue  # fewer than 40 pages in scope
            params = {"after": cursor} if cursor else {}

            def bare(params=params, client=client):
                assert client.get("/bench/cases/", params).status_code == 200

            def page(params=params, client=client):
                assert client.get(reverse("enforcement:cases"), params).status_code == 200

            def api_page(params=params, api=api):
                assert api.get("/api/v1/enforcement/cases/", params).status_code == 200

            (b, p, a), (bc, pc, ac) = interleaved((bare, page, api_page))
            worst = max(worst, p / b)
            worst_api = max(worst_api, a / b)
            out.append(f"| {label} | {total} | {page_name} | {b:.1f} | {p:.1f} | {p / b:.2f}× | {a:.1f} | {a / b:.2f}× |"
                       f" {bc:.1f} / {pc:.1f} / {ac:.1f} | {pc / bc:.2f}× |")
            say(out[-1])
    out.append(f"\nWorst ratio: API {worst_api:.1f}×, page {worst:.1f}× (target ≤ 1.5×). The API returns the same rows "
               f"as JSON through DRF; the page renders the whole shell (navigation, the filter bar with the agency "
               f"choices of the user's scope, 50 table rows) — a constant cost of HTML the bare JSON view does not pay.")


HAND_SQL = {
    "enforcement.decisions": """
        SELECT substr(c.region_path, 1, 14), count(*) FROM enforcement_case c
        WHERE c.decided_on BETWEEN %(start)s AND %(end)s AND c.state <> 'dropped' GROUP BY 1""",
    "enforcement.within_90_days": """
        SELECT substr(c.region_path, 1, 14), count(d.id),
               count(d.id) FILTER (WHERE d.completed_on IS NOT NULL AND d.completed_on <= d.due_date)
        FROM enforcement_case c JOIN core_deadline d ON d.content_type_id = %(ct)s AND d.object_id = c.id::text
             AND d.rule_code = 'enforcement.decision'
        WHERE c.decided_on BETWEEN %(start)s AND %(end)s AND c.state <> 'dropped' GROUP BY 1""",
    "enforcement.certificate_validity": """
        SELECT substr(o.region_path, 1, 14), count(*),
               count(*) FILTER (WHERE o.status = 'valid' AND o.expires_on >= %(end)s)
        FROM enforcement_officer o GROUP BY 1""",
}


def measure_indicators(out):
    """(3) A month × all counties through the registry vs one hand-written aggregate per indicator."""
    period = Period.month(2026, 10)
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code"))
    ct = ContentType.objects.get_for_model(Case).pk
    out.append("\n## (3) Indicators, October 2026 × 88 counties (p50 ms)\n")
    out.append("| indicator | registry (`evaluate`, 88 counties) | one hand-written SQL | ratio | same figures |")
    out.append("|---|---:|---:|---:|---|")
    for code, sql in HAND_SQL.items():
        indicator = get(code)

        def engine(indicator=indicator):
            return {c.region_path: f for c, f in evaluate(indicator, counties, period).items()}

        def hand(sql=sql):
            with connection.cursor() as cursor:
                cursor.execute(sql, {"start": period.start, "end": period.end, "ct": ct})
                return {row[0]: row[1:] for row in cursor.fetchall()}

        figures, sums = engine(), hand()
        same = True
        for path, f in figures.items():
            row = sums.get(path) or (0, 0)
            # a count is (n,); a rate is (denominator, numerator)
            same &= (f.numerator or 0) == row[-1] and (f.denominator is None or f.denominator == row[0])
        e, h = median_ms(engine, repeat=5), median_ms(hand, repeat=5)
        out.append(f"| `{code}` | {e:.1f} | {h:.1f} | {e / h:.1f}× | {'yes' if same else 'NO'} |")
        say(out[-1])
    out.append("\n`indicators.evaluate` uses an indicator's grouped `many` (one GROUP BY per region depth) — what "
               "the monthly run calls; the figures are checked equal to the hand-written SQL's.")


def measure_scan(out):
    """(4) A day's deadline scan per million open deadlines: the state after yesterday's scan (everything due
    before yesterday already overdue, nothing reminded), then today's scan, which marks what fell due
    yesterday and sends today's reminders."""
    from fazhi.core.deadlines import scan_deadlines

    Deadline.objects.filter(status="overdue").update(status="open")
    Deadline.objects.exclude(reminded_days=[]).update(reminded_days=[], last_reminder_for=None)
    Deadline.objects.filter(status="open", due_date__lt=TODAY - timedelta(days=1)).update(status="overdue")
    open_n = Deadline.objects.filter(status="open").count()
    t0 = time.perf_counter()
    day = scan_deadlines(today=TODAY)
    t_day = time.perf_counter() - t0
    out.append("\n## (4) Daily deadline scan\n")
    out.append(f"- open deadlines: {open_n}; today's scan marked {day['overdue']} overdue and sent {day['reminded']} "
               f"reminders (each under its row lock, audited, with its notifications) in {t_day:.2f} s")
    per_million = t_day / max(open_n, 1) * 1_000_000
    out.append(f"- a day's scan per million open deadlines: **{per_million:.1f} s**")
    for line in out[-2:]:
        say(line)


def main():
    if connection.vendor != "postgresql":
        sys.exit("the enforcement bench needs PostgreSQL (DATABASE_URL=postgres://…)")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from fazhi.core.calendar_admin import seed_from_package

    seed_from_package([2024, 2025, 2026])
    have = Case.objects.count()
    t0 = time.perf_counter()
    if not Case.objects.exists():
        say(f"generating {N_CASES} cases in {N_COUNTIES} counties …")
        _generate(N_CASES)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        say(f"generated in {time.perf_counter() - t0:.0f} s")
    else:
        say(f"reusing the generated database ({have} cases)")
    out = ["", f"# `make bench-enforcement` results ({Case.objects.count()} cases)", "",
           f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", f"- machine: {machine()}",
           f"- size: {Case.objects.count()} cases, {Deadline.objects.count()} deadlines, "
           f"{Agency.objects.filter(kind=AgencyKind.DEPARTMENT).count()} enforcement agencies in {N_COUNTIES} counties",
           "- in-process Django test client, the machine shared with other work: compare ratios."]
    if ONLY:
        for name, measure in (("import", measure_import), ("lists", measure_lists),
                              ("indicators", measure_indicators), ("scan", measure_scan)):
            if name in ONLY:
                measure(out)
        say("\nBENCH_ONLY: RESULTS.md left as it is")
        return
    measure_import(out)
    measure_lists(out)
    measure_indicators(out)
    measure_scan(out)
    with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as fh:
        fh.write("\n".join(out) + "\n")
    say("\nappended to bench/RESULTS.md")


if __name__ == "__main__":
    main()
