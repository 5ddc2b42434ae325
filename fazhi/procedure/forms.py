"""Forms of the kernel's pages: the base of every step form, and the step without fields."""

from django import forms

from fazhi.core.forms import ServiceErrorsMixin


class StepForm(ServiceErrorsMixin, forms.Form):
    """The fields of one transition. ``payload()`` is what the service receives as keyword arguments;
    uploaded files travel as files — the service stores them (core.attachments) in its transaction."""

    def __init__(self, *args, user=None, obj=None, **kwargs):
        self.user = user
        self.obj = obj
        super().__init__(*args, **kwargs)

    def payload(self) -> dict:
        return dict(self.cleaned_data)

    @property
    def multipart(self) -> bool:
        return any(isinstance(f, forms.FileField) for f in self.fields.values())


class ActionForm(StepForm):
    """A step form whose ``upload_fields`` are turned into attachments by the page before the service runs."""

    upload_fields: tuple[str, ...] = ()

    def payload(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in self.upload_fields}


class ConfirmForm(ActionForm):
    """A step that needs nothing but a click (结束征求意见, 提交审核, 报送备案)."""
