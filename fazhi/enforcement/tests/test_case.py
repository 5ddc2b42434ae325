"""The 行政处罚 case through the kernel machine: guards at their edges on real 2026 dates."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from fazhi.core.errors import NotPermitted, TransitionRefused
from fazhi.core.models import AuditEvent
from fazhi.enforcement import services
from fazhi.enforcement.choices import CaseState, PartyKind, Procedure
from fazhi.enforcement.workflow import MACHINE

D = datetime.date


def run(fn, **kw):
    with transaction.atomic():
        return fn(**kw)


def registered(case, people, reg):
    run(services.case_register, actor=people.officer, case=case, on_date=D(2026, 3, 12))
    case.refresh_from_db()
    return case


def investigated(case, people, reg):
    registered(case, people, reg)
    run(services.case_record_act, actor=people.officer, case=case, kind="现场检查", on_date=D(2026, 3, 13),
        officers=[reg["a"], reg["b"]])
    case.refresh_from_db()
    return case


def notified(case, people, reg, amount="150000", **kw):
    investigated(case, people, reg)
    rng = reg["bench"].ranges.get(level="lenient")
    run(services.case_notify, actor=people.officer, case=case, served_on=D(2026, 9, 28), penalty_kind="fine",
        fine_amount=amount, benchmark_range=rng, **kw)
    case.refresh_from_db()
    return case


def test_register_starts_the_ninety_day_clock(case, people, reg):
    registered(case, people, reg)
    assert case.state == CaseState.REGISTERED and case.number
    d = services.case_deadlines(case).get(rule_code="enforcement.decision")
    assert d.due_date == D(2026, 6, 10)  # 2026-03-12 + 90 days (第六十条)
    assert AuditEvent.objects.filter(action="enforcement.register").exists()


def test_register_refuses_a_time_barred_case(reg, people):
    with transaction.atomic():
        case = services.case_create(actor=people.officer, agency=reg["agency"], matter=reg["matter"],
                                    party_name="张某", party_kind=PartyKind.PERSON, occurred_on=D(2024, 3, 1),
                                    discovered_on=D(2026, 3, 2))
    with pytest.raises(TransitionRefused) as exc:
        run(services.case_register, actor=people.officer, case=case, on_date=D(2026, 3, 3))
    assert "第三十六条" in exc.value.reasons[0]
    case.refresh_from_db()
    assert case.state == CaseState.SOURCE


def test_an_act_by_an_officer_with_an_expired_or_suspended_certificate_is_refused_by_name(case, people, reg):
    registered(case, people, reg)
    with pytest.raises(TransitionRefused) as exc:
        run(services.case_record_act, actor=people.officer, case=case, kind="询问", on_date=D(2026, 4, 1),
            officers=[reg["a"], reg["expired"]])
    assert any("王五" in r and "2026年03月31日" in r for r in exc.value.reasons)
    # On the expiry day itself the certificate still counts.
    run(services.case_record_act, actor=people.officer, case=case, kind="询问", on_date=D(2026, 3, 31),
        officers=[reg["a"], reg["expired"]])
    with pytest.raises(TransitionRefused) as exc:
        run(services.case_record_act, actor=people.officer, case=case, kind="询问", on_date=D(2026, 4, 1),
            officers=[reg["a"], reg["suspended"]])
    assert any("赵六" in r and "暂扣" in r for r in exc.value.reasons)
    with pytest.raises(TransitionRefused):
        run(services.case_record_act, actor=people.officer, case=case, kind="询问", on_date=D(2026, 4, 1),
            officers=[reg["a"]])


def test_notice_needs_evidence_first(case, people, reg):
    registered(case, people, reg)
    reasons = MACHINE.check("notify", case, user=people.officer)
    assert reasons  # still 已立案: no investigative act yet


def test_no_decision_before_the_statement_period_passes(case, people, reg):
    notified(case, people, reg)
    type(case).objects.filter(pk=case.pk).update(major_reasons=[])  # not in the catalogue here
    with pytest.raises(TransitionRefused) as exc:
        run(services.case_decide, actor=people.officer, case=case, on_date=D(2026, 10, 8))
    assert any("陈述、申辩期" in r for r in exc.value.reasons)
    run(services.case_decide, actor=people.officer, case=case, on_date=D(2026, 10, 9))
    case.refresh_from_db()
    assert case.state == CaseState.DECIDED
    rules_ = {d.rule_code: d for d in services.case_deadlines(case)}
    assert rules_["enforcement.service"].due_date == D(2026, 10, 16)  # 第六十一条: 7 days
    assert rules_["enforcement.decision"].status == "done"
    # 7 working days from Fri 10-09: Sat 10-10 is a 调休 working day, then 10-12..10-16, 10-19.
    assert rules_["enforcement.publication"].due_date == D(2026, 10, 19)


def test_a_timely_hearing_request_blocks_the_decision_until_held(case, people, reg):
    notified(case, people, reg, hearing_eligible=True)
    with pytest.raises(TransitionRefused):  # day six is late (第六十四条)
        run(services.case_request_hearing, actor=people.officer, case=case, requested_on=D(2026, 10, 9))
    run(services.case_request_hearing, actor=people.officer, case=case, requested_on=D(2026, 10, 8))
    case.refresh_from_db()
    assert case.state == CaseState.HEARING
    assert MACHINE.check("decide", case, user=people.officer)  # wrong state: hearing pending
    run(services.case_record_hearing, actor=people.officer, case=case, held_on=D(2026, 10, 20))
    case.refresh_from_db()
    # A hearing held puts the case in the catalogue: 法制审核 first (第五十八条第一款第（二）项).
    assert any("经过听证" in r for r in case.major_reasons)
    with pytest.raises(TransitionRefused) as exc:
        run(services.case_decide, actor=people.officer, case=case, on_date=D(2026, 10, 21))
    assert any("法制审核" in r for r in exc.value.reasons)


def test_a_major_fine_requires_legal_review_and_submits_to_the_desk(case, people, reg):
    notified(case, people, reg, amount="150000")
    assert case.review_required
    with pytest.raises(TransitionRefused) as exc:
        run(services.case_decide, actor=people.officer, case=case, on_date=D(2026, 10, 12))
    assert any("未经法制审核" in r for r in exc.value.reasons)
    run(services.case_submit_review, actor=people.officer, case=case)
    case.refresh_from_db()
    assert case.state == CaseState.LEGAL_REVIEW
    from fazhi.procedure.reviews import latest_review

    review = latest_review(case)
    assert review is not None and review.agency_id == reg["agency"].pk


def test_a_fine_outside_the_benchmark_needs_a_reason_and_goes_to_review(case, people, reg):
    investigated(case, people, reg)
    rng = reg["bench"].ranges.get(level="lenient")
    with pytest.raises(TransitionRefused) as exc:
        run(services.case_notify, actor=people.officer, case=case, served_on=D(2026, 9, 28), penalty_kind="fine",
            fine_amount="90000", benchmark_range=rng)
    assert exc.value.reasons[0].field == "outside_range_reason"
    run(services.case_notify, actor=people.officer, case=case, served_on=D(2026, 9, 28), penalty_kind="fine",
        fine_amount="90000", benchmark_range=rng, outside_range_reason="主动消除危害后果，依法减轻")
    case.refresh_from_db()
    assert "超出裁量基准" in case.major_reasons


def test_summary_procedure_within_limits_only(reg, people):
    with transaction.atomic():
        case = services.case_create(actor=people.officer, agency=reg["agency"], matter=reg["matter"],
                                    party_name="张某", party_kind=PartyKind.PERSON, occurred_on=D(2026, 5, 1),
                                    discovered_on=D(2026, 5, 1), procedure=Procedure.SUMMARY)
    kw = dict(actor=people.officer, case=case, on_date=D(2026, 5, 6), penalty_kind="fine",
              officers=[reg["a"], reg["b"]])
    with pytest.raises(TransitionRefused) as exc:
        run(services.case_summary_decide, fine_amount="201", **kw)
    assert "200" in exc.value.reasons[0]
    run(services.case_summary_decide, fine_amount="200", **kw)
    case.refresh_from_db()
    assert case.state == CaseState.DECIDED and case.fine_amount == Decimal("200")


def test_lenient_list_suggestion_needs_a_recorded_reason(reg, people):
    with transaction.atomic():
        item = services.register_create(actor=None, register="lenient", agency=reg["agency"], kind="first_offence",
                                        matter=reg["matter"], violation="首次轻微超标", legal_basis="第三十三条",
                                        conditions="首次、及时改正")
        case = services.case_create(actor=people.officer, agency=reg["agency"], matter=reg["matter"],
                                    party_name="某厂", party_kind=PartyKind.ORGANISATION,
                                    occurred_on=D(2026, 3, 2), discovered_on=D(2026, 3, 10))
    assert case.lenient_item == item
    notified(case, people, reg, amount="150000")
    problems = services.decide_problems(case, D(2026, 10, 12))
    assert any("免罚轻罚清单" in r for r in problems)


def test_an_officer_of_another_region_cannot_touch_the_case(case, people, reg):
    with pytest.raises(NotPermitted):
        run(services.case_register, actor=people.xingyi_fzb, case=case, on_date=D(2026, 3, 12))


def test_the_full_path_to_closing(case, people, reg):
    notified(case, people, reg, amount="100000")
    Case = type(case)
    Case.objects.filter(pk=case.pk).update(major_reasons=[])
    case.refresh_from_db()
    for fn, day in [(services.case_decide, D(2026, 10, 9)), (services.case_serve, D(2026, 10, 10)),
                    (services.case_publish, D(2026, 10, 12)), (services.case_execute, D(2026, 10, 30)),
                    (services.case_close, D(2026, 11, 2))]:
        run(fn, actor=people.officer, case=case, on_date=day)
        case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert services.case_deadlines(case).get(rule_code="enforcement.service").status == "done"


def test_legal_review_rate_names_numerator_denominator_and_base(case, people, reg):
    from fazhi.core.indicators import Period, get

    notified(case, people, reg, amount="150000")
    type(case).objects.filter(pk=case.pk).update(decided_on=D(2026, 10, 12), state=CaseState.DECIDED)
    figure = get("enforcement.legal_review_rate")(reg["agency"], Period.year(2026))
    assert (figure.numerator, figure.denominator, figure.value) == (0, 1, 0)
    assert figure.base == "本期作出的重大执法决定"
    assert get("enforcement.legal_review_rate")(reg["agency"], Period.year(2025)).value is None


def test_the_ninety_day_clock_is_extended_with_approval_within_the_limit(case, people, reg):
    registered(case, people, reg)  # 2026-03-12 → 2026-06-10
    with pytest.raises(TransitionRefused) as exc:
        run(services.case_extend, actor=people.officer, case=case, days=31, approved_by="局长", reason="案情复杂")
    assert "累计不得超过 30 日" in str(exc.value.reasons)
    run(services.case_extend, actor=people.officer, case=case, days=20, approved_by="局长", reason="需要检测鉴定")
    d = services.case_deadlines(case).get(rule_code="enforcement.decision")
    assert d.due_date == D(2026, 6, 30)
    with pytest.raises(TransitionRefused):
        run(services.case_extend, actor=people.officer, case=case, days=11, approved_by="局长", reason="再延长")
    assert AuditEvent.objects.filter(action="enforcement.extend").count() == 1


def test_an_agencys_own_catalogue_decides_what_needs_legal_review(case, people, reg):
    from decimal import Decimal

    with transaction.atomic():
        services.catalogue_set(actor=people.zsthj_fz, agency=reg["agency"], fine_person=Decimal("5000"),
                               fine_organisation=Decimal("300000"), penalty_kinds=["suspend_business"])
    investigated(case, people, reg)
    run(services.case_notify, actor=people.officer, case=case, served_on=D(2026, 9, 28), penalty_kind="fine",
        fine_amount="150000", benchmark_range=reg["bench"].ranges.get(level="lenient"))
    case.refresh_from_db()
    assert case.major_reasons == []  # below the agency's 300,000 (the default would have been 100,000)
    with pytest.raises(NotPermitted), transaction.atomic():
        services.catalogue_set(actor=people.officer, agency=reg["agency"], fine_person=1, fine_organisation=1)
