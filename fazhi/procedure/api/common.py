"""Small API pieces every module's viewsets use: documented error responses, nested keyset pages,
choice fields with Chinese messages and named OpenAPI enums."""

from types import SimpleNamespace

from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers

from fazhi.core.api_base import KeysetPagination
from fazhi.core.models import Agency, Attachment
from fazhi.core.permissions import P
from fazhi.core.scope import restrict

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


def visible_attachments(*, user):
    """The files a caller may attach by code: those in their scope."""
    return restrict(Attachment.objects.all(), user, P.VIEW_ATTACHMENT)


def active_agencies(*, user):
    """Any active agency may be named; the service decides whether this one may act for the user."""
    return Agency.objects.filter(is_active=True)


class CommentCallRefSerializer(serializers.Serializer):
    code = serializers.UUIDField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    shortened_reason = serializers.CharField()
    closed = serializers.SerializerMethodField()
    summary = serializers.CharField()

    def get_closed(self, obj) -> bool:
        return obj.closed_at is not None


class ReviewRefSerializer(serializers.Serializer):
    code = serializers.UUIDField()
    round = serializers.IntegerField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    opinion = serializers.CharField()
    opinion_label = serializers.CharField(source="get_opinion_display")
    required_changes = serializers.CharField()
    due_date = serializers.DateField(source="deadline.due_date", allow_null=True, default=None)
    reviewing_agency = serializers.CharField(source="agency.name")


class ActionRefSerializer(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()


def state_actions(machine, obj, context) -> list[dict]:
    """The steps of ``machine`` whose source states hold ``obj``'s state and whose permission the caller has
    (a detail serializer's ``available_actions``; ``GET …/actions/`` answers with the guards as well)."""
    from fazhi.core.permissions import has_perm

    user = getattr(context.get("request"), "user", None)
    state = getattr(obj, machine.state_field)
    return [{"action": name, "label": t.label} for name, t in machine.transitions.items()
            if state in t.sources and user is not None and has_perm(user, t.permission)]


class AttachmentRefSerializer(serializers.Serializer):
    code = serializers.UUIDField()
    original_name = serializers.CharField()
    mime_type = serializers.CharField()
    size = serializers.IntegerField()


def action_field(machine, component: str):
    """The ``action`` of a machine's step input: one of its actions (labelled), and a 400 that lists them."""
    actions = [t.action for t in machine]
    return choice_field([(t.action, t.label) for t in machine], "操作", component,
                        message=f"未知的操作“{{input}}”，可选：{'、'.join(actions)}。")


class EditSerializer(serializers.Serializer):
    """The base of an object's PATCH: a note kept with the new text version, and at least one field to change."""

    note = serializers.CharField(max_length=300, allow_blank=True, required=False, help_text="修改说明（记入新版本）")

    def validate(self, attrs):
        if not set(attrs) - {"note"}:
            raise serializers.ValidationError({"non_field_errors": ["请至少提交一个要修改的字段。"]})
        return attrs
