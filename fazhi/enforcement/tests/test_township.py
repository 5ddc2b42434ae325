"""乡镇 "两违": 违法建设 under 城乡规划法 第六十五条 through 催告, 公告 and the challenge window to a forced
demolition (行政强制法 第三十五条、第四十四条), 违法占地 routed to the competent department (土地管理法 第七十七条、
第七十八条) — every guard at its edge on real dates."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from fazhi.core.choices import Role, Scope
from fazhi.core.errors import TransitionRefused
from fazhi.core.tests.factories import make_user
from fazhi.enforcement import rules
from fazhi.enforcement import services_township as tw
from fazhi.enforcement.choices import TownshipState

D = datetime.date


def run(fn, **kw):
    with transaction.atomic():
        return fn(**kw)


@pytest.fixture
def town_officer(org):
    return make_user("xingyi_dsz_zf", org.xingyi_town_gov, (Role.ENFORCEMENT_OFFICER, Scope.OWN))


@pytest.fixture
def building(org, town_officer, calendar):
    return run(tw.report, actor=town_officer, agency=org.xingyi_town_gov, kind="construction", party_name="王某某",
               location="马岭村三组", facts="未取得乡村建设规划许可证建设三层砖混房屋约 180 平方米", discovered_on=D(2025, 9, 1))


def test_the_correction_period_rolls_past_the_national_day_holiday(building, town_officer):
    case = run(tw.order, actor=town_officer, case=building, on_date=D(2026, 9, 20), days=15)
    assert case.correct_by == D(2026, 10, 8)  # 10-05 falls in 国庆 (10-01…10-07): the next working day
    with pytest.raises(TransitionRefused) as exc:
        run(tw.decide, actor=town_officer, case=case, on_date=D(2026, 10, 8), decision_no="马府拆决〔2026〕1号")
    assert "期满仍不改正的方可作出拆除决定" in str(exc.value.reasons)
    case = run(tw.decide, actor=town_officer, case=case, on_date=D(2026, 10, 9), decision_no="马府拆决〔2026〕1号")
    assert case.state == TownshipState.DECIDED


def test_the_challenge_window_is_the_later_of_sixty_days_and_six_months(calendar):
    assert rules.challenge_window_end(D(2025, 9, 30)) == D(2026, 3, 30)


def _to_announced(case, officer):
    case = run(tw.order, actor=officer, case=case, on_date=D(2025, 9, 2), days=15)
    case = run(tw.decide, actor=officer, case=case, on_date=D(2025, 9, 30), decision_no="马府拆决〔2025〕3号")
    case = run(tw.urge, actor=officer, case=case, on_date=D(2025, 10, 9), days=10, statement="当事人称系自住，经复核不成立")
    assert case.urge_by == D(2025, 10, 20)  # 10-19 is a Sunday
    with pytest.raises(TransitionRefused):
        run(tw.announce, actor=officer, case=case, on_date=D(2025, 10, 20), days=10)
    return run(tw.announce, actor=officer, case=case, on_date=D(2025, 10, 21), days=10)


def test_a_forced_demolition_waits_for_the_window_and_needs_a_recording(building, town_officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = _to_announced(building, town_officer)
    problems = rules.demolition_problems(case, D(2026, 3, 30))
    assert any("2026年03月30日" in str(p) for p in problems)  # the challenge window's last day
    assert rules.demolition_problems(case, D(2026, 3, 31)) == []
    with pytest.raises(TransitionRefused) as exc:
        run(tw.demolish, actor=town_officer, case=case, on_date=D(2026, 4, 1), recording=[])
    assert "全程音像记录" in str(exc.value.reasons)
    video = SimpleUploadedFile("拆除.mp4", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64,
                               content_type="video/mp4")
    case = run(tw.demolish, actor=town_officer, case=case, on_date=D(2026, 4, 1), recording=[video])
    assert case.state == TownshipState.DEMOLISHED and case.demolished_on == D(2026, 4, 1)


def test_a_pending_challenge_blocks_the_demolition(building, town_officer):
    case = _to_announced(building, town_officer)
    case = run(tw.record_challenge, actor=town_officer, case=case, on_date=D(2025, 11, 1))
    assert any("尚未结案" in str(p) for p in rules.demolition_problems(case, D(2026, 6, 1)))
    case = run(tw.resolve_challenge, actor=town_officer, case=case, outcome="法院判决驳回诉讼请求")
    assert rules.demolition_problems(case, D(2026, 6, 1)) == []


def test_illegal_land_use_is_transferred_not_handled(org, town_officer, calendar):
    case = run(tw.report, actor=town_officer, agency=org.xingyi_town_gov, kind="land", party_name="岑某某",
               location="马岭村五组", facts="占用耕地建住宅", discovered_on=D(2026, 5, 6), villager_house=True)
    with pytest.raises(TransitionRefused) as exc:
        run(tw.order, actor=town_officer, case=case, on_date=D(2026, 5, 7), days=15)
    assert "移送" in str(exc.value.reasons)
    case = run(tw.transfer, actor=town_officer, case=case, on_date=D(2026, 5, 8))
    assert case.state == TownshipState.TRANSFERRED and case.transferred_to == "县级农业农村主管部门"


def test_pages_and_scope(client, building, town_officer, people):
    url = reverse("enforcement:township", args=[building.code])
    client.force_login(town_officer)
    assert "责令停止建设、限期改正" in client.get(url).content.decode()
    r = client.post(url, {"action": "tw_order", "tw_order-on_date": "2026-09-20", "tw_order-days": "15"})
    assert r.status_code == 302
    page = client.get(url).content.decode()
    assert "2026-10-08" in page and "限期改正（城乡规划法第六十五条）" in page
    assert client.get(reverse("enforcement:townships")).status_code == 200
    client.force_login(people.anlong_fzb)
    assert client.get(url).status_code == 404
