"""Core data: the org tree, people and roles, audit chain, calendar, deadlines, files, numbers, inbox.

Models hold data and single-object invariants only; every write goes through ``services``.
"""

import uuid

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Left

from .choices import (
    AgencyDuty,
    AgencyKind,
    DeadlineEventKind,
    DeadlineStatus,
    NotificationLevel,
    PeriodUnit,
    RegionLevel,
    Role,
    Scope,
)
from .validators import validate_region_code, validate_uscc


class ScopedModel(models.Model):
    """A row that belongs to a place in the org tree.

    ``region_path`` is a copy of the owning region's materialised path, so that "own region and
    below" is one indexed prefix filter (see ``scope.restrict``).
    """

    region_path = models.CharField("所属区划路径", max_length=200, db_index=True, editable=False)

    class Meta:
        abstract = True

    # Field names used by scope.restrict; subclasses override where they differ.
    SCOPE_AGENCY_FIELD: str | None = "agency"
    SCOPE_OWNER_FIELD: str | None = "created_by"
    # A stored county_path (county_path_field()) that scope.restrict names for a county user, so that indexes
    # leading with it can serve that user's sorts.
    SCOPE_COUNTY_FIELD: str | None = None


# Region codes are six digits and a slash a level: "522300/522301/" is a county's path.
COUNTY_PATH_LENGTH = 14


def county_path_field() -> models.GeneratedField:
    """The county-level part of region_path, stored: a county user's scope as one equality, so that an index
    (county_path, title, id) can serve the title sorts. A LIKE prefix on region_path gives no order, and
    PostgreSQL then walks the whole title index dropping the other counties' rows."""
    return models.GeneratedField(expression=Left("region_path", COUNTY_PATH_LENGTH),
                                 output_field=models.CharField(max_length=COUNTY_PATH_LENGTH), db_persist=True)


class Region(ScopedModel):
    code = models.CharField("行政区划代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=60)
    level = models.PositiveSmallIntegerField("层级", choices=RegionLevel.choices)
    parent = models.ForeignKey("self", verbose_name="上级区划", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    is_active = models.BooleanField("启用", default=True)

    SCOPE_AGENCY_FIELD = None
    SCOPE_OWNER_FIELD = None

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["region_path"]

    def __str__(self):
        return self.name

    @property
    def path(self) -> str:
        return self.region_path

    def clean(self):
        parent_code = self.parent.code if self.parent_id else None
        if self.level and self.code:
            try:
                validate_region_code(self.code, self.level, parent_code)
            except ValidationError as exc:
                raise ValidationError({"code": exc.messages})
        if self.parent_id and self.level and self.parent.level >= self.level:
            raise ValidationError({"parent": "上级区划的层级应高于本区划。"})
        if not self.parent_id and self.level and self.level != RegionLevel.PREFECTURE:
            raise ValidationError({"parent": "除州级外，行政区划必须有上级区划。"})


class Agency(ScopedModel):
    code = models.UUIDField("公开编码", default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    kind = models.CharField("类别", max_length=20, choices=AgencyKind.choices)
    duty = models.CharField("职能", max_length=20, choices=AgencyDuty.choices, blank=True, default="",
                            help_text="司法行政部门、市场监督管理部门、政府办公室：据此确定审核、备案和会审机关。")
    region = models.ForeignKey(Region, verbose_name="所属区划", on_delete=models.PROTECT, related_name="agencies")
    parent = models.ForeignKey("self", verbose_name="上级单位", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    credit_code = models.CharField("统一社会信用代码", max_length=18, null=True, blank=True, unique=True,
                                   validators=[validate_uscc])
    doc_prefix = models.CharField("发文机关代字", max_length=20, blank=True,
                                  help_text="用于三统一编号，如“黔西南府规”")
    is_active = models.BooleanField("启用", default=True)

    SCOPE_AGENCY_FIELD = "pk"
    SCOPE_OWNER_FIELD = None

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["region_path", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="agency_unique_name_in_region")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == AgencyKind.TOWNSHIP_GOVERNMENT and self.region_id and self.region.level != RegionLevel.TOWNSHIP:
            raise ValidationError({"region": "乡镇人民政府应隶属于乡镇街道级区划。"})
        if self.parent_id and self.region_id and not self.region.region_path.startswith(self.parent.region_path):
            raise ValidationError({"parent": "上级单位应位于本单位所属区划或其上级区划。"})


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=40, blank=True)
    agency = models.ForeignKey(Agency, verbose_name="所属单位", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="users")
    region_path = models.CharField("所属区划路径", max_length=200, db_index=True, blank=True, editable=False)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    must_change_password = models.BooleanField("首次登录须修改密码", default=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    # Set when failures lock the account (lockout.py); lets token authentication skip the failure count
    # for every account that is not possibly locked (no extra query per API request).
    login_locked_until = models.DateTimeField("登录锁定至", null=True, blank=True, editable=False)

    SCOPE_AGENCY_FIELD = "agency"
    SCOPE_OWNER_FIELD = "pk"

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField("角色", max_length=30, choices=Role.choices)
    scope = models.CharField("数据范围", max_length=10, choices=Scope.choices)
    granted_by = models.ForeignKey(User, verbose_name="授权人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField("授权时间", auto_now_add=True)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="role_assignment_unique")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}（{self.get_scope_display()}）"


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove an audit event."""


class AppendOnlyQuerySet(models.QuerySet):
    """Audit events are appended by ``audit.record`` only; no bulk write path exists."""

    def update(self, **kwargs):
        raise AppendOnlyError("审计事件不可修改。")

    def delete(self):
        raise AppendOnlyError("审计事件不可删除。")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("审计事件不可修改。")

    def create(self, **kwargs):
        raise AppendOnlyError("审计事件只能通过 audit.record() 追加。")

    def bulk_create(self, objs, *args, **kwargs):
        raise AppendOnlyError("审计事件只能通过 audit.record() 追加。")

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        raise AppendOnlyError("审计事件不可修改。")


class AuditEvent(models.Model):
    """One link of an append-only audit chain. Never updated or deleted by the application.

    The log is several parallel chains (``chain`` 1…settings.FAZHI_AUDIT_CHAINS), each numbered
    1, 2, 3… by ``seq``, so that writers append side by side instead of queueing on one head."""

    chain = models.PositiveSmallIntegerField("审计链", default=1)
    seq = models.BigIntegerField("链内序号", default=0)
    occurred_at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(User, verbose_name="操作人", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField("操作人（快照）", max_length=150, blank=True)
    actor_role = models.CharField("角色", max_length=200, blank=True)
    agency_name = models.CharField("单位（快照）", max_length=100, blank=True)
    action = models.CharField("操作", max_length=80, db_index=True)
    object_type = models.CharField("对象类型", max_length=80, blank=True, db_index=True)
    object_id = models.CharField("对象标识", max_length=64, blank=True, db_index=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    client_ip = models.GenericIPAddressField("客户端地址", null=True, blank=True)
    request_id = models.CharField("请求编号", max_length=64, blank=True)
    prev_hash = models.CharField("前一事件哈希", max_length=64)
    hash = models.CharField("本事件哈希", max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "id"], name="audit_object_idx")]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_uniq")]

    def __str__(self):
        return f"#{self.pk} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        # Always INSERT: a new instance carrying an existing id must not turn into an UPDATE.
        if not self._state.adding:
            raise AppendOnlyError("审计事件不可修改。")
        kwargs["force_insert"] = True
        kwargs.pop("force_update", None)
        kwargs.pop("update_fields", None)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计事件不可删除。")


class AuditChainHead(models.Model):
    """The head of one audit chain (its number is the pk), locked by every append to that chain so the
    chain never forks; it records the chain's count and last hash, so removing its newest events is
    detected too."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64)
    last_event_id = models.BigIntegerField(default=0)
    count = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "审计链头"


class LoginAttempt(models.Model):
    username = models.CharField("用户名", max_length=150, db_index=True)
    client_ip = models.GenericIPAddressField("客户端地址", null=True, blank=True, db_index=True)
    succeeded = models.BooleanField("成功")
    channel = models.CharField("渠道", max_length=10, default="web")
    at = models.DateTimeField("时间", db_index=True)

    class Meta:
        verbose_name = "登录尝试"
        verbose_name_plural = "登录尝试"


class CalendarYear(models.Model):
    """A year whose 法定节假日 and 调休 days are known; other years give provisional results."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.CharField("来源", max_length=100, default="chinese-calendar")
    note = models.CharField("依据", max_length=200, blank=True, help_text="如 国务院办公厅关于2027年部分节假日安排的通知")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "日历年度"
        verbose_name_plural = "日历年度"
        ordering = ["year"]

    def __str__(self):
        return f"{self.year}年"


class CalendarDay(models.Model):
    """A day set apart from the Monday–Friday rule: a 放假 day (the weekend days inside a 放假 block are
    stored too, so that explanations can name the holiday), or a 调休 working weekend day."""

    date = models.DateField("日期", unique=True)
    is_working = models.BooleanField("是否工作日")
    name = models.CharField("名称", max_length=40, blank=True)
    # Part of the cheap version check behind the in-process calendar cache (workdays._version).
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self):
        kind = "调休上班" if self.is_working else "放假"
        return f"{self.date} {self.name}{kind}"


class Deadline(ScopedModel):
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.CharField("对象标识", max_length=64, blank=True)
    object_repr = models.CharField("事项", max_length=200)
    link = models.CharField("链接", max_length=300, blank=True)
    rule_code = models.CharField("规则代码", max_length=60, db_index=True)
    legal_source = models.CharField("法律依据", max_length=200)
    start_date = models.DateField("起算日")
    period = models.PositiveIntegerField("期间")
    unit = models.CharField("单位", max_length=20, choices=PeriodUnit.choices)
    due_date = models.DateField("届满日", db_index=True)
    provisional = models.BooleanField("暂定（日历未覆盖）", default=False)
    status = models.CharField("状态", max_length=12, choices=DeadlineStatus.choices,
                              default=DeadlineStatus.OPEN, db_index=True)
    agency = models.ForeignKey(Agency, verbose_name="责任单位", on_delete=models.PROTECT, related_name="deadlines")
    responsible = models.ForeignKey(User, verbose_name="责任人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="deadlines")
    created_by = models.ForeignKey(User, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    completed_on = models.DateField("办结日", null=True, blank=True)
    paused_on = models.DateField("中止计时日", null=True, blank=True)
    cancel_reason = models.CharField("撤销理由", max_length=300, blank=True)
    last_reminder_for = models.DateField("最近提醒对应届满日", null=True, blank=True)
    reminded_days = models.JSONField("已提醒的提前天数", default=list, blank=True)

    SCOPE_OWNER_FIELD = "responsible"

    class Meta:
        verbose_name = "期限"
        verbose_name_plural = "期限"
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"], name="deadline_status_due_idx"),
                   # A case's or a decision's own clocks (every object page, and the indicators over them).
                   models.Index(fields=["content_type", "object_id"], name="deadline_object_idx")]

    def __str__(self):
        return f"{self.object_repr}（{self.due_date}）"


class DeadlineEvent(models.Model):
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("类型", max_length=10, choices=DeadlineEventKind.choices)
    on_date = models.DateField("日期")
    amount = models.PositiveIntegerField("延长期间", null=True, blank=True)
    unit = models.CharField("延长单位", max_length=20, choices=PeriodUnit.choices, blank=True)
    reason = models.CharField("理由", max_length=300)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on_date", "id"]


class Attachment(ScopedModel):
    code = models.UUIDField("公开编码", default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField("文件", upload_to="attachments/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    mime_type = models.CharField("类型", max_length=120)
    agency = models.ForeignKey(Agency, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    # Null only for files the system stores (jobs, the demo loader).
    created_by = models.ForeignKey(User, verbose_name="上传人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64, blank=True)
    locked = models.BooleanField("已封存", default=False)
    locked_at = models.DateTimeField("封存时间", null=True, blank=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["-uploaded_at"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_object_idx")]

    def __str__(self):
        return self.original_name


class NumberSequence(models.Model):
    """The counter behind 三统一 numbers, one row per issuer prefix and year."""

    prefix = models.CharField("发文机关代字", max_length=20)
    year = models.PositiveSmallIntegerField("年度")
    last_serial = models.PositiveIntegerField("已分配序号", default=0)

    class Meta:
        verbose_name = "文号序列"
        verbose_name_plural = "文号序列"
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="number_sequence_unique")]

    def __str__(self):
        return f"{self.prefix}〔{self.year}〕已用至{self.last_serial}号"


class IssuedNumber(models.Model):
    prefix = models.CharField("发文机关代字", max_length=20)
    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("序号")
    text = models.CharField("文号", max_length=60, unique=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    issued_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "文号"
        verbose_name_plural = "文号"
        ordering = ["prefix", "year", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year", "serial"], name="issued_number_unique"),
            models.CheckConstraint(condition=Q(serial__gte=1), name="issued_number_serial_positive"),
        ]
        indexes = [models.Index(fields=["object_type", "object_id"], name="issued_number_object_idx")]

    def __str__(self):
        return self.text


class Notification(models.Model):
    recipient = models.ForeignKey(User, verbose_name="接收人", on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    level = models.CharField("级别", max_length=10, choices=NotificationLevel.choices, default=NotificationLevel.INFO)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.title


class IdempotencyRecord(models.Model):
    """The first answer to a create request that carried an ``Idempotency-Key``: a retry with the same key,
    by the same user, on the same endpoint gets this answer again instead of a second row."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    endpoint = models.CharField(max_length=300)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "幂等请求"
        verbose_name_plural = "幂等请求"
        constraints = [models.UniqueConstraint(fields=["user", "key", "endpoint"], name="idempotency_unique")]


class ExportJob(models.Model):
    """A large list export written in the background: the list, the filters the user had, the progress; the
    workbook is kept in VAR_DIR/exports and handed only to the user who asked for it."""

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    code = models.UUIDField("编码", default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, verbose_name="导出人", on_delete=models.CASCADE, related_name="+")
    key = models.CharField("导出内容", max_length=80)
    title = models.CharField("名称", max_length=100)
    params = models.JSONField("筛选条件", default=dict)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField("总行数", default=0)
    processed = models.PositiveIntegerField("已写入", default=0)
    message = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "后台导出"
        ordering = ["-id"]

    def __str__(self):
        return f"{self.title}（{self.get_status_display()}）"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return self.processed * 100 // self.total if self.total else 0
