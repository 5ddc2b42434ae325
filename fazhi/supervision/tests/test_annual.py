"""年终考评 on a hand-computed sheet: system estimate, self-assessment, review with notes, bonus cap, veto
grade cap, ranking by grade then total, publication and scope."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.test import Client

from fazhi.core.choices import Role, Scope
from fazhi.core.errors import NotPermitted, ServiceError
from fazhi.core.tests.factories import make_user
from fazhi.supervision import annual
from fazhi.supervision.models import AnnualSheet
from fazhi.supervision.seed import seed_scheme

from .conftest import at

NODES = [
    ("1", "a", "一、依法行政", {"points": 100}),
    ("1.1", "a.review", "合法性审核率", {
        "points": 60, "source": "computed", "indicator_code": "svtest.review_rate", "unit": "rate", "rule": "linear",
        "rule_params": {"floor": 0.5, "ceiling": 1, "points": 60}, "criteria": "审核率100%得满分，50%及以下不得分",
        "materials": "合法性审核台账、审核意见书", "responsible": "州司法局"}),
    ("1.2", "a.hearing", "未依法听证次数", {"points": 40, "source": "reported", "rule": "deduction",
                                         "rule_params": {"points": 40, "per": 5, "cap": 20}}),
    ("1.3", "a.bonus", "创新做法获上级推广", {"source": "scored", "rule": "bonus", "rule_params": {"per": 0.5, "cap": 2}}),
    ("1.4", "a.veto", "发生重大违法行政行为", {"source": "scored", "rule": "veto", "rule_params": {"grade_cap": "合格"}}),
]


@pytest.fixture
def sheets(office, org, figures):
    scheme = seed_scheme(2025, name="年终考评测试", unit_classes=("county",), nodes=NODES)
    figures[("兴义市", date(2025, 1, 1))] = (9, 10)
    with at(date(2026, 1, 10)):
        assert annual.open_sheets(actor=office, year=2025, unit_class="county", scheme=scheme) == 2
        assert annual.open_sheets(actor=office, year=2025, unit_class="county", scheme=scheme) == 0
    return {s.agency.name: s for s in AnnualSheet.objects.all()}


def _by_number(sheet):
    return {i.node.number: i.pk for i in sheet.items.select_related("node")}


@pytest.fixture
def staff(org):
    return {"xy": make_user("xy_staff", org.xingyi_gov, (Role.LEGAL_STAFF, Scope.AGENCY)),
            "al": make_user("al_staff", org.anlong_gov, (Role.LEGAL_STAFF, Scope.AGENCY))}


def test_the_sheet_has_the_columns_and_the_system_estimate(sheets):
    xy = sheets["兴义市人民政府"]
    item = xy.items.get(node__number="1.1")
    assert (item.points, item.criteria, item.materials, item.responsible) == (
        D("60"), "审核率100%得满分，50%及以下不得分", "合法性审核台账、审核意见书", "州司法局")
    assert item.data_source == "系统计算" and item.system_score == D("48.00")  # (0.9 − 0.5) / 0.5 × 60
    assert [i.kind for i in xy.items.order_by("node__order")] == ["score", "score", "bonus", "veto"]


def test_self_review_bonus_veto_rank_and_publish(sheets, staff, office):
    xy, al = sheets["兴义市人民政府"], sheets["安龙县人民政府"]
    n_xy, n_al = _by_number(xy), _by_number(al)
    with at(date(2026, 1, 20)):
        with pytest.raises(ServiceError, match="应在0至60.00之间"):
            annual.self_assess(actor=staff["xy"], sheet=xy, scores={n_xy["1.1"]: ("61", "")})
        with pytest.raises(ServiceError, match="应在0至2.00之间"):
            annual.self_assess(actor=staff["xy"], sheet=xy, scores={n_xy["1.3"]: ("2.5", "")})
        with pytest.raises(ServiceError, match="否决项填1"):
            annual.self_assess(actor=staff["xy"], sheet=xy, scores={n_xy["1.4"]: ("2", "")})
        with pytest.raises(ServiceError, match="不是有效的数字"):
            annual.self_assess(actor=staff["xy"], sheet=xy, scores={n_xy["1.1"]: ("五十", "")})
        with pytest.raises(NotPermitted):
            annual.self_assess(actor=staff["al"], sheet=xy, scores={n_xy["1.1"]: ("50", "")})
        with pytest.raises(ServiceError, match="还有1项未自评"):
            annual.self_assess(actor=staff["xy"], sheet=xy, scores={n_xy["1.1"]: ("50", "")}, submit=True)
        s = annual.self_assess(actor=staff["xy"], sheet=xy, submit=True,
                               scores={n_xy["1.1"]: ("50", ""), n_xy["1.2"]: ("40", ""), n_xy["1.3"]: ("1.5", "获省推广")})
        assert (s.state, s.self_total) == ("submitted", D("91.50"))
        annual.self_assess(actor=staff["al"], sheet=al, submit=True,
                           scores={n_al["1.1"]: ("60", ""), n_al["1.2"]: ("40", ""), n_al["1.3"]: ("2", "")})
    with at(date(2026, 2, 5)):
        with pytest.raises(ServiceError, match="须说明理由"):
            annual.review(actor=office, sheet=xy, scores={n_xy["1.1"]: ("48", "")})
        with pytest.raises(ServiceError, match="还有计分项目未审核"):
            annual.review(actor=office, sheet=xy, scores={n_xy["1.2"]: ("", "")}, finish=True)
        xy = annual.review(actor=office, sheet=xy, finish=True, scores={
            n_xy["1.1"]: ("48", "按审核台账核定"), n_xy["1.2"]: ("35", "1次未依法听证"), n_xy["1.3"]: ("1.5", ""),
            n_xy["1.4"]: ("0", "")})
        # 48 + 35 = 83, bonus 1.5 → 84.50: 良好
        assert (xy.base_total, xy.bonus_total, xy.total, xy.grade, xy.grade_cap) == (
            D("83.00"), D("1.50"), D("84.50"), "良好", "")
        with pytest.raises(ServiceError, match="还有1个单位未审核"):
            annual.rank_and_publish(actor=office, year=2025, unit_class="county")
        al = annual.review(actor=office, sheet=al, finish=True, scores={
            n_al["1.1"]: ("60", ""), n_al["1.2"]: ("40", ""), n_al["1.3"]: ("2", ""), n_al["1.4"]: ("1", "重大违法")})
        # 102.00 would be 优秀; the veto caps it at 合格
        assert (al.total, al.grade, al.grade_cap) == (D("102.00"), "合格", "合格")
        ranked = annual.rank_and_publish(actor=office, year=2025, unit_class="county")
    assert [(s.agency.name, s.rank) for s in ranked] == [("兴义市人民政府", 1), ("安龙县人民政府", 2)]
    with pytest.raises(ServiceError, match="已公布"):
        annual.rank_and_publish(actor=office, year=2025, unit_class="county")


def test_a_county_sees_its_own_sheet_until_the_ranking_is_published(sheets, staff, office):
    xy, al = sheets["兴义市人民政府"], sheets["安龙县人民政府"]
    c = Client()
    c.force_login(staff["al"])
    assert c.get(f"/supervision/annual/{xy.pk}/").status_code == 404
    assert c.get(f"/supervision/annual/{al.pk}/").status_code == 200
    assert "兴义市人民政府" not in c.get("/supervision/annual/?year=2025&class=county").content.decode()
    AnnualSheet.objects.update(state="published", rank=1, total=90, grade="优秀")
    listing = c.get("/supervision/annual/?year=2025&class=county").content.decode()
    assert "兴义市人民政府" in listing and "安龙县人民政府" in listing
    assert c.post("/supervision/annual/", {"year": 2025, "class": "county", "do": "publish"}).status_code == 403
