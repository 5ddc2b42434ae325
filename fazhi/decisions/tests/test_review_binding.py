"""A legality opinion binds the draft it reviewed (重大行政决策程序暂行条例 第二十五条至第二十八条)."""

from datetime import date

import pytest

from fazhi.core.errors import TransitionRefused
from fazhi.decisions import services
from fazhi.decisions.choices import DecisionState
from fazhi.decisions.tests.conftest import at, give_opinion

pytestmark = pytest.mark.django_db


def refused(fn, **kwargs) -> list[str]:
    with pytest.raises(TransitionRefused) as info:
        fn(**kwargs)
    return [str(r) for r in info.value.reasons]


def test_a_draft_changed_after_the_opinion_cannot_go_to_the_meeting_until_reviewed_again(dwalker, dcp):
    d = dwalker.review(dwalker.consult(dwalker.create()))
    with at(date(2026, 4, 14)):
        services.decision_update(actor=dcp.zfgb_jc, decision=d, draft=d.draft + "\n三、票价上浮50%。")
    with at(date(2026, 4, 15)):
        reasons = refused(services.decision_submit_to_meeting, actor=dcp.zfgb_jc, decision=d)
        assert any("文本已修改" in r and "须重新送请合法性审查" in r for r in reasons)
        services.decision_submit_review(actor=dcp.zfgb_jc, decision=d, proposed_meeting_date=date(2026, 4, 30))
        give_opinion(actor=dcp.reviewer, decision=d, opinion="lawful",
                                       opinion_text="调整后的草案权限、程序、内容均符合规定。")
        services.decision_submit_to_meeting(actor=dcp.zfgb_jc, decision=d)
    d.refresh_from_db()
    assert d.state == DecisionState.AT_MEETING


def test_an_unchanged_draft_goes_to_the_meeting_on_its_opinion(dwalker, dcp):
    d = dwalker.review(dwalker.consult(dwalker.create()))
    with at(date(2026, 4, 15)):
        services.decision_submit_to_meeting(actor=dcp.zfgb_jc, decision=d)
    d.refresh_from_db()
    assert d.state == DecisionState.AT_MEETING
