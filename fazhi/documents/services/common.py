"""What the document services share: the fields they audit, the machine's conditions of a step, who files where
(the kernel's ``procedure.steps`` refuses, locks and stores for them)."""


from fazhi.core.models import Agency, User
from fazhi.core.permissions import has_perm

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
