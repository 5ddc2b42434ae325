"""Decree 713 rules a 司法局 reviewer asked for (issue 8 §5): departments as decision organs (第四十二条), experts
from outside the pools with a recorded reason (第二十一条), and adjustments that rest on a recorded meeting or a
finished post-evaluation and, when substantive, re-run the procedure steps they touch (第三十七条)."""

from datetime import date

import pytest

from fazhi.core import services as core_services
from fazhi.core.choices import AgencyKind
from fazhi.core.errors import ServiceError, TransitionRefused
from fazhi.decisions import services
from fazhi.decisions.choices import DecisionState, MeetingType
from fazhi.decisions.forms import MeetingForm
from fazhi.decisions.models import Adjustment
from fazhi.decisions.tests.conftest import at, opinions


def refused(fn, **kwargs) -> list[str]:
    with pytest.raises(TransitionRefused) as exc:
        fn(**kwargs)
    return [str(r) for r in exc.value.reasons]


def field_errors(fn, **kwargs) -> dict:
    with pytest.raises(ServiceError) as exc:
        fn(**kwargs)
    return exc.value.field_errors


def department_decision(dcp, org, sponsor=None):
    with at(date(2026, 3, 2)):
        return services.decision_create(
            actor=dcp.xingyi_jc, title="兴义市司法局公共法律服务事项调整方案", decision_organ=org.xingyi_sfj,
            sponsor=sponsor or org.xingyi_sfj, requires_public_participation=True,
            requires_expert_argumentation=False, requires_risk_assessment=False, concerns_market=False)


class TestDepartmentsAsDecisionOrgans:
    def test_a_department_decides_its_own_matter_and_sponsors_it_itself(self, dcp, org):
        d = department_decision(dcp, org)
        assert d.decision_organ == org.xingyi_sfj and d.agency == org.xingyi_sfj

    def test_another_department_cannot_sponsor_a_departments_decision(self, dcp, org):
        other = core_services.agency_create(actor=None, name="兴义市民政局", kind=AgencyKind.DEPARTMENT, region=org.xingyi)
        errors = field_errors(department_decision, dcp=dcp, org=org, sponsor=other)
        assert "第四十二条" in errors["sponsor"][0]

    def test_an_internal_office_is_no_decision_organ(self, dcp, org):
        office = core_services.agency_create(actor=None, name="兴义市司法局办公室", kind=AgencyKind.INTERNAL,
                                             region=org.xingyi)
        with at(date(2026, 3, 2)):
            errors = field_errors(services.decision_create, actor=dcp.xingyi_jc, title="某事项", decision_organ=office,
                                  sponsor=office, requires_public_participation=False,
                                  participation_exemption="涉及国家秘密", requires_expert_argumentation=False,
                                  requires_risk_assessment=False, concerns_market=False)
        assert "第四十二条" in errors["decision_organ"][0]

    def test_a_department_may_keep_its_own_catalogue(self, dcp, org):
        with at(date(2026, 1, 20)):
            catalogue = services.catalogue_create(actor=dcp.xingyi_jc, agency=org.xingyi_sfj, year=2026)
        assert catalogue.agency == org.xingyi_sfj

    def test_the_meeting_form_offers_only_the_organs_lawful_meeting_types(self, org):
        assert [c for c, _ in MeetingForm(organ=org.xingyi_sfj).fields["meeting_type"].choices] == \
            [MeetingType.DEPARTMENT]
        assert [c for c, _ in MeetingForm(organ=org.zhou_gov).fields["meeting_type"].choices] == \
            [MeetingType.STANDING, MeetingType.PLENARY]


class TestExpertsOutsideThePools:
    def test_an_expert_of_another_countys_pool_needs_a_recorded_reason(self, dwalker, dcp, org):
        d = dwalker.create(experts=True)
        with at(date(2026, 3, 3)):
            other = services.expert_create(actor=dcp.zfgb_jc, agency=org.anlong_gov, name="赵刚", field="交通工程",
                                           title="教授", organisation="安龙县交通局")
            errors = field_errors(services.expert_select, actor=dcp.zfgb_jc, decision=d, expert=other,
                                  interest_declaration="无利害关系", has_direct_interest=False)
            assert "第二十一条" in errors["outside_pool_reason"][0]
            assert not d.expert_assignments.exists()
            chosen = services.expert_select(actor=dcp.zfgb_jc, decision=d, expert=other,
                                            interest_declaration="无利害关系", has_direct_interest=False,
                                            outside_pool_reason="本级和州专家库无轨道交通专业专家")
        assert chosen.outside_pool_reason == "本级和州专家库无轨道交通专业专家"

    def test_an_invited_expert_outside_every_pool_needs_a_reason_and_a_pool_expert_none(self, dwalker, dcp, org):
        d = dwalker.create(experts=True)
        with at(date(2026, 3, 3)):
            invited = services.expert_create(actor=dcp.zfgb_jc, agency=org.zhou_gov, name="钱明", field="票价规制",
                                             title="研究员", organisation="省社会科学院", in_pool=False)
            with pytest.raises(ServiceError):
                services.expert_select(actor=dcp.zfgb_jc, decision=d, expert=invited,
                                       interest_declaration="无", has_direct_interest=False)
            pool = services.expert_select(actor=dcp.zfgb_jc, decision=d, expert=dcp.expert,
                                          interest_declaration="无", has_direct_interest=False,
                                          outside_pool_reason="（多余的理由不记录）")
        assert pool.outside_pool_reason == ""


def published(dwalker, dcp, org):
    d = dwalker.review(dwalker.consult(dwalker.create()))
    with at(date(2026, 4, 15)):
        services.decision_submit_to_meeting(actor=dcp.zfgb_jc, decision=d)
    with at(date(2026, 4, 20)):
        services.meeting_record(actor=dcp.zfgb_jc, decision=d, meeting_type="standing", held_on=date(2026, 4, 20),
                                attendees="……", outcome="adopted", head_name="州长", opinions=opinions("agree"),
                                party_report_on=date(2026, 4, 20), party_report_ref="呈报")
    with at(date(2026, 4, 24)):
        services.decision_publish(actor=dcp.zfgb_jc, decision=d, publication_text="决定如下……",
                         publication_explanation="公众意见采纳情况……", execution_units=[org.zhou_sthj])
    d.refresh_from_db()
    return d


class TestAdjustments:
    def test_a_change_rests_on_a_recorded_meeting_not_on_the_word_meeting(self, dwalker, dcp, org):
        d = published(dwalker, dcp, org)
        with at(date(2026, 9, 1)):
            reasons = refused(services.decision_adjust, actor=dcp.zfgb_jc, decision=d, kind="change",
                              basis="经州政府常务会议研究", reason="票价标准调整")
            assert any("集体讨论" in r and "第三十七条" in r for r in reasons)
            early = refused(services.decision_adjust, actor=dcp.zfgb_jc, decision=d, kind="change", basis="常务会议决定",
                            reason="票价标准调整", meeting_name="州人民政府第 9 次常务会议",
                            meeting_held_on=date(2026, 4, 19))
            assert any("不能早于决策作出之日" in r for r in early)
            assert not Adjustment.objects.exists()
            services.decision_adjust(actor=dcp.zfgb_jc, decision=d, kind="change", basis="常务会议决定", reason="票价标准调整",
                            meeting_name="州人民政府第 20 次常务会议", meeting_held_on=date(2026, 8, 28))
        d.refresh_from_db()
        adjustment = d.adjustments.get()
        assert d.state == DecisionState.PUBLISHED and adjustment.meeting_held_on == date(2026, 8, 28)
        assert not adjustment.substantive

    def test_a_finished_post_evaluation_is_a_basis_of_its_own(self, dwalker, dcp, org):
        d = published(dwalker, dcp, org)
        with at(date(2026, 9, 1)):
            evaluation = services.post_evaluation_start(actor=dcp.zfgb_jc, decision=d, trigger="many_objections",
                                                        evaluator="贵州大学公共管理学院")
            assert "post_evaluation" in field_errors(services.decision_adjust, actor=dcp.zfgb_jc, decision=d, kind="stop",
                                                     basis="后评估", reason="目的已实现",
                                                     post_evaluation=evaluation.pk)
            services.post_evaluation_finish(actor=dcp.zfgb_jc, decision=d, report="评估报告……", conclusion="stop")
            services.decision_adjust(actor=dcp.zfgb_jc, decision=d, kind="stop", basis="后评估", reason="目的已实现",
                            post_evaluation=evaluation.pk)
        d.refresh_from_db()
        assert d.state == DecisionState.ENDED and d.adjustments.get().post_evaluation == evaluation

    def test_a_substantive_change_sends_the_decision_back_and_reruns_the_touched_steps(self, dwalker, dcp, org):
        d = published(dwalker, dcp, org)
        with at(date(2026, 9, 1)):
            assert any("重大调整" in r for r in refused(
                services.decision_adjust, actor=dcp.zfgb_jc, decision=d, kind="suspend", basis="州长决定", reason="x",
                substantive=True))
            services.decision_adjust(actor=dcp.zfgb_jc, decision=d, kind="change", basis="常务会议决定", reason="票价结构重大变化",
                            meeting_name="州人民政府第 20 次常务会议", meeting_held_on=date(2026, 8, 28),
                            substantive=True, rerun_steps=["participation"])
        d.refresh_from_db()
        assert d.state == DecisionState.STARTED and d.rerun_since == date(2026, 9, 1)
        assert not d.execution_reports.filter(deadline__status="open").exists()
        unmet = services.gate_check(d)
        # the consultation of March no longer counts, and the legality review must be given again
        assert any("未公开征求意见" in r for r in unmet)
        assert any("第三十七条" in r and "公众参与" in r for r in unmet)
        dwalker.consult(d, start=date(2026, 9, 2), end=date(2026, 10, 9))
        d = dwalker.review(d, on=date(2026, 10, 12), meeting=date(2026, 10, 26))
        assert services.gate_check(d) == []


class TestEveryLawfulFormOfParticipation:
    def test_a_symposium_hears_the_public_without_a_consultation(self, dwalker, dcp):
        d = dwalker.create()
        assert any("尚未听取公众意见" in r and "第十四条" in r for r in services.gate_check(d))
        with at(date(2026, 3, 5)):
            errors = field_errors(services.participation_record, actor=dcp.zfgb_jc, decision=d, form="rumour",
                                  held_on=date(2026, 3, 5), venue="州政府", participants="居民", participant_count=0,
                                  summary="……")
            assert {"form", "participant_count"} <= set(errors)
            assert any("不能早于决策启动之日" in r for r in refused(
                services.participation_record, actor=dcp.zfgb_jc, decision=d, form="symposium",
                held_on=date(2026, 3, 1), venue="州政府", participants="居民代表", participant_count=12,
                summary="……"))
            services.participation_record(actor=dcp.zfgb_jc, decision=d, form="symposium", held_on=date(2026, 3, 5),
                                          venue="州政府第三会议室", participants="公交乘客代表、人大代表", participant_count=18,
                                          summary="多数赞成分段计价，建议保留老年人免费乘车。")
        d.refresh_from_db()
        assert not any("听取公众意见" in r for r in services.gate_check(d))
        assert any("研究采纳情况" in r for r in services.gate_check(d))  # the summary is still owed


class TestHearingSelection:
    def test_the_selection_method_is_published_before_the_list(self, dwalker, dcp):
        d = dwalker.create()
        base = dict(held_on=date(2026, 3, 20), place="州政府听证室", notice_published_on=date(2026, 3, 5),
                    participants="消费者代表 5 名、经营者代表 3 名", participants_published_on=date(2026, 3, 10),
                    materials_delivered_on=date(2026, 3, 12), record_signed=True)
        with at(date(2026, 3, 20)):
            assert any("第十六条第三款" in r for r in refused(
                services.hearing_record, actor=dcp.zfgb_jc, decision=d, selection_method="自愿报名、随机抽取",
                selection_published_on=date(2026, 3, 10), **base))
            hearing = services.hearing_record(actor=dcp.zfgb_jc, decision=d, selection_method="自愿报名、随机抽取",
                                              selection_published_on=date(2026, 3, 6), **base)
        assert hearing.selection_published_on == date(2026, 3, 6)
