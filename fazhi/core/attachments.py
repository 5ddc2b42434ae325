"""Files attached to records: SHA-256, size, type read from the bytes, uploader, time.

The type is what libmagic finds in the content, never what the name says; a name whose extension
contradicts the content is refused. Files go through Django's storage API (local disk by default)
under a random name; the original name is kept only for download. Evidence is locked
(``attachment_lock``) when its case step closes and is immutable from then on.
"""

import hashlib
import logging
import mimetypes
import posixpath
import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import magic
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from . import audit
from .errors import NotPermitted, ServiceError, TransitionRefused
from .models import Agency, Attachment
from .permissions import P, has_perm
from .scope import restrict

logger = logging.getLogger(__name__)

# libmagic looks at the start of a file; give it the first mebibyte.
SNIFF_BYTES = 1024 * 1024

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"

# OOXML files are zip archives; the main part names which kind it is.
_OOXML_MAIN_PART = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
_ZIP_TYPES = {"application/zip", "application/x-zip-compressed", DOCX, XLSX, PPTX}
# Old Office files are OLE2 containers; libmagic names the kind when it can, else a generic type.
_OLE_GENERIC = {"application/CDFV2", "application/x-ole-storage", "application/CDFV2-unknown"}
_OLE_BY_EXTENSION = {".doc": DOC, ".xls": XLS}

# The extensions a name may carry for each content type, the usual one first. Types missing here
# fall back to mimetypes.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    PPTX: (".pptx",),
    DOC: (".doc",),
    XLS: (".xls",),
    "application/zip": (".zip",),
    "image/jpeg": (".jpg", ".jpeg", ".jpe"),
    "image/png": (".png",),
    "text/plain": (".txt", ".text", ".log", ".csv", ".md"),
    "text/csv": (".csv", ".txt"),
    "video/mp4": (".mp4", ".m4v"),
    "audio/mpeg": (".mp3",),
}

TYPE_LABELS = {
    "application/pdf": "PDF 文档",
    DOCX: "Word 文档",
    XLSX: "Excel 表格",
    DOC: "Word 97-2003 文档",
    XLS: "Excel 97-2003 表格",
    "application/zip": "ZIP 压缩包",
    "image/jpeg": "JPEG 图片",
    "image/png": "PNG 图片",
    "text/plain": "文本文件",
    "text/csv": "CSV 表格",
    "video/mp4": "MP4 视频",
    "audio/mpeg": "MP3 音频",
    "application/x-dosexec": "Windows 可执行程序",
    "application/x-executable": "可执行程序",
}

ATTACHMENT_FIELDS = ["original_name", "size", "sha256", "mime_type", "agency", "object_id", "locked"]


def _snapshot(attachment: Attachment) -> dict:
    data = audit.snapshot(attachment, ATTACHMENT_FIELDS)
    data["object_type"] = attachment.content_type.natural_key() if attachment.content_type_id else None
    data["code"] = attachment.code.hex
    return data


def human_size(n: int) -> str:
    for unit, factor in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if n >= factor:
            return f"{n / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} 字节"


def type_label(mime: str) -> str:
    return TYPE_LABELS.get(mime, mime)


def allowed_extensions(mime: str) -> tuple[str, ...]:
    """Extensions a file of this content type may carry, the usual one first."""
    if mime in EXTENSIONS:
        return EXTENSIONS[mime]
    usual = mimetypes.guess_extension(mime, strict=False)
    others = sorted(set(mimetypes.guess_all_extensions(mime, strict=False)) - {usual})
    return ((usual,) if usual else ()) + tuple(others)


def _extension(name: str) -> str:
    return posixpath.splitext(name)[1].lower()


def clean_name(name: str) -> str:
    """The file name without any directory part or control characters, at most 255 characters."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = name.strip().strip(".")
    stem, ext = posixpath.splitext(name)
    if len(name) > 255:
        name = stem[: 255 - len(ext)] + ext
    return name


def _read_head(uploaded_file) -> bytes:
    uploaded_file.seek(0)
    head = uploaded_file.read(SNIFF_BYTES)
    uploaded_file.seek(0)
    return head


def _sha256(uploaded_file) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
        size += len(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest(), size


def _zip_kind(uploaded_file) -> str | None:
    """Look inside a zip: an OOXML document is named by its main part, anything else is a zip."""
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        uploaded_file.seek(0)
    if "[Content_Types].xml" in names:
        for part, mime in _OOXML_MAIN_PART.items():
            if part in names:
                return mime
    return "application/zip"


def detect_type(uploaded_file, name: str = "") -> str:
    """The MIME type of the content, as libmagic reads it, refined for Office containers."""
    mime = magic.from_buffer(_read_head(uploaded_file), mime=True)
    if mime in _ZIP_TYPES:
        # libmagic may say application/zip for a docx/xlsx (it depends on the member order),
        # and its OOXML guess comes from the first member only: the member list decides.
        return _zip_kind(uploaded_file) or mime
    if mime in _OLE_GENERIC:
        # The container is the same for .doc and .xls; only then does the name choose between them.
        return _OLE_BY_EXTENSION.get(_extension(name), mime)
    return mime


def _require(actor, perm: str) -> None:
    if actor is not None and not has_perm(actor, perm):
        raise NotPermitted()


def _check_content(uploaded_file, name: str) -> tuple[str, str, int, str]:
    """Validate without storing anything: returns (name, sha256, size, mime) or raises ServiceError."""
    max_bytes = settings.FAZHI_ATTACHMENT_MAX_BYTES
    allowed_types = set(settings.FAZHI_ATTACHMENT_TYPES)
    size = getattr(uploaded_file, "size", None)
    too_large = ServiceError(field_errors={"file": [f"文件过大：不能超过 {human_size(max_bytes)}。"]})
    if size is not None and size > max_bytes:
        raise too_large
    sha256, size = _sha256(uploaded_file)
    if size == 0:
        raise ServiceError(field_errors={"file": ["文件为空，请重新选择。"]})
    if size > max_bytes:
        raise too_large
    mime = detect_type(uploaded_file, name)
    ext = _extension(name)
    if mime not in allowed_types:
        claimed = [t for t in allowed_types if ext and ext in allowed_extensions(t)]
        if claimed:
            raise ServiceError(field_errors={"file": [
                f"文件内容与扩展名不符：文件名为 {ext}，实际内容是{type_label(mime)}，不予接收。"]})
        raise ServiceError(field_errors={"file": [f"不允许上传此类文件（{type_label(mime)}）。"]})
    if ext and ext not in allowed_extensions(mime):
        raise ServiceError(field_errors={"file": [
            f"文件内容与扩展名不符：文件名为 {ext}，实际内容是{type_label(mime)}。请使用正确的扩展名。"]})
    if not ext and allowed_extensions(mime):
        # A name without an extension gets the usual one, so the download opens in the right program.
        name = f"{name}{allowed_extensions(mime)[0]}"
    return name, sha256, size, mime


@transaction.atomic
def attachment_create(*, actor, uploaded_file, obj=None, agency: Agency | None = None) -> Attachment:
    """Store one uploaded file for ``agency`` (default: the actor's), optionally attached to ``obj``.

    The caller has already checked that the actor may work on ``obj``. Nothing is stored when the
    file is refused. ``actor=None`` (the system) must name the agency.
    """
    _require(actor, P.UPLOAD)
    if agency is None:
        agency = actor.agency if actor is not None else None
    if agency is None:
        raise ServiceError(field_errors={"agency": ["请指定附件所属单位。"]})
    if actor is not None and not restrict(Agency.objects.filter(pk=agency.pk), actor, P.UPLOAD).exists():
        raise NotPermitted("不能为您管辖范围以外的单位上传附件。")
    if obj is not None and obj.pk is None:
        raise ValueError("attachment_create(obj=…) needs a saved object")
    if not isinstance(uploaded_file, File):
        uploaded_file = File(uploaded_file)
    name = clean_name(getattr(uploaded_file, "name", "") or "")
    if not name:
        raise ServiceError(field_errors={"file": ["文件名无效。"]})
    name, sha256, size, mime = _check_content(uploaded_file, name)

    attachment = Attachment(
        code=uuid.uuid4(),
        original_name=name,
        size=size,
        sha256=sha256,
        mime_type=mime,
        agency=agency,
        region_path=agency.region_path,
        created_by=actor,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
    )
    # Stored under a random name: the user's name never reaches the file system.
    uploaded_file.seek(0)
    attachment.file.save(f"{attachment.code.hex}{_extension(name)}", uploaded_file, save=False)
    stored_name = attachment.file.name
    _track_stored(attachment)
    try:
        attachment.save(force_insert=True)
        audit.record(actor=actor, action="core.attachment_upload", obj=attachment,
                     after=_snapshot(attachment))
    except Exception:
        attachment.file.storage.delete(stored_name)
        raise
    return attachment


_STORED: ContextVar[list | None] = ContextVar("fazhi_stored_uploads", default=None)


def _track_stored(attachment: Attachment) -> None:
    stored = _STORED.get()
    if stored is not None:
        stored.append((attachment.file.storage, attachment.file.name))


@contextmanager
def discard_files_on_failure() -> Iterator[list]:
    """Files stored inside a transaction that then fails leave nothing behind on disk.

    The database rows roll back with the transaction; the files do not, so every file that
    ``attachment_create`` stores while this context is open is deleted again if the block raises.
    ``Machine.dispatch`` wraps every transition in it; a view or job storing files outside a
    transition wraps its service call the same way.
    """
    outer = _STORED.get()
    stored: list = []
    token = _STORED.set(stored)
    try:
        yield stored
    except BaseException:
        for storage, name in stored:
            storage.delete(name)
        raise
    finally:
        _STORED.reset(token)
        if outer is not None:
            outer.extend(stored)


def _locked_row(actor, attachment: Attachment) -> Attachment:
    """The attachment re-read under a row lock, if the actor may write it."""
    qs = Attachment.objects.select_for_update().filter(pk=attachment.pk)
    if actor is not None:
        qs = restrict(qs, actor, P.UPLOAD)
    row = qs.first()
    if row is None:
        raise NotPermitted("附件不存在或不在您的数据范围内。")
    return row


@transaction.atomic
def attachment_lock(*, actor, attachment: Attachment) -> Attachment:
    """Seal an evidence file: from now on it can be neither replaced nor deleted. Idempotent."""
    _require(actor, P.UPLOAD)
    row = _locked_row(actor, attachment)
    if row.locked:
        return row
    row.locked = True
    row.locked_at = timezone.now()
    row.save(update_fields=["locked", "locked_at"])
    audit.record(actor=actor, action="core.attachment_lock", obj=row,
                 before={"locked": False}, after={"locked": True, "sha256": row.sha256})
    attachment.locked, attachment.locked_at = row.locked, row.locked_at
    return row


@transaction.atomic
def attachments_lock_for(*, actor, obj) -> int:
    """Seal every attachment of ``obj`` (called when a case step closes); returns how many were sealed."""
    _require(actor, P.UPLOAD)
    sealed = 0
    for attachment in attachments_for(obj).filter(locked=False).order_by("id"):
        attachment_lock(actor=actor, attachment=attachment)
        sealed += 1
    return sealed


@transaction.atomic
def attachment_delete(*, actor, attachment: Attachment) -> None:
    """Remove an unlocked attachment; the file leaves storage only once the deletion commits."""
    _require(actor, P.UPLOAD)
    row = _locked_row(actor, attachment)
    if row.locked:
        raise TransitionRefused(["附件已封存（作为证据固定），不能删除。"])
    audit.record(actor=actor, action="core.attachment_delete", obj=row, before=_snapshot(row))
    storage, stored_name = row.file.storage, row.file.name
    row.delete()
    transaction.on_commit(lambda: storage.delete(stored_name))


def attachments_for(obj) -> QuerySet[Attachment]:
    """The attachments of one object, newest first. Not scoped: the caller already holds ``obj``."""
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("created_by")


def attachment_file_intact(attachment: Attachment) -> bool:
    """Whether the stored bytes still hash to the SHA-256 recorded at upload."""
    digest = hashlib.sha256()
    try:
        with attachment.file.storage.open(attachment.file.name, "rb") as handle:
            for chunk in handle.chunks():
                digest.update(chunk)
    except FileNotFoundError:
        logger.error("attachment %s: file %s is missing from storage", attachment.code, attachment.file.name)
        return False
    return digest.hexdigest() == attachment.sha256


# ------------------------------------------------------------------ who may read an object's files

# A file attached to an object is readable by exactly those who may see the object: each module tells
# core how to find the objects a user may see (core never imports the modules). Keyed by the model's
# label ("documents.normativedocument"); the value maps a user to a queryset of the visible objects.
_OWNER_VISIBILITY: dict[str, Callable] = {}


def register_attachment_owner(model_label: str, visible_to: Callable) -> None:
    """Called by a module's AppConfig.ready(): ``visible_to(user)`` is the queryset of the objects of
    ``model_label`` that the user may see. An attachment of an unregistered model is served to nobody."""
    _OWNER_VISIBILITY[model_label.lower()] = visible_to


def attachment_visible(user, attachment: Attachment) -> bool:
    """Whether ``user`` may read ``attachment``: the file's agency in the user's attachment scope and,
    for a file that belongs to an object, the object visible to the user under its module's rules."""
    if not restrict(Attachment.objects.filter(pk=attachment.pk), user, P.VIEW_ATTACHMENT).exists():
        return False
    if not attachment.content_type_id:
        return True
    label = "{}.{}".format(*attachment.content_type.natural_key())
    visible_to = _OWNER_VISIBILITY.get(label)
    if visible_to is None:
        logger.error("attachment %s belongs to %s, which registered no visibility rule: refused",
                     attachment.code, label)
        return False
    return visible_to(user).filter(pk=attachment.object_id).exists()


@transaction.atomic
def attachment_read(*, actor, code) -> Attachment | None:
    """The attachment ``code`` if ``actor`` may read it (None for missing and forbidden alike); a read is
    audited."""
    attachment = Attachment.objects.select_related("content_type").filter(code=code).first()
    if attachment is None or not attachment_visible(actor, attachment):
        return None
    audit.record(actor=actor, action="core.attachment_download", obj=attachment,
                 after={"code": attachment.code.hex, "sha256": attachment.sha256})
    return attachment
