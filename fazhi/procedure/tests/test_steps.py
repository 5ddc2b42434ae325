"""The kernel's opening of a service (procedure.steps): permission, then scope, then the lock; refusals with every
reason or at their fields; an upload stored as the object's attachment. Exercised on core.Deadline (a row with an
agency and a data scope) and on a document, whose machine names it."""


import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import Attachment
from fazhi.core.permissions import P
from fazhi.core.validators import text_input
from fazhi.procedure import steps

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"




def test_refuse_names_every_reason_and_passes_when_there_is_none():
    steps.refuse([])
    with pytest.raises(TransitionRefused) as refused:
        steps.refuse(["未经合法性审核。", "未经集体审议。"])
    assert refused.value.reasons == ["未经合法性审核。", "未经集体审议。"]


def test_refuse_fields_puts_each_message_at_its_field():
    steps.refuse_fields({})
    with pytest.raises(ServiceError) as refused:
        steps.refuse_fields({"held_on": ["请填写日期。"]})
    assert refused.value.field_errors == {"held_on": ["请填写日期。"]}


def test_locked_returns_the_fresh_row_to_an_actor_in_scope(deadline, people):
    deadline.object_repr = "内存中改过"
    with transaction.atomic():
        fresh = steps.locked(people.zsthj_fz, deadline, P.MANAGE_DEADLINE)
    assert fresh.pk == deadline.pk and fresh.object_repr == "测试期限"


def test_locked_refuses_without_the_permission_and_outside_the_scope_alike(deadline, people):
    with transaction.atomic(), pytest.raises(NotPermitted):
        steps.locked(people.auditor, deadline, P.MANAGE_DEADLINE)
    with transaction.atomic(), pytest.raises(NotPermitted) as outside:
        steps.locked(people.xingyi_fzb, deadline, P.MANAGE_DEADLINE)
    assert "不在您的数据范围内" in str(outside.value)


def test_the_system_itself_needs_no_scope(deadline):
    with transaction.atomic():
        assert steps.locked(None, deadline, P.MANAGE_DEADLINE).pk == deadline.pk


def test_the_refusal_names_the_object_by_its_machine():
    from fazhi.decisions.models import Decision
    from fazhi.documents.models import NormativeDocument

    assert steps.noun_of(NormativeDocument) == "文件"
    assert steps.noun_of(Decision) == "决策"


def test_stored_keeps_nothing_and_attachments_as_they_are_and_stores_an_upload(deadline, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert steps.stored(people.zsthj_fz, None, deadline) is None
    with transaction.atomic():
        attachment = steps.stored(people.zsthj_fz, SimpleUploadedFile("期限说明.pdf", PDF), deadline)
    assert steps.stored(people.zsthj_fz, attachment, deadline) is attachment
    row = Attachment.objects.get(pk=attachment.pk)
    assert (row.object_id, row.agency_id, row.original_name) == (str(deadline.pk), deadline.agency_id, "期限说明.pdf")


def test_text_input_strips_and_puts_its_message_at_the_field():
    errors: dict = {}
    assert text_input("  执行平稳  ", "progress", "执行情况", errors) == "执行平稳"
    assert text_input("   ", "progress", "执行情况", errors) == ""
    assert text_input("长" * 11, "reason", "理由", errors, max_length=10) == "长" * 11
    assert text_input("", "note", "说明", errors, required=False) == ""
    assert errors == {"progress": ["请填写执行情况。"], "reason": ["理由不超过 10 字。"]}
