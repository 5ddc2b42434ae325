"""合法性审查 of major decisions on the kernel review desk (重大行政决策程序暂行条例 第二十五条至第二十八条).

The decisions module says what a decision's review needs — who reviews (the 司法行政部门 of the decision
organ), the text it binds (title and draft), the review period (up to the proposed meeting, never under
7 working days, 第二十六条), the 第二十七条 checklist, the 第二十八条 condition that legal advisers or public
lawyers have given their opinion (a step the reviewer takes on the review page) — and moves the decision
when the desk returns it or gives the opinion. The review itself (rounds, clocks, opinion, confirmation of
changes, the 意见书) is the kernel's.
"""

from datetime import timedelta

from fazhi.core.errors import Reason
from fazhi.procedure.choices import ReviewStage

# 第二十七条: 合法性审查应当审查决策事项是否符合法定权限，决策草案的形成是否履行相关法定程序，决策草案内容是否符合
# 有关法律、法规、规章和国家政策的规定。
CHECKLIST = (
    ("authority", "决策事项是否符合法定权限"),
    ("procedure", "决策草案的形成是否履行相关法定程序"),
    ("content", "决策草案内容是否符合有关法律、法规、规章和国家政策的规定"),
)
# The step of the decisions machine the reviewer takes on the review page (第二十八条).
DESK_ACTIONS = ("add_adviser_opinion",)


def reviewing_agency_for(decision):
    from fazhi.core.orgs import justice_bureau_for

    return justice_bureau_for(decision.decision_organ)


def _stages(decision):
    from fazhi.procedure.reviews import Stage

    # 第二十六条: 决策草案提交决策机关讨论前，由负责合法性审查的部门进行合法性审查.
    return [Stage(ReviewStage.JUSTICE, reviewing_agency_for(decision),
                  missing="找不到负责合法性审查的司法行政部门，请联系管理员完善单位设置。")]


def _text(decision):
    return decision.title, decision.draft


def _period(decision) -> int:
    """第二十六条第二款: 应当保证必要的审查时间，一般不少于7个工作日 — the time up to the proposed meeting, at most 60."""
    from django.utils import timezone

    from fazhi.core import workdays

    from .workflow import LEGALITY_REVIEW_MIN_WORKING_DAYS

    meeting = decision.proposed_meeting_date
    if meeting is None:
        return LEGALITY_REVIEW_MIN_WORKING_DAYS
    available = workdays.working_days_between(timezone.localdate(), meeting - timedelta(days=1)).days
    return min(max(LEGALITY_REVIEW_MIN_WORKING_DAYS, available), 60)


def _opinion_problems(decision, review, *, opinion: str, opinion_text: str) -> list[Reason]:
    problems = []
    if not opinion_text.strip():
        problems.append(Reason("请写明对决策权限、程序和内容的审查意见（第二十七条）。", field="opinion_text"))
    if not decision.adviser_opinions.exists():
        problems.append(Reason("合法性审查应当组织法律顾问、公职律师提出法律意见（第二十八条）：请先附上他们的法律意见。",
                               field="review"))
    return problems


def register_review():
    from fazhi.procedure.reviews import ReviewType, register_review_type

    from .workflow import MACHINE, Perm

    register_review_type(ReviewType(
        model="decisions.Decision", name="重大行政决策合法性审查", noun="合法性审查", stages=_stages, text=_text,
        on_event="fazhi.decisions.services.on_review_event", url="fazhi.decisions.views.decisions.detail_url",
        checklist=CHECKLIST, period_working_days=_period, rule_code="decision_legality_review",
        legal_source="《重大行政决策程序暂行条例》第二十六条", materials="fazhi.decisions.selectors.review_materials",
        panel="decisions/_review_panel.html", panel_context="fazhi.decisions.selectors.review_panel_context",
        view_perm=Perm.VIEW, machine=MACHINE, desk_actions=DESK_ACTIONS, opinion_problems=_opinion_problems))
