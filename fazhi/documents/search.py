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
        from django.contrib.postgres.search import SearchQuery, SearchVector

        q = None
        for token in tokens:
            part = SearchQuery(token, config="simple", search_type="plain")
            q = part if q is None else q & part
        return queryset.annotate(_sv=SearchVector(field, config="simple")).filter(_sv=q)
    condition = Q()
    for token in tokens:
        condition &= Q(**{f"{field}__contains": f" {token} "}) | Q(**{f"{field}__startswith": f"{token} "}) | Q(
            **{f"{field}__endswith": f" {token}"}) | Q(**{field: token})
    return queryset.filter(condition)
