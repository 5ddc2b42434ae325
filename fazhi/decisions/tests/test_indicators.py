"""The decisions indicators, called the way supervision calls them: through the core registry."""

from datetime import date

import pytest

from fazhi.core.indicators import Period, get
from fazhi.decisions import services
from fazhi.decisions.tests.conftest import at, opinions

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(dwalker, dcp):
    """One decision consulted for 30 days (3 March – 1 April 2026), reviewed, and adopted on 20 April."""
    d = dwalker.review(dwalker.consult(dwalker.create()))
    with at(date(2026, 4, 15)):
        services.decision_submit_to_meeting(actor=dcp.zfgb_jc, decision=d)
    with at(date(2026, 4, 20)):
        services.meeting_record(actor=dcp.zfgb_jc, decision=d, meeting_type="standing", held_on=date(2026, 4, 20),
                                attendees="州长、副州长……", outcome="adopted", head_name="州长", opinions=opinions("agree"))
    return d


def test_the_meeting_of_april_counts_in_april_and_in_the_second_quarter_only(decided, org):
    review = get("decisions.legality_review_before_discussion")
    april = review(org.prefecture, Period.month(2026, 4))
    assert (april.numerator, april.denominator, april.percent) == (1, 1, "100.0%")
    assert april.base == "本期提交集体讨论的决策事项数"
    assert review(org.prefecture, Period.quarter(2026, 2)).denominator == 1
    march = review(org.prefecture, Period.month(2026, 3))
    assert (march.value, march.denominator) == (None, 0)  # nothing to measure, never 0% or 100%
    assert review(org.anlong, Period.month(2026, 4)).denominator == 0  # another county's decision is not counted
    records = get("decisions.meeting_records_complete")(org.prefecture, Period.month(2026, 4))
    assert (records.numerator, records.denominator) == (1, 1)


def test_a_thirty_day_consultation_meets_the_window(decided, org):
    window = get("decisions.consultation_window_rate")(org.prefecture, Period.month(2026, 3))
    assert (window.numerator, window.denominator) == (1, 1)
