"""Fixtures of the major-decision tests: the prefecture government office, an expert, and a walker."""

from dataclasses import dataclass
from datetime import date

import pytest
import time_machine

from fazhi.core import services as core_services
from fazhi.core.choices import AgencyKind, Role, Scope
from fazhi.core.tests.conftest import calendar  # noqa: F401  (the real 2025–2026 calendar)
from fazhi.core.tests.factories import make_user
from fazhi.decisions import services
from fazhi.decisions.review import CHECKLIST
from fazhi.procedure import reviews

# The reviewer's 第二十七条 checklist, every item passed.
ALL_PASS = {key: {"result": "pass", "note": ""} for key, _ in CHECKLIST}


def give_opinion(actor, decision, opinion="lawful", opinion_text="权限、程序、内容均符合规定。", required_changes="",
                 checklist=None):
    """The reviewer's opinion on the kernel review desk (the decision's latest round)."""
    return reviews.review_give_opinion(actor=actor, review=reviews.latest_review(decision), opinion=opinion,
                                       opinion_text=opinion_text, required_changes=required_changes,
                                       checklist=ALL_PASS if checklist is None else checklist)


def return_for_supplement(actor, decision, reason):
    return reviews.review_return(actor=actor, review=reviews.latest_review(decision), reason=reason)


def confirm_changes(actor, decision):
    return reviews.review_confirm_changes(actor=actor, review=reviews.latest_review(decision))


@dataclass
class DecisionPeople:
    zf_office: object
    zfgb_jc: object
    xingyi_jc: object
    anlong_jc: object
    reviewer: object
    expert_user: object
    expert: object
    interested_expert: object


@pytest.fixture
def dcp(org, people, calendar):  # noqa: F811
    zf_office = core_services.agency_create(actor=None, name="黔西南州人民政府办公室", kind=AgencyKind.DEPARTMENT,
                                            region=org.prefecture)
    xingyi_office = core_services.agency_create(actor=None, name="兴义市人民政府办公室", kind=AgencyKind.DEPARTMENT,
                                                region=org.xingyi)
    anlong_office = core_services.agency_create(actor=None, name="安龙县人民政府办公室", kind=AgencyKind.DEPARTMENT,
                                                region=org.anlong)
    zfgb_jc = make_user("zfgb_jc", zf_office, (Role.DECISION_STAFF, Scope.REGION))
    expert_user = make_user("zfzj_zj1", zf_office, (Role.EXPERT, Scope.OWN))
    expert = services.expert_create(actor=zfgb_jc, agency=org.zhou_gov, name="王建国", field="城市规划",
                                    title="教授", organisation="贵州大学", user=expert_user)
    interested = services.expert_create(actor=zfgb_jc, agency=org.zhou_gov, name="李红", field="交通工程",
                                        title="高级工程师", organisation="州交通建设集团")
    return DecisionPeople(
        zf_office=zf_office, zfgb_jc=zfgb_jc,
        xingyi_jc=make_user("xingyi_jc", xingyi_office, (Role.DECISION_STAFF, Scope.REGION)),
        anlong_jc=make_user("anlong_jc", anlong_office, (Role.DECISION_STAFF, Scope.REGION)),
        reviewer=people.reviewer, expert_user=expert_user, expert=expert, interested_expert=interested,
    )


def at(day: date):
    return time_machine.travel(f"{day.isoformat()} 10:00 +0800", tick=False)


class DecisionWalker:
    def __init__(self, dcp, org):
        self.dcp, self.org = dcp, org

    def create(self, *, participation=True, experts=False, risk=False, market=False, on=date(2026, 3, 2)):
        with at(on):
            d = services.decision_create(
                actor=self.dcp.zfgb_jc, title="黔西南州城区公共交通票价调整方案", decision_organ=self.org.zhou_gov,
                sponsor=self.org.zhou_sthj, requires_public_participation=participation,
                requires_expert_argumentation=experts, requires_risk_assessment=risk, concerns_market=market,
                participation_exemption="" if participation else "涉及国家秘密，依法不予公开（第十四条）",
            )
            services.decision_start(actor=self.dcp.zfgb_jc, decision=d)
            services.decision_update(actor=self.dcp.zfgb_jc, decision=d, draft="一、调整原则……\n二、票价标准……",
                                     explanation="起草说明及依据：《价格法》第二十三条……")
        d.refresh_from_db()
        return d

    def consult(self, d, *, start=date(2026, 3, 3), end=date(2026, 4, 1)):
        with at(start):
            services.consultation_open(actor=self.dcp.zfgb_jc, decision=d, start=start, end=end)
        with at(date.fromordinal(end.toordinal() + 1)):
            services.consultation_close(actor=self.dcp.zfgb_jc, decision=d)
            services.decision_update(actor=self.dcp.zfgb_jc, decision=d, public_opinion_summary="共收到意见 0 条。")
        d.refresh_from_db()
        return d

    def review(self, d, *, on=date(2026, 4, 6), meeting=date(2026, 4, 20), opinion="lawful"):
        with at(on):
            services.decision_submit_review(actor=self.dcp.zfgb_jc, decision=d, proposed_meeting_date=meeting)
            services.adviser_opinion_add(actor=self.dcp.reviewer, decision=d, kind="legal_adviser", adviser="张律师",
                                         opinion="程序合法", given_on=on)
            give_opinion(self.dcp.reviewer, d, opinion)
        d.refresh_from_db()
        return d


@pytest.fixture
def dwalker(dcp, org):
    return DecisionWalker(dcp, org)


def opinions(*stances, head="agree", head_statement="同意，按程序印发。"):
    rows = [{"member": f"委员{i}", "position": "副州长", "stance": s, "statement": "不同意，理由……" if s == "disagree"
             else ""} for i, s in enumerate(stances, start=1)]
    rows.append({"member": "州长", "position": "州长", "stance": head, "statement": head_statement, "is_head": True})
    return rows
