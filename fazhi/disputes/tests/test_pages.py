"""Staff pages: lists scoped and without N+1, a mediation case from the phone entry through its steps on
the kernel's action panel, refusals (409) and out-of-scope objects (404)."""

from datetime import date

import pytest
from django.urls import reverse

from fazhi.core.choices import Role, Scope
from fazhi.core.tests.factories import PASSWORD, make_user
from fazhi.disputes import services
from fazhi.disputes.choices import CommitteeKind
from fazhi.disputes.models import MediationCase, Mediator

from .test_reconsideration import register


@pytest.fixture
def committee(org, calendar):
    return services.committee_create(actor=None, name="顶效镇人民调解委员会", kind=CommitteeKind.TOWNSHIP,
                                     region=org.xingyi_town, agency=org.xingyi_town_gov, term_start=date(2024, 1, 1))


@pytest.fixture
def mediator(org, committee):
    return make_user("dx_tj", org.xingyi_town_gov, (Role.MEDIATOR, Scope.AGENCY))


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_every_list_and_the_home_tiles_render(client, people, org, committee, clerk):
    Mediator.objects.create(committee=committee, name="韦", gender="m", kind="full")
    services.med_register(actor=None, committee=committee, source="own", dispute_type="neighbour", parties="甲、乙",
                          summary="排水沟", received_on=date(2026, 3, 2))
    register(org, clerk)
    login(client, people.fzb_admin)
    for name in ("home", "committees", "mediators", "mediations", "referrals", "reconsiderations", "litigations"):
        response = client.get(reverse(f"disputes:{name}"))
        assert response.status_code == 200, name
    home = client.get(reverse("disputes:home"), {"year": 2026}).content.decode()
    assert "行政诉讼败诉率" in home and "口径" in home and "分母" in home
    page = client.get(reverse("disputes:committee", args=[committee.code])).content.decode()
    assert "委员 1 人，应为三至九人" in page


def test_mediation_list_queries_do_not_grow_with_rows(client, people, committee, django_assert_max_num_queries):
    login(client, people.fzb_admin)
    for i in range(3):
        services.med_register(actor=None, committee=committee, source="own", dispute_type="neighbour",
                              parties=f"甲{i}", summary="s", received_on=date(2026, 3, 2))
    client.get(reverse("disputes:mediations"))
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("disputes:mediations"))
    for i in range(20):
        services.med_register(actor=None, committee=committee, source="own", dispute_type="contract",
                              parties=f"乙{i}", summary="s", received_on=date(2026, 3, 3))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("disputes:mediations"))


def test_mediator_enters_a_case_on_the_phone_page_and_takes_it_to_confirmation(client, mediator, committee, people):
    login(client, mediator)
    response = client.post(reverse("disputes:mediation_create"), {
        "committee": committee.code, "source": "application", "dispute_type": "neighbour", "parties": "张某、李某",
        "summary": "宅基地界址争议", "amount": "", "received_on": ""})
    assert response.status_code == 302
    case = MediationCase.objects.get()
    url = reverse("disputes:mediation", args=[case.code])
    # a step of another state is refused (409), nothing changes
    assert client.post(url, {"action": "record_confirmation", "record_confirmation-result": "valid"}).status_code == 409
    bad = client.post(url, {"action": "succeed", "succeed-agreement_form": "written", "succeed-agreement_text": ""})
    assert bad.status_code == 400
    assert client.post(url, {"action": "succeed", "succeed-agreement_form": "written",
                             "succeed-agreement_text": "以现有围墙为界"}).status_code == 302
    # the court's ruling cannot be recorded before the application (kernel guard → 409 with the reason)
    refused = client.post(url, {"action": "record_confirmation", "record_confirmation-result": "valid"})
    assert refused.status_code == 409 and "尚未申请司法确认" in refused.content.decode()
    assert client.post(url, {"action": "apply_confirmation"}).status_code == 302
    assert client.post(url, {"action": "record_confirmation", "record_confirmation-result": "valid"}).status_code == 302
    case.refresh_from_db()
    assert case.state == "success" and case.confirm_result == "valid"
    page = client.get(url).content.decode()
    assert "申请司法确认" in page and "达成调解协议" in page  # the timeline
    # another county's office sees nothing of it
    client.logout()
    login(client, people.anlong_fzb)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "apply_confirmation"}).status_code == 404


def test_mediator_cannot_enter_a_case_for_a_committee_outside_scope(client, org, mediator):
    other = services.committee_create(actor=None, name="新桥镇人民调解委员会", kind=CommitteeKind.TOWNSHIP,
                                      region=org.anlong_town, agency=org.anlong_gov, term_start=date(2024, 1, 1))
    login(client, mediator)
    response = client.post(reverse("disputes:mediation_create"), {
        "committee": other.code, "source": "own", "dispute_type": "other", "parties": "甲", "summary": "s"})
    assert response.status_code == 400 and not MediationCase.objects.exists()
    assert client.get(reverse("disputes:committee", args=[other.code])).status_code == 404


def test_reconsideration_page_shows_clocks_and_runs_steps(client, org, clerk, people):
    rc = register(org, clerk)
    login(client, clerk)
    url = reverse("disputes:reconsideration", args=[rc.code])
    page = client.get(url).content.decode()
    assert "受理审查期限" in page and "申请期限届满日为 2026-05-06" in page
    assert client.post(url, {"action": "accept", "accept-procedure": "ordinary", "accept-on": "2026-04-30"}).status_code == 302
    rc.refresh_from_db()
    assert rc.state == "accepted"
    refused = client.post(url, {"action": "decide", "decide-decision": "order_perform", "decide-summary": "x",
                                "decide-on": "2026-05-20"})
    assert refused.status_code == 409 and "不能办理" in refused.content.decode()
    rc.refresh_from_db()
    assert rc.state == "accepted" and not rc.decision
    client.logout()
    login(client, people.anlong_fzb)
    assert client.get(url).status_code == 404


def test_registering_a_reconsideration_and_a_litigation_on_the_pages(client, org, clerk, people):
    login(client, clerk)
    bad = client.post(reverse("disputes:reconsideration_create"), {
        "respondent": org.zhou_sthj.code, "applicant_name": "", "applicant_kind": "citizen", "act": "罚款",
        "act_known_on": "2026-03-06", "received_on": "2026-04-29", "rights_notified": "on"})
    assert bad.status_code == 400
    done = client.post(reverse("disputes:reconsideration_create"), {
        "respondent": org.zhou_sthj.code, "applicant_name": "张三", "applicant_kind": "citizen", "act": "罚款五千元",
        "act_known_on": "2026-03-06", "received_on": "2026-04-29", "rights_notified": "on"})
    assert done.status_code == 302
    from fazhi.disputes.models import Litigation, Reconsideration

    rc = Reconsideration.objects.get()
    assert rc.organ == org.zhou_gov and rc.agency == org.zhou_sfj and rc.review_deadline.due_date == date(2026, 5, 9)  # 5 working days: 4-30, 5-6, 5-7, 5-8, 5-9 (调休)
    # the clerk's scope is its own agency: another agency is not offered as a defendant
    refused = client.post(reverse("disputes:litigation_create"), {
        "agency": org.zhou_sthj.code, "court": "兴义市人民法院", "case_number": "（2026）黔2301行初5号",
        "instance": "first", "plaintiff": "李四", "contested_act": "处罚", "filed_on": "2026-05-06"})
    assert refused.status_code == 400
    done = client.post(reverse("disputes:litigation_create"), {
        "agency": org.zhou_sfj.code, "court": "兴义市人民法院", "case_number": "（2026）黔2301行初5号",
        "instance": "first", "plaintiff": "李四", "contested_act": "处罚", "filed_on": "2026-05-06"})
    assert done.status_code == 302 and Litigation.objects.get().agency == org.zhou_sfj
    client.logout()
    login(client, people.anlong_fzb)
    assert client.get(reverse("disputes:reconsideration", args=[rc.code])).status_code == 404
