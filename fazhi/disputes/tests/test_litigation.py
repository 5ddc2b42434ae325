"""行政诉讼: 负责人出庭 warnings and the 败诉率 with each base on hand-computed figures."""

from datetime import date

import pytest
from django.test import override_settings

from fazhi.core.errors import ServiceError
from fazhi.core.indicators import Period, get
from fazhi.disputes import services
from fazhi.disputes.choices import Closure, HeadRank, Instance
from fazhi.disputes.indicators import loss_rate, loss_rate_records


def lit(org, clerk, n, agency=None, instance=Instance.FIRST):
    return services.lit_register(actor=None, agency=agency or org.zhou_sthj, court="兴义市人民法院",
                                 case_number=f"（2026）黔2301行初{n}号", plaintiff="王五", contested_act="处罚",
                                 filed_on=date(2026, 3, 1), instance=instance)


def test_lawyer_only_warns_article_3(org, clerk):
    case = lit(org, clerk, 1)
    case = services.lit_record_appearance(actor=None, lit=case, hearing_on=date(2026, 4, 2), lawyer_only=True,
                                          head_required=True, head_required_why="attention")
    warnings = services.appearance_warnings(case)
    assert any("第三条第三款" in w for w in warnings)
    assert any("第四条" in w for w in warnings)


def test_head_appeared_has_no_warning_and_bad_input_refused(org, clerk):
    case = lit(org, clerk, 2)
    with pytest.raises(ServiceError):
        services.lit_record_appearance(actor=None, lit=case, hearing_on=date(2026, 4, 2),
                                       head_rank=HeadRank.DEPUTY, head_name="")
    case = services.lit_record_appearance(actor=None, lit=case, hearing_on=date(2026, 4, 2),
                                          head_rank=HeadRank.DEPUTY, head_name="赵六")
    assert services.appearance_warnings(case) == []


def test_loss_rate_each_base(org, clerk):
    closures = [Closure.REJECT_CLAIM, Closure.REJECT_CLAIM, Closure.REVOKE, Closure.WITHDRAWN,
                Closure.WITHDRAWN_AFTER_CHANGE, Closure.RULING_DISMISS]
    for n, closure in enumerate(closures):
        services.lit_close(actor=None, lit=lit(org, clerk, n), closure=closure, on=date(2026, 6, 1))
    services.lit_close(actor=None, lit=lit(org, clerk, 99, instance=Instance.SECOND), closure=Closure.REVOKE,
                       on=date(2026, 6, 1))  # second instance: not counted
    year = Period.year(2026)
    # concluded first-instance cases: 6; lost: 撤销 + 改变后撤诉 = 2
    fig = loss_rate(org.prefecture, year)
    assert (fig.numerator, fig.denominator, fig.base) == (2, 6, "全部审结的一审案件")
    # judgments only: 驳回×2 + 撤销 = 3; lost 1
    with override_settings(FAZHI_DISPUTES_LOSS_RATE_BASE="judgments"):
        fig = get("disputes.litigation_loss_rate")(org.prefecture, year)
        assert (fig.numerator, fig.denominator) == (1, 3)
        assert loss_rate_records(org.prefecture, year).count() == 3
    with override_settings(FAZHI_DISPUTES_HIDDEN_LOSS_COUNTS=False):
        assert loss_rate(org.prefecture, year).numerator == 1
    assert loss_rate(org.xingyi, year).denominator == 0 and loss_rate(org.xingyi, year).value is None
