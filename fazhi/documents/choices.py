from django.db import models


class DocumentState(models.TextChoices):
    """Where the document stands in its making (the legal validity status is derived separately)."""

    DRAFTING = "drafting", "起草中"
    COMMENTING = "commenting", "征求意见中"
    COMMENT_CLOSED = "comment_closed", "征求意见结束"
    IN_REVIEW = "in_review", "合法性审核中"
    RETURNED = "returned", "退回补充"
    REVIEWED = "reviewed", "已出具审核意见"
    DELIBERATED = "deliberated", "已集体审议"
    PUBLISHED = "published", "已公布"
    ABANDONED = "abandoned", "不予制定"


class Validity(models.TextChoices):
    """Derived from dates and decisions, never typed by hand."""

    UNPUBLISHED = "unpublished", "未公布"
    NOT_YET = "not_yet", "尚未施行"
    IN_FORCE = "in_force", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "已废止"
    REVOKED = "revoked", "已撤销"
    AMENDED = "amended", "已修改"


class Category(models.TextChoices):
    ADMINISTRATION = "administration", "行政管理"
    MARKET = "market", "市场监管与营商环境"
    ECOLOGY = "ecology", "生态环境"
    LAND = "land", "自然资源"
    CONSTRUCTION = "construction", "住房城乡建设"
    AGRICULTURE = "agriculture", "农业农村"
    SOCIAL = "social", "社会保障与就业"
    HEALTH = "health", "卫生健康"
    CULTURE = "culture", "教育文化旅游"
    SAFETY = "safety", "应急与公共安全"
    TRANSPORT = "transport", "交通运输"
    OTHER = "other", "其他"


class FairCompetitionConclusion(models.TextChoices):
    # 公平竞争审查条例 第八条至第十二条
    COMPLIANT = "compliant", "符合公平竞争审查标准"
    EXCEPTION = "exception", "适用第十二条例外规定"
    NON_COMPLIANT = "non_compliant", "不符合，不得出台"


class MeetingType(models.TextChoices):
    STANDING = "standing", "政府常务会议"
    PLENARY = "plenary", "政府全体会议"
    DEPARTMENT = "department", "部门领导班子会议"
    TOWNSHIP = "township", "乡镇党政联席会议"


class MeetingOutcome(models.TextChoices):
    ADOPTED = "adopted", "审议通过"
    ADOPTED_WITH_CHANGES = "adopted_with_changes", "修改后通过"
    POSTPONED = "postponed", "暂缓"
    REJECTED = "rejected", "不予通过"


class FilingStatus(models.TextChoices):
    PENDING = "pending", "待报备"
    FILED = "filed", "已报备"


class CongressOutcome(models.TextChoices):
    """The 本级人大常委会's answer to a government document filed with it (监督法 第三十九条)."""

    PENDING = "", "待审查"
    NO_ISSUE = "no_issue", "审查未发现问题"
    OPINION = "opinion", "提出审查意见"
    REVOKED = "revoked", "人大常委会予以撤销"


class FilingReviewStatus(models.TextChoices):
    PENDING = "pending", "待审查"
    APPROVED = "approved", "准予备案"
    CORRECTION_REQUIRED = "correction_required", "责令纠正"
    CORRECTED = "corrected", "已纠正"
    ESCALATED = "escalated", "逾期未纠正（已提请处理）"
    # The reviewing body proposes; the government the document was filed with decides (地方组织法 第七十三条第三项).
    REVOCATION_PROPOSED = "revocation_proposed", "建议撤销（待人民政府决定）"
    REVOKED = "revoked", "已撤销"
    NOT_REVOKED = "not_revoked", "人民政府决定不予撤销"


class SuggestionStatus(models.TextChoices):
    RECEIVED = "received", "已受理"
    ANSWERED = "answered", "已答复"


class CleanupDecision(models.TextChoices):
    KEEP = "keep", "继续有效"
    AMEND = "amend", "修改"
    REPEAL = "repeal", "废止"
    DECLARE_INVALID = "declare_invalid", "宣布失效"


class CampaignKind(models.TextChoices):
    PERIODIC = "periodic", "集中清理"
    UPPER_LAW = "upper_law", "因上位法修改的专项清理"
    SPECIAL = "special", "专项清理"


class CampaignStatus(models.TextChoices):
    OPEN = "open", "清理中"
    PUBLISHED = "published", "已公布结果"


class EvaluationStatus(models.TextChoices):
    OPEN = "open", "待评估"
    DONE = "done", "已评估"


class UpperLawStatus(models.TextChoices):
    IN_FORCE = "in_force", "现行有效"
    AMENDED = "amended", "已修改"
    REPEALED = "repealed", "已废止"


class UpperLawLevel(models.TextChoices):
    LAW = "law", "法律"
    ADMIN_REG = "admin_reg", "行政法规"
    LOCAL_REG = "local_reg", "地方性法规"
    AUTONOMOUS_REG = "autonomous_reg", "自治条例和单行条例"
    DEPT_RULE = "dept_rule", "部门规章"
    GOV_RULE = "gov_rule", "地方政府规章"
    POLICY = "policy", "国务院决定、命令及上级规范性文件"
