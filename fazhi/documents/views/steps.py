"""What comes next for a document, and what blocks it: the plausible next step of each document of a page
(我的起草, the document page) with the unmet conditions the machine (``workflow.MACHINE``) reports.
The actions a user may take on the document page come from the machine itself (``Machine.options``).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from types import SimpleNamespace

from fazhi.core import workdays
from fazhi.procedure.choices import ReviewOpinion

from .. import rules, workflow
from ..choices import DocumentState, FilingReviewStatus, FilingStatus
from ..facts import Facts, transition_facts
from ..models import NormativeDocument
from ..workflow import MACHINE

S = DocumentState


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


class Planner:
    """The plausible next steps of a page of documents and, for each, what blocks it now.

    The machine's conditions are checked together with the step's input problems for what the step's form
    will ask for filled in, so that only the conditions the form cannot meet remain. The working-day calendar costs two queries per use
    (workdays.current_calendar), so the comment-window part, the same for many rows, is worked out once.
    """

    def __init__(self, docs: list[NormativeDocument], today: date):
        self.today = today
        self.facts = transition_facts(docs)
        self._windows: dict[bool, tuple[date, date]] = {}
        self._memo: dict[tuple, list[str]] = {}

    def window(self, doc) -> tuple[date, date]:
        if doc.concerns_market not in self._windows:
            self._windows[doc.concerns_market] = default_window(doc, self.today)
        return self._windows[doc.concerns_market]

    def problems(self, action: str, doc) -> list[str]:
        """The machine's reasons, then the input problems of the step with plausible form values."""
        fact, today = self.facts[doc.pk], self.today
        reasons = MACHINE.check(action, doc, facts=fact)
        if reasons and doc.state not in MACHINE.get(action).sources:
            return reasons
        if action == "open_comment":
            start, end = self.window(doc)
            reasons += workflow.comment_window_problems(doc, start, end, "")
        elif action == "deliberate":
            reasons += workflow.meeting_problems(fact.review, meeting_date=today, outcome="adopted",
                                                 attendees="（会议出席人员）", today=today)
        elif action == "publish":
            reasons += workflow.publication_problems(doc, publication_date=today, effective_date=today,
                                                     signed_pdf=_FORM_PDF)
        return reasons

    def check(self, action: str, doc, who: str = "本单位") -> Step:
        if action == "open_comment":
            # The open_comment conditions read the body's presence, the market flag and the window, nothing else.
            key = (action, doc.concerns_market, bool(doc.body.strip()))
            if key not in self._memo:
                self._memo[key] = self.problems(action, doc)
            reasons = list(self._memo[key])
        else:
            reasons = self.problems(action, doc)
        return Step(action, MACHINE.get(action).label, who, reasons)

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
            steps.append(Step("evaluate", MACHINE.get("evaluate").label, "本单位"))
        if fact.republication_due:
            steps.append(Step("republish", "评估结论为继续有效：重新公布", "本单位",
                              note=f"未重新公布的，{doc.expiry_date} 有效期届满后失效。"))
        return steps
