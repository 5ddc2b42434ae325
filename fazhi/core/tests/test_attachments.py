"""Attachments: type read from the bytes, size and type limits, scope, sealing evidence, download."""

import hashlib
import io
import uuid
import zipfile

import docx
import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import path

from fazhi.core import audit
from fazhi.core.attachments import (
    DOCX,
    XLSX,
    attachment_create,
    attachment_delete,
    attachment_file_intact,
    attachment_lock,
    attachments_for,
    attachments_lock_for,
    clean_name,
)
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import Attachment, AuditEvent
from fazhi.core.views_files import attachment_download
from fazhi.urls import urlpatterns as project_urlpatterns

# The project wires the view as core:attachment_download; these tests carry their own route to it.
urlpatterns = [*project_urlpatterns, path("test-attachments/<uuid:code>/", attachment_download)]
pytestmark = pytest.mark.urls(__name__)

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00" + b"\x00" * 16
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 100


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("行政处罚决定书")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "案件编号"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("现场照片说明.txt", "三张照片")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()]


def _nothing_changed(media, before_events: int) -> bool:
    return not Attachment.objects.exists() and not stored_files(media) and AuditEvent.objects.count() == before_events


# ------------------------------------------------------------------ creating


def test_a_pdf_is_stored_with_its_hash_size_type_uploader_and_agency(people, org, media):
    attachment = attachment_create(actor=people.zsthj_fz, uploaded_file=upload("现场检查笔录.pdf", PDF))
    attachment.refresh_from_db()
    assert attachment.original_name == "现场检查笔录.pdf"
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.size == len(PDF)
    assert attachment.mime_type == "application/pdf"
    assert attachment.created_by == people.zsthj_fz
    assert attachment.agency == org.zhou_sthj
    assert attachment.region_path == org.zhou_sthj.region_path
    assert attachment.uploaded_at is not None
    assert not attachment.locked
    # Stored under a random name through the storage API; the user's name stays in the database.
    assert attachment.file.name.startswith("attachments/")
    assert attachment.file.name.endswith(f"{attachment.code.hex}.pdf")
    with attachment.file.open("rb") as handle:
        assert handle.read() == PDF
    assert [p.name for p in stored_files(media)] == [f"{attachment.code.hex}.pdf"]


def test_an_upload_is_audited(people):
    attachment = attachment_create(actor=people.zsthj_fz, uploaded_file=upload("a.pdf", PDF))
    event = AuditEvent.objects.filter(action="core.attachment_upload").get()
    assert (event.object_type, event.object_id) == ("core.attachment", str(attachment.pk))
    assert event.after["sha256"] == attachment.sha256
    assert audit.verify().ok


@pytest.mark.parametrize(("name", "content", "mime"), [
    ("决定书.docx", _docx(), DOCX),
    ("台账.xlsx", _xlsx(), XLSX),
    ("照片.zip", _zip(), "application/zip"),
    ("照片.png", PNG, "image/png"),
    ("说明.txt", "当事人陈述申辩意见\n".encode(), "text/plain"),
    ("名单.csv", b"name,age\nzhang,30\nli,40\n", "text/csv"),
    ("名单.csv", "姓名,年龄\n张三,30\n".encode(), "text/plain"),
])
def test_the_type_is_read_from_the_content(people, name, content, mime):
    attachment = attachment_create(actor=people.zsthj_fz, uploaded_file=upload(name, content))
    assert attachment.mime_type == mime


def test_an_xlsx_that_libmagic_calls_a_zip_is_recognised_by_its_members(people, settings):
    from fazhi.core import attachments

    settings.FAZHI_ATTACHMENT_TYPES = ["application/pdf", XLSX]
    content = _xlsx()
    # With only the start of the file libmagic says application/zip for this workbook.
    original = attachments.SNIFF_BYTES
    attachments.SNIFF_BYTES = 2048
    try:
        attachment = attachment_create(actor=people.zsthj_fz, uploaded_file=upload("台账.xlsx", content))
    finally:
        attachments.SNIFF_BYTES = original
    assert attachment.mime_type == XLSX


def test_a_plain_django_file_or_python_file_object_is_accepted(people, org):
    attachment = attachment_create(actor=None, agency=org.zhou_sfj, uploaded_file=ContentFile(PDF, name="系统生成.pdf"))
    assert attachment.created_by is None
    assert attachment.mime_type == "application/pdf"
    raw = io.BytesIO(PDF)
    raw.name = "流.pdf"
    assert attachment_create(actor=None, agency=org.zhou_sfj, uploaded_file=raw).size == len(PDF)


def test_the_stored_name_is_cleaned_of_paths_and_control_characters(people):
    attachment = attachment_create(actor=people.zsthj_fz, uploaded_file=upload("x.pdf", PDF))
    assert attachment.original_name == "x.pdf"
    assert clean_name("../../etc/决定书.pdf") == "决定书.pdf"
    assert clean_name("C:\\Users\\张三\\决定书.pdf") == "决定书.pdf"
    assert clean_name("决定\x00书\n.pdf") == "决定书.pdf"
    long = clean_name("长" * 300 + ".pdf")
    assert len(long) == 255 and long.endswith(".pdf")


def test_a_name_without_an_extension_gets_the_usual_one(people):
    attachment = attachment_create(actor=people.zsthj_fz, uploaded_file=upload("送达回证", PDF))
    assert attachment.original_name == "送达回证.pdf"


def test_the_extension_check_ignores_letter_case(people):
    attachment = attachment_create(actor=people.zsthj_fz, uploaded_file=upload("SCAN.PDF", PDF))
    assert attachment.mime_type == "application/pdf"


# ------------------------------------------------------------------ refusing


@pytest.mark.parametrize(("name", "content", "words"), [
    ("空文件.pdf", b"", "文件为空"),
    ("通知.pdf", WINDOWS_EXE, "内容与扩展名不符"),
    ("通知.docx", ELF, "内容与扩展名不符"),
    ("决定书.docx", PDF, "内容与扩展名不符"),
    ("决定书.pdf", _docx(), "内容与扩展名不符"),
    ("台账.xlsx", _docx(), "内容与扩展名不符"),
    ("照片.docx", _zip(), "内容与扩展名不符"),
    ("setup.exe", WINDOWS_EXE, "不允许上传"),
    ("page.html", b"<html><body><script>alert(1)</script></body></html>", "不允许上传"),
    ("run.sh", b"#!/bin/sh\nrm -rf /\n", "不允许上传"),
])
def test_a_refused_file_gets_a_chinese_reason_and_nothing_is_stored(people, media, name, content, words):
    events = AuditEvent.objects.count()
    with pytest.raises(ServiceError) as exc:
        attachment_create(actor=people.zsthj_fz, uploaded_file=upload(name, content))
    assert words in exc.value.field_errors["file"][0]
    assert _nothing_changed(media, events)


def test_a_file_over_the_configured_size_is_refused(people, media, settings):
    settings.FAZHI_ATTACHMENT_MAX_BYTES = len(PDF) - 1
    events = AuditEvent.objects.count()
    with pytest.raises(ServiceError) as exc:
        attachment_create(actor=people.zsthj_fz, uploaded_file=upload("大文件.pdf", PDF))
    assert exc.value.field_errors["file"] == [f"文件过大：不能超过 {len(PDF) - 1} 字节。"]
    assert _nothing_changed(media, events)
    settings.FAZHI_ATTACHMENT_MAX_BYTES = len(PDF)
    assert attachment_create(actor=people.zsthj_fz, uploaded_file=upload("刚好.pdf", PDF)).size == len(PDF)


def test_the_allowed_types_are_configurable(people, media, settings):
    settings.FAZHI_ATTACHMENT_TYPES = ["image/png"]
    events = AuditEvent.objects.count()
    with pytest.raises(ServiceError) as exc:
        attachment_create(actor=people.zsthj_fz, uploaded_file=upload("a.pdf", PDF))
    assert "不允许上传" in exc.value.field_errors["file"][0]
    assert _nothing_changed(media, events)
    assert attachment_create(actor=people.zsthj_fz, uploaded_file=upload("a.png", PNG)).mime_type == "image/png"


def test_an_actor_without_the_upload_permission_is_refused(people, media):
    events = AuditEvent.objects.count()
    for actor in (people.auditor, people.sysadmin):
        with pytest.raises(NotPermitted):
            attachment_create(actor=actor, uploaded_file=upload("a.pdf", PDF))
    assert _nothing_changed(media, events)


def test_an_upload_for_an_agency_outside_the_actors_scope_is_refused(people, org, media):
    events = AuditEvent.objects.count()
    with pytest.raises(NotPermitted):
        attachment_create(actor=people.zsthj_fz, uploaded_file=upload("a.pdf", PDF), agency=org.anlong_gov)
    with pytest.raises(NotPermitted):
        attachment_create(actor=people.xingyi_fzb, uploaded_file=upload("a.pdf", PDF), agency=org.zhou_sfj)
    assert _nothing_changed(media, events)
    assert attachment_create(actor=people.xingyi_fzb, uploaded_file=upload("a.pdf", PDF),
                             agency=org.xingyi_town_gov).agency == org.xingyi_town_gov


def test_the_system_must_name_the_agency(people, media):
    with pytest.raises(ServiceError) as exc:
        attachment_create(actor=None, uploaded_file=upload("a.pdf", PDF))
    assert "agency" in exc.value.field_errors
    assert not stored_files(media)


# ------------------------------------------------------------------ objects, sealing, deleting


def test_attachments_for_lists_only_that_objects_files(people, org):
    mine = attachment_create(actor=people.zsthj_fz, uploaded_file=upload("a.pdf", PDF), obj=org.zhou_sthj)
    attachment_create(actor=people.zsthj_fz, uploaded_file=upload("b.pdf", PDF), obj=org.zhou_sfj)
    attachment_create(actor=people.zsthj_fz, uploaded_file=upload("c.pdf", PDF))
    assert list(attachments_for(org.zhou_sthj)) == [mine]


def test_a_locked_attachment_cannot_be_deleted(people, media):
    attachment = attachment_create(actor=people.officer, uploaded_file=upload("现场照片.png", PNG))
    attachment_lock(actor=people.officer, attachment=attachment)
    attachment.refresh_from_db()
    assert attachment.locked and attachment.locked_at is not None
    events = AuditEvent.objects.count()
    with pytest.raises(TransitionRefused) as exc:
        attachment_delete(actor=people.officer, attachment=attachment)
    assert "已封存" in exc.value.reasons[0]
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert len(stored_files(media)) == 1
    assert AuditEvent.objects.count() == events


def test_locking_is_audited_once_and_is_idempotent(people):
    attachment = attachment_create(actor=people.officer, uploaded_file=upload("a.pdf", PDF))
    attachment_lock(actor=people.officer, attachment=attachment)
    attachment_lock(actor=people.officer, attachment=attachment)
    assert AuditEvent.objects.filter(action="core.attachment_lock").count() == 1


def test_closing_a_step_seals_every_attachment_of_the_object(people, org):
    a = attachment_create(actor=people.zsthj_fz, uploaded_file=upload("a.pdf", PDF), obj=org.zhou_sthj)
    b = attachment_create(actor=people.zsthj_fz, uploaded_file=upload("b.png", PNG), obj=org.zhou_sthj)
    other = attachment_create(actor=people.zsthj_fz, uploaded_file=upload("c.pdf", PDF), obj=org.zhou_sfj)
    assert attachments_lock_for(actor=people.zsthj_fz, obj=org.zhou_sthj) == 2
    assert attachments_lock_for(actor=people.zsthj_fz, obj=org.zhou_sthj) == 0
    assert set(Attachment.objects.filter(locked=True)) == {a, b}
    other.refresh_from_db()
    assert not other.locked


def test_an_unlocked_attachment_is_deleted_and_its_file_removed_after_commit(
        people, media, django_capture_on_commit_callbacks):
    attachment = attachment_create(actor=people.officer, uploaded_file=upload("a.pdf", PDF))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attachment_delete(actor=people.officer, attachment=attachment)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert len(stored_files(media)) == 1, "the file stays until the deletion commits"
    for callback in callbacks:
        callback()
    assert stored_files(media) == []
    event = AuditEvent.objects.filter(action="core.attachment_delete").get()
    assert event.before["sha256"] == attachment.sha256
    assert audit.verify().ok


def test_only_people_with_the_attachment_in_their_write_scope_may_lock_or_delete_it(people):
    attachment = attachment_create(actor=people.zsthj_fz, uploaded_file=upload("a.pdf", PDF))
    for actor in (people.officer, people.xingyi_fzb, people.leader, people.auditor):
        with pytest.raises(NotPermitted):
            attachment_lock(actor=actor, attachment=attachment)
        with pytest.raises(NotPermitted):
            attachment_delete(actor=actor, attachment=attachment)
    attachment.refresh_from_db()
    assert not attachment.locked


def test_a_file_changed_in_storage_no_longer_matches_its_hash(people, media):
    attachment = attachment_create(actor=people.zsthj_fz, uploaded_file=upload("a.pdf", PDF))
    assert attachment_file_intact(attachment)
    (stored,) = stored_files(media)
    stored.write_bytes(PDF + b"% tampered\n")
    assert not attachment_file_intact(attachment)
    stored.unlink()
    assert not attachment_file_intact(attachment)


# ------------------------------------------------------------------ download


def _url(attachment_or_code) -> str:
    code = getattr(attachment_or_code, "code", attachment_or_code)
    return f"/test-attachments/{code}/"


@pytest.fixture
def sthj_pdf(people):
    return attachment_create(actor=people.zsthj_fz, uploaded_file=upload("行政处罚决定书.pdf", PDF))


def test_downloading_needs_a_login(client, sthj_pdf):
    response = client.get(_url(sthj_pdf))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["zsthj_fz", "fzb_admin", "reviewer", "leader"])
def test_a_user_with_the_file_in_scope_downloads_it_under_its_original_name(client, people, sthj_pdf, who):
    client.force_login(getattr(people, who))
    response = client.get(_url(sthj_pdf))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E8%A1%8C%E6%94%BF" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("who", ["officer", "xingyi_fzb", "anlong_fzb", "auditor", "sysadmin"])
def test_a_user_without_the_file_in_scope_gets_the_same_404_as_for_a_missing_file(client, people, sthj_pdf, who):
    client.force_login(getattr(people, who))
    assert client.get(_url(sthj_pdf)).status_code == 404
    assert client.get(_url(uuid.uuid4())).status_code == 404


def test_downloading_only_answers_get(client, people, sthj_pdf):
    client.force_login(people.zsthj_fz)
    assert client.post(_url(sthj_pdf)).status_code == 405


def test_a_file_missing_from_storage_answers_404_not_a_server_error(client, people, sthj_pdf, media):
    for stored in stored_files(media):
        stored.unlink()
    client.force_login(people.zsthj_fz)
    assert client.get(_url(sthj_pdf)).status_code == 404


def test_a_failure_after_the_file_was_written_removes_the_file_again(people, media, monkeypatch):
    def broken_record(**kwargs):
        raise RuntimeError("audit write failed")

    monkeypatch.setattr(audit, "record", broken_record)
    with pytest.raises(RuntimeError):
        attachment_create(actor=people.zsthj_fz, uploaded_file=upload("a.pdf", PDF))
    assert stored_files(media) == []
    assert not Attachment.objects.exists()
