"""Who does what in the org tree: the bodies the rules route work to, found from agency attributes.

Every module asks here — never by matching a name such as "…司法局" — which body reviews, which
government an agency belongs to, with whom a document is filed, which market regulator joins a
fair-competition review. The answers read ``Agency.kind`` and ``Agency.duty`` (core.choices).
"""

from django.db.models import Q

from .choices import AgencyDuty, AgencyKind, RegionLevel
from .models import Agency, Region

GOVERNMENT_KINDS = (AgencyKind.GOVERNMENT, AgencyKind.TOWNSHIP_GOVERNMENT)


def is_government(agency: Agency) -> bool:
    return agency.kind in GOVERNMENT_KINDS


def county_level_region(region: Region) -> Region | None:
    """The county-level (or prefecture) region of ``region``: a township's is its county."""
    while region is not None and region.level > RegionLevel.COUNTY:
        region = region.parent
    return region


def _active(region: Region, **filters) -> Agency | None:
    return Agency.objects.filter(region=region, is_active=True, **filters).order_by("pk").first()


def government_of(agency: Agency) -> Agency | None:
    """The people's government an agency belongs to: itself when it is one, else the government of its region."""
    if is_government(agency):
        return agency
    return _active(agency.region, kind__in=GOVERNMENT_KINDS)


def justice_bureau_for(agency: Agency) -> Agency | None:
    """The 司法行政部门 serving ``agency``'s government: the justice bureau of its county-level region
    (a township's work goes to its county's bureau) — RULES.md §1 "Who reviews" [S]; 国办发〔2018〕115号."""
    region = county_level_region(agency.region)
    if region is None:
        return None
    return _active(region, duty=AgencyDuty.JUSTICE)


def market_regulator_for(agency: Agency) -> Agency | None:
    """The 市场监督管理部门 of ``agency``'s county-level region (公平竞争审查条例 第十四条: joint review)."""
    region = county_level_region(agency.region)
    if region is None:
        return None
    return _active(region, duty=AgencyDuty.MARKET_REGULATION)


def government_office_for(agency: Agency) -> Agency | None:
    """The office (办公室) of ``agency``'s government."""
    region = county_level_region(agency.region) if not is_government(agency) else agency.region
    if region is None:
        return None
    return _active(region, duty=AgencyDuty.GOVERNMENT_OFFICE)


def upper_government_of(agency: Agency) -> Agency | None:
    """The government one level up from ``agency``'s government (None at the top of the platform's tree)."""
    government = government_of(agency)
    if government is None or government.region.parent_id is None:
        return None
    return _active(government.region.parent, kind__in=GOVERNMENT_KINDS)


def congress_standing_committee_for(agency: Agency) -> Agency | None:
    """The 本级人民代表大会常务委员会 of a government (监督法 第三十九条、第四十条), when registered."""
    government = government_of(agency)
    if government is None:
        return None
    return _active(government.region, kind=AgencyKind.CONGRESS)


def filing_authority_for(issuer: Agency) -> Agency | None:
    """With whom a normative document is filed (the 备案审查 body):
    a government files with the government one level up, a department with its own government
    (RULES.md §1; 法规规章备案审查条例 第三条 by analogy). None when that body is outside the platform."""
    if is_government(issuer):
        return upper_government_of(issuer)
    return government_of(issuer)


# 制定主体: who may issue a normative document in its own name (国办发〔2018〕37号 一、(二): 内设机构、
# 议事协调机构 may not; 行政处罚法 第二十条: a 受委托组织 acts only in the name of the entrusting agency).
ISSUER_REFUSED = {
    AgencyKind.INTERNAL: "内设机构不得以自己名义制发行政规范性文件（国办发〔2018〕37号）。",
    AgencyKind.COORDINATION: "议事协调机构不得制发行政规范性文件（国办发〔2018〕37号）。",
    AgencyKind.ENTRUSTED: "受委托组织只能以委托行政机关名义实施行为，不得以自己名义制发行政规范性文件"
                          "（《行政处罚法》第二十条）。",
    AgencyKind.CONGRESS: "人大常委会不是行政规范性文件的制定主体。",
}


def issuer_problem(agency: Agency) -> str | None:
    """Why ``agency`` may not issue a normative document in its own name (None when it may)."""
    if not agency.is_active:
        return f"“{agency.name}”已停用。"
    return ISSUER_REFUSED.get(agency.kind)


def allowed_issuers(agency: Agency | None):
    """What a drafter of ``agency`` may issue in the name of: the own agency (when entitled), and the
    government of the same region with its office."""
    if agency is None:
        return Agency.objects.none()
    same_level = Q(region_id=agency.region_id, is_active=True) & (
        Q(kind__in=GOVERNMENT_KINDS) | Q(duty=AgencyDuty.GOVERNMENT_OFFICE))
    own = Q(pk=agency.pk) if issuer_problem(agency) is None else Q(pk__in=[])
    return Agency.objects.filter(own | same_level).exclude(kind__in=list(ISSUER_REFUSED)).order_by("kind", "name")
