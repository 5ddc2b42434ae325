"""诉调对接 (特邀调解规定 第二十七条): 委派 30 days, 委托 15 days (简易 7), counted from the day the materials
were signed for and ending on a working day, extendable only with the parties' consent; the result reported
back to the court; at the edges on real 2026 dates (春节 2-15…2-23, 劳动节 5-1…5-5, 国庆 10-1…10-8)."""

from datetime import date

import pytest
from django.urls import reverse

from fazhi.core.choices import Role, Scope
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.tests.factories import PASSWORD, make_user
from fazhi.disputes import services
from fazhi.disputes.choices import AgreementForm, CommitteeKind
from fazhi.disputes.models import MediationCase, Referral


@pytest.fixture
def com(org, calendar):
    return services.committee_create(actor=None, name="顶效镇人民调解委员会", kind=CommitteeKind.TOWNSHIP,
                                     region=org.xingyi_town, agency=org.xingyi_town_gov, term_start=date(2024, 1, 1))


def receive(com, kind="assigned", on=date(2026, 1, 16), **kw):
    data = dict(court="兴义市人民法院", parties="甲、乙", summary="买卖合同货款", dispute_type="contract")
    if kind == "entrusted":
        data["court_number"] = "（2026）黔2301民初100号"
    data.update(kw)
    return services.referral_receive(actor=None, committee=com, kind=kind, received_on=on, **data)


def test_assigned_thirty_days_end_after_the_spring_festival(com):
    # 2026-01-16 + 30 days = 2026-02-15, inside 春节 (2-15…2-23) → the first working day, 2026-02-24
    ref = receive(com)
    assert ref.deadline.due_date == date(2026, 2, 24)
    assert ref.case.source == "assigned" and ref.case.state == "open"


def test_entrusted_simple_seven_days_roll_over_labour_day(com):
    # 2026-04-28 + 7 = 2026-05-05 (劳动节) → 2026-05-06
    ref = receive(com, "entrusted", date(2026, 4, 28), simple=True)
    assert ref.deadline.due_date == date(2026, 5, 6)


def test_entrusted_ordinary_fifteen_days(com):
    # 2026-09-10 + 15 = 2026-09-25, 中秋节 (a Friday off) → Monday 2026-09-28
    assert receive(com, "entrusted", date(2026, 9, 10)).deadline.due_date == date(2026, 9, 28)


def test_entrusted_needs_the_court_number_and_changes_nothing(com):
    with pytest.raises(ServiceError) as exc:
        services.referral_receive(actor=None, committee=com, kind="entrusted", court="兴义市人民法院",
                                  received_on=date(2026, 3, 2), parties="甲", summary="s")
    assert "court_number" in exc.value.field_errors
    assert not Referral.objects.exists() and not MediationCase.objects.exists()


def test_report_while_still_mediating_is_refused_until_the_period_has_run(com):
    ref = receive(com)
    with pytest.raises(TransitionRefused) as exc:
        services.referral_report(actor=None, referral=ref, on=date(2026, 2, 24))  # the last day
    assert "2026-02-24" in str(exc.value)
    ref = services.referral_report(actor=None, referral=ref, on=date(2026, 2, 25))  # one day after
    assert ref.result == "failed" and ref.deadline.status == "done"


def test_success_is_reported_back_and_cannot_be_reported_twice(com):
    ref = receive(com, "entrusted", date(2026, 4, 28), simple=True)
    services.med_succeed(actor=None, case=ref.case, agreement_form=AgreementForm.WRITTEN, agreement_text="分期付款",
                         on=date(2026, 5, 6))
    ref = services.referral_report(actor=None, referral=ref, on=date(2026, 5, 6), note="出具调解书")
    assert ref.result == "success" and not ref.reported_late
    with pytest.raises(ServiceError):
        services.referral_report(actor=None, referral=ref, on=date(2026, 5, 7))


def test_extension_needs_the_parties_consent(com):
    ref = receive(com, "entrusted", date(2026, 9, 10))
    with pytest.raises(ServiceError) as exc:
        services.referral_extend(actor=None, referral=ref, days=10, consent="")
    assert "consent" in exc.value.field_errors
    ref = services.referral_extend(actor=None, referral=ref, days=3, consent="双方当事人书面同意延长三日")
    # 2026-09-28 + 3 = 2026-10-01, 国庆 (10-1…10-7) → the first working day after it, 2026-10-08
    assert ref.deadline.due_date == date(2026, 10, 8) and ref.extended_days == 3


def test_out_of_scope_mediator_cannot_receive_or_report(com, org):
    ref = receive(com)
    stranger = make_user("xq_tj", org.anlong_gov, (Role.MEDIATOR, Scope.AGENCY))
    with pytest.raises(NotPermitted):
        services.referral_report(actor=stranger, referral=ref, on=date(2026, 2, 25))
    with pytest.raises(NotPermitted):
        services.referral_receive(
            actor=stranger, committee=com, kind="assigned", court="兴义市人民法院", received_on=date(2026, 3, 2),
            parties="甲", summary="s")
    assert Referral.objects.count() == 1


def test_referral_pages_show_counters_clock_and_refusal(client, com, org):
    ref = receive(com)
    user = make_user("dx_tj", org.xingyi_town_gov, (Role.MEDIATOR, Scope.AGENCY))
    assert client.login(username=user.username, password=PASSWORD)
    listing = client.get(reverse("disputes:referrals")).content.decode()
    assert "委派调解（立案前）" in listing and "1 件" in listing
    url = reverse("disputes:referral", args=[ref.code])
    page = client.get(url).content.decode()
    assert "2026-02-24" in page
    refused = client.post(url, {"do": "report", "r-on": "2026-02-20"})
    assert refused.status_code == 409 and "调解仍在进行" in refused.content.decode()
    done = client.post(url, {"do": "extend", "x-days": "5", "x-consent": "双方同意"})
    assert done.status_code == 302
    created = client.post(reverse("disputes:referral_create"), {
        "kind": "entrusted", "court": "兴义市人民法院", "court_number": "", "committee": com.code,
        "dispute_type": "contract", "parties": "丙、丁", "summary": "s", "received_on": "2026-11-02"})
    assert created.status_code == 400 and Referral.objects.count() == 1
