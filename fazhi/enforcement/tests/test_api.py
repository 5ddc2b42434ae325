"""POST /api/v1/enforcement/redaction-preview/."""

from rest_framework.test import APIClient


def test_redaction_preview_returns_the_published_text(people):
    client = APIClient()
    client.force_authenticate(people.officer)
    response = client.post("/api/v1/enforcement/redaction-preview/",
                           {"text": "当事人欧阳娜娜，电话13812345678。", "parties": ["欧阳娜娜"]}, format="json")
    assert response.status_code == 200
    assert response.json() == {"text": "当事人欧阳某，电话[已隐去]。"}


def test_redaction_preview_needs_the_view_permission(people):
    client = APIClient()
    client.force_authenticate(people.sysadmin)
    response = client.post("/api/v1/enforcement/redaction-preview/", {"text": "x"}, format="json")
    assert response.status_code == 403


# ---------------------------------------------------------------- cases through the kernel transition pattern

import datetime  # noqa: E402

from django.db import transaction  # noqa: E402

from fazhi.enforcement import services  # noqa: E402
from fazhi.enforcement.choices import CaseState, PartyKind  # noqa: E402

D = datetime.date


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_case_list_detail_and_a_step_with_its_deadlines(case, people, reg):
    api = _api(people.officer)
    listed = api.get("/api/v1/enforcement/cases/").json()
    assert [c["code"] for c in listed["results"]] == [str(case.code)]
    url = f"/api/v1/enforcement/cases/{case.code}/"
    r = api.post(url + "transition/", {"action": "register", "on_date": "2026-03-12"}, format="json")
    assert r.status_code == 200 and r.json()["state"] == CaseState.REGISTERED
    deadline = r.json()["deadlines"][0]
    assert deadline == {"rule_code": "enforcement.decision", "legal_source": "《行政处罚法》第六十条",
                        "start_date": "2026-03-12", "period": 90, "unit": "calendar_days",
                        "due_date": "2026-06-10", "status": deadline["status"]}
    actions = {a["action"]: a for a in api.get(url + "actions/").json()}
    assert actions["record_act"]["allowed"] and ("notify" not in actions or not actions["notify"]["allowed"])


def test_a_refused_step_answers_409_with_every_reason(case, people, reg):
    api = _api(people.officer)
    url = f"/api/v1/enforcement/cases/{case.code}/transition/"
    api.post(url, {"action": "register", "on_date": "2026-04-01"}, format="json")
    r = api.post(url, {"action": "record_act", "kind": "询问", "on_date": "2026-04-01",
                       "officers": [reg["a"].certificate_no, reg["expired"].certificate_no]}, format="json")
    assert r.status_code == 409
    text = str(r.json())
    assert "王五" in text and "不得少于两人" in text
    r = api.post(url, {"action": "record_act", "kind": "询问", "on_date": "2026-04-01", "officers": ["nobody"]},
                 format="json")
    assert r.status_code == 400


def test_out_of_scope_is_404_before_the_body_is_read(case, people):
    api = _api(people.xingyi_fzb)
    assert api.get(f"/api/v1/enforcement/cases/{case.code}/").status_code == 404
    r = api.post(f"/api/v1/enforcement/cases/{case.code}/transition/", {"action": "nonsense"}, format="json")
    assert r.status_code == 404


def test_case_list_query_count_does_not_grow_with_rows(case, people, reg, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = _api(people.officer)
    with CaptureQueriesContext(connection) as one:
        api.get("/api/v1/enforcement/cases/")
    with transaction.atomic():
        for i in range(5):
            services.case_create(actor=people.officer, agency=reg["agency"], matter=reg["matter"],
                                 party_name=f"某公司{i}", party_kind=PartyKind.ORGANISATION,
                                 occurred_on=D(2026, 3, 2), discovered_on=D(2026, 3, 10))
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(api.get("/api/v1/enforcement/cases/").json()["results"]) == 6


def test_registers_are_readable_in_scope_with_flat_query_counts(reg, people, django_assert_max_num_queries):
    api = _api(people.officer)
    officers = api.get("/api/v1/enforcement/officers/").json()["results"]
    assert {o["certificate_no"] for o in officers} >= {"52230001", "52230003"}
    one = api.get("/api/v1/enforcement/officers/52230003/").json()
    assert one["expires_on"] == "2026-03-31"
    bench = api.get("/api/v1/enforcement/benchmarks/").json()["results"][0]
    assert [r["level"] for r in bench["ranges"]] == ["lenient", "general"]
    for path in ("bodies", "matters", "lenient-items"):
        assert api.get(f"/api/v1/enforcement/{path}/").status_code == 200
    assert _api(people.anlong_fzb).get("/api/v1/enforcement/officers/52230003/").status_code == 404


def test_the_api_list_never_builds_the_agency_dropdown(case, people):
    """The page's agency filter choices cost a query over the scope; the API never renders them (at a million
    cases that query took seconds for a county user)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = _api(people.zsthj_fz)
    with CaptureQueriesContext(connection) as q:
        assert api.get("/api/v1/enforcement/cases/").status_code == 200
    assert not [x["sql"] for x in q.captured_queries if x["sql"].startswith('SELECT "core_agency"."code"')]
