"""法制审核 of major enforcement decisions on the kernel review desk (行政处罚法 第五十八条)."""

from fazhi.procedure.choices import ReviewStage


def _stages(case):
    from fazhi.procedure.reviews import Stage

    # The agency's own 法制审核机构 reviews its cases.
    return [Stage(ReviewStage.ENFORCEMENT, case.agency)]


def _period(case):
    from . import rules

    return rules.setting("REVIEW_WORKING_DAYS")


def case_url(case):
    from django.urls import reverse

    return reverse("enforcement:case", args=[case.code])


CHECKLIST = (
    ("subject", "执法主体是否合法"),
    ("qualification", "执法人员是否具备执法资格"),
    ("procedure", "执法程序是否合法"),
    ("facts", "案件事实是否清楚，证据是否合法充分"),
    ("law", "适用法律是否准确，裁量基准运用是否适当"),
    ("documents", "执法文书是否完备、规范"),
)


# 法制审核 of a major enforcement decision rests on 行政处罚法 第五十八条 (who reviews, what, before the decision).
PENALTY_LAW = "《中华人民共和国行政处罚法》第五十八条"
STEP_BASIS = {action: PENALTY_LAW for action in ("claim", "assign", "return_for_supplement", "give_opinion",
                                                 "confirm_changes")}


def register_review():
    from fazhi.procedure.reviews import ReviewType, register_review_type

    register_review_type(ReviewType(
        model="enforcement.Case", name="重大执法决定法制审核", noun="法制审核", stages=_stages,
        text="fazhi.enforcement.services.case_text", on_event="fazhi.enforcement.services.on_review_event",
        url="fazhi.enforcement.review.case_url", checklist=CHECKLIST,
        period_working_days=_period, rule_code="enforcement.legal_review",
        legal_source="《行政处罚法》第五十八条", view_perm="enforcement.view", step_basis=STEP_BASIS))
