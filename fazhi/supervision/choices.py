from django.db import models


class UnitClass(models.TextChoices):
    COUNTY = "county", "县（市、新区）"
    DEPARTMENT = "department", "州直部门"
    TOWNSHIP = "township", "乡镇（街道）"


class SourceKind(models.TextChoices):
    COMPUTED = "computed", "系统计算"
    REPORTED = "reported", "单位填报"
    SCORED = "scored", "评估打分"


class PeriodType(models.TextChoices):
    MONTH = "month", "月"
    QUARTER = "quarter", "季度"
    HALF = "half", "半年"
    YEAR = "year", "年"


class Band(models.TextChoices):
    GREEN = "green", "绿"
    YELLOW = "yellow", "黄"
    RED = "red", "红"
    NONE = "", "无"


class LetterKind(models.TextChoices):
    TIP = "tip", "提示函"
    NOTICE = "notice", "通报"
    INTERVIEW = "interview", "约谈"
    ACCOUNTABILITY = "accountability", "问责"


LADDER = [LetterKind.TIP, LetterKind.NOTICE, LetterKind.INTERVIEW, LetterKind.ACCOUNTABILITY]


class LetterState(models.TextChoices):
    PROPOSED = "proposed", "拟发（待确认）"
    ISSUED = "issued", "已发出（待整改）"
    ANSWERED = "answered", "已报送整改报告"
    RETURNED = "returned", "整改报告退回"
    CLOSED = "closed", "已销号"
    ESCALATED = "escalated", "已升级"
    DISMISSED = "dismissed", "不予发出"


class Importance(models.TextChoices):
    HIGH = "high", "高（不通过不得报送）"
    MEDIUM = "medium", "中（提示并通知）"
    LOW = "low", "低（提示）"


class Operator(models.TextChoices):
    EQ = "==", "等于"
    NE = "!=", "不等于"
    GT = ">", "大于"
    GE = ">=", "大于等于"
    LT = "<", "小于"
    LE = "<=", "小于等于"
    PAIR = "compulsory_pair", "须同时填报"


class ReportState(models.TextChoices):
    DRAFT = "draft", "待填报"
    SUBMITTED = "submitted", "已报送（待审核）"
    PARTLY = "partly", "县级已审核（待州级审核）"
    APPROVED = "approved", "审核通过"
    RETURNED = "returned", "退回修改"


class AccountabilityMeasure(models.TextChoices):
    # 《中国共产党问责条例》第八条 (对党的领导干部的问责方式); 《法治政府建设与责任落实督察工作规定》第二十八条
    CRITICISM = "criticism", "通报批评"
    WARNING = "warning", "诫勉"
    ADJUSTMENT = "adjustment", "组织调整或者组织处理"
    DISCIPLINE = "discipline", "纪律处分"
    REFERRAL = "referral", "移送纪检监察机关"


class InspectionState(models.TextChoices):
    PLANNED = "planned", "已部署"
    FEEDBACK = "feedback", "已反馈（整改中）"
    CLOSED = "closed", "已办结"


class RectState(models.TextChoices):
    OPEN = "open", "整改中"
    SUBMITTED = "submitted", "已报送整改情况"
    RETURNED = "returned", "整改情况退回"
    ACCEPTED = "accepted", "整改到位（销号）"


class SheetState(models.TextChoices):
    SELF = "self", "自评中"
    SUBMITTED = "submitted", "已提交自评（待审核）"
    REVIEWED = "reviewed", "已审核"
    PUBLISHED = "published", "已公布"


class TaskState(models.TextChoices):
    PENDING = "pending", "未开始"
    ACTIVE = "active", "推进中"
    DONE = "done", "已完成"


class AnnualReportState(models.TextChoices):
    DRAFT = "draft", "起草中"
    SUBMITTED = "submitted", "已报送（待审核）"
    RETURNED = "returned", "退回修改"
    ACCEPTED = "accepted", "审核通过（待公开）"
    PUBLISHED = "published", "已公开"
