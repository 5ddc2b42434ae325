"""行政执法: the registers published before enforcement (事前公开) and the case file.

Statutory rules live in ``rules.py``; the case's procedure in ``workflow.py``.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models

from fazhi.core.models import ScopedModel

from .choices import (
    BodyKind,
    CaseState,
    ComplaintResult,
    ComplaintSource,
    ComplaintState,
    DiscretionLevel,
    EvaluationGrade,
    EvaluationState,
    ImportKind,
    ImportStatus,
    InspectionKind,
    InspectionMode,
    InspectionResult,
    InspectionSource,
    LenientKind,
    MatterKind,
    OfficerStatus,
    PartyKind,
    PenaltyKind,
    Procedure,
    TownshipKind,
    TownshipState,
)


class Registered(ScopedModel):
    """A register row owned by an agency (scope by agency; no personal owner)."""

    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="执法机关")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SCOPE_OWNER_FIELD = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.agency_id and not self.region_path:
            self.region_path = self.agency.region_path
        super().save(*args, **kwargs)


class EnforcementBody(Registered):
    """执法主体: an agency with enforcement power, or a 受委托组织 acting in its entrusting agency's name."""

    name = models.CharField("主体名称", max_length=200)
    kind = models.CharField("主体类别", max_length=20, choices=BodyKind.choices, default=BodyKind.STATUTORY)
    legal_basis = models.TextField("设定依据")
    jurisdiction = models.CharField("管辖范围", max_length=300, blank=True)
    categories = models.JSONField("执法类别", default=list, blank=True)
    entrusting_agency = models.ForeignKey("core.Agency", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+", verbose_name="委托机关")
    entrusted_scope = models.TextField("委托事项和权限", blank=True)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "执法主体"
        ordering = ["region_path", "name"]

    def __str__(self):
        return self.name


class Officer(Registered):
    """执法人员 and their 执法证. ``has_legal_qualification`` marks legal-review staff (第五十八条)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name="系统账号")
    name = models.CharField("姓名", max_length=50)
    certificate_no = models.CharField("执法证号", max_length=40, unique=True)
    field = models.CharField("执法领域", max_length=100)
    issued_on = models.DateField("发证日期")
    expires_on = models.DateField("有效期至")
    status = models.CharField("证件状态", max_length=20, choices=OfficerStatus.choices, default=OfficerStatus.VALID)
    status_since = models.DateField("状态变更日期", null=True, blank=True)
    training_hours = models.PositiveIntegerField("本年度培训学时", default=0)
    has_legal_qualification = models.BooleanField("具有法律职业资格", default=False)
    is_legal_reviewer = models.BooleanField("法制审核人员", default=False)

    class Meta:
        verbose_name = "执法人员"
        ordering = ["region_path", "name"]

    def __str__(self):
        return f"{self.name}（{self.certificate_no}）"


class Matter(Registered):
    """执法事项清单: a case cites one listed matter."""

    code = models.CharField("事项编码", max_length=60)
    name = models.CharField("事项名称", max_length=300)
    kind = models.CharField("事项类别", max_length=20, choices=MatterKind.choices)
    legal_basis = models.TextField("实施依据")
    level = models.CharField("行使层级", max_length=50, blank=True)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "执法事项"
        ordering = ["region_path", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="enforcement_matter_code_unique")]

    def __str__(self):
        return f"{self.code} {self.name}"


class Benchmark(Registered):
    """裁量基准 for one violation: its circumstances (情节) with ranges are ``BenchmarkRange`` rows."""

    matter = models.ForeignKey(Matter, null=True, blank=True, on_delete=models.PROTECT, related_name="benchmarks")
    violation = models.CharField("违法行为", max_length=300)
    legal_basis = models.TextField("处罚依据")
    published_on = models.DateField("公布日期", null=True, blank=True)

    class Meta:
        verbose_name = "裁量基准"
        ordering = ["region_path", "violation"]

    def __str__(self):
        return self.violation


class BenchmarkRange(models.Model):
    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="ranges")
    level = models.CharField("裁量阶次", max_length=20, choices=DiscretionLevel.choices)
    circumstance = models.CharField("违法情节", max_length=300)
    min_fine = models.DecimalField("罚款下限（元）", max_digits=14, decimal_places=2, default=0)
    max_fine = models.DecimalField("罚款上限（元）", max_digits=14, decimal_places=2, default=0)
    penalty_text = models.CharField("处罚内容", max_length=300, blank=True)

    class Meta:
        verbose_name = "裁量阶次"
        ordering = ["benchmark", "min_fine"]

    def __str__(self):
        return f"{self.get_level_display()}：{self.circumstance}"


class LenientItem(Registered):
    """免罚清单 / 轻罚清单 (行政处罚法 第三十三条)."""

    kind = models.CharField("类别", max_length=20, choices=LenientKind.choices)
    matter = models.ForeignKey(Matter, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    violation = models.CharField("违法行为", max_length=300)
    legal_basis = models.TextField("依据")
    conditions = models.TextField("适用条件")
    handling = models.TextField("处理方式", blank=True)
    education = models.TextField("教育措施", blank=True)

    class Meta:
        verbose_name = "免罚轻罚清单事项"
        ordering = ["region_path", "kind", "violation"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.violation}"


class Case(Registered):
    """A 行政处罚 case (general or summary procedure)."""

    code = models.UUIDField("编码", default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField("案号", max_length=80, blank=True, db_index=True)
    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="cases", verbose_name="执法事项")
    procedure = models.CharField("程序", max_length=20, choices=Procedure.choices, default=Procedure.GENERAL)
    state = models.CharField("状态", max_length=20, choices=CaseState.choices, default=CaseState.SOURCE,
                             db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="承办人")
    party_name = models.CharField("当事人", max_length=200)
    party_kind = models.CharField("当事人类别", max_length=20, choices=PartyKind.choices)
    party_operator = models.CharField("经营者（个体工商户）", max_length=50, blank=True)
    party_id_no = models.CharField("证件号码或统一社会信用代码", max_length=40, blank=True)
    party_address = models.CharField("地址", max_length=300, blank=True)
    facts = models.TextField("违法事实", blank=True)
    source = models.CharField("案件来源", max_length=200, blank=True)
    occurred_on = models.DateField("违法行为发生日期")
    continuing_until = models.DateField("连续或继续状态终了日期", null=True, blank=True)
    discovered_on = models.DateField("发现日期")
    serious_harm = models.BooleanField("涉及公民生命健康安全、金融安全且有危害后果", default=False)
    registered_on = models.DateField("立案日期", null=True, blank=True)
    officers = models.ManyToManyField(Officer, through="CaseOfficer", related_name="cases")
    benchmark_range = models.ForeignKey(BenchmarkRange, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name="适用裁量阶次")
    penalty_kind = models.CharField("处罚种类", max_length=30, choices=PenaltyKind.choices, blank=True)
    fine_amount = models.DecimalField("罚款金额（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    outside_range_reason = models.TextField("超出裁量基准的理由", blank=True)
    lenient_item = models.ForeignKey(LenientItem, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="对应免罚轻罚清单事项")
    lenient_applied = models.BooleanField("适用免罚轻罚清单", null=True, blank=True)
    lenient_reason = models.TextField("适用或不适用清单的理由", blank=True)
    major_reasons = models.JSONField("属重大执法决定的情形", default=list, blank=True)
    notice_served_on = models.DateField("事先告知书送达日期", null=True, blank=True)
    hearing_eligible = models.BooleanField("依法可要求听证", default=False)
    hearing_requested_on = models.DateField("申请听证日期", null=True, blank=True)
    hearing_held_on = models.DateField("听证日期", null=True, blank=True)
    hearing_waived = models.BooleanField("放弃听证", default=False)
    needs_discussion = models.BooleanField("须集体讨论（第五十七条第二款）", default=False)
    discussed_on = models.DateField("集体讨论日期", null=True, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_text = models.TextField("处罚决定书正文", blank=True)
    served_on = models.DateField("决定书送达日期", null=True, blank=True)
    published_on = models.DateField("公示日期", null=True, blank=True)
    # 事后公开: the text as published (redacted by ``redaction.redact`` plus passages staff marked).
    published_text = models.TextField("公示文本（已隐去个人信息）", blank=True)
    withdrawn_on = models.DateField("撤回公示日期", null=True, blank=True)
    withdrawal_reason = models.TextField("撤回公示的理由", blank=True)
    executed_on = models.DateField("执行完毕日期", null=True, blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)

    SCOPE_OWNER_FIELD = "created_by"

    class Meta:
        verbose_name = "行政处罚案件"
        ordering = ["-id"]
        indexes = [models.Index(fields=["agency", "state", "id"], name="enforcement_case_list"),
                   # 本单位: the list's newest-first order within one agency (the agency_id index alone leaves
                   # PostgreSQL walking the primary key backwards past every other agency's cases).
                   models.Index(fields=["agency", "id"], name="enforcement_case_agency_idx")]

    def __str__(self):
        return self.number or f"{self.party_name}（案源 {self.pk}）"

    @property
    def review_required(self) -> bool:
        return bool(self.major_reasons)


class CaseOfficer(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_officers")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "officer"], name="enforcement_case_officer_unique")]


class InvestigativeAct(models.Model):
    """One investigative act (询问、现场检查、抽样取证 …) with the officers who did it (第四十二条)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="acts")
    kind = models.CharField("取证方式", max_length=50)
    on_date = models.DateField("日期", default=datetime.date.today)
    summary = models.TextField("内容摘要", blank=True)
    officers = models.ManyToManyField(Officer, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on_date", "id"]


class InspectionPlan(Registered):
    """年度行政检查计划 of an agency (国办发〔2024〕54号; 控制对企业进行经济检查的规定 第五条), with the
    published yearly cap of inspections of one enterprise (``yearly_cap``)."""

    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("计划名称", max_length=200)
    basis = models.TextField("检查依据", blank=True)
    planned_count = models.PositiveIntegerField("计划检查户次", default=0)
    yearly_cap = models.PositiveSmallIntegerField("同一企业年度检查频次上限", default=1)
    filed_on = models.DateField("备案日期", null=True, blank=True)

    class Meta:
        verbose_name = "年度检查计划"
        ordering = ["-year", "region_path", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "year", "name"], name="enforcement_plan_unique")]

    def __str__(self):
        return f"{self.year}年 {self.name}"


def new_check_code() -> str:
    from fazhi.core.codes import new_public_code

    return new_public_code()


class Inspection(Registered):
    """One 涉企行政检查 (扫码入企): the enterprise checks it on the portal with ``check_code``.

    ``warnings`` keeps what was flagged when it was recorded (another agency inspected the same
    enterprise within the window; the yearly cap reached), each with the inspections behind it.
    """

    code = models.UUIDField("编码", default=uuid.uuid4, unique=True, editable=False)
    check_code = models.CharField("检查码", max_length=12, unique=True, default=new_check_code, editable=False)
    plan = models.ForeignKey(InspectionPlan, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="inspections", verbose_name="检查计划")
    matter = models.ForeignKey(Matter, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="检查事项")
    kind = models.CharField("检查类型", max_length=20, choices=InspectionKind.choices, default=InspectionKind.ROUTINE)
    source = models.CharField("任务来源", max_length=20, choices=InspectionSource.choices,
                              default=InspectionSource.PLAN)
    mode = models.CharField("检查方式", max_length=20, choices=InspectionMode.choices, default=InspectionMode.ON_SITE)
    enterprise_name = models.CharField("企业名称", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18, db_index=True)
    on_date = models.DateField("检查日期")
    approved_by = models.CharField("批准的负责人", max_length=50, blank=True)
    items = models.TextField("检查事项和内容")
    result = models.CharField("检查结果", max_length=20, choices=InspectionResult.choices)
    findings = models.TextField("发现的问题和处理", blank=True)
    joint_with = models.CharField("联合检查的单位", max_length=300, blank=True)
    officers = models.ManyToManyField(Officer, related_name="inspections", verbose_name="执法人员")
    warnings = models.JSONField("预警", default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="登记人")

    class Meta:
        verbose_name = "涉企行政检查"
        ordering = ["-on_date", "-id"]
        indexes = [
            models.Index(fields=["credit_code", "on_date"], name="enforcement_insp_enterprise"),
            models.Index(fields=["agency", "on_date", "id"], name="enforcement_insp_list"),
        ]

    def __str__(self):
        return f"{self.enterprise_name} {self.on_date:%Y-%m-%d} 检查"


class EvaluationRound(Registered):
    """案卷评查: a round run by a 司法行政部门 (``agency``) over the closed cases of its region, sampled at
    random per enforcement agency; the rubric (a scoring table) is kept with the round, so that a later
    change of the table does not alter past scores."""

    code = models.UUIDField("编码", default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField("评查年度")
    name = models.CharField("评查名称", max_length=200)
    per_agency = models.PositiveSmallIntegerField("每个执法机关抽取案卷数", default=3)
    seed = models.CharField("抽样种子", max_length=40)
    rubric = models.JSONField("评查标准")
    state = models.CharField("状态", max_length=20, choices=EvaluationState.choices, default=EvaluationState.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="组织人")

    class Meta:
        verbose_name = "案卷评查"
        ordering = ["-year", "-id"]

    def __str__(self):
        return self.name


class EvaluationSample(models.Model):
    """One sampled case file, its deductions per item, the veto items found, the score and grade."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="samples")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="被评查机关")
    deductions = models.JSONField("扣分", default=dict, blank=True)
    vetoes = models.JSONField("一票否决事项", default=list, blank=True)
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField("等次", max_length=20, choices=EvaluationGrade.choices, blank=True)
    problems = models.TextField("存在的问题", blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name="评查人")
    scored_at = models.DateTimeField("评分时间", null=True, blank=True)
    rectification = models.TextField("整改情况", blank=True)
    rectified_on = models.DateField("整改日期", null=True, blank=True)

    class Meta:
        verbose_name = "评查案卷"
        ordering = ["round", "agency", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "case"], name="enforcement_sample_unique")]


class TownshipCase(Registered):
    """乡镇 "两违": illegal construction in a village planning area, handled by the township itself
    (城乡规划法 第六十五条, through 行政强制法 第三十五条、第三十七条、第四十四条 to a forced demolition), or
    illegal land use, routed to the competent department (土地管理法 第七十七条、第七十八条)."""

    code = models.UUIDField("编码", default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField("类型", max_length=20, choices=TownshipKind.choices)
    state = models.CharField("状态", max_length=20, choices=TownshipState.choices, default=TownshipState.REPORTED,
                             db_index=True)
    party_name = models.CharField("当事人", max_length=200)
    location = models.CharField("位置", max_length=300)
    facts = models.TextField("违法事实")
    villager_house = models.BooleanField("农村村民非法占地建住宅（土地管理法第七十八条）", default=False)
    discovered_on = models.DateField("发现日期")
    ordered_on = models.DateField("责令改正日期", null=True, blank=True)
    correct_by = models.DateField("限期改正至", null=True, blank=True)
    corrected_on = models.DateField("改正日期", null=True, blank=True)
    decision_no = models.CharField("拆除决定文号", max_length=80, blank=True)
    decided_on = models.DateField("拆除决定日期", null=True, blank=True)
    urged_on = models.DateField("催告日期", null=True, blank=True)
    urge_by = models.DateField("催告履行期限", null=True, blank=True)
    statement = models.TextField("当事人陈述申辩及复核（行政强制法第三十六条）", blank=True)
    announced_on = models.DateField("公告日期", null=True, blank=True)
    self_demolish_by = models.DateField("公告限期自行拆除至", null=True, blank=True)
    challenge_filed_on = models.DateField("申请复议或提起诉讼日期", null=True, blank=True)
    challenge_pending = models.BooleanField("复议或诉讼未决", default=False)
    challenge_outcome = models.CharField("复议或诉讼结果", max_length=200, blank=True)
    demolished_on = models.DateField("拆除日期", null=True, blank=True)
    transferred_to = models.CharField("移送的主管部门", max_length=200, blank=True)
    transferred_on = models.DateField("移送日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="登记人")

    class Meta:
        verbose_name = "乡镇两违案件"
        ordering = ["-id"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.party_name}（{self.location}）"


class ImportJob(Registered):
    """One bulk import of cases, officers or inspections from .xlsx/.csv: every row validated; valid rows
    committed in batches; invalid rows returned in an error workbook with the reason beside each row; a row
    already imported (same natural key) is skipped, so re-running a file adds nothing twice."""

    code = models.UUIDField("编码", default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField("导入内容", max_length=20, choices=ImportKind.choices)
    status = models.CharField("状态", max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    source = models.ForeignKey("core.Attachment", on_delete=models.PROTECT, related_name="+", verbose_name="导入文件")
    errors_file = models.ForeignKey("core.Attachment", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="错误行工作簿")
    total = models.PositiveIntegerField("数据行数", default=0)
    processed = models.PositiveIntegerField("已处理", default=0)
    created_count = models.PositiveIntegerField("新增", default=0)
    skipped = models.PositiveIntegerField("已存在（跳过）", default=0)
    failed = models.PositiveIntegerField("有误", default=0)
    message = models.CharField("说明", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="导入人")
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "批量导入"
        ordering = ["-id"]

    @property
    def percent(self) -> int:
        return 100 if self.status == ImportStatus.DONE else (self.processed * 100 // self.total if self.total else 0)


class Complaint(Registered):
    """投诉举报 against enforcement (行政处罚法 第七十五条: 申诉、检举 — 认真审查，发现有错误的，应当主动改正):
    received by the 行政执法监督机构, answered by the agency complained about, closed with its finding. The
    complainant's contact is never shown outside the case."""

    code = models.UUIDField("编码", default=uuid.uuid4, unique=True, editable=False)
    source = models.CharField("来源", max_length=20, choices=ComplaintSource.choices)
    complainant = models.CharField("投诉举报人", max_length=100, blank=True)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    content = models.TextField("投诉举报内容")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name="涉及的案件")
    received_on = models.DateField("收到日期")
    state = models.CharField("状态", max_length=20, choices=ComplaintState.choices, default=ComplaintState.RECEIVED,
                             db_index=True)
    handle_by = models.DateField("办理期限", null=True, blank=True)
    reject_reason = models.TextField("不予受理的理由", blank=True)
    answer = models.TextField("执法机关的核查和处理情况", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    result = models.CharField("办理结果", max_length=20, choices=ComplaintResult.choices, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="登记人")

    class Meta:
        verbose_name = "执法投诉举报"
        ordering = ["-id"]

    def __str__(self):
        return f"对{self.agency.name}的投诉举报（{self.received_on:%Y-%m-%d}）"


class MajorCatalogue(Registered):
    """重大执法决定目录 of one agency (行政处罚法 第五十八条; 国办发〔2018〕118号): the thresholds that make a
    decision 重大 and so subject to 法制审核. Without one, the platform's defaults (rules.DEFAULTS, RULES.md §2)."""

    fine_person = models.DecimalField("对公民罚款达到（元）", max_digits=14, decimal_places=2)
    fine_organisation = models.DecimalField("对法人或其他组织罚款达到（元）", max_digits=14, decimal_places=2)
    penalty_kinds = models.JSONField("属于重大执法决定的处罚种类", default=list, blank=True)
    other_items = models.TextField("其他情形（如涉及重大公共利益、社会影响重大）", blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)

    class Meta:
        verbose_name = "重大执法决定目录"
        constraints = [models.UniqueConstraint(fields=["agency"], name="enforcement_major_catalogue_agency")]

    def __str__(self):
        return f"{self.agency.name}重大执法决定目录"
