"""A background export's page (progress, then the download) and the download itself — for its owner only."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import audit, exports
from .exports import XLSX_TYPE, export_path
from .models import ExportJob


def _own_job(request, code) -> ExportJob:
    # Another user's job answers 404, like any object outside one's scope.
    job = ExportJob.objects.filter(code=code, user=request.user).first()
    if job is None:
        raise Http404("没有这个导出任务。")
    return job


@login_required
@require_GET
def export_job(request, code):
    job = _own_job(request, code)
    polled = bool(getattr(request, "htmx", None)) and request.htmx.target == "export-progress"
    export = exports.registered(job.key)
    return render(request, "core/_export_progress.html" if polled else "core/export_job.html",
                  {"job": job, "back_url": reverse(export.page) if export else ""})


@login_required
@require_GET
def export_download(request, code):
    job = _own_job(request, code)
    path = export_path(job)
    if job.status != ExportJob.Status.DONE or not path.exists():
        raise Http404("导出文件尚未生成或已清理。")
    with transaction.atomic():
        audit.record(actor=request.user, action="core.export_download", obj=job, after={"rows": job.processed})
    response = FileResponse(path.open("rb"), content_type=XLSX_TYPE)
    stamp = job.created_at.strftime("%Y%m%d")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{job.title}-{stamp}.xlsx')}"
    return response
