"""Every write of the major-decision module, one file per part of the procedure, re-exported here
(pattern as in documents/services).

Each transition: lock the row → permission and scope → workflow guard (TransitionRefused with every
unmet item, citing 重大行政决策程序暂行条例) → write → audit against the decision → notifications.
"""

from ..facts import gate_check as gate_check  # a read (selector), re-exported for callers
from .catalogue import (  # noqa: F401
    catalogue_create,
    catalogue_publish,
    decision_create,
    participation_problem,
    proposal_decide,
    proposal_submit,
)
from .common import DECISION_FIELDS  # noqa: F401
from .execution import (  # noqa: F401
    decision_adjust,
    decision_suspend,
    execution_report,
    feedback_submit,
    post_evaluation_finish,
    post_evaluation_start,
)
from .experts import (  # noqa: F401
    expert_adoption_record,
    expert_create,
    expert_opinion_add,
    expert_select,
    risk_assessment_add,
)
from .meeting import (  # noqa: F401
    decision_publish,
    decision_submit_to_meeting,
    meeting_record,
)
from .participation import (  # noqa: F401
    DRAFT_FIELDS,
    comment_desk_problems,
    comment_enter,
    comments_answer,
    comments_screen,
    consultation_close,
    consultation_open,
    decision_start,
    decision_update,
    hearing_record,
    participation_record,
)
from .review import (  # noqa: F401
    adviser_opinion_add,
    decision_submit_review,
    on_review_event,
)
