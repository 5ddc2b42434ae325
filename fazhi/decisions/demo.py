"""Demo data of 重大行政决策 for the demo prefecture, loaded through the services on true past dates.

Runs after the core demo (``load_demo``: regions, agencies, the reviewer ``zsfj_sh``). Adds the decision
accounts, a prefecture expert pool of twelve, two years (2025, 2026) of catalogues for 黔西南州 and three
county-level governments (兴义市, 安龙县, 兴仁市) — published after party consent, the prefecture's 2026
catalogue adjusted and republished — and 27 decisions across every step: consultations open today, one in
legality review, one returned, one blocked at the gate, one at the meeting, one postponed, one rejected,
one decided against the majority with the head's reason, an exploratory reform, published decisions with
execution reports on time, late and overdue, one under post-evaluation, one stopped after it, one
suspended in an emergency; and proposals from citizens, deputies, members and departments.

Every step is a service call under time travel (time_machine, imported lazily: it is a test extra) on
the date it happened, so dates, deadlines and the audit chain are true. Steps that must be "live" today
(an open consultation, a review in progress) are placed relative to today. Idempotent: accounts, experts,
catalogues, decisions and proposals are looked up by their natural keys, and a decision is walked only
while it has not been started; a second run changes nothing and says so. One transaction.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from fazhi.core import deadlines, workdays
from fazhi.core import services as core_services
from fazhi.core.choices import AgencyKind, Role, Scope
from fazhi.core.demo import data
from fazhi.core.demo.loader import credit_code_for, demo_password, refuse_in_production
from fazhi.core.errors import ServiceError
from fazhi.core.models import Agency, Region, RoleAssignment, User
from fazhi.procedure import reviews
from fazhi.procedure import services as procedure

from . import selectors, services
from .choices import DecisionState, ProposalSource, Standard
from .models import Catalogue, Decision, Expert, Proposal
from .review import CHECKLIST

TZ = ZoneInfo("Asia/Shanghai")
# The fixed part of the story ends in October 2026; the live part is placed relative to today.
EARLIEST_LOAD_DAY = date(2026, 11, 1)
PREFECTURE = "州"


def at(day: date):
    """Travel to ten in the morning of ``day`` (Beijing time) for the service calls inside."""
    import time_machine  # a test extra; the demo loader is its only runtime user

    return time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=TZ), tick=False)


# ================================================================ who and what


@dataclass(frozen=True)
class Account:
    username: str
    full_name: str
    where: str  # "州" or a county code
    agency: str  # department key of the core demo data ("gov_office", "sfj")
    role: str
    scope: str


ACCOUNTS = (
    Account("zfgb_jc", "蒙思远", PREFECTURE, "gov_office", Role.DECISION_STAFF, Scope.REGION),
    Account("zfzj_zj1", "王建国", PREFECTURE, "gov_office", Role.EXPERT, Scope.OWN),
    Account("xingyi_jc", "卢海燕", "522301", "gov_office", Role.DECISION_STAFF, Scope.REGION),
    Account("anlong_jc", "黄朝勇", "522328", "gov_office", Role.DECISION_STAFF, Scope.REGION),
    Account("xingren_jc", "王琴", "522302", "gov_office", Role.DECISION_STAFF, Scope.REGION),
    # County legality reviewers (the prefecture's is the core demo's zsfj_sh).
    Account("xingyi_sh", "周敏", "522301", "sfj", Role.REVIEWER, Scope.REGION),
    Account("anlong_sh", "罗世荣", "522328", "sfj", Role.REVIEWER, Scope.REGION),
    Account("xingren_sh", "杨帆", "522302", "sfj", Role.REVIEWER, Scope.REGION),
)
STAFF = {PREFECTURE: "zfgb_jc", "522301": "xingyi_jc", "522328": "anlong_jc", "522302": "xingren_jc"}
REVIEWERS = {PREFECTURE: "zsfj_sh", "522301": "xingyi_sh", "522328": "anlong_sh", "522302": "xingren_sh"}

# 决策咨询论证专家库 of 黔西南州人民政府 (第二十一条). The first one has the account zfzj_zj1.
EXPERTS = (
    ("王建国", "城市规划", "教授", "贵州大学"),
    ("李红", "交通工程", "高级工程师", "州交通建设集团"),
    ("陈志强", "财政与公共经济", "教授", "贵州财经大学"),
    ("刘芳", "社会稳定风险评估", "研究员", "贵州省社会科学院"),
    ("杨光明", "行政法", "律师", "贵州黔坤律师事务所"),
    ("吴敏", "教育管理", "教授", "贵州师范大学"),
    ("周涛", "公共卫生", "主任医师", "黔西南州人民医院"),
    ("罗文斌", "水利工程", "高级工程师", "贵州省水利水电勘测设计研究院"),
    ("黄丽萍", "民族文化旅游", "教授", "贵州民族大学"),
    ("韦德华", "农业经济", "高级农艺师", "黔西南州农业科学研究所"),
    ("岑晓东", "环境工程", "高级工程师", "黔西南州生态环境监测中心"),
    ("班永红", "城乡规划", "副教授", "兴义民族师范学院"),
)


@dataclass(frozen=True)
class Item:
    """One catalogue item: flags p 公众参与, e 专家论证, r 风险评估, m 涉及市场主体, h 听证."""

    key: str
    where: str
    year: int
    title: str
    sponsor: str
    standard: str
    flags: str
    schedule: str
    basis: str
    points: tuple[str, str, str]


QUARTER_ENDS = {"一": "03-31", "二": "06-30", "三": "09-30", "四": "12-31"}


def quarter_end(text: str) -> str:
    """计划完成时间 is a date: "2026年第二季度" → "2026-06-30" (the last day of the quarter)."""
    year, _, rest = text.partition("年第")
    return f"{year}-{QUARTER_ENDS[rest[0]]}"


S = Standard
ITEMS = (
    # ---------------------------------------------------------------- 黔西南州, 2025
    Item("P1", PREFECTURE, 2025, "黔西南州城区公共交通票价调整方案", "jtys", S.PUBLIC_POLICY, "pemrh", "2025年第二季度",
         "《中华人民共和国价格法》第二十三条、《政府制定价格听证办法》",
         ("普通线路票价由每人次1元调整为2元，空调线路2元不变", "学生、老年人、残疾人等群体实行免费或半价优惠",
          "建立票价与运营成本联动的动态调整机制")),
    Item("P2", PREFECTURE, 2025, "黔西南州城市生活垃圾分类管理实施方案", "zjj", S.PUBLIC_POLICY, "pe", "2025年第二季度",
         "《中华人民共和国固体废物污染环境防治法》第四十三条", ("中心城区居民小区2025年底前实现分类投放全覆盖",
                                                  "建设分类运输车队和两座厨余垃圾处理设施", "建立分类积分激励制度")),
    Item("P3", PREFECTURE, 2025, "黔西南州中心城区机动车停车收费管理办法", "scjg", S.PUBLIC_POLICY, "pm", "2025年第三季度",
         "《中华人民共和国价格法》第十八条", ("按区域差别化定价，核心区每小时4元", "首30分钟免费",
                                   "新能源汽车停车收费减半")),
    Item("P4", PREFECTURE, 2025, "万峰林景区门票价格调整方案", "wgl", S.PUBLIC_POLICY, "pmh", "2025年第三季度",
         "《中华人民共和国价格法》第二十三条", ("门票由80元调整为100元", "本地居民凭身份证免费", "淡季门票八折")),
    Item("P5", PREFECTURE, 2025, "黔西南州中心城区控制性详细规划修编", "zrzy", S.PLAN, "per", "2025年第四季度",
         "《中华人民共和国城乡规划法》第十九条、第四十八条", ("优化中心城区功能分区，新增两处城市公园",
                                              "调整桔山片区用地性质", "预留轨道交通走廊")),
    # ---------------------------------------------------------------- 黔西南州, 2026
    Item("P6", PREFECTURE, 2026, "黔西南州农村集体经营性建设用地入市试点方案", "zrzy", S.RESOURCES, "r", "2026年第二季度",
         "《中华人民共和国土地管理法》第六十三条", ("在两个县开展集体经营性建设用地入市试点",
                                      "入市收益按比例留归集体经济组织", "探索入市土地抵押融资")),
    Item("P7", PREFECTURE, 2026, "黔西南州城乡供水一体化建设规划", "zjj", S.PROJECT, "per", "2026年第二季度",
         "《中华人民共和国水法》第十四条", ("新建三座区域水厂", "2027年底前农村自来水普及率达到95%",
                                "建立城乡统一的供水价格和服务标准")),
    Item("P8", PREFECTURE, 2026, "黔西南州医疗卫生服务体系规划（2026—2030年）", "wjj", S.PLAN, "per", "2026年第四季度",
         "《中华人民共和国基本医疗卫生与健康促进法》第三十五条", ("每个县建成一所三级医院",
                                                 "中心城区新增一所儿童医院", "乡镇卫生院标准化建设全覆盖")),
    Item("P9", PREFECTURE, 2026, "黔西南州中心城区中小学校布局调整方案", "gov_office", S.PUBLIC_POLICY, "p", "2026年第四季度",
         "《中华人民共和国教育法》第十八条", ("新建中小学校六所、扩建四所", "撤并生源不足的教学点三个并保障校车接送",
                                 "学区划分向社会公开")),
    Item("P10", PREFECTURE, 2026, "黔西南州中心城区管道燃气价格调整方案", "scjg", S.PUBLIC_POLICY, "pmh", "2026年第四季度",
         "《中华人民共和国价格法》第二十三条", ("居民用气第一档价格每立方米上调0.3元", "实行阶梯气价",
                                   "低保户每月免费用气5立方米")),
    Item("P11", PREFECTURE, 2026, "黔西南州养老服务设施布局规划", "zjj", S.PLAN, "pe", "2026年第四季度",
         "《中华人民共和国老年人权益保障法》第四十条", ("新建小区按每百户不少于20平方米配建养老服务用房",
                                         "每个街道建成一所综合养老服务中心", "推动医养结合")),
    Item("P13", PREFECTURE, 2026, "黔西南州旅游市场秩序综合整治方案", "wgl", S.PUBLIC_POLICY, "pe", "2027年第一季度",
         "《中华人民共和国旅游法》第八十三条", ("整治不合理低价游和强制购物", "建立旅游投诉先行赔付制度",
                                  "推行旅游经营者信用分级管理")),
    Item("P14", PREFECTURE, 2026, "黔西南州城市更新行动实施方案", "zjj", S.PUBLIC_POLICY, "prm", "2026年第四季度",
         "《中华人民共和国城乡规划法》第三十一条", ("三年内改造城中村五个", "引入社会资本参与片区更新",
                                      "保护历史街区风貌")),
    Item("P15", PREFECTURE, 2026, "黔西南州地方粮食储备管理体制改革方案", "nync", S.OTHER, "e", "2026年第三季度",
         "《粮食流通管理条例》第三十一条", ("组建州级粮食储备集团", "州县两级储备规模动态调整",
                               "建立储备粮轮换市场化机制")),
    # ---------------------------------------------------------------- 兴义市
    Item("X1", "522301", 2025, "兴义市老旧小区改造三年行动方案（2025—2027年）", "zjj", S.PUBLIC_POLICY, "p", "2025年第二季度",
         "《国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见》", ("三年改造老旧小区120个", "加装电梯实行居民自愿、政府补助",
                                                      "改造方案由居民议事会讨论")),
    Item("X2", "522301", 2025, "兴义市城区农贸市场布局规划", "scjg", S.PLAN, "pm", "2025年第三季度",
         "《中华人民共和国城乡规划法》第十九条", ("新建标准化农贸市场四个", "关闭占道经营的临时市场", "市场摊位费实行政府指导价")),
    Item("X3", "522301", 2026, "兴义市城区交通拥堵综合治理方案", "jtys", S.PUBLIC_POLICY, "pe", "2026年第四季度",
         "《中华人民共和国道路交通安全法》第三十九条", ("主干道路口渠化改造二十处", "学校周边错峰上下学", "增设公交专用道")),
    Item("X4", "522301", 2026, "兴义市马岭河峡谷景区保护开发规划", "wgl", S.RESOURCES, "pr", "2027年第一季度",
         "《风景名胜区条例》第十二条", ("划定核心保护区和游览区", "控制景区内建设项目", "建立社区参与利益分享机制")),
    Item("X5", "522301", 2026, "兴义市城区建设项目停车位配建标准", "zjj", S.PUBLIC_POLICY, "p", "2027年第二季度",
         "《中华人民共和国城乡规划法》第三十八条", ("住宅每户配建不少于1.2个车位", "商业项目按建筑面积配建", "配建充电设施比例不低于20%")),
    Item("X6", "522301", 2026, "兴义市学前教育普惠发展实施方案", "gov_office", S.PUBLIC_POLICY, "pr", "2027年第一季度",
         "《中华人民共和国学前教育法》第二十九条", ("普惠性幼儿园覆盖率达到90%", "民办普惠园生均补助每年1000元", "新建公办园五所")),
    # ---------------------------------------------------------------- 安龙县
    Item("A1", "522328", 2025, "安龙县县城污水处理费调整方案", "zjj", S.PUBLIC_POLICY, "pmh", "2025年第三季度",
         "《城镇排水与污水处理条例》第三十二条", ("居民污水处理费由每立方米0.8元调整为1.1元", "非居民用户1.4元",
                                      "低保户免收")),
    Item("A2", "522328", 2026, "安龙县招堤景区提升改造规划", "wgl", S.PROJECT, "per", "2026年第四季度",
         "《风景名胜区条例》第十二条", ("修复招堤历史风貌", "建设荷花博览园", "改造景区交通组织")),
    Item("A3", "522328", 2026, "安龙县农村人居环境整治提升实施方案", "nync", S.PUBLIC_POLICY, "p", "2027年第二季度",
         "《中华人民共和国乡村振兴促进法》第三十七条", ("农村卫生厕所普及率达到90%", "生活垃圾收运处置体系覆盖所有行政村",
                                           "村庄清洁行动常态化")),
    # ---------------------------------------------------------------- 兴仁市
    Item("R1", "522302", 2025, "兴仁市薏仁米产业发展规划（2025—2030年）", "nync", S.PLAN, "pe", "2025年第三季度",
         "《中华人民共和国乡村振兴促进法》第十二条", ("薏仁米种植面积稳定在35万亩", "建设国家级薏仁米交易中心",
                                          "培育龙头企业十家")),
    Item("R2", "522302", 2026, "兴仁市城区公交线网优化方案", "jtys", S.PUBLIC_POLICY, "p", "2026年第四季度",
         "《城市公共交通条例》第十九条", ("新开公交线路四条", "优化调整线路六条", "公交站点500米覆盖率达到90%")),
    Item("R3", "522302", 2026, "兴仁市工业园区扩区规划", "zrzy", S.PROJECT, "per", "2027年第二季度",
         "《中华人民共和国城乡规划法》第十九条", ("园区扩区8平方公里", "配套建设污水处理厂", "严格产业准入")),
)

CATALOGUES = {  # (where, year): (created, party consent, consent reference, published)
    (PREFECTURE, 2025): (date(2025, 1, 10), date(2025, 1, 24), "州委常委会2025年第2次会议", date(2025, 2, 5)),
    (PREFECTURE, 2026): (date(2026, 1, 8), date(2026, 1, 22), "州委常委会2026年第2次会议", date(2026, 2, 3)),
    ("522301", 2025): (date(2025, 1, 15), date(2025, 1, 28), "中共兴义市委常委会2025年第3次会议", date(2025, 2, 10)),
    ("522301", 2026): (date(2026, 1, 12), date(2026, 1, 27), "中共兴义市委常委会2026年第3次会议", date(2026, 2, 9)),
    ("522328", 2025): (date(2025, 1, 16), date(2025, 2, 6), "中共安龙县委常委会2025年第4次会议", date(2025, 2, 12)),
    ("522328", 2026): (date(2026, 1, 14), date(2026, 2, 4), "中共安龙县委常委会2026年第4次会议", date(2026, 2, 10)),
    ("522302", 2025): (date(2025, 1, 13), date(2025, 1, 27), "中共兴仁市委常委会2025年第2次会议", date(2025, 2, 8)),
    ("522302", 2026): (date(2026, 1, 13), date(2026, 1, 28), "中共兴仁市委常委会2026年第2次会议", date(2026, 2, 6)),
}
ADDED_ITEM = "黔西南州新能源汽车充电基础设施建设实施方案"  # P12: a deputy's proposal, added in June 2026

COMMENTS = (
    "建议对学生、老年人等群体给予更大优惠。",
    "方案总体可行，建议分步实施，给群众留出适应期。",
    "希望公布成本测算依据，增加透明度。",
    "建议增加对偏远乡镇的倾斜支持。",
    "实施前应当充分宣传解读，避免误解。",
)
SPAM = "代办各类证件，价格优惠，电话联系"


def _draft(item: Item) -> str:
    a, b, c = item.points
    return (f"{item.title}\n\n一、总体要求\n以习近平新时代中国特色社会主义思想为指导，坚持以人民为中心，依法科学民主决策，"
            f"统筹发展和安全。\n二、主要内容\n（一）{a}。\n（二）{b}。\n（三）{c}。\n三、保障措施\n（一）加强组织领导。"
            "承办单位会同有关部门制定具体实施计划，明确责任分工和时间节点。\n（二）强化监督评估。执行单位按期向决策机关报告执行"
            "情况，接受社会监督。\n四、实施时间\n本方案自公布之日起施行。")


def _explanation(item: Item, catalogue_year: int) -> str:
    return (f"一、起草背景\n为解决群众反映集中的问题，根据{catalogue_year}年度重大行政决策事项目录安排起草本草案。\n"
            f"二、起草依据\n{item.basis}。\n三、履行决策程序情况\n本事项已列入年度重大行政决策事项目录，"
            "依照《重大行政决策程序暂行条例》履行公众参与、专家论证、风险评估、合法性审查和集体讨论决定等程序。\n"
            f"四、主要内容说明\n草案共四部分，重点明确：{item.points[0]}。")


@dataclass
class Report:
    accounts: int = 0
    experts: int = 0
    catalogues: int = 0
    decisions: int = 0
    walked: int = 0
    proposals: int = 0
    scan: dict = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any((self.accounts, self.experts, self.catalogues, self.decisions, self.walked, self.proposals))

    def summary(self) -> str:
        if not self.changed:
            return "重大行政决策演示数据已是最新，本次未作任何更改。"
        return (f"已加载重大行政决策演示数据：新建账号 {self.accounts} 个、专家 {self.experts} 名、目录 {self.catalogues} 个、"
                f"决策事项 {self.decisions} 项，办理程序 {self.walked} 项，决策建议 {self.proposals} 条。")

    def as_dict(self) -> dict:
        return {"accounts": self.accounts, "experts": self.experts, "catalogues": self.catalogues,
                "decisions": self.decisions, "walked": self.walked, "proposals": self.proposals,
                "changed": self.changed, "summary": self.summary()}


# ================================================================ the loader


class _Loader:
    def __init__(self, today: date):
        self.today = today
        self.report = Report()
        self.users: dict[str, User] = {}
        self.decisions: dict[str, Decision] = {}

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    # ------------------------------------------------------------ org and accounts

    def region(self, where: str) -> Region:
        code = data.PREFECTURE_CODE if where == PREFECTURE else where
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise ServiceError("请先运行 load_demo 加载演示州的区划、单位和账号，再加载重大行政决策演示数据。")
        return region

    def government(self, where: str) -> Agency:
        region = self.region(where)
        gov = Agency.objects.filter(region=region, kind=AgencyKind.GOVERNMENT).order_by("id").first()
        if gov is None:
            raise ServiceError(f"演示数据缺少{region.name}人民政府，请先运行 load_demo。")
        return gov

    def agency(self, where: str, key: str) -> Agency:
        gov = self.government(where)
        if key == "gov":
            return gov
        if key == "gov_office":
            name = f"{gov.name}办公室"
        else:
            dept = next(d for d in (data.PREFECTURE_DEPARTMENTS if where == PREFECTURE else data.COUNTY_DEPARTMENTS)
                        if d.key == key)
            prefix = data.PREFECTURE_SHORT if where == PREFECTURE else gov.region.name
            name = f"{prefix}{dept.name}"
        agency = Agency.objects.filter(region=gov.region, name=name).first()
        if agency is None:
            agency = core_services.agency_create(actor=None, name=name, kind=AgencyKind.DEPARTMENT, region=gov.region,
                                                 parent=gov, credit_code=credit_code_for(name, gov.region.code))
        return agency

    def accounts(self) -> None:
        password = demo_password()
        for account in ACCOUNTS:
            user = User.objects.filter(username=account.username).first()
            if user is None:
                user = core_services.user_create(actor=None, username=account.username, full_name=account.full_name,
                                                 agency=self.agency(account.where, account.agency), password=password,
                                                 must_change_password=False)
                self.report.accounts += 1
            if not RoleAssignment.objects.filter(user=user, role=account.role, scope=account.scope).exists():
                core_services.role_grant(actor=None, user=user, role=account.role, scope=account.scope)
            self.users[account.username] = user
        reviewer = User.objects.filter(username=REVIEWERS[PREFECTURE]).first()
        if reviewer is None:
            raise ServiceError("演示数据缺少州司法局合法性审查人员 zsfj_sh，请先运行 load_demo。")
        self.users[reviewer.username] = reviewer
        for username in ("zsthj_fz",):
            user = User.objects.filter(username=username).first()
            if user is not None:
                self.users[username] = user

    def staff(self, where: str) -> User:
        return self.users[STAFF[where]]

    def reviewer(self, where: str) -> User:
        return self.users[REVIEWERS[where]]

    # ------------------------------------------------------------ expert pool (第二十一条)

    def experts(self) -> None:
        gov = self.government(PREFECTURE)
        existing = {e.name: e for e in Expert.objects.filter(agency=gov)}
        with at(date(2025, 1, 6)):
            for index, (name, field_, title, organisation) in enumerate(EXPERTS):
                if name in existing:
                    continue
                existing[name] = services.expert_create(
                    actor=self.staff(PREFECTURE), agency=gov, name=name, field=field_, title=title,
                    organisation=organisation, user=self.users["zfzj_zj1"] if index == 0 else None)
                self.report.experts += 1
        self.pool = existing

    # ------------------------------------------------------------ catalogues and their items

    def catalogues(self) -> None:
        for (where, year), (created, consent, ref, published) in CATALOGUES.items():
            gov, actor = self.government(where), self.staff(where)
            catalogue = Catalogue.objects.filter(agency=gov, year=year).first()
            with at(created):
                if catalogue is None:
                    catalogue = services.catalogue_create(
                        actor=actor, agency=gov, year=year,
                        standard_text="依照《重大行政决策程序暂行条例》第三条，结合本地实际确定的决策事项目录标准。")
                    self.report.catalogues += 1
                for item in ITEMS:
                    if (item.where, item.year) == (where, year):
                        self.decisions[item.key] = self.item(item, catalogue, actor)
            if catalogue.version == 0:
                with at(published):
                    services.catalogue_publish(actor=actor, catalogue=catalogue, party_consent_on=consent,
                                               party_consent_ref=ref)

    def item(self, item: Item, catalogue: Catalogue, actor: User) -> Decision:
        gov = catalogue.agency
        decision = Decision.objects.filter(title=item.title, decision_organ=gov).first()
        if decision is None:
            decision = services.decision_create(
                actor=actor, title=item.title, decision_organ=gov, sponsor=self.agency(item.where, item.sponsor),
                catalogue=catalogue, standard=item.standard, planned_schedule=quarter_end(item.schedule),
                requires_public_participation="p" in item.flags, requires_expert_argumentation="e" in item.flags,
                requires_risk_assessment="r" in item.flags, concerns_market="m" in item.flags,
                requires_hearing="h" in item.flags,
                participation_exemption="" if "p" in item.flags else "涉及国家秘密和内部管理事项，依法不予公开（第十四条）")
            self.report.decisions += 1
        return decision

    # ------------------------------------------------------------ procedure steps

    def spec(self, decision: Decision) -> Item:
        return next(i for i in ITEMS if i.title == decision.title)

    def where(self, decision: Decision) -> str:
        return self.spec(decision).where

    def start(self, d: Decision, on: date, exploratory_reason: str = "") -> None:
        item, actor = self.spec(d), self.staff(self.spec(d).where)
        with at(on):
            services.decision_start(actor=actor, decision=d, exploratory_reform=bool(exploratory_reason),
                           exploratory_reason=exploratory_reason)
            extra = {"fair_competition_conclusion": "经公平竞争审查，草案不含排除、限制竞争的内容。"} if "m" in item.flags else {}
            services.decision_update(actor=actor, decision=d, draft=_draft(item),
                                     explanation=_explanation(item, d.catalogue.year if d.catalogue_id else on.year),
                                     note="决策草案初稿", **extra)

    def consult(self, d: Decision, start: date, *, days: int = 30, comments: int = 3, close: bool = True,
                opposing: str = "") -> None:
        actor = self.staff(self.where(d))
        end = start + timedelta(days=days - 1)
        with at(start):
            services.consultation_open(actor=actor, decision=d, start=start, end=end,
                                       notice="欢迎社会各界通过本网站、信函等方式提出意见建议。")
        call = selectors.consultation_of(d)
        shown, pending = [], []
        with at(min(start + timedelta(days=3), self.today)):
            for index in range(comments):
                comment = procedure.comment_submit_public(
                    call=call, content=COMMENTS[(index + d.pk) % len(COMMENTS)],
                    name=f"市民{'甲乙丙丁戊'[index % 5]}", contact=f"1390859{d.pk % 1000:03d}{index}")
                (pending if not close and index == comments - 1 else shown).append(comment.pk)
            spam = procedure.comment_submit_public(call=call, content=SPAM)
            if opposing:
                comment = services.comment_enter(actor=actor, decision=d, source="deputy", content=opposing,
                                                 name="韦代表", organisation="黔西南州人大代表", is_opposing=True)
                shown.append(comment.pk)
        with at(min(start + timedelta(days=6), self.today)):
            services.comments_screen(actor=actor, decision=d, comment_ids=shown, show=True)
            services.comments_screen(actor=actor, decision=d, comment_ids=[spam.pk], show=False,
                                     reason="含与决策事项无关的广告内容。")
            answered = shown[:1] if not close else shown
            services.comments_answer(actor=actor, decision=d, comment_ids=answered, outcome="partly",
                                     answer="已研究，相关建议在草案中予以体现，具体执行细则另行制定。")
        if close:
            with at(end + timedelta(days=1)):
                services.consultation_close(actor=actor, decision=d)
                services.decision_update(actor=actor, decision=d, public_opinion_summary=(
                    f"{start:%Y年%m月%d日}至{end:%Y年%m月%d日}公开征求意见，共收到有效意见 {len(shown)} 条，"
                    "均已逐条研究答复，部分采纳的意见已在草案中体现。"))

    def hearing(self, d: Decision, held: date) -> None:
        with at(held):
            services.hearing_record(actor=self.staff(self.where(d)), decision=d, held_on=held, place="政务服务中心听证室",
                                    notice_published_on=held - timedelta(days=20), participants=(
                                        "消费者代表7人、经营者代表3人、专家2人、人大代表和政协委员各1人"),
                                    participants_published_on=held - timedelta(days=15),
                                    materials_delivered_on=held - timedelta(days=10), record_signed=True)

    def experts_for(self, d: Decision, on: date, names: tuple[str, ...], *, opinion_days: int = 7,
                    adopt: bool = True, leave_pending: str = "") -> None:
        actor = self.staff(self.where(d))
        assignments = []
        with at(on):
            for name in names:
                assignments.append(services.expert_select(actor=actor, decision=d, expert=self.pool[name],
                                                          interest_declaration="本人与本决策事项无直接利害关系。",
                                                          has_direct_interest=False))
        with at(on + timedelta(days=opinion_days)):
            for a in assignments:
                if a.expert.name == leave_pending:
                    continue
                author = a.expert.user if a.expert.user_id else actor
                services.expert_opinion_add(actor=author, decision=d, assignment=a.pk, signed=True, opinion=(
                    f"{a.expert.name}（{a.expert.title}）：草案目标明确、措施可行，建议进一步细化实施步骤和配套政策。"))
                if adopt:
                    services.expert_adoption_record(actor=actor, decision=d, assignment=a.pk, adoption="adopted",
                                                    reason="已在草案中细化实施步骤。")
            if adopt:
                services.decision_update(actor=actor, decision=d, expert_adoption_summary=(
                    f"组织 {len(assignments)} 名专家论证，专家意见均已研究采纳。"))

    def risk(self, d: Decision, on: date, *, controllable: bool = True, level: str = "medium") -> None:
        with at(on):
            services.risk_assessment_add(
                actor=self.staff(self.where(d)), decision=d, assessor="贵州省社会科学院社会稳定风险评估课题组",
                assessed_on=on, risk_points="部分群众对调整内容存在顾虑，可能引发信访", level=level,
                controllable=controllable, measures="加强政策解读，分步实施，设立过渡期",
                contingency_plan="建立舆情监测和信访快速处置机制")

    def review(self, d: Decision, submit: date, *, opinion: str = "lawful", opinion_days: int = 5,
               give: bool = True, confirm: bool = True, text: str = "") -> None:
        where = self.where(d)
        actor, reviewer = self.staff(where), self.reviewer(where)
        meeting = workdays.add_working_days(submit, 10).date
        with at(submit):
            services.decision_submit_review(actor=actor, decision=d, proposed_meeting_date=meeting)
        if not give:
            return
        with at(submit + timedelta(days=2)):
            services.adviser_opinion_add(actor=reviewer, decision=d, kind="legal_adviser", adviser="杨光明",
                                         opinion="决策权限和程序符合规定，建议完善实施细则。", given_on=submit + timedelta(days=2))
        with at(submit + timedelta(days=opinion_days)):
            changes = "请在第三部分补充执行单位的报告义务。" if opinion == "lawful_after_changes" else ""
            reviews.review_give_opinion(actor=reviewer, review=reviews.latest_review(d), opinion=opinion,
                                        required_changes=changes, checklist={k: {"result": "pass"} for k, _ in CHECKLIST},
                                        opinion_text=text or "经审查，决策事项属于决策机关法定权限，程序符合规定，内容不违反法律法规。")
        if opinion == "lawful_after_changes" and confirm:
            with at(submit + timedelta(days=opinion_days + 1)):
                d.refresh_from_db()
                services.decision_update(actor=actor, decision=d, draft=d.draft + "\n执行单位每季度末向决策机关报告执行情况。",
                                         note="按合法性审查意见修改")
                reviews.review_confirm_changes(actor=reviewer, review=reviews.latest_review(d))

    def meeting(self, d: Decision, held: date, *, stances=("agree", "agree", "agree_with_changes"),
                outcome: str = "adopted", head_reason: str = "", to_meeting: date | None = None) -> None:
        actor = self.staff(self.where(d))
        with at(to_meeting or held - timedelta(days=3)):
            services.decision_submit_to_meeting(actor=actor, decision=d)
        gov = d.decision_organ.name.removesuffix("人民政府")
        head = "州长" if self.where(d) == PREFECTURE else ("市长" if gov.endswith("市") else "县长")
        deputy = "副州长" if head == "州长" else f"副{head}"
        rows = [{"member": f"{deputy}{'张李赵'[i]}某", "position": deputy, "stance": s,
                 "statement": "不同意。实施时机尚不成熟，群众负担加重，建议暂缓。" if s == "disagree" else "同意。"}
                for i, s in enumerate(stances)]
        head_statement = {"adopted": "同意，按程序公布实施。", "rejected": "不予通过。", "postponed": "暂缓决定，进一步论证。"}
        rows.append({"member": f"{head}（政府主要负责人）", "position": head, "stance": "agree" if outcome == "adopted"
                     else "disagree", "statement": head_statement.get(outcome, "同意。"), "is_head": True})
        with at(held):
            services.meeting_record(
                actor=actor, decision=d, meeting_type="standing", meeting_name=f"{d.decision_organ.name}常务会议",
                held_on=held, attendees=f"{head}、{deputy}、秘书长及有关部门负责人", outcome=outcome,
                head_name=f"{head}（政府主要负责人）", head_reason=head_reason, opinions=rows,
                party_report_on=held if outcome == "adopted" else None,
                party_report_ref="按规定向同级党委请示报告" if outcome == "adopted" else "")

    def publish(self, d: Decision, on: date, units: tuple[str, ...] = ("gov_office",)) -> None:
        where = self.where(d)
        with at(on):
            services.decision_publish(actor=self.staff(where), decision=d, publication_text=f"{d.decision_organ.name}关于印发"
                             f"《{d.title}》的通知\n\n各有关单位：\n《{d.title}》已经{d.decision_organ.name}常务会议研究通过，"
                             f"现予印发，请认真贯彻执行。\n\n{_draft(self.spec(d))}",
                             publication_explanation=("公开征求意见期间收到的意见均已逐条研究答复，部分采纳；"
                                                      "专家论证意见均已采纳。"),
                             execution_units=[self.agency(where, u) for u in units])

    def reports(self, d: Decision, username: str, *, late: tuple[int, ...] = (), stop_after: int | None = None,
                until: date | None = None) -> None:
        """Report on every due date up to ``until`` (a week before today by default): the ``late`` ones (by
        their index) six days after the due date, the others three days before; ``stop_after`` reports that
        many and leaves the next one overdue."""
        user = self.users[username]
        until = min(until or self.ago(7), self.ago(7))
        count = d.execution_reports.filter(unit_id=user.agency_id, submitted_on__isnull=False).count()
        while stop_after is None or count < stop_after:
            pending = (d.execution_reports.filter(unit_id=user.agency_id, submitted_on__isnull=True)
                       .select_related("deadline").order_by("deadline__due_date").first())
            if pending is None or pending.deadline.due_date > until:
                return
            due = pending.deadline.due_date
            with at(due + timedelta(days=6) if count in late else due - timedelta(days=3)):
                services.execution_report(actor=user, decision=d, progress=(
                    "各项措施按计划推进，已完成阶段性目标，群众总体满意。"), problems="")
            d.refresh_from_db()
            count += 1

    # ------------------------------------------------------------ the stories

    def walk(self) -> None:
        for key, story in self.stories().items():
            d = self.decisions[key]
            if d.state != DecisionState.CATALOGUED or d.started_on is not None:
                continue
            story(d)
            self.report.walked += 1

    def stories(self) -> dict:
        return {
            "P1": self.p1, "P2": self.p2, "P3": self.p3, "P4": self.p4, "P5": self.p5, "P6": self.p6, "P7": self.p7,
            "P8": self.p8, "P9": self.p9, "P10": self.p10, "P11": self.p11, "P13": self.p13, "P14": self.p14,
            "P15": self.p15, "X1": self.x1, "X2": self.x2, "X3": self.x3, "X4": self.x4, "X6": self.x6,
            "A1": self.a1, "A2": self.a2, "R1": self.r1, "R2": self.r2,
        }

    def full(self, d, start: date, *, experts=(), hearing: bool = False, meeting_gap: int = 16, **meeting) -> date:
        """Start → consultation → (hearing) → experts → risk → legality review → meeting; returns the meeting day."""
        spec = self.spec(d)
        self.start(d, start)
        if "p" in spec.flags:
            self.consult(d, start + timedelta(days=7))
        if hearing:
            self.hearing(d, start + timedelta(days=40))
        if "e" in spec.flags:
            self.experts_for(d, start + timedelta(days=9), experts or ("王建国", "陈志强"))
        if "r" in spec.flags:
            self.risk(d, start + timedelta(days=30))
        submit = start + timedelta(days=45)
        self.review(d, submit)
        held = workdays.add_working_days(submit, meeting_gap).date
        self.meeting(d, held, **meeting)
        return held

    def p1(self, d):  # published 2025; reports on time; under post-evaluation since September 2026
        held = self.full(d, date(2025, 3, 3), experts=("王建国", "李红"), hearing=True,
                         stances=("agree", "agree_with_changes", "agree"))
        self.publish(d, held + timedelta(days=7), units=("gov_office",))
        self.reports(d, "zfgb_jc", until=date(2026, 9, 10))
        with at(date(2026, 9, 15)):
            services.post_evaluation_start(actor=self.staff(PREFECTURE), decision=d, trigger="many_objections",
                                           evaluator="贵州民族大学公共管理学院")
        self.reports(d, "zfgb_jc")

    def p2(self, d):  # published 2025; post-evaluation done in 2026: continue
        held = self.full(d, date(2025, 3, 17), experts=("岑晓东", "陈志强"))
        self.publish(d, held + timedelta(days=5))
        self.reports(d, "zfgb_jc", late=(1,), until=date(2026, 2, 27))
        with at(date(2026, 3, 2)):
            services.post_evaluation_start(actor=self.staff(PREFECTURE), decision=d, trigger="organ_decides",
                                           evaluator="黔西南州决策咨询研究中心")
        with at(date(2026, 5, 20)):
            services.post_evaluation_finish(actor=self.staff(PREFECTURE), decision=d, conclusion="continue", report=(
                "分类投放覆盖率达到92%，厨余垃圾处理能力满足需要，建议继续执行并加强农村地区推广。"))
        self.reports(d, "zfgb_jc")

    def p3(self, d):  # published 2025; suspended by the head in an emergency in October 2026
        held = self.full(d, date(2025, 4, 7))
        self.publish(d, held + timedelta(days=6), units=("gov_office", "scjg"))
        self.reports(d, "zfgb_jc", until=date(2026, 10, 9))
        with at(date(2026, 10, 12)):
            services.decision_adjust(actor=self.staff(PREFECTURE), decision=d, kind="suspend", emergency=True,
                            basis="州长决定（情况紧急，先行中止，提请州人民政府常务会议审议）",
                            reason="核心区停车收费调整引发集中投诉，周边道路出现大面积违停，先行中止执行。")

    def p4(self, d):  # rejected at the meeting, 2025
        self.full(d, date(2025, 5, 12), hearing=True, stances=("disagree", "disagree", "agree"),
                  outcome="rejected")

    def p5(self, d):  # the head decides against the majority and states the reason
        held = self.full(d, date(2025, 7, 7), experts=("班永红", "王建国"), stances=("disagree", "disagree", "agree"),
                         head_reason="规划修编关系中心城区长远发展，城市公园和轨道交通走廊若不及时预留将造成不可逆损失；"
                                     "分歧主要在实施时序，可在实施中分期安排。")
        self.publish(d, held + timedelta(days=10))
        self.reports(d, "zfgb_jc")

    def p6(self, d):  # exploratory reform with a stated legal risk, published 2026
        self.start(d, date(2026, 2, 26), exploratory_reason=(
            "集体经营性建设用地入市的抵押融资等事项国家尚无明确规定，属于探索性改革事项。"))
        self.risk(d, date(2026, 3, 10))
        self.review(d, date(2026, 3, 23), opinion="unlawful", text=(
            "入市土地抵押融资的规定与现行法律规定不一致，国家尚无明确规定，存在法律风险。"))
        with at(date(2026, 3, 30)):
            services.decision_update(actor=self.staff(PREFECTURE), decision=d, legal_risk_statement=(
                "本方案第三项“探索入市土地抵押融资”国家尚无明确规定，存在与《土地管理法》等规定不一致的法律风险；"
                "试点范围限于两个县，试点期间发现问题及时调整。"))
        self.meeting(d, date(2026, 4, 28), stances=("agree", "agree_with_changes", "agree"))
        self.publish(d, date(2026, 5, 8), units=("gov_office",))
        self.reports(d, "zfgb_jc", stop_after=1)  # the second report is overdue

    def p7(self, d):  # published 2026, one late report
        held = self.full(d, date(2026, 2, 23), experts=("罗文斌", "王建国"))
        self.publish(d, held + timedelta(days=5), units=("gov_office",))
        self.reports(d, "zfgb_jc", late=(0,))

    def p8(self, d):  # blocked at the gate: expert adoption, risk report, confirmed changes missing
        start = self.ago(75)
        self.start(d, start)
        self.consult(d, start + timedelta(days=3))
        self.experts_for(d, start + timedelta(days=10), ("周涛", "王建国"), adopt=False)
        self.review(d, self.ago(12), opinion="lawful_after_changes", confirm=False)

    def p9(self, d):  # consultation open today, with comments pending and an opposing one
        start = self.ago(30)
        self.start(d, start)
        self.consult(d, self.ago(12), comments=4, close=False,
                     opposing="撤并教学点将使山区学生上学路程明显增加，反对撤并绿荫村教学点。")

    def p10(self, d):  # hearing held, consultation closed, legality review in progress
        start = self.ago(70)
        self.start(d, start)
        self.consult(d, start + timedelta(days=5))
        self.hearing(d, start + timedelta(days=40))
        self.review(d, self.ago(3), give=False)

    def p11(self, d):  # at the meeting
        start = self.ago(80)
        self.start(d, start)
        self.consult(d, start + timedelta(days=4))
        self.experts_for(d, start + timedelta(days=8), ("王建国", "班永红"))
        self.review(d, self.ago(20))
        with at(self.ago(2)):
            services.decision_submit_to_meeting(actor=self.staff(PREFECTURE), decision=d)

    def p13(self, d):  # drafting; zfzj_zj1's opinion still awaited
        self.start(d, self.ago(20))
        self.experts_for(d, self.ago(15), ("王建国", "黄丽萍"), adopt=False, leave_pending="王建国")

    def p14(self, d):  # returned for supplement by the reviewer
        start = self.ago(60)
        self.start(d, start)
        self.consult(d, start + timedelta(days=3))
        self.review(d, self.ago(12), give=False)
        with at(self.ago(8)):
            reviews.review_return(actor=self.reviewer(PREFECTURE), review=reviews.latest_review(d),
                                  reason="请补充社会稳定风险评估报告和公平竞争审查情况。")

    def p15(self, d):  # postponed at the meeting
        self.full(d, date(2026, 6, 1), experts=("韦德华", "陈志强"), outcome="postponed",
                  stances=("agree_with_changes", "disagree", "agree"))

    def x1(self, d):
        held = self.full(d, date(2025, 3, 10))
        self.publish(d, held + timedelta(days=7))
        self.reports(d, "xingyi_jc")

    def x2(self, d):  # published, evaluated, stopped after the evaluation
        held = self.full(d, date(2025, 5, 5))
        self.publish(d, held + timedelta(days=7))
        self.reports(d, "xingyi_jc", until=date(2026, 4, 3))
        actor = self.staff("522301")
        with at(date(2026, 4, 7)):
            evaluation = services.post_evaluation_start(actor=actor, decision=d, trigger="below_expectation",
                                                        evaluator="贵州财经大学公共管理学院")
        with at(date(2026, 6, 15)):
            services.post_evaluation_finish(actor=actor, decision=d, conclusion="stop", report=(
                "新建市场选址与居民需求不符，两个市场长期闲置；建议停止执行，纳入国土空间规划统筹。"))
            services.decision_adjust(actor=actor, decision=d, kind="stop", basis="依据决策后评估报告及市人民政府常务会议决定",
                            reason="后评估认为规划明显未达到预期效果。", post_evaluation=evaluation.pk,
                            meeting_name="兴义市人民政府第 14 次常务会议", meeting_held_on=date(2026, 6, 12))

    def x3(self, d):  # decided, not yet published
        start = self.ago(85)
        self.start(d, start)
        self.consult(d, start + timedelta(days=3))
        self.experts_for(d, start + timedelta(days=6), ("李红", "王建国"))
        self.review(d, self.ago(25))
        self.meeting(d, self.ago(6))

    def x4(self, d):  # consultation open today
        self.start(d, self.ago(14))
        self.consult(d, self.ago(5), comments=2, close=False)

    def x6(self, d):  # drafting, risk assessed
        self.start(d, self.ago(15))
        self.risk(d, self.ago(6))

    def a1(self, d):
        held = self.full(d, date(2025, 4, 14), hearing=True)
        self.publish(d, held + timedelta(days=6))
        self.reports(d, "anlong_jc", late=(2,))

    def a2(self, d):  # in legality review
        start = self.ago(90)
        self.start(d, start)
        self.consult(d, start + timedelta(days=4))
        self.experts_for(d, start + timedelta(days=10), ("黄丽萍", "班永红"))
        self.risk(d, start + timedelta(days=40))
        self.review(d, self.ago(2), give=False)

    def r1(self, d):
        held = self.full(d, date(2025, 4, 21), experts=("韦德华", "陈志强"))
        self.publish(d, held + timedelta(days=8))
        self.reports(d, "xingren_jc")

    def r2(self, d):  # reviewed lawful, then the draft changed: the opinion no longer covers it, reviewed again
        start = self.ago(60)
        self.start(d, start)
        self.consult(d, start + timedelta(days=2))
        self.review(d, self.ago(16))
        actor = self.staff(self.where(d))
        with at(self.ago(12)):
            d.refresh_from_db()
            services.decision_update(actor=actor, decision=d, note="根据市交通运输局意见调整线路",
                                     draft=d.draft + "\n增开城区至工业园区的通勤专线两条，早晚高峰发车间隔不超过15分钟。")
        # The changed draft goes back to the 司法局 (第二十五条至第二十八条): a second round on the new text.
        self.review(d, self.ago(9), text="经再次审查，调整后的草案增开通勤专线，属于决策机关法定权限，内容不违反法律法规。")

    # ------------------------------------------------------------ proposals (第十条) and the adjusted catalogue

    def proposals(self) -> None:
        zhou, xingyi = self.government(PREFECTURE), self.government("522301")
        staff = self.staff(PREFECTURE)
        plans = [
            (date(2026, 4, 20), None, zhou, ProposalSource.DEPUTY, "州人大代表赵永刚", ADDED_ITEM,
             "新能源汽车保有量快速增长，充电设施不足，建议统一规划建设。", "accept"),
            (date(2026, 5, 11), None, zhou, ProposalSource.MEMBER, "州政协委员孙雪梅", "关于建立山区学生交通补助制度的建议",
             "山区学生上学路途远、交通费用高，建议建立交通补助制度。", ""),
            (date(2026, 6, 22), None, zhou, ProposalSource.DEPARTMENT, "黔西南州住房和城乡建设局", "关于制定既有住宅加装电梯补助办法的建议",
             "老旧小区加装电梯需求大，资金分摊难，建议制定统一补助办法。", "decline"),
            (date(2026, 7, 6), "citizen", zhou, ProposalSource.CITIZEN, "张先生", "关于万峰林景区周边道路节假日限行的建议",
             "节假日景区周边道路严重拥堵，建议实行单双号限行。", "decline"),
            (date(2026, 10, 19), "citizen", xingyi, ProposalSource.CITIZEN, "兴义市民李女士", "关于在兴义市城区增设公共停车场的建议",
             "城区停车难问题突出，建议利用边角地建设立体停车场。", ""),
            (self.ago(5), "citizen", zhou, ProposalSource.CITIZEN, "黔西南州某物流企业", "关于规范城区货车通行时段的建议",
             "城区货车禁行时段过长影响配送，建议按区域差别化管理。", ""),
        ]
        for day, portal, agency, source, proposer, title, content, outcome in plans:
            if Proposal.objects.filter(agency=agency, title=title).exists():
                continue
            department = source == ProposalSource.DEPARTMENT
            with at(day):
                proposal = services.proposal_submit(
                    actor=None if portal else staff, agency=agency, source=source, proposer=proposer, title=title,
                    content=content, contact="" if portal is None else "0859-3221000",
                    problem="既有住宅加装电梯资金分摊和审批程序不统一。" if department else "",
                    reasons="《中华人民共和国民法典》第二百七十八条；群众需求迫切。" if department else "",
                    preliminary_plan="按每台电梯不超过15万元给予补助，简化审批。" if department else "")
            self.report.proposals += 1
            if not outcome:
                continue
            with at(day + timedelta(days=30)):
                if outcome == "accept":
                    decision = services.proposal_decide(
                        actor=staff, proposal=proposal, start=True, sponsor=self.agency(PREFECTURE, "zjj"),
                        research="经研究论证，该事项涉及公共利益，符合目录标准，决定列入年度目录并启动。",
                        requires_public_participation=True, concerns_market=True)
                    self.report.decisions += 1
                    self.adjust_catalogue(decision)
                else:
                    services.proposal_decide(actor=staff, proposal=proposal, start=False,
                                             research="经研究，该事项不属于重大行政决策事项目录标准范围。",
                                             note="不列入重大行政决策事项目录，已转有关部门按职责研究办理。")

    def adjust_catalogue(self, decision: Decision) -> None:
        catalogue = decision.catalogue
        if catalogue is None or catalogue.version != 1:
            return
        with at(date(2026, 6, 10)):
            services.catalogue_publish(actor=self.staff(PREFECTURE), catalogue=catalogue,
                                       party_consent_on=date(2026, 6, 5), party_consent_ref="州委常委会2026年第11次会议",
                                       reason=f"根据州人大代表建议，增加“{decision.title}”一项。")


def account_lines() -> list[str]:
    """One line per account this demo adds: username, name, unit, role and scope."""
    lines = []
    for a in ACCOUNTS:
        where = data.PREFECTURE_SHORT if a.where == PREFECTURE else next(c.name for c in data.COUNTIES
                                                                            if c.code == a.where)
        unit = "人民政府办公室" if a.agency == "gov_office" else "司法局"
        lines.append(f"  {a.username:<11} {a.full_name:<4}  {where}{unit}  [{Role(a.role).label}/{Scope(a.scope).label}]")
    return lines


def load_decisions_demo(*, stdout=None, today: date | None = None) -> dict:
    """Create whatever of the decisions demo is missing (after the core demo); refuses in production."""
    refuse_in_production()
    today = today or timezone.localdate()
    if today < EARLIEST_LOAD_DAY:
        # The story's fixed dates run to October 2026: loading earlier would put them in the future.
        summary = f"重大行政决策演示数据的日期安排到2026年10月，须在{EARLIEST_LOAD_DAY:%Y年%m月%d日}以后加载；本次未作任何更改。"
        if stdout is not None:
            stdout.write(summary)
        return {**Report().as_dict(), "summary": summary}
    with transaction.atomic():
        loader = _Loader(today)
        loader.accounts()
        loader.experts()
        loader.catalogues()
        loader.proposals()
        loader.walk()
        if loader.report.changed:
            loader.report.scan = dict(deadlines.scan_deadlines(today=today) or {})
    if stdout is not None:
        stdout.write(loader.report.summary())
    return loader.report.as_dict()
