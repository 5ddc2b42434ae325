"""Output serializers of the documents API (what a response holds), and the shared choice field."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fazhi.core.api.serializers import AgencyRefSerializer
from fazhi.procedure import reviews
from fazhi.procedure.api.common import (  # noqa: F401 — shared with every module's API
    ActionRefSerializer,
    AttachmentRefSerializer,
    CommentCallRefSerializer,
    CountSerializer,
    ReviewRefSerializer,
    choice_field,
    state_actions,
)
from fazhi.procedure.api.desks import (  # noqa: F401 — the kernel desks' output
    CommentSerializer,
    DiffRowSerializer,
    DiffSerializer,
    DiffStatsSerializer,
    TimelineEventSerializer,
    VersionDetailSerializer,
    VersionSerializer,
)

from .. import selectors
from ..choices import Validity
from ..models import Filing, NormativeDocument
from ..workflow import MACHINE


def validity_of(obj) -> str:
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
        return validity_of(obj)

    def get_validity_label(self, obj) -> str:
        return Validity(validity_of(obj)).label


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
        review = reviews.latest_review(obj)
        return ReviewRefSerializer(review).data if review else None

    @extend_schema_field(ActionRefSerializer(many=True))
    def get_available_actions(self, obj):
        return state_actions(MACHINE, obj, self.context)


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
    count = serializers.IntegerField(help_text="全部提示数（条款提示与全文提示之和）")
    findings = FindingSerializer(many=True, help_text="针对具体条款的提示（sentence 为该条款）")
    document_findings = FindingSerializer(many=True, help_text="针对全文的提示（如未规定施行日期），不对应具体条款")


class FairCompetitionSerializer(serializers.Serializer):
    reviewer = serializers.CharField()
    conclusion = serializers.CharField()
    conclusion_label = serializers.CharField(source="get_conclusion_display")
    explanation = serializers.CharField()
    reviewed_on = serializers.DateField()
    attachment = AttachmentRefSerializer(allow_null=True)



