"""Shared procedure data: text versions, public comment calls and their answers, legality reviews.

A procedure object (a normative document, a major decision) points at these through a generic
relation (content_type + object_id), so every later module reuses one comment desk and one review desk.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from fazhi.core.models import Agency, Attachment, Deadline, ScopedModel

from .choices import AnswerOutcome, CommentSource, ReviewOpinion, ReviewStage, ReviewStatus, ScreeningStatus


class TextVersion(models.Model):
    """One version of a draft's text; every edit after submission adds one."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    number = models.PositiveIntegerField("版本号")
    title = models.CharField("标题", max_length=300)
    body = models.TextField("正文")
    sha256 = models.CharField("文本摘要（SHA-256）", max_length=64, blank=True, db_index=True,
                              help_text="标题和正文的摘要：审核意见据此绑定所审核的文本。")
    note = models.CharField("修改说明", max_length=300, blank=True)
    source = models.ForeignKey(Attachment, verbose_name="来源文件", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "文本版本"
        verbose_name_plural = "文本版本"
        ordering = ["content_type", "object_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "number"], name="text_version_unique")
        ]

    def __str__(self):
        return f"{self.title}（第{self.number}版）"


class CommentCall(ScopedModel):
    """A public comment window (征求意见) on a draft: its dates are data, not a flag."""

    code = models.UUIDField("公开编码", default=uuid.uuid4, unique=True, editable=False)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    subject_title = models.CharField("征求意见稿标题", max_length=300)
    version = models.ForeignKey(TextVersion, verbose_name="征求意见稿版本", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, verbose_name="组织单位", on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField("开始日期")
    end_date = models.DateField("截止日期")
    required_min = models.PositiveSmallIntegerField("法定最短期间")
    required_unit = models.CharField("期间单位", max_length=20)
    required_source = models.CharField("期间依据", max_length=200)
    shortened_reason = models.TextField("缩短期间的理由（随公告公布）", blank=True)
    notice = models.TextField("公告内容", blank=True)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    summary = models.TextField("意见采纳情况", blank=True)
    summary_published_at = models.DateTimeField("采纳情况公布时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="comment_call_target_idx")]

    def __str__(self):
        return f"{self.subject_title}（{self.start_date}至{self.end_date}）"


class Comment(models.Model):
    call = models.ForeignKey(CommentCall, on_delete=models.CASCADE, related_name="comments")
    source = models.CharField("来源", max_length=20, choices=CommentSource.choices, default=CommentSource.PORTAL)
    # The commenter's only key to their comment and its answer on the portal (core.codes alphabet).
    receipt = models.CharField("受理编号", max_length=12, unique=True, null=True, blank=True, editable=False)
    name = models.CharField("姓名或名称", max_length=100, blank=True)
    contact = models.CharField("联系方式（不公开）", max_length=100, blank=True)
    organisation = models.CharField("单位", max_length=100, blank=True)
    content = models.TextField("意见内容")
    is_opposing = models.BooleanField("反对意见", default=False)
    submitted_at = models.DateTimeField("提交时间")
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    screening = models.CharField("公开审核", max_length=10, choices=ScreeningStatus.choices,
                                 default=ScreeningStatus.PENDING, db_index=True)
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    screened_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField("采纳情况", max_length=15, choices=AnswerOutcome.choices, blank=True)
    answer = models.TextField("答复理由", blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "意见"
        verbose_name_plural = "意见"
        ordering = ["submitted_at", "id"]

    def __str__(self):
        return self.content[:40]


class AnswerTemplate(models.Model):
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title = models.CharField("模板名称", max_length=60)
    outcome = models.CharField("采纳情况", max_length=15, choices=AnswerOutcome.choices)
    text = models.TextField("答复理由")

    class Meta:
        verbose_name = "答复模板"
        verbose_name_plural = "答复模板"
        ordering = ["outcome", "title"]

    def __str__(self):
        return self.title


class LegalityReview(ScopedModel):
    """One round of legality review on the shared review desk.

    ``agency`` is the reviewing body (the justice bureau, or a department's own legal office), and
    ``region_path`` its region: reviewers see the desk of their own scope.
    """

    code = models.UUIDField("公开编码", default=uuid.uuid4, unique=True, editable=False)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    subject_title = models.CharField("送审事项", max_length=300)
    version = models.ForeignKey(TextVersion, verbose_name="送审稿版本", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    version_hash = models.CharField("送审文本摘要", max_length=64, blank=True,
                                    help_text="审核意见只对这一文本有效；此后文本有任何改动，须重新送审。")
    stage = models.CharField("审核环节", max_length=20, choices=ReviewStage.choices, default=ReviewStage.JUSTICE)
    round = models.PositiveSmallIntegerField("审核轮次", default=1)
    submitting_agency = models.ForeignKey(Agency, verbose_name="送审单位", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, verbose_name="审核机构", on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField("送审时间")
    materials = models.JSONField("送审材料", default=dict, blank=True)
    deadline = models.ForeignKey(Deadline, verbose_name="审核期限", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=12, choices=ReviewStatus.choices,
                              default=ReviewStatus.WAITING, db_index=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    checklist = models.JSONField("审核要点", default=dict, blank=True)
    opinion = models.CharField("审核意见", max_length=25, choices=ReviewOpinion.choices, blank=True)
    opinion_text = models.TextField("意见说明", blank=True)
    required_changes = models.TextField("修改要求", blank=True)
    changes_confirmed_at = models.DateTimeField("修改落实确认时间", null=True, blank=True)
    changes_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                             on_delete=models.PROTECT, related_name="+")
    confirmed_version = models.ForeignKey(TextVersion, verbose_name="确认落实的版本", null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    confirmed_hash = models.CharField("确认落实的文本摘要", max_length=64, blank=True)
    claimed_at = models.DateTimeField("承办时间", null=True, blank=True)
    opinion_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    opinion_at = models.DateTimeField("出具意见时间", null=True, blank=True)
    precheck_findings = models.JSONField("自动预审结果", default=list, blank=True)

    SCOPE_OWNER_FIELD = "assigned_to"

    class Meta:
        verbose_name = "合法性审核"
        verbose_name_plural = "合法性审核"
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "round"], name="legality_target_idx"),
            models.Index(fields=["agency", "status"], name="legality_desk_idx"),
            # the statistics of a period read the opinions given in it, kind by kind
            models.Index(fields=["content_type", "opinion_at"], name="legality_opinion_idx"),
        ]

    def __str__(self):
        return f"{self.subject_title}（第{self.round}轮）"


class ReviewReturn(models.Model):
    """The reviewer returned the draft for supplements: the review clock stops until resubmission."""

    review = models.ForeignKey(LegalityReview, on_delete=models.CASCADE, related_name="returns")
    reason = models.TextField("需补充的材料或事项")
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField("退回时间")
    resubmitted_at = models.DateTimeField("补充后重新提交时间", null=True, blank=True)

    class Meta:
        ordering = ["returned_at", "id"]


__all__ = [
    "AnswerOutcome",
    "AnswerTemplate",
    "Comment",
    "CommentCall",
    "CommentSource",
    "LegalityReview",
    "ReviewOpinion",
    "ReviewReturn",
    "ReviewStage",
    "ReviewStatus",
    "ScreeningStatus",
    "TextVersion",
]
