"""行政执法 on the portal: the registers, redacted decisions (withdrawn ones without their text), and the
enterprise's check of an inspection by its code — all without a login."""

import datetime

from django.db import transaction
from django.urls import reverse

from fazhi.enforcement import services
from fazhi.enforcement.choices import PartyKind
from fazhi.enforcement.tests.conftest import case, reg  # noqa: F401
from fazhi.enforcement.tests.test_case import investigated, run

D = datetime.date
USCC = "91522301MA6DQ1KQ3W"


def _published(people, reg):  # noqa: F811
    with transaction.atomic():
        case = services.case_create(actor=people.officer, agency=reg["agency"], matter=reg["matter"],
                                    party_name="欧阳明", party_kind=PartyKind.PERSON, occurred_on=D(2026, 3, 2),
                                    discovered_on=D(2026, 3, 10), facts="欧阳明（电话 13808512345）焚烧垃圾。")
    investigated(case, people, reg)
    run(services.case_notify, actor=people.officer, case=case, served_on=D(2026, 9, 28), penalty_kind="fine",
        fine_amount="1500")
    for fn, day in ((services.case_decide, D(2026, 10, 9)), (services.case_serve, D(2026, 10, 10)),
                    (services.case_publish, D(2026, 10, 12))):
        run(fn, actor=people.officer, case=case, on_date=day)
    case.refresh_from_db()
    return case


def test_published_decisions_are_redacted_and_withdrawn_ones_lose_their_text(client, people, reg):  # noqa: F811
    published = _published(people, reg)
    listing = client.get(reverse("portal:enforcement")).content.decode()
    assert published.number in listing
    page = client.get(reverse("portal:enforcement_decision", args=[published.code])).content.decode()
    assert "欧阳某" in page and "欧阳明" not in page and "13808512345" not in page
    run(services.case_withdraw_publication, actor=people.officer, case=published, reason="复议机关撤销了该决定",
        changed_on=D(2026, 10, 20), on_date=D(2026, 10, 21))
    page = client.get(reverse("portal:enforcement_decision", args=[published.code])).content.decode()
    assert "复议机关撤销了该决定" in page and "欧阳某" not in page


def test_an_unpublished_case_is_not_on_the_portal(client, case):  # noqa: F811
    assert client.get(reverse("portal:enforcement_decision", args=[case.code])).status_code == 404


def test_registers_are_public(client, reg):  # noqa: F811
    page = client.get(reverse("portal:enforcement_tab", args=["officer"])).content.decode()
    assert reg["a"].certificate_no in page
    for tab in ("body", "matter", "benchmark", "lenient"):
        assert client.get(reverse("portal:enforcement_tab", args=[tab])).status_code == 200
    assert client.get("/portal/enforcement/secret/").status_code == 404


def test_the_enterprise_checks_an_inspection_by_its_code(client, reg):  # noqa: F811
    with transaction.atomic():
        inspection = services.inspection_record(actor=None, agency=reg["agency"], enterprise_name="某某化工有限公司",
                                                credit_code=USCC, on_date=D(2026, 11, 10), items="排污许可执行情况",
                                                result="clean", officers=[reg["a"], reg["b"]])
    url = reverse("portal:enforcement_tab", args=["check"])
    page = client.get(url, {"code": inspection.check_code.lower()}).content.decode()
    assert "排污许可执行情况" in page and reg["a"].certificate_no in page
    page = client.get(url, {"code": "ZZZZZZZZZZ"}).content.decode()
    assert "没有查到这一检查码" in page
