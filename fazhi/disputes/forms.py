"""Page forms of the steps, built from steps.STEPS (StepForm: payload() goes to the service)."""

from django import forms

from fazhi.procedure.forms import StepForm

from .steps import OPTIONAL, STEPS, B, C, D, N, T


def _field(kind, label, choices, required):
    if kind == D:
        return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))
    if kind == N:
        return forms.IntegerField(label=label, required=required, min_value=1, max_value=30)
    if kind == B:
        return forms.BooleanField(label=label, required=False)
    if kind == C:
        return forms.ChoiceField(label=label, required=required, choices=choices)
    return forms.CharField(label=label, required=required, max_length=5000 if kind == T else 200,
                           widget=forms.Textarea(attrs={"rows": 3}) if kind == T else None)


def _build(name, spec):
    fields = {f: _field(k, label, ch, f not in OPTIONAL) for f, k, label, ch in spec}
    return type(f"{name}Form", (StepForm,), fields)


for _name, _spec in STEPS.items():
    globals()[f"{_name}Form"] = _build(_name, _spec)


# ---------------------------------------------------------------- registers and intake (pages only)

from fazhi.core.forms import ServiceErrorsMixin  # noqa: E402

from .choices import (  # noqa: E402
    ApplicantKind,
    CaseSource,
    CommitteeKind,
    DisputeType,
    Gender,
    Instance,
    MediatorKind,
    PreventionKind,
    ReferralKind,
)


class _Base(ServiceErrorsMixin, forms.Form):
    pass


def _date_field(label, required=True):
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))


class MediationIntakeForm(_Base):
    """The mediator's case entry (phone-friendly: one column, large fields)."""

    committee = forms.ModelChoiceField(label="调解委员会", queryset=None, to_field_name="code")
    source = forms.ChoiceField(label="来源", choices=[c for c in CaseSource.choices
                                                    if c[0] not in ("assigned", "entrusted")])
    dispute_type = forms.ChoiceField(label="纠纷类型", choices=DisputeType.choices)
    parties = forms.CharField(label="当事人", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    summary = forms.CharField(label="纠纷简要情况", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    amount = forms.DecimalField(label="涉及金额（元）", required=False, min_value=0, max_digits=14, decimal_places=2)
    received_on = _date_field("受理日", required=False)

    def __init__(self, *args, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["committee"].label_from_instance = lambda c: c.name


class ReferralForm(MediationIntakeForm):
    kind = forms.ChoiceField(label="委派或委托", choices=ReferralKind.choices)
    court = forms.CharField(label="法院", max_length=100)
    court_number = forms.CharField(label="法院案号（委托调解必填）", max_length=60, required=False)
    simple = forms.BooleanField(label="适用简易程序（委托调解）", required=False)

    field_order = ["kind", "court", "court_number", "simple", "committee", "dispute_type", "parties", "summary",
                   "amount", "received_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["source"]
        self.fields["received_on"].label = "签收移交材料日"


class ReferralExtendForm(_Base):
    days = forms.IntegerField(label="延长日数", min_value=1, max_value=30)
    consent = forms.CharField(label="各方当事人同意情况", max_length=200)


class ReferralReportForm(_Base):
    on = _date_field("反馈法院日", required=False)
    note = forms.CharField(label="说明", max_length=300, required=False)


class CommitteeForm(_Base):
    name = forms.CharField(label="名称", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=CommitteeKind.choices)
    region = forms.ModelChoiceField(label="所在区划", queryset=None, to_field_name="code")
    agency = forms.ModelChoiceField(label="指导单位", queryset=None, to_field_name="code")
    term_start = _date_field("本届任期起始日")
    multi_ethnic = forms.BooleanField(label="多民族居住地区", required=False)

    def __init__(self, *args, regions=None, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["agency"].queryset = agencies
        self.fields["agency"].label_from_instance = lambda a: a.name


class MediatorForm(_Base):
    name = forms.CharField(label="姓名", max_length=40)
    gender = forms.ChoiceField(label="性别", choices=Gender.choices)
    kind = forms.ChoiceField(label="专兼职", choices=MediatorKind.choices)
    minority = forms.BooleanField(label="少数民族", required=False)
    is_member = forms.BooleanField(label="委员会委员", required=False, initial=True)
    trained_on = _date_field("最近培训日", required=False)


class GridImportForm(_Base):
    file = forms.FileField(label="网格数据文件（.xlsx 或 .csv）")


class GridReportForm(_Base):
    grid = forms.ModelChoiceField(label="网格", queryset=None, to_field_name="code")
    unit = forms.ModelChoiceField(label="联户单元（联户长上报时必选）", queryset=None, to_field_name="code", required=False)
    reporter_kind = forms.ChoiceField(label="报告人身份", choices=[])
    reporter_name = forms.CharField(label="报告人", max_length=40)
    risk = forms.ChoiceField(label="风险等级", choices=[])
    dispute_type = forms.ChoiceField(label="纠纷类型", choices=DisputeType.choices)
    parties = forms.CharField(label="当事人", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    summary = forms.CharField(label="纠纷情况", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    reported_on = _date_field("报告日", required=False)

    def __init__(self, *args, grids=None, units=None, **kwargs):
        from .choices import ReporterKind, Risk

        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: f"{u.name}（联户长 {u.head_name}）"
        self.fields["reporter_kind"].choices = ReporterKind.choices
        self.fields["risk"].choices = Risk.choices


class GridRouteForm(_Base):
    route = forms.ChoiceField(label="分流去向", choices=[])
    committee = forms.ModelChoiceField(label="承办的调解委员会（转人民调解）", queryset=None, to_field_name="code",
                                       required=False)
    department = forms.ModelChoiceField(label="移交的主管部门", queryset=None, to_field_name="code", required=False)
    note = forms.CharField(label="分流说明 / 稳控措施", max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, committees=None, departments=None, **kwargs):
        from .choices import Route

        super().__init__(*args, **kwargs)
        self.fields["route"].choices = Route.choices
        self.fields["committee"].queryset = committees
        self.fields["committee"].label_from_instance = lambda c: c.name
        self.fields["department"].queryset = departments
        self.fields["department"].label_from_instance = lambda a: a.name


class ReconsiderationForm(_Base):
    """登记行政复议申请 (the 复议机构 is the user's agency, the 复议机关 its government)."""

    respondent = forms.ModelChoiceField(label="被申请人", queryset=None, to_field_name="code")
    applicant_name = forms.CharField(label="申请人", max_length=100)
    applicant_kind = forms.ChoiceField(label="申请人类别", choices=ApplicantKind.choices)
    act = forms.CharField(label="被申请复议的行政行为", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    inaction = forms.BooleanField(label="申请履行法定职责（不作为）", required=False)
    act_known_on = _date_field("知道或者应当知道该行政行为之日")
    received_on = _date_field("收到申请日")
    rights_notified = forms.BooleanField(label="作出行为时已告知复议权利、复议机关和期限", required=False, initial=True)
    rights_known_on = _date_field("知道复议权利之日（未告知时填写）", required=False)
    delay_days = forms.IntegerField(label="因正当理由耽误的日数", min_value=0, max_value=365, required=False)
    delay_reason = forms.CharField(label="耽误的理由", max_length=300, required=False)
    amount = forms.DecimalField(label="涉及款额（元）", required=False, min_value=0, max_digits=14, decimal_places=2)

    def __init__(self, *args, respondents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent"].queryset = respondents
        self.fields["respondent"].label_from_instance = lambda a: a.name

    def payload(self) -> dict:
        data = dict(self.cleaned_data)
        data["delay_days"] = data.get("delay_days") or 0
        return data


class LitigationForm(_Base):
    agency = forms.ModelChoiceField(label="被告行政机关", queryset=None, to_field_name="code")
    court = forms.CharField(label="审理法院", max_length=100)
    case_number = forms.CharField(label="案号", max_length=60)
    instance = forms.ChoiceField(label="审级", choices=Instance.choices)
    plaintiff = forms.CharField(label="原告", max_length=100)
    contested_act = forms.CharField(label="被诉行政行为", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    filed_on = _date_field("立案日")

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].label_from_instance = lambda a: a.name


class PreventionForm(_Base):
    kind = forms.ChoiceField(label="类别", choices=[("", "请选择")] + list(PreventionKind.choices))
    on_date = _date_field("日期")
    count = forms.IntegerField(label="件次", min_value=1, max_value=100000)
    people = forms.IntegerField(label="涉及人数", min_value=0, max_value=100000, required=False, initial=0)
    summary = forms.CharField(label="情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
