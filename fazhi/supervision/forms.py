from django import forms

from fazhi.procedure.forms import StepForm

from .choices import AccountabilityMeasure


class ReasonForm(StepForm):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=500)


class NoteForm(StepForm):
    note = forms.CharField(label="审核意见", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000,
                           required=False)


class ReturnForm(StepForm):
    note = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class _Files(forms.ClearableFileInput):
    allow_multiple_selected = True


class _FilesField(forms.FileField):
    """Several files at once (the rectification plan, the report, the evidence)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", _Files())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(_FilesField, self).clean(d, initial) for d in data if d]
        return super().clean(data, initial)


class AnswerForm(StepForm):
    report = forms.CharField(label="整改报告", widget=forms.Textarea(attrs={"rows": 5}), max_length=10000)
    files = _FilesField(label="整改方案、整改报告和佐证材料（可多选）", required=False)


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


class InterviewForm(StepForm):
    held_at = forms.DateTimeField(label="约谈时间", help_text="格式：2026-11-20 09:30",
                                  input_formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"],
                                  error_messages={"invalid": "约谈时间格式应为 2026-11-20 09:30。"})
    place = forms.CharField(label="约谈地点", max_length=200)
    interviewers = forms.CharField(label="约谈人", max_length=300)
    interviewees = forms.CharField(label="被约谈人", max_length=300)
    attendees = forms.CharField(label="列席人员", max_length=300, required=False)
    minutes = forms.CharField(label="约谈纪要", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
    commitments = forms.CharField(label="表态与承诺", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class AccountabilityForm(StepForm):
    decided_on = forms.DateField(label="决定日期", help_text="格式：2026-11-30",
                                 error_messages={"invalid": "日期格式应为 YYYY-MM-DD。"})
    decided_by = forms.CharField(label="作出决定机关", max_length=120)
    decision_number = forms.CharField(label="决定文号", max_length=60)
    subjects = forms.CharField(label="被问责对象", max_length=300)
    measure = forms.ChoiceField(label="问责方式", choices=AccountabilityMeasure.choices)
    decision = forms.CharField(label="问责决定", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
