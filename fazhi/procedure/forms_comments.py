"""Forms of the comment desk (every module that puts a draft to public comment)."""

from django import forms

from fazhi.core.forms import ServiceErrorsMixin, date_field

from .choices import AnswerOutcome
from .comments import STAFF_SOURCES
from .models import AnswerTemplate


def _text(label: str, required: bool = False, rows: int = 3, max_length: int = 5000) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": rows}))


class CommentEnterForm(ServiceErrorsMixin, forms.Form):
    """An opinion received on paper, at a meeting, from a deputy, an enterprise…: entered by staff."""

    source = forms.ChoiceField(label="来源", choices=STAFF_SOURCES)
    received_on = date_field("收到日期", required=False, help_text="须在征求意见期内；不填为今天。")
    name = forms.CharField(label="姓名或名称", max_length=100, required=False)
    organisation = forms.CharField(label="单位", max_length=100, required=False)
    content = _text("意见内容", required=True, rows=3)
    is_opposing = forms.BooleanField(label="反对意见（反对意见保留并公开，不能隐藏）", required=False)


class CommentBulkForm(ServiceErrorsMixin, forms.Form):
    """Screen or answer the selected comments at once, from a template or in free text."""

    OPERATIONS = [("show", "公开"), ("hide", "不予公开"), ("answer", "答复")]

    op = forms.ChoiceField(choices=OPERATIONS, label="操作")
    comments = forms.TypedMultipleChoiceField(coerce=int, label="意见",
                                              error_messages={"required": "请先勾选要处理的意见。"})
    template = forms.ModelChoiceField(label="答复模板", queryset=AnswerTemplate.objects.none(), required=False,
                                      empty_label="（不使用模板）")
    outcome = forms.ChoiceField(label="采纳情况", choices=[("", "请选择"), *AnswerOutcome.choices], required=False)
    answer = _text("答复理由", rows=2)
    reason = forms.CharField(label="不予公开的理由", max_length=300, required=False)

    def __init__(self, *args, comment_ids: list[int], templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comments"].choices = [(pk, pk) for pk in comment_ids]
        self.fields["comments"].error_messages["invalid_choice"] = "所选意见不属于该事项的征求意见。"
        self.fields["template"].queryset = templates

    def clean(self):
        data = super().clean()
        if data.get("op") == "answer":
            template = data.get("template")
            # A template fills what the user left empty; what they typed wins.
            if template is not None:
                data["outcome"] = data.get("outcome") or template.outcome
                data["answer"] = (data.get("answer") or "").strip() or template.text
            if not data.get("outcome"):
                self.add_error("outcome", "请选择采纳情况：采纳、部分采纳或不予采纳。")
            if not (data.get("answer") or "").strip():
                self.add_error("answer", "请填写答复理由，或选择答复模板。")
        return data


class CommentSummaryForm(ServiceErrorsMixin, forms.Form):
    summary = _text("意见采纳情况（随文件公布）", required=True, rows=6, max_length=200_000)
