"""What comes next for a document, and what blocks it: the plausible next steps with the unmet conditions
``workflow.check`` reports, and the transitions a user may do from the document page now.

Used by 我的起草 (a whole page of documents at once) and by the document page's action panel.
"""

import copy
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F

from fazhi.core import workdays
from fazhi.core.permissions import has_perm
from fazhi.procedure.choices import CommentSource, ReviewOpinion, ReviewStatus, ScreeningStatus
from fazhi.procedure.models import Comment, CommentCall, LegalityReview, ReviewReturn
from fazhi.procedure.services import opinion_text_problems

from .. import rules, services, workflow
from ..choices import DocumentState, EvaluationStatus, FilingReviewStatus, FilingStatus
from ..models import EvaluationTask, Filing, NormativeDocument
from ..workflow import Perm

S = DocumentState
REVIEWER_ACTIONS = {"give_opinion", "return_for_supplement", "confirm_changes"}
# Done on the desks (helper D1b's pages), linked from the document page instead.
ELSEWHERE_ACTIONS = REVIEWER_ACTIONS | {"filing_decision", "cleanup_decision"}


@dataclass
class Facts:
    """What the guards need to know about one document, fetched for a whole page at once."""

    call: CommentCall | None = None
    unanswered: int = 0
    reviewing_agency: object = None
    review: LegalityReview | None = None
    filing: Filing | None = None
    open_evaluation: bool = False
    republication_due: bool = False
    return_reason: str = ""


@dataclass
class Step:
    action: str
    label: str
    who: str
    reasons: list[str] = field(default_factory=list)
    note: str = ""


# The publish form supplies the signed PDF; the plausible check assumes it will be one.
_FORM_PDF = SimpleNamespace(mime_type="application/pdf")


def default_window(doc, today: date) -> tuple[date, date]:
    """The shortest comment window that meets the rules, starting today: 7 working days counted from the
    start (2021 示范指标 #24), and 30 days for market documents (优化营商环境条例 第六十二条)."""
    end = workdays.add_working_days(today - timedelta(days=1), rules.current().comment_min_working_days).date
    if doc.concerns_market:
        end = max(end, today + timedelta(days=rules.MARKET_COMMENT_MIN_DAYS - 1))
    return today, end


def gather_facts(docs: list[NormativeDocument]) -> dict[int, Facts]:
    """Comment calls, unanswered counts, reviews, filings and evaluations of ``docs`` in a few queries."""
    facts = {doc.pk: Facts() for doc in docs}
    if not docs:
        return facts
    ct = ContentType.objects.get_for_model(NormativeDocument)
    ids = [str(doc.pk) for doc in docs]
    for call in CommentCall.objects.filter(content_type=ct, object_id__in=ids).order_by("object_id", "-id"):
        fact = facts[int(call.object_id)]
        fact.call = fact.call or call
    calls = {f.call.pk: f for f in facts.values() if f.call}
    if calls:
        # The rule of procedure.unanswered_count: hidden portal comments need no answer.
        unanswered = (Comment.objects.filter(call_id__in=calls, outcome="")
                      .exclude(screening=ScreeningStatus.HIDDEN, source=CommentSource.PORTAL)
                      .values("call_id").annotate(n=Count("pk")))
        for row in unanswered:
            calls[row["call_id"]].unanswered = row["n"]
    reviews = (LegalityReview.objects.filter(content_type=ct, object_id__in=ids).select_related("deadline")
               .annotate(version_number=F("version__number"))
               .defer("materials", "precheck_findings").order_by("object_id", "-round", "-id"))
    for review in reviews:
        fact = facts[int(review.object_id)]
        fact.review = fact.review or review
    returned = {f.review.pk: f for f in facts.values() if f.review and f.review.status == ReviewStatus.RETURNED}
    if returned:
        for item in ReviewReturn.objects.filter(review_id__in=returned, resubmitted_at__isnull=True).order_by("id"):
            returned[item.review_id].return_reason = item.reason
    bureaus: dict[int, object] = {}
    for doc in docs:
        if doc.issuing_agency.region_id not in bureaus:
            bureaus[doc.issuing_agency.region_id] = services.justice_bureau_for(doc.issuing_agency)
        facts[doc.pk].reviewing_agency = bureaus[doc.issuing_agency.region_id]
    published = [doc.pk for doc in docs if doc.state == S.PUBLISHED]
    if published:
        for filing in Filing.objects.filter(document_id__in=published):
            facts[filing.document_id].filing = filing
        for doc_id in EvaluationTask.objects.filter(document_id__in=published, status=EvaluationStatus.OPEN) \
                .values_list("document_id", flat=True):
            facts[doc_id].open_evaluation = True
        for doc_id in EvaluationTask.objects.filter(document_id__in=published, status=EvaluationStatus.DONE,
                                                    conclusion="keep", republished_on__isnull=True) \
                .values_list("document_id", flat=True):
            facts[doc_id].republication_due = True
    return facts


class Planner:
    """The plausible next steps of a page of documents and, for each, what blocks it now.

    ``workflow.check`` runs with what the step's form will ask for filled in, so that only the conditions
    the form cannot meet remain. The working-day calendar costs two queries per use
    (workdays.current_calendar), so the comment-window part, the same for many rows, is worked out once.
    """

    def __init__(self, docs: list[NormativeDocument], today: date):
        self.today = today
        self.facts = gather_facts(docs)
        self._windows: dict[bool, tuple[date, date]] = {}
        self._memo: dict[tuple, list[str]] = {}

    def window(self, doc) -> tuple[date, date]:
        if doc.concerns_market not in self._windows:
            self._windows[doc.concerns_market] = default_window(doc, self.today)
        return self._windows[doc.concerns_market]

    def context(self, action: str, doc) -> dict:
        fact, today = self.facts[doc.pk], self.today
        if action == "open_comment":
            start, end = self.window(doc)
            return {"start": start, "end": end, "shortened_reason": ""}
        if action == "close_comment":
            return {"call": fact.call, "today": today}
        if action == "submit_review":
            return {"call": fact.call, "unanswered": fact.unanswered, "reviewing_agency": fact.reviewing_agency}
        if action == "deliberate":
            return {"review": fact.review, "meeting_date": today, "outcome": "adopted",
                    "attendees": "（会议出席人员）", "today": today}
        if action == "publish":
            return {"publication_date": today, "effective_date": today, "signed_pdf": _FORM_PDF}
        if action == "file":
            return {"filing": fact.filing}
        return {}

    def check(self, action: str, doc, who: str = "本单位") -> Step:
        target = doc
        fact = self.facts[doc.pk]
        if action == "publish" and not doc.adoption_summary and fact.call and fact.call.summary:
            # services.publish copies the call's adoption summary onto the document before its check.
            target = copy.copy(doc)
            target.adoption_summary = fact.call.summary
        if action == "open_comment":
            # guard_open_comment reads the body's presence, the market flag and the window, nothing else.
            key = (action, doc.concerns_market, bool(doc.body.strip()))
            if key not in self._memo:
                self._memo[key] = workflow.check(action, target, **self.context(action, doc))
            reasons = list(self._memo[key])
        else:
            reasons = workflow.check(action, target, **self.context(action, doc))
        return Step(action, workflow.TRANSITIONS[action].label, who, reasons)

    def steps(self, doc) -> list[Step]:
        fact = self.facts[doc.pk]
        state, review, filing = doc.state, fact.review, fact.filing
        if state == S.DRAFTING:
            return [self.check("open_comment" if workflow.comment_round_required(doc) else "submit_review", doc)]
        if state == S.COMMENTING:
            return [self.check("close_comment", doc)]
        if state in (S.COMMENT_CLOSED, S.RETURNED):
            step = self.check("submit_review", doc)
            if fact.return_reason:
                step.note = f"审核机构退回补充：{fact.return_reason}"
            return [step]
        if state == S.IN_REVIEW:
            due = review.deadline.due_date if review and review.deadline_id else None
            return [Step("give_opinion", "等待合法性审核意见", "审核机构", note=f"审核期限 {due}" if due else "")]
        if state == S.REVIEWED and review is not None:
            if review.opinion in (ReviewOpinion.UNLAWFUL, ReviewOpinion.ADVISE_NOT_TO_MAKE):
                step = self.check("submit_review", doc)
                step.note = f"审核意见为“{review.get_opinion_display()}”：修改后重新送审，或不予制定。"
                return [step]
            if review.opinion == ReviewOpinion.LAWFUL_AFTER_CHANGES and review.changes_confirmed_at is None:
                if doc.version_count > (review.version_number or 0):
                    note = f"已按修改要求形成第 {doc.version_count} 版，等待审核机构确认。"
                else:
                    note = "请先按修改要求修改正文（形成新版本），再由审核机构确认。"
                return [Step("confirm_changes", "等待审核机构确认修改落实", "审核机构", note=note)]
            return [self.check("deliberate", doc)]
        if state == S.DELIBERATED:
            return [self.check("publish", doc)]
        if state == S.PUBLISHED:
            return self._published_steps(doc, fact, filing)
        return []

    def _published_steps(self, doc, fact: Facts, filing) -> list[Step]:
        steps = []
        if filing is not None and filing.status == FilingStatus.PENDING:
            step = self.check("file", doc)
            step.note = f"报备期限 {filing.due_date}"
            steps.append(step)
        elif filing is not None and filing.review_status == FilingReviewStatus.PENDING:
            steps.append(Step("filing_decision", "等待备案审查", "备案审查机关"))
        elif filing is not None and filing.review_status == FilingReviewStatus.REVOCATION_PROPOSED:
            steps.append(Step("revoke", "备案审查机构建议撤销，等待人民政府决定", filing.authority_name,
                              note=filing.review_opinion))
        elif filing is not None and filing.review_status in (FilingReviewStatus.CORRECTION_REQUIRED,
                                                              FilingReviewStatus.ESCALATED):
            steps.append(Step("filing_correct", "报告纠正情况", "本单位", note=filing.review_opinion))
        if fact.open_evaluation:
            steps.append(Step("evaluate", workflow.TRANSITIONS["evaluate"].label, "本单位"))
        if fact.republication_due:
            steps.append(Step("republish", "评估结论为继续有效：重新公布", "本单位",
                              note=f"未重新公布的，{doc.expiry_date} 有效期届满后失效。"))
        return steps


def _no_submission_needed(doc, fact: Facts) -> bool:
    """Submitting is certain to be refused: a draft that must first go to public comment, or a draft
    whose latest opinion is already 合法 for the text as it stands (services.submit_review)."""
    if doc.state == S.DRAFTING and workflow.comment_round_required(doc):
        return True
    return (doc.state == S.REVIEWED and fact.review is not None and fact.review.opinion == ReviewOpinion.LAWFUL
            and not opinion_text_problems(fact.review, doc.title, doc.body))


def _government_decides(user, filing) -> bool:
    """A proposal to revoke waits for the user's government (services.revoke_decision checks the same)."""
    return (filing is not None and filing.review_status == FilingReviewStatus.REVOCATION_PROPOSED
            and filing.agency_id is not None and user.agency is not None
            and user.agency.region_id == filing.agency.region_id)


def available_actions(doc, user, fact: Facts, drafter: bool) -> list[str]:
    """The transitions the user may do on this page now (workflow.TRANSITIONS + has_perm); reviewer and
    filing-authority actions live on their desks and are linked instead."""
    actions = []
    for action, transition in workflow.TRANSITIONS.items():
        if action in ELSEWHERE_ACTIONS or doc.state not in transition.sources:
            continue
        if not has_perm(user, transition.permission) or (transition.permission == Perm.DRAFT and not drafter):
            continue
        if action == "submit_review" and _no_submission_needed(doc, fact):
            continue
        if action == "file" and (fact.filing is None or fact.filing.status == FilingStatus.FILED):
            continue
        if action == "evaluate" and not fact.open_evaluation:
            continue
        if action == "republish" and not fact.republication_due:
            continue
        if action == "filing_correct" and not (fact.filing is not None and fact.filing.review_status in (
                FilingReviewStatus.CORRECTION_REQUIRED, FilingReviewStatus.ESCALATED)):
            continue
        if action == "revoke" and not _government_decides(user, fact.filing):
            continue
        actions.append(action)
    return actions
