from django.db import models


class DecisionState(models.TextChoices):
    CATALOGUED = "catalogued", "已列入目录（未启动）"
    STARTED = "started", "草案拟订中"
    IN_REVIEW = "in_review", "合法性审查中"
    RETURNED = "returned", "审查退回补充"
    REVIEWED = "reviewed", "已出具审查意见"
    AT_MEETING = "at_meeting", "已提交集体讨论"
    DECIDED = "decided", "已作出决定"
    POSTPONED = "postponed", "暂缓决定"
    REJECTED = "rejected", "不予通过"
    PUBLISHED = "published", "已公布执行中"
    SUSPENDED = "suspended", "中止执行"
    ENDED = "ended", "停止执行"


class ProposalSource(models.TextChoices):
    # 重大行政决策程序暂行条例 第十条
    LEADER = "leader", "决策机关领导人员"
    DEPARTMENT = "department", "所属部门"
    LOWER_GOVERNMENT = "lower_government", "下一级人民政府"
    DEPUTY = "deputy", "人大代表"
    MEMBER = "member", "政协委员"
    CITIZEN = "citizen", "公民、法人或者其他组织"


class ProposalStatus(models.TextChoices):
    RECEIVED = "received", "已收到"
    RESEARCHING = "researching", "研究论证中"
    ACCEPTED = "accepted", "决定启动"
    DECLINED = "declined", "不予启动"


class CatalogueStatus(models.TextChoices):
    DRAFT = "draft", "编制中"
    PUBLISHED = "published", "已公布"


class Standard(models.TextChoices):
    # 第三条第一款
    PUBLIC_POLICY = "public_policy", "公共服务、市场监管、社会管理、环境保护等方面的重大公共政策和措施"
    PLAN = "plan", "经济和社会发展等方面的重要规划"
    RESOURCES = "resources", "开发利用、保护重要自然资源和文化资源的重大公共政策和措施"
    PROJECT = "project", "在本行政区域实施的重大公共建设项目"
    OTHER = "other", "对经济社会发展有重大影响、涉及重大公共利益或者社会公众切身利益的其他重大事项"


class RiskLevel(models.TextChoices):
    LOW = "low", "低风险"
    MEDIUM = "medium", "中风险"
    HIGH = "high", "高风险"


class Adoption(models.TextChoices):
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "不予采纳"


class MemberStance(models.TextChoices):
    AGREE = "agree", "同意"
    AGREE_WITH_CHANGES = "agree_with_changes", "原则同意并提出修改意见"
    DISAGREE = "disagree", "不同意"
    ABSTAIN = "abstain", "弃权"


class MeetingType(models.TextChoices):
    # 第三十条: 决策机关常务会议或者全体会议
    STANDING = "standing", "政府常务会议"
    PLENARY = "plenary", "政府全体会议"
    # 第四十二条: a department deciding its own major matter discusses it in its 领导班子会议 (部务会议、局务会议)
    DEPARTMENT = "department", "部门领导班子会议（局务会议）"


GOVERNMENT_MEETINGS = (MeetingType.STANDING, MeetingType.PLENARY)


class MeetingOutcome(models.TextChoices):
    ADOPTED = "adopted", "通过"
    ADOPTED_WITH_CHANGES = "adopted_with_changes", "修改后通过"
    POSTPONED = "postponed", "暂缓"
    REJECTED = "rejected", "不予通过"


class EvaluationTrigger(models.TextChoices):
    # 第三十六条
    BELOW_EXPECTATION = "below_expectation", "实施后明显未达到预期效果"
    MANY_OBJECTIONS = "many_objections", "公民、法人或者其他组织提出较多意见"
    ORGAN_DECIDES = "organ_decides", "决策机关认为有必要"


class EvaluationConclusion(models.TextChoices):
    CONTINUE = "continue", "继续执行"
    ADJUST = "adjust", "调整后执行"
    STOP = "stop", "停止执行"


class AdjustmentKind(models.TextChoices):
    # 第三十七条
    CHANGE = "change", "变更"
    SUSPEND = "suspend", "中止执行"
    RESUME = "resume", "恢复执行"
    STOP = "stop", "停止执行"


class ParticipationForm(models.TextChoices):
    """第十四条第二款: 听取意见可以采取座谈会、听证会、实地走访、书面征求意见、向社会公开征求意见、问卷调查、
    民意调查等多种方式 (the public consultation and the hearing have records of their own)."""

    SYMPOSIUM = "symposium", "座谈会"
    VISIT = "visit", "实地走访"
    WRITTEN = "written", "书面征求意见"
    QUESTIONNAIRE = "questionnaire", "问卷调查"
    POLL = "poll", "民意调查"
    GROUP_CONSULTATION = "group", "与人民团体、社会组织和群众代表沟通协商"


class RerunStep(models.TextChoices):
    """第三十七条: 需要作出重大调整的，应当依照本条例履行相关法定程序 — the steps a substantive change touches
    (合法性审查 and 集体讨论决定 always run again: the decision goes back to drafting)."""

    PARTICIPATION = "participation", "公众参与"
    HEARING = "hearing", "听证"
    EXPERTS = "experts", "专家论证"
    RISK = "risk", "风险评估"


class AdviserKind(models.TextChoices):
    # 第二十八条
    LEGAL_ADVISER = "legal_adviser", "法律顾问"
    PUBLIC_LAWYER = "public_lawyer", "公职律师"
