from django import forms

from fazhi.procedure.forms import StepForm


class ReasonForm(StepForm):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=500)


class NoteForm(StepForm):
    note = forms.CharField(label="审核意见", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000,
                           required=False)


class ReturnForm(StepForm):
    note = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class AnswerForm(StepForm):
    report = forms.CharField(label="整改报告", widget=forms.Textarea(attrs={"rows": 5}), max_length=10000)


class ConfirmLetterForm(StepForm):
    demand = forms.CharField(label="整改要求（可修改）", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                             required=False)


class MonthForm(forms.Form):
    month = forms.RegexField(label="月份", regex=r"^\d{4}-(0[1-9]|1[0-2])$", help_text="格式：2026-10",
                             error_messages={"invalid": "月份格式应为 YYYY-MM，例如 2026-10。"})
    reason = forms.CharField(label="重算理由（已计算过的月份必填）", max_length=300, required=False)

    def period(self):
        from fazhi.core.indicators import Period

        y, m = (int(x) for x in self.cleaned_data["month"].split("-"))
        return Period.month(y, m)


class PublishForm(forms.Form):
    reason = forms.CharField(label="发布理由", max_length=300)
