"""The viewsets of the documents API: staff documents by code (scoped) and the public library."""


from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api.base import ScopedViewSet
from fazhi.core.codes import CODE_REGEX
from fazhi.core.idempotency import idempotent
from fazhi.core.selectors import get_scoped
from fazhi.procedure import diff
from fazhi.procedure import services as procedure
from fazhi.procedure.api.common import BAD, REFUSED, paged
from fazhi.procedure.models import Comment

from .. import precheck_adapter, selectors, services
from ..filtersets import DocumentFilterSet
from ..workflow import Perm
from .inputs import (
    ACTION_INPUTS,
    TRANSITION_REQUEST,
    CommentAnswerInput,
    CommentEnterInput,
    CommentQuerySerializer,
    CommentScreenInput,
    CommentSummaryInput,
    DiffQuerySerializer,
    DocumentCreateSerializer,
    DocumentUpdateSerializer,
    FairCompetitionInput,
    TransitionActionSerializer,
)
from .serializers import (
    CommentSerializer,
    CountSerializer,
    DiffSerializer,
    DocumentDetailSerializer,
    DocumentSerializer,
    FairCompetitionSerializer,
    PrecheckSerializer,
    TimelineEventSerializer,
    VersionDetailSerializer,
    VersionSerializer,
)


class DocumentViewSet(ScopedViewSet):
    """行政规范性文件 inside the caller's scope, addressed by their public code."""

    selector = staticmethod(selectors.document_list)
    required_perm = Perm.VIEW
    filterset_class = DocumentFilterSet
    serializer_class = DocumentSerializer
    list_defer = selectors.DOCUMENT_LIST_DEFER
    ordering = ("-id",)
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX
    input_serializers = {
        "create": DocumentCreateSerializer,
        "partial_update": DocumentUpdateSerializer,
        "fair_competition": FairCompetitionInput,
        "comments_screen": CommentScreenInput,
        "comments_answer": CommentAnswerInput,
        "comments_summary": CommentSummaryInput,
    }

    def _detail(self, status_code=status.HTTP_200_OK):
        return self.output(self.get_object(), status_code, serializer_class=DocumentDetailSerializer)

    @extend_schema(responses=DocumentDetailSerializer)
    def retrieve(self, request, code=None):
        return self._detail()

    @extend_schema(request=DocumentCreateSerializer, responses={201: DocumentDetailSerializer, 400: BAD})
    @idempotent
    def create(self, request):
        doc = services.document_create(actor=request.user, **self.input(request))
        self.kwargs["code"] = doc.code
        return self._detail(status.HTTP_201_CREATED)

    @extend_schema(request=DocumentUpdateSerializer, responses={200: DocumentDetailSerializer, 400: BAD,
                                                                409: REFUSED})
    def partial_update(self, request, code=None):
        doc = self.get_object()
        changes = dict(self.input(request))
        note = changes.pop("note", "")
        services.document_update(actor=request.user, document=doc, note=note, **changes)
        return self._detail()

    @extend_schema(request=TRANSITION_REQUEST, responses={200: DocumentDetailSerializer, 400: BAD, 409: REFUSED},
                   description="办理一个程序步骤：action 为操作名，其余字段为该操作的参数。附件以编码（UUID）给出。")
    @action(detail=True, methods=["post"])
    def transition(self, request, code=None):
        doc = self.get_object()
        name = self.input(request, TransitionActionSerializer)["action"]
        payload = dict(self.input(request, ACTION_INPUTS[name]))
        payload.pop("action", None)
        services.transition(actor=request.user, document=doc, action=name, payload=payload)
        return self._detail()

    @extend_schema(request=None, responses=PrecheckSerializer,
                   description="对当前正文运行自动预审，返回疑似问题；仅供审核人员参考，不作结论。")
    @action(detail=True, methods=["post"])
    def precheck(self, request, code=None):
        findings = precheck_adapter.run(self.get_object())
        clauses = [f for f in findings if f["sentence"]]
        whole = [f for f in findings if not f["sentence"]]
        return Response(PrecheckSerializer({"count": len(findings), "findings": clauses,
                                            "document_findings": whole}).data)

    @extend_schema(request=FairCompetitionInput, responses={200: FairCompetitionSerializer, 400: BAD})
    @action(detail=True, methods=["post"], url_path="fair-competition")
    def fair_competition(self, request, code=None):
        record = services.fair_competition_record(actor=request.user, document=self.get_object(),
                                                  **self.input(request))
        return Response(FairCompetitionSerializer(record).data)

    # ------------------------------------------------------------ versions, timeline

    @extend_schema(responses=VersionSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"])
    def versions(self, request, code=None):
        qs = procedure.versions_of(self.get_object()).select_related("created_by")
        # The shape the schema documents: a keyset page like every list of the API.
        return paged(self, request, qs, ("id",), VersionSerializer)

    @extend_schema(responses=VersionDetailSerializer, filters=False,
                   parameters=[OpenApiParameter("number", int, OpenApiParameter.PATH, description="版本号")])
    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>[0-9]{1,7})")
    def version(self, request, code=None, number=None):
        found = procedure.versions_of(self.get_object()).select_related("created_by").filter(number=int(number))
        return self.output(get_scoped(found), serializer_class=VersionDetailSerializer)

    @extend_schema(parameters=[DiffQuerySerializer], responses={200: DiffSerializer, 400: BAD}, filters=False)
    @action(detail=True, methods=["get"], url_path="versions/diff")
    def versions_diff(self, request, code=None):
        doc = self.get_object()
        query = DiffQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        numbers = query.validated_data
        found = {v.number: v for v in procedure.versions_of(doc).select_related("created_by")
                 .filter(number__in=[numbers["a"], numbers["b"]])}
        missing = {key: [f"第 {n} 版不存在。"] for key, n in numbers.items() if n not in found}
        if missing:
            raise serializers.ValidationError(missing)
        a, b = found[numbers["a"]], found[numbers["b"]]
        rows = diff.side_by_side(a.body, b.body)
        return Response(DiffSerializer({"a": a, "b": b, "stats": diff.diff_stats(rows), "rows": rows}).data)

    @extend_schema(responses=TimelineEventSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"])
    def timeline(self, request, code=None):
        return paged(self, request, selectors.timeline(self.get_object()), ("id",), TimelineEventSerializer)

    # ------------------------------------------------------------ comments (staff)

    @extend_schema(methods=["GET"], parameters=[CommentQuerySerializer], responses=CommentSerializer(many=True),
                   filters=False)
    @extend_schema(methods=["POST"], request=CommentEnterInput,
                   responses={201: CommentSerializer, 400: BAD, 409: REFUSED}, filters=False,
                   description="录入书面、座谈会等渠道收到的意见")
    @action(detail=True, methods=["get", "post"])
    @idempotent
    def comments(self, request, code=None):
        doc = self.get_object()
        if request.method == "POST":
            comment = services.comment_enter(actor=request.user, document=doc,
                                             **self.input(request, CommentEnterInput))
            return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        query = CommentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        call = selectors.comment_call_for(doc)
        qs = call.comments.all() if call else Comment.objects.none()
        if query.validated_data.get("screening"):
            qs = qs.filter(screening=query.validated_data["screening"])
        return paged(self, request, qs, ("id",), CommentSerializer)

    @extend_schema(request=CommentScreenInput, responses={200: CountSerializer, 400: BAD, 409: REFUSED})
    @action(detail=True, methods=["post"], url_path="comments/screen")
    def comments_screen(self, request, code=None):
        data = self.input(request)
        count = services.comments_screen(actor=request.user, document=self.get_object(),
                                         comment_ids=data["comments"], show=data["show"], reason=data["reason"])
        return Response({"updated": count})

    @extend_schema(request=CommentAnswerInput, responses={200: CountSerializer, 400: BAD, 409: REFUSED},
                   description="批量答复意见：给出 outcome 与 answer，或给出答复模板 template")
    @action(detail=True, methods=["post"], url_path="comments/answer")
    def comments_answer(self, request, code=None):
        data = self.input(request)
        count = services.comments_answer(actor=request.user, document=self.get_object(),
                                         comment_ids=data["comments"], outcome=data["outcome"],
                                         answer=data["answer"])
        return Response({"updated": count})

    @extend_schema(request=CommentSummaryInput, responses={200: DocumentDetailSerializer, 400: BAD, 409: REFUSED},
                   description="保存意见采纳情况（随文件公布）")
    @action(detail=True, methods=["post"], url_path="comments/summary")
    def comments_summary(self, request, code=None):
        services.comment_summary_save(actor=request.user, document=self.get_object(),
                                      summary=self.input(request)["summary"])
        return self._detail()
