"""Fixtures of the 行政执法 tests: an agency's registers, officers and a case."""

import datetime

import pytest
from django.db import transaction

from fazhi.core.tests.conftest import calendar  # noqa: F401
from fazhi.enforcement import services
from fazhi.enforcement.choices import MatterKind, PartyKind

D = datetime.date
ISSUED, EXPIRES = D(2024, 1, 1), D(2026, 12, 31)


@pytest.fixture
def reg(org, people, calendar):  # noqa: F811
    agency = org.zhou_sthj
    with transaction.atomic():
        mk = services.register_create
        matter = mk(actor=None, register="matter", kind=MatterKind.PENALTY, agency=agency, code="P-001", name="超标排放大气污染物",
                    legal_basis="《大气污染防治法》第九十九条")

        def officer(name, no, issued=ISSUED, expires=EXPIRES, **kw):
            return mk(actor=None, register="officer", agency=agency, name=name, certificate_no=no, field="生态环境",
                      issued_on=issued, expires_on=expires, **kw)

        bench = mk(actor=None, register="benchmark", agency=agency, matter=matter, violation="超标排放大气污染物",
                   legal_basis="《大气污染防治法》第九十九条", ranges=[
                       {"level": "lenient", "circumstance": "超标 0.5 倍以下", "min_fine": 100000, "max_fine": 200000},
                       {"level": "general", "circumstance": "超标 0.5 至 1 倍", "min_fine": 200000,
                        "max_fine": 500000}])
    return {
        "agency": agency, "matter": matter, "bench": bench,
        "a": officer("张三", "52230001"), "b": officer("李四", "52230002"),
        "expired": officer("王五", "52230003", expires=D(2026, 3, 31)),
        "suspended": officer("赵六", "52230004", status="suspended"),
    }


@pytest.fixture
def case(reg, people):
    with transaction.atomic():
        return services.case_create(actor=people.officer, agency=reg["agency"], matter=reg["matter"],
                                    party_name="某某化工有限公司", party_kind=PartyKind.ORGANISATION,
                                    occurred_on=D(2026, 3, 2), discovered_on=D(2026, 3, 10), facts="超标排放")
