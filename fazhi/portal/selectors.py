"""What the public may read, and nothing else: published documents, comment calls once they have been
posted, screened comments, published cleanup results, and the files those reference.

Every portal page and the public API endpoint read through these functions, which build on the
public selectors of ``documents.selectors``. Drafts, unscreened comments, contacts and client
addresses never leave this module.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import Agency, Attachment
from fazhi.core.selectors import get_scoped
from fazhi.decisions.models import Decision
from fazhi.documents import selectors as doc_selectors
from fazhi.documents.choices import CampaignStatus, CleanupDecision, EvaluationStatus
from fazhi.documents.models import CleanupCampaign, CleanupItem, Filing, NormativeDocument, ReviewSuggestion
from fazhi.procedure.models import Comment, CommentCall

# ------------------------------------------------------------------ documents


def documents(today: date | None = None) -> QuerySet[NormativeDocument]:
    """Published documents (publication date reached), annotated with their derived ``validity``."""
    return doc_selectors.public_documents(today)


def document(code: str) -> NormativeDocument:
    """One public document by its code; a draft and a missing code are the same 404."""
    return get_scoped(documents(), code=code)


def issuers() -> QuerySet[Agency]:
    """The issuing authorities that have at least one public document (the library's issuer filter): one probe of
    the issuer index per authority, and lazy — the API's unfiltered list never runs it."""
    return Agency.objects.filter(pk__in=documents().values("issuing_agency_id")).order_by("region_path", "name")


def years() -> list[int]:
    """Publication years of the public documents, newest first — cached (every library page shows them):
    ``FAZHI_PORTAL_FACET_SECONDS`` (default 600) bounds how late a first document of a new year shows; the key
    holds today's date, so a document whose publication date arrives at midnight shows the next day at once."""
    from django.conf import settings
    from django.core.cache import cache

    key = f"fz-portal-years:{timezone.localdate().isoformat()}"
    found = cache.get(key)
    if found is None:
        found = _publication_years(documents())
        cache.set(key, found, getattr(settings, "FAZHI_PORTAL_FACET_SECONDS", 600))
    return found


def _publication_years(public: QuerySet[NormativeDocument]) -> list[int]:
    """The years holding a public document, newest first: the first and last publication dates, then one
    probe of the (state, publication_date) index per year between them — a few dozen index lookups instead
    of grouping every public document by year (0.1–0.2 s at 200,000 documents)."""
    bounds = public.order_by().aggregate(first=Min("publication_date"), last=Max("publication_date"))
    if bounds["first"] is None:
        return []
    return [year for year in range(bounds["last"].year, bounds["first"].year - 1, -1)
            if public.filter(publication_date__gte=date(year, 1, 1), publication_date__lte=date(year, 12, 31)).exists()]


def latest(limit: int = 5) -> list[NormativeDocument]:
    return list(documents().order_by("-publication_date", "-id")[:limit])


@dataclass(frozen=True)
class HistoryEntry:
    """One public fact in a document's life (never an internal audit detail)."""

    on: date
    text: str
    link_code: str = ""  # code of a related public document
    upcoming: bool = False


def history(doc: NormativeDocument, today: date | None = None) -> list[HistoryEntry]:
    """Publication, entry into force, amendment, repeal, cleanup and evaluation results, filing revocation.

    Related documents are linked only when they are public themselves.
    """
    today = today or timezone.localdate()
    public_codes = set(
        documents(today)
        .filter(Q(pk=doc.amended_by_id) | Q(pk=doc.repealed_by_id) | Q(amended_by=doc) | Q(repealed_by=doc))
        .values_list("code", flat=True)
    )
    entries = [HistoryEntry(doc.publication_date, f"公布（{doc.number}）" if doc.number else "公布")]
    if doc.effective_date:
        upcoming = doc.effective_date > today
        entries.append(HistoryEntry(doc.effective_date, "将于本日起施行" if upcoming else "施行", upcoming=upcoming))
    for other in doc.amended_documents.filter(code__in=public_codes):
        entries.append(HistoryEntry(doc.publication_date, f"本文件修改了《{other.title}》", other.code))
    for other in doc.repealed_documents.filter(code__in=public_codes):
        entries.append(HistoryEntry(doc.publication_date, f"本文件废止了《{other.title}》", other.code))
    items = (
        CleanupItem.objects.filter(document=doc, campaign__status=CampaignStatus.PUBLISHED)
        .select_related("campaign")
        .order_by("campaign__published_on", "id")
    )
    for item in items:
        label = CleanupDecision(item.decision).label if item.decision in CleanupDecision.values else item.decision
        entries.append(HistoryEntry(item.campaign.published_on, f"{item.campaign.title}：{label}"))
    for task in doc.evaluations.filter(status=EvaluationStatus.DONE, done_on__isnull=False):
        label = CleanupDecision(task.conclusion).label if task.conclusion in CleanupDecision.values else ""
        entries.append(HistoryEntry(task.done_on, f"有效期届满评估：{label}"))
        if task.republished_on and task.republished_on <= today:
            number = f"，新文号 {task.republished_number}" if task.republished_number else ""
            entries.append(HistoryEntry(task.republished_on, f"评估后重新公布{number}，有效期至 {task.republished_expiry}"))
    filing = Filing.objects.filter(document=doc).first()
    if doc.revoked_on and doc.revoked_on <= today:
        authority = filing.authority_name if filing is not None else "人民政府"
        entries.append(HistoryEntry(doc.revoked_on, f"经备案审查，由{authority}决定撤销（{doc.revocation_decision}）"))
    if doc.amended_on and doc.amended_on <= today:
        code = doc.amended_by.code if doc.amended_by_id and doc.amended_by.code in public_codes else ""
        title = f"《{doc.amended_by.title}》" if code else ""
        entries.append(HistoryEntry(doc.amended_on, f"被{title}修改" if title else "已修改", code))
    if doc.repealed_on and doc.repealed_on <= today:
        code = doc.repealed_by.code if doc.repealed_by_id and doc.repealed_by.code in public_codes else ""
        title = f"《{doc.repealed_by.title}》" if code else ""
        entries.append(HistoryEntry(doc.repealed_on, f"被{title}废止" if title else "废止", code))
    if doc.invalid_from and doc.invalid_from <= today:
        entries.append(HistoryEntry(doc.invalid_from, "宣布失效"))
    if doc.expiry_date and doc.expiry_date < today and not (doc.repealed_on or doc.invalid_from):
        entries.append(HistoryEntry(doc.expiry_date, "有效期届满"))
    return sorted(entries, key=lambda e: (e.on, e.upcoming))


def related(doc: NormativeDocument) -> dict[str, NormativeDocument | None]:
    """The amending and repealing documents, when they are public."""
    public = documents()
    return {
        "amended_by": public.filter(pk=doc.amended_by_id).first() if doc.amended_by_id else None,
        "repealed_by": public.filter(pk=doc.repealed_by_id).first() if doc.repealed_by_id else None,
    }


# ------------------------------------------------------------------ comment calls and comments


def _document_calls() -> QuerySet[CommentCall]:
    return CommentCall.objects.filter(content_type=ContentType.objects.get_for_model(NormativeDocument))


def open_calls(today: date | None = None) -> QuerySet[CommentCall]:
    """Calls whose window is open today: the public may read the draft and comment."""
    return doc_selectors.public_comment_calls(today).select_related("agency")


def ended_calls(today: date | None = None) -> QuerySet[CommentCall]:
    """Calls that were posted and have ended: their screened comments and answers stay readable."""
    today = today or timezone.localdate()
    return (
        _document_calls()
        .filter(start_date__lte=today)
        .filter(Q(end_date__lt=today) | Q(closed_at__isnull=False))
        .select_related("agency")
        .order_by("-end_date", "-id")
    )


@dataclass(frozen=True)
class PublicCall:
    """One public comment call in the portal's single 征求意见 list: a document draft or a decision draft."""

    call: CommentCall
    kind: str
    url: str


def _decision_calls() -> QuerySet[CommentCall]:
    return CommentCall.objects.filter(content_type=ContentType.objects.get_for_model(Decision))


def _public_calls(document_calls, decision_calls) -> list[PublicCall]:
    items = [PublicCall(call, "规范性文件", reverse("portal:comment_detail", kwargs={"code": call.code}))
             for call in document_calls]
    items += [PublicCall(call, "重大行政决策",
                         reverse("portal_decisions:consultation_detail", kwargs={"code": call.code}))
              for call in decision_calls]
    return items


def all_open_calls(today: date | None = None, limit: int | None = None) -> list[PublicCall]:
    """Every call open today, documents and decisions together, the one closing soonest first."""
    today = today or timezone.localdate()
    decision_calls = (_decision_calls().filter(start_date__lte=today, end_date__gte=today, closed_at__isnull=True)
                      .select_related("agency").order_by("end_date", "id"))
    document_calls = open_calls(today).order_by("end_date", "id")
    if limit is not None:
        document_calls, decision_calls = document_calls[:limit], decision_calls[:limit]
    items = sorted(_public_calls(document_calls, decision_calls), key=lambda item: (item.call.end_date, item.call.pk))
    return items[:limit] if limit is not None else items


def all_ended_calls(today: date | None = None, limit: int = 30) -> list[PublicCall]:
    """Ended calls of both kinds (their screened comments and answers stay readable), latest end first."""
    today = today or timezone.localdate()
    ended = Q(end_date__lt=today) | Q(closed_at__isnull=False)
    decision_calls = (_decision_calls().filter(start_date__lte=today).filter(ended)
                      .select_related("agency").order_by("-end_date", "-id")[:limit])
    items = _public_calls(ended_calls(today)[:limit], decision_calls)
    return sorted(items, key=lambda item: (item.call.end_date, item.call.pk), reverse=True)[:limit]


def comment_call(code, today: date | None = None) -> CommentCall:
    """A call that has been posted (its start date reached); a future or missing one is a 404."""
    today = today or timezone.localdate()
    return get_scoped(_document_calls().filter(start_date__lte=today).select_related("agency", "version"), code=code)


def comment_by_receipt(receipt: str) -> Comment:
    """A comment by its receipt code — the commenter's own view of it (screening, answer); contact and
    address are never loaded. The call must have been posted; an unknown code is a 404."""
    today = timezone.localdate()
    return get_scoped(
        Comment.objects.filter(call__start_date__lte=today).select_related("call", "call__agency")
        .defer("contact", "client_ip"),
        receipt=receipt,
    )


def call_url(call: CommentCall) -> str:
    """The public page of a call: the document's or the decision's consultation page."""
    if call.content_type_id == ContentType.objects.get_for_model(Decision).pk:
        return reverse("portal_decisions:consultation_detail", kwargs={"code": call.code})
    return reverse("portal:comment_detail", kwargs={"code": call.code})


def comments(call: CommentCall) -> QuerySet[Comment]:
    """Screened comments only, without contact or address (they are deferred, never rendered)."""
    return doc_selectors.public_comments(call).order_by("submitted_at", "id")


# ------------------------------------------------------------------ cleanup results


def campaigns() -> QuerySet[CleanupCampaign]:
    return doc_selectors.public_campaigns().select_related("agency", "announcement")


def campaign(code: str) -> CleanupCampaign:
    return get_scoped(campaigns(), code=code)


@dataclass
class DecisionGroup:
    decision: str
    label: str
    items: list


def campaign_groups(campaign: CleanupCampaign) -> list[DecisionGroup]:
    """The published result lists, one per decision (继续有效 / 修改 / 废止 / 宣布失效)."""
    items = list(
        campaign.items.select_related("document", "document__issuing_agency").order_by(
            "document__issuing_agency__name", "document__publication_date", "id"
        )
    )
    groups = []
    for value, label in CleanupDecision.choices:
        members = [i for i in items if i.decision == value]
        groups.append(DecisionGroup(value, label, members))
    return groups


# ------------------------------------------------------------------ files and receipts


def attachment(code) -> Attachment:
    """Only files referenced as a public document's signed text or a published campaign's announcement."""
    referenced = Q(pk__in=documents().filter(signed_pdf__isnull=False).values("signed_pdf_id")) | Q(
        pk__in=campaigns().filter(announcement__isnull=False).values("announcement_id")
    )
    return get_scoped(Attachment.objects.filter(referenced), code=code)


def suggestion(code: str) -> ReviewSuggestion:
    """A review suggestion by its receipt code (the code is the citizen's only key to it)."""
    return get_scoped(ReviewSuggestion.objects.select_related("document"), code=code)
