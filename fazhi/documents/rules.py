"""The statutory and configurable numbers of the normative-document procedure, in one place.

Values marked [S]/[U] in shared/domain/RULES.md §1 are settings with the default given there; the
settings page shows them. Values from a national statute are constants with their article.
"""

import calendar
import re
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
    min_effective_days: int  # [S] 自公布之日起30日后施行, sooner only with a published reason (local practice)
    filing_review_working_days: int  # [U] 备案审查 time limit (provincial regulation, unverified): 30 working days
    filing_review_extension_working_days: int  # [U] one extension of 20 working days, approved
    review_working_days: int  # [U] 审核时限 5–15 个工作日 (国办发〔2018〕115号, not verified)
    review_min_working_days: int
    filing_days: int  # [U] Guizhou's 备案 period not verified; 30 日 as for 规章 (规章制定程序条例 第三十四条)
    republish_new_number: bool  # [U] 重新公布 with a new 文号 (local rule), else the old number stays
    registrar: str  # [U] 统一登记 by "justice" (司法局) or "gov_office" (政府办公室), local rule
    department_docs_to_justice: bool  # [U] 115号: after the department's 法制机构, also the 司法局 (local rule)
    congress_filing_days: int  # [U] 报本级人大常委会备案 (监督法 第三十九条、第四十条; provincial regulation): 30 日
    correction_days: int  # [S] 制定机关 30日内自行纠正 (local example)
    evaluation_months_before_expiry: int  # [S] 有效期届满前6个月评估
    suggestion_answer_working_days: int  # [U] answer period for a citizen's 审查建议


def current() -> DocumentRules:
    return DocumentRules(
        comment_min_working_days=settings.FAZHI_DOC_COMMENT_MIN_WORKING_DAYS,
        validity_max_years=settings.FAZHI_DOC_VALIDITY_MAX_YEARS,
        provisional_max_years=settings.FAZHI_DOC_PROVISIONAL_MAX_YEARS,
        min_effective_days=settings.FAZHI_DOC_MIN_EFFECTIVE_DAYS,
        filing_review_working_days=settings.FAZHI_DOC_FILING_REVIEW_WORKING_DAYS,
        filing_review_extension_working_days=settings.FAZHI_DOC_FILING_REVIEW_EXTENSION_WORKING_DAYS,
        review_working_days=settings.FAZHI_DOC_REVIEW_WORKING_DAYS,
        review_min_working_days=5,
        filing_days=settings.FAZHI_DOC_FILING_DAYS,
        congress_filing_days=settings.FAZHI_DOC_CONGRESS_FILING_DAYS,
        department_docs_to_justice=settings.FAZHI_DOC_DEPARTMENT_DOCS_TO_JUSTICE,
        registrar=settings.FAZHI_DOC_REGISTRAR,
        republish_new_number=settings.FAZHI_DOC_REPUBLISH_NEW_NUMBER,
        correction_days=settings.FAZHI_DOC_CORRECTION_DAYS,
        evaluation_months_before_expiry=settings.FAZHI_DOC_EVALUATION_MONTHS,
        suggestion_answer_working_days=settings.FAZHI_DOC_SUGGESTION_WORKING_DAYS,
    )


# A title quotes other documents in 《》 (e.g. "关于废止《兴义市…暂行办法》的决定"): those words say nothing about
# this document's own kind.
_QUOTED = re.compile(r"《[^《》]*》")


def is_provisional_title(title: str) -> bool:
    """暂行 / 试行 documents carry a shorter maximum validity — by the document's own kind, not by a title it
    quotes."""
    own = _QUOTED.sub("", title or "")
    return "暂行" in own or "试行" in own


# 立法法 第一百零四条: 法律、行政法规、地方性法规、自治条例和单行条例、规章不溯及既往，但为了更好地保护公民、法人和
# 其他组织的权利和利益而作的特别规定除外 — applied to normative documents by the same principle. A retroactive
# effective date must cite the provision that allows it (a 《…》 with its article).
_CITES_ARTICLE = re.compile(r"《[^《》]+》[^。；]*第[一二三四五六七八九十百零〇\d]+条")


def effective_date_problems(publication_date: date, effective_date: date, reason: str) -> list[str]:
    """What the effective date needs, measured from the publication date (both given)."""
    reason = (reason or "").strip()
    if effective_date < publication_date:
        if not reason:
            return ["施行日期早于公布日期：依《立法法》第一百零四条不溯及既往，确为更好地保护公民、法人和其他组织权益而"
                    "溯及的，须说明理由并写明依据。"]
        if not _CITES_ARTICLE.search(reason):
            return ["溯及既往须写明法律依据（如“依据《××条例》第×条……”），仅说明理由不足以溯及（《立法法》第一百零四条）。"]
        return []
    days = (effective_date - publication_date).days
    minimum = current().min_effective_days
    if days < minimum and not reason:
        return [f"施行日期距公布日期不足 {minimum} 日（{days} 日），须说明理由（理由随文件公布）。"]
    return []


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
