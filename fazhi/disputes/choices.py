"""Choices of the 矛盾纠纷化解 module: each picklist cites the article it comes from."""

from django.db import models

# ---------------------------------------------------------------- 行政复议 (行政复议法 2023)


class RcState(models.TextChoices):
    RECEIVED = "received", "待审查"  # 第三十条: 收到申请后五日内审查
    SUPPLEMENT = "supplement", "待补正"  # 第三十一条
    ACCEPTED = "accepted", "审理中"
    SUSPENDED = "suspended", "中止"  # 第三十九条
    DECIDED = "decided", "已作出决定"
    TERMINATED = "terminated", "终止"  # 第四十一条
    REJECTED = "rejected", "不予受理"  # 第三十条第二款
    ABANDONED = "abandoned", "视为放弃"  # 第三十一条第二款


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", "公民"
    LEGAL_PERSON = "legal_person", "法人"
    OTHER_ORG = "other_org", "其他组织"


class RcProcedure(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    SIMPLE = "simple", "简易程序"


class SimpleGround(models.TextChoices):
    """行政复议法 第五十三条: the cases the simple procedure may be used for."""

    NONE = "", "—"
    ON_SPOT = "on_spot", "行政行为当场作出（第五十三条第一款第一项）"
    WARNING = "warning", "警告或者通报批评（第五十三条第一款第二项）"
    SMALL_AMOUNT = "small_amount", "款额三千元以下（第五十三条第一款第三项）"
    DISCLOSURE = "disclosure", "政府信息公开案件（第五十三条第一款第四项）"
    CONSENT = "consent", "当事人各方同意适用简易程序（第五十三条第二款）"


class SuspendGround(models.TextChoices):
    """行政复议法 第三十九条第一款 (1)–(10)."""

    DEATH = "1", "申请人死亡，近亲属尚未确定是否参加（第一项）"
    INCAPACITY = "2", "申请人丧失行为能力，尚未确定法定代理人（第二项）"
    MISSING = "3", "申请人下落不明（第三项）"
    ORG_ENDED = "4", "法人或者其他组织终止，尚未确定承受人（第四项）"
    FORCE_MAJEURE = "5", "不可抗力或者其他正当理由不能参加（第五项）"
    MEDIATION = "6", "调解、和解，双方同意中止（第六项）"
    INTERPRETATION = "7", "法律适用问题需要有权机关解释或者确认（第七项）"
    OTHER_CASE = "8", "需以其他案件的审理结果为依据（第八项）"
    NORM_REVIEW = "9", "附带审查规范性文件（第五十六条、第五十七条）（第九项）"
    OTHER = "10", "其他情形（第十项）"


# 第四十一条第一款第五项: suspended under 第三十九条第一款第一项、第二项、第四项 for 60 days → terminate
SUSPEND_GROUNDS_ENDING = ("1", "2", "4")


class TerminateGround(models.TextChoices):
    """行政复议法 第四十一条 (1)–(5)."""

    WITHDRAWN = "1", "申请人撤回申请，准予撤回（第一项）"
    DEATH = "2", "申请人死亡，无近亲属或者近亲属放弃（第二项）"
    ORG_ENDED = "3", "法人或者其他组织终止，无承受人或者承受人放弃（第三项）"
    CRIMINAL = "4", "因同一违法行为涉嫌犯罪被采取刑事强制措施（第四项）"
    SUSPENDED_60 = "5", "中止满六十日原因仍未消除（第五项）"


class RcDecision(models.TextChoices):
    """行政复议决定 (第六十三条至第六十九条) and the 调解书 (第七十三条)."""

    CHANGE = "change", "变更（第六十三条）"
    REVOKE = "revoke", "撤销（第六十四条）"
    PARTIAL_REVOKE = "partial_revoke", "部分撤销（第六十四条）"
    CONFIRM_ILLEGAL = "confirm_illegal", "确认违法（第六十五条）"
    ORDER_PERFORM = "order_perform", "责令履行（第六十六条）"
    CONFIRM_VOID = "confirm_void", "确认无效（第六十七条）"
    UPHOLD = "uphold", "维持（第六十八条）"
    DISMISS = "dismiss", "驳回复议请求（第六十九条）"
    MEDIATED = "mediated", "调解结案（第七十三条）"


# 纠错: decisions that find the act wrong (变更、撤销、部分撤销、确认违法、责令履行、确认无效)
CORRECTING = (RcDecision.CHANGE, RcDecision.REVOKE, RcDecision.PARTIAL_REVOKE, RcDecision.CONFIRM_ILLEGAL,
              RcDecision.ORDER_PERFORM, RcDecision.CONFIRM_VOID)


# ---------------------------------------------------------------- 行政诉讼 (行政诉讼法 2017)


class Instance(models.TextChoices):
    FIRST = "first", "一审"
    SECOND = "second", "二审"
    RETRIAL = "retrial", "再审"


class LitState(models.TextChoices):
    PENDING = "pending", "审理中"
    CLOSED = "closed", "已结案"


class Closure(models.TextChoices):
    """结案方式: judgments of 行政诉讼法 第六十九条–第七十八条, rulings, withdrawal, mediation."""

    REJECT_CLAIM = "j69", "判决驳回诉讼请求（第六十九条）"
    REVOKE = "j70", "判决撤销或部分撤销（第七十条）"
    PERFORM = "j72", "判决履行法定职责（第七十二条）"
    PAY = "j73", "判决给付（第七十三条）"
    CONFIRM_ILLEGAL = "j74", "判决确认违法（第七十四条）"
    CONFIRM_VOID = "j75", "判决确认无效（第七十五条）"
    CHANGE = "j77", "判决变更（第七十七条）"
    AGREEMENT = "j78", "判决继续履行、采取补救措施或赔偿（第七十八条）"
    RULING_DISMISS = "r_dismiss", "裁定驳回起诉"
    RULING_NOT_ACCEPT = "r_refuse", "裁定不予立案"
    WITHDRAWN = "withdrawn", "原告撤诉"
    WITHDRAWN_AFTER_CHANGE = "withdrawn_changed", "被告改变行政行为后原告撤诉（第六十二条）"
    MEDIATED = "mediated", "调解结案（第六十条）"
    UPHELD = "appeal_upheld", "二审维持原判"
    APPEAL_CHANGED = "appeal_changed", "二审改判或发回重审"


# judgments against the agency (行政诉讼法 第七十条–第七十八条)
LOSS_JUDGMENTS = (Closure.REVOKE, Closure.PERFORM, Closure.PAY, Closure.CONFIRM_ILLEGAL, Closure.CONFIRM_VOID,
                  Closure.CHANGE, Closure.AGREEMENT)
JUDGMENTS = (Closure.REJECT_CLAIM, *LOSS_JUDGMENTS)
# withdrawal after the agency changed its act: counted as a hidden loss (the agency gave way)
HIDDEN_LOSS = (Closure.WITHDRAWN_AFTER_CHANGE,)


class LossBase(models.TextChoices):
    """The denominator of the 败诉率 (a setting: DISPUTES["LOSS_RATE_BASE"])."""

    CONCLUDED = "concluded", "全部审结的一审案件"
    JUDGMENTS = "judgments", "作出判决的一审案件"


class AppearanceBase(models.TextChoices):
    """The denominator of the 出庭应诉率 (setting FAZHI_DISPUTES_APPEARANCE_BASE)."""

    HEARD = "heard", "开庭审理的全部案件"
    REQUIRED = "required", "依规定负责人应当出庭的案件"


class CorrectionBase(models.TextChoices):
    """The denominator of the 行政复议纠错率 (setting FAZHI_DISPUTES_CORRECTION_BASE)."""

    NEW = "new", "新收案件"
    CONCLUDED = "concluded", "审结案件"
    SUBSTANTIVE = "substantive", "作出实体决定的审结案件"


class HeadRank(models.TextChoices):
    """最高人民法院关于行政机关负责人出庭应诉若干问题的规定 第二条: 正职、副职、其他参与分管的负责人."""

    NONE = "", "未出庭"
    PRINCIPAL = "principal", "正职负责人"
    DEPUTY = "deputy", "副职负责人"
    IN_CHARGE = "in_charge", "其他参与分管的负责人"


class AbsenceReason(models.TextChoices):
    """出庭应诉规定 第八条: the four lawful grounds."""

    NONE = "", "—"
    FORCE_MAJEURE = "force_majeure", "不可抗力"
    ACCIDENT = "accident", "意外事件"
    DUTY = "duty", "需要履行他人不能代替的公务"
    OTHER = "other", "其他正当事由"


class RequiredWhy(models.TextChoices):
    """出庭应诉规定 第四条: cases where the head SHALL appear."""

    NONE = "", "—"
    PUBLIC_INTEREST = "public_interest", "涉及重大公共利益"
    ATTENTION = "attention", "社会高度关注"
    MASS_INCIDENT = "mass_incident", "可能引发群体性事件"
    COURT_NOTICE = "court_notice", "人民法院书面建议负责人出庭"


# ---------------------------------------------------------------- 人民调解 (人民调解法)


class CommitteeKind(models.TextChoices):
    VILLAGE = "village", "村（居）人民调解委员会"
    TOWNSHIP = "township", "乡镇（街道）人民调解委员会"
    INDUSTRY = "industry", "行业性专业性人民调解委员会"
    ENTERPRISE = "enterprise", "企事业单位人民调解委员会"
    STATIONED = "stationed", "派驻调解工作室"


class Gender(models.TextChoices):
    FEMALE = "f", "女"
    MALE = "m", "男"


class MediatorKind(models.TextChoices):
    FULL_TIME = "full", "专职"
    PART_TIME = "part", "兼职"


class CaseSource(models.TextChoices):
    OWN = "own", "主动调解"
    APPLICATION = "application", "当事人申请"
    ASSIGNED = "assigned", "法院委派（立案前）"
    ENTRUSTED = "entrusted", "法院委托（立案后）"
    GRID = "grid", "十联户/网格报送"
    TRANSFER = "transfer", "部门移送"


class DisputeType(models.TextChoices):
    MARRIAGE = "marriage", "婚姻家庭"
    NEIGHBOUR = "neighbour", "邻里"
    PROPERTY = "property", "房屋宅基地"
    CONTRACT = "contract", "合同"
    LAND = "land", "山林土地"
    LABOUR = "labour", "劳动争议"
    WAGES = "wages", "拖欠农民工工资"
    MEDICAL = "medical", "医疗纠纷"
    TRAFFIC = "traffic", "道路交通"
    DAMAGE = "damage", "损害赔偿"
    EXPROPRIATION = "expropriation", "征地拆迁"
    ENVIRONMENT = "environment", "环境污染"
    CONSUMER = "consumer", "消费纠纷"
    PROPERTY_MGMT = "property_mgmt", "物业纠纷"
    OTHER = "other", "其他"


def dispute_name(value: str) -> str:
    """The dispute a type names: “婚姻家庭纠纷”, but “消费纠纷” and “劳动争议” as they are (not “消费纠纷纠纷”)."""
    label = str(DisputeType(value).label) if value in DisputeType.values else value
    return label if label.endswith(("纠纷", "争议")) else f"{label}纠纷"


class MedState(models.TextChoices):
    OPEN = "open", "调解中"
    SUCCESS = "success", "调解成功"
    FAILED = "failed", "调解不成"
    ENDED = "ended", "终止调解"
    REFUSED = "refused", "当事人拒绝调解"


class AgreementForm(models.TextChoices):
    NONE = "", "—"
    WRITTEN = "written", "书面协议（第二十九条）"
    ORAL = "oral", "口头协议（第三十条）"


class Performance(models.TextChoices):
    NONE = "", "未登记"
    PERFORMED = "performed", "已履行"
    PARTLY = "partly", "部分履行"
    NOT = "not", "未履行"


class ConfirmResult(models.TextChoices):
    NONE = "", "—"
    PENDING = "pending", "已申请，待法院裁定"
    VALID = "valid", "裁定协议有效"
    INVALID = "invalid", "裁定驳回申请"


class ReferralKind(models.TextChoices):
    """诉调对接: 委派 (before filing) / 委托 (after filing)."""

    ASSIGNED = "assigned", "委派调解（立案前）"
    ENTRUSTED = "entrusted", "委托调解（立案后）"


class ReferralResult(models.TextChoices):
    """特邀调解规定 第十九条至第二十一条: what the committee reports back to the court."""

    NONE = "", "—"
    SUCCESS = "success", "调解成功"
    FAILED = "failed", "调解不成（委派转登记立案，委托转审判）"
    WITHDRAWN = "withdrawn", "当事人撤回或不同意调解"


# ---------------------------------------------------------------- 一中心一张网十联户 (grid intake)


class GridLevel(models.TextChoices):
    TOWNSHIP = "township", "乡镇（街道）网格"
    VILLAGE = "village", "村（社区）网格"
    GRID = "grid", "基础网格"


class ReporterKind(models.TextChoices):
    UNIT_HEAD = "unit_head", "联户长"
    GRID_WORKER = "grid_worker", "网格员"


class Risk(models.TextChoices):
    """风险等级 (the colour the 综治中心 assigns)."""

    GREEN = "green", "绿色（一般）"
    YELLOW = "yellow", "黄色（较大）"
    ORANGE = "orange", "橙色（重大）"
    RED = "red", "红色（特别重大，可能引发群体性事件或民转刑）"


class GridReportState(models.TextChoices):
    RECEIVED = "received", "待分流"
    ROUTED = "routed", "已分流"


class Route(models.TextChoices):
    MEDIATION = "mediation", "转人民调解"
    DEPARTMENT = "department", "移交行政主管部门"
    RECONSIDERATION = "reconsideration", "引导申请行政复议"
    LITIGATION = "litigation", "引导提起诉讼"


# ---------------------------------------------------------------- 败诉率 above the reference: 情况说明


class ReferenceScope(models.TextChoices):
    NATIONAL = "national", "全国"
    PROVINCIAL = "provincial", "全省"


class ExplanationState(models.TextChoices):
    DRAFT = "draft", "待发出"
    SENT = "sent", "待说明"
    ANSWERED = "answered", "已说明，待审核"
    CLOSED = "closed", "已办结"


class LetterKind(models.TextChoices):
    """行政复议法 第七十六条: 行政复议意见书 (the body must report its correction within 60 days); 建议书: a
    suggestion on a general problem found while handling cases, without a statutory reply period."""

    OPINION = "opinion", "行政复议意见书"
    SUGGESTION = "suggestion", "行政复议建议书"


class LetterAddressee(models.TextChoices):
    RESPONDENT = "respondent", "被申请人"
    OTHER = "other", "其他下级行政机关"


class LetterMeasure(models.TextChoices):
    """行政复议法 第七十七条第二款: 责令限期履行, 并可以约谈有关负责人或者予以通报批评."""

    ORDER = "order", "责令限期履行"
    INTERVIEW = "interview", "约谈有关负责人"
    CIRCULATE = "circulate", "通报批评"


class ApplicationKind(models.TextChoices):
    MEDIATION = "mediation", "申请人民调解"
    RECONSIDERATION = "reconsideration", "申请行政复议"


class ApplicationState(models.TextChoices):
    RECEIVED = "received", "已收到，待登记"
    REGISTERED = "registered", "已登记办理"
    DECLINED = "declined", "不予登记"


class NormReviewSource(models.TextChoices):
    APPLICANT = "applicant", "申请人一并提出附带审查申请（第十三条、第五十六条）"
    EX_OFFICIO = "ex_officio", "复议机关审查中认为依据不合法（第五十七条）"


class NormReviewHandling(models.TextChoices):
    COMPETENT = "competent", "本机关有权处理（三十日内处理）"
    TRANSFER = "transfer", "无权处理，转送有权机关（七日内转送）"


class NormReviewResult(models.TextChoices):
    LAWFUL = "lawful", "相关条款合法，在复议决定书中一并告知（第五十九条）"
    STOP = "stop", "决定停止该条款的执行，并责令制定机关纠正（第五十九条）"
    REPLIED = "replied", "接受转送的机关已回复处理意见（第六十条）"


class PreventionKind(models.TextChoices):
    """人民调解法 第八条: 人民调解委员会…开展矛盾纠纷排查，预防纠纷; the monthly report counts these."""

    SCREENING = "screening", "矛盾纠纷排查"
    PREVENTION = "prevention", "预防纠纷"
    CRIMINAL = "criminal", "防止民间纠纷转化为刑事案件"
    MASS = "mass", "防止群体性事件"
