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
from .common import (  # noqa: F401
    DECISION_FIELDS,
)
from .entry import (  # noqa: F401
    decision_suspend,
    execution_report,
    expert_opinion_add,
    meeting_record,
)
from .execution import (  # noqa: F401
    adjust,
    feedback_submit,
    finish_post_evaluation,
    report_execution,
    start_post_evaluation,
)
from .experts import (  # noqa: F401
    add_expert_opinion,
    add_risk_assessment,
    expert_create,
    record_expert_adoption,
    select_expert,
)
from .meeting import (  # noqa: F401
    publish,
    record_meeting,
    submit_to_meeting,
)
from .participation import (  # noqa: F401
    DRAFT_FIELDS,
    close_consultation,
    comment_desk_problems,
    comment_enter,
    comments_answer,
    comments_screen,
    decision_update,
    open_consultation,
    participation_record,
    record_hearing,
    start,
)
from .review import (  # noqa: F401
    add_adviser_opinion,
    on_review_event,
    submit_legality_review,
)
