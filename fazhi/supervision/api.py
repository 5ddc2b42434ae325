"""Read endpoints under /api/v1/supervision/: schemes with their indicator tree, published snapshots,
quarterly rankings and letters — each within the caller's scope."""

from datetime import date

from rest_framework import exceptions, serializers, viewsets

from fazhi.core.api_base import DEFAULT_PERMISSIONS
from fazhi.core.permissions import has_perm
from fazhi.procedure.api.common import choice_field

from . import selectors
from .choices import AccountabilityMeasure, LetterKind, LetterState, PeriodType
from .models import IndicatorNode, Letter, QuarterScore, Scheme, Snapshot
from .perms import Perm


def _period(**kwargs):
    # One named enum for the period of nodes and snapshots (the schema has one choice set, one name).
    return choice_field(PeriodType.choices, "周期", "SupervisionPeriod", read_only=True, **kwargs)


class NodeSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="number", read_only=True)
    period_type = _period()

    class Meta:
        model = IndicatorNode
        fields = ["number", "code", "level", "parent", "name", "description", "unit", "direction", "target",
                  "green", "yellow", "points", "weight", "unit_classes", "responsible", "period_type", "source",
                  "indicator_code", "form_name", "rule", "rule_params", "criteria", "unverified"]


class SchemeSerializer(serializers.ModelSerializer):
    nodes = NodeSerializer(many=True, read_only=True)

    class Meta:
        model = Scheme
        fields = ["id", "year", "version", "name", "basis", "verified", "is_active", "nodes"]


class SnapshotSerializer(serializers.ModelSerializer):
    node = serializers.CharField(source="node.number")
    node_name = serializers.CharField(source="node.name")
    unit = serializers.CharField(source="unit_name")
    period_kind = _period()

    class Meta:
        model = Snapshot
        fields = ["id", "node", "node_name", "indicator_code", "unit", "period_kind", "period_start", "period_end",
                  "version", "value", "numerator", "denominator", "base", "band", "computed_at"]


class ScoreSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit_name")

    class Meta:
        model = QuarterScore
        fields = ["id", "unit", "unit_class", "year", "quarter", "total", "grade", "rank", "previous_rank",
                  "previous_total", "trend", "detail", "computed_at", "published_at"]


class LetterSerializer(serializers.ModelSerializer):
    kind = choice_field(LetterKind.choices, "函件种类", "SupervisionLetterKind", read_only=True)
    state = choice_field(LetterState.choices, "函件状态", "SupervisionLetterState", read_only=True)
    agency = serializers.CharField(source="agency.name")
    kind_label = serializers.CharField(source="get_kind_display")
    state_label = serializers.CharField(source="get_state_display")

    class Meta:
        model = Letter
        fields = ["id", "kind", "kind_label", "state", "state_label", "agency", "number", "rule", "problems",
                  "demand", "issued_on", "due_on", "document_sha256", "answer", "answered_at", "review_note",
                  "previous", "created_at"]


class _Base(viewsets.ReadOnlyModelViewSet):
    permission_classes = DEFAULT_PERMISSIONS
    required_perm = Perm.VIEW
    ordering = ("-id",)


class SchemeViewSet(_Base):
    serializer_class = SchemeSerializer

    def get_queryset(self):
        return Scheme.objects.prefetch_related("nodes__parent")


class SnapshotViewSet(_Base):
    """Published figures only (``?period=YYYY-MM-01``, ``?indicator=<code>``)."""

    serializer_class = SnapshotSerializer
    queryset = Snapshot.objects.none()  # typed path parameters in the schema; get_queryset scopes the rows

    def get_queryset(self):
        qs = (Snapshot.objects.filter(selectors._region_q(self.request.user, "region__"), is_published=True)
              .select_related("node", "region", "agency"))
        period = self.request.query_params.get("period")
        if period:
            try:
                qs = qs.filter(period_start=date.fromisoformat(period))
            except ValueError:
                raise exceptions.ValidationError({"period": ["期间格式应为 YYYY-MM-DD。"]}) from None
        if self.request.query_params.get("indicator"):
            qs = qs.filter(indicator_code=self.request.query_params["indicator"])
        return qs


class ScoreViewSet(_Base):
    """The published rankings: every unit with view permission sees the whole table of its class."""

    serializer_class = ScoreSerializer

    def get_queryset(self):
        qs = QuarterScore.objects.select_related("region", "agency")
        if not has_perm(self.request.user, Perm.MANAGE):
            qs = qs.filter(published_at__isnull=False)
        for field in ("year", "quarter"):
            raw = self.request.query_params.get(field)
            if raw:
                if not raw.isdigit():
                    raise exceptions.ValidationError({field: ["请填写整数。"]})
                qs = qs.filter(**{field: int(raw)})
        if self.request.query_params.get("class"):
            qs = qs.filter(unit_class=self.request.query_params["class"])
        return qs


# ---------------------------------------------------------------- the letter ladder: inputs of each step


class _StepIn(serializers.Serializer):
    action = serializers.CharField(max_length=40, help_text="操作名")


class LetterConfirmInput(_StepIn):
    demand = serializers.CharField(max_length=2000, required=False, allow_blank=True, help_text="整改要求（可修改）")


class LetterReasonInput(_StepIn):
    reason = serializers.CharField(max_length=500, help_text="理由")


class LetterAnswerInput(_StepIn):
    report = serializers.CharField(max_length=10000, help_text="整改报告（附件请在页面上传）")


class LetterNoteInput(_StepIn):
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, help_text="审核意见")


class LetterReturnInput(_StepIn):
    note = serializers.CharField(max_length=1000, help_text="退回理由")


class LetterInterviewInput(_StepIn):
    held_at = serializers.DateTimeField(help_text="约谈时间")
    place = serializers.CharField(max_length=200)
    interviewers = serializers.CharField(max_length=300)
    interviewees = serializers.CharField(max_length=300)
    attendees = serializers.CharField(max_length=300, required=False, allow_blank=True)
    minutes = serializers.CharField(max_length=10000)
    commitments = serializers.CharField(max_length=5000)


class LetterAccountabilityInput(_StepIn):
    decided_on = serializers.DateField()
    decided_by = serializers.CharField(max_length=120)
    decision_number = serializers.CharField(max_length=60)
    subjects = serializers.CharField(max_length=300)
    measure = choice_field(AccountabilityMeasure.choices, "问责方式", "SupervisionAccountabilityMeasure")
    decision = serializers.CharField(max_length=10000)


from fazhi.procedure.api.transitions import TransitionAPIMixin, transition_endpoints  # noqa: E402

from .workflow import LETTER_MACHINE  # noqa: E402


@transition_endpoints(LETTER_MACHINE, LetterSerializer, component="SupervisionLetterTransition")
class LetterViewSet(TransitionAPIMixin, _Base):
    """提示函、通报、约谈、问责 in the caller's scope; ``transition`` takes a step of the ladder (the unit answers,
    the office confirms, accepts, returns or escalates): 404 out of scope, 400 bad input, 409 with every reason."""

    serializer_class = LetterSerializer
    required_perm = (Perm.VIEW, Perm.ANSWER)  # a unit holding only ANSWER reads its own letters (scoped rows)
    machine = LETTER_MACHINE

    def get_queryset(self):
        return selectors.letters_for(self.request.user).select_related("agency")


# ---------------------------------------------------------------- the newer parts (read, in the caller's scope)

from .models import AnnualReport, AnnualSheet, DataReport, Inspection, PlanTask, Rectification  # noqa: E402


def _read_serializer(model, fields, *, agency="agency", component=""):
    """A read serializer of ``fields`` with the unit's name (``agency``) and every choice as its label too."""
    attrs = {"Meta": type("Meta", (), {"model": model, "fields": list(fields) + ["unit"]})}
    attrs["unit"] = serializers.CharField(source=f"{agency}.name", read_only=True)
    for f in model._meta.concrete_fields:
        if f.name in fields and f.choices:
            attrs[f.name] = choice_field(f.choices, str(f.verbose_name), f"Supervision{component}{f.name.title()}",
                                         read_only=True)
    return type(f"{model.__name__}Serializer", (serializers.ModelSerializer,), attrs)


DataReportSerializer = _read_serializer(DataReport, [
    "id", "period_kind", "period_start", "period_end", "values", "note", "state", "approved_level", "violations",
    "submitted_at", "timely"], component="DataReport")
InspectionSerializer = _read_serializer(Inspection, [
    "id", "year", "half", "title", "subject", "inspectors", "start_on", "end_on", "state", "feedback_on",
    "closed_at"], component="Inspection")
RectificationSerializer = _read_serializer(Rectification, [
    "id", "inspection", "demand", "workdays", "due_on", "state", "report", "submitted_at", "review_note",
    "accepted_at"], component="Rectification")
AnnualSheetSerializer = _read_serializer(AnnualSheet, [
    "id", "year", "unit_class", "state", "self_total", "base_total", "bonus_total", "total", "grade_cap", "grade",
    "rank", "submitted_at", "reviewed_at", "published_at"], component="AnnualSheet")
PlanTaskSerializer = _read_serializer(PlanTask, [
    "id", "plan", "number", "title", "deadline", "state", "progress", "done_on"], agency="lead", component="PlanTask")
AnnualReportSerializer = _read_serializer(AnnualReport, [
    "id", "year", "is_department", "state", "part1", "part2", "part3", "part4", "part5", "submit_due",
    "publish_due", "submitted_at", "published_on", "publication_url"], component="AnnualReport")


def _scoped_viewset(name, model, serializer, related, ordering=("-id",), published_only_for_units=False):
    agency_field = getattr(model, "SCOPE_AGENCY_FIELD", None) or "agency"  # a plan task's unit is its lead

    def get_queryset(self):
        qs = model.objects.filter(selectors._region_q(self.request.user, agency_field=agency_field)) \
            .select_related(*related)
        if published_only_for_units and not has_perm(self.request.user, Perm.MANAGE):
            qs = qs.filter(published_at__isnull=False) | model.objects.filter(
                selectors._region_q(self.request.user), agency=self.request.user.agency_id).select_related(*related)
        return qs.order_by(*ordering)

    return type(name, (_Base,), {"serializer_class": serializer, "get_queryset": get_queryset,
                                 "queryset": model.objects.none(),
                                 "__doc__": f"{model._meta.verbose_name}（数据范围内，只读）。"})


DataReportViewSet = _scoped_viewset("DataReportViewSet", DataReport, DataReportSerializer, ("agency",))
InspectionViewSet = _scoped_viewset("InspectionViewSet", Inspection, InspectionSerializer, ("agency",))
RectificationViewSet = _scoped_viewset("RectificationViewSet", Rectification, RectificationSerializer, ("agency",))
AnnualSheetViewSet = _scoped_viewset("AnnualSheetViewSet", AnnualSheet, AnnualSheetSerializer, ("agency",),
                                     published_only_for_units=True)
PlanTaskViewSet = _scoped_viewset("PlanTaskViewSet", PlanTask, PlanTaskSerializer, ("lead",))
AnnualReportViewSet = _scoped_viewset("AnnualReportViewSet", AnnualReport, AnnualReportSerializer, ("agency",))
