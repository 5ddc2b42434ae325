"""Every write of the normative-document module, one file per part of the procedure, re-exported here:
pages, the API, the portal and jobs call ``services.<name>``.

Every step of the procedure is declared once in ``workflow.MACHINE`` (the kernel's state machine), which
dispatches to the services here. Pattern: fetch the row locked → check permission and scope → the
machine's conditions of the step and the step's input problems (``MACHINE.require``: TransitionRefused
with every unmet condition) → write → audit.record() against the document → notifications on commit. Bad
input raises ServiceError before anything changes.
"""

from .comments import (  # noqa: F401
    COMMENT_DESK_STATES,
    comment_close,
    comment_desk_problems,
    comment_enter,
    comment_open,
    comment_summary_published,
    comment_summary_save,
    comments_answer,
    comments_screen,
)
from .common import DOC_FIELDS, external_authority_name  # noqa: F401
from .drafting import (  # noqa: F401
    EDITABLE_FIELDS,
    document_create,
    document_update,
    fair_competition_record,
    issuer_refusal,
)
from .filing import (  # noqa: F401
    document_file,
    document_revoke,
    filing_correct,
    filing_decide,
    filing_escalate_overdue,
    filing_review_extend,
)
from .publication import (  # noqa: F401
    congress_filing_record,
    congress_filing_submit,
    document_deliberate,
    document_publish,
    document_register,
    filing_due,
    needs_congress_filing,
)
from .review import (  # noqa: F401
    document_submit_review,
    on_review_event,
)
from .suggestions import (  # noqa: F401
    suggestion_answer,
    suggestion_submit,
)
from .validity import (  # noqa: F401
    campaign_create,
    campaign_publish,
    cleanup_item_decide,
    document_abandon,
    document_cleanup_decide,
    document_evaluate,
    document_republish,
    document_supersede,
    evaluations_open_due,
    republication_due,
    upper_law_create,
    upper_law_mark,
)
