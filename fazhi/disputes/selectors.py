"""Scoped reads of the module (every page and API list reads here)."""

from fazhi.core.scope import restrict

from .models import Litigation, MediationCase, Reconsideration
from .workflow import Perm


def reconsideration_list(*, user):
    return restrict(Reconsideration.objects.select_related(
        "agency", "organ", "respondent", "review_deadline", "copy_deadline", "answer_deadline",
        "decision_deadline"), user, Perm.VIEW)


def litigation_list(*, user):
    return restrict(Litigation.objects.select_related("agency"), user, Perm.VIEW)


def mediation_list(*, user):
    return restrict(MediationCase.objects.select_related("committee", "agency", "confirm_deadline"), user, Perm.VIEW)


# What a row of the staff mediation list shows (disputes_tags.mediation_list_row) and its keyset reads, as plain
# values: model instances with their committee, agency and deadline rows joined cost more than the page's query.
MEDIATION_TABLE_FIELDS = ("id", "code", "dispute_type", "parties", "received_on", "state", "confirm_result", "source",
                          "committee__name", "amount")


def mediation_table_rows(queryset):
    """The staff list page's rows: a dict of ``MEDIATION_TABLE_FIELDS`` each."""
    return queryset.values(*MEDIATION_TABLE_FIELDS)


def committee_list(*, user, perm=Perm.VIEW):
    from .models import Committee

    return restrict(Committee.objects.select_related("region", "agency"), user, perm)


def mediator_list(*, user):
    """Mediators of the committees in the user's scope (a mediator has no region of its own)."""
    from .models import Mediator

    return Mediator.objects.filter(committee__in=committee_list(user=user).values("pk")).select_related(
        "committee", "committee__agency")


def referral_list(*, user):
    from .models import Referral

    return restrict(Referral.objects.select_related("committee", "agency", "deadline", "case"), user, Perm.VIEW)


def grid_list(*, user, perm=Perm.VIEW):
    from .models import Grid

    return restrict(Grid.objects.select_related("region", "agency"), user, perm)


def grid_report_list(*, user):
    from .models import GridReport

    return restrict(GridReport.objects.select_related("grid", "unit", "agency", "department", "case"), user,
                    Perm.VIEW)


def explanation_list(*, user):
    from .models import ExplanationRequest

    return restrict(ExplanationRequest.objects.select_related("agency", "county", "addressee", "reference",
                                                              "deadline"), user, Perm.VIEW)


def application_list(*, user):
    """Online applications (portal) of the counties in the user's scope."""
    from .models import PublicApplication

    return restrict(PublicApplication.objects.select_related("region", "mediation", "reconsideration"), user,
                    Perm.VIEW)


def application_by_code(code: str):
    """The public tracking page's read: the application by its code (no scope: the code is the secret)."""
    from django.http import Http404

    from .models import PublicApplication

    app = (PublicApplication.objects.select_related("region", "mediation", "reconsideration__decision_deadline")
           .filter(code=(code or "").strip().upper()).first())
    if app is None:
        raise Http404("没有找到该受理编号。")
    return app
