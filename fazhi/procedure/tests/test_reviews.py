"""The kernel review desk: stages, the reviewer's steps, the opinion bound to the reviewed text, the gate.

A throwaway review type over core.Deadline stands in for a module (its "text" is the deadline's
object_repr and legal_source), so the kernel is tested without any domain module.
"""

import datetime

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from fazhi.core import deadlines
from fazhi.core.choices import DeadlineStatus, PeriodUnit, Role, Scope
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.models import AuditEvent, Deadline
from fazhi.core.tests.factories import PASSWORD, make_user
from fazhi.procedure import reviews
from fazhi.procedure.choices import ReviewOpinion, ReviewStage, ReviewStatus
from fazhi.procedure.models import LegalityReview
from fazhi.procedure.reviews import REVIEW_MACHINE, ReviewType, Stage
from fazhi.procedure.services import version_add

EVENTS: list[tuple[str, int]] = []
TWO_STAGES: set[int] = set()


def _stages(target):
    from fazhi.core import orgs

    justice = orgs.justice_bureau_for(target.agency)
    stages = [Stage(ReviewStage.JUSTICE, justice, "" if justice else "找不到司法局。")]
    if target.pk in TWO_STAGES:
        stages.insert(0, Stage(ReviewStage.DEPARTMENT, target.agency))
    return stages


TOY = ReviewType(
    model="core.Deadline", name="测试事项审核", noun="合法性审核", stages=_stages,
    text=lambda t: (t.object_repr, t.legal_source), on_event=lambda actor, t, r, e: EVENTS.append((e, t.pk)),
    url=lambda t: f"/toy/{t.pk}/", checklist=(("basis", "制定依据"), ("procedure", "程序")),
    opinions=(ReviewOpinion.LAWFUL, ReviewOpinion.LAWFUL_AFTER_CHANGES, ReviewOpinion.UNLAWFUL),
    period_working_days=lambda t: 7,
)
CHECKED = {"basis": {"result": "pass"}, "procedure": {"result": "pass"}}


@pytest.fixture(autouse=True)
def toy_type():
    reviews.register_review_type(TOY)
    EVENTS.clear()
    TWO_STAGES.clear()
    yield
    reviews._TYPES.pop("core.deadline", None)


@pytest.fixture
def item(org, calendar):
    with transaction.atomic():
        return deadlines.deadline_create(actor=None, object_repr="关于测试的通知", rule_code="toy",
                                         legal_source="第一条 为了……", start_date=datetime.date(2026, 9, 28),
                                         period=30, unit=PeriodUnit.CALENDAR_DAYS, agency=org.xingyi_gov)


@pytest.fixture
def xingyi_reviewer(org):
    return make_user("xy_sh", org.xingyi_sfj, (Role.REVIEWER, Scope.REGION))


def submit(item, actor=None):
    with transaction.atomic():
        version = version_add(actor=actor, target=item, title=item.object_repr, body=item.legal_source, note="送审稿")
        return reviews.review_submit(actor=actor, target=item, version=version, submitting_agency=item.agency)


def edit(item, body):
    Deadline.objects.filter(pk=item.pk).update(legal_source=body)
    item.refresh_from_db()


def test_a_submission_lands_on_the_justice_bureaus_desk_with_a_working_day_clock(item, xingyi_reviewer, people):
    # 2026-09-28 (Mon) + 7 working days across 国庆 (10-01..07 off; Saturday 10-10 is a 调休 working day):
    # 09-29, 09-30, 10-08, 10-09, 10-10, 10-12, 10-13.
    with time_machine.travel(datetime.datetime(2026, 9, 28, 9, tzinfo=datetime.UTC)):
        review = submit(item)
    assert review.agency == item.agency.region.agencies.get(duty="justice")
    assert review.status == ReviewStatus.WAITING and review.stage == ReviewStage.JUSTICE
    assert review.deadline.due_date == datetime.date(2026, 10, 13)
    assert list(reviews.desk(user=xingyi_reviewer)) == [review]
    assert list(reviews.desk(user=people.reviewer)) == []  # 州司法局 has its own desk


def test_a_second_submission_while_one_is_open_is_refused(item):
    submit(item)
    with pytest.raises(TransitionRefused):
        submit(item)


def test_a_reviewer_of_another_body_cannot_act_and_nothing_changes(item, people):
    review = submit(item)
    before = AuditEvent.objects.count()
    with pytest.raises(NotPermitted):  # a county office holds no review permission at all
        REVIEW_MACHINE.dispatch(actor=people.xingyi_fzb, obj=review, action="claim")
    with pytest.raises(TransitionRefused) as exc:
        REVIEW_MACHINE.dispatch(actor=people.reviewer, obj=review, action="claim")
    assert exc.value.reasons == ["该审核不在您单位的审核台。"]
    review.refresh_from_db()
    assert review.status == ReviewStatus.WAITING and review.assigned_to is None
    assert AuditEvent.objects.count() == before


def test_claim_then_an_incomplete_opinion_names_each_missing_item_at_its_field(item, xingyi_reviewer):
    review = submit(item)
    REVIEW_MACHINE.dispatch(actor=xingyi_reviewer, obj=review, action="claim")
    with pytest.raises(TransitionRefused) as exc:
        REVIEW_MACHINE.dispatch(actor=xingyi_reviewer, obj=review, action="give_opinion",
                                payload={"opinion": "lawful_after_changes", "checklist": {"basis": {"result": "pass"}}})
    assert exc.value.field_reasons == {"check_procedure": ["审核要点“程序”未填写。"],
                                       "required_changes": ["“修改后合法”须写明修改要求。"]}
    review.refresh_from_db()
    assert review.status == ReviewStatus.IN_REVIEW and review.opinion == ""


def test_return_pauses_the_clock_and_resubmission_resumes_it_on_the_same_desk(item, xingyi_reviewer):
    with time_machine.travel(datetime.datetime(2026, 9, 28, 9, tzinfo=datetime.UTC)):
        review = submit(item)
    with time_machine.travel(datetime.datetime(2026, 9, 29, 9, tzinfo=datetime.UTC)):
        REVIEW_MACHINE.dispatch(actor=xingyi_reviewer, obj=review, action="return_for_supplement",
                                payload={"reason": "请补充起草说明。"})
    review.refresh_from_db()
    assert review.status == ReviewStatus.RETURNED and review.deadline.status == DeadlineStatus.PAUSED
    assert EVENTS == [("returned", item.pk)]
    with time_machine.travel(datetime.datetime(2026, 10, 9, 9, tzinfo=datetime.UTC)):
        again = submit(item)
    assert again.pk == review.pk and again.status == ReviewStatus.IN_REVIEW
    again.deadline.refresh_from_db()
    # One working day (09-29) was used before the pause; six are left from 10-09 (Fri): 10-10 is a 调休 Saturday.
    assert again.deadline.status == DeadlineStatus.OPEN and again.deadline.due_date == datetime.date(2026, 10, 16)


def test_an_opinion_binds_the_reviewed_text_and_any_later_change_voids_it_for_the_gate(item, xingyi_reviewer):
    assert reviews.review_gate(item) == ["未经合法性审核（尚未出具合法性审核意见）。"]
    review = submit(item)
    REVIEW_MACHINE.dispatch(actor=xingyi_reviewer, obj=review, action="give_opinion",
                            payload={"opinion": "lawful", "checklist": CHECKED})
    assert reviews.review_gate(item) == []
    assert EVENTS[-1] == ("opinion", item.pk)
    edit(item, "第一条 为了……（起草单位在审核后改动的文字）")
    gate = reviews.review_gate(item)
    assert gate == ["合法性审核意见出具后文本已修改（意见针对第 1 版）：须重新送请合法性审核。"]
    assert gate[0].field == "review"
    # Changing it back restores the reviewed text exactly: the opinion covers it again.
    edit(item, "第一条 为了……")
    assert reviews.review_gate(item) == []


def test_lawful_after_changes_binds_the_version_the_reviewer_confirms(item, xingyi_reviewer):
    review = submit(item)
    REVIEW_MACHINE.dispatch(actor=xingyi_reviewer, obj=review, action="give_opinion", payload={
        "opinion": "lawful_after_changes", "checklist": CHECKED, "required_changes": "删除第三条。"})
    assert reviews.review_gate(item) == ["合法性审核意见为“修改后合法”，修改后的文本尚未经审核人员确认。"]
    with pytest.raises(TransitionRefused) as exc:  # nothing changed yet
        REVIEW_MACHINE.dispatch(actor=xingyi_reviewer, obj=review, action="confirm_changes")
    assert "尚未修改" in exc.value.reasons[0]
    edit(item, "第一条 为了……（已删除第三条）")
    REVIEW_MACHINE.dispatch(actor=xingyi_reviewer, obj=review, action="confirm_changes")
    review.refresh_from_db()
    assert review.confirmed_version.number == 2 and reviews.review_gate(item) == []
    assert EVENTS[-1] == ("confirmed", item.pk)
    edit(item, "第一条 为了……（确认后又改）")
    assert reviews.review_gate(item)[0].startswith("合法性审核意见出具后文本已修改（意见针对第 2 版）")


def test_an_unlawful_opinion_needs_its_reason_and_blocks_the_gate(item, xingyi_reviewer):
    review = submit(item)
    with pytest.raises(TransitionRefused):
        REVIEW_MACHINE.dispatch(actor=xingyi_reviewer, obj=review, action="give_opinion",
                                payload={"opinion": "unlawful", "checklist": CHECKED})
    REVIEW_MACHINE.dispatch(actor=xingyi_reviewer, obj=review, action="give_opinion",
                            payload={"opinion": "unlawful", "checklist": CHECKED, "opinion_text": "超越职权。"})
    assert reviews.review_gate(item) == ["合法性审核意见为“不合法”，不得提交讨论决定。"]


def test_two_stages_the_department_legal_office_first_then_the_justice_bureau(item, xingyi_reviewer, org):
    TWO_STAGES.add(item.pk)
    legal = make_user("gov_fz", org.xingyi_gov, (Role.LEGAL_STAFF, Scope.AGENCY))
    first = submit(item)
    assert first.stage == ReviewStage.DEPARTMENT and first.agency == org.xingyi_gov
    assert list(reviews.desk(user=xingyi_reviewer)) == []
    REVIEW_MACHINE.dispatch(actor=legal, obj=first, action="give_opinion",
                            payload={"opinion": "lawful", "checklist": CHECKED})
    second = reviews.latest_review(item)
    assert second.stage == ReviewStage.JUSTICE and second.agency == org.xingyi_sfj and second.round == 2
    assert second.version_id == first.version_id
    assert EVENTS == [("forwarded", item.pk)]
    assert reviews.review_gate(item) == ["未经合法性审核（尚未出具合法性审核意见）。"]
    REVIEW_MACHINE.dispatch(actor=xingyi_reviewer, obj=second, action="give_opinion",
                            payload={"opinion": "lawful", "checklist": CHECKED})
    assert reviews.review_gate(item) == []


def test_assign_only_to_a_reviewer_of_the_same_body(item, xingyi_reviewer, people, org):
    colleague = make_user("xy_sh2", org.xingyi_sfj, (Role.REVIEWER, Scope.REGION))
    review = submit(item)
    with pytest.raises(ServiceError):
        REVIEW_MACHINE.dispatch(actor=xingyi_reviewer, obj=review, action="assign",
                                payload={"assignee": people.reviewer})
    REVIEW_MACHINE.dispatch(actor=xingyi_reviewer, obj=review, action="assign", payload={"assignee": colleague})
    review.refresh_from_db()
    assert review.assigned_to == colleague and review.status == ReviewStatus.IN_REVIEW


def test_the_opinion_document_names_the_version_and_the_checklist(item, xingyi_reviewer):
    from fazhi.core.docgen import docx_text

    review = submit(item)
    REVIEW_MACHINE.dispatch(actor=xingyi_reviewer, obj=review, action="give_opinion",
                            payload={"opinion": "lawful", "checklist": CHECKED, "opinion_text": "符合上位法。"})
    review.refresh_from_db()
    text = docx_text(reviews.opinion_docx(review).read())
    assert "合法性审核意见书" in text and "第 1 版" in text and "制定依据" in text and "符合上位法。" in text


def test_the_desk_and_review_pages_and_the_api(item, xingyi_reviewer, client, people):
    review = submit(item)
    client.login(username=xingyi_reviewer.username, password=PASSWORD)
    page = client.get(reverse("procedure:review_desk"))
    assert page.status_code == 200 and review.subject_title in page.content.decode()
    detail = client.get(reverse("procedure:review", args=[review.code]))
    assert detail.status_code == 200 and "出具审核意见" in detail.content.decode()
    response = client.post(reverse("procedure:review_transition", args=[review.code]),
                           {"action": "give_opinion", "give_opinion-opinion": "lawful"})
    assert response.status_code == 409
    assert "审核要点“制定依据”未填写。" in response.content.decode()
    api = client.get(f"/api/v1/procedure/reviews/{review.code}/actions/")
    assert {o["action"] for o in api.json()} == {"claim", "assign", "return_for_supplement", "give_opinion"}
    refused = client.post(f"/api/v1/procedure/reviews/{review.code}/transition/",
                          {"action": "give_opinion", "opinion": "lawful"}, content_type="application/json")
    assert refused.status_code == 409 and "check_basis" in refused.json()["fields"]
    done = client.post(f"/api/v1/procedure/reviews/{review.code}/transition/",
                       {"action": "give_opinion", "opinion": "lawful", "checklist": CHECKED},
                       content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "done"
    other = client.get(reverse("procedure:review", args=[review.code]).replace(str(review.code),
                                                                               "00000000-0000-0000-0000-000000000000"))
    assert other.status_code == 404
    client.logout()
    client.login(username=people.reviewer.username, password=PASSWORD)  # 州司法局: not its desk
    assert client.get(reverse("procedure:review", args=[review.code])).status_code == 404
    assert client.post(f"/api/v1/procedure/reviews/{review.code}/transition/", {"action": "claim"},
                       content_type="application/json").status_code == 404
    assert LegalityReview.objects.get(pk=review.pk).opinion_by == xingyi_reviewer
