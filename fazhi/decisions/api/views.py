"""Viewsets of the decisions API: decisions (with the kernel's transition endpoints) and the expert pool."""

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api.base import ScopedViewSet
from fazhi.core.api_base import PasswordChanged
from fazhi.core.codes import CODE_REGEX
from fazhi.core.idempotency import idempotent
from fazhi.core.permissions import has_perm
from fazhi.procedure.api.common import (
    BAD,
    REFUSED,
    paged,
)
from fazhi.procedure.api.desks import (
    CommentAnswerInput,
    CommentDeskAPIMixin,
    CommentScreenInput,
    VersionsAPIMixin,
)
from fazhi.procedure.api.transitions import TransitionAPIMixin, transition_endpoints

from .. import selectors, services, workflow
from ..facts import gate_check
from ..filtersets import DecisionFilterSet, ExpertFilterSet
from ..models import Decision
from ..workflow import MACHINE, Perm
from .inputs import (
    DecisionCreateSerializer,
    DecisionUpdateSerializer,
    ExpertAdoptionInput,
    ExpertCreateInput,
    SelectExpertInput,
)
from .lookups import _assigned_to
from .serializers import (
    AccountabilitySerializer,
    DecisionDetailSerializer,
    DecisionSerializer,
    ExpertAssignmentSerializer,
    ExpertSerializer,
    GateSerializer,
)

# ================================================================ viewsets


class CanSeeDecisions(permissions.BasePermission):
    """Decision readers, and experts for the decisions they were chosen to argue on."""

    message = "您没有查看重大行政决策的权限。"

    def has_permission(self, request, view):
        return has_perm(request.user, Perm.VIEW) or has_perm(request.user, Perm.EXPERT)


@transition_endpoints(MACHINE, DecisionDetailSerializer, "DecisionTransition")
class DecisionViewSet(CommentDeskAPIMixin, VersionsAPIMixin, TransitionAPIMixin, ScopedViewSet):
    """重大行政决策 inside the caller's scope, addressed by their public code."""

    selector = staticmethod(selectors.decision_list)
    permission_classes = [permissions.IsAuthenticated, PasswordChanged, CanSeeDecisions]
    filterset_class = DecisionFilterSet
    serializer_class = DecisionSerializer
    list_only = selectors.DECISION_API_LIST_FIELDS
    ordering = ("-id",)
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX
    input_serializers = {
        "create": DecisionCreateSerializer,
        "partial_update": DecisionUpdateSerializer,
        "comments_screen": CommentScreenInput,
        "comments_answer": CommentAnswerInput,
        "expert_adoption": ExpertAdoptionInput,
    }
    # Experts also reach the decisions they argue on — to read the draft and sign their opinion.
    EXPERT_ACTIONS = {"list", "retrieve", "transition"}

    def get_queryset(self):
        user = self.request.user
        queryset = selectors.decision_list(user=user)
        if self.action in self.EXPERT_ACTIONS and has_perm(user, Perm.EXPERT):
            queryset = Decision.objects.select_related("decision_organ", "agency", "catalogue__agency").filter(
                Q(pk__in=queryset.values("pk")) | Q(pk__in=_assigned_to(user)))
        return queryset

    def _detail(self, status_code=status.HTTP_200_OK):
        return self.output(self.get_object(), status_code, serializer_class=DecisionDetailSerializer)

    @extend_schema(responses=DecisionDetailSerializer)
    def retrieve(self, request, code=None):
        return self._detail()

    @extend_schema(request=DecisionCreateSerializer, responses={201: DecisionDetailSerializer, 400: BAD})
    @idempotent
    def create(self, request):
        data = dict(self.input(request))
        data["co_sponsors"] = data.get("co_sponsors") or ()
        decision = services.decision_create(actor=request.user, **data)
        self.kwargs["code"] = decision.code
        return self._detail(status.HTTP_201_CREATED)

    @extend_schema(request=DecisionUpdateSerializer, responses={200: DecisionDetailSerializer, 400: BAD,
                                                                409: REFUSED})
    def partial_update(self, request, code=None):
        decision = self.get_object()
        changes = dict(self.input(request))
        note = changes.pop("note", "")
        services.decision_update(actor=request.user, decision=decision, note=note, **changes)
        return self._detail()

    # POST …/transition/ and GET …/actions/ come from the kernel (TransitionAPIMixin, workflow.MACHINE): a
    # submit_to_meeting that misses what 第二十五条、第二十九条 require answers 409 with every unmet item.
    machine = MACHINE

    def transition_response(self, request, obj):
        return self._detail()

    @extend_schema(responses=GateSerializer, filters=False,
                   description="提交集体讨论前的把关：逐项列出尚未满足的材料和程序（第二十五条、第二十九条）。")
    @action(detail=True, methods=["get"])
    def gate(self, request, code=None):
        decision = self.get_object()
        state_problems = workflow.state_problems("submit_to_meeting", decision)
        unmet = gate_check(decision)
        return Response(GateSerializer({
            "ready": not state_problems and not unmet, "state": decision.state,
            "state_label": decision.get_state_display(), "state_problems": state_problems, "unmet": unmet,
        }).data)

    @extend_schema(responses=AccountabilitySerializer, filters=False,
                   description="决策责任追溯：谁提出、谁审查、谁论证、谁评估、谁如何表态、谁决定，何时（第三十八条）。")
    @action(detail=True, methods=["get"])
    def accountability(self, request, code=None):
        decision = self.get_object()
        account = selectors.accountability(decision)
        return Response(AccountabilitySerializer({"decision": decision, **account},
                                                 context=self.get_serializer_context()).data)

    # ------------------------------------------------------------ experts on a decision (第十九条至第二十一条)

    @extend_schema(methods=["GET"], responses=ExpertAssignmentSerializer(many=True), filters=False,
                   operation_id="decisions_expert_assignments_list")
    @extend_schema(methods=["POST"], request=SelectExpertInput, operation_id="decisions_expert_assignments_create",
                   responses={201: ExpertAssignmentSerializer, 400: BAD, 409: REFUSED}, filters=False,
                   description="从专家库选定论证专家，并记录其利害关系声明（第二十条）")
    @action(detail=True, methods=["get", "post"])
    @idempotent
    def experts(self, request, code=None):
        decision = self.get_object()
        if request.method == "POST":
            assignment = services.expert_select(actor=request.user, decision=decision,
                                                **self.input(request, SelectExpertInput))
            return Response(ExpertAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)
        rows = decision.expert_assignments.select_related("expert", "opinion_file")
        return paged(self, request, rows, ("id",), ExpertAssignmentSerializer)

    @extend_schema(request=ExpertAdoptionInput, responses={200: ExpertAssignmentSerializer, 400: BAD, 409: REFUSED},
                   description="记录专家论证意见的采纳情况")
    @action(detail=True, methods=["post"], url_path="experts/adoption")
    def expert_adoption(self, request, code=None):
        data = self.input(request)
        assignment = services.expert_adoption_record(actor=request.user, decision=self.get_object(),
                                                     assignment=data["assignment"], adoption=data["adoption"],
                                                     reason=data["reason"])
        return Response(ExpertAssignmentSerializer(assignment).data)

    # The versions (…/versions/, …/versions/{n}/, …/versions/diff/) and the comment desk of the public
    # consultation (…/comments/, …/comments/screen/, …/comments/answer/) are the kernel's mixins. The summary of
    # the public's opinions is the decision's own field (public_opinion_summary, 第二十九条第二项), so the
    # desk's summary endpoint is not offered here.
    comments_summary = None


class ExpertViewSet(ScopedViewSet):
    """决策咨询论证专家库 (第二十一条) inside the caller's scope."""

    selector = staticmethod(selectors.expert_pool)
    required_perm = Perm.VIEW
    filterset_class = ExpertFilterSet
    serializer_class = ExpertSerializer
    ordering = ("-id",)
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX
    input_serializers = {"create": ExpertCreateInput}

    @extend_schema(request=ExpertCreateInput, responses={201: ExpertSerializer, 400: BAD})
    @idempotent
    def create(self, request):
        expert = services.expert_create(actor=request.user, **self.input(request))
        return self.output(expert, status.HTTP_201_CREATED)



