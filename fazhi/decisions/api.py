"""REST API of the major-decision module, under ``/api/v1/decisions/``.

The pattern is the normative-documents API's (fazhi/documents/api/), and its shared pieces are
imported from there rather than copied: a decision is addressed by its public ``code``, read through
``selectors.decision_list`` (scoped; 404 for missing and forbidden alike) and written through
``services`` — every step of 重大行政决策程序暂行条例 is ``POST …/{code}/transition/`` with
``{"action": …, …payload}``, dispatched by the kernel machine (``workflow.MACHINE``). ``GET …/{code}/gate/`` lists what
still blocks the collective discussion (第二十五条、第二十九条); ``submit_to_meeting`` itself answers
409 with the same items. ``GET …/{code}/accountability/`` answers who proposed, reviewed, argued,
assessed, voted how and decided, when (第三十八条).

Input serializers check the shape of a payload and resolve agency, catalogue, expert and attachment
codes inside the caller's scope; the rules live in the services and workflow guards
(400 / 403 / 409 through ``core.api_base``).
"""

from django.db.models import Q
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api.base import ScopedViewSet
from fazhi.core.api.serializers import MAX_ID, AgencyRefSerializer, BoundedDateField
from fazhi.core.api_base import PasswordChanged, ScopedCodeField
from fazhi.core.codes import CODE_REGEX
from fazhi.core.idempotency import idempotent
from fazhi.core.models import Agency
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict
from fazhi.core.templatetags.fazhi_tags import audit_action_label
from fazhi.procedure import services as procedure
from fazhi.procedure.api.common import (
    BAD,
    MAX_BODY,
    MAX_TEXT,
    REFUSED,
    ActionRefSerializer,
    AttachmentRefSerializer,
    CommentCallRefSerializer,
    CountSerializer,
    ReviewRefSerializer,
    active_agencies,
    choice_field,
    paged,
    visible_attachments,
)
from fazhi.procedure.api.desks import (
    CommentAnswerInput,
    CommentEnterInput,
    CommentQuerySerializer,
    CommentScreenInput,
    CommentSerializer,
    VersionSerializer,
)
from fazhi.procedure.api.transitions import TransitionAPIMixin, transition_endpoints
from fazhi.procedure.choices import ReviewOpinion
from fazhi.procedure.models import Comment

from . import selectors, services, workflow
from .choices import (
    AdjustmentKind,
    Adoption,
    AdviserKind,
    DecisionState,
    EvaluationConclusion,
    EvaluationTrigger,
    MeetingOutcome,
    MeetingType,
    MemberStance,
    ParticipationForm,
    RerunStep,
    RiskLevel,
    Standard,
)
from .facts import gate_check
from .filtersets import DecisionFilterSet, ExpertFilterSet
from .models import Decision, Expert, ExpertAssignment
from .selectors import execution_status
from .workflow import MACHINE, Perm

# ================================================================ scoped look-ups for input codes


def iso_date_text(value: str) -> None:
    """计划完成时间 is a real date written YYYY-MM-DD (2026-02-30 is refused)."""
    import datetime as _dt

    if value:
        try:
            _dt.date.fromisoformat(value)
        except ValueError:
            raise serializers.ValidationError("请输入有效的日期（YYYY-MM-DD）。") from None
        if len(value) != 10:
            raise serializers.ValidationError("请输入有效的日期（YYYY-MM-DD）。")


def _agencies(*, user):
    """Sponsors, co-sponsors and execution units: active agencies the user manages decisions for."""
    return restrict(Agency.objects.filter(is_active=True), user, Perm.MANAGE)


def _catalogues(*, user):
    return selectors.catalogue_list(user=user)


def _region_prefixes(path: str) -> list[str]:
    parts = [p for p in (path or "").split("/") if p]
    return ["".join(f"{p}/" for p in parts[:i]) for i in range(1, len(parts) + 1)]


def selectable_experts(*, user):
    """Experts the user may choose: the pools in scope, those of the higher governments (第二十一条: 本级或者
    上级人民政府的专家库) and the other pools of the user's prefecture. Whether this decision may use that
    expert, and whether a reason is needed, is the service's."""
    if not getattr(user, "is_authenticated", False):
        return Expert.objects.none()
    in_scope = selectors.expert_pool(user=user).values("pk")
    higher = _region_prefixes(getattr(user, "region_path", "") or "")
    top = higher[0] if higher else None
    nearby = Q(region_path__startswith=top) if top else Q(pk__in=[])
    return Expert.objects.filter(Q(pk__in=in_scope) | Q(region_path__in=higher) | nearby, is_active=True)


def _assigned_to(user):
    """Decisions on which ``user`` is a selected expert (an expert reads the draft he argues on)."""
    return ExpertAssignment.objects.filter(expert__user=user).values("decision_id")


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
        review = procedure.latest_review(obj)
        return ReviewRefSerializer(review).data if review else None

    @extend_schema_field(NextStepSerializer)
    def get_next_step(self, obj):
        name, blockers = selectors.next_step(obj)
        label = MACHINE.transitions[name].label if name in MACHINE else ""
        return {"action": name, "label": label, "blockers": blockers}

    @extend_schema_field(ActionRefSerializer(many=True))
    def get_available_actions(self, obj):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return [
            {"action": name, "label": t.label}
            for name, t in MACHINE.transitions.items()
            if obj.state in t.sources and user is not None and has_perm(user, t.permission)
        ]


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


# ================================================================ input serializers


class DecisionCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    decision_organ = ScopedCodeField(active_agencies, "code", help_text="决策机关（人民政府）的公开编码（UUID）")
    sponsor = ScopedCodeField(_agencies, "code", help_text="牵头承办单位的公开编码（UUID）")
    requires_public_participation = serializers.BooleanField(help_text="是否需要公众参与（第十四条）")
    participation_exemption = serializers.CharField(max_length=300, allow_blank=True, required=False, default="",
                                                    help_text="不采取公众参与的，依法不予公开的依据")
    requires_expert_argumentation = serializers.BooleanField(help_text="是否需要专家论证（第十九条）")
    requires_risk_assessment = serializers.BooleanField(help_text="是否需要风险评估（第二十二条）")
    concerns_market = serializers.BooleanField(help_text="是否涉及市场主体经济活动（公平竞争审查）")
    catalogue = ScopedCodeField(_catalogues, "code", required=False, allow_null=True, help_text="所属决策事项目录编码")
    standard = choice_field(Standard.choices, "目录标准", "DecisionStandard", required=False)
    planned_schedule = serializers.CharField(max_length=10, allow_blank=True, required=False,
                                             validators=[iso_date_text], help_text="计划完成时间 YYYY-MM-DD")
    co_sponsors = serializers.ListField(child=ScopedCodeField(_agencies, "code"), required=False, max_length=20,
                                        help_text="协办单位编码")
    requires_hearing = serializers.BooleanField(required=False, help_text="是否需要举行听证（第十六条）")


class DecisionUpdateSerializer(serializers.Serializer):
    draft = serializers.CharField(max_length=MAX_BODY, allow_blank=True, trim_whitespace=False, required=False)
    explanation = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    fair_competition_conclusion = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    public_opinion_summary = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    expert_adoption_summary = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    planned_schedule = serializers.CharField(max_length=10, allow_blank=True, required=False,
                                             validators=[iso_date_text], help_text="计划完成时间 YYYY-MM-DD")
    legal_risk_statement = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False,
                                                 help_text="探索性改革事项的法律风险说明（第二十五条第二款）")
    note = serializers.CharField(max_length=300, allow_blank=True, required=False, help_text="修改说明（记入新版本）")

    def validate(self, attrs):
        if not set(attrs) - {"note"}:
            raise serializers.ValidationError({"non_field_errors": ["请至少提交一个要修改的字段。"]})
        return attrs


# ---------------------------------------------------------------- transitions

# The step inputs are named by workflow.MACHINE (``Transition.input``), which the kernel's transition
# endpoint validates and dispatches with (procedure.api.transitions).
ACTIONS = [t.action for t in MACHINE]


class DecisionActionSerializer(serializers.Serializer):
    action = choice_field([(t.action, t.label) for t in MACHINE], "操作", "DecisionAction",
                          message=f"未知的操作“{{input}}”，可选：{'、'.join(ACTIONS)}。")


class DecisionActionOnlyInput(DecisionActionSerializer):
    """An action without payload, and the base of every per-action payload (``action`` discriminates)."""


def _text(**kwargs):
    return serializers.CharField(max_length=MAX_TEXT, **kwargs)


def _optional_text(max_length=MAX_TEXT):
    return serializers.CharField(max_length=max_length, allow_blank=True, required=False, default="")


def _attachment(help_text: str):
    return ScopedCodeField(visible_attachments, "code", required=False, allow_null=True, help_text=help_text)


class StartInput(DecisionActionSerializer):
    sponsor = ScopedCodeField(_agencies, "code", required=False, allow_null=True,
                              help_text="确定的牵头承办单位编码（不填则保持登记时的单位）")
    exploratory_reform = serializers.BooleanField(required=False, default=False,
                                                  help_text="探索性改革事项（第二十五条第二款），只能在启动时标记")
    exploratory_reason = _optional_text()


class OpenConsultationInput(DecisionActionSerializer):
    start = BoundedDateField(help_text="征求意见开始日期 YYYY-MM-DD")
    end = BoundedDateField(help_text="征求意见截止日期 YYYY-MM-DD（一般不少于30日，第十五条）")
    shortened_reason = _optional_text()
    notice = _optional_text()


class RecordParticipationInput(DecisionActionSerializer):
    form = choice_field(ParticipationForm.choices, "参与方式", "ParticipationForm")
    held_on = BoundedDateField()
    venue = serializers.CharField(max_length=200, help_text="地点或渠道")
    participants = _text(help_text="参加对象")
    participant_count = serializers.IntegerField(min_value=1, max_value=10_000_000)
    summary = _text(help_text="听取的主要意见")
    record = _attachment("记录或报告附件编码")


class RecordHearingInput(DecisionActionSerializer):
    held_on = BoundedDateField()
    place = serializers.CharField(max_length=200)
    notice_published_on = BoundedDateField(help_text="听证公告日期")
    selection_method = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT,
                                             help_text="听证参加人遴选办法（需要遴选的，第十六条第三款）")
    selection_published_on = BoundedDateField(required=False, allow_null=True, help_text="遴选办法公布日期")
    participants = _text(help_text="听证参加人名单")
    participants_published_on = BoundedDateField()
    materials_delivered_on = BoundedDateField(help_text="材料送达日期（听证会7日前，第十六条）")
    record = _attachment("听证会记录附件编码")
    record_signed = serializers.BooleanField(help_text="参加人已确认记录并签字（第十七条）")


class AddExpertOpinionInput(DecisionActionSerializer):
    assignment = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="专家论证编号（选定专家时返回的 id）")
    opinion = serializers.CharField(max_length=MAX_BODY)
    signed = serializers.BooleanField(help_text="书面意见已署名（第十九条第二款）")
    opinion_file = _attachment("书面论证意见附件编码")


class AddRiskAssessmentInput(DecisionActionSerializer):
    assessor = serializers.CharField(max_length=100)
    assessed_on = BoundedDateField()
    risk_points = _text()
    level = choice_field(RiskLevel.choices, "风险等级", "RiskLevel")
    controllable = serializers.BooleanField(help_text="风险是否可控（第二十四条）")
    measures = _text()
    contingency_plan = _text()
    report = _attachment("风险评估报告附件编码")


class AddAdviserOpinionInput(DecisionActionSerializer):
    kind = choice_field(AdviserKind.choices, "类别", "AdviserKind")
    adviser = serializers.CharField(max_length=60)
    opinion = _text()
    given_on = BoundedDateField()
    attachment = _attachment("法律意见书附件编码")


class SubmitLegalityReviewInput(DecisionActionSerializer):
    proposed_meeting_date = BoundedDateField(help_text="拟提交会议日期（须留足不少于7个工作日的审查时间，第二十六条）")


class DecisionReasonInput(DecisionActionSerializer):
    reason = _text()


class GiveLegalityOpinionInput(DecisionActionSerializer):
    opinion = choice_field(ReviewOpinion.choices, "审查意见", "ReviewOpinion")
    opinion_text = serializers.CharField(max_length=MAX_BODY, help_text="对决策权限、程序和内容的审查意见（第二十七条）")
    required_changes = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False, default="")


class MemberOpinionInput(serializers.Serializer):
    member = serializers.CharField(max_length=40)
    position = serializers.CharField(max_length=60, allow_blank=True, required=False, default="")
    stance = choice_field(MemberStance.choices, "意见", "MemberStance")
    statement = serializers.CharField(max_length=MAX_TEXT, allow_blank=True, required=False, default="")
    is_head = serializers.BooleanField(required=False, default=False, help_text="行政首长（最后发言）")


class RecordMeetingInput(DecisionActionSerializer):
    meeting_type = choice_field(MeetingType.choices, "会议类型", "DecisionMeetingType")
    meeting_name = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")
    held_on = BoundedDateField()
    attendees = _text()
    outcome = choice_field(MeetingOutcome.choices, "讨论结果", "DecisionMeetingOutcome")
    head_name = serializers.CharField(max_length=40)
    head_reason = _optional_text()
    opinions = MemberOpinionInput(many=True, allow_empty=False, help_text="按发言顺序逐人记录，行政首长最后")
    party_report_on = BoundedDateField(required=False, allow_null=True, help_text="向同级党委请示报告日期（第三十一条）")
    party_report_ref = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")
    minutes = _attachment("会议纪要附件编码")

    def validate_opinions(self, value):
        if len(value) > 60:
            raise serializers.ValidationError("发言记录不超过 60 条。")
        return value


class DecisionPublishInput(DecisionActionSerializer):
    published_on = BoundedDateField(required=False, help_text="公布日期（不填为今天）")
    publication_text = serializers.CharField(max_length=MAX_BODY)
    publication_explanation = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False,
                                                    default="", help_text="公众意见、专家论证意见的采纳情况（第三十二条）")
    execution_units = serializers.ListField(child=ScopedCodeField(_agencies, "code"), min_length=1, max_length=50,
                                            help_text="决策执行单位编码（第三十四条）")
    report_every_months = serializers.IntegerField(min_value=1, max_value=12, required=False, default=3)


class ReportExecutionInput(DecisionActionSerializer):
    progress = serializers.CharField(max_length=MAX_BODY)
    problems = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False, default="",
                                     help_text="执行中发现的问题和重大变化（第三十五条）")


class StartPostEvaluationInput(DecisionActionSerializer):
    trigger = choice_field(EvaluationTrigger.choices, "启动情形", "EvaluationTrigger")
    evaluator = serializers.CharField(max_length=100, help_text="评估单位（不得为决策前承担主要论证评估工作的单位）")


class FinishPostEvaluationInput(DecisionActionSerializer):
    report = serializers.CharField(max_length=MAX_BODY)
    conclusion = choice_field(EvaluationConclusion.choices, "评估结论", "PostEvaluationConclusion")


class AdjustInput(DecisionActionSerializer):
    kind = choice_field(AdjustmentKind.choices, "调整类型", "AdjustmentKind")
    basis = _text(help_text="依据说明")
    reason = _text()
    emergency = serializers.BooleanField(required=False, default=False)
    meeting_name = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                         help_text="决定调整的会议（变更或停止执行须经集体讨论，第三十七条）")
    meeting_held_on = serializers.DateField(required=False, allow_null=True)
    post_evaluation = serializers.IntegerField(required=False, allow_null=True,
                                               help_text="依据的、已完成的后评估（第三十六条第四款）")
    substantive = serializers.BooleanField(required=False, default=False,
                                           help_text="重大调整：退回草案拟订，重新履行相关法定程序（第三十七条）")
    rerun_steps = serializers.ListField(child=serializers.ChoiceField(choices=RerunStep.choices), required=False,
                                        default=list)


class SuspendInput(DecisionActionSerializer):
    basis = _text(help_text="依据（如行政首长决定）")
    reason = _text()
    emergency = serializers.BooleanField(required=False, default=False,
                                         help_text="情况紧急，行政首长先行决定中止执行（第三十七条）")




# ---------------------------------------------------------------- experts


class SelectExpertInput(serializers.Serializer):
    expert = ScopedCodeField(selectable_experts, "code", help_text="专家编号（本级或上级人民政府专家库）")
    interest_declaration = _text(help_text="利害关系声明（第二十条）")
    has_direct_interest = serializers.BooleanField(help_text="与决策事项有直接利害关系的，不得选择")
    outside_pool_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000,
                                                help_text="选择本级和上级专家库以外的专家（含库外专家）的理由（第二十一条）")


class ExpertAdoptionInput(serializers.Serializer):
    assignment = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    adoption = choice_field(Adoption.choices, "采纳情况", "ExpertAdoption")
    reason = _text()


class ExpertCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=40)
    field = serializers.CharField(max_length=100)
    title = serializers.CharField(max_length=60)
    organisation = serializers.CharField(max_length=100)
    agency = ScopedCodeField(_agencies, "code", help_text="建立专家库的人民政府编码")
    in_pool = serializers.BooleanField(required=False, default=True, help_text="否：为具体事项邀请的库外专家")


# ================================================================ viewsets


class CanSeeDecisions(permissions.BasePermission):
    """Decision readers, and experts for the decisions they were chosen to argue on."""

    message = "您没有查看重大行政决策的权限。"

    def has_permission(self, request, view):
        return has_perm(request.user, Perm.VIEW) or has_perm(request.user, Perm.EXPERT)


@transition_endpoints(MACHINE, DecisionDetailSerializer, "DecisionTransition")
class DecisionViewSet(TransitionAPIMixin, ScopedViewSet):
    """重大行政决策 inside the caller's scope, addressed by their public code."""

    selector = staticmethod(selectors.decision_list)
    permission_classes = [permissions.IsAuthenticated, PasswordChanged, CanSeeDecisions]
    filterset_class = DecisionFilterSet
    serializer_class = DecisionSerializer
    list_defer = selectors.DECISION_LIST_DEFER
    ordering = ("-id",)
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX
    input_serializers = {
        "create": DecisionCreateSerializer,
        "partial_update": DecisionUpdateSerializer,
        "comments_screen": CommentScreenInput,
        "comments_answer": CommentAnswerInput,
        "expert_adoption": ExpertAdoptionInput,
    }
    # Experts also reach the decisions they argue on — to read the draft and sign their opinion.
    EXPERT_ACTIONS = {"list", "retrieve", "transition"}

    def get_queryset(self):
        user = self.request.user
        queryset = selectors.decision_list(user=user)
        if self.action in self.EXPERT_ACTIONS and has_perm(user, Perm.EXPERT):
            queryset = Decision.objects.select_related("decision_organ", "agency", "catalogue__agency").filter(
                Q(pk__in=queryset.values("pk")) | Q(pk__in=_assigned_to(user)))
        return queryset

    def _detail(self, status_code=status.HTTP_200_OK):
        return self.output(self.get_object(), status_code, serializer_class=DecisionDetailSerializer)

    @extend_schema(responses=DecisionDetailSerializer)
    def retrieve(self, request, code=None):
        return self._detail()

    @extend_schema(request=DecisionCreateSerializer, responses={201: DecisionDetailSerializer, 400: BAD})
    @idempotent
    def create(self, request):
        data = dict(self.input(request))
        data["co_sponsors"] = data.get("co_sponsors") or ()
        decision = services.decision_create(actor=request.user, **data)
        self.kwargs["code"] = decision.code
        return self._detail(status.HTTP_201_CREATED)

    @extend_schema(request=DecisionUpdateSerializer, responses={200: DecisionDetailSerializer, 400: BAD,
                                                                409: REFUSED})
    def partial_update(self, request, code=None):
        decision = self.get_object()
        changes = dict(self.input(request))
        note = changes.pop("note", "")
        services.decision_update(actor=request.user, decision=decision, note=note, **changes)
        return self._detail()

    # POST …/transition/ and GET …/actions/ come from the kernel (TransitionAPIMixin, workflow.MACHINE): a
    # submit_to_meeting that misses what 第二十五条、第二十九条 require answers 409 with every unmet item.
    machine = MACHINE

    def transition_response(self, request, obj):
        return self._detail()

    @extend_schema(responses=GateSerializer, filters=False,
                   description="提交集体讨论前的把关：逐项列出尚未满足的材料和程序（第二十五条、第二十九条）。")
    @action(detail=True, methods=["get"])
    def gate(self, request, code=None):
        decision = self.get_object()
        state_problems = workflow.state_problems("submit_to_meeting", decision)
        unmet = gate_check(decision)
        return Response(GateSerializer({
            "ready": not state_problems and not unmet, "state": decision.state,
            "state_label": decision.get_state_display(), "state_problems": state_problems, "unmet": unmet,
        }).data)

    @extend_schema(responses=AccountabilitySerializer, filters=False,
                   description="决策责任追溯：谁提出、谁审查、谁论证、谁评估、谁如何表态、谁决定，何时（第三十八条）。")
    @action(detail=True, methods=["get"])
    def accountability(self, request, code=None):
        decision = self.get_object()
        account = selectors.accountability(decision)
        return Response(AccountabilitySerializer({"decision": decision, **account},
                                                 context=self.get_serializer_context()).data)

    @extend_schema(responses=VersionSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"])
    def versions(self, request, code=None):
        qs = procedure.versions_of(self.get_object()).select_related("created_by")
        # The shape the schema documents: a keyset page like every list of the API.
        return paged(self, request, qs, ("id",), VersionSerializer)

    # ------------------------------------------------------------ experts on a decision (第十九条至第二十一条)

    @extend_schema(methods=["GET"], responses=ExpertAssignmentSerializer(many=True), filters=False,
                   operation_id="decisions_expert_assignments_list")
    @extend_schema(methods=["POST"], request=SelectExpertInput, operation_id="decisions_expert_assignments_create",
                   responses={201: ExpertAssignmentSerializer, 400: BAD, 409: REFUSED}, filters=False,
                   description="从专家库选定论证专家，并记录其利害关系声明（第二十条）")
    @action(detail=True, methods=["get", "post"])
    @idempotent
    def experts(self, request, code=None):
        decision = self.get_object()
        if request.method == "POST":
            assignment = services.select_expert(actor=request.user, decision=decision,
                                                **self.input(request, SelectExpertInput))
            return Response(ExpertAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)
        rows = decision.expert_assignments.select_related("expert", "opinion_file")
        return paged(self, request, rows, ("id",), ExpertAssignmentSerializer)

    @extend_schema(request=ExpertAdoptionInput, responses={200: ExpertAssignmentSerializer, 400: BAD, 409: REFUSED},
                   description="记录专家论证意见的采纳情况")
    @action(detail=True, methods=["post"], url_path="experts/adoption")
    def expert_adoption(self, request, code=None):
        data = self.input(request)
        assignment = services.record_expert_adoption(actor=request.user, decision=self.get_object(),
                                                     assignment_id=data["assignment"], adoption=data["adoption"],
                                                     reason=data["reason"])
        return Response(ExpertAssignmentSerializer(assignment).data)

    # ------------------------------------------------------------ public consultation (staff desk)

    @extend_schema(methods=["GET"], parameters=[CommentQuerySerializer], responses=CommentSerializer(many=True),
                   filters=False)
    @extend_schema(methods=["POST"], request=CommentEnterInput,
                   responses={201: CommentSerializer, 400: BAD, 409: REFUSED}, filters=False,
                   description="录入人大代表、政协委员、企业、行业协会等渠道的意见（第十四条），可标记反对意见")
    @action(detail=True, methods=["get", "post"])
    @idempotent
    def comments(self, request, code=None):
        decision = self.get_object()
        if request.method == "POST":
            comment = services.comment_enter(actor=request.user, decision=decision,
                                             **self.input(request, CommentEnterInput))
            return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        query = CommentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        call = selectors.consultation_of(decision)
        qs = call.comments.all() if call else Comment.objects.none()
        if query.validated_data.get("screening"):
            qs = qs.filter(screening=query.validated_data["screening"])
        return paged(self, request, qs, ("id",), CommentSerializer)

    @extend_schema(request=CommentScreenInput, responses={200: CountSerializer, 400: BAD, 409: REFUSED},
                   description="公开或不予公开意见；反对意见不能隐藏")
    @action(detail=True, methods=["post"], url_path="comments/screen")
    def comments_screen(self, request, code=None):
        data = self.input(request)
        count = services.comments_screen(actor=request.user, decision=self.get_object(),
                                         comment_ids=data["comments"], show=data["show"], reason=data["reason"])
        return Response({"updated": count})

    @extend_schema(request=CommentAnswerInput, responses={200: CountSerializer, 400: BAD, 409: REFUSED},
                   description="批量答复意见：给出 outcome 与 answer，或给出答复模板 template（第十八条）")
    @action(detail=True, methods=["post"], url_path="comments/answer")
    def comments_answer(self, request, code=None):
        data = self.input(request)
        count = services.comments_answer(actor=request.user, decision=self.get_object(),
                                         comment_ids=data["comments"], outcome=data["outcome"],
                                         answer=data["answer"])
        return Response({"updated": count})


class ExpertViewSet(ScopedViewSet):
    """决策咨询论证专家库 (第二十一条) inside the caller's scope."""

    selector = staticmethod(selectors.expert_pool)
    required_perm = Perm.VIEW
    filterset_class = ExpertFilterSet
    serializer_class = ExpertSerializer
    ordering = ("-id",)
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX
    input_serializers = {"create": ExpertCreateInput}

    @extend_schema(request=ExpertCreateInput, responses={201: ExpertSerializer, 400: BAD})
    @idempotent
    def create(self, request):
        expert = services.expert_create(actor=request.user, **self.input(request))
        return self.output(expert, status.HTTP_201_CREATED)


