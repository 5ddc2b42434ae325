"""The document list as an export (core/exports.py): the same scoped, filtered, sorted rows as the page, for the
streamed download and for the background job of a large list."""

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

# The list's sort keys (the page's column headers) and their orderings.
LIST_SORTS = {
    "-updated_at": ("-updated_at", "-id"),
    "updated_at": ("updated_at", "id"),
    "title": ("title", "id"),
    "-title": ("-title", "-id"),
    "state": ("state", "-updated_at", "-id"),
    "-state": ("-state", "updated_at", "id"),
}


def sort_of(query) -> tuple[str, tuple[str, ...]]:
    key = query.get("sort") or "-updated_at"
    key = key if key in LIST_SORTS else "-updated_at"
    return key, LIST_SORTS[key]


def document_list_rows(user, query):
    """(rows in the page's order, columns) of the document list for ``user`` filtered by ``query``."""
    from . import selectors

    queryset = selectors.document_list(user=user)
    filterset = DocumentFilterSet(query or None, queryset=queryset)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    return selectors.document_rows(rows).order_by(*sort_of(query)[1]), DOCUMENT_COLUMNS
