"""Badges of a document's procedural state and derived validity, built directly: a list page shows
two a row, and an include per badge cost more than the rest of the row."""

from django import template
from django.utils.html import format_html

from ..choices import DocumentState, Validity

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


@register.simple_tag
def document_state_badge(doc):
    return format_html('<span class="badge {}" data-state="{}">{}</span>', _STATE_CLASS.get(doc.state, _OTHER),
                       doc.state, doc.get_state_display())


@register.simple_tag
def validity_badge(validity):
    return format_html('<span class="badge {}" data-validity="{}">{}</span>', _VALIDITY_CLASS.get(validity, _OTHER),
                       validity or "", _VALIDITY_TEXT.get(validity, "未公布"))
