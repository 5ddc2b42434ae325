"""Downloading an attachment: readable by those who may see the object it belongs to (each module
registers that rule with ``attachments.register_attachment_owner``); 404 for missing and forbidden alike.
Every download is audited."""

import logging

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from .attachments import attachment_read

logger = logging.getLogger(__name__)


@require_GET
@login_required
def attachment_download(request, code):
    attachment = attachment_read(actor=request.user, code=code)
    if attachment is None:
        raise Http404("对象不存在或不在您的数据范围内。")
    try:
        handle = attachment.file.storage.open(attachment.file.name, "rb")
    except FileNotFoundError:
        logger.error("attachment %s: file %s is missing from storage", attachment.code, attachment.file.name)
        raise Http404("附件文件已丢失，请联系系统管理员。")
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.mime_type)
    # The bytes are the uploader's: never let a browser sniff them into something executable.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
