"""Scoped reads of the 行政执法 module: every page and API list reads here."""

from fazhi.core.scope import restrict

from .models import Benchmark, Case, EnforcementBody, Inspection, InspectionPlan, LenientItem, Matter, Officer
from .workflow import Perm

# What a case list shows: never the long texts (facts, decision text, published text).
CASE_LIST_FIELDS = ("id", "code", "number", "state", "procedure", "party_name", "party_kind", "registered_on",
                    "decided_on", "fine_amount", "penalty_kind", "created_by_id", "agency_id", "region_path",
                    "matter_id", "agency__name", "matter__code", "matter__name", "discovered_on")


# What the staff case list's table shows (enforcement/_case_table.html, enforcement_tags.case_list_row).
CASE_TABLE_FIELDS = ("id", "code", "number", "state", "procedure", "party_name", "fine_amount", "registered_on",
                     "matter__name", "agency__name")


def case_list(*, user, perm=Perm.VIEW):
    return restrict(Case.objects.select_related("agency", "matter"), user, perm)


def case_rows(*, user):
    return case_list(user=user).only(*CASE_LIST_FIELDS)


def case_table_rows(queryset):
    """The staff list page's rows: a dict of ``CASE_TABLE_FIELDS`` each."""
    return queryset.values(*CASE_TABLE_FIELDS)


def case_detail(*, user):
    return case_list(user=user).select_related("created_by", "benchmark_range__benchmark", "lenient_item")


def register_list(register: str, *, user, perm=Perm.VIEW):
    from .models import MajorCatalogue

    model = {"body": EnforcementBody, "officer": Officer, "matter": Matter, "benchmark": Benchmark,
             "lenient": LenientItem, "plan": InspectionPlan, "major": MajorCatalogue}[register]
    qs = model.objects.select_related("agency")
    if register == "benchmark":
        qs = qs.select_related("matter").prefetch_related("ranges")
    if register == "lenient":
        qs = qs.select_related("matter")
    return restrict(qs, user, perm)


def inspection_list(*, user, perm=Perm.VIEW):
    return restrict(Inspection.objects.select_related("agency", "plan"), user, perm)


# ---------------------------------------------------------------- the portal (no login: what 事前、事后公开 publishes)

PUBLIC_CASE_FIELDS = ("id", "code", "number", "agency__name", "matter__name", "penalty_kind", "decided_on",
                      "published_on", "withdrawn_on", "region_path")


def public_decisions():
    """Published decisions (withdrawn ones stay listed with their withdrawal, 第四十八条第二款)."""
    return Case.objects.filter(published_on__isnull=False).select_related("agency", "matter")


def public_register(register: str):
    from .models import MajorCatalogue

    qs = {"major": MajorCatalogue.objects.all(),
          "body": EnforcementBody.objects.filter(is_active=True),
          "officer": Officer.objects.all(),
          "matter": Matter.objects.filter(is_active=True),
          "benchmark": Benchmark.objects.filter(published_on__isnull=False).prefetch_related("ranges"),
          "lenient": LenientItem.objects.all()}[register]
    return qs.select_related("agency")


def inspection_by_check_code(check_code: str):
    return (Inspection.objects.select_related("agency").prefetch_related("officers")
            .filter(check_code=(check_code or "").strip().upper()).first())


def acts_visible_to(user):
    """Investigative acts (and so their evidence files) of the cases the user may see."""
    from .models import InvestigativeAct

    return InvestigativeAct.objects.filter(case__in=case_list(user=user).values("pk"))


def evaluation_list(*, user):
    """Rounds the user organises or oversees (scope), and the rounds that evaluated the user's own agency."""
    from django.db.models import Q

    from .models import EvaluationRound, EvaluationSample

    own = EvaluationSample.objects.filter(agency_id=user.agency_id).values("round_id") if getattr(
        user, "agency_id", None) else EvaluationSample.objects.none().values("round_id")
    scoped = restrict(EvaluationRound.objects.all(), user, Perm.VIEW).values("pk")
    return EvaluationRound.objects.filter(Q(pk__in=scoped) | Q(pk__in=own)).select_related("agency")


def evaluation_samples(round_, *, user):
    """All the samples for those who may evaluate the round; an evaluated agency sees its own files only."""
    from .models import EvaluationRound

    qs = round_.samples.select_related("case", "agency", "scored_by").order_by("agency__name", "id")
    if restrict(EvaluationRound.objects.filter(pk=round_.pk), user, Perm.VIEW).exists():
        return qs
    return qs.filter(agency_id=user.agency_id)


def township_list(*, user, perm=Perm.VIEW):
    from .models import TownshipCase

    return restrict(TownshipCase.objects.select_related("agency"), user, perm)


def imports_visible_to(user):
    from .models import ImportJob

    return restrict(ImportJob.objects.all(), user, Perm.VIEW)


def complaint_list(*, user):
    """Complaints in the user's scope: the supervisors' region, the complained agency's own staff."""
    from .models import Complaint

    return restrict(Complaint.objects.select_related("agency", "case"), user, Perm.VIEW)
