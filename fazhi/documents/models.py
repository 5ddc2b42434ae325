"""行政规范性文件: data and single-object invariants. The procedure lives in workflow.py and services.py."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from fazhi.core.codes import new_public_code  # migration 0001 names it as documents.models.new_public_code
from fazhi.core.models import Agency, Attachment, Deadline, IssuedNumber, ScopedModel, county_path_field

from .choices import (
    CampaignKind,
    CampaignStatus,
    Category,
    CleanupDecision,
    CongressOutcome,
    DocumentState,
    EvaluationStatus,
    FairCompetitionConclusion,
    FilingReviewStatus,
    FilingStatus,
    MeetingOutcome,
    MeetingType,
    SuggestionStatus,
    UpperLawLevel,
    UpperLawStatus,
)


class UpperLaw(models.Model):
    """A law, regulation or rule that documents rely on (上位法)."""

    name = models.CharField("名称", max_length=200, unique=True)
    level = models.CharField("效力层级", max_length=20, choices=UpperLawLevel.choices)
    issuer = models.CharField("制定机关", max_length=100, blank=True)
    promulgated_on = models.DateField("公布日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=UpperLawStatus.choices, default=UpperLawStatus.IN_FORCE)
    status_changed_on = models.DateField("状态变化日期", null=True, blank=True)
    status_note = models.CharField("变化说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "上位法"
        verbose_name_plural = "上位法"
        ordering = ["name"]

    def __str__(self):
        return self.name


class NormativeDocument(ScopedModel):
    """A 行政规范性文件 from its first draft to its repeal. ``region_path`` is the issuer's region."""

    code = models.CharField("公开编码", max_length=12, unique=True, default=new_public_code, editable=False)
    title = models.CharField("文件名称", max_length=300)
    category = models.CharField("类别", max_length=20, choices=Category.choices, default=Category.ADMINISTRATION)
    agency = models.ForeignKey(Agency, verbose_name="起草单位", on_delete=models.PROTECT, related_name="drafted_documents")
    issuing_agency = models.ForeignKey(Agency, verbose_name="制定机关", on_delete=models.PROTECT,
                                       related_name="issued_documents")
    filing_authority = models.ForeignKey(Agency, verbose_name="备案审查机关", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="filed_documents")
    affects_rights = models.BooleanField("涉及公民、法人和其他组织权利义务", default=True)
    concerns_market = models.BooleanField("涉及市场主体经济活动", default=False)
    is_provisional = models.BooleanField("暂行或试行", default=False)
    validity_years = models.PositiveSmallIntegerField("有效期（年）", default=5)
    state = models.CharField("办理状态", max_length=20, choices=DocumentState.choices,
                             default=DocumentState.DRAFTING, db_index=True)
    body = models.TextField("正文（当前稿）", blank=True)
    drafting_notes = models.TextField("起草说明", blank=True)
    legal_basis = models.TextField("制定依据", blank=True)
    upper_laws = models.ManyToManyField(UpperLaw, verbose_name="依据的上位法", blank=True, related_name="documents")
    version_count = models.PositiveIntegerField("版本数", default=0)

    # 三统一 (统一登记、统一编号、统一印发): the registrar (司法局, or the government office by setting) registers the
    # adopted document before its number is allocated
    registration_number = models.CharField("登记号", max_length=60, blank=True)
    registered_on = models.DateField("统一登记日期", null=True, blank=True)
    registrar = models.ForeignKey(Agency, verbose_name="登记机关", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    number = models.CharField("文号", max_length=60, blank=True, db_index=True)
    issued_number = models.OneToOneField(IssuedNumber, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+")
    publication_date = models.DateField("公布日期", null=True, blank=True, db_index=True)
    effective_date = models.DateField("施行日期", null=True, blank=True)
    early_effect_reason = models.TextField("早于公布日施行的理由", blank=True)
    expiry_date = models.DateField("有效期届满日", null=True, blank=True, db_index=True)
    signed_pdf = models.ForeignKey(Attachment, verbose_name="正式文本（PDF）", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    adoption_summary = models.TextField("意见采纳情况（随文件公布）", blank=True)

    repealed_on = models.DateField("废止日期", null=True, blank=True)
    repealed_by = models.ForeignKey("self", verbose_name="废止文件", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="repealed_documents")
    amended_on = models.DateField("修改日期", null=True, blank=True)
    amended_by = models.ForeignKey("self", verbose_name="修改文件", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="amended_documents")
    invalid_from = models.DateField("宣布失效日期", null=True, blank=True)
    # 撤销 (by the government the document was filed with, 地方组织法 第七十三条第三项) is neither 废止 by the
    # issuer nor 失效: it is its own status with the decision that made it.
    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    revocation_decision = models.CharField("撤销决定（文号或会议）", max_length=200, blank=True)
    search_tokens = models.TextField("检索词（分词）", blank=True, editable=False)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    county_path = county_path_field()
    SCOPE_COUNTY_FIELD = "county_path"

    class Meta:
        verbose_name = "行政规范性文件"
        verbose_name_plural = "行政规范性文件"
        ordering = ["-publication_date", "-id"]
        indexes = [
            models.Index(fields=["state", "publication_date"], name="document_state_pub_idx"),
            models.Index(fields=["issuing_agency", "publication_date"], name="document_issuer_pub_idx"),
            # One index per offered list sort (core.paging.OBJECT_SORTS), and the one-agency scope's default sort.
            models.Index(fields=["updated_at", "id"], name="document_updated_idx"),
            models.Index(fields=["title", "id"], name="document_title_idx"),
            models.Index(fields=["state", "-updated_at", "-id"], name="document_state_upd_idx"),
            models.Index(fields=["agency", "updated_at", "id"], name="document_agency_upd_idx"),
            # The one-agency scope's other orders: the API's (-id) and the title sorts. Without them PostgreSQL walks
            # the whole table's id or title index and drops every other agency's rows on the way.
            models.Index(fields=["agency", "id"], name="document_agency_id_idx"),
            models.Index(fields=["agency", "title", "id"], name="document_agency_title_idx"),
            models.Index(fields=["county_path", "title", "id"], name="document_county_title_idx"),
        ]

    def __str__(self):
        return f"{self.title}（{self.number}）" if self.number else self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.code])


class FairCompetitionReview(models.Model):
    """公平竞争审查 by the drafting unit (公平竞争审查条例 第十三条), required when market entities are concerned."""

    document = models.OneToOneField(NormativeDocument, on_delete=models.CASCADE, related_name="fair_competition")
    reviewer = models.CharField("审查机构或人员", max_length=100)
    # 公平竞争审查条例 第十四条: a government's measure is reviewed by its 市场监督管理部门 together with the
    # drafting unit, which first gives its own 初审意见.
    regulator = models.ForeignKey(Agency, verbose_name="会同审查的市场监督管理部门", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    preliminary_opinion = models.TextField("起草单位初审意见", blank=True)
    conclusion = models.CharField("审查结论", max_length=20, choices=FairCompetitionConclusion.choices)
    explanation = models.TextField("说明", blank=True)
    reviewed_on = models.DateField("审查日期")
    attachment = models.ForeignKey(Attachment, verbose_name="审查表", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "公平竞争审查"
        verbose_name_plural = "公平竞争审查"


class Deliberation(models.Model):
    """集体审议 meeting record."""

    document = models.ForeignKey(NormativeDocument, on_delete=models.CASCADE, related_name="deliberations")
    meeting_type = models.CharField("会议类型", max_length=20, choices=MeetingType.choices)
    meeting_date = models.DateField("会议日期")
    meeting_name = models.CharField("会议名称", max_length=100, blank=True)
    attendees = models.TextField("出席人员")
    outcome = models.CharField("审议结果", max_length=25, choices=MeetingOutcome.choices)
    notes = models.TextField("审议意见", blank=True)
    minutes = models.ForeignKey(Attachment, verbose_name="会议纪要", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "集体审议"
        verbose_name_plural = "集体审议"
        ordering = ["meeting_date", "id"]


class Filing(ScopedModel):
    """备案 of a published document with its filing authority, and that authority's 备案审查.

    ``agency`` is the filing authority and ``region_path`` its region, so the filing desk is scoped to
    the authority; the issuer reaches its own filings through the document.
    """

    document = models.OneToOneField(NormativeDocument, on_delete=models.CASCADE, related_name="filing")
    agency = models.ForeignKey(Agency, verbose_name="备案审查机关", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    authority_name = models.CharField("备案审查机关名称", max_length=100)
    due_date = models.DateField("报备期限")
    deadline = models.ForeignKey(Deadline, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("报备状态", max_length=10, choices=FilingStatus.choices, default=FilingStatus.PENDING)
    filed_on = models.DateField("报备日期", null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    package = models.ForeignKey(Attachment, verbose_name="备案报告", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    review_status = models.CharField("审查结果", max_length=25, choices=FilingReviewStatus.choices,
                                     default=FilingReviewStatus.PENDING, db_index=True)
    review_opinion = models.TextField("审查意见", blank=True)
    reviewed_on = models.DateField("审查日期", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    correction_deadline = models.ForeignKey(Deadline, null=True, blank=True, on_delete=models.PROTECT,
                                            related_name="+")
    review_deadline = models.ForeignKey(Deadline, verbose_name="备案审查期限", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    review_extended_by = models.CharField("延长审查期限的批准人", max_length=100, blank=True)
    corrected_on = models.DateField("纠正日期", null=True, blank=True)
    correction_note = models.TextField("纠正情况", blank=True)

    SCOPE_OWNER_FIELD = "reviewed_by"

    class Meta:
        verbose_name = "备案"
        verbose_name_plural = "备案"
        ordering = ["due_date", "id"]

    @property
    def is_late(self) -> bool:
        return self.filed_on is not None and self.filed_on > self.due_date


class CongressFiling(ScopedModel):
    """备案 of a county-level-or-above government's document with the 本级人民代表大会常务委员会 (监督法 第三十九条、
    第四十条), tracked beside the filing with the upper government: its due date, the filing, the receipt and the
    committee's outcome. The committee keeps its own 备案审查 platform; the government's staff record here what
    was sent and what came back. ``region_path`` is the government's region."""

    document = models.OneToOneField(NormativeDocument, on_delete=models.CASCADE, related_name="congress_filing")
    agency = models.ForeignKey(Agency, verbose_name="人大常委会", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    authority_name = models.CharField("备案机关名称", max_length=100)
    due_date = models.DateField("报备期限")
    deadline = models.ForeignKey(Deadline, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    filed_on = models.DateField("报备日期", null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    received_on = models.DateField("人大常委会接收日期", null=True, blank=True)
    outcome = models.CharField("审查结果", max_length=10, choices=CongressOutcome.choices, blank=True, default="")
    outcome_on = models.DateField("审查结果日期", null=True, blank=True)
    outcome_note = models.TextField("审查意见或撤销决定", blank=True)

    SCOPE_OWNER_FIELD = "filed_by"

    class Meta:
        verbose_name = "人大常委会备案"
        verbose_name_plural = "人大常委会备案"
        ordering = ["due_date", "id"]

    @property
    def is_late(self) -> bool:
        return self.filed_on is not None and self.filed_on > self.due_date


class ReviewSuggestion(models.Model):
    """A citizen's 审查建议 about a published document, tracked to an answer."""

    code = models.CharField("受理编号", max_length=12, unique=True, default=new_public_code, editable=False)
    document = models.ForeignKey(NormativeDocument, on_delete=models.PROTECT, related_name="suggestions")
    name = models.CharField("姓名或名称", max_length=100, blank=True)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    content = models.TextField("建议内容")
    submitted_at = models.DateTimeField("提交时间")
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    deadline = models.ForeignKey(Deadline, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.RECEIVED)
    answer = models.TextField("答复", blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "审查建议"
        verbose_name_plural = "审查建议"
        ordering = ["-submitted_at", "-id"]


class EvaluationTask(models.Model):
    """Evaluation before expiry: opened by the scheduled job six months before the validity ends."""

    document = models.ForeignKey(NormativeDocument, on_delete=models.CASCADE, related_name="evaluations")
    opened_on = models.DateField("开启日期")
    due_date = models.DateField("评估期限")
    status = models.CharField("状态", max_length=10, choices=EvaluationStatus.choices, default=EvaluationStatus.OPEN)
    conclusion = models.CharField("评估结论", max_length=20, choices=CleanupDecision.choices, blank=True)
    reason = models.TextField("理由", blank=True)
    done_on = models.DateField("完成日期", null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    # 继续有效 does not renew the document silently: it is published again (重新公布) with a new validity.
    republished_on = models.DateField("重新公布日期", null=True, blank=True)
    republished_expiry = models.DateField("重新公布后的有效期至", null=True, blank=True)
    republished_number = models.CharField("重新公布的文号", max_length=60, blank=True,
                                          help_text="按本地规定重新编号的，记录新文号；原文号随历史记录保留。")

    class Meta:
        verbose_name = "有效期届满评估"
        verbose_name_plural = "有效期届满评估"
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "due_date"], name="evaluation_once_per_expiry")
        ]


class CleanupCampaign(ScopedModel):
    code = models.CharField("公开编码", max_length=12, unique=True, default=new_public_code, editable=False)
    title = models.CharField("清理名称", max_length=200)
    kind = models.CharField("类型", max_length=20, choices=CampaignKind.choices)
    agency = models.ForeignKey(Agency, verbose_name="组织单位", on_delete=models.PROTECT, related_name="+")
    criteria = models.JSONField("筛选条件", default=dict, blank=True)
    due_date = models.DateField("完成期限", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.OPEN)
    published_on = models.DateField("结果公布日期", null=True, blank=True)
    announcement = models.ForeignKey(Attachment, verbose_name="清理结果公告", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "清理活动"
        verbose_name_plural = "清理活动"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class CleanupItem(models.Model):
    campaign = models.ForeignKey(CleanupCampaign, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey(NormativeDocument, on_delete=models.PROTECT, related_name="cleanup_items")
    assigned_agency = models.ForeignKey(Agency, verbose_name="承办单位（制定机关）", on_delete=models.PROTECT,
                                        related_name="+")
    decision = models.CharField("清理意见", max_length=20, choices=CleanupDecision.choices, blank=True)
    reason = models.TextField("理由", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "清理事项"
        verbose_name_plural = "清理事项"
        ordering = ["campaign", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "document"], name="cleanup_item_unique")]


class FilingRule(models.Model):
    """The filing period a filing authority sets (备案时限 differ by province: RULES.md §1 [S]/[U])."""

    authority = models.OneToOneField(Agency, verbose_name="备案审查机关", on_delete=models.CASCADE,
                                     related_name="filing_rule")
    period = models.PositiveSmallIntegerField("报备期限")
    unit = models.CharField("期限单位", max_length=20, default="calendar_days")
    legal_source = models.CharField("依据", max_length=200)

    class Meta:
        verbose_name = "备案期限规则"
        verbose_name_plural = "备案期限规则"
