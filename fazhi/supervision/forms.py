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
