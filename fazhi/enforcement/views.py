"""Staff pages of 行政执法: the officer's work list, the case list and the case page (action panels from the
kernel machine, clocks, evidence and the timeline), 案源登记, the registers and 涉企检查 (with a field page
fitted to a phone).

Views are thin: scoped selectors (404 for missing and forbidden alike) → the kernel's action panels or the
module's services → redirect with a message, or the page again with the errors (400) or the unmet
conditions (409). Cases and inspections are addressed by their UUID code, never the id.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from fazhi.core.deadlines import clock_rows, deadlines_of
from fazhi.core.errors import NotPermitted, ServiceError, TransitionRefused
from fazhi.core.exports import list_export
from fazhi.core.filtersets import choices_seconds, page_filtered
from fazhi.core.localcache import LocalCache
from fazhi.core.models import Agency
from fazhi.core.paging import page_from_request
from fazhi.core.permissions import has_perm
from fazhi.core.scope import restrict, scope_key
from fazhi.core.selectors import get_scoped
from fazhi.core.urlcache import cached_reverse
from fazhi.procedure import timeline
from fazhi.procedure.pages import store_upload, stored_uploads
from fazhi.procedure.views import action_panels, transition_post

from . import rules, selectors, services
from .choices import CaseState
from .filtersets import CaseFilterSet, InspectionFilterSet
from .forms import (
    BenchmarkForm,
    BodyForm,
    CaseCreateForm,
    CatalogueForm,
    InspectionForm,
    LenientForm,
    MatterForm,
    OfficerForm,
    PlanForm,
)
from .workflow import MACHINE, Perm

RESULTS_ID = "enf-results"
OPEN_STATES = [s for s in CaseState.values if s not in (CaseState.CLOSED, CaseState.DROPPED)]


def need(user, *perms):
    if not any(has_perm(user, p) for p in perms):
        raise PermissionDenied("您没有访问此页面的权限。")


def render_list(request, template, context):
    partial = bool(getattr(request, "htmx", False)) and not request.htmx.boosted and request.htmx.target == RESULTS_ID
    context = {**context, "results_id": RESULTS_ID, "partial": partial}
    response = render(request, "enforcement/_results.html" if partial else template, context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def _own_agency(user, perm):
    """The agency a user registers cases and inspections for: their own, when it is in their scope."""
    if not user.agency_id:
        return None
    return restrict(Agency.objects.filter(pk=user.agency_id), user, perm).first()


# ------------------------------------------------------------------ the officer's work list and the case list


@login_required
def home(request):
    """我的执法工作: the officer's open cases with their next clock, and the counts by state."""
    need(request.user, Perm.VIEW)
    cases = selectors.case_rows(user=request.user)
    mine = cases.filter(created_by=request.user, state__in=OPEN_STATES)
    counts = dict(cases.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    from django.contrib.contenttypes.models import ContentType

    from fazhi.core.models import Deadline

    from .models import Case

    open_mine = list(mine.order_by("-id")[:50])
    due = {}
    if open_mine:
        for d in Deadline.objects.filter(content_type=ContentType.objects.get_for_model(Case),
                                         object_id__in=[str(c.pk) for c in open_mine],
                                         status__in=["open", "overdue"]).order_by("due_date"):
            due.setdefault(int(d.object_id), d)
    today = timezone.localdate()
    rows = [{"case": c, "deadline": due.get(c.pk), "late": bool(due.get(c.pk) and due[c.pk].due_date < today)}
            for c in open_mine]
    states = [{"state": s, "label": label, "n": counts.get(s, 0)} for s, label in CaseState.choices]
    inspections = selectors.inspection_list(user=request.user).filter(created_by=request.user).order_by("-on_date", "-id")[:5]
    return render(request, "enforcement/home.html", {
        "rows": rows, "states": states, "tab": "home", "inspections": list(inspections),
        "can_create": has_perm(request.user, Perm.MANAGE) and _own_agency(request.user, Perm.MANAGE) is not None})


@login_required
def case_list(request):
    need(request.user, Perm.VIEW)
    if request.GET.get("format") == "xlsx":
        return list_export(request, "enforcement.cases")
    filterset, rows = page_filtered(request, CaseFilterSet, selectors.case_rows(user=request.user))
    page = page_from_request(request, selectors.case_table_rows(rows), ordering=("-id",))
    return render_list(request, "enforcement/list.html", {
        "filter": filterset, "page": page, "table": "enforcement/_case_table.html", "title": "行政处罚案件",
        "tab": "cases", "export": True, "create_url": cached_reverse("enforcement:case_create")
        if _may_register_cases(request.user) else None,
        "create_label": "登记案源"})


# Whether the 登记案源 button shows, per user scope (core.localcache, emptied when agencies or roles change): a
# query a page otherwise. case_create checks again.
_REGISTERS_CASES = LocalCache("enforcement-registers-cases", max_entries=256)


def _may_register_cases(user) -> bool:
    if not has_perm(user, Perm.MANAGE):
        return False
    return _REGISTERS_CASES.get_or_set(scope_key(user), lambda: _own_agency(user, Perm.MANAGE) is not None,
                                       choices_seconds())


@login_required
def case_create(request):
    need(request.user, Perm.MANAGE)
    agency = _own_agency(request.user, Perm.MANAGE)
    if agency is None:
        raise PermissionDenied("您的账号不属于执法机关，不能登记案源。")
    form, status = CaseCreateForm(agency=agency, initial={"discovered_on": timezone.localdate()}), 200
    if request.method == "POST":
        form = CaseCreateForm(request.POST, agency=agency)
        if form.is_valid():
            try:
                case = services.case_create(actor=request.user, agency=agency, **form.cleaned_data)
                if case.lenient_item_id:
                    messages.info(request, f"本案与免罚轻罚清单事项“{case.lenient_item}”相符，作出决定前须记录适用或者"
                                           f"不适用的理由（行政处罚法第三十三条）。")
                messages.success(request, "已登记案源。")
                return redirect("enforcement:case", code=case.code)
            except ServiceError as exc:
                form.add_service_errors(exc)
            except NotPermitted as exc:
                form.add_error(None, exc.message)
        status = 400
    return render(request, "enforcement/form.html", {"form": form, "title": "登记案源", "tab": "cases",
                                                     "back": reverse("enforcement:cases")}, status=status)


# ------------------------------------------------------------------ the case page


def case_clocks(case) -> list[dict]:
    """The case's deadlines: rule, legal source, start, period and unit, due date, status (core deadlines)."""
    return clock_rows(services.case_deadlines(case).order_by("start_date", "id"))


def _docs(case) -> list[tuple[str, str]]:
    from .documents import DOCUMENTS

    return [(label, reverse("enforcement:case_docx", args=[case.code, kind]))
            for kind, (label, ready, _) in DOCUMENTS.items() if ready(case)]


def _render_case(request, case, status=200, action_errors=None):
    from django.contrib.contenttypes.models import ContentType

    from fazhi.core.models import Attachment
    from fazhi.procedure.pages import attachment_url
    from fazhi.procedure.reviews import reviews_of

    from .models import InvestigativeAct

    acts = list(case.acts.prefetch_related("officers"))
    files: dict[str, list] = {}
    if acts:
        for a in Attachment.objects.filter(content_type=ContentType.objects.get_for_model(InvestigativeAct),
                                           object_id__in=[str(a.pk) for a in acts]).order_by("id"):
            files.setdefault(a.object_id, []).append({"a": a, "url": attachment_url(a)})
    for act in acts:
        act.files = files.get(str(act.pk), [])
        act.docx_url = reverse("enforcement:case_docx", args=[case.code, f"act-{act.pk}"])
    officers = list(case.officers.all())
    today = timezone.localdate()
    suggestion = None
    if case.lenient_item_id and case.lenient_applied is None:
        suggestion = case.lenient_item
    statement_end = rules.statement_period_end(case.notice_served_on) if case.notice_served_on else None
    return render(request, "enforcement/case_detail.html", {
        "case": case, "tab": "cases", "acts": acts, "officers": officers, "clocks": case_clocks(case),
        "events": timeline.rows(case), "reviews": list(reviews_of(case).order_by("-id")[:5]),
        "suggestion": suggestion, "statement_end": statement_end, "today": today,
        "outside": rules.outside_range(case.benchmark_range, case.fine_amount),
        "panels": action_panels(MACHINE, request.user, case, errors=action_errors),
        "post_url": reverse("enforcement:case", args=[case.code]),
        "docs": _docs(case),
    }, status=status)


@login_required
def case_detail(request, code):
    need(request.user, Perm.VIEW)
    case = get_scoped(selectors.case_detail(user=request.user), code=code)
    if request.method == "POST":
        return transition_post(request, machine=MACHINE, obj=case, render_detail=_render_case,
                               success_url=lambda obj, t, r: reverse("enforcement:case", args=[obj.code]))
    return _render_case(request, case)


@login_required
def case_docx(request, code, kind):
    """The case's documents as .docx, each once its step is done (立案审批表 … 结案报告); ``act-<id>`` is the
    record of one investigative act (询问笔录, 现场检查笔录)."""
    from django.http import Http404

    from .documents import DOCUMENTS, act_docx, docx_response

    need(request.user, Perm.VIEW)
    case = get_scoped(selectors.case_detail(user=request.user), code=code)
    if kind.startswith("act-") and kind[4:].isdigit():
        act = case.acts.filter(pk=int(kind[4:])).prefetch_related("officers").first()
        if act is not None:
            return act_docx(case, act)
    elif kind in DOCUMENTS and DOCUMENTS[kind][1](case):
        return docx_response(case, kind)
    raise Http404("该文书尚未形成。")


# ------------------------------------------------------------------ registers


REGISTERS = {
    "officer": ("执法人员", OfficerForm), "body": ("执法主体", BodyForm), "matter": ("执法事项清单", MatterForm),
    "benchmark": ("裁量基准", BenchmarkForm), "lenient": ("免罚轻罚清单", LenientForm),
    "major": ("重大执法决定目录", CatalogueForm), "plan": ("年度检查计划", PlanForm),
}


def _register_create(request, register, agency, data):
    if register == "major":
        return services.catalogue_set(actor=request.user, agency=agency, **data)
    if register == "plan":
        return services.plan_create(actor=request.user, agency=agency, **data)
    if register == "benchmark":
        rng = {k: data.pop(k) for k in ("level", "circumstance", "min_fine", "max_fine")}
        data["ranges"] = [rng]
    return services.register_create(actor=request.user, register=register, agency=agency, **data)


@login_required
def registers_home(request):
    need(request.user, Perm.VIEW)
    return redirect("enforcement:register", register="officer")


@login_required
def register_list(request, register):
    need(request.user, Perm.VIEW)
    if register not in REGISTERS:
        from django.http import Http404

        raise Http404
    title, form_class = REGISTERS[register]
    can_add = has_perm(request.user, Perm.REGISTER) and _own_agency(request.user, Perm.REGISTER) is not None
    form, status = (form_class(prefix="r") if can_add else None), 200
    if request.method == "POST":
        need(request.user, Perm.REGISTER)
        agency = _own_agency(request.user, Perm.REGISTER)
        if agency is None:
            raise PermissionDenied("您的账号不属于执法机关。")
        form = form_class(request.POST, prefix="r")
        if form.is_valid():
            try:
                _register_create(request, register, agency, dict(form.cleaned_data))
                messages.success(request, f"已登记到{title}。")
                return redirect("enforcement:register", register=register)
            except ServiceError as exc:
                form.add_service_errors(exc)
            except NotPermitted as exc:
                form.add_error(None, exc.message)
        status = 400
    qs = selectors.register_list(register, user=request.user)
    q = (request.GET.get("q") or "").strip()[:60]
    if q:
        field = {"officer": "name", "body": "name", "matter": "name", "plan": "name",
                 "major": "agency__name"}.get(register, "violation")
        qs = qs.filter(**{f"{field}__icontains": q})
    page = page_from_request(request, qs, ordering=("region_path", "id"))
    today = timezone.localdate()
    response = render(request, "enforcement/registers.html", {
        "register": register, "title": title, "registers": [(k, v[0]) for k, v in REGISTERS.items()],
        "page": page, "form": form, "q": q, "today": today, "tab": "registers"}, status=status)
    return response


# ------------------------------------------------------------------ 涉企检查


@login_required
def inspection_list(request):
    need(request.user, Perm.VIEW)
    filterset, rows = page_filtered(request, InspectionFilterSet, selectors.inspection_list(user=request.user))
    page = page_from_request(request, rows, ordering=("-on_date", "-id"))
    warned = selectors.inspection_list(user=request.user).exclude(warnings=[]).count()
    return render_list(request, "enforcement/list.html", {
        "filter": filterset, "page": page, "table": "enforcement/_inspection_table.html", "title": "涉企行政检查",
        "tab": "inspections", "warned": warned,
        "create_url": reverse("enforcement:inspection_create")
        if has_perm(request.user, Perm.MANAGE) and _own_agency(request.user, Perm.MANAGE) else None,
        "create_label": "现场登记检查"})


@login_required
def inspection_create(request):
    """The field page: one column, large controls, photos from the phone's camera."""
    need(request.user, Perm.MANAGE)
    agency = _own_agency(request.user, Perm.MANAGE)
    if agency is None:
        raise PermissionDenied("您的账号不属于执法机关，不能登记行政检查。")
    form, status, reasons = InspectionForm(agency=agency), 200, []
    if request.method == "POST":
        form = InspectionForm(request.POST, request.FILES, agency=agency)
        if form.is_valid():
            data = dict(form.cleaned_data)
            photos = request.FILES.getlist("photos")
            data.pop("photos", None)
            try:
                with stored_uploads():
                    from django.db import transaction

                    with transaction.atomic():
                        inspection = services.inspection_record(actor=request.user, agency=agency, **data)
                        for upload in photos:
                            store_upload(request.user, upload, inspection)
                for w in inspection.warnings:
                    messages.warning(request, w["text"])
                messages.success(request, f"已登记检查，检查码 {inspection.check_code}（企业可在门户核验）。")
                return redirect("enforcement:inspection", code=inspection.code)
            except TransitionRefused as exc:
                reasons = [str(r) for r in exc.reasons]
                status = 409
            except ServiceError as exc:
                form.add_service_errors(exc)
                status = 400
            except NotPermitted as exc:
                form.add_error(None, exc.message)
                status = 400
        else:
            status = 400
    return render(request, "enforcement/inspection_form.html", {
        "form": form, "reasons": reasons, "title": "现场登记行政检查", "tab": "inspections",
        "back": reverse("enforcement:inspections")}, status=status)


@login_required
def inspection_detail(request, code):
    from fazhi.core.attachments import attachments_for
    from fazhi.procedure.pages import attachment_url

    need(request.user, Perm.VIEW)
    inspection = get_scoped(selectors.inspection_list(user=request.user), code=code)
    from .models import Inspection

    codes = [c for w in inspection.warnings for c in w.get("records", [])]
    related = {i.check_code: i for i in Inspection.objects.filter(check_code__in=codes).select_related("agency")}
    warnings = [{**w, "related": [related[c] for c in w.get("records", []) if c in related]} for w in inspection.warnings]
    files = [{"a": a, "url": attachment_url(a)} for a in attachments_for(inspection)]
    return render(request, "enforcement/inspection_detail.html", {
        "i": inspection, "officers": list(inspection.officers.all()), "warnings": warnings, "files": files,
        "tab": "inspections", "events": timeline.rows(inspection)})


# ------------------------------------------------------------------ anomaly flags


@login_required
def anomalies(request):
    """Anomaly flags for supervisors, each explained with the records behind it."""
    from .anomalies import flags

    need(request.user, Perm.VIEW)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return render(request, "enforcement/anomalies.html", {
        "flags": flags(user=request.user, year=year), "year": year, "tab": "anomalies",
        "years": range(timezone.localdate().year, 2022, -1)})



# ------------------------------------------------------------------ 案卷评查


def _organiser_agency(user):
    return _own_agency(user, Perm.EVALUATE)


@login_required
def evaluation_list(request):
    from .forms import EvaluationForm

    need(request.user, Perm.VIEW)
    can_create = has_perm(request.user, Perm.EVALUATE) and _organiser_agency(request.user) is not None
    form, status = (EvaluationForm(initial={"year": timezone.localdate().year, "per_agency": 3}) if can_create
                    else None), 200
    if request.method == "POST":
        need(request.user, Perm.EVALUATE)
        form = EvaluationForm(request.POST)
        if form.is_valid():
            try:
                rnd = services.evaluation_create(actor=request.user, agency=_organiser_agency(request.user),
                                                 **form.cleaned_data)
                messages.success(request, f"已随机抽取 {rnd.samples.count()} 卷案卷。")
                return redirect("enforcement:evaluation", code=rnd.code)
            except ServiceError as exc:
                form.add_service_errors(exc)
            except NotPermitted as exc:
                raise PermissionDenied(exc.message)
        status = 400
    rounds = selectors.evaluation_list(user=request.user).annotate(
        n=Count("samples"), scored=Count("samples", filter=~Q(samples__grade="")),
        failed=Count("samples", filter=Q(samples__grade="fail"))).order_by("-year", "-id")[:100]
    return render(request, "enforcement/evaluations.html", {"rounds": rounds, "form": form, "tab": "evaluations"},
                  status=status)


@login_required
def evaluation_detail(request, code):
    from .forms import RectifyForm, ScoreForm

    need(request.user, Perm.VIEW)
    rnd = get_scoped(selectors.evaluation_list(user=request.user), code=code)
    samples = list(selectors.evaluation_samples(rnd, user=request.user))
    can_score = has_perm(request.user, Perm.EVALUATE) and restrict(
        type(rnd).objects.filter(pk=rnd.pk), request.user, Perm.EVALUATE).exists()
    errors, status = {}, 200
    if request.method == "POST":
        do = request.POST.get("do", "")
        if do == "close":
            try:
                services.evaluation_close(actor=request.user, round_=rnd)
                messages.success(request, "评查已完成。")
                return redirect("enforcement:evaluation", code=rnd.code)
            except TransitionRefused as exc:
                messages.error(request, "；".join(str(r) for r in exc.reasons))
                return redirect("enforcement:evaluation", code=rnd.code)
            except NotPermitted as exc:
                raise PermissionDenied(exc.message)
        sample = next((s for s in samples if str(s.pk) == request.POST.get("sample")), None)
        if sample is None:
            from django.http import Http404

            raise Http404("没有这一案卷。")
        form = (ScoreForm(request.POST, prefix=f"s{sample.pk}", rubric=rnd.rubric) if do == "score"
                else RectifyForm(request.POST, prefix=f"r{sample.pk}"))
        if form.is_valid():
            try:
                if do == "score":
                    services.evaluation_score(actor=request.user, sample=sample, **form.payload())
                else:
                    services.evaluation_rectify(actor=request.user, sample=sample, **form.cleaned_data)
                messages.success(request, "已保存。")
                return redirect("enforcement:evaluation", code=rnd.code)
            except TransitionRefused as exc:
                for r in exc.reasons:
                    form.add_error(None, str(r))
                status = 409
            except ServiceError as exc:
                form.add_service_errors(exc)
                status = 400
            except NotPermitted as exc:
                raise PermissionDenied(exc.message)
        else:
            status = 400
        errors[sample.pk] = form
    rows = []
    item_labels = {k: label for k, label, _ in rnd.rubric["items"]}
    veto_labels = dict((k, v) for k, v in rnd.rubric["vetoes"])
    for s in samples:
        row = {"s": s, "score_form": None, "rectify_form": None,
               "deducted": [(item_labels.get(k, k), v) for k, v in (s.deductions or {}).items()],
               "vetoed": [veto_labels.get(v, v) for v in s.vetoes or ()]}
        if can_score and rnd.state == "open":
            initial = {f"d_{k}": v for k, v in (s.deductions or {}).items()}
            initial.update(vetoes=s.vetoes, problems=s.problems)
            row["score_form"] = errors.get(s.pk) if isinstance(errors.get(s.pk), ScoreForm) else ScoreForm(
                prefix=f"s{s.pk}", rubric=rnd.rubric, initial=initial)
        if s.agency_id == request.user.agency_id and s.grade not in ("", "excellent") and has_perm(request.user,
                                                                                                   Perm.MANAGE):
            row["rectify_form"] = errors.get(s.pk) if isinstance(errors.get(s.pk), RectifyForm) else RectifyForm(
                prefix=f"r{s.pk}", initial={"rectification": s.rectification})
        rows.append(row)
    grades = {}
    for s in samples:
        if s.grade:
            grades[s.get_grade_display()] = grades.get(s.get_grade_display(), 0) + 1
    scored = [s.score for s in samples if s.score is not None]
    average = (sum(scored) / len(scored)).quantize(Decimal("0.1")) if scored else None
    summary = {"n": len(samples), "scored": len(scored), "grades": grades, "average": average}
    return render(request, "enforcement/evaluation_detail.html", {
        "r": rnd, "rows": rows, "summary": summary, "can_score": can_score, "tab": "evaluations"}, status=status)


# ------------------------------------------------------------------ 乡镇 "两违"


@login_required
def township_list(request):
    from .choices import TownshipState

    need(request.user, Perm.VIEW)
    qs = selectors.township_list(user=request.user)
    state = request.GET.get("state") or ""
    if state in TownshipState.values:
        qs = qs.filter(state=state)
    page = page_from_request(request, qs, ordering=("-id",))
    return render(request, "enforcement/township_list.html", {
        "page": page, "tab": "township", "states": TownshipState.choices, "state": state,
        "can_create": has_perm(request.user, Perm.MANAGE) and _own_agency(request.user, Perm.MANAGE) is not None})


@login_required
def township_create(request):
    from .forms import TwReportForm
    from .services_township import report

    need(request.user, Perm.MANAGE)
    agency = _own_agency(request.user, Perm.MANAGE)
    if agency is None:
        raise PermissionDenied("您的账号不属于乡镇人民政府或执法机关。")
    form, status = TwReportForm(initial={"discovered_on": timezone.localdate()}), 200
    if request.method == "POST":
        form = TwReportForm(request.POST)
        if form.is_valid():
            try:
                case = report(actor=request.user, agency=agency, **form.cleaned_data)
                messages.success(request, "已登记。")
                return redirect("enforcement:township", code=case.code)
            except ServiceError as exc:
                form.add_service_errors(exc)
            except NotPermitted as exc:
                form.add_error(None, exc.message)
        status = 400
    return render(request, "enforcement/form.html", {"form": form, "title": "登记两违线索", "tab": "township",
                                                     "back": reverse("enforcement:townships")}, status=status)


def _render_township(request, case, status=200, action_errors=None):
    from fazhi.core.attachments import attachments_for
    from fazhi.procedure.pages import attachment_url

    from .workflow import TOWNSHIP_MACHINE

    clocks = clock_rows(deadlines_of(case))
    window = rules.challenge_window_end(case.decided_on) if case.decided_on else None
    return render(request, "enforcement/township_detail.html", {
        "case": case, "tab": "township", "clocks": clocks, "window": window, "events": timeline.rows(case),
        "files": [{"a": a, "url": attachment_url(a)} for a in attachments_for(case)],
        "competent": rules.land_department(case.villager_house),
        "panels": action_panels(TOWNSHIP_MACHINE, request.user, case, errors=action_errors),
        "post_url": reverse("enforcement:township", args=[case.code])}, status=status)


@login_required
def township_detail(request, code):
    from .workflow import TOWNSHIP_MACHINE

    need(request.user, Perm.VIEW)
    case = get_scoped(selectors.township_list(user=request.user), code=code)
    if request.method == "POST":
        return transition_post(request, machine=TOWNSHIP_MACHINE, obj=case, render_detail=_render_township,
                               success_url=lambda obj, t, r: reverse("enforcement:township", args=[obj.code]))
    return _render_township(request, case)


# ------------------------------------------------------------------ bulk import


@login_required
def import_list(request):
    from .forms import ImportForm
    from .imports import import_start
    from .models import ImportJob

    need(request.user, Perm.MANAGE, Perm.REGISTER)
    agency = _own_agency(request.user, Perm.MANAGE) or _own_agency(request.user, Perm.REGISTER)
    form, status = ImportForm(), 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            if agency is None:
                raise PermissionDenied("您的账号不属于执法机关。")
            try:
                with stored_uploads():
                    job = import_start(actor=request.user, agency=agency, kind=form.cleaned_data["kind"],
                                       upload=form.cleaned_data["file"])
                return redirect("enforcement:import", code=job.code)
            except ServiceError as exc:
                form.add_service_errors(exc)
            except NotPermitted as exc:
                form.add_error(None, exc.message)
        status = 400
    jobs = restrict(ImportJob.objects.select_related("agency", "source"), request.user, Perm.VIEW)[:30]
    return render(request, "enforcement/imports.html", {"form": form, "jobs": jobs, "tab": "imports"}, status=status)


@login_required
def import_detail(request, code):
    from .models import ImportJob

    need(request.user, Perm.VIEW)
    job = get_scoped(restrict(ImportJob.objects.select_related("agency", "source", "errors_file"), request.user,
                              Perm.VIEW), code=code)
    from fazhi.procedure.pages import attachment_url

    context = {"job": job, "tab": "imports", "errors_url": attachment_url(job.errors_file)}
    if getattr(request, "htmx", False) and request.htmx.target == "import-progress":
        return render(request, "enforcement/_import_progress.html", context)
    return render(request, "enforcement/import_detail.html", context)


@login_required
def import_template(request, kind):
    from django.http import Http404, HttpResponse

    from .choices import ImportKind
    from .imports import template_workbook

    need(request.user, Perm.VIEW)
    if kind not in ImportKind.values:
        raise Http404("没有这一模板。")
    response = HttpResponse(template_workbook(kind),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename=import-{kind}.xlsx"
    return response


# ------------------------------------------------------------------ 投诉举报


@login_required
def complaint_list(request):
    from .forms import ComplaintForm
    from .services_complaints import register

    need(request.user, Perm.VIEW)
    can_add = has_perm(request.user, Perm.EVALUATE)
    agencies = restrict(Agency.objects.filter(is_active=True), request.user, Perm.EVALUATE).order_by(
        "region_path", "name") if can_add else Agency.objects.none()
    form, status = (ComplaintForm(agencies=agencies, initial={"received_on": timezone.localdate()})
                    if can_add else None), 200
    if request.method == "POST":
        need(request.user, Perm.EVALUATE)
        form = ComplaintForm(request.POST, agencies=agencies)
        if form.is_valid():
            try:
                c = register(actor=request.user, **form.cleaned_data)
                messages.success(request, "已登记，请在期限内作出是否受理的决定。")
                return redirect("enforcement:complaint", code=c.code)
            except ServiceError as exc:
                form.add_service_errors(exc)
            except NotPermitted as exc:
                form.add_error(None, exc.message)
        status = 400
    qs = selectors.complaint_list(user=request.user)
    page = page_from_request(request, qs, ordering=("-id",))
    return render(request, "enforcement/complaints.html", {"page": page, "form": form, "tab": "complaints"},
                  status=status)


def _render_complaint(request, c, status=200, action_errors=None):
    from .workflow import COMPLAINT_MACHINE

    clocks = clock_rows(deadlines_of(c))
    return render(request, "enforcement/complaint_detail.html", {
        "c": c, "tab": "complaints", "clocks": clocks, "events": timeline.rows(c),
        "show_contact": has_perm(request.user, Perm.EVALUATE),
        "panels": action_panels(COMPLAINT_MACHINE, request.user, c, errors=action_errors),
        "post_url": reverse("enforcement:complaint", args=[c.code])}, status=status)


@login_required
def complaint_detail(request, code):
    from .workflow import COMPLAINT_MACHINE

    need(request.user, Perm.VIEW)
    c = get_scoped(selectors.complaint_list(user=request.user), code=code)
    if request.method == "POST":
        return transition_post(request, machine=COMPLAINT_MACHINE, obj=c, render_detail=_render_complaint,
                               success_url=lambda obj, t, r: reverse("enforcement:complaint", args=[obj.code]))
    return _render_complaint(request, c)
