"""Forms of the public site. They check shape and the anti-abuse question; the services decide the rest."""

from django import forms
from django.conf import settings

from fazhi.procedure.services import MAX_COMMENT_LENGTH

from . import captcha

SUGGESTION_MAX_LENGTH = 5000


class CaptchaForm(forms.Form):
    """A form that carries a signed arithmetic question (see ``captcha``) for one ``purpose``.

    The template renders ``form.challenge`` — a fresh question on every display, so a form shown
    again after an error never reuses a spent or wrong token.
    """

    captcha_token = forms.CharField(widget=forms.HiddenInput, required=False)
    captcha_answer = forms.CharField(label="验证题", max_length=6, required=False,
                                     widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                                                   "size": 6}))

    def __init__(self, *args, purpose: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.purpose = purpose
        self.challenge = captcha.new_challenge(purpose)

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("captcha_answer") or "").strip():
            self.add_error("captcha_answer", "请回答验证题。")
            return cleaned
        try:
            captcha.verify(cleaned.get("captcha_token", ""), cleaned["captcha_answer"], self.purpose)
        except captcha.CaptchaError as exc:
            self.add_error("captcha_answer", str(exc))
        return cleaned

    def add_service_errors(self, exc) -> None:
        """A ServiceError's field errors next to their fields, the rest above the form."""
        for name, messages in exc.field_errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        if not exc.field_errors and exc.message:
            self.add_error(None, exc.message)

    def add_reasons(self, reasons) -> None:
        for reason in reasons:
            self.add_error(None, reason)


def _require_names(form: forms.Form, *names: str) -> None:
    # Name and contact are optional unless the deployment requires them (FAZHI_PUBLIC_REQUIRE_NAME).
    if settings.FAZHI_PUBLIC_REQUIRE_NAME:
        for name in names:
            form.fields[name].required = True


class CommentForm(CaptchaForm):
    content = forms.CharField(label="意见内容", max_length=MAX_COMMENT_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 6}),
                              help_text="请写明对哪一条提出意见，以及修改建议和理由。")
    name = forms.CharField(label="姓名或单位名称", max_length=100, required=False)
    organisation = forms.CharField(label="所在单位", max_length=100, required=False)
    contact = forms.CharField(label="联系方式", max_length=100, required=False,
                              help_text="仅供工作人员联系您，不会公开。")

    field_order = ["content", "name", "organisation", "contact", "captcha_answer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _require_names(self, "name", "contact")


class SuggestionForm(CaptchaForm):
    content = forms.CharField(label="审查建议", max_length=SUGGESTION_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 7}),
                              help_text="请写明认为该文件哪些条款违反法律、法规、规章或者上级规范性文件，以及理由。")
    name = forms.CharField(label="姓名或单位名称", max_length=100, required=False)
    contact = forms.CharField(label="联系方式", max_length=100, required=False,
                              help_text="便于审查机关联系您，不会公开。")

    field_order = ["content", "name", "contact", "captcha_answer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _require_names(self, "name")


class ReceiptLookupForm(forms.Form):
    code = forms.CharField(label="受理编号", max_length=20,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "如 7K3M9QX2TB"}))

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper().replace(" ", "")
