"""Output serializers of the decisions API (what a decision, its records and its gate look like)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fazhi.core.api.serializers import AgencyRefSerializer
from fazhi.core.templatetags.fazhi_tags import audit_action_label
from fazhi.procedure import reviews
from fazhi.procedure.api.common import (
    ActionRefSerializer,
    AttachmentRefSerializer,
    CommentCallRefSerializer,
    ReviewRefSerializer,
    choice_field,
    state_actions,
)

from .. import selectors
from ..choices import (
    DecisionState,
    Standard,
)
from ..models import Decision, Expert, ExpertAssignment
from ..selectors import execution_status
from ..workflow import MACHINE

# ================================================================ output serializers


class CatalogueRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    year = serializers.IntegerField()
    agency = serializers.CharField(source="agency.name")


class DecisionSerializer(serializers.ModelSerializer):
    """One row of the staff list."""

    state = choice_field(DecisionState.choices, "办理状态", "DecisionState", read_only=True)
    state_label = serializers.CharField(source="get_state_display")
    standard = choice_field(Standard.choices, "目录标准", "DecisionStandard", read_only=True)
    standard_label = serializers.CharField(source="get_standard_display")
    decision_organ = AgencyRefSerializer()
    sponsor = AgencyRefSerializer(source="agency", help_text="牵头承办单位")
    catalogue = CatalogueRefSerializer(allow_null=True)

    class Meta:
        model = Decision
        fields = ["code", "title", "state", "state_label", "decision_organ", "sponsor", "catalogue", "standard",
                  "standard_label", "requires_public_participation", "requires_expert_argumentation",
                  "requires_risk_assessment", "concerns_market", "requires_hearing", "exploratory_reform",
                  "proposed_meeting_date", "started_on", "decided_on", "published_on", "created_at", "updated_at"]


class ExpertRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Expert
        fields = ["code", "name", "field", "title", "organisation"]


class ExpertSerializer(ExpertRefSerializer):
    agency = AgencyRefSerializer(help_text="所属专家库（政府）")
    has_account = serializers.SerializerMethodField(help_text="是否有平台账号（本人提交论证意见）")

    class Meta(ExpertRefSerializer.Meta):
        fields = ExpertRefSerializer.Meta.fields + ["agency", "is_active", "in_pool", "has_account"]

    def get_has_account(self, obj) -> bool:
        return obj.user_id is not None


class ExpertAssignmentSerializer(serializers.ModelSerializer):
    expert = ExpertRefSerializer()
    adoption = serializers.CharField(help_text="adopted 采纳 / partly 部分采纳 / not_adopted 不予采纳；空为尚未记录")
    adoption_label = serializers.CharField(source="get_adoption_display")
    opinion_file = AttachmentRefSerializer(allow_null=True)

    class Meta:
        model = ExpertAssignment
        fields = ["id", "expert", "interest_declaration", "has_direct_interest", "outside_pool_reason", "opinion",
                  "signed", "opinion_file", "submitted_on", "adoption", "adoption_label", "adoption_reason"]


class HearingSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    place = serializers.CharField()
    notice_published_on = serializers.DateField()
    participants = serializers.CharField()
    participants_published_on = serializers.DateField()
    materials_delivered_on = serializers.DateField()
    record_signed = serializers.BooleanField()
    record = AttachmentRefSerializer(allow_null=True)


class RiskAssessmentSerializer(serializers.Serializer):
    assessor = serializers.CharField()
    assessed_on = serializers.DateField()
    risk_points = serializers.CharField()
    level = serializers.CharField()
    level_label = serializers.CharField(source="get_level_display")
    controllable = serializers.BooleanField()
    measures = serializers.CharField()
    contingency_plan = serializers.CharField()
    report = AttachmentRefSerializer(allow_null=True)


class AdviserOpinionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    adviser = serializers.CharField()
    opinion = serializers.CharField()
    given_on = serializers.DateField()


class MemberOpinionSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    member = serializers.CharField()
    position = serializers.CharField()
    stance = serializers.CharField()
    stance_label = serializers.CharField(source="get_stance_display")
    statement = serializers.CharField()
    is_head = serializers.BooleanField()


class DecisionMeetingSerializer(serializers.Serializer):
    meeting_type = serializers.CharField()
    meeting_type_label = serializers.CharField(source="get_meeting_type_display")
    meeting_name = serializers.CharField()
    held_on = serializers.DateField()
    attendees = serializers.CharField()
    outcome = serializers.CharField()
    outcome_label = serializers.CharField(source="get_outcome_display")
    head_name = serializers.CharField()
    head_opinion = serializers.CharField()
    head_against_majority = serializers.BooleanField()
    head_reason = serializers.CharField()
    party_report_on = serializers.DateField(allow_null=True)
    party_report_ref = serializers.CharField()
    minutes = AttachmentRefSerializer(allow_null=True)
    opinions = MemberOpinionSerializer(many=True)


class ExecutionReportSerializer(serializers.Serializer):
    unit = AgencyRefSerializer()
    period_label = serializers.CharField()
    due_date = serializers.DateField(source="deadline.due_date", allow_null=True, default=None)
    submitted_on = serializers.DateField(allow_null=True)
    status = serializers.SerializerMethodField(help_text="on_time 按时报告 / late 逾期报告 / overdue 逾期未报告 / due 待报告")
    status_label = serializers.SerializerMethodField()
    progress = serializers.CharField()
    problems = serializers.CharField()

    def _status(self, obj):
        return execution_status(obj, timezone.localdate())

    def get_status(self, obj) -> str:
        return self._status(obj)[0]

    def get_status_label(self, obj) -> str:
        return self._status(obj)[1]


class PostEvaluationSerializer(serializers.Serializer):
    trigger = serializers.CharField()
    trigger_label = serializers.CharField(source="get_trigger_display")
    evaluator = serializers.CharField()
    started_on = serializers.DateField()
    report = serializers.CharField()
    conclusion = serializers.CharField()
    conclusion_label = serializers.CharField(source="get_conclusion_display")
    done_on = serializers.DateField(allow_null=True)


class AdjustmentSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    on_date = serializers.DateField()
    emergency = serializers.BooleanField(help_text="紧急情况下行政首长先行中止")
    basis = serializers.CharField()
    reason = serializers.CharField()


class NextStepSerializer(serializers.Serializer):
    action = serializers.CharField(allow_blank=True)
    label = serializers.CharField(allow_blank=True)
    blockers = serializers.ListField(child=serializers.CharField(), help_text="办理该步骤尚未满足的条件")


class DecisionDetailSerializer(DecisionSerializer):
    co_sponsors = AgencyRefSerializer(many=True)
    execution_units = AgencyRefSerializer(many=True)
    consultation = serializers.SerializerMethodField()
    latest_review = serializers.SerializerMethodField()
    hearings = HearingSerializer(many=True)
    experts = ExpertAssignmentSerializer(source="expert_assignments", many=True)
    risk_assessments = RiskAssessmentSerializer(many=True)
    adviser_opinions = AdviserOpinionSerializer(many=True)
    meetings = DecisionMeetingSerializer(many=True)
    execution_reports = ExecutionReportSerializer(many=True)
    post_evaluations = PostEvaluationSerializer(many=True)
    adjustments = AdjustmentSerializer(many=True)
    next_step = serializers.SerializerMethodField(help_text="下一步应办理的程序及其受阻原因")
    available_actions = serializers.SerializerMethodField(help_text="当前状态下您可以办理的操作")

    class Meta(DecisionSerializer.Meta):
        fields = DecisionSerializer.Meta.fields + [
            "co_sponsors", "planned_schedule", "exploratory_reason", "legal_risk_statement", "draft", "explanation",
            "version_count", "fair_competition_conclusion", "public_opinion_summary", "expert_adoption_summary",
            "publication_text", "publication_explanation", "execution_units", "report_every_months",
            "archive_sealed_at", "consultation", "latest_review", "hearings", "experts", "risk_assessments",
            "adviser_opinions", "meetings", "execution_reports", "post_evaluations", "adjustments", "next_step",
            "available_actions",
        ]

    @extend_schema_field(CommentCallRefSerializer(allow_null=True))
    def get_consultation(self, obj):
        call = selectors.consultation_of(obj)
        return CommentCallRefSerializer(call).data if call else None

    @extend_schema_field(ReviewRefSerializer(allow_null=True))
    def get_latest_review(self, obj):
        review = reviews.latest_review(obj)
        return ReviewRefSerializer(review).data if review else None

    @extend_schema_field(NextStepSerializer)
    def get_next_step(self, obj):
        name, blockers = selectors.next_step(obj)
        label = MACHINE.transitions[name].label if name in MACHINE else ""
        return {"action": name, "label": label, "blockers": blockers}

    @extend_schema_field(ActionRefSerializer(many=True))
    def get_available_actions(self, obj):
        return state_actions(MACHINE, obj, self.context)


class GateSerializer(serializers.Serializer):
    ready = serializers.BooleanField(help_text="是否可以提交集体讨论")
    state = serializers.CharField()
    state_label = serializers.CharField()
    state_problems = serializers.ListField(child=serializers.CharField(), help_text="当前状态不允许提交的原因")
    unmet = serializers.ListField(child=serializers.CharField(),
                                  help_text="第二十五条、第二十九条规定的材料和程序中尚未满足的各项")


class ProposalRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    source = serializers.CharField()
    source_label = serializers.CharField(source="get_source_display")
    proposer = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    research = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)


class AccountabilityEventSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="审计链事件编号")
    occurred_at = serializers.DateTimeField()
    action = serializers.CharField()
    action_label = serializers.SerializerMethodField()
    actor_name = serializers.CharField()
    actor_role = serializers.CharField()
    agency_name = serializers.CharField()
    after = serializers.JSONField(allow_null=True)

    def get_action_label(self, obj) -> str:
        return audit_action_label(obj["action"])


class DissenterSerializer(serializers.Serializer):
    member = serializers.CharField()
    position = serializers.CharField()
    meeting = serializers.DateField(help_text="会议日期")
    statement = serializers.CharField()


class ReviewRecordSerializer(ReviewRefSerializer):
    submitted_at = serializers.DateTimeField()
    opinion_text = serializers.CharField()
    opinion_by = serializers.CharField(source="opinion_by.display_name", allow_null=True, default=None)
    opinion_at = serializers.DateTimeField(allow_null=True)
    changes_confirmed_at = serializers.DateTimeField(allow_null=True)


class AccountabilitySerializer(serializers.Serializer):
    decision = DecisionSerializer()
    proposal = ProposalRefSerializer(allow_null=True, help_text="决策事项建议（如有）")
    events = AccountabilityEventSerializer(many=True, help_text="审计链中该决策的全部事件，按发生顺序")
    meetings = DecisionMeetingSerializer(many=True)
    dissenters = DissenterSerializer(many=True, help_text="会上明确表示不同意的组成人员（第三十八条减免责任）")
    experts = ExpertAssignmentSerializer(many=True)
    risks = RiskAssessmentSerializer(many=True)
    reviews = ReviewRecordSerializer(many=True)


