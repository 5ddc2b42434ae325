"""Choices of the 行政执法 module."""

from django.db import models


class BodyKind(models.TextChoices):
    STATUTORY = "statutory", "法定行政机关"
    AUTHORISED = "authorised", "法律法规授权组织"
    ENTRUSTED = "entrusted", "受委托组织"


class OfficerStatus(models.TextChoices):
    VALID = "valid", "有效"
    SUSPENDED = "suspended", "暂扣"
    REVOKED = "revoked", "吊销"
    EXPIRED = "expired", "过期"


class MatterKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    LICENCE = "licence", "行政许可"
    COERCION = "coercion", "行政强制"
    INSPECTION = "inspection", "行政检查"
    LEVY = "levy", "行政征收"
    BENEFIT = "benefit", "行政给付"
    CONFIRMATION = "confirmation", "行政确认"
    REWARD = "reward", "行政奖励"
    RULING = "ruling", "行政裁决"
    OTHER = "other", "其他"


class DiscretionLevel(models.TextChoices):
    LENIENT = "lenient", "从轻"
    GENERAL = "general", "一般"
    SEVERE = "severe", "从重"


class LenientKind(models.TextChoices):
    NO_PENALTY = "no_penalty", "不予处罚（轻微并及时改正，没有造成危害后果）"
    FIRST_OFFENCE = "first_offence", "首违可不罚"
    LIGHT = "light", "从轻减轻处罚"


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"
    INDIVIDUAL_BUSINESS = "individual_business", "个体工商户"


class Procedure(models.TextChoices):
    GENERAL = "general", "普通程序"
    SUMMARY = "summary", "简易程序"


class PenaltyKind(models.TextChoices):
    WARNING = "warning", "警告"
    FINE = "fine", "罚款"
    CONFISCATION = "confiscation", "没收违法所得、没收非法财物"
    SUSPEND_LICENCE = "suspend_licence", "暂扣许可证件、降低资质等级"
    REVOKE_LICENCE = "revoke_licence", "吊销许可证件"
    SUSPEND_BUSINESS = "suspend_business", "责令停产停业、责令关闭、限制从业"
    DETENTION = "detention", "行政拘留"
    NONE = "none", "不予行政处罚"


class CaseState(models.TextChoices):
    SOURCE = "source", "案源登记"
    REGISTERED = "registered", "已立案"
    INVESTIGATING = "investigating", "调查取证"
    NOTIFIED = "notified", "已事先告知"
    HEARING = "hearing", "听证"
    LEGAL_REVIEW = "legal_review", "法制审核"
    DISCUSSION = "discussion", "集体讨论"
    DECIDED = "decided", "已作出决定"
    SERVED = "served", "已送达"
    PUBLISHED = "published", "已公示"
    EXECUTED = "executed", "已执行"
    CLOSED = "closed", "已结案"
    DROPPED = "dropped", "不予立案"


class InspectionKind(models.TextChoices):
    """行政检查 by kind (司法部《54号意见有关问题解答》): 个案检查 and 上级部署的专项检查 do not count
    towards the yearly cap (控制对企业进行经济检查的规定 第十六条; 问题解答)."""

    ROUTINE = "routine", "日常检查"
    CASE = "case", "个案检查"
    SPECIAL = "special", "专项检查（本级部署）"
    SPECIAL_UPPER = "special_upper", "专项检查（上级部署）"


class InspectionSource(models.TextChoices):
    PLAN = "plan", "年度计划 / 双随机抽查"
    COMPLAINT = "complaint", "投诉举报"
    ASSIGNED = "assigned", "上级交办"
    DEPLOYED = "deployed", "上级部署"


class InspectionMode(models.TextChoices):
    ON_SITE = "on_site", "现场检查"
    REMOTE = "remote", "非现场检查"
    WRITTEN = "written", "书面检查"


class InspectionResult(models.TextChoices):
    CLEAN = "clean", "未发现问题"
    FIXED = "fixed", "发现问题，当场整改"
    ORDERED = "ordered", "发现问题，责令限期改正"
    CASE = "case", "发现违法行为，转立案查处"


class EvaluationGrade(models.TextChoices):
    """《广东省行政执法案卷评查办法》(省政府令第231号) 第十五条: 百分制，四个等次 (the reference regime; enforcement.md §3)."""

    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class EvaluationState(models.TextChoices):
    OPEN = "open", "评查中"
    CLOSED = "closed", "已完成"


class TownshipKind(models.TextChoices):
    """Township "两违" (RULES.md §4)."""

    CONSTRUCTION = "construction", "违法建设（乡、村庄规划区内）"
    LAND = "land", "违法占地"


class TownshipState(models.TextChoices):
    REPORTED = "reported", "发现登记"
    ORDERED = "ordered", "已责令停止建设、限期改正"
    CORRECTED = "corrected", "已改正"
    DECIDED = "decided", "已作出拆除决定"
    URGED = "urged", "已催告"
    ANNOUNCED = "announced", "已公告限期自行拆除"
    DEMOLISHED = "demolished", "已强制拆除"
    SELF_DEMOLISHED = "self_demolished", "已自行拆除"
    TRANSFERRED = "transferred", "已移送主管部门"
    REVOKED = "revoked", "拆除决定被撤销"


class ImportKind(models.TextChoices):
    CASE = "case", "行政处罚案件"
    OFFICER = "officer", "执法人员"
    INSPECTION = "inspection", "涉企行政检查"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "导入中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class ComplaintSource(models.TextChoices):
    HOTLINE = "hotline", "12345热线"
    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    ONLINE = "online", "网上投诉"
    CONTACT = "contact", "企业联系点、行政执法监督员"
    OTHER = "other", "其他"


class ComplaintState(models.TextChoices):
    RECEIVED = "received", "已登记"
    ACCEPTED = "accepted", "已受理，待执法机关核查答复"
    ANSWERED = "answered", "执法机关已答复"
    CLOSED = "closed", "已办结"
    REJECTED = "rejected", "不予受理"


class ComplaintResult(models.TextChoices):
    TRUE = "true", "属实，已纠正"
    PARTLY = "partly", "部分属实，已纠正"
    FALSE = "false", "不属实"
