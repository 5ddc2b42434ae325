"""A list table's rows built as text: fifty rows of twenty template nodes each cost a quarter of a list page, and a
template tag call per row still a tenth; one tag builds them all (documents_tags, decisions_tags)."""

import datetime as dt
from collections.abc import Callable, Iterable

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from .urlcache import row_urls


def table_rows(rows: Iterable, build: Callable[[object, Callable, dt.tzinfo], str], url_name: str) -> SafeString:
    """``build(row, url, tz)`` for each row, joined; ``url(code)`` is the page of the row's object (``url_name``),
    ``tz`` the time zone its times are shown in (looked up once, not once a cell). ``build`` escapes every value
    it puts in its HTML."""
    url = row_urls(url_name)
    tz = timezone.get_current_timezone()
    return mark_safe("\n".join(build(row, url, tz) for row in rows))  # noqa: S308 — each row escaped by ``build``


def minutes(value: dt.datetime, tz: dt.tzinfo | None = None) -> str:
    """A stored (aware) time as ``YYYY-MM-DD HH:MM`` in ``tz`` (default: the current time zone)."""
    return value.astimezone(tz or timezone.get_current_timezone()).strftime("%Y-%m-%d %H:%M")
