"""Safe retries for create endpoints: the ``Idempotency-Key`` header (issue 7 §5).

A client that lost the answer to a POST (a timeout, a killed worker) retries with the same key; the
retry by the same user on the same endpoint answers the first result (status and body, with
``Idempotent-Replayed: true``) and creates nothing. The record is written in the same transaction as
the row it describes: a create that fails or is refused leaves no record, so a retry runs again.
The same key with a different request body is refused (409). Apply ``@idempotent`` to every view
method that creates a row (innermost decorator, under ``@action`` and ``@extend_schema``).
"""

import functools
import hashlib
import json

from django.db import IntegrityError, transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY = 100

PARAMETER = OpenApiParameter(
    HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="重试安全：同一用户以同一键重复提交时，返回第一次的结果，不重复创建（不超过 100 个字符）。")


def _request_hash(request) -> str:
    try:
        raw = request._request.body
    except Exception:  # the body was already streamed (large multipart upload): compare nothing
        raw = b""
    return hashlib.sha256(raw).hexdigest()


def _replay(record: IdempotencyRecord) -> Response:
    response = Response(record.body, status=record.status)
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(method):
    @functools.wraps(method)
    def wrapper(self, request, *args, **kwargs):
        key = request.headers.get(HEADER, "").strip()
        if request.method != "POST" or not key or not request.user.is_authenticated:
            return method(self, request, *args, **kwargs)
        if len(key) > MAX_KEY:
            return Response({"detail": f"{HEADER} 不能超过 {MAX_KEY} 个字符。"}, status=status.HTTP_400_BAD_REQUEST)
        endpoint = request.path[:300]
        digest = _request_hash(request)
        lookup = {"user": request.user, "key": key, "endpoint": endpoint}
        existing = IdempotencyRecord.objects.filter(**lookup).first()
        if existing is None:
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(**lookup, request_hash=digest, status=0, body=None)
                    response = method(self, request, *args, **kwargs)
                    if response.status_code >= 300:
                        transaction.set_rollback(True)  # nothing was created: a retry runs again
                        return response
                    record.status = response.status_code
                    record.body = json.loads(json.dumps(response.data, cls=JSONEncoder))
                    record.save(update_fields=["status", "body"])
                    return response
            except IntegrityError:
                # A concurrent request with the same key committed first: answer its result.
                existing = IdempotencyRecord.objects.filter(**lookup).first()
                if existing is None:
                    raise
        if existing.request_hash != digest:
            return Response({"detail": f"该 {HEADER} 已用于内容不同的请求，请换用新的键。"},
                            status=status.HTTP_409_CONFLICT)
        return _replay(existing)

    return wrapper
