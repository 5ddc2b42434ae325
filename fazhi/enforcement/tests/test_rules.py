"""The statutory rules at their edges, on real 2026 dates."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from fazhi.enforcement import rules

D = datetime.date


ISSUED, EXPIRES = D(2024, 1, 1), D(2026, 6, 30)


def officer(status="valid", issued=ISSUED, expires=EXPIRES, name="张三"):
    return SimpleNamespace(name=name, certificate_no="52230001", status=status, issued_on=issued, expires_on=expires)


def test_a_certificate_is_valid_through_its_expiry_day_and_not_after():
    assert rules.officer_problem(officer(), D(2026, 6, 30)) is None
    assert "已于 2026年06月30日 到期" in rules.officer_problem(officer(), D(2026, 7, 1))
    assert "暂扣" in rules.officer_problem(officer(status="suspended"), D(2026, 1, 5))
    assert "吊销" in rules.officer_problem(officer(status="revoked"), D(2026, 1, 5))
    assert "才发放" in rules.officer_problem(officer(issued=D(2026, 2, 1)), D(2026, 1, 31))


def test_two_valid_officers_are_needed_and_the_invalid_one_is_named():
    assert rules.officers_problems([officer(), officer(name="李四")], D(2026, 6, 30)) == []
    reasons = rules.officers_problems([officer(), officer(name="李四", expires=D(2026, 5, 1))], D(2026, 6, 30))
    assert any("李四" in r for r in reasons)
    assert "不得少于两人" in reasons[-1]
    assert rules.officers_problems([officer()], D(2026, 6, 30))[0].field == "officers"


def test_limitation_two_years_and_five_for_serious_harm():
    kw = dict(occurred_on=D(2024, 3, 10), continuing_until=None)
    assert rules.limitation_problem(discovered_on=D(2026, 3, 10), serious_harm=False, **kw) is None
    assert "2 年" in rules.limitation_problem(discovered_on=D(2026, 3, 11), serious_harm=False, **kw)
    assert rules.limitation_problem(discovered_on=D(2026, 3, 11), serious_harm=True, **kw) is None
    # 第三十六条第二款: a continuing act counts from its end.
    assert rules.limitation_problem(discovered_on=D(2026, 3, 11), serious_harm=False, occurred_on=D(2023, 1, 1),
                                    continuing_until=D(2025, 1, 1)) is None


def test_summary_procedure_limits():
    ok = rules.summary_problems
    assert ok(party_kind="person", penalty_kind="fine", fine_amount=Decimal("200")) == []
    assert "200" in ok(party_kind="person", penalty_kind="fine", fine_amount=Decimal("200.01"))[0]
    assert ok(party_kind="organisation", penalty_kind="fine", fine_amount=Decimal("3000")) == []
    assert ok(party_kind="organisation", penalty_kind="fine", fine_amount=Decimal("3001"))
    assert ok(party_kind="person", penalty_kind="warning", fine_amount=None) == []
    assert ok(party_kind="person", penalty_kind="revoke_licence", fine_amount=None)


def test_major_decision_catalogue_defaults(settings):
    major = rules.major_reasons
    kw = dict(penalty_kind="fine", hearing_held=False, outside_benchmark=False)
    assert major(party_kind="person", fine_amount=Decimal("9999.99"), **kw) == []
    assert major(party_kind="person", fine_amount=Decimal("10000"), **kw)
    assert major(party_kind="organisation", fine_amount=Decimal("99999"), **kw) == []
    assert major(party_kind="organisation", fine_amount=Decimal("100000"), **kw)
    assert major(party_kind="person", fine_amount=None, penalty_kind="revoke_licence", hearing_held=False,
                 outside_benchmark=False)
    assert major(party_kind="person", fine_amount=Decimal("1"), penalty_kind="fine", hearing_held=True,
                 outside_benchmark=False)
    settings.ENFORCEMENT = {"MAJOR_FINE_PERSON": Decimal("5000")}
    assert major(party_kind="person", fine_amount=Decimal("5000"), **kw)


def test_statement_and_hearing_periods_roll_over_the_holiday(calendar):
    # Served 2026-09-28: five days end 2026-10-03, inside 国庆 — rolled to the first working day 10-08.
    end = rules.statement_period_end(D(2026, 9, 28))
    assert end == D(2026, 10, 8)
    assert rules.hearing_request_timely(D(2026, 9, 28), D(2026, 10, 8))
    assert not rules.hearing_request_timely(D(2026, 9, 28), D(2026, 10, 9))
    assert rules.statement_period_end(D(2026, 6, 1)) == D(2026, 6, 6 + 2)  # Sat 06-06 rolls to Mon 06-08


def test_publication_due_in_working_days(calendar):
    # Decided Friday 2026-09-25: 7 working days over 国庆 (10-01..10-07 off; 09-27 and 10-10 调休 working).
    due = rules.publication_due(D(2026, 9, 25))
    assert due > D(2026, 10, 7)
