"""Read endpoints under /api/v1/supervision/: schemes with their indicator tree, published snapshots,
quarterly rankings and letters — each within the caller's scope."""

from datetime import date

from rest_framework import exceptions, serializers, viewsets

from fazhi.core.api_base import DEFAULT_PERMISSIONS
from fazhi.core.permissions import has_perm
from fazhi.procedure.api.common import choice_field

from . import selectors
from .choices import LetterKind, LetterState, PeriodType
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


class LetterViewSet(_Base):
    serializer_class = LetterSerializer
    required_perm = None  # a unit holding only ANSWER reads its own letters; rows are scoped by the selector

    def get_queryset(self):
        return selectors.letters_for(self.request.user).select_related("agency")
