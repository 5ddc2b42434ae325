"""Forms of the workspace pages: sign-in and password change. Validation of substance is in the services."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts


class LoginForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(label="密码", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label="原密码", strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                                                     "autofocus": True}))
    new_password = forms.CharField(label="新密码", strip=False,
                                   widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password2 = forms.CharField(label="再次输入新密码", strip=False,
                                    widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rules = "；".join(text.rstrip("。") for text in password_validators_help_texts())
        self.fields["new_password"].help_text = f"{rules}。" if rules else ""

    def clean(self):
        cleaned = super().clean()
        new, again = cleaned.get("new_password"), cleaned.get("new_password2")
        if new and again and new != again:
            self.add_error("new_password2", "两次输入的新密码不一致。")
        return cleaned

    def add_service_errors(self, exc) -> None:
        """Put a ServiceError's field errors next to the matching fields, the rest above the form."""
        for name, messages in exc.field_errors.items():
            target = "new_password" if name == "password" else name
            for message in messages:
                self.add_error(target if target in self.fields else None, message)
        if not exc.field_errors and exc.message:
            self.add_error(None, exc.message)


# ---------------------------------------------------------------- shared pieces of every module's forms


class ServiceErrorsMixin:
    """Put a ServiceError's field errors — and a refused step's reasons that name a field — next to the
    matching fields; the rest above the form. ``field_aliases`` maps a service's field name to the form's."""

    field_aliases: dict[str, str] = {}

    def _target(self, name: str | None) -> str | None:
        if not name:
            return None
        target = self.field_aliases.get(name, name)
        return target if target in self.fields else None

    def add_service_errors(self, exc) -> None:
        for name, messages in exc.field_errors.items():
            for message in messages:
                self.add_error(self._target(name), message)
        if not exc.field_errors and exc.message:
            self.add_error(None, exc.message)

    def add_refusal(self, exc) -> list[str]:
        """Reasons naming a field of this form go onto the field; the others are returned for the panel."""
        rest = []
        for reason in exc.reasons:
            target = self._target(getattr(reason, "field", None))
            if target:
                self.add_error(target, str(reason))
            else:
                rest.append(str(reason))
        return rest


DATE_INPUT_FORMATS = ["%Y-%m-%d"]


def date_field(label: str, required: bool = True, help_text: str = "", **kwargs) -> forms.DateField:
    """A date, entered and shown as YYYY-MM-DD whatever the browser's locale; 2026-02-30 is refused."""
    return forms.DateField(
        label=label, required=required, help_text=help_text, input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": "请输入有效的日期（YYYY-MM-DD）。"},
        widget=forms.DateInput(format="%Y-%m-%d", attrs={
            "class": "fz-date", "placeholder": "YYYY-MM-DD", "pattern": r"\d{4}-\d{2}-\d{2}",
            "inputmode": "numeric", "autocomplete": "off", "maxlength": "10"}),
        **kwargs,
    )


class OverdueDeadlineForm(ServiceErrorsMixin, forms.Form):
    """What to do with an overdue deadline: give it a new due date, or close it — both with a reason."""

    action = forms.ChoiceField(label="处理方式", choices=[("extend", "延长至新的届满日"), ("close", "关闭（不再计时）")],
                               initial="extend")
    new_due_date = date_field("新的届满日", required=False, help_text="应为今天以后的工作日。")
    reason = forms.CharField(label="理由", max_length=300,
                             widget=forms.Textarea(attrs={"rows": 2, "maxlength": "300"}),
                             help_text="如：经批准延长办理期限；当事人撤回申请；案件已移送。")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "extend" and not cleaned.get("new_due_date") and "new_due_date" not in self.errors:
            self.add_error("new_due_date", "请填写新的届满日。")
        return cleaned


# ---------------------------------------------------------------- long selects: searchable, grouped by region


class RegionGroupedIterator(forms.models.ModelChoiceIterator):
    """Agency choices in <optgroup>s named by region (州本级, 兴义市 …), in the order of the region tree."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for agency in self.queryset.select_related("region").order_by("region_path", "name"):
            groups.setdefault(agency.region.name if agency.region_id else "其他", []).append(self.choice(agency))
        yield from groups.items()


def searchable(field, *, by_region: bool = False, placeholder: str = "输入名称筛选…") -> None:
    """Mark a long select so static/fazhi/app.js adds a filter box above it; agency lists grouped by region."""
    field.widget.attrs.update({"data-fz-search": placeholder})
    if by_region:
        field.iterator = RegionGroupedIterator
        field.widget.choices = field.choices
