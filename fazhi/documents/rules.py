"""The statutory and configurable numbers of the normative-document procedure, in one place.

Values marked [S]/[U] in shared/domain/RULES.md §1 are settings with the default given there; the
settings page shows them. Values from a national statute are constants with their article.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.conf import settings

# 优化营商环境条例 第六十二条第二款: 与市场主体生产经营活动密切相关的…向社会公开征求意见的期限一般不少于30日。
MARKET_COMMENT_MIN_DAYS = 30
MARKET_COMMENT_SOURCE = "《优化营商环境条例》第六十二条"


@dataclass(frozen=True)
class DocumentRules:
    comment_min_working_days: int  # [S] 一般不少于7个工作日 (2021 示范指标体系 #24)
    validity_max_years: int  # [S] 有效期一般不超过5年 (local rules)
    provisional_max_years: int  # [S] 暂行、试行 一般不超过2年 (local rules)
    review_working_days: int  # [U] 审核时限 5–15 个工作日 (国办发〔2018〕115号, not verified)
    review_min_working_days: int
    filing_days: int  # [U] Guizhou's 备案 period not verified; 30 日 as for 规章 (规章制定程序条例 第三十四条)
    correction_days: int  # [S] 制定机关 30日内自行纠正 (local example)
    evaluation_months_before_expiry: int  # [S] 有效期届满前6个月评估
    suggestion_answer_working_days: int  # [U] answer period for a citizen's 审查建议


def current() -> DocumentRules:
    return DocumentRules(
        comment_min_working_days=settings.FAZHI_DOC_COMMENT_MIN_WORKING_DAYS,
        validity_max_years=settings.FAZHI_DOC_VALIDITY_MAX_YEARS,
        provisional_max_years=settings.FAZHI_DOC_PROVISIONAL_MAX_YEARS,
        review_working_days=settings.FAZHI_DOC_REVIEW_WORKING_DAYS,
        review_min_working_days=5,
        filing_days=settings.FAZHI_DOC_FILING_DAYS,
        correction_days=settings.FAZHI_DOC_CORRECTION_DAYS,
        evaluation_months_before_expiry=settings.FAZHI_DOC_EVALUATION_MONTHS,
        suggestion_answer_working_days=settings.FAZHI_DOC_SUGGESTION_WORKING_DAYS,
    )


def is_provisional_title(title: str) -> bool:
    """暂行 / 试行 documents carry a shorter maximum validity."""
    return "暂行" in title or "试行" in title


def max_validity_years(title: str) -> int:
    rules = current()
    return rules.provisional_max_years if is_provisional_title(title) else rules.validity_max_years


def add_years(start: date, years: int) -> date:
    """The same day ``years`` later (29 February → 28 February): the validity period's last day."""
    year = start.year + years
    day = min(start.day, calendar.monthrange(year, start.month)[1])
    return date(year, start.month, day)


def subtract_months(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
