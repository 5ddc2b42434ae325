"""案卷评查: random sampling with a recorded seed, scoring against the round's rubric (扣完为止, 一票否决,
the four grades), rectification by the evaluated agency, closing, scope, and the average-score indicator."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from fazhi.core.choices import Role, Scope
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.tests.factories import make_user
from fazhi.enforcement import rules, services
from fazhi.enforcement.choices import CaseState, PartyKind
from fazhi.enforcement.models import Case, EvaluationSample

D = datetime.date


@pytest.fixture
def closed(reg, people):
    with transaction.atomic():
        cases = [services.case_create(actor=people.officer, agency=reg["agency"], matter=reg["matter"],
                                      party_name=f"公司{i}", party_kind=PartyKind.ORGANISATION,
                                      occurred_on=D(2026, 3, 2), discovered_on=D(2026, 3, 10)) for i in range(6)]
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(state=CaseState.CLOSED, decided_on=D(2026, 6, 1),
                                                             number="黔西南环规罚〔2026〕1号")
    return cases


@pytest.fixture
def supervisor(org):
    return make_user("zsfj_jd", org.zhou_sfj, (Role.ENFORCEMENT_SUPERVISOR, Scope.REGION))


def run(fn, **kw):
    with transaction.atomic():
        return fn(**kw)


def test_the_sample_is_random_per_agency_and_reproducible_from_its_seed(closed, supervisor, org):
    a = run(services.evaluation_create, actor=supervisor, agency=org.zhou_sfj, year=2026, name="2026年案卷评查",
            per_agency=3, seed="abc")
    b = run(services.evaluation_create, actor=supervisor, agency=org.zhou_sfj, year=2026, name="复核", per_agency=3,
            seed="abc")
    picked = sorted(a.samples.values_list("case_id", flat=True))
    assert len(picked) == 3 and picked == sorted(b.samples.values_list("case_id", flat=True))
    assert a.rubric == rules.DEFAULT_RUBRIC
    with pytest.raises(ServiceError):
        run(services.evaluation_create, actor=supervisor, agency=org.zhou_sfj, year=2025, name="空", per_agency=3)


def test_an_officer_cannot_start_a_round(closed, people, org):
    with pytest.raises(NotPermitted):
        run(services.evaluation_create, actor=people.officer, agency=org.zhou_sthj, year=2026, name="x")


def test_scores_deduct_to_zero_at_most_vetoes_fail_and_bands_follow_guangdong_231():
    rubric = rules.DEFAULT_RUBRIC
    assert rules.evaluation_score(rubric, {}, [])[:2] == (Decimal("100"), "excellent")
    assert rules.evaluation_score(rubric, {"facts": 10}, [])[:2] == (Decimal("90"), "excellent")
    assert rules.evaluation_score(rubric, {"facts": 10, "other": "0.5"}, [])[:2] == (Decimal("89.5"), "good")
    assert rules.evaluation_score(rubric, {"facts": 20, "basis": 5}, [])[:2] == (Decimal("75"), "good")
    assert rules.evaluation_score(rubric, {"facts": 20, "basis": 15, "procedure": 5.5}, [])[:2] == (
        Decimal("59.5"), "fail")
    assert rules.evaluation_score(rubric, {"facts": 20, "basis": 15, "procedure": 5}, [])[1] == "pass"
    assert rules.evaluation_score(rubric, {}, ["wrong_basis"])[:2] == (Decimal("100"), "fail")
    assert rules.evaluation_score(rubric, {"facts": 21}, [])[2]  # more than the item's points


def test_scoring_and_rectifying_on_the_page(client, closed, supervisor, people, org):
    rnd = run(services.evaluation_create, actor=supervisor, agency=org.zhou_sfj, year=2026, name="评查", per_agency=2)
    sample = rnd.samples.first()
    url = reverse("enforcement:evaluation", args=[rnd.code])
    client.force_login(supervisor)
    p = f"s{sample.pk}"
    r = client.post(url, {"do": "score", "sample": sample.pk, f"{p}-d_facts": "5", f"{p}-problems": ""})
    assert r.status_code == 409 and "须书面写明理由" in r.content.decode()
    r = client.post(url, {"do": "score", "sample": sample.pk, f"{p}-d_facts": "5", f"{p}-d_procedure": "20",
                          f"{p}-problems": "x"})
    assert r.status_code == 400  # 20 > the 15 points of 执法程序
    r = client.post(url, {"do": "score", "sample": sample.pk, f"{p}-d_facts": "5", f"{p}-d_service": "2",
                          f"{p}-problems": "询问笔录未逐页签名；送达回证缺送达人签名"})
    assert r.status_code == 302
    sample.refresh_from_db()
    assert (sample.score, sample.grade) == (Decimal("93.0"), "excellent")
    r = client.post(url, {"do": "score", "sample": sample.pk, f"{p}-vetoes": ["illegal_procedure"],
                          f"{p}-problems": "未告知陈述申辩权利即作出决定"})
    sample.refresh_from_db()
    assert sample.grade == "fail" and "违反法定程序" in client.get(url).content.decode()
    # the evaluated agency sees its file and reports the rectification; closing waits for every score
    client.force_login(people.officer)
    page = client.get(url).content.decode()
    assert "报送整改情况" in page
    r = client.post(url, {"do": "rectify", "sample": sample.pk, f"r{sample.pk}-rectification": "已补正告知程序并组织培训",
                          f"r{sample.pk}-on_date": "2026-11-20"})
    assert r.status_code == 302
    sample.refresh_from_db()
    assert sample.rectified_on == D(2026, 11, 20)
    with pytest.raises(TransitionRefused):
        run(services.evaluation_close, actor=supervisor, round_=rnd)


def test_another_county_cannot_see_the_round(client, closed, supervisor, people, org):
    rnd = run(services.evaluation_create, actor=supervisor, agency=org.zhou_sfj, year=2026, name="评查", per_agency=2)
    client.force_login(people.anlong_fzb)
    assert client.get(reverse("enforcement:evaluation", args=[rnd.code])).status_code == 404
    client.force_login(supervisor)
    assert client.get(reverse("enforcement:evaluations")).status_code == 200


def test_average_score_indicator(closed, supervisor, org, reg):
    from fazhi.core.indicators import Period, get

    rnd = run(services.evaluation_create, actor=supervisor, agency=org.zhou_sfj, year=2026, name="评查", per_agency=2)
    for sample, deduction in zip(rnd.samples.all(), (10, 20), strict=True):
        run(services.evaluation_score, actor=supervisor, sample=sample, deductions={"facts": deduction},
            problems="证据不充分")
    fig = get("enforcement.evaluation_score")(reg["agency"], Period.year(2026))
    assert fig.value == Decimal("85.0") and fig.denominator == 2
    assert EvaluationSample.objects.filter(grade="good").count() == 1
