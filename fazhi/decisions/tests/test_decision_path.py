"""重大行政决策程序暂行条例 made executable: every guard at its edge, on real 2026 dates."""

from datetime import date

import pytest

from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import Attachment
from fazhi.decisions import selectors, services
from fazhi.decisions.choices import DecisionState
from fazhi.decisions.tests.conftest import at, give_opinion, opinions


def refused(fn, **kwargs) -> list[str]:
    with pytest.raises(TransitionRefused) as exc:
        fn(**kwargs)
    return exc.value.reasons


class TestCatalogue:
    def test_the_catalogue_is_published_only_after_party_consent_and_adjustments_are_versioned(self, dcp, org):
        with at(date(2026, 1, 20)):
            catalogue = services.catalogue_create(actor=dcp.zfgb_jc, agency=org.zhou_gov, year=2026)
            services.decision_create(actor=dcp.zfgb_jc, title="州城区停车收费管理办法", decision_organ=org.zhou_gov,
                                     sponsor=org.zhou_sthj, catalogue=catalogue, requires_public_participation=True,
                                     requires_expert_argumentation=False, requires_risk_assessment=False,
                                     concerns_market=True)
            reasons = refused(services.catalogue_publish, actor=dcp.zfgb_jc, catalogue=catalogue,
                              party_consent_on=date(2026, 1, 25), party_consent_ref="州委常委会议",
                              published_on=date(2026, 1, 20))
            assert "党委同意后方可公布" in reasons[0]
        with at(date(2026, 2, 2)):
            first = services.catalogue_publish(actor=dcp.zfgb_jc, catalogue=catalogue, party_consent_on=date(2026, 1, 25),
                                               party_consent_ref="州委常委会议")
            with pytest.raises(ServiceError):  # republishing needs the reason of the adjustment
                services.catalogue_publish(actor=dcp.zfgb_jc, catalogue=catalogue, party_consent_on=date(2026, 2, 1),
                                           party_consent_ref="州委常委会议")
            second = services.catalogue_publish(actor=dcp.zfgb_jc, catalogue=catalogue,
                                                party_consent_on=date(2026, 2, 1), party_consent_ref="州委常委会议",
                                                reason="增加一项")
        assert (first.version, second.version) == (1, 2) and first.items[0]["title"] == "州城区停车收费管理办法"


class TestConsultationAndHearing:
    def test_a_consultation_runs_at_least_thirty_days_unless_a_reason_is_published(self, dwalker, dcp):
        d = dwalker.create()
        with at(date(2026, 3, 3)):
            reasons = refused(services.consultation_open, actor=dcp.zfgb_jc, decision=d, start=date(2026, 3, 3),
                              end=date(2026, 3, 31))
            assert "29 日" in reasons[0] and "第十五条" in reasons[0]
            services.consultation_open(actor=dcp.zfgb_jc, decision=d, start=date(2026, 3, 3), end=date(2026, 4, 1))

    def test_hearing_materials_must_reach_participants_seven_days_before(self, dwalker, dcp):
        d = dwalker.create()
        hearing = {"held_on": date(2026, 3, 20), "place": "州政务中心", "notice_published_on": date(2026, 3, 5),
                   "participants": "市民代表10人", "participants_published_on": date(2026, 3, 10), "record_signed": True}
        with at(date(2026, 3, 20)):
            reasons = refused(services.hearing_record, actor=dcp.zfgb_jc, decision=d,
                              materials_delivered_on=date(2026, 3, 14), **hearing)
            assert "7日前" in reasons[0] and "2026-03-13" in reasons[0]
            services.hearing_record(actor=dcp.zfgb_jc, decision=d, materials_delivered_on=date(2026, 3, 13), **hearing)


    def test_a_required_hearing_blocks_the_meeting_until_it_is_held(self, dwalker, dcp):
        from fazhi.decisions.models import Decision

        d = dwalker.review(dwalker.consult(dwalker.create()))
        Decision.objects.filter(pk=d.pk).update(requires_hearing=True)  # 第十六条: decided to hold one
        d.refresh_from_db()
        assert "需举行听证的事项尚未举行听证会（第十六条）。" in services.gate_check(d)
        with at(date(2026, 4, 14)):
            reasons = refused(services.decision_submit_to_meeting, actor=dcp.zfgb_jc, decision=d)
            assert "需举行听证的事项尚未举行听证会（第十六条）。" in reasons
            services.hearing_record(actor=dcp.zfgb_jc, decision=d, held_on=date(2026, 4, 10), place="州政务中心",
                                    notice_published_on=date(2026, 3, 25), participants="市民代表10人",
                                    participants_published_on=date(2026, 3, 30),
                                    materials_delivered_on=date(2026, 4, 1), record_signed=True)
        assert not [p for p in services.gate_check(d) if "听证" in p]


class TestExpertsAndRisk:
    def test_an_expert_with_a_direct_interest_cannot_be_selected(self, dwalker, dcp):
        d = dwalker.create(experts=True)
        with at(date(2026, 3, 4)):
            reasons = refused(services.expert_select, actor=dcp.zfgb_jc, decision=d, expert=dcp.interested_expert,
                              interest_declaration="本人任职单位承接公交运营", has_direct_interest=True)
        assert "直接利害关系" in reasons[0]

    def test_the_expert_signs_their_own_opinion(self, dwalker, dcp):
        d = dwalker.create(experts=True)
        with at(date(2026, 3, 4)):
            a = services.expert_select(actor=dcp.zfgb_jc, decision=d, expert=dcp.expert,
                                       interest_declaration="无利害关系", has_direct_interest=False)
            assert "署名" in refused(services.expert_opinion_add, actor=dcp.expert_user, decision=d,
                                     assignment=a.pk, opinion="方案可行", signed=False)[0]
            services.expert_opinion_add(actor=dcp.expert_user, decision=d, assignment=a.pk, opinion="方案可行",
                                        signed=True)
        a.refresh_from_db()
        assert a.signed and a.submitted_on == date(2026, 3, 4)


class TestLegalityReview:
    def test_the_reviewer_gets_at_least_seven_working_days_before_the_meeting(self, dwalker, dcp):
        # Submitted Friday 2026-09-25: working days before a meeting on 10-09 are 9-28, 9-29, 9-30, 10-08 → 4.
        d = dwalker.create(participation=False, on=date(2026, 9, 24))
        with at(date(2026, 9, 25)):
            reasons = refused(services.decision_submit_review, actor=dcp.zfgb_jc, decision=d,
                              proposed_meeting_date=date(2026, 10, 9))
            assert "仅 4 个工作日" in reasons[0]
            # 10-14: 9-28, 9-29, 9-30, 10-08, 10-09, 10-10 (调休 Saturday), 10-12, 10-13 → 8 working days.
            services.decision_submit_review(actor=dcp.zfgb_jc, decision=d, proposed_meeting_date=date(2026, 10, 14))

    def test_no_opinion_without_legal_advisers(self, dwalker, dcp):
        d = dwalker.create(participation=False)
        with at(date(2026, 3, 4)):
            services.decision_submit_review(actor=dcp.zfgb_jc, decision=d, proposed_meeting_date=date(2026, 3, 20))
            reasons = refused(give_opinion, actor=dcp.reviewer, decision=d, opinion="lawful",
                              opinion_text="合法")
        assert any("法律顾问、公职律师" in r for r in reasons)


class TestGate:
    def test_the_gate_names_every_missing_item_separately(self, dcp, org):
        with at(date(2026, 3, 2)):
            d = services.decision_create(actor=dcp.zfgb_jc, title="州级重大项目", decision_organ=org.zhou_gov,
                                         sponsor=org.zhou_sthj, requires_public_participation=True,
                                         requires_expert_argumentation=True, requires_risk_assessment=True,
                                         concerns_market=True)
            services.decision_start(actor=dcp.zfgb_jc, decision=d)
            reasons = refused(services.decision_submit_to_meeting, actor=dcp.zfgb_jc, decision=d)
        expected = ["缺少决策草案", "缺少决策草案说明", "公平竞争审查情况", "未公开征求意见", "研究采纳情况（第二十九条第二项）",
                    "缺少专家论证意见", "第二十九条第三项", "缺少风险评估报告", "缺少合法性审查意见"]
        for fragment in expected:
            assert any(fragment in r for r in reasons), fragment

    def test_a_consultation_never_replaces_the_legality_review(self, dwalker, dcp):
        d = dwalker.consult(dwalker.create())
        reasons = refused(services.decision_submit_to_meeting, actor=dcp.zfgb_jc, decision=d)
        assert reasons == ["缺少合法性审查意见（第二十五条：未经合法性审查的，不得提交讨论；不得以征求意见代替合法性审查）。"]

    def test_an_uncontrollable_risk_blocks_until_a_new_assessment(self, dwalker, dcp):
        d = dwalker.review(dwalker.consult(dwalker.create(risk=True)))
        risk = {"assessor": "州社会稳定风险评估中心", "risk_points": "群众反对票价上涨", "level": "high",
                "measures": "分步实施", "contingency_plan": "应急预案"}
        with at(date(2026, 4, 8)):
            services.risk_assessment_add(actor=dcp.zfgb_jc, decision=d, assessed_on=date(2026, 4, 8),
                                         controllable=False, **risk)
            assert any("风险不可控" in r for r in refused(services.decision_submit_to_meeting, actor=dcp.zfgb_jc, decision=d))
            services.risk_assessment_add(actor=dcp.zfgb_jc, decision=d, assessed_on=date(2026, 4, 9),
                                         controllable=True, **{**risk, "level": "medium"})
            services.decision_submit_to_meeting(actor=dcp.zfgb_jc, decision=d)

    def test_public_participation_is_switched_off_only_with_its_legal_basis(self, dcp, org):
        """第十四条: 依法不予公开的决策事项除外 — the basis is required and kept."""
        common = {"actor": dcp.zfgb_jc, "title": "州政务内网安全管理办法", "decision_organ": org.zhou_gov,
                  "sponsor": org.zhou_sthj, "requires_public_participation": False,
                  "requires_expert_argumentation": False, "requires_risk_assessment": False, "concerns_market": False}
        with at(date(2026, 3, 2)):
            with pytest.raises(ServiceError) as info:
                services.decision_create(**common)
            assert "第十四条" in info.value.field_errors["participation_exemption"][0]
            d = services.decision_create(**common, participation_exemption="涉及国家秘密，依法不予公开")
        assert d.participation_exemption == "涉及国家秘密，依法不予公开"

    def test_an_exploratory_reform_may_go_forward_with_a_risk_statement_only_if_flagged_at_start(self, dcp, org):
        with at(date(2026, 3, 2)):
            d = services.decision_create(actor=dcp.zfgb_jc, title="农村集体经营性建设用地入市试点",
                                         decision_organ=org.zhou_gov, sponsor=org.zhou_sthj,
                                         requires_public_participation=False,
                                         participation_exemption="依法不予公开", requires_expert_argumentation=False,
                                         requires_risk_assessment=False, concerns_market=False)
            with pytest.raises(ServiceError):
                services.decision_start(actor=dcp.zfgb_jc, decision=d, exploratory_reform=True)
            services.decision_start(actor=dcp.zfgb_jc, decision=d, exploratory_reform=True, exploratory_reason="国家尚无明确规定")
            services.decision_update(actor=dcp.zfgb_jc, decision=d, draft="试点方案……", explanation="说明……")
            assert any("缺少合法性审查意见" in r for r in refused(services.decision_submit_to_meeting, actor=dcp.zfgb_jc,
                                                                  decision=d))
            services.decision_submit_review(actor=dcp.zfgb_jc, decision=d, proposed_meeting_date=date(2026, 3, 20))
            services.adviser_opinion_add(actor=dcp.reviewer, decision=d, kind="public_lawyer", adviser="公职律师甲",
                                         opinion="与现行规定不一致", given_on=date(2026, 3, 2))
            give_opinion(actor=dcp.reviewer, decision=d, opinion="unlawful",
                                           opinion_text="与土地管理法第六十三条不一致。")
            assert any("明示法律风险" in r for r in refused(services.decision_submit_to_meeting, actor=dcp.zfgb_jc, decision=d))
            services.decision_update(actor=dcp.zfgb_jc, decision=d, legal_risk_statement="存在与土地管理法不一致的风险……")
            services.decision_submit_to_meeting(actor=dcp.zfgb_jc, decision=d)


class TestMeetingAndAfter:
    def _at_meeting(self, dwalker, dcp):
        d = dwalker.review(dwalker.consult(dwalker.create()))
        with at(date(2026, 4, 15)):
            services.decision_submit_to_meeting(actor=dcp.zfgb_jc, decision=d)
        return d

    def test_the_head_speaks_last_and_explains_a_decision_against_the_majority(self, dwalker, dcp):
        d = self._at_meeting(dwalker, dcp)
        base = {"meeting_type": "standing", "held_on": date(2026, 4, 20), "attendees": "州长、副州长……",
                "head_name": "州长", "party_report_on": date(2026, 4, 22), "party_report_ref": "黔西南府呈〔2026〕5号"}
        with at(date(2026, 4, 20)):
            wrong_order = opinions("agree")
            wrong_order.reverse()
            assert any("最后发表意见" in r for r in refused(services.meeting_record, actor=dcp.zfgb_jc, decision=d,
                                                              outcome="adopted", opinions=wrong_order, **base))
            against = opinions("disagree", "disagree", "agree")
            assert any("说明理由" in r for r in refused(services.meeting_record, actor=dcp.zfgb_jc, decision=d,
                                                         outcome="adopted", opinions=against, **base))
            meeting = services.meeting_record(actor=dcp.zfgb_jc, decision=d, outcome="adopted", opinions=against,
                                              head_reason="群众出行成本测算表明调整必要", **base)
        assert meeting.head_against_majority
        d.refresh_from_db()
        assert d.state == DecisionState.DECIDED and d.archive_sealed_at is not None
        account = selectors.accountability(d)
        assert [x["member"] for x in account["dissenters"]] == ["委员1", "委员2"]

    def test_publication_needs_the_party_report_and_execution_units_then_reports_fall_due(self, dwalker, dcp, org):
        d = self._at_meeting(dwalker, dcp)
        with at(date(2026, 4, 20)):
            services.meeting_record(actor=dcp.zfgb_jc, decision=d, meeting_type="standing", held_on=date(2026, 4, 20),
                                    attendees="……", outcome="adopted", head_name="州长", opinions=opinions("agree"))
        with at(date(2026, 4, 24)):
            reasons = refused(services.decision_publish, actor=dcp.zfgb_jc, decision=d, publication_text="决定如下……")
            assert any("第三十一条" in r for r in reasons) and any("执行单位" in r for r in reasons)
        assert Attachment.objects.count() == 0  # nothing was stored by the refusal

    def test_post_evaluation_excludes_the_main_pre_decision_assessor_and_suspension_is_recorded(self, dwalker, dcp,
                                                                                               org):
        d = self._at_meeting(dwalker, dcp)
        with at(date(2026, 4, 20)):
            services.meeting_record(actor=dcp.zfgb_jc, decision=d, meeting_type="standing", held_on=date(2026, 4, 20),
                                    attendees="……", outcome="adopted", head_name="州长", opinions=opinions("agree"),
                                    party_report_on=date(2026, 4, 20), party_report_ref="呈报")
        with at(date(2026, 4, 24)):
            services.decision_publish(actor=dcp.zfgb_jc, decision=d, publication_text="决定如下……",
                             publication_explanation="公众意见采纳情况……", execution_units=[org.zhou_sthj])
        d.refresh_from_db()
        report = d.execution_reports.get()
        assert report.deadline.due_date == date(2026, 7, 24)  # 3 months, a Friday
        d.risk_assessments.create(assessor="州社会稳定风险评估中心", assessed_on=date(2026, 4, 8), risk_points="…",
                                  level="low", controllable=True, measures="…", contingency_plan="…",
                                  recorded_by=dcp.zfgb_jc)
        with at(date(2026, 9, 1)):
            assert "主要论证评估" in refused(services.post_evaluation_start, actor=dcp.zfgb_jc, decision=d,
                                               trigger="many_objections", evaluator="州社会稳定风险评估中心")[0]
            services.post_evaluation_start(actor=dcp.zfgb_jc, decision=d, trigger="many_objections",
                                           evaluator="贵州大学公共管理学院")
            assert any("只能先决定中止" in r for r in refused(services.decision_adjust, actor=dcp.zfgb_jc, decision=d,
                                                               kind="stop", basis="州长决定", reason="紧急",
                                                               emergency=True))
            services.decision_adjust(actor=dcp.zfgb_jc, decision=d, kind="suspend", basis="州长决定", reason="群众反映强烈",
                            emergency=True)
        d.refresh_from_db()
        assert d.state == DecisionState.SUSPENDED and d.adjustments.get().emergency


class TestScope:
    def test_a_county_cannot_touch_the_other_countys_decisions(self, dcp, org):
        with at(date(2026, 3, 2)):
            d = services.decision_create(actor=dcp.xingyi_jc, title="兴义市老旧小区改造", decision_organ=org.xingyi_gov,
                                         sponsor=org.xingyi_sfj, requires_public_participation=True,
                                         requires_expert_argumentation=False, requires_risk_assessment=False,
                                         concerns_market=False)
            with pytest.raises(NotPermitted):
                services.decision_start(actor=dcp.anlong_jc, decision=d)
        assert not selectors.decision_list(user=dcp.anlong_jc).filter(pk=d.pk).exists()
        assert selectors.decision_list(user=dcp.xingyi_jc).filter(pk=d.pk).exists()
