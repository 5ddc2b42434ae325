"""The review desk in the API: ``/api/v1/procedure/reviews/`` — the caller's desk across modules,
each review with its transition endpoints (claim, assign, return, opinion, confirm) and its opinion."""

from django.contrib.contenttypes.models import ContentType
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api.base import ScopedViewSet
from fazhi.core.api.serializers import MAX_ID

from .. import reviews
from ..choices import CheckResult, ReviewOpinion
from ..filtersets import ReviewDeskFilterSet
from ..models import LegalityReview
from .common import MAX_TEXT, choice_field
from .transitions import StepInput, TransitionAPIMixin, transition_endpoints


class ReviewSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField(help_text="送审事项类别（模型标签）")
    kind_label = serializers.SerializerMethodField()
    target_url = serializers.SerializerMethodField(help_text="送审事项页面")
    submitting_agency = serializers.CharField(source="submitting_agency.name")
    agency = serializers.CharField(source="agency.name", help_text="审核机构")
    status_label = serializers.CharField(source="get_status_display")
    stage_label = serializers.CharField(source="get_stage_display")
    due_date = serializers.DateField(source="deadline.due_date", allow_null=True, default=None)
    assigned_to = serializers.CharField(source="assigned_to.username", allow_null=True, default=None)
    version = serializers.IntegerField(source="version.number", allow_null=True, default=None)

    class Meta:
        model = LegalityReview
        fields = ["code", "kind", "kind_label", "subject_title", "target_url", "stage", "stage_label", "round",
                  "status", "status_label", "submitting_agency", "agency", "submitted_at", "due_date",
                  "assigned_to", "version", "version_hash", "opinion", "opinion_text", "required_changes",
                  "checklist", "opinion_at", "confirmed_hash", "changes_confirmed_at"]

    def _type(self, obj):
        try:
            return reviews.type_for(ContentType.objects.get_for_id(obj.content_type_id))
        except LookupError:
            return None

    def get_kind(self, obj) -> str:
        t = self._type(obj)
        return t.model.lower() if t else ""

    def get_kind_label(self, obj) -> str:
        t = self._type(obj)
        return t.name if t else ""

    def get_target_url(self, obj) -> str:
        t = self._type(obj)
        return t.url(reviews.target_of(obj)) if t else ""


class ReviewChecklistItemInput(serializers.Serializer):
    result = choice_field(CheckResult.choices, "审核结论", "ReviewCheckResult")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class OpinionInput(StepInput):
    opinion = choice_field(ReviewOpinion.choices, "审核意见", "LegalityOpinion")
    checklist = serializers.DictField(child=ReviewChecklistItemInput(), required=False, default=dict,
                                      help_text="审核要点：要点代码 → {result, note}")
    opinion_text = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    required_changes = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class ReturnInput(StepInput):
    reason = serializers.CharField(max_length=MAX_TEXT)


class AssignInput(StepInput):
    assignee = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="承办人（本审核机构审核人员）编号")

    def validate_assignee(self, value):
        from fazhi.core.models import User

        user = User.objects.filter(pk=value).first()
        if user is None:
            raise serializers.ValidationError("承办人不存在。")
        return user


@transition_endpoints(reviews.REVIEW_MACHINE, ReviewSerializer, component="ReviewTransition")
class ReviewViewSet(TransitionAPIMixin, ScopedViewSet):
    """The caller's review desk (the reviewing body's, shared by its reviewers), across modules."""

    machine = reviews.REVIEW_MACHINE
    required_perm = reviews.Perm.REVIEW
    serializer_class = ReviewSerializer
    filterset_class = ReviewDeskFilterSet
    ordering = ("-id",)
    lookup_field = "code"

    def get_queryset(self):
        user = self.request.user
        if not getattr(user, "is_authenticated", False):
            return LegalityReview.objects.none()
        include_done = self.action != "list" or self.request.query_params.get("status") == "done"
        return reviews.desk(user=user, include_done=include_done).select_related("version", "agency")

    @extend_schema(responses={200: None}, description="审核意见书（.docx，GB/T 9704 版式）。")
    @action(detail=True, methods=["get"], url_path="opinion-docx")
    def opinion_docx(self, request, code=None):
        from django.http import FileResponse

        review = self.get_object()
        if review.status != "done":
            return Response({"detail": "尚未出具审核意见。"}, status=409)
        content = reviews.opinion_docx(review)
        return FileResponse(content, as_attachment=True, filename=content.name)
