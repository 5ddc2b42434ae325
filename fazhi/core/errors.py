"""Errors raised by services. Views show them; the API maps them to 400 / 409 / 404."""


class ServiceError(Exception):
    """Bad input: nothing was changed. ``field_errors`` maps field names to Chinese messages."""

    def __init__(self, message: str = "", field_errors: dict[str, list[str]] | None = None):
        self.field_errors = field_errors or {}
        if not message and self.field_errors:
            message = "；".join(m for msgs in self.field_errors.values() for m in msgs)
        super().__init__(message)
        self.message = message


class TransitionRefused(Exception):
    """A workflow step whose conditions are not met (409). ``reasons`` are Chinese sentences."""

    def __init__(self, reasons: list[str]):
        self.reasons = list(reasons)
        super().__init__("；".join(self.reasons))


class NotPermitted(Exception):
    """The actor may not do this at all (403)."""

    def __init__(self, message: str = "您没有执行此操作的权限。"):
        super().__init__(message)
        self.message = message
