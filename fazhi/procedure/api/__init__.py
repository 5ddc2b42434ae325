"""The procedure kernel's API pieces, shared by every module's viewsets (explicit re-exports)."""

from .common import BAD, MAX_BODY, MAX_TEXT, NOT_FOUND, REFUSED, CountSerializer, choice_field, paged
from .desks import CommentDeskAPIMixin, TimelineAPIMixin, VersionsAPIMixin
from .transitions import (
    OptionSerializer,
    StepInput,
    TransitionAPIMixin,
    transition_endpoints,
    transition_schema,
)

__all__ = [
    "BAD",
    "CommentDeskAPIMixin",
    "TimelineAPIMixin",
    "VersionsAPIMixin",
    "MAX_BODY",
    "MAX_TEXT",
    "NOT_FOUND",
    "REFUSED",
    "CountSerializer",
    "StepInput",
    "OptionSerializer",
    "TransitionAPIMixin",
    "choice_field",
    "paged",
    "transition_endpoints",
    "transition_schema",
]
