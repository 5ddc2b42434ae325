"""Forms of the major-decision pages. They check types and shapes; the services decide the substance (their
ServiceError field errors land next to the fields, TransitionRefused reasons above the form).

The shared pieces come from the normative-documents pages: ServiceErrorsMixin, ActionForm/ConfirmForm, and
the comment desk forms (征求意见: entering opinions by source, screening and bulk answers).
"""

from django import forms
from django.db.models import Q
from django.utils import timezone

from fazhi.core.choices import AgencyKind
from fazhi.core.forms import ServiceErrorsMixin, date_field, searchable
from fazhi.core.models import Agency
from fazhi.core.scope import restrict
from fazhi.procedure.forms import ActionForm
from fazhi.procedure.forms_comments import CommentBulkForm as CommentBulkForm  # re-exported: the kernel desk
from fazhi.procedure.forms_comments import CommentEnterForm as CommentEnterForm

from . import workflow
from .choices import (
    AdjustmentKind,
    Adoption,
    AdviserKind,
    EvaluationConclusion,
    EvaluationTrigger,
    MeetingOutcome,
    MeetingType,
    MemberStance,
    ParticipationForm,
    ProposalSource,
    RerunStep,
    RiskLevel,
    Standard,
)
from .models import Catalogue, PostEvaluation
from .workflow import Perm

GOVERNMENT_KINDS = [AgencyKind.GOVERNMENT, AgencyKind.TOWNSHIP_GOVERNMENT]


def _date(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    return date_field(label, required=required, help_text=help_text)


def _text(label: str, required: bool = False, rows: int = 3, help_text: str = "", max_length=None) -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text, max_length=max_length,
                           widget=forms.Textarea(attrs={"rows": rows}))


def _yes_no(label: str, help_text: str = "") -> forms.TypedChoiceField:
    """A required yes/no answer (no default: the person must judge it)."""
    return forms.TypedChoiceField(label=label, help_text=help_text, choices=[("", "请选择"), ("1", "是"), ("0", "否")],
                                  coerce=lambda v: v == "1", empty_value=None)


def managed_agencies(user):
    """Agencies the user manages decisions for (decisions.manage in scope), by region."""
    return restrict(Agency.objects.filter(is_active=True), user, Perm.MANAGE).order_by("region_path", "kind", "name")


def managed_governments(user):
    return managed_agencies(user).filter(kind__in=GOVERNMENT_KINDS)


def managed_organs(user):
    """The decision organs a user may start a decision for: governments, and departments deciding their own
    major matters (第四十二条)."""
    return managed_agencies(user).filter(kind__in=(*GOVERNMENT_KINDS, AgencyKind.DEPARTMENT))


def units_under(organ):
    """The departments and lower units of a decision organ (承办单位、执行单位: 第十一条、第三十四条); a department
    deciding its own matter (第四十二条) has itself and its own units."""
    if organ.kind == AgencyKind.DEPARTMENT:
        return Agency.objects.filter(is_active=True).filter(Q(pk=organ.pk) | Q(parent=organ)).order_by("kind", "name")
    return Agency.objects.filter(is_active=True, region_path__startswith=organ.region_path).order_by(
        "region_path", "kind", "name")


class _AgencyLabels:
    """Agency choices read "兴义市司法局", with the region for agencies of lower levels."""

    def label_agencies(self, *names):
        for name in names:
            self.fields[name].label_from_instance = lambda agency: agency.name


# ------------------------------------------------------------------ catalogue and decision items


class CatalogueForm(ServiceErrorsMixin, _AgencyLabels, forms.Form):
    agency = forms.ModelChoiceField(label="决策机关", queryset=Agency.objects.none(), empty_label=None,
                                    help_text="决策事项目录由决策机关编制（第三条第三款）；政府工作部门参照执行（第四十二条）。")
    year = forms.IntegerField(label="年度", min_value=2019, max_value=2100)
    standard_text = _text("目录标准", rows=4, help_text="本级政府确定重大行政决策事项的标准（第三条第一款、第三款）。")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = managed_organs(user)
        self.label_agencies("agency")


class CataloguePublishForm(ServiceErrorsMixin, forms.Form):
    party_consent_on = _date("同级党委同意日期", help_text="目录、标准经同级党委同意后方可公布（第三条第三款）。")
    party_consent_ref = forms.CharField(label="党委同意的文件或会议", max_length=200,
                                        help_text="如：州委常委会 2026 年第 3 次会议。")
    published_on = _date("公布日期", required=False, help_text="不填为今天。")
    reason = _text("调整内容和理由", rows=2, max_length=300, help_text="调整后重新公布的，必须说明。")


class DecisionForm(ServiceErrorsMixin, _AgencyLabels, forms.Form):
    title = forms.CharField(label="决策事项名称", max_length=200)
    decision_organ = forms.ModelChoiceField(label="决策机关", queryset=Agency.objects.none(), empty_label=None)
    sponsor = forms.ModelChoiceField(label="牵头承办单位", queryset=Agency.objects.none(),
                                     help_text="决策机关所属部门或下级单位（第十一条）。")
    co_sponsors = forms.ModelMultipleChoiceField(label="协办单位", queryset=Agency.objects.none(), required=False,
                                                 widget=forms.SelectMultiple(attrs={"size": 5}),
                                                 help_text="两个以上单位承办的，上面选择牵头单位，这里选择其余单位。")
    catalogue = forms.ModelChoiceField(label="所属目录", queryset=Catalogue.objects.none(), required=False,
                                       empty_label="（暂不列入目录，待目录调整时列入）")
    standard = forms.ChoiceField(label="目录标准", choices=Standard.choices)
    planned_schedule = date_field("计划完成时间", required=False, help_text="YYYY-MM-DD，如 2026-06-30。")
    requires_public_participation = forms.BooleanField(label="需公众参与（公开征求意见）", required=False, initial=True)
    participation_exemption = forms.CharField(label="不采取公众参与的依据", max_length=300, required=False,
                                              help_text="只有依法不予公开的决策事项可以不采取公众参与（第十四条）。")
    requires_hearing = forms.BooleanField(label="需举行听证会", required=False)
    requires_expert_argumentation = forms.BooleanField(label="需专家论证（专业性、技术性较强）", required=False)
    requires_risk_assessment = forms.BooleanField(label="需风险评估（可能影响社会稳定、公共安全）", required=False)
    concerns_market = forms.BooleanField(label="涉及市场主体经济活动（须公平竞争审查）", required=False)

    def __init__(self, *args, user, catalogues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_organ"].queryset = managed_organs(user)
        self.fields["sponsor"].queryset = managed_agencies(user)
        self.fields["co_sponsors"].queryset = managed_agencies(user)
        self.fields["catalogue"].queryset = catalogues
        self.fields["catalogue"].label_from_instance = lambda c: f"{c.agency.name}{c.year}年度目录"
        self.label_agencies("decision_organ", "sponsor", "co_sponsors")
        for name in ("decision_organ", "sponsor", "co_sponsors"):
            searchable(self.fields[name], by_region=True)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["co_sponsors"] = list(data.get("co_sponsors") or [])
        data["planned_schedule"] = data["planned_schedule"].isoformat() if data.get("planned_schedule") else ""
        return data


class DecisionUpdateForm(ServiceErrorsMixin, forms.Form):
    """The draft and the materials for the meeting (第二十九条); only the fields posted are changed."""

    draft = _text("决策草案", rows=14)
    explanation = _text("决策草案说明", rows=5, help_text="拟解决的问题、依据、履行决策法定程序的情况（第二十六条）。")
    fair_competition_conclusion = _text("公平竞争审查情况", rows=3, help_text="涉及市场主体经济活动的，须写明（第二十九条第一项）。")
    public_opinion_summary = _text("公众意见研究采纳情况", rows=5, help_text="随决策草案提交讨论（第二十九条第二项）。")
    expert_adoption_summary = _text("专家论证意见研究采纳情况", rows=4, help_text="第二十九条第三项。")
    legal_risk_statement = _text("法律风险说明", rows=3,
                                 help_text="仅探索性改革事项：国家尚无明确规定的，明示法律风险后可提交讨论（第二十五条第二款）。")
    planned_schedule = date_field("计划完成时间", required=False, help_text="YYYY-MM-DD，如 2026-06-30。")
    note = forms.CharField(label="修改说明", max_length=300, required=False,
                           help_text="启动后修改草案会形成新版本，说明记入版本记录。")

    def changes(self, posted) -> dict:
        """The posted fields only: a tab's small form changes its own field and nothing else."""
        changes = {name: self.cleaned_data[name] for name in self.fields if name != "note" and name in posted}
        if "planned_schedule" in changes:  # stored as its ISO text
            changes["planned_schedule"] = changes["planned_schedule"].isoformat() if changes["planned_schedule"] else ""
        return changes


# ------------------------------------------------------------------ proposals (第十条)

STAFF_PROPOSAL_SOURCES = list(ProposalSource.choices)


class ProposalForm(ServiceErrorsMixin, _AgencyLabels, forms.Form):
    agency = forms.ModelChoiceField(label="决策机关", queryset=Agency.objects.none(), empty_label=None)
    source = forms.ChoiceField(label="建议来源", choices=STAFF_PROPOSAL_SOURCES)
    proposer = forms.CharField(label="建议人或单位", max_length=100)
    contact = forms.CharField(label="联系方式", max_length=100, required=False)
    title = forms.CharField(label="建议事项", max_length=200)
    content = _text("建议内容", required=True, rows=4)
    problem = _text("拟解决的主要问题", rows=2, help_text="部门或下一级政府提出的建议必填（第十条第二项）。")
    reasons = _text("建议理由和依据", rows=2)
    preliminary_plan = _text("初步方案及其必要性、可行性", rows=3)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = managed_governments(user)
        self.label_agencies("agency")


class ProposalDecideForm(ServiceErrorsMixin, _AgencyLabels, forms.Form):
    research = _text("研究论证意见", required=True, rows=4, help_text="交有关单位研究论证的结论（第十条）。")
    start = forms.TypedChoiceField(label="决定", choices=[("1", "决定启动决策程序"), ("0", "不予启动")],
                                   coerce=lambda v: v == "1", widget=forms.RadioSelect, initial="1")
    sponsor = forms.ModelChoiceField(label="决策承办单位", queryset=Agency.objects.none(), required=False,
                                     help_text="决定启动的，应当明确承办单位（第十一条）。")
    note = _text("决定说明", rows=2, help_text="不予启动的，须说明理由。")
    requires_public_participation = forms.BooleanField(label="需公众参与", required=False, initial=True)
    participation_exemption = forms.CharField(label="不采取公众参与的依据", max_length=300, required=False,
                                              help_text="只有依法不予公开的决策事项可以不采取公众参与（第十四条）。")
    requires_expert_argumentation = forms.BooleanField(label="需专家论证", required=False)
    requires_risk_assessment = forms.BooleanField(label="需风险评估", required=False)
    concerns_market = forms.BooleanField(label="涉及市场主体经济活动", required=False)

    def __init__(self, *args, organ, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = units_under(organ)
        self.label_agencies("sponsor")


# ------------------------------------------------------------------ the action panel (one form per transition)


class StartForm(ActionForm, _AgencyLabels):
    sponsor = forms.ModelChoiceField(label="决策承办单位", queryset=Agency.objects.none(), required=False,
                                     help_text="启动时明确承办单位（第十一条）；不选则为登记时的牵头单位。")
    exploratory_reform = forms.BooleanField(
        label="探索性改革事项（国家尚无明确规定）", required=False,
        help_text="只能在启动时标记并说明理由；标记后方可明示法律风险提交讨论（第二十五条第二款）。")
    exploratory_reason = _text("探索性改革事项说明", rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.obj is not None:  # the decision (procedure.forms.StepForm)
            self.fields["sponsor"].queryset = units_under(self.obj.decision_organ)
        self.label_agencies("sponsor")


class OpenConsultationForm(ActionForm):
    start = _date("开始日期")
    end = _date("截止日期", help_text="公开征求意见的期限一般不少于30日（第十五条）。")
    shortened_reason = _text("缩短期限的理由", rows=2, help_text="少于30日的必填，随征求意见公告公布。")
    notice = _text("公告内容", rows=3, help_text="提出意见的方式和期限等，与决策草案及其说明一并公布。")


class ParticipationRecordForm(ActionForm):
    form = forms.ChoiceField(label="参与方式", choices=[("", "请选择")] + list(ParticipationForm.choices),
                             help_text="向社会公开征求意见和听证会另有专门记录（第十四条第二款）。")
    held_on = _date("日期")
    venue = forms.CharField(label="地点或渠道", max_length=200)
    participants = _text("参加对象", required=True, rows=2, help_text="如：受影响的居民代表、相关行业协会、人大代表。")
    participant_count = forms.IntegerField(label="参与人数", min_value=1)
    summary = _text("听取的主要意见", required=True, rows=4)
    record = forms.FileField(label="记录或报告（文件）", required=False)

    field_aliases = {"file": "record"}


class HearingForm(ActionForm):
    held_on = _date("听证日期")
    place = forms.CharField(label="地点", max_length=200)
    notice_published_on = _date("公告日期", help_text="提前公布决策草案、听证时间和地点（第十六条第二款）。")
    selection_method = _text("听证参加人遴选办法", rows=2,
                             help_text="需要遴选听证参加人的，应当提前公布遴选办法（第十六条第三款）。")
    selection_published_on = _date("遴选办法公布日期", required=False)
    participants = _text("听证参加人名单", required=True, rows=3)
    participants_published_on = _date("参加人名单公布日期", help_text="名单应当提前向社会公布（第十六条第三款）。")
    materials_delivered_on = _date("材料送达日期", help_text="听证会材料应当于召开听证会7日前送达听证参加人。")
    record = forms.FileField(label="听证会记录", required=False)
    record_signed = forms.BooleanField(label="听证参加人已确认记录并签字（第十七条第三项）", required=False)

    field_aliases = {"file": "record"}


class RiskForm(ActionForm):
    assessor = forms.CharField(label="评估单位", max_length=100)
    assessed_on = _date("评估日期")
    risk_points = _text("风险点", required=True, rows=3)
    level = forms.ChoiceField(label="风险等级", choices=[("", "请选择")] + list(RiskLevel.choices))
    controllable = _yes_no("风险可控", help_text="风险不可控的，调整决策草案确保风险可控后方可决策（第二十四条）。")
    measures = _text("风险防范措施", required=True, rows=3)
    contingency_plan = _text("处置预案", required=True, rows=3)
    report = forms.FileField(label="风险评估报告（文件）", required=False)

    field_aliases = {"file": "report"}


class SubmitReviewForm(ActionForm):
    proposed_meeting_date = _date("拟提交会议日期",
                                  help_text="应当保证合法性审查时间一般不少于7个工作日（第二十六条第二款）。")


class PublishForm(ActionForm, _AgencyLabels):
    published_on = _date("公布日期", required=False, help_text="不填为今天。")
    publication_text = _text("公布内容", required=True, rows=6, help_text="通过政府公报、网站和报纸公布（第三十二条）。")
    publication_explanation = _text("公众意见、专家论证意见采纳情况说明", rows=4,
                                    help_text="履行公众参与或专家论证的，须说明（第三十二条）。")
    execution_units = forms.ModelMultipleChoiceField(label="决策执行单位", queryset=Agency.objects.none(),
                                                     widget=forms.SelectMultiple(attrs={"size": 6}),
                                                     help_text="第三十四条：明确负责执行的单位，并定期报告执行情况。")
    report_every_months = forms.IntegerField(label="执行情况报告周期（月）", min_value=1, max_value=12, initial=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.obj is not None:  # the decision (procedure.forms.StepForm)
            self.fields["execution_units"].queryset = units_under(self.obj.decision_organ)
        self.label_agencies("execution_units")

    def payload(self) -> dict:
        data = super().payload()
        data["execution_units"] = list(data.get("execution_units") or [])
        return data


class ReportExecutionForm(ActionForm):
    progress = _text("执行情况", required=True, rows=4)
    problems = _text("存在问题和重大变化", rows=3,
                     help_text="发现决策存在问题、客观情况发生重大变化或不可抗力的，应当及时报告（第三十五条）。")


class StartEvaluationForm(ActionForm):
    trigger = forms.ChoiceField(label="启动情形", choices=[("", "请选择")] + list(EvaluationTrigger.choices))
    evaluator = forms.CharField(label="评估单位", max_length=100,
                                help_text="可以委托第三方，但决策作出前承担主要论证评估工作的单位除外（第三十六条第二款）。")


class FinishEvaluationForm(ActionForm):
    report = _text("评估报告", required=True, rows=5)
    conclusion = forms.ChoiceField(label="评估结论", choices=[("", "请选择")] + list(EvaluationConclusion.choices))


ADJUST_KINDS = [(v, label) for v, label in AdjustmentKind.choices if v != AdjustmentKind.SUSPEND]


class AdjustForm(ActionForm):
    kind = forms.ChoiceField(label="调整类型", choices=[("", "请选择")] + ADJUST_KINDS)
    meeting_name = forms.CharField(label="决定调整的会议", max_length=100, required=False,
                                   help_text="变更或停止执行须经决策机关集体讨论（第三十七条），如：州人民政府第 20 次常务会议。")
    meeting_held_on = _date("会议日期", required=False)
    minutes = forms.FileField(label="会议纪要（文件）", required=False)
    post_evaluation = forms.ModelChoiceField(label="或依据已完成的后评估", queryset=PostEvaluation.objects.none(),
                                             required=False, empty_label="（不依据后评估）",
                                             help_text="第三十六条第四款：后评估结果作为调整决策的重要依据。")
    basis = _text("依据说明", required=True, rows=2)
    reason = _text("理由", required=True, rows=3)
    substantive = forms.BooleanField(
        label="重大调整：重新履行相关法定程序", required=False,
        help_text="第三十七条：需要作出重大调整的，应当依照本条例履行相关法定程序；决策退回草案拟订，"
                  "并重新经合法性审查和集体讨论决定。")
    rerun_steps = forms.MultipleChoiceField(label="调整涉及、须重新履行的程序", choices=RerunStep.choices,
                                            required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.obj is not None:
            self.fields["post_evaluation"].queryset = self.obj.post_evaluations.filter(done_on__isnull=False)


class SuspendForm(ActionForm):
    basis = _text("依据", required=True, rows=2, help_text="如：州长决定、常务会议纪要。")
    reason = _text("理由", required=True, rows=3)
    emergency = forms.BooleanField(
        label="情况紧急，行政首长先决定中止执行", required=False,
        help_text="第三十七条：执行中出现第三十五条规定的情形、情况紧急的，行政首长可以先决定中止执行。")



# ------------------------------------------------------------------ experts (第十九条至第二十一条)


class ExpertCreateForm(ServiceErrorsMixin, _AgencyLabels, forms.Form):
    agency = forms.ModelChoiceField(label="所属专家库（政府）", queryset=Agency.objects.none(), empty_label=None)
    name = forms.CharField(label="姓名", max_length=40)
    field = forms.CharField(label="专业领域", max_length=100)
    title = forms.CharField(label="职称", max_length=60)
    organisation = forms.CharField(label="工作单位", max_length=100)
    in_pool = forms.TypedChoiceField(label="类别", choices=[("1", "专家库成员"), ("0", "库外专家（为具体事项邀请）")],
                                     coerce=lambda v: v == "1", initial="1", required=False,
                                     empty_value=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = managed_governments(user)
        self.label_agencies("agency")


class ExpertSelectForm(ServiceErrorsMixin, forms.Form):
    expert = forms.ModelChoiceField(label="专家", queryset=None, to_field_name="code",
                                    error_messages={"invalid_choice": "该专家不在可选的专家库中。"})
    interest_declaration = _text("利害关系声明", required=True, rows=2,
                                 help_text="专家本人就与决策事项是否有直接利害关系所作的声明（第二十条）。")
    has_direct_interest = forms.BooleanField(label="与决策事项有直接利害关系", required=False,
                                             help_text="有直接利害关系的专家不得选择（第二十条）。")
    outside_pool_reason = _text("选择库外专家的理由", rows=2,
                                help_text="选择本级和上级专家库以外的专家（标注“库外”）须说明理由（第二十一条）。")

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = candidates
        self.fields["expert"].label_from_instance = lambda e: (
            f"{e.name}（{e.field}，{e.title}，{e.organisation}）" + ("【库外】" if getattr(e, "outside", False) else ""))


class ExpertOpinionForm(ServiceErrorsMixin, forms.Form):
    opinion = _text("论证意见", required=True, rows=6, help_text="对决策事项必要性、可行性、科学性等的论证意见（第十九条）。")
    signed = forms.BooleanField(label="本人确认对以上书面意见署名", required=False,
                                help_text="书面论证意见应当署名、盖章（第十九条第二款）。")


class ExpertAdoptionForm(ServiceErrorsMixin, forms.Form):
    adoption = forms.ChoiceField(label="采纳情况", choices=[("", "请选择")] + list(Adoption.choices))
    reason = _text("采纳说明", required=True, rows=2)


# ------------------------------------------------------------------ the legality review (reviewer side)


class AdviserOpinionForm(ActionForm):
    kind = forms.ChoiceField(label="类别", choices=[("", "请选择")] + list(AdviserKind.choices))
    adviser = forms.CharField(label="姓名", max_length=60)
    opinion = _text("法律意见", required=True, rows=3)
    given_on = _date("日期")
    attachment = forms.FileField(label="书面意见（文件）", required=False)

    field_aliases = {"file": "attachment"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate  # the day it is recorded, unless said otherwise


# ------------------------------------------------------------------ the meeting record (第三十条、第三十一条)


class MeetingForm(ServiceErrorsMixin, forms.Form):
    meeting_type = forms.ChoiceField(label="会议类型", choices=MeetingType.choices)
    meeting_name = forms.CharField(label="会议名称", max_length=100, required=False,
                                   help_text="如：州人民政府第 12 次常务会议。")
    held_on = _date("会议日期")
    attendees = _text("出席人员", required=True, rows=2)
    outcome = forms.ChoiceField(label="讨论结果", choices=[("", "请选择")] + list(MeetingOutcome.choices))
    head_name = forms.CharField(label="行政首长", max_length=40)
    head_position = forms.CharField(label="职务", max_length=60, required=False, initial="")
    head_stance = forms.ChoiceField(label="行政首长意见", choices=[("", "请选择")] + list(MemberStance.choices))
    head_statement = _text("行政首长发言要点", rows=3)
    head_reason = _text("行政首长说明的理由", rows=3,
                        help_text="拟作出的决定与会议组成人员多数人的意见不一致的，应当在会上说明理由（第三十条第二款）。")
    party_report_on = _date("向同级党委请示报告日期", required=False, help_text="重大行政决策出台前应当向同级党委请示报告（第三十一条）。")
    party_report_ref = forms.CharField(label="请示报告文号", max_length=100, required=False)
    minutes = forms.FileField(label="会议纪要（文件）", required=False)

    field_aliases = {"file": "minutes"}

    def __init__(self, *args, organ=None, **kwargs):
        super().__init__(*args, **kwargs)
        # 第三十条 for governments; a department's own 领导班子会议 (第四十二条): only the lawful types are offered
        allowed = workflow.meeting_types_for(organ)
        self.fields["meeting_type"].choices = [(v, MeetingType(v).label) for v in allowed]
        self.fields["meeting_type"].initial = allowed[0]


class MemberForm(forms.Form):
    member = forms.CharField(label="姓名", max_length=40, required=False)
    position = forms.CharField(label="职务", max_length=60, required=False)
    stance = forms.ChoiceField(label="意见", choices=[("", "请选择")] + list(MemberStance.choices), required=False)
    statement = _text("发言要点（如实记录）", rows=2)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return not any((data.get(k) or "").strip() for k in ("member", "position", "stance", "statement"))


MemberFormSet = forms.formset_factory(MemberForm, extra=0, min_num=0, max_num=60, validate_max=True)


def meeting_opinions(meeting_form: MeetingForm, member_formset) -> list[dict]:
    """The speakers in order, the head last (第三十条第二款), as services.meeting_record takes them."""
    rows = []
    for form in member_formset.forms:
        if form.is_blank():
            continue
        data = form.cleaned_data
        rows.append({"member": data.get("member", ""), "position": data.get("position", ""),
                     "stance": data.get("stance", ""), "statement": data.get("statement", "")})
    data = meeting_form.cleaned_data
    rows.append({"member": data.get("head_name", ""), "position": data.get("head_position", "") or "行政首长",
                 "stance": data.get("head_stance", ""), "statement": data.get("head_statement", ""), "is_head": True})
    return rows


# ------------------------------------------------------------------ statistics


class StatsForm(forms.Form):
    region = forms.ChoiceField(label="地区", required=False)
    year = forms.TypedChoiceField(label="年度", coerce=int)

    def __init__(self, *args, regions, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.code, r.label) for r in regions]
        self.fields["year"].choices = [(y, f"{y}年") for y in years]
