"""xlsx export of any list: the same scoped, filtered queryset the page shows, written row by row.

The workbook is openpyxl's write-only kind: each row goes straight to a temporary file on disk, so a
worker's memory stays flat however many rows there are, and there is no row cap — every row of the list
is exported. Pass an iterator (``queryset.iterator(chunk_size=…)``) so the rows are not all held either.
A small file is answered in one piece; a larger one is streamed from the temporary file, which is
deleted when the response is closed.

A list of more than ``FAZHI_EXPORT_BACKGROUND_ROWS`` rows (default 20 000) is not written while the user waits:
``list_export`` records an ``ExportJob`` with the filters of the request and a background task writes it, saving
its progress as it goes (the job's page shows a progress bar); the user finds the download link in the inbox.
A module makes a list exportable so by registering, under a key, how to rebuild it for a user and a query
(``register``): the task runs the same scoped, filtered query as the page.
"""

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from . import audit
from .choices import NotificationLevel
from .models import ExportJob
from .notifications import notify

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Up to this size a file is answered in one piece (HttpResponse); beyond it, streamed (FileResponse).
STREAM_ABOVE_BYTES = 1 << 20
# Column width without measuring every value (a write-only sheet fixes widths before the first row).
MIN_WIDTH, MAX_WIDTH = 12, 40


def _local(value: dt.datetime):
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


# A cell's value by its exact type, looked up once per cell instead of a chain of isinstance checks (a large
# export writes millions of cells); other types go through ``_cell``.
_BY_TYPE = {str: None, int: None, float: None, dt.date: None, type(None): lambda v: "", dt.datetime: _local,
            bool: lambda v: "是" if v else "否"}


def _cell(value):
    if type(value) in _BY_TYPE:
        convert = _BY_TYPE[type(value)]
        return value if convert is None else convert(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None:
        return ""
    if isinstance(value, dt.date | int | float | str):
        return value
    return str(value)


def write_workbook(target, title: str, columns: list[tuple[str, Callable]], rows: Iterable,
                   progress: Callable[[int], None] | None = None, every: int = 1000) -> int:
    """Write the sheet to ``target`` (a path or binary file); returns the number of data rows.
    ``columns`` are (Chinese header, function(row) → value); ``progress(count)`` is called every ``every`` rows."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    for i, (header, _) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, max(MIN_WIDTH, len(header) * 2 + 4))
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header, _ in columns:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    count = 0
    for row in rows:
        ws.append([_cell(fn(row)) for _, fn in columns])
        count += 1
        if progress is not None and count % every == 0:
            progress(count)
    wb.save(target)
    return count


def build_workbook(title: str, columns: list[tuple[str, Callable]], rows: Iterable) -> bytes:
    """The workbook as bytes (small exports and tests; views use ``xlsx_response``)."""
    with tempfile.TemporaryFile() as tmp:
        write_workbook(tmp, title, columns, rows)
        tmp.seek(0)
        return tmp.read()


def xlsx_response(filename: str, title: str, columns: list[tuple[str, Callable]], rows: Iterable) -> HttpResponse:
    tmp = tempfile.TemporaryFile()
    count = write_workbook(tmp, title, columns, rows)
    size = tmp.tell()
    tmp.seek(0)
    if size <= STREAM_ABOVE_BYTES:
        with tmp:
            response = HttpResponse(tmp.read(), content_type=XLSX_TYPE)
    else:
        response = FileResponse(tmp, content_type=XLSX_TYPE)  # closes (and so deletes) the file when done
        response["Content-Length"] = str(size)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{filename}-{stamp}.xlsx')}"
    response["X-Export-Rows"] = str(count)
    return response


def sheets_response(filename: str, about: list[tuple[str, object]], sheets: list[tuple[str, list, list]]) -> HttpResponse:
    """A statistics workbook: a "说明" sheet (``about``: label, value — the scope, the period …, and when it was
    made), then one sheet per (title, header, rows), the header bold, columns as wide as their text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    info = wb.active
    info.title = "说明"
    for row in [*about, ("生成时间", timezone.localtime().strftime("%Y-%m-%d %H:%M"))]:
        info.append(list(row))
    for title, header, rows in sheets:
        ws = wb.create_sheet(title)
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(row)
        for column in ws.columns:
            ws.column_dimensions[column[0].column_letter].width = max(10, min(50, max(
                len(str(c.value or "")) * 2 for c in column)))
    buffer = BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename.replace(' ', '') + '.xlsx')}"
    return response


# ---------------------------------------------------------------- large exports in the background


@dataclass(frozen=True)
class ListExport:
    """How to rebuild one exportable list for a user and the request's query: ``build(user, query)`` →
    (queryset of the rows in the page's order, columns); ``page`` is the list page's URL name."""

    title: str
    build: Callable
    page: str


_EXPORTS: dict[str, ListExport] = {}


def register(key: str, export: ListExport) -> None:
    _EXPORTS[key] = export


def registered(key: str) -> ListExport | None:
    return _EXPORTS.get(key)


def background_rows() -> int:
    return int(getattr(settings, "FAZHI_EXPORT_BACKGROUND_ROWS", 20000))


def list_export(request, key: str):
    """The export of a registered list: streamed now when it is small, else an ExportJob written in the
    background and the user sent to its page."""
    export = _EXPORTS[key]
    rows, columns = export.build(request.user, request.GET)
    total = rows.count()
    if total <= background_rows():
        return xlsx_response(export.title, export.title, columns, rows.iterator(chunk_size=1000))
    job = export_job_create(actor=request.user, key=key, query=request.GET, total=total)
    return redirect("core:export_job", code=job.code)


def export_job_create(*, actor, key: str, query, total: int) -> ExportJob:
    from django_q.tasks import async_task

    export = _EXPORTS[key]
    params = {k: v for k, v in query.lists() if k != "format"} if hasattr(query, "lists") else dict(query)
    with transaction.atomic():
        job = ExportJob.objects.create(user=actor, key=key, title=export.title, params=params, total=total)
        audit.record(actor=actor, action="core.export_create", obj=job,
                     after={"key": key, "params": params, "total": total})
        transaction.on_commit(lambda: async_task("fazhi.core.exports.export_run", job.pk))
    return job


def export_path(job: ExportJob) -> Path:
    return Path(settings.VAR_DIR) / "exports" / f"{job.code}.xlsx"


def export_run(job_id: int) -> None:
    """Write the workbook of an ExportJob (a background task); progress is saved every 1 000 rows."""
    from django.http import QueryDict

    job = ExportJob.objects.select_related("user").get(pk=job_id)
    if job.status not in (ExportJob.Status.PENDING, ExportJob.Status.RUNNING):
        return
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)
    query = QueryDict(mutable=True)
    for k, values in (job.params or {}).items():
        query.setlist(k, values if isinstance(values, list) else [values])
    path = export_path(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        rows, columns = _EXPORTS[job.key].build(job.user, query)
        count = write_workbook(path, job.title, columns, rows.iterator(chunk_size=1000),
                               progress=lambda n: ExportJob.objects.filter(pk=job.pk).update(processed=n))
    except Exception as exc:  # noqa: BLE001 - the job records the failure, the user is told
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED, finished_at=timezone.now(),
                                                   message=f"导出失败：{exc}"[:300])
        with transaction.atomic():
            notify(recipient=job.user, title=f"导出失败：{job.title}", level=NotificationLevel.WARNING,
                   link=reverse("core:export_job", kwargs={"code": job.code}))
        raise
    with transaction.atomic():
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.DONE, processed=count, total=count,
                                                   finished_at=timezone.now())
        notify(recipient=job.user, title=f"导出已完成：{job.title}（{count} 行）",
               body="点击打开后下载 Excel 文件。", link=reverse("core:export_job", kwargs={"code": job.code}))
