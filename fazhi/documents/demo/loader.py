"""Load the demo prefecture's normative documents through the services, on the dates they happened.

Every document of ``data.DOCUMENTS`` becomes a list of dated steps (draft, comment window, comments,
review, opinion, deliberation, publication, filing, filing review…). The steps of all documents, the
upper-law changes, the cleanup campaigns, the citizens' suggestions and the scheduled jobs (the
monthly run of the expiry-evaluation job, the correction escalation) go into one queue ordered by
date and time, and each runs with the clock set to its moment (time_machine), so dates, deadlines,
文号 serials and audit events are those the services produce on that day. Jobs may add steps (an
evaluation task opened by the job is evaluated a month before the validity ends, when that day has
passed).

Historical documents carry fixed dates; work in progress is dated back from the load day, so the
open comment calls are open and the review deadlines are due whenever the demo is loaded.

Idempotent: if any demo document exists, nothing is loaded and the report says so. Everything runs
in one transaction.
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from fazhi.core import attachments, calendar_admin, notifications, workdays
from fazhi.core import services as core_services
from fazhi.core.choices import AgencyKind, Role
from fazhi.core.demo.loader import demo_password, refuse_in_production
from fazhi.core.errors import ServiceError
from fazhi.core.models import Agency, Notification, Region, RoleAssignment, User
from fazhi.procedure import reviews
from fazhi.procedure import services as procedure
from fazhi.procedure.choices import ReviewStage

from .. import rules, services, services_review
from ..checklist import CHECKLIST_ITEMS
from ..choices import CleanupDecision, CongressOutcome, DocumentState, FilingReviewStatus
from ..facts import registrar_for
from ..models import CleanupCampaign, EvaluationTask, NormativeDocument, UpperLaw
from . import data

FIRST_YEAR = 2019
JOB_TIME = (7, 30)
STEP_MINUTES = 7  # steps of one document on one day are this many minutes apart, from 09:00

# Gaps between the milestones of a document, in working days (the comment window of a market document
# is calendar days: 优化营商环境条例 第六十二条 — at least 30 日).
GAP_DRAFT_TO_COMMENT = 12
WINDOW_WORKING_DAYS = 11  # start + 11 working days: 12 working days in the window (≥ 7)
WINDOW_MARKET_DAYS = 33
SHORT_WINDOW_WORKING_DAYS = 4
GAP_DRAFT_TO_REVIEW = 15  # no comment round
REVIEW_DAYS = 6
RETURN_AFTER = 3
RESUBMIT_AFTER = 4
DELIBERATE_AFTER = 3
PUBLISH_AFTER = 4
FILE_AFTER = 6
LATE_FILING_DAYS = 41  # calendar days after publication (the default period is 30 日)
FILING_REVIEW_AFTER = 10
EVALUATE_DAYS_BEFORE_EXPIRY = 30

NUMERALS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    if n < 10:
        return NUMERALS[n]
    tens, ones = divmod(n, 10)
    return f"{'' if tens == 1 else NUMERALS[tens]}十{NUMERALS[ones] if ones else ''}"


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def signed_pdf_bytes(title: str) -> bytes:
    """A one-page PDF standing in for the signed, sealed text (the demo has no real scans)."""
    text = f"FAZHI DEMO - signed text placeholder ({len(title)})"
    stream = f"BT /F1 12 Tf 72 770 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def document_kind(title: str) -> str:
    """The word the text uses for itself: 本办法, 本规定, 本措施."""
    for word in ("规定", "措施"):
        if title.endswith(word):
            return word
    return "办法"


@dataclass
class Report:
    created: bool = False
    message: str = ""
    accounts: int = 0
    agencies: int = 0
    documents: int = 0
    by_state: dict = field(default_factory=dict)
    steps: int = 0
    campaigns: int = 0
    suggestions: int = 0
    evaluations_opened: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {
            "created": self.created, "message": self.message, "accounts": self.accounts, "agencies": self.agencies,
            "documents": self.documents, "by_state": dict(self.by_state), "steps": self.steps,
            "campaigns": self.campaigns, "suggestions": self.suggestions,
            "evaluations_opened": self.evaluations_opened, "seconds": round(self.seconds, 1),
        }


@dataclass
class Plan:
    """The dates of one document's milestones; ``done`` are the ones that have happened."""

    dates: dict[str, date]
    done: list[str]
    effective: date


class Scenario:
    def __init__(self, today: date, out: Callable[[str], None]):
        import time_machine  # a test extra: imported only when the demo is loaded

        self.time_machine = time_machine
        self.today = today
        self.out = out
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.report = Report()
        self.queue: list = []
        self.counter = itertools.count()
        self.users: dict[str, User] = {}
        self.agencies: dict[str, Agency] = {}
        self.laws: dict[str, UpperLaw] = {}
        self.docs: dict[str, NormativeDocument] = {}
        self.specs = {d.key: d for d in data.DOCUMENTS}
        self.key_of: dict[int, str] = {}
        self.evals_done: dict[str, int] = {}
        self._calendar = None
        self._last_day: date | None = None

    # ------------------------------------------------------------------ calendar arithmetic

    def calendar(self):
        # One snapshot for the whole load: the calendar tables do not change while it runs.
        if self._calendar is None:
            self._calendar = workdays.current_calendar()
        return self._calendar

    def snap_back(self, d: date) -> date:
        cal = self.calendar()
        while not cal.is_working(d):
            d -= timedelta(days=1)
        return d

    def snap_forward(self, d: date) -> date:
        cal = self.calendar()
        while not cal.is_working(d):
            d += timedelta(days=1)
        return d

    def forward(self, d: date, n: int) -> date:
        cal = self.calendar()
        d = self.snap_forward(d)
        for _ in range(n):
            d += timedelta(days=1)
            while not cal.is_working(d):
                d += timedelta(days=1)
        return d

    def back(self, d: date, n: int) -> date:
        cal = self.calendar()
        d = self.snap_back(d)
        for _ in range(n):
            d -= timedelta(days=1)
            while not cal.is_working(d):
                d -= timedelta(days=1)
        return d

    @property
    def last_day(self) -> date:
        """The latest day a step may happen on: the last working day before the load day."""
        if self._last_day is None:
            self._last_day = self.back(self.today - timedelta(days=1), 0)
        return self._last_day

    def ago(self, n: int) -> date:
        return self.back(self.today, max(n, 1))

    # ------------------------------------------------------------------ the queue

    def at(self, day: date, fn: Callable[[], None], *, order: int = 0, hour: tuple[int, int] | None = None,
           strict: bool = True) -> None:
        if day > self.last_day:
            if strict:
                raise ServiceError(f"演示数据有误：{day} 的步骤晚于加载日（{self.today}）。")
            return
        h, m = hour or (9, 0)
        minutes = h * 60 + m + order * STEP_MINUTES
        moment = datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=self.tz)
        heapq.heappush(self.queue, (moment, next(self.counter), fn))

    def run(self) -> None:
        while self.queue:
            moment, _, fn = heapq.heappop(self.queue)
            with self.time_machine.travel(moment, tick=False):
                fn()
            self.report.steps += 1

    # ------------------------------------------------------------------ org and accounts (now)

    def org(self) -> None:
        if not Region.objects.filter(code="522300").exists():
            raise ServiceError("请先运行 manage.py load_demo 加载演示州（区划、单位和基础账号），再加载规范性文件演示数据。")
        for account in data.ACCOUNTS:
            self.agencies[account.agency] = self.agency(account.agency, account.region, account.government)
        for issuer in data.ISSUERS.values():
            self.agencies[issuer.agency] = Agency.objects.get(name=issuer.agency)
        password = demo_password()
        for account in data.ACCOUNTS:
            user = User.objects.filter(username=account.username).first()
            if user is None:
                # Demo accounts skip the first-login change: their password is published anyway.
                user = core_services.user_create(actor=None, username=account.username, full_name=account.full_name,
                                                 agency=self.agencies[account.agency], password=password,
                                                 must_change_password=False)
                self.report.accounts += 1
            if not RoleAssignment.objects.filter(user=user, role=account.role, scope=account.scope).exists():
                core_services.role_grant(actor=None, user=user, role=account.role, scope=account.scope)
            self.users[account.username] = user
        for username in (data.FILING_REVIEWER, data.CLEANUP_ORGANISER):
            self.users[username] = User.objects.get(username=username)

    def agency(self, name: str, region_code: str, government: str) -> Agency:
        agency = Agency.objects.filter(name=name).first()
        if agency is None:
            region = Region.objects.get(code=region_code)
            parent = Agency.objects.filter(name=government).first()
            agency = core_services.agency_create(actor=None, name=name, kind=AgencyKind.DEPARTMENT, region=region,
                                                 parent=parent)
            self.report.agencies += 1
        return agency

    def calendar_years(self) -> None:
        wanted = [y for y in range(FIRST_YEAR, self.today.year + 1)
                  if y in calendar_admin.package_years() and y not in workdays.known_years()]
        if wanted:
            calendar_admin.seed_from_package(wanted)
        self._calendar = None

    def upper_laws(self) -> None:
        for law in data.LAWS:
            existing = UpperLaw.objects.filter(name=law.name).first()
            self.laws[law.key] = existing or services.upper_law_create(
                actor=None, name=law.name, level=law.level, issuer=law.issuer, promulgated_on=law.promulgated)

    # ------------------------------------------------------------------ one document

    def plan(self, spec: data.Doc) -> Plan:
        comment_round = spec.rights or spec.market
        milestones: list[tuple[str, int, str]] = [("draft", 0, "wd")]
        if comment_round:
            if spec.market:
                window = (WINDOW_MARKET_DAYS, "cal")
            elif spec.shortened:
                window = (SHORT_WINDOW_WORKING_DAYS, "wd")
            else:
                window = (WINDOW_WORKING_DAYS, "wd")
            milestones += [("comment_start", GAP_DRAFT_TO_COMMENT, "wd"), ("comment_end", *window),
                           ("comment_close", 1, "wd"), ("submit", 1, "wd")]
        else:
            milestones.append(("submit", GAP_DRAFT_TO_REVIEW, "wd"))
        if spec.returned:
            milestones.append(("return", RETURN_AFTER, "wd"))
            if spec.resubmitted:
                milestones.append(("resubmit", RESUBMIT_AFTER, "wd"))
        milestones.append(("opinion", REVIEW_DAYS, "wd"))
        if spec.stage == "abandoned":
            milestones.append(("abandon", 4, "wd"))
        else:
            if spec.opinion == "lawful_after_changes":
                milestones += [("revise", 1, "wd"), ("confirm", 1, "wd")]
            milestones += [("deliberate", DELIBERATE_AFTER, "wd"), ("publish", PUBLISH_AFTER, "wd")]
        names = [m[0] for m in milestones]
        anchor_name = {
            "drafting": "draft", "commenting": "comment_start", "comment_close": "comment_close",
            "comment_closed": "comment_close", "in_review": "resubmit" if spec.returned else "submit",
            "returned": "return", "reviewed": "revise" if spec.opinion == "lawful_after_changes" else "opinion",
            "deliberated": "deliberate", "abandoned": "abandon", "published": "publish",
        }[spec.stage]
        anchor = spec.published if spec.published else self.ago(spec.ago)
        k = names.index(anchor_name)
        dates = {anchor_name: anchor}
        for i in range(k - 1, -1, -1):  # back from the anchor
            _, gap, unit = milestones[i + 1]
            later = dates[names[i + 1]]
            dates[names[i]] = self.snap_back(later - timedelta(days=gap)) if unit == "cal" else self.back(later, gap)
        for i in range(k + 1, len(milestones)):  # forward (planned, not yet done)
            _, gap, unit = milestones[i]
            earlier = dates[names[i - 1]]
            dates[names[i]] = self.snap_forward(earlier + timedelta(days=gap)) if unit == "cal" else self.forward(earlier, gap)
        publication = dates.get("publish") or self.forward(dates["opinion"], 10)
        if spec.effective:
            effective = spec.effective
        elif spec.effective_months:
            month = publication.month - 1 + spec.effective_months
            effective = date(publication.year + month // 12, month % 12 + 1, 1)
        else:
            start = publication + timedelta(days=20)
            effective = start if start.day == 1 else date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return Plan(dates=dates, done=names[:k + 1], effective=effective)

    def body(self, spec: data.Doc, effective: date, revised: bool = False) -> str:
        if spec.body:
            return self.fill(spec.body, effective)
        kind = document_kind(spec.title)
        laws = "".join(f"《{self.laws[k].name}》" for k in spec.laws[:3])
        articles = list(spec.articles)
        if revised:
            for index, text in spec.revisions:
                articles[index] = text
        place = data.ISSUERS[spec.issuer].place
        lines = [f"为了{spec.purpose}，根据{laws}等有关法律法规，结合{place}实际，制定本{kind}。", spec.scope, *articles]
        if spec.interpreter:
            lines.append(f"本{kind}由{spec.interpreter}负责解释。")
        last = f"本{kind}自{cn_date(effective)}起施行，有效期{spec.validity}年。"
        if spec.repeals:
            old = self.docs[spec.repeals]
            last += f"《{old.title}》（{old.number}）同时废止。"
        lines.append(last)
        return "\n".join(f"第{chinese_number(i)}条 {text}" for i, text in enumerate(lines, start=1))

    def fill(self, text: str, effective: date) -> str:
        for key, doc in self.docs.items():
            text = text.replace(f"{{number:{key}}}", doc.number or "")
        return text.replace("{effective}", cn_date(effective))

    def drafting_notes(self, spec: data.Doc, issuer: Agency) -> str:
        kind = "决定" if spec.body else document_kind(spec.title)
        laws = "\n".join(f"{i}. 《{self.laws[k].name}》" for i, k in enumerate(spec.laws, start=1))
        purpose = spec.purpose or "落实上位法和有关政策的要求，完善有关制度"
        consult = "拟按规定向社会公开征求意见。" if (spec.rights or spec.market) else "本文件不直接涉及公民、法人和其他组织的权利义务，已征求有关部门意见。"
        return (f"一、制定的必要性\n为了{purpose}，有必要由{issuer.name}制定本{kind}。\n"
                f"二、制定依据\n{laws}\n"
                f"三、起草过程\n起草单位在调研论证的基础上形成征求意见稿，{consult}\n"
                f"四、主要内容\n本{kind}共{max(len(spec.articles) + 3, 1)}条，主要规定了适用范围、职责分工、管理措施和监督检查等内容。")

    def document(self, spec: data.Doc) -> None:
        issuer = data.ISSUERS[spec.issuer]
        drafter = self.users[spec.drafter or issuer.drafter]
        reviewer = self.users[issuer.reviewer]
        plan = self.plan(spec)
        d, done = plan.dates, set(plan.done)
        fixed = spec.published is not None
        key = spec.key

        def doc() -> NormativeDocument:
            return NormativeDocument.objects.get(pk=self.docs[key].pk)

        def create():
            agency = self.agencies[issuer.agency]
            created = services.document_create(
                actor=drafter, title=spec.title, body=self.body(spec, plan.effective), issuing_agency=agency,
                affects_rights=spec.rights, concerns_market=spec.market, category=spec.category,
                drafting_notes=self.drafting_notes(spec, agency),
                legal_basis="".join(f"《{self.laws[k].name}》" for k in spec.laws), validity_years=spec.validity,
                upper_laws=[self.laws[k] for k in spec.laws])
            self.docs[key] = created
            self.key_of[created.pk] = key

        self.at(d["draft"], create, strict=fixed)

        if "comment_start" in done:
            self.comment_round(spec, plan, drafter, doc, fixed)
        if spec.market and "submit" in done:
            def fair_competition():
                # A government's measure: its market regulator reviews on the drafting unit's 初审意见 and
                # answers in writing (公平竞争审查条例 第十四条); a department's is its own (第十三条).
                opinion = attachments.attachment_create(
                    actor=drafter, obj=doc(), uploaded_file=ContentFile(
                        signed_pdf_bytes(f"{spec.title}公平竞争审查意见"), name="公平竞争审查意见.pdf"))
                services.fair_competition_record(
                    actor=drafter, document=doc(), reviewer=f"{drafter.agency.name}公平竞争审查小组",
                    conclusion=spec.fair_competition, reviewed_on=timezone.localdate(), attachment=opinion,
                    preliminary_opinion="起草单位初审：对照《公平竞争审查条例》第八条至第十一条逐项审查，未发现问题。",
                    explanation=spec.fair_competition_note or "经审查，未发现排除、限制竞争的内容，符合公平竞争审查标准。")
            self.at(d["submit"], fair_competition, order=0, strict=fixed)
        if "submit" in done:
            self.at(d["submit"], lambda: services.document_submit_review(actor=drafter, document=doc()), order=1, strict=fixed)
        if "return" in done:
            self.at(d["return"], lambda: reviews.review_return(
                actor=reviewer, review=reviews.latest_review(doc()), reason=spec.returned), strict=fixed)
        if "resubmit" in done:
            def resubmit():
                current = doc()
                services.document_update(actor=drafter, document=current,
                                         drafting_notes=current.drafting_notes + f"\n五、补充材料\n已按审核意见补充：{spec.returned}")
                services.document_submit_review(actor=drafter, document=doc())
            self.at(d["resubmit"], resubmit, strict=fixed)
        if "opinion" in done:
            self.opinion(spec, d["opinion"], reviewer, doc, fixed)
        if "revise" in done:
            self.at(d["revise"], lambda: services.document_update(
                actor=drafter, document=doc(), body=self.body(spec, plan.effective, revised=True),
                note="按合法性审核意见修改"), strict=fixed)
        if "confirm" in done:
            self.at(d["confirm"], lambda: reviews.review_confirm_changes(
                actor=reviewer, review=reviews.latest_review(doc())), strict=fixed)
        if "abandon" in done:
            self.at(d["abandon"], lambda: services.document_abandon(actor=drafter, document=doc(), reason=spec.abandon_reason),
                    strict=fixed)
        if "deliberate" in done:
            self.at(d["deliberate"], lambda: self.deliberate(spec, drafter, doc()), strict=fixed)
        if "publish" in done:
            self.at(d["publish"], lambda: self.publish(spec, plan, drafter, doc()), strict=fixed)
            self.filing(spec, d["publish"], drafter, doc, fixed)

    def comment_round(self, spec, plan, drafter, doc, fixed) -> None:
        d, done = plan.dates, set(plan.done)
        start, end = d["comment_start"], d["comment_end"]
        self.at(start, lambda: services.comment_open(
            actor=drafter, document=doc(), start=start, end=end, shortened_reason=spec.shortened,
            notice=f"为增强公众参与度，提高文件质量，现将《{spec.title}（征求意见稿）》全文公布，征求社会各界意见。"
                   f"征求意见截止日期为{cn_date(end)}。"), strict=fixed)
        latest = min(self.back(end, 0), self.last_day)
        for i, comment in enumerate(spec.comments):
            day = min(self.forward(start, 1 + 2 * i), latest)
            self.at(day, lambda c=comment: self.comment(c, doc()), order=10 + i, strict=fixed)
        handled = self.back(end, 0) if "comment_close" in done else self.last_day

        def screen_and_answer():
            call = procedure.open_call_of(doc())
            comments = list(call.comments.order_by("id"))
            for spec_comment, row in zip(spec.comments, comments, strict=True):
                if spec_comment.screen in ("shown", "hidden"):
                    services.comments_screen(actor=drafter, document=doc(), comment_ids=[row.pk],
                                             show=spec_comment.screen == "shown", reason="含个人联系方式等不宜公开的内容。")
                if spec_comment.outcome:
                    services.comments_answer(actor=drafter, document=doc(), comment_ids=[row.pk],
                                             outcome=spec_comment.outcome, answer=spec_comment.answer)

        if spec.comments:
            self.at(handled, screen_and_answer, order=30, strict=fixed)
        if "comment_close" in done:
            def close():
                services.comment_close(actor=drafter, document=doc())
                call = procedure.open_call_of(doc())
                if call.comments.exists() and not call.comments.filter(outcome="").exclude(screening="hidden").exists():
                    services.comment_summary_save(actor=drafter, document=doc(),
                                                  summary=procedure.adoption_summary_text(call))
            self.at(d["comment_close"], close, strict=fixed)

    def comment(self, c: data.Comment, document: NormativeDocument) -> None:
        if c.source == "portal":
            call = procedure.open_call_of(document)
            procedure.comment_submit_public(call=call, content=c.text, name=c.name, organisation=c.organisation)
        else:
            services.comment_enter(actor=self.users[self.drafter_of(document)], document=document, source=c.source,
                                   content=c.text, name=c.name, organisation=c.organisation)

    def drafter_of(self, document: NormativeDocument) -> str:
        spec = self.specs[self.key_of[document.pk]]
        return spec.drafter or data.ISSUERS[spec.issuer].drafter

    def opinion(self, spec: data.Doc, day: date, reviewer: User, doc, fixed: bool) -> None:
        def mark_findings():
            current = doc()
            review = reviews.latest_review(current)
            notes = {"confirmed": "经核对，该条款缺乏上位法依据，确认存在问题。",
                     "dismissed": "经核对，审核人员认为该条款不构成问题。"}
            for index, _ in enumerate(review.precheck_findings or []):
                services_review.precheck_finding_mark(actor=reviewer, document=current, index=index,
                                                      status=spec.finding_mark, note=notes[spec.finding_mark])

        def department_office_first():
            """国办发〔2018〕115号: a drafting department with its own 法制机构 reviews first and finds the text
            lawful; the same text then goes on to the 司法局 (the kernel review desk forwards it)."""
            current = doc()
            review = reviews.latest_review(current)
            if review is None or review.stage != ReviewStage.DEPARTMENT or review.status not in reviews.OPEN:
                return
            office_staff = (User.objects.filter(agency=review.agency, is_active=True,
                                                role_assignments__role=Role.LEGAL_STAFF).order_by("id").first())
            checklist = {key: {"result": "pass", "note": ""} for key, _ in CHECKLIST_ITEMS}
            reviews.review_give_opinion(actor=office_staff, review=review, opinion="lawful", checklist=checklist,
                                        opinion_text="经本部门法制机构审核，该文件制定主体、权限、内容和程序符合规定，"
                                                     "同意报送司法局合法性审核。")

        self.at(day, department_office_first, order=-1, strict=fixed)
        if spec.finding_mark:
            self.at(day, mark_findings, order=0, strict=fixed)

        def give():
            checklist = {key: {"result": "pass", "note": ""} for key, _ in CHECKLIST_ITEMS}
            for problem in spec.problems:
                checklist[problem] = {"result": "problem", "note": spec.changes or spec.opinion_text}
            text = spec.opinion_text or {
                "lawful": "经审核，该文件制定主体合法，未超越法定职权，内容符合法律、法规、规章和国家政策的规定，"
                          "未违法设定行政许可、行政处罚、行政强制、行政收费等事项，制定程序符合规定。审核意见：合法。",
                "lawful_after_changes": "经审核，该文件制定主体合法，制定程序符合规定，但部分条款需按修改要求修改后方可提请审议。"
                                        "审核意见：修改后合法。",
            }.get(spec.opinion, "")
            reviews.review_give_opinion(actor=reviewer, review=reviews.latest_review(doc()), opinion=spec.opinion,
                                        checklist=checklist, opinion_text=text, required_changes=spec.changes)

        self.at(day, give, order=1, strict=fixed)

    def deliberate(self, spec: data.Doc, drafter: User, document: NormativeDocument) -> None:
        issuer = data.ISSUERS[spec.issuer]
        day = timezone.localdate()
        serial = day.timetuple().tm_yday // 10 + 1
        services.document_deliberate(
            actor=drafter, document=document, meeting_type=issuer.meeting_type, meeting_date=day,
            meeting_name=issuer.meeting.format(year=day.year, n=serial), attendees=issuer.attendees,
            outcome="adopted", notes=spec.notes or f"会议审议通过《{spec.title}》，请起草单位按程序统一登记、统一编号、统一公布。")

    def publish(self, spec: data.Doc, plan: Plan, drafter: User, document: NormativeDocument) -> None:
        pdf = attachments.attachment_create(
            actor=drafter, uploaded_file=ContentFile(signed_pdf_bytes(spec.title), name=f"{spec.title}（签发稿）.pdf"),
            obj=document)
        today = timezone.localdate()
        soon = plan.effective and (plan.effective - today).days < rules.current().min_effective_days
        # 三统一: the issuer's 司法局 registers the adopted document the same morning, then it is numbered
        registrar = registrar_for(document.issuing_agency)
        clerk = User.objects.filter(agency=registrar, is_active=True,
                                    role_assignments__role=Role.REVIEWER).order_by("id").first()
        services.document_register(actor=clerk, document=document)
        published = services.document_publish(actor=drafter, document=document, publication_date=today,
                                     effective_date=plan.effective, signed_pdf=pdf,
                                     early_effect_reason="为衔接上位法施行日期，自公布之日起施行。" if soon else "")
        self.docs[spec.key] = published
        for field_on, field_by, other in (("repealed_on", "repealed_by", spec.repeals),
                                          ("amended_on", "amended_by", spec.amends)):
            if other:
                self.supersede(self.docs[other], field_on, field_by, published)

    def supersede(self, old: NormativeDocument, field_on: str, field_by: str, new: NormativeDocument) -> None:
        """Record that ``new`` repeals or amends ``old`` from its effective date."""
        services.document_supersede(actor=None, document=old, by=new,
                                    kind="repeal" if field_on == "repealed_on" else "amend")

    def filing(self, spec: data.Doc, published: date, drafter: User, doc, fixed: bool) -> None:
        kind = spec.filing
        if kind == "unfiled":
            return
        filed = (self.snap_forward(published + timedelta(days=LATE_FILING_DAYS)) if kind == "late"
                 else self.forward(published, FILE_AFTER))
        self.at(filed, lambda: services.document_file(actor=drafter, document=doc()), strict=fixed)
        self.congress_filing(filed, drafter, doc)
        if spec.issuer == "Z" or kind == "awaiting":
            return  # 州政府 files with the province (outside the platform); or the review is still pending
        authority = self.users[data.FILING_REVIEWER]
        decision_day = self.forward(filed, FILING_REVIEW_AFTER)
        if kind == "correction" and not fixed:
            decision_day = max(self.ago(8), filed)

        def decide(decision: str, opinion: str = "", days: int | None = None):
            return lambda: services.filing_decide(actor=authority, document=doc(), decision=decision,
                                                    opinion=opinion, correction_days=days)

        if kind in ("approved", "late"):
            self.at(decision_day, decide(FilingReviewStatus.APPROVED,
                                         "经审查，该文件符合法定权限和程序，内容合法，准予备案。"), strict=fixed)
        elif kind == "revoked":
            # The reviewing body proposes; the government decides at its standing meeting a week later
            # (地方组织法 第七十三条第三项).
            self.at(decision_day, decide(FilingReviewStatus.REVOCATION_PROPOSED, spec.filing_opinion), strict=fixed)
            decided = self.forward(decision_day, 7)

            def government_revokes():
                filing = doc().filing
                office = (User.objects.filter(agency__region_id=filing.agency.region_id,
                                              role_assignments__role=Role.DECISION_STAFF).order_by("id").first())
                services.document_revoke(actor=office, document=doc(), revoke=True, decided_on=timezone.localdate(),
                                         decision_ref=f"{filing.authority_name}常务会议决定")
            self.at(decided, government_revokes, strict=fixed)
        elif kind in ("correction", "corrected", "escalated"):
            def correction():
                filing = decide(FilingReviewStatus.CORRECTION_REQUIRED, spec.filing_opinion, spec.correction_days)()
                if kind == "escalated":
                    # The daily job escalates a correction not made in time, the day after the deadline.
                    self.at(filing.correction_deadline.due_date + timedelta(days=1),
                            lambda: services.filing_escalate_overdue(today=timezone.localdate()),
                            hour=(7, 0), strict=False)
            self.at(decision_day, correction, strict=fixed)
            if kind == "corrected":
                corrected = self.forward(decision_day, 8)
                self.at(corrected, lambda: services.filing_correct(actor=drafter, document=doc(),
                                                                   note=spec.correction_note), strict=fixed)
                self.at(self.forward(corrected, 5), decide(
                    FilingReviewStatus.APPROVED, "制定机关已按审查意见自行纠正，准予备案。"), strict=fixed)

    def congress_filing(self, filed: date, drafter: User, doc) -> None:
        """A government's document goes to the 本级人大常委会 the same day (监督法 第三十九条); the committee
        acknowledges it the next working day and answers about four weeks later (when that is before today)."""
        def file_with_congress():
            if services.needs_congress_filing(doc()):
                services.congress_filing_submit(actor=drafter, document=doc())
        self.at(filed, file_with_congress, order=1, strict=False)
        received, answered = self.forward(filed, 1), self.forward(filed, 20)

        def answer(final: bool):
            def record():
                document = doc()
                congress = getattr(document, "congress_filing", None) if services.needs_congress_filing(document) \
                    else None
                if congress is None or congress.filed_on is None or congress.outcome:
                    return
                services.congress_filing_record(actor=drafter, document=document, received_on=received,
                                         outcome=CongressOutcome.NO_ISSUE if final else "",
                                         outcome_on=timezone.localdate() if final else None)
            return record
        self.at(received, answer(False), strict=False)
        self.at(answered, answer(True), strict=False)

    # ------------------------------------------------------------------ prefecture-wide events

    def law_changes(self) -> None:
        organiser = self.users[data.CLEANUP_ORGANISER]
        for change in data.LAW_CHANGES:
            self.at(change.marked, lambda c=change: services.upper_law_mark(
                actor=organiser, law=self.laws[c.law], status=c.status, on=c.on, note=c.note))

    def campaigns(self) -> None:
        organiser = self.users[data.CLEANUP_ORGANISER]
        for spec in data.CAMPAIGNS:
            created = spec.created or self.ago(spec.created_ago)

            def create(spec=spec, created=created):
                campaign = services.campaign_create(
                    actor=organiser, title=spec.title, kind=spec.kind,
                    issuer_ids=[str(self.agencies[data.ISSUERS[i].agency].code) for i in spec.issuers],
                    published_from=spec.published_from, published_to=spec.published_to,
                    upper_law=self.laws[spec.upper_law] if spec.upper_law else None,
                    due_date=created + timedelta(days=spec.due_days))
                self.report.campaigns += 1
                items = list(campaign.items.select_related("document").order_by("id"))
                for i, item in enumerate(items):
                    key = self.key_of[item.document_id]
                    decision = spec.decisions.get(key)
                    if decision is None and not spec.decide_all:
                        continue
                    decision = decision or (CleanupDecision.KEEP, data.DEFAULT_KEEP_REASON)
                    day = self.ago(spec.decided_ago) if spec.decided_ago else self.forward(created, 5 + i % 12)
                    self.at(day, lambda item=item, key=key, decision=decision: services.cleanup_item_decide(
                        actor=self.users[self.drafter_of(self.docs[key])], item=item, decision=decision[0],
                        reason=decision[1].format(expiry=cn_date(NormativeDocument.objects.get(pk=item.document_id).expiry_date))),
                        order=i, hour=(14, 0))
                if spec.published:
                    self.at(spec.published, lambda: services.campaign_publish(
                        actor=organiser, campaign=CleanupCampaign.objects.get(pk=campaign.pk),
                        published_on=timezone.localdate()), hour=(16, 0))

            self.at(created, create, hour=(10, 0))

    def suggestions(self) -> None:
        for spec in data.SUGGESTIONS:
            submitted = spec.submitted or self.ago(spec.ago)

            def submit(spec=spec):
                suggestion = services.suggestion_submit(document=self.docs[spec.document], content=spec.content,
                                                        name=spec.name, contact=spec.contact)
                self.report.suggestions += 1
                if spec.answered:
                    self.at(spec.answered, lambda: self.answer(suggestion, spec.answer))

            self.at(submitted, submit, hour=(20, 15))

    def answer(self, suggestion, text: str) -> None:
        services.suggestion_answer(actor=self.users[data.FILING_REVIEWER], suggestion=suggestion, answer=text)

    def evaluation_job(self) -> None:
        """The expiry-evaluation job, run on the first working day of every month (and today, at the end)."""
        month = date(FIRST_YEAR, 5, 1)
        while month <= self.last_day:
            day = self.snap_forward(month)
            self.at(day, lambda: self.run_evaluation_job(), hour=JOB_TIME, strict=False)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)

    def run_evaluation_job(self) -> None:
        today = timezone.localdate()
        self.report.evaluations_opened += services.evaluations_open_due(today=today)
        for task in EvaluationTask.objects.filter(opened_on=today).select_related("document"):
            key = self.key_of.get(task.document_id)
            if key is None or self.specs[key].skip_eval:
                continue
            spec = self.specs[key]
            n = self.evals_done.get(key, 0)
            self.evals_done[key] = n + 1
            conclusion, reason = spec.evals[n] if n < len(spec.evals) else (CleanupDecision.KEEP, data.KEEP_REASON)
            day = self.snap_back(task.due_date - timedelta(days=EVALUATE_DAYS_BEFORE_EXPIRY))
            self.at(day, lambda key=key, c=conclusion, r=reason: services.document_evaluate(
                actor=self.users[self.drafter_of(self.docs[key])], document=NormativeDocument.objects.get(pk=self.docs[key].pk),
                conclusion=c, reason=r), hour=(11, 0), strict=False)
            if conclusion == CleanupDecision.KEEP:
                # 继续有效 is published again a week later, with a new validity from that day.
                self.at(self.forward(day, 5), lambda key=key: services.document_republish(
                    actor=self.users[self.drafter_of(self.docs[key])],
                    document=NormativeDocument.objects.get(pk=self.docs[key].pk)), hour=(10, 0), strict=False)

    def inbox_read(self) -> None:
        """The staff have read what reached them until a fortnight ago."""
        day = self.back(self.today, 10)

        def read():
            cutoff = timezone.now() - timedelta(hours=1)
            for user in self.users.values():
                ids = list(Notification.objects.filter(recipient=user, read_at__isnull=True, created_at__lt=cutoff)
                           .values_list("pk", flat=True))
                if ids:
                    notifications.notification_mark_read(actor=user, notification_ids=ids)

        self.at(day, read, hour=(18, 0))

    # ------------------------------------------------------------------ everything

    def load(self) -> None:
        self.calendar_years()
        self.org()
        self.upper_laws()
        for spec in data.DOCUMENTS:
            self.document(spec)
        self.law_changes()
        self.campaigns()
        self.suggestions()
        self.evaluation_job()
        self.inbox_read()
        self.run()
        # Today's run of the daily jobs, as the scheduler would do it.
        today = self.today
        self.report.evaluations_opened += services.evaluations_open_due(today=today)
        services.filing_escalate_overdue(today=today)
        from fazhi.core import deadlines

        deadlines.scan_deadlines(today=today)


def existing_documents() -> int:
    return NormativeDocument.objects.filter(title__in=[d.title for d in data.DOCUMENTS]).count()


def load_documents_demo(stdout=None) -> dict:
    """Load the normative-document demo once (after ``load_demo``); a second run changes nothing."""
    def out(line: str) -> None:
        if stdout is not None:
            stdout.write(line + ("\n" if not line.endswith("\n") else ""))

    refuse_in_production()
    report = Report()
    existing = existing_documents()
    if existing:
        report.message = f"规范性文件演示数据已存在（{existing} 件演示文件），本次未作任何更改。"
        out(report.message)
        return report.as_dict()
    started = time.monotonic()
    with transaction.atomic():
        scenario = Scenario(timezone.localdate(), out)
        scenario.load()
        report = scenario.report
    report.created = True
    report.documents = NormativeDocument.objects.filter(title__in=[d.title for d in data.DOCUMENTS]).count()
    states = NormativeDocument.objects.filter(title__in=[d.title for d in data.DOCUMENTS]).values_list("state", flat=True)
    report.by_state = {label: sum(1 for s in states if s == value) for value, label in DocumentState.choices}
    report.seconds = time.monotonic() - started
    states_text = "、".join(f"{label} {n} 件" for label, n in report.by_state.items() if n)
    report.message = (f"已加载规范性文件演示数据：文件 {report.documents} 件（{states_text}），新建账号 {report.accounts} 个，"
                      f"清理活动 {report.campaigns} 项，审查建议 {report.suggestions} 件，"
                      f"办理步骤 {report.steps} 个，用时 {report.seconds:.0f} 秒。")
    out(report.message)
    return report.as_dict()

