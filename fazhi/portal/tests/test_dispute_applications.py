"""Applying for 人民调解 and 行政复议 on the portal without an account, and following the application by its 受理编号
(行政复议法 第二十条、第二十二条; 人民调解法 第十七条); the staff register it as a case or decline it."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from fazhi.core.choices import Role, Scope
from fazhi.core.errors import NotPermitted
from fazhi.core.models import AuditEvent
from fazhi.core.tests.factories import make_user
from fazhi.disputes import services
from fazhi.disputes.models import PublicApplication
from fazhi.portal.tests.test_portal import solve


def at(day):
    return time_machine.travel(f"{day.isoformat()} 10:00 +0800", tick=False)


def form_data(org, **extra):
    data = {"region": org.xingyi.pk, "name": "张三", "contact": "13800000000", "respondent_name": "兴义市市场监督管理局",
            "act": "2026-06-01 作出的罚款五千元决定", "act_known_on": "2026-06-01", "content": "请求撤销该处罚决定。"}
    data.update(extra)
    return data


def test_a_reconsideration_application_inside_its_period_gets_a_code_and_a_status_page(client, org, calendar):
    url = reverse("portal:dispute_apply", kwargs={"kind": "reconsideration"})
    with at(date(2026, 7, 31)):  # 60 days from 06-01 end on 07-31
        page = client.get(url).content.decode()
        done = client.post(url, {**form_data(org), **solve(page)})
    assert done.status_code == 302
    app = PublicApplication.objects.get()
    assert done["Location"] == reverse("portal:dispute_application", kwargs={"code": app.code})
    status = client.get(done["Location"]).content.decode()
    assert app.code in status and "已收到，待登记" in status and "张三" not in status
    assert AuditEvent.objects.filter(action="disputes.application_submit").count() == 1


def test_a_late_reconsideration_needs_a_stated_reason(client, org, calendar):
    url = reverse("portal:dispute_apply", kwargs={"kind": "reconsideration"})
    with at(date(2026, 8, 1)):
        refused = client.post(url, {**form_data(org), **solve(client.get(url).content.decode())})
        assert refused.status_code == 200 and "已超过行政复议申请期限" in refused.content.decode()
        assert not PublicApplication.objects.exists()
        accepted = client.post(url, {**form_data(org, delay_reason="住院治疗至 7 月 25 日"),
                                     **solve(client.get(url).content.decode())})
    assert accepted.status_code == 302 and PublicApplication.objects.get().delay_reason == "住院治疗至 7 月 25 日"


def test_a_mediation_application_and_the_staff_register_it_as_a_case(client, org, calendar, people):
    url = reverse("portal:dispute_apply", kwargs={"kind": "mediation"})
    data = {k: v for k, v in form_data(org, respondent_name="李四", act="邻里排水纠纷",
                                      content="请求调解").items() if k != "act_known_on"}
    with at(date(2026, 9, 1)):
        assert client.post(url, {**data, **solve(client.get(url).content.decode())}).status_code == 302
    app = PublicApplication.objects.get()
    anlong = make_user("anlong_tj_x", org.anlong_sfj, (Role.MEDIATOR, Scope.REGION))
    with pytest.raises(NotPermitted):  # another county's mediator
        services.application_handle(actor=anlong, application=app, decision="decline", reason="x")
    xingyi = make_user("xingyi_tj_x", org.xingyi_sfj, (Role.MEDIATOR, Scope.REGION))
    client.force_login(xingyi)
    bad = client.post(reverse("disputes:application", kwargs={"code": app.code}),
                      {"decision": "register", "case_code": "00000000-0000-0000-0000-000000000000"})
    assert bad.status_code == 400
    done = client.post(reverse("disputes:application", kwargs={"code": app.code}),
                       {"decision": "decline", "reason": "双方已在村委会达成和解"})
    assert done.status_code == 302
    client.logout()
    status = client.get(reverse("portal:dispute_application", kwargs={"code": app.code})).content.decode()
    assert "不予登记" in status and "双方已在村委会达成和解" in status


def test_an_unknown_code_is_a_chinese_lookup_error(client, db):
    page = client.get(reverse("portal:dispute_lookup"), {"code": "ZZZZZZZZZZ"}).content.decode()
    assert "没有找到该受理编号" in page
