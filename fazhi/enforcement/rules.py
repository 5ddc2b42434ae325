"""Every statutory rule of the 行政执法 module, once, each with its law and article.

Pure functions over plain values (dates, amounts, officers): the workflow's guards and the services
call them; the tests exercise them at their edges on real 2026 dates.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings

from fazhi.core.choices import PeriodUnit
from fazhi.core.errors import Reason
from fazhi.core.workdays import add_days_statutory, add_working_days

from .choices import InspectionKind, OfficerStatus, PartyKind, PenaltyKind

LAW = "行政处罚法"

DEFAULTS = {
    # 行政处罚法 第六十条: 立案之日起九十日内作出决定.
    "DECISION_DAYS": 90,
    # 行政处罚法 第六十一条: 当事人不在场的，七日内送达.
    "SERVICE_DAYS": 7,
    # 国办发〔2018〕118号 (RULES.md §2 [S]): 行政处罚决定 7 个工作日内公开, 其他执法决定 20 个工作日.
    "PUBLICATION_WORKING_DAYS": 7,
    "PUBLICATION_WORKING_DAYS_OTHER": 20,
    # 行政处罚法 第四十八条: 变更、撤销后 3 日内撤回 (working days, 第八十五条).
    "WITHDRAWAL_WORKING_DAYS": 3,
    # 陈述、申辩期 after the 事先告知书 is served [U: no statutory figure; aligned with the 5-day hearing
    # request period of 第六十四条].
    "STATEMENT_DAYS": 5,
    # 行政处罚法 第六十四条第（一）项: 当事人要求听证的，应当在行政机关告知后五日内提出.
    "HEARING_REQUEST_DAYS": 5,
    # 重大执法决定目录 (第五十八条; local thresholds, RULES.md §2 [S]).
    "MAJOR_FINE_PERSON": Decimal("10000"),
    "MAJOR_FINE_ORGANISATION": Decimal("100000"),
    "MAJOR_PENALTY_KINDS": [PenaltyKind.REVOKE_LICENCE, PenaltyKind.SUSPEND_BUSINESS],
    # 法制审核 period on the review desk (RULES.md §2 [S, local]: 7 个工作日).
    "REVIEW_WORKING_DAYS": 7,
    # 涉企检查 (国办发〔2024〕54号; RULES.md §6 [S]): another agency inspecting the same enterprise within this
    # many days → suggest a joint inspection (综合查一次); the design heuristic of enforcement.md §5.
    "JOINT_WINDOW_DAYS": 30,
    # Yearly cap of one agency's inspections of one enterprise where its plan publishes none:
    # 控制对企业进行经济检查的规定 第六条 (每年一般不超过1次; in-force status [U]).
    "YEARLY_CAP": 1,
    # 全过程记录 (国办发〔2018〕118号 三、（十）): 查封扣押财产、强制拆除等直接涉及人身自由、生命健康、重大财产权益的
    # 现场执法活动 要推行全程音像记录 — the acts that cannot be recorded without an audio or video file.
    "AV_REQUIRED_ACTS": ["查封、扣押", "强制拆除"],
    # 行政强制法 第三十五条 names no length for the 催告 period: the platform's default [U].
    "URGE_DAYS": 10,
    # 行政强制法 第四十四条 公告限期自行拆除: the period is the township's to set; default [U].
    "SELF_DEMOLISH_DAYS": 10,
    # 投诉举报: national time limits are unread (enforcement.md §7 [U]); defaults are settings — accept or
    # refuse within 5 working days, the agency answers and the office closes within 30 days of acceptance.
    "COMPLAINT_ACCEPT_WORKING_DAYS": 5,
    "COMPLAINT_HANDLE_DAYS": 30,
    # 行政处罚法 第六十条 (九十日，法律、法规、规章另有规定的从其规定): the longest extension a 负责人 may approve,
    # a setting [S: 《市场监督管理行政处罚程序规定》第六十四条 — 经批准可以延长三十日].
    "DECISION_EXTENSION_MAX_DAYS": 30,
}


def setting(name: str):
    return getattr(settings, "ENFORCEMENT", {}).get(name, DEFAULTS[name])


# ---------------------------------------------------------------- officers (第四十二条)

MIN_OFFICERS = 2  # 行政处罚法 第四十二条: 执法人员不得少于两人


def officer_problem(officer, on_date: datetime.date) -> str | None:
    """Why ``officer`` may not act on ``on_date`` (行政处罚法 第四十二条: 具有行政执法资格), or None."""
    who = f"执法人员{officer.name}（证号 {officer.certificate_no}）"
    if officer.status == OfficerStatus.REVOKED:
        return f"{who}的执法证已被吊销，不得从事执法活动。"
    if officer.status == OfficerStatus.SUSPENDED:
        return f"{who}的执法证已被暂扣，不得从事执法活动。"
    if on_date < officer.issued_on:
        return f"{who}的执法证于 {officer.issued_on:%Y年%m月%d日} 才发放，当日尚无执法资格。"
    if officer.status == OfficerStatus.EXPIRED or on_date > officer.expires_on:
        return f"{who}的执法证已于 {officer.expires_on:%Y年%m月%d日} 到期，不得从事执法活动。"
    return None


def officers_problems(officers, on_date: datetime.date) -> list[Reason]:
    """At least two officers, each with a certificate valid on the day (行政处罚法 第四十二条)."""
    officers = list(officers)
    reasons = [Reason(p, field="officers") for p in (officer_problem(o, on_date) for o in officers) if p]
    valid = len(officers) - len(reasons)
    if valid < MIN_OFFICERS:
        reasons.append(Reason(f"执法人员不得少于两人（行政处罚法第四十二条），当日具有执法资格的仅 {valid} 人。",
                              field="officers"))
    return reasons


# ---------------------------------------------------------------- limitation (第三十六条)


def limitation_years(serious_harm: bool) -> int:
    """行政处罚法 第三十六条: 二年内未被发现的不再给予处罚; 涉及公民生命健康安全、金融安全且有危害后果的, 五年."""
    return 5 if serious_harm else 2


def limitation_problem(*, occurred_on, continuing_until, discovered_on, serious_harm: bool) -> Reason | None:
    """The period runs from the act, or from the end of a continuing act (第三十六条第二款)."""
    start = continuing_until or occurred_on
    years = limitation_years(serious_harm)
    try:
        last = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        last = start.replace(year=start.year + years, day=28)
    if discovered_on > last:
        return Reason(f"违法行为自 {start:%Y年%m月%d日} 起 {years} 年内未被发现（至 {last:%Y年%m月%d日}），"
                      f"依照行政处罚法第三十六条不再给予行政处罚。", field="discovered_on")
    return None


# ---------------------------------------------------------------- summary procedure (第五十一条)

SUMMARY_LIMIT_PERSON = Decimal("200")
SUMMARY_LIMIT_ORGANISATION = Decimal("3000")


def summary_problems(*, party_kind: str, penalty_kind: str, fine_amount) -> list[Reason]:
    """行政处罚法 第五十一条: 对公民处二百元以下、对法人或者其他组织处三千元以下罚款或者警告."""
    if penalty_kind == PenaltyKind.WARNING:
        return []
    if penalty_kind != PenaltyKind.FINE:
        return [Reason("简易程序只能给予警告或者限额以下罚款（行政处罚法第五十一条），请适用普通程序。",
                       field="penalty_kind")]
    # 个体工商户 are natural persons doing business (民法典 第五十四条): the citizen's limit applies.
    person = party_kind in (PartyKind.PERSON, PartyKind.INDIVIDUAL_BUSINESS)
    limit = SUMMARY_LIMIT_PERSON if person else SUMMARY_LIMIT_ORGANISATION
    who = "公民" if person else "法人或者其他组织"
    if fine_amount is None or Decimal(fine_amount) > limit:
        return [Reason(f"简易程序对{who}的罚款不得超过 {limit} 元（行政处罚法第五十一条），请适用普通程序。",
                       field="fine_amount")]
    return []


# ---------------------------------------------------------------- discretion and the major-decision catalogue


def outside_range(benchmark_range, fine_amount) -> bool:
    """The fine lies outside the chosen 裁量阶次's range (裁量基准; 行政处罚法 第三十四条)."""
    if benchmark_range is None or fine_amount is None:
        return False
    amount = Decimal(fine_amount)
    return amount < benchmark_range.min_fine or amount > benchmark_range.max_fine


def major_reasons(*, party_kind: str, penalty_kind: str, fine_amount, hearing_held: bool,
                  outside_benchmark: bool, catalogue=None) -> list[str]:
    """Why a decision falls in the 重大执法决定目录 and needs 法制审核 first (行政处罚法 第五十八条): the agency's
    own published catalogue (``MajorCatalogue``) where it has one, the platform's defaults otherwise."""
    out = []
    person = party_kind in (PartyKind.PERSON, PartyKind.INDIVIDUAL_BUSINESS)  # 民法典 第五十四条
    if catalogue is not None:
        threshold = catalogue.fine_person if person else catalogue.fine_organisation
        kinds = catalogue.penalty_kinds
    else:
        threshold = setting("MAJOR_FINE_PERSON" if person else "MAJOR_FINE_ORGANISATION")
        kinds = setting("MAJOR_PENALTY_KINDS")
    if fine_amount is not None and Decimal(fine_amount) >= Decimal(threshold):
        out.append(f"罚款数额达到 {threshold} 元")
    if penalty_kind in kinds:
        out.append(f"处罚种类为“{PenaltyKind(penalty_kind).label}”")
    if hearing_held:
        out.append("经过听证（第五十八条第一款第（二）项）")
    if outside_benchmark:
        out.append("超出裁量基准")
    return out


# ---------------------------------------------------------------- periods


def statement_period_end(notice_served_on: datetime.date) -> datetime.date:
    """The last day of the 陈述申辩 period after the notice (第四十四条、第四十五条; [U] setting)."""
    return add_days_statutory(notice_served_on, setting("STATEMENT_DAYS"), PeriodUnit.CALENDAR_DAYS).date


def hearing_request_end(notice_served_on: datetime.date) -> datetime.date:
    """行政处罚法 第六十四条第（一）项: 告知后五日内提出听证要求."""
    return add_days_statutory(notice_served_on, setting("HEARING_REQUEST_DAYS"), PeriodUnit.CALENDAR_DAYS).date


def hearing_request_timely(notice_served_on: datetime.date, requested_on: datetime.date) -> bool:
    return notice_served_on <= requested_on <= hearing_request_end(notice_served_on)


def publication_due(decided_on: datetime.date) -> datetime.date:
    """行政处罚决定 公开 within the configured working days (国办发〔2018〕118号; 行政处罚法 第四十八条)."""
    return add_working_days(decided_on, setting("PUBLICATION_WORKING_DAYS")).date


def withdrawal_due(changed_on: datetime.date) -> datetime.date:
    """行政处罚法 第四十八条第二款: 决定被依法变更、撤销、确认违法或者确认无效的，应当在三日内撤回公开信息
    (working days: 第八十五条)."""
    return add_working_days(changed_on, setting("WITHDRAWAL_WORKING_DAYS")).date


# ---------------------------------------------------------------- 涉企检查 (国办发〔2024〕54号)


def counts_towards_cap(kind: str) -> bool:
    """个案检查 and 上级部署的专项检查 are outside the yearly cap (控制对企业进行经济检查的规定 第十六条;
    司法部《54号意见有关问题解答》)."""
    return kind not in (InspectionKind.CASE, InspectionKind.SPECIAL_UPPER)


def joint_window_start(on_date: datetime.date) -> datetime.date:
    return on_date - datetime.timedelta(days=setting("JOINT_WINDOW_DAYS"))


def inspection_warnings(*, on_date, others: list, same_agency_count: int, cap: int, kind: str) -> list[dict]:
    """What to flag when an inspection is recorded.

    ``others``: (agency name, date, check code) of other agencies' inspections of the enterprise within the
    window; ``same_agency_count``: this agency's inspections of it this year that count towards the cap,
    this one included.
    """
    out = []
    if others:
        days = setting("JOINT_WINDOW_DAYS")
        names = "、".join(sorted({o[0] for o in others}))
        out.append({"kind": "joint", "text": f"{days} 日内{names}已检查过该企业，建议联合检查（综合查一次）。",
                    "records": [o[2] for o in others]})
    if counts_towards_cap(kind) and same_agency_count > cap:
        out.append({"kind": "cap", "text": f"本机关本年度对该企业的检查已达 {same_agency_count} 次，超过公布的频次上限"
                                           f"（{cap} 次）。", "records": []})
    return out


def av_required(kind: str) -> bool:
    """Whether an act needs continuous audio-video recording (国办发〔2018〕118号; configurable list)."""
    return kind in setting("AV_REQUIRED_ACTS")


# ---------------------------------------------------------------- 案卷评查
# No national scoring table exists (enforcement.md §3 [U]); the default follows the content items and the four
# grades of 《广东省行政执法案卷评查办法》(省政府令第231号) — 百分制; <60 不合格, 60–<75 合格, 75–<90 良好, ≥90 优秀;
# 一票不合格 for the five listed defects. The points per item are this platform's [U] default: a setting.

DEFAULT_RUBRIC = {
    "items": [
        ["facts", "事实认定和证据", 20], ["basis", "适用法律依据", 15], ["procedure", "执法程序", 15],
        ["subject", "执法主体和执法人员资格", 10], ["record_review", "全过程记录和法制审核", 10],
        ["discretion", "行政裁量", 10], ["documents", "执法文书的格式和制作", 5], ["service", "送达", 5],
        ["execution", "执行", 5], ["archive", "立卷归档", 3], ["other", "其他", 2],
    ],
    "vetoes": [
        ["facts_unclear", "主要事实不清、证据不足"], ["wrong_basis", "适用依据错误"], ["illegal_procedure", "违反法定程序"],
        ["ultra_vires", "超越或者滥用职权"], ["unqualified", "主体不合法或者执法人员无资格"],
    ],
    "bands": [[90, "excellent"], [75, "good"], [60, "pass"]],
}


def rubric() -> dict:
    return getattr(settings, "ENFORCEMENT", {}).get("EVALUATION_RUBRIC", DEFAULT_RUBRIC)


def evaluation_score(rubric_: dict, deductions: dict, vetoes: list) -> tuple[Decimal, str, list[Reason]]:
    """(score, grade, problems): 100 less the deductions (each at most its item's points, 扣完为止); any veto
    item makes the file 不合格 whatever its score."""
    problems: list[Reason] = []
    total = Decimal("0")
    items = {key: (label, Decimal(str(points))) for key, label, points in rubric_["items"]}
    for key, value in (deductions or {}).items():
        if key not in items:
            problems.append(Reason(f"评查标准中没有“{key}”这一项。", field="deductions"))
            continue
        label, points = items[key]
        try:
            amount = Decimal(str(value or 0))
        except ArithmeticError:
            problems.append(Reason(f"“{label}”的扣分应为数字。", field=f"d_{key}"))
            continue
        if amount < 0 or amount > points:
            problems.append(Reason(f"“{label}”的扣分应在 0 至 {points} 分之间。", field=f"d_{key}"))
            continue
        total += amount
    veto_keys = {k for k, _ in rubric_["vetoes"]}
    unknown = [v for v in vetoes or () if v not in veto_keys]
    if unknown:
        problems.append(Reason("一票否决事项不在评查标准之内。", field="vetoes"))
    score = max(Decimal("0"), Decimal("100") - total)
    if vetoes:
        return score, "fail", problems
    for floor, grade in rubric_["bands"]:
        if score >= Decimal(str(floor)):
            return score, grade, problems
    return score, "fail", problems


# ---------------------------------------------------------------- 乡镇 "两违" (RULES.md §4)



def challenge_window_end(decided_on: datetime.date) -> datetime.date:
    """The last day a party may still challenge a demolition decision: 行政复议 within 60 days (行政复议法
    第二十条) and 行政诉讼 within six months (行政诉讼法 第四十六条) of knowing it — the later of the two."""
    review = add_days_statutory(decided_on, 60, PeriodUnit.CALENDAR_DAYS).date
    suit = add_days_statutory(decided_on, 6, PeriodUnit.MONTHS).date
    return max(review, suit)


def land_department(villager_house: bool) -> str:
    """Who handles 违法占地: 农村村民非法占地建住宅 → 农业农村主管部门 (土地管理法 第七十八条); otherwise the
    自然资源主管部门 (第七十七条). A township has no power to punish either."""
    return "县级农业农村主管部门" if villager_house else "县级自然资源主管部门"


def demolition_problems(case, on_date: datetime.date) -> list[Reason]:
    """行政强制法 第四十四条: 公告限期自行拆除; 当事人在法定期限内不申请行政复议或者提起行政诉讼，又不拆除的，
    方可强制拆除 — and 第三十五条、第三十七条: 催告 first."""
    out = []
    if not case.urged_on:
        out.append(Reason("强制拆除前须书面催告（行政强制法第三十五条）。", field="urged_on"))
    if not case.announced_on:
        out.append(Reason("强制拆除前须公告，限期当事人自行拆除（行政强制法第四十四条）。", field="announced_on"))
    elif case.self_demolish_by and on_date <= case.self_demolish_by:
        out.append(Reason(f"公告的自行拆除期限至 {case.self_demolish_by:%Y年%m月%d日}，期满前不得强制拆除。",
                          field="on_date"))
    if case.decided_on and not case.challenge_filed_on:
        end = challenge_window_end(case.decided_on)
        if on_date <= end:
            out.append(Reason(f"申请行政复议或者提起行政诉讼的法定期限至 {end:%Y年%m月%d日} 届满，届满前不得强制拆除"
                              f"（行政强制法第四十四条）。", field="on_date"))
    if case.challenge_pending:
        out.append(Reason("当事人已申请行政复议或者提起行政诉讼，尚未结案，不得强制拆除。", field="challenge"))
    return out
