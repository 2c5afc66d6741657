"""Typed errors whose message is shown to the user as it is (in Chinese)."""


class UserError(Exception):
    """Bad input or a refused action; the message is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(UserError):
    """One or more fields are invalid; `fields` maps field name to message. `warnings` are
    the non-blocking remarks found on the way, for a form that shows both."""

    def __init__(self, fields: dict[str, str], warnings: list[str] | None = None) -> None:
        super().__init__("；".join(fields.values()))
        self.fields = fields
        self.warnings = warnings or []
