"""Errors raised by services. Views show them; the API maps them to 400 / 409 / 404."""


class Reason(str):
    """One unmet condition, in Chinese, optionally naming the form field (or checklist item) it concerns.

    A ``Reason`` is a ``str``: code that lists reasons keeps working; pages put the ones with a
    ``field`` next to that field, and the API returns them under ``fields`` as well as in ``reasons``.
    """

    field: str | None

    def __new__(cls, text: str, field: str | None = None):
        obj = super().__new__(cls, text)
        obj.field = field
        return obj

    def __reduce__(self):
        return (Reason, (str(self), self.field))


def field_of(reason) -> str | None:
    return getattr(reason, "field", None)


class ServiceError(Exception):
    """Bad input: nothing was changed. ``field_errors`` maps field names to Chinese messages."""

    def __init__(self, message: str = "", field_errors: dict[str, list[str]] | None = None):
        self.field_errors = field_errors or {}
        if not message and self.field_errors:
            message = "；".join(m for msgs in self.field_errors.values() for m in msgs)
        super().__init__(message)
        self.message = message


class TransitionRefused(Exception):
    """A workflow step whose conditions are not met (409). ``reasons`` are Chinese sentences
    (``Reason`` instances where a reason concerns one field or checklist item)."""

    def __init__(self, reasons: list[str]):
        self.reasons = list(reasons)
        super().__init__("；".join(self.reasons))

    @property
    def field_reasons(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for reason in self.reasons:
            name = field_of(reason)
            if name:
                out.setdefault(name, []).append(str(reason))
        return out


class NotPermitted(Exception):
    """The actor may not do this at all (403)."""

    def __init__(self, message: str = "您没有执行此操作的权限。"):
        super().__init__(message)
        self.message = message
