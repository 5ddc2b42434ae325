"""The daily-work resources: inbox, deadlines, the audit log, and the working-day calculator."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import deadlines, notifications, selectors, workdays
from ..api_base import PasswordChanged
from ..filtersets import AuditEventFilterSet, DeadlineFilterSet, NotificationFilterSet
from ..models import DeadlineEvent
from ..permissions import P
from . import serializers as s
from .base import ScopedViewSet

ID_REGEX = r"[0-9]{1,18}"


class NotificationViewSet(ScopedViewSet):
    """The caller's own inbox; another person's notification is a 404."""

    selector = staticmethod(selectors.notification_list)
    filterset_class = NotificationFilterSet
    serializer_class = s.NotificationSerializer
    ordering = ("-id",)
    lookup_value_regex = ID_REGEX
    input_serializers = {"mark_read": s.MarkReadInputSerializer}

    @extend_schema(request=s.MarkReadInputSerializer, responses=s.MarkReadSerializer)
    @action(detail=False, methods=["post"], url_path="mark-read")
    def mark_read(self, request):
        data = self.input(request)
        marked = notifications.notification_mark_read(actor=request.user, notification_ids=data.get("ids"))
        return Response({"marked": marked, "unread": notifications.unread_count(request.user)})


class DeadlineViewSet(ScopedViewSet):
    selector = staticmethod(selectors.deadline_list)
    required_perm = P.VIEW_DEADLINE
    filterset_class = DeadlineFilterSet
    serializer_class = s.DeadlineSerializer
    ordering = ("due_date", "id")
    lookup_value_regex = ID_REGEX
    input_serializers = {"transition": s.DeadlineTransitionInputSerializer}

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action != "list":
            qs = qs.prefetch_related(Prefetch("events", queryset=DeadlineEvent.objects.order_by("on_date", "id")))
        return qs

    @extend_schema(responses=s.DeadlineDetailSerializer)
    def retrieve(self, request, pk=None):
        return self.output(self.get_object(), serializer_class=s.DeadlineDetailSerializer)

    @extend_schema(
        request=s.DeadlineTransitionInputSerializer,
        responses={
            200: s.DeadlineDetailSerializer,
            409: OpenApiResponse(description="不满足办理条件：reasons 列出未满足的条件"),
        },
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        deadline = self.get_object()
        data = self.input(request)
        actor = request.user
        match data["action"]:
            case "pause":
                deadlines.deadline_pause(actor=actor, deadline=deadline, on_date=data["on_date"], reason=data["reason"])
            case "resume":
                deadlines.deadline_resume(actor=actor, deadline=deadline, on_date=data["on_date"])
            case "extend":
                deadlines.deadline_extend(actor=actor, deadline=deadline, amount=data["amount"], unit=data["unit"],
                                          reason=data["reason"])
            case "complete":
                deadlines.deadline_complete(actor=actor, deadline=deadline, on_date=data["on_date"])
            case "cancel":
                deadlines.deadline_cancel(actor=actor, deadline=deadline, reason=data["reason"])
        return self.output(self.get_object(), serializer_class=s.DeadlineDetailSerializer)


class AuditEventViewSet(ScopedViewSet):
    """The audit chain, for the audit administrator only (三员分立)."""

    selector = staticmethod(selectors.audit_event_list)
    required_perm = P.VIEW_AUDIT
    filterset_class = AuditEventFilterSet
    serializer_class = s.AuditEventSerializer
    ordering = ("-id",)
    lookup_value_regex = ID_REGEX


class CalendarViewSet(viewsets.ViewSet):
    """Working-day arithmetic on the calendar table; a result past the known years is provisional."""

    permission_classes = [permissions.IsAuthenticated, PasswordChanged]

    def _query(self, request, serializer_class) -> dict:
        serializer = serializer_class(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(parameters=[s.AddWorkingDaysQuerySerializer], responses=s.CalendarResultSerializer)
    @action(detail=False, methods=["get"], url_path="add-working-days")
    def add_working_days(self, request):
        q = self._query(request, s.AddWorkingDaysQuerySerializer)
        result = workdays.add_working_days(q["start"], q["days"])
        return Response(s.CalendarResultSerializer(_calendar_result(result)).data)

    @extend_schema(parameters=[s.WorkingDaysBetweenQuerySerializer], responses=s.CountResultSerializer)
    @action(detail=False, methods=["get"], url_path="working-days-between")
    def working_days_between(self, request):
        q = self._query(request, s.WorkingDaysBetweenQuerySerializer)
        result = workdays.working_days_between(q["start"], q["end"])
        data = {"days": result.days, "provisional": result.provisional, "warnings": _texts(result.warnings)}
        return Response(s.CountResultSerializer(data).data)

    @extend_schema(parameters=[s.AddDaysStatutoryQuerySerializer], responses=s.CalendarResultSerializer)
    @action(detail=False, methods=["get"], url_path="add-days-statutory")
    def add_days_statutory(self, request):
        q = self._query(request, s.AddDaysStatutoryQuerySerializer)
        if "months" in q:
            result = workdays.add_days_statutory(q["start"], q["months"], unit="months")
        else:
            result = workdays.add_days_statutory(q["start"], q["days"], unit="calendar_days")
        return Response(s.CalendarResultSerializer(_calendar_result(result)).data)


def _texts(items) -> list[str]:
    return [str(item) for item in (items or [])]


def _calendar_result(result) -> dict:
    return {"date": result.date, "provisional": result.provisional, "warnings": _texts(result.warnings),
            "steps": _texts(getattr(result, "steps", []))}
