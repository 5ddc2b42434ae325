"""Shared API plumbing: keyset pagination and the error mapping (400 / 401 / 403 / 404 / 409)."""

from rest_framework import status
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import NotPermitted, ServiceError, TransitionRefused


class KeysetPagination(CursorPagination):
    """Keyset (cursor) pagination: stable and O(page) however deep the list."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def exception_handler(exc, context):
    if isinstance(exc, TransitionRefused):
        return Response({"detail": "不满足办理条件。", "reasons": exc.reasons}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ServiceError):
        body = {"detail": exc.message or "输入有误。"}
        body.update(exc.field_errors)
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, NotPermitted):
        return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
    return drf_exception_handler(exc, context)
