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
