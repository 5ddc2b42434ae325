"""三统一: an adopted document is registered by the issuer's 司法局 (or, by setting, its government office) before
its number is allocated; the 统一登记簿 is a page and an export (issue 8 §2)."""

from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.choices import Role, Scope
from fazhi.core.errors import NotPermitted, TransitionRefused
from fazhi.core.tests.factories import make_user
from fazhi.documents import services
from fazhi.documents.tests.conftest import signed_pdf


@pytest.fixture
def adopted(walker):
    return walker.deliberate(walker.review(walker.comment_round(walker.draft(on=date(2026, 9, 25)))))


def test_only_the_issuers_registrar_registers_once_and_the_number_follows(walker, dp, adopted):
    with walker.at(date(2026, 10, 22)):
        with pytest.raises(TransitionRefused) as exc:
            services.document_publish(actor=dp.xingyi_qc, document=adopted, publication_date=date(2026, 10, 22),
                             effective_date=date(2026, 12, 1), signed_pdf=signed_pdf(dp.xingyi_qc))
        assert "未经统一登记" in exc.value.reasons[0]
        with pytest.raises(NotPermitted):  # the drafter holds no register permission
            services.document_register(actor=dp.xingyi_qc, document=adopted)
        with pytest.raises(NotPermitted) as exc:  # the prefecture's bureau sees it, but it is 兴义市's to register
            services.document_register(actor=dp.zsfj_sh, document=adopted)
        assert "兴义市司法局" in str(exc.value)
        doc = services.document_register(actor=dp.xingyi_sh, document=adopted)
        assert (doc.registration_number, doc.registered_on) == ("兴义市司法局登记〔2026〕1号", date(2026, 10, 22))
        with pytest.raises(TransitionRefused):
            services.document_register(actor=dp.xingyi_sh, document=adopted)
    doc = walker.publish(adopted, on=date(2026, 10, 23))
    assert doc.number == "兴府规〔2026〕1号" and doc.registration_number == "兴义市司法局登记〔2026〕1号"


def test_where_the_local_rule_says_so_the_government_office_registers(walker, dp, org, adopted, settings):
    settings.FAZHI_DOC_REGISTRAR = "gov_office"
    clerk = make_user("xingyi_bgs_dj", dp.xingyi_office, (Role.DECISION_STAFF, Scope.REGION))
    with walker.at(date(2026, 10, 22)):
        with pytest.raises(NotPermitted):
            services.document_register(actor=dp.xingyi_sh, document=adopted)
        doc = services.document_register(actor=clerk, document=adopted)
    assert doc.registrar == dp.xingyi_office


def test_the_register_lists_registered_and_waiting_documents_and_exports_them(walker, dp, adopted, client):
    other = walker.deliberate(walker.review(walker.comment_round(walker.draft(title="兴义市城市养犬管理办法",
                                                                              on=date(2026, 9, 25)))))
    with walker.at(date(2026, 10, 22)):
        services.document_register(actor=dp.xingyi_sh, document=adopted)
    client.force_login(dp.xingyi_sh)
    page = client.get(reverse("documents:register")).content.decode()
    assert "兴义市司法局登记〔2026〕1号" in page and "待登记" in page and other.title in page
    waiting = client.get(reverse("documents:register"), {"status": "pending"}).content.decode()
    assert other.title in waiting and adopted.title not in waiting
    response = client.get(reverse("documents:register"), {"format": "xlsx"})
    sheet = load_workbook(__import__("io").BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "兴义市司法局登记〔2026〕1号" in values and "（待登记）" in values
    client.force_login(dp.anlong_qc)  # another county's drafter sees none of 兴义市's register
    assert adopted.title not in client.get(reverse("documents:register")).content.decode()
