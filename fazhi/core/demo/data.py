"""Tables of the demo prefecture, modelled on 黔西南布依族苗族自治州 (522300).

County-level codes are the official GB/T 2260 codes. 义龙新区 is a state-level new area run by a
管理委员会 and has no official 行政区划代码: the demo gives it 522399, a code that no real county
holds, so that it fits the tree like the others.

Township (9-digit) and village (12-digit) codes follow the layout of the 统计用区划代码
(街道 0xx, 镇 1xx, 乡 2xx; 社区居委会 0xx, 村委会 2xx) under their county's code. The names are real
townships of each county where we know them; the serial numbers are illustrative, not the official
ones. The townships that 义龙新区 manages are filed under it (in law they still belong to 兴义市,
安龙县 and 兴仁市); they are not repeated under those counties.
"""

from dataclasses import dataclass, field

from fazhi.core.choices import Role, Scope

PREFECTURE_CODE = "522300"
PREFECTURE_NAME = "黔西南布依族苗族自治州"
PREFECTURE_SHORT = "黔西南州"
PREFECTURE_GOV_PREFIX = "黔西南府规"

# Not an official code (see the module docstring).
YILONG_CODE = "522399"


@dataclass(frozen=True)
class Township:
    suffix: str  # 3 digits appended to the county code
    name: str
    villages: tuple[tuple[str, str], ...] = ()  # (3-digit suffix, name)


@dataclass(frozen=True)
class County:
    code: str
    name: str
    short: str  # used in account names and short agency names
    gov_name: str
    gov_prefix: str  # 发文机关代字 of the government's 规范性文件
    townships: tuple[Township, ...] = field(default_factory=tuple)


COUNTIES: tuple[County, ...] = (
    County("522301", "兴义市", "兴义", "兴义市人民政府", "兴府规", (
        Township("001", "黄草街道", (("001", "瑞金社区"), ("002", "坪东社区"), ("201", "黄草坝村"))),
        Township("002", "桔山街道", (("001", "桔山社区"), ("201", "纳具村"))),
        Township("003", "丰都街道"),
        Township("004", "下五屯街道"),
        Township("101", "马岭镇", (("201", "马岭村"), ("202", "纳录村"))),
        Township("102", "威舍镇"),
        Township("103", "清水河镇"),
        Township("104", "敬南镇"),
        Township("105", "七舍镇"),
        Township("201", "猪场坪乡"),
    )),
    County("522302", "兴仁市", "兴仁", "兴仁市人民政府", "仁府规", (
        Township("001", "东湖街道", (("001", "东湖社区"), ("201", "马家屯村"))),
        Township("002", "城北街道"),
        Township("003", "真武山街道"),
        Township("101", "屯脚镇", (("201", "屯脚村"),)),
        Township("102", "巴铃镇"),
        Township("103", "百德镇"),
        Township("104", "回龙镇"),
        Township("105", "潘家庄镇"),
    )),
    County("522323", "普安县", "普安", "普安县人民政府", "普府规", (
        Township("001", "盘水街道", (("001", "城关社区"), ("201", "孔雀村"))),
        Township("002", "南湖街道"),
        Township("101", "江西坡镇", (("201", "江西坡村"),)),
        Township("102", "地瓜镇"),
        Township("103", "楼下镇"),
        Township("104", "青山镇"),
        Township("105", "罗汉镇"),
    )),
    County("522324", "晴隆县", "晴隆", "晴隆县人民政府", "晴府规", (
        Township("001", "莲城街道", (("001", "西街社区"), ("201", "东门村"))),
        Township("002", "东观街道"),
        Township("101", "沙子镇", (("201", "沙子村"),)),
        Township("102", "碧痕镇"),
        Township("103", "大厂镇"),
        Township("104", "鸡场镇"),
        Township("105", "光照镇"),
    )),
    County("522325", "贞丰县", "贞丰", "贞丰县人民政府", "贞府规", (
        Township("001", "珉谷街道", (("001", "文化社区"), ("201", "纳孔村"))),
        Township("002", "永丰街道"),
        Township("101", "者相镇", (("201", "纳山村"),)),
        Township("102", "龙场镇"),
        Township("103", "北盘江镇"),
        Township("104", "白层镇"),
        Township("105", "鲁贡镇"),
    )),
    County("522326", "望谟县", "望谟", "望谟县人民政府", "望府规", (
        Township("001", "王母街道", (("001", "平洞社区"), ("201", "新堡村"))),
        Township("002", "新屯街道"),
        Township("101", "复兴镇", (("201", "复兴村"),)),
        Township("102", "蔗香镇"),
        Township("103", "乐元镇"),
        Township("104", "打易镇"),
        Township("105", "桑郎镇"),
    )),
    County("522327", "册亨县", "册亨", "册亨县人民政府", "册府规", (
        Township("001", "者楼街道", (("001", "者楼社区"), ("201", "纳福村"))),
        Township("101", "坡妹镇", (("201", "坡妹村"),)),
        Township("102", "巧马镇"),
        Township("103", "秧坝镇"),
        Township("104", "双江镇"),
        Township("105", "弼佑镇"),
    )),
    County("522328", "安龙县", "安龙", "安龙县人民政府", "安府规", (
        Township("001", "栖凤街道", (("001", "招堤社区"), ("201", "五台村"))),
        Township("002", "钱相街道"),
        Township("003", "招堤街道"),
        Township("101", "普坪镇", (("201", "普坪村"),)),
        Township("102", "兴隆镇"),
        Township("103", "龙山镇"),
        Township("104", "洒雨镇"),
        Township("105", "万峰湖镇"),
        Township("106", "笃山镇"),
    )),
    # 义龙新区: 管理委员会 acting as the government of the townships it manages.
    County(YILONG_CODE, "义龙新区", "义龙", "义龙新区管理委员会", "义龙管规", (
        Township("101", "顶效镇", (("001", "顶效社区"), ("201", "楼纳村"))),
        Township("102", "郑屯镇"),
        Township("103", "鲁屯镇", (("201", "鲁屯村"),)),
        Township("104", "万屯镇"),
        Township("105", "龙广镇"),
        Township("106", "德卧镇"),
    )),
)


@dataclass(frozen=True)
class Department:
    key: str  # stable key used by accounts and deadlines below
    name: str  # appended to "黔西南州" / the county name ("gov_office": to the government's name)
    short: str  # appended to "州" / the county short name
    prefix: str = ""  # 发文机关代字 suffix, prefixed with "黔西南" at prefecture level


# The agency attribute (core.choices.AgencyDuty) of the departments whose role the rules look up.
DEPARTMENT_DUTIES = {"sfj": "justice", "scjg": "market", "gov_office": "gov_office"}


# The prefecture's departments (≥ 12 工作部门 plus the government office and the big-data bureau
# that hosts the system administrators).
PREFECTURE_DEPARTMENTS: tuple[Department, ...] = (
    Department("gov_office", "人民政府办公室", "政府办", "府办规"),
    Department("sfj", "司法局", "司法局", "司规"),
    Department("zrzy", "自然资源局", "自然资源局", "自然资规"),
    Department("sthj", "生态环境局", "生态环境局", "环规"),
    Department("nync", "农业农村局", "农业农村局", "农规"),
    Department("scjg", "市场监督管理局", "市场监管局", "市监规"),
    Department("jtys", "交通运输局", "交通运输局", "交规"),
    Department("zjj", "住房和城乡建设局", "住建局", "建规"),
    Department("yjgl", "应急管理局", "应急局", "应急规"),
    Department("wgl", "文化广电旅游局", "文广旅局", "文旅规"),
    Department("wjj", "卫生健康局", "卫健局", "卫健规"),
    Department("rsj", "人力资源和社会保障局", "人社局", "人社规"),
    Department("zhzf", "综合行政执法局", "综合执法局", "综执规"),
    Department("dsj", "大数据发展管理局", "大数据局", "数规"),
)

# Each county's (and 义龙新区's) departments: the 司法局 and the main 执法 departments.
# County-level ecology offices are branches of the prefecture bureau (垂直管理), as in reality.
COUNTY_DEPARTMENTS: tuple[Department, ...] = (
    Department("gov_office", "人民政府办公室", "政府办"),
    Department("sfj", "司法局", "司法局"),
    Department("zrzy", "自然资源局", "自然资源局"),
    Department("nync", "农业农村局", "农业农村局"),
    Department("scjg", "市场监督管理局", "市场监管局"),
    Department("jtys", "交通运输局", "交通运输局"),
    Department("zjj", "住房和城乡建设局", "住建局"),
    Department("yjgl", "应急管理局", "应急局"),
    Department("wgl", "文化广电旅游局", "文广旅局"),
    Department("wjj", "卫生健康局", "卫健局"),
    Department("rsj", "人力资源和社会保障局", "人社局"),
    Department("zhzf", "综合行政执法局", "综合执法局"),
)
# 义龙新区 has bureaus of its own name ("义龙新区司法局" etc.), same list.


@dataclass(frozen=True)
class Account:
    username: str
    full_name: str
    agency: str  # "州:<dept key>", "州:gov", "<county code>:<dept key>" or "<county code>:gov"
    roles: tuple[tuple[str, str], ...]
    note: str  # what the account is for, printed by `make demo`


ACCOUNTS: tuple[Account, ...] = (
    Account("fzb_admin", "王立新", "州:sfj", ((Role.FZB_ADMIN, Scope.ALL),),
            "州依法治州办（设在州司法局）管理员"),
    Account("xingyi_fzb", "李文静", "522301:sfj", ((Role.COUNTY_FZB, Scope.REGION),),
            "兴义市依法治市办（设在兴义市司法局）"),
    Account("anlong_fzb", "陈国平", "522328:sfj", ((Role.COUNTY_FZB, Scope.REGION),),
            "安龙县依法治县办（设在安龙县司法局）"),
    Account("zsthj_fz", "杨晓梅", "州:sthj", ((Role.LEGAL_STAFF, Scope.AGENCY),),
            "州生态环境局法制工作人员"),
    Account("zsthj_zf1", "罗建军", "州:sthj", ((Role.ENFORCEMENT_OFFICER, Scope.OWN),),
            "州生态环境局行政执法人员"),
    Account("zsthj_zf2", "黄志勇", "州:sthj", ((Role.ENFORCEMENT_OFFICER, Scope.OWN),),
            "州生态环境局行政执法人员"),
    Account("zsthj_qc", "韦春燕", "州:sthj", ((Role.DRAFTER, Scope.AGENCY),),
            "州生态环境局文件起草人员"),
    Account("zsfj_sh", "吴丽娟", "州:sfj", ((Role.REVIEWER, Scope.REGION),),
            "州司法局合法性审核人员"),
    Account("zsfj_jd", "岑永福", "州:sfj", ((Role.ENFORCEMENT_SUPERVISOR, Scope.REGION),),
            "州司法局行政执法监督人员"),
    Account("xingyi_tj", "班玉兰", "522301:sfj", ((Role.MEDIATOR, Scope.AGENCY),),
            "兴义市人民调解员"),
    Account("expert_lu", "陆志远", "州:sfj", ((Role.EXPERT, Scope.OWN),),
            "重大行政决策咨询专家"),
    Account("leader", "周建华", "州:gov", ((Role.LEADER, Scope.ALL),),
            "州人民政府领导（只读）"),
    Account("sysadmin", "赵磊", "州:dsj", ((Role.SYSADMIN, Scope.ALL),), "系统管理员（州大数据局）"),
    Account("secadmin", "孙婷", "州:dsj", ((Role.SECADMIN, Scope.ALL),), "安全管理员（州大数据局）"),
    Account("auditor", "刘洋", "州:dsj", ((Role.AUDITOR, Scope.ALL),), "审计管理员（州大数据局）"),
)

# Who is responsible for each county's sample deadlines (others: the agency as a whole).
COUNTY_RESPONSIBLE = {"522301": "xingyi_fzb", "522328": "anlong_fzb"}


@dataclass(frozen=True)
class SampleDeadline:
    """A deadline that gives the home pages something true to show; dates are relative to today."""

    agency: str  # department key, or "gov"
    object_repr: str  # "{county}" / "{short}" are filled in
    rule_code: str
    legal_source: str
    period: int
    unit: str
    start_days_ago: int
    responsible: str | None = None  # username; None = the county's responsible account, if any
    paused_days_ago: int | None = None
    pause_reason: str = ""


# No sample deadlines: the demo homes showed 行政处罚、行政复议、行政许可、政府信息公开 deadlines of modules
# that do not exist yet. The deadlines on the demo homes are the real ones the documents and decisions
# demos create (review periods, filing, execution reports); these modules will add theirs when they exist.
COUNTY_DEADLINES: tuple[SampleDeadline, ...] = ()
PREFECTURE_DEADLINES: tuple[SampleDeadline, ...] = ()
