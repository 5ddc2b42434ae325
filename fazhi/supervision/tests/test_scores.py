"""季评估: scores per county under the scheme, ranking with ties, trend against the previous quarter."""

from datetime import date
from decimal import Decimal as D

import pytest

from fazhi.core.errors import ServiceError
from fazhi.supervision import services

from .conftest import at


def test_quarter_scores_rank_and_trend(scheme, office, org, figures):
    # Q2 2026: 兴义 9/10 → linear (0.9-0.5)/0.5*60 = 48; 安龙 10/10 → 60
    figures[("兴义市", date(2026, 4, 1))] = (9, 10)
    figures[("安龙县", date(2026, 4, 1))] = (10, 10)
    manual = {("law.hearing", "522301"): 1, ("law.hearing", "522328"): 6, ("law.veto", "522328"): True}
    with at(date(2026, 7, 6)):
        q2 = {s.unit_name: s for s in services.quarter_scores(actor=office, year=2026, quarter=2, unit_class="county",
                                                               manual=manual)}
    xy, al = q2["兴义市"], q2["安龙县"]
    assert xy.total == D("83.00") and xy.grade == "良好"  # 48 + (40 - 5)
    assert al.total == D("80.00") and al.grade == "合格"  # 60 + (40 - 20 capped); veto caps the grade
    assert (xy.rank, al.rank) == (1, 2) and xy.trend is None
    line = next(d for d in xy.detail if d["node"] == "1.1")
    assert (line["numerator"], line["denominator"], line["value"]) == ("9", "10", "0.9000")
    # Q3: 兴义 falls, 安龙 rises
    figures[("兴义市", date(2026, 7, 1))] = (5, 10)
    figures[("安龙县", date(2026, 7, 1))] = (10, 10)
    with at(date(2026, 10, 9)):
        q3 = {s.unit_name: s for s in services.quarter_scores(actor=office, year=2026, quarter=3, unit_class="county")}
    assert q3["安龙县"].rank == 1 and q3["安龙县"].trend == 1 and q3["安龙县"].previous_total == D("80.00")
    assert q3["兴义市"].trend == -1
    assert q3["兴义市"].total == D("0.00") and q3["安龙县"].total == D("60.00")
    assert any(d["node"] == "1.2" and d["note"] == "未报送" for d in q3["兴义市"].detail)  # no free marks


def test_ties_share_a_rank(scheme, office, org):
    with at(date(2026, 7, 6)):
        scores = services.quarter_scores(actor=office, year=2026, quarter=2, unit_class="county")
    assert [s.rank for s in scores] == [1, 1]


def test_an_open_quarter_is_refused(scheme, office):
    with at(date(2026, 6, 30)), pytest.raises(ServiceError, match="尚未结束"):
        services.quarter_scores(actor=office, year=2026, quarter=2, unit_class="county")


def test_entered_inputs_feed_the_quarter(scheme, office, org, figures):
    from fazhi.core.models import AuditEvent
    from fazhi.supervision.models import ScoreInput

    hearing = scheme.nodes.get(code="law.hearing")
    veto = scheme.nodes.get(code="law.veto")
    review = scheme.nodes.get(code="law.review")
    with pytest.raises(ServiceError, match="由系统计算"):
        services.enter_input(actor=office, node=review, region=org.xingyi, agency=None, year=2026, quarter=2,
                             value=1, evidence="x")
    with pytest.raises(ServiceError, match="依据材料"):
        services.enter_input(actor=office, node=hearing, region=org.xingyi, agency=None, year=2026, quarter=2,
                             value=1, evidence=" ")
    with pytest.raises(ServiceError, match="非负整数"):
        services.enter_input(actor=office, node=hearing, region=org.xingyi, agency=None, year=2026, quarter=2,
                             value="1.5", evidence="听证记录")
    assert not ScoreInput.objects.exists()
    services.enter_input(actor=office, node=hearing, region=org.xingyi, agency=None, year=2026, quarter=2,
                         value=3, evidence="州司法局抽查记录")
    services.enter_input(actor=office, node=hearing, region=org.xingyi, agency=None, year=2026, quarter=2,
                         value=2, evidence="复核后更正为2次")
    services.enter_input(actor=office, node=veto, region=org.anlong, agency=None, year=2026, quarter=2,
                         value=1, evidence="督察通报")
    assert AuditEvent.objects.filter(action="supervision.enter_input").order_by("id")[1].before["value"] == "3.00"
    with at(date(2026, 7, 6)):
        s = {x.unit_name: x for x in services.quarter_scores(actor=office, year=2026, quarter=2, unit_class="county")}
    assert s["兴义市"].total == D("30.00")  # review 0/0 → 0; hearing 40 - 2×5
    assert s["安龙县"].grade == "不合格" and s["安龙县"].total == D("0.00")
    assert any(d.get("grade_cap") == "合格" for d in s["安龙县"].detail)
