"""Enumerations of the core app: tests compare the codes, users read the Chinese labels."""

from django.db import models


class RegionLevel(models.IntegerChoices):
    PREFECTURE = 2, "州"
    COUNTY = 3, "县市区"
    TOWNSHIP = 4, "乡镇街道"
    VILLAGE = 5, "村居"


class AgencyKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "工作部门"
    TOWNSHIP_GOVERNMENT = "township", "乡镇人民政府"
    AUTHORIZED = "authorized", "法律法规授权组织"
    ENTRUSTED = "entrusted", "受委托组织"
    INTERNAL = "internal", "内设机构"
    COORDINATION = "coordination", "议事协调机构"
    CONGRESS = "congress", "人大常委会"


class AgencyDuty(models.TextChoices):
    """What an agency is, beyond its kind, for the rules that route work to it (who reviews, who files,
    who joins a fair-competition review): found from this attribute, never from the agency's name."""

    NONE = "", "—"
    JUSTICE = "justice", "司法行政部门"
    MARKET_REGULATION = "market", "市场监督管理部门"
    GOVERNMENT_OFFICE = "gov_office", "人民政府办公室"


class Role(models.TextChoices):
    FZB_ADMIN = "fzb_admin", "依法治州办管理员"
    COUNTY_FZB = "county_fzb", "县级依法治县（市）办"
    LEGAL_STAFF = "legal_staff", "部门法制工作人员"
    DRAFTER = "drafter", "起草人员"
    REVIEWER = "reviewer", "合法性审核人员"
    DECISION_STAFF = "decision_staff", "重大决策承办人员"
    ENFORCEMENT_OFFICER = "enforcement_officer", "行政执法人员"
    ENFORCEMENT_SUPERVISOR = "enforcement_supervisor", "行政执法监督人员"
    MEDIATOR = "mediator", "调解员"
    EXPERT = "expert", "决策咨询专家"
    LEADER = "leader", "领导（只读）"
    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"
    AUDITOR = "auditor", "审计管理员"


class Scope(models.TextChoices):
    """Data scope of one role assignment, widest first."""

    ALL = "all", "全部"
    REGION = "region", "本地区及下级"
    AGENCY = "agency", "本单位"
    OWN = "own", "本人"


SCOPE_RANK = {Scope.ALL: 4, Scope.REGION: 3, Scope.AGENCY: 2, Scope.OWN: 1}


class PeriodUnit(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", "日（自然日）"
    WORKING_DAYS = "working_days", "工作日"
    MONTHS = "months", "月"


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "进行中"
    PAUSED = "paused", "已中止计时"
    DONE = "done", "已办结"
    OVERDUE = "overdue", "已超期"
    CANCELLED = "cancelled", "已撤销"


class DeadlineEventKind(models.TextChoices):
    PAUSE = "pause", "中止计时"
    RESUME = "resume", "恢复计时"
    EXTEND = "extend", "延长期限"


class NotificationLevel(models.TextChoices):
    INFO = "info", "通知"
    WARNING = "warning", "提醒"
    DANGER = "danger", "超期"
