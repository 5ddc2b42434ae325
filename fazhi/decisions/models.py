"""重大行政决策: the catalogue, the decision procedure's records, execution and accountability.

The shared procedure pieces (text versions, the public consultation with answers, the legality
review desk) come from fazhi.procedure, exactly as for normative documents.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from fazhi.core.codes import new_public_code
from fazhi.core.models import Agency, Attachment, Deadline, ScopedModel, county_path_field

from .choices import (
    AdjustmentKind,
    Adoption,
    AdviserKind,
    CatalogueStatus,
    DecisionState,
    EvaluationConclusion,
    EvaluationTrigger,
    MeetingOutcome,
    MeetingType,
    MemberStance,
    ParticipationForm,
    ProposalSource,
    ProposalStatus,
    RerunStep,
    RiskLevel,
    Standard,
)

User = settings.AUTH_USER_MODEL


class Catalogue(ScopedModel):
    """决策事项目录 of one government for one year (第三条第三款: 经同级党委同意后向社会公布, 可调整)."""

    code = models.CharField("公开编码", max_length=12, unique=True, default=new_public_code, editable=False)
    agency = models.ForeignKey(Agency, verbose_name="决策机关", on_delete=models.PROTECT, related_name="catalogues")
    year = models.PositiveSmallIntegerField("年度")
    standard_text = models.TextField("目录标准", blank=True)
    status = models.CharField("状态", max_length=10, choices=CatalogueStatus.choices, default=CatalogueStatus.DRAFT)
    version = models.PositiveSmallIntegerField("版本", default=0)
    party_consent_on = models.DateField("同级党委同意日期", null=True, blank=True)
    party_consent_ref = models.CharField("党委同意文件或会议", max_length=200, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    SCOPE_OWNER_FIELD = "created_by"

    class Meta:
        verbose_name = "决策事项目录"
        verbose_name_plural = "决策事项目录"
        ordering = ["-year", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="catalogue_one_per_year")]

    def __str__(self):
        return f"{self.agency.name}{self.year}年度重大行政决策事项目录"


class CatalogueRevision(models.Model):
    """Each publication of a catalogue, frozen (adjustments are versioned and republished)."""

    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveSmallIntegerField("版本")
    published_on = models.DateField("公布日期")
    party_consent_on = models.DateField("党委同意日期")
    party_consent_ref = models.CharField("党委同意文件或会议", max_length=200)
    reason = models.CharField("调整说明", max_length=300, blank=True)
    items = models.JSONField("目录事项")
    published_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["catalogue", "version"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "version"], name="catalogue_revision_unique")]


class Proposal(ScopedModel):
    """A proposed decision item (第十条), researched before the organ decides whether to start."""

    code = models.CharField("受理编号", max_length=12, unique=True, default=new_public_code, editable=False)
    agency = models.ForeignKey(Agency, verbose_name="决策机关", on_delete=models.PROTECT, related_name="+")
    source = models.CharField("建议来源", max_length=20, choices=ProposalSource.choices)
    proposer = models.CharField("建议人或单位", max_length=100)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    title = models.CharField("建议事项", max_length=200)
    content = models.TextField("建议内容")
    # 第十条第二项: 部门或者下一级政府的建议须论证以下内容
    problem = models.TextField("拟解决的主要问题", blank=True)
    reasons = models.TextField("建议理由和依据", blank=True)
    preliminary_plan = models.TextField("初步方案及其必要性、可行性", blank=True)
    research = models.TextField("研究论证意见", blank=True)
    status = models.CharField("状态", max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.RECEIVED)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_note = models.TextField("决定说明", blank=True)
    submitted_at = models.DateTimeField("提出时间")
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "决策事项建议"
        verbose_name_plural = "决策事项建议"
        ordering = ["-submitted_at", "-id"]

    def __str__(self):
        return self.title


class Decision(ScopedModel):
    """One major administrative decision, from its catalogue entry to its post-evaluation.

    ``agency`` is the lead sponsor (决策承办单位, 第十一条) and ``region_path`` the organ's region.
    """

    code = models.CharField("公开编码", max_length=12, unique=True, default=new_public_code, editable=False)
    title = models.CharField("决策事项", max_length=200)
    catalogue = models.ForeignKey(Catalogue, verbose_name="所属目录", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="decisions")
    proposal = models.ForeignKey(Proposal, verbose_name="来源建议", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="decisions")
    decision_organ = models.ForeignKey(Agency, verbose_name="决策机关", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, verbose_name="牵头承办单位", on_delete=models.PROTECT, related_name="+")
    co_sponsors = models.ManyToManyField(Agency, verbose_name="协办单位", blank=True, related_name="+")
    standard = models.CharField("目录标准", max_length=20, choices=Standard.choices, default=Standard.PUBLIC_POLICY)
    planned_schedule = models.CharField("计划完成时间", max_length=100, blank=True)
    requires_public_participation = models.BooleanField("需公众参与", default=True)
    # 第十四条: only a decision that by law is not made public skips public participation, with its basis.
    participation_exemption = models.CharField("不采取公众参与的依据", max_length=300, blank=True)
    requires_expert_argumentation = models.BooleanField("需专家论证", default=False)
    requires_risk_assessment = models.BooleanField("需风险评估", default=False)
    concerns_market = models.BooleanField("涉及市场主体经济活动", default=False)
    requires_hearing = models.BooleanField("需举行听证", default=False)
    exploratory_reform = models.BooleanField("探索性改革事项", default=False)
    exploratory_reason = models.TextField("探索性改革事项说明", blank=True)
    legal_risk_statement = models.TextField("法律风险说明", blank=True)
    state = models.CharField("办理状态", max_length=15, choices=DecisionState.choices,
                             default=DecisionState.CATALOGUED, db_index=True)
    draft = models.TextField("决策草案", blank=True)
    explanation = models.TextField("决策草案说明", blank=True)
    version_count = models.PositiveIntegerField("版本数", default=0)
    fair_competition_conclusion = models.TextField("公平竞争审查情况", blank=True)
    public_opinion_summary = models.TextField("公众意见研究采纳情况", blank=True)
    expert_adoption_summary = models.TextField("专家论证意见研究采纳情况", blank=True)
    proposed_meeting_date = models.DateField("拟提交会议日期", null=True, blank=True)
    started_on = models.DateField("启动日期", null=True, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    publication_text = models.TextField("公布内容", blank=True)
    publication_explanation = models.TextField("采纳情况说明（随决定公布）", blank=True)
    execution_units = models.ManyToManyField(Agency, verbose_name="决策执行单位", blank=True, related_name="+")
    report_every_months = models.PositiveSmallIntegerField("执行情况报告周期（月）", default=3)
    archive_sealed_at = models.DateTimeField("归档封存时间", null=True, blank=True)
    # 第三十七条: after a substantive change the touched steps run again; records before this date no longer count
    rerun_since = models.DateField("重大调整重新履行程序起始日", null=True, blank=True)
    rerun_steps = models.JSONField("须重新履行的程序", default=list, blank=True)
    created_by = models.ForeignKey(User, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    county_path = county_path_field()
    SCOPE_COUNTY_FIELD = "county_path"

    class Meta:
        verbose_name = "重大行政决策"
        verbose_name_plural = "重大行政决策"
        ordering = ["-created_at", "-id"]
        indexes = [
            # One index per offered list sort (core.paging.OBJECT_SORTS), and the one-agency scope's default sort.
            models.Index(fields=["updated_at", "id"], name="decision_updated_idx"),
            models.Index(fields=["title", "id"], name="decision_title_idx"),
            models.Index(fields=["state", "-updated_at", "-id"], name="decision_state_upd_idx"),
            models.Index(fields=["agency", "updated_at", "id"], name="decision_agency_upd_idx"),
            # The title sorts of a county user and of a one-agency user (see core.models.county_path_field).
            models.Index(fields=["county_path", "title", "id"], name="decision_county_title_idx"),
            models.Index(fields=["agency", "title", "id"], name="decision_agency_title_idx"),
            models.Index(fields=["created_at", "id"], name="decision_created_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:detail", args=[self.code])


class Participation(models.Model):
    """One act of 公众参与 other than the public consultation and the hearing (第十四条第二款): a 座谈会, a visit,
    written consultation, a questionnaire, a poll, or talks with the groups concerned (第十四条第三款)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="participations")
    form = models.CharField("参与方式", max_length=15, choices=ParticipationForm.choices)
    held_on = models.DateField("日期")
    venue = models.CharField("地点或渠道", max_length=200)
    participants = models.TextField("参加对象")
    participant_count = models.PositiveIntegerField("参与人数")
    summary = models.TextField("听取的主要意见")
    record = models.ForeignKey(Attachment, verbose_name="记录或报告", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "公众参与记录"
        verbose_name_plural = "公众参与记录"
        ordering = ["decision", "held_on", "id"]


class Hearing(models.Model):
    """听证会 (第十六条、第十七条)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField("听证日期")
    place = models.CharField("地点", max_length=200)
    notice_published_on = models.DateField("公告日期")
    participants = models.TextField("听证参加人名单")
    # 第十六条第三款: 需要遴选听证参加人的，应当提前公布听证参加人遴选办法
    selection_method = models.TextField("听证参加人遴选办法", blank=True)
    selection_published_on = models.DateField("遴选办法公布日期", null=True, blank=True)
    participants_published_on = models.DateField("参加人名单公布日期")
    materials_delivered_on = models.DateField("材料送达日期")
    record = models.ForeignKey(Attachment, verbose_name="听证会记录", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    record_signed = models.BooleanField("参加人已确认记录并签字", default=False)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "听证会"
        ordering = ["held_on", "id"]


class Expert(ScopedModel):
    """决策咨询论证专家库 (第二十一条): a pool kept by a government."""

    code = models.CharField("编号", max_length=12, unique=True, default=new_public_code, editable=False)
    name = models.CharField("姓名", max_length=40)
    field = models.CharField("专业领域", max_length=100)
    title = models.CharField("职称", max_length=60)
    organisation = models.CharField("工作单位", max_length=100)
    agency = models.ForeignKey(Agency, verbose_name="所属专家库（政府）", on_delete=models.PROTECT, related_name="+")
    user = models.OneToOneField(User, verbose_name="平台账号", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="expert_profile")
    is_active = models.BooleanField("在库", default=True)
    in_pool = models.BooleanField("专家库成员", default=True,
                                  help_text="否：为某一事项邀请的库外专家（第二十一条未禁止，须记录理由）。")

    SCOPE_OWNER_FIELD = "user"

    class Meta:
        verbose_name = "专家"
        verbose_name_plural = "专家库"
        ordering = ["field", "name"]

    def __str__(self):
        return f"{self.name}（{self.title}，{self.organisation}）"


class ExpertAssignment(models.Model):
    """An expert chosen for a decision, with the declaration of interests (第二十条)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="expert_assignments")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="assignments")
    interest_declaration = models.TextField("利害关系声明")
    has_direct_interest = models.BooleanField("与决策事项有直接利害关系", default=False)
    opinion = models.TextField("论证意见", blank=True)
    signed = models.BooleanField("书面意见已署名", default=False)
    opinion_file = models.ForeignKey(Attachment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField("提交日期", null=True, blank=True)
    adoption = models.CharField("采纳情况", max_length=15, choices=Adoption.choices, blank=True)
    adoption_reason = models.TextField("采纳说明", blank=True)
    # 第二十一条: an expert from outside the organ's own or a higher pool is chosen only with a recorded reason
    outside_pool_reason = models.TextField("选择库外专家的理由", blank=True)
    assigned_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "专家论证"
        ordering = ["decision", "id"]
        constraints = [models.UniqueConstraint(fields=["decision", "expert"], name="expert_once_per_decision")]


class RiskAssessment(models.Model):
    """风险评估报告 (第二十二条至第二十四条)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="risk_assessments")
    assessor = models.CharField("评估单位", max_length=100)
    assessed_on = models.DateField("评估日期")
    risk_points = models.TextField("风险点")
    level = models.CharField("风险等级", max_length=10, choices=RiskLevel.choices)
    controllable = models.BooleanField("风险可控")
    measures = models.TextField("风险防范措施")
    contingency_plan = models.TextField("处置预案")
    report = models.ForeignKey(Attachment, verbose_name="评估报告", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "风险评估"
        ordering = ["decision", "assessed_on", "id"]


class LegalAdviserOpinion(models.Model):
    """法律顾问、公职律师的法律意见 (第二十八条), attached to the legality review."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="adviser_opinions")
    kind = models.CharField("类别", max_length=20, choices=AdviserKind.choices)
    adviser = models.CharField("姓名", max_length=60)
    opinion = models.TextField("法律意见")
    given_on = models.DateField("日期")
    attachment = models.ForeignKey(Attachment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["decision", "given_on", "id"]


class Meeting(models.Model):
    """集体讨论决定 (第三十条、第三十一条)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="meetings")
    meeting_type = models.CharField("会议类型", max_length=10, choices=MeetingType.choices)
    meeting_name = models.CharField("会议名称", max_length=100)
    held_on = models.DateField("会议日期")
    attendees = models.TextField("出席人员")
    outcome = models.CharField("讨论结果", max_length=25, choices=MeetingOutcome.choices)
    head_name = models.CharField("行政首长", max_length=40)
    head_opinion = models.TextField("行政首长意见")
    head_against_majority = models.BooleanField("首长决定与多数意见不一致", default=False)
    head_reason = models.TextField("首长说明的理由", blank=True)
    party_report_on = models.DateField("向同级党委请示报告日期", null=True, blank=True)
    party_report_ref = models.CharField("请示报告文号", max_length=100, blank=True)
    minutes = models.ForeignKey(Attachment, verbose_name="会议纪要", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "集体讨论"
        ordering = ["decision", "held_on", "id"]


class MemberOpinion(models.Model):
    """Each member's opinion in the order spoken; the head speaks last (第三十条第二款)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="opinions")
    order = models.PositiveSmallIntegerField("发言顺序")
    member = models.CharField("姓名", max_length=40)
    position = models.CharField("职务", max_length=60)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    stance = models.CharField("意见", max_length=25, choices=MemberStance.choices)
    statement = models.TextField("发言要点（如实记录）", blank=True)
    is_head = models.BooleanField("行政首长", default=False)

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="member_opinion_order_unique")]


class ExecutionReport(models.Model):
    """决策执行情况报告 (第三十四条、第三十五条)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="execution_reports")
    unit = models.ForeignKey(Agency, verbose_name="执行单位", on_delete=models.PROTECT, related_name="+")
    period_label = models.CharField("报告期", max_length=40)
    deadline = models.ForeignKey(Deadline, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField("报告日期", null=True, blank=True)
    progress = models.TextField("执行情况", blank=True)
    problems = models.TextField("存在问题和重大变化", blank=True)
    submitted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "执行情况报告"
        ordering = ["decision", "deadline__due_date", "id"]


class PublicFeedback(models.Model):
    """公众对决策及其实施的意见建议 (第三十五条第二款), from the portal."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="feedback")
    name = models.CharField("姓名", max_length=60, blank=True)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    content = models.TextField("意见建议")
    submitted_at = models.DateTimeField()
    client_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]


class PostEvaluation(models.Model):
    """决策后评估 (第三十六条)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="post_evaluations")
    trigger = models.CharField("启动情形", max_length=20, choices=EvaluationTrigger.choices)
    evaluator = models.CharField("评估单位", max_length=100)
    started_on = models.DateField("启动日期")
    report = models.TextField("评估报告", blank=True)
    conclusion = models.CharField("评估结论", max_length=10, choices=EvaluationConclusion.choices, blank=True)
    done_on = models.DateField("完成日期", null=True, blank=True)
    started_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "决策后评估"
        ordering = ["decision", "started_on", "id"]


class Adjustment(models.Model):
    """A change, suspension, resumption or stop of a decision: only through this recorded step (第三十七条)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="adjustments")
    kind = models.CharField("类型", max_length=10, choices=AdjustmentKind.choices)
    on_date = models.DateField("日期")
    emergency = models.BooleanField("紧急情况下行政首长先行中止", default=False)
    basis = models.TextField("依据（会议或评估）")
    reason = models.TextField("理由")
    # 第三十六条第四款、第三十七条: a change or stop rests on a recorded meeting of the organ or a finished
    # post-evaluation — recorded as such, not inferred from the wording of ``basis``
    meeting_name = models.CharField("决定调整的会议", max_length=100, blank=True)
    meeting_held_on = models.DateField("会议日期", null=True, blank=True)
    minutes = models.ForeignKey(Attachment, verbose_name="会议纪要", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    post_evaluation = models.ForeignKey("PostEvaluation", verbose_name="依据的后评估", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    substantive = models.BooleanField("重大调整（重新履行相关法定程序）", default=False)
    rerun_steps = models.JSONField("重新履行的程序", default=list, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "决策调整"
        ordering = ["decision", "on_date", "id"]

    @property
    def rerun_step_labels(self) -> list[str]:
        return [RerunStep(step).label for step in self.rerun_steps if step in RerunStep.values]
