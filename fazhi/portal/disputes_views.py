"""矛盾纠纷化解 on the portal: apply for 人民调解 or 行政复议 online without an account, and follow the application
by its 受理编号 (行政复议法 第二十二条第一款: 可以通过互联网渠道提交行政复议申请书; 人民调解法 第十七条)."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from fazhi.core.choices import RegionLevel
from fazhi.core.context import client_ip_of
from fazhi.core.errors import ServiceError
from fazhi.core.forms import ServiceErrorsMixin
from fazhi.core.models import Region
from fazhi.disputes import rules as dispute_rules
from fazhi.disputes import selectors as dispute_selectors
from fazhi.disputes import services as dispute_services
from fazhi.disputes.choices import ApplicationKind

from .forms import CaptchaForm, ReceiptLookupForm

KINDS = {"mediation": ApplicationKind.MEDIATION, "reconsideration": ApplicationKind.RECONSIDERATION}


class ApplicationForm(ServiceErrorsMixin, CaptchaForm):
    region = forms.ModelChoiceField(label="向哪一级申请", queryset=Region.objects.none(), empty_label="请选择",
                                    help_text="对州人民政府工作部门的行政行为申请复议，选择“州本级”；其他选择所在县（市、区）。")
    name = forms.CharField(label="申请人姓名或名称", max_length=100)
    contact = forms.CharField(label="联系电话", max_length=40, help_text="仅用于办理机关联系您，不会公开。")
    respondent_name = forms.CharField(label="被申请人（作出行政行为的机关）", max_length=100)
    act = forms.CharField(label="被申请复议的行政行为", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    act_known_on = forms.DateField(label="知道该行政行为的日期", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}),
                                   help_text="自知道之日起六十日内提出（行政复议法第二十条第一款）。")
    delay_reason = forms.CharField(label="超过期限的正当理由", max_length=300, required=False,
                                   help_text="因不可抗力或者其他正当理由耽误申请期限的，请说明（第二十条第二款）。")
    content = forms.CharField(label="复议请求和理由", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))

    field_order = ["region", "name", "contact", "respondent_name", "act", "act_known_on", "delay_reason", "content",
                   "captcha_answer"]

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(
            level__in=(RegionLevel.PREFECTURE, RegionLevel.COUNTY), is_active=True).order_by("level", "code")
        self.fields["region"].label_from_instance = lambda r: (
            f"{r.name}（州本级）" if r.level == RegionLevel.PREFECTURE else r.name)
        if kind == ApplicationKind.MEDIATION:
            for name in ("act_known_on", "delay_reason"):
                del self.fields[name]
            self.fields["respondent_name"].label = "对方当事人"
            self.fields["act"].label = "纠纷事项"
            self.fields["content"].label = "调解请求和理由"


@require_http_methods(["GET", "POST"])
def apply(request, kind: str):
    kind = KINDS.get(kind)
    if kind is None:
        raise Http404("没有这一申请事项。")
    form = ApplicationForm(request.POST or None, kind=kind, purpose=f"dispute-apply:{kind}")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            app = dispute_services.application_submit(
                kind=kind, region=data["region"], name=data["name"], contact=data["contact"],
                respondent_name=data["respondent_name"], act=data["act"], content=data["content"],
                act_known_on=data.get("act_known_on"), delay_reason=data.get("delay_reason", ""),
                client_ip=client_ip_of(request))
        except ServiceError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "申请已提交。请记下受理编号，凭编号查询办理情况。")
            return redirect("portal:dispute_application", code=app.code)
    return render(request, "portal/dispute_apply.html", {"form": form, "kind": kind, "section": "disputes",
                                                         "title": ApplicationKind(kind).label})


@require_GET
def lookup(request):
    form = ReceiptLookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        try:
            app = dispute_selectors.application_by_code(form.cleaned_data["code"])
        except Http404:
            form.add_error("code", "没有找到该受理编号，请核对后重新输入。")
        else:
            return redirect("portal:dispute_application", code=app.code)
    return render(request, "portal/dispute_lookup.html", {"form": form, "section": "disputes"})


@require_GET
def application(request, code):
    """The stage of an application and, once registered, of its case (no personal data of anyone else)."""
    app = dispute_selectors.application_by_code(code)
    case = app.reconsideration or app.mediation
    window = dispute_rules.application_window(act_known_on=app.act_known_on) if app.act_known_on else None
    due = None
    if app.reconsideration and app.reconsideration.decision_deadline_id and not app.reconsideration.closed_on:
        due = app.reconsideration.decision_deadline.due_date
    return render(request, "portal/dispute_application.html", {
        "app": app, "case": case, "window": window, "decision_due": due, "section": "disputes"})
