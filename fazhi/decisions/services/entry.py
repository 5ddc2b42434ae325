"""The machine's entry points whose payload differs from the service they call."""


from fazhi.core.models import User

from ..choices import (
    AdjustmentKind,
)
from ..models import (
    Adjustment,
    Decision,
    ExecutionReport,
    ExpertAssignment,
    Meeting,
)
from .execution import adjust, report_execution
from .experts import add_expert_opinion
from .meeting import record_meeting

# ------------------------------------------------------------------ the machine's entry points whose payload
# names differ from the services' (workflow.MACHINE dispatches to these with the API's and the forms' names)


def expert_opinion_add(*, actor: User, decision: Decision, assignment, opinion: str = "", signed: bool = False,
                       opinion_file=None) -> ExpertAssignment:
    return add_expert_opinion(actor=actor, decision=decision, assignment_id=assignment, opinion=opinion,
                              signed=bool(signed), opinion_file=opinion_file)


def execution_report(*, actor: User, decision: Decision, progress: str = "", problems: str = "") -> ExecutionReport:
    return report_execution(actor=actor, decision=decision, progress=progress, problems_text=problems or "")


def decision_suspend(*, actor: User, decision: Decision, basis: str = "", reason: str = "",
                     emergency: bool = False) -> Adjustment:
    """中止执行 (第三十七条): an adjustment of the kind 中止."""
    return adjust(actor=actor, decision=decision, kind=AdjustmentKind.SUSPEND, basis=basis, reason=reason,
                  emergency=bool(emergency))


def meeting_record(*, actor: User, decision: Decision, **payload) -> Meeting:
    """记录集体讨论决定 (第三十条): the fields not given keep the service's defaults."""
    return record_meeting(actor=actor, decision=decision, **{k: v for k, v in payload.items() if v is not None})
