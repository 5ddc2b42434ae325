"""Small page helpers every module's views share: links to attachments and uploads stored with a step.

Uploads are stored by ``core.attachments`` inside the step's transaction; ``stored_uploads()`` deletes
the files again when the step fails (the rows roll back with the transaction, the files would not).
"""

from django.urls import NoReverseMatch, reverse

from fazhi.core import attachments

# Every file attachment_create stores while this is open is deleted again if the block raises.
stored_uploads = attachments.discard_files_on_failure


def url_or_none(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def attachment_url(attachment) -> str | None:
    """The staff download link of an attachment (scope-checked by the download view)."""
    return url_or_none("core:attachment_download", attachment.code) if attachment is not None else None


def store_upload(actor, upload, obj, stored: list | None = None):
    """Store an uploaded file as ``obj``'s attachment, in ``obj``'s agency. Inside ``stored_uploads()``
    the file is removed again if the step fails; ``stored`` is that block's list (kept for callers)."""
    return attachments.attachment_create(actor=actor, uploaded_file=upload, obj=obj, agency=obj.agency)
