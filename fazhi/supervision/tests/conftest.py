"""Fixtures: the org tree, an office admin, a county user, and test indicators registered in the core
registry (documents/decisions have not registered theirs yet) whose figures the tests set by hand."""

from datetime import date

import pytest
import time_machine

from fazhi.core import indicators
from fazhi.core.choices import Role, Scope
from fazhi.core.indicators import Figure, Indicator
from fazhi.core.tests.conftest import calendar  # noqa: F401  (the real 2025–2026 calendar)
from fazhi.core.tests.factories import make_user

# (unit name, period start) → (numerator, denominator); absent → nothing to measure
FIGURES: dict = {}


def _review_rate(unit, period):
    n, d = FIGURES.get((unit.name, period.start), (0, 0))
    return Figure.rate(n, d, "本期公布的规范性文件件数")


REVIEW_RATE = indicators.register(Indicator(
    code="svtest.review_rate", name="测试：合法性审核率", module="svtest", unit=indicators.RATE,
    base="本期公布的规范性文件件数", compute=_review_rate))

NODES = [
    ("1", "law", "一、依法行政", {"points": 100}),
    ("1.1", "law.review", "合法性审核率", {"points": 60, "source": "computed", "indicator_code": "svtest.review_rate",
                                       "unit": "rate", "green": "1", "yellow": "0.9", "rule": "linear",
                                       "rule_params": {"floor": 0.5, "ceiling": 1, "points": 60}}),
    ("1.2", "law.hearing", "未依法听证次数", {"points": 40, "source": "reported", "rule": "deduction",
                                           "rule_params": {"points": 40, "per": 5, "cap": 20}}),
    ("1.3", "law.veto", "重大违法", {"source": "scored", "rule": "veto", "rule_params": {"grade_cap": "合格"}}),
    ("1.4", "law.missing", "尚未登记的指标", {"source": "computed", "indicator_code": "documents.nothing_yet",
                                          "rule": "linear", "rule_params": {"floor": 0, "ceiling": 1, "points": 0}}),
]


def at(day: date, hour: int = 10):
    return time_machine.travel(f"{day.isoformat()} {hour:02d}:00 +0800", tick=False)


@pytest.fixture(autouse=True)
def figures():
    FIGURES.clear()
    yield FIGURES
    FIGURES.clear()


@pytest.fixture
def scheme(db):
    from fazhi.supervision.seed import seed_scheme

    return seed_scheme(2026, name="测试指标体系", unit_classes=("county",), nodes=NODES)


@pytest.fixture
def office(org, calendar):  # noqa: F811
    return make_user("yfzzb", org.zhou_sfj, (Role.FZB_ADMIN, Scope.ALL))


@pytest.fixture
def county_user(org):
    return make_user("xingyi_yfz", org.xingyi_sfj, (Role.COUNTY_FZB, Scope.REGION))
