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
from fazhi.procedure import services as procedure
from fazhi.procedure.api.common import (
    BAD,
    REFUSED,
    CountSerializer,
    paged,
)
from fazhi.procedure.api.desks import (
    CommentAnswerInput,
    CommentEnterInput,
    CommentQuerySerializer,
    CommentScreenInput,
    CommentSerializer,
    VersionSerializer,
)
from fazhi.procedure.api.transitions import TransitionAPIMixin, transition_endpoints
from fazhi.procedure.models import Comment

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
class DecisionViewSet(TransitionAPIMixin, ScopedViewSet):
    """重大行政决策 inside the caller's scope, addressed by their public code."""

    selector = staticmethod(selectors.decision_list)
    permission_classes = [permissions.IsAuthenticated, PasswordChanged, CanSeeDecisions]
    filterset_class = DecisionFilterSet
    serializer_class = DecisionSerializer
    list_defer = selectors.DECISION_LIST_DEFER
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

    @extend_schema(responses=VersionSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"])
    def versions(self, request, code=None):
        qs = procedure.versions_of(self.get_object()).select_related("created_by")
        # The shape the schema documents: a keyset page like every list of the API.
        return paged(self, request, qs, ("id",), VersionSerializer)

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
            assignment = services.select_expert(actor=request.user, decision=decision,
                                                **self.input(request, SelectExpertInput))
            return Response(ExpertAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)
        rows = decision.expert_assignments.select_related("expert", "opinion_file")
        return paged(self, request, rows, ("id",), ExpertAssignmentSerializer)

    @extend_schema(request=ExpertAdoptionInput, responses={200: ExpertAssignmentSerializer, 400: BAD, 409: REFUSED},
                   description="记录专家论证意见的采纳情况")
    @action(detail=True, methods=["post"], url_path="experts/adoption")
    def expert_adoption(self, request, code=None):
        data = self.input(request)
        assignment = services.record_expert_adoption(actor=request.user, decision=self.get_object(),
                                                     assignment_id=data["assignment"], adoption=data["adoption"],
                                                     reason=data["reason"])
        return Response(ExpertAssignmentSerializer(assignment).data)

    # ------------------------------------------------------------ public consultation (staff desk)

    @extend_schema(methods=["GET"], parameters=[CommentQuerySerializer], responses=CommentSerializer(many=True),
                   filters=False)
    @extend_schema(methods=["POST"], request=CommentEnterInput,
                   responses={201: CommentSerializer, 400: BAD, 409: REFUSED}, filters=False,
                   description="录入人大代表、政协委员、企业、行业协会等渠道的意见（第十四条），可标记反对意见")
    @action(detail=True, methods=["get", "post"])
    @idempotent
    def comments(self, request, code=None):
        decision = self.get_object()
        if request.method == "POST":
            comment = services.comment_enter(actor=request.user, decision=decision,
                                             **self.input(request, CommentEnterInput))
            return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        query = CommentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        call = selectors.consultation_of(decision)
        qs = call.comments.all() if call else Comment.objects.none()
        if query.validated_data.get("screening"):
            qs = qs.filter(screening=query.validated_data["screening"])
        return paged(self, request, qs, ("id",), CommentSerializer)

    @extend_schema(request=CommentScreenInput, responses={200: CountSerializer, 400: BAD, 409: REFUSED},
                   description="公开或不予公开意见；反对意见不能隐藏")
    @action(detail=True, methods=["post"], url_path="comments/screen")
    def comments_screen(self, request, code=None):
        data = self.input(request)
        count = services.comments_screen(actor=request.user, decision=self.get_object(),
                                         comment_ids=data["comments"], show=data["show"], reason=data["reason"])
        return Response({"updated": count})

    @extend_schema(request=CommentAnswerInput, responses={200: CountSerializer, 400: BAD, 409: REFUSED},
                   description="批量答复意见：给出 outcome 与 answer，或给出答复模板 template（第十八条）")
    @action(detail=True, methods=["post"], url_path="comments/answer")
    def comments_answer(self, request, code=None):
        data = self.input(request)
        count = services.comments_answer(actor=request.user, decision=self.get_object(),
                                         comment_ids=data["comments"], outcome=data["outcome"],
                                         answer=data["answer"])
        return Response({"updated": count})


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



