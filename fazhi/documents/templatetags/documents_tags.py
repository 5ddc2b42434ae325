"""Badges of a document's procedural state and derived validity, built directly: a list page shows
two a row, and an include per badge cost more than the rest of the row. The staff list's rows are built by
``document_list_row``."""

from html import escape  # what django.utils.html.escape does, without its lazy-string wrapper (per call)

from django import template

from fazhi.core.badges import Badges
from fazhi.core.tables import minutes, table_rows
from fazhi.core.urlcache import row_url

from ..choices import Category, DocumentState, Validity

register = template.Library()

_STATE_CLASS = {
    DocumentState.DRAFTING: "text-bg-secondary",
    DocumentState.COMMENTING: "text-bg-info",
    DocumentState.COMMENT_CLOSED: "bg-info-subtle text-info-emphasis border border-info-subtle",
    DocumentState.IN_REVIEW: "text-bg-warning",
    DocumentState.RETURNED: "bg-danger-subtle text-danger-emphasis border border-danger-subtle",
    DocumentState.REVIEWED: "text-bg-primary",
    DocumentState.DELIBERATED: "text-bg-primary",
    DocumentState.PUBLISHED: "text-bg-success",
}
_OTHER = "bg-light text-body-secondary border"

_VALIDITY_CLASS = {
    Validity.IN_FORCE: "text-bg-success",
    Validity.NOT_YET: "text-bg-info",
    Validity.AMENDED: "text-bg-warning",
    Validity.EXPIRED: "text-bg-secondary",
    Validity.REPEALED: "text-bg-dark",
    Validity.REVOKED: "text-bg-danger",
}
_VALIDITY_TEXT = {Validity.IN_FORCE: "有效", Validity.NOT_YET: "尚未施行", Validity.AMENDED: "已修改",
                  Validity.EXPIRED: "失效", Validity.REPEALED: "已废止", Validity.REVOKED: "已撤销"}


_STATE = Badges(DocumentState.choices, _STATE_CLASS, other=_OTHER)
_VALIDITY = Badges(_VALIDITY_TEXT, _VALIDITY_CLASS, other=_OTHER, attr="validity", missing="未公布")


@register.simple_tag
def document_state_badge(doc):
    return _STATE.safe(doc.state)


@register.simple_tag
def validity_badge(validity):
    return _VALIDITY.safe(validity)


_CATEGORY_LABEL = {value: str(label) for value, label in Category.choices}


@register.simple_tag
def document_list_rows(rows):
    """The rows of the staff document list's table (documents/_document_list_table.html), from
    ``selectors.document_table_rows``, as one string (core.tables)."""
    return table_rows(rows, document_list_row, "documents:detail")


def document_list_row(doc: dict, url=lambda code: row_url("documents:detail", code), tz=None) -> str:
    """One row of the table, every value escaped (``url``: a document's page from its code, ``tz``: the time zone shown)."""
    issuer = escape(doc["issuing_agency__name"])
    number = f"{escape(doc['number'])} · " if doc["number"] else ""
    drafter = (f'<div class="text-body-secondary">起草：{escape(doc["agency__name"])}</div>'
               if doc["agency_id"] != doc["issuing_agency_id"] else "")
    state = doc["state"]
    validity = _VALIDITY.html(doc["validity"]) if state == DocumentState.PUBLISHED else ""
    published = doc["publication_date"].strftime("%Y-%m-%d") if doc["publication_date"] else "—"
    updated = minutes(doc["updated_at"], tz)
    code = doc["code"]
    return (
        f'<tr data-code="{escape(code)}">'
        f'<td class="fz-break"><a class="fw-semibold" href="{escape(url(code))}">'
        f'{escape(doc["title"])}</a>'
        f'<div class="small text-body-secondary">{number}'
        f'{escape(_CATEGORY_LABEL.get(doc["category"], doc["category"]))}'
        f'<span class="d-md-none"> · {issuer}</span></div></td>'
        f'<td class="d-none d-md-table-cell small">{issuer}{drafter}</td>'
        f'<td><div class="d-flex flex-column align-items-start gap-1">{_STATE.html(state)}{validity}</div></td>'
        f'<td class="d-none d-lg-table-cell text-nowrap small">{published}</td>'
        f'<td class="d-none d-lg-table-cell text-nowrap small">{updated}</td>'
        '</tr>')
