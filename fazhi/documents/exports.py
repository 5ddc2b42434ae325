"""The document list as an export (core/exports.py): the same scoped, filtered, sorted rows as the page, for the
streamed download and for the background job of a large list."""

from fazhi.core.paging import OBJECT_SORTS, sort_from

from .choices import Validity
from .filtersets import DocumentFilterSet

DOCUMENT_COLUMNS = [
    ("文件名称", lambda d: d.title),
    ("文号", lambda d: d.number),
    ("制定机关", lambda d: d.issuing_agency.name),
    ("起草单位", lambda d: d.agency.name),
    ("类别", lambda d: d.get_category_display()),
    ("办理状态", lambda d: d.get_state_display()),
    ("效力状态", lambda d: Validity(d.validity).label),
    ("公布日期", lambda d: d.publication_date),
    ("施行日期", lambda d: d.effective_date),
    ("有效期届满日", lambda d: d.expiry_date),
    ("更新时间", lambda d: d.updated_at),
]

def sort_of(query) -> tuple[str, tuple[str, ...]]:
    """The document list's sort (the page's column headers): the procedure objects' sorts."""
    return sort_from(query, OBJECT_SORTS, "-updated_at")


def document_list_rows(user, query):
    """(rows in the page's order, columns) of the document list for ``user`` filtered by ``query``."""
    from . import selectors

    queryset = selectors.document_list(user=user)
    filterset = DocumentFilterSet(query or None, queryset=queryset)
    rows = filterset.qs if not filterset.is_bound or filterset.is_valid() else queryset.none()  # as the page
    return selectors.document_rows(rows).order_by(*sort_of(query)[1]), DOCUMENT_COLUMNS
