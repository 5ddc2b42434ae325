"""Logging filters: an expected refusal (403) is one line in the log, not a traceback."""

import logging

from django.core.exceptions import PermissionDenied


class ExpectedRefusalFilter(logging.Filter):
    """Drop the traceback of a "Forbidden (Permission denied)" record: the refusal is the expected answer
    to a user who followed a link beyond their roles; the line with the path and status stays."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
