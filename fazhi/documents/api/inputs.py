"""Input serializers of the documents API: the shape of each payload, with codes resolved inside the
caller's scope. The rules themselves live in the services and workflow guards."""

from rest_framework import serializers

from fazhi.core.api.serializers import BoundedDateField
from fazhi.core.api_base import ScopedCodeField
from fazhi.procedure.api.common import (
    MAX_BODY,
    MAX_TEXT,
    EditSerializer,
    action_field,
    active_agencies,
    choice_field,
    visible_attachments,
)
from fazhi.procedure.api.desks import (  # noqa: F401 — the documents API takes the kernel desks' inputs
    CommentAnswerInput,
    CommentEnterInput,
    CommentQuerySerializer,
    CommentScreenInput,
    CommentSummaryInput,
    DiffQuerySerializer,
)

from ..choices import (
    Category,
    CleanupDecision,
    CongressOutcome,
    FairCompetitionConclusion,
    FilingReviewStatus,
    MeetingOutcome,
    MeetingType,
)
from ..models import UpperLaw
from ..workflow import MACHINE


class DocumentCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    body = serializers.CharField(max_length=MAX_BODY, allow_blank=True, trim_whitespace=False)
    issuing_agency = ScopedCodeField(active_agencies, "code", help_text="制定机关的公开编码（UUID）")
    affects_rights = serializers.BooleanField(help_text="是否涉及公民、法人和其他组织权利义务")
    concerns_market = serializers.BooleanField(help_text="是否涉及市场主体经济活动")
    category = choice_field(Category.choices, "文件类别", "DocumentCategory", required=False)
    drafting_notes = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    legal_basis = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    validity_years = serializers.IntegerField(min_value=1, max_value=100, required=False)
    upper_laws = serializers.SlugRelatedField(slug_field="name", queryset=UpperLaw.objects.all(), many=True,
                                              required=False, help_text="依据的上位法名称")


class DocumentUpdateSerializer(EditSerializer):
    title = serializers.CharField(max_length=300, required=False)
    body = serializers.CharField(max_length=MAX_BODY, allow_blank=True, trim_whitespace=False, required=False)
    issuing_agency = ScopedCodeField(active_agencies, "code", required=False)
    affects_rights = serializers.BooleanField(required=False)
    concerns_market = serializers.BooleanField(required=False)
    category = choice_field(Category.choices, "文件类别", "DocumentCategory", required=False)
    drafting_notes = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    legal_basis = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    validity_years = serializers.IntegerField(min_value=1, max_value=100, required=False)
    upper_laws = serializers.SlugRelatedField(slug_field="name", queryset=UpperLaw.objects.all(), many=True,
                                              required=False)


# ---------------------------------------------------------------- transitions

# The step inputs are named by workflow.MACHINE (``Transition.input``), which the kernel's transition
# endpoint validates and dispatches with (procedure.api.transitions).
ACTIONS = [t.action for t in MACHINE]


class TransitionActionSerializer(serializers.Serializer):
    action = action_field(MACHINE, "DocumentAction")


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


class DeliberateInput(ActionOnlyInput):
    meeting_type = choice_field(MeetingType.choices, "会议类型", "MeetingType")
    meeting_date = BoundedDateField()
    attendees = serializers.CharField(max_length=MAX_TEXT)
    outcome = choice_field(MeetingOutcome.choices, "审议结果", "MeetingOutcome")
    notes = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    meeting_name = serializers.CharField(max_length=100, allow_blank=True, required=False)
    minutes = ScopedCodeField(visible_attachments, "code", required=False, allow_null=True, help_text="会议纪要附件编码")


class PublishInput(ActionOnlyInput):
    publication_date = BoundedDateField()
    effective_date = BoundedDateField()
    early_effect_reason = serializers.CharField(max_length=MAX_TEXT, allow_blank=True, required=False)
    signed_pdf = ScopedCodeField(visible_attachments, "code", help_text="签发正式文本（PDF）附件编码")
    validity_years = serializers.IntegerField(min_value=1, max_value=100, required=False)


class FilingDecisionInput(ActionOnlyInput):
    decision = choice_field(
        [(s.value, s.label) for s in (FilingReviewStatus.APPROVED, FilingReviewStatus.CORRECTION_REQUIRED,
                                      FilingReviewStatus.REVOCATION_PROPOSED)], "审查结果", "FilingDecision")
    opinion = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    correction_days = serializers.IntegerField(min_value=1, max_value=365, required=False)


class RevokeInput(ActionOnlyInput):
    revoke = serializers.BooleanField(help_text="true 撤销，false 不予撤销")
    decision_ref = serializers.CharField(max_length=200, help_text="人民政府的决定：文号或常务会议")
    decided_on = serializers.DateField(help_text="决定日期")
    note = serializers.CharField(max_length=MAX_TEXT, allow_blank=True, required=False)


class RepublishInput(ActionOnlyInput):
    published_on = serializers.DateField(required=False, help_text="重新公布日期，默认今天")


class CongressFileInput(ActionOnlyInput):
    filed_on = serializers.DateField(required=False, help_text="报本级人大常委会备案的日期，默认今天")


class CongressRecordInput(ActionOnlyInput):
    received_on = serializers.DateField(help_text="人大常委会接收日期")
    outcome = serializers.ChoiceField(choices=[c for c in CongressOutcome.choices if c[0]], required=False,
                                      allow_blank=True, help_text="审查结果（尚未答复的留空）")
    outcome_on = serializers.DateField(required=False, allow_null=True, help_text="审查结果日期")
    note = serializers.CharField(max_length=MAX_TEXT, allow_blank=True, required=False,
                                 help_text="审查意见或撤销决定（文号）")


class FilingCorrectInput(ActionOnlyInput):
    note = serializers.CharField(max_length=MAX_TEXT)


class EvaluateInput(ActionOnlyInput):
    conclusion = choice_field(CleanupDecision.choices, "评估结论", "EvaluationConclusion")
    reason = serializers.CharField(max_length=MAX_TEXT)


class CleanupDecisionInput(ActionOnlyInput):
    decision = choice_field(CleanupDecision.choices, "清理意见", "CleanupDecision")
    reason = serializers.CharField(max_length=MAX_TEXT)
    campaign = serializers.CharField(max_length=12, required=False, help_text="清理活动编码（文件同时在多个清理活动中时）")


# ---------------------------------------------------------------- other inputs


class FairCompetitionInput(serializers.Serializer):
    reviewer = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    preliminary_opinion = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="",
                                                help_text="起草单位初审意见（政府出台的文件必填）")
    conclusion = choice_field(FairCompetitionConclusion.choices, "审查结论", "FairCompetitionConclusion")
    reviewed_on = BoundedDateField()
    explanation = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False, default="")
    attachment = ScopedCodeField(visible_attachments, "code", required=False, allow_null=True)


