"""REST API of the major-decision module, under ``/api/v1/decisions/``.

The pattern is the normative-documents API's (fazhi/documents/api/), and its shared pieces are
imported from there rather than copied: a decision is addressed by its public ``code``, read through
``selectors.decision_list`` (scoped; 404 for missing and forbidden alike) and written through
``services`` — every step of 重大行政决策程序暂行条例 is ``POST …/{code}/transition/`` with
``{"action": …, …payload}``, dispatched by the kernel machine (``workflow.MACHINE``). ``GET …/{code}/gate/`` lists what
still blocks the collective discussion (第二十五条、第二十九条); ``submit_to_meeting`` itself answers
409 with the same items. ``GET …/{code}/accountability/`` answers who proposed, reviewed, argued,
assessed, voted how and decided, when (第三十八条).

Input serializers check the shape of a payload and resolve agency, catalogue, expert and attachment
codes inside the caller's scope; the rules live in the services and workflow guards
(400 / 403 / 409 through ``core.api_base``).
"""

from .inputs import (  # noqa: F401  (re-exported: workflow.MACHINE and api_urls name them here)
    ACTIONS,
    AddAdviserOpinionInput,
    AddExpertOpinionInput,
    AddRiskAssessmentInput,
    AdjustInput,
    DecisionActionOnlyInput,
    DecisionActionSerializer,
    DecisionCreateSerializer,
    DecisionPublishInput,
    DecisionUpdateSerializer,
    ExpertAdoptionInput,
    ExpertCreateInput,
    FinishPostEvaluationInput,
    MemberOpinionInput,
    OpenConsultationInput,
    RecordHearingInput,
    RecordMeetingInput,
    RecordParticipationInput,
    ReportExecutionInput,
    SelectExpertInput,
    StartInput,
    StartPostEvaluationInput,
    SubmitLegalityReviewInput,
    SuspendInput,
)
from .lookups import (  # noqa: F401  (re-exported: workflow.MACHINE and api_urls name them here)
    iso_date_text,
    selectable_experts,
)
from .serializers import (  # noqa: F401  (re-exported: workflow.MACHINE and api_urls name them here)
    AccountabilityEventSerializer,
    AccountabilitySerializer,
    AdjustmentSerializer,
    AdviserOpinionSerializer,
    CatalogueRefSerializer,
    DecisionDetailSerializer,
    DecisionMeetingSerializer,
    DecisionSerializer,
    DissenterSerializer,
    ExecutionReportSerializer,
    ExpertAssignmentSerializer,
    ExpertRefSerializer,
    ExpertSerializer,
    GateSerializer,
    HearingSerializer,
    MemberOpinionSerializer,
    NextStepSerializer,
    PostEvaluationSerializer,
    ProposalRefSerializer,
    ReviewRecordSerializer,
    RiskAssessmentSerializer,
)
from .views import (  # noqa: F401  (re-exported: workflow.MACHINE and api_urls name them here)
    CanSeeDecisions,
    DecisionViewSet,
    ExpertViewSet,
)
