from django.db import models


class CommentSource(models.TextChoices):
    PORTAL = "portal", "门户网站"
    PAPER = "paper", "书面来信"
    MEETING = "meeting", "座谈会"
    ENTERPRISE = "enterprise", "企业"
    ASSOCIATION = "association", "行业协会商会"
    DEPUTY = "deputy", "人大代表"
    MEMBER = "member", "政协委员"
    DEPARTMENT = "department", "部门"
    OTHER = "other", "其他"


class ScreeningStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    SHOWN = "shown", "已公开"
    HIDDEN = "hidden", "不予公开"


class AnswerOutcome(models.TextChoices):
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "不予采纳"


class ReviewStatus(models.TextChoices):
    WAITING = "waiting", "待审核"
    IN_REVIEW = "in_review", "审核中"
    RETURNED = "returned", "退回补充材料"
    DONE = "done", "已出具意见"
    WITHDRAWN = "withdrawn", "已撤回"


class ReviewStage(models.TextChoices):
    """Where a review is done: a department's own legal office first (部门法制机构初审), then the
    government's 司法行政部门 (国办发〔2018〕115号 三、(二)); an enforcement agency's 法制审核机构."""

    DEPARTMENT = "department", "部门法制机构审核"
    JUSTICE = "justice", "司法行政部门审核"
    ENFORCEMENT = "enforcement", "法制审核机构审核"


class ReviewOpinion(models.TextChoices):
    LAWFUL = "lawful", "合法"
    LAWFUL_AFTER_CHANGES = "lawful_after_changes", "修改后合法"
    UNLAWFUL = "unlawful", "不合法"
    ADVISE_NOT_TO_MAKE = "advise_not_to_make", "建议不制定"


class CheckResult(models.TextChoices):
    PASS = "pass", "符合"
    PROBLEM = "problem", "存在问题"
    NA = "na", "不适用"
