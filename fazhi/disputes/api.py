"""API inputs of the steps (``POST /api/v1/disputes/…/<code>/transition/``), built from steps.STEPS."""

from rest_framework import serializers

from fazhi.procedure.api.common import choice_field

from .choices import ConfirmResult, LitState, MedState, RcState
from .steps import OPTIONAL, STEPS, B, C, D, N, T


def _field(kind, label, choices, required, component=""):
    if kind == D:
        return serializers.DateField(help_text=label, required=required, allow_null=not required)
    if kind == N:
        return serializers.IntegerField(help_text=label, min_value=1, max_value=30)
    if kind == B:
        return serializers.BooleanField(help_text=label, required=False, default=False)
    if kind == C:
        # A named enum per step field: the site's schema never merges two choice sets under one name.
        return choice_field(choices, label, component, help_text=label, required=required,
                            allow_blank=not required)
    return serializers.CharField(help_text=label, required=required, allow_blank=not required,
                                 max_length=5000 if kind == T else 200)


for _name, _spec in STEPS.items():
    _fields = {"action": serializers.CharField(max_length=40, help_text="操作名")}
    _fields.update({f: _field(k, label, ch, f not in OPTIONAL, f"Disputes{_name}{f.title().replace('_', '')}")
                    for f, k, label, ch in _spec})
    _fields["__module__"] = __name__
    globals()[f"{_name}Input"] = type(f"Disputes{_name}Input", (serializers.Serializer,), _fields)


# ---------------------------------------------------------------- read endpoints + kernel transitions

from fazhi.core.api.base import ScopedViewSet  # noqa: E402
from fazhi.procedure.api.transitions import TransitionAPIMixin, transition_endpoints  # noqa: E402

from . import selectors  # noqa: E402
from .models import Litigation, MediationCase, Reconsideration  # noqa: E402
from .workflow import LIT_MACHINE, MED_MACHINE, RC_MACHINE, Perm  # noqa: E402


def _due(name):
    return serializers.DateField(source=f"{name}.due_date", read_only=True, default=None)


class ReconsiderationSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.name")
    respondent = serializers.CharField(source="respondent.name")
    state = choice_field(RcState.choices, "复议案件状态", "DisputesReconsiderationState", read_only=True)
    state_label = serializers.CharField(source="get_state_display")
    review_due = _due("review_deadline")
    copy_due = _due("copy_deadline")
    answer_due = _due("answer_deadline")
    decision_due = _due("decision_deadline")

    class Meta:
        model = Reconsideration
        fields = ["code", "agency", "respondent", "applicant_name", "act", "inaction", "act_known_on", "received_on",
                  "state", "state_label", "procedure", "simple_ground", "accepted_on", "deemed_accepted",
                  "copy_sent_on", "answer_received_on", "answer_late", "extension_days", "decision",
                  "closed_on", "closed_late", "review_due", "copy_due", "answer_due", "decision_due"]


class LitigationSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.name")
    state = choice_field(LitState.choices, "应诉案件状态", "DisputesLitigationState", read_only=True)

    class Meta:
        model = Litigation
        fields = ["code", "agency", "court", "case_number", "instance", "plaintiff", "contested_act", "filed_on",
                  "hearing_on", "state", "head_required", "head_rank", "lawyer_only", "absence_reason", "closure",
                  "closed_on", "loss_reasons"]


class MediationCaseSerializer(serializers.ModelSerializer):
    committee = serializers.CharField(source="committee.name")
    state = choice_field(MedState.choices, "调解案件状态", "DisputesMediationState", read_only=True)
    confirm_result = choice_field(ConfirmResult.choices, "司法确认结果", "DisputesConfirmResult", read_only=True)
    confirm_due = _due("confirm_deadline")

    class Meta:
        model = MediationCase
        fields = ["code", "committee", "source", "dispute_type", "parties", "amount", "received_on", "state",
                  "agreement_form", "agreement_on", "performance", "confirm_applied_on", "confirm_result",
                  "confirm_due"]


def _viewset(name, machine, selector, serializer):
    cls = type(name, (TransitionAPIMixin, ScopedViewSet), {
        "machine": machine, "selector": staticmethod(selector), "serializer_class": serializer,
        "required_perm": Perm.VIEW, "lookup_field": "code", "ordering": ("-id",),
        "__doc__": f"{serializer.Meta.model._meta.verbose_name}（数据范围内），按编码访问；transition 办理程序步骤。"})
    return transition_endpoints(machine, serializer, component=f"Disputes{name}")(cls)


ReconsiderationViewSet = _viewset("ReconsiderationViewSet", RC_MACHINE, selectors.reconsideration_list,
                                  ReconsiderationSerializer)
LitigationViewSet = _viewset("LitigationViewSet", LIT_MACHINE, selectors.litigation_list, LitigationSerializer)
MediationViewSet = _viewset("MediationViewSet", MED_MACHINE, selectors.mediation_list, MediationCaseSerializer)


# ---------------------------------------------------------------- registers: committees, referrals, grids (read)

from .choices import GridLevel, GridReportState, ReferralKind, ReferralResult, Risk, Route  # noqa: E402
from .models import Committee, Grid, GridReport, HouseholdUnit, Mediator, Referral  # noqa: E402


class MediatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Mediator
        fields = ["id", "name", "gender", "minority", "kind", "is_member", "trained_on", "is_active"]


class CommitteeSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.name")
    agency = serializers.CharField(source="agency.name")
    mediators = MediatorSerializer(many=True, read_only=True)

    class Meta:
        model = Committee
        fields = ["code", "name", "kind", "region", "agency", "term_start", "multi_ethnic", "is_active", "mediators"]


class ReferralSerializer(serializers.ModelSerializer):
    kind = choice_field(ReferralKind.choices, "诉调对接类别", "DisputesReferralKind", read_only=True)
    committee = serializers.CharField(source="committee.name")
    result = choice_field(ReferralResult.choices, "调解结果", "DisputesReferralResult", read_only=True)
    due = _due("deadline")
    case = serializers.UUIDField(source="case.code", read_only=True, default=None)

    class Meta:
        model = Referral
        fields = ["code", "kind", "court", "court_number", "simple", "committee", "received_on", "extended_days",
                  "result", "due", "case"]


class HouseholdUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = HouseholdUnit
        fields = ["code", "name", "head_name", "households"]


class GridSerializer(serializers.ModelSerializer):
    level = choice_field(GridLevel.choices, "网格层级", "DisputesGridLevel", read_only=True)
    region = serializers.CharField(source="region.name")
    units = HouseholdUnitSerializer(many=True, read_only=True)

    class Meta:
        model = Grid
        fields = ["code", "name", "level", "region", "leader_name", "units"]


class GridReportSerializer(serializers.ModelSerializer):
    grid = serializers.CharField(source="grid.code")
    risk = choice_field(Risk.choices, "风险等级", "DisputesRisk", read_only=True)
    state = choice_field(GridReportState.choices, "状态", "DisputesGridReportState", read_only=True)
    route = choice_field(Route.choices, "分流去向", "DisputesRoute", read_only=True)

    class Meta:
        model = GridReport
        fields = ["code", "grid", "reporter_kind", "reported_on", "dispute_type", "risk", "state", "route"]


def _register(name, selector, serializer, ordering, related=(), prefetch=(), lookup_regex=None):
    def get_queryset(self):
        return type(self).selector(user=self.request.user).select_related(*related).prefetch_related(*prefetch)

    attrs = {"selector": staticmethod(selector), "serializer_class": serializer, "required_perm": Perm.VIEW,
             "lookup_field": "code", "ordering": ordering, "get_queryset": get_queryset,
             "__doc__": f"{serializer.Meta.model._meta.verbose_name}（数据范围内，只读），按编码访问。"}
    if lookup_regex:
        attrs["lookup_value_regex"] = lookup_regex
    return type(name, (ScopedViewSet,), attrs)


CommitteeViewSet = _register("CommitteeViewSet", selectors.committee_list, CommitteeSerializer, ("-id",),
                             related=("region", "agency"), prefetch=("mediators",))
ReferralViewSet = _register("ReferralViewSet", selectors.referral_list, ReferralSerializer, ("-id",),
                            related=("committee", "deadline", "case"))
GridViewSet = _register("GridViewSet", selectors.grid_list, GridSerializer, ("region_path", "code"),
                        related=("region",), prefetch=("units",), lookup_regex=r"[^/]+")
GridReportViewSet = _register("GridReportViewSet", selectors.grid_report_list, GridReportSerializer, ("-id",),
                              related=("grid",))
