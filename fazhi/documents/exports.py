"""The document list as an export (core/exports.py): the same scoped, filtered, sorted rows as the page, for the
streamed download and for the background job of a large list."""

from operator import itemgetter

from fazhi.core.paging import OBJECT_SORTS, sort_from

from .choices import Category, DocumentState, Validity
from .filtersets import DocumentFilterSet

_CATEGORY = {value: str(label) for value, label in Category.choices}
_STATE = {value: str(label) for value, label in DocumentState.choices}
_VALIDITY = {value: str(label) for value, label in Validity.choices}

# The export reads plain values (``EXPORT_FIELDS``), not model instances: 200 000 documents and their two agencies
# as instances took as long again as writing the workbook.
EXPORT_FIELDS = ("title", "number", "issuing_agency__name", "agency__name", "category", "state", "validity",
                 "publication_date", "effective_date", "expiry_date", "updated_at")
DOCUMENT_COLUMNS = [
    ("文件名称", itemgetter("title")),
    ("文号", itemgetter("number")),
    ("制定机关", itemgetter("issuing_agency__name")),
    ("起草单位", itemgetter("agency__name")),
    ("类别", lambda d: _CATEGORY.get(d["category"], d["category"])),
    ("办理状态", lambda d: _STATE.get(d["state"], d["state"])),
    ("效力状态", lambda d: _VALIDITY.get(d["validity"], d["validity"])),
    ("公布日期", itemgetter("publication_date")),
    ("施行日期", itemgetter("effective_date")),
    ("有效期届满日", itemgetter("expiry_date")),
    ("更新时间", itemgetter("updated_at")),
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
    return rows.order_by(*sort_of(query)[1]).values(*EXPORT_FIELDS), DOCUMENT_COLUMNS
