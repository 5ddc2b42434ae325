"""Input serializers of the decisions API: one per step of the kernel machine (``workflow.MACHINE`` names them)."""

from rest_framework import serializers

from fazhi.core.api.serializers import MAX_ID, BoundedDateField
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

from ..choices import (
    AdjustmentKind,
    Adoption,
    AdviserKind,
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
from ..workflow import MACHINE
from .lookups import _agencies, _catalogues, iso_date_text, selectable_experts

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


class DecisionUpdateSerializer(EditSerializer):
    draft = serializers.CharField(max_length=MAX_BODY, allow_blank=True, trim_whitespace=False, required=False)
    explanation = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    fair_competition_conclusion = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    public_opinion_summary = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    expert_adoption_summary = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False)
    planned_schedule = serializers.CharField(max_length=10, allow_blank=True, required=False,
                                             validators=[iso_date_text], help_text="计划完成时间 YYYY-MM-DD")
    legal_risk_statement = serializers.CharField(max_length=MAX_BODY, allow_blank=True, required=False,
                                                 help_text="探索性改革事项的法律风险说明（第二十五条第二款）")


# ---------------------------------------------------------------- transitions

# The step inputs are named by workflow.MACHINE (``Transition.input``), which the kernel's transition
# endpoint validates and dispatches with (procedure.api.transitions).
ACTIONS = [t.action for t in MACHINE]


class DecisionActionSerializer(serializers.Serializer):
    action = action_field(MACHINE, "DecisionAction")


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


