"""矛盾纠纷化解: 行政复议, 行政诉讼/应诉, 人民调解 (committees, mediators, cases, 诉调对接 referrals).

Every row belongs to an agency (the body handling it) and copies that agency's region path, so that
``core.scope.restrict`` applies. Statutory clocks are core ``Deadline`` rows, linked here.
"""

import uuid

from django.conf import settings
from django.db import models

from fazhi.core.codes import new_public_code
from fazhi.core.models import Agency, Deadline, Region, ScopedModel, county_path_field

from .choices import (
    AbsenceReason,
    AgreementForm,
    ApplicantKind,
    ApplicationKind,
    ApplicationState,
    CaseSource,
    Closure,
    CommitteeKind,
    ConfirmResult,
    DisputeType,
    ExplanationState,
    Gender,
    GridLevel,
    GridReportState,
    HeadRank,
    Instance,
    LetterKind,
    LitState,
    MediatorKind,
    MedState,
    NormReviewHandling,
    NormReviewResult,
    NormReviewSource,
    Performance,
    PreventionKind,
    RcDecision,
    RcProcedure,
    RcState,
    ReferenceScope,
    ReferralKind,
    ReferralResult,
    ReporterKind,
    RequiredWhy,
    Risk,
    Route,
    SimpleGround,
    SuspendGround,
    TerminateGround,
    dispute_name,
)

User = settings.AUTH_USER_MODEL


def _deadline(name):
    return models.ForeignKey(Deadline, verbose_name=name, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")


class Reconsideration(ScopedModel):
    """A 行政复议 case handled by a 行政复议机构 (``agency``) for its 行政复议机关 (``organ``)."""

    code = models.UUIDField("编码", default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(Agency, verbose_name="行政复议机构", on_delete=models.PROTECT, related_name="+")
    organ = models.ForeignKey(Agency, verbose_name="行政复议机关", on_delete=models.PROTECT, related_name="+")
    respondent = models.ForeignKey(Agency, verbose_name="被申请人", on_delete=models.PROTECT, related_name="+")
    applicant_name = models.CharField("申请人", max_length=100)
    applicant_kind = models.CharField("申请人类别", max_length=20, choices=ApplicantKind.choices,
                                      default=ApplicantKind.CITIZEN)
    act = models.TextField("被申请复议的行政行为")
    inaction = models.BooleanField("申请履行法定职责（不作为）", default=False)
    act_known_on = models.DateField("知道或者应当知道该行政行为之日")
    rights_notified = models.BooleanField("作出行为时已告知复议权利、复议机关和期限", default=True)
    rights_known_on = models.DateField("知道复议权利、复议机关和期限之日", null=True, blank=True)
    delay_days = models.PositiveIntegerField("因不可抗力等正当理由耽误的日数", default=0)
    delay_reason = models.CharField("耽误申请期限的理由", max_length=300, blank=True)
    received_on = models.DateField("收到申请日")
    amount = models.DecimalField("涉及款额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    state = models.CharField("状态", max_length=12, choices=RcState.choices, default=RcState.RECEIVED, db_index=True)
    procedure = models.CharField("审理程序", max_length=10, choices=RcProcedure.choices, blank=True)
    simple_ground = models.CharField("适用简易程序的情形", max_length=20, choices=SimpleGround.choices, blank=True)
    supplement_items = models.TextField("补正事项", blank=True)
    supplement_notified_on = models.DateField("补正通知送达日", null=True, blank=True)
    supplement_received_on = models.DateField("收到补正材料日", null=True, blank=True)
    accepted_on = models.DateField("受理日", null=True, blank=True)
    deemed_accepted = models.BooleanField("审查期限届满视为受理", default=False)
    rejected_reason = models.TextField("不予受理理由", blank=True)
    copy_sent_on = models.DateField("发送申请书副本日", null=True, blank=True)
    copy_served_on = models.DateField("被申请人收到副本日", null=True, blank=True)
    answer_received_on = models.DateField("收到答复日", null=True, blank=True)
    answer_late = models.BooleanField("被申请人逾期答复", default=False)
    extension_days = models.PositiveSmallIntegerField("延长日数", default=0)
    extension_approved_by = models.CharField("批准延长的负责人", max_length=60, blank=True)
    suspend_ground = models.CharField("中止情形", max_length=2, choices=SuspendGround.choices, blank=True)
    suspended_on = models.DateField("中止日", null=True, blank=True)
    suspended_days = models.PositiveIntegerField("累计中止日数", default=0)
    terminate_ground = models.CharField("终止情形", max_length=2, choices=TerminateGround.choices, blank=True)
    decision = models.CharField("复议决定", max_length=20, choices=RcDecision.choices, blank=True)
    decision_summary = models.TextField("决定要旨", blank=True)
    closed_on = models.DateField("结案日", null=True, blank=True)
    closed_late = models.BooleanField("超期结案", default=False)
    review_deadline = _deadline("受理审查期限")
    supplement_deadline = _deadline("补正期限")
    copy_deadline = _deadline("发送副本期限")
    answer_deadline = _deadline("答复期限")
    decision_deadline = _deadline("决定期限")
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "行政复议案件"
        verbose_name_plural = "行政复议案件"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["received_on", "id"], name="rc_received_idx")]

    def __str__(self):
        return f"{self.applicant_name}不服{self.respondent.name}行政复议案"


class Litigation(ScopedModel):
    """An administrative lawsuit in which ``agency`` is the defendant (行政诉讼 / 应诉)."""

    code = models.UUIDField("编码", default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(Agency, verbose_name="被告行政机关", on_delete=models.PROTECT, related_name="+")
    court = models.CharField("审理法院", max_length=100)
    case_number = models.CharField("案号", max_length=60)
    instance = models.CharField("审级", max_length=10, choices=Instance.choices, default=Instance.FIRST)
    plaintiff = models.CharField("原告", max_length=100)
    plaintiff_kind = models.CharField("原告类别", max_length=20, choices=ApplicantKind.choices,
                                      default=ApplicantKind.CITIZEN)
    contested_act = models.TextField("被诉行政行为")
    reconsideration = models.ForeignKey(Reconsideration, verbose_name="经过的行政复议", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="litigations")
    filed_on = models.DateField("立案日")
    hearing_on = models.DateField("开庭日", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=LitState.choices, default=LitState.PENDING,
                             db_index=True)
    # 负责人出庭 (行政诉讼法 第三条第三款; 出庭应诉规定 第二条、第四条、第八条、第九条)
    head_required = models.BooleanField("依规定负责人应当出庭", default=False)
    head_required_why = models.CharField("应当出庭的情形", max_length=20, choices=RequiredWhy.choices, blank=True)
    head_rank = models.CharField("出庭负责人", max_length=12, choices=HeadRank.choices, blank=True)
    head_name = models.CharField("出庭负责人姓名", max_length=40, blank=True)
    staff_appeared = models.BooleanField("相应工作人员出庭", default=False)
    lawyer_only = models.BooleanField("仅委托律师出庭", default=False)
    absence_reason = models.CharField("负责人不能出庭的理由", max_length=20, choices=AbsenceReason.choices,
                                      blank=True)
    absence_proof = models.CharField("不能出庭的证明材料", max_length=200, blank=True)
    closure = models.CharField("结案方式", max_length=20, choices=Closure.choices, blank=True)
    closed_on = models.DateField("结案日", null=True, blank=True)
    loss_reasons = models.JSONField("败诉原因", default=list, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "行政诉讼案件"
        verbose_name_plural = "行政诉讼案件"
        ordering = ["-filed_on", "-id"]
        indexes = [models.Index(fields=["filed_on", "id"], name="lit_filed_idx")]

    def __str__(self):
        return f"{self.case_number} {self.plaintiff}诉{self.agency.name}"


class Committee(ScopedModel):
    """人民调解委员会 (人民调解法 第八条、第九条). ``agency`` guides it (乡镇人民政府、司法所、主管部门)."""

    code = models.UUIDField("编码", default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类别", max_length=12, choices=CommitteeKind.choices)
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, verbose_name="指导单位", on_delete=models.PROTECT, related_name="+")
    term_start = models.DateField("本届任期起始日")
    multi_ethnic = models.BooleanField("多民族居住地区", default=False)
    is_active = models.BooleanField("在用", default=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    SCOPE_OWNER_FIELD = None

    class Meta:
        verbose_name = "人民调解委员会"
        verbose_name_plural = "人民调解委员会"
        ordering = ["region_path", "name", "id"]

    def __str__(self):
        return self.name


class Mediator(models.Model):
    """A member (委员) or mediator of a committee."""

    committee = models.ForeignKey(Committee, verbose_name="调解委员会", on_delete=models.CASCADE,
                                  related_name="mediators")
    name = models.CharField("姓名", max_length=40)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    minority = models.BooleanField("少数民族", default=False)
    kind = models.CharField("专兼职", max_length=4, choices=MediatorKind.choices, default=MediatorKind.PART_TIME)
    is_member = models.BooleanField("委员会委员", default=True)
    trained_on = models.DateField("最近培训日", null=True, blank=True)
    is_active = models.BooleanField("在任", default=True)

    class Meta:
        verbose_name = "人民调解员"
        verbose_name_plural = "人民调解员"
        ordering = ["committee_id", "id"]

    def __str__(self):
        return self.name


class MediationCase(ScopedModel):
    code = models.UUIDField("编码", default=uuid.uuid4, unique=True, editable=False)
    committee = models.ForeignKey(Committee, verbose_name="调解委员会", on_delete=models.PROTECT,
                                  related_name="cases")
    agency = models.ForeignKey(Agency, verbose_name="指导单位", on_delete=models.PROTECT, related_name="+")
    mediators = models.ManyToManyField(Mediator, verbose_name="调解员", blank=True, related_name="cases")
    source = models.CharField("来源", max_length=12, choices=CaseSource.choices)
    dispute_type = models.CharField("纠纷类型", max_length=16, choices=DisputeType.choices)
    parties = models.TextField("当事人")
    summary = models.TextField("纠纷简要情况")
    amount = models.DecimalField("涉及金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    received_on = models.DateField("受理日")
    state = models.CharField("状态", max_length=10, choices=MedState.choices, default=MedState.OPEN, db_index=True)
    record = models.TextField("调解记录", blank=True)
    agreement_form = models.CharField("协议形式", max_length=10, choices=AgreementForm.choices, blank=True)
    agreement_text = models.TextField("协议内容", blank=True)
    agreement_on = models.DateField("协议生效日", null=True, blank=True)
    end_reason = models.TextField("终止或不成的原因", blank=True)
    other_channels = models.CharField("告知的其他解决途径", max_length=200, blank=True)
    closed_on = models.DateField("结案日", null=True, blank=True)
    performance = models.CharField("履行情况", max_length=10, choices=Performance.choices, blank=True)
    confirm_applied_on = models.DateField("申请司法确认日", null=True, blank=True)
    confirm_result = models.CharField("司法确认结果", max_length=10, choices=ConfirmResult.choices, blank=True)
    confirm_deadline = _deadline("申请司法确认期限")
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    county_path = county_path_field()
    SCOPE_COUNTY_FIELD = "county_path"

    class Meta:
        verbose_name = "人民调解案件"
        verbose_name_plural = "人民调解案件"
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["received_on", "id"], name="med_received_idx"),
            # The list's default sort for a county user and a one-unit user (scope.scope_q): without them both walk
            # the whole received_on index dropping the other units' rows (a township's first page: 3 000 of them).
            models.Index(fields=["county_path", "received_on", "id"], name="med_county_received_idx"),
            models.Index(fields=["agency", "received_on", "id"], name="med_agency_received_idx"),
        ]

    def __str__(self):
        return f"{self.dispute_name}（{self.received_on}）"

    @property
    def dispute_name(self) -> str:
        return dispute_name(self.dispute_type)


class Referral(ScopedModel):
    """诉调对接: a court's 委派 (before filing) or 委托 (after filing) of a dispute to a committee."""

    code = models.UUIDField("编码", default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField("类别", max_length=10, choices=ReferralKind.choices)
    court = models.CharField("法院", max_length=100)
    court_number = models.CharField("法院案号", max_length=60, blank=True)
    simple = models.BooleanField("简易程序", default=False)
    committee = models.ForeignKey(Committee, verbose_name="调解委员会", on_delete=models.PROTECT,
                                  related_name="referrals")
    agency = models.ForeignKey(Agency, verbose_name="指导单位", on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(MediationCase, verbose_name="调解案件", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="referral")
    received_on = models.DateField("收到委派/委托日")
    deadline = _deadline("调解期限")
    extended_days = models.PositiveSmallIntegerField("经当事人同意延长的日数", default=0)
    extension_note = models.CharField("延长的同意情况", max_length=200, blank=True)
    result = models.CharField("调解结果", max_length=10, choices=ReferralResult.choices, blank=True)
    result_note = models.CharField("反馈说明", max_length=300, blank=True)
    reported_on = models.DateField("反馈法院日", null=True, blank=True)
    reported_late = models.BooleanField("超过调解期限反馈", default=False)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    SCOPE_OWNER_FIELD = None

    class Meta:
        verbose_name = "诉调对接"
        verbose_name_plural = "诉调对接"
        ordering = ["-received_on", "-id"]


# ---------------------------------------------------------------- 一中心一张网十联户


class Grid(ScopedModel):
    """A grid of the 综治中心's network, imported (not maintained here). ``agency``: the township government
    whose 综治中心 runs it."""

    code = models.CharField("网格编码", max_length=40, unique=True)
    name = models.CharField("网格名称", max_length=100)
    level = models.CharField("网格层级", max_length=10, choices=GridLevel.choices)
    region = models.ForeignKey(Region, verbose_name="所在区划", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, verbose_name="综治中心所属单位", on_delete=models.PROTECT, related_name="+")
    leader_name = models.CharField("网格长", max_length=40)
    leader_phone = models.CharField("网格长电话", max_length=20, blank=True)
    imported_at = models.DateTimeField("导入时间", auto_now=True)

    SCOPE_OWNER_FIELD = None

    class Meta:
        verbose_name = "网格"
        verbose_name_plural = "网格"
        ordering = ["region_path", "code"]

    def __str__(self):
        return f"{self.name}（{self.code}）"


class HouseholdUnit(models.Model):
    """十联户 unit: about ten households under a 联户长."""

    grid = models.ForeignKey(Grid, verbose_name="网格", on_delete=models.CASCADE, related_name="units")
    code = models.CharField("联户单元编码", max_length=40, unique=True)
    name = models.CharField("联户单元名称", max_length=100)
    head_name = models.CharField("联户长", max_length=40)
    head_phone = models.CharField("联户长电话", max_length=20, blank=True)
    households = models.PositiveSmallIntegerField("户数", default=10)

    class Meta:
        verbose_name = "联户单元"
        verbose_name_plural = "联户单元"
        ordering = ["grid_id", "code"]

    def __str__(self):
        return self.name


class GridReport(ScopedModel):
    """A dispute reported to the 综治中心 by a 联户长 or 网格员, with its risk colour and where it was routed."""

    code = models.UUIDField("编码", default=uuid.uuid4, unique=True, editable=False)
    grid = models.ForeignKey(Grid, verbose_name="网格", on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(HouseholdUnit, verbose_name="联户单元", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="reports")
    agency = models.ForeignKey(Agency, verbose_name="综治中心所属单位", on_delete=models.PROTECT, related_name="+")
    reporter_kind = models.CharField("报告人身份", max_length=12, choices=ReporterKind.choices)
    reporter_name = models.CharField("报告人", max_length=40)
    reported_on = models.DateField("报告日")
    dispute_type = models.CharField("纠纷类型", max_length=16, choices=DisputeType.choices)
    parties = models.TextField("当事人")
    summary = models.TextField("纠纷情况")
    risk = models.CharField("风险等级", max_length=8, choices=Risk.choices, db_index=True)
    state = models.CharField("状态", max_length=10, choices=GridReportState.choices,
                             default=GridReportState.RECEIVED, db_index=True)
    route = models.CharField("分流去向", max_length=16, choices=Route.choices, blank=True)
    department = models.ForeignKey(Agency, verbose_name="移交的主管部门", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(MediationCase, verbose_name="调解案件", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="grid_report")
    route_note = models.TextField("分流说明", blank=True)
    routed_on = models.DateField("分流日", null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "网格上报纠纷"
        verbose_name_plural = "网格上报纠纷"
        ordering = ["-reported_on", "-id"]
        indexes = [models.Index(fields=["reported_on", "id"], name="grid_report_idx")]

    def __str__(self):
        return f"{self.dispute_name}（{self.grid.name}，{self.reported_on}）"

    @property
    def dispute_name(self) -> str:
        return dispute_name(self.dispute_type)


# ---------------------------------------------------------------- 败诉率 reference values and 情况说明


class LossReference(models.Model):
    """A configured reference 败诉率 (national or provincial average) — data with its source."""

    year = models.PositiveSmallIntegerField("年度")
    scope = models.CharField("范围", max_length=10, choices=ReferenceScope.choices)
    value = models.DecimalField("败诉率", max_digits=6, decimal_places=4)
    numerator = models.PositiveIntegerField("败诉案件数", null=True, blank=True)
    denominator = models.PositiveIntegerField("审结案件数", null=True, blank=True)
    source = models.CharField("来源", max_length=300)

    class Meta:
        verbose_name = "败诉率参照值"
        verbose_name_plural = "败诉率参照值"
        ordering = ["-year", "scope"]
        constraints = [models.UniqueConstraint(fields=["year", "scope"], name="loss_reference_unique")]

    def __str__(self):
        return f"{self.year}年{self.get_scope_display()}败诉率 {self.value * 100:.2f}%"


class ExplanationRequest(ScopedModel):
    """A request to a county government whose 败诉率 is above the reference to explain itself (情况说明),
    issued by ``agency`` (the prefecture's office) and tracked to its answer. ``region_path`` is the county's,
    so the county sees the request addressed to it."""

    code = models.UUIDField("编码", default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(Agency, verbose_name="发出单位", on_delete=models.PROTECT, related_name="+")
    county = models.ForeignKey(Region, verbose_name="县（市、区）", on_delete=models.PROTECT, related_name="+")
    addressee = models.ForeignKey(Agency, verbose_name="主送", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    period_end = models.DateField("统计截止日")
    numerator = models.PositiveIntegerField("败诉案件数")
    denominator = models.PositiveIntegerField("审结案件数")
    rate = models.DecimalField("败诉率", max_digits=6, decimal_places=4)
    base = models.CharField("统计口径", max_length=100)
    reference = models.ForeignKey(LossReference, verbose_name="参照值", on_delete=models.PROTECT, related_name="+")
    state = models.CharField("状态", max_length=10, choices=ExplanationState.choices, default=ExplanationState.DRAFT,
                             db_index=True)
    document = models.FileField("函件", upload_to="disputes/explanations/", blank=True)
    document_sha256 = models.CharField("函件 SHA-256", max_length=64, blank=True)
    sent_on = models.DateField("发出日", null=True, blank=True)
    deadline = models.ForeignKey(Deadline, verbose_name="报送情况说明期限", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    answer = models.TextField("情况说明", blank=True)
    answered_on = models.DateField("报送日", null=True, blank=True)
    review_note = models.TextField("审核意见", blank=True)
    closed_on = models.DateField("办结日", null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    SCOPE_OWNER_FIELD = None

    class Meta:
        verbose_name = "败诉率情况说明"
        verbose_name_plural = "败诉率情况说明"
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["county", "year"], name="explanation_once_a_year")]

    def __str__(self):
        return f"关于{self.year}年行政诉讼败诉率情况说明的函（{self.addressee.name}）"

    @property
    def rate_percent(self) -> str:
        return f"{self.rate * 100:.2f}%"


class RcLetter(models.Model):
    """A 行政复议意见书 or 建议书 issued while handling a case (行政复议法 第七十六条), with the recipient's report
    of its correction (60 days for an 意见书), the copy to the respondent's superior (第七十九条第二款) and the
    ladder when the 意见书 is not performed (第七十七条: 责令限期履行, 约谈, 通报批评)."""

    rc = models.ForeignKey(Reconsideration, on_delete=models.CASCADE, related_name="letters")
    seq = models.PositiveSmallIntegerField("序号")
    kind = models.CharField("类别", max_length=12, choices=LetterKind.choices)
    addressee = models.ForeignKey(Agency, verbose_name="制发对象", on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField("制发日期")
    content = models.TextField("主要内容")
    copied_to = models.ForeignKey(Agency, verbose_name="抄告机关", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    copied_to_name = models.CharField("抄告机关名称", max_length=100, blank=True,
                                      help_text="上一级主管部门不在本平台（如省级部门）时记录其名称。")
    reply_deadline = _deadline("反馈期限")
    replied_on = models.DateField("反馈日期", null=True, blank=True)
    reply = models.TextField("纠正情况", blank=True)
    ordered_on = models.DateField("责令限期履行日期", null=True, blank=True)
    order_due_on = models.DateField("限期履行至", null=True, blank=True)
    interviewed_on = models.DateField("约谈日期", null=True, blank=True)
    circulated_on = models.DateField("通报批评日期", null=True, blank=True)
    measure_note = models.TextField("督促履行情况", blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "行政复议意见书、建议书"
        verbose_name_plural = "行政复议意见书、建议书"
        ordering = ["rc", "seq"]
        constraints = [models.UniqueConstraint(fields=["rc", "seq"], name="rc_letter_seq_unique")]

    def __str__(self):
        return f"{self.get_kind_display()}（第 {self.seq} 号）"


class JudicialSuggestion(models.Model):
    """A 司法建议 received in or after a lawsuit (行政诉讼法 第六十六条、第九十六条; 出庭应诉规定 第十二条), tracked to
    the agency's written answer (60 days by default — 适用解释 第一百四十九条第三款 for 规范性文件; a setting)."""

    lit = models.ForeignKey(Litigation, on_delete=models.CASCADE, related_name="suggestions")
    seq = models.PositiveSmallIntegerField("序号")
    received_on = models.DateField("收到日期")
    content = models.TextField("司法建议内容")
    answer_deadline = _deadline("答复期限")
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answer = models.TextField("答复及处理情况", blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "司法建议"
        verbose_name_plural = "司法建议"
        ordering = ["lit", "seq"]
        constraints = [models.UniqueConstraint(fields=["lit", "seq"], name="judicial_suggestion_seq_unique")]


class PublicApplication(ScopedModel):
    """An application made on the portal without an account — for 人民调解 (人民调解法 第十七条: 当事人可以向人民
    调解委员会申请调解) or 行政复议 (行政复议法 第二十二条: 可以书面申请，也可以通过互联网渠道申请) — with a
    tracking code; staff register it as a case (linked here) or decline it with a reason the applicant sees.
    ``region_path`` is the county-level region the applicant chose."""

    code = models.CharField("受理编号", max_length=12, unique=True, default=new_public_code, editable=False)
    kind = models.CharField("申请事项", max_length=16, choices=ApplicationKind.choices)
    region = models.ForeignKey(Region, verbose_name="受理的州本级或县（市）", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("申请人", max_length=100)
    contact = models.CharField("联系电话", max_length=40)
    respondent_name = models.CharField("被申请人（行政机关）或对方当事人", max_length=100)
    act = models.TextField("行政行为或纠纷事项")
    act_known_on = models.DateField("知道该行政行为之日", null=True, blank=True)
    delay_reason = models.CharField("超过申请期限的正当理由", max_length=300, blank=True)
    content = models.TextField("请求和理由")
    submitted_at = models.DateTimeField("提交时间")
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    state = models.CharField("办理状态", max_length=12, choices=ApplicationState.choices,
                             default=ApplicationState.RECEIVED, db_index=True)
    decline_reason = models.TextField("不予登记的理由", blank=True)
    mediation = models.ForeignKey(MediationCase, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reconsideration = models.ForeignKey(Reconsideration, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    handled_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)

    SCOPE_AGENCY_FIELD = None  # no agency of its own: an agency-scoped user sees its own county's applications
    SCOPE_OWNER_FIELD = None

    class Meta:
        verbose_name = "网上申请"
        verbose_name_plural = "网上申请"
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["client_ip", "submitted_at"], name="dsp_app_ip_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}（{self.code}）"


class NormReview(models.Model):
    """附带审查 of a normative document or other basis in a reconsideration (行政复议法 第十三条、第五十六条至第六十条):
    handled within 30 days where the organ is competent, or transferred within 7 days to the competent body, which
    replies within 60 days. ``document_code`` is the public code of the document in the documents module, when the
    document is one of the platform's (the page links to it; no import between the modules)."""

    rc = models.ForeignKey(Reconsideration, on_delete=models.CASCADE, related_name="norm_reviews")
    seq = models.PositiveSmallIntegerField("序号")
    source = models.CharField("提起方式", max_length=12, choices=NormReviewSource.choices)
    document_title = models.CharField("规范性文件或依据", max_length=300)
    document_code = models.CharField("平台内文件编码", max_length=12, blank=True)
    requested_on = models.DateField("提出或发现日期")
    handling = models.CharField("处理方式", max_length=10, choices=NormReviewHandling.choices)
    handled_on = models.DateField("决定处理方式或转送日期")
    transferred_to = models.CharField("转送的有权机关", max_length=100, blank=True)
    transfer_late = models.BooleanField("超过七日转送", default=False)
    deadline = _deadline("处理或回复期限")
    result = models.CharField("结果", max_length=10, choices=NormReviewResult.choices, blank=True)
    result_on = models.DateField("结果日期", null=True, blank=True)
    result_note = models.TextField("处理意见", blank=True)

    class Meta:
        verbose_name = "规范性文件附带审查"
        verbose_name_plural = "规范性文件附带审查"
        ordering = ["rc", "seq"]
        constraints = [models.UniqueConstraint(fields=["rc", "seq"], name="norm_review_seq_unique")]


class PreventionRecord(models.Model):
    """A committee's 排查 and 预防 work (人民调解法 第八条第一款、第二十五条): screenings, disputes prevented, cases kept from
    turning criminal (防止民转刑) or into mass incidents — counted in the monthly report."""

    committee = models.ForeignKey(Committee, verbose_name="调解委员会", on_delete=models.CASCADE,
                                  related_name="preventions")
    kind = models.CharField("类别", max_length=12, choices=PreventionKind.choices)
    on_date = models.DateField("日期")
    count = models.PositiveIntegerField("件次（排查的纠纷数或防止的事件数）")
    people = models.PositiveIntegerField("涉及人数", default=0)
    summary = models.TextField("情况")
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "排查预防记录"
        verbose_name_plural = "排查预防记录"
        ordering = ["-on_date", "-id"]
