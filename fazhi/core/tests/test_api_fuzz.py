"""Schemathesis over the whole API schema, on a small budget: no operation answers with a server error.

Every operation of `/api/v1/schema/` (every module's) gets a few generated requests — valid and invalid
path ids, query parameters and bodies — sent by the office's administrator (the widest scope) through the
Django test client; any 5xx fails with the request that caused it. The examples are derived from a fixed
seed, so a failure reproduces.
"""

import json
from urllib.parse import urlencode

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.test import APIClient

from .api_support import client_for

EXAMPLES = 3  # per operation: the CI budget


def _schema():
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return schemathesis.openapi.from_dict(response.json())


def _send(client, case):
    """The generated request through the Django test client (same database transaction as the test)."""
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    headers = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (kwargs.get("headers") or {}).items()
               if k.lower() not in ("content-type", "content-length", "authorization", "user-agent")}
    body, content_type = "", "application/octet-stream"
    if "json" in kwargs:
        body, content_type = json.dumps(kwargs["json"], ensure_ascii=False), "application/json"
    elif isinstance(kwargs.get("data"), dict):
        body, content_type = urlencode(kwargs["data"], doseq=True), "application/x-www-form-urlencoded"
    return client.generic(kwargs["method"].upper(), kwargs["url"].removeprefix("http://testserver"), data=body,
                          content_type=content_type, QUERY_STRING=urlencode(kwargs.get("params") or {}, doseq=True),
                          **headers)


def _runner(client, operation, sent: list, failures: list):
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def run(case):
        response = _send(client, case)
        sent.append(operation.label)
        if response.status_code >= 500:
            failures.append(f"{operation.label} → {response.status_code}: {case.as_curl_command()}")

    return run


@pytest.mark.django_db
def test_no_operation_of_the_schema_answers_with_a_server_error(people):
    client = client_for(people.fzb_admin)
    client.raise_request_exception = False  # a server error is a 500 to report with its request, not a traceback
    failures, sent, unsatisfiable = [], [], []
    operations = [result.ok() for result in _schema().get_all_operations()]
    for operation in operations:
        try:
            _runner(client, operation, sent, failures)()
        except Unsatisfiable:
            unsatisfiable.append(operation.label)
    assert not failures, "\n".join(failures[:20])
    assert len(set(sent)) > len(operations) * 0.9, sorted({o.label for o in operations} - set(sent))
    assert len(unsatisfiable) < 5, unsatisfiable


def test_a_server_error_is_reported_with_the_request_that_caused_it(db):
    class Broken:
        def generic(self, *args, **kwargs):
            return type("Response", (), {"status_code": 500})()

    operation = next(r.ok() for r in _schema().get_all_operations() if r.ok().label == "GET /api/v1/core/regions/")
    failures: list[str] = []
    _runner(Broken(), operation, [], failures)()
    assert failures and failures[0].startswith("GET /api/v1/core/regions/ → 500: curl")
