"""Forms of the drafting-side pages. They check types and shapes; the services decide the substance
(their ServiceError field errors land next to the fields, TransitionRefused reasons above the form)."""

from django import forms

from fazhi.core.forms import ServiceErrorsMixin, date_field, searchable
from fazhi.core.models import Agency
from fazhi.core.orgs import allowed_issuers
from fazhi.procedure.forms import ActionForm, ConfirmForm  # noqa: F401 — the kernel's step forms
from fazhi.procedure.forms_comments import (  # noqa: F401 — the kernel's comment desk
    CommentBulkForm,
    CommentEnterForm,
    CommentSummaryForm,
)

from . import rules
from .choices import (
    Category,
    CleanupDecision,
    CongressOutcome,
    FairCompetitionConclusion,
    MeetingOutcome,
    MeetingType,
)
from .models import UpperLaw

DOCX_HELP = "可直接粘贴正文，或上传 .docx 文件由系统提取文字（上传后以文件内容为准）。"


def _date(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    return date_field(label, required=required, help_text=help_text)


def _text(label: str, required: bool = False, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


def issuing_agency_options(user):
    """Exactly what a drafter may issue in the name of (core.orgs.allowed_issuers; the services check the same)."""
    return allowed_issuers(user.agency)


class DocumentForm(ServiceErrorsMixin, forms.Form):
    """New draft and edit: the body is pasted or extracted from an uploaded .docx."""

    title = forms.CharField(label="文件名称", max_length=300)
    category = forms.ChoiceField(label="类别", choices=Category.choices, initial=Category.ADMINISTRATION)
    issuing_agency = forms.ModelChoiceField(label="制定机关", queryset=Agency.objects.none(), empty_label=None,
                                            help_text="以本单位名义制定，或报本级人民政府（办公室）制定。")
    affects_rights = forms.BooleanField(label="涉及公民、法人和其他组织的权利义务（须公开征求意见）", required=False,
                                        initial=True)
    concerns_market = forms.BooleanField(label="涉及市场主体经济活动（须公平竞争审查，征求意见不少于30日）",
                                         required=False)
    validity_years = forms.IntegerField(label="有效期（年）", min_value=1, max_value=99, required=False)
    drafting_notes = _text("起草说明", rows=4, help_text="制定的必要性、主要内容、征求意见和协调情况等。")
    legal_basis = _text("制定依据", rows=3, help_text="所依据的法律、法规、规章和上级文件。")
    upper_laws = forms.ModelMultipleChoiceField(label="依据的上位法", queryset=UpperLaw.objects.all(), required=False,
                                                widget=forms.SelectMultiple(attrs={"size": 6}),
                                                help_text="按住 Ctrl（手机上点选）可多选；上位法修改或废止时，系统据此列出需要审查的文件。")
    body = _text("正文", rows=14, help_text=DOCX_HELP)
    docx = forms.FileField(label="上传 .docx 正文", required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": ".docx"}))

    field_aliases = {"file": "docx"}

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_agency"].queryset = issuing_agency_options(user)
        cfg = rules.current()
        self.fields["validity_years"].help_text = (
            f"一般不超过 {cfg.validity_max_years} 年；名称含“暂行”“试行”的不超过 {cfg.provisional_max_years} 年。"
            "不填则按上限。")
        self.fields["upper_laws"].label_from_instance = (
            lambda law: f"{law.name}（{law.get_status_display()}）" if law.status != "in_force" else law.name)
        searchable(self.fields["upper_laws"], placeholder="输入法律法规名称筛选…")
        searchable(self.fields["issuing_agency"], by_region=True)
        if editing:
            self.fields["note"] = forms.CharField(label="修改说明", max_length=300, required=False,
                                                  help_text="送审或征求意见后修改正文会形成新版本，说明将记入版本记录。")

    def clean_docx(self):
        upload = self.cleaned_data.get("docx")
        if upload and not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError("请上传 .docx 格式的 Word 文件（.doc 请先另存为 .docx）。")
        return upload

    def clean(self):
        data = super().clean()
        years, title = data.get("validity_years"), data.get("title") or ""
        # Shown together with the other errors; services.drafting._validate_draft_fields applies the same limit.
        if years and years > rules.max_validity_years(title):
            kind = "暂行、试行文件" if rules.is_provisional_title(title) else "规范性文件"
            self.add_error("validity_years", f"{kind}有效期一般不超过 {rules.max_validity_years(title)} 年。")
        return data

    def changes(self) -> dict:
        """The service's keyword arguments (the body is filled in by the view after a .docx upload)."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "category": data["category"],
            "issuing_agency": data["issuing_agency"],
            "affects_rights": data["affects_rights"],
            "concerns_market": data["concerns_market"],
            "validity_years": data.get("validity_years"),
            "drafting_notes": data.get("drafting_notes", ""),
            "legal_basis": data.get("legal_basis", ""),
            "upper_laws": list(data.get("upper_laws") or []),
            "body": data.get("body", ""),
        }


# ------------------------------------------------------------------ the step forms (named by workflow.MACHINE)
# Uploaded files travel to the service as files: it stores them in the step's transaction.


class OpenCommentForm(ActionForm):
    start = _date("开始日期")
    end = _date("截止日期", help_text="一般不少于 7 个工作日；涉及市场主体的不少于 30 日。")
    shortened_reason = _text("缩短期限的理由", rows=2, help_text="期限短于上述要求时必填，理由将随征求意见公告公布。")
    notice = _text("公告内容", rows=3, help_text="征求意见的事项、方式和联系方法，在门户网站与征求意见稿一并公布。")


class DeliberateForm(ActionForm):
    meeting_type = forms.ChoiceField(label="会议类型", choices=MeetingType.choices)
    meeting_name = forms.CharField(label="会议名称", max_length=100, required=False,
                                   help_text="如：市人民政府第 12 次常务会议。")
    meeting_date = _date("会议日期")
    attendees = _text("出席人员", required=True, rows=2)
    outcome = forms.ChoiceField(label="审议结果", choices=MeetingOutcome.choices)
    notes = _text("审议意见", rows=3)
    minutes = forms.FileField(label="会议纪要（可选）", required=False)

    field_aliases = {"file": "minutes"}


class PublishForm(ActionForm):
    publication_date = _date("公布日期")
    effective_date = _date("施行日期", help_text="一般自公布之日起30日后施行；不溯及既往。")
    early_effect_reason = _text("施行日期的说明", rows=2,
                                help_text="公布后不满30日施行的，说明理由；早于公布日期施行的，写明法律依据。说明随文件公布。")
    validity_years = forms.IntegerField(label="有效期（年）", min_value=1, max_value=99, required=False)
    signed_pdf = forms.FileField(label="签发的正式文本（PDF）", widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}))

    field_aliases = {"file": "signed_pdf"}


class EvaluateForm(ActionForm):
    conclusion = forms.ChoiceField(label="评估结论", choices=CleanupDecision.choices)
    reason = _text("理由", required=True, rows=3)


class AbandonForm(ActionForm):
    reason = _text("不予制定的理由", required=True, rows=3)


class CongressFileForm(ActionForm):
    filed_on = _date("报备日期", required=False, help_text="报本级人民代表大会常务委员会备案的日期（监督法第三十九条），默认今天。")


class CongressRecordForm(ActionForm):
    received_on = _date("人大常委会接收日期")
    outcome = forms.ChoiceField(label="审查结果", required=False,
                                choices=[("", "尚未答复")] + [c for c in CongressOutcome.choices if c[0]])
    outcome_on = _date("审查结果日期", required=False)
    note = _text("审查意见或撤销决定", rows=2, help_text="提出审查意见或予以撤销的，摘录意见或决定文号。")


class FilingCorrectForm(ActionForm):
    note = _text("纠正情况", required=True, rows=3, help_text="说明按备案审查意见修改、废止或停止执行的情况。")


class RevokeForm(ActionForm):
    """The government's decision on its 备案审查 body's proposal to revoke (地方组织法 第七十三条第三项)."""

    revoke = forms.TypedChoiceField(label="人民政府的决定", choices=[("true", "撤销"), ("false", "不予撤销")],
                                    coerce=lambda v: v == "true", widget=forms.RadioSelect)
    decision_ref = forms.CharField(label="决定文号或会议", max_length=200,
                                   help_text="如“黔西南府发〔2026〕12号”或“州人民政府第15次常务会议”。")
    decided_on = _date("决定日期")
    note = _text("说明", rows=2)


class RepublishForm(ActionForm):
    published_on = _date("重新公布日期", help_text="自重新公布之日起重新计算有效期。")


class FairCompetitionForm(ServiceErrorsMixin, forms.Form):
    reviewer = forms.CharField(label="审查机构或人员", max_length=100, required=False,
                               help_text="政府出台的文件由本级市场监督管理部门会同审查，自动填写该部门。")
    preliminary_opinion = _text("起草单位初审意见", rows=3,
                                help_text="政府出台的文件必填：起草单位先行初审，连同草案送市场监督管理部门（第十四条）。")
    conclusion = forms.ChoiceField(label="审查结论", choices=FairCompetitionConclusion.choices)
    reviewed_on = _date("审查日期")
    explanation = _text("说明", rows=3, help_text="适用《公平竞争审查条例》第十二条例外规定的，须详细说明。")
    attachment = forms.FileField(label="审查表或市场监督管理部门的书面审查意见", required=False,
                                 help_text="政府出台的文件须上传市场监督管理部门的书面审查意见。")

    field_aliases = {"file": "attachment"}
