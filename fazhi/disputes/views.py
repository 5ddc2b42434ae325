"""Staff pages of 矛盾纠纷化解: the KPI tiles, committees and mediators, mediation cases (with the mediator's
phone entry), 诉调对接 referrals, reconsideration and litigation cases.

Views are thin: fetch through the scoped selectors (404 for missing and forbidden alike) → the kernel's
action panels / the module's services → redirect with a message, or the page again with the errors
(400) or the unmet conditions (409). Objects are addressed by their UUID code, never the id.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from fazhi.core import workdays
from fazhi.core.deadlines import clock_of, rule_label
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.filtersets import page_filtered
from fazhi.core.indicators import Period
from fazhi.core.models import Agency, Region
from fazhi.core.paging import page_from_request
from fazhi.core.permissions import has_perm
from fazhi.core.selectors import get_scoped
from fazhi.procedure import timeline
from fazhi.procedure.views import action_panels, transition_post

from . import indicators, selectors, services
from .filtersets import (
    CommitteeFilterSet,
    LitigationFilterSet,
    MediationFilterSet,
    MediatorFilterSet,
    ReconsiderationFilterSet,
    ReferralFilterSet,
)
from .forms import (
    CommitteeForm,
    MediationIntakeForm,
    MediatorForm,
    PreventionForm,
    ReferralExtendForm,
    ReferralForm,
    ReferralReportForm,
)
from .workflow import LIT_MACHINE, MED_MACHINE, RC_MACHINE, Perm

RESULTS_ID = "dsp-results"


def need(user, *perms):
    if not any(has_perm(user, p) for p in perms):
        raise PermissionDenied("您没有访问此页面的权限。")


def render_list(request, template: str, context: dict):
    """The whole list page, or only its results when htmx asks for them (filters, paging)."""
    partial = bool(getattr(request, "htmx", False)) and not request.htmx.boosted and request.htmx.target == RESULTS_ID
    context = {**context, "results_id": RESULTS_ID, "partial": partial}
    response = render(request, "disputes/_results.html" if partial else template, context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def _list(request, *, template, queryset, filterset_class, ordering, table, title, tab, extra=None, rows=None):
    """``rows``: what the page reads of the filtered queryset (e.g. ``.values()`` of its table's columns)."""
    filterset, filtered = page_filtered(request, filterset_class, queryset)
    page = page_from_request(request, rows(filtered) if rows else filtered, ordering=ordering)
    return render_list(request, template, {"filter": filterset, "page": page, "table": table, "title": title, "tab": tab,
                                           **(extra or {})})


def clocks(obj, *fields) -> list[dict]:
    """The statutory clocks of an object (core deadlines) as the page shows them."""
    today = timezone.localdate()
    cal = workdays.current_calendar()
    rows = []
    for name in fields:
        deadline = getattr(obj, name)
        if deadline is None:
            continue
        rows.append({"label": obj._meta.get_field(name).verbose_name, "deadline": deadline,
                     "rule": rule_label(deadline.rule_code), "clock": clock_of(deadline, today, cal)})
    return rows


def _user_unit(user):
    """The region whose figures the KPI tiles show: the user's agency's region (the prefecture for 全部)."""
    if user.agency_id:
        return user.agency.region
    return Region.objects.filter(parent__isnull=True).order_by("code").first()


# ------------------------------------------------------------------ home: KPI tiles


KPI = (indicators.LOSS_RATE, indicators.APPEARANCE_RATE, indicators.CORRECTION_RATE, indicators.MEDIATION_SUCCESS,
       indicators.COVERAGE)


@login_required
def home(request):
    need(request.user, Perm.VIEW)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2015), timezone.localdate().year + 1)
    unit = _user_unit(request.user)
    period = Period.year(year)
    tiles = []
    if unit is not None:
        for ind in KPI:
            # plain values: an Indicator is callable, which the template engine would call
            tiles.append({"code": ind.code, "name": ind.name, "source": ind.source, "figure": ind(unit, period)})
    counts = {
        "mediations": selectors.mediation_list(user=request.user).filter(state="open").count(),
        "reconsiderations": selectors.reconsideration_list(user=request.user).filter(
            state__in=["received", "supplement", "accepted", "suspended"]).count(),
        "litigations": selectors.litigation_list(user=request.user).filter(state="pending").count(),
        "referrals": selectors.referral_list(user=request.user).filter(reported_on__isnull=True).count(),
    }
    return render(request, "disputes/home.html", {"tiles": tiles, "unit": unit, "year": year, "counts": counts,
                                                  "years": range(timezone.localdate().year, 2022, -1)})


# ------------------------------------------------------------------ committees and mediators


@login_required
def committee_list(request):
    need(request.user, Perm.VIEW)
    qs = selectors.committee_list(user=request.user).annotate(
        members=Count("mediators", filter=Q(mediators__is_active=True, mediators__is_member=True)),
        women=Count("mediators", filter=Q(mediators__is_active=True, mediators__is_member=True,
                                           mediators__gender="f")),
        fulltime=Count("mediators", filter=Q(mediators__is_active=True, mediators__kind="full")))
    return _list(request, template="disputes/list.html", queryset=qs, filterset_class=CommitteeFilterSet,
                 ordering=("region_path", "id"), table="disputes/_committee_table.html", tab="committees", title="人民调解委员会",
                 extra={"create_url": reverse("disputes:committee_create")
                        if has_perm(request.user, Perm.COMMITTEE) else None, "create_label": "登记调解委员会"})


def _committee(request, code, perm=Perm.VIEW):
    return get_scoped(selectors.committee_list(user=request.user, perm=perm), code=code)


@login_required
def committee_detail(request, code):
    need(request.user, Perm.VIEW)
    com = _committee(request, code)
    form, status = MediatorForm(prefix="m"), 200
    prevention = PreventionForm(prefix="p")
    if request.method == "POST" and request.POST.get("do") == "prevention":
        need(request.user, Perm.MEDIATE)
        prevention = PreventionForm(request.POST, prefix="p")
        if prevention.is_valid():
            try:
                services.prevention_record(actor=request.user, committee=com, **prevention.cleaned_data)
                messages.success(request, "已登记排查预防情况。")
                return redirect("disputes:committee", code=com.code)
            except ServiceError as exc:
                prevention.add_service_errors(exc)
            except NotPermitted as exc:
                raise PermissionDenied(exc.message)
        status = 400
    elif request.method == "POST":
        need(request.user, Perm.COMMITTEE)
        form = MediatorForm(request.POST, prefix="m")
        if form.is_valid():
            try:
                services.mediator_add(actor=request.user, committee=com, **form.cleaned_data)
                messages.success(request, "已登记调解员。")
                return redirect("disputes:committee", code=com.code)
            except ServiceError as exc:
                form.add_service_errors(exc)
            except NotPermitted as exc:
                raise PermissionDenied(exc.message)
        status = 400
    members = list(com.mediators.all())
    return render(request, "disputes/committee_detail.html", {
        "com": com, "members": members, "warnings": services.committee_warnings(com, members),
        "form": form if has_perm(request.user, Perm.COMMITTEE) else None,
        "prevention_form": prevention if has_perm(request.user, Perm.MEDIATE) else None,
        "preventions": list(com.preventions.all()[:20]),
        "cases": selectors.mediation_list(user=request.user).filter(committee=com)[:20]}, status=status)


@login_required
def committee_create(request):
    need(request.user, Perm.COMMITTEE)
    agencies = Agency.objects.filter(pk__in=selectors.committee_list(user=request.user, perm=Perm.COMMITTEE)
                                     .values("agency")) | Agency.objects.filter(pk=request.user.agency_id)
    regions = Region.objects.filter(region_path__startswith=request.user.region_path if request.user.agency_id
                                    else "", level__gte=3).order_by("region_path")
    kwargs = {"regions": regions, "agencies": agencies.distinct().order_by("region_path", "name")}
    form, status = CommitteeForm(**kwargs), 200
    if request.method == "POST":
        form = CommitteeForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                com = services.committee_create(actor=request.user, **form.cleaned_data)
                messages.success(request, "已登记调解委员会，请登记委员。")
                return redirect("disputes:committee", code=com.code)
            except ServiceError as exc:
                form.add_service_errors(exc)
            except NotPermitted as exc:
                form.add_error(None, exc.message)
        status = 400
    return render(request, "disputes/form.html", {"form": form, "title": "登记人民调解委员会",
                                                  "back": reverse("disputes:committees")}, status=status)


@login_required
def mediator_list(request):
    need(request.user, Perm.VIEW)
    return _list(request, template="disputes/list.html", queryset=selectors.mediator_list(user=request.user).annotate(
        case_count=Count("cases")), filterset_class=MediatorFilterSet, ordering=("committee_id", "id"),
        table="disputes/_mediator_table.html", tab="mediators", title="人民调解员")


# ------------------------------------------------------------------ mediation cases


@login_required
def mediation_list(request):
    need(request.user, Perm.VIEW)
    return _list(request, template="disputes/list.html", queryset=selectors.mediation_list(user=request.user),
                 filterset_class=MediationFilterSet, ordering=("-received_on", "-id"),
                 table="disputes/_mediation_table.html", tab="mediations", title="人民调解案件",
                 rows=selectors.mediation_table_rows,
                 extra={"create_url": reverse("disputes:mediation_create")
                        if has_perm(request.user, Perm.MEDIATE) else None, "create_label": "登记调解案件"})


@login_required
def mediation_create(request):
    """The mediator's case entry: one column, works on a phone."""
    need(request.user, Perm.MEDIATE)
    committees = selectors.committee_list(user=request.user, perm=Perm.MEDIATE).filter(is_active=True)
    form, status = MediationIntakeForm(committees=committees), 200
    if request.method == "POST":
        form = MediationIntakeForm(request.POST, committees=committees)
        if form.is_valid():
            try:
                case = services.med_register(actor=request.user, **form.cleaned_data)
                messages.success(request, "已登记调解案件。")
                return redirect("disputes:mediation", code=case.code)
            except ServiceError as exc:
                form.add_service_errors(exc)
            except NotPermitted as exc:
                form.add_error(None, exc.message)
        status = 400
    return render(request, "disputes/form.html", {"form": form, "title": "登记调解案件", "phone": True,
                                                  "back": reverse("disputes:mediations")}, status=status)


def _render_mediation(request, case, status=200, action_errors=None):
    from .choices import AgreementForm

    referral = getattr(case, "referral", None) if hasattr(case, "referral") else None
    return render(request, "disputes/mediation_detail.html", {
        "case": case, "panels": action_panels(MED_MACHINE, request.user, case, errors=action_errors),
        "post_url": reverse("disputes:mediation", args=[case.code]), "clocks": clocks(case, "confirm_deadline"),
        "mediators": list(case.mediators.all()), "events": timeline.rows(case), "referral": referral,
        "oral": case.agreement_form == AgreementForm.ORAL}, status=status)


@login_required
def mediation_detail(request, code):
    need(request.user, Perm.VIEW)
    case = get_scoped(selectors.mediation_list(user=request.user), code=code)
    if request.method == "POST":
        return transition_post(request, machine=MED_MACHINE, obj=case, render_detail=_render_mediation,
                               success_url=lambda obj, t, r: reverse("disputes:mediation", args=[obj.code]))
    return _render_mediation(request, case)


# ------------------------------------------------------------------ 诉调对接


@login_required
def referral_list(request):
    need(request.user, Perm.VIEW)
    qs = selectors.referral_list(user=request.user)
    counters = qs.aggregate(
        assigned=Count("pk", filter=Q(kind="assigned")), entrusted=Count("pk", filter=Q(kind="entrusted")),
        assigned_ok=Count("pk", filter=Q(kind="assigned", result="success")),
        entrusted_ok=Count("pk", filter=Q(kind="entrusted", result="success")),
        open=Count("pk", filter=Q(reported_on__isnull=True)),
        overdue=Count("pk", filter=Q(reported_on__isnull=True, deadline__due_date__lt=timezone.localdate())))
    return _list(request, template="disputes/list.html", queryset=qs, filterset_class=ReferralFilterSet,
                 ordering=("-received_on", "-id"), table="disputes/_referral_table.html", tab="referrals", title="诉调对接",
                 extra={"counters": counters, "create_url": reverse("disputes:referral_create")
                        if has_perm(request.user, Perm.MEDIATE) else None, "create_label": "签收委派/委托调解"})


@login_required
def referral_create(request):
    need(request.user, Perm.MEDIATE)
    committees = selectors.committee_list(user=request.user, perm=Perm.MEDIATE).filter(is_active=True)
    form, status = ReferralForm(committees=committees), 200
    if request.method == "POST":
        form = ReferralForm(request.POST, committees=committees)
        if form.is_valid():
            try:
                ref = services.referral_receive(actor=request.user, **form.cleaned_data)
                messages.success(request, f"已签收，调解期限至 {ref.deadline.due_date:%Y-%m-%d}。")
                return redirect("disputes:referral", code=ref.code)
            except ServiceError as exc:
                form.add_service_errors(exc)
            except NotPermitted as exc:
                form.add_error(None, exc.message)
        status = 400
    return render(request, "disputes/form.html", {"form": form, "title": "签收法院委派/委托调解", "phone": True,
                                                  "back": reverse("disputes:referrals")}, status=status)


@login_required
def referral_detail(request, code):
    need(request.user, Perm.VIEW)
    ref = get_scoped(selectors.referral_list(user=request.user), code=code)
    extend, report, status, refused = ReferralExtendForm(prefix="x"), ReferralReportForm(prefix="r"), 200, []
    if request.method == "POST":
        need(request.user, Perm.MEDIATE)
        do = request.POST.get("do")
        form = ReferralExtendForm(request.POST, prefix="x") if do == "extend" else ReferralReportForm(
            request.POST, prefix="r")
        if form.is_valid():
            try:
                if do == "extend":
                    services.referral_extend(actor=request.user, referral=ref, **form.cleaned_data)
                    messages.success(request, "已延长调解期限。")
                else:
                    services.referral_report(actor=request.user, referral=ref, **form.cleaned_data)
                    messages.success(request, "已登记向法院反馈的结果。")
                return redirect("disputes:referral", code=ref.code)
            except TransitionRefused as exc:
                refused, status = exc.reasons, 409
            except ServiceError as exc:
                form.add_service_errors(exc)
                status = 400
            except NotPermitted as exc:
                raise PermissionDenied(exc.message)
        else:
            status = 400
        if do == "extend":
            extend = form
        else:
            report = form
    return render(request, "disputes/referral_detail.html", {
        "ref": ref, "clocks": clocks(ref, "deadline"), "extend": extend, "report": report, "refused": refused,
        "can_act": has_perm(request.user, Perm.MEDIATE) and not ref.reported_on, "events": timeline.rows(ref)},
        status=status)


# ------------------------------------------------------------------ 行政复议


@login_required
def reconsideration_list(request):
    need(request.user, Perm.VIEW)
    return _list(request, template="disputes/list.html", queryset=selectors.reconsideration_list(user=request.user),
                 filterset_class=ReconsiderationFilterSet, ordering=("-received_on", "-id"),
                 table="disputes/_reconsideration_table.html", tab="reconsiderations", title="行政复议案件",
                 extra={"create_url": reverse("disputes:reconsideration_create")
                        if has_perm(request.user, Perm.RECONSIDER) else None, "create_label": "登记行政复议申请"})


def _render_rc(request, rc, status=200, action_errors=None):
    from .rules import application_window

    return render(request, "disputes/reconsideration_detail.html", {
        "rc": rc, "panels": action_panels(RC_MACHINE, request.user, rc, errors=action_errors),
        "post_url": reverse("disputes:reconsideration", args=[rc.code]),
        "window": application_window(act_known_on=rc.act_known_on, rights_notified=rc.rights_notified,
                                     rights_known_on=rc.rights_known_on, delay_days=rc.delay_days),
        "clocks": clocks(rc, "review_deadline", "supplement_deadline", "copy_deadline", "answer_deadline",
                         "decision_deadline"),
        "events": timeline.rows(rc), "litigations": list(rc.litigations.all()),
        "letters": list(rc.letters.select_related("addressee", "copied_to", "reply_deadline")),
        "norm_reviews": list(rc.norm_reviews.select_related("deadline")),
        "today": timezone.localdate()}, status=status)


@login_required
def reconsideration_detail(request, code):
    need(request.user, Perm.VIEW)
    rc = get_scoped(selectors.reconsideration_list(user=request.user), code=code)
    if request.method == "POST":
        return transition_post(request, machine=RC_MACHINE, obj=rc, render_detail=_render_rc,
                               success_url=lambda obj, t, r: reverse("disputes:reconsideration", args=[obj.code]))
    return _render_rc(request, rc)


# ------------------------------------------------------------------ 行政诉讼 / 应诉


@login_required
def litigation_list(request):
    need(request.user, Perm.VIEW)
    return _list(request, template="disputes/list.html", queryset=selectors.litigation_list(user=request.user),
                 filterset_class=LitigationFilterSet, ordering=("-filed_on", "-id"),
                 table="disputes/_litigation_table.html", tab="litigations", title="行政应诉案件",
                 extra={"create_url": reverse("disputes:litigation_create")
                        if has_perm(request.user, Perm.LITIGATE) else None, "create_label": "登记应诉案件"})


def _render_lit(request, lit, status=200, action_errors=None):
    return render(request, "disputes/litigation_detail.html", {
        "lit": lit, "panels": action_panels(LIT_MACHINE, request.user, lit, errors=action_errors),
        "post_url": reverse("disputes:litigation", args=[lit.code]),
        "warnings": services.appearance_warnings(lit), "events": timeline.rows(lit),
        "suggestions": list(lit.suggestions.select_related("answer_deadline")), "today": timezone.localdate()},
        status=status)


@login_required
def litigation_detail(request, code):
    need(request.user, Perm.VIEW)
    lit = get_scoped(selectors.litigation_list(user=request.user).select_related("reconsideration"), code=code)
    if request.method == "POST":
        return transition_post(request, machine=LIT_MACHINE, obj=lit, render_detail=_render_lit,
                               success_url=lambda obj, t, r: reverse("disputes:litigation", args=[obj.code]))
    return _render_lit(request, lit)


# ------------------------------------------------------------------ statistics


@login_required
def statistics(request):
    from fazhi.core.exports import xlsx_response

    from . import stats

    need(request.user, Perm.VIEW)
    today = timezone.localdate()
    kind = request.GET.get("kind") if request.GET.get("kind") in ("month", "quarter", "year") else "quarter"
    try:
        year = min(max(int(request.GET.get("year") or today.year), 2015), today.year + 1)
        n = int(request.GET.get("n") or (today.month if kind == "month" else (today.month - 1) // 3 + 1))
    except ValueError:
        year, n = today.year, 1
    period = stats.period_from(kind, year, n)
    report = stats.mediation_report(selectors.mediation_list(user=request.user), period)
    report.prevention = stats.prevention_rows(selectors.committee_list(user=request.user).values("pk"), period)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"人民调解统计-{period.label}.xlsx", "人民调解统计", stats.xlsx_columns(),
                             stats.xlsx_rows(report))
    keys = [k for k, _ in stats.COLUMNS]

    def values(row):
        return [row[k] for k in keys]

    return render(request, "disputes/stats.html", {
        "report": report, "columns": stats.COLUMNS, "total": values(report.total),
        "by_source": [(label, values(r)) for label, r in report.by_source],
        "by_type": [(label, values(r)) for label, r in report.by_type], "prevention": report.prevention,
        "kind": kind, "year": year, "n": n,
        "years": range(today.year, 2022, -1), "months": range(1, 13), "quarters": range(1, 5)})


# ------------------------------------------------------------------ 一中心一张网十联户


@login_required
def grid_list(request):
    from . import grid as grid_services
    from .forms import GridImportForm

    need(request.user, Perm.VIEW)
    can_import = has_perm(request.user, Perm.COMMITTEE)
    form, result, status = GridImportForm(), None, 200
    if request.method == "POST":
        need(request.user, Perm.COMMITTEE)
        form = GridImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = grid_services.grid_import(actor=request.user, upload=form.cleaned_data["file"])
                if not result.errors:
                    messages.success(request, f"已导入网格 {result.grids} 个、联户单元 {result.units} 个。")
                    return redirect("disputes:grids")
                status = 400
            except ServiceError as exc:
                form.add_service_errors(exc)
                status = 400
            except NotPermitted as exc:
                raise PermissionDenied(exc.message)
        else:
            status = 400
    qs = selectors.grid_list(user=request.user).annotate(unit_count=Count("units", distinct=True),
                                                         household_count=Sum("units__households"))
    page = page_from_request(request, qs, ordering=("region_path", "id"))
    return render(request, "disputes/grids.html", {
        "page": page, "form": form if can_import else None, "result": result, "headers": grid_services.HEADERS,
        "tab": "grids"}, status=status)


@login_required
def grid_report_list(request):
    need(request.user, Perm.VIEW)
    qs = selectors.grid_report_list(user=request.user)
    state, risk = request.GET.get("state", ""), request.GET.get("risk", "")
    if state in ("received", "routed"):
        qs = qs.filter(state=state)
    if risk in ("green", "yellow", "orange", "red"):
        qs = qs.filter(risk=risk)
    page = page_from_request(request, qs, ordering=("-reported_on", "-id"))
    return render(request, "disputes/grid_reports.html", {"page": page, "state": state, "risk": risk,
                                                          "tab": "grid_reports",
                                                          "can_create": has_perm(request.user, Perm.MEDIATE)})


@login_required
def grid_report_create(request):
    from . import grid as grid_services
    from .forms import GridReportForm
    from .models import HouseholdUnit

    need(request.user, Perm.MEDIATE)
    grids = selectors.grid_list(user=request.user, perm=Perm.MEDIATE)
    kwargs = {"grids": grids, "units": HouseholdUnit.objects.filter(grid__in=grids.values("pk"))}
    form, status = GridReportForm(**kwargs), 200
    if request.method == "POST":
        form = GridReportForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                report = grid_services.grid_report(actor=request.user, **form.cleaned_data)
                messages.success(request, "已登记，请分流。")
                return redirect("disputes:grid_report", code=report.code)
            except ServiceError as exc:
                form.add_service_errors(exc)
            except NotPermitted as exc:
                form.add_error(None, exc.message)
        status = 400
    return render(request, "disputes/form.html", {"form": form, "title": "登记网格上报纠纷", "phone": True,
                                                  "back": reverse("disputes:grid_reports")}, status=status)


@login_required
def grid_report_detail(request, code):
    from fazhi.core.choices import AgencyKind

    from . import grid as grid_services
    from .forms import GridRouteForm

    need(request.user, Perm.VIEW)
    report = get_scoped(selectors.grid_report_list(user=request.user), code=code)
    county_path = "/".join(report.region_path.split("/")[:2]) + "/"  # the departments of the county
    kwargs = {"committees": selectors.committee_list(user=request.user, perm=Perm.MEDIATE).filter(is_active=True),
              "departments": Agency.objects.filter(kind=AgencyKind.DEPARTMENT, is_active=True,
                                                   region_path__startswith=county_path).order_by("region_path", "name")}
    form, status = GridRouteForm(**kwargs), 200
    if request.method == "POST":
        need(request.user, Perm.MEDIATE)
        form = GridRouteForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                grid_services.grid_route(actor=request.user, report=report, **form.cleaned_data)
                messages.success(request, "已分流。")
                return redirect("disputes:grid_report", code=report.code)
            except ServiceError as exc:
                form.add_service_errors(exc)
            except NotPermitted as exc:
                raise PermissionDenied(exc.message)
        status = 400
    can_route = has_perm(request.user, Perm.MEDIATE) and report.state == "received"
    return render(request, "disputes/grid_report_detail.html", {
        "report": report, "form": form if can_route else None, "events": timeline.rows(report), "tab": "grid_reports"},
        status=status)


# ------------------------------------------------------------------ 败诉率情况说明


@login_required
def explanation_list(request):
    from . import explanations

    need(request.user, Perm.VIEW)
    today = timezone.localdate()
    try:
        year = min(max(int(request.GET.get("year") or request.POST.get("year") or today.year), 2015), today.year)
    except ValueError:
        year = today.year
    if request.method == "POST":
        need(request.user, Perm.LITIGATE)
        try:
            made = explanations.propose(actor=request.user, year=year, issuer=request.user.agency)
            messages.success(request, f"已提出 {len(made)} 件情况说明函（待发出）。" if made else "没有新的需要说明的县（市、区）。")
        except ServiceError as exc:
            messages.error(request, exc.message)
        except NotPermitted as exc:
            messages.error(request, exc.message)
        return redirect(f"{reverse('disputes:explanations')}?year={year}")
    ref, above = explanations.counties_above(year)
    qs = selectors.explanation_list(user=request.user)
    page = page_from_request(request, qs, ordering=("-year", "-id"))
    return render(request, "disputes/explanations.html", {
        "page": page, "year": year, "reference": ref, "above": above, "tab": "explanations",
        "years": range(today.year, 2022, -1), "can_propose": has_perm(request.user, Perm.LITIGATE)})


@login_required
def explanation_detail(request, code):
    from django.http import FileResponse, Http404

    from . import explanations

    need(request.user, Perm.VIEW)
    req = get_scoped(selectors.explanation_list(user=request.user), code=code)
    if request.GET.get("format") == "docx":
        if not req.document:
            raise Http404
        return FileResponse(req.document.open("rb"), as_attachment=True, filename=f"情况说明函-{req.county.name}.docx")
    status = 200
    if request.method == "POST":
        need(request.user, Perm.LITIGATE)
        do = request.POST.get("do")
        try:
            if do == "send":
                explanations.send(actor=request.user, req=req)
                messages.success(request, "已发出，报送期限已开始计算。")
            elif do == "answer":
                explanations.answer(actor=request.user, req=req, text=request.POST.get("text", ""))
                messages.success(request, "已报送情况说明。")
            elif do in ("accept", "return"):
                explanations.review(actor=request.user, req=req, accept=do == "accept",
                                    note=request.POST.get("note", ""))
                messages.success(request, "已办结。" if do == "accept" else "已退回补充。")
            return redirect("disputes:explanation", code=req.code)
        except ServiceError as exc:
            messages.error(request, exc.message if not exc.field_errors else
                           "；".join(m for ms in exc.field_errors.values() for m in ms))
            status = 400
        except NotPermitted as exc:
            messages.error(request, exc.message)
            status = 403
    return render(request, "disputes/explanation_detail.html", {
        "req": req, "clocks": clocks(req, "deadline"), "events": timeline.rows(req), "tab": "explanations",
        "can_act": has_perm(request.user, Perm.LITIGATE),
        "is_county": bool(request.user.agency_id and request.user.agency.region_path.startswith(req.county.region_path)),
        "text": request.POST.get("text", "")}, status=status)


# ------------------------------------------------------------------ registering 复议 and 应诉 cases


def _create_page(request, *, form, call, title, back, success):
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                obj = call(form)
                messages.success(request, "已登记。")
                return redirect(success, code=obj.code)
            except ServiceError as exc:
                form.add_service_errors(exc)
            except NotPermitted as exc:
                form.add_error(None, exc.message)
        status = 400
    return render(request, "disputes/form.html", {"form": form, "title": title, "back": back}, status=status)


@login_required
def reconsideration_create(request):
    from fazhi.core.choices import AgencyKind

    from .forms import ReconsiderationForm

    need(request.user, Perm.RECONSIDER)
    office = request.user.agency
    if office is None:
        raise PermissionDenied("您的账号没有所属单位。")
    organ = Agency.objects.filter(region=office.region, kind=AgencyKind.GOVERNMENT, is_active=True).order_by("id").first()
    if organ is None:
        raise PermissionDenied("您所在的行政区划没有人民政府，不能作为行政复议机关登记案件。")
    respondents = Agency.objects.filter(is_active=True, region_path__startswith=office.region_path).exclude(
        pk=organ.pk).order_by("region_path", "name")
    form = ReconsiderationForm(request.POST or None, respondents=respondents)
    return _create_page(request, form=form, title="登记行政复议申请", back=reverse("disputes:reconsiderations"),
                        success="disputes:reconsideration",
                        call=lambda f: services.rc_register(actor=request.user, agency=office, organ=organ,
                                                            **f.payload()))


@login_required
def litigation_create(request):
    from fazhi.core.choices import Scope
    from fazhi.core.scope import widest_scope

    from .forms import LitigationForm

    need(request.user, Perm.LITIGATE)
    # the defendants the user may register a case for (lit_register checks the same scope)
    scope = widest_scope(request.user, Perm.LITIGATE)
    agencies = Agency.objects.filter(is_active=True).order_by("region_path", "name")
    if scope == Scope.REGION:
        agencies = agencies.filter(region_path__startswith=request.user.region_path)
    elif scope != Scope.ALL:
        agencies = agencies.filter(pk=request.user.agency_id)
    form = LitigationForm(request.POST or None, agencies=agencies)
    return _create_page(request, form=form, title="登记行政应诉案件", back=reverse("disputes:litigations"),
                        success="disputes:litigation",
                        call=lambda f: services.lit_register(actor=request.user, **f.cleaned_data))


# ------------------------------------------------------------------ online applications from the portal


@login_required
def application_list(request):
    """网上申请: applications for mediation or reconsideration made on the portal, to be registered or declined."""
    need(request.user, Perm.VIEW)
    qs = selectors.application_list(user=request.user)
    state = request.GET.get("state", "received")
    if state in ("received", "registered", "declined"):
        qs = qs.filter(state=state)
    page = page_from_request(request, qs, ordering=("-submitted_at", "-id"))
    return render(request, "disputes/applications.html", {"page": page, "state": state, "tab": "applications"})


@login_required
def application_detail(request, code):
    need(request.user, Perm.VIEW)
    app = get_scoped(selectors.application_list(user=request.user), code=code)
    status = 200
    if request.method == "POST":
        try:
            services.application_handle(actor=request.user, application=app, decision=request.POST.get("decision", ""),
                                        case_code=request.POST.get("case_code", ""),
                                        reason=request.POST.get("reason", ""))
            messages.success(request, "已处理，申请人可凭受理编号查询。")
            return redirect("disputes:application", code=app.code)
        except ServiceError as exc:
            messages.error(request, exc.message if not exc.field_errors else
                           "；".join(m for ms in exc.field_errors.values() for m in ms))
            status = 400
        except TransitionRefused as exc:
            messages.error(request, "；".join(str(r) for r in exc.reasons))
            status = 409
        except NotPermitted as exc:
            raise PermissionDenied(exc.message)
    window = None
    if app.act_known_on:
        from .rules import application_window

        window = application_window(act_known_on=app.act_known_on)
    create = reverse("disputes:mediation_create" if app.kind == "mediation" else "disputes:reconsideration_create")
    return render(request, "disputes/application_detail.html", {
        "app": app, "window": window, "tab": "applications", "create_url": create,
        "can_handle": has_perm(request.user, Perm.MEDIATE if app.kind == "mediation" else Perm.RECONSIDER)},
        status=status)
