"""Every statutory number of the module, once, with its law and article; local values are settings.

行政复议法 第八十八条第二款: “三日”“五日”“七日”“十日” are working days (不含法定休假日); other
periods (六十日, 三十日) are calendar days, counted from the next day (民法典 第二百零一条) and, when
the last day is a 休假日, ending on the first working day after it (民事诉讼法 第八十五条, applied through
行政复议法 第八十八条第一款). The working-day calendar (法定节假日 and 调休) is core.workdays.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from fazhi.core import workdays
from fazhi.core.choices import PeriodUnit

from .choices import AppearanceBase, CorrectionBase, LossBase

RC_LAW = "行政复议法"
LIT_LAW = "行政诉讼法"
HEAD_RULES = "最高人民法院关于行政机关负责人出庭应诉若干问题的规定"
MED_LAW = "人民调解法"

WD, CD, MONTHS = PeriodUnit.WORKING_DAYS, PeriodUnit.CALENDAR_DAYS, PeriodUnit.MONTHS


@dataclass(frozen=True)
class Period:
    code: str
    amount: int
    unit: str
    legal: str


# 行政复议法 第二十条第一款: 自知道或者应当知道该行政行为之日起六十日内提出申请
RC_APPLY = Period("disputes.rc_apply", 60, CD, "行政复议法第二十条第一款")
# 第二十条第三款: 未告知复议权利的, 自知道行政行为内容之日起最长不得超过一年
RC_APPLY_MAX_MONTHS = Period("disputes.rc_apply_max", 12, MONTHS, "行政复议法第二十条第三款")
# 第三十条第一款: 收到申请后五日内审查 (working days, 第八十八条第二款)
RC_REVIEW = Period("disputes.rc_review", 5, WD, "行政复议法第三十条、第八十八条第二款")
# 第三十一条第一款: 自收到申请之日起五日内书面通知补正
RC_SUPPLEMENT_NOTICE = Period("disputes.rc_supplement_notice", 5, WD, "行政复议法第三十一条第一款")
# 第三十一条第二款: 自收到补正通知之日起十日内提交补正材料
RC_SUPPLEMENT = Period("disputes.rc_supplement", 10, WD, "行政复议法第三十一条第二款、第八十八条第二款")
# 第四十八条: 受理之日起七日内发送副本; 收到副本之日起十日内答复
RC_COPY = Period("disputes.rc_copy", 7, WD, "行政复议法第四十八条")
RC_ANSWER = Period("disputes.rc_answer", 10, WD, "行政复议法第四十八条")
# 第五十四条: 简易程序三日内发送副本, 五日内答复
RC_COPY_SIMPLE = Period("disputes.rc_copy_simple", 3, WD, "行政复议法第五十四条")
RC_ANSWER_SIMPLE = Period("disputes.rc_answer_simple", 5, WD, "行政复议法第五十四条")
# 第六十二条: 普通程序六十日, 延长最多三十日; 简易程序三十日 (calendar days)
RC_DECIDE = Period("disputes.rc_decide", 60, CD, "行政复议法第六十二条第一款")
RC_DECIDE_SIMPLE = Period("disputes.rc_decide_simple", 30, CD, "行政复议法第六十二条第二款")
RC_MAX_EXTENSION_DAYS = 30  # 第六十二条第一款: 延长期限最多不得超过三十日
# 第五十三条第一款第三项: 案件涉及款额三千元以下
SIMPLE_MAX_AMOUNT = 3000
# 第四十一条第一款第五项: 中止满六十日原因仍未消除
SUSPEND_END_DAYS = 60

# 行政复议法 第五十六条、第五十七条: 有权处理的三十日内处理; 无权处理的七日内转送; 第六十条: 接受转送的六十日内回复
NORM_HANDLE = Period("disputes.norm_handle", 30, CD, "行政复议法第五十六条")
NORM_TRANSFER_DAYS = 7
NORM_REPLY = Period("disputes.norm_reply", 60, CD, "行政复议法第六十条")

# 行政复议法 第七十六条: 自收到行政复议意见书之日起六十日内报送纠正情况 (calendar days)
RC_OPINION_REPLY = Period("disputes.rc_opinion_reply", 60, CD, "行政复议法第七十六条")


def suggestion_answer_period() -> Period:
    """司法建议的书面答复 [S]: 60 days by default, as 适用解释 第一百四十九条第三款 sets for a 规范性文件 suggestion;
    other suggestions follow 行政诉讼法 第九十六条第四项 (告知处理情况) within the same configurable period."""
    return Period("disputes.judicial_suggestion", int(getattr(settings, "FAZHI_DISPUTES_SUGGESTION_DAYS", 60)), CD,
                  "最高人民法院关于适用《行政诉讼法》的解释第一百四十九条第三款")


# 人民调解法 第三十三条: 自调解协议生效之日起三十日内共同申请司法确认
MED_CONFIRM = Period("disputes.med_confirm", 30, CD, "人民调解法第三十三条")
# 人民调解法 第八条第二款: 委员三至九人
COMMITTEE_MIN, COMMITTEE_MAX = 3, 9


def committee_term_years() -> int:
    """人民调解法 第九条第二款: 任期三年 (a setting with that default)."""
    return int(getattr(settings, "FAZHI_DISPUTES_COMMITTEE_TERM_YEARS", 3))


def referral_period(kind: str, simple: bool) -> Period:
    """诉调对接 clocks [S]: 委派 (立案前) 30 days; 委托 (立案后) 15 days, 7 in the simple procedure."""
    if kind == "assigned":
        return Period("disputes.referral_assigned", settings.FAZHI_DISPUTES_ASSIGNED_DAYS, CD,
                      "最高人民法院关于人民法院特邀调解的规定第二十七条（委派调解）")
    days = settings.FAZHI_DISPUTES_ENTRUSTED_SIMPLE_DAYS if simple else settings.FAZHI_DISPUTES_ENTRUSTED_DAYS
    return Period("disputes.referral_entrusted", days, CD, "最高人民法院关于人民法院特邀调解的规定第二十七条（委托调解）")


def loss_rate_base() -> str:
    value = getattr(settings, "FAZHI_DISPUTES_LOSS_RATE_BASE", LossBase.CONCLUDED)
    return value if value in LossBase.values else LossBase.CONCLUDED


def appearance_base() -> str:
    """出庭应诉率 over all heard cases (default) or over those where attendance was required [local practice]."""
    value = getattr(settings, "FAZHI_DISPUTES_APPEARANCE_BASE", AppearanceBase.HEARD)
    return value if value in AppearanceBase.values else AppearanceBase.HEARD


def correction_base() -> str:
    """纠错率 over concluded cases (default), new cases, or substantive decisions [local practice]."""
    value = getattr(settings, "FAZHI_DISPUTES_CORRECTION_BASE", CorrectionBase.CONCLUDED)
    return value if value in CorrectionBase.values else CorrectionBase.CONCLUDED


def hidden_loss_counts() -> bool:
    return bool(getattr(settings, "FAZHI_DISPUTES_HIDDEN_LOSS_COUNTS", True))


def fulltime_target() -> float:
    return float(getattr(settings, "FAZHI_DISPUTES_FULLTIME_TARGET", 0.20))


def due(start: date, period: Period) -> date:
    return workdays.compute_due(start, period.amount, period.unit).date


@dataclass(frozen=True)
class ApplicationWindow:
    last_day: date
    explanation: str


def application_window(*, act_known_on: date, rights_notified: bool = True, rights_known_on: date | None = None,
                       delay_days: int = 0) -> ApplicationWindow:
    """The last day to apply for reconsideration (行政复议法 第二十条).

    - 第一款: 60 days from the day the applicant knew (or should have known) of the act;
    - 第二款: days lost to force majeure or another proper reason are added (障碍消除之日起继续计算);
    - 第三款: when the rights were not notified, 60 days from the day the applicant learned of them,
      but never beyond one year from knowing the act.
    """
    start = act_known_on
    notes = [f"自知道该行政行为之日 {act_known_on.isoformat()} 起六十日（第二十条第一款）"]
    if not rights_notified and rights_known_on is not None and rights_known_on > act_known_on:
        start = rights_known_on
        notes = [f"未告知复议权利，自知道复议权利、复议机关和期限之日 {rights_known_on.isoformat()} 起六十日"
                 "（第二十条第三款）"]
    last = due(start, RC_APPLY)
    if delay_days:
        last = workdays.compute_due(last, delay_days, CD).date
        notes.append(f"因正当理由耽误的 {delay_days} 日不计入（第二十条第二款）")
    if not rights_notified:
        cap = due(act_known_on, RC_APPLY_MAX_MONTHS)
        if last > cap:
            last = cap
            notes.append(f"但自知道行政行为内容之日起最长不超过一年，即 {cap.isoformat()}（第二十条第三款）")
    notes.append(f"申请期限届满日为 {last.isoformat()}")
    return ApplicationWindow(last, "；".join(notes))
