"""重大行政决策 on the public site (/portal/decisions/): no login, public facts only.

Pages: the published catalogues by government and year with every revision (第三条第三款); open
consultations with the draft, hearing notices and a comment form (第十五条、第十六条); published
decisions with their adoption explanations (第三十二条) and execution progress — which reports came
in, on time or late, never their content (第三十四条、第三十五条); a feedback form on a published
decision (第三十五条第二款); a citizen's proposal of a decision item with a receipt code (第十条).

Reads go through the public selectors of ``decisions.selectors`` (narrowed here, never widened);
writes through the services, behind the portal's signed arithmetic question and the services' rate
limits. Nobody here sees a draft that was not put out for comment, an unscreened comment, a contact,
an address, a vote or a report's content.
"""

from dataclasses import dataclass

import django_filters as df
from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.context import client_ip_of
from fazhi.core.errors import ServiceError, TransitionRefused
from fazhi.core.models import Agency
from fazhi.core.paging import keyset_page
from fazhi.core.selectors import get_scoped
from fazhi.decisions import selectors as decision_selectors
from fazhi.decisions import services
from fazhi.decisions.choices import DecisionState, ProposalSource
from fazhi.decisions.models import Catalogue, Decision, ExecutionReport, Proposal
from fazhi.decisions.selectors import execution_status
from fazhi.procedure import services as procedure
from fazhi.procedure.models import CommentCall

from .forms import CaptchaForm, CommentForm, ReceiptLookupForm, _require_names
from .views import RECEIPT_MESSAGE

PAGE_SIZE = 20
DECISION_ORDERING = ("-published_on", "-id")
MAX_QUERY_LENGTH = 100


# ================================================================ public reads (narrowing the public selectors)


def _decision_calls() -> QuerySet[CommentCall]:
    return CommentCall.objects.filter(content_type=ContentType.objects.get_for_model(Decision))


def consultations(today=None) -> QuerySet[CommentCall]:
    """Consultations on decision drafts that have been posted (start date reached): open or ended."""
    today = today or timezone.localdate()
    return _decision_calls().filter(start_date__lte=today).select_related("agency", "version")


def ended_consultations(today=None) -> QuerySet[CommentCall]:
    today = today or timezone.localdate()
    return consultations(today).filter(Q(end_date__lt=today) | Q(closed_at__isnull=False)).order_by("-end_date", "-id")


def decision_of(call: CommentCall) -> Decision | None:
    """The decision a posted consultation is about (public because its draft was put out for comment)."""
    return Decision.objects.filter(pk=call.object_id).select_related("decision_organ", "agency").first()


def public_decision(code: str) -> Decision:
    return get_scoped(decision_selectors.public_decisions().select_related("agency"), code=code)


def public_catalogue(code: str) -> Catalogue:
    return get_scoped(decision_selectors.public_catalogues(), code=code)


def citizen_proposal(code: str) -> Proposal:
    """A proposal made on the portal, by its receipt code (the citizen's only key to it)."""
    return get_scoped(Proposal.objects.filter(source=ProposalSource.CITIZEN, created_by__isnull=True)
                      .select_related("agency"), code=code)


def governments() -> QuerySet[Agency]:
    """The decision organs a citizen may address a proposal to: the governments with a published catalogue."""
    return Agency.objects.filter(pk__in=decision_selectors.public_catalogues().values("agency_id")).order_by(
        "region_path", "name")


@dataclass(frozen=True)
class ReportRow:
    """One execution report as the public sees it: who, which period, when due, when in — no content."""

    unit: str
    period: str
    due: object
    submitted_on: object
    status: str
    label: str


def execution_progress(decision: Decision, today=None) -> dict:
    today = today or timezone.localdate()
    reports = (ExecutionReport.objects.filter(decision=decision).select_related("unit", "deadline")
               .order_by("-deadline__due_date", "-id"))  # newest first
    rows = []
    for report in reports:
        status, label = execution_status(report, today)
        rows.append(ReportRow(report.unit.name, report.period_label,
                              report.deadline.due_date if report.deadline_id else None, report.submitted_on,
                              status, label))
    counts = {key: sum(1 for r in rows if r.status == key) for key in ("on_time", "late", "overdue", "due")}
    return {"rows": rows, "counts": counts, "submitted": counts["on_time"] + counts["late"]}


# ================================================================ filters and forms


def _organs(request):
    return Agency.objects.filter(pk__in=decision_selectors.public_decisions().values("decision_organ_id")).order_by(
        "region_path", "name")


def _decision_years():
    return [(str(d.year), f"{d.year}年") for d in
            decision_selectors.public_decisions().dates("published_on", "year", order="DESC")]


class PublicDecisionFilterSet(df.FilterSet):
    q = df.CharFilter(field_name="title", lookup_expr="icontains", label="关键词", max_length=MAX_QUERY_LENGTH)
    organ = df.ModelChoiceFilter(queryset=_organs, field_name="decision_organ", to_field_name="code",
                                 label="决策机关")
    year = df.ChoiceFilter(choices=_decision_years, field_name="published_on__year", label="公布年度")

    class Meta:
        model = Decision
        fields: list[str] = []


def _catalogue_organs(request):
    return Agency.objects.filter(pk__in=decision_selectors.public_catalogues().values("agency_id")).order_by(
        "region_path", "name")


def _catalogue_years():
    years = decision_selectors.public_catalogues().order_by("-year").values_list("year", flat=True).distinct()
    return [(str(y), f"{y}年度") for y in years]


class PublicCatalogueFilterSet(df.FilterSet):
    organ = df.ModelChoiceFilter(queryset=_catalogue_organs, field_name="agency", to_field_name="code",
                                 label="人民政府")
    year = df.ChoiceFilter(choices=_catalogue_years, field_name="year", label="年度")

    class Meta:
        model = Catalogue
        fields: list[str] = []


class FeedbackForm(CaptchaForm):
    content = forms.CharField(label="意见建议", max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text="请写明您认为该决策或其实施存在的问题，以及意见建议。")
    name = forms.CharField(label="姓名或单位名称", max_length=60, required=False)
    contact = forms.CharField(label="联系方式", max_length=100, required=False, help_text="仅供工作人员联系您，不会公开。")

    field_order = ["content", "name", "contact", "captcha_answer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _require_names(self, "name", "contact")


class ProposalForm(CaptchaForm):
    agency = forms.ModelChoiceField(label="向哪一级人民政府提出", queryset=Agency.objects.none(), to_field_name="code",
                                    empty_label="请选择")
    title = forms.CharField(label="建议事项", max_length=200,
                            help_text="如“关于制定城区停车收费管理办法的建议”。")
    content = forms.CharField(label="建议内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 7}),
                              help_text="请写明需要解决的问题、建议的理由和初步设想。")
    proposer = forms.CharField(label="建议人或单位", max_length=100)
    contact = forms.CharField(label="联系方式", max_length=100, required=False,
                              help_text="便于研究论证时联系您，不会公开。")

    field_order = ["agency", "title", "content", "proposer", "contact", "captcha_answer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = governments()
        self.fields["agency"].label_from_instance = lambda agency: agency.name
        _require_names(self, "contact")


def _bound_filter(filterset_class, request, queryset):
    data = request.GET.copy()
    data.pop("after", None)
    filterset = filterset_class(data or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        return filterset, queryset.none()
    return filterset, filterset.qs


# ================================================================ pages


@require_GET
def home(request):
    return render(request, "portal/decisions/home.html", {
        "section": "decisions", "tab": "home",
        "open_calls": list(decision_selectors.public_consultations().select_related("agency")[:5]),
        "latest": list(decision_selectors.public_decisions()[:6]),
        "catalogues": list(decision_selectors.public_catalogues().annotate(items=Count("decisions"))
                           .order_by("-year", "agency__region_path")[:8]),
    })


@require_GET
def catalogue_list(request):
    queryset = decision_selectors.public_catalogues().annotate(items=Count("decisions"))
    filterset, queryset = _bound_filter(PublicCatalogueFilterSet, request, queryset)
    return render(request, "portal/decisions/catalogue_list.html", {
        "section": "decisions", "tab": "catalogues", "filter": filterset,
        "catalogues": list(queryset.order_by("-year", "agency__region_path", "agency__name")),
    })


@dataclass
class RevisionView:
    revision: object
    added: list
    removed: list


@require_GET
def catalogue_detail(request, code):
    catalogue = public_catalogue(code)
    revisions = list(catalogue.revisions.order_by("version"))
    history, previous = [], None
    for revision in revisions:
        before = {item["code"]: item for item in previous.items} if previous else {}
        after = {item["code"]: item for item in revision.items}
        history.append(RevisionView(revision, [after[c] for c in after if c not in before] if previous else [],
                                    [before[c] for c in before if c not in after]))
        previous = revision
    try:
        wanted = int(request.GET.get("version", ""))
    except ValueError:
        wanted = None
    shown = next((r for r in revisions if r.version == wanted), revisions[-1] if revisions else None)
    public_codes = set(decision_selectors.public_decisions().filter(catalogue=catalogue).values_list("code", flat=True))
    return render(request, "portal/decisions/catalogue_detail.html", {
        "section": "decisions", "tab": "catalogues", "catalogue": catalogue, "shown": shown,
        "history": list(reversed(history)), "public_codes": public_codes,
        "is_latest": shown is not None and shown.version == catalogue.version,
    })


@require_GET
def consultation_list(request):
    return render(request, "portal/decisions/consultation_list.html", {
        "section": "decisions", "tab": "consultations",
        "open_calls": list(decision_selectors.public_consultations().select_related("agency")),
        "ended_calls": list(ended_consultations()[:30]),
    })


@require_http_methods(["GET", "POST"])
def consultation_detail(request, code):
    call = get_scoped(consultations(), code=code)
    decision = decision_of(call)
    is_open = procedure.call_is_open(call)
    form = CommentForm(request.POST or None, purpose=f"comment:{call.code}") if is_open else None
    if request.method == "POST":
        if form is None:
            messages.error(request, f"征求意见期为 {call.start_date} 至 {call.end_date}，现已结束，不再接收意见。")
            return redirect("portal_decisions:consultation_detail", code=call.code)
        if form.is_valid():
            try:
                comment = procedure.comment_submit_public(
                    call=call, content=form.cleaned_data["content"], name=form.cleaned_data["name"],
                    contact=form.cleaned_data["contact"], organisation=form.cleaned_data["organisation"],
                    client_ip=client_ip_of(request),
                )
            except ServiceError as exc:
                form.add_service_errors(exc)
            except TransitionRefused as exc:
                form.add_reasons(exc.reasons)
            else:
                messages.success(request, RECEIPT_MESSAGE)
                return redirect("portal:comment_receipt", code=comment.receipt)
    published = decision is not None and decision.state in (DecisionState.PUBLISHED, DecisionState.SUSPENDED,
                                                            DecisionState.ENDED) and decision.published_on
    return render(request, "portal/decisions/consultation_detail.html", {
        "section": "decisions", "tab": "consultations", "call": call, "decision": decision, "is_open": is_open,
        "form": form, "hearings": list(decision.hearings.all()) if decision else [],
        "comments": list(decision_selectors.public_comments(call).order_by("submitted_at", "id")),
        "published_decision": decision if published else None,
    })


@require_GET
def decision_list(request):
    filterset, queryset = _bound_filter(PublicDecisionFilterSet, request, decision_selectors.public_decisions())
    page = keyset_page(queryset, ordering=DECISION_ORDERING, cursor=request.GET.get("after") or None,
                       page_size=PAGE_SIZE)
    return render(request, "portal/decisions/decision_list.html", {
        "section": "decisions", "tab": "decisions", "filter": filterset, "page": page,
    })


@require_http_methods(["GET", "POST"])
def decision_detail(request, code):
    decision = public_decision(code)
    can_feedback = decision.state in (DecisionState.PUBLISHED, DecisionState.SUSPENDED)
    form = FeedbackForm(request.POST or None, purpose=f"feedback:{decision.code}") if can_feedback else None
    if request.method == "POST":
        if form is None:
            messages.error(request, "该决策已停止执行，不再接收意见建议。")
            return redirect("portal_decisions:decision_detail", code=decision.code)
        if form.is_valid():
            try:
                services.feedback_submit(decision=decision, content=form.cleaned_data["content"],
                                         name=form.cleaned_data["name"], contact=form.cleaned_data["contact"],
                                         client_ip=client_ip_of(request))
            except ServiceError as exc:
                form.add_service_errors(exc)
            except TransitionRefused as exc:
                form.add_reasons(exc.reasons)
            else:
                messages.success(request, "感谢您的意见建议！决策机关将研究处理（《重大行政决策程序暂行条例》第三十五条）。")
                return redirect(reverse("portal_decisions:decision_detail", kwargs={"code": decision.code})
                                + "#feedback")
    call = decision_selectors.consultation_of(decision)
    evaluations = list(decision.post_evaluations.order_by("started_on", "id"))
    adjustments = list(decision.adjustments.order_by("on_date", "id"))
    return render(request, "portal/decisions/decision_detail.html", {
        "section": "decisions", "tab": "decisions", "decision": decision, "form": form,
        "call": call if call is not None and call.start_date <= timezone.localdate() else None,
        "progress": execution_progress(decision), "evaluations": evaluations, "adjustments": adjustments,
        "units": list(decision.execution_units.order_by("region_path", "name")),
    })


@require_http_methods(["GET", "POST"])
def proposal_create(request):
    form = ProposalForm(request.POST or None, purpose="decision-proposal")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.proposal_submit(
                actor=None, agency=data["agency"], source=ProposalSource.CITIZEN, proposer=data["proposer"],
                title=data["title"], content=data["content"], contact=data["contact"],
                client_ip=client_ip_of(request),
            )
        except ServiceError as exc:
            form.add_service_errors(exc)
        except TransitionRefused as exc:
            form.add_reasons(exc.reasons)
        else:
            messages.success(request, "您的建议已提交。请记下受理编号，凭编号查询研究和决定情况。")
            return redirect("portal_decisions:proposal_detail", code=proposal.code)
    return render(request, "portal/decisions/proposal_form.html", {
        "section": "decisions", "tab": "propose", "form": form,
    })


@require_GET
def proposal_lookup(request):
    form = ReceiptLookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        try:
            proposal = citizen_proposal(form.cleaned_data["code"])
        except Http404:
            form.add_error("code", "没有找到该受理编号，请核对后重新输入。")
        else:
            return redirect("portal_decisions:proposal_detail", code=proposal.code)
    return render(request, "portal/decisions/proposal_lookup.html", {
        "section": "decisions", "tab": "propose", "form": form,
    })


@require_GET
def proposal_detail(request, code):
    return render(request, "portal/decisions/proposal_detail.html", {
        "section": "decisions", "tab": "propose", "proposal": citizen_proposal(code),
    })
