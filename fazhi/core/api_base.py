"""Shared API plumbing: the error mapping, permissions, scoped code fields and keyset pagination.

Every endpoint of every app answers errors through ``exception_handler`` (400 / 401 / 403 / 404 /
409, never a 500 for bad input) and builds on ``fazhi.core.api.base.ScopedViewSet``.

This module must not import ``rest_framework.generics`` or ``viewsets``: DRF reads
DEFAULT_PAGINATION_CLASS (this module's KeysetPagination) while defining GenericAPIView, so such an
import here would be circular. The base viewset therefore lives in ``fazhi.core.api.base``.
"""

import math
from contextlib import contextmanager

from django.core.exceptions import FieldError
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import exception_handler as drf_exception_handler

from . import paging
from .errors import NotPermitted, ServiceError, TransitionRefused
from .permissions import has_perm

NON_FIELD = "non_field_errors"
PASSWORD_GATE_MESSAGE = "首次登录须先修改密码。"
NOT_FOUND_MESSAGE = "对象不存在或不在您的数据范围内。"


# ---------------------------------------------------------------- errors


def _field_errors(mapping: dict) -> dict:
    """Django's "__all__" is DRF's "non_field_errors"; every value is a list of messages."""
    out = {}
    for key, value in mapping.items():
        messages = value if isinstance(value, list | tuple) else [value]
        out[NON_FIELD if key == "__all__" else key] = [str(m) for m in messages]
    return out


def exception_handler(exc, context):
    if isinstance(exc, TransitionRefused):
        body = {"detail": "不满足办理条件。", "reasons": [str(r) for r in exc.reasons]}
        if exc.field_reasons:
            body["fields"] = exc.field_reasons
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ServiceError):
        body = {"detail": exc.message or "输入有误。"}
        body.update(_field_errors(exc.field_errors))
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, NotPermitted):
        return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = {k: [m for e in v for m in e.messages] for k, v in exc.error_dict.items()}
            body = {"detail": "输入有误。", **_field_errors(errors)}
        else:
            body = {"detail": "；".join(exc.messages) or "输入有误。"}
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) if exc.args else NOT_FOUND_MESSAGE)
    if isinstance(exc, exceptions.ParseError):
        # DRF's message carries the parser's English text; say it in Chinese, without internals.
        exc = exceptions.ParseError("请求内容不是有效的 JSON。")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        exc = exceptions.UnsupportedMediaType(exc.args[0] if exc.args else "", "请求内容类型不受支持，请使用 application/json。")
    return drf_exception_handler(exc, context)


@contextmanager
def fields_renamed(mapping: dict[str, str]):
    """Re-key a service's field errors to the names the API payload uses (e.g. password → new_password)."""
    try:
        yield
    except ServiceError as exc:
        renamed = {mapping.get(k, k): v for k, v in exc.field_errors.items()}
        raise ServiceError(exc.message, field_errors=renamed)


# ---------------------------------------------------------------- fields


@extend_schema_field(OpenApiTypes.STR)
class ScopedCodeField(serializers.Field):
    """A reference by public code, resolved inside the requesting user's scope.

    ``ScopedCodeField(selectors.region_list, "code")`` turns "522301" into the Region, or answers
    400 "不存在或不在您的数据范围内" — the same answer for a missing and a forbidden row.
    """

    default_error_messages = {
        "invalid": "请填写编码（字符串）。",
        "not_found": "“{value}”不存在或不在您的数据范围内。",
    }
    MAX_LENGTH = 64

    def __init__(self, selector, lookup_field: str = "code", **kwargs):
        self.selector = selector
        self.lookup_field = lookup_field
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str | int):
            self.fail("invalid")
        value = str(data).strip()
        # PostgreSQL refuses NUL in text and would abort the transaction: never send it a query.
        if not value or len(value) > self.MAX_LENGTH or "\x00" in value:
            self.fail("not_found", value=value[: self.MAX_LENGTH])
        request = self.context.get("request")
        user = getattr(request, "user", None)
        try:
            obj = self.selector(user=user).filter(**{self.lookup_field: value}).first()
        except (ValueError, TypeError, DjangoValidationError):
            obj = None  # a malformed code (not a UUID, say) names nothing
        if obj is None:
            self.fail("not_found", value=value)
        return obj

    def to_representation(self, value):
        return str(getattr(value, self.lookup_field))


# ---------------------------------------------------------------- permissions


class PasswordChanged(permissions.BasePermission):
    """Seeded and reset accounts may do nothing but change their password (等保三级: 初始口令须修改)."""

    message = PASSWORD_GATE_MESSAGE

    def has_permission(self, request, view):
        user = request.user
        return not (user and user.is_authenticated and user.must_change_password)


class HasViewPermission(permissions.BasePermission):
    """The user holds the view's ``required_perm`` under some role (rows are then scoped by the selector);
    a tuple means any one of those permissions."""

    message = "您没有查看该数据的权限。"

    def has_permission(self, request, view):
        perm = getattr(view, "required_perm", None)
        if perm is None:
            return True
        return any(has_perm(request.user, p) for p in (perm if isinstance(perm, tuple) else (perm,)))


DEFAULT_PERMISSIONS = [permissions.IsAuthenticated, PasswordChanged, HasViewPermission]


# ---------------------------------------------------------------- pagination


class KeysetPagination(BasePagination):
    """Keyset pagination over ``paging.keyset_page``, the same mechanism the pages use.

    The view's ``ordering`` tuple must end with a unique field. ``?after=<cursor>`` continues from
    the last row of the previous page; ``?page_size=`` is 1 to ``paging.MAX_PAGE_SIZE``.
    """

    cursor_query_param = "after"
    page_size_query_param = "page_size"
    default_ordering = ("-id",)

    def paginate_queryset(self, queryset, request, view=None):
        ordering = tuple(getattr(view, "ordering", None) or self.default_ordering)
        page_size = self._page_size(request)
        cursor = request.query_params.get(self.cursor_query_param) or None
        if cursor is not None and not self._cursor_ok(cursor, len(ordering)):
            raise exceptions.ValidationError({self.cursor_query_param: ["分页游标无效。"]})
        try:
            page = paging.keyset_page(queryset, ordering=ordering, cursor=cursor, page_size=page_size)
        except (ValueError, TypeError, OverflowError, DjangoValidationError, FieldError):
            # A well-formed cursor whose values do not fit the ordering fields.
            raise exceptions.ValidationError({self.cursor_query_param: ["分页游标无效。"]})
        self.request = request
        self.page = page
        return page.items

    @staticmethod
    def _cursor_ok(cursor: str, length: int) -> bool:
        values = paging.decode_cursor(cursor, length)
        if values is None:
            return False
        # Only finite scalars, and no NUL (PostgreSQL would abort the transaction on it).
        return all(v is None or hasattr(v, "isoformat") or (isinstance(v, float) and math.isfinite(v))
                   or (isinstance(v, int | str) and "\x00" not in str(v)) for v in values)

    def _page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return paging.DEFAULT_PAGE_SIZE
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= paging.MAX_PAGE_SIZE:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [f"每页条数应为 1 至 {paging.MAX_PAGE_SIZE} 的整数。"]}
            )
        return size

    def get_next_link(self) -> str | None:
        if not self.page.next_cursor:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.page.next_cursor)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "next_cursor": self.page.next_cursor, "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "next_cursor", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri", "description": "下一页地址"},
                "next_cursor": {"type": "string", "nullable": True, "description": "下一页游标（after 参数）"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": self.cursor_query_param, "required": False, "in": "query",
             "description": "分页游标：上一页返回的 next_cursor", "schema": {"type": "string"}},
            {"name": self.page_size_query_param, "required": False, "in": "query",
             "description": f"每页条数（1–{paging.MAX_PAGE_SIZE}，默认 {paging.DEFAULT_PAGE_SIZE}）",
             "schema": {"type": "integer", "minimum": 1, "maximum": paging.MAX_PAGE_SIZE}},
        ]
