"""`make bench`: a synthetic prefecture on PostgreSQL, lists/search/export/audit measured as ratios.

    BENCH_DOCUMENTS=20000 make bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fazhi_bench BENCH_DOCUMENTS=5000 .venv/bin/python bench/prefecture.py

The database named in DATABASE_URL is created and migrated if needed, then filled through COPY with
BENCH_DOCUMENTS normative documents (every state, bodies and titles, 9 counties and their agencies), a tenth as
many major decisions (every state, the county governments as decision organs, their departments as sponsors, most
in a yearly catalogue), the rows behind the document statistics, and audit events continuing the real chain (so
`audit_verify` checks real hashes). A rerun with the same size reuses it (and adds what an older run did not
generate). Writes bench/RESULTS.md. Nothing is asserted; figures are medians of BENCH_REPEAT runs.

    BENCH_ONLY=stats,search   only these measures (lists, stats, search, export, audit); RESULTS.md is left as
                              it is and the sections are printed
    BENCH_LISTS=decisions     only these of the staff lists measured by "lists" (documents, decisions)
    BENCH_AUDIT_EVENTS=10000000  first continue the audit chain until it holds this many events
"""

import os
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fazhi_bench")

N_DOCS = int(os.environ.get("BENCH_DOCUMENTS", "200000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))
# The list measures are ratios of a few milliseconds on a shared machine: more rounds (BENCH_LIST_REPEAT).
LIST_REPEAT = int(os.environ.get("BENCH_LIST_REPEAT", str(max(REPEAT, 30))))
EVENTS_PER_DOC = int(os.environ.get("BENCH_EVENTS_PER_DOC", "5"))
# Search terms and the share of documents holding each (0 % is a word no document holds).
TERMS = {"bzero": 0.0, "bthousandth": 0.001, "bonepct": 0.01, "bfivepct": 0.05, "bquarter": 0.25, "bninety": 0.90}


from bench.common import (  # noqa: E402
    bench_urls,
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

from fazhi.core import audit  # noqa: E402
from fazhi.core.choices import AgencyKind, RegionLevel, Role, Scope  # noqa: E402
from fazhi.core.models import Agency, AuditChainHead, AuditEvent, Region, User  # noqa: E402
from fazhi.documents import search, selectors  # noqa: E402
from fazhi.documents.choices import DocumentState  # noqa: E402
from fazhi.documents.models import NormativeDocument  # noqa: E402

COUNTIES = ["兴义市", "兴仁市", "普安县", "晴隆县", "贞丰县", "望谟县", "册亨县", "安龙县", "义龙新区"]
DEPARTMENTS = ["司法局", "生态环境局", "市场监督管理局", "交通运输局", "住房和城乡建设局", "自然资源局",
               "教育局", "卫生健康局", "农业农村局", "人力资源和社会保障局"]
SUBJECTS = ["城市管理", "户外广告", "农村集体经济", "住房保障", "公共交通", "校外培训", "医疗保障", "河道保护",
            "养犬管理", "建筑垃圾", "物业服务", "政府采购", "行政执法", "应急管理", "旅游市场"]
PARAGRAPH = ("第{n}条 为规范{subject}工作，根据有关法律、法规和规章，结合本地实际，制定本办法。各级人民政府应当"
             "加强对{subject}工作的领导，建立健全工作协调机制，所需经费列入本级财政预算。有关部门按照各自职责，"
             "做好{subject}相关工作，依法保障公民、法人和其他组织的合法权益。")


# ------------------------------------------------------------------ generation


# The bench users read documents (起草人员) and decisions (重大决策承办人员) with one data scope.
_ROLES = (Role.DRAFTER, Role.DECISION_STAFF)


def _org():
    pref = Region.objects.filter(code="522300").first()
    if pref:
        return
    pref = Region.objects.create(code="522300", name="黔西南州", level=RegionLevel.PREFECTURE, region_path="522300/")
    Agency.objects.create(name="黔西南州人民政府", kind=AgencyKind.GOVERNMENT, region=pref, region_path=pref.region_path)
    for i, name in enumerate(COUNTIES, start=1):
        code = f"5223{i:02d}"
        county = Region.objects.create(code=code, name=name, level=RegionLevel.COUNTY, parent=pref,
                                       region_path=f"522300/{code}/")
        Agency.objects.create(name=f"{name}人民政府", kind=AgencyKind.GOVERNMENT, region=county,
                              region_path=county.region_path)
        for dept in DEPARTMENTS:
            Agency.objects.create(name=f"{name}{dept}", kind=AgencyKind.DEPARTMENT, region=county,
                                  region_path=county.region_path)


def _generate(n_docs):
    rnd = random.Random(2026)
    _org()
    agencies = list(Agency.objects.filter(kind=AgencyKind.DEPARTMENT))
    creator = bench_user("bench_all", Agency.objects.get(name="黔西南州人民政府"), Scope.ALL, _ROLES)
    states = [s for s, _ in DocumentState.choices]
    from fazhi.documents.models import new_public_code

    fields = ["code", "title", "category", "agency", "issuing_agency", "affects_rights", "concerns_market",
              "is_provisional", "validity_years", "state", "body", "drafting_notes", "legal_basis", "version_count",
              "number", "publication_date", "effective_date", "early_effect_reason", "expiry_date",
              "adoption_summary", "search_tokens", "created_by", "created_at", "updated_at", "region_path"]
    t0 = datetime(2024, 1, 1, tzinfo=UTC)

    def rows():
        for i in range(n_docs):
            agency = rnd.choice(agencies)
            subject = rnd.choice(SUBJECTS)
            marks = [t for t, share in TERMS.items() if share and rnd.random() < share]
            title = f"{agency.name}关于{subject}的管理办法（第{i}号）"
            body = "\n".join(PARAGRAPH.format(n=n, subject=subject) for n in range(1, 25)) + " " + " ".join(marks)
            tokens = search.tokenize(title + " " + subject) + " " + " ".join(marks)
            state = DocumentState.PUBLISHED if rnd.random() < 0.6 else rnd.choice(states)
            pub = date(2016, 1, 1) + timedelta(days=rnd.randrange(3600)) if state == DocumentState.PUBLISHED else None
            updated = t0 + timedelta(seconds=rnd.randrange(60 * 60 * 24 * 700))
            yield (new_public_code(), title, "administration", agency.pk, agency.pk, True, False, False, 5, state,
                   body, "起草说明", "《中华人民共和国立法法》", 1, f"黔规〔{i}〕号" if pub else "", pub, pub, "",
                   pub + timedelta(days=5 * 365) if pub else None, "", tokens, creator.pk, updated, updated,
                   agency.region_path)

    copy_rows(NormativeDocument, rows(), fields)
    _audit_events(n_docs * EVENTS_PER_DOC, rnd)


DECISION_PROJECTS = ["城区污水处理厂扩建", "人民医院新院区", "城乡供水一体化", "老旧小区改造", "产业园区基础设施",
                     "综合交通枢纽", "垃圾焚烧发电", "职业教育园区"]
DECISION_PLANS = ["国土空间总体规划（2021—2035年）", "国民经济和社会发展第十五个五年规划纲要", "综合交通运输发展规划",
                  "生态环境保护规划", "全域旅游发展规划"]


def _decision_title(rnd, county, i):
    """(title, standard) of a realistic major decision of a county government (第三条第一款's kinds)."""
    kind = rnd.random()
    subject = rnd.choice(SUBJECTS)
    if kind < 0.45:
        year = rnd.choice([2024, 2025, 2026])
        return rnd.choice([f"{county}{subject}三年行动方案（{year}—{year + 2}年）", f"关于进一步加强{subject}的实施意见",
                           f"{county}{subject}改革实施方案"]) + f"（第{i}号）", "public_policy"
    if kind < 0.65:
        return f"{county}{rnd.choice(DECISION_PLANS)}（第{i}号）", "plan"
    if kind < 0.85:
        return f"{county}{rnd.choice(DECISION_PROJECTS)}建设项目（第{i}号）", "project"
    if kind < 0.95:
        return f"{county}矿产资源开发利用和保护方案（第{i}号）", "resources"
    return f"{county}{subject}收费标准调整方案（第{i}号）", "other"


def _generate_decisions(n, rnd):
    """``n`` major decisions (COPY, once): every state, a county government as the decision organ and one of its
    departments as the lead sponsor (the row's region is the organ's), most in the organ's catalogue of the year
    they were started, dates consistent with the state they reached."""
    from fazhi.core.codes import new_public_code
    from fazhi.decisions.choices import DecisionState
    from fazhi.decisions.models import Catalogue, Decision

    creator = User.objects.get(username="bench_all")
    governments = {a.region_id: a for a in Agency.objects.filter(kind=AgencyKind.GOVERNMENT, region__parent__isnull=False)}
    departments = list(Agency.objects.filter(kind=AgencyKind.DEPARTMENT).select_related("region"))
    years = (2024, 2025, 2026)
    copy_rows(Catalogue, ((new_public_code(), gov.pk, year, "published", 1, date(year, 2, 20), date(year, 3, 1),
                       creator.pk, gov.region_path) for gov in governments.values() for year in years),
          ["code", "agency", "year", "status", "version", "party_consent_on", "published_on", "created_by",
           "region_path"])
    catalogues = {(c.agency_id, c.year): c.pk for c in Catalogue.objects.all()}
    states = [s for s, _ in DecisionState.choices]
    later = states[states.index(DecisionState.AT_MEETING):]  # states with a meeting behind them
    decided = {DecisionState.DECIDED, DecisionState.PUBLISHED, DecisionState.SUSPENDED, DecisionState.ENDED}
    published = {DecisionState.PUBLISHED, DecisionState.SUSPENDED, DecisionState.ENDED}
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    fields = ["code", "title", "catalogue", "decision_organ", "agency", "standard", "requires_public_participation",
              "requires_expert_argumentation", "requires_risk_assessment", "concerns_market", "requires_hearing",
              "exploratory_reform", "exploratory_reason", "state", "draft", "version_count", "proposed_meeting_date",
              "started_on", "decided_on", "published_on", "publication_text", "created_by", "created_at",
              "updated_at", "region_path"]

    def rows():
        for i in range(n):
            sponsor = rnd.choice(departments)
            organ = governments[sponsor.region_id]
            title, standard = _decision_title(rnd, sponsor.region.name, i)
            state = DecisionState.PUBLISHED if rnd.random() < 0.3 else rnd.choice(states)
            created = t0 + timedelta(seconds=rnd.randrange(60 * 60 * 24 * 700))
            updated = created + timedelta(seconds=rnd.randrange(60 * 60 * 24 * 60))
            started = created.date() + timedelta(days=rnd.randrange(5, 40)) if state != DecisionState.CATALOGUED else None
            meeting = started + timedelta(days=rnd.randrange(60, 200)) if state in later else None
            decided_on = meeting if state in decided else None
            published_on = decided_on + timedelta(days=rnd.randrange(1, 20)) if state in published else None
            exploratory = rnd.random() < 0.05
            yield (new_public_code(), title, catalogues.get((organ.pk, created.year)) if rnd.random() < 0.8 else None,
                   organ.pk, sponsor.pk, standard, True, standard in ("project", "resources"), True,
                   rnd.random() < 0.3, rnd.random() < 0.1, exploratory,
                   "国家尚无明确规定，先行先试" if exploratory else "",
                   state, f"{title}（草案）" if started else "", 1 if started else 0, meeting, started, decided_on,
                   published_on, f"{title}全文" if published_on else "", creator.pk, created, updated, organ.region_path)

    copy_rows(Decision, rows(), fields)


def _generate_statistics_rows(rnd):
    """The rows behind the statistics, for the published documents generated above (COPY, once): a legality review
    of most documents (opinions of every kind, some returned once), a filing of most (filed on time, late or not
    yet; reviewed or not), a comment call of a third (some in working days, some too short), and an open expiry
    evaluation of a few."""
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from fazhi.documents.models import EvaluationTask, Filing
    from fazhi.procedure.models import CommentCall, LegalityReview, ReviewReturn

    ct = ContentType.objects.get_for_model(NormativeDocument)
    creator = User.objects.get(username="bench_all")
    docs = list(NormativeDocument.objects.filter(state=DocumentState.PUBLISHED, publication_date__isnull=False)
                .order_by("id").values_list("id", "title", "issuing_agency_id", "region_path", "publication_date"))
    tz = timezone.get_current_timezone()

    def at(day, hour):
        return datetime(day.year, day.month, day.day, hour, rnd.randrange(60), tzinfo=tz)

    opinions = ["lawful"] * 16 + ["lawful_after_changes"] * 2 + ["unlawful", "advise_not_to_make"]
    reviews, filings, calls, tasks = [], [], [], []
    for doc_id, title, agency_id, path, pub in docs:
        if rnd.random() < 0.9:
            opinion_day = pub - timedelta(days=rnd.randrange(5, 60))
            reviews.append((uuid.uuid4(), ct.pk, str(doc_id), title, agency_id, agency_id,
                            at(opinion_day - timedelta(days=15), 9), "done", rnd.choice(opinions),
                            at(opinion_day, rnd.choice([0, 10, 16, 23])), path))
        if rnd.random() < 0.8:
            due = pub + timedelta(days=30)
            filed = rnd.random() < 0.9
            review = rnd.choice(["approved"] * 6 + ["pending"] * 3 + ["correction_required"]) if filed else "pending"
            filings.append((doc_id, "黔西南州人民政府", due, "filed" if filed else "pending",
                            pub + timedelta(days=rnd.randrange(3, 45)) if filed else None, review, path))
        if rnd.random() < 0.33:
            start = pub - timedelta(days=rnd.randrange(40, 90))
            working = rnd.random() < 0.5
            length = rnd.choice([7, 20, 30, 31]) if not working else rnd.choice([5, 20, 28])
            calls.append((uuid.uuid4(), ct.pk, str(doc_id), title, agency_id, start,
                          start + timedelta(days=length - 1), 20 if working else 30,
                          "working_days" if working else "calendar_days", "《优化营商环境条例》第六十二条",
                          "情况紧急" if rnd.random() < 0.05 else "", creator.pk, at(start, 9), path))
        if rnd.random() < 0.03:
            due = pub + timedelta(days=rnd.randrange(300, 1800))
            tasks.append((doc_id, due - timedelta(days=180), due, "open"))
    copy_rows(LegalityReview, reviews, ["code", "content_type", "object_id", "subject_title", "submitting_agency", "agency",
                                    "submitted_at", "status", "opinion", "opinion_at", "region_path"])
    review_rows = list(LegalityReview.objects.filter(content_type=ct).values_list("id", "submitted_at"))
    copy_rows(ReviewReturn, [(rid, "请补充起草说明", creator.pk, submitted + timedelta(days=3))
                         for rid, submitted in review_rows if rnd.random() < 0.1],
          ["review", "reason", "returned_by", "returned_at"])
    copy_rows(Filing, filings, ["document", "authority_name", "due_date", "status", "filed_on", "review_status",
                            "region_path"])
    copy_rows(CommentCall, calls, ["code", "content_type", "object_id", "subject_title", "agency", "start_date",
                               "end_date", "required_min", "required_unit", "required_source", "shortened_reason",
                               "created_by", "created_at", "region_path"])
    copy_rows(EvaluationTask, tasks, ["document", "opened_on", "due_date", "status"])
    return len(reviews), len(filings), len(calls), len(tasks)


def _audit_events(n, rnd):
    """Events continuing chain 1, hashed exactly as audit.record hashes them (ids from the sequence)."""
    with transaction.atomic():
        head = audit._lock_chain(1)
        prev, seq = head.last_hash, head.count
        fields = ["chain", "seq", "occurred_at", "actor_name", "actor_role", "agency_name", "action", "object_type",
                  "object_id", "object_repr", "before", "after", "request_id", "prev_hash", "hash"]
        from psycopg.types.json import Jsonb

        def rows():
            nonlocal prev, seq
            now = datetime.now(UTC).replace(microsecond=0)
            for i in range(n):
                seq += 1
                event = AuditEvent(chain=1, seq=seq, occurred_at=now - timedelta(seconds=n - i), actor_name="系统",
                                   actor_role="", agency_name="", action="documents.bench",
                                   object_type="documents.normativedocument", object_id=str(rnd.randrange(1, 10**6)),
                                   object_repr="基准事件", before=None, after={"i": i}, client_ip=None,
                                   request_id="", prev_hash=prev)
                event.hash = audit.compute_hash(event)
                prev = event.hash
                yield (1, seq, event.occurred_at, "系统", "", "", event.action, event.object_type, event.object_id,
                       event.object_repr, None, Jsonb(event.after), "", event.prev_hash, event.hash)

        copy_rows(AuditEvent, rows(), fields)
        last_id = AuditEvent.objects.get(chain=1, seq=seq).id
        AuditChainHead.objects.filter(pk=1).update(last_hash=prev, last_event_id=last_id, count=seq)


def _more_audit_events(wanted: int) -> None:
    """BENCH_AUDIT_EVENTS: continue chain 1 until the log holds this many events (the nightly check at 10M)."""
    have = AuditEvent.objects.count()
    if wanted <= have:
        return
    say(f"adding {wanted - have} audit events to the {have} there are …")
    t0, rnd = time.perf_counter(), random.Random(wanted)
    for start in range(have, wanted, 1_000_000):  # a transaction per million
        _audit_events(min(1_000_000, wanted - start), rnd)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE core_auditevent")
    say(f"audit events added in {time.perf_counter() - t0:.0f} s")


# ------------------------------------------------------------------ measuring


def median_ms(fn, repeat=REPEAT):
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


# The statistics of documents/stats.py as hand-written SQL: the by-issuer table, then every other figure in one
# statement. Reviews and calls name their object by a character object_id, cast to the integer id it holds.
HAND_STATS_BY_ISSUER = """
    SELECT a.name, CASE
        WHEN d.state <> 'published' OR d.publication_date IS NULL OR d.publication_date > %(today)s THEN 'unpublished'
        WHEN d.revoked_on <= %(today)s THEN 'revoked' WHEN d.repealed_on <= %(today)s THEN 'repealed'
        WHEN d.invalid_from <= %(today)s THEN 'expired' WHEN d.effective_date > %(today)s THEN 'not_yet'
        WHEN d.expiry_date < %(today)s THEN 'expired' WHEN d.amended_on <= %(today)s THEN 'amended'
        ELSE 'in_force' END AS validity, count(*)
    FROM documents_normativedocument d JOIN core_agency a ON a.id = d.issuing_agency_id
    WHERE d.state = 'published' AND d.publication_date BETWEEN %(start)s AND %(end)s AND d.region_path LIKE %(path)s
    GROUP BY 1, 2"""
HAND_STATS_FIGURES = """
    SELECT o.lawful, o.after_changes, o.unlawful, o.advise_not, rt.returned, p.published, p.reviewed, p.filings,
           p.filed, p.timely, p.decided, p.clean, ARRAY[c.ok, c.total], e.overdue
    FROM (SELECT count(*) FILTER (WHERE r.opinion = 'lawful') AS lawful,
                 count(*) FILTER (WHERE r.opinion = 'lawful_after_changes') AS after_changes,
                 count(*) FILTER (WHERE r.opinion = 'unlawful') AS unlawful,
                 count(*) FILTER (WHERE r.opinion = 'advise_not_to_make') AS advise_not
          FROM procedure_legalityreview r
          WHERE r.content_type_id = %(ct)s AND r.opinion_at >= %(low)s AND r.opinion_at < %(high)s
            AND r.object_id::bigint IN (SELECT id FROM documents_normativedocument WHERE region_path LIKE %(path)s)) o,
         (SELECT count(*) AS returned FROM procedure_reviewreturn rr
          JOIN procedure_legalityreview r ON r.id = rr.review_id
          WHERE rr.returned_at >= %(low)s AND rr.returned_at < %(high)s AND r.content_type_id = %(ct)s
            AND r.object_id::bigint IN (SELECT id FROM documents_normativedocument WHERE region_path LIKE %(path)s)) rt,
         (SELECT count(*) FILTER (WHERE d.state = 'published') AS published,
                 count(*) FILTER (WHERE d.state = 'published' AND d.id IN (
                     SELECT object_id::bigint FROM procedure_legalityreview
                     WHERE content_type_id = %(ct)s AND status = 'done')) AS reviewed,
                 count(f.id) AS filings, count(*) FILTER (WHERE f.status = 'filed') AS filed,
                 count(*) FILTER (WHERE f.status = 'filed' AND f.filed_on <= f.due_date) AS timely,
                 count(*) FILTER (WHERE f.review_status <> 'pending') AS decided,
                 count(*) FILTER (WHERE f.review_status = 'approved' AND f.correction_deadline_id IS NULL) AS clean
          FROM documents_normativedocument d LEFT JOIN documents_filing f ON f.document_id = d.id
          WHERE d.region_path LIKE %(path)s AND d.publication_date BETWEEN %(start)s AND %(end)s) p,
         (SELECT count(*) FILTER (WHERE c.shortened_reason <> '' OR (CASE WHEN c.required_unit = 'working_days'
                     THEN (SELECT count(*) FROM generate_series(c.start_date, c.end_date, interval '1 day') g(day)
                           LEFT JOIN core_calendarday cd ON cd.date = g.day::date
                           WHERE coalesce(cd.is_working, extract(isodow FROM g.day) < 6))
                     ELSE c.end_date - c.start_date + 1 END) >= c.required_min) AS ok, count(*) AS total
          FROM procedure_commentcall c WHERE c.content_type_id = %(ct)s AND c.region_path LIKE %(path)s
              AND c.start_date BETWEEN %(start)s AND %(end)s) c,
         (SELECT count(*) AS overdue FROM documents_evaluationtask e
          JOIN documents_normativedocument d ON d.id = e.document_id
          WHERE d.region_path LIKE %(path)s AND e.status = 'open' AND e.due_date < %(on)s) e"""


def hand_statistics(path, start, end, today):
    """The figures of ``stats.statistics`` from the two hand-written statements, in the same shape."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from fazhi.documents.stats import VALIDITY_COLUMNS

    params = {"today": today, "start": start, "end": end, "path": path + "%", "on": min(end, today),
              "ct": ContentType.objects.get_for_model(NormativeDocument).pk,
              "low": timezone.make_aware(datetime.combine(start, datetime.min.time())),
              "high": timezone.make_aware(datetime.combine(end + timedelta(days=1), datetime.min.time()))}
    with connection.cursor() as cursor:
        cursor.execute(HAND_STATS_BY_ISSUER, params)
        groups = cursor.fetchall()
        cursor.execute(HAND_STATS_FIGURES, params)
        figures = cursor.fetchone()
    by_issuer = {}
    for issuer, validity, n in groups:
        if validity in VALIDITY_COLUMNS:
            by_issuer.setdefault(issuer, dict.fromkeys(VALIDITY_COLUMNS, 0))[validity] += n
    (lawful, after_changes, unlawful, advise_not, returned, published, reviewed, filings, filed, timely, decided,
     clean, calls, overdue) = figures
    return {"by_issuer": {k: [v[c] for c in VALIDITY_COLUMNS] for k, v in by_issuer.items() if any(v.values())},
            "outcomes": [lawful, after_changes, unlawful, advise_not], "returned": returned,
            "rates": [(reviewed, published), (filed, filings), (timely, filed), (clean, decided), tuple(calls)],
            "overdue": overdue}


def _same_shape(result):
    """``stats.statistics``'s result in ``hand_statistics``'s shape, to check the figures are equal."""
    return {"by_issuer": {r["issuer"]: r["cells"] for r in result["by_issuer"]["rows"]},
            "outcomes": [r["count"] for r in result["outcomes"]["rows"]], "returned": result["outcomes"]["returned"],
            "rates": [(r["numerator"], r["denominator"]) for r in result["rates"]], "overdue": result["overdue"]}


def _install_bare_stats_view():
    """/bench/stats/: the hand-written statistics of the user's region as JSON, through the same middleware."""
    from django.http import JsonResponse
    from django.urls import clear_url_caches, path

    from fazhi.documents.views.stats import region_choices

    def bare_stats(request):
        region = region_choices(request.user)[0].region
        start, end = date.fromisoformat(request.GET["start"]), date.fromisoformat(request.GET["end"])
        from django.utils import timezone

        return JsonResponse(hand_statistics(region.region_path, start, end, timezone.localdate()))

    bench_urls().urlpatterns.insert(0, path("bench/stats/", bare_stats))
    clear_url_caches()


def measure_stats(out):
    """The document statistics (documents/stats.py) for this year and last year, for a prefecture and a county user:
    (1) ``stats.statistics`` — what the page calls — against the hand-written SQL producing the same figures (checked
    equal); (2) the page against a bare view returning the hand-written figures as JSON through the same
    middleware."""
    from django.utils import timezone

    from fazhi.documents import stats
    from fazhi.documents.views.stats import region_choices

    _install_bare_stats_view()
    today = timezone.localdate()
    out.append("\n## Document statistics (p50 ms)\n")
    out.append("| user | period | published in period | `stats.statistics` | hand SQL | ratio | same figures "
               "| page | bare view | ratio |")
    out.append("|---|---|---:|---:|---:|---:|---|---:|---:|---:|")
    for label, username in (("prefecture (all)", "bench_all"), ("county (region)", "bench_county")):
        user = User.objects.get(username=username)
        region = region_choices(user)[0].region
        client = Client()
        client.force_login(user)
        for year in (today.year, today.year - 1):
            start, end = date(year, 1, 1), date(year, 12, 31)

            def function(user=user, region=region, start=start, end=end):
                docs = selectors.document_list(user=user).filter(region_path__startswith=region.region_path)
                return stats.statistics(docs=docs, region=region, start=start, end=end, today=today)

            def hand(region=region, start=start, end=end):
                return hand_statistics(region.region_path, start, end, today)

            def page(client=client, year=year, region=region):
                assert client.get(reverse("documents:stats"), {"year": year, "region": region.code}).status_code == 200

            def bare(client=client, start=start, end=end):
                assert client.get("/bench/stats/", {"start": start, "end": end}).status_code == 200

            same = _same_shape(function()) == hand()
            published = sum(sum(cells) for cells in hand()["by_issuer"].values())
            f, h, p, b = median_ms(function), median_ms(hand), median_ms(page), median_ms(bare)
            out.append(f"| {label} | {year} | {published} | {f:.1f} | {h:.1f} | {f / h:.1f}× | {'yes' if same else 'NO'} "
                       f"| {p:.1f} | {b:.1f} | {p / b:.1f}× |")
            say(out[-1])
    out.append("\n`stats.statistics` is what the page calls (a few aggregate queries: the by-issuer table, the review "
               "outcomes with their returns, the legality and filing rates, the comment windows, the overdue "
               "evaluations); the hand SQL is two statements producing the same figures, checked equal. The bare "
               "view runs the hand SQL for the user's region and returns JSON through the same middleware; the page "
               "also checks the permission, builds the region choices and the form, and renders the shell, the "
               "tables and the charts' data.")


def _bench_users():
    county = Agency.objects.get(name="兴义市人民政府")
    one = Agency.objects.filter(kind=AgencyKind.DEPARTMENT).order_by("id").first()
    return {"prefecture (all)": bench_user("bench_all", Agency.objects.get(name="黔西南州人民政府"), Scope.ALL, _ROLES),
            "county (region)": bench_user("bench_county", county, Scope.REGION, _ROLES),
            "one agency": bench_user("bench_agency", one, Scope.AGENCY, _ROLES)}


class ListBench:
    """One staff list measured by ``measure_lists``: its page, its API list and the bare view of the same scoped
    query. ``columns`` are what the page's query reads (the bare view's ``.values()``); ``noun`` counts its rows."""

    def __init__(self, name, heading, selector, page_url, api_url, columns, noun):
        self.name, self.heading, self.selector = name, heading, selector
        self.page_url, self.api_url, self.columns, self.noun = page_url, api_url, columns, noun


def _list_benches():
    from fazhi.decisions import selectors as decision_selectors

    # The bare view reads exactly the columns the page's query reads (its table's fields, the documents' derived
    # validity included). Before session 21 it read the shown columns without the validity and the ids
    # (bench/HISTORY.md).
    return [
        ListBench("documents", "Staff document list and API", selectors.document_list, "documents:list",
                  "documents-api:document-list", list(selectors.DOCUMENT_TABLE_FIELDS), "件"),
        ListBench("decisions", "Staff decision list and API", decision_selectors.decision_list, "decisions:list",
                  "decisions-api:decision-list", list(decision_selectors.DECISION_TABLE_FIELDS), "项"),
    ]


def measure_lists(out):
    """Each staff list (BENCH_LISTS, default all) for the three kinds of user, first and a deep page: the page and
    the API list against the bare view of the same scoped query."""
    wanted = set(filter(None, os.environ.get("BENCH_LISTS", "").split(",")))
    for spec in _list_benches():
        if not wanted or spec.name in wanted:
            _measure_list(out, spec)


def _measure_list(out, spec):
    ordering = ("-updated_at", "-id")  # the page's default sort
    users = _bench_users()
    from rest_framework.authtoken.models import Token

    install_bare_view(spec.name, spec.selector, ordering, spec.columns)
    out.append(f"\n## {spec.heading} (p50 ms, ratio to a bare view of the same scoped `.values()` query)\n")
    out.append(f"p50 of {LIST_REPEAT} rounds, bare view, page and API in turn in each round.\n")
    out.append("| user | rows in scope | page | bare | page view | ratio | API | ratio |")
    out.append("|---|---:|---|---:|---:|---:|---:|---:|")
    for label, user in users.items():
        client = Client()
        client.force_login(user)
        token, _ = Token.objects.get_or_create(user=user)
        api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        scoped = spec.selector(user=user)
        total = scoped.count()
        deep = deep_page(total)
        for page_name, number in (("first", None), (f"deep (page {deep})", deep)):
            if page_name != "first" and number is None:
                continue
            cursor = deep_cursor(scoped, ordering, number) if number else None
            # the API orders by -id: its deep page through its own cursor
            api_cursor = deep_cursor(scoped, ("-id",), number) if number else None
            params = {"after": cursor} if cursor else {}
            url, api_url = reverse(spec.page_url), reverse(spec.api_url)

            def bare(params=params, client=client):
                assert client.get(f"/bench/{spec.name}/", params).status_code == 200

            def page(params=params, url=url, client=client):
                assert client.get(url, params).status_code == 200

            def api_page(c=api_cursor, api=api, api_url=api_url):
                r = api.get(api_url, {"after": c} if c else {})
                assert r.status_code == 200, r.content[:200]

            b, p, a = interleaved_median_ms([bare, page, api_page], LIST_REPEAT)
            out.append(f"| {label} | {total} | {page_name} | {b:.1f} | {p:.1f} | {p / b:.2f}× | {a:.1f} | {a / b:.2f}× |")
            say(out[-1])
    out.append(f"\nThe bare view runs the page's scoped query with `.values()` of the columns it reads, through the "
               f"same middleware and returns JSON; the page also counts the rows in scope (“共 N {spec.noun}”) and "
               "renders the shell and the filter bar.")


def _plan_line(plan: str) -> str:
    """The access path of a plan in one line: its scans, outermost first."""
    import re

    steps = []
    for line in plan.splitlines():
        found = re.search(r"((?:Parallel )?(?:Bitmap Index|Bitmap Heap|Index Only|Index|Seq) Scan(?: Backward)?)"
                          r"(?: using| on) (\w+)", line)
        if found and "core_agency" not in found.group(2):
            steps.append(f"{found.group(1)} {found.group(2)}")
        elif line.strip().startswith("Filter:") and "@@" in line:
            steps[-1:] = [f"{steps[-1]} (filter: stored vector @@)"] if steps else []
    return " → ".join(steps)


def measure_search(out):
    """The portal library searched for terms of every frequency: p50 and p95 of SEARCH_REPEAT requests each
    (BENCH_SEARCH_REPEAT, default 60, so that the p95 is not just the slowest of a handful), and the plan of
    each term's portal query in one line."""
    repeat = int(os.environ.get("BENCH_SEARCH_REPEAT", "60"))
    out.append(f"\n## Portal search (p50 / p95 ms of {repeat} requests per term)\n")
    out.append("| term | share of documents | matches | p50 | p95 | plan of the portal query |")
    out.append("|---|---:|---:|---:|---:|---|")
    client = Client()
    url = reverse("portal:document_list")
    for term, share in TERMS.items():
        matches = search.search(NormativeDocument.objects.all(), term).count()
        client.get(url, {"q": term})
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            assert client.get(url, {"q": term}).status_code == 200
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        plan = search.search(selectors.public_documents(), term).order_by("-publication_date", "-id")[:21].explain()
        out.append(f"| `{term}` | {share:.1%} | {matches} | {statistics.median(times):.1f} | {p95:.1f} "
                   f"| {_plan_line(plan)} |")
        say(out[-1])
    plan = search.search(selectors.public_documents(), "bquarter").order_by("-publication_date", "-id")[:21].explain()
    out.append("\nPlan of a 25 % term (portal query):\n\n```\n" + plan + "\n```")


def _child(conn_w, work):
    """Run ``work()`` in a forked process of its own: its time and the process's peak memory before and after."""
    from django.db import connections

    connections.close_all()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    conn_w.send((elapsed, result, before, after))
    conn_w.close()


def _in_child(work):
    import multiprocessing

    from django.db import connections

    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    r, w = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(w, work))
    proc.start()
    result = r.recv()
    proc.join()
    return result


def _bare_export():
    """The floor: the same rows' values straight into a write-only workbook, no columns, labels or styles."""
    import tempfile

    from openpyxl import Workbook

    from fazhi.documents.exports import EXPORT_FIELDS

    user = User.objects.get(username="bench_all")
    rows = selectors.document_list(user=user).order_by("-updated_at", "-id").values_list(*EXPORT_FIELDS)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("bare")
    n = 0
    for row in rows.iterator(chunk_size=1000):
        ws.append([v.replace(tzinfo=None) if isinstance(v, datetime) else v for v in row])
        n += 1
    with tempfile.TemporaryFile() as f:
        wb.save(f)
        f.seek(0, 2)
        return n, f.tell()


def _job_export():
    """What the background task does for the prefecture user's “导出 Excel” of every document."""
    from fazhi.core.exports import export_path, export_run
    from fazhi.core.models import ExportJob

    user = User.objects.get(username="bench_all")
    job = ExportJob.objects.create(user=user, key="documents.list", title="规范性文件", params={"format": ["xlsx"]},
                                   total=NormativeDocument.objects.count())
    export_run(job.pk)
    job.refresh_from_db()
    path = export_path(job)
    size = path.stat().st_size
    path.unlink()
    return job.status, job.processed, size


def measure_export(out):
    from django_q.conf import Conf
    from django_q.models import OrmQ

    from fazhi.core.models import ExportJob

    user = User.objects.get(username="bench_all")
    client = Client()
    client.force_login(user)
    # the test settings run tasks in the request (sync): here the task is queued, as in production, and the job
    # and its queued task are removed again (the task is measured below, on its own)
    sync, Conf.SYNC = Conf.SYNC, False
    answers = []

    def ask():
        answers.append(client.get(reverse("documents:list"), {"format": "xlsx"}))

    try:
        asked = median_ms(ask, 5)
    finally:
        Conf.SYNC = sync
    answer = answers[-1]
    ExportJob.objects.filter(user=user).delete()
    OrmQ.objects.all().delete()
    qs = selectors.document_list(user=user).order_by("-updated_at", "-id")
    from fazhi.documents.exports import EXPORT_FIELDS

    t0 = time.perf_counter()
    n = sum(1 for _ in qs.values_list(*EXPORT_FIELDS).iterator(chunk_size=1000))
    query = time.perf_counter() - t0
    bare, (bare_rows, bare_size), bare_before, bare_after = _in_child(_bare_export)
    real, (status, rows, size), before, after = _in_child(_job_export)
    out.append("\n## Export of every document as .xlsx (prefecture user)\n")
    out.append(f"- the page's “导出 Excel”: {answer.status_code} to the export job's page "
               f"({answer.get('Location', '')[:40]}) in {asked:.0f} ms (p50 of 5) — {n} rows are more than "
               f"FAZHI_EXPORT_BACKGROUND_ROWS, so a background task writes the file (progress bar, link in the inbox)")
    out.append(f"- the task: {status}, {rows} of {n} rows (no cap), file {size / 1e6:.1f} MB, {real:.1f} s; peak "
               f"memory {before / 1024:.0f} MB before, {after / 1024:.0f} MB after (+{(after - before) / 1024:.0f} MB)")
    out.append(f"- bare: the same columns' values straight into a write-only workbook: {bare_rows} rows, "
               f"{bare_size / 1e6:.1f} MB, {bare:.1f} s (+{(bare_after - bare_before) / 1024:.0f} MB); the query "
               f"alone {query:.1f} s")
    out.append(f"- **ratio task / bare: {real / bare:.2f}×** (target < 2×)")
    for line in out[-4:]:
        say(line)


def measure_audit(out, tmpdir):
    from django.conf import settings

    settings.FAZHI_AUDIT_CHECKPOINT_FILE = str(Path(tmpdir) / "checkpoint.json")
    total = AuditEvent.objects.count()
    from django.db import connections

    t0 = time.perf_counter()
    seq = audit.verify()
    t_seq = time.perf_counter() - t0
    t0 = time.perf_counter()
    par = audit.verify_full(workers=2)
    t_par = time.perf_counter() - t0
    connections.close_all()
    audit.save_checkpoint(par)
    day = int(os.environ.get("BENCH_AUDIT_DAY", "10000"))  # a busy day's events at province scale
    _audit_events(day, random.Random(1))
    t0 = time.perf_counter()
    inc = audit.verify(since=audit.last_checkpoint())
    t_inc = time.perf_counter() - t0
    out.append("\n## audit_verify\n")
    out.append(f"- chain: {total} events; full, one process: {t_seq:.1f} s ({seq.ok}); "
               f"full, 2 processes: {t_par:.1f} s ({par.ok}, {t_seq / t_par:.1f}× faster)")
    out.append(f"- nightly (incremental from the last verified checkpoint) after a day of {day} new events: "
               f"{t_inc * 1000:.0f} ms ({inc.ok}, {inc.count} events in the chains) — {t_seq / t_inc:.0f}× faster than "
               f"the full walk. It reads each chain from its checkpoint by the (chain, seq) index: its time follows "
               f"the day's events; the {total} before them enter only through the index's depth.")
    for line in out[-2:]:
        say(line)


def _write_results(section: str) -> None:
    """Replace this bench's section of RESULTS.md, keeping the other benches' sections after it."""
    path = ROOT / "bench" / "RESULTS.md"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    marker = old.find("\n# `make bench-")
    rest = old[marker:] if marker >= 0 else ""
    path.write_text(section + rest, encoding="utf-8")


def main():
    import tempfile

    if connection.vendor != "postgresql":
        sys.exit("make bench needs PostgreSQL (DATABASE_URL=postgres://…)")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    have = NormativeDocument.objects.count()
    t0 = time.perf_counter()
    if have != N_DOCS:
        if have:
            sys.exit(f"database holds {have} documents, BENCH_DOCUMENTS={N_DOCS}: drop it or use another name")
        say(f"generating {N_DOCS} documents and {N_DOCS * EVENTS_PER_DOC} audit events …")
        _generate(N_DOCS)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        say(f"generated in {time.perf_counter() - t0:.0f} s")
    else:
        say(f"reusing the generated database ({have} documents)")
    _more_audit_events(int(os.environ.get("BENCH_AUDIT_EVENTS", "0")))
    from fazhi.procedure.models import LegalityReview

    if not LegalityReview.objects.exists():
        _bench_users()
        with transaction.atomic():
            counts = _generate_statistics_rows(random.Random(2027))
        say("statistics rows: {} reviews, {} filings, {} comment calls, {} open evaluations".format(*counts))
    from fazhi.decisions.models import Decision

    if not Decision.objects.exists():
        _bench_users()
        with transaction.atomic():
            _generate_decisions(N_DOCS // 10, random.Random(2028))
        say(f"decisions: {Decision.objects.count()}")
    with connection.cursor() as cursor:
        # what autovacuum does in production: after a migration that rewrote the documents table (0011), index-only
        # scans need the visibility map set again, and the rows just added need their statistics
        for table in ("documents_normativedocument", "procedure_legalityreview", "procedure_reviewreturn",
                      "documents_filing", "procedure_commentcall", "documents_evaluationtask", "decisions_decision",
                      "decisions_catalogue"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    out = ["# `make bench` results", "",
           f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
           f"- machine: {machine()}",
           f"- size: {NormativeDocument.objects.count()} documents, {Decision.objects.count()} decisions, "
           f"{AuditEvent.objects.count()} audit events, "
           f"{Agency.objects.count()} agencies in 9 counties; BENCH_REPEAT={REPEAT}",
           f"- commit: {subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True, cwd=ROOT).stdout.strip()}",
           "- in-process Django test client (no gunicorn), the machine shared with other work: compare ratios.",
           "- what changed between runs, and the earlier figures: bench/HISTORY.md"]
    _bench_users()
    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
    for name, measure in (("lists", measure_lists), ("stats", measure_stats), ("search", measure_search),
                          ("export", measure_export)):
        if not only or name in only:
            measure(out)
    if not only or "audit" in only:
        with tempfile.TemporaryDirectory() as tmpdir:
            measure_audit(out, tmpdir)
    if only:
        say("\nBENCH_ONLY: RESULTS.md left as it is")
        return
    _write_results("\n".join(out) + "\n")
    say("\nwritten bench/RESULTS.md")


if __name__ == "__main__":
    main()
