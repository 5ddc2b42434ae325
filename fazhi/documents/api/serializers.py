"""Output serializers of the documents API (what a response holds), and the shared choice field."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fazhi.core.api.serializers import AgencyRefSerializer
from fazhi.core.permissions import has_perm
from fazhi.core.templatetags.fazhi_tags import audit_action_label
from fazhi.portal import selectors as public
from fazhi.procedure import services as procedure
from fazhi.procedure.models import Comment

from .. import selectors
from ..choices import Validity
from ..models import Filing, NormativeDocument
from ..workflow import TRANSITIONS

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
    kind = choice_field([(k, k) for k in ("equal", "replace", "delete", "insert")], "差异类型", "DiffRowKind")
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


