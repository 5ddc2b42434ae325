"""Every write of the normative-document module, one file per part of the procedure, re-exported here:
pages, the API, the portal and jobs call ``services.<name>``.

Every step of the procedure is declared once in ``workflow.MACHINE`` (the kernel's state machine), which
dispatches to the services here. Pattern: fetch the row locked → check permission and scope → the
machine's conditions of the step and the step's input problems (``common._check_step``: TransitionRefused
with every unmet condition) → write → audit.record() against the document → notifications on commit. Bad
input raises ServiceError before anything changes.
"""

from .comments import (  # noqa: F401
    COMMENT_DESK_STATES,
    close_comment,
    comment_desk_problems,
    comment_enter,
    comment_summary_published,
    comment_summary_save,
    comments_answer,
    comments_screen,
    open_comment,
)
from .common import (  # noqa: F401
    DOC_FIELDS,
    external_authority_name,
)
from .drafting import (  # noqa: F401
    EDITABLE_FIELDS,
    document_create,
    document_update,
    fair_competition_record,
    issuer_refusal,
)
from .filing import (  # noqa: F401
    escalate_overdue_corrections,
    file,
    filing_correct,
    filing_decision,
    filing_review_extend,
    revoke_decision,
)
from .publication import (  # noqa: F401
    congress_file,
    congress_record,
    deliberate,
    filing_due,
    needs_congress_filing,
    publish,
    register,
)
from .review import (  # noqa: F401
    on_review_event,
    submit_review,
)
from .suggestions import (  # noqa: F401
    suggestion_answer,
    suggestion_submit,
)
from .validity import (  # noqa: F401
    abandon,
    campaign_create,
    campaign_publish,
    cleanup_decision,
    document_cleanup_decision,
    document_supersede,
    evaluate,
    open_due_evaluations,
    republication_due,
    republish,
    upper_law_create,
    upper_law_mark,
)
