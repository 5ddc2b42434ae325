"""API of the 行政执法 module under /api/v1/enforcement/: cases with the kernel's transition pattern
(``POST cases/<code>/transition/``: 404 out of scope, 400 bad payload, 409 with every unmet condition),
a case's deadlines in its detail, inspections and the registers (read), and the redaction preview."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from fazhi.core.api.base import ScopedViewSet
from fazhi.core.permissions import has_perm
from fazhi.procedure.api.common import choice_field
from fazhi.procedure.api.transitions import TransitionAPIMixin, transition_endpoints

from . import selectors
from .choices import CaseState, InspectionKind, InspectionResult, PenaltyKind, Procedure
from .filtersets import CaseFilterSet, InspectionFilterSet
from .models import BenchmarkRange, Case, Inspection, InvestigativeAct, Officer
from .redaction import redact
from .workflow import MACHINE, Perm

# ---------------------------------------------------------------- the inputs of the case steps


class _Officers(serializers.SlugRelatedField):
    """Officers named by certificate number (the service refuses another agency's officers by name)."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="certificate_no", queryset=Officer.objects.all(), many=False, **kwargs)


def _officers(label="执法人员证号（不少于两人）"):
    return serializers.ListField(child=_Officers(), help_text=label, min_length=1, max_length=20)


class _Input(serializers.Serializer):
    action = serializers.CharField(max_length=40, help_text="操作名")


def _date(label, required=True):
    return serializers.DateField(help_text=label, required=required)


def _text(label, required=False, max_length=5000):
    return serializers.CharField(help_text=label, required=required, allow_blank=not required, max_length=max_length)


class CaseRegisterInput(_Input):
    on_date = _date("立案日期")
    number = _text("案号（留空自动生成）", max_length=80)


class CaseExtendInput(_Input):
    days = serializers.IntegerField(min_value=1, max_value=365, help_text="延长天数")
    approved_by = serializers.CharField(max_length=50, help_text="批准的负责人")
    reason = _text("案情复杂需要延长的理由", required=True)


class CaseDropInput(_Input):
    reason = _text("不予立案的理由", required=True)


class CaseRecordActInput(_Input):
    kind = serializers.CharField(max_length=50, help_text="取证方式")
    on_date = _date("日期")
    officers = _officers()
    summary = _text("内容摘要")


class CaseSummaryDecideInput(_Input):
    on_date = _date("决定日期")
    penalty_kind = choice_field(PenaltyKind.choices, "处罚种类", "EnforcementPenaltyKind")
    fine_amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False,
                                           allow_null=True, help_text="罚款金额（元）")
    officers = _officers()


class CaseNotifyInput(_Input):
    served_on = _date("事先告知书送达日期")
    penalty_kind = choice_field(PenaltyKind.choices, "处罚种类", "EnforcementPenaltyKind")
    fine_amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False,
                                           allow_null=True, help_text="拟罚款金额（元）")
    benchmark_range = serializers.PrimaryKeyRelatedField(queryset=BenchmarkRange.objects.select_related("benchmark"),
                                                         required=False, allow_null=True, help_text="裁量阶次编号")
    outside_range_reason = _text("超出裁量基准幅度的理由")
    hearing_eligible = serializers.BooleanField(required=False, default=False, help_text="属于听证范围")
    needs_discussion = serializers.BooleanField(required=False, default=False, help_text="须负责人集体讨论")
    lenient_applied = serializers.BooleanField(required=False, allow_null=True, default=None,
                                               help_text="是否适用免罚轻罚清单")
    lenient_reason = _text("适用或不适用清单的理由")
    decision_text = _text("处罚决定书正文（草稿）", max_length=20000)


class CaseRequestHearingInput(_Input):
    requested_on = _date("申请听证日期")


class CaseRecordHearingInput(_Input):
    held_on = _date("听证日期")


class CaseDiscussInput(_Input):
    on_date = _date("集体讨论日期")
    conclusion = _text("讨论结论")


class CaseDatedInput(_Input):
    on_date = _date("日期")


class CasePublishInput(_Input):
    on_date = _date("公示日期")
    extra_passages = _text("另需隐去的内容（每行一段）")


class CaseWithdrawInput(_Input):
    changed_on = _date("决定被变更、撤销或确认违法、无效的日期")
    on_date = _date("撤回日期")
    reason = _text("撤回理由", required=True)


# ---------------------------------------------------------------- outputs


class CaseDeadlineSerializer(serializers.Serializer):
    rule_code = serializers.CharField()
    legal_source = serializers.CharField()
    start_date = serializers.DateField()
    period = serializers.IntegerField()
    unit = serializers.CharField()
    due_date = serializers.DateField()
    status = serializers.CharField()


class CaseSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.name")
    matter = serializers.CharField(source="matter.code")
    state = choice_field(CaseState.choices, "案件状态", "EnforcementCaseState", read_only=True)
    procedure = choice_field(Procedure.choices, "程序", "EnforcementProcedure", read_only=True)

    class Meta:
        model = Case
        fields = ["code", "number", "agency", "matter", "procedure", "state", "party_name", "party_kind",
                  "registered_on", "penalty_kind", "fine_amount", "decided_on"]


class CaseActSerializer(serializers.ModelSerializer):
    officers = serializers.SlugRelatedField(slug_field="certificate_no", many=True, read_only=True)

    class Meta:
        model = InvestigativeAct
        fields = ["kind", "on_date", "summary", "officers"]


class CaseDetailSerializer(CaseSerializer):
    deadlines = serializers.SerializerMethodField()
    acts = CaseActSerializer(many=True, read_only=True)
    officers = serializers.SlugRelatedField(slug_field="certificate_no", many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = CaseSerializer.Meta.fields + [
            "facts", "occurred_on", "discovered_on", "benchmark_range", "outside_range_reason", "major_reasons",
            "notice_served_on", "hearing_eligible", "hearing_requested_on", "hearing_held_on", "discussed_on",
            "lenient_applied", "lenient_reason", "served_on", "published_on", "published_text", "withdrawn_on",
            "withdrawal_reason", "executed_on", "closed_on", "officers", "acts", "deadlines"]

    @extend_schema_field(CaseDeadlineSerializer(many=True))
    def get_deadlines(self, case) -> list[dict]:
        from .services import case_deadlines

        return CaseDeadlineSerializer(case_deadlines(case).order_by("start_date", "id"), many=True).data


@transition_endpoints(MACHINE, CaseDetailSerializer, component="EnforcementCaseTransition")
class CaseViewSet(TransitionAPIMixin, ScopedViewSet):
    """行政处罚案件（数据范围内），按编码访问；详情列出各项期限；transition 办理程序步骤。"""

    machine = MACHINE
    selector = staticmethod(selectors.case_rows)
    serializer_class = CaseSerializer
    filterset_class = CaseFilterSet
    required_perm = Perm.VIEW
    lookup_field = "code"
    ordering = ("-id",)

    def retrieve(self, request, *args, **kwargs):
        return self.output(self.get_object(), serializer_class=CaseDetailSerializer)

    def get_queryset(self):
        if self.action == "list":
            return super().get_queryset()
        return selectors.case_detail(user=self.request.user).prefetch_related("acts__officers", "officers")

    def transition_response(self, request, obj):
        return self.output(self.get_object(), serializer_class=CaseDetailSerializer)


class EnforcementInspectionSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.name")
    kind = choice_field(InspectionKind.choices, "检查类型", "EnforcementInspectionKind", read_only=True)
    result = choice_field(InspectionResult.choices, "检查结果", "EnforcementInspectionResult", read_only=True)

    class Meta:
        model = Inspection
        fields = ["code", "check_code", "agency", "enterprise_name", "credit_code", "on_date", "kind", "source",
                  "mode", "result", "warnings"]


class InspectionViewSet(ScopedViewSet):
    """涉企行政检查（数据范围内，只读），按编码访问；warnings 为登记时的重复检查和频次上限预警。"""

    selector = staticmethod(selectors.inspection_list)
    serializer_class = EnforcementInspectionSerializer
    filterset_class = InspectionFilterSet
    required_perm = Perm.VIEW
    lookup_field = "code"
    ordering = ("-on_date", "-id")


# ---------------------------------------------------------------- redaction preview


class RedactionInput(serializers.Serializer):
    text = serializers.CharField(max_length=200000, allow_blank=True, trim_whitespace=False)
    parties = serializers.ListField(child=serializers.CharField(max_length=50), required=False, default=list,
                                    max_length=200)


class RedactionOutput(serializers.Serializer):
    text = serializers.CharField()


class RedactionPreview(APIView):
    """The text as it would be published: the same function the publication uses."""

    @extend_schema(request=RedactionInput, responses={200: RedactionOutput})
    def post(self, request):
        if not has_perm(request.user, Perm.VIEW):
            raise PermissionDenied("您没有行政执法的查看权限。")
        data = RedactionInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response({"text": redact(data.validated_data["text"], data.validated_data["parties"])})


# ---------------------------------------------------------------- registers (read; 事前公开 data)

from .models import Benchmark, EnforcementBody, LenientItem, Matter  # noqa: E402


class EnforcementBodySerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.name")

    class Meta:
        model = EnforcementBody
        fields = ["id", "name", "kind", "agency", "legal_basis", "jurisdiction", "categories", "is_active"]


class EnforcementOfficerSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.name")

    class Meta:
        model = Officer
        fields = ["certificate_no", "name", "agency", "field", "issued_on", "expires_on", "status",
                  "training_hours", "has_legal_qualification", "is_legal_reviewer"]


class EnforcementMatterSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.name")

    class Meta:
        model = Matter
        fields = ["id", "code", "name", "kind", "agency", "legal_basis", "level", "is_active"]


class EnforcementRangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = BenchmarkRange
        fields = ["id", "level", "circumstance", "min_fine", "max_fine", "penalty_text"]


class EnforcementBenchmarkSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.name")
    ranges = EnforcementRangeSerializer(many=True, read_only=True)

    class Meta:
        model = Benchmark
        fields = ["id", "violation", "agency", "legal_basis", "published_on", "ranges"]


class EnforcementLenientSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.name")

    class Meta:
        model = LenientItem
        fields = ["id", "kind", "violation", "agency", "legal_basis", "conditions", "handling", "education"]


def _register_viewset(name, register, serializer, lookup="pk"):
    def selector(*, user, register=register):
        return selectors.register_list(register, user=user)

    return type(name, (ScopedViewSet,), {
        "selector": staticmethod(selector), "serializer_class": serializer, "required_perm": Perm.VIEW,
        "lookup_field": lookup, "ordering": ("region_path", "id"), "lookup_value_regex": r"[^/]+",
        "__doc__": f"{serializer.Meta.model._meta.verbose_name}（数据范围内，只读）。"})


BodyViewSet = _register_viewset("BodyViewSet", "body", EnforcementBodySerializer)
OfficerViewSet = _register_viewset("OfficerViewSet", "officer", EnforcementOfficerSerializer, "certificate_no")
MatterViewSet = _register_viewset("MatterViewSet", "matter", EnforcementMatterSerializer)
BenchmarkViewSet = _register_viewset("BenchmarkViewSet", "benchmark", EnforcementBenchmarkSerializer)
LenientViewSet = _register_viewset("LenientViewSet", "lenient", EnforcementLenientSerializer)
