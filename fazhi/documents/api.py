"""REST API of the normative-document module, under ``/api/v1/documents/``.

Staff endpoints read through ``selectors.document_list`` (scoped; a document is addressed by its
public ``code``) and write through ``services`` — every step of the procedure is
``POST …/{code}/transition/`` with ``{"action": …, …payload}`` dispatched by ``services.transition``.
The public library is ``GET …/public/`` (anonymous, published documents only).

Input serializers check the shape of a payload and resolve codes inside the caller's scope; the rules
themselves live in the services and workflow guards (400 / 403 / 409 through ``core.api_base``).
"""

from types import SimpleNamespace

from django.db.models import Q
from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
)
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api.base import ScopedViewSet
from fazhi.core.api.serializers import MAX_ID, AgencyRefSerializer, BoundedDateField
from fazhi.core.api_base import KeysetPagination, ScopedCodeField
from fazhi.core.models import Agency, Attachment
from fazhi.core.permissions import P, has_perm
from fazhi.core.scope import restrict
from fazhi.core.selectors import get_scoped
from fazhi.core.templatetags.fazhi_tags import audit_action_label
from fazhi.portal import selectors as public
from fazhi.portal.filtersets import PublicDocumentFilterSet
from fazhi.procedure import diff
from fazhi.procedure import services as procedure
from fazhi.procedure.choices import AnswerOutcome, CheckResult, CommentSource, ReviewOpinion, ScreeningStatus
from fazhi.procedure.models import AnswerTemplate, Comment

from . import precheck_adapter, selectors, services
from .checklist import CHECKLIST_ITEMS
from .choices import (
    Category,
    CleanupDecision,
    FairCompetitionConclusion,
    FilingReviewStatus,
    MeetingOutcome,
    MeetingType,
    Validity,
)
from .filtersets import DocumentFilterSet
from .models import Filing, NormativeDocument, UpperLaw
from .workflow import TRANSITIONS, Perm

CODE_REGEX = r"[2-9A-HJ-NP-Z]{10}"
MAX_BODY = 200_000
MAX_TEXT = 5_000


_CHOICE_FIELDS: dict[str, type[serializers.ChoiceField]] = {}


def _choice(choices, what: str, component: str, message: str = "", **kwargs):
    """A choice field whose 400 lists the valid codes with their Chinese labels.

    Each choice set is its own named schema component, so that fields that share a name but not a
    choice set (``decision``, ``outcome``, ``action``…) do not collide in the OpenAPI document.
    """
    labels = "、".join(f"{value}（{label}）" if label != value else value for value, label in choices)
    message = message or f"“{{input}}”不是有效的{what}，可选：{labels}。"
    if component not in _CHOICE_FIELDS:
        schema = {"type": "string", "enum": [value for value, _ in choices], "description": labels}
        _CHOICE_FIELDS[component] = extend_schema_field(schema, component_name=component)(
            type(f"{component}Field", (serializers.ChoiceField,), {})
        )
    return _CHOICE_FIELDS[component](choices=choices, error_messages={"invalid_choice": message}, **kwargs)


# ================================================================ output serializers


def _validity(obj) -> str:
    value = getattr(obj, "validity", None)
    return value if value else selectors.validity_of(obj)


class DocumentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = NormativeDocument
        fields = ["code", "title", "number"]


class DocumentSerializer(serializers.ModelSerializer):
    """One row of the staff list."""

    category_label = serializers.CharField(source="get_category_display")
    state_label = serializers.CharField(source="get_state_display")
    validity = serializers.SerializerMethodField(help_text="由日期和决定推导的效力状态")
    validity_label = serializers.SerializerMethodField()
    issuing_agency = AgencyRefSerializer()
    agency = AgencyRefSerializer(help_text="起草单位")

    class Meta:
        model = NormativeDocument
        fields = ["code", "title", "category", "category_label", "state", "state_label", "validity",
                  "validity_label", "number", "issuing_agency", "agency", "affects_rights", "concerns_market",
                  "publication_date", "effective_date", "expiry_date", "version_count", "created_at", "updated_at"]

    def get_validity(self, obj) -> str:
        return _validity(obj)

    def get_validity_label(self, obj) -> str:
        return Validity(_validity(obj)).label


class FilingSerializer(serializers.Serializer):
    authority_name = serializers.CharField()
    due_date = serializers.DateField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    filed_on = serializers.DateField(allow_null=True)
    is_late = serializers.BooleanField()
    review_status = serializers.CharField()
    review_status_label = serializers.CharField(source="get_review_status_display")
    review_opinion = serializers.CharField()
    reviewed_on = serializers.DateField(allow_null=True)


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


class AttachmentRefSerializer(serializers.Serializer):
    code = serializers.UUIDField()
    original_name = serializers.CharField()
    mime_type = serializers.CharField()
    size = serializers.IntegerField()


class DocumentDetailSerializer(DocumentSerializer):
    upper_laws = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    filing_authority = AgencyRefSerializer(allow_null=True)
    signed_pdf = AttachmentRefSerializer(allow_null=True)
    amended_by = DocumentRefSerializer(allow_null=True)
    repealed_by = DocumentRefSerializer(allow_null=True)
    filing = serializers.SerializerMethodField()
    comment_call = serializers.SerializerMethodField()
    latest_review = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField(help_text="当前状态下您可以办理的操作")

    class Meta(DocumentSerializer.Meta):
        fields = DocumentSerializer.Meta.fields + [
            "body", "drafting_notes", "legal_basis", "upper_laws", "is_provisional", "validity_years",
            "filing_authority", "early_effect_reason", "signed_pdf", "adoption_summary", "amended_on",
            "amended_by", "repealed_on", "repealed_by", "invalid_from", "filing", "comment_call",
            "latest_review", "available_actions",
        ]

    @extend_schema_field(FilingSerializer(allow_null=True))
    def get_filing(self, obj):
        filing = Filing.objects.filter(document=obj).first()
        return FilingSerializer(filing).data if filing else None

    @extend_schema_field(CommentCallRefSerializer(allow_null=True))
    def get_comment_call(self, obj):
        call = selectors.comment_call_for(obj)
        return CommentCallRefSerializer(call).data if call else None

    @extend_schema_field(ReviewRefSerializer(allow_null=True))
    def get_latest_review(self, obj):
        review = procedure.latest_review(obj)
        return ReviewRefSerializer(review).data if review else None

    @extend_schema_field(ActionRefSerializer(many=True))
    def get_available_actions(self, obj):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return [
            {"action": name, "label": t.label}
            for name, t in TRANSITIONS.items()
            if obj.state in t.sources and user is not None and has_perm(user, t.permission)
        ]


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    note = serializers.CharField()
    created_at = serializers.DateTimeField()
    created_by = serializers.CharField(source="created_by.display_name", allow_null=True, default=None)
    length = serializers.SerializerMethodField(help_text="正文字数")

    def get_length(self, obj) -> int:
        return len(obj.body)


class VersionDetailSerializer(VersionSerializer):
    body = serializers.CharField()


class DiffRowSerializer(serializers.Serializer):
    kind = _choice([(k, k) for k in ("equal", "replace", "delete", "insert")], "差异类型", "DiffRowKind")
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


class FindingSerializer(serializers.Serializer):
    rule = serializers.CharField()
    rule_label = serializers.CharField()
    legal_source = serializers.CharField()
    sentence = serializers.CharField(allow_blank=True)
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    match_start = serializers.IntegerField()
    match_end = serializers.IntegerField()
    explanation = serializers.CharField()
    status = serializers.CharField()


class PrecheckSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    findings = FindingSerializer(many=True)


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


class CountSerializer(serializers.Serializer):
    updated = serializers.IntegerField()


class FairCompetitionSerializer(serializers.Serializer):
    reviewer = serializers.CharField()
    conclusion = serializers.CharField()
    conclusion_label = serializers.CharField(source="get_conclusion_display")
    explanation = serializers.CharField()
    reviewed_on = serializers.DateField()
    attachment = AttachmentRefSerializer(allow_null=True)


class PublicDocumentSerializer(serializers.ModelSerializer):
    issuing_agency = AgencyRefSerializer()
    category_label = serializers.CharField(source="get_category_display")
    validity = serializers.SerializerMethodField()
    validity_label = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="门户网站上的文件页面")

    class Meta:
        model = NormativeDocument
        fields = ["code", "title", "number", "issuing_agency", "category", "category_label", "publication_date",
                  "effective_date", "expiry_date", "validity", "validity_label", "url"]

    def get_validity(self, obj) -> str:
        return _validity(obj)

    def get_validity_label(self, obj) -> str:
        return Validity(_validity(obj)).label

    def get_url(self, obj) -> str:
        return reverse("portal:document_detail", kwargs={"code": obj.code})


class HistoryEntrySerializer(serializers.Serializer):
    on = serializers.DateField()
    text = serializers.CharField()
    link_code = serializers.CharField(allow_blank=True)
    upcoming = serializers.BooleanField()


class PublicDocumentDetailSerializer(PublicDocumentSerializer):
    signed_pdf_url = serializers.SerializerMethodField()
    amended_by = serializers.SerializerMethodField()
    repealed_by = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    class Meta(PublicDocumentSerializer.Meta):
        fields = PublicDocumentSerializer.Meta.fields + [
            "body", "adoption_summary", "signed_pdf_url", "amended_on", "amended_by", "repealed_on",
            "repealed_by", "invalid_from", "history",
        ]

    def get_signed_pdf_url(self, obj) -> str | None:
        if not obj.signed_pdf_id:
            return None
        return reverse("portal:attachment_download", kwargs={"code": obj.signed_pdf.code})

    def _related(self, obj) -> dict:
        cache = self.context.setdefault("_related", {})
        if obj.pk not in cache:
            cache[obj.pk] = public.related(obj)
        return cache[obj.pk]

    @extend_schema_field(DocumentRefSerializer(allow_null=True))
    def get_amended_by(self, obj):
        doc = self._related(obj)["amended_by"]
        return DocumentRefSerializer(doc).data if doc else None

    @extend_schema_field(DocumentRefSerializer(allow_null=True))
    def get_repealed_by(self, obj):
        doc = self._related(obj)["repealed_by"]
        return DocumentRefSerializer(doc).data if doc else None

    @extend_schema_field(HistoryEntrySerializer(many=True))
    def get_history(self, obj):
        return HistoryEntrySerializer(public.history(obj), many=True).data


# ================================================================ input serializers


def _attachments(*, user):
    return restrict(Attachment.objects.all(), user, P.VIEW_ATTACHMENT)


def _active_agencies(*, user):
    # Any active agency may be named; document_create decides whether this one may issue for the user.
    return Agency.objects.filter(is_active=True)


class DocumentCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    body = serializers.CharField(max_length=MAX_BODY, allow_blank=True, trim_whitespace=False)
    issuing_agency = ScopedCodeField(_active_agencies, "code", help_text="制定机关的公开编码（UUID）")
    affects_rights = serializers.BooleanField(help_text="是否涉及公民、法人和其他组织权利义务")
    concerns_market = serializers.BooleanField(help_text="是否涉及市场主体经济活动")
    category = _choice(Category.choices, "文件类别", "DocumentCategory", required=False)
    drafting_notes = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    legal_basis = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    validity_years = serializers.IntegerField(min_value=1, max_value=100, required=False)
    upper_laws = serializers.SlugRelatedField(slug_field="name", queryset=UpperLaw.objects.all(), many=True,
                                              required=False, help_text="依据的上位法名称")


class DocumentUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False)
    body = serializers.CharField(max_length=MAX_BODY, allow_blank=True, trim_whitespace=False, required=False)
    issuing_agency = ScopedCodeField(_active_agencies, "code", required=False)
    affects_rights = serializers.BooleanField(required=False)
    concerns_market = serializers.BooleanField(required=False)
    category = _choice(Category.choices, "文件类别", "DocumentCategory", required=False)
    drafting_notes = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    legal_basis = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    validity_years = serializers.IntegerField(min_value=1, max_value=100, required=False)
    upper_laws = serializers.SlugRelatedField(slug_field="name", queryset=UpperLaw.objects.all(), many=True,
                                              required=False)
    note = serializers.CharField(max_length=300, allow_blank=True, required=False, help_text="修改说明（记入新版本）")

    def validate(self, attrs):
        if not set(attrs) - {"note"}:
            raise serializers.ValidationError({"non_field_errors": ["请至少提交一个要修改的字段。"]})
        return attrs


# ---------------------------------------------------------------- transitions

ACTIONS = [
    "open_comment", "close_comment", "submit_review", "return_for_supplement", "give_opinion", "confirm_changes",
    "deliberate", "publish", "file", "filing_decision", "filing_correct", "evaluate", "cleanup_decision", "abandon",
]


class TransitionActionSerializer(serializers.Serializer):
    action = _choice([(a, a) for a in ACTIONS], "操作", "DocumentAction",
                     message=f"未知的操作“{{input}}”，可选：{'、'.join(ACTIONS)}。")


class ActionOnlyInput(TransitionActionSerializer):
    """An action without payload, and the base of every per-action payload (``action`` discriminates)."""


class OpenCommentInput(ActionOnlyInput):
    start = BoundedDateField(help_text="征求意见开始日期 YYYY-MM-DD")
    end = BoundedDateField(help_text="征求意见截止日期 YYYY-MM-DD")
    shortened_reason = serializers.CharField(max_length=MAX_TEXT, allow_blank=True, required=False,
                                             help_text="短于法定期间时的理由（随公告公布）")
    notice = serializers.CharField(max_length=MAX_TEXT, allow_blank=True, required=False)


class ReasonInput(ActionOnlyInput):
    reason = serializers.CharField(max_length=MAX_TEXT)


class ChecklistItemInput(serializers.Serializer):
    result = _choice(CheckResult.choices, "审核结果", "ChecklistResult")
    note = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


CHECKLIST_KEYS = dict(CHECKLIST_ITEMS)


class GiveOpinionInput(ActionOnlyInput):
    opinion = _choice(ReviewOpinion.choices, "审核意见", "ReviewOpinion")
    checklist = serializers.DictField(child=ChecklistItemInput(), help_text="审核要点：{要点代码: {result, note}}")
    opinion_text = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    required_changes = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)

    def validate_checklist(self, value):
        unknown = sorted(set(value) - set(CHECKLIST_KEYS))
        if unknown:
            raise serializers.ValidationError(
                f"未知的审核要点：{'、'.join(unknown)}。可用的要点：{'、'.join(CHECKLIST_KEYS)}。")
        return value


class DeliberateInput(ActionOnlyInput):
    meeting_type = _choice(MeetingType.choices, "会议类型", "MeetingType")
    meeting_date = BoundedDateField()
    attendees = serializers.CharField(max_length=MAX_TEXT)
    outcome = _choice(MeetingOutcome.choices, "审议结果", "MeetingOutcome")
    notes = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    meeting_name = serializers.CharField(max_length=100, allow_blank=True, required=False)
    minutes = ScopedCodeField(_attachments, "code", required=False, allow_null=True, help_text="会议纪要附件编码")


class PublishInput(ActionOnlyInput):
    publication_date = BoundedDateField()
    effective_date = BoundedDateField()
    early_effect_reason = serializers.CharField(max_length=MAX_TEXT, allow_blank=True, required=False)
    signed_pdf = ScopedCodeField(_attachments, "code", help_text="签发正式文本（PDF）附件编码")
    validity_years = serializers.IntegerField(min_value=1, max_value=100, required=False)


class FilingDecisionInput(ActionOnlyInput):
    decision = _choice(
        [(s.value, s.label) for s in (FilingReviewStatus.APPROVED, FilingReviewStatus.CORRECTION_REQUIRED,
                                      FilingReviewStatus.REVOKED)], "审查结果", "FilingDecision")
    opinion = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    correction_days = serializers.IntegerField(min_value=1, max_value=365, required=False)


class FilingCorrectInput(ActionOnlyInput):
    note = serializers.CharField(max_length=MAX_TEXT)


class EvaluateInput(ActionOnlyInput):
    conclusion = _choice(CleanupDecision.choices, "评估结论", "EvaluationConclusion")
    reason = serializers.CharField(max_length=MAX_TEXT)


class CleanupDecisionInput(ActionOnlyInput):
    decision = _choice(CleanupDecision.choices, "清理意见", "CleanupDecision")
    reason = serializers.CharField(max_length=MAX_TEXT)
    campaign = serializers.CharField(max_length=12, required=False, help_text="清理活动编码（文件同时在多个清理活动中时）")


ACTION_INPUTS: dict[str, type[serializers.Serializer]] = {
    "open_comment": OpenCommentInput,
    "close_comment": ActionOnlyInput,
    "submit_review": ActionOnlyInput,
    "return_for_supplement": ReasonInput,
    "give_opinion": GiveOpinionInput,
    "confirm_changes": ActionOnlyInput,
    "deliberate": DeliberateInput,
    "publish": PublishInput,
    "file": ActionOnlyInput,
    "filing_decision": FilingDecisionInput,
    "filing_correct": FilingCorrectInput,
    "evaluate": EvaluateInput,
    "cleanup_decision": CleanupDecisionInput,
    "abandon": ReasonInput,
}

TRANSITION_REQUEST = PolymorphicProxySerializer(
    component_name="DocumentTransition",
    serializers={name: cls for name, cls in ACTION_INPUTS.items()},
    resource_type_field_name="action",
)


# ---------------------------------------------------------------- other inputs


class DiffQuerySerializer(serializers.Serializer):
    a = serializers.IntegerField(min_value=1, max_value=1_000_000, help_text="旧版本号")
    b = serializers.IntegerField(min_value=1, max_value=1_000_000, help_text="新版本号")


class CommentQuerySerializer(serializers.Serializer):
    screening = _choice(ScreeningStatus.choices, "公开审核状态", "ScreeningStatus", required=False)


class CommentEnterInput(serializers.Serializer):
    source = _choice([c for c in CommentSource.choices if c[0] != CommentSource.PORTAL], "意见来源", "StaffCommentSource")
    content = serializers.CharField(max_length=MAX_TEXT)
    name = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")
    organisation = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")
    is_opposing = serializers.BooleanField(required=False, default=False)


def _comment_ids():
    return serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=1,
                                 max_length=1000, help_text="意见编号")


class CommentScreenInput(serializers.Serializer):
    comments = _comment_ids()
    show = serializers.BooleanField(help_text="true 公开，false 不予公开")


class CommentAnswerInput(serializers.Serializer):
    comments = _comment_ids()
    outcome = _choice(AnswerOutcome.choices, "采纳情况", "AnswerOutcome", required=False)
    answer = serializers.CharField(max_length=MAX_TEXT, required=False)
    template = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                        help_text="答复模板编号：给出时采用模板的采纳情况和答复理由")

    def validate(self, attrs):
        template_id = attrs.pop("template", None)
        if template_id is not None:
            user = self.context["request"].user
            template = AnswerTemplate.objects.filter(
                Q(agency__isnull=True) | Q(agency_id=user.agency_id), pk=template_id
            ).first()
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


class FairCompetitionInput(serializers.Serializer):
    reviewer = serializers.CharField(max_length=100)
    conclusion = _choice(FairCompetitionConclusion.choices, "审查结论", "FairCompetitionConclusion")
    reviewed_on = BoundedDateField()
    explanation = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False, default="")
    attachment = ScopedCodeField(_attachments, "code", required=False, allow_null=True)


# ================================================================ viewsets


def _paged(view, request, queryset, ordering: tuple[str, ...], serializer_class):
    """Keyset pages for a nested list (the view's own ``ordering`` belongs to its main list)."""
    paginator = KeysetPagination()
    page = paginator.paginate_queryset(queryset, request, view=SimpleNamespace(ordering=ordering))
    data = serializer_class(page, many=True, context=view.get_serializer_context()).data
    return paginator.get_paginated_response(data)


REFUSED = OpenApiResponse(description="不满足办理条件：reasons 列出未满足的条件")
BAD = OpenApiResponse(description="输入有误：字段错误")


class DocumentViewSet(ScopedViewSet):
    """行政规范性文件 inside the caller's scope, addressed by their public code."""

    selector = staticmethod(selectors.document_list)
    required_perm = Perm.VIEW
    filterset_class = DocumentFilterSet
    serializer_class = DocumentSerializer
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
        return Response(PrecheckSerializer({"count": len(findings), "findings": findings}).data)

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
        return Response(VersionSerializer(qs, many=True).data)

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
        return _paged(self, request, selectors.timeline(self.get_object()), ("id",), TimelineEventSerializer)

    # ------------------------------------------------------------ comments (staff)

    @extend_schema(methods=["GET"], parameters=[CommentQuerySerializer], responses=CommentSerializer(many=True),
                   filters=False)
    @extend_schema(methods=["POST"], request=CommentEnterInput,
                   responses={201: CommentSerializer, 400: BAD, 409: REFUSED}, filters=False,
                   description="录入书面、座谈会等渠道收到的意见")
    @action(detail=True, methods=["get", "post"])
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
        return _paged(self, request, qs, ("id",), CommentSerializer)

    @extend_schema(request=CommentScreenInput, responses={200: CountSerializer, 400: BAD, 409: REFUSED})
    @action(detail=True, methods=["post"], url_path="comments/screen")
    def comments_screen(self, request, code=None):
        data = self.input(request)
        count = services.comments_screen(actor=request.user, document=self.get_object(),
                                         comment_ids=data["comments"], show=data["show"])
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


class PublicDocumentViewSet(viewsets.GenericViewSet):
    """The public library: published documents only, no login, never a draft."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    filter_backends = [DjangoFilterBackend]
    serializer_class = PublicDocumentSerializer
    filterset_class = PublicDocumentFilterSet
    pagination_class = KeysetPagination
    ordering = ("-publication_date", "-id")
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX

    def get_queryset(self):
        return public.documents()

    @extend_schema(auth=[], description="检索已公布的规范性文件：q 关键词（标题与正文全文检索）、issuer 制定机关编码、"
                                        "year 公布年度、status 效力状态")
    def list(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(auth=[], responses=PublicDocumentDetailSerializer, filters=False)
    def retrieve(self, request, code=None):
        doc = public.document(code)
        return Response(PublicDocumentDetailSerializer(doc, context=self.get_serializer_context()).data)
