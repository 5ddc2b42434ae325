"""Reads of the normative-document module that depend on who asks, and the derived validity."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Expression, Q, QuerySet
from django.utils import timezone

from fazhi.core.models import AuditEvent
from fazhi.core.scope import restrict
from fazhi.procedure.choices import ScreeningStatus
from fazhi.procedure.models import Comment, CommentCall

from .choices import DocumentState, FilingReviewStatus, Validity
from .models import CleanupCampaign, CleanupItem, Filing, NormativeDocument, ReviewSuggestion
from .workflow import Perm


def validity_of(doc: NormativeDocument, today: date | None = None) -> str:
    """The legal status, derived from dates and decisions — never stored or typed by hand.
    An unpublished document is never shown as in force (优化营商环境条例 第六十四条第二款)."""
    today = today or timezone.localdate()
    if doc.state != DocumentState.PUBLISHED or doc.publication_date is None or doc.publication_date > today:
        return Validity.UNPUBLISHED
    if doc.revoked_on and doc.revoked_on <= today:
        return Validity.REVOKED
    if doc.repealed_on and doc.repealed_on <= today:
        return Validity.REPEALED
    if doc.invalid_from and doc.invalid_from <= today:
        return Validity.EXPIRED
    if doc.effective_date and doc.effective_date > today:
        return Validity.NOT_YET
    if doc.expiry_date and doc.expiry_date < today:
        return Validity.EXPIRED
    if doc.amended_on and doc.amended_on <= today:
        return Validity.AMENDED
    return Validity.IN_FORCE


# validity_of's steps in its order: (column, comparison with today, the validity it gives). The first step
# (not published, or no publication date, or published after today) is written out in ValidityOf.as_sql.
_VALIDITY_STEPS = (
    ("revoked_on", "<=", Validity.REVOKED),
    ("repealed_on", "<=", Validity.REPEALED),
    ("invalid_from", "<=", Validity.EXPIRED),
    ("effective_date", ">", Validity.NOT_YET),
    ("expiry_date", "<", Validity.EXPIRED),
    ("amended_on", "<=", Validity.AMENDED),
)


class ValidityOf(Expression):
    """``validity_of`` as one SQL ``CASE`` on the document table of the query it is compiled in, for selecting,
    filtering, grouping and counting. Written as text once instead of a ``Case`` of seven ``When(Q(…))``: Django
    resolved those on every document query (half a millisecond, pages, API, portal and exports alike) and
    compiled them again for each statement. A NULL date compares as unknown, so its step is passed over, as in
    ``validity_of``. Like ``search.VectorMatch`` it names the columns on the query's own table alias (the outer
    query's, or a subquery's relabelled one)."""

    output_field = CharField()

    def __init__(self, today: date):
        super().__init__(output_field=CharField())
        self.today = today

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())

        def column(name):
            return f"{table}.{connection.ops.quote_name(name)}"

        today = connection.ops.adapt_datefield_value(self.today)
        published = column("publication_date")
        sql = [f"CASE WHEN {column('state')} <> %s OR {published} IS NULL OR {published} > %s THEN %s"]
        params = [DocumentState.PUBLISHED.value, today, Validity.UNPUBLISHED.value]
        for name, comparison, validity in _VALIDITY_STEPS:
            sql.append(f"WHEN {column(name)} {comparison} %s THEN %s")
            params += [today, validity.value]
        sql.append("ELSE %s END")
        params.append(Validity.IN_FORCE.value)
        return " ".join(sql), params


def validity_annotation(today: date | None = None) -> ValidityOf:
    """The same derivation as ``validity_of``, as SQL, for filtering and counting."""
    return ValidityOf(today or timezone.localdate())


def with_validity(qs: QuerySet, today: date | None = None) -> QuerySet:
    return qs.annotate(validity=validity_annotation(today))


def is_public(doc: NormativeDocument, today: date | None = None) -> bool:
    return validity_of(doc, today) != Validity.UNPUBLISHED


# The long texts no list shows (pages, API, exports): a body and its search tokens are ~10 KB of TOAST a row.
DOCUMENT_LIST_DEFER = ("body", "drafting_notes", "legal_basis", "early_effect_reason", "adoption_summary",
                       "search_tokens")


def document_rows(queryset: QuerySet[NormativeDocument]) -> QuerySet[NormativeDocument]:
    """Only the columns a list shows."""
    return queryset.defer(*DOCUMENT_LIST_DEFER)


# What a row of the staff list page shows (documents_tags.document_list_row) and its sorts read, as plain values:
# whole rows of the document and of its two agencies took ten times as long to load, and model instances of the
# columns alone still twice as long as these.
DOCUMENT_TABLE_FIELDS = ("id", "code", "title", "number", "category", "state", "publication_date", "updated_at",
                         "agency_id", "issuing_agency_id", "issuing_agency__name", "agency__name", "validity")


def document_table_rows(queryset: QuerySet[NormativeDocument]) -> QuerySet:
    """The staff list page's rows: a dict of ``DOCUMENT_TABLE_FIELDS`` each (``validity`` from ``with_validity``)."""
    return queryset.values(*DOCUMENT_TABLE_FIELDS)


# What a row of the API list reads (api.serializers.DocumentSerializer, validity_of's dates included).
DOCUMENT_API_LIST_FIELDS = ("code", "title", "category", "state", "number", "affects_rights", "concerns_market",
                            "publication_date", "effective_date", "expiry_date", "revoked_on", "repealed_on",
                            "invalid_from", "amended_on", "version_count", "created_at", "updated_at",
                            "issuing_agency", "issuing_agency__code", "issuing_agency__name", "agency", "agency__code",
                            "agency__name")


def document_list(*, user) -> QuerySet[NormativeDocument]:
    return with_validity(restrict(NormativeDocument.objects.select_related("issuing_agency", "agency"), user,
                                  Perm.VIEW))


def revocation_cases(*, user) -> QuerySet[NormativeDocument]:
    """What a government office deciding on revocations (地方组织法 第七十三条第三项) sees: published documents
    proposed for revocation, or decided, in its scope — never drafts."""
    return with_validity(restrict(NormativeDocument.objects.filter(
        state=DocumentState.PUBLISHED, filing__review_status__in=[
            FilingReviewStatus.REVOCATION_PROPOSED, FilingReviewStatus.REVOKED, FilingReviewStatus.NOT_REVOKED]),
        user, Perm.REVOKE).select_related("issuing_agency", "agency"))


def my_drafts(*, user) -> QuerySet[NormativeDocument]:
    """Drafts the user's agency is working on (not yet published or abandoned)."""
    return document_list(user=user).filter(agency_id=user.agency_id).exclude(
        state__in=[DocumentState.PUBLISHED, DocumentState.ABANDONED])


def _doc_ct():
    return ContentType.objects.get_for_model(NormativeDocument)


def review_materials(doc) -> dict[str, str]:
    """What the reviewer reads beside the text (国办发〔2018〕115号: 起草说明、制定依据、征求意见及采纳情况 …)."""
    call = comment_call_for(doc)
    if call is not None:
        comments = f"{call.start_date:%Y-%m-%d} 至 {call.end_date:%Y-%m-%d}" + (
            f"（缩短理由：{call.shortened_reason}）" if call.shortened_reason else "") + "\n" + (
            call.summary or "（尚无采纳情况说明）")
    elif doc.affects_rights or doc.concerns_market:
        comments = "（未征求意见）"
    else:
        comments = "不涉及公民、法人和其他组织权利义务，无需公开征求意见。"
    fair = getattr(doc, "fair_competition", None)
    if fair is not None:
        competition = f"{fair.get_conclusion_display()}（{fair.reviewer}，{fair.reviewed_on:%Y-%m-%d}）" + (
            f"\n{fair.explanation}" if fair.explanation else "")
    else:
        competition = "（缺少公平竞争审查结论）" if doc.concerns_market else "不涉及市场主体经济活动。"
    laws = [f"《{law.name}》" + ("" if law.status == "in_force" else f"（{law.get_status_display()}）")
            for law in doc.upper_laws.all()]
    return {
        "起草说明": doc.drafting_notes or "（未提供）",
        "制定依据": doc.legal_basis or "（未填写）",
        "依据的上位法": "\n".join(laws) or "（未关联）",
        "征求意见及采纳情况": comments,
        "公平竞争审查": competition,
        "有效期": f"{doc.validity_years} 年" + ("（暂行、试行）" if doc.is_provisional else ""),
    }


def filing_desk(*, user) -> QuerySet[Filing]:
    """Filings addressed to the government whose justice bureau the user works in."""
    qs = restrict(Filing.objects.select_related("document", "document__issuing_agency", "agency", "deadline"),
                  user, Perm.FILING_REVIEW)
    if user.agency_id is None:
        return qs.none()
    return qs.filter(agency__region_id=user.agency.region_id).order_by("review_status", "-filed_on", "due_date")


def suggestion_list(*, user) -> QuerySet[ReviewSuggestion]:
    """Suggestions the user's office must answer: their answer deadline lies in the user's scope."""
    from fazhi.core.models import Deadline
    from fazhi.core.permissions import P, has_perm

    if not has_perm(user, Perm.FILING_REVIEW):
        return ReviewSuggestion.objects.none()
    answerable = restrict(Deadline.objects.all(), user, P.VIEW_DEADLINE)
    return ReviewSuggestion.objects.filter(deadline__in=answerable).select_related("document", "deadline")


def campaign_list(*, user) -> QuerySet[CleanupCampaign]:
    """Campaigns the user organises, plus those listing documents the user's office drafted: the issuer
    gives its decisions there (services.cleanup_item_decide)."""
    own = restrict(NormativeDocument.objects.all(), user, Perm.DRAFT).values("pk")
    organised = restrict(CleanupCampaign.objects.all(), user, Perm.VIEW).values("pk")
    listing_own = CleanupItem.objects.filter(document__in=own).values("campaign")
    return CleanupCampaign.objects.filter(Q(pk__in=organised) | Q(pk__in=listing_own)).select_related("agency")


def comment_call_for(doc) -> CommentCall | None:
    return CommentCall.objects.filter(content_type=_doc_ct(), object_id=str(doc.pk)).order_by("-id").first()


def timeline(doc: NormativeDocument) -> QuerySet[AuditEvent]:
    """Every step of the document, who and when: its audit events (the audit chain is the record)."""
    return AuditEvent.objects.filter(object_type="documents.normativedocument", object_id=str(doc.pk)).order_by("id")


# ------------------------------------------------------------------ the public portal


def public_documents(today: date | None = None) -> QuerySet[NormativeDocument]:
    today = today or timezone.localdate()
    return with_validity(
        NormativeDocument.objects.filter(state=DocumentState.PUBLISHED, publication_date__lte=today)
        .select_related("issuing_agency"), today,
    )


def public_comment_calls(today: date | None = None) -> QuerySet[CommentCall]:
    today = today or timezone.localdate()
    return CommentCall.objects.filter(content_type=_doc_ct(), start_date__lte=today, end_date__gte=today,
                                      closed_at__isnull=True).order_by("end_date")


def public_comments(call: CommentCall) -> QuerySet[Comment]:
    """Only screened comments are shown; contacts never are."""
    return call.comments.filter(screening=ScreeningStatus.SHOWN).defer("contact", "client_ip")


def public_campaigns() -> QuerySet[CleanupCampaign]:
    return CleanupCampaign.objects.filter(status="published").order_by("-published_on")


__all__ = ["FilingReviewStatus"]
