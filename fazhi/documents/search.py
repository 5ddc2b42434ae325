"""Chinese full-text search without a server-side Chinese parser: jieba segments the text into
space-separated tokens stored on the row; PostgreSQL indexes them with the 'simple' configuration
(GIN), SQLite matches them with LIKE over the token column."""

import re

from django.db import connection
from django.db.models import Q, QuerySet

_PUNCT = re.compile(r"[\s\u3000-\u303f\uff00-\uffef,.;:!?()\[\]{}\"'“”‘’《》、]+")


def tokenize(text: str) -> str:
    import jieba

    tokens = []
    for token in jieba.cut_for_search(text or ""):
        token = _PUNCT.sub("", token).lower()
        if token:
            tokens.append(token)
    return " ".join(tokens)


def query_tokens(query: str) -> list[str]:
    import jieba

    out = []
    for token in jieba.cut(query or ""):
        token = _PUNCT.sub("", token).lower()
        if token and token not in out:
            out.append(token)
    return out[:12]


def search(queryset: QuerySet, query: str, field: str = "search_tokens") -> QuerySet:
    tokens = query_tokens(query)
    if not tokens:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.filter(pk__in=_index_matches(queryset.model, field, tokens))
    condition = Q()
    for token in tokens:
        condition &= Q(**{f"{field}__contains": f" {token} "}) | Q(**{f"{field}__startswith": f"{token} "}) | Q(
            **{f"{field}__endswith": f" {token}"}) | Q(**{field: token})
    return queryset.filter(condition)


def _index_matches(model, field: str, tokens: list[str]):
    """The ids whose tokens hold every query token, found through the GIN index (migration 0002).

    ``OFFSET 0`` keeps the planner from folding this into the outer query: otherwise, from a few per cent
    term frequency on, it walks the publication-date index backwards and runs ``to_tsvector`` on every
    row it passes. The index's matches are found first; the outer filters and order apply to them.
    The expression is the index's own, so the index serves it."""
    from django.db.models.expressions import RawSQL

    meta = model._meta
    qn = connection.ops.quote_name
    sql = (f"SELECT {qn(meta.pk.column)} FROM {qn(meta.db_table)} "
           f"WHERE to_tsvector('simple'::regconfig, COALESCE({qn(meta.get_field(field).column)}, '')) "
           f"@@ plainto_tsquery('simple'::regconfig, %s) OFFSET 0")
    return RawSQL(sql, [" ".join(tokens)])
