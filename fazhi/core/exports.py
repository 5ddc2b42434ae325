"""xlsx export of any list: the same scoped, filtered queryset the page shows, written row by row.

The workbook is openpyxl's write-only kind: each row goes straight to a temporary file on disk, so a
worker's memory stays flat however many rows there are, and there is no row cap — every row of the list
is exported. Pass an iterator (``queryset.iterator(chunk_size=…)``) so the rows are not all held either.
A small file is answered in one piece; a larger one is streamed from the temporary file, which is
deleted when the response is closed.
"""

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable
from urllib.parse import quote

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Up to this size a file is answered in one piece (HttpResponse); beyond it, streamed (FileResponse).
STREAM_ABOVE_BYTES = 1 << 20
# Column width without measuring every value (a write-only sheet fixes widths before the first row).
MIN_WIDTH, MAX_WIDTH = 12, 40


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


def write_workbook(target, title: str, columns: list[tuple[str, Callable]], rows: Iterable) -> int:
    """Write the sheet to ``target`` (a path or binary file); returns the number of data rows.
    ``columns`` are (Chinese header, function(row) → value)."""
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
