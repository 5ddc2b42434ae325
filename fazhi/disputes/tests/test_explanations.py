"""A county above the loss-rate reference: the request is proposed from the computed rate against the latest
reference (data with its source), sent as a generated .docx with the answer clock, answered by the county,
reviewed by the prefecture; scope and bad input refused."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.core.choices import Role, Scope
from fazhi.core.docgen import docx_text
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.tests.factories import PASSWORD, make_user
from fazhi.disputes import explanations, services
from fazhi.disputes.models import ExplanationRequest, LossReference


def lit(agency, n, closure):
    case = services.lit_register(actor=None, agency=agency, court="法院", case_number=f"（2026）黔行初{n}号",
                                 plaintiff="张", contested_act="处罚", filed_on=date(2026, 3, 2))
    services.lit_close(actor=None, lit=case, closure=closure, on=date(2026, 6, 1))


@pytest.fixture
def setup(org, clerk, calendar):
    LossReference.objects.create(year=2024, scope="provincial", value=Decimal("0.0939"), numerator=678,
                                 denominator=7223, source="贵州省高级人民法院发布：2024年全省一审行政案件审结7223件、败诉678件")
    for n, closure in enumerate(["j70", "j69", "j69"]):
        lit(org.anlong_gov, n, closure)  # 1/3 = 33.33%
    for n, closure in enumerate(["j69", "j69", "withdrawn"], start=10):
        lit(org.xingyi_gov, n, closure)  # 0/3
    county = make_user("anlong_ys", org.anlong_sfj, (Role.LEGAL_STAFF, Scope.REGION))
    return clerk, county


def test_only_the_county_above_the_reference_gets_a_request_once(org, setup):
    clerk, _ = setup
    made = explanations.propose(actor=clerk, year=2026, issuer=org.zhou_sfj, on=date(2026, 12, 1))
    assert [r.county for r in made] == [org.anlong]
    req = made[0]
    assert (req.numerator, req.denominator, req.rate) == (1, 3, Decimal("0.3333"))
    assert req.reference.value == Decimal("0.0939") and req.addressee == org.anlong_gov
    assert explanations.propose(actor=clerk, year=2026, issuer=org.zhou_sfj, on=date(2026, 12, 1)) == []


def test_no_reference_no_request(org, clerk, calendar):
    with pytest.raises(ServiceError):
        explanations.propose(actor=clerk, year=2026, issuer=org.zhou_sfj)


def test_sent_docx_answer_and_review(org, setup, people):
    clerk, county = setup
    req = explanations.propose(actor=clerk, year=2026, issuer=org.zhou_sfj, on=date(2026, 12, 1))[0]
    with pytest.raises(NotPermitted):
        explanations.send(actor=county, req=req)  # the county does not send to itself
    req = explanations.send(actor=clerk, req=req, on=date(2026, 12, 1))
    text = docx_text(req.document.open("rb").read())
    assert "安龙县人民政府" in text and "33.33%" in text and "9.39%" in text and "678件" in text
    # 15 working days from 2026-12-01 (a Tuesday) → 2026-12-22
    assert req.deadline.due_date == date(2026, 12, 22) and req.state == "sent"
    with pytest.raises(NotPermitted):
        explanations.answer(actor=clerk, req=req, text="x" * 30)  # the prefecture does not answer for the county
    with pytest.raises(ServiceError):
        explanations.answer(actor=county, req=req, text="太短")
    other = make_user("xingyi_ys", org.xingyi_sfj, (Role.LEGAL_STAFF, Scope.REGION))
    with pytest.raises(NotPermitted):
        explanations.answer(actor=other, req=req, text="败诉原因分析和整改措施" * 3)
    req = explanations.answer(actor=county, req=req, text="一、败诉原因：违反法定程序。二、整改措施：开展执法程序培训，" * 2,
                              on=date(2026, 12, 2))
    assert req.state == "answered"
    req.deadline.refresh_from_db()
    assert req.deadline.status == "done"
    with pytest.raises(ServiceError):
        explanations.review(actor=clerk, req=req, accept=False, note="")
    req = explanations.review(actor=clerk, req=req, accept=True, on=date(2026, 12, 3))
    assert req.state == "closed"


def test_pages(client, org, setup, people):
    clerk, county = setup
    assert client.login(username=clerk.username, password=PASSWORD)
    page = client.get(reverse("disputes:explanations"), {"year": 2026}).content.decode()
    assert "安龙县：33.3%" in page
    assert client.post(reverse("disputes:explanations"), {"year": 2026}).status_code == 302
    req = ExplanationRequest.objects.get()
    url = reverse("disputes:explanation", args=[req.code])
    assert client.post(url, {"do": "send"}).status_code == 302
    assert client.get(url, {"format": "docx"}).status_code == 200
    client.logout()
    assert client.login(username=county.username, password=PASSWORD)
    assert client.post(url, {"do": "answer", "text": "败诉原因分析：程序违法；整改措施：加强执法培训和案卷评查。"}).status_code == 302
    assert "已说明，待审核" in client.get(url).content.decode()
    client.logout()
    assert client.login(username="xingyi_fzb", password=PASSWORD)
    assert client.get(url).status_code == 404
