"""The one application error type, turned into JSON by one handler (api_errors)."""

from __future__ import annotations


class ApplicationError(Exception):
    """A failure the caller can act on. `fields` maps input field names to messages."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.fields = {name: [str(m) for m in msgs] for name, msgs in (fields or {}).items()}

    @classmethod
    def for_field(cls, field: str, message: str) -> ApplicationError:
        return cls(f"{field}: {message}", fields={field: [message]})

    def one_line(self) -> str:
        """The whole error in one readable line, for command-line output."""
        if not self.fields:
            return self.message
        return "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in self.fields.items())


class NotFound(ApplicationError):
    status = 404
    code = "not_found"


class Conflict(ApplicationError):
    status = 409
    code = "conflict"


class Forbidden(ApplicationError):
    """The user may see the object but not do this to it."""

    status = 403
    code = "forbidden"
