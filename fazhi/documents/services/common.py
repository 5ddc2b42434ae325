"""What every document service does: refuse with the unmet conditions, lock the row, store an upload, link to the page."""




from fazhi.core.errors import NotPermitted, TransitionRefused
from fazhi.core.models import Agency, Attachment, User
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict

from ..models import (
    NormativeDocument,
)
from ..workflow import MACHINE

DOC_FIELDS = [
    "title",
    "category",
    "issuing_agency",
    "affects_rights",
    "concerns_market",
    "validity_years",
    "state",
    "number",
    "publication_date",
    "effective_date",
    "expiry_date",
]


def _refuse(reasons: list[str]) -> None:
    if reasons:
        raise TransitionRefused(reasons)


def _check_step(action: str, doc: NormativeDocument, actor, problems=None):
    """The machine's conditions of ``action`` on the locked ``doc`` — its state first, then its guard — and
    the step's input ``problems(facts)``: TransitionRefused with every unmet condition. Returns the facts."""
    _refuse(MACHINE.state_reasons(MACHINE.get(action), doc))
    facts = MACHINE.facts_for([doc])[doc.pk]
    reasons = MACHINE.check(action, doc, user=actor, facts=facts, with_state=False)
    if problems is not None:
        reasons += problems(facts)
    _refuse(reasons)
    return facts


def _stored(actor, value, doc: NormativeDocument) -> Attachment | None:
    """An uploaded file given to a step is stored as the document's attachment inside the step's transaction
    (``Machine.dispatch`` removes the file again if the step fails); an attachment is taken as it is."""
    if value is None or isinstance(value, Attachment):
        return value
    from fazhi.core.attachments import attachment_create

    return attachment_create(actor=actor, uploaded_file=value, obj=doc, agency=doc.agency)


def _link(doc: NormativeDocument) -> str:
    return f"/documents/{doc.code}/"


def _locked(actor, document: NormativeDocument, perm: str) -> NormativeDocument:
    """The document row, locked, if the actor holds ``perm`` on it; the same 404-like refusal otherwise."""
    if actor is not None and not has_perm(actor, perm):
        raise NotPermitted()
    qs = NormativeDocument.objects.select_for_update().filter(pk=document.pk)
    if (
        actor is not None
        and not restrict(NormativeDocument.objects.filter(pk=document.pk), actor, perm).exists()
    ):
        raise NotPermitted("该文件不在您的数据范围内。")
    return qs.select_related("issuing_agency", "agency").get()


def _tokens(title: str, body: str) -> str:
    from ..search import tokenize

    return tokenize(f"{title}\n{body}")


# ------------------------------------------------------------------ who reviews, who files


def external_authority_name(issuer: Agency) -> str:
    return "贵州省人民政府" if issuer.region.parent_id is None else "上级人民政府"


def _users_with(perm: str, agency: Agency):
    """The active users of ``agency`` who hold ``perm`` (whom a step notifies)."""
    return [u for u in User.objects.filter(agency=agency, is_active=True).prefetch_related("role_assignments")
            if has_perm(u, perm)]
