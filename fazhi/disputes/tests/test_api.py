"""/api/v1/disputes/: scoped lists, the kernel transition endpoint (200 / 409 / 404)."""


from rest_framework.test import APIClient

from .test_reconsideration import register


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_reconsideration_list_transition_and_scope(org, clerk, people):
    rc = register(org, clerk)
    api = client_for(clerk)
    listing = api.get("/api/v1/disputes/reconsiderations/")
    assert listing.status_code == 200
    assert [r["code"] for r in listing.json()["results"]] == [str(rc.code)]
    url = f"/api/v1/disputes/reconsiderations/{rc.code}/"
    options = api.get(url + "actions/").json()
    assert {o["action"] for o in options} >= {"accept", "reject"}
    done = api.post(url + "transition/", {"action": "accept", "procedure": "ordinary", "on": "2026-04-29"},
                    format="json")
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "accepted" and done.json()["decision_due"] == "2026-06-29"
    refused = api.post(url + "transition/", {"action": "decide", "decision": "uphold", "summary": "维持"},
                       format="json")
    assert refused.status_code == 409
    other = client_for(people.anlong_fzb)
    assert other.get(url).status_code == 404
    assert other.post(url + "transition/", {"action": "send_copy"}, format="json").status_code == 404


def test_the_registers_are_read_through_the_api_in_scope(org, people, calendar):
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fazhi.core.choices import Role, Scope
    from fazhi.core.tests.factories import make_user
    from fazhi.disputes import services
    from fazhi.disputes.choices import CommitteeKind

    com = services.committee_create(actor=None, name="顶效镇人民调解委员会", kind=CommitteeKind.TOWNSHIP,
                                    region=org.xingyi_town, agency=org.xingyi_town_gov, term_start=date(2024, 1, 1),
                                    members=[{"name": f"调解员{i}", "gender": "f" if i == 0 else "m", "minority": True}
                                             for i in range(3)])
    ref = services.referral_receive(actor=None, committee=com, kind="assigned", received_on=date(2026, 1, 16),
                                    court="兴义市人民法院", parties="甲、乙", summary="货款", dispute_type="contract")
    xingyi = make_user("xingyi_tj_api", org.xingyi_sfj, (Role.MEDIATOR, Scope.REGION))
    api = client_for(xingyi)
    with CaptureQueriesContext(connection) as ctx:
        committees = api.get("/api/v1/disputes/committees/")
    assert committees.status_code == 200 and len(ctx.captured_queries) < 12
    body = committees.json()["results"]
    assert [c["code"] for c in body] == [str(com.code)] and len(body[0]["mediators"]) == 3
    detail = api.get(f"/api/v1/disputes/referrals/{ref.code}/").json()
    assert (detail["kind"], detail["due"]) == ("assigned", "2026-02-24")
    outsider = client_for(people.anlong_fzb)
    assert outsider.get(f"/api/v1/disputes/committees/{com.code}/").status_code == 404
    assert outsider.get(f"/api/v1/disputes/referrals/{ref.code}/").status_code == 404
    assert outsider.get("/api/v1/disputes/referrals/").json()["results"] == []
