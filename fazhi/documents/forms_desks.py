"""Forms and list filters of the desks: the pre-check marks of the legality review, filing review, citizens' suggestions, cleanup,
upper laws and statistics. Forms check types and shapes; the services decide the substance (their
ServiceError field errors land next to the fields, TransitionRefused reasons above the form)."""

import django_filters as df
from django import forms
from django.db.models import Q
from django.utils import timezone

from fazhi.core.models import Agency

from .choices import CampaignKind, CleanupDecision, FilingReviewStatus, SuggestionStatus, UpperLawStatus
from .forms import ServiceErrorsMixin, date_field
from .models import CleanupCampaign, Filing, ReviewSuggestion, UpperLaw
from .services_review import FINDING_MARKS


def _date(label: str, required: bool = False) -> forms.DateField:
    return date_field(label, required=required)


def _text(label: str, required: bool = False, rows: int = 3, help_text: str = "", max_length=None):
    return forms.CharField(label=label, required=required, help_text=help_text, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": rows}))


# ------------------------------------------------------------------ the pre-check findings on the review page


class FindingMarkForm(forms.Form):
    status = forms.ChoiceField(choices=list(FINDING_MARKS.items()))
    note = forms.CharField(required=False, max_length=500)


# ------------------------------------------------------------------ filing review


class FilingDecisionForm(ServiceErrorsMixin, forms.Form):
    DECISIONS = [(FilingReviewStatus.APPROVED, "准予备案"),
                 (FilingReviewStatus.CORRECTION_REQUIRED, "责令纠正"),
                 (FilingReviewStatus.REVOCATION_PROPOSED, "建议撤销（报人民政府决定）")]

    decision = forms.ChoiceField(label="审查结果", choices=DECISIONS, widget=forms.RadioSelect)
    correction_days = forms.IntegerField(label="纠正期限（日）", required=False, min_value=1, max_value=365,
                                         help_text="责令纠正时填写，默认 30 日。")
    opinion = _text("审查意见", rows=3, max_length=5000, help_text="责令纠正或撤销的，须写明理由。")


class FilingExtendForm(ServiceErrorsMixin, forms.Form):
    approved_by = forms.CharField(label="批准人", max_length=100, help_text="审查机构负责人")
    reason = forms.CharField(label="延长理由", max_length=500)


# A decision can be made on a filed document not yet decided, or once corrected or escalated.
FILING_DECIDABLE = (FilingReviewStatus.PENDING, FilingReviewStatus.CORRECTED, FilingReviewStatus.ESCALATED)
FILING_TABS = {"todo": "待审查", "unfiled": "待报备", "all": "全部"}


class FilingDeskFilterSet(df.FilterSet):
    # The tab itself is applied by the view (absent = 待审查), so that the default does not count as a filter.
    show = df.ChoiceFilter(label="范围", choices=list(FILING_TABS.items()), empty_label=None, method="tab_applied")
    issuer = df.ModelChoiceFilter(label="制定机关", field_name="document__issuing_agency", to_field_name="code",
                                  queryset=Agency.objects.none())
    review_status = df.ChoiceFilter(label="审查结果", choices=FilingReviewStatus.choices)
    late = df.BooleanFilter(label="仅看逾期报备", method="only_late", widget=forms.CheckboxInput)

    class Meta:
        model = Filing
        fields = ["show", "issuer", "review_status", "late"]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        agencies = Agency.objects.filter(pk__in=queryset.order_by().values("document__issuing_agency")).order_by("name")
        self.filters["issuer"].queryset = agencies
        self.form.fields["issuer"].queryset = agencies

    def tab_applied(self, queryset, name, value):
        return queryset

    def only_late(self, queryset, name, value):
        if not value:
            return queryset
        from django.db.models import F

        today = timezone.localdate()
        return queryset.filter(Q(filed_on__gt=F("due_date")) | Q(filed_on__isnull=True, due_date__lt=today))


# ------------------------------------------------------------------ citizens' suggestions


class SuggestionAnswerForm(ServiceErrorsMixin, forms.Form):
    answer = _text("答复内容", required=True, rows=4, max_length=5000)


SUGGESTION_TABS = {SuggestionStatus.RECEIVED: "待答复", SuggestionStatus.ANSWERED: "已答复", "all": "全部"}


class SuggestionFilterSet(df.FilterSet):
    # Applied by the view (absent = 待答复), like the filing desk's tab.
    status = df.ChoiceFilter(label="状态", choices=list(SUGGESTION_TABS.items()), empty_label=None,
                             method="tab_applied")

    def tab_applied(self, queryset, name, value):
        return queryset

    class Meta:
        model = ReviewSuggestion
        fields = ["status"]


# ------------------------------------------------------------------ cleanup


class CampaignForm(ServiceErrorsMixin, forms.Form):
    title = forms.CharField(label="清理名称", max_length=200, help_text="如：2026年度行政规范性文件集中清理。")
    kind = forms.ChoiceField(label="类型", choices=CampaignKind.choices)
    issuers = forms.ModelMultipleChoiceField(
        label="制定机关", required=False, queryset=Agency.objects.none(), to_field_name="code",
        widget=forms.CheckboxSelectMultiple, help_text="不选则为数据范围内的全部制定机关。")
    published_from = _date("公布日期起")
    published_to = _date("公布日期止")
    upper_law = forms.ModelChoiceField(label="依据的上位法", required=False, queryset=UpperLaw.objects.all(),
                                       empty_label="（不限）", help_text="因上位法修改的专项清理须选择。")
    due_date = _date("完成期限")

    def __init__(self, *args, issuers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if issuers is not None:
            self.fields["issuers"].queryset = issuers
            self.fields["issuers"].label_from_instance = lambda agency: agency.name

    def payload(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "kind": data["kind"],
                "issuer_ids": [str(a.code) for a in data.get("issuers") or []],
                "published_from": data.get("published_from"), "published_to": data.get("published_to"),
                "upper_law": data.get("upper_law"), "due_date": data.get("due_date")}


class CleanupDecisionForm(ServiceErrorsMixin, forms.Form):
    decision = forms.ChoiceField(label="清理意见", choices=[("", "请选择")] + list(CleanupDecision.choices),
                                 required=False)
    reason = _text("理由", rows=2, max_length=2000)


class CampaignFilterSet(df.FilterSet):
    status = df.ChoiceFilter(label="状态", choices=[("open", "清理中"), ("published", "已公布结果")])
    kind = df.ChoiceFilter(label="类型", choices=CampaignKind.choices)

    class Meta:
        model = CleanupCampaign
        fields = ["status", "kind"]


# ------------------------------------------------------------------ upper laws


class UpperLawMarkForm(ServiceErrorsMixin, forms.Form):
    status = forms.ChoiceField(label="变化", choices=[(UpperLawStatus.AMENDED, "已修改"),
                                                     (UpperLawStatus.REPEALED, "已废止")])
    on = _date("修改或废止日期", required=True)
    note = forms.CharField(label="说明", required=False, max_length=300,
                           help_text="如：2026年修正，第十二条删除。")


class UpperLawFilterSet(df.FilterSet):
    q = df.CharFilter(max_length=100, label="名称", field_name="name", lookup_expr="icontains")
    status = df.ChoiceFilter(label="状态", choices=UpperLawStatus.choices)

    class Meta:
        model = UpperLaw
        fields = ["q", "status", "level"]


# ------------------------------------------------------------------ statistics


class StatsForm(forms.Form):
    """The period (a year, or two dates) and the unit (a region within the user's scope)."""

    region = forms.ChoiceField(label="地区", required=False)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    start = _date("起始日期")
    end = _date("截止日期")

    def __init__(self, *args, regions, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.code, r.label) for r in regions]
        self.fields["year"].choices = [("", "自定义期间")] + [(y, f"{y}年") for y in years]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if not data.get("year") and (start is None or end is None):
            raise forms.ValidationError("请选择年度，或填写起止日期。")
        if start and end and start > end:
            self.add_error("end", "截止日期不能早于起始日期。")
        if start and end and (end - start).days > 366 * 10:
            self.add_error("end", "统计期间不超过十年。")
        return data
