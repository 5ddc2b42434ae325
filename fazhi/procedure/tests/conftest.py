"""Fixtures of the procedure kernel tests."""

import datetime

import pytest
from django.db import transaction

from fazhi.core import deadlines
from fazhi.core.choices import PeriodUnit
from fazhi.core.tests.conftest import calendar  # noqa: F401


@pytest.fixture
def deadline(org, people, calendar):  # noqa: F811 — the imported fixture, requested
    """An open deadline of the 州生态环境局 (a row with a state, an agency and a data scope) for the kernel's tests."""
    with transaction.atomic():
        return deadlines.deadline_create(actor=None, object_repr="测试期限", rule_code="toy.rule",
                                         legal_source="测试", start_date=datetime.date(2026, 9, 28), period=5,
                                         unit=PeriodUnit.WORKING_DAYS, agency=org.zhou_sthj)
