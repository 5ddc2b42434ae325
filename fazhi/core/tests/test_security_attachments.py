# ruff: noqa: F811  (fixtures imported from the modules' conftests)
"""Issue 7 §5: a file is read only by those who may see the object it belongs to; reads are audited."""

import pytest
from django.core.files.base import ContentFile

from fazhi.core import attachments
from fazhi.core.choices import Role, Scope
from fazhi.core.models import Attachment, AuditEvent
from fazhi.core.tests.factories import make_user
from fazhi.decisions.tests.conftest import dcp, dwalker  # noqa: F401
from fazhi.documents.tests.conftest import MINIMAL_PDF, dp, walker  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _pdf(actor, obj, name="公平竞争审查表.pdf"):
    return attachments.attachment_create(actor=actor, uploaded_file=ContentFile(MINIMAL_PDF, name=name), obj=obj,
                                         agency=getattr(obj, "agency", None))


def _get(client, user, attachment):
    client.force_login(user)
    return client.get(f"/attachments/{attachment.code}/")


@pytest.fixture
def xingyi_draft_file(walker, dp):
    doc = walker.draft()
    return _pdf(dp.xingyi_qc, doc)


@pytest.fixture
def xingyi_jc(dp):
    return make_user("xingyi_jc", dp.xingyi_office, (Role.DECISION_STAFF, Scope.REGION))


def test_decision_staff_of_the_same_city_cannot_read_a_document_drafts_file(client, xingyi_draft_file, xingyi_jc):
    # The finding: 兴义市 decision staff hold the region (the file's agency is in it), not the document.
    assert Attachment.objects.filter(region_path__startswith=xingyi_jc.region_path).exists()
    assert _get(client, xingyi_jc, xingyi_draft_file).status_code == 404


@pytest.mark.parametrize("who", ["xingyi_qc", "xingyi_sh", "xingyi_fzb", "fzb_admin"])
def test_those_who_may_open_the_document_read_its_file(client, xingyi_draft_file, dp, who):
    response = _get(client, getattr(dp, who), xingyi_draft_file)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF


@pytest.mark.parametrize("who", ["anlong_qc", "anlong_fzb", "zsthj_qc"])
def test_others_get_404(client, xingyi_draft_file, dp, who):
    assert _get(client, getattr(dp, who), xingyi_draft_file).status_code == 404


def test_a_download_is_audited_and_a_refused_one_is_not(client, xingyi_draft_file, dp, xingyi_jc):
    _get(client, xingyi_jc, xingyi_draft_file)
    assert not AuditEvent.objects.filter(action="core.attachment_download").exists()
    _get(client, dp.xingyi_sh, xingyi_draft_file)
    event = AuditEvent.objects.get(action="core.attachment_download")
    assert event.actor_id == dp.xingyi_sh.pk
    assert event.object_id == str(xingyi_draft_file.pk)


def test_a_decisions_file_is_not_read_by_a_document_drafter_of_the_same_region(client, dwalker, dcp, org):
    decision = dwalker.create()
    file = _pdf(dcp.zfgb_jc, decision, "风险评估报告.pdf")
    drafter = make_user("zf_qc", dcp.zf_office, (Role.DRAFTER, Scope.AGENCY))
    assert _get(client, drafter, file).status_code == 404
    assert _get(client, dcp.zfgb_jc, file).status_code == 200
    # A reviewer may see the decision (decisions.view in his region) and so its files.
    assert _get(client, dcp.reviewer, file).status_code == 200


def test_a_file_of_an_object_whose_module_registered_no_rule_is_served_to_nobody(client, people, org):
    file = _pdf(people.fzb_admin, org.zhou_sthj, "a.pdf")
    assert _get(client, people.fzb_admin, file).status_code == 404
