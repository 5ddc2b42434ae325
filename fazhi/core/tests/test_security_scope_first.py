# ruff: noqa: F811  (fixtures imported from the modules' conftests)
"""Issue 7 §5: scope before body — an out-of-scope object answers 404 on every endpoint, never 400;
nested lists answer in the documented page shape."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fazhi.core.tests.api_support import client_for
from fazhi.decisions.tests.conftest import dcp, dwalker  # noqa: F401
from fazhi.documents.tests.conftest import dp, walker  # noqa: F401

pytestmark = pytest.mark.django_db


def _code_routes(namespace: str) -> list[str]:
    """The URL names of the namespace's endpoints that name one object by ``code`` (no other argument)."""
    resolver = get_resolver()
    names = []

    def walk(patterns, ns):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or ns)
            elif isinstance(p, URLPattern) and ns == namespace and p.name:
                if set(p.pattern.regex.groupindex) == {"code"}:
                    names.append(p.name)
    walk(resolver.url_patterns, None)
    return sorted(set(names))


BODIES = [("garbage{", "application/json"), ('{"action": "nonsense", "title": ""}', "application/json")]


def _never_400(client, url):
    for method in ("post", "patch", "put"):
        for body, content_type in BODIES:
            response = getattr(client, method)(url, body, content_type=content_type)
            assert response.status_code in (404, 405), (method, url, response.status_code, response.content[:200])


def test_documents_endpoints_answer_404_for_an_out_of_scope_document_whatever_the_body(walker, dp):
    doc = walker.draft()
    names = _code_routes("documents-api")
    assert "document-transition" in names and "document-comments" in names
    client = client_for(dp.anlong_qc)
    for name in names:
        _never_400(client, reverse(f"documents-api:{name}", kwargs={"code": doc.code}))


def test_decisions_endpoints_answer_404_for_an_out_of_scope_decision_whatever_the_body(dwalker, dcp):
    decision = dwalker.create()
    names = _code_routes("decisions-api")
    assert "decision-experts" in names
    client = client_for(dcp.anlong_jc)
    for name in names:
        _never_400(client, reverse(f"decisions-api:{name}", kwargs={"code": decision.code}))


def test_nested_lists_are_pages_as_the_schema_says(dwalker, dcp):
    decision = dwalker.create()
    client = client_for(dcp.zfgb_jc)
    for name in ("decision-versions", "decision-experts"):
        body = client.get(reverse(f"decisions-api:{name}", kwargs={"code": decision.code})).json()
        assert set(body) >= {"next", "results"}, name
    assert body["results"] == []
