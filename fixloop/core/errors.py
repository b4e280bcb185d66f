"""Domain errors: every refusal carries a stable code, a translated message and details."""

from typing import Any


class DomainError(Exception):
    """A business rule refused the request; maps to a JSON error or a form error."""

    status = 400

    def __init__(self, code: str, message: Any, details: dict | None = None):
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.details = details or {}


class ValidationFailed(DomainError):
    status = 422


class NotFound(DomainError):
    status = 404


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class RateLimited(DomainError):
    status = 429
