"""投诉举报 against enforcement (行政处罚法 第七十五条): the supervisor registers and accepts on the working-day
clock, the agency complained about answers, the supervisor closes or sends it back; scope and bad input."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from fazhi.core.choices import Role, Scope
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.tests.factories import make_user
from fazhi.enforcement import services_complaints as cs
from fazhi.enforcement.choices import ComplaintState

D = datetime.date


def run(fn, **kw):
    with transaction.atomic():
        return fn(**kw)


@pytest.fixture
def supervisor(org):
    return make_user("zsfj_jd", org.zhou_sfj, (Role.ENFORCEMENT_SUPERVISOR, Scope.REGION))


@pytest.fixture
def complaint(reg, supervisor, calendar):
    return run(cs.register, actor=supervisor, agency=reg["agency"], source="hotline", received_on=D(2026, 9, 29),
               content="执法人员检查时未出示执法证件，且要求企业停产。", complainant="某企业", contact="0859-1234567")


def test_acceptance_clock_runs_in_working_days_across_national_day(complaint):
    from django.contrib.contenttypes.models import ContentType

    from fazhi.core.models import Deadline

    d = Deadline.objects.get(content_type=ContentType.objects.get_for_model(type(complaint)),
                             object_id=str(complaint.pk), rule_code="enforcement.complaint_accept")
    assert d.due_date == D(2026, 10, 12)  # 9-30, 10-8, 10-9, 10-10 (调休 Saturday), 10-12


def test_the_full_path_and_who_may_take_each_step(complaint, supervisor, people, reg):
    with pytest.raises(NotPermitted):
        run(cs.accept, actor=people.officer, complaint=complaint, on_date=D(2026, 10, 8))
    c = run(cs.accept, actor=supervisor, complaint=complaint, on_date=D(2026, 10, 8))
    assert c.state == ComplaintState.ACCEPTED and c.handle_by == D(2026, 11, 9)  # 30 days: 11-07 is a Saturday
    with pytest.raises(ServiceError):
        run(cs.answer, actor=people.officer, complaint=c, answer="短", on_date=D(2026, 10, 20))
    c = run(cs.answer, actor=people.officer, complaint=c, on_date=D(2026, 10, 20),
            answer="经核查，检查人员已出示证件，但责令停产缺乏依据，已撤回并向企业说明。")
    c = run(cs.send_back, actor=supervisor, complaint=c, reason="请补充检查记录和执法记录仪视频")
    assert c.state == ComplaintState.ACCEPTED
    c = run(cs.answer, actor=people.officer, complaint=c, on_date=D(2026, 10, 25),
            answer="已补充检查记录和视频，责令停产的口头要求已撤回。")
    c = run(cs.close, actor=supervisor, complaint=c, result="partly", on_date=D(2026, 10, 28))
    assert c.state == ComplaintState.CLOSED and c.result == "partly"


def test_pages_hide_the_contact_from_the_agency_and_scope(client, complaint, supervisor, people):
    url = reverse("enforcement:complaint", args=[complaint.code])
    client.force_login(supervisor)
    assert "0859-1234567" in client.get(url).content.decode()
    r = client.post(url, {"action": "complaint_accept", "complaint_accept-on_date": "2026-10-08"})
    assert r.status_code == 302
    client.force_login(people.officer)
    page = client.get(url).content.decode()
    assert "0859-1234567" not in page and "报送核查和处理情况" in page
    client.force_login(people.anlong_fzb)
    assert client.get(url).status_code == 404
    client.force_login(supervisor)
    r = client.post(reverse("enforcement:complaints"), {"agency": "", "source": "hotline", "content": "",
                                                        "received_on": "2026-10-08"})
    assert r.status_code == 400
