"""人民调解: committee warnings (第八条、第九条), the 司法确认 window (第三十三条) at its edge, 第二十六条."""

from datetime import date

import pytest

from fazhi.core.errors import ServiceError, TransitionRefused
from fazhi.disputes import services
from fazhi.disputes.choices import AgreementForm, CaseSource, CommitteeKind, DisputeType, MedState
from fazhi.disputes.models import Committee, MediationCase, Mediator


def committee(org, **kw):
    data = dict(name="顶效镇人民调解委员会", kind=CommitteeKind.TOWNSHIP, region=org.xingyi_town,
                agency=org.xingyi_town_gov, region_path=org.xingyi_town.region_path, term_start=date(2024, 1, 1))
    data.update(kw)
    return Committee.objects.create(**data)


def case(org, com):
    return MediationCase.objects.create(committee=com, agency=com.agency, region_path=com.region_path,
                                        source=CaseSource.APPLICATION, dispute_type=DisputeType.NEIGHBOUR,
                                        parties="甲、乙", summary="排水", received_on=date(2026, 4, 1))


def test_committee_warnings(org, calendar):
    com = committee(org, multi_ethnic=True, term_start=date(2023, 1, 1))
    for name in ("甲", "乙"):
        Mediator.objects.create(committee=com, name=name, gender="m")
    warnings = services.committee_warnings(com, today=date(2026, 1, 2))
    assert any("三至九人" in w for w in warnings)
    assert any("妇女" in w for w in warnings)
    assert any("少数民族" in w for w in warnings)
    assert any("2026-01-01" in w for w in warnings)  # three-year term ended on 2026-01-01
    Mediator.objects.create(committee=com, name="丙", gender="f", minority=True)
    assert services.committee_warnings(com, today=date(2026, 1, 1)) == []


def test_confirmation_window_thirty_days_rolls_over_labour_day(org, calendar):
    com = committee(org)
    c = case(org, com)
    c = services.med_succeed(actor=None, case=c, agreement_form=AgreementForm.WRITTEN, agreement_text="赔偿",
                             on=date(2026, 4, 1))
    # 04-01 + 30 days = 05-01 (劳动节 05-01…05-05) → 05-06
    assert c.confirm_deadline.due_date == date(2026, 5, 6)
    with pytest.raises(TransitionRefused):
        services.med_apply_confirmation(actor=None, case=c, on=date(2026, 5, 7))
    c = services.med_apply_confirmation(actor=None, case=c, on=date(2026, 5, 6))
    assert c.confirm_result == "pending"
    c = services.med_record_confirmation(actor=None, case=c, result="valid")
    assert c.confirm_result == "valid" and c.state == MedState.SUCCESS


def test_failed_mediation_must_name_other_channels(org, calendar):
    c = case(org, committee(org))
    with pytest.raises(ServiceError):
        services.med_fail(actor=None, case=c, reason="分歧大", other_channels="", on=date(2026, 4, 2))
    c = services.med_fail(actor=None, case=c, reason="分歧大", other_channels="诉讼", on=date(2026, 4, 2))
    assert c.state == MedState.FAILED


def test_fulltime_coverage_against_target(org, calendar):
    from fazhi.core import services as core_services
    from fazhi.core.choices import RegionLevel
    from fazhi.core.indicators import Period, get

    villages = [core_services.region_create(actor=None, code=f"52230110020{i}", name=f"村{i}",
                                            level=RegionLevel.VILLAGE, parent=org.xingyi_town) for i in range(5)]
    for i, v in enumerate(villages[:2]):
        com = committee(org, name=f"村{i}调委会", kind=CommitteeKind.VILLAGE, region=v, region_path=v.region_path)
        Mediator.objects.create(committee=com, name="专", gender="f", kind="full" if i == 0 else "part")
    fig = get("disputes.village_fulltime_mediator_coverage")(org.xingyi, Period.year(2026))
    assert (fig.numerator, fig.denominator, fig.base) == (1, 5, "辖区村（居）数")
    assert "20%" in fig.note
    assert get("disputes.village_fulltime_mediator_coverage")(org.anlong, Period.year(2026)).value is None


def test_prevention_work_is_recorded_on_the_committee_page_in_scope(client, org, calendar, people):
    from datetime import date as d

    from django.urls import reverse

    from fazhi.core.choices import Role, Scope
    from fazhi.core.errors import NotPermitted as Refused
    from fazhi.core.tests.factories import make_user
    from fazhi.disputes import services as svc
    from fazhi.disputes.choices import CommitteeKind

    com = svc.committee_create(actor=None, name="顶效镇人民调解委员会", kind=CommitteeKind.TOWNSHIP,
                               region=org.xingyi_town, agency=org.xingyi_town_gov, term_start=d(2024, 1, 1))
    outsider = make_user("anlong_tj_p", org.anlong_sfj, (Role.MEDIATOR, Scope.REGION))
    with pytest.raises(Refused):
        svc.prevention_record(actor=outsider, committee=com, kind="screening", on_date=d(2026, 11, 2), count=3,
                              summary="排查")
    mediator = make_user("dx_tj_p", org.xingyi_town_gov, (Role.MEDIATOR, Scope.AGENCY))
    client.force_login(mediator)
    url = reverse("disputes:committee", kwargs={"code": com.code})
    bad = client.post(url, {"do": "prevention", "p-kind": "screening", "p-on_date": "2026-11-02", "p-count": "0",
                            "p-summary": "排查"})
    assert bad.status_code == 400 and not com.preventions.exists()
    done = client.post(url, {"do": "prevention", "p-kind": "criminal", "p-on_date": "2026-11-02", "p-count": "1",
                             "p-people": "6", "p-summary": "化解一起宅基地纠纷，防止双方械斗"})
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert "防止民间纠纷转化为刑事案件" in page and "械斗" in page
