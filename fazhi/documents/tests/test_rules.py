"""Effective dates (立法法 第一百零四条; the 30-day local practice) and the 暂行/试行 cap, at their edges."""

from datetime import date

import pytest

from fazhi.documents import rules


def test_thirty_days_after_publication_needs_no_reason_and_twenty_nine_do():
    published = date(2026, 10, 23)
    assert rules.effective_date_problems(published, date(2026, 11, 22), "") == []  # 30 days
    problems = rules.effective_date_problems(published, date(2026, 11, 21), "")  # 29 days
    assert problems == ["施行日期距公布日期不足 30 日（29 日），须说明理由（理由随文件公布）。"]
    assert rules.effective_date_problems(published, date(2026, 11, 21), "与上位法同步施行。") == []
    assert rules.effective_date_problems(published, published, "自公布之日起施行，以衔接国务院决定。") == []


def test_the_thirty_days_are_a_setting(settings):
    settings.FAZHI_DOC_MIN_EFFECTIVE_DAYS = 10
    assert rules.effective_date_problems(date(2026, 10, 23), date(2026, 11, 2), "") == []
    assert rules.effective_date_problems(date(2026, 10, 23), date(2026, 11, 1), "")


def test_a_retroactive_date_needs_a_cited_legal_basis_not_only_a_reason():
    published = date(2026, 10, 23)
    day_before = date(2026, 10, 22)
    assert "第一百零四条" in rules.effective_date_problems(published, day_before, "")[0]
    assert "法律依据" in rules.effective_date_problems(published, day_before, "为了减轻企业负担。")[0]
    basis = "为更好地保护经营者权益，依据《贵州省优化营商环境条例》第十二条，减免措施自2026年10月1日起适用。"
    assert rules.effective_date_problems(published, day_before, basis) == []


@pytest.mark.parametrize(("title", "provisional"), [
    ("兴义市城市户外广告设置管理暂行办法", True),
    ("黔西南州农村集体经济组织财务管理办法（试行）", True),
    ("关于废止《兴义市城市户外广告设置管理暂行办法》的决定", False),
    ("关于修改《黔西南州农村集体经济组织财务管理办法（试行）》的决定", False),
    ("兴义市城市户外广告设置管理办法", False),
])
def test_the_provisional_cap_follows_the_documents_own_kind_not_a_quoted_title(title, provisional):
    assert rules.is_provisional_title(title) is provisional
