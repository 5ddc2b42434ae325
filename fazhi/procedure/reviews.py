"""The legality review desk of the kernel: one desk, one review machine, every module.

A module registers what it sends to review (``ReviewType``, from its ``AppConfig.ready()``):
normative documents (合法性审核), major decisions (合法性审查), enforcement cases (法制审核). The
kernel then owns the review itself — its rounds and stages, the reviewer's steps (claim, assign,
return for supplements, opinion, confirm changes), the review-period deadline on the working-day
calendar, the opinion document — and tells the module what happened through ``ReviewType.on_event``
so that the module moves its own object (the module's hook writes its own audit event).

**An opinion binds the text it reviewed.** The review stores the submitted version and its SHA-256;
``review_gate(target)`` — called by each module's guard before the collective discussion, the
meeting or the decision — refuses when the current text differs from the version the opinion covered:
the item must go back to review. A "修改后合法" opinion binds the version made to satisfy it, once the
reviewer confirms that version (重大行政决策程序暂行条例 第二十五条至第二十八条; 国办发〔2018〕115号).

Two stages (国办发〔2018〕115号 三、(二)): a department's document goes first to the department's own
legal office, then — where the local rule says so — to the 司法局; ``ReviewType.stages(target)``
gives the stages of an item and the kernel forwards it from one to the next.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from fazhi.core import audit, deadlines
from fazhi.core.choices import DeadlineStatus, PeriodUnit
from fazhi.core.errors import Reason, ServiceError, TransitionRefused
from fazhi.core.notifications import notify
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict

from .choices import CheckResult, ReviewOpinion, ReviewStage, ReviewStatus
from .machine import Machine, Transition, basis
from .models import LegalityReview, ReviewReturn, TextVersion
from .services import text_sha256, version_add


class Perm:
    REVIEW = "procedure.review"  # work a review desk (the reviewing body's own staff)


OPEN = (ReviewStatus.WAITING, ReviewStatus.IN_REVIEW)
ON_DESK = (ReviewStatus.WAITING, ReviewStatus.IN_REVIEW, ReviewStatus.RETURNED)
BLOCKING = (ReviewOpinion.UNLAWFUL, ReviewOpinion.ADVISE_NOT_TO_MAKE)


# ---------------------------------------------------------------- what a module registers


@dataclass(frozen=True)
class Stage:
    key: str  # ReviewStage value
    agency: object  # the reviewing body (core.Agency), or None when it cannot be found
    missing: str = ""  # why the body cannot be found (shown to the submitter)


def _lazy(path: str) -> Callable:
    """A function named by its dotted path, imported when first called (a module registers its review type
    from ``AppConfig.ready()``, before its services may be imported)."""
    from django.utils.module_loading import import_string

    def call(*args, **kwargs):
        return import_string(path)(*args, **kwargs)

    call.__qualname__ = path
    return call


CALLABLE_FIELDS = ("stages", "text", "on_event", "url", "period_working_days", "materials", "panel_context",
                   "opinion_problems")


@dataclass(frozen=True)
class ReviewType:
    """How one kind of object goes through review.

    ``stages(target)`` → the ordered ``Stage`` list; ``text(target)`` → (title, body) of the text the
    opinion binds; ``on_event(actor, target, review, event)`` moves the module's object (events:
    "submitted", "returned", "resubmitted", "forwarded", "opinion" — the final stage's opinion —,
    "confirmed"); ``url(target)`` → the object's page; ``materials(target)`` → a dict shown on the
    review page; ``panel`` → a template the review page includes with ``panel_context(request, review, target)``;
    ``machine`` and ``desk_actions`` → the module's own steps on the object that the reviewer takes on the review
    page (e.g. a decision's 法律顾问、公职律师意见, 第二十八条); ``opinion_problems(target, review, opinion=…,
    opinion_text=…)`` → the module's own conditions for an opinion, in words a user understands.
    """

    model: str  # "documents.NormativeDocument"
    name: str  # "行政规范性文件合法性审核"
    noun: str  # "合法性审核" / "合法性审查" / "法制审核"
    stages: Callable[[object], Sequence[Stage]] | str
    text: Callable[[object], tuple[str, str]] | str
    on_event: Callable | str
    url: Callable[[object], str] | str
    checklist: tuple[tuple[str, str], ...] = ()
    opinions: tuple[str, ...] = (ReviewOpinion.LAWFUL, ReviewOpinion.LAWFUL_AFTER_CHANGES, ReviewOpinion.UNLAWFUL)
    opinion_labels: dict = field(default_factory=dict)
    period_working_days: Callable[[object], int] | str = lambda target: 7
    rule_code: str = "procedure.legality_review"
    legal_source: str = ""
    materials: Callable[[object], dict] | str | None = None
    panel: str = ""
    panel_context: Callable | str | None = None
    view_perm: str = ""  # the module permission that lets a reviewer open the object itself
    machine: object = None
    desk_actions: tuple[str, ...] = ()
    panel_shows_text: bool = False  # the module's panel shows the submitted text itself (e.g. with marks)
    # the law and article of the reviewer's steps for this kind of object, where they differ from the review
    # machine's (which cites 国办发〔2018〕115号 and 重大行政决策程序暂行条例): action → "《…》第…条"
    step_basis: dict = field(default_factory=dict)
    opinion_problems: Callable | str | None = None

    def __post_init__(self):
        # each function may be given as a dotted path ("fazhi.documents.services.on_review_event")
        for name in CALLABLE_FIELDS:
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, _lazy(value))

    def opinion_label(self, value: str) -> str:
        return self.opinion_labels.get(value) or ReviewOpinion(value).label

    def checklist_rows(self, review: LegalityReview) -> list[dict]:
        """The review's checklist as rows: label, result (Chinese), its code and the note."""
        rows = []
        for key, label in self.checklist:
            item = (review.checklist or {}).get(key) or {}
            result = item.get("result", "")
            rows.append({"label": label, "code": result, "note": item.get("note", ""),
                         "result": CheckResult(result).label if result in CheckResult.values else ""})
        return rows

    def opinion_choices(self) -> list[tuple[str, str]]:
        return [(o, self.opinion_label(o)) for o in self.opinions]


_TYPES: dict[str, ReviewType] = {}


def register_review_type(review_type: ReviewType) -> ReviewType:
    _TYPES[review_type.model.lower()] = review_type
    return review_type


def review_types() -> list[ReviewType]:
    return list(_TYPES.values())


def type_for(target_or_ct) -> ReviewType:
    if isinstance(target_or_ct, ContentType):
        label = f"{target_or_ct.app_label}.{target_or_ct.model}"
    else:
        label = target_or_ct._meta.label_lower
    try:
        return _TYPES[label.lower()]
    except KeyError:
        raise LookupError(f"no review type registered for {label}") from None


def page_urls(reviews_: Sequence[LegalityReview]) -> dict[int, str]:
    """review pk → the review page where it is handled (every module's reviews are the kernel desk's)."""
    return {review.pk: reverse("procedure:review", args=[review.code]) for review in reviews_}


def target_of(review: LegalityReview):
    """The reviewed object (a normative document, a decision, a case)."""
    model = review.content_type.model_class()
    return model._default_manager.get(pk=review.object_id)


def _keys(target) -> dict:
    return {"content_type": ContentType.objects.get_for_model(type(target)), "object_id": str(target.pk)}


# ---------------------------------------------------------------- reads


def reviews_of(target):
    return LegalityReview.objects.filter(**_keys(target)).order_by("round", "id")


def latest_review(target, stage: str | None = None) -> LegalityReview | None:
    qs = LegalityReview.objects.filter(**_keys(target))
    if stage:
        qs = qs.filter(stage=stage)
    return qs.order_by("-round", "-id").first()


def latest_reviews(model, pks, *, select=("deadline",)) -> dict[int, list[LegalityReview]]:
    """For a page of objects: pk → its reviews, latest round first (the first is ``latest_review``), in one
    query; each review carries ``version_number``."""
    from django.db.models import F

    ct = ContentType.objects.get_for_model(model)
    found: dict[int, list[LegalityReview]] = {}
    qs = (LegalityReview.objects.filter(content_type=ct, object_id__in=[str(pk) for pk in pks])
          .select_related(*select).annotate(version_number=F("version__number"))
          .defer("materials", "precheck_findings").order_by("object_id", "-round", "-id"))
    for review in qs:
        found.setdefault(int(review.object_id), []).append(review)
    return found


def current_hash(target) -> str:
    title, body = type_for(target).text(target)
    return text_sha256(title, body)


def bound_hash(review: LegalityReview) -> str:
    """The text an opinion stands for: the confirmed version after "修改后合法", else the submitted one."""
    if review.opinion == ReviewOpinion.LAWFUL_AFTER_CHANGES:
        return review.confirmed_hash
    return review.version_hash


def review_gate(target, *, noun: str = "") -> list[Reason]:
    """Why ``target`` may not go to the collective discussion / meeting / decision now, as far as the
    review is concerned — every unmet condition, in words a user understands.

    未经合法性审核或者经审核不合法的，不得提交集体讨论 (重大行政决策程序暂行条例 第二十五条; 国办发〔2018〕115号);
    a change of the text after the opinion voids it for this gate (the text actually reviewed)."""
    review_type = type_for(target)
    noun = noun or review_type.noun
    stages = list(review_type.stages(target))
    final = stages[-1].key if stages else ReviewStage.JUSTICE
    review = latest_review(target, final)
    if review is None or review.status != ReviewStatus.DONE:
        return [Reason(f"未经{noun}（尚未出具{noun}意见）。", field="review")]
    label = review_type.opinion_label(review.opinion)
    if review.opinion in BLOCKING:
        return [Reason(f"{noun}意见为“{label}”，不得提交讨论决定。", field="review")]
    if review.opinion == ReviewOpinion.LAWFUL_AFTER_CHANGES and not review.confirmed_hash:
        return [Reason(f"{noun}意见为“{label}”，修改后的文本尚未经审核人员确认。", field="review")]
    if bound_hash(review) != current_hash(target):
        number = (review.confirmed_version or review.version)
        which = f"第 {number.number} 版" if number else "送审文本"
        return [Reason(f"{noun}意见出具后文本已修改（意见针对{which}）：须重新送请{noun}。", field="review")]
    return []


def desk(*, user, include_done: bool = False, models: Sequence[str] = ()):
    """Every review waiting on the user's agency's desk, across modules, earliest due first."""
    qs = restrict(LegalityReview.objects.all(), user, Perm.REVIEW)
    if user.agency_id is None:
        return qs.none()
    qs = qs.filter(agency_id=user.agency_id).select_related(
        "deadline", "submitting_agency", "assigned_to", "content_type")
    if models:
        cts = [ContentType.objects.get_by_natural_key(*m.lower().split(".")) for m in models]
        qs = qs.filter(content_type__in=cts)
    if not include_done:
        qs = qs.filter(status__in=ON_DESK)
    return qs


# ---------------------------------------------------------------- submitting (called by the module's service)


def _require_atomic():
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("review services run inside the calling module's transaction")


def stages_problems(target) -> list[Reason]:
    """The reviewing bodies of every stage can be found (else the submitter is told whom to ask)."""
    stages = list(type_for(target).stages(target))
    if not stages:
        return [Reason("找不到负责审核的机构，请联系管理员完善单位设置。", field="review")]
    return [Reason(s.missing or "找不到负责审核的机构，请联系管理员完善单位设置。", field="review")
            for s in stages if s.agency is None]


def _next_stage(target, after: str | None) -> Stage:
    stages = list(type_for(target).stages(target))
    if after is None:
        return stages[0]
    keys = [s.key for s in stages]
    return stages[keys.index(after) + 1] if after in keys and keys.index(after) + 1 < len(stages) else None


def passed(review: LegalityReview | None, target) -> bool:
    """The stage's latest review found the text as it stands lawful: a 合法 opinion on this text, or a 修改后合法
    one whose changed text the reviewer confirmed (the opinion binds the text, 国办发〔2018〕115号)."""
    if review is None or review.status != ReviewStatus.DONE:
        return False
    if review.opinion not in (ReviewOpinion.LAWFUL, ReviewOpinion.LAWFUL_AFTER_CHANGES):
        return False
    return bool(bound_hash(review)) and bound_hash(review) == current_hash(target)


def next_stage(target) -> Stage:
    """The stage a submission goes to: the first earlier stage whose body has not passed the text as it stands
    (a department's 法制机构 that passed this very text is not asked again), else the last stage, which reviews
    every submission the module makes (the module decides whether one is needed, e.g. after a substantive change
    of a decision, 重大行政决策程序暂行条例 第三十七条)."""
    stages = list(type_for(target).stages(target))
    for stage in stages[:-1]:
        if not passed(latest_review(target, stage.key), target):
            return stage
    return stages[-1]


def all_passed(target) -> bool:
    """Every stage has passed the text as it stands: a new submission of it would review nothing new."""
    return all(passed(latest_review(target, stage.key), target) for stage in type_for(target).stages(target))


def _open_review(*, actor, target, stage: Stage, version: TextVersion, materials: dict, findings=None,
                 submitting_agency) -> LegalityReview:
    review_type = type_for(target)
    previous = LegalityReview.objects.filter(**_keys(target)).aggregate(n=Max("round"))["n"] or 0
    period = review_type.period_working_days(target)
    today = timezone.localdate()
    deadline = deadlines.deadline_create(
        actor=None, object_repr=f"{review_type.noun}：{version.title}"[:200], rule_code=review_type.rule_code,
        legal_source=review_type.legal_source or f"{review_type.noun}时限", start_date=today, period=period,
        unit=PeriodUnit.WORKING_DAYS, agency=stage.agency, obj=target, link="")
    review = LegalityReview.objects.create(
        subject_title=version.title[:300], version=version, version_hash=version.sha256 or text_sha256(
            version.title, version.body), stage=stage.key, round=previous + 1, submitting_agency=submitting_agency,
        agency=stage.agency, region_path=stage.agency.region_path, submitted_by=actor,
        submitted_at=timezone.now(), materials=materials or {}, deadline=deadline, status=ReviewStatus.WAITING,
        precheck_findings=findings or [], **_keys(target))
    deadline.link = f"/reviews/{review.code}/"
    deadline.save(update_fields=["link"])
    audit.record(actor=actor, action="procedure.review_submit", obj=target, after={
        "review": str(review.code), "round": review.round, "stage": stage.key, "version": version.number,
        "due": deadline.due_date, "reviewer": stage.agency.name})
    _notify_reviewers(review, f"新的{review_type.noun}：{version.title}")
    return review


def _notify_reviewers(review: LegalityReview, title: str) -> None:
    from fazhi.core.models import User

    users = User.objects.filter(agency_id=review.agency_id, is_active=True).prefetch_related("role_assignments")
    link = f"/reviews/{review.code}/"
    for user in users:
        if has_perm(user, Perm.REVIEW):
            transaction.on_commit(lambda u=user: notify(recipient=u, title=title[:200], link=link))


def review_submit(*, actor, target, version: TextVersion, submitting_agency, materials: dict | None = None,
                  findings: list | None = None) -> LegalityReview:
    """Send ``target`` (its text frozen as ``version``) to the first stage — or, when the latest round was
    returned for supplements, back to the same desk. The module's service has checked its permission."""
    _require_atomic()
    latest = latest_review(target)
    if latest is not None and latest.status in OPEN:
        raise TransitionRefused([Reason(f"已有一轮{type_for(target).noun}正在进行。", field="review")])
    problems = stages_problems(target)
    if problems:
        raise TransitionRefused(problems)
    if latest is not None and latest.status == ReviewStatus.RETURNED:
        return _resubmit(actor=actor, target=target, review=latest, version=version, materials=materials,
                         findings=findings)
    return _open_review(actor=actor, target=target, stage=next_stage(target), version=version,
                        materials=materials or {}, findings=findings, submitting_agency=submitting_agency)


def _resubmit(*, actor, target, review, version, materials, findings) -> LegalityReview:
    review.status = ReviewStatus.IN_REVIEW if review.assigned_to_id else ReviewStatus.WAITING
    review.version = version
    review.version_hash = version.sha256
    if materials is not None:
        review.materials = materials
    if findings is not None:
        review.precheck_findings = findings
    review.save(update_fields=["status", "version", "version_hash", "materials", "precheck_findings"])
    open_return = review.returns.filter(resubmitted_at__isnull=True).last()
    if open_return is not None:
        open_return.resubmitted_at = timezone.now()
        open_return.save(update_fields=["resubmitted_at"])
    if review.deadline_id and review.deadline.status == DeadlineStatus.PAUSED:
        deadlines.deadline_resume(actor=None, deadline=review.deadline, on_date=timezone.localdate())
    audit.record(actor=actor, action="procedure.review_resubmit", obj=target,
                 after={"review": str(review.code), "version": version.number})
    _notify_reviewers(review, f"补充材料后重新送审：{review.subject_title}")
    return review


def review_withdraw(*, actor, target, reason: str) -> LegalityReview | None:
    """The module abandons the item: an open review leaves the desk and its clock is cancelled."""
    _require_atomic()
    review = latest_review(target)
    if review is None or review.status not in ON_DESK:
        return None
    review.status = ReviewStatus.WITHDRAWN
    review.save(update_fields=["status"])
    if review.deadline_id and review.deadline.status in (DeadlineStatus.OPEN, DeadlineStatus.PAUSED):
        deadlines.deadline_cancel(actor=None, deadline=review.deadline, reason=reason[:200] or "送审事项撤回")
    audit.record(actor=actor, action="procedure.review_withdraw", obj=target,
                 after={"review": str(review.code), "reason": reason[:300]})
    return review


# ---------------------------------------------------------------- the reviewer's steps (the review machine)


def _same_desk(user, review, facts) -> str | None:
    """Only the reviewing body's own staff work its desk."""
    if user.agency_id != review.agency_id:
        return "该审核不在您单位的审核台。"
    return None


def _is_current(review, facts) -> list[str]:
    latest = LegalityReview.objects.filter(content_type_id=review.content_type_id, object_id=review.object_id) \
        .order_by("-round", "-id").values_list("pk", flat=True).first()
    return [] if latest == review.pk else ["这不是该事项最新一轮的审核。"]


def _claimable(review, facts) -> list[str]:
    if review.assigned_to_id:
        return [f"本审核已由{review.assigned_to.display_name}承办；如需调整，请分配承办人。"]
    return _is_current(review, facts)


def _changes_pending(review, facts) -> list[str]:
    if review.opinion != ReviewOpinion.LAWFUL_AFTER_CHANGES:
        return ["只有“修改后合法”的审核意见需要确认修改落实。"]
    if review.confirmed_hash:
        target = target_of(review)
        if review.confirmed_hash == current_hash(target):
            return ["修改后的文本已确认，此后未再修改。"]
    return []


REVIEW_BASIS = basis("国办发〔2018〕115号《关于全面推行行政规范性文件合法性审核机制的指导意见》", "三、（二）")
DECREE_713 = "重大行政决策程序暂行条例"
S = ReviewStatus

REVIEW_MACHINE = Machine(
    app="procedure",
    model="procedure.LegalityReview",
    subject="review",
    states=ReviewStatus,
    state_field="status",
    transitions=[
        Transition("claim", "承办", {S.WAITING, S.IN_REVIEW}, Perm.REVIEW, REVIEW_BASIS + basis(DECREE_713, "第二十六条"),
                   service="fazhi.procedure.reviews.review_claim", target=S.IN_REVIEW, guard=_claimable,
                   actor_check=_same_desk, done="已承办，本审核由您负责。", who="审核机构"),
        Transition("assign", "分配承办人", {S.WAITING, S.IN_REVIEW}, Perm.REVIEW, REVIEW_BASIS,
                   service="fazhi.procedure.reviews.review_assign", target=S.IN_REVIEW, guard=_is_current,
                   actor_check=_same_desk, input="fazhi.procedure.api.reviews.AssignInput",
                   form="fazhi.procedure.forms_review.AssignForm", done="已分配承办人。", who="审核机构"),
        Transition("return_for_supplement", "退回补充材料", {S.WAITING, S.IN_REVIEW}, Perm.REVIEW,
                   basis(DECREE_713, "第二十六条") + REVIEW_BASIS,
                   service="fazhi.procedure.reviews.review_return", target=S.RETURNED, guard=_is_current,
                   actor_check=_same_desk, input="fazhi.procedure.api.reviews.ReturnInput",
                   form="fazhi.procedure.forms_review.ReturnForm", done="已退回补充材料，审核期限中止计算。",
                   who="审核机构"),
        Transition("give_opinion", "出具审核意见", {S.WAITING, S.IN_REVIEW}, Perm.REVIEW,
                   basis(DECREE_713, "第二十七条", "第二十八条") + REVIEW_BASIS,
                   service="fazhi.procedure.reviews.review_give_opinion", target=S.DONE, guard=_is_current,
                   actor_check=_same_desk, input="fazhi.procedure.api.reviews.OpinionInput",
                   form="fazhi.procedure.forms_review.OpinionForm", done="已出具审核意见。", who="审核机构"),
        Transition("confirm_changes", "确认修改落实", {S.DONE}, Perm.REVIEW, basis(DECREE_713, "第二十八条"),
                   service="fazhi.procedure.reviews.review_confirm_changes", guard=_changes_pending,
                   offered=lambda user, review, facts: review.opinion == ReviewOpinion.LAWFUL_AFTER_CHANGES,
                   actor_check=_same_desk, done="已确认修改后的文本：审核意见对这一版本有效。", who="审核机构"),
    ],
)


def _hook(actor, review: LegalityReview, event: str):
    target = target_of(review)
    type_for(target).on_event(actor, target, review, event)
    return target


@transaction.atomic
def review_claim(*, actor, review: LegalityReview) -> LegalityReview:
    step = REVIEW_MACHINE.begin("claim", actor=actor, obj=review)
    review = step.obj
    review.assigned_to = actor
    review.claimed_at = timezone.now()
    return step.finish(update_fields=["assigned_to", "claimed_at"], after={"assigned_to": actor.pk if actor else None})


@transaction.atomic
def review_assign(*, actor, review: LegalityReview, assignee) -> LegalityReview:
    from fazhi.core.models import User

    step = REVIEW_MACHINE.begin("assign", actor=actor, obj=review)
    review = step.obj
    if not isinstance(assignee, User) or not assignee.is_active or assignee.agency_id != review.agency_id \
            or not has_perm(assignee, Perm.REVIEW):
        raise ServiceError(field_errors={"assignee": ["承办人须为本审核机构在用的审核人员。"]})
    before = {"assigned_to": review.assigned_to_id}
    review.assigned_to = assignee
    review.claimed_at = review.claimed_at or timezone.now()
    step.finish(update_fields=["assigned_to", "claimed_at"], before=before, after={"assigned_to": assignee.pk})
    transaction.on_commit(lambda: notify(recipient=assignee, title=f"请承办：{review.subject_title}"[:200],
                                         link=f"/reviews/{review.code}/"))
    return review


@transaction.atomic
def review_return(*, actor, review: LegalityReview, reason: str) -> LegalityReview:
    """Return for supplements: the review period stops until the submitter resubmits (第二十六条)."""
    step = REVIEW_MACHINE.begin("return_for_supplement", actor=actor, obj=review)
    review = step.obj
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(field_errors={"reason": ["请写明需要补充的材料或事项。"]})
    if len(reason) > 5000:
        raise ServiceError(field_errors={"reason": ["不超过 5000 字。"]})
    ReviewReturn.objects.create(review=review, reason=reason, returned_by=actor, returned_at=timezone.now())
    review.assigned_to = review.assigned_to or actor
    if review.deadline_id:
        deadlines.deadline_pause(actor=None, deadline=review.deadline, on_date=timezone.localdate(),
                                 reason=f"退回补充材料：{reason[:100]}")
    step.finish(update_fields=["assigned_to"], after={"reason": reason})
    _hook(actor, review, "returned")
    return review


def checklist_problems(review_type: ReviewType, checklist: dict) -> tuple[dict, list[Reason]]:
    """The checklist reduced to its known items; every unfilled item named at that item."""
    checklist = checklist if isinstance(checklist, dict) else {}
    clean, problems = {}, []
    for key, label in review_type.checklist:
        item = checklist.get(key) or {}
        result = item.get("result", "") if isinstance(item, dict) else ""
        note = (item.get("note", "") if isinstance(item, dict) else "") or ""
        if result not in CheckResult.values:
            problems.append(Reason(f"审核要点“{label}”未填写。", field=f"check_{key}"))
            continue
        if result == CheckResult.PROBLEM and not note.strip():
            problems.append(Reason(f"审核要点“{label}”存在问题，请写明问题。", field=f"check_{key}_note"))
        clean[key] = {"result": result, "note": note.strip()[:2000]}
    return clean, problems


@transaction.atomic
def review_give_opinion(*, actor, review: LegalityReview, opinion: str, checklist: dict | None = None,
                        opinion_text: str = "", required_changes: str = "") -> LegalityReview:
    step = REVIEW_MACHINE.begin("give_opinion", actor=actor, obj=review)
    review = step.obj
    target = target_of(review)
    review_type = type_for(target)
    problems: list[Reason] = []
    if opinion not in review_type.opinions:
        choices = "、".join(label for _, label in review_type.opinion_choices())
        problems.append(Reason(f"请选择审核意见：{choices}。", field="opinion"))
    clean, checklist_reasons = checklist_problems(review_type, checklist or {})
    problems.extend(checklist_reasons)
    if opinion == ReviewOpinion.LAWFUL_AFTER_CHANGES and not (required_changes or "").strip():
        problems.append(Reason(f"“{review_type.opinion_label(opinion)}”须写明修改要求。", field="required_changes"))
    if opinion in BLOCKING and not (opinion_text or "").strip():
        problems.append(Reason("不同意的，须写明理由和依据。", field="opinion_text"))
    if review_type.opinion_problems is not None:
        problems.extend(review_type.opinion_problems(target, review, opinion=opinion, opinion_text=opinion_text or ""))
    step.refuse(problems)
    review.opinion = opinion
    review.checklist = clean
    review.opinion_text = (opinion_text or "").strip()
    review.required_changes = (required_changes or "").strip()
    review.opinion_by = actor
    review.opinion_at = timezone.now()
    review.assigned_to = review.assigned_to or actor
    if review.deadline_id:
        deadlines.deadline_complete(actor=None, deadline=review.deadline, on_date=timezone.localdate())
    step.finish(update_fields=["opinion", "checklist", "opinion_text", "required_changes", "opinion_by",
                               "opinion_at", "assigned_to"],
                after={"opinion": opinion, "stage": review.stage, "version": review.version.number
                       if review.version_id else None, "required_changes": review.required_changes})
    following = _next_stage(target, review.stage)
    if following is not None and opinion == ReviewOpinion.LAWFUL:
        # 国办发〔2018〕115号: the department's legal office has passed it — on to the next stage.
        _forward(actor, target, review, following)
    else:
        # the last stage's opinion, a refusal, or changes asked for at an earlier stage (the text goes back to
        # its drafter; the reviewer's confirmation of the changed text forwards it)
        _hook(actor, review, "opinion")
    return review


def _forward(actor, target, review: LegalityReview, stage: Stage) -> LegalityReview:
    nxt = _open_review(actor=actor, target=target, stage=stage, version=review.confirmed_version or review.version,
                       materials={**(review.materials or {}), "earlier_stage": str(review.code)},
                       findings=review.precheck_findings, submitting_agency=review.submitting_agency)
    type_for(target).on_event(actor, target, nxt, "forwarded")
    return nxt


@transaction.atomic
def review_confirm_changes(*, actor, review: LegalityReview) -> LegalityReview:
    """The reviewer confirms the text changed to meet a "修改后合法" opinion: the opinion now binds it."""
    step = REVIEW_MACHINE.begin("confirm_changes", actor=actor, obj=review)
    review = step.obj
    target = target_of(review)
    title, body = type_for(target).text(target)
    digest = text_sha256(title, body)
    if review.version_id and digest == review.version_hash:
        step.refuse([Reason("送审稿之后文本尚未修改：请起草单位先按修改要求修改文本。", field="review")])
    version = TextVersion.objects.filter(**_keys(target), sha256=digest).order_by("-number").first() or version_add(
        actor=actor, target=target, title=title, body=body, note="按审核意见修改后的文本（审核人员确认）")
    review.confirmed_version = version
    review.confirmed_hash = digest
    review.changes_confirmed_at = timezone.now()
    review.changes_confirmed_by = actor
    step.finish(update_fields=["confirmed_version", "confirmed_hash", "changes_confirmed_at", "changes_confirmed_by"],
                after={"confirmed_version": version.number})
    following = _next_stage(target, review.stage)
    if following is not None:
        _forward(actor, target, review, following)
    else:
        _hook(actor, review, "confirmed")
    return review


def opinion_for(review: LegalityReview) -> dict:
    """What an opinion document shows (kept apart from docx layout so the API can return it too)."""
    target = target_of(review)
    review_type = type_for(target)
    rows = [(row["label"], row["result"], row["note"]) for row in review_type.checklist_rows(review)]
    return {"type": review_type, "target": target, "review": review, "checklist": rows,
            "opinion": review_type.opinion_label(review.opinion) if review.opinion else ""}


def opinion_docx(review: LegalityReview):
    """The 合法性审核意见书 (or 法制审核意见书) as .docx in the GB/T 9704 layout."""
    from fazhi.core.docgen import OfficialDocument

    data = opinion_for(review)
    review_type = data["type"]
    doc = OfficialDocument(issuer=review.agency.name, number="", title=f"{review_type.noun}意见书", red_header=False)
    doc.recipient(review.submitting_agency.name)
    doc.paragraph(f"你单位于{review.submitted_at:%Y年%m月%d日}".replace("年0", "年").replace("月0", "月")
                  + f"送请{review_type.noun}的《{review.subject_title}》"
                  + (f"（第 {review.version.number} 版）" if review.version_id else "")
                  + "收悉。经审核，现提出如下意见：")
    doc.heading(f"一、{review_type.noun}意见：{data['opinion'] or '尚未出具'}")
    if review.opinion_text:
        doc.paragraph(review.opinion_text)
    if review.required_changes:
        doc.heading("二、修改要求")
        doc.paragraph(review.required_changes)
    if data["checklist"]:
        doc.heading("三、审核要点" if review.required_changes else "二、审核要点")
        doc.table(["审核要点", "结论", "说明"], data["checklist"])
    doc.paragraph(f"本意见仅对上述送审文本（摘要 {(review.version_hash or '')[:12]}）有效；"
                  f"文本此后如有修改，应重新送请{review_type.noun}。")
    doc.signature(review.agency.name, (review.opinion_at or timezone.now()).date())
    return doc.to_file(f"{review_type.noun}意见书-{review.code}.docx")


__all__ = [
    "REVIEW_MACHINE", "Perm", "ReviewType", "Stage", "current_hash", "desk", "latest_review", "next_stage", "all_passed", "opinion_docx",
    "opinion_for", "passed", "register_review_type", "review_assign", "review_claim", "review_confirm_changes", "review_gate",
    "review_give_opinion", "review_return", "review_submit", "review_types", "review_withdraw", "reviews_of",
    "stages_problems", "target_of", "type_for",
]
