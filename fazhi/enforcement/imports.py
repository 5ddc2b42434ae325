"""Bulk import of 行政处罚案件, 执法人员 and 涉企检查 from .xlsx or .csv.

``import_start`` stores the file and queues the job; ``import_run`` (a background task; synchronous in tests)
validates every row with the module's rules — certificate valid on the day and at least two officers
(行政处罚法 第四十二条), dates in order and not in the future, amounts, matter codes from the agency's own list,
the limitation (第三十六条), the summary-procedure limits (第五十一条) — then commits the valid rows in batches
(one audit event per batch naming its rows) and writes the invalid ones to an error workbook with the reason
in Chinese beside each row. A row whose natural key is already there (案号; 执法证号; enterprise and date) is
skipped, so the same file run twice adds nothing the second time.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from fazhi.core import audit
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict

from . import rules
from .choices import (
    CaseState,
    ImportKind,
    ImportStatus,
    InspectionKind,
    InspectionResult,
    OfficerStatus,
    PartyKind,
    PenaltyKind,
    Procedure,
)
from .models import Case, CaseOfficer, ImportJob, Inspection, Matter, Officer
from .workflow import Perm

BATCH = 1000
MAX_ROWS = 200_000
MAX_BYTES = 50 * 1024 * 1024

COLUMNS = {
    ImportKind.OFFICER: ["姓名", "执法证号", "执法领域", "发证日期", "有效期至", "证件状态", "本年度培训学时",
                         "具有法律职业资格", "法制审核人员"],
    ImportKind.CASE: ["案号", "事项编码", "程序", "当事人", "当事人类别", "证件号码或统一社会信用代码", "违法行为发生日期",
                      "发现日期", "立案日期", "处罚种类", "罚款金额（元）", "决定日期", "执法人员证号"],
    ImportKind.INSPECTION: ["企业名称", "统一社会信用代码", "检查日期", "检查类型", "检查结果", "检查事项和内容",
                            "执法人员证号"],
}


class RowError(Exception):
    pass


# ---------------------------------------------------------------- reading


def read_rows(name: str, data: bytes) -> list[list[str]]:
    name = (name or "").lower()
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ServiceError(field_errors={"file": ["无法识别 CSV 文件的编码（请用 UTF-8 或 GBK）。"]})
        return [[(c or "").strip() for c in row] for row in csv.reader(io.StringIO(text))]
    if name.endswith(".xlsx"):
        try:
            return _xlsx_rows(data)
        except Exception:  # a damaged or disguised file
            raise ServiceError(field_errors={"file": ["无法读取该 Excel 文件。"]}) from None
    raise ServiceError(field_errors={"file": ["请上传 .xlsx 或 .csv 文件。"]})


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _column(ref: str) -> int:
    n = 0
    for ch in ref:
        if not ch.isalpha():
            break
        n = n * 26 + ord(ch.upper()) - 64
    return n - 1


def _xlsx_rows(data: bytes) -> list[list[str]]:
    """The first sheet's cell values as text, read straight from the workbook's XML (shared strings, inline
    strings, numbers; a typed date arrives as its serial number, which ``_date`` understands). Several times
    faster than a general spreadsheet library for the plain tables an import reads."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        shared = []
        if "xl/sharedStrings.xml" in names:
            for _, si in etree.iterparse(zf.open("xl/sharedStrings.xml"), tag=f"{_NS}si"):
                shared.append("".join(t.text or "" for t in si.iter(f"{_NS}t")))
                si.clear()
        sheet = "xl/worksheets/sheet1.xml"
        if sheet not in names:
            sheet = sorted(n for n in names if n.startswith("xl/worksheets/sheet"))[0]
        rows = []
        for _, row in etree.iterparse(zf.open(sheet), tag=f"{_NS}row"):
            values: list[str] = []
            for c in row.iter(f"{_NS}c"):
                kind, ref = c.get("t"), c.get("r") or ""
                if kind == "inlineStr":
                    text = "".join(t.text or "" for t in c.iter(f"{_NS}t"))
                else:
                    v = c.find(f"{_NS}v")
                    text = "" if v is None or v.text is None else v.text
                    if kind == "s" and text:
                        text = shared[int(text)]
                    elif kind in (None, "n") and text.endswith(".0"):
                        text = text[:-2]
                col = _column(ref) if ref else len(values)
                if col >= len(values):
                    values.extend([""] * (col - len(values) + 1))
                values[col] = text.strip()
            rows.append(values)
            row.clear()
        return rows


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# ---------------------------------------------------------------- cell parsers (each raises RowError in Chinese)


def _date(value: str, label: str, required=True, future=False) -> datetime.date | None:
    if not value:
        if required:
            raise RowError(f"{label}未填写")
        return None
    d = _DATES.get(value)
    if d is None:
        if len(_DATES) > 50_000:
            _DATES.clear()
        d = _DATES[value] = _parse_date(value, label)
    if d > _today() and not future:
        raise RowError(f"{label}不能晚于今天")
    return d


_DATES: dict = {}
_TODAY: list = []


def _today() -> datetime.date:
    """Today, read once per import (the run resets it)."""
    if not _TODAY:
        _TODAY.append(timezone.localdate())
    return _TODAY[0]


def _parse_date(value: str, label: str) -> datetime.date:
    if value.isdigit() and 20000 < int(value) < 80000:  # an Excel date serial (days since 1899-12-30)
        return datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        pass
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"):
        try:
            d = datetime.datetime.strptime(value[:11].strip(), fmt).date()  # noqa: DTZ007 (a calendar date)
            break
        except ValueError:
            continue
    else:
        raise RowError(f"{label}“{value}”不是有效日期（应为 YYYY-MM-DD）")
    return d


def _amount(value: str, label: str) -> Decimal | None:
    if not value:
        return None
    try:
        amount = Decimal(value.replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise RowError(f"{label}“{value}”不是数字") from None
    if amount < 0:
        raise RowError(f"{label}不能为负数")
    return amount.quantize(Decimal("0.01"))


_LABELS: dict = {}


def _choice(value: str, choices, label: str) -> str:
    by_label = _LABELS.get(choices)
    if by_label is None:
        by_label = {lbl: key for key, lbl in choices.choices}
        for key, lbl in choices.choices:  # short forms: "普通" for "普通程序", "法人" for "法人或其他组织"
            by_label.setdefault(lbl[:2], key)
        _LABELS[choices] = by_label
    if value in choices.values:
        return value
    if value in by_label:
        return by_label[value]
    raise RowError(f"{label}“{value}”不在可选范围内（{'、'.join(choices.labels)}）")


def _yes(value: str) -> bool:
    return value in ("是", "Y", "y", "1", "true", "TRUE")


def _officers(value: str, by_cert: dict, on_date, label="执法人员") -> list:
    key = (value, on_date)
    memo = by_cert.setdefault("__memo__", {})
    if key in memo:
        found, problem = memo[key]
        if problem:
            raise RowError(problem)
        return found
    try:
        found = _check_officers(value, by_cert, on_date)
    except RowError as exc:
        memo[key] = (None, str(exc))
        raise
    memo[key] = (found, "")
    return found


def _check_officers(value: str, by_cert: dict, on_date) -> list:
    certs = [c.strip() for c in value.replace("，", "、").replace(",", "、").replace(";", "、").split("、") if c.strip()]
    officers = []
    for cert in certs:
        officer = by_cert.get(cert)
        if officer is None:
            raise RowError(f"执法证号 {cert} 不是本机关在册的执法人员")
        officers.append(officer)
    problems = rules.officers_problems(officers, on_date)
    if problems:
        raise RowError("；".join(str(p) for p in problems))
    return officers


# ---------------------------------------------------------------- per kind: validate one row → (key, object, extras)


@dataclass
class Context:
    agency: object
    matters: dict
    by_cert: dict
    existing: set


def _officer_row(row, ctx: Context):
    name, cert, field, issued, expires, status, hours, qualified, reviewer = (row + [""] * 9)[:9]
    if not name:
        raise RowError("姓名未填写")
    if not cert:
        raise RowError("执法证号未填写")
    issued_on, expires_on = _date(issued, "发证日期"), _date(expires, "有效期至", future=True)
    if expires_on < issued_on:
        raise RowError("有效期不能早于发证日期")
    try:
        hours = int(hours or 0)
    except ValueError:
        raise RowError(f"培训学时“{hours}”不是整数") from None
    state = _choice(status, OfficerStatus, "证件状态") if status else OfficerStatus.VALID
    return cert, dict(agency_id=ctx.agency.pk, region_path=ctx.agency.region_path, name=name, certificate_no=cert,
                      field=field or "综合", issued_on=issued_on, expires_on=expires_on, status=state,
                      training_hours=hours, has_legal_qualification=_yes(qualified),
                      is_legal_reviewer=_yes(reviewer)), None


def _case_row(row, ctx: Context):
    (number, matter_code, procedure, party, party_kind, id_no, occurred, discovered, registered, penalty, fine,
     decided, certs) = (row + [""] * 13)[:13]
    if not number:
        raise RowError("案号未填写（用于识别重复导入）")
    matter = ctx.matters.get(matter_code)
    if matter is None:
        raise RowError(f"事项编码“{matter_code}”不在本机关的执法事项清单（行政处罚）中")
    procedure = _choice(procedure, Procedure, "程序") if procedure else Procedure.GENERAL
    if not party:
        raise RowError("当事人未填写")
    party_kind = _choice(party_kind, PartyKind, "当事人类别")
    occurred_on, discovered_on = _date(occurred, "违法行为发生日期"), _date(discovered, "发现日期")
    registered_on, decided_on = _date(registered, "立案日期", required=False), _date(decided, "决定日期", required=False)
    if discovered_on < occurred_on:
        raise RowError("发现日期早于违法行为发生日期")
    if registered_on and registered_on < discovered_on:
        raise RowError("立案日期早于发现日期")
    if decided_on and registered_on and decided_on < registered_on:
        raise RowError("决定日期早于立案日期")
    problem = rules.limitation_problem(occurred_on=occurred_on, continuing_until=None, discovered_on=discovered_on,
                                       serious_harm=False)
    if problem:
        raise RowError(str(problem))
    penalty_kind = _choice(penalty, PenaltyKind, "处罚种类") if penalty else ""
    amount = _amount(fine, "罚款金额")
    if penalty_kind == PenaltyKind.FINE and amount is None:
        raise RowError("处罚种类为罚款的，须填写罚款金额")
    if decided_on and not penalty_kind:
        raise RowError("已作出决定的，须填写处罚种类")
    if procedure == Procedure.SUMMARY and penalty_kind:
        reasons = rules.summary_problems(party_kind=party_kind, penalty_kind=penalty_kind, fine_amount=amount)
        if reasons:
            raise RowError(str(reasons[0]))
    act_day = registered_on or decided_on or discovered_on
    officers = _officers(certs, ctx.by_cert, act_day) if (certs or registered_on or decided_on) else []
    state = CaseState.DECIDED if decided_on else CaseState.REGISTERED if registered_on else CaseState.SOURCE
    case = dict(agency_id=ctx.agency.pk, region_path=ctx.agency.region_path, number=number, matter_id=matter.pk,
                procedure=procedure, state=state, party_name=party, party_kind=party_kind, party_id_no=id_no,
                occurred_on=occurred_on, discovered_on=discovered_on, registered_on=registered_on,
                penalty_kind=penalty_kind, fine_amount=amount, decided_on=decided_on, source="批量导入")
    return number, case, officers


def _inspection_row(row, ctx: Context):
    from django.core.exceptions import ValidationError

    from fazhi.core.validators import validate_uscc

    name, code, on, kind, result, items, certs = (row + [""] * 7)[:7]
    if not name:
        raise RowError("企业名称未填写")
    code = code.upper()
    try:
        validate_uscc(code)
    except ValidationError as exc:
        raise RowError(exc.messages[0]) from None
    on_date = _date(on, "检查日期")
    kind = _choice(kind, InspectionKind, "检查类型") if kind else InspectionKind.ROUTINE
    result = _choice(result, InspectionResult, "检查结果") if result else InspectionResult.CLEAN
    if not items:
        raise RowError("检查事项和内容未填写")
    officers = _officers(certs, ctx.by_cert, on_date)
    inspection = dict(agency_id=ctx.agency.pk, region_path=ctx.agency.region_path, enterprise_name=name,
                            credit_code=code, on_date=on_date, kind=kind, result=result, items=items,
                            findings="" if result == InspectionResult.CLEAN else "（批量导入）")
    return f"{code}|{on_date.isoformat()}", inspection, officers


PARSERS = {ImportKind.OFFICER: _officer_row, ImportKind.CASE: _case_row, ImportKind.INSPECTION: _inspection_row}


def _context(kind: str, agency) -> Context:
    matters = {m.code: m for m in Matter.objects.filter(agency=agency, kind="penalty", is_active=True)}
    by_cert = {o.certificate_no: o for o in Officer.objects.filter(agency=agency)}
    if kind == ImportKind.OFFICER:
        existing = set(Officer.objects.values_list("certificate_no", flat=True))
    elif kind == ImportKind.CASE:
        existing = set(Case.objects.filter(agency=agency).exclude(number="").values_list("number", flat=True))
    else:
        existing = {f"{c}|{d.isoformat()}" for c, d in
                    Inspection.objects.filter(agency=agency).values_list("credit_code", "on_date")}
    return Context(agency=agency, matters=matters, by_cert=by_cert, existing=existing)


# ---------------------------------------------------------------- the job


@transaction.atomic
def import_start(*, actor, agency, kind: str, upload) -> ImportJob:
    """Store the file as the job's source and queue the run."""
    from django_q.tasks import async_task

    from fazhi.core.attachments import attachment_create
    from fazhi.core.models import Agency

    perm = Perm.REGISTER if kind == ImportKind.OFFICER else Perm.MANAGE
    if actor is not None and not has_perm(actor, perm):
        raise NotPermitted("您没有导入该类数据的权限。")
    if actor is not None and not restrict(Agency.objects.filter(pk=agency.pk), actor, perm).exists():
        raise NotPermitted("不能为您数据范围以外的单位导入。")
    if kind not in ImportKind.values:
        raise ServiceError(field_errors={"kind": ["请选择导入内容。"]})
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith((".xlsx", ".csv")):
        raise ServiceError(field_errors={"file": ["请上传 .xlsx 或 .csv 文件。"]})
    if getattr(upload, "size", 0) > MAX_BYTES:
        raise ServiceError(field_errors={"file": ["文件不能超过 50 MB。"]})
    source = attachment_create(actor=actor, uploaded_file=upload, agency=agency)
    job = ImportJob.objects.create(agency=agency, region_path=agency.region_path, kind=kind, source=source,
                                   created_by=actor)
    audit.record(actor=actor, action="enforcement.import_start", obj=job,
                 after={"kind": kind, "file": source.original_name, "sha256": source.sha256})
    transaction.on_commit(lambda: async_task("fazhi.enforcement.imports.import_run", job.pk))
    return job


def import_run(job_id: int) -> dict:
    """Validate and import (a background task). Progress is saved after every batch."""
    job = ImportJob.objects.select_related("agency", "source", "created_by").get(pk=job_id)
    if job.status not in (ImportStatus.PENDING, ImportStatus.RUNNING):
        return {"status": job.status}
    try:
        with job.source.file.open("rb") as fh:
            rows = read_rows(job.source.original_name, fh.read())
    except ServiceError as exc:
        return _fail(job, "；".join(m for ms in exc.field_errors.values() for m in ms) or str(exc))
    header, data = (rows[0], rows[1:]) if rows else ([], [])
    expected = COLUMNS[job.kind]
    if [h.strip() for h in header[:len(expected)]] != expected:
        return _fail(job, f"表头应为：{'、'.join(expected)}（可下载模板）。")
    data = [r for r in data if any(c for c in r)]
    if len(data) > MAX_ROWS:
        return _fail(job, f"一次最多导入 {MAX_ROWS} 行。")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, total=len(data))
    _TODAY.clear()
    ctx = _context(job.kind, job.agency)
    parse = PARSERS[job.kind]
    bad: list[tuple[list[str], str]] = []
    good: list[tuple[int, str, object, list]] = []
    created = skipped = 0
    seen = set()
    for i, row in enumerate(data, start=2):
        try:
            key, obj, extra = parse(row, ctx)
        except RowError as exc:
            bad.append((row, str(exc)))
            continue
        if key in ctx.existing:
            skipped += 1
            continue
        if key in seen:
            bad.append((row, "与文件中前面的行重复"))
            continue
        seen.add(key)
        good.append((i, key, obj, extra))
        if len(good) >= BATCH:
            created += _commit(job, good, progress={"processed": i - 1, "created_count": created + len(good),
                                                    "skipped": skipped, "failed": len(bad)})
            good = []
    if good:
        created += _commit(job, good)
    errors_file = _error_workbook(job, bad) if bad else None
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE, processed=len(data), created_count=created, skipped=skipped, failed=len(bad),
        errors_file=errors_file, finished_at=timezone.now(),
        message=f"新增 {created} 行，已存在跳过 {skipped} 行，有误 {len(bad)} 行。")
    return {"created": created, "skipped": skipped, "failed": len(bad)}


def _fail(job, message: str) -> dict:
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, message=message[:300],
                                               finished_at=timezone.now())
    return {"status": ImportStatus.FAILED, "message": message}


def _insert(model, rows: list[dict]) -> None:
    """Insert validated rows (dicts of attribute names): PostgreSQL ``COPY`` — the rows are already checked;
    COPY only writes them — or ``bulk_create`` elsewhere. Defaults and auto timestamps apply as on save()."""
    from django.db import connection
    from django.db.models import DateTimeField, JSONField

    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        return
    from psycopg.types.json import Jsonb

    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    getters = []
    for f in fields:
        name = f.attname
        if isinstance(f, DateTimeField) and (f.auto_now or f.auto_now_add):
            getters.append(lambda row, now=now: now)
        elif isinstance(f, JSONField):
            getters.append(lambda row, name=name, f=f: Jsonb(row[name] if name in row else f.get_default()))
        elif f.has_default() and callable(f.default):
            getters.append(lambda row, name=name, f=f: row[name] if name in row else f.default())
        else:
            default = f.get_default() if f.has_default() else ("" if f.empty_strings_allowed and not f.null else None)
            getters.append(lambda row, name=name, d=default: row.get(name, d))
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([get(row) for get in getters])


@transaction.atomic
def _commit(job, good, progress: dict | None = None) -> int:
    """One batch in one transaction: the rows, their officers, the open cases' 90-day clocks, one audit event
    naming the rows, and the job's progress."""
    objs = [obj for _, _, obj, _ in good]
    model = {ImportKind.CASE: Case, ImportKind.OFFICER: Officer, ImportKind.INSPECTION: Inspection}[job.kind]
    _insert(model, objs)
    if model is Case:
        pks = dict(Case.objects.filter(agency=job.agency, number__in=[o["number"] for o in objs])
                   .values_list("number", "pk"))
        _insert(CaseOfficer, [{"case_id": pks[obj["number"]], "officer_id": o.pk}
                              for _, _, obj, officers in good for o in officers])
        open_ids = [pks[o["number"]] for o in objs if o["state"] == CaseState.REGISTERED]
        if open_ids:
            from fazhi.core import deadlines
            from fazhi.core.choices import PeriodUnit

            for case in Case.objects.filter(pk__in=open_ids).select_related("agency"):
                deadlines.deadline_create(actor=None, object_repr=str(case), rule_code="enforcement.decision",
                                          legal_source="《行政处罚法》第六十条", start_date=case.registered_on,
                                          period=rules.setting("DECISION_DAYS"), unit=PeriodUnit.CALENDAR_DAYS,
                                          agency=case.agency, obj=case)
    elif model is Inspection:
        saved = dict(((c, d), pk) for c, d, pk in Inspection.objects.filter(
            agency=job.agency, credit_code__in={o["credit_code"] for o in objs}).values_list("credit_code", "on_date",
                                                                                           "pk"))
        through = Inspection.officers.through
        through.objects.bulk_create([through(inspection_id=saved[(obj["credit_code"], obj["on_date"])], officer_id=o.pk)
                                     for _, _, obj, officers in good for o in officers], ignore_conflicts=True)
    audit.record(actor=job.created_by, action="enforcement.import_batch", obj=job,
                 after={"kind": job.kind, "rows": [i for i, _, _, _ in good][:BATCH], "count": len(good),
                        "keys_sha256": hashlib.sha256("\n".join(k for _, k, _, _ in good).encode()).hexdigest()})
    if progress:
        ImportJob.objects.filter(pk=job.pk).update(**progress)
    return len(good)


def _error_workbook(job, bad) -> object:
    """The invalid rows as they were, with the reason in Chinese in the last column (write-only workbook)."""
    from openpyxl import Workbook

    from fazhi.core.attachments import attachment_create

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("有误的行")
    columns = COLUMNS[job.kind]
    ws.append([*columns, "错误原因"])
    for row, reason in bad:
        ws.append([*(row + [""] * len(columns))[:len(columns)], reason])
    buffer = io.BytesIO()
    wb.save(buffer)
    name = f"导入错误行-{job.get_kind_display()}-{timezone.localdate():%Y%m%d}.xlsx"
    return attachment_create(actor=None, uploaded_file=ContentFile(buffer.getvalue(), name=name), obj=job,
                             agency=job.agency)


def template_workbook(kind: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("导入模板")
    ws.append(COLUMNS[kind])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
