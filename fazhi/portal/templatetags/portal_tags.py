"""Template helpers of the public site: search-term highlighting, excerpts, status badges."""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from fazhi.documents import search
from fazhi.documents.choices import Validity

register = template.Library()

EXCERPT_CHARS = 110

_VALIDITY_BADGE = {
    Validity.IN_FORCE: "text-bg-success",
    Validity.NOT_YET: "text-bg-info",
    Validity.AMENDED: "text-bg-warning",
    Validity.EXPIRED: "text-bg-secondary",
    Validity.REPEALED: "text-bg-dark",
}


def _pattern(query: str) -> re.Pattern | None:
    tokens = sorted((t for t in search.query_tokens(query or "") if t), key=len, reverse=True)
    if not tokens:
        return None
    return re.compile("|".join(re.escape(t) for t in tokens), re.IGNORECASE)


def _marked(text: str, pattern: re.Pattern | None) -> str:
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


@register.filter
def highlight(text, query):
    """The text, escaped, with the search terms of ``query`` wrapped in <mark>."""
    return mark_safe(_marked(str(text or ""), _pattern(query)))  # noqa: S308 - every piece is escaped


@register.filter
def excerpt(text, query):
    """About a hundred characters of the body around the first search term (or its beginning)."""
    text = " ".join(str(text or "").split())
    pattern = _pattern(query)
    start = 0
    if pattern is not None:
        match = pattern.search(text)
        if match:
            start = max(0, match.start() - EXCERPT_CHARS // 3)
    piece = text[start:start + EXCERPT_CHARS]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + EXCERPT_CHARS < len(text) else ""
    return mark_safe(prefix + _marked(piece, pattern) + suffix)  # noqa: S308 - escaped in _marked


@register.simple_tag
def validity_badge(value):
    """A coloured badge for a derived validity status (有效 / 尚未施行 / 已修改 / 失效 / 已废止)."""
    label = Validity(value).label if value in Validity.values else value
    return format_html('<span class="badge {} fz-validity" data-validity="{}">{}</span>',
                       _VALIDITY_BADGE.get(value, "text-bg-light border"), value, label)
