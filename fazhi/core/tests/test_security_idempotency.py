# ruff: noqa: F811  (fixtures imported from the modules' conftests)
"""Issue 7 §5: a create retried with the same Idempotency-Key answers the first result and creates nothing."""

import pytest
from django.urls import reverse

from fazhi.core.models import IdempotencyRecord, Region
from fazhi.core.tests.api_support import client_for
from fazhi.decisions.models import Decision
from fazhi.decisions.tests.conftest import dcp  # noqa: F401
from fazhi.documents.models import NormativeDocument
from fazhi.documents.tests.conftest import dp  # noqa: F401

pytestmark = pytest.mark.django_db


def _doc_payload(org, title="兴义市某办法"):
    return {"title": title, "body": "第一条 为了规范……", "issuing_agency": str(org.xingyi_gov.code),
            "affects_rights": True, "concerns_market": False}


def _post(client, url, data, key):
    return client.post(url, data, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_a_repeated_key_answers_the_first_result_and_creates_one_document(dp, org):
    client = client_for(dp.xingyi_qc)
    url = reverse("documents-api:document-list")
    first = _post(client, url, _doc_payload(org), "k-1")
    assert first.status_code == 201
    again = _post(client, url, _doc_payload(org), "k-1")
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert NormativeDocument.objects.count() == 1
    record = IdempotencyRecord.objects.get()
    assert (record.user, record.key, record.endpoint, record.status) == (dp.xingyi_qc, "k-1", url, 201)


def test_without_a_key_or_with_a_new_key_each_post_creates(dp, org):
    client = client_for(dp.xingyi_qc)
    url = reverse("documents-api:document-list")
    client.post(url, _doc_payload(org), format="json")
    client.post(url, _doc_payload(org), format="json")
    _post(client, url, _doc_payload(org), "k-2")
    assert NormativeDocument.objects.count() == 3


def test_the_same_key_with_another_body_is_refused(dp, org):
    client = client_for(dp.xingyi_qc)
    url = reverse("documents-api:document-list")
    _post(client, url, _doc_payload(org), "k-3")
    other = _post(client, url, _doc_payload(org, "另一办法"), "k-3")
    assert other.status_code == 409 and "不同" in other.json()["detail"]
    assert NormativeDocument.objects.count() == 1


def test_the_key_belongs_to_its_user(dp, org, people):
    url = reverse("documents-api:document-list")
    _post(client_for(dp.xingyi_qc), url, _doc_payload(org), "shared")
    other = _post(client_for(people.xingyi_fzb), url, _doc_payload(org), "shared")
    assert other.status_code == 201 and "Idempotent-Replayed" not in other
    assert NormativeDocument.objects.count() == 2


def test_a_refused_create_leaves_no_record_and_the_retry_runs_again(dp, org):
    client = client_for(dp.xingyi_qc)
    url = reverse("documents-api:document-list")
    bad = {**_doc_payload(org), "issuing_agency": str(org.anlong_gov.code)}
    assert _post(client, url, bad, "k-4").status_code == 400
    assert not IdempotencyRecord.objects.exists()
    assert _post(client, url, _doc_payload(org), "k-4").status_code == 201


def test_an_over_long_key_is_a_400(dp, org):
    response = _post(client_for(dp.xingyi_qc), reverse("documents-api:document-list"), _doc_payload(org), "k" * 101)
    assert response.status_code == 400
    assert not NormativeDocument.objects.exists()


def test_decisions_create_is_idempotent(dcp, org):
    client = client_for(dcp.zfgb_jc)
    url = reverse("decisions-api:decision-list")
    data = {"title": "黔西南州某方案", "decision_organ": str(org.zhou_gov.code), "sponsor": str(org.zhou_sthj.code),
            "requires_public_participation": True, "requires_expert_argumentation": False,
            "requires_risk_assessment": False, "concerns_market": False}
    first = _post(client, url, data, "d-1")
    assert first.status_code == 201, first.json()
    assert _post(client, url, data, "d-1").json() == first.json()
    assert Decision.objects.count() == 1


def test_core_create_is_idempotent(people, org):
    client = client_for(people.sysadmin)
    url = reverse("api:core-region-list")
    data = {"name": "某新区", "code": "522399", "level": 3, "parent": org.prefecture.code}
    first = _post(client, url, data, "r-1")
    assert first.status_code == 201, first.json()
    before = Region.objects.count()
    assert _post(client, url, data, "r-1").json() == first.json()
    assert Region.objects.count() == before
