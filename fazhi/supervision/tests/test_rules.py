"""Each scoring rule type on hand-computed examples, at its edges."""

from decimal import Decimal as D

import pytest

from fazhi.core.errors import ServiceError
from fazhi.supervision import rules


def test_threshold_steps_first_met():
    p = {"steps": [[1, 15], [0.9, 10], [0.8, 5]]}
    assert rules.threshold(D("1"), p).points == D("15.00")
    assert rules.threshold(D("0.9"), p).points == D("10.00")  # exactly on the step
    assert rules.threshold(D("0.8999"), p).points == D("5.00")
    assert rules.threshold(D("0.79"), p).points == D("0.00")
    assert rules.threshold(None, p).note == "本期无数据"


def test_threshold_lower_is_better():
    p = {"steps": [[0, 5], [2, 3]], "direction": "lower"}
    assert rules.threshold(0, p).points == D("5.00")
    assert rules.threshold(2, p).points == D("3.00")
    assert rules.threshold(3, p).points == D("0.00")


def test_linear_ratio_points():
    p = {"floor": 0.6, "ceiling": 1, "points": 20}
    assert rules.linear(D("0.6"), p).points == D("0.00")
    assert rules.linear(D("0.5"), p).points == D("0.00")
    assert rules.linear(D("0.8"), p).points == D("10.00")
    assert rules.linear(D("0.95"), p).points == D("17.50")
    assert rules.linear(D("1.2"), p).points == D("20.00")
    # 0.6123 → (0.0123/0.4)*20 = 0.615 → 0.62 half-up
    assert rules.linear(D("0.6123"), p).points == D("0.62")
    assert rules.linear(None, p).points == D("0.00")


def test_linear_lower_and_bad_params():
    p = {"floor": 30, "ceiling": 10, "points": 10, "direction": "lower"}  # days: 10 best, 30 worst
    assert rules.linear(10, p).points == D("10.00")
    assert rules.linear(20, p).points == D("5.00")
    assert rules.linear(40, p).points == D("0.00")
    with pytest.raises(ServiceError, match="上下限不能相同"):
        rules.linear(1, {"floor": 1, "ceiling": 1, "points": 5})


def test_deduction_per_occurrence_with_cap():
    # "每少一次扣0.3分，累计不超过1.2分"
    p = {"points": 2, "per": 0.3, "cap": 1.2}
    assert rules.deduction(0, p).points == D("2.00")
    assert rules.deduction(1, p).points == D("1.70")
    assert rules.deduction(4, p).points == D("0.80")  # 1.2 exactly at the cap
    assert rules.deduction(5, p).points == D("0.80")  # capped
    assert rules.deduction(3, {"points": 0.5, "per": 0.3}).points == D("0.00")  # never below 0
    with pytest.raises(ServiceError, match="不能为负数"):
        rules.deduction(-1, p)
    with pytest.raises(ServiceError, match="不是整数"):
        rules.deduction("两次", p)


def test_bonus_with_cap():
    p = {"per": 0.5, "cap": 2}
    assert rules.bonus(0, p).points == D("0.00")
    assert rules.bonus(3, p).points == D("1.50")
    assert rules.bonus(4, p).points == D("2.00")
    assert rules.bonus(9, p).points == D("2.00")


def test_rank_table():
    p = {"table": [[1, 5], [3, 4], [6, 3]], "else": 1}
    assert [rules.rank(r, p).points for r in (1, 2, 3, 4, 6, 7)] == [D(x) for x in
                                                                   ("5.00", "4.00", "4.00", "3.00", "3.00", "1.00")]
    with pytest.raises(ServiceError):
        rules.rank(0, p)


def test_veto_caps_the_grade():
    res = rules.veto(True, {"grade_cap": "良好"})
    assert res.points == D("0.00") and res.grade_cap == "良好"
    assert rules.veto(False, {"grade_cap": "良好"}).grade_cap is None
    assert rules.grade(D("95"), [res.grade_cap]) == "良好"  # 不得评为优秀
    assert rules.grade(D("70"), ["良好"]) == "合格"  # a cap never raises a grade
    with pytest.raises(ServiceError, match="未知的等次"):
        rules.veto(True, {"grade_cap": "特优"})


def test_manual_within_points():
    assert rules.manual("4.5", {"points": 5}).points == D("4.50")
    assert rules.manual(5, {"points": 5}).points == D("5.00")
    for bad, msg in (("5.01", "0至5.00"), (-1, "0至5.00"), ("", "请填写"), ("abc", "不是有效的数字")):
        with pytest.raises(ServiceError, match=msg):
            rules.manual(bad, {"points": 5})


def test_grades_at_their_edges():
    assert rules.grade(D("90")) == "优秀"
    assert rules.grade(D("89.99")) == "良好"
    assert rules.grade(D("80")) == "良好"
    assert rules.grade(D("60")) == "合格"
    assert rules.grade(D("59.99")) == "不合格"


def test_bands():
    assert rules.band(D("1"), "higher", D("1"), D("0.95")) == "green"
    assert rules.band(D("0.95"), "higher", D("1"), D("0.95")) == "yellow"
    assert rules.band(D("0.9499"), "higher", D("1"), D("0.95")) == "red"
    assert rules.band(D("3"), "lower", D("2"), D("5")) == "yellow"
    assert rules.band(None, "higher", D("1"), D("0.95")) == ""


def test_unknown_rule():
    with pytest.raises(ServiceError, match="未知的计分规则"):
        rules.apply("lottery", 1, {})
