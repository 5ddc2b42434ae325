"""Forms of the review desk: the opinion with its checklist (items from the review type), return, assign."""

from django import forms

from fazhi.core.models import User
from fazhi.core.permissions import has_perm

from .choices import CheckResult
from .forms import StepForm


def _text(label: str, required: bool = False, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text, max_length=20000,
                           widget=forms.Textarea(attrs={"rows": rows}))


class OpinionForm(StepForm):
    """The opinion, and one result + note per checklist item of the reviewed object's type."""

    opinion = forms.ChoiceField(label="审核意见", choices=[], widget=forms.RadioSelect)
    opinion_text = _text("意见说明", rows=4, help_text="审核的理由和依据；不同意的必须填写。")
    required_changes = _text("修改要求", rows=3, help_text="“修改后合法”时必填，逐条写明。")

    def __init__(self, *args, review_type=None, **kwargs):
        super().__init__(*args, **kwargs)
        if review_type is None and self.obj is not None:
            from .reviews import target_of, type_for

            review_type = type_for(target_of(self.obj))
        self.review_type = review_type
        self.fields["opinion"].choices = review_type.opinion_choices() if review_type else []
        self.checklist_keys = []
        for key, label in (review_type.checklist if review_type else ()):
            self.fields[f"check_{key}"] = forms.ChoiceField(
                label=label, required=False, choices=CheckResult.choices,
                widget=forms.RadioSelect(attrs={"class": "fz-choices-inline"}))
            self.fields[f"check_{key}_note"] = forms.CharField(
                label=f"{label}：说明", required=False, max_length=2000,
                widget=forms.TextInput(attrs={"placeholder": "存在问题时写明问题"}))
            self.checklist_keys.append(key)

    def checklist_rows(self):
        return [(self[f"check_{k}"], self[f"check_{k}_note"]) for k in self.checklist_keys]

    def payload(self) -> dict:
        data = self.cleaned_data
        return {
            "opinion": data.get("opinion", ""),
            "opinion_text": data.get("opinion_text", ""),
            "required_changes": data.get("required_changes", ""),
            "checklist": {k: {"result": data.get(f"check_{k}", ""), "note": data.get(f"check_{k}_note", "")}
                          for k in self.checklist_keys},
        }


class ReturnForm(StepForm):
    reason = _text("需要补充的材料或事项", required=True, rows=3)


class AssignForm(StepForm):
    assignee = forms.ModelChoiceField(label="承办人", queryset=User.objects.none(), empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .reviews import Perm

        agency_id = self.obj.agency_id if self.obj is not None else None
        users = User.objects.filter(agency_id=agency_id, is_active=True).prefetch_related("role_assignments")
        ids = [u.pk for u in users if has_perm(u, Perm.REVIEW)]
        self.fields["assignee"].queryset = User.objects.filter(pk__in=ids).order_by("username")
