"""Automatic legality pre-check (自动预审) of normative-document drafts.

Before the reviewer opens a draft, its text is scanned sentence by sentence and every sentence that
*looks like* one of the problems below is listed with the words that triggered it. The pre-check is
an aid: the reviewer confirms or dismisses each finding; it never decides anything.

Rules (code → legal source):
  sets_licence           行政许可法 第十七条        sets_penalty      行政处罚法 第十六条
  sets_compulsory        行政强制法 第十条第四款、第十三条
  sets_fee               优化营商环境条例 第二十五条
  adds_obligation        优化营商环境条例 第六十四条 reduces_rights    优化营商环境条例 第六十四条
  restricts_competition  公平竞争审查条例 第八条、第十条、第十一条 (filing or register systems 第八条第（一）项,
                         franchise or exclusive rights 第八条第（二）项, named operator, closed lists, brands,
                         chosen banks, insurers or test labs 第八条第（三）项 and 反垄断法 第三十九条, entry
                         conditions of size, age, ownership, legal form, number 第八条第（四）项, awards, record
                         and formal defects in bidding 招标投标法实施条例 第三十二条 and 政府采购法实施条例
                         第二十条, rewards tied to taxes 第十条, tax reliefs 第十条第（一）项, support of named
                         or a handful of firms 第十条第（二）项, fee, land and utility reliefs 第十条第（三）项,
                         fixed or coordinated prices 第十一条第（一）、（三）项)
  local_protection       公平竞争审查条例 第九条 (barriers to moving away, goods kept from leaving 第九条第（一）项,
                         local registration, taxes, settlement or establishment as a condition 第九条第（二）项,
                         local insurance or purchase shares in bidding 第九条第（三）项, subsidies for local
                         goods only 第九条第（四）项, outsiders treated worse 第九条)
  sets_licence also      行政许可法 第十六条第四款 (conditions added to a licence, a filing or list as a gate)
  sets_compulsory also   行政强制法 第四十三条第二款 (停水停电 to compel)
  retroactive            立法法 第一百零四条（参照）
  validity_too_long      规范性文件有效期上限（RULES.md §1 [S]，上限由调用方传入）
  no_effective_date      参照 立法法 第六十一条、规章制定程序条例 第三十条
  similar_to_reported    not a rule: precheck_model.py's statistical findings (与已查处的妨碍公平竞争条款相似),
                         each citing the article the most similar reported provision was found to break

How a finding is avoided on lawful text (precision matters more than cleverness):
  * negation: a 不得/禁止/严禁/不再/取消… earlier in the same clause, or a lead-in such as
    "不得有下列行为：" governing the enumerated items that follow, turns a trigger off; a 不得 also
    governs the following clauses of its sentence ("不得滥用行政权力，限定…") and a parallel item after
    "；" until a positive modal (应当/必须/可以), "否则" or "但" starts a new command;
  * basis: a sentence that quotes its basis — 《…》第…条, 依照《…》, 法律、法规…规定, 依法 — restates
    an existing rule instead of creating one. A bare "按照有关规定" counts only when the drafter has
    listed the upper-level basis of the document (``cited_basis=True``), because only then does
    "有关规定" point at something the reviewer can check;
  * a fixed penalty (an amount, a kind of penalty) attached to a breach of 本办法 needs a named
    article or a law it restates: "依法处以一万元罚款" is still reported.

Measured on real provisions in ``precheck_corpus/`` (``python -m fazhi.documents.precheck_corpus.evaluate``);
the patterns marked as learnt from it were developed on its train split only.

Pure Python: no Django imports, so it can run anywhere (service, job, test) and be tested plainly.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Finding:
    rule: str  # code, see RULES below
    rule_label: str  # Chinese name of the rule
    legal_source: str  # e.g. "《行政许可法》第十七条"
    sentence: str  # the offending sentence, exactly text[start:end]; "" for document-level findings
    start: int
    end: int
    match_start: int  # offsets (in the text) of the words that triggered the finding
    match_end: int
    explanation: str  # Chinese: why this looks like a problem and what the reviewer should check


# code → (label, default legal source)
RULES: dict[str, tuple[str, str]] = {
    "sets_licence": ("设定行政许可", "《行政许可法》第十七条"),
    "sets_penalty": ("设定行政处罚", "《行政处罚法》第十六条"),
    "sets_compulsory": ("设定行政强制", "《行政强制法》第十条第四款"),
    "sets_fee": ("违法设定收费", "《优化营商环境条例》第二十五条"),
    "adds_obligation": ("无依据增加义务", "《优化营商环境条例》第六十四条"),
    "reduces_rights": ("无依据减损权利", "《优化营商环境条例》第六十四条"),
    "restricts_competition": ("排除、限制竞争", "《公平竞争审查条例》第八条"),
    "local_protection": ("地方保护、歧视外地经营者", "《公平竞争审查条例》第九条"),
    "retroactive": ("溯及既往", "《立法法》第一百零四条"),
    "validity_too_long": ("有效期超过上限", "规范性文件有效期规定"),
    "no_effective_date": ("未规定施行日期", "参照《立法法》第六十一条、《规章制定程序条例》第三十条"),
    # Not a rule of this module: the statistical findings of precheck_model.py, which replace this default
    # source by the article the most similar reported provision was found to break.
    "similar_to_reported": ("与已查处的妨碍公平竞争条款相似", "《公平竞争审查条例》第八条至第十一条"),
}
RULE_ORDER = {code: i for i, code in enumerate(RULES)}

# 行政强制法 第十三条: 行政强制执行由法律设定 (强制拆除、加处罚款或者滞纳金…)
_ENFORCEMENT_SOURCE = "《行政强制法》第十三条"
# 公平竞争审查条例 第十条(一): 没有法律、行政法规依据或者未经国务院批准，不得给予特定经营者税收优惠
_TAX_PREFERENCE_SOURCE = "《公平竞争审查条例》第十条"

# ------------------------------------------------------------------------------------------- text

_TERMINATORS = "。；;！!？?\n"
_WHITESPACE = " \t\r\u3000\xa0"
_CLAUSE_BREAK = re.compile(r"[，,；;。]")
_ENUMERATED = re.compile(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．])")
_NEGATOR = re.compile(
    r"不得|禁止|严禁|不再|取消|无需|无须|不需|不必|免于|免收|免除|不应|不能|不准|不允许|杜绝|纠正|清理|废止|一律不|不以"
)

_NUM = r"[0-9０-９零〇一二两三四五六七八九十百千万]+"
_DATE = (
    r"(?P<y>[0-9]{4}|[〇零一二三四五六七八九]{4})年"
    r"(?P<m>[0-9]{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(?P<d>[0-9]{1,2}|[一二三四五六七八九十]{1,3})日"
)
_DATE_RE = re.compile(_DATE)


@dataclass(frozen=True)
class _Sentence:
    text: str
    start: int
    end: int
    framed: bool  # an enumerated item under a negated lead-in ("不得有下列行为：")
    carried: bool = False  # continues, after a "；", a prohibition of the previous sentence


def _last_negator(text: str) -> re.Match | None:
    found = list(_SERIAL_NEGATOR.finditer(text))
    return found[-1] if found else None


def _parallel(prev: str, chunk: str) -> bool:
    """The chunk repeats a verb of the previous prohibition ("…，限定经营者…；限定他人…"): one series."""
    head = chunk[:2]
    last = _last_negator(prev)
    return bool(last) and len(head) == 2 and head in prev[last.start():]


def _open_prohibition(chunk: str) -> bool:
    """The chunk ends (at "；") inside the scope of a 不得/禁止 it contains."""
    if not chunk.endswith(("；", ";")):
        return False
    body = chunk[:-1]
    last = _last_negator(body)
    return last is not None and not _SERIAL_BREAK.search(body[last.end():])


def split_sentences(text: str) -> list[_Sentence]:
    """Split on 。；！？ and line breaks, keeping offsets; surrounding blanks are not part of a sentence."""
    sentences: list[_Sentence] = []
    framed = False
    pos = 0
    length = len(text)
    while pos < length:
        end = pos
        while end < length and text[end] not in _TERMINATORS:
            end += 1
        stop = end + 1 if end < length and text[end] != "\n" else end
        s, e = pos, stop
        while s < e and text[s] in _WHITESPACE:
            s += 1
        while e > s and text[e - 1] in _WHITESPACE:
            e -= 1
        if s < e:
            chunk = text[s:e]
            is_item = bool(_ENUMERATED.match(chunk))
            if not is_item:
                framed = False
            prev = sentences[-1] if sentences else None
            carried = bool(prev and text[prev.end:s].strip(_WHITESPACE) == "" and "\n" not in text[prev.end:s]
                           and _open_prohibition(prev.text) and _parallel(prev.text, chunk)
                           and not _POSITIVE_MODAL.search(chunk))
            sentences.append(_Sentence(chunk, s, e, framed and is_item, carried))
            body = chunk.rstrip("。；;！!？?")
            if not is_item and body.endswith(("：", ":")) and _NEGATOR.search(body):
                framed = True
        pos = end + 1
    return sentences


def _cn_number(s: str) -> int | None:
    """'5', '五', '十', '十二', '二十五', '一百' → int; None when not a number."""
    s = s.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if s.isdigit():
        return int(s)
    digits = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    units = {"十": 10, "百": 100, "千": 1000, "万": 10000}
    total, section, current = 0, 0, None
    for ch in s:
        if ch in digits:
            current = digits[ch]
        elif ch in units:
            unit = units[ch]
            if unit == 10000:
                total += (section + (current or 0)) * unit
                section, current = 0, None
            else:
                section += (1 if current is None else current) * unit
                current = None
        else:
            return None
    return total + section + (current or 0)


def _parse_date(m: re.Match) -> date | None:
    y = m.group("y")
    if not y.isdigit():
        y = "".join(str("〇一二三四五六七八九".index(c.replace("零", "〇"))) for c in y)
    month, day = _cn_number(m.group("m")), _cn_number(m.group("d"))
    try:
        return date(int(y), month or 0, day or 0)
    except ValueError:
        return None


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


# ------------------------------------------------------------------------------- basis / negation

_ARTICLE_CITE = re.compile(r"《[^》]{2,60}》[^，。；]{0,8}?第[一二三四五六七八九十百零〇\d]+条")
_NAMED_CITE = re.compile(r"(?:依照|依据|根据|按照|遵照|适用)[^，。；]{0,6}?《[^》]{2,60}》")
_LAW_REF = re.compile(r"(?:法律|行政法规|地方性法规|法规|规章)[^，。；]{0,12}?(?:另有)?规定|依照其规定")
_YIFA = re.compile(r"依法|依规")
_GENERIC = re.compile(r"(?:按照|依照|根据|按)[^，。；《]{0,8}?规定")
_BREACH_OF_THIS = re.compile(r"违反本(?:办法|规定|通知|细则|意见|决定|规则|方案|实施办法|文件)|未按(?:照)?本(?:办法|规定|通知)")


_SERIAL_NEGATOR = re.compile(r"不得|禁止|严禁|不准|不允许")
_POSITIVE_MODAL = re.compile(r"应当|必须|须|可以|方可")
_SERIAL_BREAK = re.compile(r"应当|必须|须|可以|方可|否则|但|；|。|对[^，。；]{0,20}的，")


def _has_basis(text: str, cited_basis: bool) -> bool:
    """The sentence quotes a basis: a named law or article, 法律法规规定, 依法 — or, when the drafter has
    listed the document's upper-level basis, a generic "按照有关规定"."""
    if _ARTICLE_CITE.search(text) or _NAMED_CITE.search(text) or _LAW_REF.search(text) or _YIFA.search(text):
        return True
    return cited_basis and bool(_GENERIC.search(text))


def _negated(sent: _Sentence, pos: int) -> bool:
    """A negator earlier in the same clause, or a negated lead-in before a colon or the list, governs pos."""
    if sent.framed or sent.carried:
        return True
    prefix = sent.text[:pos]
    colon = max(prefix.rfind("："), prefix.rfind(":"))
    if colon >= 0 and _NEGATOR.search(prefix[:colon]):
        return True
    breaks = list(_CLAUSE_BREAK.finditer(prefix))
    clause = prefix[breaks[-1].end():] if breaks else prefix
    if _NEGATOR.search(clause):
        return True
    # "不得滥用行政权力，限定…", "除…外，不得收取…": a prohibition carries over the commas of one
    # sentence until a positive modal, a "否则" or a "但" starts a new command.
    last = _last_negator(prefix)
    return last is not None and not _SERIAL_BREAK.search(prefix[last.end():])


def _clause_around(text: str, pos: int) -> tuple[int, int]:
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
    left = max([b + 1 for b in breaks if b < pos], default=0)
    right = min([b for b in breaks if b >= pos], default=len(text))
    return left, right


# ---------------------------------------------------------------------------------- the triggers

_GOV = r"人民政府|政府|部门|机关|局|委员会|管委会|中心|办公室|司法所|街道办事处|乡镇|领导小组"

_LICENCE = [
    # 须经…审批同意后方可…: creates a prior approval
    re.compile(
        r"(?:须|必须|应当|应|需)(?:先)?经[^，。；]{0,25}?(?:审批|批准|核准|许可|同意|审查同意)[^。；]{0,12}?(?:方可|才能|始得|方能)"
    ),
    # …经批准后方可…, without a modal verb in front
    re.compile(r"经[^，。；]{0,20}?(?:审批|批准|核准|许可|审查同意)[^，。；]{0,4}?(?:方可|才能|始得|方能)"),
    # 未经…批准（备案）…不得…: an approval or a filing used as a gate (变相许可)
    re.compile(
        r"未经(?:[^，。；]{0,20}?(?:审批|批准|核准|许可|备案|审核同意)|[^，。；]{0,20}?(?:" + _GOV + r")(?:的)?同意)"
        r"(?P<mid>[^。；]{0,25}?)(?:不得|禁止|一律不)"
    ),
    re.compile(r"实行[^，。；]{0,12}?(?:审批|许可|准入|核准|许可证|准营证|准运证|准入证)(?:制度|制|管理)"),
    re.compile(r"无证[^，。；]{0,10}?(?:不得|禁止|一律不)"),
    # "应事先向我局申请备案，凭备案证明开展土地估价业务": a filing used as a licence (second training set)
    re.compile(r"凭[^，。；]{0,6}?备案(?:证明|凭证|证)?[^，。；]{0,4}?(?:开展|从事|经营)"),
    # 取得…意见书后方可营业: any document obtained from the administration used as a gate
    re.compile(r"(?:取得|领取|办理|持有)[^，。；]{0,25}?(?:方可|才能|始得|方能)"),
    # 须到…办理临时通行证
    re.compile(
        r"(?:须|必须|应当|应)[^，。；]{0,12}?(?:办理|领取|申领|取得)[^，。；]{0,8}?"
        r"(?:许可证|通行证|准运证|准营证|准入证|经营证|合格证|登记证|许可|审批手续)"
    ),
]

_PENALTY_CONCRETE = [
    re.compile(r"(?<![办此])处(?![理置分室长])(?:以)?[^，。；]{0,25}?罚款"),
    re.compile(_NUM + r"元(?:以上|以下)?[^，。；]{0,12}?罚款"),
    re.compile(r"罚款" + _NUM + r"元"),
    re.compile(r"没收[^，。；]{0,10}?(?:违法所得|非法财物|工具|物品|商品|财物|设备|货物)"),
    re.compile(r"吊销[^，。；]{0,10}?(?:许可证|执照|证照|证件|证书|资质)"),
    re.compile(r"暂扣[^，。；]{0,8}?(?:许可证|执照|证照|证件|驾驶证)"),
    re.compile(r"责令(?:停产停业|停业整顿|关闭|停止营业)"),
    re.compile(r"降低资质等级|限制从业|行政拘留|(?:处|予以)[^，。；]{0,8}?拘留"),
    re.compile(r"(?:给予|予以|处以?)警告(?!处分)"),
]
_PENALTY_NOTICE = re.compile(r"(?:给予|予以)通报批评")
_PRIVATE_PARTY = re.compile(r"企业|经营者|商户|个人|当事人|公民|市场主体|从业人员|业主|个体工商户")
_PENALTY_GENERIC = re.compile(r"(?:予以|给予)(?:行政)?处罚|予以查处")

_COMPULSORY = [
    (re.compile(r"(?:可以|可|应当|有权|予以|一律|立即|即|将|先行)[^，。；、]{0,4}?(?:予以)?(?:查封|扣押|冻结)"), None),
    (re.compile(r"限制(?:其)?人身自由"), None),
    (re.compile(r"暂扣[^，。；]{0,8}?(?:车辆|物品|工具|设备|货物)"), None),
    (re.compile(r"强制(?:拆除|清除|清理|拖移|拖离|收回|带离|搬迁|腾退|执行)"), _ENFORCEMENT_SOURCE),
    (re.compile(r"加(?:收|处)[^，。；]{0,12}?(?:滞纳金|罚款)"), _ENFORCEMENT_SOURCE),
]
_COURT_ENFORCEMENT = re.compile(r"申请人民法院")

_FEE = re.compile(
    r"(?:收取|征收|计收|缴纳|交纳|缴存|预缴|缴交)[^，。；]{0,15}?(?:费|保证金|押金|基金)"
    r"|(?:保证金|押金)[^，。；]{0,8}?(?:存入|缴入|转入|交至|缴至)"
)
_BREACH = re.compile(r"拒不|拒绝|未按|未|逾期|欠|不按")
_EXCEPT_THEN_FORBID = re.compile(r"除[^。；]{0,60}?外[，,]?[^。；]{0,10}?(?:不得|一律不|禁止)")
_FEE_EXCLUDED = re.compile(r"税|社会保险|医疗保险|养老保险|失业保险|住房公积金|物业|滞纳金|水费|电费|燃气费")
# A price agreed between the parties (合同、协议、约定), or a service's price charged to its users, is no
# administrative fee; "按照规定缴纳" refers to a fee the rules in force already set.
_FEE_BY_AGREEMENT = re.compile(r"合同|协议|约定")
_FEE_PRICE_OR_EXISTING = re.compile(r"向[^，。；]{0,6}?(?:用户|消费者|客户)收取|(?:按照|依照|按)(?:国家|省|有关)?(?:规定|标准)(?:缴纳|交纳)")
# "与取得行政许可的企业签订…": a licence named as what another party holds, not required of anyone here.
_LICENCE_HELD_BY_OTHERS = re.compile(
    r"^[^，。；]{0,25}?的[^，。；]{0,15}?(?:企业|单位|经营者|个人|机构|项目|人员|主体)")
_FEE_APPROVED = re.compile(r"经[^，。；]{0,12}?(?:价格|发展改革|物价|财政)[^，。；]{0,8}?(?:核定|批准|审核)|目录清单")

_SUBJECT = (
    r"企业|经营者|市场主体|商户|个体工商户|从业人员|业主|村民|居民|公民|房东|出租人|承租人|驾驶人|车主|"
    r"养殖场|养殖户|种植户|投标人|供应商|经营单位|用人单位|建设单位|施工单位|商家|店主|摊主|农户|家长|"
    r"宾馆|酒店|饭店|餐馆|商场|超市|门店|店铺|网吧|娱乐场所"
)
_OBLIGATION = [
    re.compile(
        r"(?:" + _SUBJECT + r")[^。；]{0,25}?(?P<modal>必须|须|应当|应|均需|均须|一律|需要|需|统一)"
        r"(?:按照[^，。；]{0,20}?[，,])?[^，。；]{0,10}?(?P<verb>报送|缴纳|购买|购置|安装|加入|参加|签订|签署|出具|开立|存入|投保|认购|订阅|捐|赞助|"
        r"配备|聘请|聘用|使用|选用|办理|张贴|摆放|悬挂|接受[^，。；]{0,10}?(?:培训|评估|评审|检测))"
    ),
    # 所需费用由经营者承担: shifts a cost of the administration's own measure onto the citizen
    re.compile(r"费用由[^，。；]{0,6}?(?P<modal>)(?:" + _SUBJECT + r")[^，。；]{0,4}?承担"),
    re.compile(r"(?:强制|一律|统一)要求[^，。；]{0,6}?(?P<modal>)(?:" + _SUBJECT + r")"),
]

_CONDITION = re.compile(
    r"拒不|拒绝|未按|未能|违反|逾期|不配合|欠缴|失信|列入|纳入|记录|上访|信访|闹访|不合格|不达标|未通过|被投诉"
)
_RIGHTS_CONSEQUENCE = [
    re.compile(
        r"(?:暂停|停止|取消|限制|剥夺|冻结)[^，。；]{0,20}?"
        r"(?:享受|资格|待遇|补贴|补助|低保|救助|申报|投标|入学|就业|出行|贷款|评优|评先|使用权|经营权|承包权)"
    ),
    re.compile(
        r"(?:不得|不予|禁止|一律不)[^，。；]{0,4}?"
        r"(?:享受|参加|参与|申报|申请|报名|报考|评优|评先|入学|投标|招标投标|录用|晋升|发放)"
    ),
]
_RIGHTS_PROCEDURAL = re.compile(r"不得[^，。；]{0,4}?(?:越级上访|上访|信访|申请行政复议|提起行政诉讼|起诉)")

_COMPETITION = [
    (
        re.compile(
            r"(?:指定|限定)[^，。；]{0,15}?(?:供应商|服务商|经营者|企业|公司|厂家|厂商|品牌|产品|商品|设备|检测站|"
            r"检测机构|中介服务机构|中介机构|服务机构|代理机构|培训机构|评估机构|认证机构)"
        ),
        None,
    ),
    (
        re.compile(
            r"(?:只能|仅能|必须|须|应当|一律)(?:选用|使用|购买|采购|选择)[^，。；]{0,15}?(?:指定|定点|推荐|认定)的?"
            r"[^，。；]{0,10}?(?:供应商|服务商|企业|公司|厂家|品牌|产品|商品|设备|机构)"
        ),
        None,
    ),
    (re.compile(r"(?:独家|唯一)[^，。；]{0,4}?(?:供应|经营|代理|承办|服务|供货)"), None),
    # 统一由州旅游服务公司派遣: one named firm gets the whole market
    (
        re.compile(
            r"统一由[^，。；]{0,15}?(?:公司|企业|集团|厂|供应商|服务商)[^，。；]{0,4}?"
            r"(?:派遣|提供|供应|承担|承办|经营|配送|生产|安装)"
        ),
        None,
    ),
    (
        re.compile(
            r"(?:地方留成|留成部分|留存部分|地方分成|所得税|增值税|税收|税款)[^，。；]{0,20}?(?:返还|奖励|补贴|补助)"
            r"|返还[^，。；]{0,10}?(?:地方留成|税)|先征后返|税费减免|减免[^，。；]{0,4}?税费"
        ),
        _TAX_PREFERENCE_SOURCE,
    ),
]
# "须接入县商务局指定的支付平台": a supplier chosen by an authority and imposed on market actors
_DESIGNATED_BY_AUTHORITY = re.compile(
    r"(?:" + _GOV + r")[^，。；]{0,6}?(?:指定|认定|确定|推荐|统一配备|统一印制|统一制作)的[^，。；]{0,10}?"
    r"(?:供应商|服务商|企业|公司|厂家|品牌|产品|商品|设备|平台|系统|软件|机构)"
)
# "购买县动物防疫站提供的疫苗": the source of a product fixed by the text
_PROVIDER_FIXED = re.compile(r"(?:购买|使用|选用|采购|接受)(?:由)?[^，。；]{0,12}?提供的")
_MANDATORY = re.compile(r"必须|须|应当|应|统一|一律|要")
_FREE_CHOICE = re.compile(r"自主选择|自行选择")

# ---- patterns learnt from the training split of precheck_corpus/ (real provisions that the
# 公平竞争审查 authorities found unlawful); each names the article of 公平竞争审查条例 it applies.
# 第九条第（一）项: 阻碍本地经营者迁出 — "5年内不迁出", "如五年内迁出我区，应退还…"
_EXIT_SOURCE = "《公平竞争审查条例》第九条第（一）项"
_EXIT = re.compile(
    r"不(?:得)?(?:将[^，。；]{0,20}?)?迁(?:出|离|往)|不外迁"
    r"|迁(?:出|离)[^。；]{0,20}?(?:退还|退回|收回|追回|返还|取消)"
    # (2026-12-04, second training set) "不变更注册地址、不改变在本区纳税义务", "注册地变更为外地的…全额退回"
    r"|不(?:得)?(?:变更|改变)[^，。；]{0,8}?(?:注册地|纳税义务|税务征管关系|统计关系)"
    r"|注册地(?:址)?变更为外地|不减少注册资本"
)
# 第九条第（二）项: 强制外地经营者在本地注册、设立分支机构 — "必须在某区注册", "应为在京落地的"
_REGION = r"(?:本|我|该|某)(?:区|县|市|州|省|地|镇|乡|旗)|(?:区|县|市)内|本地|当地|辖区内?|[京沪津渝]"
_LOCAL_REGISTRATION_SOURCE = "《公平竞争审查条例》第九条第（二）项"
_LOCAL_REGISTRATION = re.compile(
    r"(?:必须|须|应当|应为|应|需要|需|要)[^，。；]{0,14}?在(?:" + _REGION + r")[^，。；]{0,12}?"
    r"(?:注册|登记|设立|落地|纳税|落户|成立)"
    r"|(?:必须|须|应当)注册为独立法人"
)
# The same condition without a modal verb, where the sentence grants money: "在某市注册、独立核算的…给予200万元奖励",
# "在扬州市境内注册登记、具有独立法人资格"; and rewards refused to, or scaled down for, operators registered elsewhere.
_PLACE = r"(?:" + _REGION + r"|[^，。；、]{1,6}?(?:市|县|区|州)(?:境内|辖区内|范围内)?)"
_REGISTERED_HERE_FOR_MONEY = re.compile(
    r"在" + _PLACE + r"[^，。；]{0,6}?(?:注册登记|登记注册|进行企业注册登记|注册|设立分支机构)"
    r"[^。；]{0,20}?(?:独立法人|独立核算|分所|分支机构|营业执照)"
)
_MONEY = re.compile(r"奖励|奖补|补贴|补助|扶持|资助|支持范围|申报")
_OUTSIDERS_TREATED_WORSE = re.compile(
    r"(?:非本地|非本市|非本县|非本区|外地|市外|县外|区外)[^，。；]{0,10}?(?:不予?|不进行|不享受|不给予)[^，。；]{0,4}?"
    r"(?:奖励|补贴|补助|扶持)"
    r"|(?:市|县|区)内注册的[^。]{0,60}?(?:市|县|区)外注册的"
    r"|范围以外[^，。；]{0,12}?(?:不在|不予|不)[^，。；]{0,4}?(?:加分|计分)"
)
# 第九条第（三）、（四）项: 本地经营场所、本地备案、优先采购本地产品 as conditions
_LOCAL_PRESENCE = re.compile(
    r"在(?:" + _REGION + r"|项目所在地|[^，。；、]{1,6}?(?:市区|市|县|区))[^，。；]{0,12}?(?:具有|有|设有|设立|成立|设置)"
    r"[^，。；]{0,20}?(?:固定的?经营场所|办公场所|办公场地|常设办事机构|服务机构|分公司|分支机构)"
    r"|驻本地办公场所"
    r"|外地[^，。；]{0,10}?(?:必须|须|应当)[^，。；]{0,20}?备案"
    r"|优先(?:采购|购买|考虑|使用|选用)[^，。；]{0,10}?(?:本地|本县|本市|本区|县域内|区内|市内)"
    r"|本地(?:协作)?配套率"
    r"|(?:发包给|采购|购买|使用)本地[^，。；]{0,8}?(?:企业|产品)"
    r"|在本(?:市|县|区)[^，。；]{0,10}?企业(?:报废|购买|采购|办理)"
    r"|(?:必须|须|应当)与(?:辖区内|本地|本市|本县|本区)[^，。；]{0,10}?(?:企业|经营者)签订"
    r"|(?:优先|奖励|补贴|扶持)[^。；，]{0,20}?本地(?:企业|产品|商品|供应商|经营者)"
)
# "将注册地迁至我市的企业…给予500万元奖补", "注册地在某市内的企业": moving here or being registered here as a condition
_MOVED_HERE = re.compile(r"迁(?:至|入|到)(?:我|本|某)(?:市|县|区|州)|注册地在" + "(?:" + _REGION + r")")
_PREFERENCE_FOR_LOCAL = re.compile(r"同等(?:条件|价格)[^，。；]{0,8}?优先")
# 第十条: 财政奖励与纳税额、地方贡献挂钩 — "按地方财政贡献额予以全额奖励", "年纳税额…给予…奖励"
_TAX_LINKED = re.compile(
    r"(?:纳税额|纳税总额|缴纳税收|税收贡献|财政贡献|经济贡献|区级贡献|县级贡献|综合贡献|地方贡献|贡献增量)"
    r"[^。；]{0,40}?(?:奖励|补贴|补助|返还|扶持|支持)"
    r"|(?:奖励|补贴|补助|扶持|支持)[^。；]{0,30}?(?:纳税额|财政贡献|经济贡献|区级贡献|综合贡献|地方贡献)"
    # "上缴的企业所得税地方留成部分…纳入企业扶持基金", "净入库税收达1亿元，给予…奖励", "奖补…不超过…税收增量部分"
    r"|(?:入库税收|上缴[^，。；]{0,8}?税收|税收增量|地方留成部分|地方留存部分)[^。；]{0,60}?(?:奖励|奖补|补贴|补助|扶持)"
    r"|(?:奖励|奖补|补贴|补助)[^。；]{0,40}?(?:税收增量|留成部分|留存部分|入库税收)"
)
# 第十条第（二）项: 选择性的优惠 — "列入红名单的…给予优先考虑", "优先从…项目库中遴选"
_SELECTIVE_SOURCE = "《公平竞争审查条例》第十条第（二）项"
_SELECTIVE = re.compile(
    r"(?:给予|予以)?优先(?:考虑|遴选|支持|安排|推荐|纳入)|优先从[^，。；]{0,20}?(?:库|名单|名录|目录)中"
    r"|名录(?:库|管理)[^。]{0,80}?重点扶持|(?:须|应当|必须)在名录库中|优先续约权|排他(?:性)?(?:经营|合作)"
    r"|优先配给|优选[^，。；]{0,4}?家"
    r"|非[^，。；]{0,8}?名单(?:中|内)[^，。；]{0,20}?不(?:予)?(?:接受|认可)"
)
_SELECTIVE_CONTEXT = re.compile(r"企业|经营者|机构|项目|单位|名单|名录|乙方")
# 第八条第（三）项: 点名由某一家经营者承担 — "将某公司作为…", "由区属公司进行", "由乙方（中标企业）配建"
_NAMED_OPERATOR = re.compile(
    r"将[^，。；]{0,12}?(?:公司|企业|集团)作为"
    r"|由[^，。；]{0,20}?(?:区属|县属|市属|州属|国有|本级|平台)(?:公司|企业)"
    r"|由(?:乙方|中标企业|中标人|中标单位)[^，。；]{0,8}?(?:配建|建设|承建|提供|经营|实施)"
    # (second training set) "一律由学子公司集中采购供给", "以某企业为主体承办", "直接发包某公司负责施工",
    # "作为…唯一合作伙伴", "不在城区引进其他共享单车", "定点体检单位为某医院", "委托…公司作为基金的运营机构"
    r"|(?:统一|一律|均)由[^，。；]{0,12}?(?:公司|企业|集团)"
    r"|以[^，。；]{0,10}?(?:公司|企业)为主体(?:承办|实施|运营)"
    r"|直接(?:发包|委托|交由)(?:给)?[^，。；]{0,10}?(?:公司|企业)"
    r"|唯一(?:的)?(?:合作伙伴|投放平台|合作平台|供应商|服务商)"
    r"|不(?:再|得)?(?:在[^，。；]{0,6}?)?(?:引进|接受)其他(?:品牌)?"
    r"|定点[^，。；]{0,8}?(?:单位|机构|医院|企业)为"
    r"|(?:委托|确定)[^，。；]{0,25}?(?:公司|企业|集团)[^，。；]{0,8}?作为[^，。；]{0,10}?(?:运营机构|承办|平台)"
    r"|由某?[^，。；、]{0,6}?公司(?:利用处置|处置|统一|承办)"
    r"|不再履行[^，。；]{0,4}?(?:政府采购|招标)"
)
# 第十一条第（三）项: 违法干预实行市场调节价的商品的价格水平 — "收费…调整幅度不得超过500元"
_PRICE_SOURCE = "《公平竞争审查条例》第十一条第（三）项"
_PRICE_CAP = re.compile(r"(?:收费|价格)[^。；]{0,30}?调整幅度不得超过")
# 第八条第（四）项: 不合理的准入条件 — 投标人必须具有独立法人资格、经营范围包括…、近三年审计报告、缴税证明
_ENTRY_SOURCE = "《公平竞争审查条例》第八条第（四）项"
_ENTRY_SUBJECT = r"投标人|供应商|申请人|申报企业|申报单位|申报主体|参建单位|投标单位|承建单位|承接单位|运营企业|经营企业"
_ENTRY = re.compile(
    r"(?:" + _ENTRY_SUBJECT + r")[^。；]{0,12}?(?:必须|须|应当|应|需)(?:是|为|具有|具备|提供|在)?[^。；]{0,40}?"
    r"(?:独立法人|注册资本|注册资金|经营范围包括|业绩|审计报告|缴纳税收|社会保障资金|纳税证明|成立满|经营年限|本地|营业面积|经营面积)"
    r"|(?:提供|提交)近[一二三四五六七八九十\d]+年[^，。；]{0,40}?(?:审计报告|审计的财务|业绩|纳税)"
)
# 行政强制法 第四十三条第二款: 不得对居民生活采取停止供水、供电、供热、供燃气等方式迫使当事人履行
_UTILITY_SOURCE = "《行政强制法》第四十三条第二款"
_UTILITY_CUT = re.compile(r"(?:停止|中止|暂停|切断|停)(?:其)?(?:供水|供电|供热|供气|供燃气|水电|用水|用电)|停水|停电|断水|断电")

# ---- (2026-12-04, second pass) the 公平竞争审查 prohibitions written by their legal pattern — who is favoured
# or restricted, and by which act — rather than by the words of one report. Each entry: rule code, pattern,
# legal source, a word the sentence must also hold (None: none), why (Chinese). Used by _check_fair_competition.
_OUTSIDE = r"(?:外地|外埠|外省|外市|外县|省外|市外|县外|区外|非本(?:地|市|县|区|省|州))"
_HERE = (r"(?:本地|当地|本(?:省|市|县|区|州|旗)|我(?:省|市|县|区|州|旗)|某(?:省|市|县|区|州)|(?:省|市|县|区|州)内"
         r"|(?:县|市)域内?|辖区内?)")
_FIRM = r"(?:企业|经营者|供应商|服务商|公司|机构|注册|产品|商品)"
# a specific operator named in the text ("学子公司", "某市财金有限公司", "XX银行"), not a class ("保险公司", "供电公司")
_OPERATOR_NAME = r"(?:有限责任公司|股份有限公司|有限公司|公司|集团|银行)"
_GENERIC_OPERATOR = re.compile(
    r"(?:相关|有关|各|该|其|本|上述|所在地|当地|辖区|专业|第三方|国有|商业|外资|外商投资|中外合资)?的?"
    r"(?:保险|供电|供水|供气|供热|燃气|电力|电网|电信|通信|物业|物业服务|邮政|担保|证券|基金|信托|金融|上市|运营|"
    r"融资租赁|小额贷款|受委托|国有商业|建设|施工|开发|房地产开发|项目|平台|管理|服务|运输|出租汽车|银行业|开户|托管|合作|期货|烟草|"
    r"物业管理|分立后的|合并后的|所属的|其所在的|中国人民|人民)?"
)
_ELIGIBILITY = re.compile(
    r"奖励|奖补|补贴|补助|扶持|资助|支持(?:对象|范围)|申报|参加|参与|对象|条件|资格|加分|享受|入围|入库|投标|采购|名录|核销")
_ENTRY_CONTEXT = re.compile(r"投标|招标|采购|供应商|入围|准入|入库|名录|资格|报名|承接|竞标|比选|遴选|询价|申报|对象|条件")
_UPPER_BASIS = re.compile(r"国家(?:有关)?规定|国务院")
_NINE_2 = "《公平竞争审查条例》第九条第（二）项"
_NINE_3 = "《公平竞争审查条例》第九条第（三）项"
_NINE = "《公平竞争审查条例》第九条"
_EIGHT_2 = "《公平竞争审查条例》第八条第（二）项"
_EIGHT_3 = "《公平竞争审查条例》第八条第（三）项、《反垄断法》第三十九条"
_EIGHT_4 = "《公平竞争审查条例》第八条第（四）项"
_BIDDING_SOURCE = "《公平竞争审查条例》第八条第（四）项、《招标投标法实施条例》第三十二条"
_TEN_1 = "《公平竞争审查条例》第十条第（一）项"
_TEN_2 = "《公平竞争审查条例》第十条第（二）项"
_TEN_3 = "《公平竞争审查条例》第十条第（三）项"
_ELEVEN_1 = "《公平竞争审查条例》第十一条第（一）项"
_LICENCE_CONDITION_SOURCE = "《行政许可法》第十六条第四款"
_FAIR_COMPETITION = [
    # 第九条第（二）项: registration or taxes in this place as a criterion — "注册地在某市内的企业", "在本县缴纳税费"
    ("local_protection", re.compile(
        r"(?:注册地(?:址)?|纳税地|税收征管关系|税务征管关系|税务登记地|统计关系|工商注册地)[^，。；]{0,3}?"
        r"(?:在|为|属于|位于|设在)" + _PLACE +
        r"|在" + _PLACE + r"[^，。；]{0,4}?(?:实际)?(?:缴纳|缴|纳)(?:税|税收|税款|税费)"
        r"|(?:注册|登记)[^，。；人]{0,4}?在" + _HERE),
     _NINE_2, None,
     "以注册地、纳税地在本地作为享受政策或参与经营的条件，排斥、限制或者变相强制外地经营者在本地投资经营。"),
    ("local_protection", re.compile(
        _PLACE + r"[^，。；]{0,6}?(?:依法)?(?:注册|登记注册|注册登记|工商登记|登记)的"
        r"[^，。；]{0,10}?(?:企业|机构|经营者|社会组织|单位|公司|商户|法人|经销商|供应商)"),
     _NINE_2, _ELIGIBILITY,
     "把在本地注册登记作为享受奖补、参与活动或入选的条件，排斥、限制或者变相强制外地经营者在本地投资经营。"),
    # 第九条第（一）、（三）、（五）项: operators or goods from elsewhere treated worse — "外地企业须另行备案",
    # "禁止外地建材进入", "本地企业按5%补助，外地企业按1%"
    ("local_protection", re.compile(
        _OUTSIDE + r"[^，。；]{0,8}?(?:企业|经营者|商品|产品|供应商|车辆|队伍|商户|生产|农产品|货物|机构|单位|公司|建材|"
        r"投标人|服务商)[^。；]{0,30}?(?:(?:须|必须|应当|需)(?!遵守|依法|依照|按照国家)|另行|额外|加收|提高|缴纳|备案|设立|不得|不予|不能|只能|暂停|"
        r"限制|禁止|一律|降低|不享受|不在|不计|减半)"
        r"|(?:禁止|限制|不准|严禁|不得|不允许)[^，。；]{0,6}?" + _OUTSIDE +
        r"[^，。；]{0,12}?(?:进入|销售|运入|参与|参加|承接|承揽|投标|经营|入驻|进场)"),
     _NINE, None,
     "对外地经营者、外地商品设置区别于本地的条件、收费、备案或限制。"),
    ("local_protection", re.compile(
        _HERE + r"[^。]{0,6}?" + _FIRM + r"[^。]{0,40}?" + _OUTSIDE + r"[^。]{0,6}?" + _FIRM +
        r"|" + _OUTSIDE + r"[^。]{0,6}?" + _FIRM + r"[^。]{0,40}?" + _HERE + r"[^。]{0,6}?" + _FIRM),
     _NINE, re.compile(r"加分|得分|计分|分值|奖励|奖补|补贴|补助|收费|费用|价格"),
     "对本地和外地的经营者、商品规定了不同的补贴、收费、评分或标准。"),
    # 第九条第（一）、（三）项: local goods or operators preferred or imposed
    ("local_protection", re.compile(
        r"(?:优先|只能|必须|须|应当|一律|统一|限定|限于|仅限)[^，。；]{0,10}?"
        r"(?:采购|购买|使用|选用|选择|消费|发包给|委托|聘用|招用)[^，。；]{0,8}?" + _HERE +
        r"[^，。；]{0,8}?(?:企业|产品|商品|品牌|建材|农产品|供应商|经营者|生产|制造|施工|劳务|厂家|队伍)"
        r"|" + _HERE + r"的?(?:企业|产品|商品|供应商|经营者|品牌|建材|农产品|注册企业|生产)[^，。；]{0,10}?"
        r"(?:优先|加分|倾斜|照顾|降低|免收)"
        r"|" + _HERE + r"的?(?:企业|产品|商品|供应商|经营者|注册企业)[^。；]{0,20}?(?:加分|加[0-9０-９.．]+分|[0-9０-９.．]+分)"),
     _NINE, None,
     "优先或限定采购、使用本地经营者的商品和服务，限制外地商品、服务进入本地市场。"),
    # 第九条第（二）、（三）项: a branch, office or premises here as a condition of taking part
    ("local_protection", re.compile(
        r"在(?:" + _HERE + r"|项目所在地|[^，。；、]{1,6}?(?:市区|市|县|区))[^，。；]{0,12}?"
        r"(?:具有|有|设有|设立|成立|设置|建立|配备)[^，。；]{0,20}?"
        r"(?:办事处|服务网点|售后服务(?:机构|网点|中心)|仓库|生产基地|营业场所|分支机构|分公司|子公司|办公场所|"
        r"经营场所|常驻机构|常设机构|服务站|项目公司)"),
     _NINE_2, _ENTRY_CONTEXT,
     "要求在本地设立分支机构、办事机构或经营场所，作为参与经营、投标或享受政策的条件。"),
    # 第九条第（二）、（三）项: staff insured or taxes paid here as a condition of bidding — "项目经理须在本市缴纳社保"
    ("local_protection", re.compile(
        r"在" + _PLACE + r"[^，。；]{0,6}?(?:缴纳|参加|参保|缴存)[^，。；]{0,4}?(?:社会保险|社保|养老保险|住房公积金)"
        r"|(?:采购|使用|配套|配置|选用)" + _HERE + r"[^，。；]{0,10}?(?:比例|份额|比重)"
        r"|" + _HERE + r"[^，。；]{0,6}?(?:产品|企业|商品)(?:采购|使用|配套)?(?:比例|份额|比重)(?:不低于|不少于|达到)"),
     _NINE_3, re.compile(_ENTRY_CONTEXT.pattern + r"|项目经理|项目负责人|技术负责人"),
     "以在本地参保、纳税或采购本地产品的比例作为参与政府采购、招标投标或享受政策的条件，排斥、限制外地经营者。"),
    # 第九条第（一）项 and 第八条第（四）项: exit made subject to approval or to a minimum time of operating here
    ("local_protection", re.compile(
        r"(?:迁出|迁移|外迁|注销|撤资|减资|退出)[^。；]{0,15}?(?:须|应当|必须|需)[^。；]{0,10}?(?:经|报|征得)"
        r"[^。；]{0,12}?(?:同意|批准|审批)"
        r"|(?:经营期限|经营年限|运营期|持续经营|存续期)[^，。；]{0,6}?(?:不少于|不低于|不得少于|须满|应满)[^，。；]{0,4}?"
        r"[0-9０-９一二三四五六七八九十]+年"
        r"|(?:不|不得|不能)(?:迁移|搬离|撤离|外移|移出|转移)(?:出)?[^，。；]{0,6}?(?:注册地|生产经营地|总部|" + _HERE + r")"),
     _EXIT_SOURCE, re.compile(r"企业|经营者|公司|项目|奖励|补贴|扶持|承诺"),
     "对经营者迁出、注销或退出设置审批、最低经营年限或不迁移的承诺，阻碍经营者自由迁移、退出市场。"),
    # 第八条第（三）项: a specific operator named (by name, or as "某公司"/"XX公司" in a report) and given the market
    ("restricts_competition", re.compile(
        r"(?:某|XX|ＸＸ|××|\*{2,})[^，。；、]{0,8}?(?:公司|集团|银行|平台|品牌|医院|检测站|加油站|厂)"
        r"|只能(?:在|到|向|从)[^，。；]{0,15}?(?:购买|采购|办理|检测|维修|加油|购置|选购|订购|使用)"),
     _EIGHT_3, re.compile(r"由|委托|使用|采购|购买|选用|接入|确定|作为|交由|负责|承办|指定|合作|统一|供应|提供|只能|"
                          r"开设|开立|存入|安装|加入"),
     "点名某一特定经营者并把相关业务、采购或使用交给它，限定经营、购买或者使用特定经营者提供的商品或服务。"),
    # 第十条第（三）项: prices of land, power, water or gas lowered for particular operators
    ("restricts_competition", re.compile(
        r"(?:用电|用水|用气|用地|电价|水价|气价|地价|电费|水费|气费|租金|房租|厂房)[^，。；]{0,16}?(?:优惠|补贴|减免|返还|奖励|减半)"),
     _TEN_3, re.compile(r"企业|经营者|公司|项目|商户|市场主体"),
     "对特定经营者给予用地、用电、用水、用气或租金等要素价格方面的优惠。"),
    # 第九条第（二）项: a promise to settle, invoice, register or invest here — "回我市结算", "承诺在本区设立法人公司"
    ("local_protection", re.compile(
        r"(?:承诺|保证|同意)[^，。；]{0,10}?在" + _HERE + r"[^，。；]{0,10}?(?:设立|注册|纳税|投资|成立|落户|结算)"
        r"|(?:在|回|到)" + _HERE + r"[^，。；]{0,4}?(?:结算|开票|开具发票|清缴)"
        r"|(?:供应商|投标人|申请人|企业|机构)的?(?:所在地|住所地|住所)(?:须|应|必须|需)?(?:在|为|位于)" + _PLACE +
        r"|本地化服务|本地(?:服务|售后)(?:网点|机构|团队|中心)"),
     _NINE_2, None,
     "要求经营者在本地结算、开票、纳税、设立机构或提供本地化服务，作为享受政策或参与经营的条件，变相强制外地经营者在本地投资经营。"),
    # 政府采购法实施条例 第二十条第（六）项 and 第八条第（三）项: a brand, trademark, patent or original maker fixed in advance
    ("restricts_competition", re.compile(
        r"(?:品牌|商标|型号|产地|厂家)[^，。；]{0,2}?(?:须为|应为|必须为|限定为|指定为|仅限|只能是)"
        r"|(?:须|必须|应当|应|只能|一律)(?:采用|使用|选用|提供|安装)[^，。；]{0,10}?(?:原厂|原装|专利产品|指定品牌)"),
     "《公平竞争审查条例》第八条第（三）项、《政府采购法实施条例》第二十条", None,
     "限定或者指定特定的专利、商标、品牌或者供应商，以不合理的条件限制、排斥潜在供应商。"),
    # 第八条第（一）项: a filing, register or list system set up by the document for a trade
    ("restricts_competition", re.compile(
        r"对[^，。；]{0,15}?(?:企业|经营者|机构|商户|经营单位|从业人员|服务组织|供应商|服务商)[^，。；]{0,6}?(?:实行|实施)"
        r"[^，。；]{0,4}?(?:备案|登记|年检|年审|认定|名录|目录|准入)(?:制度|制|管理)"),
     "《公平竞争审查条例》第八条第（一）项", None,
     "对经营者从事经营设置备案、登记、年检、名录或认定管理，属于违法设置审批程序或者变相设置市场准入障碍。"),
    # 第九条第（一）项: goods or factors kept from leaving — "不得销往外地", "限制原材料外运"
    ("local_protection", re.compile(
        r"(?:不得|禁止|严禁|限制|不准)[^，。；]{0,10}?(?:销往|运往|调往|输往|流向)" + _OUTSIDE +
        r"|(?:原材料|原料|矿产品|农产品|资源|人才|劳动力)[^，。；]{0,10}?(?:不得|禁止|严禁|限制)[^，。；]{0,6}?"
        r"(?:外流|外销|外运|流出|调出|运出)"),
     _EXIT_SOURCE, None,
     "限制本地商品、要素输出到外地，阻碍商品、要素在地区之间自由流动。"),
    # 第九条第（四）项: a subsidy for buying goods made or sold here only — "购买本地生产的新能源汽车给予补贴"
    ("local_protection", re.compile(
        r"(?:购买|消费|使用|采购|选购)[^，。；]{0,8}?" + _HERE + r"(?:生产|制造|产|销售|注册)?的?"
        r"(?:产品|商品|品牌|汽车|车辆|家电|建材|企业)"
        r"|在" + _HERE + r"[^，。；]{0,10}?(?:企业|商户|门店|经销商|商场)(?:购买|消费|购车|购置|报废)"),
     "《公平竞争审查条例》第九条第（四）项", re.compile(r"补贴|补助|奖励|消费券|优惠|奖补"),
     "只对购买、使用本地商品或在本地经营者处消费给予补贴，对外地商品实行歧视性补贴。"),
    # 第十条: a deal struck with one investor — "一事一议", "一企一策"
    ("restricts_competition", re.compile(r"一事一议|一企一策|一项一策|一企一议"),
     _TEN_2, re.compile(r"(?:优惠|扶持|奖励|补贴|支持|政策)(?![^。；]{0,10}?(?:筹资|筹劳))"),
     "以“一事一议”等方式对个别经营者给予单独的优惠政策，属于给予特定经营者选择性、差异化的优惠。"),
    # 第九条第（三）项 and 招标投标法实施条例 第三十二条: awards and record of a particular place or trade as a score
    ("restricts_competition", re.compile(
        r"(?:业绩|奖项|获奖|荣誉|表彰|称号|优质工程|示范)[^。；]{0,20}?"
        r"(?:加分|加[0-9０-９一二三四五六七八九十.．]+分|得[0-9０-９一二三四五六七八九十.．]+分|作为[^，。；]{0,8}?(?:条件|加分))"),
     _BIDDING_SOURCE, re.compile(r"投标|招标|采购|供应商|评标|评分|计分|比选|竞标|中标|遴选|入围|入库"),
     "以特定行政区域或者特定行业的业绩、奖项作为加分条件或者中标条件，以不合理的条件限制、排斥潜在投标人。"),
    # 第八条第（四）项: the number of operators capped or new entrants stopped — "总量控制在20家以内", "不再新增"
    ("restricts_competition", re.compile(
        r"(?:总量|数量|家数)(?:严格)?(?:控制|限制|限定)(?:在)?[^，。；]{0,8}?(?:以内|以下|家|个|座)"
        r"|(?:不再|暂停|停止)(?:新增|审批|受理|引进|准入)[^，。；]{0,10}?(?:企业|经营者|网点|门店|加油站|商户|市场主体|经营户)"),
     _EIGHT_4, re.compile(r"企业|经营者|网点|门店|站|商户|市场主体|经营户|公司"),
     "限定经营者的数量或停止新的经营者进入，设置不合理的准入条件。"),
    # 第八条第（四）项: size, age, ownership or legal form of the operator as a condition of entry
    ("restricts_competition", re.compile(
        r"注册资本(?:金)?[^，。；]{0,6}?(?:不低于|不少于|达到|以上)"
        r"|(?:成立|注册|经营|从业)(?:时间|年限)?(?:满|不少于|不低于|超过)[^，。；]{0,4}?[0-9０-９一二三四五六七八九十]+年"
        r"|(?:营业收入|营业额|销售额|资产总额|净资产|年产值|营收)[^，。；]{0,10}?(?:不低于|不少于|达到|以上)"
        r"|(?:仅限|限于|须为|应为|必须为|必须是|须是|应当是|应当为|只能是|只能为)[^，。；]{0,6}?"
        r"(?:国有|央企|中央企业|国企|上市公司|市属|区属|县属)"),
     _EIGHT_4, _ENTRY_CONTEXT,
     "以注册资本、成立年限、经营规模或所有制作为参与条件，设置不合理或者歧视性的准入条件。"),
    ("restricts_competition", re.compile(
        r"具有独立(?:的)?法人资格|独立(?:的)?法人(?:企业|机构|单位)"
        r"|(?:国有独资|国有控股|国有企业|国企|央企|市属国企|区属国企|县属国企)(?!管理人员|职工|事业单位)[^。；]{0,40}?"
        r"(?:补助|补贴|奖励|优先)"),
     _EIGHT_4, re.compile(r"须|必须|应当|应|需|要求|具备|" + _ENTRY_CONTEXT.pattern + "|" + _MONEY.pattern),
     "按组织形式（须为独立法人，排除分支机构）或所有制对经营者实行差别待遇，设置不合理或者歧视性的准入条件。"),
    # 第八条第（四）项 and 招标投标法实施条例 第三十二条: formal defects as grounds for rejection, originals at registration
    ("restricts_competition", re.compile(
        r"(?:字体|字号|格式|装订|页码|颜色|纸张|封面|段落|胶装)[^。；]{0,30}?(?:废标|无效投标|无效标|否决|不予受理)"
        r"|(?:废标|无效投标)[^。；]{0,30}?(?:字体|字号|格式|装订|页码|颜色)"
        r"|(?:报名|投标|询价|竞价|响应)[^。]{0,40}?原件"),
     _BIDDING_SOURCE, None,
     "以与履约无关的形式要求作为废标条件或报名门槛，以不合理的条件限制、排斥潜在投标人。"),
    # 第十条第（二）项: money or priority for the operators a list or pool holds — "纳入重点培育名单的企业给予奖励"
    ("restricts_competition", re.compile(
        r"(?:纳入|列入|入选|进入|入围)[^，。；]{0,15}?(?:名单|名录|库)[^。；]{0,30}?(?:奖励|奖补|补贴|补助|扶持|资金|优先)"),
     _TEN_2, re.compile(r"企业|经营者|机构|公司|商户"),
     "对列入行政机关名单、名录或项目库的经营者给予资金或优先待遇，入选条件不公开、不客观时属于选择性、差异化的优惠。"),
    # 第八条第（二）、（三）项: a market cut into areas, each given to one operator
    ("restricts_competition", re.compile(r"(?:划定|划分|分配)[^，。；]{0,10}?(?:经营区域|服务区域|供应区域|片区)"),
     _EIGHT_3, re.compile(r"公司|企业|经营者|服务商|供应商"),
     "为经营者划分经营或服务区域，使一个区域只由一家经营者提供商品或服务，限定了交易相对人。"),
    # 第八条第（三）项: insurance placed with, or tests sent to, a body the text chooses — "统一投保", "须到县检测站检测"
    ("restricts_competition", re.compile(
        r"(?:统一|集中)(?:投保|承保|办理保险)"
        r"|(?:须|必须|应当|统一|一律)(?:到|在|由)(?P<lab>[^，。；]{0,12}?)(?:检测站|检测中心|检测机构|检验机构|检验所|检测所)"
        r"(?:进行|统一)?(?:检测|检验|检定|鉴定)"),
     _EIGHT_3, None,
     "要求经营者在行政机关选定的保险机构投保、到选定的检测检验机构检测，限定了经营者对服务提供者的选择。"),
    # 第八条第（二）项: 违法授予特许经营权、独家经营
    ("restricts_competition", re.compile(
        r"(?:授予|给予|赋予)[^，。；]{0,20}?(?:特许经营权|独家(?:经营|代理|运营|供应|销售)权?|专营权|"
        r"排他(?:性)?(?:经营)?权)|独家(?:经营|代理|运营|供应|销售|承办|合作)"),
     _EIGHT_2, None,
     "未经公平竞争程序授予特定经营者特许经营权、独家或排他经营权。"),
    # 第八条第（三）项: a list of named operators to choose from, a choice confined to a list
    ("restricts_competition", re.compile(
        r"(?:从|在)(?![^，。；]{0,25}?(?:专家|陪审员|人员|人选))[^，。；]{0,25}?(?:名单|名录|目录|库|备选)(?:中|内|范围内)[^，。；]{0,8}?"
        r"(?:选择|选取|选定|确定|遴选|委托|采购|选用|择优)"
        r"|(?:XX|某)" + _OPERATOR_NAME + r"[^，。；]{0,2}?、(?:XX|某)" + _OPERATOR_NAME +
        r"|建立[^，。；]{0,20}?(?:企业|供应商|中介(?:机构|服务)?|服务机构|承包人|承包商|施工单位|服务组织|服务商)"
        r"(?:名录库|备选库|预选库|入围库|库)"),
     _EIGHT_3, None,
     "把经营者的选择限定在行政机关列出的名单、名录或几家具名经营者之内，限定经营、购买或者使用特定经营者的商品或服务。"),
    # 第十条第（二）项: support or money for a named or a handful of operators — "龙头企业", "链主企业", "培育1－2家"
    ("restricts_competition", re.compile(
        r"(?:支持|扶持|扶植|培育|奖励|补贴|补助|倾斜|优先|进档|壮大|做大做强)[^。；]{0,20}?"
        r"[“\"‘']?(?:龙头|链主|领军|领航|标杆|头部|独角兽|瞪羚)[”\"’']?(?:企业|公司)"
        r"|[“\"‘']?(?:龙头|链主|领军|领航|标杆|头部|独角兽|瞪羚)[”\"’']?(?:企业|公司)[^。；]{0,12}?"
        r"(?:奖励|奖补|补贴|补助|扶持|倾斜|优先|进档)"
        r"|(?:培育|扶持|扶植|打造|支持|优选|遴选|选定|确定|重点培育)[^，。；]{0,6}?"
        r"[0-9０-９一二三四五六七八九十两]+(?:[－\-—~至到][0-9０-９一二三四五六七八九十两]+)?家"),
     _TEN_2, None,
     "对名称、身份确定的少数经营者（龙头企业、链主企业、选定的几家企业）给予扶持、资金或优先待遇，属于选择性、差异化的优惠。"),
    # 第十条第（一）、（三）项: tax reliefs, and reliefs of fees, land price or social insurance, for particular operators
    ("restricts_competition", re.compile(
        r"给予[^，。；]{0,10}?(?:税收|税费)[^，。；]{0,6}?(?:优惠|减免|返还)"
        r"|(?:减免|免征|减征|返还|退还)[^，。；]{0,8}?(?:所得税|增值税|房产税|土地使用税|契税|印花税|税款)"
        r"|(?:所得税|增值税|房产税|土地使用税|契税|印花税|消费税|资源税|税款)[^，。；]{0,12}?(?:返还|退还|减免|免征|减半)"),
     _TEN_1, None,
     "没有法律、行政法规依据或者未经国务院批准，给予特定经营者税收优惠。"),
    ("restricts_competition", re.compile(
        r"(?:减免|免收|减半(?:收取|征收)|缓缴|返还|退还|补贴|奖励)[^，。；]{0,12}?"
        r"(?:行政事业性收费|规费|基础设施配套费|配套费|土地出让金|出让金|土地价款|出让价款|政府性基金)"
        r"|土地出让金[^，。；]{0,12}?(?:返还|奖励|补贴|优惠|减免|抵扣|抵缴)"
        r"|优先(?:配给|配置|供应)[^，。；]{0,6}?(?:资金|土地|用地|用能|能耗|人才|要素)"),
     _TEN_3, None,
     "给予特定经营者要素获取、行政事业性收费、政府性基金或土地出让金等方面的优惠。"),
    # 第十一条第（一）、（三）项: prices fixed or coordinated for market-priced goods and services
    ("restricts_competition", re.compile(
        r"(?:收费|价格|售价|服务费|收费标准|定价|票价)[^。；]{0,20}?"
        r"(?:不得(?:高于|超过|低于)|最高不(?:得)?超过|不超过|控制在|统一(?:为|按))[^。；]{0,12}?(?:元|%|％|折)"),
     _PRICE_SOURCE, None,
     "限定实行市场调节价的商品、服务的价格水平，违法干预经营者自主定价。"),
    ("restricts_competition", re.compile(
        r"(?:组织|要求|引导|协调)[^，。；]{0,15}?(?:统一|协商)(?:价格|定价|收费|售价|报价|收费标准)"),
     _ELEVEN_1, re.compile(r"企业|经营者|商户|协会|行业"),
     "组织或者要求经营者统一价格，强制或者变相强制经营者实施垄断行为。"),
    # 行政许可法 第十六条第四款: a condition added to a licence another law sets — "申请办理零售许可证的，必须与…签订协议"
    ("sets_licence", re.compile(
        r"(?:申请|办理|申领)(?:办理)?[^，。；]{0,20}?(?:许可证|许可|资质|执照|经营证)[^。；]{0,30}?(?:必须|须|需|应当)"
        r"[^。；]{0,15}?(?:签订(?!的)|加入|先行?取得|另行取得|取得[^，。；]{0,12}?(?:同意|证明|意见|推荐))"
        r"|(?:纳入|进入|列入|登记)[^，。；]{0,10}?(?:名录|名录库|目录|名单)[^，。；]{0,10}?(?:方可|才能|才可)"
        r"|(?:入库|入围)(?:企业|单位|机构)?[^，。；]{0,6}?(?:方可|才能|才可)"
        r"|备案[^，。；]{0,6}?后[^，。；]{0,6}?(?:方可|才能|才可)"
        r"|经[^，。；]{0,20}?(?:审核|审定)(?:同意|通过)?后[^，。；]{0,6}?(?:方可|才能|才可)"),
     _LICENCE_CONDITION_SOURCE, None,
     "对上位法设定的行政许可增设条件，或以备案、入库作为从事活动的前提，变相设定行政许可。"),
]
# 第八条第（三）项: a named operator entrusted with a task — "由学子公司统一发行", "委托XX公司负责"
_NAMED_COMPANY_TASK = re.compile(
    r"(?:由|交由|委托|确定|选定|指定|明确|授权)(?P<who>[^，。；]{1,20}?)" + _OPERATOR_NAME +
    r"[^，。；]{0,6}?(?:负责|承办|实施|提供|建设|运营|经营|代理|供应|供货|配送|收运|处置|收集|检测|维护|统一|独家|作为)"
    r"(?![^，。；]{0,6}?(?:责任|损失|赔偿|费用|债务))"
)
# 第八条第（三）项: the bank of the operators' accounts fixed by the text — "在中国建设银行开立监管账户"
_NAMED_BANK = re.compile(
    r"(?:在|存入|存放于|存放在|开户于)(?P<who>[^，。；的]{1,10}?)银行[^，。；]{0,8}?(?:开立|开设|设立|存入|存放|办理|专户|账户)")
# words that show a class or the operator's own bank, not the name of one operator ("存入施工企业银行专用账户")
_NOT_A_NAME = re.compile(r"企业|单位|人|其|专门|专用|所在|开户|各|有关|相关|受托|委托")
# 第十条第（二）项: money for one named operator — "对保温产业平台管理公司给予产业发展资金奖励"
_NAMED_COMPANY_MONEY = re.compile(
    r"对(?P<who>[^，。；]{1,20}?)" + _OPERATOR_NAME + r"(?:给予|予以)[^，。；]{0,12}?(?:奖励|补贴|补助|资金|扶持)")

_LOCAL = r"本(?:州|地|市|县|省|区)|当地"
_LOCAL_PROTECTION = [
    re.compile(r"(?:仅限|限于|只限|仅允许|只允许|限定为?)[^，。；]{0,8}?(?:" + _LOCAL + r")"),
    re.compile(
        r"(?:优先|只能|必须|须|应当|应|一律)[^，。；]{0,6}?(?:从|向|在|采购|使用|选用|聘用|招用|购买|委托|聘请|选择)"
        r"[^，。；]{0,4}?(?:" + _LOCAL + r")(?:范围内|辖区内|区域内)?的?[^，。；]{0,6}?"
        r"(?:企业|产品|商品|供应商|经营者|生产|注册|厂家|建材|劳务|施工|中介机构|机构|队伍)"
    ),
    re.compile(r"本(?:州|地|市|县)(?:企业|产品|商品|供应商|经营者|注册企业|生产的)[^，。；]{0,10}?(?:优先|加分|倾斜|照顾)"),
    re.compile(
        r"外地[^，。；]{0,4}?(?:企业|经营者|商品|产品|供应商|车辆|施工队伍|建筑企业|商户|生产|农产品|货物)"
        r"[^。；]{0,30}?(?:(?:须|必须|应当|需)(?!遵守|依法|依照|按照国家)|另行|额外|加收|提高|缴纳|备案|设立|不得)"
    ),
    re.compile(r"(?:在本(?:州|地|市|县)|在当地)(?:设立|注册|成立)[^，。；]{0,12}?(?:分支机构|子公司|分公司|法人|企业|办事处)"),
]
_EQUAL_TREATMENT = re.compile(r"一视同仁|同等对待|平等对待|同等条件|无差别|公平竞争")

_THIS_DOC = r"本(?:办法|规定|通知|细则|意见|决定|规则|方案|实施办法|文件)"
_RETRO_BY_WORDS = re.compile(
    r"(?:施行|实施|执行|印发|发布|生效)(?:前|之前|以前)[^。]{0,40}?(?:适用|按照|依照|参照|按|依)" + _THIS_DOC
)
_RETRO_FAVOURABLE = re.compile(r"更有利|有利于|从轻|较轻|不认为违法|更高标准|享受|减轻|免除")
_RETRO_EXPLICIT = re.compile(r"追溯(?:至|到|自|执行)|溯及既往")
_EFFECTIVE_DATE = re.compile(r"自" + _DATE + r"(?:起)?[^，。；]{0,4}?(?:施行|执行|实施|生效)")
_DOC_DATE_LINE = re.compile(r"^\s*" + _DATE + r"\s*$", re.M)
_DOC_DATE_WORDS = [
    re.compile(r"(?:印发|发布|公布|签发)(?:日期|时间)?[:：]?\s*" + _DATE),
    re.compile(_DATE + r"(?:印发|发布|公布)"),
]

_VALIDITY_YEARS = re.compile(r"(?:有效期|试行期|实施期限|执行期限)(?:为|是|暂定为?)?(?:不超过|不超出)?(?P<n>" + _NUM + r")(?:个)?年")
_VALIDITY_UNTIL = re.compile(r"有效期(?:至|到|截至)" + _DATE)
_VALIDITY_OPEN = re.compile(r"长期有效|永久有效")
_VALIDITY_OF_OTHER = re.compile(r"证|执照|许可|合同|协议|资格|批准文件|批复|授权")

_HAS_EFFECTIVE_DATE = re.compile(
    r"自[^。；！？\n]{0,40}?(?:之日|日|起)[^。；！？\n]{0,10}?(?:施行|执行|实施|生效)"
    r"|[0-9０-９零〇一二三四五六七八九十]日(?:起)?(?:施行|执行|实施|生效)"
    r"|(?:施行|生效)日期"
)


# ----------------------------------------------------------------------------------- the check


class _Collector:
    def __init__(self):
        self.findings: list[Finding] = []
        self._seen: set[tuple[str, int]] = set()

    def add(self, rule: str, sent: _Sentence | None, m_start: int, m_end: int, explanation: str,
            source: str | None = None) -> None:
        key = (rule, sent.start if sent else -1)
        if key in self._seen:
            return
        self._seen.add(key)
        label, default_source = RULES[rule]
        if sent is None:
            self.findings.append(Finding(rule, label, source or default_source, "", 0, 0, 0, 0, explanation))
            return
        self.findings.append(
            Finding(
                rule=rule,
                rule_label=label,
                legal_source=source or default_source,
                sentence=sent.text,
                start=sent.start,
                end=sent.end,
                match_start=sent.start + m_start,
                match_end=sent.start + m_end,
                explanation=explanation,
            )
        )


def _check_licence(c: _Collector, sent: _Sentence, cited_basis: bool) -> None:
    if _has_basis(sent.text, cited_basis):
        return
    for rx in _LICENCE:
        for m in rx.finditer(sent.text):
            if _negated(sent, m.start()):
                continue
            if m.group(0).endswith(("许可", "许可证")) and _LICENCE_HELD_BY_OTHERS.match(sent.text[m.end():]):
                continue
            mid = m.groupdict().get("mid")
            if mid is not None and re.search(_GOV, _CLAUSE_BREAK.split(mid)[-1]):
                continue  # "未经州政府同意，县级人民政府不得…": an internal approval (行政许可法 第三条第二款)
            c.add("sets_licence", sent, m.start(), m.end(),
                  f"“{m.group(0)}”以事前审批、批准或备案作为从事活动的前提，实质上设定了行政许可。"
                  "《行政许可法》第十七条规定，法律、行政法规、地方性法规和省级政府规章以外的规范性文件一律不得设定行政许可。"
                  "请核对该审批是否有上位法依据；如有，应在条文中写明所依据的法律、法规及条款。")
            return


def _check_penalty(c: _Collector, sent: _Sentence, cited_basis: bool) -> None:
    t = sent.text
    strong = bool(_ARTICLE_CITE.search(t) or _LAW_REF.search(t))
    named = bool(_NAMED_CITE.search(t))
    breach_of_this = bool(_BREACH_OF_THIS.search(t))
    candidates = []
    for rx in _PENALTY_CONCRETE:
        candidates += [(m, True) for m in rx.finditer(t)]
    if _PRIVATE_PARTY.search(t):
        candidates += [(m, True) for m in _PENALTY_NOTICE.finditer(t)]
    candidates += [(m, False) for m in _PENALTY_GENERIC.finditer(t)]
    for m, concrete in sorted(candidates, key=lambda mc: mc[0].start()):
        if _negated(sent, m.start()):
            continue
        if concrete:
            # A fixed penalty restated from a named article or law is lawful; attached to a breach of
            # this document it is a new penalty unless the article is named.
            if strong or (named and not breach_of_this):
                continue
        elif _has_basis(t, cited_basis):
            continue  # "依法予以处罚" refers to the penalties the law already sets
        c.add("sets_penalty", sent, m.start(), m.end(),
              f"“{m.group(0)}”规定了罚款、没收、吊销、暂扣等行政处罚（《行政处罚法》第九条）。"
              "第十六条规定，法律、法规、规章以外的其他规范性文件不得设定行政处罚。"
              "如属转述上位法，请写明所依据的法律、法规、规章条款；否则应删除该处罚内容。")
        return


def _check_compulsory(c: _Collector, sent: _Sentence, cited_basis: bool) -> None:
    if _has_basis(sent.text, cited_basis) or _COURT_ENFORCEMENT.search(sent.text):
        return
    for rx, source in _COMPULSORY:
        for m in rx.finditer(sent.text):
            if _negated(sent, m.start()):
                continue
            if source == _ENFORCEMENT_SOURCE:
                why = ("属于行政强制执行方式（《行政强制法》第十二条）；第十三条规定行政强制执行由法律设定，"
                       "法律没有规定的，行政机关应当申请人民法院强制执行。")
            else:
                why = ("属于行政强制措施（《行政强制法》第九条）；第十条第四款规定，法律、法规以外的其他规范性文件"
                       "不得设定行政强制措施。")
            c.add("sets_compulsory", sent, m.start(), m.end(),
                  f"“{m.group(0)}”{why}请核对是否有法律、法规依据并在条文中写明。", source)
            return


def _check_fee(c: _Collector, sent: _Sentence, cited_basis: bool) -> None:
    t = sent.text
    if _has_basis(t, cited_basis) or _FEE_APPROVED.search(t) or _EXCEPT_THEN_FORBID.search(t):
        return  # "除收取国家规定的费用外，不得收取其他费用": a prohibition with its exception
    for m in _FEE.finditer(t):
        if _FEE_EXCLUDED.search(m.group(0)) or _negated(sent, m.start()):
            continue
        left, right = _clause_around(t, m.start())
        if _BREACH.search(t[left:m.start()]) or t[left:right].endswith("的"):
            continue  # "对拒不缴纳…费的": names a fee in the description of a breach, does not set it
        if _FEE_BY_AGREEMENT.search(t[max(0, left - 30):m.start()]):
            continue  # "按照服务合同收取费用", "约定收取保证金": a price between the parties
        if _FEE_PRICE_OR_EXISTING.search(t[left:right]):
            continue
        c.add("sets_fee", sent, m.start(), m.end(),
              f"“{m.group(0)}”要求缴纳费用、保证金或押金，但未写明收费依据。"
              "《优化营商环境条例》第二十五条规定，设立涉企行政事业性收费、涉企保证金应当有法律、行政法规依据或者经国务院批准，"
              "目录清单之外的一律不得执行。请核对该项目是否在收费目录清单内。")
        return


def _check_obligation(c: _Collector, sent: _Sentence, cited_basis: bool) -> None:
    t = sent.text
    if _has_basis(t, cited_basis):
        return
    for rx in _OBLIGATION:
        for m in rx.finditer(t):
            verb = m.groupdict().get("verb") or ""
            if verb == "缴纳" and re.search(r"费|保证金|押金|基金", t[m.end():m.end() + 15]):
                continue  # a fee: reported by sets_fee
            if verb and t[m.end():m.end() + 1] == "的":
                continue  # "按照与业主签订的服务合同": names an act already done (a contract), requires nothing
            modal_at = m.start("modal")
            left, _ = _clause_around(t, modal_at)
            if re.search(_GOV, t[left:modal_at]):
                continue  # the duty is the administration's own, not the citizen's
            if _negated(sent, m.start()):
                continue
            c.add("adds_obligation", sent, m.start(), m.end(),
                  f"“{m.group(0)}”对企业、群众增设了义务，但本句未写明依据。"
                  "《优化营商环境条例》第六十四条规定，没有法律、法规或者国务院决定和命令依据的，行政规范性文件不得增加市场主体义务。"
                  "请核对该义务是否有上位法依据，并在条文中写明。")
            return


def _check_rights(c: _Collector, sent: _Sentence, cited_basis: bool) -> None:
    t = sent.text
    if _has_basis(t, cited_basis):
        return
    for m in _RIGHTS_PROCEDURAL.finditer(t):
        if not _negated(sent, m.start()):
            c.add("reduces_rights", sent, m.start(), m.end(),
                  f"“{m.group(0)}”限制了当事人依法信访、申请行政复议或者提起诉讼的权利。"
                  "规范性文件不得减损公民、法人和其他组织的合法权利（《优化营商环境条例》第六十四条）。请删除或改为引导性表述。")
            return
    for rx in _RIGHTS_CONSEQUENCE:
        for m in rx.finditer(t):
            if not _CONDITION.search(t[:m.start()]):
                continue  # only a consequence attached to a conduct is a sanction-like reduction
            if _negated(sent, m.start()):
                continue
            c.add("reduces_rights", sent, m.start(), m.end(),
                  f"“{m.group(0)}”以某种行为为条件，取消、暂停或限制当事人享有的资格、待遇或权利，本句未写明依据。"
                  "《优化营商环境条例》第六十四条规定，没有法律、法规或者国务院决定和命令依据的，不得减损市场主体合法权益；"
                  "对公民的惩戒措施同样需要法律、法规依据。请核对依据或删除。")
            return


_STATE_COUNCIL_BASIS = re.compile(r"国务院(?:规定|决定|批准)|法律、行政法规(?:另有)?规定")
_ARTICLE_HEAD = re.compile(r"^(?:第[一二三四五六七八九十百零〇\d]+条)?[\s\u3000]*")


def _check_competition(c: _Collector, sent: _Sentence) -> None:
    t = sent.text
    if _STATE_COUNCIL_BASIS.search(t):
        return  # a designation made by the State Council or a law, restated (公平竞争审查条例 第十条 "没有…依据")
    rules = list(_COMPETITION)
    if re.search(_SUBJECT, t) or _PRIVATE_PARTY.search(t):
        rules += [(_DESIGNATED_BY_AUTHORITY, None), (_PROVIDER_FIXED, None)]
    for rx, source in rules:
        for m in rx.finditer(t):
            if _negated(sent, m.start()):
                continue
            if rx in (_DESIGNATED_BY_AUTHORITY, _PROVIDER_FIXED) and not _MANDATORY.search(t[:m.start()]):
                continue
            left, right = _clause_around(t, m.start())
            if _FREE_CHOICE.search(t[left:right]) and "不得自行选择" not in t[left:right]:
                continue
            if m.group(0).startswith("指定的") and m.start() == _ARTICLE_HEAD.match(t).end():
                continue  # "指定的认证机构应当…": the duties of a designated body, not a designation
            if source == _TAX_PREFERENCE_SOURCE:
                if _has_basis(t, cited_basis=False):
                    continue
                why = ("给予特定经营者税收返还等优惠，《公平竞争审查条例》第十条规定，没有法律、行政法规依据或者未经国务院批准，"
                       "政策措施不得含有此类内容。")
            else:
                why = ("限定经营、购买或者使用特定经营者提供的商品或者服务，属于《公平竞争审查条例》第八条第（三）项禁止的内容；"
                       "《优化营商环境条例》第六十四条亦禁止规范性文件干预市场主体正常生产经营活动。")
            c.add("restricts_competition", sent, m.start(), m.end(),
                  f"“{m.group(0)}”{why}请核对是否经过公平竞争审查、是否符合第十二条的例外情形。", source)
            return


def _check_market(c: _Collector, sent: _Sentence) -> None:
    """Real-world shapes of the 公平竞争审查条例 prohibitions (trained on precheck_corpus/, split train)."""
    t = sent.text
    for m in _EXIT.finditer(t):
        if not t[max(0, m.start() - 2):m.start()].endswith(("禁止", "严禁")):
            c.add("local_protection", sent, m.start(), m.end(),
                  f"“{m.group(0)}”以承诺不迁出、迁出退还资金等方式限制经营者迁出。《公平竞争审查条例》第九条第（一）项禁止政策措施"
                  "阻碍本地经营者迁出。请删除迁出限制，或核对是否符合第十二条的例外情形。", _EXIT_SOURCE)
            break
    if not _EQUAL_TREATMENT.search(t):
        for m in _LOCAL_REGISTRATION.finditer(t):
            if _negated(sent, m.start()):
                continue
            c.add("local_protection", sent, m.start(), m.end(),
                  f"“{m.group(0)}”要求经营者在本地注册、登记、设立机构或纳税，作为享受政策或进入市场的条件。"
                  "《公平竞争审查条例》第九条第（二）项禁止排斥、限制、强制或者变相强制外地经营者在本地投资经营或者设立分支机构。"
                  "请删除地域条件。", _LOCAL_REGISTRATION_SOURCE)
            break
    if not _has_basis(t, cited_basis=False):
        for m in _TAX_LINKED.finditer(t):
            if _negated(sent, m.start()):
                continue
            c.add("restricts_competition", sent, m.start(), m.end(),
                  f"“{m.group(0)}”按经营者的纳税额或对地方的财政、经济贡献给予奖励或补贴。《公平竞争审查条例》第十条规定，"
                  "没有法律、行政法规依据或者未经国务院批准，不得给予特定经营者税收优惠或者选择性、差异化的财政奖励、补贴。"
                  "请删除与纳税、贡献挂钩的奖补，或写明依据。", _TAX_PREFERENCE_SOURCE)
            break
        for m in _SELECTIVE.finditer(t):
            if _negated(sent, m.start()) or not _SELECTIVE_CONTEXT.search(t) or re.search(_LOCAL, t[m.end():m.end() + 12]):
                continue
            c.add("restricts_competition", sent, m.start(), m.end(),
                  f"“{m.group(0)}”对名单、项目库中的特定经营者给予优先待遇。《公平竞争审查条例》第十条第（二）项禁止没有法律、"
                  "行政法规依据给予特定经营者选择性、差异化的优惠。请核对入选条件是否公平、客观、非排他。", _SELECTIVE_SOURCE)
            break
    # "同等条件下优先购买本地企业产品" is a preference for local operators, not an equal-treatment clause
    if not _EQUAL_TREATMENT.search(t) or _PREFERENCE_FOR_LOCAL.search(t):
        found = [m for m in _OUTSIDERS_TREATED_WORSE.finditer(t)] + [m for m in _LOCAL_PRESENCE.finditer(t)]
        if _MONEY.search(t) or re.search(r"加分|评分|计分", t):
            found += list(_REGISTERED_HERE_FOR_MONEY.finditer(t)) + list(_MOVED_HERE.finditer(t))
        for m in sorted(found, key=lambda m: m.start()):
            if _negated(sent, m.start()):
                continue
            c.add("local_protection", sent, m.start(), m.end(),
                  f"“{m.group(0)}”以在本地注册、设立机构、经营场所、采购本地产品等作为享受政策或参与经营的条件，"
                  "或对外地经营者给予较差待遇。《公平竞争审查条例》第九条禁止排斥、限制或者变相强制外地经营者在本地投资经营、"
                  "设立分支机构，以及对外地经营者实行歧视性待遇。请删除地域条件。", _LOCAL_REGISTRATION_SOURCE)
            break
    for m in _PRICE_CAP.finditer(t):
        c.add("restricts_competition", sent, m.start(), m.end(),
              f"“{m.group(0)}”限定了经营者自主定价的幅度。《公平竞争审查条例》第十一条第（三）项禁止违法干预实行市场调节价的"
              "商品、要素的价格水平。请删除，或写明政府指导价、政府定价的依据。", _PRICE_SOURCE)
        break
    for m in _NAMED_OPERATOR.finditer(t):
        if _negated(sent, m.start()):
            continue
        c.add("restricts_competition", sent, m.start(), m.end(),
              f"“{m.group(0)}”直接确定由某一经营者提供商品或服务。《公平竞争审查条例》第八条第（三）项禁止限定经营、购买或者使用"
              "特定经营者提供的商品或者服务（《反垄断法》第三十九条）。请改为公开竞争方式选择。")
        break
    for m in _ENTRY.finditer(t):
        if _negated(sent, m.start()):
            continue
        c.add("restricts_competition", sent, m.start(), m.end(),
              f"“{m.group(0)}”对参与者设置了组织形式、经营范围、经营年限、业绩或地域等条件。《公平竞争审查条例》第八条第（四）项"
              "禁止设置不合理或者歧视性的准入、退出条件。请核对每项条件是否为履约所必需并有依据。", _ENTRY_SOURCE)
        break


_FAIR_ASK = {
    "local_protection": "《公平竞争审查条例》第九条禁止政策措施含有限制商品、要素在地区之间自由流动的内容。请删除地域条件，"
                        "或核对是否符合第十二条的例外情形。",
    "restricts_competition": "《公平竞争审查条例》第八条、第十条、第十一条禁止政策措施含有此类内容（没有法律、行政法规依据或者"
                             "未经国务院批准的）。请核对依据、是否经过公平竞争审查、是否符合第十二条的例外情形。",
    "sets_licence": "法律、行政法规、地方性法规和省级政府规章以外的规范性文件不得设定行政许可（《行政许可法》第十七条），"
                    "也不得增设违反上位法的许可条件（第十六条第四款）。请核对依据并在条文中写明。",
}
_NAMED = (
    (_NAMED_BANK, "指定经营者在某一家银行开立账户、存放资金，限定了经营者对金融服务的选择。"),
    (_NAMED_COMPANY_TASK, "直接确定由某一具名经营者承担、提供商品或服务，限定经营、购买或者使用特定经营者提供的商品或者服务。"),
    (_NAMED_COMPANY_MONEY, "对某一具名经营者给予资金奖励或补贴，属于给予特定经营者选择性、差异化的财政奖励或者补贴。"),
)


def _check_fair_competition(c: _Collector, sent: _Sentence) -> None:
    """The 公平竞争审查 prohibitions by their legal pattern (_FAIR_COMPETITION, _NAMED): one finding a rule
    and sentence. Turned off by a negation of the trigger, an equal-treatment clause, a State Council basis,
    and — for tax, fee or factor reliefs, support of named firms, licence conditions — a restated basis."""
    t = sent.text
    if _STATE_COUNCIL_BASIS.search(t) or (_EQUAL_TREATMENT.search(t) and not _PREFERENCE_FOR_LOCAL.search(t)):
        return  # "与本省企业执行同等用地政策": equal treatment, not a preference
    restated = any(rx.search(t) for rx in (_ARTICLE_CITE, _NAMED_CITE, _LAW_REF, _UPPER_BASIS))
    for rule, rx, source, needs, why in _FAIR_COMPETITION:
        if needs is not None and not needs.search(t):
            continue
        if source in (_TEN_1, _TEN_3, _LICENCE_CONDITION_SOURCE) and (restated or _has_basis(t, True)):
            continue  # "依法给予税收优惠", "按照规定减免": a relief the law already grants, restated
        if source == _TEN_2 and restated:
            continue  # support the sentence takes from a named law
        for m in rx.finditer(t):
            if _negated(sent, m.start()):
                continue
            left, _ = _clause_around(t, m.start())
            if "法人" in m.group(0) and re.search(r"设立|成立|注册为", t[left:m.start()]):
                continue  # "须在本州设立具有独立法人资格的子公司": the local establishment, reported as such
            lab = m.groupdict().get("lab")
            if lab and re.search(r"具有|具备|资质|符合|依法|有关", lab):
                continue  # "应当到具有资质的检测机构检测": any qualified body, not a chosen one
            c.add(rule, sent, m.start(), m.end(), f"“{m.group(0)}”{why}{_FAIR_ASK[rule]}", source)
            break
    for rx, why in _NAMED:
        source = _TEN_2 if rx is _NAMED_COMPANY_MONEY else _EIGHT_3
        for m in rx.finditer(t):
            who = m.group("who")
            if _negated(sent, m.start()) or _GENERIC_OPERATOR.fullmatch(who) or _NOT_A_NAME.search(who):
                continue
            c.add("restricts_competition", sent, m.start(), m.end(),
                  f"“{m.group(0)}”{why}{_FAIR_ASK['restricts_competition']}", source)
            break


def _check_utility_cut(c: _Collector, sent: _Sentence) -> None:
    t = sent.text
    if not _CONDITION.search(t):
        return  # a cut of water or power not used to compel anyone (e.g. a maintenance notice)
    for m in _UTILITY_CUT.finditer(t):
        if _negated(sent, m.start()):
            continue
        c.add("sets_compulsory", sent, m.start(), m.end(),
              f"“{m.group(0)}”以停止供水、供电等方式迫使当事人履行义务。《行政强制法》第四十三条第二款规定，行政机关不得对居民生活"
              "采取停止供水、供电、供热、供燃气等方式迫使当事人履行相关行政决定。请删除。", _UTILITY_SOURCE)
        return


def _check_local_protection(c: _Collector, sent: _Sentence) -> None:
    t = sent.text
    if _EQUAL_TREATMENT.search(t):
        return
    for rx in _LOCAL_PROTECTION:
        for m in rx.finditer(t):
            if _negated(sent, m.start()):
                continue
            c.add("local_protection", sent, m.start(), m.end(),
                  f"“{m.group(0)}”对本地与外地经营者、商品区别对待。"
                  "《公平竞争审查条例》第九条禁止限制外地商品进入本地市场，排斥、限制外地经营者在本地投资经营、参加政府采购和招标投标，"
                  "或者对外地经营者设置歧视性收费、资质和监管要求。请核对并删除区别对待的内容。")
            return


def _check_retroactive_words(c: _Collector, sent: _Sentence) -> None:
    t = sent.text
    for m in _RETRO_BY_WORDS.finditer(t):
        if re.search(r"不(?:再)?(?:适用|按照|依照|参照)", m.group(0)) or _RETRO_FAVOURABLE.search(t):
            continue  # 从旧兼从轻 / 更有利于当事人的规定: the exception of 立法法 第一百零四条
        c.add("retroactive", sent, m.start(), m.end(),
              f"“{m.group(0)}”使本文件适用于施行前已经发生的事项。"
              "《立法法》第一百零四条确立不溯及既往原则，仅为了更好地保护公民、法人和其他组织的权利和利益而作的特别规定除外；"
              "规范性文件参照适用。请核对是否属于有利于当事人的例外。")
        return
    for m in _RETRO_EXPLICIT.finditer(t):
        if t[max(0, m.start() - 1):m.start()] == "不" or _RETRO_FAVOURABLE.search(t):
            continue
        c.add("retroactive", sent, m.start(), m.end(),
              f"“{m.group(0)}”明确规定本文件追溯适用于施行前的期间。"
              "《立法法》第一百零四条确立不溯及既往原则，仅为了更好地保护权利和利益而作的特别规定除外。请核对。")
        return


def _document_date(text: str) -> date | None:
    """The date the document was signed or issued: a 落款 line holding only a date, or '印发日期：…'."""
    candidates = [_parse_date(m) for rx in _DOC_DATE_WORDS for m in rx.finditer(text)]
    candidates += [_parse_date(m) for m in _DOC_DATE_LINE.finditer(text)]
    candidates = [d for d in candidates if d]
    return max(candidates) if candidates else None


def _check_dates(c: _Collector, sentences: list[_Sentence], text: str, max_years: int, title: str) -> None:
    doc_date = _document_date(text)
    effective: date | None = None
    for sent in sentences:
        for m in _EFFECTIVE_DATE.finditer(sent.text):
            d = _parse_date(m)
            if d is None:
                continue
            effective = effective or d
            if doc_date and d < doc_date:
                c.add("retroactive", sent, m.start(), m.end(),
                      f"施行日期（{d.isoformat()}）早于文件印发日期（{doc_date.isoformat()}），文件将适用于印发前的期间。"
                      "《立法法》第一百零四条确立不溯及既往原则，仅为了更好地保护权利和利益而作的特别规定除外。请核对施行日期。")
    start = effective or doc_date
    provisional = "暂行" in title or "试行" in title
    note = f"（文件标题为“{title}”，属暂行、试行文件，请按暂行文件的上限核对。）" if provisional else ""
    for sent in sentences:
        t = sent.text
        for m in _VALIDITY_YEARS.finditer(t):
            n = _cn_number(m.group("n"))
            left, _ = _clause_around(t, m.start())
            if n is None or n <= max_years or _VALIDITY_OF_OTHER.search(t[left:m.start()]):
                continue
            c.add("validity_too_long", sent, m.start(), m.end(),
                  f"规定的有效期为{n}年，超过本平台配置的上限{max_years}年（规范性文件有效期一般不超过5年，暂行、试行一般不超过2年）。"
                  f"请缩短有效期或说明理由。{note}")
        for m in _VALIDITY_UNTIL.finditer(t):
            end = _parse_date(m)
            if start and end and end > _add_years(start, max_years):
                c.add("validity_too_long", sent, m.start(), m.end(),
                      f"有效期自{start.isoformat()}至{end.isoformat()}，超过本平台配置的上限{max_years}年。请缩短有效期。{note}")
        for m in _VALIDITY_OPEN.finditer(t):
            if not _negated(sent, m.start()):
                c.add("validity_too_long", sent, m.start(), m.end(),
                      f"“{m.group(0)}”未设有效期，规范性文件应当规定不超过{max_years}年的有效期。{note}")


def precheck(text: str, *, title: str = "", validity_years: int | None = None,
             max_validity_years: int = 5, cited_basis: bool = False) -> list[Finding]:
    """Scan a draft and list the sentences that look unlawful, each with the rule it applies.

    ``validity_years``: the validity the drafter declared in the form (checked beside the text).
    ``max_validity_years``: the limit that applies to this document (RULES.md §1: 5, 暂行/试行 2 —
    configuration, chosen by the caller). ``cited_basis``: the drafter listed the upper-level basis.
    ``title`` only words the validity explanation. Findings are ordered by position; document-level
    findings (no sentence) have empty ``sentence`` and zero offsets.
    """
    c = _Collector()
    sentences = split_sentences(text)
    for sent in sentences:
        _check_licence(c, sent, cited_basis)
        _check_penalty(c, sent, cited_basis)
        _check_compulsory(c, sent, cited_basis)
        _check_fee(c, sent, cited_basis)
        _check_obligation(c, sent, cited_basis)
        _check_rights(c, sent, cited_basis)
        _check_competition(c, sent)
        _check_local_protection(c, sent)
        _check_market(c, sent)
        _check_fair_competition(c, sent)
        _check_utility_cut(c, sent)
        _check_retroactive_words(c, sent)
    _check_dates(c, sentences, text, max_validity_years, title)

    if validity_years is not None and validity_years > max_validity_years and not any(
        f.rule == "validity_too_long" for f in c.findings
    ):
        c.add("validity_too_long", None, 0, 0,
              f"起草单位填报的有效期为{validity_years}年，超过本平台配置的上限{max_validity_years}年"
              "（规范性文件有效期一般不超过5年，暂行、试行一般不超过2年）。请核对。")
    if text.strip() and not _HAS_EFFECTIVE_DATE.search(text):
        c.add("no_effective_date", None, 0, 0,
              "全文未找到“自…起施行”或施行日期。规范性文件应当明确施行日期（参照《立法法》第六十一条、"
              "《规章制定程序条例》第三十条关于载明施行日期的规定），以便确定效力起点和有效期。")
    return sorted(c.findings, key=lambda f: (f.start, f.end, RULE_ORDER[f.rule]))


def highlight_html(text: str, findings: list[Finding]) -> str:
    """The text as escaped HTML with <mark data-rule="…"> around each flagged sentence and
    <span class="precheck-trigger"> around the words that triggered it. Line breaks are kept as
    newlines (render inside white-space: pre-wrap). Document-level findings mark nothing."""
    spans: dict[tuple[int, int], list[Finding]] = {}
    for f in findings:
        if 0 <= f.start < f.end <= len(text):
            spans.setdefault((f.start, f.end), []).append(f)
    out: list[str] = []
    pos = 0
    for (start, end), group in sorted(spans.items()):
        if start < pos:
            continue  # overlapping spans (stale findings): keep the first
        out.append(html.escape(text[pos:start]))
        rules = " ".join(dict.fromkeys(f.rule for f in group))
        labels = "；".join(dict.fromkeys(f.rule_label for f in group))
        out.append(f'<mark class="precheck" data-rule="{html.escape(rules)}" title="{html.escape(labels)}">')
        out.append(_mark_triggers(text, start, end, group))
        out.append("</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _mark_triggers(text: str, start: int, end: int, group: list[Finding]) -> str:
    ranges = sorted(
        (max(f.match_start, start), min(f.match_end, end)) for f in group if f.match_start < f.match_end
    )
    merged: list[list[int]] = []
    for s, e in ranges:
        if s >= e:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], start
    for s, e in merged:
        out.append(html.escape(text[pos:s]))
        out.append(f'<span class="precheck-trigger">{html.escape(text[s:e])}</span>')
        pos = e
    out.append(html.escape(text[pos:end]))
    return "".join(out)
