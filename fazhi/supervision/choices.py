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
