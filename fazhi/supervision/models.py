"""督促问效: the indicator library (versioned per scheme-year), snapshots, quarterly scores, letters."""

from django.conf import settings
from django.db import models

from fazhi.core.models import Agency, Region

from .choices import (
    AccountabilityMeasure,
    AnnualReportState,
    Band,
    Importance,
    InspectionState,
    LetterKind,
    LetterState,
    Operator,
    PeriodType,
    RectState,
    ReportState,
    SheetState,
    SourceKind,
    TaskState,
    UnitClass,
)


class Scheme(models.Model):
    """One version of an indicator scheme for one year (the tree hangs from it). Data, not code."""

    year = models.PositiveSmallIntegerField("年度")
    version = models.PositiveSmallIntegerField("版本", default=1)
    name = models.CharField("名称", max_length=120)
    basis = models.CharField("依据", max_length=300, blank=True)
    verified = models.BooleanField("已核实", default=False,
                                   help_text="种子数据为未核实，须经依法治州办核对原文后标记")
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标体系"
        ordering = ["-year", "-version"]
        constraints = [models.UniqueConstraint(fields=["year", "version"], name="supervision_scheme_year_version")]

    def __str__(self):
        return f"{self.name}（{self.year}年第{self.version}版）"


class IndicatorNode(models.Model):
    """一级/二级/三级 indicator. Leaves (level 3, or a level 2 without children) are measured and scored."""

    scheme = models.ForeignKey(Scheme, verbose_name="指标体系", on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey("self", verbose_name="上级指标", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    level = models.PositiveSmallIntegerField("层级", choices=[(1, "一级"), (2, "二级"), (3, "三级")])
    number = models.CharField("编号", max_length=20)  # "1", "1.2", "1.2.3"
    code = models.CharField("代码", max_length=60)
    name = models.CharField("名称", max_length=200)
    description = models.TextField("说明", blank=True)
    unit = models.CharField("计量单位", max_length=10, blank=True)  # core.indicators unit: rate/count/…
    direction = models.CharField("方向", max_length=6, choices=[("higher", "越高越好"), ("lower", "越低越好")],
                                 default="higher")
    target = models.DecimalField("目标值", max_digits=12, decimal_places=4, null=True, blank=True)
    green = models.DecimalField("绿色线", max_digits=12, decimal_places=4, null=True, blank=True)
    yellow = models.DecimalField("黄色线", max_digits=12, decimal_places=4, null=True, blank=True)
    points = models.DecimalField("分值", max_digits=6, decimal_places=2, default=0)
    weight = models.DecimalField("权重", max_digits=6, decimal_places=4, null=True, blank=True)
    unit_classes = models.JSONField("适用单位类别", default=list)
    responsible = models.CharField("责任单位", max_length=100, blank=True)
    period_type = models.CharField("周期", max_length=8, choices=PeriodType.choices, default=PeriodType.MONTH)
    source = models.CharField("数据来源", max_length=10, choices=SourceKind.choices, default=SourceKind.COMPUTED)
    indicator_code = models.CharField("登记指标代码", max_length=100, blank=True)  # core registry code
    form_name = models.CharField("填报表", max_length=100, blank=True)
    rule = models.CharField("计分规则", max_length=12, blank=True)
    rule_params = models.JSONField("计分参数", default=dict, blank=True)
    criteria = models.TextField("评分标准", blank=True)
    materials = models.CharField("主要资料", max_length=300, blank=True)
    unverified = models.BooleanField("未核实", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "指标"
        ordering = ["scheme", "order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "number"], name="supervision_node_number"),
            models.UniqueConstraint(fields=["scheme", "code"], name="supervision_node_code"),
        ]

    def __str__(self):
        return f"{self.number} {self.name}"

    @property
    def unit_class_labels(self) -> str:
        return "、".join(UnitClass(c).label if c in UnitClass.values else c for c in self.unit_classes)


def unit_label(region, agency) -> str:
    return agency.name if agency is not None else region.name


class Snapshot(models.Model):
    """One measured figure of one computed indicator for one unit and period, one version of it.

    A recomputation writes a new version; the published version stays until staff publish another
    (recorded in the audit chain) — the published figure is never overwritten in place."""

    node = models.ForeignKey(IndicatorNode, verbose_name="指标", on_delete=models.PROTECT, related_name="snapshots")
    indicator_code = models.CharField("登记指标代码", max_length=100, db_index=True)
    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    period_kind = models.CharField("周期", max_length=8, choices=PeriodType.choices)
    period_start = models.DateField("起")
    period_end = models.DateField("止")
    version = models.PositiveSmallIntegerField("版本", default=1)
    is_published = models.BooleanField("已发布", default=False)
    value = models.DecimalField("值", max_digits=16, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField("分子", max_digits=16, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField("分母", max_digits=16, decimal_places=4, null=True, blank=True)
    base = models.CharField("统计口径", max_length=200, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    band = models.CharField("色带", max_length=6, choices=Band.choices, blank=True)
    computed_at = models.DateTimeField("计算时间")
    run = models.ForeignKey("MonitoringRun", verbose_name="计算批次", on_delete=models.PROTECT,
                            related_name="snapshots")

    class Meta:
        verbose_name = verbose_name_plural = "指标快照"
        ordering = ["period_start", "node__order", "region__region_path"]
        constraints = [
            models.UniqueConstraint(fields=["node", "region", "agency", "period_start", "period_kind", "version"],
                                    name="supervision_snapshot_version"),
        ]
        indexes = [models.Index(fields=["period_kind", "period_start", "is_published"])]

    @property
    def unit_name(self):
        return unit_label(self.region, self.agency)


class MonitoringRun(models.Model):
    """One computation of a period (月监测 or a recomputation), with who, when and why."""

    period_kind = models.CharField("周期", max_length=8, choices=PeriodType.choices)
    period_start = models.DateField("起")
    period_end = models.DateField("止")
    version = models.PositiveSmallIntegerField("版本")
    scheme = models.ForeignKey(Scheme, verbose_name="指标体系", on_delete=models.PROTECT, related_name="runs")
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("重算理由", max_length=300, blank=True)
    is_published = models.BooleanField("已发布", default=False)
    snapshot_count = models.PositiveIntegerField("快照数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "监测批次"
        ordering = ["-period_start", "-version"]
        constraints = [models.UniqueConstraint(fields=["scheme", "period_kind", "period_start", "version"],
                                               name="supervision_run_version")]


class QuarterScore(models.Model):
    """The score of one unit for one quarter under a scheme, with its rank in its class and the trend."""

    scheme = models.ForeignKey(Scheme, verbose_name="指标体系", on_delete=models.PROTECT, related_name="scores")
    unit_class = models.CharField("单位类别", max_length=12, choices=UnitClass.choices)
    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    region_path = models.CharField("所属区划路径", max_length=200, db_index=True)
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    total = models.DecimalField("得分", max_digits=7, decimal_places=2)
    grade = models.CharField("等次", max_length=6)
    rank = models.PositiveSmallIntegerField("名次")
    previous_rank = models.PositiveSmallIntegerField("上季度名次", null=True, blank=True)
    previous_total = models.DecimalField("上季度得分", max_digits=7, decimal_places=2, null=True, blank=True)
    detail = models.JSONField("分项", default=list)
    computed_at = models.DateTimeField("计算时间")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "季度评估得分"
        ordering = ["year", "quarter", "unit_class", "rank"]
        constraints = [models.UniqueConstraint(fields=["scheme", "unit_class", "region", "agency", "year", "quarter"],
                                               name="supervision_quarter_score")]

    @property
    def unit_name(self):
        return unit_label(self.region, self.agency)

    @property
    def trend(self) -> int | None:
        """Places gained (+) or lost (−) since the previous quarter; None when it was not ranked."""
        return None if self.previous_rank is None else self.previous_rank - self.rank


class Letter(models.Model):
    """One rung of the ladder 提示函 → 通报 → 约谈 → 问责 addressed to one unit."""

    SCOPE_AGENCY_FIELD = "agency"
    SCOPE_OWNER_FIELD = "created_by"

    kind = models.CharField("类别", max_length=16, choices=LetterKind.choices)
    state = models.CharField("状态", max_length=12, choices=LetterState.choices, default=LetterState.PROPOSED)
    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, verbose_name="受文单位", on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField("所属区划路径", max_length=200, db_index=True)
    node = models.ForeignKey(IndicatorNode, verbose_name="指标", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="letters")
    snapshots = models.ManyToManyField(Snapshot, verbose_name="所依据的数据", blank=True, related_name="letters")
    previous = models.OneToOneField("self", verbose_name="升级自", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="escalation")
    rule = models.CharField("提出规则", max_length=60)
    problems = models.TextField("存在问题")
    demand = models.TextField("整改要求", blank=True)
    number = models.CharField("文号", max_length=60, blank=True)
    issued_on = models.DateField("发出日期", null=True, blank=True)
    due_on = models.DateField("整改期限", null=True, blank=True)
    document = models.FileField("函件", upload_to="supervision/letters/%Y/", blank=True)
    document_sha256 = models.CharField("函件SHA-256", max_length=64, blank=True)
    answer = models.TextField("整改报告", blank=True)
    answered_at = models.DateTimeField("报送时间", null=True, blank=True)
    review_note = models.TextField("审核意见", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    rectification = models.ForeignKey("Rectification", verbose_name="督察整改事项", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="letters")
    task = models.ForeignKey("PlanTask", verbose_name="任务", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="letters")

    class Meta:
        verbose_name = verbose_name_plural = "督促函件"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.agency.name}"


class ScoreInput(models.Model):
    """The input of a reported or scored indicator for one unit and quarter (a count, a flag as 0/1, or an
    assessor's score), with the evidence it rests on."""

    node = models.ForeignKey(IndicatorNode, verbose_name="指标", on_delete=models.PROTECT, related_name="inputs")
    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, verbose_name="单位", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    value = models.DecimalField("填报值／评分", max_digits=12, decimal_places=2)
    evidence = models.TextField("依据材料")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "填报与评分"
        ordering = ["year", "quarter", "node__order"]


# ---------------------------------------------------------------- 单位填报 (DHIS2's data set)


class ReportForm(models.Model):
    """A data form (填报表) that units fill for a period: its fields, the field that feeds a reported
    indicator, and its validation rules. Locking and timeliness are settings (days after the period)."""

    scheme = models.ForeignKey(Scheme, verbose_name="指标体系", on_delete=models.CASCADE, related_name="forms")
    code = models.CharField("代码", max_length=60)
    name = models.CharField("名称", max_length=120)
    period_type = models.CharField("周期", max_length=8, choices=PeriodType.choices, default=PeriodType.QUARTER)
    unit_classes = models.JSONField("填报单位类别", default=list)
    fields = models.JSONField("填报项", default=list)  # [{"code": "hearings", "label": "…", "unit": "次"}]
    node = models.ForeignKey(IndicatorNode, verbose_name="对应指标", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="forms")
    value_field = models.CharField("计分取值项", max_length=40, blank=True)
    instructions = models.TextField("填报说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "填报表"
        ordering = ["scheme", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="supervision_form_code")]

    def __str__(self):
        return self.name

    def field_labels(self) -> dict:
        return {f["code"]: f["label"] for f in self.fields}


class ValidationRule(models.Model):
    """左边 运算符 右边, each side an expression over the form's field codes (DHIS2's validation rule)."""

    form = models.ForeignKey(ReportForm, verbose_name="填报表", on_delete=models.CASCADE, related_name="rules")
    name = models.CharField("规则名称", max_length=120)
    left = models.CharField("左边", max_length=200)
    operator = models.CharField("运算符", max_length=16, choices=Operator.choices)
    right = models.CharField("右边", max_length=200, blank=True)
    importance = models.CharField("重要性", max_length=8, choices=Importance.choices, default=Importance.MEDIUM)
    instruction = models.CharField("提示", max_length=300)

    class Meta:
        verbose_name = verbose_name_plural = "校验规则"
        ordering = ["form", "id"]


class DataReport(models.Model):
    """One unit's filled form for one period: values, evidence (core attachments), the approvals."""

    SCOPE_AGENCY_FIELD = "agency"
    SCOPE_OWNER_FIELD = "submitted_by"

    form = models.ForeignKey(ReportForm, verbose_name="填报表", on_delete=models.PROTECT, related_name="reports")
    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, verbose_name="填报单位", on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField("所属区划路径", max_length=200, db_index=True)
    period_kind = models.CharField("周期", max_length=8, choices=PeriodType.choices)
    period_start = models.DateField("起")
    period_end = models.DateField("止")
    values = models.JSONField("填报值", default=dict)
    note = models.TextField("说明", blank=True)
    state = models.CharField("状态", max_length=10, choices=ReportState.choices, default=ReportState.DRAFT)
    approved_level = models.PositiveSmallIntegerField("已审核级数", default=0)
    violations = models.JSONField("校验结果", default=list)
    first_submitted_at = models.DateTimeField("首次报送时间", null=True, blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    timely = models.BooleanField("按时报送", null=True)
    created_at = models.DateTimeField("开放时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "单位填报"
        ordering = ["-period_start", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["form", "agency", "period_start"],
                                               name="supervision_report_unit_period")]
        indexes = [models.Index(fields=["state", "period_start"])]

    def __str__(self):
        return f"{self.form.name}：{self.agency.name}"


class ReportApproval(models.Model):
    """One level's decision on a report (逐级审核): approved or returned, with the note."""

    report = models.ForeignKey(DataReport, verbose_name="填报", on_delete=models.CASCADE, related_name="approvals")
    level = models.PositiveSmallIntegerField("审核级")
    approved = models.BooleanField("通过")
    note = models.CharField("审核意见", max_length=500, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("审核时间")

    class Meta:
        verbose_name = verbose_name_plural = "填报审核"
        ordering = ["report", "at", "id"]


class Interview(models.Model):
    """The record of a 约谈 (督察规定 第十三条(三)、第三十条): when, where, who met whom, the minutes and
    the commitments the interviewed made."""

    letter = models.OneToOneField(Letter, verbose_name="约谈通知", on_delete=models.PROTECT, related_name="interview")
    held_at = models.DateTimeField("约谈时间")
    place = models.CharField("约谈地点", max_length=200)
    interviewers = models.CharField("约谈人", max_length=300)
    interviewees = models.CharField("被约谈人", max_length=300)
    attendees = models.CharField("列席人员", max_length=300, blank=True)
    minutes = models.TextField("约谈纪要")
    commitments = models.TextField("表态与承诺")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "约谈记录"


class Accountability(models.Model):
    """The 问责 decision closing a chain (督察规定 第二十八条、第二十九条、第三十二条): who decided, what, on whom."""

    letter = models.OneToOneField(Letter, verbose_name="问责建议", on_delete=models.PROTECT,
                                  related_name="accountability")
    decided_on = models.DateField("决定日期")
    decided_by = models.CharField("作出决定机关", max_length=120)
    decision_number = models.CharField("决定文号", max_length=60)
    subjects = models.CharField("被问责对象", max_length=300)
    measure = models.CharField("问责方式", max_length=12, choices=AccountabilityMeasure.choices)
    decision = models.TextField("问责决定")
    chain = models.JSONField("问责所依据的督促链", default=list)  # [{"id", "kind", "number", "state"}]
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "问责决定"


# ---------------------------------------------------------------- 半年督察


class Inspection(models.Model):
    """A half-year inspection task of one unit (督察规定 第十一条—第十八条): what, who inspects, when."""

    SCOPE_AGENCY_FIELD = "agency"
    SCOPE_OWNER_FIELD = "created_by"

    year = models.PositiveSmallIntegerField("年度")
    half = models.PositiveSmallIntegerField("半年", choices=[(1, "上半年"), (2, "下半年")])
    title = models.CharField("督察任务", max_length=200)
    subject = models.TextField("督察内容")
    inspectors = models.CharField("督察组成员", max_length=300)
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期")
    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, verbose_name="被督察单位", on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField("所属区划路径", max_length=200, db_index=True)
    state = models.CharField("状态", max_length=10, choices=InspectionState.choices, default=InspectionState.PLANNED)
    report = models.TextField("督察报告", blank=True)
    feedback_on = models.DateField("反馈日期", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="部署人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("部署时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "督察任务"
        ordering = ["-year", "-half", "agency__name"]

    def __str__(self):
        return f"{self.title}：{self.agency.name}"


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, verbose_name="督察任务", on_delete=models.CASCADE,
                                   related_name="findings")
    text = models.TextField("发现的问题")
    basis = models.CharField("依据", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("序号", default=1)

    class Meta:
        verbose_name = verbose_name_plural = "督察发现问题"
        ordering = ["inspection", "order"]


class Rectification(models.Model):
    """One rectification item of a finding, with its deadline in working days from the feedback."""

    SCOPE_AGENCY_FIELD = "agency"
    SCOPE_OWNER_FIELD = None

    finding = models.ForeignKey(Finding, verbose_name="问题", on_delete=models.CASCADE, related_name="items")
    inspection = models.ForeignKey(Inspection, verbose_name="督察任务", on_delete=models.CASCADE,
                                   related_name="items")
    agency = models.ForeignKey(Agency, verbose_name="整改单位", on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField("所属区划路径", max_length=200, db_index=True)
    demand = models.TextField("整改要求")
    workdays = models.PositiveSmallIntegerField("整改时限（工作日）")
    due_on = models.DateField("整改期限", null=True, blank=True)
    state = models.CharField("状态", max_length=10, choices=RectState.choices, default=RectState.OPEN)
    report = models.TextField("整改情况", blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    review_note = models.CharField("审核意见", max_length=500, blank=True)
    accepted_at = models.DateTimeField("销号时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "督察整改事项"
        ordering = ["inspection", "finding__order", "id"]
        indexes = [models.Index(fields=["state", "due_on"])]


# ---------------------------------------------------------------- 年终考评


class AnnualSheet(models.Model):
    """One unit's annual score sheet (年终考评): self-assessment, the office's review, bonus, veto, the
    final grade and rank in its class, published to every unit once the class is ranked."""

    SCOPE_AGENCY_FIELD = "agency"
    SCOPE_OWNER_FIELD = None

    scheme = models.ForeignKey(Scheme, verbose_name="指标体系", on_delete=models.PROTECT, related_name="sheets")
    year = models.PositiveSmallIntegerField("年度")
    unit_class = models.CharField("单位类别", max_length=12, choices=UnitClass.choices)
    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, verbose_name="被考评单位", on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField("所属区划路径", max_length=200, db_index=True)
    state = models.CharField("状态", max_length=10, choices=SheetState.choices, default=SheetState.SELF)
    self_total = models.DecimalField("自评总分", max_digits=7, decimal_places=2, null=True, blank=True)
    base_total = models.DecimalField("审核基础分", max_digits=7, decimal_places=2, null=True, blank=True)
    bonus_total = models.DecimalField("加分", max_digits=7, decimal_places=2, null=True, blank=True)
    total = models.DecimalField("审核总分", max_digits=7, decimal_places=2, null=True, blank=True)
    grade_cap = models.CharField("等次限制", max_length=6, blank=True)
    grade = models.CharField("等次", max_length=6, blank=True)
    rank = models.PositiveSmallIntegerField("名次", null=True, blank=True)
    submitted_at = models.DateTimeField("自评提交时间", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "年终考评表"
        ordering = ["year", "unit_class", "rank", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["scheme", "year", "agency"], name="supervision_sheet_unit")]

    def __str__(self):
        return f"{self.year}年度考评：{self.agency.name}"


class AnnualItem(models.Model):
    """One row of the sheet: 分值 | 评分标准 | 主要资料 | 数据来源 | 责任单位 | 自评 | 审核得分."""

    sheet = models.ForeignKey(AnnualSheet, verbose_name="考评表", on_delete=models.CASCADE, related_name="items")
    node = models.ForeignKey(IndicatorNode, verbose_name="指标", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=8, choices=[("score", "计分"), ("bonus", "加分"), ("veto", "否决")])
    points = models.DecimalField("分值", max_digits=6, decimal_places=2)
    criteria = models.TextField("评分标准", blank=True)
    materials = models.CharField("主要资料", max_length=300, blank=True)
    data_source = models.CharField("数据来源", max_length=120, blank=True)
    responsible = models.CharField("责任单位", max_length=100, blank=True)
    system_score = models.DecimalField("系统测算", max_digits=6, decimal_places=2, null=True, blank=True)
    system_note = models.CharField("测算说明", max_length=300, blank=True)
    self_score = models.DecimalField("自评", max_digits=6, decimal_places=2, null=True, blank=True)
    self_note = models.CharField("自评说明", max_length=500, blank=True)
    review_score = models.DecimalField("审核得分", max_digits=6, decimal_places=2, null=True, blank=True)
    review_note = models.CharField("审核说明", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "考评表项目"
        ordering = ["sheet", "node__order"]


# ---------------------------------------------------------------- 规划与任务台账


class Plan(models.Model):
    """An imported plan (一规划两纲要, the annual 法治政府建设工作要点): the source file's name and hash kept."""

    title = models.CharField("规划/要点名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    source_name = models.CharField("导入文件", max_length=200)
    source_sha256 = models.CharField("文件SHA-256", max_length=64)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "规划与工作要点"
        ordering = ["-year", "-id"]

    def __str__(self):
        return self.title


class PlanTask(models.Model):
    """One task of a plan with its lead and co-operating units, deadline and milestones (任务书/时间表)."""

    SCOPE_AGENCY_FIELD = "lead"
    SCOPE_OWNER_FIELD = None

    plan = models.ForeignKey(Plan, verbose_name="规划", on_delete=models.CASCADE, related_name="tasks")
    number = models.CharField("序号", max_length=20)
    title = models.TextField("任务内容")
    lead = models.ForeignKey(Agency, verbose_name="牵头单位", on_delete=models.PROTECT, related_name="+")
    co_units = models.ManyToManyField(Agency, verbose_name="配合单位", blank=True, related_name="+")
    region_path = models.CharField("所属区划路径", max_length=200, db_index=True)
    deadline = models.DateField("完成时限")
    state = models.CharField("状态", max_length=8, choices=TaskState.choices, default=TaskState.PENDING)
    progress = models.PositiveSmallIntegerField("完成进度（%）", default=0)
    done_on = models.DateField("完成日期", null=True, blank=True)
    row = models.PositiveIntegerField("导入行号", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "任务"
        ordering = ["plan", "row", "id"]
        indexes = [models.Index(fields=["state", "deadline"])]

    def __str__(self):
        return f"{self.number} {self.title[:30]}"


class Milestone(models.Model):
    task = models.ForeignKey(PlanTask, verbose_name="任务", on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("阶段目标", max_length=300)
    due_on = models.DateField("时间节点")
    done_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "阶段目标"
        ordering = ["task", "due_on", "id"]


class ProgressReport(models.Model):
    """A unit's progress report on a task, with evidence (core attachments)."""

    task = models.ForeignKey(PlanTask, verbose_name="任务", on_delete=models.CASCADE, related_name="reports")
    agency = models.ForeignKey(Agency, verbose_name="报告单位", on_delete=models.PROTECT, related_name="+")
    text = models.TextField("进展情况")
    progress = models.PositiveSmallIntegerField("完成进度（%）")
    at = models.DateTimeField("报告时间")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="报告人", null=True, blank=True,
                           on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "任务进展"
        ordering = ["task", "-at", "-id"]


# ---------------------------------------------------------------- 法治政府建设年度报告


class AnnualReport(models.Model):
    """A government's or department's 法治政府建设年度报告 for a year: the five statutory parts
    (督察规定 第二十五条), drafted from the year's data and left for the unit to edit, with the submission
    (第二十三条) and publication (第二十四条) deadlines tracked."""

    SCOPE_AGENCY_FIELD = "agency"
    SCOPE_OWNER_FIELD = None

    year = models.PositiveSmallIntegerField("报告年度")
    region = models.ForeignKey(Region, verbose_name="区划", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, verbose_name="报告单位", on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField("所属区划路径", max_length=200, db_index=True)
    is_department = models.BooleanField("政府部门")
    state = models.CharField("状态", max_length=10, choices=AnnualReportState.choices,
                             default=AnnualReportState.DRAFT)
    part1 = models.TextField("一、主要举措和成效", blank=True)
    part2 = models.TextField("二、存在的不足和原因", blank=True)
    part3 = models.TextField("三、党政主要负责人履行推进法治建设第一责任人职责情况", blank=True)
    part4 = models.TextField("四、下一年度主要安排", blank=True)
    part5 = models.TextField("五、其他需要报告的情况", blank=True)
    figures = models.JSONField("起草所依据的数据", default=list)
    submit_due = models.DateField("报送截止")
    publish_due = models.DateField("公开截止")
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    review_note = models.CharField("审核意见", max_length=500, blank=True)
    secrecy_checked = models.BooleanField("已保密审查", default=False)
    published_on = models.DateField("公开日期", null=True, blank=True)
    publication_url = models.URLField("公开网址", blank=True)
    drafted_at = models.DateTimeField("起草时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "法治政府建设年度报告"
        ordering = ["-year", "is_department", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["year", "agency"], name="supervision_annual_report_unit")]

    def __str__(self):
        return f"{self.agency.name}{self.year}年度法治政府建设情况报告"
