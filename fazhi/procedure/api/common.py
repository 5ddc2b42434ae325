"""Small API pieces every module's viewsets use: documented error responses, nested keyset pages,
choice fields with Chinese messages and named OpenAPI enums."""

from types import SimpleNamespace

from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers

from fazhi.core.api_base import KeysetPagination

REFUSED = OpenApiResponse(description="不满足办理条件：reasons 列出未满足的条件（fields 按字段归类）")
BAD = OpenApiResponse(description="输入有误：字段错误")
NOT_FOUND = OpenApiResponse(description="对象不存在或不在您的数据范围内")


def paged(view, request, queryset, ordering: tuple[str, ...], serializer_class):
    """Keyset pages for a nested list (the view's own ``ordering`` belongs to its main list).

    The answer has the shape of every list of the API: ``{"next", "next_cursor", "results"}``."""
    paginator = KeysetPagination()
    page = paginator.paginate_queryset(queryset, request, view=SimpleNamespace(ordering=ordering))
    data = serializer_class(page, many=True, context=view.get_serializer_context()).data
    return paginator.get_paginated_response(data)


MAX_BODY = 200_000
MAX_TEXT = 5_000

CHOICE_FIELDS: dict[str, type[serializers.ChoiceField]] = {}


def choice_field(choices, what: str, component: str, message: str = "", **kwargs):
    """A choice field whose 400 lists the valid codes with their Chinese labels.

    Each choice set is its own named schema component, so that fields that share a name but not a
    choice set (``decision``, ``outcome``, ``action``…) do not collide in the OpenAPI document.
    """
    labels = "、".join(f"{value}（{label}）" if label != value else value for value, label in choices)
    message = message or f"“{{input}}”不是有效的{what}，可选：{labels}。"
    if component not in CHOICE_FIELDS:
        schema = {"type": "string", "enum": [value for value, _ in choices], "description": labels}
        CHOICE_FIELDS[component] = extend_schema_field(schema, component_name=component)(
            type(f"{component}Field", (serializers.ChoiceField,), {})
        )
    return CHOICE_FIELDS[component](choices=choices, error_messages={"invalid_choice": message}, **kwargs)


class CountSerializer(serializers.Serializer):
    updated = serializers.IntegerField(help_text="受影响的条数")
