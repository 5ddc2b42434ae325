"""行政执法 on the portal (事前公开 and 事后公开, 国办发〔2018〕118号): the registers (主体、人员、事项、裁量基准、
免罚轻罚清单), the published penalty decisions with personal information removed, and the enterprise's check of
an inspection by its 检查码 (扫码入企)."""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fazhi.core.paging import page_from_request
from fazhi.enforcement import selectors as enf

TABS = (("decisions", "处罚决定公示"), ("body", "执法主体"), ("officer", "执法人员"), ("matter", "执法事项"),
        ("benchmark", "裁量基准"), ("lenient", "免罚轻罚清单"), ("check", "检查码核验"))


class CheckForm(forms.Form):
    code = forms.CharField(label="检查码", max_length=12, min_length=10,
                           help_text="执法人员入企检查时出示的 10 位检查码（不区分大小写）。")


@require_GET
def index(request, tab: str = "decisions"):
    if tab not in dict(TABS):
        raise Http404("没有这一栏目。")
    context = {"tabs": TABS, "tab": tab, "section": "enforcement"}
    if tab == "decisions":
        rows = enf.public_decisions().only(*enf.PUBLIC_CASE_FIELDS)
        q = (request.GET.get("q") or "").strip()[:60]
        if q:
            rows = rows.filter(agency__name__icontains=q) | rows.filter(number__icontains=q)
        context.update(page=page_from_request(request, rows, ordering=("-published_on", "-id")), q=q)
    elif tab == "check":
        form = CheckForm(request.GET or None)
        inspection = None
        if form.is_bound and form.is_valid():
            inspection = enf.inspection_by_check_code(form.cleaned_data["code"])
            if inspection is None:
                form.add_error("code", "没有查到这一检查码，请核对后重新输入；如有疑问可向司法行政部门投诉。")
        context.update(form=form, inspection=inspection)
    else:
        context.update(page=page_from_request(request, enf.public_register(tab), ordering=("region_path", "id")))
    return render(request, "portal/enforcement.html", context)


@require_GET
def decision(request, code):
    case = enf.public_decisions().filter(code=code).first()
    if case is None:
        raise Http404("没有这一公示。")
    return render(request, "portal/enforcement_decision.html", {"case": case, "section": "enforcement", "tabs": TABS,
                                                                "tab": "decisions"})
