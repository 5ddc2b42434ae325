"""xlsx export of any list: the same scoped, filtered queryset the page shows, streamed through openpyxl."""

import datetime as dt
from collections.abc import Callable, Iterable
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_EXPORT_ROWS = 100_000


def _cell(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None:
        return ""
    if isinstance(value, dt.date | int | float | str):
        return value
    return str(value)


def build_workbook(title: str, columns: list[tuple[str, Callable]], rows: Iterable) -> bytes:
    """``columns`` are (Chinese header, function(row) → value)."""
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = title[:31]
    ws.append([header for header, _ in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = [len(header) * 2 + 2 for header, _ in columns]
    for count, row in enumerate(rows, start=1):
        if count > MAX_EXPORT_ROWS:
            break
        values = [_cell(fn(row)) for _, fn in columns]
        ws.append(values)
        for i, value in enumerate(values):
            widths[i] = min(60, max(widths[i], len(str(value)) * 2 if value != "" else 0))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, title: str, columns: list[tuple[str, Callable]], rows: Iterable) -> HttpResponse:
    from urllib.parse import quote

    content = build_workbook(title, columns, rows)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{filename}-{stamp}.xlsx')}"
    return response
