"""Page forms of the 行政执法 module: one StepForm per case step (``payload()`` is the service's keyword
arguments), the 案源登记 form, the register forms and the field inspection form (one column on a phone)."""

from django import forms
from django.utils import timezone

from fazhi.core.forms import ServiceErrorsMixin
from fazhi.procedure.forms import StepForm

from .choices import (
    BodyKind,
    DiscretionLevel,
    InspectionKind,
    InspectionMode,
    InspectionResult,
    InspectionSource,
    LenientKind,
    MatterKind,
    PartyKind,
    PenaltyKind,
    Procedure,
)
from .models import BenchmarkRange, InspectionPlan, Matter, Officer


def _date(label, required=True):
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}),
                           initial=timezone.localdate)


def _text(label, required=True, rows=3, max_length=5000):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": rows}))


def _officer_label(o):
    status = "已过期" if o.status == "valid" and o.expires_on < timezone.localdate() else o.get_status_display()
    return f"{o.name}（{o.certificate_no}，{status}，至 {o.expires_on:%Y-%m-%d}）"


class _MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class _PhotosField(forms.FileField):
    """Several photos from the phone's camera or gallery at once."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", _MultipleFiles(attrs={"accept": "image/*,video/*,audio/*"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(_PhotosField, self).clean(d, initial) for d in data if d]
        return super().clean(data, initial)


class _OfficersMixin:
    """An ``officers`` field over the case's agency's officers — all of them, so that the service can refuse
    an expired or suspended certificate by name rather than the form hiding it."""

    def _officers(self, agency, label="执法人员（不少于两人）", required=True):
        field = forms.ModelMultipleChoiceField(label=label, required=required, queryset=Officer.objects.filter(
            agency=agency).order_by("name"), widget=forms.CheckboxSelectMultiple)
        field.label_from_instance = _officer_label
        return field


# ---------------------------------------------------------------- case steps


class RegisterForm(StepForm):
    on_date = _date("立案日期")
    number = forms.CharField(label="案号（留空自动生成）", required=False, max_length=80)


class ExtendForm(StepForm):
    days = forms.IntegerField(label="延长天数", min_value=1, max_value=365, initial=30)
    approved_by = forms.CharField(label="批准的负责人", max_length=50)
    reason = _text("案情复杂需要延长的理由")


class DropForm(StepForm):
    reason = _text("不予立案的理由")


class RecordActForm(_OfficersMixin, StepForm):
    kind = forms.ChoiceField(label="取证方式", choices=[(k, k) for k in (
        "询问", "现场检查（勘验）", "抽样取证", "调取书证物证", "电子数据提取", "检测鉴定", "先行登记保存",
        "查封、扣押", "强制拆除")])
    on_date = _date("日期")
    summary = _text("内容摘要", required=False)
    evidence = _PhotosField(label="证据材料（照片、录音录像、笔录扫描件；保存后不可替换）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"] = self._officers(self.obj.agency)


class SummaryDecideForm(_OfficersMixin, StepForm):
    on_date = _date("决定日期")
    penalty_kind = forms.ChoiceField(label="处罚种类", choices=[(PenaltyKind.WARNING, "警告"), (PenaltyKind.FINE, "罚款")])
    fine_amount = forms.DecimalField(label="罚款金额（元）", required=False, min_value=0, max_digits=14, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"] = self._officers(self.obj.agency)


class NotifyForm(StepForm):
    served_on = _date("事先告知书送达日期")
    penalty_kind = forms.ChoiceField(label="拟作出的处罚种类", choices=PenaltyKind.choices)
    fine_amount = forms.DecimalField(label="拟罚款金额（元）", required=False, min_value=0, max_digits=14,
                                     decimal_places=2)
    benchmark_range = forms.ModelChoiceField(label="适用的裁量阶次", required=False, queryset=BenchmarkRange.objects.none())
    outside_range_reason = _text("超出裁量基准幅度的理由（超出时必填）", required=False)
    hearing_eligible = forms.BooleanField(label="属于第六十三条规定的听证范围（告知听证权利）", required=False)
    needs_discussion = forms.BooleanField(label="情节复杂或者重大违法，须负责人集体讨论（第五十七条第二款）", required=False)
    lenient_applied = forms.TypedChoiceField(
        label="免罚轻罚清单", required=False, empty_value=None,
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        choices=[("", "—"), ("yes", "适用清单"), ("no", "不适用清单")])
    lenient_reason = _text("适用或者不适用清单的理由", required=False)
    decision_text = _text("处罚决定书正文（草稿）", required=False, rows=5, max_length=20000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.obj
        self.fields["benchmark_range"].queryset = BenchmarkRange.objects.filter(
            benchmark__agency=case.agency, benchmark__matter=case.matter).select_related("benchmark")
        self.fields["benchmark_range"].label_from_instance = (
            lambda r: f"{r.get_level_display()}：{r.circumstance}（{r.min_fine:g}—{r.max_fine:g} 元）")
        if not case.lenient_item_id:
            del self.fields["lenient_applied"], self.fields["lenient_reason"]
        else:
            self.fields["lenient_applied"].help_text = f"本案与清单事项“{case.lenient_item}”相符（行政处罚法第三十三条）。"


class RequestHearingForm(StepForm):
    requested_on = _date("申请听证日期")


class RecordHearingForm(StepForm):
    held_on = _date("听证日期")


class DiscussForm(StepForm):
    on_date = _date("集体讨论日期")
    conclusion = _text("讨论结论", required=False)


class DatedForm(StepForm):
    on_date = _date("日期")


class PublishForm(StepForm):
    on_date = _date("公示日期")
    extra_passages = _text("另需隐去的内容（每行一段，原文照录）", required=False)


class WithdrawForm(StepForm):
    changed_on = _date("决定被变更、撤销或确认违法、无效的日期")
    on_date = _date("撤回日期")
    reason = _text("撤回理由（将在门户公布）")


# ---------------------------------------------------------------- 案源登记 and the registers


class _Base(ServiceErrorsMixin, forms.Form):
    pass


class CaseCreateForm(_OfficersMixin, _Base):
    matter = forms.ModelChoiceField(label="执法事项（清单内）", queryset=Matter.objects.none())
    procedure = forms.ChoiceField(label="程序", choices=Procedure.choices)
    party_name = forms.CharField(label="当事人", max_length=200)
    party_kind = forms.ChoiceField(label="当事人类别", choices=PartyKind.choices)
    party_operator = forms.CharField(label="经营者姓名（个体工商户）", max_length=50, required=False)
    party_id_no = forms.CharField(label="证件号码或统一社会信用代码", max_length=40, required=False)
    party_address = forms.CharField(label="地址", max_length=300, required=False)
    source = forms.CharField(label="案件来源", max_length=200, required=False)
    facts = _text("违法事实（简要）", required=False)
    occurred_on = _date("违法行为发生日期")
    continuing_until = _date("连续或继续状态终了日期", required=False)
    discovered_on = _date("发现日期")
    serious_harm = forms.BooleanField(label="涉及公民生命健康安全、金融安全且有危害后果（第三十六条，五年）", required=False)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.fields["matter"].queryset = Matter.objects.filter(agency=agency, kind=MatterKind.PENALTY, is_active=True)
        self.fields["officers"] = self._officers(agency, label="承办执法人员", required=False)
        self.fields["continuing_until"].initial = None


class OfficerForm(_Base):
    name = forms.CharField(label="姓名", max_length=50)
    certificate_no = forms.CharField(label="执法证号", max_length=40)
    field = forms.CharField(label="执法领域", max_length=100)
    issued_on = _date("发证日期")
    expires_on = _date("有效期至")
    training_hours = forms.IntegerField(label="本年度培训学时", min_value=0, max_value=1000, initial=0)
    has_legal_qualification = forms.BooleanField(label="具有法律职业资格", required=False)
    is_legal_reviewer = forms.BooleanField(label="法制审核人员", required=False)


class MatterForm(_Base):
    code = forms.CharField(label="事项编码", max_length=60)
    name = forms.CharField(label="事项名称", max_length=300)
    kind = forms.ChoiceField(label="事项类别", choices=MatterKind.choices)
    legal_basis = _text("实施依据")
    level = forms.CharField(label="行使层级", max_length=50, required=False)


class BodyForm(_Base):
    name = forms.CharField(label="主体名称", max_length=200)
    kind = forms.ChoiceField(label="主体类别", choices=BodyKind.choices)
    legal_basis = _text("设定依据")
    jurisdiction = forms.CharField(label="管辖范围", max_length=300, required=False)
    entrusted_scope = _text("委托事项和权限（受委托组织）", required=False)


class LenientForm(_Base):
    kind = forms.ChoiceField(label="类别", choices=LenientKind.choices)
    violation = forms.CharField(label="违法行为", max_length=300)
    legal_basis = _text("依据")
    conditions = _text("适用条件")
    handling = _text("处理方式", required=False)
    education = _text("教育措施", required=False)


class BenchmarkForm(_Base):
    violation = forms.CharField(label="违法行为", max_length=300)
    legal_basis = _text("处罚依据")
    level = forms.ChoiceField(label="裁量阶次", choices=DiscretionLevel.choices)
    circumstance = forms.CharField(label="违法情节", max_length=300)
    min_fine = forms.DecimalField(label="罚款下限（元）", min_value=0, max_digits=14, decimal_places=2)
    max_fine = forms.DecimalField(label="罚款上限（元）", min_value=0, max_digits=14, decimal_places=2)


class CatalogueForm(_Base):
    fine_person = forms.DecimalField(label="对公民罚款达到（元）", min_value=0, max_digits=14, decimal_places=2,
                                     initial=10000)
    fine_organisation = forms.DecimalField(label="对法人或其他组织罚款达到（元）", min_value=0, max_digits=14,
                                           decimal_places=2, initial=100000)
    penalty_kinds = forms.MultipleChoiceField(label="属于重大执法决定的处罚种类", required=False,
                                              choices=PenaltyKind.choices, widget=forms.CheckboxSelectMultiple,
                                              initial=["revoke_licence", "suspend_business"])
    other_items = _text("其他情形", required=False)
    published_on = _date("公布日期", required=False)


class PlanForm(_Base):
    year = forms.IntegerField(label="年度", min_value=2020, max_value=2100)
    name = forms.CharField(label="计划名称", max_length=200)
    basis = _text("检查依据", required=False)
    planned_count = forms.IntegerField(label="计划检查户次", min_value=0, initial=0)
    yearly_cap = forms.IntegerField(label="同一企业年度检查频次上限", min_value=1, max_value=50, initial=1)
    filed_on = _date("备案日期", required=False)


class InspectionForm(_OfficersMixin, _Base):
    """The field inspection (phone-friendly: one column)."""

    enterprise_name = forms.CharField(label="企业名称", max_length=200)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, min_length=18)
    on_date = _date("检查日期")
    kind = forms.ChoiceField(label="检查类型", choices=InspectionKind.choices)
    source = forms.ChoiceField(label="任务来源", choices=InspectionSource.choices)
    mode = forms.ChoiceField(label="检查方式", choices=InspectionMode.choices)
    plan = forms.ModelChoiceField(label="检查计划", required=False, queryset=InspectionPlan.objects.none())
    approved_by = forms.CharField(label="批准的负责人", max_length=50, required=False)
    items = _text("检查事项和内容")
    result = forms.ChoiceField(label="检查结果", choices=InspectionResult.choices)
    findings = _text("发现的问题和处理（发现问题时必填）", required=False)
    joint_with = forms.CharField(label="联合检查的单位", max_length=300, required=False)
    photos = _PhotosField(label="现场照片、录音录像（可多选）", required=False)

    field_order = ["enterprise_name", "credit_code", "on_date", "officers", "kind", "source", "mode", "plan",
                   "approved_by", "items", "result", "findings", "joint_with", "photos"]

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = InspectionPlan.objects.filter(agency=agency).order_by("-year", "name")
        self.fields["officers"] = self._officers(agency)
        self.order_fields(self.field_order)


class EvaluationForm(_Base):
    year = forms.IntegerField(label="评查年度", min_value=2020, max_value=2100)
    name = forms.CharField(label="评查名称", max_length=200)
    per_agency = forms.IntegerField(label="每个执法机关随机抽取案卷数", min_value=1, max_value=50, initial=3)


class ScoreForm(_Base):
    """The rubric's items as deduction fields, its veto items as checkboxes (built from the round's rubric)."""

    problems = _text("存在的问题（扣分理由）", required=False)

    def __init__(self, *args, rubric=None, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label, points in rubric["items"]:
            self.fields[f"d_{key}"] = forms.DecimalField(label=f"{label}（{points} 分）扣分", required=False, min_value=0,
                                                         max_value=points, decimal_places=1, initial=0)
        self.fields["vetoes"] = forms.MultipleChoiceField(
            label="一票否决事项", required=False, choices=[(k, v) for k, v in rubric["vetoes"]],
            widget=forms.CheckboxSelectMultiple)
        self.order_fields([f"d_{k}" for k, _, _ in rubric["items"]] + ["vetoes", "problems"])

    def payload(self):
        data = self.cleaned_data
        return {"deductions": {k[2:]: v for k, v in data.items() if k.startswith("d_") and v},
                "vetoes": data.get("vetoes") or [], "problems": data.get("problems", "")}


class RectifyForm(_Base):
    rectification = _text("整改情况")
    on_date = _date("整改日期")


# ---------------------------------------------------------------- 乡镇 "两违"


class TwReportForm(_Base):
    kind = forms.ChoiceField(label="类型", choices=[("construction", "违法建设（乡、村庄规划区内）"), ("land", "违法占地")])
    party_name = forms.CharField(label="当事人", max_length=200)
    location = forms.CharField(label="位置（村组、地块）", max_length=300)
    facts = _text("违法事实（建设或占地的面积、结构、进度）")
    villager_house = forms.BooleanField(label="农村村民非法占地建住宅（移送农业农村部门）", required=False)
    discovered_on = _date("发现日期")


class TwOrderForm(StepForm):
    on_date = _date("责令日期")
    days = forms.IntegerField(label="限期改正（日）", min_value=1, max_value=365, initial=15)
    content = _text("责令改正的内容", required=False)


class TwTransferForm(StepForm):
    on_date = _date("移送日期")
    receiver = forms.CharField(label="接收的主管部门（留空按土地管理法确定）", max_length=200, required=False)


class TwDecideForm(StepForm):
    on_date = _date("拆除决定日期")
    decision_no = forms.CharField(label="拆除决定文号", max_length=80)


class TwUrgeForm(StepForm):
    on_date = _date("催告书送达日期")
    days = forms.IntegerField(label="催告履行期限（日）", min_value=1, max_value=90, initial=10)
    statement = _text("当事人陈述申辩及复核情况", required=False)


class TwAnnounceForm(StepForm):
    on_date = _date("公告日期")
    days = forms.IntegerField(label="限期自行拆除（日）", min_value=1, max_value=90, initial=10)


class TwResolveForm(StepForm):
    outcome = _text("复议决定或者裁判结果")
    revoked = forms.BooleanField(label="拆除决定被撤销或者确认违法", required=False)


class TwDemolishForm(StepForm):
    on_date = _date("强制拆除日期")
    recording = _PhotosField(label="全程音像记录（录像，必传）", required=False)


class ImportForm(_Base):
    kind = forms.ChoiceField(label="导入内容", choices=[("case", "行政处罚案件"), ("officer", "执法人员"),
                                                      ("inspection", "涉企行政检查")])
    file = forms.FileField(label="文件（.xlsx 或 .csv，第一行为表头）")


# ---------------------------------------------------------------- 投诉举报


class ComplaintForm(_Base):
    agency = forms.ModelChoiceField(label="被投诉的执法机关", queryset=None)
    source = forms.ChoiceField(label="来源", choices=[("hotline", "12345热线"), ("letter", "来信"), ("visit", "来访"),
                                                    ("online", "网上投诉"), ("contact", "企业联系点、行政执法监督员"),
                                                    ("other", "其他")])
    complainant = forms.CharField(label="投诉举报人（可匿名）", max_length=100, required=False)
    contact = forms.CharField(label="联系方式（不公开）", max_length=100, required=False)
    content = _text("投诉举报内容")
    received_on = _date("收到日期")

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].label_from_instance = lambda a: a.name


class ComplaintRejectForm(StepForm):
    reason = _text("理由")


class ComplaintAnswerForm(StepForm):
    answer = _text("核查的事实和处理情况", rows=5)
    on_date = _date("答复日期")


class ComplaintCloseForm(StepForm):
    result = forms.ChoiceField(label="办理结果", choices=[("true", "属实，已纠正"), ("partly", "部分属实，已纠正"),
                                                      ("false", "不属实")])
    on_date = _date("办结日期")
