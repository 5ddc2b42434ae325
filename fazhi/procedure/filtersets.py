"""FilterSets of the kernel's lists (shared by the pages and the API)."""

import django_filters as df
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from fazhi.core.models import Agency

from .choices import ReviewStatus
from .models import LegalityReview


class ReviewDeskFilterSet(df.FilterSet):
    # "全部" is everything still on the desk; 已出具意见 lists the finished rounds instead.
    status = df.ChoiceFilter(label="状态", choices=[(ReviewStatus.WAITING, "待承办"),
                                                   (ReviewStatus.IN_REVIEW, "审核中"),
                                                   (ReviewStatus.RETURNED, "退回补充（中止计时）"),
                                                   (ReviewStatus.DONE, "已出具意见")])
    kind = df.CharFilter(label="类别", method="by_kind", widget=forms.Select)
    submitting_agency = df.ModelChoiceFilter(label="送审单位", queryset=Agency.objects.none(), to_field_name="code")
    overdue = df.BooleanFilter(label="仅看已超期", method="only_overdue", widget=forms.CheckboxInput)
    mine = df.BooleanFilter(label="仅看由我承办", method="only_mine", widget=forms.CheckboxInput)

    class Meta:
        model = LegalityReview
        fields = ["status", "kind", "submitting_agency", "overdue", "mine"]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        from .reviews import review_types

        super().__init__(data, queryset, request=request, prefix=prefix)
        agencies = Agency.objects.filter(pk__in=queryset.order_by().values("submitting_agency")).order_by("name")
        self.filters["submitting_agency"].queryset = agencies
        self.form.fields["submitting_agency"].queryset = agencies
        self.kinds = {t.model.lower(): t.name for t in review_types()}
        self.form.fields["kind"].widget.choices = [("", "全部"), *self.kinds.items()]

    def by_kind(self, queryset, name, value):
        if not value or value not in self.kinds:
            return queryset.none() if value else queryset
        app_label, model = value.split(".", 1)
        return queryset.filter(content_type=ContentType.objects.get_by_natural_key(app_label, model))

    def only_overdue(self, queryset, name, value):
        if not value:
            return queryset
        today = timezone.localdate()
        return queryset.filter(Q(deadline__status="overdue") | Q(deadline__status="open", deadline__due_date__lt=today))

    def only_mine(self, queryset, name, value):
        return queryset.filter(assigned_to=self.request.user) if value else queryset
