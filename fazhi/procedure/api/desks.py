"""API mixins of the kernel desks a module's viewset mixes in, for objects registered with the kernel:

- ``CommentDeskAPIMixin``: ``…/comments/`` (GET, keyset-paged; POST enters a received opinion),
  ``…/comments/screen/``, ``…/comments/answer/``, ``…/comments/summary/``;
- ``VersionsAPIMixin``: ``…/versions/`` (keyset-paged), ``…/versions/<n>/``, ``…/versions/diff/?a=&b=``;
- ``TimelineAPIMixin``: ``…/timeline/`` (keyset-paged audit events of the object).

Each endpoint fetches the object in the caller's scope first (404), then reads the body (400).
"""

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api.serializers import MAX_ID, BoundedDateField
from fazhi.core.idempotency import idempotent
from fazhi.core.selectors import get_scoped
from fazhi.core.templatetags.fazhi_tags import audit_action_label

from .. import comments as desk
from .. import diff
from .. import services as procedure
from ..choices import AnswerOutcome, ScreeningStatus
from ..models import AnswerTemplate, Comment
from .common import BAD, MAX_BODY, MAX_TEXT, NOT_FOUND, REFUSED, CountSerializer, choice_field, paged

# ---------------------------------------------------------------- serializers


class CommentSerializer(serializers.ModelSerializer):
    """A comment as staff see it (with the contact the public never sees; never the client address)."""

    source_label = serializers.CharField(source="get_source_display")
    screening_label = serializers.CharField(source="get_screening_display")
    outcome_label = serializers.CharField(source="get_outcome_display")

    class Meta:
        model = Comment
        fields = ["id", "source", "source_label", "name", "organisation", "contact", "content", "is_opposing",
                  "submitted_at", "screening", "screening_label", "outcome", "outcome_label", "answer",
                  "answered_at"]


class CommentQuerySerializer(serializers.Serializer):
    screening = choice_field(ScreeningStatus.choices, "公开审核状态", "CommentScreening", required=False)


class CommentEnterInput(serializers.Serializer):
    source = choice_field(desk.STAFF_SOURCES, "意见来源", "StaffCommentSource")
    received_on = BoundedDateField(required=False, help_text="收到意见的日期（须在征求意见期内；默认今天）")
    content = serializers.CharField(max_length=MAX_TEXT)
    name = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")
    organisation = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")
    is_opposing = serializers.BooleanField(required=False, default=False)


def _comment_ids():
    return serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=1,
                                 max_length=desk.MAX_IDS, help_text="意见编号")


class CommentScreenInput(serializers.Serializer):
    comments = _comment_ids()
    show = serializers.BooleanField(help_text="true 公开，false 不予公开（反对意见不能隐藏）")
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="",
                                   help_text="不予公开的理由")


class CommentAnswerInput(serializers.Serializer):
    comments = _comment_ids()
    outcome = choice_field(AnswerOutcome.choices, "采纳情况", "CommentAnswerOutcome", required=False)
    answer = serializers.CharField(max_length=MAX_TEXT, required=False)
    template = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                        help_text="答复模板编号：给出时采用模板的采纳情况和答复理由")

    def validate(self, attrs):
        template_id = attrs.pop("template", None)
        if template_id is not None:
            user = self.context["request"].user
            template = AnswerTemplate.objects.filter(
                Q(agency__isnull=True) | Q(agency_id=user.agency_id), pk=template_id).first()
            if template is None:
                raise serializers.ValidationError({"template": ["答复模板不存在。"]})
            attrs.setdefault("outcome", template.outcome)
            attrs.setdefault("answer", template.text)
        missing = {name: ["该字段是必填项。"] for name in ("outcome", "answer") if not attrs.get(name)}
        if missing:
            raise serializers.ValidationError(missing)
        return attrs


class CommentSummaryInput(serializers.Serializer):
    summary = serializers.CharField(max_length=MAX_BODY)


class CommentSummarySerializer(serializers.Serializer):
    summary = serializers.CharField()


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    note = serializers.CharField()
    sha256 = serializers.CharField(help_text="标题和正文的摘要（审核意见据此绑定文本）")
    created_at = serializers.DateTimeField()
    created_by = serializers.CharField(source="created_by.display_name", allow_null=True, default=None)
    length = serializers.SerializerMethodField(help_text="正文字数")

    def get_length(self, obj) -> int:
        return len(obj.body)


class VersionDetailSerializer(VersionSerializer):
    body = serializers.CharField()


class DiffQuerySerializer(serializers.Serializer):
    a = serializers.IntegerField(min_value=1, max_value=1_000_000, help_text="旧版本号")
    b = serializers.IntegerField(min_value=1, max_value=1_000_000, help_text="新版本号")


class DiffRowSerializer(serializers.Serializer):
    kind = choice_field([(k, k) for k in ("equal", "replace", "delete", "insert")], "差异类型", "VersionDiffRowKind")
    left_no = serializers.IntegerField(allow_null=True)
    right_no = serializers.IntegerField(allow_null=True)
    left_html = serializers.CharField(help_text="已转义的 HTML，删除部分以 <del> 标记")
    right_html = serializers.CharField(help_text="已转义的 HTML，新增部分以 <ins> 标记")


class DiffStatsSerializer(serializers.Serializer):
    changed = serializers.IntegerField()
    deleted = serializers.IntegerField()
    inserted = serializers.IntegerField()


class DiffSerializer(serializers.Serializer):
    a = VersionSerializer()
    b = VersionSerializer()
    stats = DiffStatsSerializer()
    rows = DiffRowSerializer(many=True)


class TimelineEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    action = serializers.CharField()
    action_label = serializers.SerializerMethodField()
    actor_name = serializers.CharField()
    actor_role = serializers.CharField()
    agency_name = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)

    def get_action_label(self, obj) -> str:
        return audit_action_label(obj.action)


# ---------------------------------------------------------------- mixins


class CommentDeskAPIMixin:
    """The comment desk of the viewset's object (registered with ``procedure.comments``)."""

    @extend_schema(methods=["GET"], parameters=[CommentQuerySerializer], responses={200: CommentSerializer(many=True),
                                                                                  404: NOT_FOUND}, filters=False)
    @extend_schema(methods=["POST"], request=CommentEnterInput,
                   responses={201: CommentSerializer, 400: BAD, 404: NOT_FOUND, 409: REFUSED}, filters=False,
                   description="录入书面、座谈会、人大代表、企业、行业协会等渠道在征求意见期内收到的意见")
    @action(detail=True, methods=["get", "post"])
    @idempotent
    def comments(self, request, *args, **kwargs):
        target = self.get_object()
        if request.method == "POST":
            comment = desk.comment_enter(actor=request.user, target=target, **self.input(request, CommentEnterInput))
            return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        query = CommentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        call = procedure.open_call_of(target)
        qs = call.comments.all() if call else Comment.objects.none()
        if query.validated_data.get("screening"):
            qs = qs.filter(screening=query.validated_data["screening"])
        return paged(self, request, qs, ("id",), CommentSerializer)

    @extend_schema(request=CommentScreenInput, responses={200: CountSerializer, 400: BAD, 404: NOT_FOUND,
                                                          409: REFUSED},
                   description="公开或不予公开意见；反对意见不能隐藏，不予公开须写明理由")
    @action(detail=True, methods=["post"], url_path="comments/screen")
    def comments_screen(self, request, *args, **kwargs):
        target = self.get_object()
        data = self.input(request, CommentScreenInput)
        count = desk.comments_screen(actor=request.user, target=target, comment_ids=data["comments"],
                                     show=data["show"], reason=data["reason"])
        return Response({"updated": count})

    @extend_schema(request=CommentAnswerInput, responses={200: CountSerializer, 400: BAD, 404: NOT_FOUND,
                                                          409: REFUSED},
                   description="批量答复意见：给出 outcome 与 answer，或给出答复模板 template")
    @action(detail=True, methods=["post"], url_path="comments/answer")
    def comments_answer(self, request, *args, **kwargs):
        target = self.get_object()
        data = self.input(request, CommentAnswerInput)
        count = desk.comments_answer(actor=request.user, target=target, comment_ids=data["comments"],
                                     outcome=data["outcome"], answer=data["answer"])
        return Response({"updated": count})

    @extend_schema(request=CommentSummaryInput, responses={200: CommentSummarySerializer, 400: BAD, 404: NOT_FOUND,
                                                           409: REFUSED},
                   description="保存意见采纳情况（随公布）")
    @action(detail=True, methods=["post"], url_path="comments/summary")
    def comments_summary(self, request, *args, **kwargs):
        target = self.get_object()
        call = desk.comment_summary_save(actor=request.user, target=target,
                                         summary=self.input(request, CommentSummaryInput)["summary"])
        return Response({"summary": call.summary})


class VersionsAPIMixin:
    """The text versions of the viewset's object, one version and any two compared."""

    @extend_schema(responses={200: VersionSerializer(many=True), 404: NOT_FOUND}, filters=False)
    @action(detail=True, methods=["get"])
    def versions(self, request, *args, **kwargs):
        qs = procedure.versions_of(self.get_object()).select_related("created_by")
        return paged(self, request, qs, ("number", "id"), VersionSerializer)

    @extend_schema(responses={200: VersionDetailSerializer, 404: NOT_FOUND}, filters=False,
                   parameters=[OpenApiParameter("number", int, OpenApiParameter.PATH, description="版本号")])
    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>[0-9]{1,7})")
    def version(self, request, *args, number=None, **kwargs):
        found = procedure.versions_of(self.get_object()).select_related("created_by").filter(number=int(number))
        return Response(VersionDetailSerializer(get_scoped(found)).data)

    @extend_schema(parameters=[DiffQuerySerializer], responses={200: DiffSerializer, 400: BAD, 404: NOT_FOUND},
                   filters=False)
    @action(detail=True, methods=["get"], url_path="versions/diff")
    def versions_diff(self, request, *args, **kwargs):
        target = self.get_object()
        query = DiffQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        numbers = query.validated_data
        found = {v.number: v for v in procedure.versions_of(target).select_related("created_by")
                 .filter(number__in=[numbers["a"], numbers["b"]])}
        missing = {key: [f"第 {n} 版不存在。"] for key, n in numbers.items() if n not in found}
        if missing:
            raise serializers.ValidationError(missing)
        a, b = found[numbers["a"]], found[numbers["b"]]
        rows = diff.side_by_side(a.body, b.body)
        return Response(DiffSerializer({"a": a, "b": b, "stats": diff.diff_stats(rows), "rows": rows}).data)


class TimelineAPIMixin:
    """The object's audit events, oldest first (``timeline_selector(obj)`` gives the queryset)."""

    timeline_selector = None

    @extend_schema(responses={200: TimelineEventSerializer(many=True), 404: NOT_FOUND}, filters=False)
    @action(detail=True, methods=["get"])
    def timeline(self, request, *args, **kwargs):
        return paged(self, request, type(self).timeline_selector(self.get_object()), ("id",), TimelineEventSerializer)
