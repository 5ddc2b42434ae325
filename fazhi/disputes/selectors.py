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
